"""Finding the intervals that hold a point or overlap a range without looking at all of them.

A long document has thousands of cues, windows and content spans; asking
each of them "do you hold this point?" for each of thousands of points
takes time that grows with the square of the document's length. An
:class:`IntervalIndex` sorts the intervals by start once and remembers
the longest: an interval that reaches a point ``p`` starts after
``p - longest``, so only those starting in that stretch are looked at.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

__all__ = ["IntervalIndex"]


class IntervalIndex:
    """Half-open intervals ``[start, end)`` of integers, looked up by point or by range.

    Parameters
    ----------
    intervals
        ``(start, end)`` pairs; each is known by its position in this sequence.
        Empty intervals (``end <= start``) hold nothing and are never found.

    Examples
    --------
    >>> index = IntervalIndex([(0, 10), (4, 6), (8, 20)])
    >>> index.containing(5)
    [0, 1]
    >>> index.overlapping(9, 12)
    [0, 2]
    """

    def __init__(self, intervals: Iterable[tuple[int, int]]) -> None:
        ordered = sorted((start, end, k) for k, (start, end) in enumerate(intervals) if start < end)
        self._starts = [start for start, _, _ in ordered]
        self._items = ordered
        self._longest = max((end - start for start, end, _ in ordered), default=0)

    def _starting_in(self, low: int, high: int) -> list[tuple[int, int, int]]:
        """The intervals whose start lies in ``(low, high]``, by start."""
        return self._items[bisect.bisect_right(self._starts, low) : bisect.bisect_right(self._starts, high)]

    def containing(self, point: int) -> list[int]:
        """Positions of the intervals with ``start <= point < end``, in order of (start, end, position)."""
        return [k for _, end, k in self._starting_in(point - self._longest, point) if point < end]

    def overlapping(self, start: int, end: int) -> list[int]:
        """Positions of the intervals sharing at least one integer with ``[start, end)``, in order of (start, end, position)."""
        if end <= start:
            return []
        return [k for _, e, k in self._starting_in(start - self._longest, end - 1) if e > start]
