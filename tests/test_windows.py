"""Long documents analysed in windows: cuts, offsets, numbering, the documents row, attributions away from the cuts."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
from conftest import REPO
from hypothesis import given
from hypothesis import strategies as st

from narratives import schema, windows
from narratives.attribution.records import CONTENT_JOINER
from narratives.corpus import Document
from narratives.framing import feature_categories
from narratives.pipeline import Analysis, analyze
from narratives.sides import load_profile
from narratives.windows import Window, window_spans

WINDOW = 3000
"""Window size of the tests: the test document (our own Karabakh articles, ~17,000 characters) is cut about six times."""
MARGIN = 400
"""Characters from a cut within which an attribution (any of its spans or its antecedent) may differ from one pass."""

# --------------------------------------------------------------------------- cuts


@given(st.lists(st.sampled_from(["word", " ", "Done.", "\n", "\n\n", "\u2029", "”", "xxxxxxxxxxxxxxx"]), max_size=80).map("".join), st.integers(1, 60))
def test_windows_are_consecutive_cover_the_text_and_fit_the_size(text: str, size: int) -> None:
    spans = window_spans(text, size)
    assert spans[0].start == 0 and spans[-1].end == len(text)
    assert all(a.end == b.start for a, b in itertools.pairwise(spans))
    assert all(0 < w.end - w.start <= size for w in spans) or text == ""


def test_a_window_ends_at_a_paragraph_break_then_a_sentence_end_then_a_space() -> None:
    text = "One two. Three four.\n\nFive six. Seven eight nine."
    assert window_spans(text, 30)[0] == Window(0, 22, False)  # after the blank line
    assert window_spans(text, 18)[0] == Window(0, 9, True)  # after "One two. ": inside a paragraph
    assert window_spans("aaaa bbbb cccc", 12)[0] == Window(0, 10, True)  # at the last space
    assert window_spans("abcdefghij", 4) == [Window(0, 4, True), Window(4, 8, True), Window(8, 10, False)]


def test_a_normal_document_is_one_window() -> None:
    assert window_spans("x" * windows.WINDOW_CHARACTERS) == [Window(0, windows.WINDOW_CHARACTERS, False)]


# --------------------------------------------------------------------------- analysis


@pytest.fixture(scope="module")
def document() -> Document:
    paths = sorted((REPO / "corpora" / "karabakh-2020" / "text").glob("*.txt"))[:6]
    return Document(id="long", text="\n\n".join(p.read_text(encoding="utf-8").strip() for p in paths))


@pytest.fixture(scope="module")
def profile():
    return load_profile("armenia-azerbaijan")


@pytest.fixture(scope="module")
def whole(document: Document, profile) -> Analysis:
    return analyze([document], profile=profile)


@pytest.fixture(scope="module")
def windowed(document: Document, profile) -> Analysis:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(windows, "WINDOW_CHARACTERS", WINDOW)
        assert len(window_spans(document.text)) >= 4
        return analyze([document], profile=profile)


def test_every_span_of_a_windowed_analysis_is_exact(document: Document, windowed: Analysis) -> None:
    text = document.text
    sentences, attributions = windowed.sentences, windowed.attributions
    assert all(text[a:b] == t for a, b, t in zip(sentences["start"], sentences["end"], sentences["text"]))
    for name in ("cue", "source", "resolved"):
        rows = attributions.dropna(subset=[f"{name}_start"])
        assert all(text[a:b] == t for a, b, t in zip(rows[f"{name}_start"], rows[f"{name}_end"], rows[f"{name}_text"]))
    for row in attributions.to_dict("records"):
        content, cue, source = (schema.spans(row[f"{name}_spans"]) for name in ("content", "cue", "source"))
        assert (row["content_text"] if content else "") == CONTENT_JOINER.join(text[a:b] for a, b in content)
        assert (min(a for a, _ in cue), max(b for _, b in cue)) == (row["cue_start"], row["cue_end"])
        if source:
            assert (min(a for a, _ in source), max(b for _, b in source)) == (row["source_start"], row["source_end"])
        # Each framing hit lies in the content, the source or its antecedent, as in the text.
        resolved = [] if pd.isna(row["resolved_start"]) else [(row["resolved_start"], row["resolved_end"])]
        for a, b, _, _ in schema.hits(row["framing_hits"]):
            assert any(s <= a and b <= e for s, e in content + source + resolved)


def test_numbering_continues_across_windows(whole: Analysis, windowed: Analysis) -> None:
    sentences = windowed.sentences
    assert sentences["sentence"].tolist() == list(range(len(sentences)))
    # Cut at paragraph breaks, the sentences and their paragraphs are those of one pass.
    pd.testing.assert_frame_equal(sentences[["sentence", "paragraph", "start", "end", "text"]], whole.sentences[["sentence", "paragraph", "start", "end", "text"]])
    attributions = windowed.attributions
    assert attributions["attribution_id"].is_unique
    assert attributions["cue_start"].is_monotonic_increasing
    starts = sentences.set_index("sentence")["start"]
    ends = sentences.set_index("sentence")["end"]
    assert all(starts[s] <= cue < ends[s] for s, cue in zip(attributions["sentence"], attributions["cue_start"]))


def test_the_documents_row_agrees_with_the_tables(whole: Analysis, windowed: Analysis, document: Document) -> None:
    row = windowed.documents.iloc[0]
    attributions = windowed.attributions
    assert row["n_chars"] == len(document.text) and row["sha256"] == document.sha256
    assert row["n_sentences"] == len(windowed.sentences) and row["n_attributions"] == len(attributions)
    counts = attributions["stance"].value_counts()
    assert all(row[column] == counts.get(column.removeprefix("stance_"), 0) for column in row.index if column.startswith("stance_"))
    for category in feature_categories():
        assert row[f"{category}_per_1k_words"] == round(1000 * row[category] / row["n_words"], 3)
    # Tokens, words, framing counts, valence, frames and narratives of the whole text: as in one pass.
    story = [c for c in whole.documents.columns if c.startswith(("frame", "narrative", "subnarrative"))]
    same = ["n_tokens", "n_words", "valence", *feature_categories(), *story]
    pd.testing.assert_series_equal(row[same], whole.documents.iloc[0][same])


def test_attributions_away_from_the_cuts_are_those_of_one_pass(document: Document, whole: Analysis, windowed: Analysis) -> None:
    cuts = [w.start for w in window_spans(document.text, WINDOW)[1:]]

    def reach(row: dict) -> tuple[int, int]:
        """From the first to the last character an attribution of one pass reads: cue, source, content, antecedent."""
        spans = [(row["cue_start"], row["cue_end"]), *schema.spans(row["content_spans"]), *schema.spans(row["source_spans"])]
        spans += [] if pd.isna(row["resolved_start"]) else [(row["resolved_start"], row["resolved_end"])]
        return min(a for a, _ in spans), max(b for _, b in spans)

    reaches = [reach(row) for row in whole.attributions.to_dict("records")]
    far_cues = {row_start for (row_start, (a, b)) in zip(whole.attributions["cue_start"], reaches) if all(cut < a - MARGIN or cut > b + MARGIN for cut in cuts)}

    def far(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["cue_start"].isin(far_cues)].drop(columns=["attribution_id"]).reset_index(drop=True)

    one, many = far(whole.attributions), far(windowed.attributions)
    assert len(one) > 50
    # Sides read the actors of a window only, so they may differ; every other column is the same.
    sides = schema.columns_of("attributions", "sides")
    pd.testing.assert_frame_equal(many.drop(columns=sides), one.drop(columns=sides))
    assert (many["side"] == one["side"]).mean() > 0.9


def test_window_rows_join_like_concat() -> None:
    frames = [
        pd.DataFrame({"n": pd.array([1, None], dtype="Int64"), "s": ["a", "b"], "spans": [[[1, 2]], []], "x": [0.5, 1.5]}),
        pd.DataFrame({"n": pd.array([3], dtype="Int64"), "s": ["c"], "spans": [[[5, 6], [7, 8]]], "x": [2.5]}),
    ]
    rows = windows.WindowRows()
    for frame in frames:
        rows.append(frame)
    pd.testing.assert_frame_equal(rows.table(), pd.concat(frames, ignore_index=True))


def test_window_rows_move_span_and_hit_lists() -> None:
    hit = {"start": 3, "end": 5, "category": "hedge", "entry": "may"}
    frame = pd.DataFrame({"content_spans": [[[1, 2], [4, 6]], []], "framing_hits": [[hit], []]})
    rows = windows.WindowRows()
    rows.append(frame, offset=10)
    rows.append(frame)
    table = rows.table()
    assert table["content_spans"].tolist() == [[[11, 12], [14, 16]], [], [[1, 2], [4, 6]], []]
    assert table["framing_hits"].tolist() == [[{**hit, "start": 13, "end": 15}], [], [hit], []]
