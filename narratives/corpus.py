"""Documents and corpora: loading, streaming, selection, pandas round trips.

A :class:`Corpus` is a lazy, re-iterable sequence of :class:`Document`
records. Loading a folder of 100,000 files lists their paths and reads each
file only when iteration reaches it, so memory does not grow with the
corpus. Every document has a stable id and the SHA-256 of its text.

Supported inputs (:func:`load` picks by path):

* one ``.txt`` or ``.md`` file;
* a folder tree of ``.txt`` files, with an optional ``metadata.csv`` /
  ``metadata.tsv`` / ``metadata.jsonl`` sidecar matched on file name;
* a brat folder (``text/*.txt`` and ``attributions/*.ann``, as PolNeAR);
* JSON Lines (one document a line; configurable text and id fields);
* CSV or TSV with a text column.

Bad input raises :class:`~narratives.errors.InputError` naming the file,
the line and the fix. With ``on_error="skip"`` the document is left out
and recorded in :attr:`Corpus.skipped`, so the caller can report a count.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import itertools
import json
import os
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from narratives import display
from narratives.errors import InputError, InputWarning

__all__ = ["Document", "Corpus", "Skipped", "load", "check_text", "is_iso_date", "DEFAULT_MAX_BYTES"]

DEFAULT_MAX_BYTES = 10_000_000
"""Largest document accepted by default (10 MB: far above any news article)."""

TEXT_SUFFIXES = (".txt", ".md")
METADATA_FIELDS = ("title", "outlet", "date", "url", "language")
_SIDECAR_NAMES = ("metadata.csv", "metadata.tsv", "metadata.jsonl")
_COLUMN_ALIASES = {
    "file": ("file", "filename", "file_name", "path", "name"),
    "outlet": ("outlet", "publisher", "source", "site", "newspaper"),
    "date": ("date", "publication_date", "published", "pub_date"),
}

OnError = Literal["raise", "skip"]


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
            docs.append(_document(doc_id, text, row))
        return cls.from_documents(docs, name)


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


def _document(doc_id: str, text: str, metadata: Mapping[str, Any], source_path: str | None = None) -> Document:
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


# --------------------------------------------------------------------------- reading files


def _looks_utf16(data: bytes) -> bool:
    """A UTF-16 byte order mark, or NUL in every other byte of text-like data."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    sample = data[:4000]
    return len(sample) >= 4 and (sample[0::2].count(0) > 0.9 * len(sample[0::2]) or sample[1::2].count(0) > 0.9 * len(sample[1::2]))


def _decode(data: bytes, path: Path, encoding: str, line_offset: int = 0) -> str:
    wide = encoding.lower().startswith(("utf-16", "utf-32", "utf16", "utf32"))
    if b"\x00" in data and not wide and _looks_utf16(data):
        raise InputError(
            "N103",
            f"is not valid {encoding}: it looks like UTF-16 text (a byte order mark, or a NUL byte beside every character).",
            "Pass --encoding utf-16 (Python: encoding='utf-16'), or re-save the file as UTF-8.",
            path=path,
        )
    if b"\x00" in data and not wide:
        raise InputError(
            "N102",
            "looks like a binary file (it contains NUL bytes), not text.",
            "Give narratives plain-text files (.txt, .md, .jsonl, .csv); convert PDFs or Word files to text first.",
            path=path,
        )
    try:
        return data.decode("utf-8-sig" if encoding.lower() in ("utf-8", "utf8") else encoding)
    except UnicodeDecodeError as err:
        raise decode_error(data, err, path, encoding, line_offset) from None
    except LookupError:
        raise InputError("N109", f"unknown encoding {encoding!r}.", "Use a Python codec name such as utf-8 or latin-1.") from None


