"""Item scores of both model stages, computed from weight tables instead of feature strings.

:class:`~narratives.attribution.features.FeatureExtractor` describes each
token with strings (crfsuite attributes); crfsuite learns one weight per
string and label. At prediction time the same sums of weights are
computed here for a whole document at once. :class:`CueScorer` looks up a
token's own attributes and the attributes it lends its neighbours once,
then adds them by sentence. :class:`SpanScorer` does the same for the
attributes of a token that do not depend on the cue, and takes those that
do (side, distance bucket, sentences away, quote marks and commas in
between, ...) from small tables indexed with numpy, for all the cues of a
document in one batch. Every attribute looked up is spelled by the
templates of :mod:`narratives.attribution.feature_spec`, as in
``cue_features`` and ``span_features``; ``tests/test_feature_spec.py``
checks on random documents that both give the same sums, and
``tests/test_crf.py`` that they give crfsuite's labels and marginals.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress, count, repeat

import numpy as np

from narratives.attribution import feature_spec as spec
from narratives.attribution.crf import LinearChainCRF
from narratives.attribution.feature_spec import DISTANCE_BUCKETS as BUCKETS
from narratives.attribution.feature_spec import (
    QUOTE_STATES,
    SIDES,
    distance_bucket,
    neighbour,
    piece,
    sided,
    sided_distance,
)
from narratives.attribution.features import STRONG_CUE_PRIOR, FeatureExtractor, _nearest_quote_marks
from narratives.tokens import TokenTable

__all__ = ["CueRequest", "CueScorer", "SpanScorer", "TokenScores", "TokenTypes"]

_QUOTE_INDEX = {state: k for k, state in enumerate(QUOTE_STATES)}
_ADJACENT = len(QUOTE_STATES)
"""Index of ``adj`` after the quote states in the ``saq`` table."""
_MAX_DISTANCE = 26
_BUCKET_OF = np.array([BUCKETS.index(distance_bucket(d)) for d in range(_MAX_DISTANCE + 1)])
_AWAY = range(-2, 4)
"""Sentences away from the cue's sentence, clipped as ``span_features`` does."""
_CUT = spec.PIECE_CUT
_LENT = spec.lent(spec.CUE_NEIGHBOURS)
"""The attributes a token type lends its neighbours in the cue stage."""
_OWN_ROWS = len(spec.PIECES) + 1
"""Rows of a cue-stage type for its own attributes: its pieces and ``lxp=``."""
_SIDED_WORD = tuple(sided(side, "w").prefix for side in SIDES)
_WORD_NEXT = tuple(neighbour("w", offset).prefix for offset in spec.SPAN_NEIGHBOURS)
"""Prefixes of the span stage's side + ``w=`` and of ``w-1=``, ``w1=``."""
_TAG_ROWS = 16 + len(SIDES) * len(BUCKETS)
"""Rows per tag in :meth:`SpanScorer._rows_of_tag`."""
_CACHE_LIMIT = 200_000
"""Token types (and cue lemmas) kept before they are forgotten (bounded memory over any corpus)."""


class TokenTypes:
    """Ids of token types, ``(word, lemma, tag, quote state)``: what a token's base attributes depend on.

    Shared by both scorers of a model, so that a document's tokens are
    looked up once; each scorer keeps its rows per type id
    (:class:`_TypeRows`). :meth:`bound` clears it when it has grown past
    :data:`_CACHE_LIMIT` (``generation`` then changes): call it before
    taking the ids of a batch, never while ids are in use.
    """

    def __init__(self) -> None:
        self.index: dict[tuple[str, str, str, str], int] = {}
        self.keys: list[tuple[str, str, str, str]] = []
        self.generation = 0

    def ids(self, table: TokenTable) -> np.ndarray:
        """The type id of each token of ``table``."""
        keys = list(zip(table.words, table.lemmas, table.tags, table.quotes))
        ids = list(map(self.index.get, keys))
        for k in compress(count(), map(operator.is_, ids, repeat(None))):  # types not seen before, in a C-level scan
            key = keys[k]
            found = self.index.get(key)
            if found is None:
                found = self.index[key] = len(self.keys)
                self.keys.append(key)
            ids[k] = found
        return np.array(ids, dtype=np.intp)

    def bound(self) -> None:
        """Forget every type when there are more than :data:`_CACHE_LIMIT` (bounded memory over any corpus)."""
        if len(self.keys) > _CACHE_LIMIT:
            self.index.clear()
            self.keys.clear()
            self.generation += 1


