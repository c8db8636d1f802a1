"""Metadata sidecars: a folder's ``metadata.csv``/``.tsv``/``.jsonl``, one row per text file.

Rows are matched to files by relative path or name, with or without
suffix; column names are read with their common aliases (``publisher`` is
the outlet, ``publication_date`` the date). A sidecar row that describes no
file is reported (``N117``), a repeated row or column refused (``N116``,
``N111``).
"""

from __future__ import annotations

import csv
import io
import warnings
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from narratives.corpus.files import json_record, read_text_file
from narratives.errors import InputError, InputWarning

SIDECAR_NAMES = ("metadata.csv", "metadata.tsv", "metadata.jsonl")
"""The file names of a folder's own metadata sidecar, in the order they are looked for."""
_COLUMN_ALIASES = {
    "file": ("file", "filename", "file_name", "path", "name"),
    "outlet": ("outlet", "publisher", "source", "site", "newspaper"),
    "date": ("date", "publication_date", "published", "pub_date"),
}


def canonical_columns(columns: Iterable[str]) -> dict[str, str]:
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
                rows.append((number, json_record(line, path, number)))
    else:
        text = read_text_file(path)
        dialect = "excel-tab" if path.suffix == ".tsv" else "excel"
        reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
        check_header(reader.fieldnames or [], path)
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
        mapping = canonical_columns(row)
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


def check_header(header: list[str], path: Path) -> None:
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


def metadata_for(relative: str, table: Mapping[str, dict[str, Any]]) -> dict[str, Any] | None:
    key = _metadata_key(relative, table)
    return None if key is None else table[key]


def warn_unmatched(relatives: list[str], table: Mapping[str, dict[str, Any]], sidecar: Path | None) -> None:
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


def sidecar_path(folder: Path, explicit: str | Path | None) -> Path | None:
    """The metadata file of a folder: the one given, else its own ``metadata.csv``/``.tsv``/``.jsonl``, if any."""
    if explicit is not None:
        return Path(explicit)
    return next((folder / name for name in SIDECAR_NAMES if (folder / name).exists()), None)
