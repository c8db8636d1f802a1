"""Actors and sides: whom each attribution's source speaks for.

A *profile* is a TOML file that lists the sides of a conflict, its actors
(people, institutions, states, armed groups, media, collectives) and the
ways news text mentions them: names, surnames, titles, demonyms, capitals
used as metonyms. :func:`assign_sides` reads an attribution table and adds
four columns: ``actor``, ``side``, ``side_rule`` (the rule that matched) and
``side_confidence``.

Resolution is conservative. A source is read as a small noun phrase: a
listed mention counts only where it names the speaker ("Hajiyev",
"Baku"), qualifies a head noun that speaks for the actor ("Azerbaijani
officials", "Nagorno-Karabakh's forces") or follows such a noun ("the
leaders of France"); "critics of Trump" or "Clinton's opponent" do not
make a speaker Trump's or Clinton's. A source that names no listed actor is
``unknown``; one that names actors of two sides is ``ambiguous``; a generic
source ("officials", "the ministry") takes a side from its context only
when that context points to one side.

Error codes raised here: ``N250`` (no such profile), ``N251`` (invalid
TOML), ``N252`` (missing, ill-typed or unknown field), ``N253`` (unknown,
reserved or repeated side id), ``N254`` (the same alias for two actors),
``N255`` (empty alias), ``N256`` (bad colour), ``N257`` (unknown kind or
role), ``N258`` (two actors with the same name); ``N241`` for an attribution
table without the columns this module reads.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import itertools
import json
import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from narratives.attribution.records import require_columns
from narratives.attribution.rules import rules as attribution_rules
from narratives.corpus import decode_error
from narratives.errors import DataError
from narratives.segment import segment
from narratives.tagging import default_tagger
from narratives.world import WORLD_SOURCE, with_world

__all__ = [
    "AMBIGUOUS",
    "BOTH",
    "KINDS",
    "ROLES",
    "SIDE_COLUMNS",
    "THIRD_PARTY",
    "UNKNOWN",
    "Actor",
    "Profile",
    "Side",
    "SideAssignment",
    "alias_pattern",
    "assign_sides",
    "list_profiles",
    "load_profile",
    "parse_profile",
    "side_counts",
]

PROFILES_DIR = Path(str(resources.files("narratives") / "data" / "profiles"))
"""Where the profiles shipped with narratives live."""

HEADS_PATH = Path(str(resources.files("narratives") / "data" / "lang" / "en" / "heads.toml"))
"""Head nouns and generic source phrases shared by every profile."""


BOTH, THIRD_PARTY, UNKNOWN, AMBIGUOUS = "both", "third_party", "unknown", "ambiguous"
RESERVED_SIDES = (BOTH, THIRD_PARTY, UNKNOWN, AMBIGUOUS)
"""Side values narratives defines itself; a profile may not declare them."""

KINDS = ("person", "institution", "state", "armed_group", "media", "collective")
ROLES = ("mediator", "observer", "ally", "contender")
"""Roles of third parties: ``ally`` needs ``ally_of``; ``contender`` is a third candidate or belligerent."""

MENTION_RULES = {
    "names": "alias",
    "surnames": "surname",
    "titles": "title",
    "demonyms": "demonym",
    "capitals": "capital",
    "places": "place",
}
"""Profile keys that list mentions, and the rule reported when one names the speaker."""

SIDE_COLUMNS = ("actor", "side", "side_rule", "side_confidence")
"""Columns :func:`assign_sides` adds to the attribution table."""

RULE_CONFIDENCE = {
    "alias": 0.95,
    "title": 0.9,
    "surname": 0.9,
    "capital": 0.9,
    "group": 0.9,
    "possessive": 0.9,
    "demonym": 0.85,
    "modifier": 0.85,
    "affiliation": 0.85,
    "place": 0.8,
}
"""Prior confidence of each matching rule (set by hand, not calibrated)."""

ANTECEDENT_FACTOR = 0.9
"""Confidence is multiplied by this when the side comes from a pronoun's antecedent."""

CONTEXT_CONFIDENCE = (0.6, 0.7)
"""Confidence of a generic source's side from one context signal, and from two that agree."""

CONTEXT_SENTENCES = 2
"""How many sentences back the nearest named source may be for a generic source."""

GENERIC, NO_MATCH, NO_SOURCE, UNRESOLVED = "generic", "no match", "no source", "unresolved pronoun"
OTHER_PERSON = "surname of another person"
NO_CONTEXT, AMBIGUOUS_CONTEXT, TWO_SIDES = "generic:no context", "generic:ambiguous context", "two sides"

MODIFIER_WINDOW = 3
"""A demonym or name modifies a head noun at most this many words later ("the Armenian Defense Ministry")."""

_LINKS = ("close to", "on behalf of", "of", "for", "to", "from", "at", "in", "with", "within", "inside", "by")
"""Prepositions that tie a head noun to the actor it speaks for ("a spokesman for ...")."""
_LINK_WORDS = tuple(tuple(link.split()) for link in _LINKS)
_LINK_HEADS = frozenset(words[0] for words in _LINK_WORDS)


def _words(text: str) -> frozenset[str]:
    """A closed class of lower-case words, written as one string."""
    return frozenset(text.split())


_STOPWORDS = _words(
    "who whom whose which that where when while like unlike than about against after before on over under "
    "during including among as between despite since until into onto through toward towards versus vs"
)
"""Words that end a source's noun phrase without linking it to an actor (relatives, other prepositions)."""
_CONJUNCTIONS = _words("and or &")
_FORMER = _words("former ex onetime one-time erstwhile")
_DETERMINERS = _words("the a an some several many most all other another")
_POSSESSIVE_PRONOUNS = _words("his her its their our my your")
_CALENDAR = _words(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december"
)
_GENERIC_MODIFIERS = _words("senior top local unnamed anonymous two three four")
"""Words set aside before a generic head ("senior officials", "two aides")."""
_HONORIFICS = _words(
    "mr mrs ms miss dr sen senator rep representative gov governor president vice secretary speaker gen general "
    "col lt adm ambassador minister prime former candidate nominee first lady judge justice mayor chairman "
    "chairwoman democrat democratic republican gop libertarian green sheriff"
)
"""Titles that may stand before a surname without being a given name ("Mr. Trump", "Sen. Sanders")."""
_PRONOUNS = _words(
    "he she it they we i you him her them us his its their who whom which that this these those"
)
_POSSESSIVE_MARKS = frozenset({"'s", "’s", "'", "’"})
_BOUNDARIES = frozenset({",", ";", ":", "(", ")", "[", "]", "—", "–", "--", "-"})
_QUOTES = frozenset("\"“”‘’'«»")
_TOKEN_RE = re.compile(r"[’']s(?!\w)|\w+(?:(?:[.&\-]|[’'](?!s(?!\w)))\w+)*\.?|--|[^\w\s]")
_COLOUR_RE = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_SIDE_ID_RE = re.compile(r"[a-z][a-z0-9_-]*")
_COUNTRY_RE = re.compile(r"[A-Z]{2}")
_TOML_POSITION_RE = re.compile(r"\s*\(at (?:line (\d+), column \d+|end of document)\)$")

_PROFILE_KEYS = ("name", "title", "description", "period", "world")
_SIDE_KEYS = ("id", "label", "colour")
_HEAD_KEYS = ("affiliated", "generic")
_ACTOR_KEYS = ("name", "side", "kind", "role", "ally_of", "country", "source", *MENTION_RULES)
_TOP_KEYS = ("profile", "sides", "heads", "actors")


# ----------------------------------------------------------------------------
# The profile


@dataclass(frozen=True)
class Side:
    """One side of the conflict, as declared in a profile.

    Parameters
    ----------
    id
        Short identifier used in tables, e.g. ``"armenia"``.
    label
        Human-readable name, e.g. ``"Armenian side"``.
    colour
        Colour for charts, ``#RRGGBB`` or ``#RGB``.
    """

    id: str
    label: str
    colour: str


