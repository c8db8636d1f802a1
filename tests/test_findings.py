"""The report's findings, labels and figures, on synthetic comparisons whose truth is known."""

from __future__ import annotations

import matplotlib.text
import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold, permutation_test_score

from narratives.compare import compare
from narratives.compare.grouping import add_grouping
from narratives.compare.ml import _PermutationTest, classify
from narratives.errors import InputError
from narratives.report.figures import plot_rates_and_differences, plot_stratum_differences, validation_names
from narratives.report.findings import find, gap_frame, gaps
from narratives.report.labels import measure_label, possessive, side_title
from narratives.report.sections import ZERO_WIDTH, caveats
from narratives.report.validation import load_validation

TITLES = {"A": "Side A", "B": "Northland"}


def _statements(outlets: dict[str, tuple[int, int]], n_documents: int = 8, per_side: int = 5) -> pd.DataFrame:
    """Statements of sides A and B in each outlet; ``(a, b)``: distancing verbs per article (give or take one) of each side."""
    rows = []
    for outlet, (a, b) in outlets.items():
        for doc in range(n_documents):
            for side, base in (("A", a), ("B", b)):
                hits = min(per_side, max(0, base + (doc % 3) - 1)) if base else 0
                for k in range(per_side):
                    rows.append({"doc_id": f"{outlet}-{doc}", "outlet": outlet, "side": side,
                                 "stance": "distancing" if k < hits else "neutral"})
    return pd.DataFrame(rows)


def _comparisons(statements: pd.DataFrame) -> tuple:
    options = {"group": "side", "groups": ["A", "B"], "category": "stance", "n_boot": 300, "n_permutations": 300, "seed": 0}
    return compare(statements, **options), compare(statements, by="outlet", **options)


def test_mirror_image_between_outlets_is_a_finding_although_the_pooled_rates_cancel() -> None:
    pooled, by = _comparisons(_statements({"North Post": (3, 0), "South Post": (0, 3)}))
    findings = find(pooled, by, TITLES)
    mirror = [line for line in findings.lines if line.startswith("Mirror image")]
    assert mirror, findings.lines
    line = mirror[0]
    assert "Reporting verb: Distancing" in line and "North Post" in line and "South Post" in line
    assert "of Side A's statements" in line and "of Northland's" in line and "the Side A" not in line
    assert "95% interval" in line and "adjusted p = " in line
    assert "the two cancel out" in line and "Both hold at adjusted p < 0.05" in line
    assert findings.any_holds


def test_nothing_holds_says_so_honestly() -> None:
    pooled, by = _comparisons(_statements({"North Post": (2, 2), "South Post": (1, 1)}))
    findings = find(pooled, by, TITLES)
    assert not findings.any_holds
    assert findings.lines[0].startswith("Over the whole corpus, no difference between the sides holds at adjusted p < 0.05")
    assert findings.lines[-1].startswith("No difference between the sides holds at adjusted p < 0.05, pooled or within any outlet")
    assert "not evidence that the sides are framed alike" in findings.lines[-1]


def test_an_outlet_short_of_data_is_told_as_description() -> None:
    statements = _statements({"North Post": (3, 0), "South Post": (1, 1)}, n_documents=4)
    pooled, by = _comparisons(statements)
    findings = find(pooled, by, TITLES)
    north = [line for line in findings.lines if line.startswith("In North Post")]
    assert north and "Descriptive: a conclusion needs 30 statements per side in 5 articles" in north[0]
    assert "Side A has 20 statements in 4 articles" in north[0]
    assert findings.descriptive  # the pooled gap (40 statements a side in 8 articles) holds; the outlet is described


def test_gap_frame_is_sorted_and_within_articles() -> None:
    pooled, _ = _comparisons(_statements({"North Post": (3, 0), "South Post": (2, 0)}))
    frame = gap_frame(gaps(pooled, TITLES))
    assert frame["difference"].is_monotonic_decreasing
    assert frame["within"].all() and (frame["low"] <= frame["difference"]).all()


def test_measures_and_sides_in_plain_words() -> None:
    assert measure_label("stance=distancing") == "Reporting verb: Distancing"
    assert side_title("Armenian side (Armenia and the Nagorno-Karabakh authorities)") == "Armenian side"
    assert possessive("Armenian side") == "the Armenian side's" and possessive("Azerbaijan") == "Azerbaijan's"


def _text_outside(figure) -> list[float]:
    """How far (inches) what is drawn - labels, ticks, legends, titles - reaches outside the canvas on each side."""
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    drawn = figure.get_tightbbox(canvas.get_renderer())
    width, height = figure.get_size_inches()
    over = [-drawn.x0, -drawn.y0, drawn.x1 - width, drawn.y1 - height]
    return [round(value, 3) for value in over if value > 0.01]


def _legend_over_axes(figure) -> bool:
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    legends = [*figure.legends, *(ax.get_legend() for ax in figure.axes if ax.get_legend())]
    return any(legend.get_window_extent(renderer).overlaps(ax.get_window_extent(renderer)) for legend in legends for ax in figure.axes)


