"""Label sets of a two-level taxonomy that maximise the expected samples-F1.

A narratives model is scored per article: the F1 between the article's gold
and predicted label sets, for the coarse labels and for the fine ones
(:func:`~narratives.stories.evaluate.samples_f1`, the measure of SemEval-2025
Task 10), with ``Other`` as the whole set of an article that carries none.
Thresholds on probabilities are a poor fit for that measure: one false
label can cost a whole article, and whether a third label is worth adding
depends on how sure the first two are. Given calibrated probabilities, the
set with the highest *expected* F1 can be chosen per text instead (the
decision-theoretic approach of Nan Ye et al., "Optimizing F-measures: a
tale of two approaches", ICML 2012; Jansche, 2007), with the plug-in
approximation of the expected F1 of a set ``S``::

    E[F1(S)] ≈ 2 · Σ_{l in S} q_l / (|S| + Σ_l q_l)

where ``q_l`` is the probability of label ``l`` given that the text carries
some label (the label's probability over ``1 - P(Other)``). For each text:

* the coarse candidates are the ``k`` most probable coarse labels, for every
  ``k``; each brings the most probable of its fine labels, and then the
  other fine labels of the chosen coarse ones are added most probable first
  while the expected fine F1 rises;
* a candidate is worth ``(1 - P(Other)) × (E[coarse F1] + E[fine F1])``,
  ``Other`` is worth ``2 × P(Other)`` (it scores 1 at both levels when the
  text carries no label, 0 otherwise); the best of them is predicted.

Nothing here is fitted: the decision follows from the probabilities, which
is why they are calibrated (:class:`~narratives.stories.classifier.StoryClassifier`).
"""

from __future__ import annotations

import numpy as np

from narratives.stories.taxonomy import Taxonomy

__all__ = ["best_sets"]


def best_sets(taxonomy: Taxonomy, probabilities: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(coarse, fine, is_other)``: 0/1 masks over ``taxonomy.names`` and the rows predicted ``Other``.

    ``probabilities`` has one column per taxonomy label, then ``Other``
    (see :func:`~narratives.stories.model.output_columns`). See the module
    docstring for the rule.
    """
    names = taxonomy.names
    n_rows, n_labels = len(probabilities), len(names)
    parents = [taxonomy.parent_of(name) for name in names]
    coarse_columns = np.array([j for j, parent in enumerate(parents) if parent is None], dtype=np.intp)
    fine_columns = np.array([j for j, parent in enumerate(parents) if parent is not None], dtype=np.intp)
    other = np.asarray(probabilities[:, n_labels], dtype=np.float64)
    mass = np.maximum(1.0 - other, 1e-12)
    q = np.minimum(np.asarray(probabilities[:, :n_labels], dtype=np.float64) / mass[:, None], 1.0)
    qc, qf = q[:, coarse_columns], q[:, fine_columns]
    order = np.argsort(-qc, axis=1, kind="stable")
    ks = np.arange(1, len(coarse_columns) + 1)
    coarse_value = 2.0 * np.cumsum(np.take_along_axis(qc, order, axis=1), axis=1) / (ks + qc.sum(axis=1, keepdims=True))
    best = 2.0 * other  # the worth of Other
    best_k = np.zeros(n_rows, dtype=np.intp)
    fine_chosen = np.zeros((n_rows, len(fine_columns)), dtype=bool)
    # No fine set is worth more than the best prefix of all fine labels, ignoring which narratives are chosen:
    # only the rows and the k where a candidate could beat the best so far are searched.
    fine_bound = _best_prefix_value(qf)
    rows = np.flatnonzero(mass * (coarse_value.max(axis=1, initial=0.0) + fine_bound) > best)
    if len(rows) and len(coarse_columns):
        rank = np.empty_like(order)
        np.put_along_axis(rank, order, np.arange(len(coarse_columns))[None, :], axis=1)
        position = {names[column]: i for i, column in enumerate(coarse_columns.tolist())}
        parent_of_fine = np.array([position[parents[j]] for j in fine_columns], dtype=np.intp)
        parent_rank = rank[np.ix_(rows, parent_of_fine)] if len(fine_columns) else np.zeros((len(rows), 0), dtype=np.intp)
        first_child = _most_probable_child(qf[rows], parent_of_fine, len(coarse_columns))
        for k in ks:
            hopeful = mass[rows] * (coarse_value[rows, k - 1] + fine_bound[rows]) > best[rows]
            if not hopeful.any():
                continue
            at = rows[hopeful]
            value, chosen = _best_fine(qf[at], parent_rank[hopeful] < k, first_child[hopeful])
            total = mass[at] * (coarse_value[at, k - 1] + value)
            better = total > best[at]
            best[at[better]], best_k[at[better]] = total[better], k
            fine_chosen[at[better]] = chosen[better]
    coarse = np.zeros((n_rows, n_labels), dtype=bool)
    top = np.arange(len(coarse_columns))[None, :] < best_k[:, None]
    coarse_mask = np.zeros((n_rows, len(coarse_columns)), dtype=bool)
    np.put_along_axis(coarse_mask, order, top, axis=1)
    coarse[:, coarse_columns] = coarse_mask
    fine = np.zeros((n_rows, n_labels), dtype=bool)
    fine[:, fine_columns] = fine_chosen
    return coarse, fine, best_k == 0


def _best_prefix_value(q: np.ndarray) -> np.ndarray:
    """Per row, the highest plug-in expected F1 of any set of the columns (the best prefix by probability)."""
    if q.shape[1] == 0:
        return np.zeros(len(q))
    in_order = -np.sort(-q, axis=1)
    sizes = np.arange(1, q.shape[1] + 1)
    return (2.0 * np.cumsum(in_order, axis=1) / (sizes + q.sum(axis=1, keepdims=True))).max(axis=1)


def _most_probable_child(qf: np.ndarray, parent_of_fine: np.ndarray, n_coarse: int) -> np.ndarray:
    """0/1 mask (rows × fine labels): the most probable fine label of each coarse label (the first on ties)."""
    first = np.zeros(qf.shape, dtype=bool)
    for parent in range(n_coarse):
        children = np.flatnonzero(parent_of_fine == parent)
        if len(children):
            first[np.arange(len(qf)), children[qf[:, children].argmax(axis=1)]] = True
    return first


def _best_fine(qf: np.ndarray, allowed: np.ndarray, first_child: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the best expected fine F1 among the allowed labels and the chosen mask.

    The allowed labels' most probable children come first (each chosen coarse
    label brings one), the others follow most probable first; the best
    prefix holding at least the forced ones is kept. No allowed label: an
    empty set, worth 0.
    """
    forced = allowed & first_child
    keys = np.where(allowed, qf + 2.0 * forced, -1.0)
    order = np.argsort(-keys, axis=1, kind="stable")
    in_order = np.take_along_axis(np.where(allowed, qf, 0.0), order, axis=1)
    sizes = np.arange(1, qf.shape[1] + 1)
    value = 2.0 * np.cumsum(in_order, axis=1) / (sizes + qf.sum(axis=1, keepdims=True))
    n_forced, n_allowed = forced.sum(axis=1, keepdims=True), allowed.sum(axis=1, keepdims=True)
    value[(sizes < n_forced) | (sizes > n_allowed)] = -np.inf
    best = value.argmax(axis=1)
    chosen = np.zeros(qf.shape, dtype=bool)
    np.put_along_axis(chosen, order, sizes[None, :] <= best[:, None] + 1, axis=1)
    chosen &= allowed
    worth = np.where(n_allowed[:, 0] > 0, value[np.arange(len(qf)), best], 0.0)
    return worth, chosen
