"""The profile: the sides and actors of one conflict, and the side of one source phrase.

:class:`Profile` is what :func:`narratives.sides.load_profile` returns; its
:meth:`~Profile.resolve` reads one source phrase without its context, and
:meth:`~Profile.blocked_surnames` finds the listed surnames a document uses
for someone else.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from narratives.sides.matching import _Alias, _alias_key, _Matcher, _tokens, alias_pattern
from narratives.sides.model import (
    GENERIC,
    MENTION_RULES,
    NO_MATCH,
    OTHER_PERSON,
    UNKNOWN,
    UNRESOLVED,
    Actor,
    Side,
    SideAssignment,
)
from narratives.sides.phrase import _combine, _is_generic, _is_given_name, _Reader
from narratives.sides.words import _PRONOUNS


RESOLVED_LIMIT = 100_000
"""Source phrases whose side a profile remembers (then it starts afresh)."""


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
        known = self._resolved.get((source, blocked))
        if known is None:
            if len(self._resolved) > RESOLVED_LIMIT:
                self._resolved.clear()
            known = self._resolved[source, blocked] = self._resolve(source, blocked)
        return known

    @functools.cached_property
    def _resolved(self) -> dict[tuple[str, frozenset[str]], SideAssignment]:
        """Sides already found, by source phrase and blocked surnames (a profile never changes; sources repeat across documents)."""
        return {}

    def _resolve(self, source: str, blocked: frozenset[str]) -> SideAssignment:
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

_NAME_PAIR_RE = re.compile(r"(?<![\w-])(?=([A-Z][\w'’.-]*)[ \t]+([A-Z][\w'’-]*))")
"""Two capitalised words in a row (overlapping): a given name and a surname."""
