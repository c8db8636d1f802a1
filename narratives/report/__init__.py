"""Reports: a self-contained, reproducible HTML report of a corpus, and the pieces to build pages.

* :func:`build_report` (:mod:`narratives.report.build`) - analyse a corpus
  with an actor profile and write a report folder: ``index.html``, figures
  (PNG, SVG and their data as CSV), tables, the analysis tables and
  ``manifest.json``; byte-identical for the same inputs. Its stages:
  :mod:`~narratives.report.compute` (what the report shows),
  :mod:`~narratives.report.tables`, :mod:`~narratives.report.charts`
  (figures saved with caption and data), :mod:`~narratives.report.page`
  (``index.html``) and :mod:`~narratives.report.manifest`, writing into a
  :class:`~narratives.report.folder.ReportFolder`.
* :mod:`narratives.report.html` - escaping, tables, figures and the page
  shell (inline CSS, no script, nothing loaded from the network), side
  colours and labels from a profile; shared by every page.
* :mod:`narratives.report.figures` - figures saved reproducibly, and the
  report's figures in the words of its tables.
* :mod:`narratives.report.findings` - the Findings panel: the gaps between
  the sides that hold, mirror images between outlets, descriptive gaps.
* :mod:`narratives.report.labels` - measures and sides in plain words.
* :mod:`narratives.report.words` - the words leaning to each side and the
  statements that use them.
* :mod:`narratives.report.validation` - the shipped validation figures
  (``narratives/data/validation.toml``).
"""

from narratives.report.build import Report, build_report

__all__ = ["Report", "build_report"]
