"""The report's page, ``index.html``: the sections in order, figures and tables as written."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from narratives import __version__
from narratives.report import html as h
from narratives.report import sections
from narratives.report import stories as story_section
from narratives.report.charts import ReportFigures
from narratives.report.compute import ReportData
from narratives.report.tables import ReportTables

CONTENTS = [("findings", "Findings"), ("corpus", "The corpus"), ("sides", "Who is quoted"),
            ("framing", "How each side's statements are framed"), ("words", "Words that lean to each side"),
            ("classifier", "Classifiers"), ("stories", "What each side says"),
            ("method", "Method and validation"), ("reproduce", "Reproducing this report")]
"""The page's sections: anchor and heading (no Findings without a comparison)."""


def write_index(
    out: Path,
    data: ReportData,
    tables: ReportTables,
    figures: ReportFigures,
    listed: Sequence[str],
    command: Sequence[str] | None,
    parameters: Mapping[str, object],
    generated: str | None,
) -> Path:
    """Write ``index.html``: the whole report as one self-contained page (``listed``: every file of the folder)."""
    profile, labels, colours, titles = data.profile, data.labels, data.colours, data.titles
    title = f"{data.corpus.name}: how the sides are reported"
    corpus_caveats = sections.caveats(data.documents)
    comparison = data.pooled.comparison
    by_group = data.by_group.comparison if data.by_group else None
    body = "".join([
        h.element("h1", h.escape(title)),
        h.element("p", h.escape(f"Actor profile: {profile.title}. Sides: ")
                  + ", ".join(h.swatch(colours[s]) + h.escape(labels[s]) for s in profile.side_ids) + ".", class_="subtitle"),
        sections.findings_section(data.findings, corpus_caveats) if data.findings is not None
        else sections.reading(corpus_caveats, "caveat", title="Read this first"),
        h.contents(CONTENTS if data.findings is not None else CONTENTS[1:]),
        sections.overview_section(data.documents, tables.outlets, figures.timeline, tables.n_skipped),
        sections.sides_section(tables.sides.drop(columns="side_id"), tables.by_outlet.rename(columns=titles), figures.sides,
                               tables.unknown_share, profile.title),
        sections.framing_section(comparison, by_group, figures.framing, titles, data.documents),
        sections.words_section(data.words, figures.words, data.uses, titles),
        sections.classifier_section(data.classification, data.reason, figures.classifier, titles),
        story_section.stories_section(data.stories, profile, labels),
        sections.method_section(data.checks, figures.validation),
        sections.reproducibility_section(command, parameters, listed),
        h.element("footer", h.escape(f"Written by narratives {__version__}"
                                     + (f" on {generated}" if generated else "") + ". Nothing on this page is loaded from the network.")),
    ])
    index = out / "index.html"
    index.write_text(h.page(title, body), encoding="utf-8", newline="\n")
    return index
