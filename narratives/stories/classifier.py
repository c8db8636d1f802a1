"""``StoryClassifier``: a multi-label text classifier with calibrated probabilities.

Texts become TF-IDF vectors of word n-grams (sublinear term frequency, L2
rows); optionally an article's headline
(:func:`~narratives.stories.headline.headline`) counts ``headline_weight``
more times. One ridge regression per label scores them; all labels are solved
together in the dual (an ``n × n`` system over the training texts), which
makes cross-validation inside the training texts cheap. That inner
cross-validation gives every training text an out-of-fold score per label
and is used three ways, never touching texts outside ``fit``'s input:

* the ridge penalty is chosen among ``alphas`` (best micro-F1);
* a logistic link per label turns scores into a calibrated probability:
  Platt scaling of the label's own score, or (``stack=True``) a logistic
  regression over every label's score, so that labels that go together
  inform each other;
* the decision threshold maximises micro-F1 on out-of-fold probabilities
  (the link itself fitted without the fold): by default one threshold
  shared by all labels, the rule that maximises micro-F1 when
  probabilities are calibrated (a label's own F1-optimal threshold
  over-fits its few examples); optionally each label's own, shrunk
  towards the shared one.

Everything learned is a plain array or a list of strings (see
:mod:`narratives.stories.params`), so the shipped models load without
pickles. Character n-grams were tried and left out: they cost more than
the pipeline's speed budget allows at analysis time.

>>> texts = ["the army shelled the town", "talks on the grain deal", "troops and tanks advance", "a trade deal on grain"] * 6
>>> y = [[1, 0], [0, 1], [1, 0], [0, 1]] * 6
>>> model = StoryClassifier(inner_cv=3, min_df=1).fit(texts, y)
>>> model.predict(["tanks shelled the town"]).tolist()
[[1, 0]]
"""

from __future__ import annotations

import functools

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from narratives.stories.headline import headline_counts
from narratives.stories.ngrams import TOKEN_PATTERN, NgramIndex

__all__ = ["StoryClassifier", "TextFeatures", "best_threshold", "fit_features", "link", "micro_f1"]

_THRESHOLDS = np.round(np.arange(0.05, 0.951, 0.01), 2)
PLATT_C = 100.0
"""Inverse regularisation of Platt scaling (two parameters per label: almost none)."""


