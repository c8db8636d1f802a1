"""Framing features: lexicons, detectors, scores, the transformer, the learned detectors.

Sentences here are our own. Tests marked ``shared`` read the seed article
and the framing validation data in ../shared in place (never copied) and
skip without it.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from narratives import schema
from narratives.attribution.records import Attribution, attributions_to_frame
from narratives.framing import (
    STANCES,
    FramingVectorizer,
    add_framing,
    agentless_passives,
    categories,
    category_docs,
    detect,
    emotive,
    feature_categories,
    framing_hits,
    hedges,
    labels,
    loaded_words,
    scare_quotes,
    score_attributions,
    score_documents,
    score_sentences,
    stance_of,
)
from narratives.framing.learned import (
    TokenCRF,
    is_uncertain,
    loaded_language,
    shipped_loaded_model,
    shipped_models,
)
from narratives.framing.lexicon import LEFT, CompiledFamily, verb_forms
from narratives.framing.lexicon import compiled as compiled_family
from narratives.segment import segment

REPO = Path(__file__).resolve().parents[1]

# ---------------------------------------------------------------- stance


@pytest.mark.parametrize(
    ("cue", "stance"),
    [
        ("said", "neutral"), ("says", "neutral"), ("saying", "neutral"), ("told journalists", "neutral"),
        ("stated", "neutral"), ("reported", "neutral"), ("according to", "neutral"), ("announced", "neutral"),
        ("claimed", "distancing"), ("alleges", "distancing"), ("alleged", "distancing"), ("purported", "distancing"),
        ("contended", "distancing"), ("later claimed", "distancing"),
        ("insisted", "insistence"), ("maintains", "insistence"), ("asserted", "insistence"), ("stressing", "insistence"),
        ("vowed", "commitment_threat"), ("pledges", "commitment_threat"), ("threatened", "commitment_threat"),
        ("warned", "commitment_threat"), ("promising", "commitment_threat"),
        ("denied", "denial"), ("rejects", "denial"), ("dismissed", "denial"), ("refuted", "denial"), ("ruled out", "denial"),
        ("has denied allegations", "denial"),
        ("accused", "accusation"), ("blames", "accusation"), ("charged", "accusation"),
        ("admitted", "confirmation_concession"), ("acknowledges", "confirmation_concession"),
        ("confirmed", "confirmation_concession"), ("conceded", "confirmation_concession"),
        ("revealed", "endorsement"), ("noted", "endorsement"), ("pointed out", "endorsement"), ("showed", "endorsement"),
        ("proved", "endorsement"),
        ("called for", "appeal"), ("calls on", "appeal"), ("urged", "appeal"), ("demanding", "appeal"),
        ("insist", "insistence"), ("call for", "appeal"), ("CLAIMED", "distancing"),
    ],
)
def test_stance_of(cue, stance):
    assert stance_of(cue) == stance


def test_stance_of_unknown_and_empty():
    assert stance_of("banana") == "other"
    assert stance_of("") == "other"
    assert stance_of(None) == "other"
    assert stance_of("called") == "other"  # "called" alone labels, it does not appeal


def test_every_stance_category_is_in_the_lexicon():
    assert set(STANCES) <= set(categories())
    assert all(categories()[s].family == "stance" for s in STANCES)


def test_verb_forms():
    assert {"admit", "admits", "admitted", "admitting"} <= verb_forms("admit")
    assert {"deny", "denies", "denied", "denying"} == verb_forms("deny")
    assert "told" in verb_forms("tell", {"tell": ["told"]})


# ---------------------------------------------------------------- detectors


def _texts(hits):
    return [(h.text, h.category) for h in hits]


def test_hedges_and_boosters():
    text = "Reportedly, at least 4 people died, and more may follow, though it is clearly a lie, officials said on May 20."
    found = _texts(hedges(text))
    assert ("Reportedly", "evidential") in found
    assert ("at least", "approximator") in found
    assert ("may", "hedge") in found
    assert ("clearly", "booster") in found
    assert not any(t == "May" for t, _ in found)  # the month


def test_hedge_context_rules():
    assert not hedges("She appeared in a film in 1999.")
    assert _texts(hedges("The strike appears to have missed.")) == [("appears", "hedge")]
    assert _texts(hedges("Around 300 were evacuated.")) == [("Around", "approximator")]
    assert not hedges("They walked around the town.")


def test_labels_whole_words_only():
    found = _texts(labels("The so-called republic, a breakaway region run by separatists, and the elected government."))
    assert ("so-called", "delegitimising") in found
    assert ("breakaway", "delegitimising") in found
    assert ("separatists", "delegitimising") in found
    assert ("elected", "legitimising") in found
    assert not labels("a pro-regime rally")  # not "regime" inside a hyphenated word


def test_multiword_labels_across_line_breaks():
    text = "the internationally\nrecognized territory"
    (hit,) = labels(text)
    assert hit.category == "legitimising" and text[hit.start : hit.end] == "internationally\nrecognized"


def test_agentless_passives():
    text = "Ganja was hit by missile strikes. Two civilians were killed. The city came under intense rocket fire."
    found = {h.text: h for h in agentless_passives(text)}
    assert set(found) == {"was hit", "were killed", "came under intense rocket fire"}
    assert found["was hit"].detail == "instrument: missile strikes"
    assert found["were killed"].detail is None


def test_passive_with_a_named_agent_is_not_agentless():
    assert agentless_passives("The village was shelled by Azerbaijani forces.") == []
    assert agentless_passives("Stepanakert was attacked by the army on Sunday.") == []
    assert _texts(agentless_passives("The town was shelled by Sunday night.")) == [("was shelled", "agentless_passive")]
    assert _texts(agentless_passives("Three soldiers have been badly wounded.")) == [("been badly wounded", "agentless_passive")]
    # a word of time opens a "by" phrase of time only as a whole word: "Mayor" and "Timur" are agents
    assert agentless_passives("The office was attacked by Mayor Klitschko's critics.") == []
    assert agentless_passives("The convoy was shelled by Timur's unit.") == []
    assert _texts(agentless_passives("The bridge was destroyed by May.")) == [("was destroyed", "agentless_passive")]


def test_scare_quotes():
    text = 'The “liberation” of the town, an "anti-terror operation", was described as “a war that we did not want and will not stop fighting”.'
    found = [h.text for h in scare_quotes(text)]
    assert found == ["“liberation”", '"anti-terror operation"']
    assert scare_quotes("It was ‘justice’, he wrote.")[0].entry == "justice"
    # apostrophes of possessives and contractions do not open or close a quotation
    assert [h.text for h in scare_quotes("The soldiers' families and the Ministers' 'council' met.")] == ["'council'"]
    assert [h.text for h in scare_quotes("It's the 'peace plan' they don't want.")] == ["'peace plan'"]


def test_whole_attributed_quote_is_not_a_scare_quote():
    text = "“Lies,” the minister said. Others spoke of “provocations”."
    content = [(text.index("Lies"), text.index("Lies") + len("Lies,"))]
    assert [h.entry for h in scare_quotes(text)] == ["lies", "provocations"]
    assert [h.entry for h in scare_quotes(text, content)] == ["provocations"]


def test_loaded_and_emotive():
    text = "A barbaric massacre of innocent people; a horrible, tragic day."
    assert [h.entry for h in loaded_words(text)] == ["barbaric", "massacre", "tragic"]
    valences = {h.text: h.value for h in emotive(text)}
    assert valences["horrible"] < -2 and "people" not in valences


def test_detect_returns_every_family_with_valid_offsets():
    text = "The self-proclaimed regime reportedly claimed that 12 civilians were killed in a “cowardly” attack."
    hits = detect(text)
    assert {h.category for h in hits} >= {"delegitimising", "evidential", "casualty", "agentless_passive", "scare_quote", "loaded"}
    for hit in hits:
        assert text[hit.start : hit.end] == hit.text


_PIECES = st.sampled_from(
    ["was hit", " by ", "missiles", "“so-called”", "may", "May 3", "allegedly", "at least", "\n", "civilians",
     "came under fire", "regime", "' ", '"', "clearly", "if", "self-proclaimed", "é", "\u2019", "killed", ". ", " "]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=25).map("".join))
def test_offsets_always_valid(text):
    for hit in detect(text):
        assert 0 <= hit.start < hit.end <= len(text)
        assert text[hit.start : hit.end] == hit.text


def test_detectors_are_fast_enough():
    import time

    text = ("The self-proclaimed republic reportedly said civilians were killed. " * 2000)
    started = time.perf_counter()
    detect(text)
    assert time.perf_counter() - started < 5  # ~20,000 words


# ---------------------------------------------------------------- documentation


def test_every_category_is_documented():
    docs = category_docs()
    assert set(docs) == set(categories())
    for name, doc in docs.items():
        assert doc["definition"] and doc["effect"] and doc["literature"], name
    markdown = category_docs("markdown")
    assert "**Distancing**" in markdown and "Hutto" in markdown


def test_docs_page_covers_every_category():
    page = (REPO / "docs" / "framing.md").read_text(encoding="utf-8")
    for name, category in categories().items():
        assert f"`{name}`" in page, name
        assert category.label in page, name


# ---------------------------------------------------------------- scores

TEXT = (
    "“New strikes are targeting the city,” the self-proclaimed republic's Foreign Ministry said. "
    "It later claimed that civilians were killed. "
    "The elected government insisted that the town came under heavy fire."
)
DOC = "d1"


def _attributions():
    def span(s, occurrence=0):
        start = -1
        for _ in range(occurrence + 1):
            start = TEXT.index(s, start + 1)
        return (start, start + len(s))

    ministry = span("the self-proclaimed republic's Foreign Ministry")
    records = [
        Attribution(DOC, "a1", cue=(span("said"),), source=(ministry,), content=(span("New strikes are targeting the city,"),), sentence=0, cue_lemma="say"),
        Attribution(DOC, "a2", cue=(span("later claimed"),), source=(span("It"),), content=(span("that civilians were killed"),), sentence=1, resolved_source=ministry, cue_lemma="later claim"),
        Attribution(DOC, "a3", cue=(span("insisted"),), source=(span("The elected government"),), content=(span("that the town came under heavy fire"),), sentence=2, cue_lemma="insist"),
    ]
    return attributions_to_frame(records, {DOC: TEXT})


def test_score_attributions():
    scored = score_attributions(_attributions(), {DOC: TEXT})
    assert scored["stance"].tolist() == ["neutral", "distancing", "insistence"]
    assert scored["source_delegitimising"].tolist() == [1, 1, 0]  # "It" carries its antecedent's label
    assert scored["source_legitimising"].tolist() == [0, 0, 1]
    assert scored.loc[0, "source_labels"] == "delegitimising:self-proclaimed"
    assert scored["content_agentless_passive"].tolist() == [0, 1, 1]
    assert scored["content_casualty"].tolist() == [0, 2, 0]  # civilians, killed
    for row in scored.itertuples():
        for start, end, category, entry in schema.hits(row.framing_hits):
            assert TEXT[start:end].lower().replace("\n", " ").startswith(entry.split()[0][:3]) or category in ("agentless_passive", "scare_quote")


def test_label_hit_points_into_the_source_span():
    scored = score_attributions(_attributions(), {DOC: TEXT})
    row = scored.iloc[0]
    (label,) = [h for h in schema.hits(row["framing_hits"]) if h[2] == "delegitimising"]
    assert row["source_start"] <= label[0] < label[1] <= row["source_end"]
    assert TEXT[label[0] : label[1]] == "self-proclaimed"


def test_sentences_and_documents():
    texts = {DOC: TEXT}
    attributions = _attributions()
    sentences = segment(TEXT).to_frame(DOC)
    documents = pd.DataFrame({"doc_id": [DOC], "outlet": ["x"]})
    scored, sent, docs = add_framing(texts, attributions, sentences, documents)
    assert list(sent.columns[: len(sentences.columns)]) == list(sentences.columns)
    assert sent["stance_neutral"].tolist() == [1, 0, 0]
    assert sent["stance_distancing"].tolist() == [0, 1, 0]
    assert sent["delegitimising"].tolist() == [1, 0, 0]
    assert docs.loc[0, "agentless_passive"] == 2 and docs.loc[0, "stance_insistence"] == 1
    assert docs.loc[0, "n_words"] > 20 and docs.loc[0, "casualty_per_1k_words"] > 0
    # the separate functions agree with add_framing
    pd.testing.assert_frame_equal(score_sentences(sentences, texts, attributions), sent)
    pd.testing.assert_frame_equal(score_documents(documents, texts, attributions), docs)


def test_empty_tables_keep_their_columns():
    empty = _attributions().iloc[0:0]
    scored = score_attributions(empty, {})
    assert "stance" in scored.columns and len(scored) == 0
    sentences = segment(TEXT).to_frame(DOC)
    scored, sent, _ = add_framing({DOC: TEXT}, empty, sentences)
    assert sent["stance_neutral"].sum() == 0 and sent["delegitimising"].sum() == 1


def test_missing_text_is_an_error():
    from narratives.errors import DataError

    with pytest.raises(DataError):
        score_attributions(_attributions(), {})


def test_framing_hits_table():
    table = framing_hits({DOC: TEXT})
    assert {"doc_id", "start", "end", "text", "category", "entry"} <= set(table.columns)
    for row in table.itertuples():
        assert TEXT[row.start : row.end] == row.text


# ---------------------------------------------------------------- transformer

TRAIN_TEXTS = [
    "The self-proclaimed regime allegedly shelled civilians in a barbaric attack.",
    "The ministry said talks would resume on Monday.",
    "Separatist militants reportedly fired on the so-called border.",
    "Officials announced a new trade agreement.",
] * 3
TRAIN_Y = [1, 0, 1, 0] * 3


def test_vectorizer_in_a_pipeline():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    pipe = Pipeline([("framing", FramingVectorizer()), ("clf", LogisticRegression())]).fit(TRAIN_TEXTS, TRAIN_Y)
    assert pipe.predict(["Rebels allegedly attacked the self-proclaimed capital."]).tolist() == [1]
    names = pipe.named_steps["framing"].get_feature_names_out()
    assert list(names) == [*feature_categories(), "valence"]
    assert pipe[:-1].get_feature_names_out().tolist() == list(names)


def test_vectorizer_entries_and_normalize():
    vec = FramingVectorizer(entries=True, min_df=3, normalize="length").fit(TRAIN_TEXTS)
    assert "entry=delegitimising:self-proclaimed" in vec.get_feature_names_out()
    assert all(e.count(":") >= 1 for e in vec.vocabulary_)
    X = vec.transform(["The self-proclaimed regime."])
    assert X.shape == (1, vec.n_features_out_) and 0 < X.max() <= 1


def test_vectorizer_on_attributions():
    table = score_attributions(_attributions(), {DOC: TEXT})
    vec = FramingVectorizer(input="attributions").fit(table)
    X = vec.transform(table)
    names = list(vec.get_feature_names_out())
    assert X.shape == (3, len(names))
    assert X[0, names.index("stance=neutral")] == 1 and X[1, names.index("stance=distancing")] == 1
    assert X[1, names.index("source_delegitimising")] == 1
    assert "texts" not in vec.get_params()  # data is no hyper-parameter


def test_vectorizer_on_attributions_with_entries():
    table = score_attributions(_attributions(), {DOC: TEXT})
    vec = FramingVectorizer(input="attributions", entries=True).fit(table)
    names = list(vec.get_feature_names_out())
    assert "entry=delegitimising:self-proclaimed" in names
    X = vec.transform(table)
    assert X[:, names.index("entry=delegitimising:self-proclaimed")].tolist() == [1, 1, 0]


def test_vectorizer_rejects_bad_input():
    with pytest.raises(ValueError):
        FramingVectorizer(input="pdf").fit(TRAIN_TEXTS)
    with pytest.raises(ValueError):
        FramingVectorizer().fit("one string")
    with pytest.raises(ValueError):
        FramingVectorizer(categories=["nope"]).fit(TRAIN_TEXTS)
    with pytest.raises(ValueError):
        FramingVectorizer(input="attributions").fit(_attributions())  # not scored
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        FramingVectorizer().transform(TRAIN_TEXTS)


# The estimator checks that apply to a transformer of strings: those about
# parameters, cloning, representation and tags. The rest feed numeric
# arrays and do not apply (FramingVectorizer declares string input).
APPLICABLE_CHECKS = (
    "check_no_attributes_set_in_init",
    "check_parameters_default_constructible",
    "check_get_params_invariance",
    "check_set_params",
    "check_estimator_cloneable",
    "check_estimator_repr",
    "check_estimator_tags_renamed",
    "check_valid_tag_types",
    "check_mixin_order",
)


@pytest.mark.parametrize("name", APPLICABLE_CHECKS)
def test_sklearn_estimator_checks(name):
    from sklearn.utils import estimator_checks

    check = getattr(estimator_checks, name)
    check(type(FramingVectorizer()).__name__, FramingVectorizer())


def test_check_estimator_runs_what_applies_to_string_input():
    """check_estimator itself, given the string-input tag, runs only check_estimator_cloneable (and it passes);
    the numeric checks are skipped by sklearn, so the API checks above are run one by one."""
    import warnings

    from sklearn.utils.estimator_checks import check_estimator

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = check_estimator(FramingVectorizer(), on_fail=None)
    failed = [r for r in results if r["status"] == "failed"]
    ran = [r["check_name"] for r in results if r["status"] == "passed"]
    assert not failed, [(r["check_name"], str(r["exception"])[:200]) for r in failed]
    assert "check_estimator_cloneable" in ran


def test_vectorizer_clone_and_params():
    from sklearn.base import clone

    vec = FramingVectorizer(categories=["hedge", "booster"], normalize="length")
    twin = clone(vec)
    assert twin.get_params() == vec.get_params() and not hasattr(twin, "categories_")
    assert twin.fit(TRAIN_TEXTS).transform(TRAIN_TEXTS).shape == (len(TRAIN_TEXTS), 3)


# ---------------------------------------------------------------- learned detectors


def test_shipped_models_load():
    assert "uncertainty" in shipped_models()
    assert shipped_loaded_model() is not None


def test_uncertainty_on_our_sentences():
    assert is_uncertain("The strike may have hit a school.")
    assert is_uncertain("It is unclear whether the town was shelled.")
    assert not is_uncertain("The ministry published the figures on Monday.")


def test_loaded_language_offsets():
    text = "The corrupt, tyrannical regime and its cowardly thugs lied again. Talks resume on Monday."
    hits = loaded_language(text)
    assert hits
    for hit in hits:
        assert text[hit.start : hit.end] == hit.text and 0 <= hit.value <= 1


def test_crf_marginals_match_crfsuite(tmp_path):
    """Our numpy forward-backward gives crfsuite's own marginals."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    rng = np.random.default_rng(0)
    for _ in range(40):
        words = rng.choice(["bad", "evil", "the", "talks", "good", "vile"], size=6)
        trainer.append([{f"w={w}": 1.0, "bias": 1.0} for w in words], ["I" if w in ("bad", "evil", "vile") else "O" for w in words])
    trainer.set_params({"c2": 1.0, "max_iterations": 50, "feature.possible_transitions": True})
    path = str(tmp_path / "toy.crfsuite")
    trainer.train(path)
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    info = tagger.info()
    state: dict = {}
    for (attr, label), w in info.state_features.items():
        state.setdefault(attr, [0.0, 0.0])[label == "I"] = w
    trans = [[0.0, 0.0], [0.0, 0.0]]
    for (a, b), w in info.transitions.items():
        trans[a == "I"][b == "I"] = w
    model = TokenCRF({k: tuple(v) for k, v in state.items()}, (tuple(trans[0]), tuple(trans[1])), 0.5)
    seq = [{"w=bad": 1.0, "bias": 1.0}, {"w=the": 1.0, "bias": 1.0}, {"w=vile": 1.0, "bias": 1.0}, {"w=talks": 1.0, "bias": 1.0}]
    ours = model.marginals(seq)
    tagger.set(seq)
    theirs = [tagger.marginal("I", i) for i in range(len(seq))]
    np.testing.assert_allclose(ours, theirs, atol=1e-6)


