"""An article's headline: the first line of its text when a blank line follows it.

News articles as they are stored for analysis (the SemEval corpora,
``corpora/karabakh-2020``, most scraped pages) open with their title on a
line of its own, then a blank line, then the body. A headline states the
article's angle in a dozen words, so a story model may weigh its n-grams
more than the body's (``StoryClassifier(headline_weight=...)``). A text
whose first line is not followed by a blank line (a statement's content,
a one-paragraph note) has no headline; nor has one whose first line is
longer than :data:`MAX_HEADLINE_WORDS` words (a lead paragraph, not a
title). A text without a title whose first paragraph is one short line
(a lead sentence) has that line taken as its headline.

>>> headline("Troops cross the river\\n\\nThe army said on Monday...")
'Troops cross the river'
>>> headline("Troops crossed the river, the army said.")
''
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from narratives.stories.ngrams import NgramIndex

__all__ = ["MAX_HEADLINE_WORDS", "headline", "headline_counts"]

MAX_HEADLINE_WORDS = 40
"""Longest first line taken as a headline (the SemEval-2023 and -2025 English titles have at most 39 words)."""

_FIRST_LINE = re.compile(r"[ \t]*([^\n]*\S)[ \t]*\r?\n[ \t]*\r?\n")


def headline(text: str) -> str:
    """The text's first line when a blank line follows it and it has at most :data:`MAX_HEADLINE_WORDS` words, else ``""``."""
    if "\n" not in text:  # most statements' contents: no regular expression needed
        return ""
    found = _FIRST_LINE.match(text)
    if found is None or len(found.group(1).split(None, MAX_HEADLINE_WORDS)) > MAX_HEADLINE_WORDS:
        return ""
    return found.group(1)


def headline_counts(index: NgramIndex, texts: Sequence[str]) -> sp.csr_matrix:
    """The n-gram counts of each text's :func:`headline`: one row per text, empty for a text without one.

    Only the headlines found are counted (a batch of statements' contents
    has few), then put in their texts' rows.
    """
    lines = [headline(text) for text in texts]
    rows = [i for i, line in enumerate(lines) if line]
    found = index.counts([lines[i] for i in rows])
    placed = sp.csr_matrix((np.ones(len(rows)), (rows, np.arange(len(rows)))), shape=(len(lines), len(rows)))
    return (placed @ found).tocsr()
