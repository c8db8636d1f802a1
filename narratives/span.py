"""A stretch of a document's text: the span type the public API returns.

Character offsets are the truth: a :class:`Span` holds its ``start`` and
``end`` (end exclusive) and the ``text`` between them, and
``source[span.start:span.end] == span.text`` always holds for the text it
was read from. Where only the offsets are needed (table cells, fragments of
an attribution) they are an :data:`Offsets` pair.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Offsets", "Span"]

Offsets = tuple[int, int]
"""A ``(start, end)`` pair of character offsets, end exclusive."""


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the original text: ``text == source[start:end]``.

    Paragraphs, sentences and tokens (:class:`narratives.segment.Segmentation`)
    are spans; so are framing hits (:class:`narratives.framing.detect.Hit`),
    which add what was found there.
    """

    start: int
    end: int
    text: str
