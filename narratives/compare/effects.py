"""Effect sizes between two groups, vectorised over any leading axes.

Every function takes counts - ``c_a`` statements of group a carry the
measure out of ``n_a``, likewise ``c_b`` of ``n_b`` - as arrays that
broadcast together, so one call covers every measure and every bootstrap
replicate.
"""

from __future__ import annotations

import numpy as np

CONTINUITY = 0.5
"""Added to every cell of a 2x2 table that has a zero cell (Haldane-Anscombe)."""


def rates(c: np.ndarray, n: np.ndarray) -> np.ndarray:
    """``c / n``; NaN where ``n`` is 0."""
    c, n = np.asarray(c, dtype=float), np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(n > 0, c / np.where(n > 0, n, 1.0), np.nan)


def rate_difference(c_a: np.ndarray, n_a: np.ndarray, c_b: np.ndarray, n_b: np.ndarray) -> np.ndarray:
    """Difference in rates, ``c_a/n_a - c_b/n_b`` (a proportion, not points)."""
    return rates(c_a, n_a) - rates(c_b, n_b)


def rate_ratio(c_a: np.ndarray, n_a: np.ndarray, c_b: np.ndarray, n_b: np.ndarray) -> np.ndarray:
    """Ratio of rates, ``(c_a/n_a) / (c_b/n_b)``.

    ``inf`` when only group b's rate is 0, NaN when both are.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return rates(c_a, n_a) / rates(c_b, n_b)


def log_odds_ratio(
    c_a: np.ndarray, n_a: np.ndarray, c_b: np.ndarray, n_b: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Natural log of the odds ratio of carrying the measure, group a over group b.

    The 2x2 table is ``[[c_a, n_a - c_a], [c_b, n_b - c_b]]``. When any of
    its four cells is 0 the odds ratio is 0 or infinite, so
    :data:`CONTINUITY` (0.5) is added to all four cells of that table (the
    Haldane-Anscombe correction); tables without a zero cell are left as
    they are.

    Returns
    -------
    estimate : ndarray
        ``log((a d) / (b c))`` with the correction where it applies; NaN
        where a group has no statements.
    corrected : ndarray of bool
        Where the 0.5 correction was applied.

    Examples
    --------
    >>> est, corrected = log_odds_ratio(3, 10, 0, 10)
    >>> round(float(est), 4), bool(corrected)   # log((3.5 * 10.5) / (7.5 * 0.5))
    (2.2824, True)
    """
    cells = np.stack(
        np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (c_a, n_a - c_a, c_b, n_b - c_b)))
    )
    corrected = (cells == 0).any(axis=0)
    cells = cells + CONTINUITY * corrected
    estimate = np.log(cells[0]) + np.log(cells[3]) - np.log(cells[1]) - np.log(cells[2])
    empty = (np.asarray(n_a) == 0) | (np.asarray(n_b) == 0)
    return np.where(empty, np.nan, estimate), corrected & ~empty


def mantel_haenszel_parts(statements: np.ndarray, positives: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-document numerator and weight of the Mantel-Haenszel rate difference.

    For document ``d`` with ``n_a``, ``n_b`` statements of the two groups
    (``m = n_a + n_b``), of which ``c_a``, ``c_b`` carry the measure, the
    weight is ``n_a n_b / m`` and the numerator ``(c_a n_b - c_b n_a) / m``
    = weight * (c_a/n_a - c_b/n_b): its observed minus expected count of
    group-a statements carrying the measure, given the document's mix.
    Documents holding one group only get weight 0.

    Parameters
    ----------
    statements
        ``(D, 2)`` statement counts of groups a and b per document.
    positives
        ``(D, 2, K)`` counts carrying each measure.

    Returns
    -------
    numerator : ndarray of shape (D, K)
    weight : ndarray of shape (D,)
    """
    n_a, n_b = (statements[:, i].astype(float) for i in (0, 1))
    size = np.maximum(n_a + n_b, 1.0)
    numerator = (positives[:, 0, :] * n_b[:, None] - positives[:, 1, :] * n_a[:, None]) / size[:, None]
    return numerator, n_a * n_b / size


def mantel_haenszel_difference(statements: np.ndarray, positives: np.ndarray) -> np.ndarray:
    """Within-document rate difference, group a minus b (Mantel-Haenszel common risk difference).

    The weighted mean of each document's own rate difference, weights
    ``n_a n_b / (n_a + n_b)`` (Greenland & Robins 1985), so only documents
    holding both groups count and a document's mix of groups cannot create
    a difference. Shapes as in :func:`mantel_haenszel_parts`; returns
    ``(K,)``, NaN when no document holds both groups.

    Examples
    --------
    >>> statements = np.array([[2, 2], [1, 3]])
    >>> positives = np.array([[[1], [0]], [[1], [1]]])   # rates 1/2 vs 0/2, and 1/1 vs 1/3
    >>> float(mantel_haenszel_difference(statements, positives)[0])   # (1 * 1/2 + 0.75 * 2/3) / 1.75
    0.5714285714285714
    """
    numerator, weight = mantel_haenszel_parts(statements, positives)
    return rates(numerator.sum(axis=0), weight.sum())


def cramers_v(table: np.ndarray) -> np.ndarray:
    """Cramér's V of contingency tables, vectorised over leading axes.

    ``V = sqrt(chi2 / (n * (min(r, c) - 1)))`` with Pearson's chi-square
    (no continuity correction), counting only rows and columns that are not
    all zero, as :func:`scipy.stats.contingency.association` does on the
    table without them.

    Parameters
    ----------
    table
        Array of shape ``(..., r, c)`` of counts.

    Returns
    -------
    ndarray of shape ``(...)``
        V in [0, 1]; NaN when fewer than two non-empty rows or columns remain.
    """
    table = np.asarray(table, dtype=float)
    rows, cols = table.sum(axis=-1), table.sum(axis=-2)
    total = rows.sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = rows[..., :, None] * cols[..., None, :] / total[..., None, None]
        chi2 = np.where(expected > 0, (table - expected) ** 2 / np.where(expected > 0, expected, 1.0), 0.0)
        chi2 = chi2.sum(axis=(-2, -1))
        k = np.minimum((rows > 0).sum(axis=-1), (cols > 0).sum(axis=-1)) - 1
        return np.where(k > 0, np.sqrt(chi2 / (total * np.where(k > 0, k, 1))), np.nan)
