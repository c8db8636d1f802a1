"""The report's tables: the analysis tables, outlets, sides, comparisons, classifier features and stories, as CSV.

:func:`write_tables` writes them into a :class:`~narratives.report.folder.ReportFolder`
and returns the ones the page shows (:class:`ReportTables`).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

import pandas as pd

from narratives.compare.result import Comparison
from narratives.compare.sides import SideComparison
from narratives.corpus import Corpus
from narratives.csv_export import write_csv, write_csvs
from narratives.report import html as h
from narratives.report import stories as story_section
from narratives.report.compute import ReportData
from narratives.report.findings import Findings
from narratives.report.folder import ReportFolder
from narratives.schema import date_text
from narratives.sides import Profile, side_counts


@dataclass(frozen=True)
class ReportTables:
    """The tables the page shows, as written.

    Attributes
    ----------
    outlets
        Articles, dates, words, sentences and attributions per outlet (:func:`outlet_table`).
    sides, by_outlet, counts_long
        Attributions per side, per outlet and side, and the sides figure's data (:func:`side_tables`).
    n_skipped
        Documents left out as unreadable.
    unknown_share
        Share of the statements whose side is unknown (NaN without statements).
    """

    outlets: pd.DataFrame
    sides: pd.DataFrame
    by_outlet: pd.DataFrame
    counts_long: pd.DataFrame
    n_skipped: int
    unknown_share: float


def write_tables(data: ReportData, folder: ReportFolder) -> ReportTables:
    """Write every table of the report (the analysis, outlets, sides, comparisons, summary, classifier, stories)."""
    out = folder.out
    folder.add(write_csvs({out / f"{name}.csv": getattr(data.analysis, name) for name in ("documents", "sentences", "attributions")}))
    skipped = skipped_frame(data.corpus)
    if len(skipped):
        write_csv(skipped, out / "skipped.csv")
        folder.add([out / "skipped.csv"])
    outlets = outlet_table(data.documents)
    folder.csv(outlets, "tables/outlets.csv")
    sides, by_outlet, counts_long = side_tables(data.statements, data.documents, data.profile, data.labels, data.colours)
    folder.csv(sides.drop(columns="side"), "tables/sides.csv", sides["side_id"])
    folder.csv(by_outlet, "tables/sides_by_outlet.csv")
    statements = data.statements
    unknown_share = float((statements["side"] == "unknown").mean()) if len(statements) else float("nan")
    if data.pooled.comparison is not None:
        folder.add(data.pooled.comparison.write(out / "tables"))
    if data.by_group is not None:
        stem = f"by_{slug(data.by)}"
        for name in ("rates", "effects", "tests", "sizes"):
            folder.csv(getattr(data.by_group.comparison, name), f"tables/{name}_{stem}.csv")
    if data.findings is not None:
        (out / "tables" / "summary.txt").write_text(summary_text(data.findings, data.pooled.comparison, data.by_group), encoding="utf-8")
    if data.classification is not None:
        folder.csv(data.classification.separating_features(), "tables/classifier_features.csv")
    folder.add(story_section.write_story_tables(data.stories, out / "tables"))
    return ReportTables(outlets, sides, by_outlet, counts_long, len(skipped), unknown_share)


def summary_text(findings: Findings, pooled: Comparison, by_group: SideComparison | None) -> str:
    """``summary.txt``: the findings, then the comparison's own summary (pooled, then per group)."""
    parts = ["Findings", *(f"- {line}" for line in findings.lines), "", pooled.summary()]
    if by_group is not None:
        parts += ["", by_group.comparison.summary()]
    return "\n".join(parts) + "\n"


def slug(name: str) -> str:
    """A grouping's name as part of a file name: letters, digits, ``-`` and ``_`` only.

    Examples
    --------
    >>> slug("outlet"), slug("../date window")
    ('outlet', '___date_window')
    """
    return re.sub(r"[^\w-]", "_", name, flags=re.ASCII)


def outlet_table(documents: pd.DataFrame) -> pd.DataFrame:
    """Articles, dates, words, sentences and attributions per outlet, and a total row."""
    grouped = documents.groupby("outlet", sort=True)
    table = pd.DataFrame(
        {
            "articles": grouped.size(),
            "first date": grouped["date"].min(),
            "last date": grouped["date"].max(),
            "words": grouped["n_words"].sum(),
            "sentences": grouped["n_sentences"].sum(),
            "attributions": grouped["n_attributions"].sum(),
        }
    ).reset_index()
    total = {
        "outlet": "all outlets",
        "articles": len(documents),
        "first date": documents["date"].min(),
        "last date": documents["date"].max(),
        "words": documents["n_words"].sum(),
        "sentences": documents["n_sentences"].sum(),
        "attributions": documents["n_attributions"].sum(),
    }
    table = pd.concat([table, pd.DataFrame([total])], ignore_index=True)
    return table.assign(**{column: date_text(table[column]) for column in ("first date", "last date")})


def side_tables(
    statements: pd.DataFrame, documents: pd.DataFrame, profile: Profile, labels: dict, colours: dict
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Attributions per side (with share, articles and top speakers), per outlet and side, and the figure's data."""
    counts = side_counts(statements, profile)
    total = max(int(counts.sum()), 1)
    rows = []
    for side, count in counts.items():
        spoken = statements[statements["side"] == side]
        actors = spoken["actor"].dropna()
        actors = actors[actors != ""].value_counts().head(3)
        rows.append(
            {
                "side_id": side,
                "side": h.swatch(colours[side]) + h.escape(labels[side]),
                "attributions": int(count),
                "share": count / total,
                "documents": int(spoken["doc_id"].nunique()),
                "top_speakers": "; ".join(f"{name} ({n})" for name, n in actors.items()),
            }
        )
    side_table = pd.DataFrame(rows)
    merged = statements.merge(documents[["doc_id", "outlet"]].rename(columns={"outlet": "doc_outlet"}), on="doc_id")
    order = list(counts.index)
    crosstab = pd.crosstab(merged["doc_outlet"], merged["side"]).reindex(columns=order, fill_value=0)
    crosstab = crosstab.reindex(sorted(documents["outlet"].unique()), fill_value=0)
    by_outlet = crosstab.rename_axis(index="outlet", columns=None).reset_index()
    long = by_outlet.melt(id_vars="outlet", var_name="side", value_name="attributions")
    return side_table, by_outlet, long


def skipped_frame(corpus: Corpus) -> pd.DataFrame:
    """The documents left out during the corpus's last reading (``on_error="skip"``), one row each."""
    if not corpus.skipped:
        return pd.DataFrame()
    return pd.DataFrame([dataclasses.asdict(s) for s in corpus.skipped]).astype({"line": "Int64"})