# ---------------------------------------------------------------- seed article (../shared)

SEED_STANCES = {
    "reported": "neutral", "said": "neutral", "stated": "neutral", "told": "neutral",
    "claimed": "distancing", "alleged": "distancing", "insisted": "insistence", "vowed": "commitment_threat",
    "denied": "denial", "accused": "accusation", "confirmed": "confirmation_concession", "called for": "appeal",
}


@pytest.fixture(scope="module")
def seed(shared: Path):
    from narratives import attribute

    text = next((shared / "seed").glob("*.txt")).read_text(encoding="utf-8")
    table = attributions_to_frame([a for a in attribute(text)], {"": text})
    table["doc_id"] = "seed"
    return text, score_attributions(table, {"seed": text})


@pytest.mark.shared
@pytest.mark.parametrize(("verb", "stance"), sorted(SEED_STANCES.items()))
def test_seed_cue_stance(seed, verb, stance):
    text, scored = seed
    occurrences = [m.span() for m in re.finditer(rf"\b{verb}\b", text)]
    assert occurrences, verb
    assert stance_of(verb) == stance
    for start, end in occurrences:
        rows = scored[(scored["cue_start"] <= start) & (scored["cue_end"] >= end)]
        assert len(rows) == 1, f"{verb!r} at {start} is not a cue"
        assert rows["stance"].iloc[0] == stance, (verb, rows["cue_text"].iloc[0])


