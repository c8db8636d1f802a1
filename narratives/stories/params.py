"""Saving and loading story models as arrays and vocabularies (no pickles).

A model is one ``.npz`` file (read with ``allow_pickle=False``) holding the
vocabularies (string arrays), the IDF weights, the coefficients (float32),
intercepts, Platt calibration and thresholds, and ``meta``: a JSON string
with the classifier's settings, the taxonomy (name and file) and what the
model was trained on. The taxonomy itself stays in its TOML file, found
beside the model or among the shipped ones.

Error raised here: ``N381`` (a model file that cannot be read or does not
match its taxonomy).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from narratives.errors import DataError
from narratives.lazy import loaded_once
from narratives.stories.classifier import StoryClassifier, TextFeatures
from narratives.stories.model import StoryModel, output_columns
from narratives.stories.taxonomy import TAXONOMY_DIR, Taxonomy, load_taxonomy

__all__ = ["save_model", "load_model", "shipped_model", "SHIPPED"]

SHIPPED = ("frames", "semeval2025")
"""Names of the shipped models (``data/stories/<name>.npz`` with taxonomy ``<name>.toml``)."""

FORMAT = 2
"""Version of the file layout: 2 adds the ``Other`` column (no label) after the taxonomy's labels."""

_SETTINGS = ("ngrams", "max_features", "min_df", "alphas", "stack", "link_C", "inner_cv", "shrinkage", "random_state", "headline_weight")


def save_model(model: StoryModel, path: str | Path, taxonomy_file: str | Path, trained_on: dict | None = None) -> Path:
    """Write ``model`` to ``path`` (``.npz``); ``taxonomy_file`` is recorded by name, relative to the model's folder."""
    path = Path(path)
    classifier = model.classifier
    features = classifier.features_
    meta = {
        "format": FORMAT,
        "taxonomy": model.taxonomy.name,
        "taxonomy_file": Path(taxonomy_file).name,
        "labels": model.columns,
        "settings": {name: getattr(classifier, name) for name in _SETTINGS},
        "alpha": classifier.alpha_,
        "trained_on": trained_on or {},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        path,
        meta=np.array(json.dumps(meta, ensure_ascii=False)),
        vocabulary=np.array(features.vocabulary, dtype=str),
        idf=features.idf.astype(np.float32),
        coef=classifier.coef_.astype(np.float32),
        intercept=classifier.intercept_,
        link_coef=classifier.link_coef_,
        link_intercept=classifier.link_intercept_,
        thresholds=classifier.thresholds_,
    )
    return path


def load_model(path: str | Path, taxonomy: Taxonomy | None = None) -> StoryModel:
    """Read a model written by :func:`save_model` (its taxonomy from beside it unless given)."""
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as arrays:
            meta = json.loads(str(arrays["meta"]))
            data = {name: arrays[name] for name in arrays.files if name != "meta"}
    except (OSError, ValueError, KeyError) as error:
        raise DataError("N381", f"cannot read the story model ({error}).", "Give a .npz file written by `narratives train-narratives`.", path=path) from error
    if taxonomy is None:
        taxonomy = load_taxonomy(path.parent / meta["taxonomy_file"])
    if meta.get("format") != FORMAT:
        raise DataError("N381", f"the model file is of format {meta.get('format')}, this version of narratives reads format {FORMAT}.", "Retrain the model with `narratives train-narratives`.", path=path)
    if output_columns(taxonomy) != meta["labels"]:
        raise DataError("N381", f"the model's labels do not match taxonomy {taxonomy.name!r}.", "Retrain the model on this taxonomy, or give the taxonomy it was trained with.", path=path)
    return StoryModel(taxonomy, _classifier(meta, data))


def _classifier(meta: dict, data: dict[str, np.ndarray]) -> StoryClassifier:
    settings = {name: tuple(value) if isinstance(value, list) else value for name, value in meta["settings"].items()}
    classifier = StoryClassifier(**settings)
    classifier.features_ = TextFeatures(data["vocabulary"].tolist(), data["idf"].astype(np.float64), settings["ngrams"], classifier.headline_weight)
    classifier.alpha_ = float(meta["alpha"])
    classifier.coef_ = data["coef"].astype(np.float64)
    classifier.intercept_ = data["intercept"]
    classifier.link_coef_ = data["link_coef"]
    classifier.link_intercept_ = data["link_intercept"]
    classifier.thresholds_ = data["thresholds"]
    classifier.n_labels_ = len(classifier.thresholds_)
    return classifier


@loaded_once
def shipped_model(name: str) -> StoryModel | None:
    """A shipped model by name (see :data:`SHIPPED`), or ``None`` when its file is absent."""
    path = TAXONOMY_DIR / f"{name}.npz"
    return load_model(path) if path.exists() else None
