"""Figures saved reproducibly: the same figure gives the same bytes, as PNG and SVG, with its data as CSV.

Matplotlib stamps files with the time and its version unless told not to,
and names SVG elements from a random salt. :func:`save_figure` fixes the
salt (``svg.hashsalt``), removes the date and software metadata and uses a
fixed resolution, so a report regenerated from the same inputs is
byte-identical. Text is drawn as paths with matplotlib's bundled DejaVu
fonts, so no font is looked up on the reader's machine.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path

import matplotlib
import matplotlib.patches
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from narratives.compare.result import Comparison
from narratives.csv_export import write_csv
from narratives.report import html as h
from narratives.report.findings import gap_frame, gaps
from narratives.report.labels import named, side_title
from narratives.sides import Profile

DPI = 120
"""Resolution of the PNG files (dots per inch)."""
FULL_WIDTH = 7.6
"""Width of a figure, in inches: at :data:`DPI` it fills the report's column (60rem) without being shrunk."""

RC = {"svg.hashsalt": "narratives", "svg.fonttype": "path", "font.family": "DejaVu Sans"}
"""Matplotlib settings in force while a figure is saved."""

METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
}
"""Metadata removed per format (matplotlib would write its version, and for SVG the date)."""


def save_figure(
    figure: Figure,
    directory: str | Path,
    stem: str,
    *,
    data: pd.DataFrame | None = None,
    formats: Sequence[str] = ("png", "svg"),
    dpi: int = DPI,
) -> list[Path]:
    """Save ``figure`` as ``directory/stem.png`` and ``.svg`` (and its data as ``stem.csv``), reproducibly.

    Parameters
    ----------
    figure
        The figure to save.
    directory
        Folder to write into (created if needed).
    stem
        File name without suffix.
    data
        The table the figure is drawn from, written as ``stem.csv``.
    formats
        Any of ``"png"`` and ``"svg"``.
    dpi
        Resolution of raster formats.

    Returns
    -------
    list of Path
        The files written, in the order of ``formats``, the CSV last.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    with matplotlib.rc_context(RC):
        for fmt in formats:
            path = directory / f"{stem}.{fmt}"
            figure.savefig(path, format=fmt, dpi=dpi, metadata=METADATA[fmt])
            written.append(path)
    if data is not None:
        written.append(directory / f"{stem}.csv")
        write_csv(data, written[-1])
    return written


def plot_timeline(documents: pd.DataFrame) -> Figure:
    """Each article as a dot on its date, one row per outlet, dot area growing with its attributions.

    ``documents`` needs ``outlet``, ``date`` (parsable) and ``n_attributions``.
    """
    outlets = list(dict.fromkeys(documents["outlet"]))
    figure = Figure(figsize=(FULL_WIDTH, 0.55 * len(outlets) + 1.4), layout="constrained")
    ax = figure.subplots()
    rows = documents["outlet"].map({outlet: i for i, outlet in enumerate(outlets)})
    ax.scatter(
        pd.to_datetime(documents["date"]), rows, s=12 + 4 * documents["n_attributions"], color="#0b5cad", alpha=0.6
    )
    ax.set_yticks(range(len(outlets)), outlets, fontsize=9)
    ax.set_ylim(len(outlets) - 0.5, -0.5)
    ax.set_xlabel("publication date (dot area: attributions found in the article)")
    figure.autofmt_xdate()
    return figure


def plot_side_counts(counts: pd.DataFrame, colours: dict[str, str], labels: dict[str, str]) -> Figure:
    """Attributions per outlet as horizontal bars stacked by side.

    ``counts`` is long: ``outlet``, ``side``, ``attributions``; sides are
    drawn in the order they first appear.
    """
    wide = counts.pivot(index="outlet", columns="side", values="attributions").fillna(0)
    wide = wide.reindex(index=list(dict.fromkeys(counts["outlet"])), columns=list(dict.fromkeys(counts["side"])))
    figure = Figure(figsize=(FULL_WIDTH, 0.5 * len(wide) + 1.8), layout="constrained")
    ax = figure.subplots()
    left = pd.Series(0.0, index=wide.index)
    for side in wide.columns:
        ax.barh(wide.index, wide[side], left=left, color=colours.get(side, "#999999"), label=labels.get(side, side))
        left += wide[side]
    ax.invert_yaxis()
    ax.set_xlabel("attributions (who is quoted or paraphrased)")
    _legend_above(ax, ncols=3)
    return figure


def plot_scores(scores: pd.DataFrame) -> Figure:
    """Cross-validated score of each classifier with its spread over folds, and the chance level.

    ``scores`` needs ``model``, ``score``, ``score_sd`` and ``chance``.
    """
    figure = Figure(figsize=(FULL_WIDTH, 0.45 * len(scores) + 1.6), layout="constrained")
    ax = figure.subplots()
    ax.barh(scores["model"], scores["score"], xerr=scores["score_sd"], color="#0b5cad", alpha=0.75, capsize=3,
            label="balanced accuracy (line: ±1 sd over folds)")
    chance = scores["chance"].dropna()
    if len(chance):
        ax.axvline(float(chance.iloc[0]), color="#d4a72c", linestyle="--", label="chance (a constant guess)")
    _legend_above(ax, ncols=2)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("balanced accuracy, cross-validated by article")
    return figure


def plot_validation(frame: pd.DataFrame) -> Figure:
    """Each validation figure as a bar on a 0-1 scale, coloured by how it was obtained.

    ``frame`` is :func:`narratives.report.validation.validation_frame`.
    """
    colours = {"held out": "#0b5cad", "in sample": "#9ecae1", "hand check": "#1b9e77", "simulation": "#d95f02"}
    names = [textwrap.fill(name, 60) for name in validation_names(frame)]
    lines = sum(name.count("\n") + 1 for name in names)
    figure = Figure(figsize=(FULL_WIDTH, 0.2 * lines + 0.12 * len(names) + 1.6), layout="constrained")
    ax = figure.subplots()
    ax.barh(range(len(frame)), frame["value"], color=[colours[s] for s in frame["setting"]])
    for position, value in enumerate(frame["value"]):
        ax.annotate(f"{value:.3g}", (value, position), xytext=(3, 0), textcoords="offset points", va="center", fontsize=7)
    ax.set_yticks(range(len(frame)), names, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.08)
    ax.set_xlabel("F1, precision, recall or false-positive rate (see below)")
    handles = [matplotlib.patches.Patch(color=colour, label=setting) for setting, colour in colours.items() if setting in set(frame["setting"])]
    _legend_above(ax, handles=handles, ncols=len(handles))
    return figure


def validation_names(frame: pd.DataFrame) -> list[str]:
    """One name per validation figure: ``stage: label``, the label alone once when it repeats the stage,
    and the metric added when a stage has two figures of the same label.

    Examples
    --------
    >>> frame = pd.DataFrame({"stage": ["Sentence boundaries", "War", "War"], "label": ["Sentence boundaries", "Cue", "Cue"],
    ...                       "metric": ["F1", "precision", "recall"]})
    >>> validation_names(frame)
    ['Sentence boundaries', 'War: Cue (precision)', 'War: Cue (recall)']
    """
    repeated = frame.duplicated(["stage", "label"], keep=False)
    names = []
    for stage, label, metric, twice in zip(frame["stage"], frame["label"], frame["metric"], repeated):
        name = stage if label.strip().lower() == stage.strip().lower() else f"{stage}: {label}"
        names.append(f"{name} ({metric})" if twice else name)
    return names


def _legend_above(ax, ncols: int, handles: list | None = None, **options) -> None:
    """The legend above the figure's axes, in space of its own (constrained layout), never over the data."""
    if handles is None:
        handles, labels = ax.get_legend_handles_labels()
    else:
        labels = [handle.get_label() for handle in handles]
    ax.figure.legend(handles, labels, fontsize=8, loc="outside upper left", ncols=ncols, frameon=False, **options)


