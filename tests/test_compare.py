"""Tests of narratives.compare: each statistic against scipy or hand arithmetic, and calibration.

The calibration tests run the default test on synthetic corpora with a known
truth (``narratives.compare.simulate``): with no difference between the sides
its false-positive rate at alpha 0.05 must lie in [0.02, 0.08]; with side A's
statements carrying "claimed" three times as often, it must find the
difference after Benjamini-Hochberg correction.
"""

from __future__ import annotations

import doctest
import importlib
import math

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from scipy import sparse, stats

from narratives.compare import (
    bootstrap_sums,
    compare,
    cramers_v,
    date_windows,
    fightin_words,
    fightin_words_counts,
    log_odds_dirichlet,
    log_odds_ratio,
    mantel_haenszel_difference,
    percentile_interval,
    permutation_test,
    rate_difference,
    rate_ratio,
    table_test,
)
from narratives.compare.bootstrap import resample_weights
from narratives.compare.counts import count_tensor, outcomes
from narratives.compare.ml import _cluster_rows, classify
from narratives.compare.simulate import synthetic_statements

ALPHA = 0.05


def _statements() -> pd.DataFrame:
    """Three documents, two sides; d3 quotes side A only."""
    return pd.DataFrame(
        {
            "doc_id": ["d1", "d1", "d1", "d2", "d2", "d2", "d2", "d3", "d3"],
            "side": ["A", "B", "A", "B", "B", "A", "A", "A", "A"],
            "stance": [
                "distancing",
                "neutral",
                "neutral",
                "distancing",
                None,
                "distancing",
                "neutral",
                "denial",
                "neutral",
            ],
            "hedges": [2, 0, 1, 0, 0, 0, 3, 0, 1],
        }
    )


