"""Story columns for the documents and attributions tables (what ``analyze`` adds).

For each shipped model (frames; narratives of the SemEval-2025 taxonomy)
every document and every attribution's content gets the calibrated
probability of each coarse label and the thresholded label sets:

* ``frame:<Frame>`` (probability) and ``frames`` (labels, ``"; "``-joined);
* ``narrative:<Narrative>`` (probability), ``narratives`` and
  ``subnarratives`` (labels, ``"; "``-joined; ``Other`` when none).

The narrative taxonomy is mostly pro-Kremlin narratives: a low score says
that an article tells none of *those* stories, not that it tells none.
An attribution without content has missing probabilities and empty labels.
All texts of a batch (documents and contents) are counted once, over the
n-grams of every model together (their headlines too, when a model weighs
headlines), and each model weighs its own columns.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import scipy.sparse as sp

from narratives.lazy import loaded_once
from narratives.stories.headline import headline_counts
from narratives.stories.model import StoryModel
from narratives.stories.ngrams import NgramIndex
from narratives.stories.params import shipped_model

__all__ = ["add_stories", "story_columns", "STORY_MODELS"]

STORY_MODELS = {"frames": ("frame", ("frames",)), "semeval2025": ("narrative", ("narratives", "subnarratives"))}
"""Shipped model -> (prefix of its probability columns, names of its label columns: coarse[, fine])."""

SEPARATOR = "; "


def _models() -> dict[str, StoryModel]:
    return {name: model for name in STORY_MODELS if (model := shipped_model(name)) is not None}


@loaded_once
def _shared_vocabulary() -> tuple[NgramIndex, dict[str, np.ndarray]]:
    """Every shipped model's n-grams in one vocabulary, so that a batch is counted once for all models.

    Returns the shared vocabulary's index (over the n-gram range that
    covers every model's) and per model the shared columns of its own
    vocabulary, in its order.
    """
    shared: dict[str, int] = {}
    columns = {}
    for name, model in _models().items():
        features = model.classifier.features_
        columns[name] = np.fromiter((shared.setdefault(term, len(shared)) for term in features.vocabulary), dtype=np.intp, count=len(features.vocabulary))
    ranges = [model.classifier.features_.ngrams for model in _models().values()] or [(1, 1)]
    return NgramIndex(shared, (min(r[0] for r in ranges), max(r[1] for r in ranges))), columns


def story_columns() -> list[str]:
    """The columns :func:`add_stories` adds, in order (none when no model is shipped)."""
    columns = []
    for name, model in _models().items():
        prefix, label_columns = STORY_MODELS[name]
        columns += [f"{prefix}:{label}" for label in model.taxonomy.coarse] + list(label_columns)
    return columns


def _columns(model: StoryModel, name: str, counts: sp.csr_matrix) -> dict[str, np.ndarray]:
    """The story columns of one model from the batch's counts of its own vocabulary, headlines weighted (one value per text)."""
    prefix, label_columns = STORY_MODELS[name]
    classifier = model.classifier
    probabilities = classifier.probabilities(classifier.features_.weigh(counts)) if counts.shape[0] else np.zeros((0, len(model.columns)))
    predicted = model.label_sets(probabilities)
    coarse = model.taxonomy.coarse
    rounded = probabilities[:, : len(coarse)].round(4)  # a taxonomy's coarse labels come first
    out: dict[str, np.ndarray] = {f"{prefix}:{label}": rounded[:, j] for j, label in enumerate(coarse)}
    out[label_columns[0]] = _joined(predicted.coarse)
    if len(label_columns) > 1:
        out[label_columns[1]] = _joined(predicted.fine)
    return out


def _joined(label_sets: list[frozenset[str]]) -> np.ndarray:
    """Each set's labels, sorted and joined by :data:`SEPARATOR` (an object array); each distinct set is joined once."""
    joined = {labels: SEPARATOR.join(sorted(labels)) for labels in set(label_sets)}
    out = np.empty(len(label_sets), dtype=object)
    out[:] = [joined[labels] for labels in label_sets]
    return out


def add_stories(texts: Mapping[str, str], attributions: pd.DataFrame, documents: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Copies of the attributions and documents tables with the story columns of :func:`story_columns`."""
    document_texts = [texts[doc_id] for doc_id in documents["doc_id"]]
    contents = attributions["content_text"].fillna("").tolist()  # each statement's content, as the attribution stage gives it
    has_content = np.array([bool(content.strip()) for content in contents], dtype=bool)
    batch = document_texts + [content for content, kept in zip(contents, has_content) if kept]
    n_docs = len(document_texts)
    index, own_columns = _shared_vocabulary()
    counts = index.counts(batch)
    models = _models()
    headlines = headline_counts(index, batch) if any(model.classifier.features_.headline_weight for model in models.values()) else None
    document_columns: dict[str, np.ndarray] = {}
    attribution_columns: dict[str, np.ndarray] = {}
    for name, model in models.items():
        own = counts[:, own_columns[name]]
        if headlines is not None:
            own = model.classifier.features_.with_headlines(own, headlines[:, own_columns[name]])
        for column, values in _columns(model, name, own).items():
            document_columns[column] = values[:n_docs]
            attribution_columns[column] = _spread(values[n_docs:], has_content)
    return _with_columns(attributions, attribution_columns), _with_columns(documents, document_columns)


def _spread(values: np.ndarray, has_content: np.ndarray) -> np.ndarray:
    """Values of the attributions with content, put back in table order (missing, or empty labels, for the others)."""
    out = np.full(len(has_content), "" if values.dtype == object else np.nan, dtype=values.dtype)
    out[has_content] = values
    return out


def _with_columns(frame: pd.DataFrame, columns: dict[str, np.ndarray]) -> pd.DataFrame:
    """A copy of ``frame`` with ``columns`` added at its end (replacing any of the same name), in one step."""
    kept = frame.drop(columns=[column for column in columns if column in frame.columns])
    return pd.concat([kept, pd.DataFrame(columns, index=frame.index)], axis=1)
