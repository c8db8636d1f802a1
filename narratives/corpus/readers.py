"""The reader of each source shape: a list of text files, JSON Lines, CSV/TSV.

Each returns a lazy :class:`~narratives.corpus.collection.Corpus` whose
documents carry the line they were read from; errors are raised or recorded
per document (:func:`~narratives.corpus.collection.guarded`).
"""

from __future__ import annotations

import csv
import itertools
import os
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from narratives.corpus.collection import Corpus, OnError, Skipped, guarded
from narratives.corpus.document import Document, make_document
from narratives.corpus.files import (
    decode,
    decoded_lines,
    empty_error,
    json_record,
    missing,
    read_lines,
    read_text_file,
    too_large,
)
from narratives.corpus.metadata import (
    canonical_columns,
    check_header,
    metadata_for,
    warn_unmatched,
)
from narratives.errors import InputError


def file_corpus(
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
        warn_unmatched(relatives, metadata, sidecar)
    stems = [r.rsplit(".", 1)[0] for r in relatives]
    short = [s.rsplit("/", 1)[-1] for s in stems]
    # File stems are the ids; where two folders hold the same stem, those files (and only
    # those, so adding a file never renames the others) are told apart by their relative path.
    shared = {name for name, n in Counter(short).items() if n > 1}
    ids = [stem if name in shared else name for stem, name in zip(stems, short)]

    def make(item: tuple[Path, str, str]) -> Document:
        file, relative, doc_id = item
        meta = dict(metadata_for(relative, metadata) or {})
        if annotations is not None:
            ann = annotations / f"{doc_id}.ann"
            if ann.exists():
                meta["annotation_path"] = str(ann)
        return make_document(doc_id, read_text_file(file, encoding, max_bytes), meta, str(file))

    def iterate(skipped: list[Skipped]) -> Iterator[Document]:
        return guarded(itertools.chain(unlisted or [], zip(files, relatives, ids)), make, on_error, skipped)

    return Corpus(iterate, lambda: len(files), name)


def jsonl_corpus(path: Path, text_field: str, id_field: str | None, encoding: str, max_bytes: int, on_error: OnError) -> Corpus:
    if not path.exists():
        raise missing(path)

    def lines() -> Iterator[tuple[int, bytes | None, int] | InputError]:
        empty = True
        for number, raw, size in read_lines(path, max_bytes):
            empty = empty and raw is not None and not raw.strip()
            yield number, raw, size
        if empty:
            yield empty_error(path)

    def make(item: tuple[int, bytes | None, int]) -> Document | None:
        number, raw, size = item
        if raw is None:
            raise too_large(path, size, max_bytes, number)
        line = decode(raw, path, encoding, number - 1)
        if not line.strip():
            return None
        record = json_record(line, path, number)
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
            raise empty_error(path, number)
        raw_id = record.pop(id_field, None) if id_field else None
        doc_id = f"{path.stem}-{number}" if raw_id is None else str(raw_id)
        record.setdefault("line", number)
        return make_document(doc_id, text, record, str(path))

    def iterate(skipped: list[Skipped]) -> Iterator[Document]:
        return guarded(lines(), make, on_error, skipped)

    def count() -> int:
        return sum(1 for _, raw, _ in read_lines(path, max_bytes) if raw is None or raw.strip())

    return Corpus(iterate, count, path.stem)


def _has_rows(path: Path, encoding: str, max_bytes: int, dialect: str) -> bool:
    """Whether a CSV/TSV file has a non-blank row after its header (read up to the first one)."""
    reader = csv.reader(decoded_lines(path, encoding, max_bytes, {}), dialect=dialect)
    try:
        next(reader, None)
        return any(any(cell.strip() for cell in row) for row in reader)
    except csv.Error:
        return True  # a row is there; reading the corpus reports what is wrong with it


def table_corpus(path: Path, text_field: str, id_field: str | None, encoding: str, max_bytes: int, on_error: OnError) -> Corpus:
    if not path.exists():
        raise missing(path)
    dialect = "excel-tab" if path.suffix.lower() == ".tsv" else "excel"
    # The limit is process-wide: only ever raise it (max_bytes is enforced per row below).
    csv.field_size_limit(max(csv.field_size_limit(), max_bytes + 1))
    bad_header: dict[int, InputError] = {}
    try:
        header = next(csv.reader(decoded_lines(path, encoding, max_bytes, bad_header), dialect=dialect, strict=True), None)
    except csv.Error as err:
        raise InputError(
            "N111", f"has a header that cannot be read ({err}).", "Fix the quoting of the first line.", path=path, line=1
        ) from None
    if bad_header:
        raise next(iter(bad_header.values()))
    if not header:
        raise empty_error(path)
    check_header(header, path)
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
        reader = csv.DictReader(decoded_lines(path, encoding, max_bytes, bad), dialect=dialect, strict=True)
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
                yield too_large(path, None, max_bytes, previous + 1)
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
            raise empty_error(path, number)
        size = len(body.encode("utf-8"))
        if size > max_bytes:
            raise too_large(path, size, max_bytes, number)
        raw_id = row.pop(id_field, None) if id_field else None
        doc_id = f"{path.stem}-{number}" if not raw_id else str(raw_id)
        record = {k: (v if v != "" else None) for k, v in row.items()}
        mapping = canonical_columns(record)
        record = {mapping.get(k, k): v for k, v in record.items()}
        record.setdefault("line", number)
        return make_document(doc_id, body, record, str(path))

    def iterate(skipped: list[Skipped]) -> Iterator[Document]:
        return guarded(rows(), make, on_error, skipped)

    return Corpus(iterate, lambda: sum(1 for _ in rows()), path.stem)


def walk_text_files(folder: Path) -> tuple[list[Path], list[InputError]]:
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