def _pair_counts(frame: pd.DataFrame, group: str = "side") -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Per-document counts of the two groups for the stance levels (what compare() tests)."""
    outcome = outcomes(frame, "stance", [])
    tensor = count_tensor(
        frame["doc_id"].to_numpy(), frame[group].to_numpy(), sorted(frame[group].unique()), outcome
    )
    statements, positives = tensor.pair(0, 1)
    return statements, positives, list(tensor.measures["measure"])


# --- counts -----------------------------------------------------------------------------------


def test_count_tensor_counts_statements_and_positives_per_document_and_group() -> None:
    frame = _statements()
    outcome = outcomes(frame, "stance", ["hedges"], levels=["neutral", "distancing"])
    assert list(outcome.measures["measure"]) == [
        "stance=neutral",
        "stance=distancing",
        "stance=(missing)",
        "stance=denial",
        "hedges>0",
    ]
    tensor = count_tensor(frame["doc_id"].to_numpy(), frame["side"].to_numpy(), ["A", "B"], outcome)
    assert tensor.statements.tolist() == [[2, 1], [2, 2], [2, 0]]
    # d2, side A: "distancing" and "neutral" (hedges 0 and 3)
    assert tensor.positives[1, 0].tolist() == [1, 1, 0, 0, 1]
    assert tensor.hits[:, 4].tolist() == [7.0, 0.0]  # hedges summed: A 2+1+0+3+0+1, B 0+0+0
    assert tensor.n_documents.tolist() == [3, 2]
    # every statement falls in exactly one stance level
    assert (tensor.positives[:, :, :4].sum(axis=2) == tensor.statements).all()


def test_feature_columns_with_missing_values_are_refused() -> None:
    frame = _statements().assign(hedges=[1, None, 0, 0, 0, 0, 0, 0, 0])
    with pytest.raises(ValueError, match="missing values"):
        outcomes(frame, "stance", ["hedges"])


# --- effect sizes -----------------------------------------------------------------------------


def test_rate_difference_and_ratio_by_hand() -> None:
    # 6/20 = 0.30 against 2/20 = 0.10: difference 0.20, ratio 3
    assert rate_difference(6, 20, 2, 20) == pytest.approx(0.2)
    assert rate_ratio(6, 20, 2, 20) == pytest.approx(3.0)
    assert rate_ratio(6, 20, 0, 20) == math.inf
    assert math.isnan(rate_ratio(0, 20, 0, 20))


def test_log_odds_ratio_matches_scipy_sample_odds_ratio() -> None:
    tables = np.array([[[12, 30], [5, 41]], [[3, 7], [9, 2]], [[50, 50], [50, 50]]])
    c_a, n_a = tables[:, 0, 0], tables[:, 0].sum(axis=1)
    c_b, n_b = tables[:, 1, 0], tables[:, 1].sum(axis=1)
    estimate, corrected = log_odds_ratio(c_a, n_a, c_b, n_b)
    expected = [math.log(stats.contingency.odds_ratio(table, kind="sample").statistic) for table in tables]
    assert estimate == pytest.approx(expected)
    assert not corrected.any()


def test_log_odds_ratio_adds_one_half_to_every_cell_of_a_table_with_a_zero() -> None:
    # table [[3, 7], [0, 10]]: log((3.5 * 10.5) / (7.5 * 0.5)) = log(9.8) = 2.2823824
    estimate, corrected = log_odds_ratio(3, 10, 0, 10)
    assert float(estimate) == pytest.approx(math.log(9.8))
    assert bool(corrected)


def test_mantel_haenszel_difference_by_hand() -> None:
    # d1: A 1/2, B 0/2, weight 2*2/4 = 1; d2: A 1/1, B 1/3, weight 1*3/4 = 0.75; d3: A only, weight 0
    # (1 * (1/2 - 0) + 0.75 * (1 - 1/3)) / (1 + 0.75) = (0.5 + 0.5) / 1.75 = 0.5714286
    statements = np.array([[2, 2], [1, 3], [4, 0]])
    positives = np.array([[[1], [0]], [[1], [1]], [[3], [0]]])
    assert mantel_haenszel_difference(statements, positives)[0] == pytest.approx(1 / 1.75)
    assert math.isnan(mantel_haenszel_difference(np.array([[4, 0]]), np.array([[[3], [0]]]))[0])


def test_cramers_v_matches_scipy_association_and_vectorises() -> None:
    rng = np.random.default_rng(0)
    tables = rng.integers(0, 30, size=(5, 2, 4))
    tables[0, :, 2] = 0  # an empty column is dropped, as scipy needs
    expected = [stats.contingency.association(t[:, t.sum(axis=0) > 0], method="cramer") for t in tables]
    assert cramers_v(tables) == pytest.approx(expected)
    assert math.isnan(float(cramers_v(np.array([[5, 0], [7, 0]]))))


# --- classical tests --------------------------------------------------------------------------


def test_table_test_uses_pearson_g_or_fisher_as_scipy_does() -> None:
    large = np.array([[40, 60], [25, 75]])
    pearson = table_test(large, "chi2")
    assert pearson.test == "chi2"
    assert pearson.p_value == pytest.approx(stats.chi2_contingency(large, correction=False).pvalue)
    g = table_test(large, "g")
    assert g.p_value == pytest.approx(
        stats.chi2_contingency(large, correction=False, lambda_="log-likelihood").pvalue
    )
    small = np.array([[3, 1], [1, 4]])  # smallest expected count 1.78 < 5
    fisher = table_test(small)
    assert fisher.test == "fisher"
    assert fisher.p_value == pytest.approx(stats.fisher_exact(small).pvalue)
    assert math.isnan(table_test(np.array([[5, 0], [3, 0]])).p_value)
    wide = np.array([[0, 1, 1, 2, 1, 1, 1, 0], [1, 0, 0, 1, 0, 0, 0, 1]])  # scipy answers with (1,) arrays
    monte_carlo = table_test(wide, rng=np.random.default_rng(0))
    assert monte_carlo.test == "fisher" and 0.5 < monte_carlo.p_value <= 1.0


# --- bootstrap --------------------------------------------------------------------------------


def test_bootstrap_sums_are_weighted_sums_of_resampled_documents() -> None:
    statements = np.array([[2, 1], [2, 2], [2, 0]])
    positives = np.array([[[1], [0]], [[1], [1]], [[0], [0]]])
    weights = np.vstack(list(resample_weights(3, 50, np.random.default_rng(7))))
    assert weights.shape == (50, 3) and (weights.sum(axis=1) == 3).all()
    boot_n, boot_c = bootstrap_sums([statements, positives], 50, np.random.default_rng(7))
    assert boot_n.shape == (50, 2) and boot_c.shape == (50, 2, 1)
    assert (boot_n == weights @ statements).all()
    assert (boot_c[:, :, 0] == weights @ positives[:, :, 0]).all()


def test_percentile_interval_is_numpy_inverted_cdf_quantile_ignoring_nan() -> None:
    samples = np.random.default_rng(1).normal(size=(999, 3))
    samples[:10, 1] = np.nan
    low, high = percentile_interval(samples, 0.9)
    assert low[0] == np.quantile(samples[:, 0], 0.05, method="inverted_cdf")
    assert high[1] == np.quantile(samples[10:, 1], 0.95, method="inverted_cdf")


def test_cluster_bootstrap_interval_covers_the_truth_on_clustered_data() -> None:
    # 300 corpora with strongly clustered rates (concentration 2): the 90% interval of side B's
    # rate must cover the true mean rate (0.15) about 90% of the time; a statement-level
    # interval would be far too narrow here.
    rng = np.random.default_rng(5)
    covered = []
    for _ in range(300):
        frame = synthetic_statements(rng, n_documents=30, concentration=2.0)
        statements, positives, names = _pair_counts(frame)
        k = names.index("stance=distancing")
        boot_n, boot_c = bootstrap_sums([statements, positives[:, :, [k]]], 300, rng)
        low, high = percentile_interval(boot_c[:, 1, 0] / boot_n[:, 1], 0.90)
        covered.append(low <= 0.15 <= high)
    assert 0.82 <= np.mean(covered) <= 0.96


# --- permutation tests ------------------------------------------------------------------------


def _brute_force_within(
    doc: np.ndarray, side: np.ndarray, y: np.ndarray, n: int, rng: np.random.Generator
) -> float:
    """Two-sided p-value of the side-A count by shuffling rows within documents, one loop per shuffle."""
    blocks = [np.flatnonzero(doc == d) for d in np.unique(doc)]
    observed = y[side == 0].sum()
    null = np.empty(n)
    for i in range(n):
        shuffled = side.copy()
        for rows in blocks:
            shuffled[rows] = rng.permutation(side[rows])
        null[i] = y[shuffled == 0].sum()
    centre = sum(y[rows].sum() * (side[rows] == 0).mean() for rows in blocks)
    return ((np.abs(null - centre) >= abs(observed - centre) - 1e-9).sum() + 1) / (n + 1)


def test_within_document_test_matches_shuffling_rows_within_documents() -> None:
    rng = np.random.default_rng(3)
    doc = np.repeat(np.arange(25), 8)
    side = rng.integers(0, 2, len(doc))
    y = (rng.random(len(doc)) < np.where(side == 0, 0.35, 0.2)).astype(int)
    statements, positives = np.zeros((25, 2), int), np.zeros((25, 2, 1), int)
    np.add.at(statements, (doc, side), 1)
    np.add.at(positives, (doc, side, 0), y)
    result = permutation_test(statements, positives, 20000, np.random.default_rng(0), scheme="within")
    brute = _brute_force_within(doc, side, y, 4000, np.random.default_rng(1))
    assert result.scheme == "within"
    assert result.p_value[0] == pytest.approx(brute, abs=0.025)  # Monte Carlo error of both
    assert result.statistic[0] == pytest.approx(mantel_haenszel_difference(statements, positives)[0])


def test_within_document_test_ignores_documents_with_one_side() -> None:
    statements, positives, _ = _pair_counts(_statements())
    one_sided = (statements > 0).sum(axis=1) == 1
    full = permutation_test(statements, positives, 500, np.random.default_rng(0))
    both = permutation_test(statements[~one_sided], positives[~one_sided], 500, np.random.default_rng(0))
    assert full.informative_documents == both.informative_documents == 2
    np.testing.assert_array_equal(full.p_value, both.p_value)  # the same draws: d3 carries no information


def test_document_level_test_matches_scipy_exact_permutation_test() -> None:
    rng = np.random.default_rng(4)
    sizes = rng.integers(3, 12, 16)
    carrying = rng.binomial(sizes, 0.3)
    in_a = np.arange(16) < 7
    statements = np.stack([np.where(in_a, sizes, 0), np.where(in_a, 0, sizes)], axis=1)
    positives = np.stack([np.where(in_a, carrying, 0), np.where(in_a, 0, carrying)], axis=1)[:, :, None]
    ours = permutation_test(statements, positives, 20000, np.random.default_rng(0))

    def distance(x: np.ndarray, y: np.ndarray, axis: int = -1) -> np.ndarray:
        """|pooled rate of the documents x - that of y|; x and y are document indices."""
        return np.abs(carrying[x].sum(axis) / sizes[x].sum(axis) - carrying[y].sum(axis) / sizes[y].sum(axis))

    index = np.arange(16)
    # C(16, 7) = 11440 relabellings < n_resamples, so scipy enumerates them all: an exact p-value
    exact = stats.permutation_test(
        (index[in_a], index[~in_a]), distance, permutation_type="independent",
        alternative="greater", n_resamples=20000, vectorized=True,
    )  # fmt: skip
    assert ours.scheme == "documents"
    assert ours.p_value[0] == pytest.approx(exact.pvalue, abs=0.01)  # Monte Carlo error of ours


def test_permutation_p_values_are_never_zero_and_nan_when_nothing_can_move() -> None:
    statements = np.array([[5, 5], [4, 6]])
    positives = np.array([[[5], [0]], [[4], [0]]])  # all of A's statements carry it, none of B's
    result = permutation_test(statements, positives, 99, np.random.default_rng(0))
    assert result.p_value[0] >= 1 / 100
    alone = permutation_test(
        np.array([[5, 0], [4, 0]]), np.array([[[1], [0]], [[2], [0]]]), 99, np.random.default_rng(0)
    )
    assert alone.scheme == "documents" and math.isnan(alone.p_value[0])


# --- fightin' words ---------------------------------------------------------------------------


def test_fightin_words_matches_hand_computation() -> None:
    # terms (claimed, said, denied); group a counts (3, 1, 0), n_a = 4; group b (1, 1, 2), n_b = 4.
    # pooled counts (4, 2, 2) of 8; alpha0 = 4, so the prior alpha = 4 * (4, 2, 2) / 8 = (2, 1, 1).
    # claimed: a: (3 + 2) / (4 + 4 - 3 - 2) = 5/3; b: (1 + 2) / (4 + 4 - 1 - 2) = 3/5
    #          delta = ln(5/3) - ln(3/5) = 2 ln(5/3) = 1.0216512; var = 1/5 + 1/3 = 0.5333333
    #          z = 1.0216512 / sqrt(0.5333333) = 1.3989536; p = 2 (1 - Phi(1.3989536)) = 0.1618269
    # said:    a: 2/6, b: 2/6, delta = 0, var = 1/2 + 1/2 = 1, z = 0, p = 1
    # denied:  a: (0 + 1) / (8 - 0 - 1) = 1/7; b: (2 + 1) / (8 - 2 - 1) = 3/5
    #          delta = ln(1/7) - ln(3/5) = -1.4350845; var = 1/1 + 1/3 = 1.3333333
    #          z = -1.4350845 / 1.1547005 = -1.2428197; p = 0.2139343
    # BH over 3 terms: sorted p 0.1618, 0.2139, 1 -> 0.1618 * 3/1 = 0.4855, 0.2139 * 3/2 = 0.3209, 1;
    #          running minimum from the top -> claimed 0.3209, denied 0.3209, said 1.
    counts = sparse.csr_matrix(np.array([[3, 1, 0], [1, 1, 2]]))
    result = fightin_words_counts(counts, ["claimed", "said", "denied"], ["a", "b"], "a", "b", alpha0=4)
    table = result.table.set_index("term")
    assert list(result.table["term"]) == ["claimed", "said", "denied"]  # sorted by z
    assert table["prior"].tolist() == pytest.approx([2.0, 1.0, 1.0])
    assert table["delta"].tolist() == pytest.approx([1.0216512, 0.0, -1.4350845], abs=1e-7)
    assert table["variance"].tolist() == pytest.approx([0.5333333, 1.0, 1.3333333], abs=1e-7)
    assert table["z"].tolist() == pytest.approx([1.3989536, 0.0, -1.2428197], abs=1e-7)
    assert table["p_value"].tolist() == pytest.approx([0.1618269, 1.0, 0.2139343], abs=1e-7)
    assert table["p_adjusted"].tolist() == pytest.approx([0.2139343 * 1.5, 1.0, 0.2139343 * 1.5], abs=1e-7)
    assert result.alpha0 == 4


def test_fightin_words_from_texts_sparse_and_dense_agree_and_background_is_used() -> None:
    texts = [
        "they claimed an attack",
        "officials claimed victory",
        "they said it",
        "officials said so",
        "he said",
    ]
    groups = ["A", "A", "B", "B", "B"]
    result = fightin_words(texts, groups)
    assert result.table["term"].iloc[0] == "claimed" and result.table["term"].iloc[-1] == "said"
    dense = fightin_words_counts(
        np.array([[2, 0], [0, 3]]),
        ["claimed", "said"],
        ["A", "B"],
        "A",
        "B",
        background=pd.Series({"claimed": 1, "said": 1}),
    )
    alpha = np.array([1.0, 1.0])  # background (1, 1) scaled to its own total, 2
    delta, _ = log_odds_dirichlet(np.array([2, 0]), np.array([0, 3]), alpha)
    assert dense.table.set_index("term").loc[["claimed", "said"], "delta"].tolist() == pytest.approx(
        delta.tolist()
    )
    with pytest.raises(ValueError, match="no count for 1 terms"):
        fightin_words_counts(
            np.array([[2, 0], [0, 3]]), ["claimed", "said"], ["A", "B"], "A", "B", background=np.array([3, 0])
        )


def test_fightin_words_plot_is_a_figure() -> None:
    result = fightin_words(["they claimed it", "they said it", "it was claimed"], ["A", "B", "A"])
    figure = result.plot()
    assert isinstance(figure, Figure)
    assert "z-score" in figure.axes[0].get_ylabel()
    assert len(result.top(1)) == 2


# --- compare() --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def planted() -> pd.DataFrame:
    """40 articles, about 10 statements each; side A's statements carry "claimed" three times as often."""
    frame = synthetic_statements(np.random.default_rng(2026), ratio=3.0)
    return frame.assign(hedges=np.random.default_rng(1).poisson(0.4, len(frame)))


