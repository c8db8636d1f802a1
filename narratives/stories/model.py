"""``StoryModel``: a taxonomy and the classifier that predicts its labels.

The classifier (:class:`~narratives.stories.classifier.StoryClassifier`)
gives a calibrated probability for every label of the taxonomy, coarse and
fine alike. Turning probabilities into label sets follows the taxonomy:

* a fine label that is predicted brings its parent;
* a predicted coarse label with no predicted fine label gets its most
  probable fine label (in a hierarchical taxonomy);
* an article with no coarse label is ``Other`` (coarse and fine).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import compress

import numpy as np

from narratives.stories.classifier import StoryClassifier
from narratives.stories.evaluate import samples_f1
from narratives.stories.labelled import NONE_LABEL, LabelledSet
from narratives.stories.taxonomy import Taxonomy

__all__ = ["StoryModel", "Predicted", "decode", "label_matrix"]


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


def decode(taxonomy: Taxonomy, chosen: np.ndarray, probabilities: np.ndarray) -> Predicted:
    """Label sets from the chosen labels (0/1, ``taxonomy.names`` columns), following the taxonomy.

    See the module docstring; ``probabilities`` picks the fine label of a
    coarse label chosen without one. Whole matrices at once: only the
    final sets are built row by row.
    """
    names = taxonomy.names
    chosen = np.asarray(chosen, dtype=bool).reshape(len(probabilities), len(names))
    parents = [taxonomy.parent_of(name) for name in names]
    column = {name: j for j, name in enumerate(names)}
    is_fine = np.array([parent is not None for parent in parents], dtype=bool)
    children: dict[int, list[int]] = {}
    for j, parent in enumerate(parents):
        if parent is not None:
            children.setdefault(column[parent], []).append(j)
    fine = chosen & is_fine
    coarse = chosen & ~is_fine
    for k, kids in children.items():
        child_chosen = fine[:, kids].any(axis=1)
        coarse[:, k] |= child_chosen
        lacking = np.flatnonzero(coarse[:, k] & ~child_chosen)
        fine[lacking, np.asarray(kids)[np.argmax(probabilities[np.ix_(lacking, kids)], axis=1)]] = True
    nothing = (frozenset({NONE_LABEL}), frozenset({NONE_LABEL}) if taxonomy.hierarchical else frozenset())
    coarse_out = [frozenset(compress(names, row)) or nothing[0] for row in coarse.tolist()]
    fine_out = [frozenset(compress(names, row)) if any_coarse else nothing[1] for row, any_coarse in zip(fine.tolist(), coarse.any(axis=1).tolist())]
    return Predicted(coarse_out, fine_out)


@dataclass
class StoryModel:
    """A fitted :class:`StoryClassifier` over the labels of a :class:`Taxonomy` (columns in ``taxonomy.names`` order)."""

    taxonomy: Taxonomy
    classifier: StoryClassifier

    @classmethod
    def train(cls, taxonomy: Taxonomy, labelled: LabelledSet, classifier: StoryClassifier | None = None) -> StoryModel:
        """Fit ``classifier`` (default settings when None) on a labelled set."""
        classifier = StoryClassifier() if classifier is None else classifier
        model = cls(taxonomy, classifier.fit(labelled.texts, label_matrix(taxonomy, labelled)))
        if taxonomy.hierarchical:
            model.classifier.thresholds_ = model.set_threshold(labelled)
        return model

    def set_threshold(self, labelled: LabelledSet) -> np.ndarray:
        """One threshold for every label, the best for samples-F1 (coarse + fine) on the out-of-fold probabilities.

        Per-label F1 thresholds suit a flat taxonomy scored by micro-F1; with
        many rare sub-labels scored per article (SemEval-2025), each false
        label costs a whole article's score, so the labels share the
        threshold that makes the best label *sets* inside the training data.
        """
        probabilities = self.classifier.oof_probabilities_
        best, best_score = 0.5, -1.0
        for threshold in np.round(np.arange(0.05, 0.951, 0.025), 3):
            sets = decode(self.taxonomy, probabilities >= threshold, probabilities)
            score = samples_f1(labelled.coarse, sets.coarse) + samples_f1(labelled.fine, sets.fine)
            if score > best_score:
                best, best_score = float(threshold), score
        return np.full(probabilities.shape[1], best)

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """Calibrated probability of every label (``taxonomy.names`` order) for every text."""
        return self.classifier.predict_proba(texts)

    def label_sets(self, probabilities: np.ndarray) -> Predicted:
        """Coarse and fine label sets from a probability matrix (see :func:`decode`)."""
        return decode(self.taxonomy, probabilities >= self.classifier.thresholds_, probabilities)

    def predict(self, texts: list[str]) -> Predicted:
        """Label sets of texts."""
        return self.label_sets(self.probabilities(texts))
