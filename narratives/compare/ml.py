"""Classical machine learning: can a statement's side (or outlet) be told from its framing?

Pipelines (TF-IDF → logistic regression, multinomial naive Bayes, linear
SVM; framing features → logistic regression) are scored by cross-validation
that keeps each document's statements in one fold (a classifier must not be
tested on articles it was trained on), their scores are tested against
label permutations that respect documents - the same null hypotheses as
:mod:`narratives.compare.permutation` - and the features model's
coefficients get cluster-bootstrap intervals and a plain-language reading.

Give the classifier the framing, not the answer: a text column that contains
the speaker's name ("Trump said") predicts the side trivially. Use the cue
and content, or mask source names first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn import config_context
from sklearn.base import BaseEstimator, clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import check_scoring
from sklearn.model_selection import StratifiedGroupKFold, cross_val_score
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.svm import LinearSVC
from tqdm.auto import tqdm

from narratives.compare.bootstrap import percentile_interval
from narratives.compare.counts import measure_name


def _logistic(binary: bool) -> LogisticRegression:
    """L2-penalised logistic regression (C = 1), classes weighted equally; liblinear when binary (fast).

    ``random_state`` is fixed so that liblinear does not seed itself from
    numpy's global generator: the same data give the same fit.
    """
    return LogisticRegression(
        max_iter=1000, class_weight="balanced", solver="liblinear" if binary else "lbfgs", random_state=0
    )


def _tfidf() -> TfidfVectorizer:
    return TfidfVectorizer(sublinear_tf=True)


TEXT_MODELS: dict[str, Callable[[bool], BaseEstimator]] = {
    "tfidf_logreg": lambda binary: make_pipeline(_tfidf(), _logistic(binary)),
    "tfidf_nb": lambda binary: make_pipeline(_tfidf(), MultinomialNB()),
    "tfidf_svm": lambda binary: make_pipeline(_tfidf(), LinearSVC(class_weight="balanced", random_state=0)),
}
"""Text pipelines, each built for a binary or a multi-class label."""
FEATURE_MODEL = "features_logreg"
MODELS = (*TEXT_MODELS, FEATURE_MODEL)


@dataclass(frozen=True)
class Classification:
    """Cross-validated classifiers of a label, their permutation tests and coefficients.

    Attributes
    ----------
    scores
        One row per model: ``model``, ``scoring``, ``score`` (mean over
        folds), ``score_sd``, ``chance`` (the score of a constant guess:
        1/number of classes for balanced accuracy), ``p_value`` (permutation
        test of the score), ``permutation`` (``"within"`` documents or whole
        ``"documents"``), ``n_permutations``, ``n_splits``.
    coefficients
        The features model's coefficients (log-odds per unit of each
        feature; a category level against the most frequent level), one row
        per class column and feature, with ``low``/``high`` from the cluster
        bootstrap and ``sign_stability`` (share of replicates with the
        estimate's sign).
    label
        The column predicted.
    classes
        The label's classes; for two classes the coefficients point to the
        second.
    reference
        The category level the others are compared with, if any.
    confidence
        Level of the intervals.
    """

    scores: pd.DataFrame = field(repr=False)
    coefficients: pd.DataFrame = field(repr=False)
    label: str
    classes: list[object]
    reference: str | None
    confidence: float

    def separating_features(self) -> pd.DataFrame:
        """Which framing features separate the classes, in plain words, strongest first.

        Returns
        -------
        DataFrame
            ``feature``, ``class`` (whose coefficient it is; for two classes
            the second), ``coefficient`` with ``low``/``high`` (log-odds
            scale), ``odds_ratio`` (its exponential), ``points_to`` (for two
            classes the class the feature makes more likely; for more, the
            class or ``"not <class>"``; ``""`` when the interval includes
            0) and ``reading``, one sentence.
        """
        table = self.coefficients
        clear = ((table["low"] > 0) | (table["high"] < 0)).to_numpy()
        positive = (table["coefficient"] > 0).to_numpy()
        if len(self.classes) == 2:
            points = np.where(positive, table["class"], self.classes[0])
        else:
            points = np.where(positive, table["class"], "not " + table["class"].astype(str))
        out = table[["feature", "class", "coefficient", "low", "high"]].assign(
            odds_ratio=np.exp(table["coefficient"]), points_to=np.where(clear, points, "")
        )
        out["reading"] = [self._reading(row) for row in out.to_dict("records")]
        order = np.argsort(-np.abs(table["coefficient"].to_numpy()), kind="stable")
        return out.iloc[order].reset_index(drop=True)

    def _reading(self, row: dict[str, object]) -> str:
        level = self.reference and "=" in row["feature"]
        name = f"{row['feature']} ({f'instead of {self.reference}' if level else 'per unit'})"
        share = f"{self.confidence:.0%}"
        if len(self.classes) == 2:
            low, high = np.exp(row["low"]), np.exp(row["high"])
            if not row["points_to"]:
                return f"{name}: no clear direction - the {share} interval of the odds ratio, ×{low:.2g} to ×{high:.2g}, includes 1."
            if row["points_to"] != row["class"]:  # odds of the first class: invert
                low, high = 1.0 / high, 1.0 / low
            factor = np.exp(abs(row["coefficient"]))
            return f"{name}: points to {row['points_to']} - odds ×{factor:.2g} ({share} interval ×{low:.2g} to ×{high:.2g})."
        coefficient = f"multinomial coefficient {row['coefficient']:+.2f}, {share} interval {row['low']:+.2f} to {row['high']:+.2f}"
        if not row["points_to"]:
            return f"{name}: no clear direction for {row['class']} ({coefficient}, which includes 0)."
        way = "towards" if row["coefficient"] > 0 else "away from"
        return f"{name}: pushes {way} {row['class']} relative to the average class ({coefficient})."


def classify(
    statements: pd.DataFrame,
    label: str = "side",
    text: str | None = "text",
    features: Sequence[str] = (),
    category: str | None = "stance",
    *,
    document: str = "doc_id",
    models: Sequence[str] = MODELS,
    n_splits: int = 5,
    n_permutations: int = 100,
    n_boot: int = 200,
    scoring: str = "balanced_accuracy",
    confidence: float = 0.95,
    seed: int = 0,
    n_jobs: int | None = None,
    progress: bool = False,
) -> Classification:
    """Predict a statement's label from its framing; test and explain the result.

    Parameters
    ----------
    statements
        One row per statement.
    label
        Column to predict (``"side"``, ``"outlet"``); rows where it is
        missing are left out.
    text
        Text column for the TF-IDF models (None to skip them).
    features, category
        Numeric feature columns and a categorical column (one-hot, against
        its most frequent level) for the features model.
    document
        Document id column: folds, permutations and bootstrap resamples keep
        each document whole.
    models
        Any of :data:`MODELS`.
    n_splits
        Cross-validation folds (at most the number of documents).
    n_permutations
        Label permutations for the test of each score.
    n_boot
        Cluster-bootstrap refits for the coefficient intervals.
    scoring
        A scikit-learn scorer name; balanced accuracy by default, so a
        majority-class guess scores 1 / number of classes.
    confidence
        Level of the coefficient intervals.
    seed
        Seed of the folds, permutations and resamples.
    n_jobs
        Parallel jobs for the permutation test (joblib convention).
    progress
        Show a progress bar (one step per cross-validated fit of a model,
        permuted or not, and per bootstrap refit).

    Returns
    -------
    Classification

    Notes
    -----
    When the label varies inside documents (side), the permutation test
    shuffles labels within each document (scikit-learn's
    ``permutation_test_score`` with ``groups``), so it asks whether the
    framing separates the labels inside articles. When the label is a
    property of the document (outlet), whole documents' labels are shuffled,
    since shuffling statements across articles would make the null too
    easy to beat.
    """
    frame = statements[statements[label].notna()].reset_index(drop=True)
    y = frame[label].astype(str).to_numpy()
    docs = frame[document].to_numpy()
    n_docs = len(pd.unique(docs))
    if n_docs < 2 or len(np.unique(y)) < 2:
        raise ValueError(
            f"too little data to classify: {n_docs} documents and {len(np.unique(y))} classes of {label!r}"
        )
    unknown = sorted(set(models) - set(MODELS))
    if unknown:
        raise ValueError(f"unknown models {unknown}; choose from {list(MODELS)}")
    design, reference = _design(frame, features, category)
    binary = len(np.unique(y)) == 2
    cv = StratifiedGroupKFold(n_splits=min(n_splits, n_docs), shuffle=True, random_state=seed)
    within = bool((pd.DataFrame({"d": docs, "y": y}).groupby("d")["y"].nunique() > 1).any())
    chosen = [name for name in models if name not in TEXT_MODELS or text is not None]
    total = len(chosen) * (n_permutations + 1) + (n_boot if FEATURE_MODEL in chosen else 0)
    rows = []
    # The thousands of refits validate their (already checked) inputs each time: skip that, not a number changes.
    quiet_checks = config_context(assume_finite=True, skip_parameter_validation=True)
    with quiet_checks, tqdm(total=total, desc="classifiers", unit="fit", disable=not progress, leave=False) as bar:
        for name in chosen:
            if name in TEXT_MODELS:
                estimator, X = TEXT_MODELS[name](binary), frame[text].fillna("").to_numpy(dtype=object)
            else:
                estimator, X = _logistic(binary), design.to_numpy()
            test = _PermutationTest(cv, within, n_permutations, scoring, seed, n_jobs, bar)
            rows.append(test.score(name, estimator, X, y, docs))
        coefficients = (
            _coefficients(design, y, docs, n_boot, confidence, seed, binary, bar)
            if FEATURE_MODEL in models
            else pd.DataFrame()
        )
    return Classification(
        scores=pd.DataFrame(rows).assign(n_splits=cv.n_splits),
        coefficients=coefficients,
        label=label,
        classes=sorted(np.unique(y).tolist()),
        reference=reference,
        confidence=confidence,
    )


def _design(
    frame: pd.DataFrame, features: Sequence[str], category: str | None
) -> tuple[pd.DataFrame, str | None]:
    """Feature columns plus one-hot category levels (the most frequent level left out as reference)."""
    design = frame[list(features)].astype(float)
    if category is None:
        return design, None
    values = frame[category].fillna("(missing)").astype(str)
    reference = values.value_counts().index[0]
    levels = sorted(set(values) - {reference})
    dummies = pd.DataFrame(
        {measure_name(category, level): (values == level).astype(float) for level in levels}
    )
    return pd.concat([design, dummies], axis=1), measure_name(category, reference)


@dataclass(frozen=True)
class _PermutationTest:
    """Cross-validated score of a model and its document-respecting permutation test.

    The test is scikit-learn's ``permutation_test_score`` (labels shuffled
    inside each document, drawn from ``RandomState(seed)`` in the same
    order), made faster without changing a number: labels shuffled inside
    documents keep each document's classes, so the folds are the same for
    every permutation and are drawn once; a pipeline's transforms (TF-IDF)
    do not look at the labels, so they are fitted once per fold and only
    the final classifier is refitted per permutation.
    """

    cv: StratifiedGroupKFold
    within: bool
    n_permutations: int
    scoring: str
    seed: int
    n_jobs: int | None
    bar: tqdm

    def score(self, name: str, estimator: BaseEstimator, X: np.ndarray, y: np.ndarray, docs: np.ndarray) -> dict[str, object]:
        if self.within:
            score, null, folds = self._within(estimator, X, y, docs)
        else:
            score, null, folds = self._documents(estimator, X, y, docs)
        return {
            "model": name,
            "scoring": self.scoring,
            "score": float(score),
            "score_sd": float(folds.std()),
            "chance": 1.0 / len(np.unique(y)) if self.scoring == "balanced_accuracy" else np.nan,
            "null_mean": float(np.mean(null)),
            "p_value": float((np.sum(null >= score) + 1.0) / (self.n_permutations + 1.0)),
            "permutation": "within" if self.within else "documents",
            "n_permutations": self.n_permutations,
        }

    def _within(self, estimator: BaseEstimator, X: np.ndarray, y: np.ndarray, docs: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        """Labels shuffled inside each document, as ``permutation_test_score(groups=docs)`` shuffles them."""
        head, final = (estimator[:-1], estimator[-1]) if isinstance(estimator, Pipeline) else (None, estimator)
        scorer = check_scoring(final, scoring=self.scoring)
        folds = []
        for train, test in self.cv.split(X, y, docs):
            if head is None:
                folds.append((train, test, X[train], X[test]))
            else:
                fitted = clone(head)
                folds.append((train, test, fitted.fit_transform(X[train]), fitted.transform(X[test])))

        def fold_scores(labels: np.ndarray) -> np.ndarray:
            model = clone(final)
            return np.array([scorer(model.fit(X_train, labels[train]), X_test, labels[test]) for train, test, X_train, X_test in folds])

        observed = fold_scores(y)
        self.bar.update()
        rng = np.random.RandomState(self.seed)
        order = [np.flatnonzero(docs == doc) for doc in np.unique(docs)]

        def shuffled() -> np.ndarray:
            indices = np.arange(len(y))
            for rows in order:
                indices[rows] = rng.permutation(indices[rows])
            return y[indices]

        null = self._run(lambda labels: fold_scores(labels).mean(), (shuffled() for _ in range(self.n_permutations)))
        return observed.mean(), null, observed

    def _documents(self, estimator: BaseEstimator, X: np.ndarray, y: np.ndarray, docs: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        """Whole documents' labels shuffled (the label is a property of the document)."""
        rng = np.random.default_rng(self.seed)
        codes = pd.factorize(pd.Series(docs))[0]
        doc_label = pd.Series(y).groupby(codes).first().to_numpy()

        def cv_scores(labels: np.ndarray) -> np.ndarray:
            return cross_val_score(clone(estimator), X, labels, groups=docs, cv=self.cv, scoring=self.scoring)

        observed = cv_scores(y)
        self.bar.update()
        labels = (rng.permutation(doc_label)[codes] for _ in range(self.n_permutations))
        return observed.mean(), self._run(lambda permuted: cv_scores(permuted).mean(), labels), observed

    def _run(self, function: Callable[[np.ndarray], float], labels) -> np.ndarray:
        """``function`` of each permuted labelling, in order, in ``n_jobs`` processes, one bar step each."""
        results = []
        for value in Parallel(n_jobs=self.n_jobs, return_as="generator")(delayed(function)(permuted) for permuted in labels):
            results.append(float(value))
            self.bar.update()
        return np.array(results)


