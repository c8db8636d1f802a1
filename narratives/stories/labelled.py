"""Labelled article folders: the training and evaluation input of the story models.

A folder holds ``articles/<id>.txt`` (or ``articles/article<id>.txt``) and
``labels.tsv`` in one of two layouts:

* **flat** — columns ``id`` and ``frames`` (or ``labels``): one row per
  article, its labels comma-separated (the SemEval-2023 Task 3 frames
  layout);
* **hierarchical** — columns ``id``, ``narrative``, ``subnarrative``: one row
  per label an article carries (the SemEval-2025 Task 10 layout); ``Other``
  marks an article with none.

Errors raised here: ``N175`` (no ``labels.tsv`` or ``articles/``), ``N176``
(a ``labels.tsv`` row or header that cannot be read), ``N177`` (an article
file missing), ``N180`` (an article file that is not UTF-8).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from narratives.errors import InputError

__all__ = ["LabelledSet", "NONE_LABEL", "read_labelled"]

NONE_LABEL = "Other"
"""The label of an article that carries none of the taxonomy's labels."""

_FLAT = ("frames", "labels")
_HIERARCHICAL = ("narrative", "subnarrative")


@dataclass(frozen=True)
class LabelledSet:
    """Articles and their label sets, in ``labels.tsv`` order.

    ``coarse[i]`` holds the labels of article ``i`` (frames, or narratives);
    ``fine[i]`` its sub-labels (sub-narratives; empty sets in the flat layout).
    An article with no label has ``{"Other"}``.
    """

    folder: Path
    ids: list[str]
    texts: list[str]
    coarse: list[frozenset[str]]
    fine: list[frozenset[str]]
    hierarchical: bool


def read_labelled(folder: str | Path) -> LabelledSet:
    """Read a labelled folder in either layout (see the module docstring)."""
    folder = Path(folder)
    labels_path, articles = folder / "labels.tsv", folder / "articles"
    if not labels_path.is_file() or not articles.is_dir():
        raise InputError("N175", "not a labelled folder: it needs labels.tsv and articles/.", "Lay it out as described in docs/stories.md (articles/<id>.txt and labels.tsv).", path=folder)
    coarse: dict[str, set[str]] = {}
    fine: dict[str, set[str]] = {}
    hierarchical = _read_rows(labels_path, coarse, fine)
    if not coarse:
        raise InputError("N176", "labels.tsv has no rows.", "Add one row per labelled article.", path=labels_path)
    ids = list(coarse)
    texts = [_article(articles, doc_id) for doc_id in ids]
    return LabelledSet(folder, ids, texts, [_or_none(coarse[i]) for i in ids], [_or_none(fine[i]) if hierarchical else frozenset() for i in ids], hierarchical)


def _read_rows(path: Path, coarse: dict[str, set[str]], fine: dict[str, set[str]]) -> bool:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    except UnicodeDecodeError as error:
        raise InputError("N176", f"labels.tsv is not UTF-8 ({error.reason} at byte {error.start}).", "Save it as UTF-8.", path=path) from error
    header = [name.strip().lower() for name in rows[0]] if rows else []
    flat = next((name for name in _FLAT if name in header), None)
    hierarchical = all(name in header for name in _HIERARCHICAL)
    if "id" not in header or not (flat or hierarchical):
        raise InputError("N176", f"the header {header} is neither 'id, frames' nor 'id, narrative, subnarrative'.", "Use one of the two layouts of docs/stories.md.", path=path, line=1)
    columns = {name: header.index(name) for name in header}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise InputError("N176", f"{len(row)} tab-separated fields, the header has {len(header)}.", "Give every row the header's columns.", path=path, line=number)
        doc_id = row[columns["id"]].strip()
        if not doc_id:
            raise InputError("N176", "empty id.", "Give the article's file name without .txt.", path=path, line=number)
        if hierarchical:
            coarse.setdefault(doc_id, set()).add(row[columns["narrative"]].strip())
            fine.setdefault(doc_id, set()).add(row[columns["subnarrative"]].strip())
        else:
            coarse.setdefault(doc_id, set()).update(label.strip() for label in row[columns[flat]].split(",") if label.strip())
    return hierarchical


def _or_none(labels: set[str]) -> frozenset[str]:
    named = {label for label in labels if label and label != NONE_LABEL}
    return frozenset(named) if named else frozenset({NONE_LABEL})


def _article(articles: Path, doc_id: str) -> str:
    for name in (f"{doc_id}.txt", f"article{doc_id}.txt"):
        path = articles / name
        if path.is_file():
            try:
                return path.read_text(encoding="utf-8")
            except UnicodeDecodeError as error:
                raise InputError("N180", f"the article is not UTF-8 ({error.reason} at byte {error.start}).", "Save it as UTF-8.", path=path) from error
    raise InputError("N177", f"labels.tsv names article {doc_id!r}, but articles/ has neither {doc_id}.txt nor article{doc_id}.txt.", "Add the article or remove its rows.", path=articles)