class TextFeatures:
    """TF-IDF of word n-grams over a fixed vocabulary (the transform of a fitted model).

    Parameters
    ----------
    vocabulary
        Terms in column order.
    idf
        Inverse document frequency of every column.
    ngrams
        The n-gram range the vocabulary was built with.
    headline_weight
        Extra times a text's headline n-grams are counted (0: the headline
        counts once, as part of the text).
    """

    def __init__(self, vocabulary: list[str], idf: np.ndarray, ngrams: tuple[int, int], headline_weight: float = 0.0) -> None:
        self.vocabulary = list(vocabulary)
        self.idf = np.asarray(idf, dtype=np.float64)
        self.ngrams = tuple(ngrams)
        self.headline_weight = float(headline_weight)

    @functools.cached_property
    def index(self) -> NgramIndex:
        """The vocabulary laid out for counting (built on first use: the pipeline counts with a shared index)."""
        return NgramIndex({term: i for i, term in enumerate(self.vocabulary)}, self.ngrams)

    def counts(self, texts: list[str]) -> sp.csr_matrix:
        """n-gram counts, one row per text (:class:`~narratives.stories.ngrams.NgramIndex`), headlines weighted."""
        counts = self.index.counts(texts)
        return self.with_headlines(counts, headline_counts(self.index, texts)) if self.headline_weight else counts

    def with_headlines(self, counts: sp.csr_matrix, headlines: sp.csr_matrix) -> sp.csr_matrix:
        """Text counts plus ``headline_weight`` times the counts of the texts' headlines (:func:`headline_counts`)."""
        return (counts + self.headline_weight * headlines).tocsr() if self.headline_weight else counts

    def weigh(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        """TF-IDF rows from counts: ``(1 + log tf) × idf``, L2-normalised."""
        counts = counts.astype(np.float64, copy=True)
        counts.data = 1.0 + np.log(counts.data)
        return normalize(counts.multiply(self.idf).tocsr())

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        """One TF-IDF row per text."""
        return self.weigh(self.counts(texts))


def fit_features(texts: list[str], ngrams: tuple[int, int], max_features: int, min_df: int, headline_weight: float = 0.0) -> TextFeatures:
    """Vocabulary (the ``max_features`` most frequent n-grams in at least ``min_df`` texts) and IDF of texts.

    The vocabulary and IDF are those of the texts as they are; ``headline_weight``
    only changes how :meth:`TextFeatures.counts` counts.
    """
    counter = CountVectorizer(ngram_range=tuple(ngrams), token_pattern=TOKEN_PATTERN, dtype=np.float64, max_features=max_features, min_df=min(min_df, len(texts)))
    counts = counter.fit_transform(texts)
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    return TextFeatures(counter.get_feature_names_out().tolist(), np.log((1 + len(texts)) / (1 + df)) + 1.0, ngrams, headline_weight)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """``1 / (1 + exp(-z))`` (``z`` clipped to ±40), computed in one new array."""
    out = np.clip(z, -40, 40)
    np.negative(out, out=out)
    np.exp(out, out=out)
    out += 1.0
    return np.divide(1.0, out, out=out)


def link(scores: np.ndarray, truth: np.ndarray, C: float) -> tuple[np.ndarray, float]:
    """``(w, b)`` such that ``sigmoid(scores @ w + b)`` is a calibrated probability of ``truth``.

    With one column of scores this is Platt scaling; with every label's
    scores it also learns from the labels that go together (stacking).
    """
    if truth.min() == truth.max():
        rate = (truth.sum() + 0.5) / (len(truth) + 1.0)
        return np.zeros(scores.shape[1]), float(np.log(rate / (1 - rate)))
    fitted = LogisticRegression(C=C).fit(scores, truth)
    return fitted.coef_[0], float(fitted.intercept_[0])


def micro_f1(predicted: np.ndarray, truth: np.ndarray) -> float:
    """Micro-averaged F1 of two 0/1 arrays of the same shape."""
    predicted, truth = predicted.astype(bool), truth.astype(bool)
    denominator = predicted.sum() + truth.sum()
    return float(2 * np.sum(predicted & truth) / denominator) if denominator else 0.0


def best_threshold(probabilities: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    """``(threshold, micro-F1)``: the threshold (0.05 … 0.95) with the highest micro-F1; ties → the lowest."""
    scores = [micro_f1(probabilities >= threshold, truth) for threshold in _THRESHOLDS]
    best = int(np.argmax(scores))
    return float(_THRESHOLDS[best]), scores[best]


class StoryClassifier(ClassifierMixin, BaseEstimator):
    """Multi-label classifier of texts (articles or any span) with calibrated probabilities.

    Parameters
    ----------
    ngrams : tuple of int, default (1, 2)
        Word n-gram range.
    max_features : int, default 20000
        Most frequent n-grams kept.
    min_df : int, default 2
        Minimum number of training texts an n-gram occurs in.
    alphas : tuple of float, default (0.3, 1.0, 3.0)
        Ridge penalties to choose from by inner cross-validation.
    stack : bool, default False
        ``False``: each label's probability is a Platt sigmoid of its own
        score. ``True``: a logistic regression over every label's score
        (labels that go together inform each other).
    link_C : float, default 1.0
        Inverse regularisation of the stacking logistic regressions (Platt
        scaling uses :data:`PLATT_C`).
    inner_cv : int, default 5
        Folds of the cross-validation inside the training texts.
    shrinkage : float or None, default None
        ``None``: one threshold shared by all labels. A number: each label
        gets its own F1-optimal threshold, pulled towards the shared one by
        this pseudo-count (``weight = positives / (positives + shrinkage)``).
    random_state : int, default 0
        Seed of the inner folds.
    headline_weight : float, default 0.0
        Extra times an article's headline n-grams are counted (see
        :mod:`narratives.stories.headline`; texts without one are unchanged).

    Attributes
    ----------
    features_ : TextFeatures
        Vocabulary and IDF weights.
    alpha_ : float
        The chosen ridge penalty.
    coef_ : ndarray of shape (n_labels, n_features)
    intercept_ : ndarray of shape (n_labels,)
    link_coef_ : ndarray of shape (n_labels, n_labels)
        Weights from the labels' scores to each label's log-odds (diagonal
        without stacking).
    link_intercept_ : ndarray of shape (n_labels,)
    thresholds_ : ndarray of shape (n_labels,)
        Probability from which each label is predicted.
    oof_probabilities_ : ndarray of shape (n_texts, n_labels)
        Out-of-fold probabilities of the training texts (not saved with the
        model), for choosing thresholds by another measure.
    n_labels_ : int
    """

    def __init__(self, ngrams=(1, 2), max_features=20000, min_df=2, alphas=(0.3, 1.0, 3.0), stack=False, link_C=1.0, inner_cv=5, shrinkage=None, random_state=0, headline_weight=0.0):
        self.ngrams = ngrams
        self.max_features = max_features
        self.min_df = min_df
        self.alphas = alphas
        self.stack = stack
        self.link_C = link_C
        self.inner_cv = inner_cv
        self.shrinkage = shrinkage
        self.random_state = random_state
        self.headline_weight = headline_weight

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.target_tags.multi_output = True
        return tags

    def _validate(self, X, y) -> tuple[list[str], np.ndarray]:
        texts = _texts(X)
        labels = np.asarray(y)
        if labels.ndim != 2 or labels.shape[0] != len(texts):
            raise ValueError(f"y must be a 0/1 matrix with one row per text ({len(texts)}), got shape {labels.shape}")
        if not set(np.unique(labels).tolist()) <= {0, 1}:
            raise ValueError("y must hold only 0 and 1")
        if not 2 <= self.inner_cv <= len(texts):
            raise ValueError(f"inner_cv must be between 2 and the number of texts ({len(texts)}), got {self.inner_cv}")
        if self.headline_weight < 0:
            raise ValueError(f"headline_weight must be 0 or more, got {self.headline_weight!r}")
        if not self.alphas or min(self.alphas) <= 0:
            raise ValueError(f"alphas must be positive ridge penalties, got {self.alphas!r}")
        return texts, labels.astype(np.float64)

    def fit(self, X, y):
        """Learn vocabulary, weights, calibration and thresholds from texts ``X`` and a 0/1 label matrix ``y``."""
        texts, labels = self._validate(X, y)
        self.features_ = fit_features(texts, self.ngrams, self.max_features, self.min_df, self.headline_weight)
        matrix = self.features_.transform(texts)
        self.coef_ = np.asarray(matrix.T @ self.fit_gram((matrix @ matrix.T).toarray(), labels)).T
        return self

    def fit_gram(self, gram: np.ndarray, labels: np.ndarray) -> np.ndarray:
        """Everything but the features, from the training texts' Gram matrix; returns the dual coefficients.

        Sets ``alpha_``, ``intercept_``, ``link_coef_``, ``link_intercept_``,
        ``thresholds_`` and ``n_labels_``; ``coef_`` is ``matrix.T @ dual``.
        """
        labels = np.asarray(labels, dtype=np.float64)
        folds = list(KFold(self.inner_cv, shuffle=True, random_state=self.random_state).split(gram))
        fits = {alpha: self._out_of_fold(gram, labels, folds, alpha) for alpha in self.alphas}
        self.alpha_ = max(fits, key=lambda alpha: best_threshold(_sigmoid(self._fit_links(fits[alpha], labels, diagonal=True)[2]), labels)[1])
        oof = fits[self.alpha_]
        dual, self.intercept_ = _ridge(gram, labels, self.alpha_)
        self.link_coef_, self.link_intercept_, _ = self._fit_links(oof, labels, diagonal=not self.stack)
        linked = np.zeros(labels.shape)
        for train, test in folds:
            coef, intercept, _ = self._fit_links(oof[train], labels[train], diagonal=not self.stack)
            linked[test] = oof[test] @ coef.T + intercept
        self.oof_probabilities_ = _sigmoid(linked)
        self.thresholds_ = self._thresholds(self.oof_probabilities_, labels)
        self.n_labels_ = labels.shape[1]
        return dual

    def _out_of_fold(self, gram: np.ndarray, labels: np.ndarray, folds: list, alpha: float) -> np.ndarray:
        """Ridge scores of every training text by a model that did not see it (penalty ``alpha``)."""
        oof = np.zeros(labels.shape)
        for train, test in folds:
            dual, intercept = _ridge(gram[np.ix_(train, train)], labels[train], alpha)
            oof[test] = gram[np.ix_(test, train)] @ dual + intercept
        return oof

    def _fit_links(self, scores: np.ndarray, labels: np.ndarray, diagonal: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Link weights (labels × labels), intercepts, and the linked scores of ``scores`` themselves."""
        n_labels = labels.shape[1]
        coef, intercept = np.zeros((n_labels, n_labels)), np.zeros(n_labels)
        for j in range(n_labels):
            if diagonal:
                w, intercept[j] = link(scores[:, [j]], labels[:, j], PLATT_C)
                coef[j, j] = w[0]
            else:
                coef[j], intercept[j] = link(scores, labels[:, j], self.link_C)
        return coef, intercept, scores @ coef.T + intercept

    def _thresholds(self, probabilities: np.ndarray, labels: np.ndarray) -> np.ndarray:
        shared = best_threshold(probabilities, labels)[0]
        out = np.full(labels.shape[1], shared)
        if self.shrinkage is None:
            return out
        for j, positives in enumerate(labels.sum(axis=0)):
            if positives:
                weight = positives / (positives + self.shrinkage)
                out[j] = weight * best_threshold(probabilities[:, j], labels[:, j])[0] + (1 - weight) * shared
        return out

    def _calibrated(self, scores: np.ndarray) -> np.ndarray:
        weights = np.diagonal(self.link_coef_)
        if np.array_equal(self.link_coef_, np.diag(weights)):  # Platt scaling: each column scaled gives the product's very numbers (its other terms are exact zeros)
            return _sigmoid(scores * weights + self.link_intercept_)
        return _sigmoid(scores @ self.link_coef_.T + self.link_intercept_)

    def decision_function(self, X) -> np.ndarray:
        """Raw ridge scores, shape ``(n_texts, n_labels)``."""
        return self.scores(self.features_.transform(_texts(X)))

    def scores(self, matrix: sp.csr_matrix) -> np.ndarray:
        """Raw ridge scores of TF-IDF rows made by ``features_``."""
        check_is_fitted(self, "coef_")
        return np.asarray(matrix @ self.coef_.T) + self.intercept_

    def probabilities(self, matrix: sp.csr_matrix) -> np.ndarray:
        """Calibrated probabilities of TF-IDF rows made by ``features_``."""
        return self._calibrated(self.scores(matrix))

    def predict_proba(self, X) -> np.ndarray:
        """Calibrated probability of every label for every text, shape ``(n_texts, n_labels)``."""
        return self._calibrated(self.decision_function(X))

    def predict(self, X) -> np.ndarray:
        """0/1 matrix: probability at or above each label's threshold."""
        return (self.predict_proba(X) >= self.thresholds_).astype(np.int8)


def _ridge(gram: np.ndarray, labels: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """Dual ridge solution of every label at once: ``(dual coefficients, intercepts)``."""
    intercept = labels.mean(axis=0)
    dual = np.linalg.solve(gram + alpha * np.eye(len(gram)), labels - intercept)
    return dual, intercept


def _texts(X) -> list[str]:
    if isinstance(X, str):
        raise ValueError("StoryClassifier expects an iterable of texts, not one string: wrap it in a list.")
    texts = list(X)
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise ValueError(f"Item {i} is {type(text).__name__}, not a str; StoryClassifier reads texts.")
    return texts
