"""Tests of the attribution record and its table form."""

from __future__ import annotations

import dataclasses
import io

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from narratives import schema
from narratives.attribution.records import (
    EXTRA_COLUMNS,
    FRAME_COLUMNS,
    Attribution,
    attributions_from_frame,
    attributions_to_frame,
    envelope,
)
from narratives.errors import DataError

# Officials 0-9, said 10-14, "the road is closed" 15-35, she 41-44, added 45-50, "for weeks" 52-63.
TEXT = 'Officials said "the road is closed" and, she added, "for weeks".'


def _full() -> Attribution:
    return Attribution(
        doc_id="d1",
        attribution_id="E2",
        cue=((45, 50),),
        source=((41, 44),),
        content=((15, 35), (52, 63)),
        sentence=0,
        resolved_source=(0, 9),
        attribution_mode="direct",
        confidence=0.75,
        cue_lemma="add",
    )


def _bare() -> Attribution:
    return Attribution(doc_id="d1", attribution_id="E1", cue=((10, 14),))


def test_envelope_covers_all_fragments_in_any_order():
    assert envelope([(30, 42), (5, 12), (13, 20)]) == (5, 42)
    assert envelope([(3, 4)]) == (3, 4)
    assert envelope(()) is None


def test_attribution_normalises_fragments():
    attribution = Attribution("d", "E1", cue=[[9, 12], [2, 5], [2, 5]], content=[(20, 30)])
    assert attribution.cue == ((2, 5), (9, 12))
    assert attribution.content == ((20, 30),)
    assert attribution == Attribution("d", "E1", cue=((2, 5), (9, 12)), content=((20, 30),))


def test_span_properties_are_envelopes():
    attribution = _full()
    assert attribution.cue_span == (45, 50)
    assert attribution.source_span == (41, 44)
    assert attribution.content_span == (15, 63)
    assert attribution.span == (15, 63)
    assert _bare().source_span is None
    assert _bare().content_span is None


@pytest.mark.parametrize(
    "changes",
    [
        {"cue": ((5, 5),)},
        {"cue": ((7, 3),)},
        {"cue": ((-1, 3),)},
        {"cue": ()},
        {"cue": ((1, 2, 3),)},
        {"source": (("a", 3),)},
        {"resolved_source": (4, 2)},
        {"attribution_mode": "quoted"},
        {"confidence": 1.5},
    ],
)
def test_invalid_records_raise_data_error(changes):
    fields = {"doc_id": "d", "attribution_id": "E1", "cue": ((1, 2),), **changes}
    with pytest.raises(DataError) as error:
        Attribution(**fields)
    assert error.value.code == "N240"


def test_frame_has_the_documented_columns_and_types():
    frame = attributions_to_frame([_full(), _bare()], {"d1": TEXT})
    assert tuple(frame.columns) == FRAME_COLUMNS + EXTRA_COLUMNS
    for column in ("sentence", "cue_start", "cue_end", "source_start", "resolved_end"):
        assert str(frame[column].dtype) == "Int64"
    assert frame.loc[1, "source_start"] is pd.NA
    assert pd.isna(frame.loc[1, "source_text"])
    assert pd.isna(frame.loc[1, "confidence"])


def test_frame_texts_are_slices_of_the_original_text():
    frame = attributions_to_frame([_full(), _bare()], {"d1": TEXT})
    row = frame.loc[0]
    assert row["cue_text"] == "added"
    assert row["source_text"] == "she"
    assert row["resolved_text"] == "Officials"
    assert row["content_spans"] == [[15, 35], [52, 63]]  # a list column, not JSON text
    for _, row in frame.iterrows():
        for name in ("cue", "source", "resolved"):
            if row[f"{name}_start"] is not pd.NA:
                assert TEXT[row[f"{name}_start"] : row[f"{name}_end"]] == row[f"{name}_text"]


def test_frame_round_trip_in_memory_and_through_csv():
    records = [_full(), _bare()]
    frame = attributions_to_frame(records, {"d1": TEXT})
    assert attributions_from_frame(frame) == records
    buffer = io.StringIO()
    schema.to_csv_cells(frame).to_csv(buffer, index=False)
    buffer.seek(0)
    assert attributions_from_frame(pd.read_csv(buffer)) == records
    buffer.seek(0)
    read_back = schema.from_csv_cells(pd.read_csv(buffer))
    assert read_back["content_spans"].tolist() == frame["content_spans"].tolist()
    assert attributions_from_frame(read_back) == records


