"""The attribution record shared across the package, and its table form.

An attribution links a *cue* ("said", "according to") to its *source* (who
speaks) and its *content* (what is reported). Every component is a tuple of
``(start, end)`` fragments: character offsets into the document's text, end
exclusive, so discontinuous spans ("'We will win,' she said, 'in November'")
need no special type. A component that is absent is an empty tuple. A record
made with its document's text (as the model and the brat reader make them)
reads its components' text (:attr:`Attribution.cue_text`, ...) from that one
shared string: no record copies a substring.

Error codes raised here: ``N240`` (invalid span or field in a record),
``N241`` (table missing columns or holding unreadable values), ``N242``
(no text for a document).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from narratives import schema
from narratives.errors import DataError
from narratives.span import Offsets

Fragment = Offsets
"""One piece of a component: ``(start, end)`` character offsets."""
Fragments = tuple[Fragment, ...]

MODES = ("direct", "indirect", "mixed", "according_to", "no_source")
"""The values :attr:`Attribution.attribution_mode` may take besides ``None``."""

FRAME_COLUMNS = (
    "doc_id",
    "attribution_id",
    "sentence",
    "cue_start",
    "cue_end",
    "cue_text",
    "cue_lemma",
    "source_start",
    "source_end",
    "source_text",
    "resolved_start",
    "resolved_end",
    "resolved_text",
    "content_spans",
    "content_text",
    "attribution_mode",
    "confidence",
)
"""The leading columns of :func:`attributions_to_frame`, in order."""

CONTENT_JOINER = " \u2026 "
"""Between the fragments of a discontinuous content in ``content_text`` ("A," he said, "B." gives "A, … B.")."""

EXTRA_COLUMNS = ("cue_spans", "source_spans")
"""Trailing columns that keep discontinuous cues and sources lossless."""

_INT_COLUMNS = (
    "sentence",
    "cue_start",
    "cue_end",
    "source_start",
    "source_end",
    "resolved_start",
    "resolved_end",
)


def envelope(fragments: Iterable[Fragment]) -> Fragment | None:
    """Return the smallest ``(start, end)`` span covering all fragments.

    Parameters
    ----------
    fragments
        ``(start, end)`` pairs, in any order.

    Returns
    -------
    tuple of int or None
        ``(min start, max end)``, or ``None`` when there are no fragments.

    Examples
    --------
    >>> envelope([(30, 42), (5, 12)])
    (5, 42)
    >>> envelope(()) is None
    True
    """
    fragments = tuple(fragments)
    if not fragments:
        return None
    return min(start for start, _ in fragments), max(end for _, end in fragments)


def _fragments(value: Iterable[Iterable[int]], name: str) -> Fragments:
    """Return `value` as sorted, de-duplicated ``(start, end)`` int pairs."""
    try:
        pairs = {(int(start), int(end)) for start, end in value}
    except (TypeError, ValueError) as error:
        raise DataError(
            "N240",
            f"Attribution {name} must be a sequence of (start, end) pairs, got {value!r}.",
            "Give character offsets as pairs of integers, e.g. ((12, 40),).",
        ) from error
    for start, end in pairs:
        if not 0 <= start < end:
            raise DataError(
                "N240",
                f"Attribution {name} has the invalid span ({start}, {end}).",
                "Spans need 0 <= start < end (character offsets, end exclusive).",
            )
    return tuple(sorted(pairs))


@dataclass(frozen=True)
class Attribution:
    """One attribution: a cue, its source and its content in one document.

    Fragments are normalised on creation: sorted, de-duplicated and turned
    into tuples of ints, so two records with the same spans compare equal.

    Parameters
    ----------
    doc_id
        The document's identifier (a file stem for brat corpora).
    attribution_id
        Identifier unique within the document (``"E3"`` for brat events).
    cue
        Fragments of the cue; must not be empty.
    source
        Fragments of the source as written; empty when there is none.
    content
        Fragments of the content; empty when there is none.
    sentence
        Index of the sentence holding the cue, if known.
    resolved_source
        Span of the entity the source refers to (e.g. "Sanders" for "he").
    attribution_mode
        How the content is reported: one of :data:`MODES`.
    confidence
        A model's confidence in the attribution, between 0 and 1.
    cue_lemma
        Lemma of the cue's head, e.g. ``"say"``.
    document_text
        The text of the document the offsets point into (a reference to the
        one string, not a copy), so that the record can give its text
        (:attr:`cue_text`, :attr:`source_text`, :attr:`resolved_text`,
        :attr:`content_text`). It takes no part in comparisons and is not
        shown in the record's repr.

    Raises
    ------
    DataError
        ``N240`` if a span is not ``0 <= start < end``, the cue is empty,
        the mode is unknown or the confidence lies outside [0, 1].
    """

    doc_id: str
    attribution_id: str
    cue: Fragments
    source: Fragments = ()
    content: Fragments = ()
    sentence: int | None = None
    resolved_source: Fragment | None = None
    attribution_mode: str | None = None
    confidence: float | None = None
    cue_lemma: str | None = None
    document_text: str | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        for name in ("cue", "source", "content"):
            object.__setattr__(self, name, _fragments(getattr(self, name), name))
        if not self.cue:
            raise DataError(
                "N240",
                f"Attribution {self.attribution_id!r} in {self.doc_id!r} has no cue.",
                "Every attribution needs a cue span (the verb or phrase that attributes).",
            )
        if self.resolved_source is not None:
            (resolved,) = _fragments([self.resolved_source], "resolved_source")
            object.__setattr__(self, "resolved_source", resolved)
        if self.attribution_mode is not None and self.attribution_mode not in MODES:
            raise DataError(
                "N240",
                f"Attribution mode {self.attribution_mode!r} is not known.",
                f"Use one of {', '.join(MODES)} or None.",
            )
        if self.confidence is not None and not 0.0 <= self.confidence <= 1.0:
            raise DataError(
                "N240",
                f"Attribution confidence {self.confidence!r} is outside [0, 1].",
                "Give a probability between 0 and 1, or None.",
            )

    @property
    def cue_span(self) -> Fragment:
        """The envelope ``(start, end)`` of the cue."""
        return self.cue[0][0], max(end for _, end in self.cue)

    @property
    def span(self) -> Fragment:
        """The envelope of cue, source and content together."""
        fragments = (*self.cue, *self.source, *self.content)
        return min(start for start, _ in fragments), max(end for _, end in fragments)

    @property
    def source_span(self) -> Fragment | None:
        """The envelope of the source, or ``None`` when there is none."""
        return envelope(self.source)

    @property
    def content_span(self) -> Fragment | None:
        """The envelope of the content, or ``None`` when there is none."""
        return envelope(self.content)

    def _text(self) -> str:
        """The document's text, or ``N242`` when the record was made without it."""
        if self.document_text is None:
            raise DataError(
                "N242",
                f"Attribution {self.attribution_id!r} in {self.doc_id!r} carries no text.",
                "Make records with document_text=..., as attribute() and read_ann(..., text=...) do, "
                "or pass texts to attributions_from_frame.",
            )
        return self.document_text

    @property
    def cue_text(self) -> str:
        """The text of the cue's envelope (the ``cue_text`` column)."""
        return span_text(self._text(), self.cue_span)

    @property
    def source_text(self) -> str | None:
        """The text of the source's envelope as written, or ``None`` without a source (the ``source_text`` column)."""
        return span_text(self._text(), self.source_span)

    @property
    def resolved_text(self) -> str | None:
        """The text of the entity the source refers to, or ``None`` (the ``resolved_text`` column)."""
        return span_text(self._text(), self.resolved_source)

    @property
    def content_text(self) -> str | None:
        """The content's fragments' text joined by :data:`CONTENT_JOINER`, or ``None`` without content (the ``content_text`` column)."""
        return fragments_text(self._text(), self.content)


