"""The columns of the three tables an analysis makes: names, types and the stage that adds each.

:func:`narratives.pipeline.analyze` returns a documents table (one row per
document), a sentences table (one row per sentence) and an attributions
table (one row per statement). Each stage of the pipeline adds columns;
this module declares them, so that a stage reading another's columns
names them from here instead of guessing them from a prefix.

Columns whose names depend on data files are declared as families: a
template such as ``content_{category}`` with the stage whose function
lists the actual names (e.g. :func:`narratives.framing.feature_categories`).

Span lists are list columns: ``content_spans``, ``cue_spans`` and
``source_spans`` hold lists of ``[start, end]`` pairs (character offsets,
end exclusive) and ``framing_hits`` a list of ``{"start", "end",
"category", "entry"}`` records, in pandas and in Parquet
(:func:`arrow_type`). CSV cannot hold lists: :func:`to_csv_cells` writes
them as JSON text (``[[12, 40], [55, 80]]``; hits as ``[[start, end,
"category", "entry"], ...]``) and :func:`from_csv_cells` reads them back.
``date`` is a datetime column (:func:`parse_dates`).

This module sits on the bottom floor: it imports nothing of narratives and
no heavy library at import time.
"""

from __future__ import annotations

import datetime
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

__all__ = [
    "ATTRIBUTIONS",
    "DOCUMENTS",
    "HITS",
    "HIT_COLUMNS",
    "HIT_FIELDS",
    "SENTENCES",
    "SPANS",
    "SPAN_COLUMNS",
    "TABLES",
    "Column",
    "arrow_type",
    "columns_of",
    "date_text",
    "from_csv_cells",
    "hit_records",
    "hits",
    "parse_dates",
    "spans",
    "to_csv_cells",
]

SPANS = "spans"
"""The type of a span-list column: a list of ``[start, end]`` pairs."""
HITS = "hits"
"""The type of a hit-list column: a list of ``{"start", "end", "category", "entry"}`` records."""
HIT_FIELDS = ("start", "end", "category", "entry")
"""The fields of one framing hit, in order (also the order of a hit in CSV)."""


@dataclass(frozen=True)
class Column:
    """One column (or family of columns) of a table.

    Attributes
    ----------
    name
        The column's name, or a template such as ``content_{category}`` for a
        family whose names come from a data file or a model.
    dtype
        The pandas dtype (``"Int64"`` is nullable), or :data:`SPANS` /
        :data:`HITS` for list columns.
    stage
        The pipeline stage that adds it: ``corpus``, ``segmentation``,
        ``attribution``, ``sides``, ``framing`` or ``stories``.
    """

    name: str
    dtype: str
    stage: str

    @property
    def is_family(self) -> bool:
        """Whether :attr:`name` is a template."""
        return "{" in self.name


def _columns(spec: str) -> tuple[Column, ...]:
    """Columns from lines ``stage dtype name name ...`` (in table order)."""
    return tuple(Column(name, dtype, stage) for stage, dtype, *names in map(str.split, spec.strip().splitlines()) for name in names)


_STORIES = _columns("""
    stories  float64  frame:{label}
    stories  str      frames
    stories  float64  narrative:{label}
    stories  str      narratives subnarratives
""")
"""The story columns the documents and attributions tables share: each frame's and narrative's probability, the labels kept."""

DOCUMENTS = _columns("""
    corpus        str             doc_id sha256 title outlet
    corpus        datetime64[us]  date
    corpus        str             url language source_path
    segmentation  int64           n_sentences n_tokens n_chars
    attribution   int64           n_attributions
    framing       int64           {category}
    framing       float64         {category}_per_1k_words valence
    framing       int64           n_words stance_{stance}
""") + _STORIES
"""The documents table: metadata, counts, framing per document, frames and narratives."""

