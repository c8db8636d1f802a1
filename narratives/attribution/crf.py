"""Linear-chain CRF inference in numpy, from a model trained by crfsuite.

crfsuite trains the attribution model; at prediction time its weights are
read once into a matrix (one row per attribute, one column per label) and
a transition matrix, so that a caller that knows which attributes each
item has can score many sequences at once with array look-ups instead of
building one feature string per attribute and item. Decoding (Viterbi)
and marginals (forward-backward) run on a batch of padded sequences.
Both follow crfsuite's own definitions: an item's score for a label is the
sum of its attributes' weights (all attribute values 1), a sequence's
score adds the transition weights, and ties go to the lower label index.
crfsuite reports its weights to six decimals, so scores can differ from
its own by a few millionths; on PolNeAR dev and our sample corpus every
predicted attribution is the same either way.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pycrfsuite

__all__ = ["LinearChainCRF"]


class LinearChainCRF:
    """The weights of a crfsuite model as arrays.

    Parameters
    ----------
    labels
        Label names, in column order.
    attributes
        ``attribute -> row`` of ``weights``.
    weights
        ``(n_attributes + 1, n_labels)``; the last row is zeros, the row of
        any attribute the model does not know (:attr:`unknown`).
    transitions
        ``(n_labels, n_labels)``: weight of label ``j`` following label ``i``.
    """

    def __init__(self, labels: list[str], attributes: dict[str, int], weights: np.ndarray, transitions: np.ndarray) -> None:
        self.labels = labels
        self.attributes = attributes
        self.weights = weights
        self.transitions = transitions
        self.unknown = len(weights) - 1

    @classmethod
    def from_crfsuite(cls, path: str | Path) -> LinearChainCRF:
        """Read a model file written by ``pycrfsuite.Trainer``."""
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        labels = list(tagger.labels())
        column = {label: k for k, label in enumerate(labels)}
        info = tagger.info()
        tagger.close()
        attributes: dict[str, int] = {}
        for attribute, _ in info.state_features:
            attributes.setdefault(attribute, len(attributes))
        weights = np.zeros((len(attributes) + 1, len(labels)))
        for (attribute, label), weight in info.state_features.items():
            weights[attributes[attribute], column[label]] = weight
        transitions = np.zeros((len(labels), len(labels)))
        for (previous, label), weight in info.transitions.items():
            transitions[column[previous], column[label]] = weight
        return cls(labels, attributes, weights, transitions)

    def row(self, attribute: str) -> int:
        """Row of ``attribute`` in :attr:`weights` (:attr:`unknown` when the model lacks it)."""
        return self.attributes.get(attribute, self.unknown)

    def vector(self, *attributes: str) -> np.ndarray:
        """Summed weights of ``attributes``: their contribution to an item's label scores."""
        return self.weights[[self.row(a) for a in attributes]].sum(axis=0)

    def viterbi(self, scores: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Best label index of each item of each sequence.

        Parameters
        ----------
        scores
            ``(n_sequences, max_length, n_labels)`` item scores; items past a
            sequence's length are ignored.
        lengths
            ``(n_sequences,)``, each at least 1.

        Returns
        -------
        numpy.ndarray
            ``(n_sequences, max_length)`` label indices (past a sequence's
            length: repeats of its last label).
        """
        n, length, n_labels = scores.shape
        rows = np.arange(n)
        identity = np.broadcast_to(np.arange(n_labels), (n, n_labels))
        delta = scores[:, 0].copy()
        pointers = np.empty((length, n, n_labels), dtype=np.intp)
        for t in range(1, length):
            candidates = delta[:, :, None] + self.transitions[None]
            active = (t < lengths)[:, None]
            delta = np.where(active, candidates.max(axis=1) + scores[:, t], delta)
            pointers[t] = np.where(active, candidates.argmax(axis=1), identity)
        path = np.empty((n, length), dtype=np.intp)
        path[:, -1] = delta.argmax(axis=1)
        for t in range(length - 1, 0, -1):
            path[:, t - 1] = pointers[t][rows, path[:, t]]
        return path

    def marginals(self, scores: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Probability of each label at each item, as crfsuite's ``Tagger.marginal``.

        Same arguments as :meth:`viterbi`; returns ``(n_sequences,
        max_length, n_labels)`` (zeros past a sequence's length).
        """
        n, length, _ = scores.shape
        transitions = self.transitions[None]
        alpha = np.empty_like(scores)
        alpha[:, 0] = scores[:, 0]
        for t in range(1, length):
            alpha[:, t] = _logsumexp(alpha[:, t - 1, :, None] + transitions, axis=1) + scores[:, t]
        beta = np.zeros_like(scores)
        for t in range(length - 2, -1, -1):
            inner = _logsumexp(transitions + (scores[:, t + 1] + beta[:, t + 1])[:, None, :], axis=2)
            beta[:, t] = np.where((t < lengths - 1)[:, None], inner, 0.0)
        last = np.take_along_axis(alpha, (lengths - 1)[:, None, None], axis=1)[:, 0]
        log_z = _logsumexp(last, axis=1)
        past_end = np.arange(length)[None, :] >= lengths[:, None]
        return np.exp(np.where(past_end[:, :, None], -np.inf, alpha + beta - log_z[:, None, None]))


def _logsumexp(values: np.ndarray, axis: int) -> np.ndarray:
    top = values.max(axis=axis, keepdims=True)
    return np.log(np.exp(values - top).sum(axis=axis)) + np.squeeze(top, axis=axis)