def require_columns(frame: pd.DataFrame, columns: Iterable[str], fix: str) -> None:
    """Raise ``N241`` naming the columns of ``columns`` that ``frame`` lacks."""
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise DataError("N241", f"The attribution table lacks the column(s) {', '.join(missing)}.", fix)


def past_end(attributions: Iterable[Attribution], text: str) -> Attribution | None:
    """The first attribution with a span ending after the end of ``text``, if any."""
    return next((a for a in attributions if a.span[1] > len(text)), None)


def span_text(text: str, span: Fragment | None) -> str | None:
    """Return ``text[start:end]``, or ``None`` for a missing span."""
    return None if span is None else text[span[0] : span[1]]


def fragments_text(text: str, fragments: Fragments) -> str | None:
    """The text of each fragment joined by :data:`CONTENT_JOINER`, or ``None`` for no fragments.

    Examples
    --------
    >>> fragments_text("'A,' he said, 'B.'", ((1, 3), (15, 17)))
    'A, … B.'
    """
    return CONTENT_JOINER.join(text[start:end] for start, end in fragments) or None


def _row(attribution: Attribution, text: str) -> dict[str, Any]:
    """Return the table row of one attribution."""
    cue, source, resolved = attribution.cue_span, attribution.source_span, attribution.resolved_source
    return {
        "doc_id": attribution.doc_id,
        "attribution_id": attribution.attribution_id,
        "sentence": attribution.sentence,
        "cue_start": cue[0],
        "cue_end": cue[1],
        "cue_text": span_text(text, cue),
        "cue_lemma": attribution.cue_lemma,
        "source_start": None if source is None else source[0],
        "source_end": None if source is None else source[1],
        "source_text": span_text(text, source),
        "resolved_start": None if resolved is None else resolved[0],
        "resolved_end": None if resolved is None else resolved[1],
        "resolved_text": span_text(text, resolved),
        "content_spans": [list(fragment) for fragment in attribution.content],
        "content_text": fragments_text(text, attribution.content),
        "attribution_mode": attribution.attribution_mode,
        "confidence": attribution.confidence,
        "cue_spans": [list(fragment) for fragment in attribution.cue],
        "source_spans": [list(fragment) for fragment in attribution.source],
    }