def test_compare_tables_have_the_documented_columns(planted: pd.DataFrame) -> None:
    result = compare(planted, features=["hedges"], n_boot=200, n_permutations=200)
    assert list(result.sizes.columns) == ["group", "n_statements", "n_documents", "total_documents"]
    assert {"group", "measure", "count", "n_statements", "rate", "low", "high", "hits", "interval"} <= set(
        result.rates.columns
    )
    assert set(result.effects["effect"]) == {
        "rate_difference",
        "within_document_difference",
        "rate_ratio",
        "log_odds_ratio",
        "cramers_v",
    }
    assert set(result.tests["family"]) == {"permutation", "classical", "association"}
    rates = result.rates.set_index(["group", "measure"])
    a = rates.loc[("A", "stance=distancing")]
    assert a["rate"] == pytest.approx(a["count"] / a["n_statements"])
    assert a["low"] <= a["rate"] <= a["high"]
    difference = result.effects.query("effect == 'rate_difference' and measure == 'stance=distancing'").iloc[
        0
    ]
    assert difference["estimate"] == pytest.approx(a["rate"] - rates.loc[("B", "stance=distancing"), "rate"])
    v = result.effects.query("effect == 'cramers_v'")["estimate"].iloc[0]
    table = np.array(
        [[rates.loc[(g, m), "count"] for m in ("stance=distancing", "stance=neutral")] for g in "AB"]
    )
    assert v == pytest.approx(stats.contingency.association(table))