@pytest.mark.shared
@pytest.mark.parametrize("label", ["self-proclaimed", "unrecognized"])
def test_seed_delegitimising_labels_attach_to_the_source(seed, label):
    text, scored = seed
    with_label = scored[scored["source_labels"].str.contains(f"delegitimising:{label}")]
    assert len(with_label), f"{label!r} is not attached to any source"
    for row in with_label.to_dict("records"):
        spans = [(row["source_start"], row["source_end"])]
        if not pd.isna(row["resolved_start"]):
            spans.append((row["resolved_start"], row["resolved_end"]))
        hits = [h for h in schema.hits(row["framing_hits"]) if h[2] == "delegitimising" and h[3] == label]
        assert hits and all(any(a <= s and e <= b for a, b in spans) for s, e, _, _ in hits)
        assert all(text[s:e] == label for s, e, _, _ in hits)
    sources = " ".join(with_label["source_text"]) + " ".join(with_label["resolved_text"].dropna())
    assert "Foreign Ministry" in sources or "region" in sources


@pytest.mark.shared
@pytest.mark.parametrize("phrase", ["was hit", "came under intense rocket fire"])
def test_seed_agentless_passives(seed, phrase):
    text, _ = seed
    assert phrase in [h.text for h in agentless_passives(text)]


