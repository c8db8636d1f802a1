"""Paragraphs, sentences and tokens, as exact character offsets.

Segmentation never changes the text: every span is a ``(start, end)`` pair
into the original string, and ``text[start:end]`` is the span's text.

* **Paragraphs** are separated by blank lines (or U+2029).
* **Lines** inside a paragraph are hard boundaries (headlines, captions and
  credits in news text rarely end with punctuation), unless the paragraph
  looks hard-wrapped at a fixed width, in which case its line breaks are
  read as spaces.
* **Sentences** inside a line come from NLTK's Punkt, with parameters we
  train ourselves (``scripts/train_punkt.py``) and ship as JSON, plus
  a rule that splits a photo credit glued to the caption after it
  ("...Ministry of ArmeniaThe aftermath...") and one that keeps a quoted
  question or exclamation with the lower-case words after it
  (“Why?” she asked.).
* **Tokens** come from one compiled regular expression (Penn-Treebank-like:
  clitics split off, abbreviations and initialisms keep their period) run
  inside each sentence, so no token crosses a sentence boundary.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
import tomllib
from array import array
from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np
import pandas as pd
from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer

from narratives.corpus import check_text
from narratives.lazy import loaded_once
from narratives.span import Span
from narratives.words import count_word_spans

DATA_DIR = Path(str(resources.files("narratives") / "data"))
PUNKT_PATH = DATA_DIR / "punkt_en.json"
RULES_PATH = DATA_DIR / "segmentation.toml"

__all__ = [
    "PARAGRAPH_BREAK",
    "Segmentation",
    "segment",
    "paragraph_spans",
    "sentence_spans",
    "sentences_frame",
    "token_spans",
]


class _PunktLanguageVars(PunktLanguageVars):
    """Punkt's English variables; kept as a class so training and use agree."""


# One line break. A lone \r only where no \n follows, so that a regex engine
# backtracking into \r\n cannot read it as two breaks (a blank line).
_EOL = r"(?:\r\n|\r(?!\n)|[\n\x0b\x0c\x85\u2028])"
_INLINE_SPACE = r"[^\S\n\r\x0b\x0c\x85\u2028\u2029]"
_LINE_BREAK = re.compile(_EOL)
PARAGRAPH_BREAK = re.compile(rf"{_EOL}{_INLINE_SPACE}*{_EOL}\s*|\u2029\s*")
"""A paragraph break: a blank line (white space between two line breaks) or U+2029, and the white space after it."""
_DANGLING_OPEN_QUOTE = re.compile(r"(?<=[.!?])\s+(?P<quote>''|[\"'\u201c\u2018\u00ab]+)$")
_TERMINAL = re.compile(r"[.!?:;\"'\u201d\u2019\u00bb)\]]\s*$")
# A sentence Punkt ended at ? or ! inside a quotation: the mark, then closing quote marks.
_QUOTED_QUESTION_END = re.compile(r"[?!]+(?:''|[\"'\u201d\u2019\u00bb])+\s*$")


@functools.cache
def _rules() -> dict:
    with RULES_PATH.open("rb") as handle:
        return tomllib.load(handle)


@loaded_once
def _punkt() -> PunktSentenceTokenizer:
    data = json.loads(PUNKT_PATH.read_text(encoding="utf-8"))
    params = PunktParameters()
    params.abbrev_types = set(data["abbrev_types"]) | set(_rules()["abbreviations"]["extra"])
    params.collocations = {tuple(pair) for pair in data["collocations"]}
    params.sent_starters = set(data["sent_starters"])
    params.ortho_context = defaultdict(int, data["ortho_context"])
    return PunktSentenceTokenizer(params, lang_vars=_PunktLanguageVars())


@functools.cache
def _glue_re() -> re.Pattern[str]:
    """Boundary between a lower-case word and a glued capitalised starter."""
    starters = "|".join(sorted(map(re.escape, _rules()["glued_starters"]["words"]), key=len, reverse=True))
    return re.compile(rf"(?<=[a-z]{{2}})(?=(?:{starters})\s)")


@functools.cache
def _token_re() -> re.Pattern[str]:
    abbreviations = sorted(
        (a for a in _punkt()._params.abbrev_types if a.isalpha() and len(a) > 1),
        key=len,
        reverse=True,
    )
    abbrev = "|".join(map(re.escape, abbreviations)) or "(?!)"
    pattern = rf"""
        https?://[^\s<>"\u201c\u201d\u2018\u2019\u00ab\u00bb]*[^\s<>"\u201c\u201d\u2018\u2019\u00ab\u00bb.,;:!?)\]}}]
      | (?=[\w.+-]*+@)[\w.+-]+@\w[\w-]*(?:\.\w[\w-]*)+
      | (?:[^\W\d_]\.){{2,}}(?![^\W\d_])
      | (?<![\w.])(?=[^\W\d_]++\.)(?i:{abbrev})\.
      | (?<![\w.])[A-Z]\.(?=\s+[A-Z])
      | \d+(?:[.,:/]\d+)+
      | (?=\w++['\u2019]t\b)\w+?(?=n['\u2019]t\b)
      | (?i:n['\u2019]t)\b
      | (?<=\w)['\u2019](?i:s|re|ve|ll|d|m)\b
      | \w+(?:[-&]\w+|['\u2019](?!(?i:s|re|ve|ll|d|m|t)\b)\w+)*
      | \.\.\.+ | -{{2,}}
      | \S
    """
    # The (?=...++...) guards are possessive look-aheads that fail at once where an
    # alternative cannot match (no "@", no "." after the letters, no "n't"), so
    # that ordinary words do not pay for the rarer alternatives tried before them.
    return re.compile(pattern, re.VERBOSE)