class _TypeRows:
    """One scorer's rows for each :class:`TokenTypes` id, computed once per type (int32: half the memory)."""

    def __init__(self, make) -> None:
        self.make = make
        self.table = np.empty((0, 0), dtype=np.int32)
        self.size = 0
        self.generation = -1

    def rows(self, types: TokenTypes, ids: np.ndarray) -> np.ndarray:
        if self.generation != types.generation:
            self.size, self.generation = 0, types.generation
        if len(types.keys) > self.size:
            new = np.array([self.make(key) for key in types.keys[self.size :]], dtype=np.int32)
            if len(self.table) < len(types.keys):
                grown = np.empty((max(2 * len(types.keys), 1024), new.shape[1]), dtype=np.int32)
                if self.size:
                    grown[: self.size] = self.table[: self.size]
                self.table = grown
            self.table[self.size : len(types.keys)] = new
            self.size = len(types.keys)
        return self.table[ids]


class CueScorer:
    """Scores every sentence of a document with a cue-stage :class:`LinearChainCRF`.

    Parameters
    ----------
    crf
        The cue model's weights.
    """

    def __init__(self, crf: LinearChainCRF, extractor: FeatureExtractor) -> None:
        self.crf = crf
        self.extractor = extractor
        vector = crf.vector
        self._start = vector("__start__")
        self._edge_before, self._edge_after = (vector(neighbour("w", offset)(spec.EDGE)) for offset in spec.EDGE_OFFSETS)
        self._quote_left = np.array([vector(spec.QUOTE_LEFT(b)) for b in (*BUCKETS, spec.NONE)])
        self._quote_right = np.array([vector(spec.QUOTE_RIGHT(b)) for b in (*BUCKETS, spec.NONE)])
        self._quoted = np.array([vector(spec.SENTENCE_QUOTED(str(flag))) for flag in (False, True)])
        self._strong_left = np.array([vector(spec.STRONG_LEFT(str(flag))) for flag in (False, True)])
        self._strong_right = np.array([vector(spec.STRONG_RIGHT(str(flag))) for flag in (False, True)])
        self._types = _TypeRows(self._rows_of_type)
        self._pairs = [_pair_rows(crf, template) for template in (spec.TAG_BEFORE, spec.TAG_AFTER, spec.LEMMA_AFTER)]

    def _rows_of_type(self, token: tuple[str, str, str, str]) -> tuple[int, ...]:
        """Rows of a token type: its pieces and ``lxp=`` (:data:`_OWN_ROWS`); what it lends the tokens 2 after,
        1 after, 1 before and 2 before it (:data:`_LENT`: ``w-2=``, ``p-2=``; ``w-1=``, ``p-1=``, ``l-1=``,
        ``cp-1=``, ``lx-1=``; ...); and 1 when its lemma is a strong cue."""
        row = self.crf.row
        pieces = self.extractor.pieces(*token)
        return (
            *map(row, pieces),
            row(spec.CLASS_TAG(pieces[7][_CUT["lx"] :], token[2][:2])),
            *(row(prefix + pieces[k][cut:]) for _, lent in _LENT for prefix, k, cut in lent),
            int(pieces[5] >= STRONG_CUE_PRIOR),
        )

    def scores(
        self, table: TokenTable, types: TokenTypes, type_ids: np.ndarray, sentences: Sequence[tuple[int, int]] | None = None
    ) -> tuple[list[tuple[int, int]], np.ndarray, np.ndarray]:
        """Item scores of each sentence with tokens, the start item first.

        ``type_ids``: :meth:`TokenTypes.ids` of the table's tokens.
        ``sentences``: the ``(first, stop)`` token ranges of consecutive
        sentences with tokens to score (default: every one); only their
        tokens are looked at.

        Returns
        -------
        (sentences, scores, lengths)
            ``(first, stop)`` token range of each scored sentence;
            ``(n_sentences, max_length + 1, n_labels)`` scores for
            :meth:`LinearChainCRF.viterbi`; each sentence's length + 1.
        """
        weights = self.crf.weights
        n_labels = weights.shape[1]
        if sentences is None:
            sentences = [(first, stop) for first, stop in table.segmentation.sentence_tokens if stop > first]
        if not sentences:
            return list(sentences), np.empty((0, 1, n_labels)), np.empty(0, dtype=np.intp)
        # Token positions below are counted from the first sentence's first token.
        base, end = sentences[0][0], sentences[-1][1]
        n, global_sentences = end - base, list(sentences)
        sentences = [(first - base, stop - base) for first, stop in sentences]
        tags, lemmas = table.tags[base:end], table.lemmas[base:end]
        first_of = np.zeros(n, dtype=np.intp)
        stop_of = np.zeros(n, dtype=np.intp)
        opening, closing = spec.SENTENCE_START, spec.SENTENCE_END
        previous_tags, next_tags, next_lemmas = [opening, *tags[:-1]], [*tags[1:], closing], [*lemmas[1:], closing]
        for first, stop in sentences:
            first_of[first:stop], stop_of[first:stop] = first, stop
            previous_tags[first] = opening
            next_tags[stop - 1] = next_lemmas[stop - 1] = closing
        types = self._types.rows(types, type_ids[base:end])
        own = weights[types[:, :_OWN_ROWS]].sum(axis=1)
        # Pairs with the neighbours ("pp=", "pn=", "ll=" attributes), looked up by pair.
        unknown = self.crf.unknown
        rows = [
            np.fromiter(map(pairs.get, zip(before, after), repeat(unknown)), dtype=np.intp, count=n)
            for pairs, before, after in zip(self._pairs, (previous_tags, tags, lemmas), (tags, next_tags, next_lemmas))
        ]
        own += weights[np.stack(rows, axis=1)].sum(axis=1)
        idx = np.arange(n)
        zero = np.zeros((2, n_labels))
        column = _OWN_ROWS
        for offset, lent in _LENT:
            lends = weights[types[:, column : column + len(lent)]].sum(axis=1)
            column += len(lent)
            inside = (idx + offset >= first_of) & (idx + offset < stop_of)
            own += np.concatenate([zero, lends, zero])[idx + offset + 2] * inside[:, None]
        own += np.outer(idx - 1 < first_of, self._edge_before) + np.outer(idx + 1 >= stop_of, self._edge_after)
        left, right = (np.asarray(marks, dtype=np.intp) for marks in _nearest_quote_marks(table.quotes[base:end]))
        none = len(BUCKETS)
        own += self._quote_left[np.where(left >= first_of, _BUCKET_OF[np.minimum(idx - left, _MAX_DISTANCE)], none)]
        own += self._quote_right[np.where(right < stop_of, _BUCKET_OF[np.minimum(right - idx, _MAX_DISTANCE)], none)]
        lengths = np.array([stop - first for first, stop in sentences], dtype=np.intp)
        at = np.repeat(np.arange(len(sentences)), lengths)
        token_order = np.concatenate([np.arange(first, stop) for first, stop in sentences])
        quoted = np.zeros(len(sentences), dtype=bool)
        quoted[at[np.array(table.quotes[base:end], dtype=object)[token_order] != "O"]] = True
        strong = types[token_order, -1].astype(bool)
        first_strong = np.full(len(sentences), n, dtype=np.intp)
        last_strong = np.full(len(sentences), -1, dtype=np.intp)
        np.minimum.at(first_strong, at[strong], token_order[strong])
        np.maximum.at(last_strong, at[strong], token_order[strong])
        items = own[token_order]
        items += self._quoted[quoted[at].astype(np.intp)]
        items += self._strong_left[(first_strong[at] < token_order).astype(np.intp)]
        items += self._strong_right[(last_strong[at] > token_order).astype(np.intp)]
        scores = np.zeros((len(sentences), int(lengths.max()) + 1, n_labels))
        scores[:, 0] = self._start
        offsets = np.concatenate([[0], np.cumsum(lengths)])
        scores[at, np.arange(len(token_order)) - offsets[at] + 1] = items
        return global_sentences, scores, lengths + 1


