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

One concept a module:

- :mod:`~narratives.sides.model`: sides, actors, side assignments, the names
  and prior confidences of the rules;
- :mod:`~narratives.sides.parse`: reading and checking profile files
  (errors ``N250``–``N258``), :func:`load_profile`, :func:`list_profiles`;
- :mod:`~narratives.sides.knowledge`: the shipped world knowledge
  (:mod:`narratives.world`) merged into a profile's actors;
- :mod:`~narratives.sides.profile`: :class:`Profile` and the side of one
  source phrase;
- :mod:`~narratives.sides.matching`: finding listed mentions in text;
- :mod:`~narratives.sides.phrase`: reading a source phrase (which mention
  denotes the speaker, by which rule);
- :mod:`~narratives.sides.names`: one person across a document;
- :mod:`~narratives.sides.context`: generic sources from context;
- :mod:`~narratives.sides.assign`: :func:`assign_sides` on an attribution
  table (errors ``N241``, ``N242``);
- :mod:`~narratives.sides.words`: the word lists read, from
  ``data/lang/en/``.
"""

from __future__ import annotations

from narratives.sides.assign import assign_sides, side_counts
from narratives.sides.matching import alias_pattern
from narratives.sides.model import (
    AMBIGUOUS,
    BOTH,
    KINDS,
    ROLES,
    SIDE_COLUMNS,
    THIRD_PARTY,
    UNKNOWN,
    Actor,
    Side,
    SideAssignment,
)
from narratives.sides.names import name_key
from narratives.sides.parse import PROFILES_DIR, list_profiles, load_profile, parse_profile
from narratives.sides.profile import Profile

__all__ = [
    "AMBIGUOUS",
    "BOTH",
    "KINDS",
    "PROFILES_DIR",
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
    "name_key",
    "parse_profile",
    "side_counts",
]
