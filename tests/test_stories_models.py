"""Story models (frames, narratives): the estimator, its parameters, the CLI and the analyze columns.

Every text here is our own: small synthetic articles written for these tests.
"""

from __future__ import annotations

import math
import random
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.feature_extraction.text import CountVectorizer

from narratives import schema
from narratives.cli import main
from narratives.corpus import Document
from narratives.errors import DataError, InputError
from narratives.pipeline import analyze
from narratives.stories.classifier import StoryClassifier
from narratives.stories.evaluate import label_f1, samples_f1
from narratives.stories.headline import MAX_HEADLINE_WORDS, headline
from narratives.stories.join import story_columns
from narratives.stories.labelled import read_labelled
from narratives.stories.model import StoryModel, decode, label_matrix, output_columns, with_none
from narratives.stories.ngrams import _TOKEN, TOKEN_PATTERN, ngram_counts
from narratives.stories.params import load_model, save_model, shipped_model
from narratives.stories.taxonomy import load_taxonomy, shipped_taxonomy

THEMES = {
    "War": "troops tanks shelled the front artillery soldiers advanced drones struck the base",
    "Trade": "prices rose exports fell the budget deficit markets traders tariffs grain deal",
    "Courts": "the judge ruled the court heard lawyers appealed the verdict prosecutors charged",
}
FILLER = ["on", "monday", "officials", "in", "the", "region", "said", "that", "the", "week", "had", "been", "long", "and", "that", "more", "news", "would", "follow"]

TAXONOMY = """
name = "toy"
title = "Toy stories"
[[label]]
name = "Conflict"
definition = "Fighting."
[[label]]
name = "Conflict: Armies"
parent = "Conflict"
[[label]]
name = "Conflict: Other"
parent = "Conflict"
[[label]]
name = "Money"
definition = "Money matters."
[[label]]
name = "Money: Trade"
parent = "Money"
"""


def _article(rng: np.random.Generator, themes: list[str]) -> str:
    words = list(rng.choice(FILLER, 30))
    for theme in themes:
        words += list(rng.choice(THEMES[theme].split(), 12))
    rng.shuffle(words)
    return " ".join(words).capitalize() + "."


def _corpus(n: int = 36, seed: int = 0) -> tuple[list[str], np.ndarray]:
    rng = np.random.default_rng(seed)
    texts, y = [], []
    names = list(THEMES)
    for i in range(n):
        chosen = [names[i % 3]] + ([names[(i + 1) % 3]] if i % 4 == 0 else [])
        texts.append(_article(rng, chosen))
        y.append([int(name in chosen) for name in names])
    return texts, np.array(y)


@pytest.fixture(scope="module")
def fitted() -> tuple[StoryClassifier, list[str], np.ndarray]:
    texts, y = _corpus()
    return StoryClassifier(inner_cv=3, min_df=1).fit(texts, y), texts, y


def test_estimator_interface(fitted) -> None:
    model, texts, y = fitted
    params = model.get_params()
    assert params["inner_cv"] == 3 and params["min_df"] == 1
    fresh = clone(model)
    assert not hasattr(fresh, "coef_") and fresh.get_params() == params
    assert fresh.fit(texts, y) is fresh
    assert np.allclose(fresh.predict_proba(texts[:3]), model.predict_proba(texts[:3]))
    assert model.coef_.shape == (3, len(model.features_.vocabulary)) and model.alpha_ in model.alphas


def test_predictions_follow_the_themes(fitted) -> None:
    model, _, _ = fitted
    rng = np.random.default_rng(7)
    new = [_article(rng, ["War"]), _article(rng, ["Trade"]), _article(rng, ["Courts", "War"])]
    predicted = model.predict(new)
    assert predicted.tolist() == [[1, 0, 0], [0, 1, 0], [1, 0, 1]]


def test_span_probabilities(fitted) -> None:
    model, _, _ = fitted
    text = "Officials said on monday. The judge ruled and the lawyers appealed the verdict. Prices rose."
    start = text.index("The judge")
    end = text.index(" Prices")
    p = model.predict_proba([text[start:end], text])
    assert p.shape == (2, 3) and ((p >= 0) & (p <= 1)).all()
    assert p[0].argmax() == 2
    assert model.predict_proba([""]).shape == (1, 3)


def test_bad_training_input_is_refused() -> None:
    with pytest.raises(ValueError, match="one string"):
        StoryClassifier().fit("one text", [[1]])
    with pytest.raises(ValueError, match="0/1 matrix"):
        StoryClassifier(inner_cv=2).fit(["a b", "c d"], [1, 0])
    with pytest.raises(ValueError, match="inner_cv"):
        StoryClassifier(inner_cv=5).fit(["a b", "c d"], [[1], [0]])


