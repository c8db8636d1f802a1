"""The numpy CRF inference gives crfsuite's own labels and marginals.

The shipped model is trained by crfsuite on feature strings
(:class:`~narratives.attribution.features.FeatureExtractor`); prediction
scores the same attributes from weight tables
(:mod:`narratives.attribution.item_scores`). These tests tag windows and
sentences of the bundled corpus both ways and require the same labels and
marginals (to 1e-4: crfsuite reports its weights to six decimals).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pycrfsuite
import pytest

from narratives.attribution.crf import LinearChainCRF
from narratives.attribution.extract import default_model
from narratives.attribution.item_scores import CueRequest
from narratives.corpus import load
from narratives.tokens import TokenTable

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "karabakh-2020"
START = [["__start__"]]


@pytest.fixture(scope="module")
def documents():
    model = default_model()
    out = []
    for document in list(load(CORPUS))[:6]:
        table = TokenTable.build(document.text)
        out.append((table, model._extractor.token_pieces(table)))
    return out


def _tagger(name: str) -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(default_model().model_dir_ / name))
    return tagger


def _cue_requests(table: TokenTable) -> tuple[list[CueRequest], np.ndarray]:
    """Every token with a verb tag taken as a one-token cue, and the mask of all these cue tokens."""
    verbs = [i for i, tag in enumerate(table.tags) if tag.startswith("VB")][:40]
    mask = np.zeros(len(table), dtype=bool)
    mask[verbs] = True
    return [CueRequest(i, i + 1) for i in verbs], mask


def test_span_scores_equal_crfsuite(documents):
    model = default_model()
    crf, scorer = model._span_crf, model._span_scorer
    tagger = _tagger("span.crfsuite")
    checked = 0
    for table, pieces in documents:
        requests, mask = _cue_requests(table)
        firsts, scores, lengths = scorer.scores(table, model._types, model._types.ids(table), requests, mask)
        paths = crf.viterbi(scores, lengths)
        marginals = crf.marginals(scores, lengths)
        for w, request in enumerate(requests):
            others = {int(i) for i in np.flatnonzero(mask)} - set(range(request.first, request.stop))
            first, features = model._extractor.span_features(table, pieces, request.first, request.stop, others)
            assert first == firsts[w] and len(features) + 1 == lengths[w]
            expected = tagger.tag(START + features)
            assert [crf.labels[k] for k in paths[w, : lengths[w]]] == expected
            for k in range(lengths[w]):
                for j, label in enumerate(crf.labels):
                    assert marginals[w, k, j] == pytest.approx(tagger.marginal(label, k), abs=1e-4)
            checked += 1
    assert checked > 100


def test_cue_scores_equal_crfsuite(documents):
    model = default_model()
    crf, scorer = model._cue_crf, model._cue_scorer
    tagger = _tagger("cue.crfsuite")
    checked = 0
    for table, pieces in documents:
        sentences, scores, lengths = scorer.scores(table, model._types, model._types.ids(table))
        paths = crf.viterbi(scores, lengths)
        marginals = crf.marginals(scores, lengths)
        features = [f for f in model._extractor.cue_features(table, pieces) if f]
        assert len(features) == len(sentences)
        for s, sentence in enumerate(features):
            assert [crf.labels[k] for k in paths[s, : lengths[s]]] == tagger.tag(START + sentence)
            for k in range(lengths[s]):
                for j, label in enumerate(crf.labels):
                    assert marginals[s, k, j] == pytest.approx(tagger.marginal(label, k), abs=1e-4)
            checked += 1
    assert checked > 100


def test_viterbi_pads_shorter_sequences():
    rng = np.random.default_rng(0)
    crf = LinearChainCRF(["a", "b", "c"], {}, np.zeros((1, 3)), rng.normal(size=(3, 3)))
    scores = rng.normal(size=(4, 7, 3))
    lengths = np.array([7, 3, 1, 5])
    batched = crf.viterbi(scores, lengths)
    marginals = crf.marginals(scores, lengths)
    for w, length in enumerate(lengths):
        alone = crf.viterbi(scores[w : w + 1, :length], lengths[w : w + 1])
        assert batched[w, :length].tolist() == alone[0].tolist()
        assert np.allclose(marginals[w, :length].sum(axis=1), 1.0)
        assert np.allclose(marginals[w, :length], crf.marginals(scores[w : w + 1, :length], lengths[w : w + 1])[0])
        assert not marginals[w, length:].any()


def test_predictions_do_not_depend_on_the_cache_bound(monkeypatch):
    from narratives.attribution import item_scores
    from narratives.attribution.model import AttributionModel

    texts = [document.text for document in list(load(CORPUS))[:4]]
    tables = [TokenTable.build(text) for text in texts]
    expected = AttributionModel.load().predict_tables(tables, ["a", "b", "c", "d"])
    monkeypatch.setattr(item_scores, "_CACHE_LIMIT", 5)
    small = AttributionModel.load()
    for _ in range(2):  # the caches are cleared between and during batches
        assert small.predict_tables(tables[:2], ["a", "b"]) + small.predict_tables(tables[2:], ["c", "d"]) == expected


def test_decoding_in_small_batches_gives_the_same_attributions(documents, monkeypatch):
    """A long document is decoded a few thousand sentences and cue windows at a time: the cut changes nothing."""
    from narratives.attribution import model as model_module

    model = default_model()
    tables = [table for table, _ in documents]
    ids = [f"doc{k}" for k in range(len(tables))]
    whole = model.predict_tables(tables, ids)
    monkeypatch.setattr(model_module, "CUE_BATCH", 7)
    monkeypatch.setattr(model_module, "SPAN_BATCH", 5)
    assert model.predict_tables(tables, ids) == whole
    assert sum(map(len, whole)) > 20
