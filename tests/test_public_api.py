"""The public API of ``import narratives``: the names the README and docs use, each a function or class, loaded on first use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import narratives


def test_every_public_name_is_listed_and_resolves() -> None:
    assert set(narratives.__all__) - {"__version__", "DataError", "InputError", "NarrativesError"} == set(narratives._EXPORTS)
    for name in narratives.__all__:
        assert getattr(narratives, name) is not None, name
    assert callable(narratives.segment) and callable(narratives.compare)


def test_segment_and_compare_stay_functions_when_their_modules_are_imported() -> None:
    import narratives.compare.sides  # noqa: F401
    import narratives.segment  # noqa: F401
    from narratives import compare, segment
    from narratives.compare import compare as compare_function
    from narratives.segment import segment as segment_function

    assert segment is segment_function and compare is compare_function


def test_importing_the_package_loads_no_stage() -> None:
    code = "import sys, narratives; print(sorted(m for m in ('nltk', 'scipy', 'sklearn', 'pandas', 'narratives.segment') if m in sys.modules))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60, cwd=Path(__file__).resolve().parents[1])
    assert run.stdout.strip() == "[]"


def test_the_command_lines_help_loads_no_stage() -> None:
    code = (
        "import contextlib, io, sys\n"
        "from narratives.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    main(['--help'])\n"
        "print(sorted(m for m in ('nltk', 'scipy', 'sklearn', 'pandas', 'narratives.pipeline') if m in sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60, cwd=Path(__file__).resolve().parents[1])
    assert run.stdout.strip() == "[]"