def require_texts(
    doc_ids: Iterable[str],
    texts: Mapping[str, str],
    code: str = "N242",
    fix: str = "Pass every document's text in `texts`, keyed by doc_id.",
    kind: str = "document(s)",
) -> None:
    """Raise ``code`` (``N242`` by default) naming the documents of ``doc_ids`` that have no text in ``texts``."""
    missing = sorted(set(doc_ids) - set(texts))
    if missing:
        raise DataError(code, f"No text for {len(missing)} {kind}: {', '.join(missing[:5])}.", fix)


def attributions_to_frame(attributions: Iterable[Attribution], texts: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Return one row per attribution, with the spans' text.

    Parameters
    ----------
    attributions
        The records, in the order the rows should have.
    texts
        Each document's text, by ``doc_id``; when None, the text each
        record carries (:attr:`Attribution.document_text`).

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`FRAME_COLUMNS` followed by
        :data:`EXTRA_COLUMNS`. Start/end columns hold envelopes as nullable
        ``Int64``; ``*_text`` columns hold ``text[start:end]`` (``content_text``:
        each content fragment's text, joined by :data:`CONTENT_JOINER`);
        ``content_spans``, ``cue_spans`` and ``source_spans`` are list
        columns holding the fragments, e.g. ``[[12, 40], [55, 80]]`` (see
        :mod:`narratives.schema`).

    Raises
    ------
    DataError
        ``N242`` if a document has no text in `texts` (without `texts`: if
        a record carries no text).
    """
    attributions = list(attributions)
    if texts is None:
        rows = [_row(a, a._text()) for a in attributions]
    else:
        require_texts((a.doc_id for a in attributions), texts)
        rows = [_row(a, texts[a.doc_id]) for a in attributions]
    frame = pd.DataFrame(rows, columns=[*FRAME_COLUMNS, *EXTRA_COLUMNS])
    frame = frame.astype({column: "Int64" for column in _INT_COLUMNS})
    return frame.astype({"confidence": "float64"})


def _missing(value: Any) -> bool:
    """Whether a table cell is empty (None, NaN or pandas.NA; a list cell never is)."""
    return value is None or (not isinstance(value, str) and not hasattr(value, "__len__") and pd.isna(value))


def _optional(value: Any, kind: type) -> Any:
    """Return the cell converted to `kind`, or ``None`` when it is empty."""
    return None if _missing(value) else kind(value)


def _fragments_cell(value: Any, column: str, row: int) -> Fragments:
    """Read the ``[start, end]`` pairs of a span-list cell (a list, or its JSON text from a CSV)."""
    if _missing(value):
        return ()
    try:
        return tuple(schema.spans(value))
    except (TypeError, ValueError) as error:
        raise DataError(
            "N241",
            f"Row {row}: column {column!r} holds {value!r}, not a list of [start, end] pairs.",
            'Give fragments as a list of pairs, or in a CSV as JSON like "[[12, 40], [55, 80]]".',
        ) from error


def _component(record: Mapping[str, Any], name: str, row: int) -> Fragments:
    """Return a component's fragments from ``<name>_spans`` or its envelope."""
    spans = record.get(f"{name}_spans")
    if not _missing(spans):
        return _fragments_cell(spans, f"{name}_spans", row)
    start, end = record.get(f"{name}_start"), record.get(f"{name}_end")
    return () if _missing(start) or _missing(end) else ((int(start), int(end)),)


def _record_to_attribution(record: Mapping[str, Any], row: int, texts: Mapping[str, str] | None) -> Attribution:
    """Build one :class:`Attribution` from a table row (carrying its document's text when ``texts`` are given)."""
    resolved = (record.get("resolved_start"), record.get("resolved_end"))
    doc_id = str(record["doc_id"])
    return Attribution(
        doc_id=doc_id,
        attribution_id=str(record["attribution_id"]),
        cue=_component(record, "cue", row),
        source=_component(record, "source", row),
        content=_fragments_cell(record.get("content_spans"), "content_spans", row),
        sentence=_optional(record.get("sentence"), int),
        resolved_source=None if any(map(_missing, resolved)) else (int(resolved[0]), int(resolved[1])),
        attribution_mode=_optional(record.get("attribution_mode"), str),
        confidence=_optional(record.get("confidence"), float),
        cue_lemma=_optional(record.get("cue_lemma"), str),
        document_text=None if texts is None else texts[doc_id],
    )


def attributions_from_frame(frame: pd.DataFrame, texts: Mapping[str, str] | None = None) -> list[Attribution]:
    """Return the records of a table written by :func:`attributions_to_frame`.

    Spans are read from ``cue_spans``/``source_spans`` when present (they
    keep discontinuous fragments) and from the start/end columns otherwise;
    ``*_text`` columns are ignored since they derive from the spans. The
    table may come back from CSV or Parquet.

    Parameters
    ----------
    frame
        A table with at least ``doc_id``, ``attribution_id``, ``cue_start``
        and ``cue_end``.
    texts
        Each document's text, by ``doc_id``: the records then carry it
        (:attr:`Attribution.cue_text`, ...). Without it they hold offsets only.

    Returns
    -------
    list of Attribution
        One record per row, in row order.

    Raises
    ------
    DataError
        ``N241`` if a required column is missing or a span-list cell is
        unreadable; ``N240`` if a row holds an invalid span; ``N242`` if
        `texts` lack a document of the table.
    """
    require_columns(frame, ("doc_id", "attribution_id", "cue_start", "cue_end"), "Build it with attributions_to_frame or add the columns.")
    if texts is not None:
        require_texts(frame["doc_id"].astype(str), texts)
    return [_record_to_attribution(record, row, texts) for row, record in enumerate(frame.to_dict("records"))]


__all__ = [
    "EXTRA_COLUMNS",
    "FRAME_COLUMNS",
    "MODES",
    "Attribution",
    "attributions_from_frame",
    "attributions_to_frame",
    "envelope",
    "fragments_text",
    "require_texts",
    "span_text",
]