def test_difference_figures_say_it_in_words_and_clip_nothing() -> None:
    pooled, by = _comparisons(_statements({"North Post": (3, 0), "South Post": (0, 3)}))
    found = gap_frame(gaps(pooled, TITLES))
    rates = pooled.rates.set_index(["group", "measure"])
    data = found.assign(**{f"{c}_{s}": [rates.loc[(side, m), c] for side, m in zip(found[f"side_{s}"], found["measure"])]
                           for c in ("rate", "low", "high") for s in ("a", "b")})
    colours = {"A": "#d95f02", "B": "#1b9e77"}
    for figure in (plot_rates_and_differences(data, TITLES, colours),
                   plot_stratum_differences(gap_frame(gaps(by, TITLES), order="size"), TITLES, "outlet")):
        assert not _text_outside(figure)
        assert not _legend_over_axes(figure)
        texts = [t.get_text() for t in figure.findobj(matplotlib.text.Text)]
        assert "Reporting verb: Distancing" in texts and not any("stance=" in t or t in ("A", "B") for t in texts)
        assert any("Northland" in t for t in texts)
    zero = [line for line in figure.axes[0].get_lines() if list(line.get_xdata()) == [0, 0]]
    assert zero, "a zero line"


def test_validation_labels_are_not_doubled() -> None:
    frame = pd.DataFrame([{"stage": c.stage, "label": s.label, "metric": s.metric}
                          for c in load_validation() for s in c.scores])
    names = validation_names(frame)
    assert len(set(names)) == len(names)
    assert not [n for n in names if n.split(": ")[0] == n.split(": ")[-1] and ": " in n]
    assert "Sentence boundaries" in names


def test_calibration_text_and_command_agree() -> None:
    check = next(c for c in load_validation() if c.id == "comparison")
    simulations = int(check.command.split("--simulations")[1].split()[0])
    assert f"{max(200, simulations // 5)} shuffles" in check.data
    assert "Benjamini" not in check.measures  # one measure's p-value is what the benchmark counts


def test_one_article_grammar() -> None:
    one = caveats(pd.DataFrame({"outlet": ["Wire"]}))
    text = " ".join(one)
    assert "this article" in text and "these 1" not in text and "1 article are" not in text and "All articles" not in text
    assert "these 2 articles" in " ".join(caveats(pd.DataFrame({"outlet": ["Wire", "Wire"]})))


def test_zero_width_caveat_wording() -> None:
    assert "zero width" in ZERO_WIDTH and "does not mean the rate is known exactly" in ZERO_WIDTH


def test_fast_permutation_test_gives_scikit_learns_numbers() -> None:
    rng = np.random.default_rng(1)
    docs = np.repeat(np.arange(12), 8)
    y = np.where(rng.random(len(docs)) < 0.5, "a", "b")
    X = rng.normal(size=(len(docs), 3)) + (y == "a")[:, None] * 0.4
    cv = StratifiedGroupKFold(n_splits=4, shuffle=True, random_state=0)
    model = LogisticRegression(solver="liblinear", random_state=0)
    expected = permutation_test_score(model, X, y, groups=docs, cv=cv, n_permutations=30, scoring="balanced_accuracy", random_state=0)
    from tqdm.auto import tqdm

    with tqdm(disable=True) as bar:
        got = _PermutationTest(cv, True, 30, "balanced_accuracy", 0, 1, bar).score("m", model, X, y, docs)
    assert got["score"] == pytest.approx(expected[0], abs=1e-12)
    assert got["null_mean"] == pytest.approx(float(np.mean(expected[1])), abs=1e-12)
    assert got["p_value"] == pytest.approx(expected[2], abs=1e-12)


def test_classifiers_give_the_same_numbers_with_more_jobs() -> None:
    rng = np.random.default_rng(2)
    frame = pd.DataFrame({"doc_id": np.repeat(np.arange(10), 6), "side": np.tile(["a", "b"], 30),
                          "text": rng.choice(["said", "claimed", "denied", "warned"], 60), "stance": "neutral",
                          "content_hedge": rng.integers(0, 2, 60)})
    runs = [classify(frame, features=["content_hedge"], n_permutations=4, n_boot=3, n_jobs=jobs).scores for jobs in (1, 2)]
    pd.testing.assert_frame_equal(*runs)


def test_grouping_by_any_metadata_column_or_date_window() -> None:
    documents = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "date": ["2020-10-01", "2020-11-02"]})
    assert add_grouping(documents, "month")["month"].tolist() == ["2020-10", "2020-11"]
    assert add_grouping(documents, "event", {"a": {"event": "truce"}, "b": {}})["event"].tolist() == ["truce", None]
    with pytest.raises(InputError) as caught:
        add_grouping(documents, "colour")
    assert caught.value.code == "N131" and "outlet" in str(caught.value) and "month" in str(caught.value)