def test_compare_finds_the_planted_difference_after_bh(planted: pd.DataFrame) -> None:
    result = compare(planted, features=["hedges"], n_boot=200, n_permutations=500)
    tests = result.tests.set_index(["family", "measure"])
    row = tests.loc[("permutation", "stance=distancing")]
    assert row["test"] == "permutation (within)"
    assert row["p_adjusted"] < ALPHA
    assert tests.loc[("permutation", "hedges>0"), "p_adjusted"] >= ALPHA  # hedges carry no difference
    permutation = result.tests[result.tests["family"] == "permutation"]
    assert permutation["p_adjusted"].tolist() == pytest.approx(
        stats.false_discovery_control(permutation["p_value"]).tolist()
    )
    summary = result.summary()
    assert "stance=distancing: A " in summary and "within articles +" in summary
    for line in summary.splitlines():
        if "significant" in line and "not evidence" not in line:
            assert "permutation test" in line and "Benjamini-Hochberg" in line


def test_compare_false_positive_rate_over_200_shuffles_of_the_side_labels(planted: pd.DataFrame) -> None:
    # Shuffling the side labels over the whole corpus removes the planted difference (and any other);
    # the default test must then reject at alpha 0.05 in 2%-8% of 200 shuffles.
    rng = np.random.default_rng(11)
    p_values = []
    for seed in range(200):
        shuffled = planted.assign(side=rng.permutation(planted["side"].to_numpy()))
        result = compare(shuffled, n_boot=1, n_permutations=200, seed=seed)
        p_values.append(
            result.tests.query("family == 'permutation' and measure == 'stance=distancing'")["p_value"].iloc[
                0
            ]
        )
    assert 0.02 <= np.mean(np.array(p_values) < ALPHA) <= 0.08


