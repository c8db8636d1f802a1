"""The karabakh-2020 gold annotations: the data file and the brat files written from it agree."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "annotate_sample_corpus.py"
GOLD = ROOT / "corpora" / "karabakh-2020" / "gold_annotations.json"


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False, cwd=ROOT)


def test_the_shipped_ann_files_are_written_from_the_gold_file() -> None:
    done = _run("--check")
    assert done.returncode == 0, done.stderr


def test_every_article_has_annotations_and_every_annotation_an_article() -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    stems = {path.stem for path in (GOLD.parent / "text").glob("*.txt")}
    assert set(gold["annotations"]) == stems
    assert sum(map(len, gold["annotations"].values())) == sum(
        1 for path in (GOLD.parent / "attributions").glob("*.ann") for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("E")
    )
