"""Notebook display of documents, analyses and comparisons, drawn on the top floor and looked up when shown.

:class:`~narratives.corpus.Document`,
:class:`~narratives.pipeline.DocumentAnalysis`,
:class:`~narratives.pipeline.Analysis` and
:class:`~narratives.compare.result.Comparison` have a ``_repr_html_`` that
calls :func:`html`. The drawing lives in :mod:`narratives.report.notebook`,
above every stage; it is imported by name the first time an object is
shown, so no lower layer imports the report layer and ``import narratives``
does not load it.
"""

from __future__ import annotations

import importlib

__all__ = ["RENDERER", "html"]

RENDERER = "narratives.report.notebook"
"""The module whose ``notebook_html`` draws an object for Jupyter."""


def html(item: object) -> str:
    """The HTML Jupyter shows for ``item`` (see :func:`narratives.report.notebook.notebook_html`)."""
    return importlib.import_module(RENDERER).notebook_html(item)