STRATUM_COLOURS = ("#0b5cad", "#7b3294", "#8c6d31", "#c51b7d", "#525252", "#17becf", "#bcbd22", "#9e9ac8")
"""Colours of the strata (outlets...) in the per-stratum figure, apart from the usual side colours."""


def _points_axis(ax, a: str, b: str) -> None:
    """A difference axis in percentage points, symmetric about its zero line, saying above which way is which side."""
    ax.axvline(0.0, color="0.35", linewidth=0.8)
    ax.set_xlabel("difference in points (95% interval)", fontsize=8)
    ax.tick_params(axis="x", labelsize=8)
    low, high = ax.get_xlim()
    reach = 1.08 * max(abs(low), abs(high), 1.0)  # room inside the axes for the outermost tick's label
    ax.set_xlim(-reach, reach)
    for x, align, height, text in ((1.0, "right", 3, f"more for {a} →"), (0.0, "left", 14, f"← more for {b}")):
        ax.annotate(text, (x, 1.0), xycoords="axes fraction", xytext=(0, height), textcoords="offset points",
                    ha=align, va="bottom", fontsize=7.5, color="0.3")


def plot_rates_and_differences(frame: pd.DataFrame, titles: dict[str, str], colours: dict[str, str]) -> Figure:
    """Each side's rate per measure (left) and the difference between the sides with its interval (right).

    ``frame`` has one row per measure, sorted as drawn (largest difference
    for side a on top): ``label``, ``side_a``, ``side_b``, ``rate_a``,
    ``low_a``, ``high_a``, ``rate_b``, ``low_b``, ``high_b`` (shares) and
    ``difference``, ``low``, ``high`` (percentage points).
    """
    a, b = frame["side_a"].iloc[0], frame["side_b"].iloc[0]
    figure = Figure(figsize=(FULL_WIDTH, 0.34 * len(frame) + 1.9), layout="constrained")
    left, right = figure.subplots(1, 2, sharey=True, width_ratios=(1, 1.15))
    y = np.arange(len(frame))
    for side, offset, suffix in ((a, -0.17, "a"), (b, 0.17, "b")):
        rate = 100 * frame[f"rate_{suffix}"]
        error = np.vstack([rate - 100 * frame[f"low_{suffix}"], 100 * frame[f"high_{suffix}"] - rate]).clip(min=0)
        left.errorbar(rate, y + offset, xerr=error, fmt="o", markersize=4, capsize=2, color=colours.get(side), label=titles.get(side, side))
    left.set_yticks(y, frame["label"], fontsize=8)
    left.set_ylim(len(frame) - 0.5, -0.5)
    left.set_xlim(0, 100)
    left.set_xlabel("share of the side's statements, % (95% interval)", fontsize=8)
    left.tick_params(axis="x", labelsize=8)
    _legend_above(left, ncols=1)
    clear = (frame["low"] > 0) | (frame["high"] < 0)
    dot = np.where(~clear, "0.55", np.where(frame["difference"] > 0, colours.get(a, "0.2"), colours.get(b, "0.2")))
    error = np.vstack([frame["difference"] - frame["low"], frame["high"] - frame["difference"]]).clip(min=0)
    for position, (value, colour) in enumerate(zip(frame["difference"], dot)):
        right.errorbar(value, position, xerr=error[:, [position]], fmt="o", markersize=4, capsize=2, color=colour)
    _points_axis(right, titles.get(a, a), titles.get(b, b))
    right.set_title(f"{titles.get(a, a)} minus {titles.get(b, b)}\n(grey: the interval includes 0)", fontsize=8, loc="left", pad=28)
    return figure