def test_default_test_is_calibrated_where_articles_confound_side_and_framing() -> None:
    # 300 corpora with no difference inside any article, but articles that quote side A more also
    # use "claimed" more (confounding = 1): the pooled rates differ, so the statement-level
    # chi-square rejects almost always; the within-document permutation test stays at its level.
    rng = np.random.default_rng(12)
    rejected, naive = [], []
    for _ in range(300):
        statements, positives, names = _pair_counts(synthetic_statements(rng, confounding=1.0))
        k = names.index("stance=distancing")
        rejected.append(permutation_test(statements, positives[:, :, [k]], 200, rng).p_value[0] < ALPHA)
        n, c = statements.sum(axis=0), positives[:, :, k].sum(axis=0)
        naive.append(table_test(np.array([[c[0], n[0] - c[0]], [c[1], n[1] - c[1]]])).p_value < ALPHA)
    assert 0.02 <= np.mean(rejected) <= 0.08
    assert np.mean(naive) > 0.5


def test_document_level_test_is_calibrated_for_outlets() -> None:
    # Outlets are assigned to articles at random: no true difference between them.
    rng = np.random.default_rng(13)
    rejected = []
    for _ in range(300):
        statements, positives, names = _pair_counts(
            synthetic_statements(rng, concentration=2.0), group="outlet"
        )
        k = names.index("stance=distancing")
        result = permutation_test(statements, positives[:, :, [k]], 200, rng)
        rejected.append(result.p_value[0] < ALPHA)
    assert result.scheme == "documents"
    assert 0.02 <= np.mean(rejected) <= 0.08


