"""The output folder of a partitioned run: its files, the completion records, and reading it.

See :mod:`narratives.partitions` for the layout. A partition is finished when
its completion record (``_partitions/part-NNNNN.json``) can be read and its
three table files are those the record says were written: their sizes (and,
when a run is resumed, their SHA-256s) match. Resuming redoes a partition
whose files do not match; reading the tables (:func:`iter_tables`) stops with
``N166`` on one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from narratives.errors import InputError
from narratives.pipeline import Analysis

__all__ = [
    "RECORDS_DIR",
    "RUN_FILE",
    "TABLES",
    "clear_unfinished",
    "finished",
    "iter_tables",
    "mismatch",
    "part_name",
    "read_record",
    "read_records",
    "read_tables",
    "record_path",
    "saved_run",
    "table_path",
]

TABLES = ("documents", "sentences", "attributions")
"""The tables of an analysis, one sub-folder each."""

RUN_FILE = "_run.json"
RECORDS_DIR = "_partitions"


def part_name(index: int) -> str:
    """The name of partition ``index``'s files: ``part-00012``."""
    return f"part-{index:05d}"


def table_path(out: Path, table: str, index: int) -> Path:
    """The Parquet file of one table of one partition."""
    return out / table / f"{part_name(index)}.parquet"


def record_path(out: Path, index: int) -> Path:
    """The completion record of one partition."""
    return out / RECORDS_DIR / f"{part_name(index)}.json"


def read_records(out: Path) -> dict[int, dict[str, Any]]:
    """The readable completion records, by partition number.

    A file in the records folder that is not named like a record is not
    ours and is left alone; a record that cannot be read (cut short by a
    crash) does not count, so its partition is done again.
    """
    records = {}
    for path in (out / RECORDS_DIR).glob("part-*.json"):
        number = path.stem[len("part-"):]
        if number.isascii() and number.isdigit() and (record := read_record(path)) is not None:
            records[int(number)] = record
    return records


def mismatch(out: Path, index: int, record: Mapping[str, Any], checksums: bool) -> tuple[Path, str] | None:
    """The first table file of a finished partition that differs from what its record says was
    written, and how; or None.

    Sizes are always compared; SHA-256s too with ``checksums`` (which reads the files).
    A record without sizes (from an older narratives) cannot vouch for its files.
    """
    files = record.get("files")
    for table in TABLES:
        path = table_path(out, table, index)
        written = files.get(table) if isinstance(files, dict) else None
        if not isinstance(written, dict):
            return path, "its partition's record does not give its size (written by an older narratives)"
        try:
            size = path.stat().st_size
        except OSError:
            return path, "is missing"
        if size != written.get("bytes"):
            return path, f"holds {size} bytes, not the {written.get('bytes')} written"
        if checksums and _sha256(path) != written.get("sha256"):
            return path, "is not the file written (its SHA-256 differs)"
    return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def finished(out: Path) -> tuple[set[int], set[int]]:
    """Partitions with a readable completion record and the table files it describes (sizes and
    SHA-256s checked), and those with a record whose files do not match it (to redo)."""
    done, damaged = set(), set()
    for index, record in read_records(out).items():
        (damaged if mismatch(out, index, record, checksums=True) else done).add(index)
    return done, damaged


def read_record(path: Path) -> dict[str, Any] | None:
    """A completion record, or None if it is not a readable one."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return record if isinstance(record, dict) and isinstance(record.get("documents"), list) else None


def clear_unfinished(out: Path, keep: set[int]) -> None:
    """Delete table files and records of partitions not in ``keep``, and leftover temporary files."""
    for folder in (*TABLES, RECORDS_DIR):
        for path in (out / folder).glob("*"):
            stem = path.name.split(".")[0]
            ours = path.name.startswith(".part-") or (stem.startswith("part-") and stem[5:].isascii() and stem[5:].isdigit())
            if ours and (path.name.startswith(".") or int(stem[5:]) not in keep):
                path.unlink()


def iter_tables(out: str | Path, columns: Mapping[str, list[str]] | None = None) -> Iterator[Analysis]:
    """A partitioned run's tables, one partition at a time, in partition order (memory: one partition).

    Parameters
    ----------
    out
        The output folder of :func:`~narratives.partitions.run_partitioned` (or ``narratives
        analyze --format parquet``).
    columns
        Optional columns to read, by table name (other tables are read whole).

    Yields
    ------
    Analysis

    Raises
    ------
    InputError
        ``N166`` if a finished partition's file is missing, not the size
        its record gives, or cannot be read.
    """
    out = Path(out)
    columns = columns or {}
    for index, record in sorted(read_records(out).items()):
        if found := mismatch(out, index, record, checksums=False):
            raise _damaged(found[0], f"{found[1]}; it was cut short or changed after its run")
        yield Analysis(**{table: _read_part(out, table, index, columns.get(table)) for table in TABLES})


def _damaged(path: Path, problem: str) -> InputError:
    return InputError(
        "N166",
        f"{problem}.",
        "Finish the run with `narratives analyze ... --format parquet --resume`, which redoes partitions whose files "
        "are not those written.",
        path=path,
    )


def _read_part(out: Path, table: str, index: int, columns: list[str] | None) -> pd.DataFrame:
    """One table file of a finished partition.

    Raises
    ------
    InputError
        ``N166`` if the file cannot be read (truncated, not Parquet).
    """
    path = table_path(out, table, index)
    try:
        return pd.read_parquet(path, columns=columns)
    except (OSError, pa.ArrowException) as err:
        raise _damaged(path, f"cannot be read as a Parquet table ({err}); the run that wrote it was cut short or the file was damaged") from None


def read_tables(out: str | Path, columns: Mapping[str, list[str]] | None = None) -> Analysis:
    """A partitioned run's tables, concatenated in partition order (see :func:`iter_tables`)."""
    parts = list(iter_tables(out, columns))
    return Analysis(*(pd.concat([getattr(part, table) for part in parts], ignore_index=True) for table in TABLES))


def saved_run(out: str | Path) -> dict[str, Any] | None:
    """The parameters saved in ``out/_run.json`` (see :meth:`~narratives.partitions.RunSpec.to_dict`), or None if there are none.

    Raises
    ------
    InputError
        ``N166`` if the file is there but is not a readable JSON object.
    """
    path = Path(out) / RUN_FILE
    if not path.is_file():
        return None
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        saved = err
    if not isinstance(saved, dict):
        raise InputError(
            "N166",
            "is not a readable record of a partitioned run (cut short or edited).",
            "Run the analysis again into this folder without --resume (or into a new --out).",
            path=path,
        )
    return saved
