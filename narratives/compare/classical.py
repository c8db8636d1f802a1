"""Classical contingency-table tests (scipy), treating statements as independent.

These are the textbook tests a reviewer expects to see next to the
permutation test, and they are reported as such: they assume every statement
is an independent draw, which statements of one article are not, so their
p-values are too small when framing clusters by article. The summary never
rests a conclusion on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import stats

Asymptotic = Literal["chi2", "g"]

MIN_EXPECTED = 5.0
"""Below this smallest expected cell count, Fisher's exact test replaces the asymptotic one."""

FISHER_RESAMPLES = 9999
"""Monte Carlo tables for Fisher's exact test on tables larger than 2x2."""


@dataclass(frozen=True)
class TableTest:
    """One contingency-table test.

    Attributes
    ----------
    test
        ``"fisher"``, ``"chi2"`` (Pearson, no continuity correction) or
        ``"g"`` (likelihood-ratio G-test).
    statistic
        The test statistic: the sample odds ratio for a 2x2 Fisher test, the
        observed table's null probability for a larger Fisher test, X² or G
        otherwise.
    p_value
        Two-sided p-value; NaN when the table has fewer than two non-empty
        rows or columns.
    min_expected
        Smallest expected cell count under independence.
    """

    test: str
    statistic: float
    p_value: float
    min_expected: float


def table_test(
    table: np.ndarray, asymptotic: Asymptotic = "chi2", rng: np.random.Generator | None = None
) -> TableTest:
    """Test independence of rows and columns of a contingency table.

    Rows or columns that are all zero are dropped first. Fisher's exact
    test is used when the smallest expected count is below
    :data:`MIN_EXPECTED` (exact for 2x2 tables; for larger tables a Monte
    Carlo estimate from :data:`FISHER_RESAMPLES` random tables with the
    observed margins, drawn with ``rng``); otherwise Pearson's chi-square
    (``asymptotic="chi2"``, no Yates correction) or the G-test
    (``asymptotic="g"``).

    Parameters
    ----------
    table
        ``(r, c)`` counts.
    asymptotic
        The test used when every expected count is large enough.
    rng
        Random generator for the Monte Carlo Fisher test on tables larger
        than 2x2.

    Returns
    -------
    TableTest
    """
    table = np.asarray(table, dtype=np.int64)
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    if min(table.shape) < 2:
        return TableTest(asymptotic, np.nan, np.nan, np.nan)
    min_expected = float(stats.contingency.expected_freq(table).min())
    if min_expected < MIN_EXPECTED:
        method = (
            None if table.shape == (2, 2) else stats.MonteCarloMethod(n_resamples=FISHER_RESAMPLES, rng=rng)
        )
        result = stats.fisher_exact(table, method=method)  # scipy may give (1,)-shaped arrays here
        return TableTest(
            "fisher", np.asarray(result.statistic).item(), np.asarray(result.pvalue).item(), min_expected
        )
    lambda_ = "log-likelihood" if asymptotic == "g" else None
    result = stats.chi2_contingency(table, correction=False, lambda_=lambda_)
    return TableTest(asymptotic, float(result.statistic), float(result.pvalue), min_expected)