def test_frame_without_span_columns_falls_back_to_envelopes():
    frame = attributions_to_frame([_full()], {"d1": TEXT}).drop(columns=list(EXTRA_COLUMNS))
    (attribution,) = attributions_from_frame(frame)
    assert attribution.cue == ((45, 50),)
    assert attribution.source == ((41, 44),)
    assert attribution.content == _full().content


def test_empty_frame_keeps_its_columns():
    frame = attributions_to_frame([], {})
    assert tuple(frame.columns) == FRAME_COLUMNS + EXTRA_COLUMNS
    assert attributions_from_frame(frame) == []


def test_missing_text_is_reported():
    with pytest.raises(DataError, match="d1") as error:
        attributions_to_frame([_bare()], {})
    assert error.value.code == "N242"


def test_a_record_made_with_its_text_gives_the_text_of_its_components():
    record = dataclasses.replace(_full(), document_text=TEXT)
    assert (record.cue_text, record.source_text, record.resolved_text) == ("added", "she", "Officials")
    assert record.content_text == '"the road is closed" \u2026 "for weeks"'
    assert record.document_text is TEXT  # one shared string, no copy
    assert record == _full()  # the text takes no part in comparisons
    assert dataclasses.replace(_bare(), document_text=TEXT).source_text is None


def test_the_record_properties_agree_with_the_table():
    records = [dataclasses.replace(r, document_text=TEXT) for r in (_full(), _bare())]
    frame = attributions_to_frame(records)
    pd.testing.assert_frame_equal(frame, attributions_to_frame(records, {"d1": TEXT}))
    for record, row in zip(attributions_from_frame(frame, {"d1": TEXT}), frame.to_dict("records")):
        for name in ("cue_text", "source_text", "resolved_text", "content_text"):
            assert getattr(record, name) == (None if pd.isna(row[name]) else row[name])


def test_a_record_without_text_says_so():
    with pytest.raises(DataError, match="E1") as error:
        _ = _bare().cue_text
    assert error.value.code == "N242"
    with pytest.raises(DataError) as error:
        attributions_to_frame([_bare()])
    assert error.value.code == "N242"
    frame = attributions_to_frame([_bare()], {"d1": TEXT})
    with pytest.raises(DataError, match="d1") as error:
        attributions_from_frame(frame, {"d2": TEXT})
    assert error.value.code == "N242"


def test_missing_column_is_reported():
    frame = attributions_to_frame([_bare()], {"d1": TEXT}).drop(columns=["cue_end"])
    with pytest.raises(DataError, match="cue_end") as error:
        attributions_from_frame(frame)
    assert error.value.code == "N241"


def test_unreadable_span_cell_is_reported():
    frame = attributions_to_frame([_bare()], {"d1": TEXT})
    frame.loc[0, "content_spans"] = "12-40"
    with pytest.raises(DataError, match="content_spans") as error:
        attributions_from_frame(frame)
    assert error.value.code == "N241"


_SPAN = st.integers(0, 200).flatmap(lambda start: st.tuples(st.just(start), st.integers(start + 1, 210)))


@st.composite
def _attributions(draw) -> list[Attribution]:
    count = draw(st.integers(0, 4))
    return [
        Attribution(
            doc_id=draw(st.sampled_from(["a", "b"])),
            attribution_id=f"E{number}",
            cue=draw(st.lists(_SPAN, min_size=1, max_size=3)),
            source=draw(st.lists(_SPAN, max_size=2)),
            content=draw(st.lists(_SPAN, max_size=3)),
            sentence=draw(st.none() | st.integers(0, 50)),
            resolved_source=draw(st.none() | _SPAN),
            attribution_mode=draw(st.none() | st.sampled_from(["direct", "indirect", "no_source"])),
            confidence=draw(st.none() | st.floats(0, 1)),
            cue_lemma=draw(st.none() | st.sampled_from(["say", "add"])),
        )
        for number in range(1, count + 1)
    ]


@given(_attributions())
def test_frame_round_trip_property(records):
    texts = {"a": "x" * 210, "b": "y" * 210}
    assert attributions_from_frame(attributions_to_frame(records, texts)) == records