def test_headline_is_a_first_line_before_a_blank_line() -> None:
    assert headline("Troops cross the river\n\nThe army said on Monday that...") == "Troops cross the river"
    assert headline("  Troops cross the river \r\n \r\nThe army said...") == "Troops cross the river"
    assert headline("Troops cross the river\nThe army said on Monday.") == ""  # no blank line after it
    assert headline("The army said troops crossed the river.") == ""  # a statement's content
    assert headline("\n\nTroops cross the river\n\nBody.") == ""
    long_line = " ".join(["word"] * (MAX_HEADLINE_WORDS + 1))
    assert headline(long_line + "\n\nBody.") == ""
    assert headline(" ".join(["word"] * MAX_HEADLINE_WORDS) + "\n\nBody.") == " ".join(["word"] * MAX_HEADLINE_WORDS)


def test_headline_weight_counts_the_headline_more() -> None:
    rng = np.random.default_rng(5)
    texts, y = _corpus()
    # Headlines of one theme over bodies of another: only a model that weighs headlines follows the headline.
    names = list(THEMES)
    titled = [f"{' '.join(rng.choice(THEMES[names[(i + 1) % 3]].split(), 5))}\n\n{text}" for i, text in enumerate(texts)]
    y_titled = np.roll(y, 1, axis=1)  # the headline's theme is the label
    plain, weighted = (StoryClassifier(inner_cv=3, min_df=1, headline_weight=w).fit(titled, y_titled) for w in (0.0, 8.0))
    features = weighted.features_
    troops = features.vocabulary.index("troops")
    text = "Troops advance\n\nprices rose troops"
    assert features.counts([text])[0, troops] == 1 + 1 + 8.0  # twice in the text, and the headline's one counted 8 more times
    assert plain.features_.counts([text])[0, troops] == 2.0
    new = [f"{' '.join(rng.choice(THEMES['War'].split(), 5))}\n\n{_article(rng, ['Trade'])}" for _ in range(6)]
    assert (weighted.predict_proba(new)[:, 0] > plain.predict_proba(new)[:, 0]).all()
    with pytest.raises(ValueError, match="headline_weight"):
        StoryClassifier(inner_cv=3, headline_weight=-1).fit(texts, y)


def _taxonomy_file(tmp_path: Path) -> Path:
    path = tmp_path / "toy.toml"
    path.write_text(TAXONOMY, encoding="utf-8")
    return path


@pytest.mark.parametrize("ngrams", [(1, 1), (1, 2), (2, 3), (1, 3)])
def test_ngram_counts_match_scikit_learn(ngrams: tuple[int, int]) -> None:
    texts = [
        "Don't stop_the l'année: ÉTÉ été 2022 a b c",
        "",
        "x",
        "Hello hello, world! naïve Café café -- hello world",
        "one two\nthree\tfour  five one two",
        "Kyiv's forces; Kiev's forces.",
    ]
    fitted = CountVectorizer(ngram_range=ngrams).fit(texts)
    kept = sorted(fitted.vocabulary_)[::-1][::3]  # some n-grams left out, columns not in alphabetical order
    vocabulary = {term: column for column, term in enumerate(kept)}
    expected = CountVectorizer(ngram_range=ngrams, vocabulary=vocabulary).transform(texts)
    found = ngram_counts(texts, vocabulary, ngrams)
    assert found.shape == expected.shape == (len(texts), len(kept))
    assert expected.nnz > 0 and (found != expected).nnz == 0
    assert ngram_counts([], vocabulary, ngrams).shape == (0, len(kept))


def test_token_finder_finds_the_tokens_of_the_token_pattern() -> None:
    alphabet = "ab_1 ,.'\u00e9\u0301\u0307\u2019-\n\u0663\u4e00\u200d\U0001d400"
    rng = random.Random(0)
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert _TOKEN.findall(text) == re.findall(TOKEN_PATTERN, text), text


def test_long_texts_are_counted_in_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    import narratives.stories.ngrams as ngrams

    texts = ["the town was shelled again and the town burned", "x", "peace talks in the town the town"] * 3
    fitted = CountVectorizer(ngram_range=(1, 3)).fit(texts)
    expected = CountVectorizer(ngram_range=(1, 3), vocabulary=fitted.vocabulary_).transform(texts)
    monkeypatch.setattr(ngrams, "BATCH_CHARACTERS", 10)  # pieces cut inside "the town" n-grams
    monkeypatch.setattr(ngrams, "BATCH_TOKENS", 7)
    found = ngram_counts(texts, fitted.vocabulary_, (1, 3))
    assert (found != expected).nnz == 0