def decode_error(
    data: bytes, err: UnicodeDecodeError, path: Path, encoding: str, line_offset: int = 0, fix: str = ""
) -> InputError:
    """The ``N103`` error of bytes that are not valid ``encoding``: the line and column of the first bad byte.

    Parameters
    ----------
    data, err
        The bytes and the error decoding them raised.
    path
        The file they were read from.
    encoding
        The encoding tried.
    line_offset
        Lines before ``data`` in the file (when ``data`` is one line of it).
    fix
        What to do (default: re-save as UTF-8 or give ``--encoding``).
    """
    line = data.count(b"\n", 0, err.start) + 1 + line_offset
    column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
    return InputError(
        "N103",
        f"is not valid {encoding} (byte 0x{data[err.start]:02x} at column {column}).",
        fix or "Re-save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`), or give its encoding with --encoding.",
        path=path,
        line=line,
    )


def _too_large(path: Path, size: int | None, max_bytes: int, line: int | None = None) -> InputError:
    amount = "a document" if size is None else f"a document of {size / 1e6:.1f} MB"
    return InputError(
        "N104",
        f"holds {amount}, more than the {max_bytes / 1e6:g} MB limit for one document "
        "(a data dump or a file without line breaks, not an article?).",
        "Split it into one file per article, or raise the limit with --max-doc-mb / max_bytes=.",
        path=path,
        line=line,
    )


def _empty(path: Path, line: int | None = None) -> InputError:
    return InputError("N105", "is empty (no text).", "Remove it, or pass --skip-bad to leave it out and count it.", path=path, line=line)


