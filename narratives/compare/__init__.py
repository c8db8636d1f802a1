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
"""

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
