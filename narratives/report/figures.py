"""Figures saved reproducibly: the same figure gives the same bytes, as PNG and SVG, with its data as CSV.

Matplotlib stamps files with the time and its version unless told not to,
and names SVG elements from a random salt. :func:`save_figure` fixes the
salt (``svg.hashsalt``), removes the date and software metadata and uses a
fixed resolution, so a report regenerated from the same inputs is
byte-identical. Text is drawn as paths with matplotlib's bundled DejaVu
fonts, so no font is looked up on the reader's machine.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib
import matplotlib.patches
import pandas as pd
from matplotlib.figure import Figure

from narratives.csv_export import write_csv

DPI = 120
"""Resolution of the PNG files (dots per inch)."""

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
    figure = Figure(figsize=(7.5, 0.55 * len(outlets) + 1.4), layout="constrained")
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
    figure = Figure(figsize=(7.5, 0.5 * len(wide) + 1.8), layout="constrained")
    ax = figure.subplots()
    left = pd.Series(0.0, index=wide.index)
    for side in wide.columns:
        ax.barh(wide.index, wide[side], left=left, color=colours.get(side, "#999999"), label=labels.get(side, side))
        left += wide[side]
    ax.invert_yaxis()
    ax.set_xlabel("attributions (who is quoted or paraphrased)")
    ax.legend(fontsize=8, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3, frameon=False)
    return figure


def plot_scores(scores: pd.DataFrame) -> Figure:
    """Cross-validated score of each classifier with its spread over folds, and the chance level.

    ``scores`` needs ``model``, ``score``, ``score_sd`` and ``chance``.
    """
    figure = Figure(figsize=(6.5, 0.45 * len(scores) + 1.4), layout="constrained")
    ax = figure.subplots()
    ax.barh(scores["model"], scores["score"], xerr=scores["score_sd"], color="#0b5cad", alpha=0.75, capsize=3)
    chance = scores["chance"].dropna()
    if len(chance):
        ax.axvline(float(chance.iloc[0]), color="#d4a72c", linestyle="--", label="chance (a constant guess)")
        ax.legend(fontsize=8, loc="lower right")
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("balanced accuracy, cross-validated by article (bar: ±1 sd over folds)")
    return figure


def plot_validation(frame: pd.DataFrame) -> Figure:
    """Each validation figure as a bar on a 0-1 scale, coloured by how it was obtained.

    ``frame`` is :func:`narratives.report.validation.validation_frame`.
    """
    colours = {"held out": "#0b5cad", "in sample": "#9ecae1", "hand check": "#1b9e77", "simulation": "#d95f02"}
    names = [f"{stage}: {label}" for stage, label in zip(frame["stage"], frame["label"])]
    figure = Figure(figsize=(8, 0.32 * len(frame) + 1.6), layout="constrained")
    ax = figure.subplots()
    ax.barh(range(len(frame)), frame["value"], color=[colours[s] for s in frame["setting"]])
    for position, value in enumerate(frame["value"]):
        ax.annotate(f"{value:.3g}", (value, position), xytext=(3, 0), textcoords="offset points", va="center", fontsize=7)
    ax.set_yticks(range(len(frame)), names, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.08)
    ax.set_xlabel("F1, precision or false-positive rate (see the table)")
    handles = [matplotlib.patches.Patch(color=colour, label=setting) for setting, colour in colours.items() if setting in set(frame["setting"])]
    ax.legend(handles=handles, fontsize=7, loc="lower right")
    return figure
