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

import re
import struct
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pycrfsuite

from narratives.errors import DataError

__all__ = ["LinearChainCRF", "in_groups", "label_runs", "stack_padded"]

UNREACHABLE = -1e4
"""Score of a label the model never learned: exp() of it is 0, so it is never decoded and has no probability."""


_HEADER = struct.Struct("<4sI4s9I")
"""crfsuite's model header: magic, file size, type, version, 3 counts, 5 offsets into the file."""


def _header_problem(path: Path) -> str:
    """What is wrong with a crfsuite file's header ("" if nothing): crfsuite itself may crash on a cut file."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEADER.size)
        size = path.stat().st_size
    except OSError as err:
        return f"cannot be read: {err.strerror or err}"
    if len(head) < _HEADER.size:
        return f"only {size} bytes"
    magic, declared, _, _, *rest = _HEADER.unpack(head)
    offsets = rest[3:]
    if magic != b"lCRF":
        return "it does not start with crfsuite's magic bytes"
    if declared != size or any(offset > size for offset in offsets):
        return f"it is cut short or damaged: {size} bytes where its header says {declared}"
    return ""


_DUMP_SECTION = re.compile(r"^(TRANSITIONS|STATE_FEATURES) = \{\n(.*?)^\}", re.MULTILINE | re.DOTALL)
_DUMP_WEIGHT = re.compile(r"^[ \t\f\v]*\(\d+\) (.+) --> (.+): ([+-]?\d+\.\d+)", re.MULTILINE)
"""A weight line of crfsuite's dump: ``(0) attribute --> label: weight`` (as pycrfsuite's own dump parser reads it)."""


def _dump(tagger: pycrfsuite.Tagger) -> str:
    """The text crfsuite's ``dump`` writes of an open model."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.txt"
        tagger.dump(str(path))
        return path.read_text(encoding="utf-8")


def _weights(dump: str) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """The ``(attribute, label, weight)`` state features and ``(label, label, weight)`` transitions of a dump, in its order.

    One pattern over each section reads what ``pycrfsuite.Tagger.info()``
    reads line by line (the same weights, in the same order), several times
    faster.
    """
    sections = {name: _DUMP_WEIGHT.findall(body) for name, body in _DUMP_SECTION.findall(dump)}
    return sections.get("STATE_FEATURES", []), sections.get("TRANSITIONS", [])