@dataclass(frozen=True)
class Actor:
    """Someone who speaks in the news, with the side they speak for.

    Parameters
    ----------
    name
        Canonical name, e.g. ``"Hikmet Hajiyev"``.
    side
        A side id of the profile, ``"both"`` for groups spanning both sides
        or ``"third_party"``.
    kind
        One of :data:`KINDS`.
    role
        For third parties, one of :data:`ROLES`.
    ally_of
        For allies, the side id they are allied with.
    country
        ISO 3166-1 alpha-2 code of the state the actor is (or belongs to),
        e.g. ``"UA"``: ties the shipped world knowledge (places, media,
        bodies of that country) to the actor.
    source
        Where the facts of this entry come from (free text).
    names, surnames, titles, demonyms, capitals, places
        How the text mentions the actor (see the module documentation);
        ``places`` (regions, cities) only place a head noun that speaks for
        the actor ("the governor of Kharkiv"), never a speaker by themselves.
    line
        The line of the actor's table in the profile file.
    """

    name: str
    side: str
    kind: str
    role: str | None = None
    ally_of: str | None = None
    names: tuple[str, ...] = ()
    surnames: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    country: str | None = None
    source: str | None = None
    line: int | None = None

    @property
    def from_world(self) -> bool:
        """Whether the actor comes from shipped world knowledge rather than the profile file."""
        return self.source is not None and self.source.startswith(WORLD_SOURCE)

    def mentions(self) -> Iterator[tuple[str, str]]:
        """Yield ``(form, text)`` for every listed mention, form being a key of :data:`MENTION_RULES`."""
        for form in MENTION_RULES:
            for text in getattr(self, form):
                yield form, text


@dataclass(frozen=True, slots=True)
class _Alias:
    """One listed mention: its text, its form (``names``, ``surnames``...) and its actor."""

    text: str
    form: str
    actor: Actor


@dataclass(frozen=True)
class SideAssignment:
    """The side of one source.

    Parameters
    ----------
    actor
        Canonical name(s) of the actor(s) the source speaks for, joined by
        ``"; "``; ``None`` when no actor is named.
    side
        A side id, ``"both"``, ``"third_party"``, ``"ambiguous"`` or ``"unknown"``.
    rule
        The rule that matched (see the README's table of rules).
    confidence
        Prior confidence of the rule; ``None`` for unknown and ambiguous sources.
    """

    actor: str | None
    side: str
    rule: str
    confidence: float | None = None


@dataclass(frozen=True)
class Profile:
    """The sides and actors of one conflict, loaded by :func:`load_profile`.

    Parameters
    ----------
    name
        The profile's name (its file stem for shipped profiles).
    title
        One line describing the conflict and period covered.
    sides
        The declared sides, in file order.
    actors
        Every actor, in file order.
    heads
        Head nouns that speak for an actor ("officials", "ministry", "aides").
    generic
        Phrases that, as a bare source, take a side from context ("officials").
    description
        Longer free text.
    path
        The file the profile was read from.
    """

    name: str
    title: str
    sides: tuple[Side, ...]
    actors: tuple[Actor, ...]
    heads: frozenset[str] = frozenset()
    generic: frozenset[str] = frozenset()
    description: str = ""
    path: Path | None = None

    @property
    def side_ids(self) -> tuple[str, ...]:
        """The declared side ids, in file order."""
        return tuple(side.id for side in self.sides)

    @functools.cached_property
    def _matcher(self) -> _Matcher:
        return _Matcher.build(self.actors)

    @functools.cached_property
    def _surname_aliases(self) -> dict[str, list[_Alias]]:
        """Listed surnames by their text (and in capitals), apostrophes made straight."""
        index: dict[str, list[_Alias]] = {}
        for actor in self.actors:
            for text in actor.surnames:
                alias = _Alias(text, "surnames", actor)
                for key in dict.fromkeys((text.replace("’", "'"), text.replace("’", "'").upper())):
                    index.setdefault(key, []).append(alias)
        return index

    @functools.cached_property
    def _named_patterns(self) -> dict[str, re.Pattern[str]]:
        """Per actor name, the pattern of its mentions but its surnames (filled as :meth:`blocked_surnames` asks)."""
        return {}

    def _named_pattern(self, actor: Actor) -> re.Pattern[str]:
        """Every mention of ``actor`` but its surnames, as one pattern."""
        if actor.name not in self._named_patterns:
            texts = [text for form, text in actor.mentions() if form != "surnames"]
            joined = "|".join(rf"(?<![\w-])(?:{alias_pattern(t)})(?![\w-])" for t in texts)
            self._named_patterns[actor.name] = re.compile(joined or "(?!)")
        return self._named_patterns[actor.name]

    @functools.cached_property
    def _reader(self) -> _Reader:
        return _Reader(self.heads)

    def actor(self, name: str) -> Actor:
        """Return the actor called ``name``.

        Raises
        ------
        KeyError
            If the profile has no such actor.
        """
        for actor in self.actors:
            if actor.name == name:
                return actor
        raise KeyError(name)

    def to_frame(self) -> pd.DataFrame:
        """One row per actor: name, side, kind, role, ally_of, country, its mentions (``"; "``-joined), source and line."""
        rows = [
            {
                "actor": a.name,
                "side": a.side,
                "kind": a.kind,
                "role": a.role,
                "ally_of": a.ally_of,
                "country": a.country,
                **{form: "; ".join(getattr(a, form)) for form in MENTION_RULES},
                "source": a.source,
                "line": a.line,
            }
            for a in self.actors
        ]
        columns = ["actor", "side", "kind", "role", "ally_of", "country", *MENTION_RULES, "source", "line"]
        return pd.DataFrame(rows, columns=columns).astype({"line": "Int64"})

    def resolve(self, source: str, blocked: frozenset[str] = frozenset()) -> SideAssignment:
        """Return the side of one source phrase, without looking at its context.

        Parameters
        ----------
        source
            The source as written, e.g. ``"Azerbaijani officials"``.
        blocked
            Surnames that do not name their actor here (see
            :meth:`blocked_surnames`).

        Returns
        -------
        SideAssignment
            A named side, ``ambiguous``, or ``unknown`` with the rule
            ``"generic"`` (a generic source: :func:`assign_sides` may give it
            a side from context), ``"unresolved pronoun"``, ``"surname of
            another person"`` or ``"no match"``.

        Examples
        --------
        >>> profile = load_profile("armenia-azerbaijan")
        >>> profile.resolve("Nagorno-Karabakh's forces")
        SideAssignment(actor='Nagorno-Karabakh authorities', side='armenia', rule='possessive', confidence=0.9)
        >>> profile.resolve("critics of Aliyev").side
        'unknown'
        """
        stripped = source.strip()
        if stripped.lower() in _PRONOUNS and not (stripped.isupper() and len(stripped) > 1):
            return SideAssignment(None, UNKNOWN, UNRESOLVED)
        items = self._matcher.items(stripped)
        unlisted = [item for item in items if item.alias is not None and item.alias.text in blocked]
        if unlisted:
            items = [new for item in items for new in (_tokens(item.text) if item in unlisted else [item])]
        primary, supporting, words = self._reader.analyse(items)
        if primary:
            return _combine(primary, supporting)
        if unlisted:
            return SideAssignment(None, UNKNOWN, OTHER_PERSON)
        return SideAssignment(None, UNKNOWN, GENERIC if _is_generic(words, self.generic) else NO_MATCH)

    def blocked_surnames(self, text: str) -> frozenset[str]:
        """Listed surnames that may name someone else in ``text``.

        A surname is blocked when the document names another person with it
        ("Ron Johnson", "Jimmy Fallon": an unlisted given name before it) and
        never names the listed actor in full: there, "Johnson said" is not
        guessed to be Gary Johnson.
        """
        others: dict[str, _Alias] = {}
        index = self._surname_aliases
        for match in _NAME_PAIR_RE.finditer(text):
            given, surname = match.group(1), match.group(2).replace("’", "'")
            surname = surname[:-2] if surname.endswith("'s") else surname.rstrip("'")
            for alias in index.get(surname, ()):
                full = _alias_key(f"{given} {surname}")
                listed = any(_alias_key(t) == full for _, t in alias.actor.mentions())
                if not listed and _is_given_name(given, self.heads):
                    others[alias.text] = alias
        return frozenset(name for name, alias in others.items() if self._named_pattern(alias.actor).search(text) is None)

    def mentions_in(self, text: str) -> list[tuple[int, int, Actor]]:
        """Every listed mention in ``text`` as ``(start, end, actor)``, leftmost-longest."""
        return [
            (m.start(), m.end(), self._matcher.aliases[m.lastgroup].actor)
            for m in self._matcher.finditer(text)
        ]


# ----------------------------------------------------------------------------
# Matching mentions


def _word_pattern(word: str) -> str:
    """Regex for one word of an alias: exact (or ALL CAPS) if it has a capital, any case otherwise."""
    escaped = re.sub(r"['’]", "['’]", re.escape(word))
    if word.lower() == word:
        return f"(?i:{escaped})"
    upper = re.sub(r"['’]", "['’]", re.escape(word.upper()))
    return escaped if upper == escaped else f"(?:{escaped}|{upper})"


