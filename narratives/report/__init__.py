"""Reports: a self-contained, reproducible HTML report of a corpus, and the pieces to build pages.

* :mod:`narratives.report.html` - escaping, tables, figures and the page
  shell (inline CSS, no script, nothing loaded from the network), side
  colours and labels from a profile; shared by every page.
"""
