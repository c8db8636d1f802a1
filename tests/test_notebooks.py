"""The notebooks in notebooks/ run from a clean kernel, and are committed without outputs.

Each notebook is executed with nbclient from notebooks/ (so its relative paths
work); any cell that raises fails the test. report.ipynb is run the way its
README says, with the papermill command line from the repository root and
``-p out_dir``, and must write a report folder. The kernel is a kernel spec
written for the test that starts the interpreter running the tests, so a
``python3`` kernel of another environment is never picked up.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
EXECUTED = ["quickstart.ipynb", "compare_sides_and_outlets.ipynb", "teaching_walkthrough.ipynb", "narratives_per_side.ipynb"]
KERNEL = "narratives-test"
CELL_TIMEOUT = 120


@pytest.fixture(scope="module")
def kernel(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment that makes ``narratives-test`` a kernel running this interpreter."""
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "kernels" / KERNEL
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": KERNEL, "language": "python"}))
    return {"JUPYTER_PATH": str(root)}


@pytest.fixture
def jupyter_env(kernel: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    for name, value in kernel.items():
        monkeypatch.setenv(name, value)
    return kernel


def test_every_notebook_is_tested_and_committed_clean():
    names = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
    assert names == sorted([*EXECUTED, "report.ipynb"])
    for name in names:
        nb = nbformat.read(NOTEBOOKS / name, as_version=4)
        nbformat.validate(nb)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, f"{name}: clear the outputs before committing"
        assert "../shared" not in (NOTEBOOKS / name).read_text(encoding="utf-8"), name


@pytest.mark.parametrize("name", EXECUTED)
def test_notebook_runs(name: str, jupyter_env: dict[str, str]):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = NotebookClient(
        nb, timeout=CELL_TIMEOUT, kernel_name=KERNEL, resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    client.execute()  # raises CellExecutionError on the first cell that raises
    shown = [output for cell in nb.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [o for o in shown if o.output_type == "error"]
    stderr = [o.text for o in shown if o.output_type == "stream" and o.name == "stderr"]
    assert not stderr, stderr  # no warning (e.g. tqdm's "IProgress not found" without ipywidgets), no stray log line
    assert any("text/html" in o.get("data", {}) for o in shown), "the notebook should display tables or views"


def test_report_notebook_runs_with_papermill(tmp_path: Path, jupyter_env: dict[str, str]):
    out = tmp_path / "report"
    executed = tmp_path / "report-run.ipynb"
    command = [
        sys.executable, "-m", "papermill", "notebooks/report.ipynb", str(executed),
        "-p", "out_dir", str(out), "-p", "n_boot", "50", "-p", "n_permutations", "50",
        "-k", KERNEL, "--execution-timeout", str(CELL_TIMEOUT), "--no-progress-bar",
    ]
    run = subprocess.run(command, cwd=REPO, capture_output=True, text=True)  # the kernel spec through the patched environment
    assert run.returncode == 0, run.stderr[-3000:]
    assert (out / "index.html").is_file()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["n_boot"] == 50
    assert manifest["parameters"]["profile"] == "armenia-azerbaijan"
    nb = nbformat.read(executed, as_version=4)
    assert any("injected-parameters" in cell.metadata.get("tags", []) for cell in nb.cells)
