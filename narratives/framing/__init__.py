"""Framing features: how a writer reports each side.

* :mod:`narratives.framing.lexicon` - our lexicons (``data/lexicons/*.toml``),
  their documentation (:func:`category_docs`) and :func:`stance_of`;
* :mod:`narratives.framing.detect` - detectors returning :class:`Hit`
  records with exact offsets (``text[hit.start:hit.end] == hit.text``);
* :mod:`narratives.framing.scores` - framing columns for the attribution,
  sentence and document tables (:func:`add_framing` does all three);
* :mod:`narratives.framing.vectorizer` - :class:`FramingVectorizer`, a
  scikit-learn transformer;
* :mod:`narratives.framing.learned` - the detectors with learned parameters
  (uncertainty cues, loaded-language CRF), validated by ``benchmarks/``.

See ``docs/framing.md`` for every category.
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
from narratives.framing.lexicon import OTHER_STANCE, STANCES, categories, category_docs, stance_of
from narratives.framing.scores import (
    add_framing,
    add_framing_with_valence,
    attribution_columns,
    document_columns,
    framing_hits,
    merge_document_framing,
    score_attributions,
    score_documents,
    score_sentences,
    sentence_columns,
)
from narratives.framing.vectorizer import FramingVectorizer

__all__ = [
    "DETECTORS",
    "OTHER_STANCE",
    "STANCES",
    "FramingVectorizer",
    "Hit",
    "add_framing",
    "add_framing_with_valence",
    "agentless_passives",
    "attribution_columns",
    "casualties",
    "categories",
    "category_docs",
    "detect",
    "document_columns",
    "emotive",
    "feature_categories",
    "framing_hits",
    "hedges",
    "hits_to_frame",
    "labels",
    "loaded_words",
    "merge_document_framing",
    "scare_quotes",
    "score_attributions",
    "score_documents",
    "score_sentences",
    "sentence_columns",
    "stance_of",
]