def test_ngrams_do_not_run_across_texts() -> None:
    counts = ngram_counts(["she said hello", "world peace", "hello world"], {"hello world": 0, "said hello world": 1}, (1, 3))
    assert counts.toarray().tolist() == [[0.0, 0.0], [0.0, 0.0], [1.0, 0.0]]


def test_save_load_round_trip(tmp_path: Path, fitted) -> None:
    taxonomy_path = _taxonomy_file(tmp_path)
    taxonomy = load_taxonomy(taxonomy_path)
    texts, _ = _corpus()
    y = np.zeros((len(texts), len(taxonomy.names)), dtype=int)
    y[:, 0] = y[:, 1] = [("troops" in t or "tanks" in t) for t in texts]
    y[:, 3] = y[:, 4] = [("prices" in t or "exports" in t) for t in texts]
    model = StoryModel(taxonomy, StoryClassifier(inner_cv=3, min_df=1).fit(texts, with_none(y)))
    path = save_model(model, tmp_path / "toy.npz", taxonomy_path, {"articles": len(texts)})
    with np.load(path, allow_pickle=False) as arrays:
        assert {"vocabulary", "idf", "coef", "thresholds", "link_coef", "meta"} <= set(arrays.files)
    loaded = load_model(path)
    assert loaded.taxonomy == taxonomy
    assert np.allclose(loaded.probabilities(texts), model.probabilities(texts), atol=1e-5)
    assert loaded.predict(texts) == model.predict(texts)
    assert loaded.classifier.get_params() == model.classifier.get_params()
    titled = [f"Tanks and troops\n\n{text}" for text in texts]
    model = StoryModel(taxonomy, StoryClassifier(inner_cv=3, min_df=1, headline_weight=3.0).fit(titled, with_none(y)))
    loaded = load_model(save_model(model, tmp_path / "titled.npz", taxonomy_path))
    assert loaded.classifier.headline_weight == 3.0
    assert np.allclose(loaded.probabilities(titled), model.probabilities(titled), atol=1e-5)


def test_threshold_decoding_follows_the_hierarchy(tmp_path: Path) -> None:
    taxonomy = load_taxonomy(_taxonomy_file(tmp_path))
    assert output_columns(taxonomy) == ["Conflict", "Money", "Conflict: Armies", "Conflict: Other", "Money: Trade", "Other"]
    p = np.array(
        [
            [0.9, 0.1, 0.2, 0.3, 0.1, 0.1],  # a coarse label without a fine one above threshold: its most probable one
            [0.1, 0.6, 0.1, 0.1, 0.8, 0.1],
            [0.1, 0.1, 0.1, 0.1, 0.1, 0.1],  # no label at all: Other
            [0.9, 0.1, 0.9, 0.1, 0.1, 0.7],  # Other above its threshold wins over any label
            [0.1, 0.2, 0.9, 0.1, 0.9, 0.1],  # fine labels alone do not make a coarse one
            [0.7, 0.6, 0.6, 0.55, 0.1, 0.1],
        ]
    )
    sets = decode(taxonomy, p, np.full(6, 0.5))
    assert sets.coarse == [{"Conflict"}, {"Money"}, {"Other"}, {"Other"}, {"Other"}, {"Conflict", "Money"}]
    assert sets.fine == [{"Conflict: Other"}, {"Money: Trade"}, {"Other"}, {"Other"}, {"Other"}, {"Conflict: Armies", "Conflict: Other", "Money: Trade"}]


def _plug_in_f1(chosen: list[int], level: list[int], q: np.ndarray) -> float:
    """2 x the chosen labels' probabilities / (their number + the level's expected gold size)."""
    return 2 * q[chosen].sum() / (len(chosen) + q[level].sum())