SENTENCES = _columns("""
    segmentation  str      doc_id
    segmentation  int64    sentence paragraph start end
    segmentation  str      text
    framing       int64    {category}
    framing       float64  valence
    framing       bool     uncertain
    framing       int64    stance_{stance}
""")
"""The sentences table: offsets, text and framing per sentence."""

ATTRIBUTIONS = _columns(f"""
    attribution  str      doc_id attribution_id
    attribution  Int64    sentence cue_start cue_end
    attribution  str      cue_text cue_lemma
    attribution  Int64    source_start source_end
    attribution  str      source_text
    attribution  Int64    resolved_start resolved_end
    attribution  str      resolved_text
    attribution  {SPANS}  content_spans
    attribution  str      content_text attribution_mode
    attribution  float64  confidence
    attribution  {SPANS}  cue_spans source_spans
    sides        object   actor side side_rule
    sides        float64  side_confidence
    framing      object   stance
    framing      int64    content_{{category}}
    framing      float64  content_valence
    framing      int64    source_{{source_category}}
    framing      object   source_labels
    framing      {HITS}   framing_hits
""") + _STORIES
"""The attributions table: one statement a row, its spans, side, framing and stories."""

TABLES = {"documents": DOCUMENTS, "sentences": SENTENCES, "attributions": ATTRIBUTIONS}
"""Each table's declared columns, by table name."""

SPAN_COLUMNS = tuple(column.name for column in ATTRIBUTIONS if column.dtype == SPANS)
"""The span-list columns of the attributions table."""
HIT_COLUMNS = tuple(column.name for column in ATTRIBUTIONS if column.dtype == HITS)
"""The hit-list columns of the attributions table."""


def columns_of(table: str, stage: str) -> list[str]:
    """The fixed (non-family) columns ``stage`` adds to ``table``, in order.

    Examples
    --------
    >>> columns_of("attributions", "sides")
    ['actor', 'side', 'side_rule', 'side_confidence']
    """
    return [column.name for column in TABLES[table] if column.stage == stage and not column.is_family]


# --------------------------------------------------------------------------- list cells


def _is_missing(cell: Any) -> bool:
    """Whether a cell holds no list (None, NaN, pandas.NA, empty text)."""
    if cell is None or (isinstance(cell, str) and not cell):
        return True
    return isinstance(cell, float) and math.isnan(cell)


def spans(cell: Any) -> list[tuple[int, int]]:
    """The ``(start, end)`` pairs of a span-list cell.

    Reads the list the pipeline writes, the arrays Parquet gives back and
    the JSON text of a CSV cell; a missing cell is an empty list.

    Examples
    --------
    >>> spans([[12, 40], [55, 80]]), spans("[[1, 2]]"), spans(None)
    ([(12, 40), (55, 80)], [(1, 2)], [])
    """
    if _is_missing(cell):
        return []
    if isinstance(cell, str):
        cell = json.loads(cell)
    return [(int(start), int(end)) for start, end in cell]


def hits(cell: Any) -> list[tuple[int, int, str, str]]:
    """The ``(start, end, category, entry)`` of each hit in a hit-list cell (list, Parquet array or CSV JSON).

    Examples
    --------
    >>> hits([{"start": 3, "end": 9, "category": "hedge", "entry": "may"}])
    [(3, 9, 'hedge', 'may')]
    >>> hits('[[3, 9, "hedge", "may"]]')
    [(3, 9, 'hedge', 'may')]
    """
    if _is_missing(cell):
        return []
    if isinstance(cell, str):
        return [(int(a), int(b), str(c), str(e)) for a, b, c, e in json.loads(cell)]
    return [(int(hit["start"]), int(hit["end"]), hit["category"], hit["entry"]) for hit in cell]


def hit_records(found: Iterable[Any]) -> list[dict[str, Any]]:
    """A framing_hits cell from hits with ``start``, ``end``, ``category`` and ``entry`` attributes."""
    return [{field: getattr(hit, field) for field in HIT_FIELDS} for hit in found]


def _spans_json(cell: Any) -> str:
    return json.dumps([list(pair) for pair in spans(cell)])


