"""Framing features: how a writer reports each side.

* :mod:`narratives.framing.lexicon` - our lexicons (``data/lexicons``), their
  documentation (:func:`category_docs`) and :func:`stance_of`;
* :mod:`narratives.framing.detect` - detectors returning :class:`Hit` records
  with exact offsets;
"""

from narratives.framing.detect import (
    DETECTORS,
    Hit,
    agentless_passives,
    casualties,
    detect,
    emotive,
    feature_categories,
    hedges,
    hits_to_frame,
    labels,
    loaded_words,
    scare_quotes,
)
from narratives.framing.lexicon import STANCES, categories, category_docs, stance_of

__all__ = [
    "DETECTORS",
    "STANCES",
    "Hit",
    "agentless_passives",
    "casualties",
    "categories",
    "category_docs",
    "detect",
    "emotive",
    "feature_categories",
    "hedges",
    "hits_to_frame",
    "labels",
    "loaded_words",
    "scare_quotes",
    "stance_of",
]