def side_titles(profile: Profile) -> dict[str, str]:
    """Each side value's title as the figures show it (``Armenian side``, not ``armenia``)."""
    return {side: side_title(label) for side, label in h.side_labels(profile).items()}


def rates_frame(comparison: Comparison, titles: dict[str, str]) -> pd.DataFrame:
    """The data of :func:`plot_rates_and_differences` for a comparison without strata: its gaps with each side's rate and interval."""
    found = gap_frame(gaps(comparison, titles))
    rates = comparison.rates.set_index(["group", "measure"])
    return found.assign(**{
        f"{column}_{suffix}": [rates.loc[(side, measure), column] for side, measure in zip(found[f"side_{suffix}"], found["measure"])]
        for column in ("rate", "low", "high") for suffix in ("a", "b")
    })


def comparison_figure(comparison: Comparison, profile: Profile, by: str | None = None) -> tuple[Figure, pd.DataFrame] | None:
    """The report's figure of a comparison of the sides, and its data; None when no measure was seen.

    Without ``by``: each side's rate per measure beside the difference
    between the sides (:func:`plot_rates_and_differences`). With ``by`` (the
    comparison made within each outlet, event...): the difference within
    each value (:func:`plot_stratum_differences`). Measures are named in
    words ("Reporting verb: Distancing"), sides by their titles.
    """
    titles = side_titles(profile)
    if by is None:
        data = rates_frame(comparison, titles)
        return (plot_rates_and_differences(data, titles, h.side_colours(profile)), data) if len(data) else None
    data = gap_frame(gaps(comparison, titles), order="size")
    return (plot_stratum_differences(data, titles, by), data) if len(data) else None


