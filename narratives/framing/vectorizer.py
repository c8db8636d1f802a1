"""``FramingVectorizer``: framing features as a scikit-learn transformer.

>>> from sklearn.pipeline import make_pipeline
>>> from sklearn.linear_model import LogisticRegression
>>> texts = ["Rebels allegedly shelled the town.", "The ministry said the talks went well."] * 5
>>> model = make_pipeline(FramingVectorizer(), LogisticRegression()).fit(texts, [1, 0] * 5)
>>> model.predict(["Militants reportedly attacked."]).tolist()
[1]
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from narratives import schema
from narratives.framing.detect import EMOTIVE_THRESHOLD, detect, emotive, feature_categories
from narratives.framing.lexicon import OTHER_STANCE, STANCES
from narratives.framing.scores import SOURCE_CATEGORIES
from narratives.words import count_words

INPUTS = ("text", "attributions")
NORMALIZE = (None, "length")


def _as_texts(X) -> list[str]:
    if isinstance(X, str):
        raise ValueError("FramingVectorizer expects an iterable of texts, not one string: wrap it in a list.")
    if isinstance(X, pd.DataFrame):
        if X.shape[1] != 1:
            raise ValueError("With input='text', pass a list or Series of texts (or a one-column DataFrame).")
        X = X.iloc[:, 0]
    texts = list(X)
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise ValueError(f"Item {i} is {type(text).__name__}, not a str; FramingVectorizer(input='text') reads texts.")
    return texts


class FramingVectorizer(TransformerMixin, BaseEstimator):
    """Turn texts (or attributions) into framing-feature counts.

    Parameters
    ----------
    input : {"text", "attributions"}, default "text"
        ``"text"``: ``X`` is an iterable of strings, one row each.
        ``"attributions"``: ``X`` is an attribution table (columns as in
        :func:`~narratives.attribution.records.attributions_to_frame`),
        scored: the table ``analyze`` returns, or one passed through
        :func:`~narratives.framing.scores.score_attributions`.
    categories : list of str or None, default None
        The feature categories to count (see
        :func:`~narratives.framing.detect.feature_categories`); ``None`` for all.
    normalize : {None, "length"}, default None
        ``"length"`` divides counts by the number of words (text input only).
    entries : bool, default False
        Also count each lexicon entry seen during ``fit`` in at least
        `min_df` rows (a learned vocabulary of framing cues).
    min_df : int, default 1
        Minimum number of training rows an entry must occur in.
    emotive_threshold : float, default 2.0
        |VADER valence| from which a word counts as emotive.

    Attributes
    ----------
    categories_ : tuple of str
        The categories counted.
    vocabulary_ : dict
        ``"category:entry" -> column`` of the entry features (empty unless
        `entries`).
    feature_names_out_ : ndarray of str
        The output columns' names.
    n_features_out_ : int
        Number of output columns.
    """

    def __init__(
        self,
        input="text",
        categories=None,
        normalize=None,
        entries=False,
        min_df=1,
        emotive_threshold=EMOTIVE_THRESHOLD,
    ):
        self.input = input
        self.categories = categories
        self.normalize = normalize
        self.entries = entries
        self.min_df = min_df
        self.emotive_threshold = emotive_threshold

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.requires_fit = True
        return tags

    # ------------------------------------------------------------ validation

    def _validate(self) -> tuple[str, ...]:
        if self.input not in INPUTS:
            raise ValueError(f"input must be one of {INPUTS}, got {self.input!r}")
        if self.normalize not in NORMALIZE:
            raise ValueError(f"normalize must be one of {NORMALIZE}, got {self.normalize!r}")
        if not isinstance(self.min_df, (int, np.integer)) or self.min_df < 1:
            raise ValueError(f"min_df must be a positive integer, got {self.min_df!r}")
        known = feature_categories()
        chosen = known if self.categories is None else tuple(self.categories)
        unknown = [c for c in chosen if c not in known]
        if unknown:
            raise ValueError(f"unknown categories {unknown}; choose from {list(known)}")
        return chosen

    # ------------------------------------------------------------ rows

    def _text_rows(self, texts: list[str], wanted: set[str]) -> list[tuple[Counter, Counter, float, int]]:
        rows = []
        for text in texts:
            hits = [h for h in detect(text, emotive_threshold=self.emotive_threshold) if h.category in wanted]
            values = [h.value for h in emotive(text, 0.0)]
            n_words = count_words(text)
            rows.append((Counter(h.category for h in hits), Counter(f"{h.category}:{h.entry}" for h in hits), float(np.mean(values)) if values else 0.0, n_words))
        return rows

    def _scored(self, X) -> pd.DataFrame:
        if not isinstance(X, pd.DataFrame):
            raise ValueError("With input='attributions', pass the attribution table as a pandas DataFrame.")
        needed = ["stance", *(f"content_{c}" for c in feature_categories())]
        missing = [c for c in needed if c not in X.columns]
        if missing:
            raise ValueError(
                f"The attribution table is not scored (no {', '.join(missing[:3])}...): pass the table `analyze` returns, "
                "or score it first with narratives.framing.score_attributions(table, {doc_id: text})."
            )
        return X

    # ------------------------------------------------------------ API

    def fit(self, X, y=None):
        """Learn the categories to count and, with ``entries=True``, the entry vocabulary."""
        categories = self._validate()
        texts = _as_texts(X) if self.input == "text" else None
        scored = self._scored(X) if self.input == "attributions" else None
        self.categories_ = categories
        wanted = set(categories)
        vocabulary: dict[str, int] = {}
        if self.entries and texts is not None:
            document_frequency: Counter = Counter()
            for _, entry_counts, _, _ in self._text_rows(texts, wanted):
                document_frequency.update(entry_counts.keys())
            kept = sorted(e for e, n in document_frequency.items() if n >= self.min_df)
            vocabulary = {e: i for i, e in enumerate(kept)}
        elif self.entries:
            document_frequency = Counter()
            for hits in scored["framing_hits"]:
                document_frequency.update({f"{c}:{e}" for _, _, c, e in schema.hits(hits)})
            kept = sorted(e for e, n in document_frequency.items() if n >= self.min_df and e.split(":", 1)[0] in wanted)
            vocabulary = {e: i for i, e in enumerate(kept)}
        self.vocabulary_ = vocabulary
        self.feature_names_out_ = np.asarray(self._names(), dtype=object)
        self.n_features_out_ = len(self.feature_names_out_)
        return self

    def _names(self) -> list[str]:
        if self.input == "text":
            base = [*self.categories_, "valence"]
        else:
            base = [
                *(f"stance={s}" for s in (*STANCES, OTHER_STANCE)),
                *(f"content_{c}" for c in self.categories_),
                "content_valence",
                *(f"source_{c}" for c in SOURCE_CATEGORIES if c in self.categories_),
            ]
        return base + [f"entry={e}" for e in self.vocabulary_]

    def transform(self, X):
        """The feature matrix (dense float64, one row per text or attribution)."""
        check_is_fitted(self, "feature_names_out_")
        n_entries = len(self.vocabulary_)
        if self.input == "text":
            rows = self._text_rows(_as_texts(X), set(self.categories_))
            out = np.zeros((len(rows), self.n_features_out_))
            n_base = len(self.categories_) + 1
            for i, (counts, entry_counts, valence, n_words) in enumerate(rows):
                scale = 1.0 / max(n_words, 1) if self.normalize == "length" else 1.0
                out[i, : n_base - 1] = [counts[c] * scale for c in self.categories_]
                out[i, n_base - 1] = valence
                for entry, n in entry_counts.items():
                    column = self.vocabulary_.get(entry)
                    if column is not None:
                        out[i, n_base + column] = n * scale
            return out
        scored = self._scored(X)
        base = self.feature_names_out_[: self.n_features_out_ - n_entries]
        out = np.zeros((len(scored), self.n_features_out_))
        stance = scored["stance"].astype(str).to_numpy()
        for j, name in enumerate(base):
            if name.startswith("stance="):
                out[:, j] = stance == name.split("=", 1)[1]
            else:
                out[:, j] = scored[name].to_numpy(dtype=float)
        if n_entries:
            offset = self.n_features_out_ - n_entries
            for i, hits in enumerate(scored["framing_hits"]):
                for _, _, category, entry in schema.hits(hits):
                    column = self.vocabulary_.get(f"{category}:{entry}")
                    if column is not None:
                        out[i, offset + column] += 1
        return out

    def get_feature_names_out(self, input_features=None):
        """Names of the output columns (categories, ``valence``, ``entry=<category>:<entry>``...)."""
        check_is_fitted(self, "feature_names_out_")
        return self.feature_names_out_.copy()


__all__ = ["FramingVectorizer"]
