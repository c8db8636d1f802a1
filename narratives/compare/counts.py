"""Per-document count tensors: the one pass over the statement table.

Every statistic in :mod:`narratives.compare` is a function of two arrays
built here once per stratum:

* ``statements[d, g]`` - how many statements of group ``g`` document ``d``
  holds;
* ``positives[d, g, k]`` - how many of them carry measure ``k`` (a level of
  the categorical column, or a feature with a value above zero).

Bootstrap and permutation replicates are then weighted sums over the
document axis, never passes over the statement rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

MISSING_LEVEL = "(missing)"
"""Level given to statements whose categorical value is missing."""

MEASURE_COLUMNS = ["variable", "measure", "kind"]


@dataclass(frozen=True)
class Outcomes:
    """Statement-level outcomes: one column per measure.

    Attributes
    ----------
    positive
        ``(n_statements, n_measures)`` booleans: the statement carries the
        measure (is of that category level, or has a feature value above 0).
    hits
        ``(n_statements, n_measures)`` raw values: 1/0 for category levels,
        the feature value (e.g. the number of hedges) for features.
    measures
        One row per measure: ``variable`` (the column it comes from),
        ``measure`` (``"stance=distancing"``, ``"hedges>0"``) and ``kind``
        (``"category"`` or ``"feature"``).
    """

    positive: np.ndarray
    hits: np.ndarray
    measures: pd.DataFrame


def measure_name(variable: str, level: object | None = None) -> str:
    """Name of a measure: ``"stance=distancing"`` for a level, ``"hedges>0"`` for a feature."""
    return f"{variable}>0" if level is None else f"{variable}={level}"


def category_levels(values: pd.Series, levels: Sequence[str] | None = None) -> list[str]:
    """The levels to count: ``levels`` in their order, then any other level seen, sorted.

    Missing values become :data:`MISSING_LEVEL`, so every statement falls in
    exactly one level and the level counts add up to the statement count.
    """
    seen = pd.Series(values, dtype="object").fillna(MISSING_LEVEL).astype(str).unique()
    given = [str(level) for level in levels] if levels is not None else []
    return given + sorted(set(seen) - set(given))


def outcomes(
    frame: pd.DataFrame,
    category: str | None,
    features: Sequence[str],
    levels: Sequence[str] | None = None,
) -> Outcomes:
    """Build the statement-by-measure outcome matrices.

    Parameters
    ----------
    frame
        The statement table.
    category
        Categorical column (e.g. ``"stance"``), or None for features only.
    features
        Numeric or boolean feature columns (e.g. ``"hedges"``). A statement
        carries a feature when its value is above zero.
    levels
        Category levels to report, in order; levels seen in the data but not
        listed are added after them.

    Returns
    -------
    Outcomes
    """
    blocks: list[np.ndarray] = []
    rows: list[tuple[str, str, str]] = []
    if category is not None:
        values = frame[category].astype("object").where(frame[category].notna(), MISSING_LEVEL).astype(str)
        names = category_levels(values, levels)
        codes = pd.Categorical(values, categories=names).codes
        blocks.append((codes[:, None] == np.arange(len(names))[None, :]).astype(float))
        rows += [(category, measure_name(category, level), "category") for level in names]
    if features:
        values = frame[list(features)].astype(float).to_numpy()
        if np.isnan(values).any():
            bad = [name for name in features if frame[name].isna().any()]
            raise ValueError(f"feature columns {bad} have missing values; fill them (e.g. with 0) first")
        if (values < 0).any():
            raise ValueError("feature columns must be counts or booleans (no negative values)")
        blocks.append(values)
        rows += [(name, measure_name(name), "feature") for name in features]
    if not blocks:
        raise ValueError("nothing to compare: give a category column or at least one feature column")
    hits = np.hstack(blocks)
    return Outcomes(hits > 0, hits, pd.DataFrame(rows, columns=MEASURE_COLUMNS))


@dataclass(frozen=True)
class CountTensor:
    """Statement and outcome counts per document and group.

    Attributes
    ----------
    documents
        ``(D,)`` document ids (the clusters).
    groups
        ``(G,)`` group labels, in reporting order.
    measures
        One row per measure (see :class:`Outcomes`).
    statements
        ``(D, G)`` statement counts.
    positives
        ``(D, G, K)`` counts of statements that carry each measure.
    hits
        ``(G, K)`` summed raw values (for features: the number of hits).
    """

    documents: np.ndarray
    groups: np.ndarray
    measures: pd.DataFrame
    statements: np.ndarray
    positives: np.ndarray
    hits: np.ndarray

    @property
    def n_documents(self) -> np.ndarray:
        """``(G,)`` number of documents with at least one statement of each group."""
        return (self.statements > 0).sum(axis=0)

    def pair(self, a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
        """Counts of two groups, restricted to documents that hold either.

        Returns
        -------
        statements : ndarray of shape (D', 2)
        positives : ndarray of shape (D', 2, K)
        """
        statements = self.statements[:, [a, b]]
        keep = statements.sum(axis=1) > 0
        return statements[keep], self.positives[:, [a, b]][keep]


def count_tensor(
    clusters: np.ndarray,
    group: np.ndarray,
    groups: Sequence[object],
    outcome: Outcomes,
) -> CountTensor:
    """Aggregate statement outcomes into per-cluster, per-group counts.

    Parameters
    ----------
    clusters
        ``(n,)`` cluster id of each statement (normally its ``doc_id``).
    group
        ``(n,)`` group label of each statement; every label is in ``groups``.
    groups
        The group labels, in reporting order.
    outcome
        The statement-level outcomes, rows aligned with ``clusters``.

    Returns
    -------
    CountTensor
    """
    cluster_codes, documents = pd.factorize(pd.Series(clusters), sort=True)
    group_codes = pd.Categorical(group, categories=list(groups)).codes
    if (group_codes < 0).any():
        raise ValueError("every statement's group must be one of the groups compared")
    n_docs, n_groups, n_measures = len(documents), len(groups), outcome.positive.shape[1]
    cell = cluster_codes * n_groups + group_codes
    n = len(cell)
    indicator = sparse.csr_matrix((np.ones(n), (cell, np.arange(n))), shape=(n_docs * n_groups, n))
    statements = np.bincount(cell, minlength=n_docs * n_groups).reshape(n_docs, n_groups)
    positives = np.rint(indicator @ outcome.positive.astype(float)).astype(np.int64)
    hits = (indicator @ outcome.hits).reshape(n_docs, n_groups, n_measures).sum(axis=0)
    return CountTensor(
        documents=np.asarray(documents),
        groups=np.asarray(list(groups), dtype=object),
        measures=outcome.measures,
        statements=statements,
        positives=positives.reshape(n_docs, n_groups, n_measures),
        hits=hits,
    )
