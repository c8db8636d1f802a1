"""Attribution: who said what, where in the text, and how it was reported.

:mod:`narratives.attribution.records` holds the record every tool shares,
:mod:`narratives.attribution.brat` reads and writes brat standoff files
(PolNeAR), and :mod:`narratives.attribution.evaluate` scores predictions
against gold annotations.
"""
