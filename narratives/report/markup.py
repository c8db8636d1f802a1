"""Marked-up text: overlapping character spans nested into valid HTML.

A :class:`Mark` names a span of a text (``start``, ``end``: offsets into
the text, end exclusive) and the element that should wrap it.
:func:`render_marks` cuts the text at every start and end, keeps a stack of
open elements, and closes and reopens elements where spans cross, so that
the HTML always nests and every character of the text appears exactly once,
escaped, in order: the page's visible text is the text.

Examples
--------
>>> render_marks("a < b", [Mark(0, 3, "x"), Mark(2, 5, "y")])
'<span class="x">a <span class="y">&lt;</span></span><span class="y"> b</span>'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from narratives.report.html import attributes, escape

FIRST_PIECE_ONLY = frozenset({"id", "data-n"})
"""Attributes written only on the first element of a mark that is split in pieces (ids stay unique)."""


@dataclass(frozen=True)
class Mark:
    """One span of a text and the ``<span>`` that wraps it.

    Parameters
    ----------
    start, end
        Offsets into the text, end exclusive.
    classes
        The ``class`` attribute.
    attrs
        Other attributes as ``(name, value)`` pairs (values are escaped).
    rank
        Among marks with the same span, the lower rank is the outer element.
    """

    start: int
    end: int
    classes: str
    attrs: tuple[tuple[str, str], ...] = ()
    rank: int = 0

    def open_tag(self, first: bool) -> str:
        attrs = {name: value for name, value in self.attrs if first or name not in FIRST_PIECE_ONLY}
        return f"<span{attributes(class_=self.classes)}" + "".join(f' {n}="{escape(v)}"' for n, v in attrs.items()) + ">"


def render_marks(text: str, marks: Iterable[Mark]) -> str:
    """The text as HTML, each mark's span wrapped in its element, overlaps split so that tags nest.

    Parameters
    ----------
    text
        The text; it is escaped, never changed.
    marks
        Spans into ``text``; empty spans are left out.

    Raises
    ------
    ValueError
        If a mark's offsets fall outside the text.
    """
    kept: list[Mark] = []
    for mark in marks:
        if not 0 <= mark.start <= mark.end <= len(text):
            raise ValueError(f"mark {mark.start}-{mark.end} ({mark.classes}) is outside the text (length {len(text)})")
        if mark.start < mark.end:
            kept.append(mark)
    # Outer elements first: earlier start, then longer span, then lower rank.
    kept.sort(key=lambda m: (m.start, -m.end, m.rank))
    bounds = sorted({0, len(text), *(m.start for m in kept), *(m.end for m in kept)})
    out: list[str] = []
    stack: list[int] = []
    opened: set[int] = set()
    active: set[int] = set()
    next_mark = 0
    for left, right in zip(bounds, bounds[1:]):
        active = {i for i in active if kept[i].end > left}
        while next_mark < len(kept) and kept[next_mark].start == left:
            active.add(next_mark)
            next_mark += 1
        keep = 0
        while keep < len(stack) and stack[keep] in active:
            keep += 1
        out.extend("</span>" for _ in stack[keep:])
        del stack[keep:]
        for i in sorted(active.difference(stack)):
            out.append(kept[i].open_tag(i not in opened))
            opened.add(i)
            stack.append(i)
        out.append(escape(text[left:right]))
    out.extend("</span>" for _ in stack)
    return "".join(out)


def spans_text(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """The text of discontinuous spans, joined by ``" … "``."""
    return " … ".join(text[a:b] for a, b in spans)


__all__ = ["FIRST_PIECE_ONLY", "Mark", "render_marks", "spans_text"]
