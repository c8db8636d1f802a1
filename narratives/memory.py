"""Giving freed memory back to the system between pieces of work (partitions, windows of a long document).

This module sits low: it imports nothing of narratives.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from typing import Any

import pyarrow as pa

__all__ = ["release_memory"]


def _glibc() -> Any:
    """The C library if it is glibc (whose ``malloc_trim`` gives freed heap pages back), else None."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
    except (OSError, TypeError):
        return None
    return libc if hasattr(libc, "malloc_trim") else None


_LIBC = _glibc()


def release_memory() -> None:
    """Give the memory freed by a piece of work back to the system.

    A partition's (or a window's) tables and token data are freed when it is
    done, but the allocators keep the freed pages: glibc's ``malloc``
    (``malloc_trim`` returns them) and Arrow's pool (mimalloc or jemalloc,
    which keep freed pages for reuse). Kept, they add up to a peak that grows
    with the run's length instead of staying at one piece's worth. Only the
    young generations are collected (a full collection walks every
    long-lived object, the model's tables included: about 80 ms a time).
    """
    gc.collect(1)
    pa.default_memory_pool().release_unused()
    if _LIBC is not None:
        _LIBC.malloc_trim(0)