def test_summary_explains_a_gap_between_the_sides_that_lies_in_the_choice_of_articles() -> None:
    # No difference inside any article, but articles quoting side A more use "claimed" more.
    frame = synthetic_statements(np.random.default_rng(5), n_documents=60, confounding=1.0)
    result = compare(frame, n_boot=500, n_permutations=500)
    effects = result.effects.set_index(["effect", "measure"])
    assert effects.loc[("rate_difference", "stance=distancing"), "low"] > 0  # the pooled rates differ
    inside = effects.loc[("within_document_difference", "stance=distancing")]
    assert inside["low"] <= 0 <= inside["high"]
    summary = result.summary()
    assert "stance=distancing: the pooled difference's interval excludes 0" in summary
    assert "which articles quote each group" in summary
    assert "significant at" not in summary


def test_compare_by_outlet_and_by_date_window(planted: pd.DataFrame) -> None:
    result = compare(planted, by="outlet", n_boot=100, n_permutations=100)
    assert list(result.rates.columns[:2]) == ["outlet", "group"]
    assert set(result.tests["outlet"]) == {"Outlet 1", "Outlet 2"}
    assert "outlet = Outlet 1" in result.summary()
    dated = planted.assign(
        window=date_windows(pd.Series(np.where(planted["outlet"] == "Outlet 1", "2020-09-30", "2020-10-05")))
    )
    by_window = compare(dated, group="window", n_boot=100, n_permutations=100)
    assert by_window.tests.query("family == 'permutation'")["test"].iloc[0] == "permutation (documents)"
    assert list(by_window.sizes["group"]) == ["2020-09", "2020-10"]


