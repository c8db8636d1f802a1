"""CSV exports neutralise cells a spreadsheet would run as formulas; Parquet keeps the raw text."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from narratives.cli import main
from narratives.csv_export import neutralise_formulas, restore_formulas

TEXT = "=1+2 said Baku. +Yerevan said the town was shelled.\n@Aliyev said it was false."


def _cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [cell for row in csv.reader(handle) for cell in row]


def test_analyze_csv_neutralises_and_parquet_keeps_raw_text(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    record = {"id": "-doc", "text": TEXT, "title": "=cmd|' /C calc'!A0", "outlet": "@Wire"}
    feed.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert main(["analyze", str(feed), "--out", str(tmp_path / "csv"), "-q"]) == 0
    documents = _cells(tmp_path / "csv" / "documents.csv")
    assert {"'-doc", "'=cmd|' /C calc'!A0", "'@Wire"} <= set(documents)
    sentences = _cells(tmp_path / "csv" / "sentences.csv")
    assert "'=1+2 said Baku." in sentences and "'@Aliyev said it was false." in sentences
    for name in ("documents", "sentences", "attributions"):
        assert not [c for c in _cells(tmp_path / "csv" / f"{name}.csv") if c[:1] in "=+@" and c]
    assert main(["analyze", str(feed), "--out", str(tmp_path / "pq"), "--format", "parquet", "-q"]) == 0
    raw = pd.read_parquet(tmp_path / "pq" / "sentences")
    assert raw["text"].iloc[0] == "=1+2 said Baku."
    assert pd.read_parquet(tmp_path / "pq" / "documents")["doc_id"].tolist() == ["-doc"]


cells = st.one_of(st.text(max_size=8).filter(lambda v: not v.startswith("'")), st.none(), st.integers())


@given(st.lists(cells, min_size=1, max_size=6), st.sampled_from(["text", "=name", "-n"]))
def test_restore_undoes_neutralise(values: list, name: str) -> None:
    frame = pd.DataFrame({name: pd.Series(values, dtype=object), "n": range(len(values))})
    safe = neutralise_formulas(frame)
    assert not any(isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r") for v in [*safe.iloc[:, 0], *safe.columns])
    assert safe["n"].tolist() == frame["n"].tolist()
    restored = restore_formulas(safe)
    assert list(restored.columns) == [name, "n"] and restored[name].tolist() == values