def test_narrative_sets_maximise_the_expected_f1(tmp_path: Path) -> None:
    taxonomy = load_taxonomy(_taxonomy_file(tmp_path))
    model = StoryModel(taxonomy, StoryClassifier())  # a two-level taxonomy: no thresholds are used
    p = np.array(
        [
            [0.15, 0.05, 0.1, 0.05, 0.05, 0.8],  # Other is likely
            [0.75, 0.05, 0.6, 0.2, 0.05, 0.2],  # one narrative, one clear sub-narrative
            [0.8, 0.8, 0.7, 0.1, 0.75, 0.1],  # two narratives
            [0.7, 0.05, 0.05, 0.1, 0.02, 0.25],  # a narrative whose sub-narratives are all unlikely still brings its most probable one
        ]
    )
    sets = model.label_sets(p)
    assert sets.coarse == [{"Other"}, {"Conflict"}, {"Conflict", "Money"}, {"Conflict"}]
    assert sets.fine == [{"Other"}, {"Conflict: Armies"}, {"Conflict: Armies", "Money: Trade"}, {"Conflict: Other"}]
    # Against exhaustive search: for the k most probable narratives (each with at least its most
    # probable sub-narrative), every subset of their sub-narratives, and Other.
    rng = np.random.default_rng(0)
    rows = rng.uniform(0, 1, (300, 6)) ** rng.uniform(0.5, 3, (300, 1))
    sets = model.label_sets(rows)
    names, coarse, fine = taxonomy.names, [0, 1], [2, 3, 4]
    children = {0: [2, 3], 1: [4]}
    for row, got_coarse, got_fine in zip(rows, sets.coarse, sets.fine):
        q = np.minimum(row[:5] / (1 - row[5]), 1.0)
        best, best_sets = 2 * row[5], ({"Other"}, {"Other"})
        for k in (1, 2):
            top = sorted(coarse, key=lambda c: -q[c])[:k]
            allowed = [f for c in top for f in children[c]]
            forced = {max(children[c], key=lambda f: q[f]) for c in top}
            for mask in range(1, 2 ** len(allowed)):
                chosen = [f for b, f in enumerate(allowed) if mask >> b & 1]
                if forced <= set(chosen):
                    value = (1 - row[5]) * (_plug_in_f1(top, coarse, q) + _plug_in_f1(chosen, fine, q))
                    if value > best + 1e-12:
                        best, best_sets = value, ({names[c] for c in top}, {names[f] for f in chosen})
        assert (got_coarse, got_fine) == best_sets


def test_measures() -> None:
    gold = [frozenset({"A"}), frozenset({"A", "B"}), frozenset({"Other"})]
    predicted = [frozenset({"A"}), frozenset({"B"}), frozenset({"A"})]
    assert samples_f1(gold, predicted) == pytest.approx((1 + 2 / 3 + 0) / 3)
    assert label_f1(gold, predicted, "A") == (pytest.approx(2 * 1 / (2 + 2)), 2)