def test_date_windows_labels_months_and_keeps_missing() -> None:
    labels = date_windows(pd.Series(["2020-09-27", "2020-10-02", "not a date"]))
    assert labels.tolist()[:2] == ["2020-09", "2020-10"] and pd.isna(labels.iloc[2])
    assert date_windows(pd.Series(["2020-10-02"]), "Q").tolist() == ["2020Q4"]


def test_one_article_summary_gives_counts_with_intervals_and_refuses_a_general_claim() -> None:
    frame = pd.DataFrame(
        {
            "doc_id": "seed",
            "side": ["Armenia"] * 6 + ["Azerbaijan"] * 6,
            "stance": ["distancing", "distancing", "neutral", "neutral", "neutral", "denial"]
            + ["neutral"] * 5
            + ["distancing"],
            "labels": [1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1],
        }
    )
    result = compare(frame, features=["labels"], n_boot=500, n_permutations=200)
    summary = result.summary()
    assert "2/6 33.3% [" in summary  # Armenia's distancing cues, with an interval
    assert "one article cannot support a general claim" in summary.lower()
    assert "too little data" in summary
    assert "significant" not in summary
    rates = result.rates.set_index(["group", "measure"])
    assert set(result.rates["interval"]) == {"bootstrap over the statements of one document"}
    assert (
        rates.loc[("Armenia", "stance=distancing"), "high"]
        > rates.loc[("Armenia", "stance=distancing"), "low"]
    )
    assert rates.loc[("Armenia", "labels>0"), "hits"] == 3


def test_summary_lists_groups_in_the_order_given(planted: pd.DataFrame) -> None:
    summary = compare(planted, groups=["B", "A"], n_boot=100, n_permutations=100).summary()
    header = next(line for line in summary.splitlines() if line.lstrip().startswith("B") and "A" in line)
    assert header.index("B") < header.index("A")
    assert "B vs A:" in summary


