"""``StoryModel``: a taxonomy and the classifier that predicts its labels.

The classifier (:class:`~narratives.stories.classifier.StoryClassifier`)
gives a calibrated probability for every label of the taxonomy, coarse and
fine alike, and one more: the probability that a text carries none of them
(``Other``, the last column; learned from the training articles that carry
no label). Turning probabilities into label sets follows the taxonomy:

* a text whose ``Other`` probability reaches its threshold is ``Other``
  (coarse and fine);
* otherwise its coarse labels are those at or above their thresholds
  (``Other`` when there is none);
* in a hierarchical taxonomy, each predicted coarse label brings its fine
  labels at or above their thresholds, or else its most probable one.

In a hierarchical taxonomy (scored per article by samples-F1, like
SemEval-2025 Task 10) the three thresholds (``Other``, coarse, fine) are
chosen together for the best label *sets* on the classifier's out-of-fold
probabilities of the training articles (:meth:`StoryModel.set_thresholds`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from narratives.stories.classifier import StoryClassifier
from narratives.stories.evaluate import article_f1
from narratives.stories.labelled import NONE_LABEL, LabelledSet
from narratives.stories.taxonomy import Taxonomy

__all__ = ["StoryModel", "Predicted", "decode", "label_matrix", "output_columns", "with_none"]


@dataclass(frozen=True)
class Predicted:
    """Label sets of texts: ``coarse[i]`` and ``fine[i]`` (empty sets for a flat taxonomy)."""

    coarse: list[frozenset[str]]
    fine: list[frozenset[str]]


def label_matrix(taxonomy: Taxonomy, labelled: LabelledSet) -> np.ndarray:
    """0/1 matrix (articles × taxonomy labels) of a labelled set; ``Other`` is no column."""
    column = {name: j for j, name in enumerate(taxonomy.names)}
    y = np.zeros((len(labelled.ids), len(column)), dtype=np.int8)
    for i, labels in enumerate(zip(labelled.coarse, labelled.fine)):
        for name in labels[0] | labels[1]:
            if name != NONE_LABEL:
                y[i, column[name]] = 1
    return y


def output_columns(taxonomy: Taxonomy) -> list[str]:
    """The columns of a story model's probabilities: ``taxonomy.names`` then ``Other`` (no label)."""
    return [*taxonomy.names, NONE_LABEL]


def with_none(y: np.ndarray) -> np.ndarray:
    """A label matrix with one more column: 1 for the texts that carry no label."""
    return np.hstack([y, (y.sum(axis=1) == 0).astype(y.dtype)[:, None]])


def decode(taxonomy: Taxonomy, probabilities: np.ndarray, thresholds: np.ndarray) -> Predicted:
    """Label sets from probabilities and thresholds (:func:`output_columns` columns), following the taxonomy.

    See the module docstring.
    """
    names = taxonomy.names
    parents = [label.parent for label in taxonomy.labels]
    probabilities = np.asarray(probabilities)
    chosen = probabilities >= thresholds
    is_coarse = np.array([parent is None for parent in parents], dtype=bool)
    coarse = chosen[:, : len(names)] & is_coarse
    fine = np.zeros_like(coarse)
    children: dict[str, list[int]] = {}
    for k, parent in enumerate(parents):
        if parent is not None:
            children.setdefault(parent, []).append(k)
    for j in np.flatnonzero(is_coarse):
        rows = np.flatnonzero(coarse[:, j])  # fine labels only come with their coarse label
        if names[j] in children and len(rows):
            at = np.ix_(rows, children[names[j]])
            picked = chosen[at]
            most_probable = probabilities[at].argmax(axis=1)[:, None] == np.arange(picked.shape[1])
            fine[at] = np.where(picked.any(axis=1, keepdims=True), picked, most_probable)
    nothing = (frozenset({NONE_LABEL}), frozenset({NONE_LABEL}) if taxonomy.hierarchical else frozenset())
    is_other = chosen[:, len(names)] | ~coarse.any(axis=1)
    return Predicted(_sets(names, coarse, is_other, nothing[0]), _sets(names, fine, is_other, nothing[1]))