# ---------------------------------------------------------------- validation floors (../shared)


@pytest.mark.shared
def test_uncertainty_floor_on_held_out_documents(shared: Path):
    from narratives.framing.datasets import read_wikiweasel, score_uncertain_sentences, split_ids

    sentences = read_wikiweasel(shared / "framing" / "wikiweasel.jsonl")
    _, held_out = split_ids(s.doc_id for s in sentences)
    result = score_uncertain_sentences([s for s in sentences if s.doc_id in held_out], is_uncertain)
    assert result["f1"] >= 0.80, result


@pytest.mark.shared
def test_loaded_language_floor_on_held_out_articles(shared: Path):
    from narratives.framing.datasets import read_ptc, score_tokens, split_ids

    articles = read_ptc(shared / "framing" / "ptc")
    _, held_out = split_ids(a.article_id for a in articles)
    result = score_tokens([a for a in articles if a.article_id in held_out], lambda t: [(h.start, h.end) for h in loaded_language(t)])
    assert result["f1"] >= 0.25, result


def test_docs_legend_matches_the_lexicon_headers():
    page = (REPO / "docs" / "framing.md").read_text(encoding="utf-8")
    legend = page.split("<!-- legend:start -->\n", 1)[1].split("<!-- legend:end -->", 1)[0]
    assert legend == category_docs("markdown"), "regenerate the legend in docs/framing.md from category_docs('markdown')"


