"""Token features for the attribution model.

A document is segmented and tagged once into a
:class:`~narratives.tokens.TokenTable`; the two CRF stages read it:

* **cue features** describe each token in its sentence (word, lemma, tag,
  shape, quotation state, how often the lemma is part of a cue in the
  training data, and the same for neighbours);
* **span features** describe each token of a window around one cue,
  relative to that cue (side, distance, sentences away, quotation state
  relative to the cue's, the cue's lemma), to find that cue's source and
  content.

Features are plain strings (crfsuite attributes), spelled by the templates
of :mod:`narratives.attribution.feature_spec` and built from per-token
pieces computed once per document; training reads them. Prediction
computes the same sums of weights without building the strings
(:mod:`narratives.attribution.item_scores`, from the same templates;
``tests/test_feature_spec.py`` checks on random documents that the two
agree, ``tests/test_crf.py`` that prediction gives crfsuite's labels).
"""

from __future__ import annotations

import functools
import tomllib
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import numpy as np

from narratives import lang
from narratives.attribution import feature_spec as spec
from narratives.attribution.feature_spec import distance_bucket, neighbour, piece, sided, sided_distance
from narratives.tokens import CLOSE_QUOTES, TokenTable

PREDICATES_PATH = Path(str(resources.files("narratives") / "data" / "attribution_predicates.toml"))

SIGNATURE_DASHES = frozenset({"-", "--", "\u2013", "\u2014", "\u2015"})
"""Dashes that can sign a quotation with its speaker's name (:meth:`FeatureExtractor.signed_quotes`)."""

WINDOW_BEFORE = 1
"""Sentences before the cue's sentence searched for its source and content."""
WINDOW_AFTER = 2
"""Sentences after the cue's sentence searched for its source and content."""
MAX_QUOTE_SENTENCES = 12
"""How far a quotation next to the cue can stretch the window, in sentences."""
POSTPOSED_TAIL = 6
"""Most words after a postposed cue before the sentence ends ("said on Monday.")."""
ADJACENT_TOKENS = 8
"""How far from the cue (in tokens: commas, the source's words) a quotation counts as next to it."""


@functools.cache
def predicate_classes() -> dict[str, str]:
    """``lemma -> "class1,class2"`` from ``data/attribution_predicates.toml``."""
    with PREDICATES_PATH.open("rb") as handle:
        classes = tomllib.load(handle)["classes"]
    found: dict[str, set[str]] = {}
    for name, words in classes.items():
        for word in words:
            found.setdefault(word, set()).add(name)
    return {word: ",".join(sorted(names)) for word, names in found.items()}


_INFLECTIONS = tuple(rule.partition(":")[::2] for rule in lang.word_list("inflections", "verb_suffixes"))
"""English verb suffixes and what undoes them, tried in order (``data/lang/en/inflections.toml``)."""


@functools.lru_cache(maxsize=1 << 16)
def predicate_class(lemma: str) -> str:
    """Predicate classes of a lemma, trying common English inflections of unknown forms (remembered per lemma)."""
    table = predicate_classes()
    if lemma in table:
        return table[lemma]
    for suffix, replacement in _INFLECTIONS:
        if lemma.endswith(suffix) and len(lemma) > len(suffix) + 2:
            stem = lemma[: -len(suffix)] + replacement
            if stem in table:
                return table[stem]
            if replacement == "" and len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in table:
                return table[stem[:-1]]
    return ""


def _shape(word: str) -> str:
    if word.isalpha():
        if word.isupper():
            return "X" if len(word) > 1 else "X1"
        if word[0].isupper():
            return "Xx"
        return "x"
    if word.isdigit():
        return "d"
    if any(c.isalnum() for c in word):
        return "mix"
    return "p"


class SignedQuote(NamedTuple):
    """Token indices of a quotation signed after a dash (:meth:`FeatureExtractor.signed_quotes`)."""

    dash: int
    name_stop: int
    """End (exclusive) of the name, which starts right after the dash."""
    quote_first: int
    quote_stop: int
    """The quotation's words, without its marks."""


def _bucket(value: float, edges: tuple[float, ...]) -> int:
    for index, edge in enumerate(edges):
        if value < edge:
            return index
    return len(edges)


