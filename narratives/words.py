"""What a word is: the word patterns the stages share, and how words are counted.

A **word** is a run of letters and digits, with hyphens and apostrophes
inside it ("pro-Russian", "Kyiv's", "don't"): :data:`WORD`. Two named
variants of it serve two readers:

* :data:`WORD_OR_MARK` also yields each punctuation mark or symbol as a
  token of its own (the neighbours of a hedge or a loaded word, where a
  comma or a quote mark says something);
* :data:`NAME_WORD` also joins letters with inner periods and keeps a
  trailing period, so that initials and abbreviations in a name stay one
  word ("J.R.", "Jr.", "Gen.").

Counting words:

* :func:`is_word` says which tokens of a segmentation
  (:mod:`narratives.segment`) are words: those holding a letter or digit.
  The documents table's ``n_words`` and the framing rates per 1,000 words
  count these, with :func:`count_word_spans` (the same count for many
  tokens at once, without a Python step per token).
* :func:`count_words` counts the whitespace-separated words of a text, the
  usual measure of throughput (words per second in ``benchmarks/``) and of
  a text's length where no segmentation is at hand; it needs no tokenizer,
  so speed figures stay comparable across versions of the tokenizer.
"""

from __future__ import annotations

import functools
import re

import numpy as np

__all__ = ["NAME_WORD", "WORD", "WORD_OR_MARK", "count_word_spans", "count_words", "is_word"]

_LETTERS = r"[^\W_]+"
"""Letters and digits (a word character other than the underscore)."""


def _joined(joiners: str, tail: str = "") -> str:
    """Runs of :data:`_LETTERS` joined by single characters of ``joiners`` (a character class body), then ``tail``."""
    return rf"{_LETTERS}(?:[{joiners}]{_LETTERS})*{tail}"


WORD = re.compile(_joined(r"'\u2019\-"))
"""A word: letters and digits, with inner hyphens and apostrophes."""

WORD_OR_MARK = re.compile(rf"{WORD.pattern}|[^\w\s]")
"""A :data:`WORD`, or one punctuation mark or symbol."""

NAME_WORD = re.compile(_joined(r"'\u2019.\-", r"\.?"))
"""A word of a name: a :data:`WORD` that may also hold inner periods and end with one (initials)."""


def is_word(token: str) -> bool:
    """Whether a token holds a letter or digit (what word counts count)."""
    return token.isalnum() or any(map(str.isalnum, token))


WORD_COUNT_SPANS = 1 << 16
"""Spans whose characters :func:`count_word_spans` reads at once (bounds its memory on a long text)."""


def count_word_spans(text: str, starts: np.ndarray, ends: np.ndarray) -> int:
    """How many of the spans ``text[starts[i]:ends[i]]`` are words (:func:`is_word`).

    Each character's ``str.isalnum`` is looked up (code points below
    U+10000 in a table, lone surrogates included) and counted up to each
    offset: a span holds a letter or digit when the count grows inside it.
    The spans are read :data:`WORD_COUNT_SPANS` at a time.
    """
    return sum(_word_spans(text, starts[i : i + WORD_COUNT_SPANS], ends[i : i + WORD_COUNT_SPANS]) for i in range(0, len(starts), WORD_COUNT_SPANS))


def _word_spans(text: str, starts: np.ndarray, ends: np.ndarray) -> int:
    if not len(starts):
        return 0
    base = int(starts.min())
    codes = np.frombuffer(text[base : int(ends.max())].encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    alnum = _alnum_table()[np.minimum(codes, 0xFFFF)]
    astral = np.flatnonzero(codes > 0xFFFF)
    alnum[astral] = [chr(code).isalnum() for code in codes[astral].tolist()]
    before = np.zeros(len(codes) + 1, dtype=np.int64)  # alphanumeric characters before each offset
    np.cumsum(alnum, out=before[1:])
    return int(np.count_nonzero(before[ends - base] > before[starts - base]))


@functools.cache
def _alnum_table() -> np.ndarray:
    """``str.isalnum`` of every code point below U+10000, as a look-up array."""
    return np.fromiter(map(str.isalnum, map(chr, range(0x10000))), dtype=bool, count=0x10000)


def count_words(text: str) -> int:
    """The number of whitespace-separated words in ``text`` (throughput figures, text length)."""
    return len(text.split())
