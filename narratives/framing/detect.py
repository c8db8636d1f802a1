"""Framing detectors: every hit with exact character offsets and its lexicon entry.

Each detector scans a text with compiled regular expressions and returns
:class:`Hit` records where ``text[hit.start:hit.end] == hit.text``. The
categories, their lexicons and their documentation are in
:mod:`narratives.framing.lexicon` and ``data/lexicons/*.toml``.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from itertools import compress, islice, repeat

import pandas as pd

from narratives import lang
from narratives.framing.lexicon import LEFT, RIGHT, alternation, categories, compiled, lexicon_file, normalise
from narratives.intervals import IntervalIndex
from narratives.lazy import loaded_once
from narratives.span import Offsets, Span
from narratives.words import WORD

EMOTIVE_THRESHOLD = 2.0
"""Default |valence| (VADER's -4..+4 scale) from which a word counts as emotive."""

SCARE_QUOTE_MAX_WORDS = 4
"""Longest quoted fragment (in words) read as a scare quote."""

HIT_COLUMNS = ["start", "end", "text", "family", "category", "entry", "value", "detail"]


@dataclass(frozen=True, slots=True)
class Hit(Span):
    """One framing cue found in a text: a :class:`~narratives.span.Span` and what was found there.

    ``text[start:end] == self.text``; ``entry`` is the lexicon entry that
    matched (a lemma, a phrase or a pattern's name); ``value`` is a number
    where the category has one (VADER valence, the number of words in a
    scare quote); ``detail`` says more where it helps a reader (the "by"
    phrase of an instrument passive).
    """

    family: str
    category: str
    entry: str
    value: float | None = None
    detail: str | None = None


def _resolve(hits: Iterable[Hit]) -> list[Hit]:
    """Non-overlapping hits, earlier then longer first, in text order."""
    kept: list[Hit] = []
    last_end = -1
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if hit.start >= last_end:
            kept.append(hit)
            last_end = hit.end
    return kept


@functools.lru_cache(maxsize=1)
def _lowered(text: str) -> str | None:
    """``text.lower()`` when it keeps every offset (same length), else None (the detectors of one text share it)."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else None


def _lexicon_matches(text: str, family: str, only: tuple[str, ...] | None = None) -> tuple[list[Hit], list[Hit]]:
    """Every hit of a family's literal forms and every hit of its patterns, unresolved (they may overlap)."""
    matcher = compiled(family, only)
    literal = []
    lowered = _lowered(text)
    if matcher.literal is not None:
        matches = matcher.literal.finditer(text) if lowered is None else matcher.lowercase_literal.finditer(lowered)
        for match in matches:
            start, end = match.span()
            category, entry = matcher.lookup[normalise(text[start:end])]
            literal.append(Hit(start, end, text[start:end], family, category, entry))
    patterns = [Hit(match.start(), match.end(), match.group(0), family, category, entry) for match, category, entry in matcher.pattern_matches(text)]
    if not matcher.other_senses:
        return literal, patterns
    found = {hit.category for hit in literal} | {hit.category for hit in patterns}
    senses = {category: matcher.other_sense(text, category, lowered) for category in matcher.other_senses if category in found}
    return _in_sense(literal, senses), _in_sense(patterns, senses)


def _in_sense(hits: list[Hit], other_senses: dict[str, list[Offsets]]) -> list[Hit]:
    """The hits that lie in no span where their category's words have another sense (the lexicon's ``other_senses``)."""
    return [h for h in hits if not any(a <= h.start and h.end <= b for a, b in other_senses.get(h.category, ()))]


def _lexicon_hits(text: str, family: str, only: tuple[str, ...] | None = None) -> list[Hit]:
    literal, patterns = _lexicon_matches(text, family, only)
    return _resolve(literal + patterns)


def hedges(text: str, categories_: Sequence[str] | None = None) -> list[Hit]:
    """Hedges, evidentials, approximators, conditionals and boosters.

    >>> [(h.text, h.category) for h in hedges("Reportedly at least 4 died; it is clearly a lie.")]
    [('Reportedly', 'evidential'), ('at least', 'approximator'), ('clearly', 'booster')]
    """
    return _lexicon_hits(text, "hedges", tuple(categories_) if categories_ else None)


def labels(text: str) -> list[Hit]:
    """Delegitimising and legitimising labels.

    >>> [(h.text, h.category) for h in labels("the self-proclaimed republic and the elected government")]
    [('self-proclaimed', 'delegitimising'), ('elected', 'legitimising')]
    """
    return _lexicon_hits(text, "labels")


def loaded_words(text: str) -> list[Hit]:
    """Words of our own loaded-language list.

    >>> [h.entry for h in loaded_words("a barbaric massacre")]
    ['barbaric', 'massacre']
    """
    return _lexicon_hits(text, "loaded")


def casualties(text: str) -> list[Hit]:
    """Casualty and victim mentions (civilians, killed, wounded, victims...)."""
    return _lexicon_hits(text, "violence", ("casualty",))


# ---------------------------------------------------------------- emotive (VADER)


@loaded_once
def vader_lexicon() -> dict[str, float]:
    """VADER's word valences (lower-case word -> mean valence, -4..+4).

    Read from the ``vadersentiment`` package (Hutto & Gilbert 2014); the
    lexicon file is not copied into narratives.
    """
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return {word: float(value) for word, value in SentimentIntensityAnalyzer().lexicon.items()}


@functools.cache
def _emotive_words(threshold: float) -> dict[str, float]:
    """VADER words (three letters or more, letters, apostrophes and hyphens) with |valence| >= threshold."""
    return {w: v for w, v in vader_lexicon().items() if abs(v) >= threshold and len(w) > 2 and re.fullmatch(r"[a-z][a-z'\-]*", w)}


_WORD_RUN_RE = re.compile(r"[\w'\-]+")
"""A maximal run of word characters, apostrophes and hyphens: what a VADER word must match whole."""
_WORDS_AT_ONCE = 65_536
"""Word runs looked up together (bounds memory on a long text)."""


def vader_words(text: str, threshold: float = 0.0) -> list[tuple[int, int, str, float]]:
    """``(start, end, word, valence)`` of each word whose VADER valence is at least `threshold` in absolute value.

    A word matches a whole run of letters, digits, apostrophes and hyphens,
    in any case ("Well-being" is not read as "well").
    """
    words = _emotive_words(float(threshold))
    runs = _WORD_RUN_RE.finditer(text)
    found = []
    while matches := list(islice(runs, _WORDS_AT_ONCE)):
        values = list(map(words.get, map(str.lower, map(re.Match.group, matches))))
        # Most words are not in the lexicon: the Python loop runs over those that are.
        known = compress(zip(matches, values), map(operator.is_not, values, repeat(None)))
        found += [(match.start(), match.end(), match.group(0), value) for match, value in known]
    return found


def emotive(text: str, threshold: float = EMOTIVE_THRESHOLD) -> list[Hit]:
    """Words whose VADER valence is at least `threshold` in absolute value (see :func:`vader_words`).

    Each hit's ``value`` is the word's valence; ``entry`` the word.

    >>> [(h.text, h.value) for h in emotive("A horrible, tragic day.")]
    [('horrible', -2.5), ('tragic', -2.0)]
    """
    return emotive_hits(vader_words(text, threshold), threshold)


def emotive_hits(words: Iterable[tuple[int, int, str, float]], threshold: float = EMOTIVE_THRESHOLD) -> list[Hit]:
    """The :func:`emotive` hits among words found by :func:`vader_words`."""
    return [Hit(start, end, word, "loaded", "emotive", word.lower(), value) for start, end, word, value in words if abs(value) >= threshold]


# ---------------------------------------------------------------- agentless passives


@functools.cache
def _passive_regexes() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    table = lexicon_file("violence")["categories"]["agentless_passive"]
    participles = alternation(normalise(p) for p in table["participles"])
    passive = re.compile(
        LEFT
        + "(?:" + "|".join(map(re.escape, lang.word_list("passives", "auxiliaries"))) + ")"
        + r"(?:\s+(?:" + "|".join(map(re.escape, lang.word_list("passives", "between"))) + ")){0,2}"
        + r"\s+(?P<verb>"
        + participles
        + r")"
        + RIGHT,
        re.IGNORECASE,
    )
    instrument = re.compile(LEFT + "(?:" + alternation(normalise(i) for i in table["instruments"]) + ")" + RIGHT, re.IGNORECASE)
    by_phrase = re.compile(r"\s+by\s+(?P<phrase>[^.,;:!?\n\"\u201c\u201d()]{1,80})", re.IGNORECASE)
    return passive, instrument, by_phrase


@functools.cache
def _by_phrase_regexes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """What opens a "by" phrase that names no agent, and what ends a "by" phrase (``data/lang/en/passives.toml``)."""
    words = functools.partial(lang.word_list, "passives")
    times = [*words("by_time_openings"), *lang.word_list("calendar", "days"), *lang.word_list("calendar", "months")]
    not_agent = re.compile(
        r"(?:\d|"
        + "".join(f"{_words_pattern(word)}\\b|" for word in words("by_measure_words"))
        + "".join(f"{_words_pattern(opening)}\\b|" for opening in words("by_measure_openings"))
        + r"(?:the\s+)?(?:" + "|".join(map(_words_pattern, times)) + r")\b)",
        re.IGNORECASE,
    )
    phrase_end = re.compile(r"\s+(?:" + "|".join(map(re.escape, words("by_phrase_ends"))) + r")\s", re.IGNORECASE)
    return not_agent, phrase_end


def _words_pattern(words: str) -> str:
    """The words of ``words``, separated by any white space."""
    return r"\s+".join(map(re.escape, words.split()))


def agentless_passives(text: str) -> list[Hit]:
    """Passives of violence with no agent named, and "came under fire".

    A "by" phrase that names an actor ("was shelled by Azerbaijani
    forces") makes the clause agentive: no hit. A "by" phrase whose words
    name only a weapon or an event ("was hit by missile strikes") is still
    a hit, with ``detail`` ``"instrument: <phrase>"``: the weapon, not the
    one who used it, is the grammatical agent.

    >>> [(h.text, h.detail) for h in agentless_passives("Ganja was hit by missile strikes. Two were killed.")]
    [('was hit', 'instrument: missile strikes'), ('were killed', None)]
    >>> agentless_passives("The town was shelled by Azerbaijani forces.")
    []
    """
    passive, instrument, by_phrase = _passive_regexes()
    not_agent, phrase_end = _by_phrase_regexes()
    hits = []
    for match in passive.finditer(text):
        detail = None
        by = by_phrase.match(text, match.end())
        if by:
            phrase = by.group("phrase")
            cut = phrase_end.search(phrase)
            phrase = (phrase[: cut.start()] if cut else phrase).strip()
            if not not_agent.match(phrase):
                if not instrument.search(phrase):
                    continue
                detail = f"instrument: {phrase}"
        entry = normalise(match.group("verb"))
        hits.append(Hit(match.start(), match.end(), match.group(0), "violence", "agentless_passive", entry, None, detail))
    literal, patterns = _lexicon_matches(text, "violence", ("agentless_passive",))
    return _resolve(hits + patterns + literal)  # where a pattern and a listed form match the same words, the pattern's entry is kept


# ---------------------------------------------------------------- scare quotes

_QUOTED = re.compile(
    r"\u201c(?P<a>[^\u201c\u201d\n]{1,120})\u201d"
    r"|(?<![\w\"])\"(?P<b>[^\"\n]{1,120})\"(?![\w])"
    r"|(?<![\w\u2018\u2019])\u2018(?P<c>[^\u2018\u2019\n]{1,80}?)\u2019(?![\w])"
    r"|(?<![\w'])'(?P<d>[A-Za-z][^'\n]{0,60}?)'(?![\w])"
    r"|\u00ab(?P<e>[^\u00ab\u00bb\n]{1,120})\u00bb"
)


def quotations(text: str) -> list[tuple[int, int, int, int]]:
    """Every quotation: ``(start, end, inner_start, inner_end)``, marks included in start/end."""
    out = []
    for match in _QUOTED.finditer(text):
        group = next(g for g in "abcde" if match.group(g) is not None)
        out.append((match.start(), match.end(), match.start(group), match.end(group)))
    return out


def _is_whole_quote(inner: Offsets, contents: Sequence[Offsets], index: IntervalIndex) -> bool:
    """Whether a quotation is (nearly) the whole of an attributed content span (``index``: of ``contents``)."""
    start, end = inner
    for k in index.overlapping(start, end):
        c_start, c_end = contents[k]
        if min(end, c_end) - max(start, c_start) >= 0.8 * (c_end - c_start):
            return True
    return False


def scare_quotes(text: str, content_spans: Sequence[Offsets] | None = None, max_words: int = SCARE_QUOTE_MAX_WORDS) -> list[Hit]:
    """Short quoted fragments (1 to `max_words` words) that are not a whole attributed quote.

    Parameters
    ----------
    content_spans
        The attribution table's content fragments for this text. A short
        quotation that is (nearly) all of an attribution's content (“Lies,”
        he said) is a direct quote, not a scare quote. Without them, every
        short quotation counts.

    The hit spans the quotation marks too; ``value`` is the number of words.

    >>> [h.text for h in scare_quotes('The “liberation” of the town, the "anti-terror operation" said to be over.')]
    ['“liberation”', '"anti-terror operation"']
    """
    contents = [tuple(c) for c in (content_spans or ())]
    index = IntervalIndex(contents)
    hits = []
    for start, end, i_start, i_end in quotations(text):
        inner = text[i_start:i_end]
        n_words = len(WORD.findall(inner))
        if not 1 <= n_words <= max_words:
            continue
        if contents and _is_whole_quote((i_start, i_end), contents, index):
            continue
        hits.append(Hit(start, end, text[start:end], "loaded", "scare_quote", normalise(inner.strip(" ,.;:!?")), float(n_words)))
    return hits


# ---------------------------------------------------------------- everything

DETECTORS = ("hedges", "labels", "loaded", "emotive", "scare_quotes", "agentless_passives", "casualties")


def detect(
    text: str,
    content_spans: Sequence[Offsets] | None = None,
    emotive_threshold: float = EMOTIVE_THRESHOLD,
    detectors: Sequence[str] = DETECTORS,
) -> list[Hit]:
    """Every framing hit in `text`, in text order (hits of different families may overlap).

    Parameters
    ----------
    content_spans
        Attributed content fragments, so that whole quotes are not read as
        scare quotes (see :func:`scare_quotes`).
    emotive_threshold
        |VADER valence| from which a word is emotive.
    detectors
        Which of :data:`DETECTORS` to run.
    """
    found: list[Hit] = []
    for name in detectors:
        if name == "hedges":
            found += hedges(text)
        elif name == "labels":
            found += labels(text)
        elif name == "loaded":
            found += loaded_words(text)
        elif name == "emotive":
            found += emotive(text, emotive_threshold)
        elif name == "scare_quotes":
            found += scare_quotes(text, content_spans)
        elif name == "agentless_passives":
            found += agentless_passives(text)
        elif name == "casualties":
            found += casualties(text)
        else:
            raise ValueError(f"unknown detector {name!r}; use some of {', '.join(DETECTORS)}")
    return sorted(found, key=lambda h: (h.start, h.end, h.category))


def hits_to_frame(hits: Iterable[Hit], doc_id: str | None = None) -> pd.DataFrame:
    """The hits as a table: doc_id (when given), start, end, text, family, category, entry, value, detail."""
    frame = pd.DataFrame([asdict(h) for h in hits], columns=HIT_COLUMNS)
    frame = frame.astype({"start": "int64", "end": "int64", "value": "float64"})
    if doc_id is not None:
        frame.insert(0, "doc_id", doc_id)
    return frame


def feature_categories() -> tuple[str, ...]:
    """The non-stance categories, in lexicon order (the framing feature columns)."""
    return tuple(name for name, c in categories().items() if c.family != "stance")


__all__ = [
    "DETECTORS",
    "EMOTIVE_THRESHOLD",
    "HIT_COLUMNS",
    "Hit",
    "agentless_passives",
    "casualties",
    "detect",
    "emotive",
    "emotive_hits",
    "feature_categories",
    "hedges",
    "hits_to_frame",
    "labels",
    "loaded_words",
    "quotations",
    "scare_quotes",
    "vader_lexicon",
    "vader_words",
]