def _coefficients(
    design: pd.DataFrame,
    y: np.ndarray,
    docs: np.ndarray,
    n_boot: int,
    confidence: float,
    seed: int,
    binary: bool,
    bar: tqdm,
) -> pd.DataFrame:
    """Features-model coefficients with percentile intervals from refits on resampled documents."""
    X = design.to_numpy()
    model = _logistic(binary).fit(X, y)
    rng = np.random.default_rng(seed)
    codes = pd.factorize(pd.Series(docs))[0]
    order = np.argsort(codes, kind="stable")
    sizes = np.bincount(codes)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    replicates = []
    for _ in range(n_boot):
        rows = order[_cluster_rows(rng.integers(0, len(sizes), len(sizes)), starts, sizes)]
        if len(np.unique(y[rows])) == len(model.classes_):  # a replicate without some class cannot be fitted
            replicates.append(_logistic(binary).fit(X[rows], y[rows]).coef_)
        bar.update()
    replicates = np.array(replicates).reshape(-1, *model.coef_.shape)
    low, high = percentile_interval(replicates, confidence)
    classes = model.classes_[1:] if len(model.classes_) == 2 else model.classes_
    same_sign = (
        (np.sign(replicates) == np.sign(model.coef_)).mean(axis=0)
        if len(replicates)
        else np.full(model.coef_.shape, np.nan)
    )
    return pd.DataFrame(
        {
            "class": np.repeat(classes, design.shape[1]),
            "feature": np.tile(design.columns, len(classes)),
            "coefficient": model.coef_.ravel(),
            "low": low.ravel(),
            "high": high.ravel(),
            "sign_stability": same_sign.ravel(),
        }
    )


def _cluster_rows(chosen: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Positions of every row of the chosen clusters, in one vectorised gather.

    ``starts``/``sizes`` describe each cluster's run of rows in a sorted
    order; the result lists the runs of ``chosen`` one after another.
    """
    lengths = sizes[chosen]
    offsets = np.repeat(starts[chosen] - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
    return offsets + np.arange(lengths.sum())
