"""A corpus: a lazy, re-iterable collection of documents, and the ones left out.

A :class:`Corpus` reads its sources each time it is iterated and caches
nothing, so memory does not grow with the corpus. With ``on_error="skip"`` a
bad document is left out and recorded as a :class:`Skipped` entry
(:func:`guarded`), so the caller can report a count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from narratives.corpus.document import METADATA_FIELDS, Document, make_document
from narratives.errors import InputError

OnError = Literal["raise", "skip"]


@dataclass(frozen=True, slots=True)
class Skipped:
    """A document left out with ``on_error="skip"``: where, why, and the error code."""

    path: str
    line: int | None
    reason: str
    code: str = ""

    @classmethod
    def from_error(cls, error: InputError, path: str | Path = "") -> Skipped:
        """The record of a document left out because of ``error``."""
        return cls(error.path or str(path), error.line, error.problem, error.code)


class Corpus:
    """A re-iterable collection of :class:`Document`, read lazily.

    Build one with :func:`load`, :meth:`from_documents` or
    :meth:`from_pandas`. Iterating twice reads the sources twice; nothing is
    cached, so memory stays flat on large corpora.

    Attributes
    ----------
    name
        A short name (the folder or file name it was loaded from).
    skipped
        Documents left out during the last iteration (``on_error="skip"``).
    """

    def __init__(
        self,
        iterate: Callable[[list[Skipped]], Iterator[Document]],
        count: Callable[[], int],
        name: str = "corpus",
    ) -> None:
        self._iterate = iterate
        self._count = count
        self._length: int | None = None
        self.name = name
        self.skipped: list[Skipped] = []

    @classmethod
    def from_documents(cls, documents: Iterable[Document], name: str = "corpus") -> Corpus:
        """A corpus over documents already in memory (ids must be unique)."""
        docs = list(documents)
        seen: set[str] = set()
        for doc in docs:
            if doc.id in seen:
                raise InputError("N110", f"two documents have the id {doc.id!r}.", "Give each document a unique id.")
            seen.add(doc.id)
        return cls(lambda skipped: iter(docs), lambda: len(docs), name)

    def __iter__(self) -> Iterator[Document]:
        self.skipped = []
        return self._iterate(self.skipped)

    def __len__(self) -> int:
        if self._length is None:
            self._length = self._count()
        return self._length

    def __repr__(self) -> str:
        return f"<Corpus {self.name!r}: {len(self)} documents>"

    def select(self, predicate: Callable[[Document], bool] | None = None, /, **metadata: Any) -> Corpus:
        """Documents whose metadata match, lazily.

        Each keyword names a metadata field (``outlet``, ``date``, an extra
        field, ...) and gives a value to equal, a list/set/tuple of accepted
        values, or a function of the value returning True to keep it.

        Examples
        --------
        >>> corpus.select(outlet=["Caspian Ledger", "Meridian Wire"])  # doctest: +SKIP
        >>> corpus.select(date=lambda d: "2020-10-01" <= d < "2020-11-01")  # doctest: +SKIP
        """

        def keep(doc: Document) -> bool:
            meta = doc.metadata
            for key, wanted in metadata.items():
                value = doc.id if key == "id" else meta.get(key)
                if callable(wanted):
                    if value is None or not wanted(value):
                        return False
                elif isinstance(wanted, (list, set, tuple, frozenset)):
                    if value not in wanted:
                        return False
                elif value != wanted:
                    return False
            return predicate is None or predicate(doc)

        parent = self

        def iterate(skipped: list[Skipped]) -> Iterator[Document]:
            for doc in parent:
                if keep(doc):
                    yield doc
            skipped.extend(parent.skipped)

        return Corpus(iterate, lambda: sum(1 for _ in iterate([])), f"{self.name} (selection)")

    def to_pandas(self) -> pd.DataFrame:
        """One row per document: id, text, sha256, metadata and extra columns."""
        records = [doc.to_dict() for doc in self]
        columns = ["id", "text", "sha256", *METADATA_FIELDS, "source_path"]
        frame = pd.DataFrame.from_records(records)
        if frame.empty:
            return pd.DataFrame(columns=columns)
        return frame[columns + [c for c in frame.columns if c not in columns]]

    @classmethod
    def from_pandas(
        cls, frame: pd.DataFrame, text_column: str = "text", id_column: str | None = "id", name: str = "corpus"
    ) -> Corpus:
        """Build a corpus from a DataFrame, one row per document.

        Columns named like the metadata fields fill them; other columns go to
        ``extra`` (``sha256`` is recomputed, never trusted). Rows without an
        id column get ids ``"0"``, ``"1"``, ...
        """
        if text_column not in frame.columns:
            raise InputError(
                "N107",
                f"the DataFrame has no text column {text_column!r} (columns: {', '.join(map(str, frame.columns))}).",
                "Pass text_column= with the name of the column that holds the text.",
            )
        docs = []
        for position, row in enumerate(frame.to_dict("records")):
            text = row.pop(text_column)
            raw_id = row.pop(id_column, None) if id_column else None
            doc_id = str(position) if raw_id is None or pd.isna(raw_id) else str(raw_id)
            row.pop("sha256", None)
            docs.append(make_document(doc_id, text, row))
        return cls.from_documents(docs, name)


def _where(doc: Document) -> str:
    """Where a document was read from: ``file:line``, ``file`` or, in memory, ``document <id>``."""
    line = doc.extra.get("line")
    if doc.source_path is None:
        return f"document {doc.id!r}"
    return f"{doc.source_path}:{line}" if isinstance(line, int) else doc.source_path


def guarded(
    items: Iterable[Any], make: Callable[[Any], Document | None], on_error: OnError, skipped: list[Skipped]
) -> Iterator[Document]:
    """Turn ``items`` into documents, raising or recording InputErrors.

    An item may itself be an :class:`InputError` that a source met while
    reading (a line it could not decode): it is raised or recorded like an
    error from ``make``.
    """
    seen: dict[str, str] = {}
    for item in items:
        try:
            if isinstance(item, InputError):
                raise item
            doc = make(item)
            if doc is None:
                continue
            where = _where(doc)
            if doc.id in seen:
                raise InputError(
                    "N110",
                    f"repeats the document id {doc.id!r} (first given at {seen[doc.id]}).",
                    "Give every document a unique id (or leave the id field out to number them).",
                    path=doc.source_path,
                    line=doc.extra.get("line") if isinstance(doc.extra.get("line"), int) else None,
                )
            seen[doc.id] = where
        except InputError as err:
            if on_error == "raise":
                raise
            skipped.append(Skipped.from_error(err))
            continue
        yield doc
