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
from collections.abc import Iterator, Sequence

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


def bootstrap_sums(arrays: Sequence[np.ndarray], n_boot: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Resampled document sums of per-document arrays, all from the same replicates.

    Parameters
    ----------
    arrays
        Arrays whose first axis is the document (e.g. statement counts
        ``(D, G)`` and positive counts ``(D, G, K)``).
    n_boot
        Number of replicates B.
    rng
        The random generator.

    Returns
    -------
    list of ndarray
        For each input of shape ``(D, *rest)``, its weighted sums of shape
        ``(B, *rest)``: replicate ``b`` is ``w_b @ array`` for the
        multinomial weights ``w_b`` of :func:`resample_weights`, shared by
        all arrays so that ratios of them are computed within a replicate.
    """
    n_docs = arrays[0].shape[0]
    flat = np.hstack([np.asarray(array, dtype=float).reshape(n_docs, -1) for array in arrays])
    sums = np.vstack([weights @ flat for weights in resample_weights(n_docs, n_boot, rng)])
    widths = np.cumsum([int(np.prod(array.shape[1:])) for array in arrays])[:-1]
    return [
        part.reshape(n_boot, *array.shape[1:]) for part, array in zip(np.split(sums, widths, axis=1), arrays)
    ]


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
        low, high = np.nanquantile(
            np.asarray(samples, dtype=float), [tail, 1.0 - tail], axis=0, method="inverted_cdf"
        )
    return low, high
