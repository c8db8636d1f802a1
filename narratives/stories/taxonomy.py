"""Taxonomies of stories: the labels a story model predicts, with their definitions.

A taxonomy is a TOML file (shipped ones in ``data/stories/``): a ``name``, a
``title``, a ``description`` and one ``[[label]]`` table per label with
``name`` (as written in ``labels.tsv``), ``definition``, optional ``parent``
(the label a sub-label belongs to) and optional ``examples``. Labels
without a parent are the coarse labels (frames, narratives); labels with
one are fine labels (sub-narratives). The code holds no label names.

Error raised here: ``N380`` (a taxonomy file that cannot be read, or whose
labels are duplicated or name an unknown parent).
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from narratives.errors import DataError

__all__ = ["Label", "Taxonomy", "load_taxonomy", "shipped_taxonomy", "TAXONOMY_DIR"]

TAXONOMY_DIR = Path(str(resources.files("narratives") / "data" / "stories"))
"""Where the shipped taxonomies and models are."""


@dataclass(frozen=True)
class Label:
    """One label of a taxonomy."""

    name: str
    definition: str
    parent: str | None = None
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Taxonomy:
    """A named set of labels, coarse ones first in file order, then fine ones."""

    name: str
    title: str
    description: str
    labels: tuple[Label, ...]

    @property
    def names(self) -> list[str]:
        """Every label name, in order."""
        return [label.name for label in self.labels]

    @property
    def coarse(self) -> list[str]:
        """Names of the labels without a parent."""
        return [label.name for label in self.labels if label.parent is None]

    @property
    def fine(self) -> list[str]:
        """Names of the labels with a parent."""
        return [label.name for label in self.labels if label.parent is not None]

    @property
    def hierarchical(self) -> bool:
        """Whether any label has a parent."""
        return any(label.parent is not None for label in self.labels)

    def parent_of(self, name: str) -> str | None:
        """The parent of a label (``None`` for a coarse label)."""
        return self._by_name()[name].parent

    def definition(self, name: str) -> str:
        """A label's definition (its name when the file gives none)."""
        return self._by_name()[name].definition or name

    def _by_name(self) -> dict[str, Label]:
        return {label.name: label for label in self.labels}


def load_taxonomy(path: str | Path) -> Taxonomy:
    """Read and check a taxonomy file (``N380`` naming the file and label when it is wrong)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise DataError("N380", f"cannot read the taxonomy ({error}).", "Give a UTF-8 TOML file like data/stories/frames.toml.", path=path) from error
    except tomllib.TOMLDecodeError as error:
        raise DataError("N380", f"not valid TOML ({error}).", "Fix the syntax; see data/stories/frames.toml for the layout.", path=path, line=getattr(error, "lineno", None)) from error
    entries = data.get("label")
    if not isinstance(entries, list) or not entries:
        raise DataError("N380", "no [[label]] tables.", "Add one [[label]] table (name, definition, optional parent) per label.", path=path)
    labels = [_label(entry, number, path) for number, entry in enumerate(entries, start=1)]
    _check(labels, path)
    ordered = [label for label in labels if label.parent is None] + [label for label in labels if label.parent is not None]
    return Taxonomy(str(data.get("name", path.stem)), str(data.get("title", path.stem)), str(data.get("description", "")), tuple(ordered))


def _label(entry: object, number: int, path: Path) -> Label:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
        raise DataError("N380", f"label {number} has no name.", "Give every [[label]] a name = \"...\".", path=path)
    examples = entry.get("examples", [])
    parent = entry.get("parent")
    if not isinstance(examples, list) or not all(isinstance(e, str) for e in examples) or not (parent is None or isinstance(parent, str)):
        raise DataError("N380", f"label {entry['name']!r}: examples must be a list of strings and parent a string.", "Fix the label's fields.", path=path)
    return Label(entry["name"].strip(), str(entry.get("definition", "")).strip(), parent.strip() if parent else None, tuple(examples))


def _check(labels: list[Label], path: Path) -> None:
    seen: set[str] = set()
    for label in labels:
        if label.name in seen:
            raise DataError("N380", f"label {label.name!r} is given twice.", "Keep one [[label]] per name.", path=path)
        seen.add(label.name)
    coarse = {label.name for label in labels if label.parent is None}
    for label in labels:
        if label.parent is not None and label.parent not in coarse:
            raise DataError("N380", f"label {label.name!r} has parent {label.parent!r}, which is no label without a parent.", "Name a coarse label of this file as parent (two levels only).", path=path)


@functools.cache
def shipped_taxonomy(name: str) -> Taxonomy:
    """A taxonomy shipped in ``data/stories/`` (``"frames"`` or ``"semeval2025"``)."""
    return load_taxonomy(TAXONOMY_DIR / f"{name}.toml")
