"""Resolve pronoun and anaphoric sources to the mention they refer to.

"It later claimed ..." after "..., the self-proclaimed republic's Foreign
Ministry said." should be credited to that ministry. This is a small
deterministic sieve (see ``data/coreference.toml`` for the word lists and
the literature; pronouns, titles and calendar words are read from
``data/lang/en/``): a pronoun takes the nearest earlier mention that agrees
with it in animacy and number, preferring the sources of earlier
attributions; a definite description ("the ministry") takes the nearest
earlier mention with the same head noun. The surface source is kept; the
antecedent goes to ``Attribution.resolved_source``.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import tomllib
from collections import ChainMap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import compress, count
from pathlib import Path

from narratives import lang, world
from narratives.attribution.records import Attribution
from narratives.lazy import loaded_once
from narratives.tokens import TokenTable

RULES_PATH = Path(str(resources.files("narratives") / "data" / "coreference.toml"))
LOOKBACK_SENTENCES = 4
"""How many sentences back a pronoun looks for a mention that is not a source."""

PERSON, NONPERSON, PLURAL, UNKNOWN = "person", "nonperson", "plural", "unknown"
DEICTIC = "deictic"
"""A mention that is no antecedent: the writer or the reader ("I", "my father"), a bare quantity ("some", "all")."""
_CONNECTORS = frozenset({"of", "'s", "\u2019s", "-", "and"})


@loaded_once
def _lexicon() -> tuple[dict[str, str], frozenset[str]]:
    """Given names and distinctive surnames by gender, and names of places and organisations (lower case)."""
    genders = {**world.people_genders(), **world.given_names()}
    places = {text.lower() for entry in world.world_entries() if entry.kind != "person" for _, text in entry.mentions}
    places.update(name for name in world.region_names() if name not in genders)
    return genders, frozenset(places)


@functools.cache
def _rules() -> dict:
    with RULES_PATH.open("rb") as handle:
        rules = tomllib.load(handle)
    return {
        "person_pronouns": lang.words("pronouns", "person_singular"),
        "nonperson_pronouns": lang.words("pronouns", "nonperson_singular"),
        "plural_pronouns": lang.words("pronouns", "plural"),
        "definite_heads": frozenset(rules["definite"]["heads"]),
        "institution_heads": frozenset(rules["heads"]["institution"]),
        "person_heads": frozenset(rules["heads"]["person"]),
        "titles": lang.words("titles", "address", "office", "military"),
        "calendar": lang.words("calendar", "days", "months"),
        "relatives": lang.words("pronouns", "relative_thing"),
        "deictic": lang.words("pronouns", "first_second", "first_second_other") | frozenset(rules["nonperson"]["quantities"]),
        "title_verbs": frozenset(rules["nonperson"]["title_verbs"]),
        "person_suffixes": tuple(rules["nonperson"]["person_suffixes"]),
        "female_words": frozenset(rules["gender"]["female"]),
        "male_words": frozenset(rules["gender"]["male"]),
        "female_pronouns": lang.words("pronouns", "female"),
        "female_surname_endings": tuple(rules["gender"]["female_surname_endings"]),
    }


@dataclass(frozen=True, slots=True)
class Mention:
    """A candidate antecedent: character span, first token, kind, head word and gender (``None`` if unknown)."""

    start: int
    end: int
    token: int
    kind: str
    head: str
    gender: str | None = None


def _token_slice(table: TokenTable, start: int, end: int) -> range:
    first = bisect.bisect_right(table.ends, start)
    stop = bisect.bisect_left(table.starts, end)
    return range(first, max(first, stop))


def _own_tokens(table: TokenTable, tokens: range, ends: tuple[str, ...] = (",", "IN", "TO", "WDT", "WP", "VBN", "VBG")) -> range:
    """The mention's own noun phrase, up to the first word or tag in ``ends``: by default not an apposition
    ("Mykhailo Podolyak, an adviser to the office"), not a modifier after the head ("insurgents affiliated
    with Al Qaeda", "critics of the plan")."""
    for i in tokens[1:]:
        if table.words[i] in ends or table.tags[i] in ends:
            return range(tokens[0], i)
    return tokens


def _gender(table: TokenTable, tokens: range) -> str | None:
    """``male``/``female`` from a gendered word ("spokeswoman", "Mrs"), a given name or a surname ending."""
    rules = _rules()
    genders, _ = _lexicon()
    # Up to a relative clause ("Edwin Truman, a fellow who worked with Ms. Brainard" is a man), gendered words of
    # the noun phrase and of each apposition, not of their modifiers ("the ex-wife of Alan Grayson" is a woman,
    # "The minister of the economy, Mr. Guajardo" a man), and the names ("Secretary of State Jason Kander").
    tokens = _own_tokens(table, tokens, ("WDT", "WP"))
    window = [tokens[0] - 1] if tokens and tokens[0] > 0 else []
    part_start = tokens[0] if tokens else 0
    for i in [*tokens, tokens.stop]:
        if i == tokens.stop or table.words[i] in (",", "—", "–"):
            window.extend(_own_tokens(table, range(part_start, i)))
            part_start = i + 1
    # each part of a hyphenated word: "ex-wife", "Congresswoman-elect"
    lowers = [part for i in window for part in table.words[i].lower().rstrip(".").split("-")]
    for word in lowers:
        if word in rules["female_words"]:
            return "female"
        if word in rules["male_words"]:
            return "male"
    names = [table.words[i] for i in tokens if table.words[i][:1].isupper()]
    if names and " ".join(names).lower() in genders:
        return genders[" ".join(names).lower()]
    for word in names:
        if word.lower() in genders:
            return genders[word.lower()]
    if len(names) >= 2 and names[-1].lower().endswith(rules["female_surname_endings"]):
        return "female"
    return None


def _kind(table: TokenTable, tokens: range) -> tuple[str, str]:
    """Kind (person / nonperson / plural / unknown) and head word of a mention."""
    rules = _rules()
    tokens = _own_tokens(table, tokens)
    words = [table.words[i] for i in tokens if table.words[i] not in (",", ".")]
    lowers = [w.lower() for w in words]
    if not words:
        return UNKNOWN, ""
    head = lowers[-1]
    if lowers == [head] and head in rules["relatives"]:
        return NONPERSON, head
    if len(words) >= 3 and any(w in rules["title_verbs"] for w in lowers[1:]):
        return NONPERSON, head  # a capitalised title with a verb in it: "A Change Is Gonna Come"
    if lowers[0] in rules["deictic"]:
        return DEICTIC, head  # "I", "my father", "some", "all": the writer's or a quantity, no one to refer back to
    if len(words) == 2 and lowers[0] == "the" and words[1].isupper() and len(words[1]) > 1:
        return NONPERSON, head  # "the NAACP": an acronym with an article names an organisation
    owned = lowers[max((k for k, w in enumerate(lowers) if w in ("'s", "’s")), default=-1) + 1 :]
    if owned and owned != lowers and " ".join(owned) in _lexicon()[1]:
        return NONPERSON, head  # "Trump's RT": what the possessor has, here an organisation
    if " ".join(lowers) in _lexicon()[1] or lowers[-1] in rules["calendar"] or (lowers[0] == "the" and " ".join(lowers[1:]) in _lexicon()[1]):
        return NONPERSON, head
    if "and" in lowers or head in rules["plural_pronouns"]:
        return PLURAL, head
    if table.tags[tokens[-1]] in ("NNS", "NNPS") and head not in rules["institution_heads"]:
        return PLURAL, head
    if head in rules["person_heads"] or head in rules["female_words"] or head in rules["male_words"]:
        return PERSON, head
    if (
        words[-1][:1].isupper()
        and head not in rules["institution_heads"]
        and any(w.rstrip(".") in rules["person_heads"] or w.rstrip(".") in rules["titles"] for w in lowers[:-1])
    ):
        return PERSON, head  # a name after a title: "House Speaker Paul Ryan" is a person, not the House
    if any(w in rules["institution_heads"] for w in lowers):
        return NONPERSON, head
    if any(w in rules["person_heads"] for w in lowers):
        return PERSON, head
    previous = tokens[0] - 1
    if previous >= 0 and table.words[previous].lower().rstrip(".") in rules["titles"]:
        return PERSON, head
    capitalised = [w for w in words if w[:1].isupper()]
    if len(capitalised) >= 2 and len(capitalised) == len(words):
        return PERSON, head
    if (
        words[-1].isalpha()
        and words[-1].islower()
        and table.tags[tokens[-1]].startswith("NN")
        and not head.endswith(rules["person_suffixes"])
    ):
        return NONPERSON, head  # a common noun that names no person: "the article", "her account"
    return UNKNOWN, head


class _Names:
    """The document's runs of capitalised words (joined by of / 's / and), as candidate antecedents.

    Found once per document; each run's kind and gender are worked out
    only when the antecedent search reaches it.
    """

    def __init__(self, table: TokenTable) -> None:
        self.table = table
        self.spans: list[tuple[int, int]] = []  # token ranges, outside quotations
        self.quoted: list[tuple[int, int]] = []  # inside: no antecedents, but they tell genders
        words, n = table.words, len(table.words)
        sentence_starts = {first for first, _ in table.segmentation.sentence_tokens}
        given = _lexicon()[0]
        i = 0  # the first token not yet in a run
        for k in compress(count(), map(str.isalpha, words)):  # runs start at a capitalised word of letters
            word = words[k]
            if k < i or not word[:1].isupper() or (
                k in sentence_starts and table.tags[k] not in ("NNP", "NNPS") and word.lower() not in given
            ):
                continue
            j = k + 1
            while j < n and (
                (words[j][:1].isupper() and words[j][:1].isalpha())
                or (words[j].lower() in _CONNECTORS and j + 1 < n and words[j + 1][:1].isupper())
            ):
                j += 1
            (self.spans if table.quotes[k] == "O" else self.quoted).append((k, j))
            i = j
        self.starts = [table.starts[i] for i, _ in self.spans]
        self._mentions: dict[int, Mention] = {}

    def __getitem__(self, index: int) -> Mention:
        if index not in self._mentions:
            i, j = self.spans[index]
            kind, head = _kind(self.table, range(i, j))
            self._mentions[index] = Mention(self.table.starts[i], self.table.ends[j - 1], i, kind, head, _gender(self.table, range(i, j)))
        return self._mentions[index]

    def surname_genders(self) -> dict[str, str]:
        """Surname -> gender, from full names whose given name tells it ("Hillary Clinton" makes "Clinton" female),
        also inside quotations.

        A surname that two genders share in the document ("Bill Clinton" and "Hillary Clinton") is left out.
        """
        given = _lexicon()[0]
        words = self.table.words
        found: dict[str, set[str]] = {}
        for i, j in self.spans + self.quoted:
            # a given name just before a capitalised word, anywhere in the run ("Research Director Raj Shah",
            # "Sen. Bernie Sanders and Republican nominee Donald Trump")
            for k in range(i, j - 1):
                if words[k].lower() in given and words[k + 1][:1].isupper():
                    found.setdefault(words[k + 1].lower(), set()).add(given[words[k].lower()])
        return {surname: genders.pop() for surname, genders in found.items() if len(genders) == 1}


def _anaphor(table: TokenTable, tokens: range) -> tuple[str, str] | None:
    """``(required kind, head)`` if the source is a pronoun or a bare definite description."""
    rules = _rules()
    words = [table.words[i].lower() for i in tokens]
    if len(words) == 1:
        word = words[0]
        if word in rules["person_pronouns"]:
            return PERSON, "female" if word in rules["female_pronouns"] else "male"
        if word in rules["nonperson_pronouns"]:
            return NONPERSON, word
        if word in rules["plural_pronouns"]:
            return PLURAL, word
        return None
    # "the local TV", not "the Foreign Ministry" (capitals before the head make a name)
    if words[0] == "the" and words[-1] in rules["definite_heads"] and not any(table.words[i][:1].isupper() for i in tokens[1:-1]):
        return "definite", words[-1]
    return None


def _compatible(required: str, head: str, mention: Mention, gender: str | None = None) -> bool:
    """Whether ``mention`` (of ``gender`` if known) can be the antecedent (``head``: a definite's head noun, or a pronoun's gender)."""
    if required == "definite":
        return mention.head == head or mention.head.rstrip("s") == head.rstrip("s")
    if required == PERSON and gender is not None and gender != head:
        return False
    if mention.kind == DEICTIC:
        return False
    if mention.kind == UNKNOWN:
        return required in (PERSON, NONPERSON)
    if required == PLURAL:
        return mention.kind in (PLURAL, NONPERSON)
    return mention.kind == required


def resolve_sources(table: TokenTable, attributions: Sequence[Attribution]) -> list[Attribution]:
    """Return the attributions with ``resolved_source`` set for anaphoric sources.

    Sources that name someone are left unresolved (they resolve to
    themselves); anaphors with no compatible earlier mention stay unresolved.
    A source that sits inside another attribution's content (a speaker
    quoted by a speaker) is not an antecedent, nor is a name inside a
    quotation: "he" after "X said Y was wrong" is X.
    """
    names: _Names | None = None  # found when the first anaphor needs them
    genders: dict[str, str] = {}
    learned = _LearnedGenders()
    # Earlier sources, as (mention, resolved span) in order of position.
    sources: list[tuple[Mention, tuple[int, int]]] = []
    contents = sorted((start, end, index) for index, a in enumerate(attributions) for start, end in a.content)
    order = sorted(range(len(attributions)), key=lambda k: attributions[k].source_span or (1 << 62, 0))
    resolved = list(attributions)
    for k in order:
        attribution = attributions[k]
        span = attribution.source_span
        if span is None:
            continue
        tokens = _token_slice(table, *span)
        if not tokens:
            continue
        anaphor = _anaphor(table, tokens)
        holders = _holding(span, contents)
        nested = any((start, end) not in attribution.content for start, end, _ in holders)
        if anaphor is None:
            if not nested:
                kind, head = _kind(table, tokens)
                gender = _gender(table, tokens)
                learned.add(head, gender)
                sources.append((Mention(span[0], span[1], tokens[0], kind, head, gender), span))
            continue
        required, head = anaphor
        if names is None:
            names = _Names(table)
            genders = names.surname_genders()
        quoting = _quoting_sources(holders, resolved) if nested else set()
        target = _antecedent(table, tokens[0], span[0], required, head, sources, names, ChainMap(genders, learned.genders), quoting)
        if target is not None:
            resolved[k] = dataclasses.replace(attribution, resolved_source=target)
            if required == PERSON:
                learned.add(_kind(table, _token_slice(table, *target))[1], head)
            if not nested:
                mention_kind = required if required != "definite" else _kind(table, tokens)[0]
                gender = head if required == PERSON else _gender(table, tokens)
                sources.append((Mention(span[0], span[1], tokens[0], mention_kind, head, gender), target))
    return resolved


class _LearnedGenders:
    """Genders a document gives its people as it goes ("9/11 widow Terry Strada", "Strada ... she said").

    A head word given both genders is forgotten for good.
    """

    def __init__(self) -> None:
        self.genders: dict[str, str] = {}
        self._clashing: set[str] = set()

    def add(self, head: str, gender: str | None) -> None:
        if gender is None or not head or head in self._clashing:
            return
        if self.genders.setdefault(head, gender) != gender:
            del self.genders[head]
            self._clashing.add(head)


def _quoting_sources(holders: list[tuple[int, int, int]], attributions: Sequence[Attribution]) -> set[tuple[int, int]]:
    """Sources (and their antecedents) of the attributions whose content holds an anaphor (``holders``, from :func:`_holding`).

    A speaker who says "she" or "he" means someone else: in "Christie said
    she knows nothing", "she" is not Christie.
    """
    quoting: set[tuple[int, int]] = set()
    for _, _, owner in holders:
        other = attributions[owner]
        if other.source_span:
            quoting.add(other.source_span)
            if other.resolved_source is not None:
                quoting.add(other.resolved_source)
    return quoting


def _holding(span: tuple[int, int], contents: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """The content fragments ``(start, end, attribution index)`` that hold ``span``.

    ``contents`` is sorted; only the few fragments that start just before
    ``span`` are looked at, so the search takes constant time.
    """
    index = bisect.bisect_right(contents, (span[0], 1 << 62, 1 << 62))
    return [(start, end, owner) for start, end, owner in contents[max(0, index - 8) : index] if start <= span[0] and span[1] <= end]


def _named_after(
    names: _Names,
    after: int,
    start: int,
    gender: str,
    gender_of: Callable[[Mention], str | None],
    excluded: set[tuple[int, int]] | frozenset[tuple[int, int]],
) -> tuple[int, int] | None:
    """The nearest person's name of ``gender`` that lies between ``after`` and ``start``."""
    for index in range(bisect.bisect_left(names.starts, start) - 1, -1, -1):
        if names.starts[index] < after:
            return None
        mention = names[index]
        if mention.end <= start and (mention.start, mention.end) not in excluded and mention.kind in (PERSON, UNKNOWN) and gender_of(mention) == gender:
            return mention.start, mention.end
    return None


def _antecedent(
    table: TokenTable,
    token: int,
    start: int,
    required: str,
    head: str,
    sources: list[tuple[Mention, tuple[int, int]]],
    names: _Names,
    genders: Mapping[str, str],
    excluded: set[tuple[int, int]] | frozenset[tuple[int, int]] = frozenset(),
) -> tuple[int, int] | None:
    """Nearest compatible earlier source, else nearest compatible earlier name.

    For "he" and "she", a recent source of that gender (within
    :data:`LOOKBACK_SENTENCES`) is preferred to a nearer one whose gender is
    not known. Mentions in ``excluded`` (the speakers quoting the anaphor) are
    passed over.
    """
    sentence = table.sentence_of[token]
    earliest = table.segmentation.sentence_bounds[max(0, sentence - LOOKBACK_SENTENCES)][0]
    def gender(mention: Mention) -> str | None:
        # what the document says of a lone surname beats the given name it could also be ("Susannah Randolph" ... "Randolph")
        if table.ends[mention.token] == mention.end and mention.head in genders:
            return genders[mention.head]
        return mention.gender or genders.get(mention.head)

    if excluded:
        sources = [(m, t) for m, t in sources if (m.start, m.end) not in excluded and t not in excluded]

    if required == PERSON:
        for mention, target in reversed(sources):
            if mention.start < earliest:
                break
            if mention.end <= start and gender(mention) == head and _compatible(required, head, mention, head):
                return target
    for mention, target in reversed(sources):
        if mention.end <= start and _compatible(required, head, mention, gender(mention)):
            if required == PERSON and head == "female" and gender(mention) is None:
                # a woman's name between that source and "she" is the better antecedent: a speaker whose
                # gender the text does not give is more often a man in news copy, so "he" keeps the source
                named = _named_after(names, mention.end, start, head, gender, excluded)
                if named is not None:
                    return named
            return target
    for index in range(bisect.bisect_left(names.starts, start) - 1, -1, -1):
        if names.starts[index] < earliest:
            break
        mention = names[index]
        if mention.end <= start and (mention.start, mention.end) not in excluded and _compatible(required, head, mention, gender(mention)):
            return mention.start, mention.end
    return None
