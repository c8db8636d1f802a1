"""How documents, analyses and comparisons look in a notebook (their ``_repr_html_``).

Reached through :func:`narratives.display.html`, so that the stages never
import the report layer:

- a :class:`~narratives.corpus.Document`: its title, metadata and text,
  not analysed (showing a document runs no model;
  :func:`~narratives.report.teaching.show` gives its teaching view);
- a :class:`~narratives.pipeline.DocumentAnalysis`: the teaching view of
  the article (already analysed);
- an :class:`~narratives.pipeline.Analysis`: its documents and attributions
  tables, at most :data:`MAX_ROWS` rows each;
- a :class:`~narratives.compare.result.Comparison`: its summary and rates.
"""

from __future__ import annotations

from narratives.compare.result import Comparison
from narratives.corpus import Document
from narratives.pipeline import Analysis, DocumentAnalysis
from narratives.report.html import element, escape
from narratives.report.teaching import TEACH_CSS, comparison_html, show

__all__ = ["MAX_ROWS", "analysis_html", "document_html", "notebook_html"]

MAX_ROWS = 50
"""Rows of each table an analysis shows in a notebook; the tables themselves hold every row."""


def notebook_html(item: Document | DocumentAnalysis | Analysis | Comparison) -> str:
    """The HTML Jupyter shows for ``item``.

    Raises
    ------
    TypeError
        For any other object.
    """
    if isinstance(item, Document):
        return document_html(item)
    if isinstance(item, Analysis):
        return analysis_html(item)
    if isinstance(item, Comparison):
        return comparison_html(item)
    if isinstance(item, DocumentAnalysis):
        return show(item).html
    raise TypeError(f"narratives draws no {type(item).__name__} for a notebook")


def document_html(document: Document) -> str:
    """A document's title, metadata and text as it was read, not analysed."""
    meta = " · ".join(escape(v) for v in (document.outlet, document.date, f"id: {document.id}") if v)
    hint = "Not analysed: show(document) from narratives.report.teaching draws who says what."
    body = (
        element("h3", escape(document.title or document.id))
        + element("p", meta, class_="nv-meta")
        + element("div", escape(document.text), class_="nv-text", lang=document.language or None)
        + element("p", escape(hint), class_="nv-meta")
    )
    return f"<style>{TEACH_CSS}</style>" + element("div", body, class_="nv-page")


def analysis_html(analysis: Analysis, max_rows: int = MAX_ROWS) -> str:
    """The first ``max_rows`` rows of an analysis' documents and attributions tables, speakers and verbs coloured."""
    head = Analysis(analysis.documents.head(max_rows), analysis.sentences.head(0), analysis.attributions.head(max_rows))
    more = [
        f"{len(frame) - max_rows} more {name} in .{name}"
        for name, frame in (("documents", analysis.documents), ("attributions", analysis.attributions))
        if len(frame) > max_rows
    ]
    note = element("p", escape(f"The first {max_rows} rows of each table; " + ", ".join(more) + "."), class_="nv-meta") if more else ""
    return show(head).html + note
