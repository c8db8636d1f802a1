"""Segmentation: offset invariants on any text, news-text cases, accuracy floor."""

from __future__ import annotations

import doctest
import importlib
import json
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from narratives.segment import Segmentation, paragraph_spans, segment, sentence_spans, token_spans
from narratives.words import is_word

from conftest import REPO

# --------------------------------------------------------------------------- invariants

WORDS = [
    "the", "city", "Gen.", "U.S.", "Sept.", "Dr.", "Mr.", "J.", "said", "Stepanakert", "Ganja",
    "didn't", "didn’t", "Armenia's", "55,000", "3.5", "self-proclaimed", "https://example.org/a?b=1",
    "AgencyThe", "McDonald", "YouTube", "e.g.", "...", "No.", "1", "a", "I", "Baku", "été", "Ш", "中文",
]
PIECES = [
    " ", " ", " ", ".", "?", "!", ",", ":", ";", "“", "”", "‘", "’", '"', "'", "«", "»", "—", "–", "-",
    "\n", "\n\n", "\n \n", "\r\n", "\r\n\r\n", "\r", "\u2028", "\u2029", "\xa0", "\t", "  ", "(", ")",
    "\x0b", "\x0c", "\x85", "\u3000", "\x1c",
]
NEWSY = st.lists(st.sampled_from(WORDS) | st.sampled_from(PIECES) | st.text(max_size=3), max_size=60).map("".join)
# Every Unicode category, lone surrogates (Cs) included: a str can hold them even if no file decodes to them.
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=200) | NEWSY


def check_invariants(text: str, seg: Segmentation) -> None:
    """Every span is exact, non-empty, in bounds, ordered, nested and trimmed."""
    levels = {"paragraph": seg.paragraphs, "sentence": seg.sentences, "token": seg.tokens}
    for level, spans in levels.items():
        previous_end = 0
        for span in spans:
            assert 0 <= span.start < span.end <= len(text), (level, span)
            assert text[span.start : span.end] == span.text, (level, span)
            assert span.start >= previous_end, f"{level} spans overlap or are out of order: {span}"
            assert not span.text[0].isspace() and not span.text[-1].isspace(), (level, span)
            previous_end = span.end
    assert len(seg.sentence_paragraph) == len(seg.sentences) == len(seg.sentence_tokens)
    for (start, end), paragraph in zip(seg.sentence_bounds, seg.sentence_paragraph):
        p_start, p_end = seg.paragraph_bounds[paragraph]
        assert p_start <= start < end <= p_end, "sentence outside its paragraph"
    covered = 0
    for (start, end), (first, stop) in zip(seg.sentence_bounds, seg.sentence_tokens):
        assert first == covered, "sentence token ranges are not contiguous"
        for t_start, t_end in seg.token_bounds[first:stop]:
            assert start <= t_start < t_end <= end, "token outside its sentence"
        covered = stop
    assert covered == len(seg.token_bounds)
    # Every non-space character of the text is in some paragraph, sentence and token.
    visible = sum(not c.isspace() for c in text)
    for level, spans in levels.items():
        assert sum(sum(not c.isspace() for c in s.text) for s in spans) == visible, f"{level} spans drop text"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_TEXT)
def test_spans_are_exact_on_any_text(text: str) -> None:
    check_invariants(text, segment(text))


@settings(max_examples=100, deadline=None)
@given(ANY_TEXT)
def test_module_functions_agree_with_segmentation(text: str) -> None:
    seg = segment(text)
    assert paragraph_spans(text) == seg.paragraph_bounds
    assert sentence_spans(text) == seg.sentence_bounds
    tokens = [t for s, e in seg.sentence_bounds for t in token_spans(text, s, e)]
    assert tokens == seg.token_bounds


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_n_words_counts_the_tokens_holding_a_letter_or_digit(text: str) -> None:
    seg = segment(text)
    assert seg.n_words == sum(map(is_word, (span.text for span in seg.tokens)))


@settings(max_examples=150, deadline=None)
@given(NEWSY.filter(lambda t: "\r" not in t))
def test_crlf_line_endings_segment_like_lf(text: str) -> None:
    """Windows line endings give the same paragraphs, sentences and tokens as Unix ones."""
    crlf = text.replace("\n", "\r\n")
    unix, windows = segment(text), segment(crlf)
    check_invariants(crlf, windows)
    for level in ("paragraphs", "sentences", "tokens"):
        assert [s.text for s in getattr(windows, level)] == [
            s.text.replace("\n", "\r\n") for s in getattr(unix, level)
        ], level


# --------------------------------------------------------------------------- news text (our own sentences)


def sentences(text: str) -> list[str]:
    return [s.text for s in segment(text).sentences]


