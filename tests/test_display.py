"""Notebook display: a document is shown as read, without running the model; an analysis shows its first rows."""

from __future__ import annotations

import pandas as pd
import pytest

import narratives.pipeline
from narratives.corpus import Document
from narratives.pipeline import Analysis, analyze
from narratives.report.notebook import MAX_ROWS

TEXT = "Baku claimed that <b>Ganja</b> & Tartar were shelled."


def test_showing_a_document_runs_no_model(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the model ran")

    monkeypatch.setattr(narratives.pipeline, "_analyze_documents", refuse)
    monkeypatch.setattr(narratives.pipeline, "attribute_tables", refuse)
    shown = Document("x", TEXT, title="A <title>", outlet="Ledger")._repr_html_()
    assert "&lt;b&gt;Ganja&lt;/b&gt; &amp; Tartar" in shown and "<b>" not in shown
    assert "A &lt;title&gt;" in shown and "Ledger" in shown


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return analyze([Document("x", TEXT)])


def test_an_analysis_shows_at_most_max_rows_of_each_table(analysis) -> None:
    n = MAX_ROWS + 7
    many = Analysis(
        pd.concat([analysis.documents] * n, ignore_index=True),
        analysis.sentences,
        pd.concat([analysis.attributions] * n, ignore_index=True),
    )
    shown = many._repr_html_()
    assert shown.count('class="nv-cue') == MAX_ROWS
    assert "7 more documents" in shown and "7 more attributions" in shown


def test_a_small_analysis_is_shown_whole(analysis) -> None:
    shown = analysis._repr_html_()
    assert shown.count('class="nv-cue') == len(analysis.attributions) == 1
    assert "more" not in shown