def alias_pattern(alias: str) -> str:
    """Return the regular expression that matches ``alias`` in text.

    Words with a capital letter match as written or in capitals (debate
    transcripts write "PENCE:"); lower-case words match in any case ("Both
    sides"); a leading "the" is left out, so "the Kremlin" also matches
    "Kremlin officials"; words may be separated by any white space;
    straight and curly apostrophes are interchangeable.

    Examples
    --------
    >>> bool(re.fullmatch(alias_pattern("both sides"), "Both sides"))
    True
    >>> bool(re.fullmatch(alias_pattern("the Kremlin"), "Kremlin"))
    True
    >>> bool(re.fullmatch(alias_pattern("US"), "us"))
    False
    """
    return r"\s+".join(_word_pattern(word) for word in _without_article(alias).split())


def _without_article(alias: str) -> str:
    words = alias.split()
    return " ".join(words[1:] if len(words) > 1 and words[0].lower() == "the" else words)


@dataclass(frozen=True)
class _Matcher:
    """Every alias, longest first, on word boundaries, in one alternation per prefix.

    Aliases are grouped by their first (up to three) letters, lower-cased
    (:func:`_prefix`); :meth:`finditer` tries, at each word start, only the
    groups whose prefix the word starts with, and keeps the match that
    comes first in the longest-first order. This finds the same matches as
    one alternation of every alias, without trying hundreds of
    alternatives at every word.
    """

    groups: dict[str, re.Pattern[str]]
    aliases: dict[str, _Alias]
    starts: re.Pattern[str]
    """Word starts of a lower-cased text that begin with a group's prefix."""

    @classmethod
    def build(cls, actors: Sequence[Actor]) -> _Matcher:
        entries = [_Alias(text, form, actor) for actor in actors for form, text in actor.mentions()]
        entries.sort(key=lambda alias: (-len(alias.text), alias.text))
        aliases = {f"a{index}": alias for index, alias in enumerate(entries)}
        by_prefix: dict[str, list[str]] = {}
        for group, alias in aliases.items():
            by_prefix.setdefault(_prefix(_without_article(alias.text)), []).append(f"(?P<{group}>{alias_pattern(alias.text)})")
        groups = {prefix: re.compile(rf"(?<![\w-])(?:{'|'.join(alternatives)})(?![\w-])") for prefix, alternatives in by_prefix.items()}
        heads = "|".join(_prefix_pattern(prefix) for prefix in sorted(groups, key=len, reverse=True)) or "(?!)"
        return cls(groups, aliases, re.compile(rf"(?<![\w-])(?=\w)(?={heads})"))

    def _candidates(self, text: str) -> Iterator[int]:
        """Word starts where some group may match: found in the lower-cased text when that keeps offsets."""
        lowered = text.lower()
        if len(lowered) != len(text):
            return _word_starts(text)
        return (found.start() for found in self.starts.finditer(lowered))

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Every listed mention in ``text``, leftmost-longest, without overlaps."""
        end = 0
        groups = self.groups
        for start in self._candidates(text):
            if start < end:
                continue
            head = _prefix(text[start : start + 3])
            candidates = [groups[key] for key in (head, head[:2], head[:1]) if key in groups]
            if not candidates:
                continue
            matches = [m for m in (pattern.match(text, start) for pattern in candidates) if m]
            if matches:
                match = min(matches, key=lambda m: int(m.lastgroup[1:]))
                end = match.end()
                yield match

    def items(self, text: str) -> list[_Item]:
        """Split ``text`` into listed mentions and plain tokens (quotes dropped)."""
        items: list[_Item] = []
        position = 0
        for match in self.finditer(text):
            items += _tokens(text[position : match.start()])
            items.append(_Item(match.group(), self.aliases[match.lastgroup]))
            position = match.end()
        return items + _tokens(text[position:])


_WORD_START_RE = re.compile(r"(?<![\w-])\w")


def _word_starts(text: str) -> Iterator[int]:
    return (match.start() for match in _WORD_START_RE.finditer(text))


def _prefix_pattern(prefix: str) -> str:
    """A case-sensitive regex for lower-cased text whose :func:`_prefix` starts with ``prefix``."""
    return "".join("['’]" if c == "'" else r"\s" if c == " " else re.escape(c) for c in prefix)


def _prefix(word: str) -> str:
    """The first three characters, lower-cased, with curly apostrophes and white space made plain."""
    head = word[:3].lower().replace("’", "'")
    return head if head.isprintable() else _SPACE_RE.sub(" ", head)


_SPACE_RE = re.compile(r"\s")


@dataclass(frozen=True, slots=True)
class _Item:
    """A token of a source phrase, or a whole listed mention (``alias`` set)."""

    text: str
    alias: _Alias | None = None

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def _tokens(text: str) -> list[_Item]:
    return [_Item(token) for token in _TOKEN_RE.findall(text) if token not in _QUOTES]


# ----------------------------------------------------------------------------
# Reading a source phrase


@dataclass(frozen=True, slots=True)
class _Use:
    """A listed mention that denotes the speaker, with the rule by which it does."""

    alias: _Alias
    rule: str


@dataclass
class _Phrase:
    """What one noun phrase of a source says about the speaker."""

    heads: list[_Use] = field(default_factory=list)
    modifiers: list[_Use] = field(default_factory=list)
    affiliations: list[_Use] = field(default_factory=list)
    places: list[_Use] = field(default_factory=list)
    others: list[_Use] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    stopped: bool = False
    former: bool = False

    def main(self) -> list[_Use]:
        """The uses that name the speaker: heads, else modifiers of the head noun, else affiliations.

        A "former" head noun ("a former Obama administration official")
        no longer speaks for the actor: only named heads count then.
        """
        if self.former:
            return self.heads
        return self.heads or self.modifiers or self.affiliations

    def all(self) -> list[_Use]:
        """Every use that counts, those naming the speaker first."""
        main = self.main()
        rest = self.heads if self.former else (*self.heads, *self.modifiers, *self.affiliations, *self.others)
        return main + [use for use in rest if use not in main]


def _link_length(items: Sequence[_Item], i: int) -> int:
    """Number of tokens of a linking preposition starting at ``items[i]`` (0 if none)."""
    if i >= len(items) or items[i].alias is not None or items[i].lower not in _LINK_HEADS:
        return 0
    for words in _LINK_WORDS:
        window = items[i : i + len(words)]
        if len(window) == len(words) and all(
            it.alias is None and it.lower == w for it, w in zip(window, words)
        ):
            return len(words)
    return 0


def _stands_alone(items: Sequence[_Item], j: int) -> bool:
    """Whether the noun phrase of the mention just before ``items[j]`` ends there.

    It goes on when a capitalised word ("Trump Tower", "Donald Trump Jr.")
    or a lower-case noun or adjective ("the Obama administration",
    "Armenian missile strikes") follows; it ends at a verb (also a
    capitalised one, in a headline: "Zelensky Seeks To..."), a time word
    ("Zelensky yesterday"), a conjunction, a preposition, punctuation or
    the end of the source.
    """
    if j >= len(items):
        return True
    item = items[j]
    if item.alias is not None or not item.text[:1].isalnum() or item.lower in _time_words():
        return True
    tag = default_tagger().tag([item.lower])[0]
    if item.capitalised:
        return tag in ("VBZ", "VBD")
    return not tag.startswith(("NN", "JJ"))


def _is_name_word(item: _Item) -> bool:
    """A capitalised word that is not a listed mention: part of a person's name."""
    return item.alias is None and item.capitalised and item.text.replace("-", "").replace("'", "").isalpha()


def _name_follows(items: Sequence[_Item], j: int) -> bool:
    """Whether two capitalised words (a given name and a surname) follow at ``j``."""
    return j + 1 < len(items) and _is_name_word(items[j]) and _is_name_word(items[j + 1])


def _is_given_name(word: str, heads: frozenset[str]) -> bool:
    """Whether ``word`` reads as a given name before a surname: a proper noun, not a title or a weekday."""
    if not word[:1].isupper() or not word.replace("-", "").replace("'", "").isalpha():
        return False
    low = word.lower()
    if (
        low in _HONORIFICS
        or low in heads
        or low in _DETERMINERS
        or low in _POSSESSIVE_PRONOUNS
        or low in _CALENDAR
    ):
        return False
    return default_tagger().tag([word])[0] == "NNP"


