"""The tokens of one document, tagged: the table the attribution and framing models read.

:class:`TokenTable` holds a document's text, its
:class:`~narratives.segment.Segmentation`, and per token the word, the
part-of-speech tag, the lemma, the sentence and the quotation state (in or
out of a quotation, and which one). It is built once per document
(:meth:`TokenTable.build`); the attribution model, its rules and
coreference, and the loaded-language model read it. Offsets are the
segmentation's: ``text[starts[i]:ends[i]]`` is token ``i`` as written
(``words[i]`` reads two adjacent apostrophes as one ``''`` quote mark).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress, count

import numpy as np

from narratives.segment import Segmentation, segment
from narratives.tagging import LexicalTagger, default_tagger

OPEN_QUOTES = frozenset({"\u201c", "\u00ab", "``", "\u2018", "\u2039"})
"""Tokens that open a quotation."""
CLOSE_QUOTES = frozenset({"\u201d", "\u00bb", "\u2019", "\u203a"})
"""Tokens that close a quotation."""
AMBIGUOUS_QUOTES = frozenset({'"', "''"})
"""Tokens that open a quotation outside one and close it inside."""
_QUOTE_MARKS = OPEN_QUOTES | CLOSE_QUOTES | AMBIGUOUS_QUOTES


def quote_flags(words: list[str], paragraph_of: Sequence[int]) -> tuple[list[str], list[int]]:
    """Quotation state and quotation id of each token.

    The state is ``O`` (outside), ``I`` (inside) or ``Q`` (a quote mark);
    the id numbers quotations (``-1`` outside any). Curly quotes and
    guillemets open and close; straight double quotes toggle. A quotation
    still open at the end of a paragraph continues when the next paragraph
    opens with a quote mark (news style for a quote over several
    paragraphs), and ends there otherwise. Single curly quotes count only
    as tokens of their own (apostrophes inside words are part of the word).
    """
    n = len(words)
    flags = ["O"] * n
    ids = [-1] * n
    paragraphs = np.asarray(paragraph_of)
    paragraph_starts = set((np.flatnonzero(paragraphs[1:] != paragraphs[:-1]) + 1).tolist()) | ({0} if n else set())
    # Only quote marks and paragraph starts change the state: the tokens between them take it as it is.
    events = sorted(paragraph_starts.union(compress(count(), map(_QUOTE_MARKS.__contains__, words))))
    depth = 0
    current = -1
    next_id = 0
    done = 0  # tokens before this one have their state
    for i in events:
        if depth:
            flags[done:i] = ["I"] * (i - done)
            ids[done:i] = [current] * (i - done)
        done = i + 1
        word = words[i]
        if i in paragraph_starts:
            if depth > 0 and (word in OPEN_QUOTES or word in AMBIGUOUS_QUOTES):
                flags[i], ids[i] = "Q", current
                continue
            depth = 0
        is_open = word in OPEN_QUOTES or (word in AMBIGUOUS_QUOTES and depth == 0)
        is_close = word in CLOSE_QUOTES or (word in AMBIGUOUS_QUOTES and depth > 0)
        if is_open:
            if depth == 0:
                current, next_id = next_id, next_id + 1
            depth = min(depth + 1, 2)
            flags[i], ids[i] = "Q", current
        elif is_close:
            flags[i], ids[i] = "Q", current if depth else -1
            depth = max(depth - 1, 0)
        elif depth:
            flags[i], ids[i] = "I", current
    if depth:
        flags[done:n] = ["I"] * (n - done)
        ids[done:n] = [current] * (n - done)
    return flags, ids


def _merge_double_apostrophes(words: list[str], starts: Sequence[int], ends: Sequence[int]) -> None:
    """Read two adjacent apostrophe tokens (``''`` used as a quote mark) as one quote."""
    for i in range(len(words) - 1):
        if words[i] == "'" and words[i + 1] == "'" and ends[i] == starts[i + 1]:
            words[i] = words[i + 1] = "''"


@dataclass
class TokenTable:
    """The tokens of one document with everything the models read.

    Build it with :meth:`build`. ``starts``/``ends`` are the segmentation's
    token offsets; ``sentence_of[i]`` is the sentence of token ``i``,
    ``quotes[i]`` its quotation state and ``quote_ids[i]`` its quotation
    (see :func:`quote_flags`).
    """

    text: str
    segmentation: Segmentation
    words: list[str]
    starts: Sequence[int]
    ends: Sequence[int]
    tags: list[str]
    lemmas: list[str]
    sentence_of: list[int]
    quotes: list[str]
    quote_ids: list[int]

    @classmethod
    def build(cls, text: str, segmentation: Segmentation | None = None, tagger: LexicalTagger | None = None) -> TokenTable:
        """Segment (unless given), tokenize and tag ``text``."""
        seg = segmentation if segmentation is not None else segment(text)
        tagger = tagger or default_tagger()
        starts, ends = seg.token_starts, seg.token_ends  # shared, never changed
        distinct: dict[str, str] = {}
        words = [text[s:e] for s, e in zip(starts, ends)]
        words = list(map(distinct.setdefault, words, words))  # one string per distinct word: a long document repeats them
        _merge_double_apostrophes(words, starts, ends)
        tags, lemmas = tagger.tag_and_lemmatize(words)
        sentence_of = [0] * len(words)
        for index, (first, stop) in enumerate(seg.sentence_tokens):
            sentence_of[first:stop] = [index] * (stop - first)
        paragraph_of = np.repeat(np.asarray(seg.sentence_paragraph, dtype=np.intp), [stop - first for first, stop in seg.sentence_tokens])
        quotes, quote_ids = quote_flags(words, paragraph_of)
        return cls(text, seg, words, starts, ends, tags, lemmas, sentence_of, quotes, quote_ids)

    def __len__(self) -> int:
        return len(self.words)
