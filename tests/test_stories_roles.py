"""Entity roles: the estimator's interface, its parameters as JSON, labelled folders, roles in new text and their shares."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from narratives.corpus import load
from narratives.errors import DataError
from narratives.pipeline import analyze
from narratives.sides import load_profile
from narratives.stories.mentions import CONTENT, OUTSIDE, SOURCE, actor_mentions
from narratives.stories.roles import (
    RoleClassifier,
    cast_roles,
    document_contexts,
    load_roles_model,
    read_entity_roles,
    role_shares,
)

REPO = Path(__file__).resolve().parents[1]
KARABAKH = REPO / "corpora" / "karabakh-2020"

# Our own sentences: who shells (villain), who is shelled (victim), who mediates (hero).
ROWS = [
    ("The rebels shelled the village again", "Antagonist", ("Instigator",)),
    ("the militia fired rockets at homes", "Antagonist", ("Terrorist",)),
    ("The rebels attacked the convoy", "Antagonist", ("Instigator",)),
    ("villagers were killed in their homes", "Innocent", ("Victim",)),
    ("refugees fled the shelling and were wounded", "Innocent", ("Victim",)),
    ("civilians were killed when the market was hit", "Innocent", ("Victim",)),
    ("the mediators brokered a ceasefire and peace talks", "Protagonist", ("Peacemaker",)),
    ("the envoy brokered talks for peace", "Protagonist", ("Peacemaker",)),
    ("medics helped the wounded and protected the hospital", "Protagonist", ("Guardian", "Virtuous")),
]


def _contexts(rows=ROWS) -> pd.DataFrame:
    records = []
    for sentence, _, _ in rows:
        words = sentence.lower().split()
        records.append(
            {
                "mention": words[1],
                "left": words[:1],
                "right": words[2:],
                "hits": [],
                "position": OUTSIDE,
                "cue_lemma": None,
                "stance": None,
            }
        )
    return pd.DataFrame(records)


def _fitted(**params) -> RoleClassifier:
    return RoleClassifier(min_count=1, C=10.0, **params).fit(
        _contexts(), [r[1] for r in ROWS], [r[2] for r in ROWS]
    )


def test_estimator_interface() -> None:
    model = RoleClassifier(window=3, C=2.0, min_count=1)
    assert model.get_params() == {"window": 3, "C": 2.0, "min_count": 1}
    assert not hasattr(model, "vocabulary_")
    assert clone(model).set_params(window=4).window == 4
    fitted = model.fit(_contexts(), [r[1] for r in ROWS], [r[2] for r in ROWS])
    assert fitted is model
    assert list(model.classes_) == ["Antagonist", "Innocent", "Protagonist"]
    assert model.coef_.shape == (3, len(model.vocabulary_))
    assert set(model.fine_parent_) <= set(model.classes_)
    probabilities = model.predict_proba(_contexts())
    assert probabilities.shape == (len(ROWS), 3) and np.allclose(probabilities.sum(axis=1), 1)
    assert model.score(_contexts(), [r[1] for r in ROWS]) == 1.0


def test_fine_role_belongs_to_the_predicted_main_role() -> None:
    model = _fitted()
    parent = dict(zip(model.fine_classes_, model.fine_parent_))
    for main, fine in zip(model.predict(_contexts()), model.predict_fine(_contexts())):
        assert len(fine) == 1 and parent[fine[0]] == main


def test_two_main_roles_and_no_fine_roles() -> None:
    rows = [r for r in ROWS if r[1] != "Protagonist"]
    model = RoleClassifier(min_count=1, C=10.0).fit(_contexts(rows), [r[1] for r in rows])
    assert model.coef_.shape[0] == 2 and list(model.predict(_contexts(rows))) == [r[1] for r in rows]
    with pytest.raises(ValueError, match="without fine roles"):
        model.predict_fine(_contexts(rows))


def test_json_round_trip_predicts_the_same() -> None:
    model = _fitted()
    again = RoleClassifier.from_json(model.to_json())
    unseen = _contexts([("the rebels shelled the hospital", "", ()), ("the envoy helped refugees", "", ())])
    assert np.allclose(model.predict_proba(unseen), again.predict_proba(unseen), atol=1e-4)
    assert model.predict_fine(unseen) == again.predict_fine(unseen)


def test_unreadable_model_is_coded(tmp_path: Path) -> None:
    path = tmp_path / "roles.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_roles_model(path)
    assert caught.value.code == "N387" and str(path) in str(caught.value)


def _folder(tmp_path: Path, rows: str) -> Path:
    (tmp_path / "articles").mkdir(parents=True)
    (tmp_path / "articles" / "a1.txt").write_text(
        "Title\nThe rebels shelled Dorvik, the mayor said.\n", encoding="utf-8"
    )
    (tmp_path / "entity_roles.tsv").write_text(
        "id\tstart\tend\tentity\tmain_role\tfine_roles\n" + rows, encoding="utf-8"
    )
    return tmp_path


def test_read_entity_roles_moves_an_off_by_one_mention(tmp_path: Path) -> None:
    mentions, texts = read_entity_roles(
        _folder(
            tmp_path,
            "a1\t10\t16\trebels\tAntagonist\tInstigator, Terrorist\na1\t26\t32\tDorvik\tInnocent\tVictim\n",
        )
    )
    assert mentions[["start", "end"]].values.tolist() == [[10, 16], [25, 31]]
    assert [texts["a1"][s:e] for s, e in zip(mentions["start"], mentions["end"])] == ["rebels", "Dorvik"]
    assert mentions["fine_roles"].tolist() == [("Instigator", "Terrorist"), ("Victim",)]


def test_read_entity_roles_refuses_bad_offsets_and_columns(tmp_path: Path) -> None:
    with pytest.raises(DataError) as caught:
        read_entity_roles(_folder(tmp_path / "a", "a1\t0\t5\tDorvik\tInnocent\tVictim\n"))
    assert caught.value.code == "N386" and caught.value.line == 2
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "entity_roles.tsv").write_text("id\tstart\tend\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_entity_roles(tmp_path / "b")
    assert caught.value.code == "N385" and "entity" in caught.value.problem


def test_contexts_place_a_mention_as_source_or_content() -> None:
    text = "Azerbaijani officials said that Armenian forces shelled Ganja."
    profile = load_profile("armenia-azerbaijan")
    mentions = actor_mentions({"d": text}, profile)
    contexts = document_contexts({"d": text}, mentions, profile)
    by_mention = dict(
        zip(contexts["mention"], zip(contexts["position"], contexts["entity_side"], contexts["speaker_side"]))
    )
    assert by_mention["Azerbaijani"] == (SOURCE, "azerbaijan", "azerbaijan")
    assert by_mention["Armenian"] == (CONTENT, "armenia", "azerbaijan")
    assert contexts.loc[contexts["mention"] == "Armenian", "cue_lemma"].item() == "say"


@pytest.fixture(scope="module")
def karabakh() -> tuple[dict[str, str], dict[str, str], pd.DataFrame]:
    documents = list(load(KARABAKH / "text", metadata=KARABAKH / "metadata.csv"))[:2]
    analysis = analyze(documents, profile=load_profile("armenia-azerbaijan"))
    return {d.id: d.text for d in documents}, {d.id: d.outlet for d in documents}, analysis.attributions


def test_cast_roles_on_our_corpus(karabakh) -> None:
    texts, outlets, attributions = karabakh
    roles = cast_roles(texts, attributions, load_profile("armenia-azerbaijan"), outlets)
    assert len(roles) > 20
    assert all(
        texts[d][s:e] == m
        for d, s, e, m in zip(roles["doc_id"], roles["start"], roles["end"], roles["mention"])
    )
    assert set(roles["main_role"]) <= {"Antagonist", "Innocent", "Protagonist"}
    assert roles["main_probability"].between(1 / 3, 1).all()
    assert roles["outlet"].tolist() == roles["doc_id"].map(outlets).tolist()
    assert {"content", "source"} <= set(roles["position"])


def test_role_shares_per_side_and_outlet() -> None:
    roles = pd.DataFrame(
        {
            "speaker_side": ["east", "east", "east", "east", "west", None],
            "outlet": ["A", "A", "B", "B", "B", "B"],
            "entity_side": ["west", "west", "west", "east", "east", "west"],
            "main_role": ["Antagonist", "Antagonist", "Innocent", "Protagonist", "Antagonist", "Antagonist"],
        }
    )
    shares = role_shares(roles)
    east_on_west = shares[(shares["speaker_side"] == "east") & (shares["entity_side"] == "west")]
    assert east_on_west[["main_role", "mentions", "total"]].values.tolist() == [
        ["Antagonist", 2, 3],
        ["Innocent", 1, 3],
    ]
    assert east_on_west["share"].tolist() == [0.6667, 0.3333]
    assert shares.groupby(["speaker_side", "entity_side"])["share"].sum().round(3).eq(1).all()
    assert len(shares) == 4  # the mention without a speaker side is left out
    both = role_shares(roles, by=["speaker_side", "outlet"])
    assert both[(both["speaker_side"] == "east") & (both["outlet"] == "B") & (both["entity_side"] == "west")][
        "share"
    ].tolist() == [1.0]
    assert role_shares(roles.iloc[:0]).columns.tolist() == [
        "speaker_side",
        "entity_side",
        "main_role",
        "mentions",
        "total",
        "share",
    ]


@pytest.mark.shared
def test_shared_role_offsets_all_match(shared: Path) -> None:
    mentions, texts = read_entity_roles(shared / "narratives" / "semeval2025")
    assert len(mentions) > 400
    assert all(
        0 <= s < e <= len(texts[d]) for d, s, e in zip(mentions["doc_id"], mentions["start"], mentions["end"])
    )
    assert mentions["main_role"].isin(["Antagonist", "Innocent", "Protagonist"]).all()