def _rule(alias: _Alias, usage: str, possessive: bool) -> str:
    if alias.actor.side == BOTH:
        return "group"
    if alias.form == "places":
        return MENTION_RULES["places"]
    if usage == "head":
        return MENTION_RULES[alias.form]
    if possessive:
        return "possessive"
    return "demonym" if alias.form == "demonyms" else "modifier"


class _Reader:
    """Reads a source phrase and finds the listed mentions that denote its speaker."""

    def __init__(self, heads: frozenset[str]) -> None:
        self.heads = heads

    def analyse(self, items: Sequence[_Item]) -> tuple[list[_Use], list[_Use], list[str]]:
        """Return (uses naming the speaker, other uses, words of the first noun phrase).

        The source is cut at commas, dashes and brackets. The first segment
        that names someone gives the speaker; a following segment that is
        only a mention ("France, Russia, and the US") joins it; other
        segments (appositions) only support or contradict it. A relative
        clause or a preposition that does not link a head noun ends the
        reading.
        """
        primary: list[_Use] = []
        supporting: list[_Use] = []
        first_words: list[str] | None = None
        for part in _segments(items):
            if part[0].lower in _STOPWORDS or _link_length(part, 0):
                break
            phrase = self.phrase(part)
            first_words = phrase.words if first_words is None else first_words
            if not primary:
                primary = phrase.main()
                supporting += phrase.all()[len(primary) :]
            elif _is_coordinated(part):
                primary += [_Use(use.alias, _coordinated_rule(use, primary[0])) for use in phrase.main()]
            else:
                supporting += phrase.all()
            if phrase.stopped:
                break
        return primary, supporting, first_words or []

    def phrase(self, items: Sequence[_Item], start: int = 0) -> _Phrase:
        """Read one noun phrase from ``items[start]`` up to a preposition or the end."""
        phrase = _Phrase()
        i, last_is_head = start, False
        while i < len(items):
            item = items[i]
            if item.alias is not None:
                i = self._entity(items, i, start, phrase)
                last_is_head = False
                continue
            link = _link_length(items, i)
            if link and i > start:
                self._attach(items, i + link, phrase, affiliate=last_is_head)
                return phrase
            if link or item.lower in _STOPWORDS:
                phrase.stopped = True
                return phrase
            phrase.words.append(item.lower)
            phrase.former = phrase.former or item.lower in _FORMER
            # a head noun, or a person's name ("Capt. Ivan Petrenko of the Ukrainian Army")
            last_is_head = item.lower in self.heads or (i > start and _is_name_word(item) and _is_name_word(items[i - 1]))
            i += 1
        return phrase

    def _attach(self, items: Sequence[_Item], start: int, phrase: _Phrase, affiliate: bool) -> None:
        """Read the object of a linking preposition.

        After a head noun it names whom the speaker speaks for ("the
        leaders of France", "a spokeswoman for Armenia's Defence Ministry");
        after anything else ("the separatist regime in Khankendi", "Trump in
        an interview") it is set aside.
        """
        inner = self.phrase(items, start)
        phrase.stopped = inner.stopped
        if not affiliate or phrase.former:
            return
        main = inner.main() or inner.places
        uses = main + [use for use in inner.all() if use not in main]
        phrase.affiliations += [_Use(use.alias, _affiliation_rule(use)) for use in main]
        phrase.others += [_Use(use.alias, _affiliation_rule(use)) for use in uses[len(main) :]]

    def _entity(self, items: Sequence[_Item], i: int, start: int, phrase: _Phrase) -> int:
        """Classify the mention at ``items[i]``; record it in ``phrase``; return the next index.

        A mention followed (within :data:`MODIFIER_WINDOW` words) by a head
        noun is a modifier ("Azerbaijani officials", "Trump's aides"); a
        mention that ends its noun phrase is the head ("Baku", "Clinton's"
        before the cue); anything else ("Clinton's opponent", "Armenian
        missile strikes", "Trump Tower") does not denote the speaker.
        """
        alias = items[i].alias
        j = i + 1
        possessive = j < len(items) and items[j].text in _POSSESSIVE_MARKS
        if possessive:
            j += 1
        phrase.words.append(items[i].lower)
        if alias.form == "surnames" and self._after_given_name(items, i, start):
            return j
        if alias.form == "titles" and j < len(items) and items[j].alias is not None and items[j].alias.actor.kind == "person":
            return j  # the title of the person named next ("former Prime Minister Yulia Tymoshenko")
        if alias.form == "titles" and not possessive and _name_follows(items, j) and not _FORMER & set(alias.text.lower().split()):
            phrase.heads.append(_Use(alias, _rule(alias, "head", possessive)))  # "Ukrainian Prime Minister Denis Shmigal"
            while j < len(items) and _is_name_word(items[j]):
                phrase.words.append(items[j].lower)
                j += 1
        elif self._head_follows(items, j) or (alias.form == "demonyms" and j < len(items) and _is_name_word(items[j])):
            # "Azerbaijani officials"; a demonym before a proper name ("the Polish National Security Bureau")
            phrase.modifiers.append(_Use(alias, _rule(alias, "modifier", possessive)))
        elif _stands_alone(items, j):
            uses = phrase.places if alias.form == "places" else phrase.heads
            uses.append(_Use(alias, _rule(alias, "head", possessive)))
        return j

    def _head_follows(self, items: Sequence[_Item], j: int) -> bool:
        """Whether a head noun comes within :data:`MODIFIER_WINDOW` plain words from ``j``."""
        for item in items[j : j + MODIFIER_WINDOW]:
            low = item.lower
            if (
                item.alias is not None
                or low in _STOPWORDS
                or low in _CONJUNCTIONS
                or not item.text[:1].isalnum()
            ):
                return False
            if low in self.heads:
                return True
        return False

    def _after_given_name(self, items: Sequence[_Item], i: int, start: int) -> bool:
        """Whether the surname at ``i`` follows an unlisted given name ("Melania Trump")."""
        return i > start and items[i - 1].alias is None and _is_given_name(items[i - 1].text, self.heads)


def _affiliation_rule(use: _Use) -> str:
    if use.rule == "group":
        return "group"
    return MENTION_RULES["places"] if use.alias.form == "places" else "affiliation"


def _coordinated_rule(use: _Use, first: _Use) -> str:
    """A mention listed after the speaker's ("France, Russia, and the US") is read the same way."""
    return _affiliation_rule(use) if first.rule == "affiliation" else use.rule


def _segments(items: Sequence[_Item]) -> Iterator[list[_Item]]:
    """Cut a source at commas, dashes and brackets; drop a leading conjunction."""
    current: list[_Item] = []
    for item in [*items, _Item(",")]:
        if item.alias is None and item.text in _BOUNDARIES:
            while current and current[0].alias is None and current[0].lower in _CONJUNCTIONS:
                current.pop(0)
            if current:
                yield current
            current = []
        else:
            current.append(item)


def _is_coordinated(segment: Sequence[_Item]) -> bool:
    """Whether a segment only lists mentions ("Russia", "and the US", "Russia and the United States")."""
    skip = _DETERMINERS | _CONJUNCTIONS
    return all(item.alias is not None or item.lower in skip for item in segment)


def _is_generic(words: Sequence[str], generic: frozenset[str]) -> bool:
    """Whether a noun phrase is only a generic head ("officials", "the Foreign Ministry", "his aides")."""
    skip = _DETERMINERS | _POSSESSIVE_PRONOUNS | _GENERIC_MODIFIERS
    index = 0
    while index < len(words) and words[index] in skip:
        index += 1
    return " ".join(words[index:]) in generic


def _joint_side(actors: Sequence[Actor]) -> str | None:
    """The one side of ``actors``, folding third-party allies into the side they are allied with."""
    sides = {actor.side for actor in actors}
    if len(sides) == 1:
        return sides.pop()
    main = sides - {THIRD_PARTY}
    if len(main) == 1:
        (side,) = main
        if all(actor.ally_of == side for actor in actors if actor.side == THIRD_PARTY):
            return side
    return None


