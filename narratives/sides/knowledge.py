"""A profile's actors with the shipped world knowledge merged in (how they merge: :mod:`narratives.world`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from narratives.sides.model import THIRD_PARTY, Actor
from narratives.world import WORLD_ROLE, WORLD_SOURCE, Entry, city_names, world_entries


def with_world(actors: Sequence[Actor], side_ids: Sequence[str], alias_key: Callable[[str], str]) -> tuple[Actor, ...]:
    """The profile's actors with world knowledge merged in (see :mod:`narratives.world`).

    Parameters
    ----------
    actors
        The profile's actors, in file order.
    side_ids
        The profile's side ids.
    alias_key
        The function that says when two aliases are the same
        (:func:`narratives.sides.matching._alias_key`).

    Returns
    -------
    tuple
        The profile's actors (some with more mentions), then the new ones.
    """
    merged: dict[str, Actor] = {actor.name: actor for actor in actors}
    owner = {alias_key(text): actor.name for actor in actors for _, text in actor.mentions()}
    by_country = {actor.country: actor.name for actor in actors if actor.country}
    extra: dict[str, dict[str, list[str]]] = {}

    def side_of(entry: Entry) -> Actor | None:
        """The profile actor (after merging) of the entry's country or organisation."""
        key = entry.organisation or (entry.country and by_country.get(entry.country))
        return merged.get(key) if key else None

    def add(name: str, form: str, text: str) -> None:
        key = alias_key(text)
        if key not in owner:
            owner[key] = name
            extra.setdefault(name, {}).setdefault(form, []).append(text)

    for entry in world_entries():
        shared = {owner[alias_key(text)] for _, text in entry.mentions if alias_key(text) in owner}
        if entry.kind == "state" and entry.country in by_country:
            shared = {by_country[entry.country]}
        if len(shared) == 1:
            (target,) = shared
            if merged[target].kind == entry.kind or entry.kind == "state":
                for form, text in entry.mentions:
                    add(target, form, text)
                if entry.kind == "state" and merged[target].country is None:
                    merged[target] = dataclasses.replace(merged[target], country=entry.country)
                    by_country[entry.country] = target
            continue
        if shared or entry.name in merged:
            continue  # names that belong to several profile actors: the profile decides
        parent = side_of(entry)
        side, role, ally_of = THIRD_PARTY, WORLD_ROLE, None
        if parent is not None and not entry.exile:
            side, role, ally_of = parent.side, parent.role, parent.ally_of
        mentions = [(form, text) for form, text in entry.mentions if alias_key(text) not in owner]
        if not mentions:
            continue
        merged[entry.name] = Actor(
            entry.name,
            side,
            entry.kind,
            role if side == THIRD_PARTY else None,
            ally_of if side == THIRD_PARTY else None,
            country=entry.country,
            source=f"{WORLD_SOURCE}: {entry.file}",
        )
        for form, text in mentions:
            add(entry.name, form, text)
        if entry.kind == "state":
            by_country[entry.country] = entry.name
    for actor in list(merged.values()):
        if actor.country and actor.side in side_ids and actor.kind == "state":
            for city in city_names(actor.country):
                add(actor.name, "places", city)
    return tuple(
        dataclasses.replace(actor, **{form: (*getattr(actor, form), *texts) for form, texts in extra.get(name, {}).items()})
        for name, actor in merged.items()
    )