@pytest.mark.parametrize("module", ["lexicon", "detect", "vectorizer"])
def test_doctests_pass(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(f"narratives.framing.{module}"))
    assert result.failed == 0 and result.attempted > 0


_PATTERN_WORDS = re.findall(r"[a-z]+", " ".join(r.pattern for f in ("hedges", "violence") for r, _, _ in compiled_family(f).patterns))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(sorted(set(_PATTERN_WORDS)) + ["20", ",", ".", "Officials", "-", "\n"]), max_size=40))
def test_pattern_matches_equal_each_patterns_own_finditer(words):
    # One candidate scan for all of a family's patterns must find exactly what each pattern finds alone,
    # overlapping matches of different patterns included.
    texts = [" ".join(words), *(p.read_text(encoding="utf-8") for p in sorted((REPO / "corpora/karabakh-2020/text").glob("*.txt"))[:3])]
    for family in ("hedges", "violence"):
        matcher = compiled_family(family)
        for text in texts:
            alone = sorted((m.span(), category, entry) for regex, category, entry in matcher.patterns for m in regex.finditer(text))
            together = sorted((m.span(), category, entry) for m, category, entry in matcher.pattern_matches(text))
            assert together == alone


def _pattern_spans(bodies: list[str], text: str) -> list[tuple[tuple[int, int], str]]:
    patterns = tuple((re.compile(LEFT + body, re.IGNORECASE), "c", f"e{k}") for k, body in enumerate(bodies))
    matcher = CompiledFamily(None, None, {}, patterns, re.compile(LEFT + "(?=" + "|".join(bodies) + ")", re.IGNORECASE))
    return sorted((m.span(), entry) for m, _, entry in matcher.pattern_matches(text))


