"""Windows: a document longer than :data:`WINDOW_CHARACTERS` is analysed piece by piece.

Segmentation, attribution, sides and framing each hold work tables that grow
with the text they read (token tables, candidate cues, framing hits). For a
very long document (a 20 MB book, a whole newspaper archive in one file)
:func:`narratives.pipeline.analyze` therefore cuts the text into consecutive
windows of at most :data:`WINDOW_CHARACTERS` characters and runs those stages
on one window at a time; only the window's rows (sentences, attributions)
are kept, with their offsets shifted back into the original text, so that
every span still satisfies ``text[start:end] == span_text``. Sentences,
paragraphs and attribution ids are numbered on across windows as in one
pass; the documents row is computed over the whole document (counts summed,
rates and valence recomputed from the sums, frames and narratives from the
whole text, see :func:`narratives.framing.merge_document_framing`).

Where a window ends (:func:`window_spans`): at the last paragraph break
(a blank line) inside the window; in a paragraph longer than a window, at
the last sentence end (``.``, ``!`` or ``?``, closing quotes and brackets,
then white space); failing that, at the last white space; failing that
(a million characters without a space), after exactly
:data:`WINDOW_CHARACTERS` characters.

What a window boundary cuts: every stage sees only its window, so

* a pronoun or short name at the start of a window is not resolved to an
  antecedent in the previous window (``resolved_*`` stays empty);
* a quotation, or a statement whose source and content are in different
  paragraphs, that runs across the boundary is not attributed as one
  statement (each side is attributed on its own, if at all);
* the sides stage reads the actors of the window, not of the whole document;
* the last sentence of a window is read as the last of a document (the
  attribution model may then keep a content's final full stop);
* a cut inside a paragraph (fallback) cuts the paragraph's line and
  paragraph context, and a cut at white space also cuts a sentence in two.

Memory: a window's segmentation, token table, attribution records and
framing work tables are freed before the next window; its rows are kept
compactly (:class:`WindowRows`) and made into the tables at the end.

Documents of normal length (all news articles: a window is about 150,000
words) are one window and their tables are exactly those of one pass.
"""

from __future__ import annotations

import itertools
import re
from typing import NamedTuple

import numpy as np
import pandas as pd

from narratives import schema
from narratives.segment import PARAGRAPH_BREAK

__all__ = ["WINDOW_CHARACTERS", "Window", "WindowRows", "last_number", "shift_attributions", "shift_sentences", "window_spans"]

WINDOW_CHARACTERS = 1_000_000
"""Longest text analysed in one piece; a longer document is analysed in windows of at most this many characters."""

_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019\u00bb)\]]*\s+")
_SPACE = re.compile(r"\s+")
_LIST_COLUMNS = (*schema.SPAN_COLUMNS, *schema.HIT_COLUMNS)
_OFFSET_COLUMNS = tuple(c.name for c in schema.ATTRIBUTIONS if c.dtype == "Int64" and c.name.endswith(("_start", "_end")))


class Window(NamedTuple):
    """One window of a text: ``text[start:end]``.

    ``continues`` is True when the next window starts inside this window's
    last paragraph (the cut fell inside a paragraph).
    """

    start: int
    end: int
    continues: bool


def window_spans(text: str, size: int | None = None) -> list[Window]:
    """Consecutive windows of at most ``size`` characters (default :data:`WINDOW_CHARACTERS`) covering ``text``.

    Examples
    --------
    >>> window_spans("One. Two.\\n\\nThree four.", size=15)
    [Window(start=0, end=11, continues=False), Window(start=11, end=22, continues=False)]
    >>> window_spans("short")
    [Window(start=0, end=5, continues=False)]
    """
    size = WINDOW_CHARACTERS if size is None else size
    if size < 1:
        raise ValueError(f"a window holds at least one character, got size={size}")
    windows, start = [], 0
    while len(text) - start > size:
        end, continues = _cut(text, start, start + size)
        windows.append(Window(start, end, continues))
        start = end
    windows.append(Window(start, len(text), False))
    return windows


def _cut(text: str, start: int, limit: int) -> tuple[int, bool]:
    """Where the window starting at ``start`` ends (at most ``limit``), and whether that is inside a paragraph."""
    for pattern, inside in ((PARAGRAPH_BREAK, False), (_SENTENCE_END, True), (_SPACE, True)):
        end = _last_match_end(pattern, text, start, limit)
        if end is not None:
            return end, inside and _has_text(text, start, end)
    return limit, True


def _last_match_end(pattern: re.Pattern, text: str, start: int, limit: int) -> int | None:
    """The end of the last match of ``pattern`` in ``text[start:limit]`` that leaves text before it, if any."""
    end = None
    for match in pattern.finditer(text, start, limit):
        if match.start() > start:
            end = match.end()
    return end