def _labelled_folder(folder: Path, hierarchical: bool) -> Path:
    rng = np.random.default_rng(3)
    (folder / "articles").mkdir(parents=True)
    rows = ["id\tnarrative\tsubnarrative" if hierarchical else "id\tframes"]
    for i in range(18):
        theme = ["War", "Trade", "Courts"][i % 3]
        (folder / "articles" / f"a{i}.txt").write_text(f"Title {i}\n{_article(rng, [theme])}\n", encoding="utf-8")
        if hierarchical:
            rows.append({"War": f"a{i}\tConflict\tConflict: Armies", "Trade": f"a{i}\tMoney\tMoney: Trade", "Courts": f"a{i}\tOther\tOther"}[theme])
        else:
            rows.append(f"a{i}\t" + {"War": "Conflict", "Trade": "Money", "Courts": "Money,Conflict"}[theme])
    (folder / "labels.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("hierarchical", [True, False])
def test_cli_train_on_a_labelled_folder(tmp_path: Path, hierarchical: bool) -> None:
    data = _labelled_folder(tmp_path / "data", hierarchical)
    taxonomy = _taxonomy_file(tmp_path)
    out = tmp_path / "model" / "toy.npz"
    assert main(["train-narratives", "--taxonomy", str(taxonomy), "--data", str(data), "--out", str(out), "--inner-cv", "3", "-q"]) == 0
    assert (out.parent / "toy.toml").is_file()
    model = load_model(out)
    labelled = read_labelled(data)
    assert label_matrix(model.taxonomy, labelled).shape == (18, 5)
    rng = np.random.default_rng(11)
    predicted = model.predict([_article(rng, ["War"]), _article(rng, ["Trade"])])
    assert "Conflict" in predicted.coarse[0] and "Money" in predicted.coarse[1]
    if hierarchical:
        assert predicted.fine[0] == {"Conflict: Armies"}


def test_cli_errors_are_coded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _labelled_folder(tmp_path / "data", hierarchical=False)
    taxonomy = _taxonomy_file(tmp_path)
    with (data / "labels.tsv").open("a", encoding="utf-8") as handle:
        handle.write("a1\tSport\n")
    assert main(["train-narratives", "--taxonomy", str(taxonomy), "--data", str(data), "--out", str(tmp_path / "m.npz"), "-q"]) == 2
    err = capsys.readouterr().err
    assert "[N178]" in err and "'Sport'" in err and "labels.tsv" in err and "Traceback" not in err
    (data / "labels.tsv").write_text("doc\tframes\na1\tMoney\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_labelled(data)
    assert caught.value.code == "N176" and caught.value.line == 1
    (data / "labels.tsv").write_text("id\tframes\nmissing\tMoney\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_labelled(data)
    assert caught.value.code == "N177" and "missing" in caught.value.problem
    (data / "labels.tsv").write_text("id\tframes\na1\tMoney\n", encoding="utf-8")
    (data / "articles" / "a1.txt").write_bytes(b"Caf\xe9 owners protest.\n")
    with pytest.raises(InputError) as caught:
        read_labelled(data)
    assert caught.value.code == "N180" and "not UTF-8" in caught.value.problem and caught.value.path.endswith("a1.txt")
    bad = tmp_path / "bad.toml"
    bad.write_text('[[label]]\nname = "A: x"\nparent = "A"\n', encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_taxonomy(bad)
    assert caught.value.code == "N380" and "'A'" in caught.value.problem
    assert main(["train-narratives", "--taxonomy", str(taxonomy), "--data", str(data), "--out", str(tmp_path / "m.npz"), "--headline-weight", "-1", "-q"]) == 2
    err = capsys.readouterr().err
    assert "[N181]" in err and "--headline-weight" in err and "Traceback" not in err


def test_shipped_taxonomies() -> None:
    frames = shipped_taxonomy("frames")
    assert len(frames.coarse) == 14 and not frames.hierarchical
    assert all(label.definition and label.examples for label in frames.labels)
    narratives = shipped_taxonomy("semeval2025")
    assert narratives.hierarchical and all(narratives.parent_of(name) in narratives.coarse for name in narratives.fine)
    assert all(narratives.definition(name) for name in narratives.coarse)


TEXT = (
    "Troops shelled the town on Monday, the ministry said. "
    "\"Prices of grain have doubled since the tanks arrived,\" said Anna Petrova, a trader. "
    "The judge ruled that the blockade was illegal.\n"
)


def test_analyze_adds_story_columns() -> None:
    if shipped_model("frames") is None or shipped_model("semeval2025") is None:
        pytest.skip("no shipped story models")
    analysis = analyze([Document(id="d1", text=TEXT), Document(id="d2", text="Nothing happened here today.\n")])
    columns = story_columns()
    assert {"frames", "narratives", "subnarratives"} <= set(columns)
    for table in (analysis.documents, analysis.attributions):
        assert set(columns) <= set(table.columns)
    probabilities = [c for c in columns if c.startswith(("frame:", "narrative:"))]
    assert len([c for c in probabilities if c.startswith("frame:")]) == 14
    values = analysis.documents[probabilities].to_numpy(dtype=float)
    assert ((values >= 0) & (values <= 1)).all()
    assert all(isinstance(labels, str) and labels for labels in analysis.documents["narratives"])
    rows = analysis.attributions
    assert len(rows) >= 1
    for _, row in rows.iterrows():
        has_content = bool(schema.spans(row["content_spans"]))
        assert has_content != math.isnan(row[probabilities[0]])
        assert has_content == bool(row["narratives"])


def test_analyze_weighs_headlines_as_the_model_does() -> None:
    model = shipped_model("semeval2025")
    if model is None or not model.classifier.headline_weight:
        pytest.skip("no shipped narratives model that weighs headlines")
    text = "Western weapons prolong the war, Moscow says\n\n" + TEXT
    analysis = analyze([Document(id="d1", text=text), Document(id="d2", text=TEXT)])
    columns = [f"narrative:{name}" for name in model.taxonomy.coarse]
    found = analysis.documents.set_index("doc_id").loc[["d1", "d2"], columns].to_numpy(dtype=float)
    expected = model.probabilities([text, TEXT])[:, : len(columns)].round(4)
    assert np.allclose(found, expected, atol=1e-4)
    features = model.classifier.features_
    headline_once = model.classifier.probabilities(features.weigh(features.index.counts([text])))[0, : len(columns)]
    assert not np.allclose(found[0], headline_once.round(4), atol=1e-4)


def test_story_columns_survive_parquet(tmp_path: Path) -> None:
    if shipped_model("frames") is None:
        pytest.skip("no shipped story models")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "b.txt").write_text("Nothing happened here today.\n", encoding="utf-8")
    assert main(["analyze", str(corpus), "--out", str(tmp_path / "out"), "--format", "parquet", "--partition-size", "1", "-q"]) == 0
    documents = pd.read_parquet(tmp_path / "out" / "documents")
    assert documents["frames"].map(type).eq(str).all() and documents["frame:Economic"].dtype == np.float64
