"""The groupings a comparison can be made within: any metadata column of the documents, or a date window.

``narratives compare --by`` and ``narratives report --by`` take a column
name: a column of the documents table (``outlet``, ``language``...), any
other metadata field the corpus gives (``event``, ``author``... from a
metadata sidecar or JSON Lines fields), or a calendar window of the
publication date (``week``, ``month``, ``quarter``, ``year``) when no
metadata field has that name.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import pandas as pd

from narratives import schema
from narratives.compare.core import date_windows
from narratives.errors import InputError, InputWarning

DATE_WINDOWS = {"week": "W", "month": "M", "quarter": "Q", "year": "Y"}
"""Grouping names that stand for a window of the ``date`` column, and their pandas period frequency."""
NOT_GROUPINGS = frozenset({"doc_id", "sha256", "source_path", "n_words", *(c.name for c in schema.DOCUMENTS if c.stage in ("segmentation", "attribution"))})
"""Documents-table columns that are not metadata (ids, hashes, counts)."""
METADATA_COLUMNS = tuple(c.name for c in schema.DOCUMENTS if c.stage == "corpus" and c.name not in NOT_GROUPINGS)
"""Documents-table columns that hold the corpus' metadata (:data:`narratives.schema.DOCUMENTS`)."""


def metadata_fields(documents: pd.DataFrame, extra: Mapping[str, Mapping[str, object]] | None = None) -> list[str]:
    """The names a grouping can take: the documents table's metadata columns (not the counts and framing columns later stages add), other metadata fields, date windows."""
    fields = [column for column in METADATA_COLUMNS if column in documents.columns]
    for values in (extra or {}).values():
        fields += [name for name in values if name not in fields]
    return [*fields, *(window for window in DATE_WINDOWS if window not in fields)]


def add_grouping(
    documents: pd.DataFrame, by: str, extra: Mapping[str, Mapping[str, object]] | None = None
) -> pd.DataFrame:
    """The documents table with a column ``by`` holding each document's group.

    Parameters
    ----------
    documents
        The documents table (``doc_id``, ``date``, metadata columns).
    by
        A metadata column or field, or a date window (:data:`DATE_WINDOWS`).
    extra
        Document id to its other metadata fields (:attr:`narratives.corpus.Document.extra`).

    Raises
    ------
    InputError
        ``N131`` when ``by`` is none of these, naming the ones there are.
    """
    if by in documents.columns and by not in NOT_GROUPINGS:
        return documents
    if extra and any(by in values for values in extra.values()):
        values = [(extra.get(doc) or {}).get(by) for doc in documents["doc_id"]]
        kept = [None if value is None or value == "" else str(value) for value in values]
        return documents.assign(**{by: pd.Series(kept, index=documents.index, dtype=object)})
    if by in DATE_WINDOWS and "date" in documents.columns:
        return documents.assign(**{by: date_windows(documents["date"], DATE_WINDOWS[by])})
    raise InputError(
        "N131",
        f"--by {by}: the documents have no metadata column of that name.",
        f"Use one of: {', '.join(metadata_fields(documents, extra))}; or give each document its {by} in a metadata "
        "file beside the documents (a `file` column and a column of that name), or name one with --metadata FILE.",
    )


def check_grouping(documents: pd.DataFrame, by: str, path: str | None = None) -> None:
    """Stop (``N128``) when no document has a value for ``--by``; warn (``N129``) when some have none.

    ``compare`` and ``report`` call it before writing anything, so a refused
    grouping leaves no partial files.

    Raises
    ------
    InputError
        ``N128``, saying how many documents lack the value and how to give it.
    """
    values = documents[by] if by in documents.columns else pd.Series([None] * len(documents), dtype=object)
    missing = int((values.isna() | (values.astype(str).str.strip() == "")).sum())
    how = (
        f"Give each document its {by} in a metadata.csv, .tsv or .jsonl file beside the documents "
        f"(with a `file` column and the column `{by}`), or name one with --metadata FILE"
    )
    if missing == len(documents):
        raise InputError(
            "N128",
            f"none of the {len(documents)} documents has a value for {by!r}, so --by {by} has no group to compare the sides in.",
            f"{how}; or leave out --by to compare the sides over the whole corpus.",
            path=path,
        )
    if missing:
        warnings.warn(
            InputWarning(
                "N129",
                f"{missing} of the {len(documents)} documents have no value for {by!r}: their statements are left out of the comparisons by {by}.",
                f"{how}.",
                path=path,
            ),
            stacklevel=2,
        )