def plot_stratum_differences(frame: pd.DataFrame, titles: dict[str, str], by: str) -> Figure:
    """The difference between the sides on each measure within each stratum (outlet...), one dot per stratum.

    ``frame`` has one row per stratum and measure: ``stratum``, ``label``,
    ``side_a``, ``side_b``, ``difference``, ``low``, ``high`` (points);
    measures are drawn in the order they first appear (largest gap first).
    """
    a, b = frame["side_a"].iloc[0], frame["side_b"].iloc[0]
    measures = list(dict.fromkeys(frame["label"]))
    strata = list(dict.fromkeys(frame["stratum"]))
    figure = Figure(figsize=(FULL_WIDTH, 0.36 * len(measures) + 2.0), layout="constrained")
    ax = figure.subplots()
    positions = {label: i for i, label in enumerate(measures)}
    offsets = np.linspace(-0.25, 0.25, len(strata)) if len(strata) > 1 else np.zeros(1)
    for offset, stratum, colour in zip(offsets, strata, STRATUM_COLOURS * (len(strata) // len(STRATUM_COLOURS) + 1)):
        rows = frame[frame["stratum"] == stratum]
        error = np.vstack([rows["difference"] - rows["low"], rows["high"] - rows["difference"]]).clip(min=0)
        ax.errorbar(rows["difference"], rows["label"].map(positions) + offset, xerr=error, fmt="o", markersize=4,
                    capsize=2, color=colour, label=str(stratum))
    ax.set_yticks(range(len(measures)), measures, fontsize=8)
    ax.set_ylim(len(measures) - 0.5, -0.5)
    ax.grid(axis="y", color="0.92")
    _points_axis(ax, titles.get(a, a), titles.get(b, b))
    _legend_above(ax, ncols=min(len(strata), 4), title=f"{titles.get(a, a)} minus {titles.get(b, b)}, within each {by}",
                  title_fontsize=8, alignment="left")
    return figure


def plot_top_words(frame: pd.DataFrame, titles: dict[str, str], colours: dict[str, str]) -> Figure:
    """The words leaning most to each side: a bar of z per word, one panel per side, uses in the label.

    ``frame`` is ranked per side: ``term``, ``side`` (the side it leans
    to), ``count_a``, ``count_b``, ``z``; the sides are ``side_a`` and
    ``side_b``.
    """
    a, b = frame["side_a"].iloc[0], frame["side_b"].iloc[0]
    n = max(int((frame["side"] == a).sum()), int((frame["side"] == b).sum()), 1)
    figure = Figure(figsize=(FULL_WIDTH, 0.3 * n + 1.6), layout="constrained")
    axes = figure.subplots(1, 2, sharex=True)
    top = float(frame["z"].abs().max()) if len(frame) else 1.0
    for ax, side in zip(axes, (a, b)):
        rows = frame[frame["side"] == side]
        names = [f"{term}  ({ca}, {cb})" for term, ca, cb in zip(rows["term"], rows["count_a"], rows["count_b"])]
        ax.barh(range(len(rows)), rows["z"].abs(), color=colours.get(side, "0.5"))
        ax.set_yticks(range(len(rows)), names, fontsize=8)
        ax.set_ylim(n - 0.5, -0.5)
        ax.set_xlim(0, top * 1.1 or 1.0)
        ax.set_title(f"leaning to {titles.get(side, side)}", fontsize=9, loc="left")
        ax.set_xlabel("|z| (log-odds with a Dirichlet prior)", fontsize=8)
        ax.tick_params(axis="x", labelsize=8)
    figure.suptitle(f"in brackets: uses with {named(titles.get(a, a))}, with {named(titles.get(b, b))}", fontsize=8, x=0.01, ha="left")
    return figure
