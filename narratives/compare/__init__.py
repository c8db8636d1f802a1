"""Compare the sides: rates, effect sizes, honest uncertainty, word contrasts and classifiers.

Written against a plain statement table (one row per attribution) with a
document id, a grouping column (``side``, ``outlet``, a date window), a
categorical column (``stance``) and feature columns, so it runs on any table
of that shape.

* :func:`compare` - counts and rates per group, rate difference and ratio,
  log odds ratio, Cramér's V, cluster-bootstrap intervals, the default
  document-respecting permutation test, chi-square/G/Fisher, and
  Benjamini-Hochberg correction; returns a :class:`Comparison`.
* :func:`fightin_words` - log-odds ratios with an informative Dirichlet prior
  (Monroe, Colaresi & Quinn 2008).
* :func:`classify` - scikit-learn classifiers of side or outlet from the
  framing, cross-validated and permutation-tested by document, with
  bootstrap intervals on the coefficients and a plain-language table.
* :func:`permutation_test`, :func:`bootstrap_sums` and the effect-size
  functions, for use on count arrays directly;
  :func:`~narratives.compare.simulate.synthetic_statements` for corpora
  with a known truth.

The names are imported when first used, so ``narratives --help`` reads the
defaults of :mod:`narratives.compare.defaults` without loading SciPy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from narratives.lazy import lazy_dir, lazy_getattr

_EXPORTS = {
    "bootstrap_sums": "narratives.compare.bootstrap",
    "percentile_interval": "narratives.compare.bootstrap",
    "TableTest": "narratives.compare.classical",
    "table_test": "narratives.compare.classical",
    "compare": "narratives.compare.core",
    "date_windows": "narratives.compare.core",
    "cramers_v": "narratives.compare.effects",
    "log_odds_ratio": "narratives.compare.effects",
    "mantel_haenszel_difference": "narratives.compare.effects",
    "rate_difference": "narratives.compare.effects",
    "rate_ratio": "narratives.compare.effects",
    "Classification": "narratives.compare.ml",
    "classify": "narratives.compare.ml",
    "PermutationResult": "narratives.compare.permutation",
    "permutation_test": "narratives.compare.permutation",
    "Comparison": "narratives.compare.result",
    "Settings": "narratives.compare.result",
    "FightinWords": "narratives.compare.words",
    "fightin_words": "narratives.compare.words",
    "fightin_words_counts": "narratives.compare.words",
    "log_odds_dirichlet": "narratives.compare.words",
}
"""Each public name and the module it is imported from when first used."""

__all__ = [
    "Classification",
    "Comparison",
    "FightinWords",
    "PermutationResult",
    "Settings",
    "TableTest",
    "bootstrap_sums",
    "classify",
    "compare",
    "cramers_v",
    "date_windows",
    "fightin_words",
    "fightin_words_counts",
    "log_odds_dirichlet",
    "log_odds_ratio",
    "mantel_haenszel_difference",
    "percentile_interval",
    "permutation_test",
    "rate_difference",
    "rate_ratio",
    "table_test",
]

if TYPE_CHECKING:
    from narratives.compare.bootstrap import bootstrap_sums, percentile_interval
    from narratives.compare.classical import TableTest, table_test
    from narratives.compare.core import compare, date_windows
    from narratives.compare.effects import (
        cramers_v,
        log_odds_ratio,
        mantel_haenszel_difference,
        rate_difference,
        rate_ratio,
    )
    from narratives.compare.ml import Classification, classify
    from narratives.compare.permutation import PermutationResult, permutation_test
    from narratives.compare.result import Comparison, Settings
    from narratives.compare.words import FightinWords, fightin_words, fightin_words_counts, log_odds_dirichlet

__getattr__ = lazy_getattr(__name__, _EXPORTS)
"""Import a public name on first use (PEP 562) and keep it."""
__dir__ = lazy_dir(__name__, _EXPORTS)
"""Tab completion and ``dir()`` list the names imported on first use."""
