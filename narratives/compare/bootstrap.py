"""Cluster bootstrap over documents, as weighted sums of per-document counts.

Statements of one article share its writer, topic and sources, so they are
not independent draws; resampling statements would give intervals that are
too narrow. The cluster bootstrap resamples whole documents with
replacement (Davison & Hinkley 1997, section 3.8; Field & Welsh 2007): a
replicate is a vector of multinomial weights ``w[d]`` (how many times
document ``d`` was drawn, summing to ``D``), and its group totals are
``w @ statements`` and ``w @ positives``. Intervals are percentile
intervals of the statistic over the replicates.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import numpy as np

MAX_CELLS = 1 << 22
"""Largest replicates-by-documents weight block held in memory at once (4M)."""


def resample_weights(n_clusters: int, n_boot: int, rng: np.random.Generator) -> Iterator[np.ndarray]:
    """Multinomial resampling weights, in blocks of rows.

    Parameters
    ----------
    n_clusters
        Number of documents (clusters) D.
    n_boot
        Number of replicates B.
    rng
        The random generator (seeded by the caller).

    Yields
    ------
    ndarray of shape (b, D)
        Counts of each document in each replicate; every row sums to D.
        The blocks stack to B rows.
    """
    step = max(1, MAX_CELLS // max(n_clusters, 1))
    uniform = np.full(n_clusters, 1.0 / n_clusters)
    for start in range(0, n_boot, step):
        yield rng.multinomial(n_clusters, uniform, size=min(step, n_boot - start))


def bootstrap_totals(
    statements: np.ndarray, positives: np.ndarray, n_boot: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Group totals in each cluster-bootstrap replicate.

    Parameters
    ----------
    statements
        ``(D, G)`` statement counts per document and group.
    positives
        ``(D, G, K)`` counts of statements carrying each measure.
    n_boot
        Number of replicates B.
    rng
        The random generator.

    Returns
    -------
    statements : ndarray of shape (B, G)
    positives : ndarray of shape (B, G, K)
    """
    n_docs, n_groups, n_measures = positives.shape
    flat = positives.reshape(n_docs, -1).astype(float)
    parts_n, parts_c = [], []
    for weights in resample_weights(n_docs, n_boot, rng):
        parts_n.append(weights @ statements)
        parts_c.append(weights @ flat)
    return np.vstack(parts_n), np.vstack(parts_c).reshape(n_boot, n_groups, n_measures)


def percentile_interval(samples: np.ndarray, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval over axis 0, ignoring NaN replicates.

    The bounds are order statistics of the replicates (numpy's
    ``inverted_cdf`` quantile, no interpolation, so infinite replicates - a
    ratio over a zero rate - give an infinite bound rather than NaN).
    Replicates in which a statistic is undefined (a group drew no
    statements) are left out; where every replicate is undefined the bounds
    are NaN.
    """
    tail = (1.0 - confidence) / 2.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN slices give NaN bounds, as documented
        low, high = np.nanquantile(np.asarray(samples, dtype=float), [tail, 1.0 - tail], axis=0, method="inverted_cdf")
    return low, high
