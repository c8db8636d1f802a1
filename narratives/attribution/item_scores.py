"""Item scores of the span stage, computed from weight tables instead of feature strings.

:meth:`FeatureExtractor.span_features` describes each token of a cue's
window with strings; crfsuite learns one weight per string and label.
At prediction time the same sum of weights is computed here for all the
cues of a document at once: the attributes that depend only on a token
are looked up once per document, those that depend on the token's place
relative to the cue (side, distance bucket, sentences away, quote marks
and commas in between, ...) come from small tables indexed with numpy.
:func:`span_scores` must describe every token exactly as ``span_features``
does; ``tests/test_attribution.py`` checks that both give crfsuite's
labels and marginals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from narratives.attribution.crf import LinearChainCRF
from narratives.attribution.features import FeatureExtractor, TokenTable, _distance_bucket

__all__ = ["CueRequest", "SpanScorer", "TokenScores"]

SIDES = ("B", "A", "C")
"""Before the cue, after it, inside it (the ``side`` of ``span_features``)."""
QUOTE_STATES = ("O", "I", "Q")
_QUOTE_INDEX = {state: k for k, state in enumerate(QUOTE_STATES)}
_ADJACENT = len(QUOTE_STATES)
"""Index of ``adj`` after the quote states in the ``saq`` table."""
_MAX_DISTANCE = 26
BUCKETS = tuple(dict.fromkeys(_distance_bucket(d) for d in range(_MAX_DISTANCE + 1)))
_BUCKET_OF = np.array([BUCKETS.index(_distance_bucket(d)) for d in range(_MAX_DISTANCE + 1)])
_AWAY = range(-2, 4)
"""Sentences away from the cue's sentence, clipped as ``span_features`` does."""
_TAG_ROWS = 16 + len(SIDES) * len(BUCKETS)
"""Rows per tag in :meth:`SpanScorer._rows_of_tag`."""
_CACHE_LIMIT = 200_000
"""Entries kept in the per-word and per-lemma row caches before they are cleared."""


@dataclass(frozen=True)
class TokenScores:
    """Per-token arrays of one document (:meth:`SpanScorer.prepare`): scores that do not depend on the cue."""

    own: np.ndarray
    """``(n, n_labels)``: word, lemma, tag, shape and quote-state attributes."""
    sided: np.ndarray
    """``(n, 3, n_labels)``: side + tag, side + word, side + quote state + tag, for each side."""
    by_distance: np.ndarray
    """``(n, 3, n_buckets)`` rows of side + distance bucket + tag."""
    plus_two: np.ndarray
    before: np.ndarray
    after: np.ndarray
    """Neighbours' attributes (``p+2=``; ``p-1=``, ``w-1=``; ``p1=``, ``w1=``), ``(n, n_labels)`` each."""
    quote: np.ndarray
    quote_ids: np.ndarray
    sentence_of: np.ndarray
    is_start: np.ndarray
    is_end: np.ndarray
    mark_count: np.ndarray
    comma_count: np.ndarray
    """Quote marks / commas before each token (prefix sums, length n + 1)."""


@dataclass(frozen=True)
class CueRequest:
    """One cue whose window is to be scored: its tokens and the other cues' tokens."""

    first: int
    stop: int
    others: frozenset[int]