def test_pattern_matches_keep_several_patterns_at_one_place_but_never_overlap_one_pattern():
    bodies = [r"it\s+is(?![\w\-])", r"it\s+is\s+feared(?![\w\-])", r"is\s+feared(?![\w\-])"]
    found = _pattern_spans(bodies, "It is feared that it is so; it is.")
    assert found == [((0, 5), "e0"), ((0, 12), "e1"), ((3, 12), "e2"), ((18, 23), "e0"), ((28, 33), "e0")]
    assert _pattern_spans([r"no\s+no(?![\w\-])"], "no no no no no") == [((0, 5), "e0"), ((6, 11), "e0")]  # as finditer


def test_pattern_matches_without_candidate_scan_give_each_patterns_finditer():
    # Patterns with groups are scanned one by one (pattern_starts None): same results.
    patterns = ((re.compile(LEFT + r"(?P<w>no)\s+(?P=w)", re.IGNORECASE), "c", "e0"), (re.compile(LEFT + r"(no)\b", re.IGNORECASE), "c", "e1"))
    matcher = CompiledFamily(None, None, {}, patterns, None)
    assert sorted((m.span(), entry) for m, _, entry in matcher.pattern_matches("no no no")) == [((0, 2), "e1"), ((0, 5), "e0"), ((3, 5), "e1"), ((6, 8), "e1")]