def _sets(names: list[str], chosen: np.ndarray, is_other: np.ndarray, other: frozenset[str]) -> list[frozenset[str]]:
    """The names chosen in each row (``other`` for the rows marked so); one set per distinct row."""
    rows = np.column_stack([is_other, chosen])
    packed = np.ascontiguousarray(np.packbits(rows, axis=1))
    _, first, inverse = np.unique(packed.view(np.dtype((np.void, packed.shape[1]))).ravel(), return_index=True, return_inverse=True)
    sets = [other if rows[i, 0] else frozenset(names[j] for j in np.flatnonzero(rows[i, 1:])) for i in first]
    return list(map(sets.__getitem__, inverse.reshape(-1).tolist()))


_GRID = np.array([0.03, 0.05, 0.075, 0.1, 0.125, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8])
"""Thresholds tried by :meth:`StoryModel.set_thresholds`."""


@dataclass
class StoryModel:
    """A fitted :class:`StoryClassifier` over the columns :func:`output_columns` of a :class:`Taxonomy`."""

    taxonomy: Taxonomy
    classifier: StoryClassifier

    @classmethod
    def train(cls, taxonomy: Taxonomy, labelled: LabelledSet, classifier: StoryClassifier | None = None) -> StoryModel:
        """Fit ``classifier`` (default settings when None) on a labelled set."""
        classifier = StoryClassifier() if classifier is None else classifier
        model = cls(taxonomy, classifier.fit(labelled.texts, with_none(label_matrix(taxonomy, labelled))))
        if taxonomy.hierarchical:
            model.classifier.thresholds_ = model.set_thresholds(labelled)
        return model

    @property
    def columns(self) -> list[str]:
        """The columns of :meth:`probabilities` (see :func:`output_columns`)."""
        return output_columns(self.taxonomy)

    def set_thresholds(self, labelled: LabelledSet) -> np.ndarray:
        """Thresholds for ``Other``, coarse and fine labels: the best for samples-F1 (coarse + fine) on the out-of-fold probabilities.

        Each false label costs a whole article's score and half of the
        articles may carry none, so the labels of a level share one threshold
        and ``Other`` gets its own. An article's score does not depend on the
        ``Other`` threshold unless it is ``Other``: the coarse and fine
        thresholds are tried once each, and every ``Other`` threshold against
        them at the cost of one array operation.
        """
        probabilities = self.classifier.oof_probabilities_
        n_labels = len(self.taxonomy.names)
        is_fine = np.array([self.taxonomy.parent_of(name) is not None for name in self.taxonomy.names])
        gold_none = np.array([coarse == frozenset({NONE_LABEL}) for coarse in labelled.coarse])
        best, best_score = np.full(n_labels + 1, 0.5), -1.0
        for coarse_threshold in _GRID:
            for fine_threshold in _GRID if is_fine.any() else _GRID[:1]:
                thresholds = np.append(np.where(is_fine, fine_threshold, coarse_threshold), np.inf)
                sets = decode(self.taxonomy, probabilities, thresholds)
                labelled_score = article_f1(labelled.coarse, sets.coarse) + article_f1(labelled.fine, sets.fine)
                gated = probabilities[:, n_labels][:, None] >= _GRID
                totals = np.where(gated, 2.0 * gold_none[:, None], labelled_score[:, None]).sum(axis=0)
                if totals.max() > best_score:
                    best_score = float(totals.max())
                    best = np.append(thresholds[:-1], _GRID[int(np.argmax(totals))])
        return best

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """Calibrated probabilities of every text, one column per :attr:`columns` (the labels, then ``Other``)."""
        return self.classifier.predict_proba(texts)

    def label_sets(self, probabilities: np.ndarray) -> Predicted:
        """Coarse and fine label sets from a probability matrix (see :func:`decode`)."""
        return decode(self.taxonomy, probabilities, self.classifier.thresholds_)

    def predict(self, texts: list[str]) -> Predicted:
        """Label sets of texts."""
        return self.label_sets(self.probabilities(texts))