class SpanScorer:
    """Scores the windows of a document's cues with a span-stage :class:`LinearChainCRF`.

    Parameters
    ----------
    crf
        The span model's weights.
    extractor
        The feature extractor the model was trained with (for windows,
        adjacent quotations and postposed cues).
    """

    def __init__(self, crf: LinearChainCRF, extractor: FeatureExtractor) -> None:
        self.crf = crf
        self.extractor = extractor
        vector = crf.vector
        self._start = vector("__start__")
        self._distance = np.array([[vector(f"side={s}", f"d={s}{b}") for b in BUCKETS] for s in SIDES])
        self._away = np.array([vector(f"sa={a}") for a in _AWAY])
        self._away_quote = np.array([[vector(f"saq={a}{q}") for q in (*QUOTE_STATES, "adj")] for a in _AWAY])
        self._quote_pair = np.array([[vector(f"qq={q}{c}") for c in QUOTE_STATES] for q in QUOTE_STATES])
        self._marks = np.array([[vector(f"mk={s}{n}") for n in range(3)] for s in SIDES])
        self._commas = np.array([[vector(f"cm={s}{n}") for n in range(3)] for s in SIDES])
        self._adjacent = np.array([vector("adjq", f"adjq|{s}") for s in SIDES])
        self._postposed = np.array([vector("postposed", f"postposed|q={q}") for q in QUOTE_STATES])
        self._sentence_end = np.array([vector(f"send|{s}") for s in SIDES])
        self._sentence_start = np.array([[vector(f"sstart|{s}", f"sstart|{s}{a}") for a in _AWAY] for s in SIDES])
        self._bos = vector("bos")
        self._other = vector("othercue")
        self._other_before, self._other_after = vector("othercue-1"), vector("othercue1")
        self._next_before, self._next_after = vector("nextto-1"), vector("nextto1")
        self._word_rows: dict[str, tuple[int, ...]] = {}
        self._tag_rows: dict[str, tuple[int, ...]] = {}
        self._piece_rows: dict[str, int] = {}

    # ------------------------------------------------------------- per token

    def _rows_of_word(self, piece: str) -> tuple[int, ...]:
        """Rows of ``w=``, ``B/A/C`` + ``w=``, ``w-1=``, ``w1=`` for a word piece."""
        rows = self._word_rows.get(piece)
        if rows is None:
            if len(self._word_rows) > _CACHE_LIMIT:
                self._word_rows.clear()
            row, word = self.crf.row, piece[2:]
            rows = (row(piece), *(row(s + piece) for s in SIDES), row("w-1=" + word), row("w1=" + word))
            self._word_rows[piece] = rows
        return rows

    def _rows_of_tag(self, tag: str) -> tuple[int, ...]:
        """Rows of every attribute built from a tag: ``p=``, side + ``p=``, ``p+2=``, ``p-1=``, ``p1=``,
        ``sqp=`` (side x quote state) and side + distance bucket + ``p=``."""
        rows = self._tag_rows.get(tag)
        if rows is None:
            row, piece = self.crf.row, "p=" + tag
            rows = (
                row(piece),
                *(row(s + piece) for s in SIDES),
                row("p+2=" + tag),
                row("p-1=" + tag),
                row("p1=" + tag),
                *(row(f"sqp={s}{q}{piece}") for s in SIDES for q in QUOTE_STATES),
                *(row(f"{s}{b}{piece}") for s in SIDES for b in BUCKETS),
            )
            self._tag_rows[tag] = rows
        return rows

    def _row_of_piece(self, piece: str) -> int:
        row = self._piece_rows.get(piece)
        if row is None:
            if len(self._piece_rows) > _CACHE_LIMIT:
                self._piece_rows.clear()
            row = self._piece_rows[piece] = self.crf.row(piece)
        return row

    # ------------------------------------------------------------- per document

    def prepare(self, table: TokenTable, pieces: list[tuple[str, ...]]) -> TokenScores:
        """The scores and facts of each token that do not depend on the cue (once per document)."""
        weights = self.crf.weights
        n = len(table)
        word_rows = np.array([self._rows_of_word(p[0]) for p in pieces], dtype=np.intp).reshape(n, 6)
        tag_rows = np.array([self._rows_of_tag(t) for t in table.tags], dtype=np.intp).reshape(n, _TAG_ROWS)
        piece_rows = np.array([[self._row_of_piece(p[1]), self._row_of_piece(p[3]), self._row_of_piece(p[4])] for p in pieces], dtype=np.intp).reshape(n, 3)
        quote = np.array([_QUOTE_INDEX[q] for q in table.quotes], dtype=np.intp)
        own = weights[word_rows[:, 0]] + weights[tag_rows[:, 0]] + weights[piece_rows].sum(axis=1)
        sided = weights[word_rows[:, 1:4]] + weights[tag_rows[:, 1:4]]
        sided += weights[tag_rows[:, 7:16].reshape(n, 3, 3)[np.arange(n), :, quote]]
        zero = np.zeros((1, weights.shape[1]))
        bounds = table.segmentation.sentence_tokens
        is_start = np.zeros(n, dtype=bool)
        is_end = np.zeros(n, dtype=bool)
        is_start[[first for first, stop in bounds if first < stop]] = True
        is_end[[stop - 1 for first, stop in bounds if first < stop]] = True
        return TokenScores(
            own=own,
            sided=sided,
            by_distance=tag_rows[:, 16:].reshape(n, 3, len(BUCKETS)),
            # Neighbour attributes of token i: of i+2 ("p+2="), of i-1 ("p-1=", "w-1="), of i+1 ("p1=", "w1=").
            plus_two=np.concatenate([weights[tag_rows[2:, 4]], zero, zero])[:n],
            before=np.concatenate([zero, weights[tag_rows[:-1, 5]] + weights[word_rows[:-1, 4]]])[:n],
            after=np.concatenate([weights[tag_rows[1:, 6]] + weights[word_rows[1:, 5]], zero])[:n],
            quote=quote,
            quote_ids=np.asarray(table.quote_ids, dtype=np.intp),
            sentence_of=np.asarray(table.sentence_of, dtype=np.intp),
            is_start=is_start,
            is_end=is_end,
            mark_count=np.concatenate([[0], np.cumsum(quote == _QUOTE_INDEX["Q"])]),
            comma_count=np.concatenate([[0], np.cumsum([w == "," for w in table.words])]),
        )

    def scores(self, table: TokenTable, tokens: TokenScores, requests: Sequence[CueRequest]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Item scores of each request's window, the start item first.

        Parameters
        ----------
        table
            The document.
        tokens
            From :meth:`prepare` for this document.
        requests
            The cues.

        Returns
        -------
        (window_firsts, scores, lengths)
            The first token of each window; ``(n_requests, max_length + 1,
            n_labels)`` scores ready for :meth:`LinearChainCRF.viterbi`
            (item 0 is the start item); each window's length + 1.
        """
        weights = self.crf.weights
        n_labels = weights.shape[1]
        n = len(table)
        if not requests:
            return np.empty(0, dtype=np.intp), np.empty((0, 1, n_labels)), np.empty(0, dtype=np.intp)
        quote, quote_ids, sentence_of = tokens.quote, tokens.quote_ids, tokens.sentence_of
        mark_count, comma_count = tokens.mark_count, tokens.comma_count

        # The windows, one after another in flat arrays.
        extractor = self.extractor
        n_req = len(requests)
        firsts = np.empty(n_req, dtype=np.intp)
        stops = np.empty(n_req, dtype=np.intp)
        cue_firsts = np.array([r.first for r in requests], dtype=np.intp)
        cue_stops = np.array([r.stop for r in requests], dtype=np.intp)
        postposed = np.full(n_req, -1, dtype=np.intp)
        cue_words = np.empty((n_req, 3, n_labels))
        adjacent_keys, other_keys = [], []
        for w, request in enumerate(requests):
            firsts[w], stops[w] = extractor.window(table, request.first, request.stop)
            comma = extractor.postposed_comma(table, request.first, request.stop)
            if comma is not None:
                postposed[w] = comma
            head, full = table.lemmas[request.first], " ".join(table.lemmas[request.first : request.stop])
            cue_words[w] = [self.crf.vector(f"cue={head}|{s}", f"cuefull={full}|{s}") for s in SIDES]
            adjacent_keys.extend(w * (n + 1) + q for q in extractor.adjacent_quotes(table, request.first, request.stop))
            other_keys.extend(w * (n + 1) + i for i in request.others)
        lengths = stops - firsts
        win = np.repeat(np.arange(n_req), lengths)
        offsets = np.concatenate([[0], np.cumsum(lengths)])
        position = np.arange(len(win)) - offsets[win]
        idx = firsts[win] + position
        first, stop, cue_first, cue_stop = firsts[win], stops[win], cue_firsts[win], cue_stops[win]
        side = np.where(idx < cue_first, 0, np.where(idx >= cue_stop, 1, 2))
        distance = np.where(side == 0, cue_first - idx, np.where(side == 1, idx - cue_stop + 1, 0))
        bucket = _BUCKET_OF[np.minimum(distance, _MAX_DISTANCE)]
        cue_sentence = sentence_of[cue_firsts][win]
        away = np.clip(sentence_of[idx] - cue_sentence, -2, 3) + 2
        token_quote = quote[idx]
        adjacent = (quote_ids[idx] >= 0) & np.isin(win * (n + 1) + quote_ids[idx], adjacent_keys)
        marks = np.where(side == 0, mark_count[cue_first] - mark_count[np.minimum(idx + 1, cue_first)], np.where(side == 1, mark_count[idx] - mark_count[cue_stop], 0))
        commas = np.where(side == 0, comma_count[cue_first] - comma_count[np.minimum(idx + 1, cue_first)], np.where(side == 1, comma_count[idx] - comma_count[cue_stop], 0))
        keys = win * (n + 1) + idx
        other = np.isin(keys, other_keys)
        other_before = np.isin(keys - 1, other_keys) & (idx - 1 >= first)
        other_after = np.isin(keys + 1, other_keys) & (idx + 1 < stop)
        post = postposed[win]
        in_postposed = (post >= 0) & (sentence_of[idx] == cue_sentence) & (idx < post)

        flat = tokens.own[idx] + tokens.sided[idx, side] + weights[tokens.by_distance[idx, side, bucket]]
        flat += tokens.plus_two[idx] * (idx + 2 < stop)[:, None]
        flat += tokens.before[idx] * (idx - 1 >= first)[:, None]
        flat += tokens.after[idx] * (idx + 1 < stop)[:, None]
        flat += self._distance[side, bucket] + self._away[away]
        flat += self._away_quote[away, np.where(adjacent, _ADJACENT, token_quote)]
        flat += self._quote_pair[token_quote, quote[cue_firsts][win]]
        flat += self._marks[side, np.minimum(marks, 2)] + self._commas[side, np.minimum(commas, 2)]
        flat += cue_words[win, side]
        flat += self._adjacent[side] * adjacent[:, None]
        flat += self._postposed[token_quote] * in_postposed[:, None]
        flat += self._sentence_end[side] * tokens.is_end[idx][:, None]
        flat += self._sentence_start[side, away] * tokens.is_start[idx][:, None]
        flat += np.outer(position == 0, self._bos)
        flat += np.outer(other, self._other) + np.outer(other_before, self._other_before) + np.outer(other_after, self._other_after)
        flat += np.outer((idx - 1 >= cue_first) & (idx - 1 < cue_stop) & (idx - 1 >= first), self._next_before)
        flat += np.outer((idx + 1 >= cue_first) & (idx + 1 < cue_stop) & (idx + 1 < stop), self._next_after)

        scores = np.zeros((n_req, int(lengths.max(initial=0)) + 1, n_labels))
        scores[:, 0] = self._start
        scores[win, position + 1] = flat
        return firsts, scores, lengths + 1
