"""Read the CoreNLP token files that come with PolNeAR-style corpora.

One token a line, ``token<TAB>start<TAB>end<TAB>POS<TAB>lemma<TAB>NER``, a
blank line between sentences. Offsets are character offsets into the
article text, end exclusive. Used for training (POS tags, lemmas) and for
evaluating sentence segmentation against CoreNLP's sentences.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from narratives.errors import DataError


@dataclass(frozen=True, slots=True)
class CoreToken:
    """One CoreNLP token with its character offsets."""

    text: str
    start: int
    end: int
    pos: str
    lemma: str
    ner: str


def read_corenlp_tokens(path: str | Path) -> list[list[CoreToken]]:
    """Return the sentences of a CoreNLP token file, each a list of tokens.

    Raises
    ------
    DataError
        If a non-blank line does not have six tab-separated fields with
        integer offsets.
    """
    path = Path(path)
    sentences: list[list[CoreToken]] = []
    current: list[CoreToken] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            if not line:
                if current:
                    sentences.append(current)
                    current = []
                continue
            fields = line.split("\t")
            try:
                text, start, end, pos, lemma, ner = fields
                current.append(CoreToken(text, int(start), int(end), pos, lemma, ner))
            except ValueError:
                raise DataError(
                    "N201",
                    f"expected 6 tab-separated fields (token, start, end, POS, lemma, NER), found {len(fields)}: {line[:60]!r}.",
                    "Fix or remove this line; sentences are separated by blank lines.",
                    path=path,
                    line=number,
                ) from None
    if current:
        sentences.append(current)
    return sentences


def sentence_bounds(sentences: list[list[CoreToken]]) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence: first token's start, last token's end."""
    return [(tokens[0].start, tokens[-1].end) for tokens in sentences]
