"""Frames and narratives of statements compared between groups (sides, outlets).

``analyze`` adds thresholded label columns (``frames``, ``narratives``:
labels joined by ``"; "``) to the attributions table when the story models
are shipped (:mod:`narratives.stories.join`). Each label becomes a 0/1
feature ``frame=<label>`` or ``narrative=<label>`` of the statements that
have a content, and :func:`narratives.compare.compare` compares their rates
with its usual machinery (cluster bootstrap over documents, permutation
within documents, Benjamini-Hochberg).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from narratives import schema
from narratives.compare.core import compare
from narratives.compare.result import Comparison

STORY_LABELS = {"frames": "frame", "narratives": "narrative"}
"""Label column of the attributions table -> prefix of its features."""

SEPARATOR = "; "


def _labels(value: object) -> list[str]:
    return [label for label in value.split(SEPARATOR) if label] if isinstance(value, str) else []


def story_statements(attributions: pd.DataFrame, group: str = "side") -> tuple[pd.DataFrame, list[str]]:
    """Statements with a content, with one 0/1 column per frame and narrative label found.

    Parameters
    ----------
    attributions
        From :func:`narratives.pipeline.analyze` (with the story columns).
    group
        The grouping column kept beside ``doc_id``.

    Returns
    -------
    statements, features
        ``doc_id``, ``group`` and the feature columns (sorted; none when the
        table has no label column or no statement with a content).
    """
    spans = attributions["content_spans"] if "content_spans" in attributions.columns else pd.Series(None, index=attributions.index, dtype=object)
    kept = attributions[spans.map(lambda cell: bool(schema.spans(cell))).astype(bool)].reset_index(drop=True)
    columns: dict[str, pd.Series] = {}
    for column, prefix in STORY_LABELS.items():
        if column not in kept.columns:
            continue
        sets = kept[column].map(_labels)
        for label in sorted({label for labels in sets for label in labels}):
            columns[f"{prefix}={label}"] = sets.map(lambda labels, label=label: int(label in labels))
    statements = pd.concat([kept[["doc_id", group]], pd.DataFrame(columns, index=kept.index)], axis=1)
    return statements, list(columns)


def compare_stories(
    attributions: pd.DataFrame, groups: Sequence[object], group: str = "side", **options: object
) -> Comparison | None:
    """Rates of each frame and narrative label per group, their differences and tests.

    Parameters
    ----------
    attributions
        From :func:`narratives.pipeline.analyze` (with the story columns).
    groups
        The two groups compared (e.g. a profile's ``side_ids``).
    group
        The grouping column (``side`` or ``outlet``).
    **options
        Passed to :func:`narratives.compare.compare` (``n_boot``, ``seed``...).

    Returns
    -------
    Comparison or None
        None when the table carries no frame or narrative label, or a group
        has no statement with a content.
    """
    statements, features = story_statements(attributions, group)
    statements = statements[statements[group].isin(list(groups))]
    if not features or statements[group].nunique() < len(groups):
        return None
    return compare(statements, group=group, category=None, features=features, groups=list(groups), **options)


__all__ = ["STORY_LABELS", "compare_stories", "story_statements"]
