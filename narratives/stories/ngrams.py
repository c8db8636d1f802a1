"""Counting a fixed vocabulary's word n-grams in many texts at once.

:class:`NgramIndex` gives the same matrix as scikit-learn's
``CountVectorizer(ngram_range=ngrams, vocabulary=vocabulary)`` (lower-cased
texts, tokens of two or more word characters, n-grams joined by a space),
without a Python step per n-gram. The vocabulary is laid out once as
arrays: each word of any vocabulary n-gram gets a number, each n-gram
prefix a number, and the prefixes of length ``k`` are a sorted array of
``prefix(k - 1) × n_words + word`` keys. A batch of texts is then
tokenised by one compiled pattern, its words numbered by one C-level
``map``, and all its n-grams are found with array arithmetic and
``searchsorted``: no n-gram string is ever built. That matters because
``analyze`` sends every document and every statement's content through
the story models.

>>> index = NgramIndex({"the town": 0, "troops": 1, "shelled": 2})
>>> index.counts(["Troops shelled the town.", "the town"]).toarray().tolist()
[[1.0, 1.0, 1.0], [1.0, 0.0, 0.0]]
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from itertools import chain, islice, repeat

import numpy as np
import scipy.sparse as sp

__all__ = ["TOKEN_PATTERN", "NgramIndex", "ngram_counts"]

TOKEN_PATTERN = r"(?u)\b\w\w+\b"
"""A token: two or more word characters (scikit-learn's default ``token_pattern``)."""
_TOKEN = re.compile(r"\w\w+")
"""Finds the same tokens as :data:`TOKEN_PATTERN`, faster: ``findall`` only ever tries it at the start of a run of word characters, and ``\\w+`` takes the whole run."""
_SPACE = re.compile(r"\s")
BATCH_CHARACTERS = 250_000
"""Characters of text tokenised at once; a longer text is read in pieces."""
BATCH_TOKENS = 50_000
"""Tokens whose n-grams are found together (bounds the memory of the arrays)."""


class NgramIndex:
    """A vocabulary of word n-grams, laid out for counting with array look-ups.

    Parameters
    ----------
    vocabulary
        n-gram (words joined by one space) -> column.
    ngrams
        ``(shortest, longest)`` n-gram length counted.
    """

    def __init__(self, vocabulary: Mapping[str, int], ngrams: tuple[int, int] = (1, 2)) -> None:
        shortest, longest = ngrams
        if not 1 <= shortest <= longest:
            raise ValueError(f"ngrams must be (shortest, longest) with 1 <= shortest <= longest, got {ngrams!r}")
        self.ngrams = (shortest, longest)
        self.width = max(vocabulary.values(), default=-1) + 1
        terms = [(term.split(" "), column) for term, column in vocabulary.items()]
        self.words: dict[str, int] = {}
        for words, _ in terms:
            for word in words:
                self.words.setdefault(word, len(self.words))
        n_words = max(len(self.words), 1)
        sequences = [([self.words[word] for word in words], column) for words, column in terms]
        # Level 1: a prefix of one word is the word itself.
        self.keys: list[np.ndarray] = [np.arange(len(self.words), dtype=np.int64)]
        self.columns: list[np.ndarray] = [np.full(len(self.words), -1, dtype=np.intp)]
        prefix_ids: list[list[int]] = [ids[:1] for ids, _ in sequences]  # each term's prefix numbers, level by level
        for ids, column in sequences:
            if len(ids) == 1:
                self.columns[0][ids[0]] = column
        for level in range(2, longest + 1):
            long_enough = [k for k, (ids, _) in enumerate(sequences) if len(ids) >= level]
            term_keys = np.array([prefix_ids[k][level - 2] * n_words + sequences[k][0][level - 1] for k in long_enough], dtype=np.int64)
            keys = np.unique(term_keys)
            columns = np.full(len(keys), -1, dtype=np.intp)
            for k, position in zip(long_enough, np.searchsorted(keys, term_keys).tolist()):
                prefix_ids[k].append(position)
                ids, column = sequences[k]
                if len(ids) == level:
                    columns[position] = column
            self.keys.append(keys)
            self.columns.append(columns)
        self._n_words = n_words

    def counts(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Occurrences of each vocabulary n-gram in each text: ``(len(texts), width)`` float64, sorted indices.

        Texts are tokenised in batches of about :data:`BATCH_CHARACTERS`
        characters; a longer text is read in pieces cut at white space, each
        piece followed by the first words of the next, so an n-gram across
        a cut is counted once. Memory stays bounded for any text length.
        """
        blocks = [self._count_block(*block) for block in self._blocks(texts)]
        rows = np.concatenate([block[0] for block in blocks] or [np.empty(0, dtype=np.intp)])
        columns = np.concatenate([block[1] for block in blocks] or [np.empty(0, dtype=np.intp)])
        data = np.concatenate([block[2] for block in blocks] or [np.empty(0)])
        counts = sp.csr_matrix((data, (rows, columns)), shape=(len(texts), self.width))
        counts.sum_duplicates()
        return counts

    def _blocks(self, texts: Sequence[str]) -> Iterator[tuple[list[list[str]], list[int], list[int]]]:
        """Batches of ``(token lists, text index of each, own token count of each)``.

        A token list's own tokens may be followed by up to ``longest - 1``
        tokens of the same text's next piece, where no n-gram may start.
        """
        extra = self.ngrams[1] - 1
        tokens: list[list[str]] = []
        rows: list[int] = []
        own: list[int] = []
        size = 0
        for row, text in enumerate(texts):
            # Most texts are read in one piece, which needs none of the look-ahead of _piece_tokens.
            lists = [(words := _TOKEN.findall(text.lower()), len(words))] if len(text) <= BATCH_CHARACTERS else _piece_tokens(text, extra)
            for found, n_own in lists:
                tokens.append(found)
                rows.append(row)
                own.append(n_own)
                size += n_own
                if size >= BATCH_TOKENS:
                    yield tokens, rows, own
                    tokens, rows, own, size = [], [], [], 0
        if tokens:
            yield tokens, rows, own

    def _count_block(self, tokens: list[list[str]], rows: list[int], own: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(rows, columns, counts)`` of the n-grams starting at each token list's own tokens (duplicates summed)."""
        longest, shortest = self.ngrams[1], self.ngrams[0]
        lengths = np.fromiter(map(len, tokens), dtype=np.intp, count=len(tokens))
        ids = np.fromiter(map(self.words.get, chain.from_iterable(tokens), repeat(-1)), dtype=np.int64, count=int(lengths.sum()))
        list_of = np.repeat(np.arange(len(tokens), dtype=np.intp), lengths)
        position = np.arange(len(ids)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        # Tokens left in a token's own list, itself included: an n-gram starting there must not run into the next list.
        left = lengths[list_of] - position
        startable = position < np.asarray(own, dtype=np.intp)[list_of]
        found_rows, found_columns = [], []
        prefix = ids  # prefix number of the n-gram starting at each token (-1: no vocabulary n-gram starts so)
        for level in range(1, longest + 1):
            if level > 1:
                previous, following = prefix[:-1], ids[level - 1 :]
                candidate = np.flatnonzero((previous >= 0) & (following >= 0) & (left[: len(previous)] >= level))
                key = previous[candidate] * self._n_words + following[candidate]
                keys = self.keys[level - 1]
                at = np.minimum(np.searchsorted(keys, key), max(len(keys) - 1, 0))
                found = keys[at] == key if len(keys) else np.zeros(len(key), dtype=bool)
                prefix = np.full(len(previous), -1, dtype=np.int64)
                prefix[candidate[found]] = at[found]
            if level < shortest:
                continue
            starts = np.flatnonzero((prefix >= 0) & startable[: len(prefix)])
            column = self.columns[level - 1][prefix[starts]]
            kept = column >= 0
            found_rows.append(list_of[starts[kept]])
            found_columns.append(column[kept])
        block = sp.coo_matrix(
            (np.ones(sum(map(len, found_rows))), (np.concatenate(found_rows), np.concatenate(found_columns))), shape=(len(tokens), max(self.width, 1))
        ).tocsr()
        block.sum_duplicates()
        block = block.tocoo()
        return np.asarray(rows, dtype=np.intp)[block.row], block.col.astype(np.intp), block.data


def _piece_tokens(text: str, extra: int) -> Iterator[tuple[list[str], int]]:
    """``(tokens, own token count)`` of each piece of a long text: the piece's tokens, then up to ``extra`` of the following pieces'."""
    pieces = (_TOKEN.findall(piece.lower()) for piece in _pieces(text))
    ahead: list[list[str]] = [next(pieces)]  # pieces read ahead, for the words after a cut
    while ahead:
        piece = ahead.pop(0)
        while sum(map(len, ahead)) < extra and (following := next(pieces, None)) is not None:
            ahead.append(following)
        after = list(islice(chain.from_iterable(ahead), extra))
        yield (piece + after if after else piece), len(piece)


def _pieces(text: str) -> Iterator[str]:
    """``text`` in consecutive pieces of about :data:`BATCH_CHARACTERS` characters, each cut at white space (no token is cut)."""
    start = 0
    while len(text) - start > BATCH_CHARACTERS:
        cut = max(text.rfind(space, start, start + BATCH_CHARACTERS) for space in " \n\t")
        if cut <= start:  # no white space in the stretch: cut at the next one, or take the rest
            found = _SPACE.search(text, start + BATCH_CHARACTERS)
            cut = found.start() if found else len(text)
        yield text[start:cut]
        start = cut
    yield text[start:]


def ngram_counts(texts: Sequence[str], vocabulary: Mapping[str, int], ngrams: tuple[int, int] = (1, 2)) -> sp.csr_matrix:
    """Occurrences of each vocabulary n-gram in each text (see :class:`NgramIndex`; build one to count many batches)."""
    return NgramIndex(vocabulary, ngrams).counts(texts)
