"""narratives.schema declares the tables analyze makes: every column, its type, list columns as lists."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pytest

from narratives import schema
from narratives.corpus import load
from narratives.csv_export import write_csv
from narratives.framing import OTHER_STANCE, STANCES, feature_categories
from narratives.framing.scores import SOURCE_CATEGORIES
from narratives.pipeline import analyze
from narratives.sides import load_profile

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "corpora" / "karabakh-2020"


@pytest.fixture(scope="module")
def tables():
    corpus = load(SAMPLE).select(outlet=lambda outlet: outlet == "Ararat Courier")
    return analyze(corpus, profile=load_profile("armenia-azerbaijan"))


FAMILIES = {
    "category": feature_categories(),
    "stance": [*STANCES, OTHER_STANCE],
    "source_category": list(SOURCE_CATEGORIES),
}
"""The names each placeholder of a family stands for (a story ``{label}`` is any text after its prefix)."""


def _pattern(column: schema.Column) -> re.Pattern:
    """A family's template as a pattern of the names it stands for (``content_{category}`` → ``content_(hedge|...)``)."""
    parts = re.split(r"\{(\w+)\}", column.name)
    return re.compile("".join(
        re.escape(part) if i % 2 == 0 else ("(?:" + "|".join(map(re.escape, FAMILIES[part])) + ")" if part in FAMILIES else ".+")
        for i, part in enumerate(parts)
    ))


@pytest.mark.parametrize("name", list(schema.TABLES))
def test_every_column_is_declared_in_order_with_its_type(tables, name: str) -> None:
    frame = getattr(tables, name)
    declared = schema.TABLES[name]
    position = 0
    for column in frame.columns:
        while position < len(declared) and not _pattern(declared[position]).fullmatch(column):
            position += 1
        assert position < len(declared), f"{name}.{column} is not declared (or not in the declared order)"
        dtype = declared[position].dtype
        if dtype in (schema.SPANS, schema.HITS):
            assert all(isinstance(cell, list) for cell in frame[column]), column
        elif dtype == "str":
            assert frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]), column
        else:
            assert str(frame[column].dtype) == dtype, (column, frame[column].dtype, dtype)


def test_list_columns_hold_offsets_into_the_text(tables) -> None:
    texts = {doc.id: doc.text for doc in load(SAMPLE)}
    rows = tables.attributions.to_dict("records")
    assert any(len(row["content_spans"]) for row in rows) and any(len(row["framing_hits"]) for row in rows)
    for row in rows:
        text = texts[row["doc_id"]]
        assert min(start for start, _ in schema.spans(row["cue_spans"])) == row["cue_start"]
        for start, end, category, _entry in schema.hits(row["framing_hits"]):
            assert 0 <= start < end <= len(text) and category
        assert " … ".join(text[a:b] for a, b in schema.spans(row["content_spans"])) == (row["content_text"] if isinstance(row["content_text"], str) else "")


def test_csv_holds_list_columns_as_json_and_reads_them_back(tables, tmp_path: Path) -> None:
    path = write_csv(tables.attributions, tmp_path / "attributions.csv")
    raw = pd.read_csv(path)
    assert raw["content_spans"].str.startswith("[[").any()  # JSON text in the file
    back = schema.from_csv_cells(pd.read_csv(path))
    for column in (*schema.SPAN_COLUMNS, *schema.HIT_COLUMNS):
        assert back[column].tolist() == tables.attributions[column].tolist(), column
    documents = schema.from_csv_cells(pd.read_csv(io.StringIO(tables.documents.to_csv(index=False))))
    assert documents["date"].tolist() == tables.documents["date"].tolist()


def test_dates_are_datetimes_and_text_that_is_no_date_is_missing() -> None:
    dates = schema.parse_dates(["2020-10-04", "2020-10-04T09:30+03:00", "4 Oct 2020", None])
    assert str(dates.dtype) == "datetime64[us]"
    assert dates.tolist()[:2] == [pd.Timestamp("2020-10-04"), pd.Timestamp("2020-10-04 06:30")]  # an offset is taken to UTC
    assert dates.isna().tolist() == [False, False, True, True]
    assert schema.date_text(dates).tolist() == ["2020-10-04", "2020-10-04T06:30:00", None, None]


def test_no_column_is_named_like_a_dataframe_attribute(tables) -> None:
    for name in schema.TABLES:
        clashes = [column for column in getattr(tables, name).columns if hasattr(pd.DataFrame, column)]
        assert not clashes, (name, clashes)  # e.g. "mode", which `frame.mode` does not reach
