"""Writing tables as CSV that a spreadsheet opens safely.

A spreadsheet reads a cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a
tab or carriage return) as a formula, and a corpus string can be made to run
one ("CSV injection"). Every CSV narratives exports goes through
:func:`write_csv`, which prefixes such text cells (and column names) with an
apostrophe, as OWASP recommends: spreadsheets show the text and do not
evaluate it. Numbers are left alone, and Parquet tables and the Python API
keep the raw text; a reader of the CSV who needs the raw text drops the one
leading apostrophe of a cell whose second character is one of those
(:func:`restore_formulas`).

Tables are written through temporary names (:mod:`narratives.durable`):
:func:`write_csvs` writes a group of tables (the three tables of an
analysis) all or nothing, so a full disk leaves the earlier tables as they
were, never new ones beside old ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from narratives.durable import write_together
from narratives.schema import to_csv_cells

__all__ = ["FORMULA_STARTS", "neutralise_formulas", "restore_formulas", "write_csv", "write_csvs"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula."""


def _is_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def _is_neutralised(value: object) -> bool:
    return isinstance(value, str) and value.startswith("'") and _is_formula(value[1:])


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column names that begin like a formula start with ``'``.

    Parameters
    ----------
    frame
        Any table.

    Returns
    -------
    pandas.DataFrame
        The same table (``frame`` itself when nothing needed changing).

    Examples
    --------
    >>> neutralise_formulas(pd.DataFrame({"text": ["=1+1", "fine"], "n": [-1, 2]}))["text"].tolist()
    ["'=1+1", 'fine']
    """
    changed = {}
    for position, (_, column) in enumerate(frame.items()):
        if column.dtype != object and not isinstance(column.dtype, pd.StringDtype):
            continue
        mask = column.map(_is_formula).astype(bool)
        if mask.any():
            changed[position] = column.where(~mask, "'" + column[mask].astype(str))
    names = [f"'{name}" if _is_formula(name) else name for name in frame.columns]
    if not changed and names == list(frame.columns):
        return frame
    result = frame.copy()
    for position, column in changed.items():
        result.isetitem(position, column)
    result.columns = names
    return result


def restore_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Undo :func:`neutralise_formulas` on a table read back from CSV (drop the added apostrophes).

    Parameters
    ----------
    frame
        A table read with :func:`pandas.read_csv` from a file :func:`write_csv` wrote.

    Returns
    -------
    pandas.DataFrame
        The raw text.
    """
    result = frame.copy()
    for position, (_, column) in enumerate(frame.items()):
        if column.dtype == object:
            mask = column.map(_is_neutralised).astype(bool)
            if mask.any():
                result.isetitem(position, column.where(~mask, column[mask].astype(str).str[1:]))
    result.columns = [name[1:] if _is_neutralised(name) else name for name in frame.columns]
    return result


def write_csvs(frames: Mapping[str | Path, pd.DataFrame]) -> list[Path]:
    """Write tables as CSV (no index, UTF-8, formula-like cells neutralised, list columns as JSON), all or nothing.

    CSV cannot hold lists: the span and hit list columns of an analysis are
    written as JSON text (:func:`narratives.schema.to_csv_cells`);
    :func:`narratives.schema.from_csv_cells` reads them back.

    Parameters
    ----------
    frames
        The table to write to each path.

    Returns
    -------
    list of Path
        The paths, in the order given.

    Raises
    ------
    OSError
        If a file cannot be written (e.g. disk full), naming it; the files
        already at those paths are left as they were and no temporary file is
        left (see :func:`narratives.durable.write_together`).
    """
    return write_together(
        {Path(path): (lambda target, frame=frame: neutralise_formulas(to_csv_cells(frame)).to_csv(target, index=False)) for path, frame in frames.items()}
    )


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write one table as :func:`write_csvs` does; return the path."""
    return write_csvs({path: frame})[0]
