"""Reading and checking profile files: every mistake named with its file, line and fix.

Error codes raised here: ``N250`` (no such profile), ``N251`` (invalid
TOML), ``N252`` (missing, ill-typed or unknown field), ``N253`` (unknown,
reserved or repeated side id), ``N254`` (the same alias for two actors),
``N255`` (empty alias), ``N256`` (bad colour), ``N257`` (unknown kind or
role), ``N258`` (two actors with the same name).
"""

from __future__ import annotations

import difflib
import functools
import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from narratives.corpus.files import decode_error
from narratives.errors import DataError
from narratives.lazy import without_collection
from narratives.sides.knowledge import with_world
from narratives.sides.matching import _alias_key
from narratives.sides.model import BOTH, KINDS, MENTION_RULES, RESERVED_SIDES, ROLES, THIRD_PARTY, Actor, Side
from narratives.sides.profile import Profile
from narratives.sides.words import _shared_heads

PROFILES_DIR = Path(str(resources.files("narratives") / "data" / "profiles"))
"""Where the profiles shipped with narratives live."""
_COLOUR_RE = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_SIDE_ID_RE = re.compile(r"[a-z][a-z0-9_-]*")
_COUNTRY_RE = re.compile(r"[A-Z]{2}")
_TOML_POSITION_RE = re.compile(r"\s*\(at (?:line (\d+), column \d+|end of document)\)$")

_PROFILE_KEYS = ("name", "title", "description", "period", "world")
_SIDE_KEYS = ("id", "label", "colour")
_HEAD_KEYS = ("affiliated", "generic")
_ACTOR_KEYS = ("name", "side", "kind", "role", "ally_of", "country", "source", *MENTION_RULES)
_TOP_KEYS = ("profile", "sides", "heads", "actors")


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


@without_collection
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
