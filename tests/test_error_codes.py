"""One registry of error codes (:mod:`narratives.error_codes`): every code raised is listed, with one meaning, and every code listed is raised."""

from __future__ import annotations

import re
from pathlib import Path

from narratives.error_codes import CODES, meaning

PACKAGE = Path(__file__).resolve().parents[1] / "narratives"
CODE = re.compile(r"""["'](N\d{3})["']""")


def _raised() -> dict[str, list[str]]:
    """Each code written as a string in the package's source (outside the registry), with where."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "error_codes.py":
            continue
        for match in CODE.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(match.group(1), []).append(path.relative_to(PACKAGE).as_posix())
    return found


def test_every_code_raised_is_in_the_registry() -> None:
    assert {code: where for code, where in _raised().items() if code not in CODES} == {}


def test_every_code_in_the_registry_is_raised() -> None:
    assert sorted(set(CODES) - set(_raised())) == []


def test_each_code_has_a_meaning_of_its_own() -> None:
    meanings = list(CODES.values())
    assert all(text.strip() for text in meanings)
    assert len(set(meanings)) == len(meanings)
    assert meaning("N246") == "no such .ann file"