_PRIOR_EDGES = (0.005, 0.05, 0.2, 0.5, 0.8)
STRONG_CUE_PRIOR = piece("cp")("4")
"""Cue-prior piece of lemmas that are inside a cue at least half the time."""
_W, _L, _P, _S, _Q, _CP, _X3, _LX = (piece(name).prefix for name in spec.PIECES)
_CUT = spec.PIECE_CUT
_CUE_NEIGHBOURS = spec.lent(spec.CUE_NEIGHBOURS)
_SPAN_NEIGHBOURS = spec.lent(spec.SPAN_NEIGHBOURS)
_EDGES = {offset: neighbour("w", offset)(spec.EDGE) for offset in spec.EDGE_OFFSETS}
_SIDED_TAG = {side: sided(side, "p") for side in spec.SIDES}
_SIDED_WORD = {side: sided(side, "w") for side in spec.SIDES}
_SIDED_DISTANCE = {(side, bucket): sided_distance(side, bucket) for side in spec.SIDES for bucket in spec.DISTANCE_BUCKETS}


def _nearest_quote_marks(quotes: list[str]) -> tuple[list[int], list[int]]:
    """Index of the nearest quote mark at or before / at or after each token (-1 / n if none)."""
    n = len(quotes)
    marks = np.array(quotes, dtype=object) == "Q" if n else np.zeros(0, dtype=bool)
    index = np.arange(n)
    left = np.maximum.accumulate(np.where(marks, index, -1)) if n else index
    right = np.minimum.accumulate(np.where(marks, index, n)[::-1])[::-1] if n else index
    return left.tolist(), right.tolist()


_NOUN_PHRASE_TAGS = frozenset({"DT", "JJ", "NN", "PR", "CD", "PO", "RB"})
"""Tag prefixes of the words of a short noun phrase (RB for "also", "both")."""