def _missing_partners(labels: list[str]) -> list[str]:
    """``I-X`` for each ``B-X`` without it, and ``B-X`` for each ``I-X`` without it."""
    partner = {"B-": "I-", "I-": "B-"}
    missing = [partner[label[:2]] + label[2:] for label in labels if label[:2] in partner]
    return [label for label in dict.fromkeys(missing) if label not in labels]


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
        """Read a model file written by ``pycrfsuite.Trainer``.

        A BIO label whose partner the training data never had (``B-CUE``
        without ``I-CUE``, when every cue was one word) is added as a label
        that is never predicted, so callers can look both up.

        Raises
        ------
        DataError
            ``N302`` if the file is not a crfsuite model (corrupt or truncated).
        """
        problem = _header_problem(Path(path))
        if problem:
            raise DataError(
                "N302",
                f"is not a crfsuite model file ({problem}).",
                "Retrain the model with `narratives train`, or leave --model out to use the shipped model.",
                path=path,
            )
        tagger = pycrfsuite.Tagger()
        try:
            tagger.open(str(path))
            labels = list(tagger.labels())
            state_features, transitions = _weights(_dump(tagger))
        except (ValueError, OSError, RuntimeError, UnicodeDecodeError) as err:
            raise DataError(
                "N302",
                f"is not a crfsuite model file, or is truncated ({err}).",
                "Retrain the model with `narratives train`, or leave --model out to use the shipped model.",
                path=path,
            ) from None
        finally:
            tagger.close()
        labels += _missing_partners(labels)
        column = {label: k for k, label in enumerate(labels)}
        attributes: dict[str, int] = {}
        rows = [attributes.setdefault(attribute, len(attributes)) for attribute, _, _ in state_features]
        weights = np.zeros((len(attributes) + 1, len(labels)))
        weights[rows, [column[label] for _, label, _ in state_features]] = [float(weight) for _, _, weight in state_features]
        transition_weights = np.zeros((len(labels), len(labels)))
        for previous, label, weight in transitions:
            transition_weights[column[previous], column[label]] = float(weight)
        return cls(labels, attributes, weights, transition_weights)

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
            ``(n_sequences, max_length)`` label indices (undefined past a
            sequence's length).
        """
        order, scores, active = _by_length(scores, lengths)
        n, length, n_labels = scores.shape
        delta = scores[:, 0].copy()
        pointers = np.zeros((length, n, n_labels), dtype=np.intp)
        sequences, labels = np.arange(n)[:, None], np.arange(n_labels)
        for t in range(1, length):
            k = active[t]
            candidates = delta[:k, :, None] + self.transitions[None]
            best = candidates.argmax(axis=1)
            pointers[t, :k] = best
            delta[:k] = candidates[sequences[:k], best, labels] + scores[:k, t]  # the maximum, read at its argmax
        path = np.zeros((n, length), dtype=np.intp)
        current = delta.argmax(axis=1)
        for t in range(length - 1, 0, -1):
            k = active[t]
            path[:k, t] = current[:k]
            current[:k] = pointers[t, np.arange(k), current[:k]]
        path[:, 0] = current
        return _unsort(path, order)

    def marginals(self, scores: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Probability of each label at each item, as crfsuite's ``Tagger.marginal``.

        Same arguments as :meth:`viterbi`; returns ``(n_sequences,
        max_length, n_labels)`` (zeros past a sequence's length). Forward
        and backward passes in probability space, scaled at every item.
        """
        order, scores, active = _by_length(scores, lengths)
        n, length, _ = scores.shape
        if n == 0:
            return np.zeros(scores.shape)
        valid = np.arange(length)[None, :] < lengths[order][:, None]
        emissions = np.exp(scores - scores.max(axis=2, keepdims=True)) * valid[:, :, None]
        transitions = np.exp(self.transitions)
        alpha = np.zeros_like(emissions)
        scale = np.ones((n, length))
        alpha[:, 0] = emissions[:, 0]
        scale[:, 0] = alpha[:, 0].sum(axis=1)
        alpha[:, 0] /= scale[:, 0, None]
        for t in range(1, length):
            k = active[t]
            alpha[:k, t] = (alpha[:k, t - 1] @ transitions) * emissions[:k, t]
            scale[:k, t] = alpha[:k, t].sum(axis=1)
            alpha[:k, t] /= scale[:k, t, None]
        beta = np.ones_like(emissions)
        for t in range(length - 2, -1, -1):
            k = active[t + 1]
            beta[:k, t] = ((emissions[:k, t + 1] * beta[:k, t + 1]) @ transitions.T) / scale[:k, t + 1, None]
        probabilities = alpha * beta * valid[:, :, None]
        totals = probabilities.sum(axis=2, keepdims=True)
        return _unsort(np.divide(probabilities, totals, out=np.zeros_like(probabilities), where=totals > 0), order)


def _by_length(scores: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sequences sorted longest first, and how many are still going at each item."""
    order = np.argsort(-lengths, kind="stable")
    ordered = lengths[order]
    active = (ordered[None, :] > np.arange(scores.shape[1])[:, None]).sum(axis=1)
    return order, scores[order], active


def _unsort(values: np.ndarray, order: np.ndarray) -> np.ndarray:
    out = np.empty_like(values)
    out[order] = values
    return out


def in_groups(counts: Sequence[int], size: int) -> Iterator[list[tuple[int, int, int]]]:
    """Consecutive groups of at most ``size`` sequences, from documents of ``counts`` sequences each.

    Each group is a list of ``(document, first, stop)``: the document's
    sequences ``first`` to ``stop`` (exclusive); a long document is cut
    into several groups, short ones share one.

    >>> list(in_groups([3, 0, 2], 4))
    [[(0, 0, 3), (2, 0, 1)], [(2, 1, 2)]]
    """
    group: list[tuple[int, int, int]] = []
    room = size
    for document, count in enumerate(counts):
        first = 0
        while first < count:
            stop = min(count, first + room)
            group.append((document, first, stop))
            room -= stop - first
            first = stop
            if not room:
                yield group
                group, room = [], size
    if group:
        yield group


def label_runs(paths: np.ndarray, lengths: np.ndarray, inside: int, begin: int | None = None) -> list[list[tuple[int, int]]]:
    """``(first, stop)`` of each run ``begin inside*`` in each label-index path (a stray ``inside`` starts a run).

    ``paths`` is ``(n_sequences, max_length)``; items past a sequence's
    length are ignored. Without ``begin``, runs are maximal stretches of
    ``inside``.
    """
    n, length = paths.shape
    labels = np.where(np.arange(length)[None, :] < np.asarray(lengths)[:, None], paths, -1)
    is_inside = labels == inside
    previous = np.zeros_like(is_inside)
    starts_here = is_inside.copy()
    if begin is not None:
        is_begin = labels == begin
        previous[:, 1:] = is_begin[:, :-1] | is_inside[:, :-1]
        starts_here = is_begin | (is_inside & ~previous)
    else:
        previous[:, 1:] = is_inside[:, :-1]
        starts_here &= ~previous
    starts = np.flatnonzero(starts_here)
    breaks = np.append(np.flatnonzero(~np.concatenate([is_inside, np.zeros((n, 1), dtype=bool)], axis=1)), n * (length + 1))
    padded_starts = starts + starts // length
    ends = breaks[np.searchsorted(breaks, padded_starts, side="right")]
    runs: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for sequence, first, stop in zip((starts // length).tolist(), (starts % length).tolist(), (ends - (starts // length) * (length + 1)).tolist()):
        runs[sequence].append((first, stop))
    return runs


def stack_padded(scores: Sequence[np.ndarray], lengths: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Batches of padded sequences (``(n_i, length_i, n_labels)``) as one batch."""
    n_labels = scores[0].shape[2] if scores else 1
    stacked = np.zeros((sum(len(s) for s in scores), max((s.shape[1] for s in scores), default=1), n_labels))
    position = 0
    for batch in scores:
        stacked[position : position + len(batch), : batch.shape[1]] = batch
        position += len(batch)
    return stacked, np.concatenate([np.asarray(l, dtype=np.intp) for l in lengths]) if lengths else np.empty(0, dtype=np.intp)
