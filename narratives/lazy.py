"""Names of a module imported on first use (PEP 562), so that importing the module stays cheap."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_getattr"]


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
