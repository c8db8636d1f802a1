"""The default resampling and test level of every comparison, in a module that imports nothing.

The command line shows them in ``--help`` without loading the statistics
libraries; :mod:`narratives.compare.result` and the report read them from here.
"""

from __future__ import annotations

__all__ = ["ALPHA", "N_BOOT", "N_PERMUTATIONS"]

N_BOOT = 2000
"""Default number of bootstrap replicates of every comparison (``compare``, ``compare_sides``, the report)."""
N_PERMUTATIONS = 2000
"""Default number of permutations of every comparison's tests."""
ALPHA = 0.05
"""Default level of the tests and of the intervals (1 - ALPHA), after Benjamini-Hochberg where p-values are adjusted."""
