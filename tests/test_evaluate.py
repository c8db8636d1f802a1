"""Tests of attribution scoring."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from narratives.attribution.brat import read_brat_dir
from narratives.attribution.evaluate import COMPONENTS, MATCHES, Score, evaluate, trim
from narratives.attribution.records import Attribution
from narratives.errors import DataError

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
POLNEAR_DEV = SHARED / "polnear" / "dev"

TEXT_A = 'Smith said the plan "will fail." Jones added that costs rose. Taxes will go up, officials warned.'
TEXT_B = "She said no."
TEXTS = {"a": TEXT_A, "b": TEXT_B}


def _span(text: str, piece: str) -> tuple[tuple[int, int], ...]:
    """The one-fragment span of the first occurrence of `piece` in `text`."""
    start = text.index(piece)
    return ((start, start + len(piece)),)


def _a(attribution_id: str, cue: str, content: str, source: str | None = None, doc: str = "a") -> Attribution:
    """An attribution of document `doc` from the first occurrences of its pieces."""
    text = TEXTS[doc]
    return Attribution(
        doc_id=doc,
        attribution_id=attribution_id,
        cue=_span(text, cue),
        content=_span(text, content),
        source=() if source is None else _span(text, source),
    )


GOLD = {
    "a": [
        _a("G1", "said", 'the plan "will fail."', "Smith"),
        _a("G2", "added", "that costs rose", "Jones"),
        _a("G3", "warned", "Taxes will go up", "officials"),
    ],
    "b": [_a("G4", "said", "no", "She", doc="b")],
}
PRED = {
    "a": [
        _a("P1", "said", 'the plan "will fail', "Smith"),
        _a("P2", "added", "costs rose.", "Jones added"),
        _a("P3", "go up", "Taxes will"),
    ],
}


def test_hand_computed_example():
    # Document b has gold G4 and no prediction: one more gold item everywhere, no tp.
    # Source: gold {Smith, Jones, officials, She} = 4; pred {Smith, "Jones added"} = 2.
    #   exact: Smith = Smith -> tp 1 (fp 1: "Jones added"; fn 3).
    #   overlap: Smith~Smith, Jones~"Jones added" -> tp 2 (fp 0; fn 2).
    # Cue: gold {said, added, warned, said(b)} = 4; pred {said, added, "go up"} = 3.
    #   exact and overlap: said, added -> tp 2 (fp 1: "go up"; fn 2).
    # Content: gold 4; pred 3.
    #   exact: 'the plan "will fail' trims to 'the plan "will fail', as does the gold
    #   'the plan "will fail."' -> tp 1; "costs rose." != "that costs rose"; "Taxes will"
    #   != "Taxes will go up" -> fp 2, fn 3.
    #   overlap: each prediction overlaps its gold -> tp 3 (fp 0; fn 1).
    # Attribution: P1~G1 and P2~G2 (cue, content and source overlap); P3's cue "go up"
    #   misses G3's "warned" -> tp 2 of 4 gold, 3 predicted.
    result = evaluate(GOLD, PRED, TEXTS)
    expected = {
        ("Source", "exact"): Score(1, 4, 2),
        ("Source", "overlap"): Score(2, 4, 2),
        ("Cue", "exact"): Score(2, 4, 3),
        ("Cue", "overlap"): Score(2, 4, 3),
        ("Content", "exact"): Score(1, 4, 3),
        ("Content", "overlap"): Score(3, 4, 3),
    }
    for (component, match), score in expected.items():
        assert result.components[component][match] == score, (component, match)
    assert result.attribution == Score(2, 4, 3)
    assert result.attribution.precision == pytest.approx(2 / 3)
    assert result.attribution.recall == pytest.approx(2 / 4)
    assert result.attribution.f1 == pytest.approx(2 * 2 / (4 + 3))


def test_result_as_dict_and_frame():
    result = evaluate(GOLD, PRED, TEXTS)
    nested = result.to_dict()
    assert list(nested) == [*COMPONENTS, "attribution"]
    assert list(nested["Cue"]) == list(MATCHES)
    assert nested["Source"]["overlap"] == {
        "precision": 1.0,
        "recall": 0.5,
        "f1": pytest.approx(2 / 3),
        "tp": 2,
        "n_gold": 4,
        "n_pred": 2,
    }
    assert nested["attribution"]["tp"] == 2
    frame = result.to_frame()
    columns = ["component", "match", "precision", "recall", "f1", "tp", "n_gold", "n_pred"]
    assert list(frame.columns) == columns
    assert len(frame) == 7
    assert frame.iloc[-1]["component"] == "attribution"


@pytest.mark.parametrize(
    ("start", "end", "trimmed"),
    [
        (0, 11, (1, 10)),  # “ and ” around the words
        (0, 14, (1, 10)),  # ”, plus the comma and space after
        (1, 10, (1, 10)),  # nothing to trim
        (10, 14, (14, 14)),  # only punctuation and space: empty at the end
        (15, 22, (15, 21)),  # $ is a symbol, not punctuation: kept
    ],
)
def test_trim_strips_whitespace_and_punctuation(start, end, trimmed):
    text = "“Cut taxes”, \n $1,000 in"
    assert trim(text, start, end) == trimmed


def test_exact_match_uses_trimmed_envelope_of_discontinuous_spans():
    text = '"We will win," she said, "in November."'
    gold = Attribution("d", "g", cue=_span(text, "said"), content=((0, 14), (25, 39)))
    pred = Attribution("d", "p", cue=_span(text, "said"), content=((1, 37),))
    result = evaluate({"d": [gold]}, {"d": [pred]}, {"d": text})
    assert result.components["Content"]["exact"] == Score(1, 1, 1)


def test_overlap_uses_fragments_not_the_envelope():
    text = '"We will win," she said, "in November."'
    gold = Attribution("d", "g", cue=_span(text, "said"), content=((0, 14), (25, 39)))
    pred = Attribution("d", "p", cue=_span(text, "said"), content=_span(text, "she said"))
    result = evaluate({"d": [gold]}, {"d": [pred]}, {"d": text})
    assert result.components["Content"]["overlap"] == Score(0, 1, 1)
    assert result.attribution == Score(0, 1, 1)


def test_overlap_matching_is_one_to_one_and_maximal():
    text = "a" * 30
    # Gold contents A = 0-10 and B = 10-20; P1 = 5-15 overlaps both, P2 = 0-5 only A.
    # Greedy in order pairs P1-A and leaves P2 unmatched (tp 1); the maximum is P1-B, P2-A.
    cue = ((25, 26),)
    gold = [Attribution("d", f"g{i}", cue=cue, content=(s,)) for i, s in enumerate([(0, 10), (10, 20)])]
    pred = [Attribution("d", f"p{i}", cue=cue, content=(s,)) for i, s in enumerate([(5, 15), (0, 5)])]
    result = evaluate({"d": gold}, {"d": pred}, {"d": text})
    assert result.components["Content"]["overlap"] == Score(2, 2, 2)
    assert result.attribution == Score(2, 2, 2)
    # One prediction can match only one of two gold items it overlaps.
    result = evaluate({"d": gold}, {"d": pred[:1]}, {"d": text})
    assert result.components["Content"]["overlap"] == Score(1, 2, 1)
    assert result.attribution == Score(1, 2, 1)


def test_shared_source_counts_once():
    text = "Officials said A. Officials also said B."
    officials = ((0, 9),)
    gold = [
        Attribution("d", "g1", cue=_span(text, "said"), source=officials, content=((15, 16),)),
        Attribution("d", "g2", cue=((32, 36),), source=officials, content=((37, 38),)),
    ]
    pred = [gold[0]]
    result = evaluate({"d": gold}, {"d": pred}, {"d": text})
    assert result.components["Source"]["exact"] == Score(1, 1, 1)
    assert result.attribution == Score(1, 2, 1)


def test_missing_source_or_content_on_both_sides_agrees():
    text = "It is said that rates rise."
    cue = _span(text, "is said")
    no_source = Attribution("d", "g", cue=cue, content=_span(text, "rates rise"))
    with_source = Attribution("d", "p", cue=cue, content=_span(text, "rates rise"), source=_span(text, "It"))
    assert evaluate({"d": [no_source]}, {"d": [no_source]}, {"d": text}).attribution == Score(1, 1, 1)
    assert evaluate({"d": [no_source]}, {"d": [with_source]}, {"d": text}).attribution == Score(0, 1, 1)
    cue_only = Attribution("d", "c", cue=cue)
    assert evaluate({"d": [cue_only]}, {"d": [cue_only]}, {"d": text}).attribution == Score(1, 1, 1)
    assert evaluate({"d": [cue_only]}, {"d": [no_source]}, {"d": text}).attribution == Score(0, 1, 1)


def test_document_checks():
    with pytest.raises(DataError, match="zzz") as error:
        evaluate(GOLD, {**PRED, "zzz": []}, TEXTS)
    assert error.value.code == "N248"
    with pytest.raises(DataError, match="b") as error:
        evaluate(GOLD, PRED, {"a": TEXT_A})
    assert error.value.code == "N247"
    with pytest.raises(DataError, match="P9") as error:
        evaluate(GOLD, {"b": [Attribution("b", "P9", cue=((5, 50),))]}, TEXTS)
    assert error.value.code == "N249"


def test_empty_scores_are_zero():
    result = evaluate({}, {}, {})
    assert result.attribution == Score()
    zeros = {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "n_gold": 0, "n_pred": 0}
    assert result.attribution.to_dict() == zeros


_SPAN = st.integers(0, 38).flatmap(lambda start: st.tuples(st.just(start), st.integers(start + 1, 40)))
_RECORDS = st.lists(
    st.builds(
        lambda cue, source, content: Attribution("d", "x", cue=cue, source=source, content=content),
        st.lists(_SPAN, min_size=1, max_size=2),
        st.lists(_SPAN, max_size=2),
        st.lists(_SPAN, max_size=2),
    ),
    max_size=5,
)


@given(_RECORDS, _RECORDS)
def test_swapping_gold_and_prediction_swaps_precision_and_recall(gold, pred):
    texts = {"d": "Some words, “quoted here” and there; 1,2"}
    forward = evaluate({"d": gold}, {"d": pred}, texts)
    backward = evaluate({"d": pred}, {"d": gold}, texts)
    assert forward.attribution == Score(backward.attribution.tp, len(gold), len(pred))
    for component in COMPONENTS:
        for match in MATCHES:
            there, back = forward.components[component][match], backward.components[component][match]
            assert (there.tp, there.n_gold, there.n_pred) == (back.tp, back.n_pred, back.n_gold)


@given(_RECORDS)
def test_gold_against_itself_is_perfect(records):
    result = evaluate({"d": records}, {"d": records}, {"d": "x" * 40})
    for score in [result.attribution, *(s for scores in result.components.values() for s in scores.values())]:
        assert score.tp == score.n_gold == score.n_pred


@pytest.mark.shared
@pytest.mark.skipif(not POLNEAR_DEV.exists(), reason="needs ../shared/polnear")
def test_polnear_dev_gold_against_itself_is_perfect():
    gold = read_brat_dir(POLNEAR_DEV)
    texts = {}
    for doc_id in gold:
        with (POLNEAR_DEV / "text" / f"{doc_id}.txt").open(encoding="utf-8", newline="") as handle:
            texts[doc_id] = handle.read()
    scores = evaluate(gold, gold, texts).to_dict()
    assert scores["attribution"]["n_gold"] == 2192
    for component in COMPONENTS:
        for match in MATCHES:
            assert scores[component][match]["f1"] == 1.0
            assert scores[component][match]["precision"] == scores[component][match]["recall"] == 1.0
    assert scores["attribution"]["f1"] == 1.0
