"""What a profile declares and what a source gets: sides, actors, side assignments and their rules.

The reserved side values, the kinds and roles of actors, the profile keys
that list mentions, and the names and prior confidences of the rules that
give a source its side.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from narratives.world import WORLD_SOURCE

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

GENERIC, NO_MATCH, NO_SOURCE, UNRESOLVED = "generic", "no match", "no source", "unresolved pronoun"
OTHER_PERSON = "surname of another person"
NO_CONTEXT, AMBIGUOUS_CONTEXT, TWO_SIDES = "generic:no context", "generic:ambiguous context", "two sides"


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


def _missing(value: Any) -> bool:
    """Whether a table cell is empty (None or NaN; an empty string is not)."""
    return value is None or (not isinstance(value, str) and pd.isna(value))
