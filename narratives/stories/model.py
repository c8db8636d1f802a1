"""``StoryModel``: a taxonomy and the classifier that predicts its labels.

The classifier (:class:`~narratives.stories.classifier.StoryClassifier`)
gives a calibrated probability for every label of the taxonomy, coarse and
fine alike, and one more: the probability that a text carries none of them
(``Other``, the last column; learned from the training articles that carry
no label). Turning probabilities into label sets follows the taxonomy and
the measure it is scored by:

* a flat taxonomy (frames, scored by micro-F1 over text-label pairs): the
  labels at or above the classifier's thresholds (:func:`decode`);
* a two-level taxonomy (narratives, scored per article by samples-F1 like
  SemEval-2025 Task 10): the coarse and fine sets with the highest expected
  F1 under the calibrated probabilities, or ``Other``
  (:mod:`narratives.stories.expected_f1`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from narratives.stories.classifier import StoryClassifier
from narratives.stories.expected_f1 import best_sets
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

    A text whose ``Other`` probability reaches its threshold is ``Other``
    (coarse and fine); otherwise its coarse labels are those at or above
    their thresholds (``Other`` when there is none), and in a two-level
    taxonomy each brings its fine labels at or above their thresholds, or
    else its most probable one.
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


@dataclass
class StoryModel:
    """A fitted :class:`StoryClassifier` over the columns :func:`output_columns` of a :class:`Taxonomy`."""

    taxonomy: Taxonomy
    classifier: StoryClassifier

    @classmethod
    def train(cls, taxonomy: Taxonomy, labelled: LabelledSet, classifier: StoryClassifier | None = None) -> StoryModel:
        """Fit ``classifier`` (default settings when None) on a labelled set."""
        classifier = StoryClassifier() if classifier is None else classifier
        return cls(taxonomy, classifier.fit(labelled.texts, with_none(label_matrix(taxonomy, labelled))))

    @property
    def columns(self) -> list[str]:
        """The columns of :meth:`probabilities` (see :func:`output_columns`)."""
        return output_columns(self.taxonomy)

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """Calibrated probabilities of every text, one column per :attr:`columns` (the labels, then ``Other``)."""
        return self.classifier.predict_proba(texts)

    def label_sets(self, probabilities: np.ndarray) -> Predicted:
        """Coarse and fine label sets from a probability matrix (see the module docstring)."""
        if not self.taxonomy.hierarchical:
            return decode(self.taxonomy, probabilities, self.classifier.thresholds_)
        coarse, fine, is_other = best_sets(self.taxonomy, np.asarray(probabilities))
        other = frozenset({NONE_LABEL})
        return Predicted(_sets(self.taxonomy.names, coarse, is_other, other), _sets(self.taxonomy.names, fine, is_other, other))

    def predict(self, texts: list[str]) -> Predicted:
        """Label sets of texts."""
        return self.label_sets(self.probabilities(texts))
