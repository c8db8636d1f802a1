"""Training features and prediction scores are spelled by one specification and agree on random documents.

:class:`~narratives.attribution.features.FeatureExtractor` writes the
attribute strings crfsuite trains on; :mod:`narratives.attribution.item_scores`
adds the same attributes' weights from tables. Here both describe random
documents for a model that weighs every attribute either side asks for
(random weights), so an attribute used by one side and not by the other, or
spelled two ways, changes a sum. Every template of
:mod:`narratives.attribution.feature_spec` must occur, and every attribute
must come from one.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from narratives.attribution import feature_spec as spec
from narratives.attribution.crf import LinearChainCRF
from narratives.attribution.features import FeatureExtractor, TokenTable
from narratives.attribution.item_scores import CueRequest, CueScorer, SpanScorer, TokenTypes

LABELS = ["O", "B-SRC", "I-SRC"]
CUE_PRIOR = {"say": 0.9, "tell": 0.6, "claim": 0.3, "deny": 0.1, "allege": 0.03, "accord": 0.01}
WORDS = (
    "the The a minister Minister officials Officials said says told that we We will not fight surrender , . ; : "
    '" “ ” ‘ ’ \' -- — ( ) Anna Petrosyan Russian forces shelled Kharkiv on Monday according to denied it It '
    "claimed 5 2,000 U.S. rebels both sides alleged reporters he He She her attacks must stop They"
).split()
TEXTS = (
    '"We will not surrender," the minister said. Officials, both sides alleged.\n\n'
    "“The attacks must stop,” he told reporters. “They will.”\n\n"
    '"We lost everything." -- Anna Petrosyan',
    "According to officials, Russian forces shelled Kharkiv on Monday. It denied that.",
)


def _tables(seed: int, n: int = 14) -> list[TokenTable]:
    rng = random.Random(seed)
    texts = list(TEXTS)
    for _ in range(n):
        paragraphs = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 70))) for _ in range(rng.randint(1, 3))]
        texts.append("\n\n".join(paragraphs))
    return [TokenTable.build(text) for text in texts]


def _requests(table: TokenTable, rng: random.Random) -> tuple[list[CueRequest], np.ndarray]:
    """Every verb as a cue of one or two tokens, and the mask of all their tokens."""
    requests = [CueRequest(i, min(i + rng.choice((1, 1, 2)), len(table))) for i, tag in enumerate(table.tags) if tag.startswith("VB")]
    mask = np.zeros(len(table), dtype=bool)
    for request in requests:
        mask[request.first : request.stop] = True
    return requests, mask


class _Recording(LinearChainCRF):
    """A model that remembers every attribute it is asked for."""

    def __init__(self, attributes: set[str]) -> None:
        ordered = sorted(attributes)
        super().__init__(LABELS, {a: k for k, a in enumerate(ordered)}, np.zeros((len(ordered) + 1, len(LABELS))), np.zeros((3, 3)))
        self.asked: set[str] = set()

    def row(self, attribute: str) -> int:
        self.asked.add(attribute)
        return super().row(attribute)


def _template(attribute: str, templates: tuple[spec.Template, ...]) -> spec.Template | None:
    """The template that spells ``attribute``: the one with the longest prefix it starts with."""
    found = [t for t in templates if attribute.startswith(t.prefix) and (t.prefix != attribute or not t.separator)]
    return max(found, key=lambda t: len(t.prefix), default=None)


@pytest.fixture(scope="module")
def described():
    """Random documents, their cue requests, and the attributes of both stages as training writes them."""
    rng = random.Random(7)
    extractor = FeatureExtractor(CUE_PRIOR)
    documents = []
    for table in _tables(3):
        pieces = extractor.token_pieces(table)
        requests, mask = _requests(table, rng)
        cue = [sentence for sentence in extractor.cue_features(table, pieces) if sentence]
        spans = []
        for request in requests:
            others = {int(i) for i in np.flatnonzero(mask)} - set(range(request.first, request.stop))
            spans.append(extractor.span_features(table, pieces, request.first, request.stop, others))
        documents.append((table, requests, mask, cue, spans))
    return extractor, documents


def _model(extractor: FeatureExtractor, documents: list, stage: str) -> LinearChainCRF:
    """A model with a random weight for every attribute training writes or the scorer asks for."""
    written = {a for document in documents for item in _items(document, stage) for a in item}
    recording = _Recording(written)
    _scores(recording, extractor, documents, stage)
    attributes = sorted(written | recording.asked)
    weights = np.random.default_rng(11).normal(size=(len(attributes) + 1, len(LABELS)))
    weights[-1] = 0.0
    return LinearChainCRF(LABELS, {a: k for k, a in enumerate(attributes)}, weights, np.zeros((3, 3)))


def _items(document: tuple, stage: str) -> list[list[str]]:
    _, _, _, cue, spans = document
    return [item for sentence in cue for item in sentence] if stage == "cue" else [item for _, window in spans for item in window]


def _scores(crf: LinearChainCRF, extractor: FeatureExtractor, documents: list, stage: str) -> list[np.ndarray]:
    """Each document's item scores from the scorer, in the order of :func:`_items`."""
    scorer = CueScorer(crf, extractor) if stage == "cue" else SpanScorer(crf, extractor)
    types, out = TokenTypes(), []
    for table, requests, mask, _, _ in documents:
        ids = types.ids(table)
        if stage == "cue":
            _, scores, lengths = scorer.scores(table, types, ids)
        else:
            _, scores, lengths = scorer.scores(table, types, ids, requests, mask)
        out.append(np.concatenate([scores[k, 1 : lengths[k]] for k in range(len(lengths))] or [np.empty((0, len(LABELS)))]))
    return out


@pytest.mark.parametrize("stage", ["cue", "span"])
def test_scores_are_the_sums_of_the_training_attributes(described, stage: str) -> None:
    extractor, documents = described
    crf = _model(extractor, documents, stage)
    checked = 0
    for document, scores in zip(documents, _scores(crf, extractor, documents, stage)):
        items = _items(document, stage)
        assert len(items) == len(scores)
        for item, score in zip(items, scores):
            np.testing.assert_allclose(score, crf.vector(*item), rtol=0, atol=1e-9)
            checked += 1
    assert checked > 1000


@pytest.mark.parametrize("stage", ["cue", "span"])
def test_every_attribute_comes_from_a_template_and_every_template_is_used(described, stage: str) -> None:
    _, documents = described
    templates = spec.CUE_TEMPLATES if stage == "cue" else spec.SPAN_TEMPLATES
    used = {}
    for document in documents:
        for item in _items(document, stage):
            for attribute in item:
                used.setdefault(attribute, _template(attribute, templates))
    assert [a for a, t in used.items() if t is None] == []
    assert [t.prefix for t in templates if t not in set(used.values())] == []


def test_templates_spell_the_attributes() -> None:
    assert spec.CUE_HEAD("say", "B") == "cue=say|B"
    assert spec.sided_distance("A", "4-6")("NN") == "A4-6p=NN"
    assert spec.neighbour("w", -1)(spec.EDGE) == "w-1=<edge>"
    assert [spec.distance_bucket(d) for d in (0, 3, 4, 7, 13, 26, 99)] == ["0", "3", "4-6", "7-12", "13-25", "26+", "26+"]