def read_text_file(path: str | Path, encoding: str = "utf-8", max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read one text file exactly (line endings kept), with clear errors."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise _too_large(path, size, max_bytes)
        data = path.read_bytes()
    except FileNotFoundError:
        raise _missing(path) from None
    except OSError as err:
        raise _unreadable(path, err) from None
    text = _decode(data, path, encoding)
    if not text.strip():
        raise _empty(path)
    return text


def _missing(path: Path) -> InputError:
    return InputError("N101", "does not exist.", "Check the path (and that ../ is where you think it is).", path=path)


def _unreadable(path: Path, err: OSError) -> InputError:
    return InputError(
        "N114",
        f"cannot be read ({err.strerror or err}).",
        "Check that it is a regular file you may read (not a folder, device or broken link).",
        path=path,
    )


def _read_lines(path: Path, max_bytes: int) -> Iterator[tuple[int, bytes | None, int]]:
    """Yield ``(line number, raw line, size)`` for each line of ``path``, in bounded memory.

    A line longer than ``max_bytes`` is read through in chunks and never held
    whole: it comes as ``None`` with its size, so one huge line (a dump with
    no line breaks) cannot fill memory.
    """
    with path.open("rb") as handle:
        for number in itertools.count(1):
            raw = handle.readline(max_bytes + 1)
            if not raw:
                return
            if len(raw) <= max_bytes or raw.endswith(b"\n"):
                yield number, raw, len(raw)
                continue
            size = len(raw)
            while chunk := handle.readline(1 << 20):
                size += len(chunk)
                if chunk.endswith(b"\n"):
                    break
            yield number, None, size


def _where(doc: Document) -> str:
    """Where a document was read from: ``file:line``, ``file`` or, in memory, ``document <id>``."""
    line = doc.extra.get("line")
    if doc.source_path is None:
        return f"document {doc.id!r}"
    return f"{doc.source_path}:{line}" if isinstance(line, int) else doc.source_path


def _guarded(
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


# --------------------------------------------------------------------------- metadata sidecars


def _canonical_columns(columns: Iterable[str]) -> dict[str, str]:
    """Map the file's column names to canonical ones (publisher -> outlet, ...)."""
    mapping = {}
    lowered = {c.strip().lower(): c for c in columns}
    for canonical, aliases in _COLUMN_ALIASES.items():
        for alias in aliases:
            if alias in lowered:
                mapping[lowered[alias]] = canonical
                break
    return mapping


def read_metadata(path: str | Path) -> dict[str, dict[str, Any]]:
    """Read a metadata sidecar; keys are file names (with and without suffix).

    The file column may be called ``file``, ``filename``, ``path`` or
    ``name``; ``publisher`` is read as ``outlet``, ``publication_date`` as
    ``date``.
    """
    path = Path(path)
    if path.suffix.lower() not in (".csv", ".tsv", ".jsonl", ".ndjson"):
        raise InputError(
            "N113",
            f"is not a metadata file narratives reads (suffix {path.suffix or 'none'}).",
            "Save the metadata as CSV (a spreadsheet's 'Save as CSV'), TSV or JSON Lines, with a 'file' column.",
            path=path,
        )
    rows: list[tuple[int, dict[str, Any]]] = []
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        for number, line in enumerate(read_text_file(path).splitlines(), 1):
            if line.strip():
                rows.append((number, _json_record(line, path, number)))
    else:
        text = read_text_file(path)
        dialect = "excel-tab" if path.suffix == ".tsv" else "excel"
        reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
        _check_header(reader.fieldnames or [], path)
        rows = [(reader.line_num, row) for row in reader]
    table: dict[str, dict[str, Any]] = {}
    lines: dict[str, int] = {}
    for number, row in rows:
        if None in row:
            raise InputError(
                "N111",
                f"has a row of {len(row) - 1 + len(row[None])} fields where the header has {len(row) - 1}.",
                "Quote fields that contain the delimiter, or remove the extra fields.",
                path=path,
                line=number,
            )
        mapping = _canonical_columns(row)
        record = {mapping.get(k, k): v for k, v in row.items() if k is not None}
        name = record.pop("file", None)
        if not name:
            raise InputError(
                "N106",
                "has a row without a file name.",
                "Add a 'file' column naming the text file each row describes (e.g. article1.txt).",
                path=path,
                line=number,
            )
        name = str(name).replace("\\", "/")
        if name in table:
            raise InputError(
                "N116",
                f"has a second row for the file {name!r} (the first is on line {lines[name]}).",
                "Keep one row per file: merge the two rows, or delete the one that is wrong.",
                path=path,
                line=number,
            )
        lines[name] = number
        # An empty cell is a missing value, as in CSV corpora, not an empty title or date.
        table[name] = {k: (None if v == "" else v) for k, v in record.items()}
    return table


def _check_header(header: list[str], path: Path) -> None:
    """Refuse a CSV/TSV header that names a column twice (a reader would keep only one of them)."""
    twice = [name for name, n in Counter(header).items() if n > 1]
    if twice:
        raise InputError(
            "N111",
            f"has a header that names the column {twice[0]!r} {Counter(header)[twice[0]]} times; only one could be read.",
            "Rename or remove the extra columns so that every column name is different.",
            path=path,
            line=1,
        )


def _metadata_key(relative: str, table: Mapping[str, dict[str, Any]]) -> str | None:
    """The metadata row of a file: by relative path or name, with or without suffix."""
    stem = relative.rsplit(".", 1)[0]
    for key in (relative, stem, relative.rsplit("/", 1)[-1], stem.rsplit("/", 1)[-1]):
        if key in table:
            return key
    return None


def _metadata_for(relative: str, table: Mapping[str, dict[str, Any]]) -> dict[str, Any] | None:
    key = _metadata_key(relative, table)
    return None if key is None else table[key]


def _warn_unmatched(relatives: list[str], table: Mapping[str, dict[str, Any]], sidecar: Path | None) -> None:
    """Warn about metadata rows that describe no file of the folder (their metadata would be lost unseen)."""
    used = {_metadata_key(relative, table) for relative in relatives}
    unmatched = [name for name in table if name not in used]
    if unmatched:
        shown = ", ".join(unmatched[:5]) + (f" and {len(unmatched) - 5} more" if len(unmatched) > 5 else "")
        warnings.warn(
            InputWarning(
                "N117",
                f"has {len(unmatched)} row(s) for files that are not in the corpus: {shown}.",
                "Check the file names in its 'file' column (or add the missing files).",
                path=sidecar,
            ),
            stacklevel=3,
        )


# --------------------------------------------------------------------------- loaders


def _file_corpus(
    files: list[Path],
    root: Path,
    name: str,
    metadata: Mapping[str, dict[str, Any]],
    encoding: str,
    max_bytes: int,
    on_error: OnError,
    annotations: Path | None = None,
    sidecar: Path | None = None,
    unlisted: list[InputError] | None = None,
) -> Corpus:
    """The corpus of a list of text files (ids from their paths under ``root``).

    ``unlisted`` are the errors of subfolders that could not be listed: each
    is recorded as a skipped entry at every reading (``on_error="skip"``).
    """
    relatives = [f.relative_to(root).as_posix() if f != root else f.name for f in files]
    if sidecar is not None:
        _warn_unmatched(relatives, metadata, sidecar)
    stems = [r.rsplit(".", 1)[0] for r in relatives]
    short = [s.rsplit("/", 1)[-1] for s in stems]
    # File stems are the ids; where two folders hold the same stem, those files (and only
    # those, so adding a file never renames the others) are told apart by their relative path.
    shared = {name for name, n in Counter(short).items() if n > 1}
    ids = [stem if name in shared else name for stem, name in zip(stems, short)]

    def make(item: tuple[Path, str, str]) -> Document:
        file, relative, doc_id = item
        meta = dict(_metadata_for(relative, metadata) or {})
        if annotations is not None:
            ann = annotations / f"{doc_id}.ann"
            if ann.exists():
                meta["annotation_path"] = str(ann)
        return _document(doc_id, read_text_file(file, encoding, max_bytes), meta, str(file))

    def iterate(skipped: list[Skipped]) -> Iterator[Document]:
        return _guarded(itertools.chain(unlisted or [], zip(files, relatives, ids)), make, on_error, skipped)

    return Corpus(iterate, lambda: len(files), name)


def _sidecar_path(folder: Path, explicit: str | Path | None) -> Path | None:
    """The metadata file of a folder: the one given, else its own ``metadata.csv``/``.tsv``/``.jsonl``, if any."""
    if explicit is not None:
        return Path(explicit)
    return next((folder / name for name in _SIDECAR_NAMES if (folder / name).exists()), None)


def _json_record(line: str, path: Path, number: int) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise InputError(
            "N108",
            f"is not valid JSON ({err.msg} at column {err.colno}).",
            "Each line of a .jsonl file must be one JSON object; fix this line or pass --skip-bad.",
            path=path,
            line=number,
        ) from None
    if not isinstance(record, dict):
        raise InputError("N108", f"holds a JSON {type(record).__name__}, not an object.", "Write one JSON object per line.", path=path, line=number)
    return record


def _jsonl_corpus(path: Path, text_field: str, id_field: str | None, encoding: str, max_bytes: int, on_error: OnError) -> Corpus:
    if not path.exists():
        raise _missing(path)

    def lines() -> Iterator[tuple[int, bytes | None, int] | InputError]:
        empty = True
        for number, raw, size in _read_lines(path, max_bytes):
            empty = empty and raw is not None and not raw.strip()
            yield number, raw, size
        if empty:
            yield _empty(path)

    def make(item: tuple[int, bytes | None, int]) -> Document | None:
        number, raw, size = item
        if raw is None:
            raise _too_large(path, size, max_bytes, number)
        line = _decode(raw, path, encoding, number - 1)
        if not line.strip():
            return None
        record = _json_record(line, path, number)
        text = record.pop(text_field, None)
        if text is None:
            raise InputError(
                "N107",
                f"has no {text_field!r} field (fields: {', '.join(record) or 'none'}).",
                "Name the text field with --text-field.",
                path=path,
                line=number,
            )
        if not isinstance(text, str):
            raise InputError("N107", f"field {text_field!r} is a {type(text).__name__}, not a string.", "Store the text as a JSON string.", path=path, line=number)
        if not text.strip():
            raise _empty(path, number)
        raw_id = record.pop(id_field, None) if id_field else None
        doc_id = f"{path.stem}-{number}" if raw_id is None else str(raw_id)
        record.setdefault("line", number)
        return _document(doc_id, text, record, str(path))

    def iterate(skipped: list[Skipped]) -> Iterator[Document]:
        return _guarded(lines(), make, on_error, skipped)

    def count() -> int:
        return sum(1 for _, raw, _ in _read_lines(path, max_bytes) if raw is None or raw.strip())

    return Corpus(iterate, count, path.stem)


def _decoded_lines(path: Path, encoding: str, max_bytes: int, bad: dict[int, InputError]) -> Iterator[str]:
    """The file's lines, decoded one at a time.

    A line that cannot be read (not text, not ``encoding``, longer than
    ``max_bytes``) is recorded in ``bad`` under its number, and the CSV
    reader gets it with the bad bytes replaced, so that the row it belongs
    to is reported and the rows after it are still read.
    """
    for number, raw, size in _read_lines(path, max_bytes):
        if raw is None:
            bad[number] = _too_large(path, size, max_bytes, number)
            yield "\ufffd\n"
            continue
        try:
            yield _decode(raw, path, encoding, number - 1)
        except InputError as err:
            if err.code == "N109":  # unknown encoding: no line can be read
                raise
            bad[number] = err
            yield raw.decode(encoding, errors="replace").replace("\x00", "\ufffd")


def _has_rows(path: Path, encoding: str, max_bytes: int, dialect: str) -> bool:
    """Whether a CSV/TSV file has a non-blank row after its header (read up to the first one)."""
    reader = csv.reader(_decoded_lines(path, encoding, max_bytes, {}), dialect=dialect)
    try:
        next(reader, None)
        return any(any(cell.strip() for cell in row) for row in reader)
    except csv.Error:
        return True  # a row is there; reading the corpus reports what is wrong with it


def _table_corpus(path: Path, text_field: str, id_field: str | None, encoding: str, max_bytes: int, on_error: OnError) -> Corpus:
    if not path.exists():
        raise _missing(path)
    dialect = "excel-tab" if path.suffix.lower() == ".tsv" else "excel"
    # The limit is process-wide: only ever raise it (max_bytes is enforced per row below).
    csv.field_size_limit(max(csv.field_size_limit(), max_bytes + 1))
    bad_header: dict[int, InputError] = {}
    try:
        header = next(csv.reader(_decoded_lines(path, encoding, max_bytes, bad_header), dialect=dialect, strict=True), None)
    except csv.Error as err:
        raise InputError(
            "N111", f"has a header that cannot be read ({err}).", "Fix the quoting of the first line.", path=path, line=1
        ) from None
    if bad_header:
        raise next(iter(bad_header.values()))
    if not header:
        raise _empty(path)
    _check_header(header, path)
    if not _has_rows(path, encoding, max_bytes, dialect):
        raise InputError("N105", "has a header but no rows (no documents).", "Add rows, or leave the file out.", path=path, line=1)
    if text_field not in header:
        raise InputError(
            "N107",
            f"has no text column {text_field!r} (columns: {', '.join(header)}).",
            "Name the column that holds the text with --text-field.",
            path=path,
            line=1,
        )

    def rows() -> Iterator[tuple[int, dict[str, Any]] | InputError]:
        """Rows with the number of their last line; a row with a bad line comes as its error."""
        bad: dict[int, InputError] = {}
        # strict: a quote left open must not swallow the rest of the file into one document.
        reader = csv.DictReader(_decoded_lines(path, encoding, max_bytes, bad), dialect=dialect, strict=True)
        if reader.fieldnames is None:  # reads the header (an empty file was refused by load)
            return
        previous = reader.line_num
        try:
            for row in reader:
                errors = [bad.pop(n) for n in range(previous + 1, reader.line_num + 1) if n in bad]
                yield errors[0] if errors else (reader.line_num, row)
                previous = reader.line_num
        except csv.Error as err:
            # The reader cannot find the next row reliably: the rest of the file is one error.
            if "field larger than field limit" in str(err):
                yield _too_large(path, None, max_bytes, previous + 1)
                return
            yield InputError(
                "N111",
                f"cannot be read as {'TSV' if dialect == 'excel-tab' else 'CSV'} from this row on ({err}).",
                "Fix the quoting of this row (a quote left open runs to the end of the file).",
                path=path,
                line=previous + 1,
            )

    def make(item: tuple[int, dict[str, Any]]) -> Document:
        number, row = item
        if None in row:
            raise InputError(
                "N111",
                f"has {len(header) + len(row[None])} fields where the header has {len(header)}.",
                "Quote fields that contain the delimiter, or fix the row.",
                path=path,
                line=number,
            )
        body = row.pop(text_field) or ""
        if not body.strip():
            raise _empty(path, number)
        size = len(body.encode("utf-8"))
        if size > max_bytes:
            raise _too_large(path, size, max_bytes, number)
        raw_id = row.pop(id_field, None) if id_field else None
        doc_id = f"{path.stem}-{number}" if not raw_id else str(raw_id)
        record = {k: (v if v != "" else None) for k, v in row.items()}
        mapping = _canonical_columns(record)
        record = {mapping.get(k, k): v for k, v in record.items()}
        record.setdefault("line", number)
        return _document(doc_id, body, record, str(path))

    def iterate(skipped: list[Skipped]) -> Iterator[Document]:
        return _guarded(rows(), make, on_error, skipped)

    return Corpus(iterate, lambda: sum(1 for _ in rows()), path.stem)


def _walk_text_files(folder: Path) -> tuple[list[Path], list[InputError]]:
    """The ``.txt`` files of a folder tree, and an ``N114`` error for each subfolder that cannot be listed.

    Symbolic links to folders are followed, as links to files are; a folder
    reached a second time (a link back into the tree, or two links to one
    folder) is read once. Names starting with a dot are left out.
    """
    files: list[Path] = []
    unlisted: list[InputError] = []
    seen = {os.path.realpath(folder)}

    def failed(err: OSError) -> None:
        unlisted.append(
            InputError(
                "N114",
                f"is a folder that cannot be listed ({err.strerror or err}), so none of its files can be read.",
                "Check its permissions (or move it out of the corpus); with --skip-bad it is left out and counted.",
                path=err.filename,
            )
        )

    for dirpath, dirnames, filenames in os.walk(folder, onerror=failed, followlinks=True):
        kept = []
        for name in sorted(dirnames):
            real = os.path.realpath(os.path.join(dirpath, name))
            if not name.startswith(".") and real not in seen:
                seen.add(real)
                kept.append(name)
        dirnames[:] = kept
        files.extend(Path(dirpath) / f for f in filenames if f.endswith(".txt") and not f.startswith("."))
    return sorted(files), unlisted


def load(
    path: str | Path,
    *,
    text_field: str = "text",
    id_field: str | None = "id",
    metadata: str | Path | None = None,
    encoding: str = "utf-8",
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_error: OnError = "raise",
) -> Corpus:
    """Load a corpus from a file or folder, choosing the reader by its shape.

    Parameters
    ----------
    path
        A ``.txt``/``.md`` file, a ``.jsonl``/``.ndjson`` file, a ``.csv``/
        ``.tsv`` file, a brat folder (``text/`` + ``attributions/``) or a
        folder tree of ``.txt`` files.
    text_field, id_field
        Field (JSON Lines) or column (CSV/TSV) holding the text and the id.
        Records without an id get ``<file stem>-<line number>``.
    metadata
        A metadata sidecar to use instead of the folder's own
        ``metadata.csv``/``.tsv``/``.jsonl``.
    encoding
        Text encoding of the files.
    max_bytes
        Largest document accepted; larger ones are an error (N104).
    on_error
        ``"raise"`` (default) stops at the first bad document;
        ``"skip"`` leaves it out and records it in ``Corpus.skipped``
        (a path that cannot be opened at all, e.g. a missing file or a CSV
        without the text column, is recorded as one skipped entry; a
        malformed metadata file is an error either way).

    Returns
    -------
    Corpus
        A lazy corpus; nothing is read until it is iterated.
    """
    path = Path(path)
    # A broken metadata file is always an error: skipping it would drop every document it describes.
    sidecar = _sidecar_path(path, metadata) if path.is_dir() else None if metadata is None else Path(metadata)
    table = {} if sidecar is None else read_metadata(sidecar)
    try:
        return _open(path, table, text_field, id_field, encoding, max_bytes, on_error, sidecar if path.is_dir() else None)
    except InputError as err:
        if on_error == "raise":
            raise
        return _skipped_source(path, err)


def _skipped_source(path: Path, error: InputError) -> Corpus:
    """The corpus of a source that cannot be opened: no documents, one skipped entry."""

    def iterate(skipped: list[Skipped]) -> Iterator[Document]:
        skipped.append(Skipped.from_error(error, path))
        return iter(())

    return Corpus(iterate, lambda: 0, path.stem or path.name)


def _open(
    path: Path,
    table: Mapping[str, dict[str, Any]],
    text_field: str,
    id_field: str | None,
    encoding: str,
    max_bytes: int,
    on_error: OnError,
    sidecar: Path | None = None,
) -> Corpus:
    """The corpus of one source, chosen by its shape (see :func:`load`); ``sidecar``: a folder's metadata file."""
    if not path.exists():
        raise _missing(path)
    suffix = path.suffix.lower()
    if path.is_dir():
        text_dir = path / "text"
        if text_dir.is_dir() and (path / "attributions").is_dir():
            files = sorted(text_dir.glob("*.txt"))
            return _file_corpus(files, text_dir, path.name, table, encoding, max_bytes, on_error, path / "attributions", sidecar)
        files, unlisted = _walk_text_files(path)
        if unlisted and on_error == "raise":
            raise unlisted[0]
        if not files and not unlisted:
            raise InputError(
                "N112",
                "holds no .txt files.",
                "Point narratives at a folder of .txt files, a .jsonl/.csv file, or a brat folder (text/ + attributions/).",
                path=path,
            )
        return _file_corpus(files, path, path.name, table, encoding, max_bytes, on_error, sidecar=sidecar, unlisted=unlisted)
    if suffix in TEXT_SUFFIXES:
        return _file_corpus([path], path.parent, path.stem, table, encoding, max_bytes, on_error)
    if suffix in (".jsonl", ".ndjson"):
        return _jsonl_corpus(path, text_field, id_field, encoding, max_bytes, on_error)
    if suffix in (".csv", ".tsv"):
        return _table_corpus(path, text_field, id_field, encoding, max_bytes, on_error)
    raise InputError(
        "N113",
        f"has a suffix narratives does not read ({suffix or 'none'}).",
        "Use .txt, .md, .jsonl, .ndjson, .csv or .tsv files, or a folder of .txt files.",
        path=path,
    )


def load_many(paths: Iterable[str | Path], **options: Any) -> Corpus:
    """Load several paths as one corpus (ids must stay unique across them)."""
    corpora = [load(p, **options) for p in paths]
    if len(corpora) == 1:
        return corpora[0]
    on_error = options.get("on_error", "raise")

    def iterate(skipped: list[Skipped]) -> Iterator[Document]:
        def chained() -> Iterator[Document]:
            for corpus in corpora:
                yield from corpus
                skipped.extend(corpus.skipped)

        return _guarded(chained(), lambda doc: doc, on_error, skipped)

    return Corpus(iterate, lambda: sum(len(c) for c in corpora), "+".join(c.name for c in corpora))
