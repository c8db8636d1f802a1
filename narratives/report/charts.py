"""The report's figures, saved with their data, caption and description (:mod:`~narratives.report.figures` draws them).

:func:`write_figures` saves each figure the corpus allows (PNG, SVG and the
data as CSV) into a :class:`~narratives.report.folder.ReportFolder` and
returns the HTML of each (:class:`ReportFigures`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from narratives.compare.result import Comparison
from narratives.report import sections
from narratives.report.compute import ReportData
from narratives.report.figures import (
    plot_rates_and_differences,
    plot_scores,
    plot_side_counts,
    plot_stratum_differences,
    plot_timeline,
    plot_top_words,
    plot_validation,
    rates_frame,
    validation_names,
)
from narratives.report.findings import gap_frame, gaps
from narratives.report.folder import ReportFolder
from narratives.report.tables import ReportTables, slug
from narratives.report.validation import validation_frame


@dataclass(frozen=True)
class ReportFigures:
    """The HTML of each figure written (empty, or None for the timeline, when the corpus has none)."""

    timeline: str | None
    sides: str
    framing: dict[str, str] = field(default_factory=dict)
    """``rates`` (pooled) and ``by_stratum`` (inside each group), when compared."""
    words: str = ""
    classifier: str = ""
    validation: str = ""


def write_figures(data: ReportData, tables: ReportTables, folder: ReportFolder) -> ReportFigures:
    """Save every figure of the report: timeline, sides, rates, differences by group, words, classifiers, validation."""
    documents, titles, colours = data.documents, data.titles, data.colours
    timeline = None
    if documents["date"].notna().any() and pd.to_datetime(documents["date"], errors="coerce").notna().all():
        frame = documents[["doc_id", "outlet", "date", "n_words", "n_attributions"]]
        timeline = folder.figure("timeline", plot_timeline(frame), frame,
                                 "Articles per outlet by publication date",
                                 "Each article is a dot on its publication date, in its outlet's row; larger dots have more attributions.")
    sides = folder.figure("sides", plot_side_counts(tables.counts_long, colours, titles), tables.counts_long,
                          "Attributions per outlet, stacked by side",
                          "Horizontal bars, one per outlet; each bar is split into the number of attributions of each side.")
    framing = {}
    if data.pooled.comparison is not None:
        framing["rates"] = rates_figure(folder, data.pooled.comparison, titles, colours)
    if data.by_group is not None:
        by = data.by
        frame = gap_frame(gaps(data.by_group.comparison, titles), order="size")
        framing["by_stratum"] = folder.figure(
            f"differences_by_{slug(by)}", plot_stratum_differences(frame, titles, by), frame,
            f"Difference between the sides inside each {by}, with 95% intervals",
            f"Dot plot: one row per reporting-verb category or framing feature, one dot per {by} at the difference "
            "between the sides (percentage points) with a horizontal interval bar; a vertical line at zero.")
    words = ""
    if data.words is not None:
        words = folder.figure(
            "fightin_words", plot_top_words(data.words, titles, colours), data.words,
            "Words leaning most to each side (function words left out)",
            "Two panels of horizontal bars, one per side: the words used more with that side's statements, longest bar first.")
    classifier = ""
    if data.classification is not None:
        scores = data.classification.scores.assign(model=data.classification.scores["model"].map(sections.MODEL_NAMES))
        classifier = folder.figure("classifier", plot_scores(scores), scores,
                                   "Balanced accuracy of each classifier of side, with chance level",
                                   "Horizontal bars of balanced accuracy per classifier, a dashed line at chance.")
    validation = validation_frame(data.checks)
    validation_html = folder.figure("validation", plot_validation(validation), validation.assign(name=validation_names(validation)),
                                    "Validation figures shipped with narratives",
                                    "Horizontal bars, one per validation figure, on a scale from 0 to 1, coloured by held out, in sample, hand check or simulation.")
    return ReportFigures(timeline, sides, framing, words, classifier, validation_html)


def rates_figure(folder: ReportFolder, comparison: Comparison, titles: dict, colours: dict) -> str:
    """The pooled figure: each side's rate per measure beside the difference between the sides, sorted."""
    data = rates_frame(comparison, titles)
    return folder.figure(
        "rates", plot_rates_and_differences(data, titles, colours), data,
        "Share of each side's statements with each feature (left) and the difference between the sides (right), "
        "with 95% intervals, largest difference first",
        "Two dot plots sharing one row per reporting-verb category or framing feature: on the left one dot per side "
        "at its share of statements with an interval bar; on the right the difference between the sides in "
        "percentage points with its interval and a vertical line at zero.")