def _hits_json(cell: Any) -> str:
    """A hit-list cell as CSV writes it: ``[[start, end, "category", "entry"], ...]``."""
    return json.dumps([list(hit) for hit in hits(cell)], ensure_ascii=False)


def _hit_dicts(cell: Any) -> list[dict[str, Any]]:
    return [dict(zip(HIT_FIELDS, hit)) for hit in hits(cell)]


def to_csv_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its list columns as JSON text, for CSV (``frame`` itself when it has none)."""
    encoders = {**dict.fromkeys(SPAN_COLUMNS, _spans_json), **dict.fromkeys(HIT_COLUMNS, _hits_json)}
    present = {name: encode for name, encode in encoders.items() if name in frame.columns}
    if not present:
        return frame
    return frame.assign(**{name: frame[name].map(encode).astype(object) for name, encode in present.items()})


def from_csv_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Undo :func:`to_csv_cells` on a table read back from CSV: list columns as lists, ``date`` as datetimes."""
    decoders = {**dict.fromkeys(SPAN_COLUMNS, lambda cell: [list(pair) for pair in spans(cell)]), **dict.fromkeys(HIT_COLUMNS, _hit_dicts)}
    present = {name: decode for name, decode in decoders.items() if name in frame.columns}
    result = frame.assign(**{name: frame[name].map(decode).astype(object) for name, decode in present.items()})
    if "date" in result.columns and result["date"].dtype.kind != "M":
        result = result.assign(date=parse_dates(result["date"]))
    return result


# --------------------------------------------------------------------------- dates


def _date(value: Any) -> datetime.datetime | None:
    """An ISO 8601 date or date-time as a naive datetime (UTC when it names an offset); None otherwise."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(datetime.UTC).replace(tzinfo=None)
    return parsed


def parse_dates(values: Iterable[Any]) -> pd.Series:
    """ISO 8601 dates (``2020-10-04``, ``2020-10-04T09:30+03:00``) as a ``datetime64[us]`` column.

    A date-time with an offset is converted to UTC. A value that is not an
    ISO date is missing (``NaT``); :func:`narratives.corpus.load` has
    already warned (``N119``) naming its file, line and value.

    Examples
    --------
    >>> parse_dates(["2020-10-04", None, "4 Oct 2020"]).tolist()
    [Timestamp('2020-10-04 00:00:00'), NaT, NaT]
    """
    import pandas as pd

    index = values.index if isinstance(values, pd.Series) else None
    return pd.Series([_date(value) for value in values], index=index, dtype="datetime64[us]", name="date")


def date_text(values: pd.Series) -> pd.Series:
    """Datetimes as ISO text for people: ``2020-10-04``, or ``2020-10-04T09:30:00`` when a time is given; missing stays missing.

    Examples
    --------
    >>> date_text(parse_dates(["2020-10-04", "2020-10-04T09:30", None])).tolist()
    ['2020-10-04', '2020-10-04T09:30:00', None]
    """
    import pandas as pd

    return pd.Series([None if pd.isna(value) else _iso_text(value) for value in values], index=values.index, dtype=object)


def _iso_text(value: pd.Timestamp) -> str:
    return (value.date() if value == value.normalize() else value).isoformat()


# --------------------------------------------------------------------------- Parquet


def arrow_type(column: str) -> pa.DataType | None:
    """The Arrow type a column must have in every Parquet partition, or None to let Arrow infer it from the data.

    Declared here for the columns whose type cannot be read from an empty
    table: the list columns and ``date``.
    """
    import pyarrow as pa

    if column in SPAN_COLUMNS:
        return pa.list_(pa.list_(pa.int64()))
    if column in HIT_COLUMNS:
        return pa.list_(pa.struct([("start", pa.int64()), ("end", pa.int64()), ("category", pa.string()), ("entry", pa.string())]))
    if column == "date":
        return pa.timestamp("us")
    return None