def tokens(text: str) -> list[str]:
    return [t.text for t in segment(text).tokens]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Gen. Petrosyan met U.S. envoys in Sept. last year. Dr. Aliyeva and Mr. Brown agreed.",
            ["Gen. Petrosyan met U.S. envoys in Sept. last year.", "Dr. Aliyeva and Mr. Brown agreed."],
        ),
        (
            "Donald J. Trump said the talks would go on. Others disagreed.",
            ["Donald J. Trump said the talks would go on.", "Others disagreed."],
        ),
        (
            "“The shelling hit the city. It is over,” he said.",
            ["“The shelling hit the city.", "It is over,” he said."],
        ),
        (
            '"The shelling hit the city. It is over," he said. Then he left.',
            ['"The shelling hit the city.', 'It is over," he said.', "Then he left."],
        ),
        (
            "‘We will not retreat,’ the minister said. ‘Never.’",
            ["‘We will not retreat,’ the minister said.", "‘Never.’"],
        ),
        (
            "He said: «Nous sommes prêts». She left.",
            ["He said: «Nous sommes prêts».", "She left."],
        ),
        (
            "The truce — agreed in Moscow — collapsed. Fighting resumed – again – at dawn.",
            ["The truce — agreed in Moscow — collapsed.", "Fighting resumed – again – at dawn."],
        ),
        (
            "Where were the observers? Nobody knows! The talks resume on Monday.",
            ["Where were the observers?", "Nobody knows!", "The talks resume on Monday."],
        ),
    ],
)
def test_news_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "“Why?” she asked.",
        '"Is it over?" he said.',
        "“Stop!” the ministry said.",
        "‘Why?’ she asked.",
        "“Why?’” she asked.",
        "He asked “Why?” and left.",
    ],
)
def test_quoted_question_or_exclamation_before_lower_case_is_one_sentence(text: str) -> None:
    assert sentences(text) == [text]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("“Why?” She left.", ["“Why?”", "She left."]),
        ("“Why?” “Because,” she said.", ["“Why?”", "“Because,” she said."]),
        (
            "“Why?” she asked. “Stop!” the ministry said. Then he left.",
            ["“Why?” she asked.", "“Stop!” the ministry said.", "Then he left."],
        ),
        ('"Why?"\nshe asked', ['"Why?"', "she asked"]),
    ],
)
def test_quoted_question_merge_keeps_other_boundaries(text: str, expected: list[str]) -> None:
    """Only a closing quote after ?/! followed by a lower-case word in the same line is joined."""
    assert sentences(text) == expected


def test_headline_and_caption_lines_are_sentences() -> None:
    text = (
        "Truce collapses within hours\n"
        "Residents shelter in basements as sirens sound\n"
        "The ceasefire agreed on Saturday did not hold. Both sides blamed each other.\n"
        "A damaged school in the city centre"
    )
    assert sentences(text) == [
        "Truce collapses within hours",
        "Residents shelter in basements as sirens sound",
        "The ceasefire agreed on Saturday did not hold.",
        "Both sides blamed each other.",
        "A damaged school in the city centre",
    ]


def test_photo_credit_glued_to_caption_is_split() -> None:
    text = "© Jane Roe/Reuters Photo AgencyThe ruins of the market in Stepanakert"
    assert sentences(text) == ["© Jane Roe/Reuters Photo Agency", "The ruins of the market in Stepanakert"]


@pytest.mark.parametrize(
    "text",
    [
        "She wrote on LinkedIn premium that the road was closed.",
        "McDonald said the convoy had left.",
        "The video was posted on YouTube on Sunday.",
    ],
)
def test_camel_case_names_are_not_split(text: str) -> None:
    assert sentences(text) == [text]


def test_blank_lines_separate_paragraphs() -> None:
    text = "First paragraph. It has two sentences.\n\n  \nSecond paragraph.\n\n\nThird one"
    seg = segment(text)
    assert [p.text for p in seg.paragraphs] == [
        "First paragraph. It has two sentences.",
        "Second paragraph.",
        "Third one",
    ]
    assert seg.sentence_paragraph == [0, 0, 1, 2]


def test_paragraph_separator_and_line_separator() -> None:
    seg = segment("One line\u2028Another line\u2029Next paragraph.")
    assert [p.text for p in seg.paragraphs] == ["One line\u2028Another line", "Next paragraph."]
    assert [s.text for s in seg.sentences] == ["One line", "Another line", "Next paragraph."]


WRAPPED = (
    "The ceasefire announced in Moscow on Saturday collapsed within hours as\n"
    "both sides accused each other of shelling towns far from the front line,\n"
    "and residents of Stepanakert spent another night in basements while the\n"
    "sirens sounded. Officials in Baku said the strikes were a response.\n"
)


def test_hard_wrapped_paragraph_is_running_text() -> None:
    assert sentences(WRAPPED) == [
        WRAPPED[: WRAPPED.index("sounded.") + len("sounded.")],
        "Officials in Baku said the strikes were a response.",
    ]