class FeatureExtractor:
    """Builds crfsuite attribute lists for both model stages.

    Parameters
    ----------
    cue_prior
        ``lemma -> share of its training occurrences inside a cue``.
    """

    def __init__(self, cue_prior: dict[str, float]) -> None:
        self.cue_prior = cue_prior

    def pieces(self, word: str, lemma: str, tag: str, quote: str) -> tuple[str, ...]:
        """A token's base attributes: word, lemma, tag, shape, quote, cue prior, suffix, predicate class."""
        lower = word.lower()
        return (
            _W + lower,
            _L + lemma,
            _P + tag,
            _S + _shape(word),
            _Q + quote,
            _CP + str(_bucket(self.cue_prior.get(lemma, 0.0), _PRIOR_EDGES)),
            _X3 + lower[-3:],
            _LX + predicate_class(lemma),
        )

    def token_pieces(self, table: TokenTable) -> list[tuple[str, ...]]:
        """:meth:`pieces` of every token of a document."""
        return [self.pieces(*token) for token in zip(table.words, table.lemmas, table.tags, table.quotes)]

    def cue_features(self, table: TokenTable, pieces: list[tuple[str, ...]]) -> list[list[list[str]]]:
        """Attribute lists for the cue stage, one sequence per sentence."""
        sequences = []
        lemmas, tags = table.lemmas, table.tags
        quote_left, quote_right = _nearest_quote_marks(table.quotes)
        none, start, end = spec.NONE, spec.SENTENCE_START, spec.SENTENCE_END
        for first, stop in table.segmentation.sentence_tokens:
            sequence = []
            sentence_quoted = any(q != "O" for q in table.quotes[first:stop])
            strong = [i for i in range(first, stop) if pieces[i][5] >= STRONG_CUE_PRIOR]
            for i in range(first, stop):
                feats = list(pieces[i])
                for offset, lent in _CUE_NEIGHBOURS:
                    j = i + offset
                    if first <= j < stop:
                        feats += [prefix + pieces[j][k][cut:] for prefix, k, cut in lent]
                    elif offset in _EDGES:
                        feats.append(_EDGES[offset])
                feats.append(spec.QUOTE_LEFT(distance_bucket(i - quote_left[i]) if quote_left[i] >= first else none))
                feats.append(spec.QUOTE_RIGHT(distance_bucket(quote_right[i] - i) if quote_right[i] < stop else none))
                feats.append(spec.SENTENCE_QUOTED(str(sentence_quoted)))
                feats.append(spec.CLASS_TAG(pieces[i][7][_CUT["lx"] :], tags[i][:2]))
                feats.append(spec.STRONG_LEFT(str(bool(strong) and strong[0] < i)))
                feats.append(spec.STRONG_RIGHT(str(bool(strong) and strong[-1] > i)))
                feats.append(spec.TAG_BEFORE(tags[i - 1] if i > first else start, tags[i]))
                feats.append(spec.TAG_AFTER(tags[i], tags[i + 1] if i + 1 < stop else end))
                feats.append(spec.LEMMA_AFTER(lemmas[i], lemmas[i + 1] if i + 1 < stop else end))
                sequence.append(feats)
            sequences.append(sequence)
        return sequences

    def window(self, table: TokenTable, cue_first: int, cue_stop: int, adjacent: set[int] | None = None) -> tuple[int, int]:
        """Token range ``(first, stop)`` searched for the source and content of a cue.

        The cue's sentence with :data:`WINDOW_BEFORE` sentences before and
        :data:`WINDOW_AFTER` after, stretched to hold the whole of any
        quotation next to the cue (up to :data:`MAX_QUOTE_SENTENCES`).
        ``adjacent``: the cue's :meth:`adjacent_quotes`, when the caller has them.
        """
        bounds = table.segmentation.sentence_tokens
        sentence = table.sentence_of[cue_first]
        low, high = max(0, sentence - WINDOW_BEFORE), min(len(bounds) - 1, sentence + WINDOW_AFTER)
        adjacent = self.adjacent_quotes(table, cue_first, cue_stop) if adjacent is None else adjacent
        if adjacent:
            ids = table.quote_ids
            k = bounds[high][1]
            limit = bounds[min(len(bounds) - 1, sentence + MAX_QUOTE_SENTENCES)][1]
            while k < limit and ids[k] in adjacent:
                k += 1
            high = max(high, table.sentence_of[k - 1])
            k = bounds[low][0] - 1
            limit = bounds[max(0, sentence - MAX_QUOTE_SENTENCES)][0]
            while k >= limit and ids[k] in adjacent:
                k -= 1
            low = min(low, table.sentence_of[k + 1])
        return bounds[low][0], bounds[high][1]

    @staticmethod
    def postposed_comma(table: TokenTable, cue_first: int, cue_stop: int) -> int | None:
        """Index of the comma of a postposed "..., <noun phrase> said." cue, if it is one.

        Only noun-phrase words (determiners, adjectives, nouns, names,
        pronouns, numbers, possessives) stand between the comma and the cue,
        and after the cue the sentence ends within a few words with no verb
        and no clause ("..., both sides alleged.", "..., officials said on
        Monday."), so what precedes the comma is what was said. "In a
        statement, officials said that ..." is not one.
        """
        first, stop = table.segmentation.sentence_tokens[table.sentence_of[cue_first]]
        after = range(cue_stop, stop)
        if len(after) > POSTPOSED_TAIL or any(
            table.tags[k][:2] in ("VB", "MD") or table.words[k].lower() == "that" or table.quotes[k] != "O" and table.words[k] not in CLOSE_QUOTES
            for k in after
        ):
            return None
        k = cue_first - 1
        while k > first and table.tags[k][:2] in _NOUN_PHRASE_TAGS and table.words[k] != ",":
            k -= 1
        if k > first and table.words[k] == "," and k < cue_first - 1:
            return k
        return None

    @staticmethod
    def adjacent_quotes(table: TokenTable, cue_first: int, cue_stop: int) -> set[int]:
        """Ids of quotations that end just before or start just after the cue."""
        ids, words = table.quote_ids, table.words
        found = set()
        for k in range(cue_first - 1, max(-1, cue_first - 1 - ADJACENT_TOKENS), -1):
            if ids[k] >= 0:
                found.add(ids[k])
                break
            if words[k] not in (",", "-", "—", "–") and table.tags[k][:2] not in ("NN", "PR", "DT", "JJ", "IN"):
                break
        for k in range(cue_stop, min(len(ids), cue_stop + ADJACENT_TOKENS)):
            if ids[k] >= 0:
                found.add(ids[k])
                break
            if words[k] not in (",", ":", "-", "—", "–") and table.tags[k][:2] not in ("NN", "PR", "DT", "JJ", "IN"):
                break
        if ids[cue_first] >= 0:
            found.discard(ids[cue_first])
        return found

    @staticmethod
    def signed_quotes(table: TokenTable) -> list[SignedQuote]:
        """Quotations signed with their speaker's name after a dash: '"We lost everything." -- Anna Petrosyan'.

        The dash follows the quotation's closing mark (on the same line or
        opening the next paragraph); one to four capitalised words follow
        it, and then the line ends, possibly after a full stop, or a comma
        or bracket opens an affiliation or a handle. Dashes that open a
        heading closed by another dash ("-- Ready to quiz Trump --.") are
        not signatures. PolNeAR annotates the dash as the cue, the name as
        the source and the quotation as the content (7 of the 11 dashes
        after a closing quote in train; the other 4 are such headings); the
        cue model, with so few examples, finds none.
        """
        words, quotes, ids, starts, text = table.words, table.quotes, table.quote_ids, table.starts, table.text
        n = len(words)
        found = []
        for i in [i for i, word in enumerate(words) if word in SIGNATURE_DASHES]:
            if not 2 <= i < n - 1 or quotes[i] != "O" or quotes[i - 1] != "Q" or ids[i - 1] < 0 or ids[i - 2] != ids[i - 1]:
                continue
            line_end = text.find("\n", table.ends[i])
            line_end = len(text) if line_end < 0 else line_end
            k = i + 1
            while k < n and k < i + 5 and starts[k] < line_end and words[k][:1].isupper():
                k += 1
            rest = k
            while rest < n and starts[rest] < line_end and words[rest] not in SIGNATURE_DASHES:
                rest += 1
            if k == i + 1 or (rest < n and starts[rest] < line_end):
                continue
            if k == n or starts[k] >= line_end or words[k] in (",", "(") or (words[k] == "." and (k + 1 == n or starts[k + 1] >= line_end)):
                j = i - 2
                while j >= 0 and ids[j] == ids[i - 1]:
                    j -= 1
                inside = [m for m in range(j + 1, i - 1) if quotes[m] == "I"]
                if inside:
                    found.append(SignedQuote(i, k, inside[0], inside[-1] + 1))
        return found

    @classmethod
    def continued_quote(cls, table: TokenTable, cue_first: int, cue_stop: int) -> tuple[int, int] | None:
        """Tokens ``(first, stop)`` inside the quotation that continues a quote after its cue, if any.

        News style: '"We will respond," the ministry said. "The attacks
        must stop."' -- a quotation ends just before the cue, and the next
        sentence of the same paragraph opens a quotation: the same speaker
        goes on. In PolNeAR train, 1,021 of 1,103 such attributions have
        content that ends exactly where that quotation ends (63 stop before
        it); when the next quotation opens a new paragraph instead, 170 of
        199 stop before it, so that case is left alone.
        """
        bounds = table.segmentation.sentence_tokens
        sentence = table.sentence_of[cue_first]
        if sentence + 1 >= len(bounds):
            return None
        quotes, ids = table.quotes, table.quote_ids
        adjacent = cls.adjacent_quotes(table, cue_first, cue_stop)
        if not any(ids[k] in adjacent and quotes[k] == "I" for k in range(bounds[sentence][0], cue_first)):
            return None
        opening = bounds[sentence + 1][0]
        paragraphs = table.segmentation.sentence_paragraph
        if quotes[opening] != "Q" or ids[opening] < 0 or paragraphs[sentence + 1] != paragraphs[sentence]:
            return None
        quote, last = ids[opening], opening
        while last + 1 < len(ids) and ids[last + 1] == quote:
            last += 1
        inside = [k for k in range(opening, last + 1) if quotes[k] == "I"]
        return (inside[0], inside[-1] + 1) if inside else None

    def span_features(
        self,
        table: TokenTable,
        pieces: list[tuple[str, ...]],
        cue_first: int,
        cue_stop: int,
        other_cues: set[int],
    ) -> tuple[int, list[list[str]]]:
        """Attribute lists for the span stage: the window around one cue.

        Returns the window's first token index and one attribute list per
        token of the window.
        """
        adjacent = self.adjacent_quotes(table, cue_first, cue_stop)
        first, stop = self.window(table, cue_first, cue_stop, adjacent)
        words, tags, quotes, sentence_of = table.words, table.tags, table.quotes, table.sentence_of
        quote_ids = table.quote_ids
        sentence_ends = {stop - 1 for _, stop in table.segmentation.sentence_tokens}
        sentence_starts = {start for start, _ in table.segmentation.sentence_tokens}
        cue_sentence = sentence_of[cue_first]
        cue_lemma = " ".join(table.lemmas[cue_first:cue_stop])
        cue_head = table.lemmas[cue_first]
        cue_quote = quotes[cue_first]
        # Quote marks and commas between each token and the cue, counted by prefix sums.
        marks = [0] * (stop - first + 1)
        commas = [0] * (stop - first + 1)
        for k in range(first, stop):
            marks[k - first + 1] = marks[k - first] + (quotes[k] == "Q")
            commas[k - first + 1] = commas[k - first] + (words[k] == ",")
        cue_at = cue_first - first
        postposed = self.postposed_comma(table, cue_first, cue_stop)
        sequence = []
        for i in range(first, stop):
            if i < cue_first:
                side, distance = "B", cue_first - i
                between = slice(i - first + 1, cue_at)
            elif i >= cue_stop:
                side, distance = "A", i - cue_stop + 1
                between = slice(cue_stop - first, i - first)
            else:
                side, distance = "C", 0
                between = slice(0, 0)
            k0, k1 = between.start, between.stop
            n_marks = marks[k1] - marks[k0] if k1 > k0 else 0
            n_commas = commas[k1] - commas[k0] if k1 > k0 else 0
            dist = distance_bucket(distance)
            away = str(max(-2, min(3, sentence_of[i] - cue_sentence)))
            w, l, p, s, q = pieces[i][:5]
            word, tag, quote = w[_CUT["w"] :], p[_CUT["p"] :], q[_CUT["q"] :]
            feats = [
                w,
                l,
                p,
                s,
                q,
                spec.SIDE(side),
                spec.DISTANCE(side, dist),
                spec.AWAY(away),
                spec.AWAY_QUOTE(away, spec.ADJACENT if quote_ids[i] in adjacent else quote),
                spec.QUOTE_PAIR(quote, cue_quote),
                spec.MARKS(side, str(min(n_marks, 2))),
                spec.COMMAS(side, str(min(n_commas, 2))),
                spec.CUE_HEAD(cue_head, side),
                spec.CUE_LEMMAS(cue_lemma, side),
                _SIDED_TAG[side](tag),
                _SIDED_WORD[side](word),
                _SIDED_DISTANCE[side, dist](tag),
                spec.SIDE_QUOTE_TAG(side, quote, p),
            ]
            if quote_ids[i] in adjacent:
                feats.append(spec.ADJACENT_QUOTE())
                feats.append(spec.ADJACENT_QUOTE_SIDE(side))
            if postposed is not None and sentence_of[i] == cue_sentence and i < postposed:
                feats.append(spec.POSTPOSED())
                feats.append(spec.POSTPOSED_QUOTE(q))
            if i in sentence_ends:
                feats.append(spec.SENTENCE_END_SIDE(side))
            if i in sentence_starts:
                feats.append(spec.SENTENCE_START_SIDE(side))
                feats.append(spec.SENTENCE_START_SIDE(side, away))
            if i == first:
                feats.append(spec.WINDOW_START())
            if i in other_cues:
                feats.append(spec.OTHER_CUE())
            if i + 2 < stop:
                feats.append(spec.TAG_TWO_AFTER(tags[i + 2]))
            for offset, lent in _SPAN_NEIGHBOURS:
                j = i + offset
                if first <= j < stop:
                    feats += [prefix + pieces[j][k][cut:] for prefix, k, cut in lent]
                    if j in other_cues:
                        feats.append(spec.other_cue(offset)())
                    if cue_first <= j < cue_stop:
                        feats.append(spec.next_to(offset)())
            sequence.append(feats)
        return first, sequence


def learn_cue_prior(tables: list[TokenTable], cue_token_sets: list[set[int]], min_count: int = 3) -> dict[str, float]:
    """Share of each lemma's occurrences that fall inside a gold cue."""
    seen: dict[str, int] = {}
    inside: dict[str, int] = {}
    for table, cue_tokens in zip(tables, cue_token_sets):
        for i, lemma in enumerate(table.lemmas):
            seen[lemma] = seen.get(lemma, 0) + 1
            if i in cue_tokens:
                inside[lemma] = inside.get(lemma, 0) + 1
    return {
        lemma: round(inside[lemma] / count, 4)
        for lemma, count in seen.items()
        if count >= min_count and lemma in inside
    }
