"""Narrative discovery: seeded topics of statement contents, typical statements with exact offsets, shares per side."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from narratives.compare.sides import content_words
from narratives.corpus import load
from narratives.errors import DataError
from narratives.pipeline import analyze
from narratives.sides import load_profile
from narratives.stories.topics import StatementTopics, discover_topics, statement_contents, topic_stop_words

REPO = Path(__file__).resolve().parents[1]
KARABAKH = REPO / "corpora" / "karabakh-2020"

SAID = [
    "the ceasefire must hold and talks must resume",
    "talks on a ceasefire will resume in Geneva",
    "the ceasefire talks failed again",
    "artillery shelled the city and killed civilians",
    "civilians were killed when artillery hit the city",
    "the city was shelled by artillery overnight",
]


@pytest.fixture(scope="module")
def karabakh() -> tuple[dict[str, str], dict[str, str], pd.DataFrame]:
    documents = list(load(KARABAKH / "text", metadata=KARABAKH / "metadata.csv"))
    analysis = analyze(documents, profile=load_profile("armenia-azerbaijan"))
    return {d.id: d.text for d in documents}, {d.id: d.outlet for d in documents}, analysis.attributions


def test_transformer_interface_and_separated_topics() -> None:
    model = StatementTopics(n_topics=2, min_df=1, max_df=1.0)
    assert not hasattr(model, "components_") and clone(model).get_params() == model.get_params()
    assert model.fit(SAID) is model
    weights = model.transform(SAID)
    assert weights.shape == (6, 2) and (weights >= 0).all()
    first, second = weights[:3].argmax(axis=1), weights[3:].argmax(axis=1)
    assert len(set(first)) == 1 and len(set(second)) == 1 and first[0] != second[0]
    words = model.top_words(3)
    assert {"ceasefire", "talks"} <= set(words[first[0]]) and "artillery" in words[second[0]]
    assert model.transform(["nothing known here"]).sum() == 0


def test_stop_words_and_numbers_make_no_topic() -> None:
    assert {"said", "told", "the"} <= topic_stop_words()
    model = StatementTopics(n_topics=1, min_df=1, max_df=1.0).fit(
        ["he said 2020 casualties", "she told 31 casualties"]
    )
    assert model.vocabulary_.tolist() == ["casualties"]


def test_same_seed_same_topics(karabakh) -> None:
    texts, outlets, attributions = karabakh
    a = discover_topics(attributions, texts, outlets, n_topics=5, seed=3)
    b = discover_topics(attributions, texts, outlets, n_topics=5, seed=3)
    assert a.topics.equals(b.topics) and a.typical.equals(b.typical) and a.shares.equals(b.shares)
    assert np.array_equal(a.model.components_, b.model.components_)


def test_typical_statements_point_into_the_text(karabakh) -> None:
    texts, outlets, attributions = karabakh
    found = discover_topics(attributions, texts, outlets, n_topics=5)
    assert len(found.typical) >= 5
    for row in found.typical.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.content
        assert row.outlet == outlets[row.doc_id]
    contents = statement_contents(attributions, texts)
    assert all(
        texts[d][s:e] == c
        for d, s, e, c in zip(contents["doc_id"], contents["start"], contents["end"], contents["content"])
    )
    # The fragments of a content interrupted by its cue are read without the cue.
    split = contents[contents["said"].str.contains("…")]
    assert len(split) and all(
        len(said) < len(content) + 3 for said, content in zip(split["said"], split["content"])
    )


def test_shares_per_side_and_outlet(karabakh) -> None:
    texts, outlets, attributions = karabakh
    found = discover_topics(attributions, texts, outlets, n_topics=4, sides=["armenia", "azerbaijan"])
    assert set(found.statements["side"]) == {"armenia", "azerbaijan"}
    assert set(found.shares["by"]) == {"side", "outlet"}
    sums = found.shares.groupby(["by", "group"])["share"].sum()
    assert np.allclose(sums, 1, atol=1e-3)
    counted = found.shares[found.shares["by"] == "side"].groupby("group")["statements"].sum()
    assert (
        counted.to_dict() == found.statements[found.statements["topic"] >= 0]["side"].value_counts().to_dict()
    )
    assert found.topics["statements"].sum() == (found.statements["topic"] >= 0).sum()


def test_no_content_or_no_text_is_a_coded_error(karabakh) -> None:
    texts, _, attributions = karabakh
    empty = pd.DataFrame({"doc_id": [], "attribution_id": [], "content_spans": []})
    with pytest.raises(DataError) as caught:
        discover_topics(empty, {})
    assert caught.value.code == "N388"
    with pytest.raises(DataError) as caught:
        discover_topics(attributions, texts, sides=["no-such-side"])
    assert caught.value.code == "N388"
    with pytest.raises(DataError) as caught:
        statement_contents(attributions, dict(list(texts.items())[1:]))
    assert caught.value.code == "N242"


def test_content_words_of_one_side_against_the_rest() -> None:
    contents = pd.DataFrame(
        {
            "side": ["east", "east", "west", "third"],
            "said": [
                "we liberated the town",
                "the town was liberated",
                "they occupied the town",
                "both must stop",
            ],
        }
    )
    words = content_words(contents, "east")
    assert (words.group_a, words.group_b) == ("east", "other")
    assert words.table.iloc[0]["term"] == "liberated"
    assert content_words(contents, "east", "west").table.set_index("term").loc["occupied", "count_b"] == 1


@pytest.mark.parametrize("module", ["topics", "roles", "mentions"])
def test_doctests_pass(module: str) -> None:
    result = doctest.testmod(importlib.import_module(f"narratives.stories.{module}"))
    assert result.failed == 0 and (module == "mentions" or result.attempted > 0)
