"""Tests of reading and writing brat standoff attributions."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from narratives.attribution.brat import (
    format_ann,
    parse_ann,
    parse_ann_document,
    read_ann,
    read_brat_dir,
    write_ann,
)
from narratives.attribution.records import Attribution
from narratives.errors import DataError, InputError

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
POLNEAR_DEV = SHARED / "polnear" / "dev"
needs_shared = pytest.mark.skipif(not POLNEAR_DEV.exists(), reason="needs ../shared/polnear")

# Mayor Lee 0-9, said 10-14, "the bridge\nwould reopen" 15-38, Critics 40-47, she 49-52,
# added 53-58, '"doubt it."' 60-71, The rumour is 72-85, that taxes 86-96, will rise 97-106.
TEXT = (
    'Mayor Lee said the bridge\nwould reopen. Critics, she added, "doubt it."\n'
    "The rumour is that taxes will rise.\n"
)

# PolNeAR's quirks in miniature: a span text running over a line break, a discontinuous
# span, a Content2 role, an Attribution-no-source event, an event without roles (with a
# trailing space) on the same trigger, a Discuss span and an annotator note over two lines.
ANN = "\n".join(
    [
        "T1\tSource 0 9\tMayor Lee",
        "T2\tCue 10 14\tsaid",
        "T3\tContent 15 38\tthe bridge",
        "would reopen",
        "T4\tAttribution 10 14\tsaid",
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        "T5\tSource 49 52\tshe",
        "T6\tCue 53 58\tadded",
        'T7\tContent 40 47;60 71\tCritics "doubt it."',
        "T8\tAttribution 53 58\tadded",
        "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5",
        "T9\tCue 72 85\tThe rumour is",
        "T10\tContent 86 96\tthat taxes",
        "T11\tContent 97 106\twill rise",
        "T12\tAttribution-no-source 72 85\tThe rumour is",
        "E3\tAttribution-no-source:T12 Content:T10 Cue:T9 Content2:T11",
        "E4\tAttribution-no-source:T12 ",
        "T13\tDiscuss 76 82\trumour",
        "#1\tAnnotatorNotes T13\tIs a rumour",
        "an attribution?",
        "",
    ]
)

EXPECTED = [
    Attribution("doc", "E1", cue=((10, 14),), source=((0, 9),), content=((15, 38),)),
    Attribution("doc", "E2", cue=((53, 58),), source=((49, 52),), content=((40, 47), (60, 71))),
    Attribution("doc", "E3", cue=((72, 85),), content=((86, 96), (97, 106))),
]

FORMATTED = "\n".join(
    [
        "T1\tSource 0 9\tMayor Lee",
        "T2\tCue 10 14\tsaid",
        "T3\tContent 15 38\tthe bridge would reopen",
        "T4\tAttribution 10 14\tsaid",
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        "T5\tSource 49 52\tshe",
        "T6\tCue 53 58\tadded",
        'T7\tContent 40 47;60 71\tCritics "doubt it."',
        "T8\tAttribution 53 58\tadded",
        "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5",
        "T9\tCue 72 85\tThe rumour is",
        "T10\tContent 86 96;97 106\tthat taxes will rise",
        "T11\tAttribution-no-source 72 85\tThe rumour is",
        "E3\tAttribution-no-source:T11 Content:T10 Cue:T9",
        "",
    ]
)


def test_parse_reads_polnear_quirks():
    assert parse_ann(ANN, "doc", TEXT) == EXPECTED
    assert parse_ann(ANN, "doc") == EXPECTED


def test_parse_counts_what_it_holds_and_skips():
    document = parse_ann_document(ANN, "doc", TEXT)
    assert document.span_labels == {
        "Source": 2,
        "Cue": 3,
        "Content": 4,
        "Attribution": 2,
        "Attribution-no-source": 1,
        "Discuss": 1,
    }
    assert document.event_types == {"Attribution": 2, "Attribution-no-source": 2}
    assert document.skipped == {"event without roles": 1, "span Discuss": 1, "note": 1}


def test_roles_decide_and_missing_cue_falls_back_to_trigger():
    ann = "\n".join(
        [
            "T1\tContent 0 9\tMayor Lee",  # mislabelled, used as the source
            "T2\tContent 15 38\tthe bridge would reopen",
            "T3\tAttribution 10 14\tsaid",
            "T4\tSource 49 52\tshe",
            "E1\tAttribution:T3 Source:T1 Content:T2",
            "E2\tAttribution:T3 Source:T4",
        ]
    )
    document = parse_ann_document(ann, "doc", TEXT)
    assert document.attributions == [
        Attribution("doc", "E1", cue=((10, 14),), source=((0, 9),), content=((15, 38),)),
        Attribution("doc", "E2", cue=((10, 14),), source=((49, 52),)),
    ]
    assert document.skipped == {}


def test_unlinked_spans_and_other_events_are_counted():
    ann = "T1\tSource 0 9\tMayor Lee\nT2\tDiscuss 10 14\tsaid\nE1\tDiscuss:T2\nR1\tLink Arg1:T1 Arg2:T2\n"
    document = parse_ann_document(ann, "doc", TEXT)
    assert document.attributions == []
    assert document.skipped == {"unlinked Source": 1, "span Discuss": 1, "event Discuss": 1, "relation": 1}


def test_crlf_annotation_file_is_read():
    assert parse_ann(ANN.replace("\n", "\r\n"), "doc", TEXT) == EXPECTED


@pytest.mark.parametrize(
    ("ann", "code", "line", "message"),
    [
        ("stray words\nT1\tCue 10 14\tsaid\n", "N243", 1, "does not start a brat record"),
        ("T1\tCue 10 14\tsaid\nE1\tAttribution:T1\nnot a record\n", "N243", 3, "does not start"),
        ("T1\tCue 10\tsaid\n", "N243", 1, "Span T1 is malformed"),
        ("T1\tCue 10 14 said\n", "N243", 1, "Span T1 is malformed"),
        ("T1\tCue 14 10\tsaid\n", "N243", 1, "empty or reversed"),
        ("T1\tCue 10 14\tsaid\nT1\tCue 10 14\tsaid\n", "N243", 2, "used twice"),
        ("T1\tCue 10 14\tsaid\nE1\tAttribution:T1 Cue T1\n", "N243", 2, "Event E1 is malformed"),
        ("T1\tCue 10 14\tsaid\nE1\tAttribution:T1 Cue:T9\n", "N245", 2, "T9"),
        ("T1\tCue 10 14\tsaid\nE1\tAttribution:T1 Speaker:T1\n", "N245", 2, "'Speaker'"),
        ("T1\tCue 0 4\tsaid\n", "N244", 1, "'Mayo'"),
        ("T1\tCue 10 14;100 120\tsaid x\n", "N244", 1, "after the end"),
    ],
)
def test_malformed_annotations_name_file_and_line(ann, code, line, message):
    with pytest.raises(DataError, match=message) as error:
        parse_ann(ann, "doc", TEXT, path="doc.ann")
    assert (error.value.code, error.value.path, error.value.line) == (code, "doc.ann", line)
    assert f"doc.ann:{line}" in str(error.value)


def test_format_mirrors_polnear():
    assert format_ann(EXPECTED, TEXT) == FORMATTED
    assert format_ann([], TEXT) == ""


def test_shared_spans_get_one_t_line():
    first = Attribution("doc", "a", cue=((10, 14),), source=((0, 9),), content=((15, 38),))
    second = Attribution("doc", "b", cue=((53, 58),), source=((0, 9),), content=((60, 71),))
    lines = format_ann([first, second], TEXT).splitlines()
    sources = [line for line in lines if line.startswith("T") and "\tSource " in line]
    assert sources == ["T1\tSource 0 9\tMayor Lee"]
    assert lines[-1] == "E2\tAttribution:T7 Content:T6 Cue:T5 Source:T1"


def test_format_rejects_mixed_documents_and_short_texts():
    other = dataclasses.replace(EXPECTED[0], doc_id="other")
    with pytest.raises(DataError, match="one document"):
        format_ann([EXPECTED[0], other], TEXT)
    with pytest.raises(DataError, match="after the end"):
        format_ann(EXPECTED, TEXT[:50])


@st.composite
def _documents(draw) -> tuple[str, list[Attribution]]:
    text = draw(st.text(min_size=1, max_size=40))
    size = len(text)
    span = st.integers(0, size - 1).flatmap(
        lambda start: st.tuples(st.just(start), st.integers(start + 1, size))
    )
    count = draw(st.integers(0, 4))
    records = [
        Attribution(
            "doc",
            f"E{number}",
            cue=draw(st.lists(span, min_size=1, max_size=3)),
            source=draw(st.lists(span, max_size=2)),
            content=draw(st.lists(span, max_size=3)),
        )
        for number in range(1, count + 1)
    ]
    return text, records


@given(_documents())
def test_parse_inverts_format(document):
    text, records = document
    assert parse_ann(format_ann(records, text), "doc", text) == records


def test_write_and_read_files(tmp_path):
    path = tmp_path / "doc.ann"
    write_ann(path, EXPECTED, TEXT)
    assert path.read_bytes().decode("utf-8") == FORMATTED
    assert read_ann(path, TEXT) == EXPECTED
    with pytest.raises(InputError) as error:
        read_ann(tmp_path / "missing.ann")
    assert error.value.code == "N246"


def _split(root: Path) -> Path:
    """A corpus split laid out like polnear/dev, with one document."""
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "text" / "doc.txt").write_text(TEXT, encoding="utf-8", newline="")
    (root / "attributions" / "doc.ann").write_text(ANN, encoding="utf-8")
    return root


def test_read_brat_dir_reads_a_split_and_checks_texts(tmp_path):
    split = _split(tmp_path / "gold")
    assert read_brat_dir(split) == {"doc": EXPECTED}
    (split / "text" / "doc.txt").write_text("X" + TEXT, encoding="utf-8")
    with pytest.raises(DataError) as error:
        read_brat_dir(split)
    assert error.value.code == "N244"


def test_read_brat_dir_reads_flat_predictions(tmp_path):
    gold = _split(tmp_path / "gold")
    flat = tmp_path / "pred"
    flat.mkdir()
    (flat / "doc.ann").write_text(ANN, encoding="utf-8")
    assert read_brat_dir(flat) == {"doc": EXPECTED}
    assert read_brat_dir(flat, texts=gold) == {"doc": EXPECTED}
    assert read_brat_dir(flat, texts=gold / "text") == {"doc": EXPECTED}
    (gold / "text" / "doc.txt").write_text("X" + TEXT, encoding="utf-8")
    with pytest.raises(DataError):
        read_brat_dir(flat, texts=gold)
    (flat / "doc.txt").write_text(TEXT, encoding="utf-8")
    assert read_brat_dir(flat) == {"doc": EXPECTED}


def test_read_brat_dir_reports_missing_files(tmp_path):
    with pytest.raises(InputError, match="No .ann files") as error:
        read_brat_dir(tmp_path)
    assert error.value.code == "N260"
    (tmp_path / "doc.ann").write_text(ANN, encoding="utf-8")
    (tmp_path / "texts").mkdir()
    with pytest.raises(InputError, match="doc.txt") as error:
        read_brat_dir(tmp_path, texts=tmp_path / "texts")
    assert error.value.code == "N261"


@pytest.mark.shared
@needs_shared
def test_polnear_dev_reads_and_round_trips():
    gold = read_brat_dir(POLNEAR_DEV)  # checks every span against its text
    assert len(gold) == 84
    assert sum(map(len, gold.values())) == 2192
    for doc_id, records in gold.items():
        with (POLNEAR_DEV / "text" / f"{doc_id}.txt").open(encoding="utf-8", newline="") as handle:
            text = handle.read()
        renumbered = [dataclasses.replace(a, attribution_id=f"E{i}") for i, a in enumerate(records, start=1)]
        assert parse_ann(format_ann(records, text), doc_id, text) == renumbered