def _combine(primary: Sequence[_Use], supporting: Sequence[_Use]) -> SideAssignment:
    """Side, actor, rule and confidence of the uses that name a speaker."""
    actors = list(dict.fromkeys(use.alias.actor for use in primary))
    names = "; ".join(actor.name for actor in actors)
    side = _joint_side(actors)
    # A place only says where the speaker works ("the Russian-installed governor of Kherson"), and the object of a
    # preposition after a speaker qualified by a demonym or possessive is whom they deal with ("Russia's ambassador
    # to Washington"): neither contradicts.
    qualified = all(use.rule in ("demonym", "modifier", "possessive") for use in primary)
    consistent = side is not None and all(
        u.alias.actor.side == side or u.alias.actor.ally_of == side
        for u in supporting
        if u.alias.form != "places" and not (qualified and u.rule == "affiliation")
    )
    if not consistent:
        everyone = "; ".join(dict.fromkeys(use.alias.actor.name for use in [*primary, *supporting]))
        return SideAssignment(everyone, AMBIGUOUS, TWO_SIDES)
    rules = list(dict.fromkeys(use.rule for use in primary))
    return SideAssignment(names, side, "+".join(rules), min(RULE_CONFIDENCE[rule] for rule in rules))


# ----------------------------------------------------------------------------
# Loading and validating profiles


@dataclass(frozen=True)
class _Source:
    """A profile file's text, to find the line of a table, key or value for error messages."""

    path: Path
    text: str

    @functools.cached_property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    @functools.cached_property
    def headers(self) -> list[tuple[int, str]]:
        """(1-based line, name) of every ``[table]`` and ``[[array]]`` header."""
        found = []
        for number, line in enumerate(self.lines, 1):
            match = re.match(r"\s*\[\[?\s*([\w.-]+)\s*\]", line)
            if match:
                found.append((number, match.group(1)))
        return found

    def span(self, name: str, index: int = 0) -> tuple[int | None, int]:
        """Lines ``(first, last)`` of the ``index``-th ``[name]``/``[[name]]`` table (first is None if absent)."""
        starts = [number for number, header in self.headers if header == name]
        if index >= len(starts):
            return None, len(self.lines)
        later = [number for number, _ in self.headers if number > starts[index]]
        return starts[index], (later[0] - 1 if later else len(self.lines))

    def line(
        self, span: tuple[int | None, int], key: str | None = None, value: str | None = None
    ) -> int | None:
        """Line of the quoted ``value`` (from ``key = ...`` on), else of ``key``, else the table's first line."""
        first, last = span
        start = first or 1
        if key is not None:
            pattern = re.compile(rf"\s*{re.escape(key)}\s*=")
            start = next((n for n in range(start, last + 1) if pattern.match(self.lines[n - 1])), start)
        if value is None:
            return start if key is not None else first
        needles = (json.dumps(value, ensure_ascii=False), f"'{value}'")
        for begin in (start, first or 1):
            for number in range(begin, last + 1):
                if any(needle in self.lines[number - 1] for needle in needles):
                    return number
        return start

    def error(self, code: str, problem: str, fix: str, line: int | None = None) -> DataError:
        return DataError(code, problem, fix, path=self.path, line=line)


@dataclass(frozen=True)
class _Table:
    """One TOML table of a profile, with typed getters that fail with the line and the fix."""

    source: _Source
    data: Mapping[str, Any]
    where: str
    span: tuple[int | None, int]

    def error(
        self, code: str, problem: str, fix: str, key: str | None = None, value: str | None = None
    ) -> DataError:
        line = self.source.line(self.span, key, value)
        return self.source.error(code, f"{self.where}: {problem}", fix, line)

    def check_keys(self, allowed: Sequence[str]) -> None:
        for key in self.data:
            if key not in allowed:
                raise self.error(
                    "N252",
                    f"unknown key {key!r}.",
                    f"{_suggest(key, allowed)}Allowed keys: {', '.join(allowed)}.",
                    key=key,
                )

    def string(self, key: str, required: bool = True) -> str | None:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.error("N252", f"{key!r} is missing.", f'Add {key} = "..." to this table.')
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.error(
                "N252",
                f"{key!r} must be a non-empty string, not {value!r}.",
                f'Write {key} = "...".',
                key=key,
            )
        return value.strip()

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.error(
                "N252",
                f"{key!r} must be a list of strings, not {value!r}.",
                f'Write {key} = ["...", "..."].',
                key=key,
            )
        for item in value:
            if not item.strip():
                raise self.error(
                    "N255",
                    f"{key!r} holds the empty alias {item!r}.",
                    "Delete it or write the mention it stands for.",
                    key,
                    item,
                )
        return tuple(" ".join(item.split()) for item in value)

    def choice(self, key: str, choices: Sequence[str], required: bool = True) -> str | None:
        value = self.string(key, required)
        if value is not None and value not in choices:
            raise self.error(
                "N257",
                f"{key} {value!r} is not known.",
                f"{_suggest(value, choices)}Use one of {', '.join(choices)}.",
                key,
                value,
            )
        return value


def _suggest(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    return f"Did you mean {close[0]!r}? " if close else ""


def _toml_error(source: _Source, error: tomllib.TOMLDecodeError) -> DataError:
    """N251 with the line tomllib reports ("... (at line 3, column 5)")."""
    message = str(error)
    match = _TOML_POSITION_RE.search(message)
    line = None
    if match:
        line = int(match.group(1)) if match.group(1) else len(source.lines)
    return source.error(
        "N251",
        f"is not valid TOML: {_TOML_POSITION_RE.sub('', message)}.",
        'Check the quotes, brackets and "key = value" syntax on that line (see the shipped profiles).',
        line,
    )


def _array(source: _Source, data: Mapping[str, Any], key: str) -> list[_Table]:
    """The ``[[key]]`` tables of the profile, each with its line span."""
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(item, dict) for item in value):
        problem = (
            f"has no [[{key}]] tables." if value is None else f"{key!r} must be written as [[{key}]] tables."
        )
        raise source.error(
            "N252",
            problem,
            f"Add one [[{key}]] table per entry (the shipped profiles are examples).",
            source.span(key)[0],
        )
    singular = key.rstrip("s")
    return [
        _Table(
            source,
            item,
            f"{singular} {item.get('id', item.get('name', index + 1))!r}",
            source.span(key, index),
        )
        for index, item in enumerate(value)
    ]


def _parse_side(table: _Table) -> Side:
    table.check_keys(_SIDE_KEYS)
    side_id = table.string("id")
    if side_id in RESERVED_SIDES or not _SIDE_ID_RE.fullmatch(side_id):
        reason = (
            "is reserved by narratives" if side_id in RESERVED_SIDES else "is not a lower-case identifier"
        )
        fix = (
            f'Use lower-case letters, digits, _ or - (not {", ".join(RESERVED_SIDES)}), e.g. id = "armenia".'
        )
        raise table.error("N253", f"the id {side_id!r} {reason}.", fix, "id", side_id)
    colour = table.string("colour")
    if not _COLOUR_RE.fullmatch(colour):
        raise table.error(
            "N256",
            f"the colour {colour!r} is not a hex colour.",
            'Write it as #RRGGBB, e.g. colour = "#1f77b4".',
            "colour",
            colour,
        )
    return Side(side_id, table.string("label"), colour)


def _parse_sides(source: _Source, data: Mapping[str, Any]) -> tuple[Side, ...]:
    sides: list[Side] = []
    for table in _array(source, data, "sides"):
        side = _parse_side(table)
        if side.id in [s.id for s in sides]:
            raise table.error(
                "N253",
                f"the id {side.id!r} is declared twice.",
                "Give each [[sides]] table its own id.",
                "id",
            )
        sides.append(side)
    if len(sides) < 2:
        raise source.error(
            "N253",
            "declares fewer than two sides.",
            "Add a [[sides]] table for each side of the conflict.",
            source.span("sides")[0],
        )
    return tuple(sides)


def _parse_actor(table: _Table, side_ids: Sequence[str]) -> Actor:
    table.check_keys(_ACTOR_KEYS)
    name = table.string("name")
    valid = (*side_ids, BOTH, THIRD_PARTY)
    side = table.string("side")
    if side not in valid:
        fix = (
            f"{_suggest(side, valid)}Use a declared side id ({', '.join(side_ids)}), {BOTH} or {THIRD_PARTY}."
        )
        raise table.error("N253", f"the side {side!r} is not declared.", fix, "side")
    kind = table.choice("kind", KINDS)
    role = table.choice("role", ROLES, required=side == THIRD_PARTY)
    if role is not None and side != THIRD_PARTY:
        raise table.error(
            "N257",
            f"has a role but is on side {side!r}.",
            f'Only third parties have a role: set side = "{THIRD_PARTY}" or delete the role.',
            key="role",
        )
    ally_of = table.string("ally_of", required=False)
    if (role == "ally") != (ally_of is not None) or (ally_of is not None and ally_of not in side_ids):
        fix = f"An ally needs ally_of = one of {', '.join(side_ids)}; other actors have no ally_of."
        raise table.error(
            "N253", f"ally_of is {ally_of!r} with role {role!r}.", fix, key="ally_of" if ally_of else "role"
        )
    country = table.string("country", required=False)
    if country is not None and not _COUNTRY_RE.fullmatch(country):
        raise table.error(
            "N252",
            f"country {country!r} is not an ISO 3166-1 alpha-2 code.",
            'Write the two capital letters of the country, e.g. country = "UA".',
            key="country",
        )
    mentions = {form: table.strings(form) for form in MENTION_RULES}
    if not any(mentions.values()):
        raise table.error("N252", "has no mentions.", f"List at least one of {', '.join(MENTION_RULES)}.")
    source = table.string("source", required=False)
    return Actor(name, side, kind, role, ally_of, **mentions, country=country, source=source, line=table.span[0])


