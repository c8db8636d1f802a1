"""One document: its text, exactly as read, and its metadata.

:class:`Document` holds a text and its metadata (title, outlet, date, url,
language, source path, any other field); :func:`make_document` builds one
from a flat metadata record as the readers find it. A text or field that
cannot be written as UTF-8 is refused (:func:`check_text`, ``N115``); a date
that is not ISO is kept with a warning (``N119``).
"""

from __future__ import annotations

import datetime
import hashlib
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import pandas as pd

from narratives import display
from narratives.errors import InputError, InputWarning

METADATA_FIELDS = ("title", "outlet", "date", "url", "language")
"""The metadata fields a :class:`Document` holds as attributes (others go to ``extra``)."""


@dataclass(frozen=True)
class Document:
    """One text with its metadata.

    Parameters
    ----------
    id
        Stable identifier, unique within a corpus.
    text
        The text, exactly as read; offsets everywhere refer to it.
    title, outlet, date, url, language
        Optional metadata (``date`` as an ISO string, e.g. ``2020-10-04``).
    source_path
        Where the text was read from, if from a file.
    extra
        Any other metadata columns.
    """

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None
    language: str | None = None
    source_path: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    sha256: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise TypeError(f"Document {self.id!r}: text must be str, not {type(self.text).__name__}")
        if isinstance(self.id, str):
            check_text(self.id, "id", self.source_path)
        check_text(self.text, f"the text of document {self.id!r}", self.source_path)
        object.__setattr__(self, "sha256", hashlib.sha256(self.text.encode("utf-8")).hexdigest())

    @property
    def metadata(self) -> dict[str, Any]:
        """Title, outlet, date, url, language, source path and extra fields."""
        meta = {name: getattr(self, name) for name in (*METADATA_FIELDS, "source_path")}
        meta.update(self.extra)
        return meta

    def to_dict(self) -> dict[str, Any]:
        """A flat record: id, text, sha256, metadata fields, extra fields."""
        return {"id": self.id, "text": self.text, "sha256": self.sha256, **self.metadata}

    def _repr_html_(self) -> str:
        """Jupyter: the title, metadata and text, not analysed (see :mod:`narratives.display`)."""
        return display.html(self)


def check_text(text: str, what: str = "the text", path: str | Path | None = None, line: int | None = None) -> None:
    """Refuse a string that cannot be written as UTF-8: one holding a lone surrogate (``\\ud800``).

    Such a string comes from a broken JSON escape or a bad conversion; no
    file, table or hash can hold it, and replacing it would move offsets.

    Parameters
    ----------
    text
        The string (a text, an id).
    what
        What it is, for the message.
    path, line
        Where it was read from, if known.

    Raises
    ------
    InputError
        ``N115``, with the character offset (and the line in the text) of the first lone surrogate.
    """
    if text.isascii():
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        within = f", line {text.count(chr(10), 0, err.start) + 1} of it" if "\n" in text else ""
        raise InputError(
            "N115",
            f"{what} holds a lone surrogate (U+{ord(text[err.start]):04X}) at character {err.start}{within}: "
            "half of a character, which cannot be written as UTF-8.",
            "Repair the source (a JSON \\ud800-\\udbff escape must be followed by a \\udc00-\\udfff one), "
            "or pass --skip-bad to leave the document out and count it.",
            path=path,
            line=line,
        ) from None


def _clean(value: Any) -> Any:
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def is_iso_date(value: Any) -> bool:
    """Whether ``value`` is a string holding an ISO 8601 date or date and time (``2020-10-04``, ``2020-10-04T09:30``).

    Examples
    --------
    >>> is_iso_date("2020-10-04"), is_iso_date("0000-00-00"), is_iso_date("4 Oct 2020")
    (True, False, False)
    """
    if not isinstance(value, str):
        return False
    try:
        datetime.datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def make_document(doc_id: str, text: str, metadata: Mapping[str, Any], source_path: str | None = None) -> Document:
    """A Document from a flat metadata mapping (known fields, the rest to extra)."""
    known = {f.name for f in fields(Document)}
    meta = {k: _clean(v) for k, v in metadata.items()}
    kwargs = {k: (None if meta[k] is None else str(meta[k])) for k in METADATA_FIELDS if k in meta}
    if source_path is None and meta.get("source_path"):
        source_path = str(meta["source_path"])
    extra = {k: v for k, v in meta.items() if k not in known and v is not None}
    line = meta.get("line") if isinstance(meta.get("line"), int) else None
    if kwargs.get("date") is not None and not is_iso_date(kwargs["date"]):
        warnings.warn(
            InputWarning(
                "N119",
                f"document {doc_id!r} has the date {kwargs['date']!r}, which is not an ISO date (YYYY-MM-DD); "
                "the document keeps it as given, but its date in the documents table is empty (NaT), "
                "so it is left out of date ranges and timelines.",
                "Write dates as YYYY-MM-DD (e.g. 2020-10-04).",
                path=source_path,
                line=line,
            ),
            stacklevel=2,
        )
    try:
        for key, value in meta.items():
            if isinstance(value, str):
                check_text(value, f"the field {key!r} of document {doc_id!r}", source_path)
        return Document(id=doc_id, text=text, source_path=source_path, extra=extra, **kwargs)
    except InputError as err:
        if err.line is not None or not isinstance(meta.get("line"), int):
            raise
        raise InputError(err.code, err.problem, err.fix, err.path, meta["line"]) from None
