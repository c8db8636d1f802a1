"""Closed classes of words of one language, read from ``data/lang/<language>/``.

Each file there (``titles.toml``, ``pronouns.toml``, ``calendar.toml``,
``source_phrases.toml``, ...) holds lists of lower-case words under keys,
with a header saying where they come from. The stages read them through
:func:`words` and :func:`word_list`, so a word class has one home and a
second language has a folder of its own.
"""

from __future__ import annotations

import functools
import tomllib
from importlib import resources
from pathlib import Path

__all__ = ["LANG_DIR", "word_list", "words"]

LANG_DIR = Path(str(resources.files("narratives") / "data" / "lang"))
"""Where the per-language word lists live."""


@functools.cache
def _lists(name: str, language: str) -> dict[str, tuple[str, ...]]:
    with (LANG_DIR / language / f"{name}.toml").open("rb") as handle:
        data = tomllib.load(handle)
    return {key: tuple(value) for key, value in data.items() if isinstance(value, list)}


def word_list(name: str, key: str, language: str = "en") -> tuple[str, ...]:
    """The list ``key`` of ``data/lang/<language>/<name>.toml``, in file order.

    Examples
    --------
    >>> word_list("calendar", "days")[:2]
    ('monday', 'tuesday')
    """
    return _lists(name, language)[key]


@functools.cache
def words(name: str, *keys: str, language: str = "en") -> frozenset[str]:
    """The words of the lists ``keys`` of ``data/lang/<language>/<name>.toml`` as one set (every list if none is named).

    Examples
    --------
    >>> "may" in words("calendar", "months")
    True
    >>> words("pronouns", "female") == {"she", "her"}
    True
    """
    lists = _lists(name, language)
    return frozenset(word for key in keys or lists for word in lists[key])