def test_short_headline_lines_above_a_wrapped_paragraph_stay_apart() -> None:
    text = "Truce collapses\nShelling resumes overnight\nResidents flee\n\n" + WRAPPED
    found = sentences(text)
    assert found[:3] == ["Truce collapses", "Shelling resumes overnight", "Residents flee"]
    assert len(found) == 5


def test_crlf_keeps_exact_offsets() -> None:
    text = "Headline here\r\nFirst line. Second line.\r\n\r\nNew paragraph.\r\n"
    seg = segment(text)
    assert [p.text for p in seg.paragraphs] == ["Headline here\r\nFirst line. Second line.", "New paragraph."]
    assert [s.text for s in seg.sentences] == ["Headline here", "First line.", "Second line.", "New paragraph."]
    for s in seg.sentences:
        assert text[s.start : s.end] == s.text
    assert seg.sentences[-1].start == text.index("New paragraph.")


def test_crlf_wrapped_paragraph_reads_like_lf() -> None:
    crlf = WRAPPED.replace("\n", "\r\n")
    assert [s.replace("\r\n", "\n") for s in sentences(crlf)] == sentences(WRAPPED)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("He didn’t go.", ["He", "did", "n’t", "go", "."]),
        ("They don't know.", ["They", "do", "n't", "know", "."]),
        ("Armenia's army moved.", ["Armenia", "'s", "army", "moved", "."]),
        ("Azerbaijan’s drones flew.", ["Azerbaijan", "’s", "drones", "flew", "."]),
        ("The U.S. and Gen. Smith agreed.", ["The", "U.S.", "and", "Gen.", "Smith", "agreed", "."]),
        ("About 55,000 people, or 3.5 percent, fled.", ["About", "55,000", "people", ",", "or", "3.5", "percent", ",", "fled", "."]),
        ("The self-proclaimed republic.", ["The", "self-proclaimed", "republic", "."]),
        (
            "See https://example.org/news/2020/10/strike?id=7&lang=en.",
            ["See", "https://example.org/news/2020/10/strike?id=7&lang=en", "."],
        ),
        ("“Enough,” he said.", ["“", "Enough", ",", "”", "he", "said", "."]),
        ("«Assez», dit-il.", ["«", "Assez", "»", ",", "dit-il", "."]),
        ("Two sides — and a truce.", ["Two", "sides", "—", "and", "a", "truce", "."]),
    ],
)
def test_news_tokens(text: str, expected: list[str]) -> None:
    assert tokens(text) == expected


def test_tokens_never_cross_sentences() -> None:
    seg = segment("It ended at 5. 30 people died.")
    assert [s.text for s in seg.sentences] == ["It ended at 5.", "30 people died."]
    assert "5. 30" not in [t.text for t in seg.tokens]


def test_sentence_of_and_frame() -> None:
    text = "First sentence here. Second one.\n\nThird."
    seg = segment(text)
    assert seg.sentence_of(0) == 0
    assert seg.sentence_of(text.index("Second")) == 1
    assert seg.sentence_of(text.index("Third")) == 2
    assert seg.sentence_of(text.index("\n")) is None
    frame = seg.to_frame("doc1")
    assert list(frame.columns) == ["doc_id", "sentence", "paragraph", "start", "end", "text"]
    assert frame["paragraph"].tolist() == [0, 0, 1]
    for row in frame.itertuples():
        assert text[row.start : row.end] == row.text


def test_empty_and_whitespace_text() -> None:
    for text in ("", "   \n\n\t ", "\u2029\u2028"):
        seg = segment(text)
        assert seg.paragraphs == seg.sentences == seg.tokens == []
    assert list(segment("").to_frame().columns) == ["doc_id", "sentence", "paragraph", "start", "end", "text"]


def test_segment_rejects_non_text() -> None:
    with pytest.raises(TypeError, match="takes a str"):
        segment(b"bytes")  # type: ignore[arg-type]


def test_doctests_pass() -> None:
    # narratives/__init__ re-exports the function segment(), so fetch the module itself.
    result = doctest.testmod(importlib.import_module("narratives.segment"), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


# --------------------------------------------------------------------------- accuracy floor


@pytest.mark.shared
def test_sentence_f1_against_corenlp(polnear_dev) -> None:
    """Sentence-boundary F1 against CoreNLP's sentences on PolNeAR dev stays >= 0.95."""
    run = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "sentences.py"), "--data", str(polnear_dev)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))},  # this checkout's package, not an installed one
    )
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["documents"] > 50
    assert result["f1"] >= 0.95, result


def test_segments_and_framing_hits_are_the_one_public_span_type():
    import narratives
    from narratives.framing.detect import detect

    text = "Reportedly, a horrible attack. Officials said so."
    spans = [*segment(text).sentences, *segment(text).tokens, *detect(text)]
    assert spans and all(isinstance(span, narratives.Span) for span in spans)
    assert all(text[span.start : span.end] == span.text for span in spans)
