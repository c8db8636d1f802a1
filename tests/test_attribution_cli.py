"""Attribution through the command line: tables, brat export, evaluate, train."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from narratives.attribution.brat import read_ann
from narratives.attribution.features import learn_cue_prior
from narratives.attribution.model import AttributionModel
from narratives.attribution.training import brat_documents
from narratives.cli import main
from narratives.framing import OTHER_STANCE, STANCES
from narratives.tokens import TokenTable

SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "karabakh-2020"
ATTRIBUTION_COLUMNS = [
    "doc_id", "attribution_id", "sentence", "cue_start", "cue_end", "cue_text", "cue_lemma",
    "source_start", "source_end", "source_text", "resolved_start", "resolved_end", "resolved_text",
    "content_spans", "content_text", "attribution_mode", "confidence",
]


@pytest.fixture(scope="module")
def analyzed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("analysis")
    assert main(["analyze", str(SAMPLE), "--out", str(out), "--quiet"]) == 0
    return out


def test_attribution_table_columns_and_offsets(analyzed: Path) -> None:
    table = pd.read_csv(analyzed / "attributions.csv", keep_default_na=False)
    assert list(table.columns[: len(ATTRIBUTION_COLUMNS)]) == ATTRIBUTION_COLUMNS
    assert len(table) > 100
    texts = {p.stem: p.read_text(encoding="utf-8") for p in (SAMPLE / "text").glob("*.txt")}
    for row in table.itertuples():
        text = texts[row.doc_id]
        assert text[row.cue_start : row.cue_end] == row.cue_text
        if row.source_text:
            assert text[int(row.source_start) : int(row.source_end)] == row.source_text
        if row.resolved_text:
            assert text[int(row.resolved_start) : int(row.resolved_end)] == row.resolved_text
        for start, end in json.loads(row.content_spans):
            assert 0 <= start < end <= len(text)
        assert row.attribution_mode in {"direct", "indirect", "mixed", "according_to", "no_source"}
    documents = pd.read_csv(analyzed / "documents.csv")
    assert documents["n_attributions"].sum() == len(table)


def test_tables_carry_framing_columns(analyzed: Path) -> None:
    attributions = pd.read_csv(analyzed / "attributions.csv")
    assert set(attributions["stance"]) <= {*STANCES, OTHER_STANCE}
    said = attributions[attributions["cue_text"] == "said"]
    assert len(said) and (said["stance"] == "neutral").all()
    sentences = pd.read_csv(analyzed / "sentences.csv")
    documents = pd.read_csv(analyzed / "documents.csv")
    for table in (sentences, documents):
        assert {"hedge", "delegitimising", "agentless_passive"} <= set(table.columns)


def test_brat_export_and_evaluate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pred = tmp_path / "pred"
    assert main(["analyze", str(SAMPLE), "--format", "brat", "--out", str(pred), "--quiet"]) == 0
    ann_files = sorted(pred.glob("*.ann"))
    assert [p.stem for p in ann_files] == sorted(p.stem for p in (SAMPLE / "text").glob("*.txt"))
    for path in ann_files:
        text = (SAMPLE / "text" / f"{path.stem}.txt").read_text(encoding="utf-8")
        assert read_ann(path, text)  # spans are checked against the text
    capsys.readouterr()
    assert main(["evaluate", str(SAMPLE), str(pred), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert set(scores) >= {"Source", "Cue", "Content", "attribution"}
    assert 0.5 < scores["Cue"]["overlap"]["f1"] <= 1.0


def test_gold_scored_against_itself_is_perfect(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(SAMPLE), str(SAMPLE / "attributions"), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores["attribution"]["f1"] == 1.0
    assert all(scores[c][m]["f1"] == 1.0 for c in ("Source", "Cue", "Content") for m in ("exact", "overlap"))


def test_train_writes_a_model_that_loads_and_predicts(tmp_path: Path) -> None:
    out = tmp_path / "model"
    assert main(["train", str(SAMPLE), "--out", str(out), "--iterations", "10", "--quiet"]) == 0
    model = AttributionModel.load(out)
    assert model.cue_prior_  # learned from the sample corpus
    text = "Baku reported that the city was shelled, officials said."
    for attribution in model.predict(text):
        assert 0 <= attribution.cue_span[0] < attribution.cue_span[1] <= len(text)


def test_out_of_fold_prior_never_counts_a_documents_own_cues(tmp_path: Path) -> None:
    """With ``--prior-folds``, a training document's cue prior comes from the other folds only."""
    docs = list(brat_documents(SAMPLE))[:4]
    tables = [TokenTable.build(doc.text) for doc in docs]
    # Pretend "zorblat" cues exist in document 0 only: its lemma is a cue there and nowhere else.
    cue_tokens = [set() for _ in tables]
    tables[0].lemmas[:3] = ["zorblat"] * 3
    cue_tokens[0] = {0, 1, 2}
    model = AttributionModel(prior_folds=2)
    model.cue_prior_ = learn_cue_prior(tables, cue_tokens)
    extractors = model._training_extractors(tables, cue_tokens)
    assert model.cue_prior_["zorblat"] == 1.0
    assert "zorblat" not in extractors[0].cue_prior  # fold 0's prior is learned on documents 1 and 3
    assert extractors[0] is extractors[2] and extractors[1] is extractors[3]
    model.prior_folds = 0
    assert all(e.cue_prior is model.cue_prior_ for e in model._training_extractors(tables, cue_tokens))
    out = tmp_path / "model"
    assert main(["train", str(SAMPLE), "--out", str(out), "--iterations", "5", "--prior-folds", "3", "--quiet"]) == 0
    assert json.loads((out / "model.json").read_text(encoding="utf-8"))["params"]["prior_folds"] == 3
    assert AttributionModel.load(out).prior_folds == 3


def test_missing_model_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["analyze", str(SAMPLE), "--out", str(tmp_path / "o"), "--model", str(tmp_path / "nope"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("narratives: error: [N302]") and err.count("\n") == 1


def test_compare_prints_a_summary_and_writes_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "compare"
    args = ["compare", str(SAMPLE), "--profile", "armenia-azerbaijan", "--out", str(out), "--quiet"]
    assert main([*args, "--bootstrap", "200", "--permutations", "200"]) == 0
    summary = capsys.readouterr().out
    assert "armenia" in summary and "azerbaijan" in summary
    assert "significant" not in summary or "Benjamini" in summary or "BH" in summary
    written = {p.name for p in out.iterdir()}
    assert {"rates.csv", "effects.csv", "tests.csv", "sizes.csv", "summary.txt", "rates.png"} <= written
    assert {"fightin_words.csv", "fightin_words.png"} <= written
    words = pd.read_csv(out / "fightin_words.csv")
    assert {"term", "z"} <= set(words.columns)
    rates = pd.read_csv(out / "rates.csv")
    assert len(rates) > 0


def test_the_attribution_model_is_a_scikit_learn_estimator(tmp_path: Path) -> None:
    """get_params/clone work; fit takes only data, returns self, and save keeps the files."""
    from sklearn.base import clone

    model = AttributionModel(c1=0.5, max_iterations=3, n_jobs=1)
    copy = clone(model)
    assert copy.get_params() == model.get_params() and copy.get_params()["c1"] == 0.5
    assert copy.set_params(c2=0.2).c2 == 0.2
    documents = list(brat_documents(SAMPLE))[:3]
    assert model.fit(documents) is model
    model.save(tmp_path / "m")
    assert AttributionModel.load(tmp_path / "m").get_params()["c1"] == 0.5
