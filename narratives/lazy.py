"""What is imported or loaded on first use, so that importing narratives and starting an analysis stay cheap.

:func:`lazy_getattr` imports a module's names on first use (PEP 562);
:func:`loaded_once` caches a loader of models or word lists and pauses the
garbage collector while it loads.
"""

from __future__ import annotations

import functools
import gc
import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

__all__ = ["lazy_dir", "lazy_getattr", "loaded_once", "without_collection"]

F = TypeVar("F", bound=Callable[..., Any])


def lazy_getattr(module: str, table: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that imports each name of ``table`` from the module it maps to, on first use, and keeps it.

    Parameters
    ----------
    module
        The name of the module the function serves (its ``__name__``).
    table
        Each lazily imported name and the module it is imported from.

    Examples
    --------
    >>> __getattr__ = lazy_getattr("example", {"sqrt": "math"})
    >>> __getattr__("sqrt")(4.0)  # doctest: +SKIP
    2.0
    """

    def __getattr__(name: str) -> Any:
        if name not in table:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(table[name]), name)
        setattr(sys.modules[module], name, value)
        return value

    return __getattr__


def lazy_dir(module: str, table: Mapping[str, str]) -> Callable[[], list[str]]:
    """A module ``__dir__`` that lists the names of ``table`` (see :func:`lazy_getattr`) beside those already defined."""

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[module]), *table})

    return __dir__


def without_collection(function: F) -> F:
    """``function`` with Python's garbage collector paused while it runs (and restored after, as it was).

    For loaders of models, lexicons and word lists: they build large tables
    of new objects and no reference cycles, and the collector, which runs
    every few hundred allocations and walks the older objects as their
    number grows, would otherwise spend about as long as the loading itself.
    """

    @functools.wraps(function)
    def paused(*args: Any, **kwargs: Any) -> Any:
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return paused  # type: ignore[return-value]


def loaded_once(function: F) -> F:
    """:func:`functools.cache` of ``function``, which runs :func:`without_collection` (the first time for each argument).

    Examples
    --------
    >>> @loaded_once
    ... def table(n: int) -> list[int]:
    ...     return list(range(n))
    >>> table(3) is table(3)
    True
    """
    return functools.cache(without_collection(function))  # type: ignore[return-value]