def _has_text(text: str, start: int, end: int) -> bool:
    return not text[start:end].isspace()


def shift_sentences(sentences: pd.DataFrame, window: Window, first_sentence: int, first_paragraph: int) -> pd.DataFrame:
    """A window's sentences table in the coordinates of the whole document.

    ``first_sentence`` and ``first_paragraph``: the numbers the window's
    first sentence and paragraph have in the whole document.
    """
    return sentences.assign(
        sentence=sentences["sentence"] + first_sentence,
        paragraph=sentences["paragraph"] + first_paragraph,
        start=sentences["start"] + window.start,
        end=sentences["end"] + window.start,
    )


def shift_attributions(attributions: pd.DataFrame, window: Window, first_sentence: int, first_number: int) -> pd.DataFrame:
    """A window's attributions table in the coordinates of the whole document, but for its span and hit lists.

    The start/end columns move by the window's start, sentence numbers by
    ``first_sentence``, and the ids ``A<n>`` by ``first_number`` (the
    attributions of the windows before). The span and hit lists are moved
    by :meth:`WindowRows.append` (``offset=window.start``), which keeps them
    packed in arrays until the table is made.
    """
    shifted = {name: attributions[name] + window.start for name in _OFFSET_COLUMNS}
    numbers = attributions["attribution_id"].str.slice(1).astype("int64") + first_number
    return attributions.assign(**shifted, sentence=attributions["sentence"] + first_sentence, attribution_id="A" + numbers.astype(str))


def last_number(attributions: pd.DataFrame, default: int) -> int:
    """The highest ``n`` of the ids ``A<n>`` in ``attributions`` (``default`` when there are none)."""
    return int(attributions["attribution_id"].str.slice(1).astype("int64").max()) if len(attributions) else default


class _Packed(NamedTuple):
    """A span- or hit-list column of one window in arrays: items per row, each item's start and end, and a hit's category and entry."""

    counts: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    categories: list[str]
    entries: list[str]


def _pack(column: pd.Series, offset: int, is_hits: bool) -> _Packed:
    items = [schema.hits(cell) if is_hits else schema.spans(cell) for cell in column]
    flat = [item for row in items for item in row]
    starts = np.fromiter((item[0] for item in flat), dtype=np.int64, count=len(flat)) + offset
    ends = np.fromiter((item[1] for item in flat), dtype=np.int64, count=len(flat)) + offset
    categories, entries = ([item[2] for item in flat], [item[3] for item in flat]) if is_hits else ([], [])
    return _Packed(np.fromiter(map(len, items), dtype=np.int64, count=len(items)), starts, ends, categories, entries)


def _unpack(packed: _Packed, is_hits: bool) -> pd.Series:
    """The list cells again, as the pipeline makes them (``[[start, end], ...]``; hits as records)."""
    starts, ends = packed.starts.tolist(), packed.ends.tolist()
    if is_hits:
        items = [dict(zip(schema.HIT_FIELDS, hit)) for hit in zip(starts, ends, packed.categories, packed.entries)]
    else:
        items = [[start, end] for start, end in zip(starts, ends)]
    bounds = np.concatenate([[0], np.cumsum(packed.counts)]).tolist()
    return pd.Series([items[a:b] for a, b in itertools.pairwise(bounds)], dtype=object)


class WindowRows:
    """The rows of one table, gathered window by window and joined at the end with little memory.

    Each window's frame is kept as columns of its own (a frame made by
    ``assign`` may hold views of the window's two-dimensional blocks, and
    with them the replaced columns). Span and hit lists, millions of small
    Python objects in a long document, are kept packed in arrays while the
    windows are analysed and made into lists only by :meth:`table`, when
    no window's work is in memory any more. :meth:`table` joins the columns
    one by one, letting each window's piece go as soon as its column is
    made, and does not copy the joined columns into blocks again.
    """

    def __init__(self) -> None:
        self.pieces: list[dict[str, pd.Series | _Packed]] = []

    def append(self, frame: pd.DataFrame, offset: int = 0) -> None:
        """Keep the rows of one window; its span and hit lists are moved by ``offset`` (the window's start)."""
        self.pieces.append(
            {name: _pack(frame[name], offset, name in schema.HIT_COLUMNS) if name in _LIST_COLUMNS else frame[name].copy() for name in frame.columns}
        )

    def table(self) -> pd.DataFrame:
        """All rows in order, numbered from 0 (the pieces are used up)."""
        names = list(self.pieces[0])
        columns = {name: pd.concat([self._column(piece.pop(name), name) for piece in self.pieces], ignore_index=True) for name in names}
        self.pieces = []
        return pd.DataFrame(columns, copy=False)

    @staticmethod
    def _column(piece: pd.Series | _Packed, name: str) -> pd.Series:
        return _unpack(piece, name in schema.HIT_COLUMNS) if isinstance(piece, _Packed) else piece