def _pair_rows(crf: LinearChainCRF, template: spec.Template) -> dict[tuple[str, str], int]:
    """``(a, b)`` -> row of the model's attribute ``template(a, b)``, for every such attribute.

    Every separator of an attribute is tried, so a pair finds its attribute
    even when ``a`` or ``b`` holds one.
    """
    found = {}
    prefix, separator = template
    for attribute, row in crf.attributes.items():
        if attribute.startswith(prefix):
            body = attribute[len(prefix) :]
            bar = body.find(separator)
            while bar >= 0:
                found[body[:bar], body[bar + len(separator) :]] = row
                bar = body.find(separator, bar + 1)
    return found


@dataclass(frozen=True)
class TokenScores:
    """Per-token arrays of a stretch of one document (:meth:`SpanScorer.prepare`): scores that do not depend on the cue.

    Row ``i`` is token ``offset + i`` of the document.
    """

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
    """Quote marks / commas before each token, counted from ``offset`` (prefix sums, length n + 1)."""
    offset: int = 0


@dataclass(frozen=True)
class CueRequest:
    """One cue whose window is to be scored: its tokens ``first`` to ``stop`` (exclusive)."""

    first: int
    stop: int


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
        away = [str(a) for a in _AWAY]
        self._start = vector("__start__")
        self._distance = np.array([[vector(spec.SIDE(s), spec.DISTANCE(s, b)) for b in BUCKETS] for s in SIDES])
        self._away = np.array([vector(spec.AWAY(a)) for a in away])
        self._away_quote = np.array([[vector(spec.AWAY_QUOTE(a, q)) for q in (*QUOTE_STATES, spec.ADJACENT)] for a in away])
        self._quote_pair = np.array([[vector(spec.QUOTE_PAIR(q, c)) for c in QUOTE_STATES] for q in QUOTE_STATES])
        self._marks = np.array([[vector(spec.MARKS(s, str(n))) for n in range(3)] for s in SIDES])
        self._commas = np.array([[vector(spec.COMMAS(s, str(n))) for n in range(3)] for s in SIDES])
        self._adjacent = np.array([vector(spec.ADJACENT_QUOTE(), spec.ADJACENT_QUOTE_SIDE(s)) for s in SIDES])
        self._postposed = np.array([vector(spec.POSTPOSED(), spec.POSTPOSED_QUOTE(piece("q")(q))) for q in QUOTE_STATES])
        self._sentence_end = np.array([vector(spec.SENTENCE_END_SIDE(s)) for s in SIDES])
        self._sentence_start = np.array([[vector(spec.SENTENCE_START_SIDE(s), spec.SENTENCE_START_SIDE(s, a)) for a in away] for s in SIDES])
        self._bos = vector(spec.WINDOW_START())
        self._other = vector(spec.OTHER_CUE())
        self._other_before, self._other_after = (vector(spec.other_cue(offset)()) for offset in (-1, 1))
        self._next_before, self._next_after = (vector(spec.next_to(offset)()) for offset in (-1, 1))
        self._tag_rows: dict[str, tuple[int, ...]] = {}  # a few dozen tags: each one's rows worked out once
        self._types = _TypeRows(self._rows_of_type)
        self._cue_vectors: dict[tuple[str, str], np.ndarray] = {}

    def _cue_words(self, head: str, full: str) -> np.ndarray:
        """``(3, n_labels)``: the ``cue=`` and ``cuefull=`` attributes of a cue's lemmas, for each side."""
        found = self._cue_vectors.get((head, full))
        if found is None:
            if len(self._cue_vectors) > _CACHE_LIMIT:
                self._cue_vectors.clear()
            found = self._cue_vectors[head, full] = np.array([self.crf.vector(spec.CUE_HEAD(head, s), spec.CUE_LEMMAS(full, s)) for s in SIDES])
        return found

    def _rows_of_type(self, token: tuple[str, str, str, str]) -> tuple[int, ...]:
        """Rows of a token type: ``w=``, side + ``w=`` (B, A, C), ``w-1=``, ``w1=``, ``l=``, ``s=``, ``q=``,
        then the :meth:`_rows_of_tag` of its tag."""
        row = self.crf.row
        word, lemma, _, shape, quote = self.extractor.pieces(*token)[:5]
        value = word[_CUT["w"] :]
        own = (row(word), *(row(prefix + value) for prefix in _SIDED_WORD), *(row(prefix + value) for prefix in _WORD_NEXT), row(lemma), row(shape), row(quote))
        tag_rows = self._tag_rows.get(token[2])
        if tag_rows is None:
            tag_rows = self._tag_rows[token[2]] = self._rows_of_tag(token[2])
        return own + tag_rows

    def _rows_of_tag(self, tag: str) -> tuple[int, ...]:
        """Rows of every attribute built from a tag: ``p=``, side + ``p=``, ``p+2=``, ``p-1=``, ``p1=``,
        ``sqp=`` (side x quote state) and side + distance bucket + ``p=``."""
        row, tag_piece = self.crf.row, piece("p")(tag)
        return (
            row(tag_piece),
            *(row(sided(s, "p")(tag)) for s in SIDES),
            row(spec.TAG_TWO_AFTER(tag)),
            *(row(neighbour("p", offset)(tag)) for offset in spec.SPAN_NEIGHBOURS),
            *(row(spec.SIDE_QUOTE_TAG(s, q, tag_piece)) for s in SIDES for q in QUOTE_STATES),
            *(row(sided_distance(s, b)(tag)) for s in SIDES for b in BUCKETS),
        )

    # ------------------------------------------------------------- per document

    def prepare(self, table: TokenTable, types: TokenTypes, type_ids: np.ndarray, first: int = 0, stop: int | None = None) -> TokenScores:
        """The scores and facts of tokens ``first`` to ``stop`` (all by default) that do not depend on the cue.

        ``type_ids``: :meth:`TokenTypes.ids` of the table's tokens. A
        window within ``first`` and ``stop`` is scored as with the whole
        document's: the neighbours' attributes past the ends, zero here,
        are never used for it.
        """
        weights = self.crf.weights
        stop = len(table) if stop is None else stop
        n = stop - first
        rows = self._types.rows(types, type_ids[first:stop]).reshape(n, 9 + _TAG_ROWS)
        types, tag_rows = rows[:, :9], rows[:, 9:]
        quote = np.array([_QUOTE_INDEX[q] for q in table.quotes[first:stop]], dtype=np.intp)
        own = weights[types[:, [0, 6, 7, 8]]].sum(axis=1) + weights[tag_rows[:, 0]]
        sided = weights[types[:, 1:4]] + weights[tag_rows[:, 1:4]]
        sided += weights[tag_rows[:, 7:16].reshape(n, 3, 3)[np.arange(n), :, quote]]
        zero = np.zeros((1, weights.shape[1]))
        held = table.segmentation.sentence_tokens[table.sentence_of[first] : table.sentence_of[stop - 1] + 1] if n else []
        bounds = [(a - first, b - first) for a, b in held if a < b]
        is_start = np.zeros(n, dtype=bool)
        is_end = np.zeros(n, dtype=bool)
        is_start[[a for a, _ in bounds if a >= 0]] = True
        is_end[[b - 1 for _, b in bounds if b <= n]] = True
        return TokenScores(
            own=own,
            sided=sided,
            by_distance=tag_rows[:, 16:].reshape(n, 3, len(BUCKETS)),
            # Neighbour attributes of token i: of i+2 ("p+2="), of i-1 ("p-1=", "w-1="), of i+1 ("p1=", "w1=").
            plus_two=np.concatenate([weights[tag_rows[2:, 4]], zero, zero])[:n],
            before=np.concatenate([zero, weights[tag_rows[:-1, 5]] + weights[types[:-1, 4]]])[:n],
            after=np.concatenate([weights[tag_rows[1:, 6]] + weights[types[1:, 5]], zero])[:n],
            quote=quote,
            quote_ids=np.asarray(table.quote_ids[first:stop], dtype=np.intp),
            sentence_of=np.asarray(table.sentence_of[first:stop], dtype=np.intp),
            is_start=is_start,
            is_end=is_end,
            mark_count=np.concatenate([[0], np.cumsum(quote == _QUOTE_INDEX["Q"])]),
            comma_count=np.concatenate([[0], np.cumsum([w == "," for w in table.words[first:stop]])]),
            offset=first,
        )

    def scores(
        self,
        table: TokenTable,
        types: TokenTypes,
        type_ids: np.ndarray,
        requests: Sequence[CueRequest],
        cue_mask: np.ndarray | None = None,
        prepared: TokenScores | None = None,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Item scores of each request's window, the start item first.

        Parameters
        ----------
        table
            The document.
        types, type_ids
            The token types and :meth:`TokenTypes.ids` of the table's tokens
            (:meth:`prepare` is run on the windows' tokens only).
        requests
            The cues.
        cue_mask
            Which tokens belong to a cue of the document: for each request,
            those outside its own cue are the "other cues" of
            ``span_features``. None: no other cues.
        prepared
            :meth:`prepare` of the whole document, when the caller keeps it
            for several calls; None: the windows' tokens are prepared here.

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
        # The windows, one after another in flat arrays.
        extractor = self.extractor
        n_req = len(requests)
        firsts = np.empty(n_req, dtype=np.intp)
        stops = np.empty(n_req, dtype=np.intp)
        cue_firsts = np.array([r.first for r in requests], dtype=np.intp)
        cue_stops = np.array([r.stop for r in requests], dtype=np.intp)
        postposed = np.full(n_req, -1, dtype=np.intp)
        cue_words = np.empty((n_req, 3, n_labels))
        adjacent_keys: list[int] = []
        for w, request in enumerate(requests):
            adjacent = extractor.adjacent_quotes(table, request.first, request.stop)
            firsts[w], stops[w] = extractor.window(table, request.first, request.stop, adjacent)
            comma = extractor.postposed_comma(table, request.first, request.stop)
            if comma is not None:
                postposed[w] = comma
            cue_words[w] = self._cue_words(table.lemmas[request.first], " ".join(table.lemmas[request.first : request.stop]))
            adjacent_keys.extend(w * (n + 1) + q for q in adjacent)
        lengths = stops - firsts
        tokens = prepared if prepared is not None else self.prepare(table, types, type_ids, int(min(firsts.min(), cue_firsts.min())), int(max(stops.max(), cue_stops.max())))
        quote, quote_ids, sentence_of = tokens.quote, tokens.quote_ids, tokens.sentence_of
        mark_count, comma_count = tokens.mark_count, tokens.comma_count
        win = np.repeat(np.arange(n_req), lengths)
        offsets = np.concatenate([[0], np.cumsum(lengths)])
        position = np.arange(len(win)) - offsets[win]
        idx = firsts[win] + position
        local = idx - tokens.offset  # rows of ``tokens``
        first, stop, cue_first, cue_stop = firsts[win], stops[win], cue_firsts[win], cue_stops[win]
        side = np.where(idx < cue_first, 0, np.where(idx >= cue_stop, 1, 2))
        distance = np.where(side == 0, cue_first - idx, np.where(side == 1, idx - cue_stop + 1, 0))
        bucket = _BUCKET_OF[np.minimum(distance, _MAX_DISTANCE)]
        cue_sentence = sentence_of[cue_firsts - tokens.offset][win]
        away = np.clip(sentence_of[local] - cue_sentence, -2, 3) + 2
        token_quote = quote[local]
        adjacent = (quote_ids[local] >= 0) & np.isin(win * (n + 1) + quote_ids[local], adjacent_keys)
        cue_at, stop_at, next_at = cue_first - tokens.offset, cue_stop - tokens.offset, np.minimum(local + 1, cue_first - tokens.offset)
        marks = np.where(side == 0, mark_count[cue_at] - mark_count[next_at], np.where(side == 1, mark_count[local] - mark_count[stop_at], 0))
        commas = np.where(side == 0, comma_count[cue_at] - comma_count[next_at], np.where(side == 1, comma_count[local] - comma_count[stop_at], 0))
        in_cue = np.zeros(n, dtype=bool) if cue_mask is None else cue_mask
        before_idx, after_idx = np.maximum(idx - 1, 0), np.minimum(idx + 1, n - 1)
        other = in_cue[idx] & ((idx < cue_first) | (idx >= cue_stop))
        other_before = (idx - 1 >= first) & in_cue[before_idx] & ((idx - 1 < cue_first) | (idx - 1 >= cue_stop))
        other_after = (idx + 1 < stop) & in_cue[after_idx] & ((idx + 1 < cue_first) | (idx + 1 >= cue_stop))
        post = postposed[win]
        in_postposed = (post >= 0) & (sentence_of[local] == cue_sentence) & (idx < post)

        flat = tokens.own[local] + tokens.sided[local, side] + weights[tokens.by_distance[local, side, bucket]]
        flat += tokens.plus_two[local] * (idx + 2 < stop)[:, None]
        flat += tokens.before[local] * (idx - 1 >= first)[:, None]
        flat += tokens.after[local] * (idx + 1 < stop)[:, None]
        flat += self._distance[side, bucket] + self._away[away]
        flat += self._away_quote[away, np.where(adjacent, _ADJACENT, token_quote)]
        flat += self._quote_pair[token_quote, quote[cue_firsts - tokens.offset][win]]
        flat += self._marks[side, np.minimum(marks, 2)] + self._commas[side, np.minimum(commas, 2)]
        flat += cue_words[win, side]
        flat += self._adjacent[side] * adjacent[:, None]
        flat += self._postposed[token_quote] * in_postposed[:, None]
        flat += self._sentence_end[side] * tokens.is_end[local][:, None]
        flat += self._sentence_start[side, away] * tokens.is_start[local][:, None]
        flat += np.outer(position == 0, self._bos)
        flat += np.outer(other, self._other) + np.outer(other_before, self._other_before) + np.outer(other_after, self._other_after)
        flat += np.outer((idx - 1 >= cue_first) & (idx - 1 < cue_stop) & (idx - 1 >= first), self._next_before)
        flat += np.outer((idx + 1 >= cue_first) & (idx + 1 < cue_stop) & (idx + 1 < stop), self._next_after)

        scores = np.zeros((n_req, int(lengths.max(initial=0)) + 1, n_labels))
        scores[:, 0] = self._start
        scores[win, position + 1] = flat
        return firsts, scores, lengths + 1