def test_summary_says_too_little_data_for_a_small_group(planted: pd.DataFrame) -> None:
    small = pd.concat([planted, planted.head(8).assign(side="C")], ignore_index=True)
    summary = compare(small, n_boot=100, n_permutations=100).summary()
    assert "A vs C: too little data for a conclusion" in summary
    assert "C has 8 statements in 1 document" in summary


def test_write(planted: pd.DataFrame, tmp_path) -> None:
    result = compare(planted, features=["hedges"], by="outlet", n_boot=100, n_permutations=100)
    paths = result.write(tmp_path / "out")
    assert sorted(p.name for p in paths) == [
        "effects.csv",
        "rates.csv",
        "sizes.csv",
        "summary.txt",
        "tests.csv",
    ]
    assert pd.read_csv(tmp_path / "out" / "rates.csv").shape == result.rates.shape


def test_compare_is_reproducible_with_a_seed(planted: pd.DataFrame) -> None:
    first = compare(planted, n_boot=100, n_permutations=100, seed=3)
    second = compare(planted, n_boot=100, n_permutations=100, seed=3)
    pd.testing.assert_frame_equal(first.rates, second.rates)
    pd.testing.assert_frame_equal(first.tests, second.tests)


def test_compare_rejects_missing_columns_and_bad_options(planted: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="no column"):
        compare(planted, features=["boosters"])
    with pytest.raises(ValueError, match="n_boot must be at least 1; correction must be 'bh' or 'by'"):
        compare(planted, n_boot=0, correction="holm")


# --- classical ML -----------------------------------------------------------------------------


def test_cluster_rows_gathers_whole_documents() -> None:
    sizes = np.array([2, 3, 1])
    starts = np.array([0, 2, 5])
    assert _cluster_rows(np.array([1, 1, 2]), starts, sizes).tolist() == [2, 3, 4, 2, 3, 4, 5]


def test_classify_finds_the_framing_that_separates_the_sides(planted: pd.DataFrame) -> None:
    frame = planted.assign(
        text=np.where(planted["claimed"] == 1, "officials claimed that", "officials said that")
    )
    result = classify(
        frame, features=["hedges"], models=["tfidf_nb", "features_logreg"], n_permutations=20, n_boot=50
    )
    assert list(result.scores["model"]) == ["tfidf_nb", "features_logreg"]
    assert (result.scores["permutation"] == "within").all()
    assert (result.scores["p_value"] >= 1 / 21).all()
    table = result.separating_features().set_index("feature")
    assert table.loc["stance=distancing", "points_to"] == "A"  # the coefficient is B's, and negative
    assert table.loc["stance=distancing", "coefficient"] < 0
    assert "points to A - odds ×" in table.loc["stance=distancing", "reading"]
    assert table.loc["hedges", "points_to"] == ""
    assert "no clear direction" in table.loc["hedges", "reading"]


def test_classify_permutes_whole_documents_for_a_document_label(planted: pd.DataFrame) -> None:
    three = planted.assign(outlet=planted["doc_id"].map(lambda d: f"Outlet {int(d[3:]) % 3}"))
    result = classify(
        three, label="outlet", text=None, models=["features_logreg"], n_permutations=10, n_boot=10
    )
    assert result.scores["permutation"].tolist() == ["documents"]
    table = result.separating_features()
    assert set(table["class"]) == {"Outlet 0", "Outlet 1", "Outlet 2"}
    assert table["reading"].str.contains("multinomial coefficient").all()


# --- docstrings -------------------------------------------------------------------------------


@pytest.mark.parametrize("module", ["effects", "words", "core"])
def test_doctests_pass(module: str) -> None:
    result = doctest.testmod(importlib.import_module(f"narratives.compare.{module}"))
    assert result.failed == 0 and result.attempted > 0