def _alias_key(text: str, case: bool = False) -> str:
    """What two aliases must differ in: not apostrophes or a leading "the"; case only if ``case``."""
    key = _without_article(text).replace("’", "'")
    return key if case else key.casefold()


def _parse_actors(source: _Source, data: Mapping[str, Any], side_ids: Sequence[str]) -> tuple[Actor, ...]:
    """The actors, each alias naming exactly one of them.

    Two actors may not share an alias even in another case ("Both sides",
    "both sides"); one actor may list case variants ("PolitiFact",
    "Politifact"), since capitalised words match as written.
    """
    actors: dict[str, Actor] = {}
    owners: dict[str, Actor] = {}
    for table in _array(source, data, "actors"):
        actor = _parse_actor(table, side_ids)
        if actor.name in actors:
            raise table.error(
                "N258",
                "another actor has the same name.",
                "Give each actor its own name, or merge the two tables.",
                key="name",
            )
        actors[actor.name] = actor
        own: set[str] = set()
        for form, text in actor.mentions():
            if _alias_key(text, case=True) in own:
                fix = "Keep it once (apostrophe style and a leading 'the' do not count)."
                raise table.error("N254", f"the alias {text!r} is listed twice.", fix, form, text)
            own.add(_alias_key(text, case=True))
            other = owners.setdefault(_alias_key(text), actor)
            if other is not actor:
                fix = (
                    "An alias must name one actor: keep it on one, or make the two longer (e.g. full names)."
                )
                problem = (
                    f"the alias {text!r} (side {actor.side}) is also listed for "
                    f"{other.name!r} (side {other.side})."
                )
                raise table.error("N254", problem, fix, form, text)
    return tuple(actors.values())


def _parse_heads(source: _Source, data: Mapping[str, Any]) -> tuple[frozenset[str], frozenset[str]]:
    value = data.get("heads", {})
    table = _Table(source, value if isinstance(value, dict) else {}, "[heads]", source.span("heads"))
    if not isinstance(value, dict):
        raise table.error(
            "N252", "must be a table.", "Write [heads] with affiliated = [...] and generic = [...]."
        )
    table.check_keys(_HEAD_KEYS)
    heads = table.strings("affiliated")
    for head in heads:
        if " " in head or head != head.lower():
            raise table.error(
                "N252",
                f"affiliated nouns are single lower-case words, not {head!r}.",
                'List the head word only, e.g. "ministry".',
                "affiliated",
                head,
            )
    return frozenset(heads), frozenset(phrase.lower() for phrase in table.strings("generic"))


@functools.cache
def _shared_heads() -> tuple[frozenset[str], frozenset[str]]:
    """The head nouns and generic phrases every profile has (``data/lang/en/heads.toml``)."""
    with HEADS_PATH.open("rb") as handle:
        data = tomllib.load(handle)
    return frozenset(data["affiliated"]), frozenset(data["generic"])


@functools.cache
def _time_words() -> frozenset[str]:
    """Words of time that end a speaker's noun phrase ("Zelensky yesterday"): the attribution rules' list."""
    return frozenset(attribution_rules()["sources"]["time_words"])