def _stripped(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Shrink ``[start, end)`` to exclude surrounding whitespace; None if empty."""
    piece = text[start:end]
    left = len(piece) - len(piece.lstrip())
    if left == len(piece):
        return None
    return start + left, start + len(piece.rstrip())


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of every paragraph (blocks between blank lines)."""
    spans = []
    position = 0
    for match in PARAGRAPH_BREAK.finditer(text):
        span = _stripped(text, position, match.start())
        if span:
            spans.append(span)
        position = match.end()
    span = _stripped(text, position, len(text))
    if span:
        spans.append(span)
    return spans


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    position = start
    for match in _LINE_BREAK.finditer(text, start, end):
        span = _stripped(text, position, match.start())
        if span:
            spans.append(span)
        position = match.end()
    span = _stripped(text, position, end)
    if span:
        spans.append(span)
    return spans


def _is_hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """True when a paragraph's lines look wrapped at a fixed width.

    At least three lines, every line but the last between 40 and 100
    characters and within 30 of each other, and most of them ending
    without sentence punctuation.
    """
    if len(lines) < 3:
        return False
    body = lines[:-1]
    lengths = [end - start for start, end in body]
    if min(lengths) < 40 or max(lengths) > 100 or max(lengths) - min(lengths) > 30:
        return False
    open_ended = sum(not _TERMINAL.search(text[start:end]) for start, end in body)
    return open_ended * 2 > len(body)


def _blocks(text: str) -> Iterator[tuple[int, int, int]]:
    """Yield ``(paragraph_index, start, end)`` of each block Punkt sees."""
    for index, (start, end) in enumerate(paragraph_spans(text)):
        lines = _line_spans(text, start, end)
        if _is_hard_wrapped(text, lines):
            yield index, start, end
        else:
            for line_start, line_end in lines:
                yield index, line_start, line_end


def _punkt_spans(block: str) -> list[tuple[int, int]]:
    """Punkt's sentence spans, with opening quotes given back to the next sentence.

    Punkt's realignment moves quote marks after a period onto the sentence
    before. When whitespace separates them from the period (``said. ''We``,
    ``said. "We``) they open the next sentence instead.
    """
    spans = list(_punkt().span_tokenize(block))
    for i in range(len(spans) - 1):
        s, e = spans[i]
        match = _DANGLING_OPEN_QUOTE.search(block, s, e)
        if match and match.start() > s:
            spans[i] = (s, match.start())
            spans[i + 1] = (match.start("quote"), spans[i + 1][1])
    return _merge_quoted_questions(block, spans)


def _merge_quoted_questions(block: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join a quoted question or exclamation to the lower-case words after it.

    Punkt ends a sentence at ``?`` or ``!`` and realigns the closing quote
    marks onto it, so ``“Why?” she asked.`` comes out as two sentences. When
    a span ends in ``?``/``!`` plus closing quotes and the next span starts
    with a lower-case letter (``she asked``, ``the ministry said``), the
    quotation is part of the sentence that follows: the two are one span.
    A capitalised next word (``“Why?” She left.``) still starts a sentence.
    """
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and _QUOTED_QUESTION_END.search(block, *merged[-1]):
            head = block[s:e].lstrip()
            if head[:1].islower():
                merged[-1] = (merged[-1][0], e)
                continue
        merged.append((s, e))
    return merged


def _sentences_in_block(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    block = text[start:end]
    glue = _glue_re()
    for s, e in _punkt_spans(block):
        cuts = [s, *(m.start() for m in glue.finditer(block, s, e)), e]
        for a, b in zip(cuts, cuts[1:]):
            span = _stripped(block, a, b)
            if span:
                yield start + span[0], start + span[1]


def _sentences_with_paragraphs(text: str) -> Iterator[tuple[int, int, int]]:
    for paragraph, start, end in _blocks(text):
        for s, e in _sentences_in_block(text, start, end):
            yield paragraph, s, e


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of every sentence, in order."""
    return [(s, e) for _, s, e in _sentences_with_paragraphs(text)]


def token_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of every token in ``text[start:end]``.

    Call it on a sentence's bounds to keep tokens inside the sentence.
    """
    end = len(text) if end is None else end
    return list(map(re.Match.span, _token_re().finditer(text, start, end)))


class Segmentation:
    """Paragraphs, sentences and tokens of one text.

    Build it with :func:`segment`. Spans are :class:`~narratives.span.Span` records;
    ``sentence_paragraph[i]`` is the paragraph of sentence ``i`` and
    ``sentence_tokens[i]`` the ``(first, stop)`` token indices of sentence ``i``.
    Token offsets are kept in two compact integer arrays, ``token_starts``
    and ``token_ends`` (8 bytes a token: a long document has millions).
    """

    __slots__ = ("text", "paragraph_bounds", "sentence_bounds", "token_starts", "token_ends", "sentence_paragraph", "sentence_tokens")

    def __init__(self, text: str) -> None:
        self.text = text
        self.paragraph_bounds = paragraph_spans(text)
        self.sentence_bounds: list[tuple[int, int]] = []
        self.sentence_paragraph: list[int] = []
        self.token_starts = array("q")
        self.token_ends = array("q")
        self.sentence_tokens: list[tuple[int, int]] = []
        tokens = _token_re()
        for paragraph, start, end in _sentences_with_paragraphs(text):
            first = len(self.token_starts)
            found = list(tokens.finditer(text, start, end))
            self.token_starts.extend(map(re.Match.start, found))
            self.token_ends.extend(map(re.Match.end, found))
            self.sentence_bounds.append((start, end))
            self.sentence_paragraph.append(paragraph)
            self.sentence_tokens.append((first, len(self.token_starts)))

    @property
    def token_bounds(self) -> list[tuple[int, int]]:
        """``(start, end)`` of every token (a new list: loops should read ``token_starts`` and ``token_ends``)."""
        return list(zip(self.token_starts, self.token_ends))

    @property
    def n_tokens(self) -> int:
        """Number of tokens."""
        return len(self.token_starts)

    @property
    def n_words(self) -> int:
        """Tokens holding a letter or digit (punctuation and symbols not counted; see :func:`narratives.words.is_word`)."""
        return count_word_spans(self.text, np.frombuffer(self.token_starts, dtype=np.int64), np.frombuffer(self.token_ends, dtype=np.int64))

    def _spans(self, bounds: list[tuple[int, int]]) -> list[Span]:
        return [Span(s, e, self.text[s:e]) for s, e in bounds]

    @property
    def paragraphs(self) -> list[Span]:
        """Paragraph spans."""
        return self._spans(self.paragraph_bounds)

    @property
    def sentences(self) -> list[Span]:
        """Sentence spans."""
        return self._spans(self.sentence_bounds)

    @property
    def tokens(self) -> list[Span]:
        """Token spans."""
        return self._spans(self.token_bounds)

    def sentence_of(self, offset: int) -> int | None:
        """Index of the sentence containing character ``offset``, if any."""
        index = bisect.bisect_right(self.sentence_bounds, (offset, float("inf"))) - 1
        if index >= 0 and self.sentence_bounds[index][0] <= offset < self.sentence_bounds[index][1]:
            return index
        return None

    def to_frame(self, doc_id: str | None = None) -> pd.DataFrame:
        """One row per sentence: doc_id, sentence, paragraph, start, end, text.

        Raises
        ------
        InputError
            ``N115`` if the text holds a lone surrogate (half a character,
            which no table file can hold); :func:`segment` itself takes any str.
        """
        check_text(self.text)
        return sentences_frame([(doc_id, self)])

    def __repr__(self) -> str:
        return (
            f"<Segmentation {len(self.paragraph_bounds)} paragraphs, "
            f"{len(self.sentence_bounds)} sentences, {self.n_tokens} tokens>"
        )


def sentences_frame(documents: Iterable[tuple[str | None, Segmentation]]) -> pd.DataFrame:
    """The sentences of many segmented documents in one table (see :meth:`Segmentation.to_frame`)."""
    doc_ids: list = []
    numbers: list[int] = []
    paragraphs: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    texts: list[str] = []
    for doc_id, segmentation in documents:
        bounds = segmentation.sentence_bounds
        doc_ids += [doc_id] * len(bounds)
        numbers += range(len(bounds))
        paragraphs += segmentation.sentence_paragraph
        starts += [s for s, _ in bounds]
        ends += [e for _, e in bounds]
        texts += [segmentation.text[s:e] for s, e in bounds]
    frame = pd.DataFrame({"doc_id": doc_ids, "sentence": numbers, "paragraph": paragraphs, "start": starts, "end": ends, "text": texts})
    # Explicit types, so that a text without sentences gives the same table schema.
    return frame.astype({"sentence": "int64", "paragraph": "int64", "start": "int64", "end": "int64", "text": str})


def segment(text: str) -> Segmentation:
    """Segment ``text`` into paragraphs, sentences and tokens.

    Examples
    --------
    >>> seg = segment("Gen. Smith arrived. “It is over,” he said.")
    >>> [s.text for s in seg.sentences]
    ['Gen. Smith arrived.', '“It is over,” he said.']
    """
    if not isinstance(text, str):
        raise TypeError(f"segment() takes a str, not {type(text).__name__}")
    return Segmentation(text)
