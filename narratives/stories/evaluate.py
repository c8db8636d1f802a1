"""Measures of story models: the official ones of the SemEval tasks the shipped models follow.

* frames (SemEval-2023 Task 3, subtask 2): micro-averaged F1 over
  article-label pairs (:func:`~narratives.stories.classifier.micro_f1`);
* narratives (SemEval-2025 Task 10, subtask 2): F1 between an article's
  gold and predicted label sets, averaged over articles (:func:`samples_f1`),
  for narratives (coarse) and sub-narratives (fine); ``Other`` counts as a
  label.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["article_f1", "label_f1", "samples_f1"]


def article_f1(gold: Sequence[frozenset[str]], predicted: Sequence[frozenset[str]]) -> np.ndarray:
    """The F1 between gold and predicted label sets of each article (two empty sets score 1)."""
    return np.array([2 * len(g & p) / (len(g) + len(p)) if g or p else 1.0 for g, p in zip(gold, predicted, strict=True)], dtype=np.float64)


def samples_f1(gold: Sequence[frozenset[str]], predicted: Sequence[frozenset[str]]) -> float:
    """Mean over articles of :func:`article_f1`."""
    scores = article_f1(gold, predicted)
    return float(scores.mean()) if len(scores) else 0.0


def label_f1(gold: Sequence[frozenset[str]], predicted: Sequence[frozenset[str]], label: str) -> tuple[float, int]:
    """``(F1, gold count)`` of one label over articles (F1 is 0 when it is neither gold nor predicted)."""
    tp = sum(label in g and label in p for g, p in zip(gold, predicted, strict=True))
    n_gold = sum(label in g for g in gold)
    n_predicted = sum(label in p for p in predicted)
    return (2 * tp / (n_gold + n_predicted) if n_gold + n_predicted else 0.0), n_gold