def parse_profile(text: str, path: str | Path) -> Profile:
    """Parse and validate the text of a profile file.

    Parameters
    ----------
    text
        The TOML text.
    path
        The file it was read from (for messages and ``Profile.path``).

    Returns
    -------
    Profile

    Raises
    ------
    DataError
        ``N251``–``N258`` with the file, the line and the fix.
    """
    source = _Source(Path(path), text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _toml_error(source, error) from None
    _Table(source, data, "the profile", (1, len(source.lines))).check_keys(_TOP_KEYS)
    meta = _Table(source, data.get("profile", {}), "[profile]", source.span("profile"))
    meta.check_keys(_PROFILE_KEYS)
    sides = _parse_sides(source, data)
    heads, generic = _parse_heads(source, data)
    shared_heads, shared_generic = _shared_heads()
    heads, generic = heads | shared_heads, generic | shared_generic
    side_ids = [side.id for side in sides]
    actors = _parse_actors(source, data, side_ids)
    world = meta.data.get("world", True)
    if not isinstance(world, bool):
        raise meta.error("N252", f"world must be true or false, not {world!r}.", "Write world = true (the default) or world = false.", key="world")
    return Profile(
        name=meta.string("name", required=False) or source.path.stem,
        title=meta.string("title", required=False) or "",
        sides=sides,
        actors=with_world(actors, side_ids, _alias_key) if world else actors,
        heads=heads,
        generic=generic,
        description=meta.string("description", required=False) or "",
        path=source.path,
    )


def list_profiles() -> list[str]:
    """Names of the profiles shipped with narratives, sorted.

    Examples
    --------
    >>> "armenia-azerbaijan" in list_profiles()
    True
    """
    return sorted(path.stem for path in PROFILES_DIR.glob("*.toml"))


def _profile_path(name_or_path: str | Path) -> Path:
    given = Path(name_or_path)
    if given.suffix == ".toml" or given.exists() or len(given.parts) > 1:
        if not given.is_file():
            raise DataError(
                "N250",
                "no such profile file.",
                "Check the path, or give the name of a shipped profile (narratives profiles).",
                path=given,
            )
        return given
    shipped = PROFILES_DIR / f"{name_or_path}.toml"
    if not shipped.is_file():
        raise DataError(
            "N250",
            f"there is no profile called {str(name_or_path)!r}.",
            f"{_suggest(str(name_or_path), list_profiles())}Shipped profiles: {', '.join(list_profiles())}; or give the path of a .toml file.",
        )
    return shipped


def load_profile(name_or_path: str | Path) -> Profile:
    """Load and validate a profile.

    Parameters
    ----------
    name_or_path
        The name of a shipped profile (see :func:`list_profiles`), e.g.
        ``"armenia-azerbaijan"``, or the path of a ``.toml`` file.

    Returns
    -------
    Profile

    Raises
    ------
    DataError
        ``N250`` if there is no such profile; ``N251``–``N258`` if the file
        is broken (with the line and what to do).

    Examples
    --------
    >>> profile = load_profile("armenia-azerbaijan")
    >>> profile.side_ids
    ('armenia', 'azerbaijan')
    """
    path = _profile_path(name_or_path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise decode_error(data, error, path, "utf-8", fix="Save the profile as UTF-8.") from None
    return parse_profile(text, path)


# ----------------------------------------------------------------------------
# Sides for an attribution table

_REQUIRED_COLUMNS = (
    "doc_id",
    "sentence",
    "cue_start",
    "source_start",
    "source_end",
    "source_text",
    "resolved_text",
    "content_spans",
)


def _check_columns(table: pd.DataFrame) -> None:
    require_columns(table, _REQUIRED_COLUMNS, "Pass a table from narratives.pipeline.analyze or attributions_to_frame.")


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def _first_pass(
    table: pd.DataFrame, texts: Mapping[str, str], profile: Profile, blocked: Mapping[str, frozenset[str]]
) -> list[SideAssignment]:
    """Resolve every row's source (its antecedent when it has one), each distinct text once per document."""
    resolved_present = table["resolved_text"].notna()
    mention = table["resolved_text"].where(resolved_present, table["source_text"])
    cache = {
        key: profile.resolve(key[0], blocked[key[1]])
        for key in dict.fromkeys(zip(mention, table["doc_id"]))
        if not _missing(key[0])
    }
    assignments = []
    for text, doc_id, via_antecedent in zip(mention, table["doc_id"], resolved_present):
        if _missing(text):
            assignments.append(SideAssignment(None, UNKNOWN, NO_SOURCE))
        elif via_antecedent:
            assignments.append(_via_antecedent(cache[text, doc_id]))
        else:
            assignments.append(cache[text, doc_id])
    return assignments


_NAME_RUN_RE = re.compile(r"(?<![\w-])[A-Z](?:[\w'’-]{0,3}\.|[\w'’-]*)(?:[ \t]+(?:[A-Z](?:[\w'’-]{0,3}\.|[\w'’-]*)|(?:al|bin|de|der|van|von|la|le)(?=[ \t]+[A-Z])))*")
"""A run of capitalised words: a name as news text writes it ("Anatoly Antonov", "Davyd Arakhamia")."""

_NAME_PAIR_RE = re.compile(r"(?<![\w-])(?=([A-Z][\w'’.-]*)[ \t]+([A-Z][\w'’-]*))")
"""Two capitalised words in a row (overlapping): a given name and a surname."""

_NAMED_RE = re.compile(r"(?<![\w-])(?:named|called)[ \t]+(?=[A-Z])")
"""A name introduced by the noun phrase before it ("a soldier named Timur")."""

_CLAUSE_BREAK_RE = re.compile(r"[.;:!?()\[\]\n“”\"—–]|--|''")


def name_key(word: str) -> str:
    """A surname folded so that transliteration variants meet ("Zelenskiy", "Zelensky", "Zelenskyy"; "Pashinian", "Pashinyan")."""
    key = word.lower().replace("’", "'").removesuffix("'s").replace("iy", "y").replace("yy", "y").replace("ia", "ya")
    return key.replace("ii", "i").rstrip("yi") or key


def _noun_phrase_tail(window: str) -> str:
    """The end of ``window`` after its last verb, relative word or non-linking preposition.

    What stands right before a name and may describe it: "...alleges that
    former Ukrainian MP " -> "former Ukrainian MP ".
    """
    words = list(re.finditer(r"\S+", window))
    tags = default_tagger().tag([w.group().strip(",") or "," for w in words])
    cut = 0
    for word, tag in zip(words, tags):
        low = word.group().lower().strip(",")
        if (
            tag.startswith(("VB", "WDT", "WP", "MD"))
            or low in _STOPWORDS
            or low in _CONJUNCTIONS
            or low == "with"
            or (tag == "IN" and low not in _LINK_HEADS)
        ):
            cut = word.end()
    return window[cut:]


def _described_before(text: str, position: int) -> str:
    """The words that may describe what stands at ``position``: the noun phrase ending there in its clause."""
    window = text[max(0, position - 120) : position]
    cut = max((m.end() for m in _CLAUSE_BREAK_RE.finditer(window)), default=0)
    return _noun_phrase_tail(window[cut:])


def _is_noun_phrase(phrase: str) -> bool:
    """Whether ``phrase`` has no finite verb or modal (a source span that ran into a clause has one)."""
    tags = default_tagger().tag(phrase.split())
    return not any(tag in ("VBD", "VBZ", "VBP", "MD") for tag in tags)


def _names_of(runs: Sequence[str]) -> list[str]:
    """Name keys of the capitalised ``runs`` of two words or more (their last word, the surname)."""
    keys = []
    for run in runs:
        words = [w for w in run.split() if w.lower().rstrip(".") not in _HONORIFICS]
        if len(words) >= 2 and _may_be_surname(words[-1]):
            keys.append(name_key(words[-1]))
    return keys


def _surname_of(phrase: str) -> str | None:
    """The name key of a source that is one person's surname or ends in it ("Antonov", "the diplomat Antonov").

    Not a phrase that only mentions a name ("North Korea's nuclear ambitions") or names two people.
    """
    stripped = phrase.split(",")[0].strip().rstrip(".;:")  # the name before an apposition or a relative clause
    runs = list(_NAME_RUN_RE.finditer(stripped))
    if not runs or runs[-1].end() != len(stripped) or _CONJUNCTIONS & {w.lower() for w in stripped.split()}:
        return None
    last = runs[-1].group().split()[-1]
    if last.lower() in _PRONOUNS or last.endswith(("'s", "’s", "'", "’")) or not _may_be_surname(last):
        return None
    return name_key(last)


def _may_be_surname(word: str) -> bool:
    """Whether ``word`` may be a person's surname: not a title or head noun ("Minister"), not a plural ("Republicans")."""
    low = word.lower().rstrip(".")
    return low not in _HONORIFICS and low not in _shared_heads()[0] and default_tagger().tag([low])[0] != "NNS"


def _document_names(
    text: str,
    profile: Profile,
    assignments: Sequence[tuple[str, SideAssignment]],
    wanted: set[str],
    blocked: frozenset[str],
) -> dict[str, SideAssignment]:
    """The people a document places: name key -> the side of their fullest mention.

    From the sources (or antecedents) the first pass gave a side, and from
    every two-word name in the text read with the words before it in its
    clause ("Ukrainian Deputy Prime Minister Olha Stefanishyna", "Russia's
    ambassador to Washington Anatoly Antonov"), or a name introduced by a
    noun phrase ("an HIV-positive Russian soldier named Timur"). A name
    placed on two sides is dropped. Only the ``wanted`` name keys are
    looked for.
    """
    found: dict[str, dict[tuple[str | None, str], None]] = {}  # insertion-ordered, so the actor chosen is stable

    def place(key: str, assignment: SideAssignment) -> None:
        found.setdefault(key, {})[(assignment.actor, assignment.side)] = None

    for phrase, assignment in assignments:
        if assignment.side in (UNKNOWN, AMBIGUOUS):
            continue
        head = phrase.split(",")[0]
        keys = [key for key in _names_of(_NAME_RUN_RE.findall(head)[-1:]) if key in wanted]
        # a placed source that is a noun phrase: "Russia's ambassador Anatoly Antonov", not "Trump told Ed Schultz"
        if keys and _is_noun_phrase(head):
            for key in keys:
                place(key, assignment)
    for match in _NAME_RUN_RE.finditer(text):
        words = match.group().split()
        if name_key(words[-1]) not in wanted:
            continue
        named = _NAMED_RE.search(text, max(0, match.start() - 8), match.start() + 1)
        named = named if named is not None and named.end() == match.start() else None
        if (len(words) < 2 and not named) or not _may_be_surname(words[-1]):
            continue
        if named:  # "an HIV-positive Russian soldier named Timur": the noun phrase before "named"
            phrase = _described_before(text, named.start()).split(",")[-1].strip()
        else:
            phrase = (_described_before(text, match.start()) + match.group()).strip(" ,")
        assignment = profile.resolve(phrase, blocked)
        if assignment.side not in (UNKNOWN, AMBIGUOUS):
            place(name_key(words[-1]), assignment)
    return {
        key: SideAssignment(actor, side, "", None)
        for key, places in found.items()
        if key in wanted and len({side for _, side in places}) == 1
        for actor, side in [next(iter(places))]
    }


def _link_names(
    table: pd.DataFrame,
    assignments: list[SideAssignment],
    texts: Mapping[str, str],
    profile: Profile,
    blocked: Mapping[str, frozenset[str]],
) -> None:
    """Give an unknown source the side of the person its surname names elsewhere in the document (in place)."""
    mention = table["resolved_text"].where(table["resolved_text"].notna(), table["source_text"]).tolist()
    for doc_id, positional in table.groupby("doc_id", sort=False).indices.items():
        rows = [int(i) for i in positional]
        open_rows = [
            i for i in rows
            if assignments[i].side == UNKNOWN and not _missing(mention[i]) and assignments[i].rule.split(":")[-1] in (NO_MATCH, OTHER_PERSON)
        ]
        if not open_rows:
            continue
        keys = {i: _surname_of(mention[i]) for i in open_rows}
        wanted = {key for key in keys.values() if key}
        if not wanted:
            continue
        named = [(mention[i], assignments[i]) for i in rows if not _missing(mention[i])]
        names = _document_names(texts[doc_id], profile, named, wanted, blocked[doc_id])
        for i in open_rows:
            key = keys[i]
            if key in names:
                linked = names[key]
                prefix = "antecedent:" if assignments[i].rule.startswith("antecedent:") else ""
                confidence = round(RULE_CONFIDENCE["surname"] * ANTECEDENT_FACTOR, 3)
                assignments[i] = SideAssignment(linked.actor, linked.side, prefix + "same person", confidence)


def _via_antecedent(assignment: SideAssignment) -> SideAssignment:
    confidence = (
        None if assignment.confidence is None else round(assignment.confidence * ANTECEDENT_FACTOR, 3)
    )
    return SideAssignment(assignment.actor, assignment.side, f"antecedent:{assignment.rule}", confidence)


def _is_generic_rule(rule: str) -> bool:
    return rule.split(":")[-1] == GENERIC


def _sentence_bounds(text: str, sentences: pd.DataFrame | None, rows: Sequence[int] | None) -> list[tuple[int, int]]:
    """A document's sentence bounds: its ``rows`` of the sentences table, or segmented again."""
    if sentences is not None and rows is not None and len(rows):
        own = sentences.iloc[rows].sort_values("sentence")
        return list(zip(own["start"].astype(int), own["end"].astype(int)))
    return segment(text).sentence_bounds


def _outside(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return all(end <= a or start >= b for a, b in spans)


@dataclass
class _DocumentContext:
    """One document's text, sentences and attribution positions, for generic sources."""

    text: str
    bounds: list[tuple[int, int]]
    positions: dict[int, int]
    sentences: dict[int, int]
    sided: list[tuple[int, int, str]]
    """``(position, sentence, side)`` of the sources with a side, by position (ties: the earlier row last)."""
    reach: list[int]
    """The latest sentence among ``sided[: k + 1]``, for each k."""

    def sentence_sides(self, profile: Profile, row: Mapping, sentence: int) -> set[str]:
        """Sides of the mentions in the cue's sentence before the cue, outside the source and the content.

        What follows the cue is what is said and to or about whom ("The
        embassy alleged that the UK's strategy..."), not who says it.
        """
        if not 0 <= sentence < len(self.bounds):
            return set()
        start, end = self.bounds[sentence]
        end = min(end, int(row["cue_start"]))
        content = row["content_spans"]
        excluded = [] if _missing(content) else [tuple(span) for span in json.loads(content)]
        if not _missing(row["source_start"]):
            excluded.append((int(row["source_start"]), int(row["source_end"])))
        mentions = profile.mentions_in(self.text[start:end])
        return {actor.side for a, b, actor in mentions if _outside(start + a, start + b, excluded)}

    def previous_side(self, row: int) -> str | None:
        """Side of the nearest earlier source that has one, at most :data:`CONTEXT_SENTENCES` sentences back.

        Sources are looked at from the nearest back, and no further than
        where every source before lies further back than that.
        """
        lowest = self.sentences[row] - CONTEXT_SENTENCES
        for k in range(bisect.bisect_left(self.sided, (self.positions[row],)) - 1, -1, -1):
            if self.reach[k] < lowest:
                break
            if self.sided[k][1] >= lowest:
                return self.sided[k][2]
        return None


def _context_assignment(previous: str | None, sentence_sides: set[str], prefix: str) -> SideAssignment:
    """A generic source's side when its context points to exactly one side (a declared side or third_party)."""
    evidence = [
        name
        for name, found in (("previous source", previous is not None), ("sentence", bool(sentence_sides)))
        if found
    ]
    sides = sentence_sides | ({previous} if previous is not None else set())
    if not sides:
        return SideAssignment(None, UNKNOWN, prefix + NO_CONTEXT)
    if len(sides) > 1 or sides & {BOTH, AMBIGUOUS}:
        return SideAssignment(None, UNKNOWN, prefix + AMBIGUOUS_CONTEXT)
    confidence = CONTEXT_CONFIDENCE[len(evidence) - 1]
    if prefix:
        confidence = round(confidence * ANTECEDENT_FACTOR, 3)
    return SideAssignment(None, sides.pop(), prefix + "context:" + "+".join(evidence), confidence)


def _document_context(
    records: Sequence[Mapping], rows: list[int], text: str, bounds: list[tuple[int, int]], assignments: Sequence[SideAssignment]
) -> _DocumentContext:
    positions = {i: int(_first_present(records[i]["source_start"], records[i]["cue_start"])) for i in rows}
    starts = [start for start, _ in bounds]
    sentences = {
        i: int(records[i]["sentence"]) if not _missing(records[i]["sentence"]) else bisect.bisect_right(starts, positions[i]) - 1
        for i in rows
    }
    known = sorted((i for i in rows if assignments[i].side != UNKNOWN), key=lambda i: (positions[i], -i))
    sided = [(positions[i], sentences[i], assignments[i].side) for i in known]
    return _DocumentContext(text, bounds, positions, sentences, sided, list(itertools.accumulate((s for _, s, _ in sided), max)))


def _first_present(*values: Any) -> Any:
    return next(value for value in values if not _missing(value))


def _apply_context(
    table: pd.DataFrame,
    assignments: list[SideAssignment],
    texts: Mapping[str, str],
    profile: Profile,
    sentences: pd.DataFrame | None,
) -> None:
    """Give generic sources the side of an unambiguous context (in place; reads the first pass only)."""
    first_pass = list(assignments)
    records = table[["source_start", "source_end", "cue_start", "sentence", "content_spans"]].to_dict("records")
    sentence_rows = sentences.groupby("doc_id", sort=False).indices if sentences is not None and len(sentences) else {}
    for doc_id, positional in table.groupby("doc_id", sort=False).indices.items():
        rows = [int(i) for i in positional]
        generic = [i for i in rows if _is_generic_rule(first_pass[i].rule)]
        if not generic:
            continue
        text = texts[doc_id]
        context = _document_context(records, rows, text, _sentence_bounds(text, sentences, sentence_rows.get(doc_id)), first_pass)
        for i in generic:
            prefix = "antecedent:" if first_pass[i].rule.startswith("antecedent:") else ""
            sides = context.sentence_sides(profile, records[i], context.sentences[i])
            assignments[i] = _context_assignment(context.previous_side(i), sides, prefix)


def assign_sides(
    attributions: pd.DataFrame,
    texts: Mapping[str, str],
    profile: Profile,
    sentences: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Add each attribution's actor and side to an attribution table.

    Parameters
    ----------
    attributions
        A table from :func:`narratives.pipeline.analyze` (or
        :func:`~narratives.attribution.records.attributions_to_frame`).
    texts
        Each document's text by ``doc_id``: read for the context of generic
        sources, and for surnames that name someone else in the document
        (:meth:`Profile.blocked_surnames`).
    profile
        From :func:`load_profile`.
    sentences
        The sentences table (doc_id, sentence, start, end), if already
        computed; documents are segmented again otherwise.

    Returns
    -------
    pandas.DataFrame
        A copy of ``attributions`` with four more columns: ``actor`` (the
        canonical name(s), ``"; "``-joined; empty when none is named),
        ``side`` (a side id, ``both``, ``third_party``, ``ambiguous`` or
        ``unknown``), ``side_rule`` and ``side_confidence`` (a prior per
        rule; empty for ``unknown`` and ``ambiguous``).

    Raises
    ------
    DataError
        ``N241`` if the table lacks a column; ``N242`` if a document has no
        text in ``texts``.

    Examples
    --------
    >>> from narratives.attribution.records import Attribution, attributions_to_frame
    >>> text = "Azerbaijani officials denied the losses."
    >>> table = attributions_to_frame([Attribution("d", "A1", ((22, 28),), ((0, 21),))], {"d": text})
    >>> assign_sides(table, {"d": text}, load_profile("armenia-azerbaijan"))[["source_text", "side", "side_rule"]]
                 source_text        side side_rule
    0  Azerbaijani officials  azerbaijan   demonym
    """
    _check_columns(attributions)
    missing = [doc_id for doc_id in attributions["doc_id"].unique() if doc_id not in texts]
    if missing:
        raise DataError(
            "N242",
            f"No text for {len(missing)} document(s): {', '.join(map(str, missing[:5]))}.",
            "Pass every document's text in `texts`, keyed by doc_id.",
        )
    blocked = {doc_id: profile.blocked_surnames(texts[doc_id]) for doc_id in attributions["doc_id"].unique()}
    assignments = _first_pass(attributions, texts, profile, blocked)
    _link_names(attributions, assignments, texts, profile, blocked)
    _apply_context(attributions, assignments, texts, profile, sentences)
    table = attributions.copy()
    table["actor"] = pd.Series([a.actor for a in assignments], index=table.index, dtype=object)
    table["side"] = pd.Series([a.side for a in assignments], index=table.index, dtype=object)
    table["side_rule"] = pd.Series([a.rule for a in assignments], index=table.index, dtype=object)
    table["side_confidence"] = pd.Series(
        [a.confidence for a in assignments], index=table.index, dtype="float64"
    )
    return table


def side_counts(table: pd.DataFrame, profile: Profile) -> pd.Series:
    """Attributions per side: the declared sides, then both, third_party, ambiguous and unknown."""
    order = [*profile.side_ids, BOTH, THIRD_PARTY, AMBIGUOUS, UNKNOWN]
    return table["side"].value_counts().reindex(order, fill_value=0).astype("int64")
