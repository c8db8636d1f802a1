"""Synthetic statement tables with a known truth, for calibrating the tests.

Articles differ: some writers use distancing cues ("claimed") far more than
others, and some articles quote one side far more than the other. A test
that treats statements as independent mistakes that for a difference between
the sides; a calibrated test does not. :func:`synthetic_statements` builds
such corpora with or without a planted difference between the sides.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SIDES = ("A", "B")


def synthetic_statements(
    rng: np.random.Generator,
    n_documents: int = 40,
    statements_per_document: float = 10.0,
    base_rate: float = 0.15,
    ratio: float = 1.0,
    concentration: float = 4.0,
    confounding: float = 0.0,
) -> pd.DataFrame:
    """A statement table with two sides and a known distancing-cue rate per side.

    Each document ``d`` draws a distancing rate ``p_d`` from a Beta
    distribution with mean ``base_rate`` and concentration ``concentration``
    (smaller = articles differ more), a size from ``1 + Poisson(s - 1)``,
    and a share of side-A statements ``q_d``. Each statement's side is A
    with probability ``q_d``; it carries a distancing cue with probability
    ``p_d`` (side B) or ``min(1, ratio * p_d)`` (side A), otherwise it is
    neutral. So ``ratio = 1`` is a corpus with no difference between the
    sides, and ``ratio = 3`` one where side A's statements carry "claimed"
    three times as often.

    Parameters
    ----------
    rng
        The random generator.
    n_documents
        Number of articles.
    statements_per_document
        Mean number of statements per article.
    base_rate
        Mean distancing rate of side B.
    ratio
        Side A's rate over side B's, inside every article.
    concentration
        Beta concentration of the per-article rates.
    confounding
        In [0, 1]: 0 draws ``q_d`` uniformly, independent of ``p_d``; 1 sets
        ``q_d`` to the quantile of ``p_d`` among the articles, so articles
        that quote side A more also use distancing cues more - a difference
        between the sides in the pooled rates, with none inside any article.

    Returns
    -------
    DataFrame
        ``doc_id``, ``side``, ``stance`` (``"distancing"`` or
        ``"neutral"``), ``claimed`` (1 when distancing, else 0) and
        ``outlet`` (the article's outlet, two outlets at random).
    """
    rates = rng.beta(base_rate * concentration, (1.0 - base_rate) * concentration, n_documents)
    ranks = (rates.argsort().argsort() + 0.5) / n_documents
    share = (1.0 - confounding) * rng.random(n_documents) + confounding * ranks
    sizes = 1 + rng.poisson(statements_per_document - 1.0, n_documents)
    doc = np.repeat(np.arange(n_documents), sizes)
    side_a = rng.random(len(doc)) < share[doc]
    rate = np.where(side_a, np.minimum(1.0, ratio * rates[doc]), rates[doc])
    claimed = rng.random(len(doc)) < rate
    return pd.DataFrame(
        {
            "doc_id": np.char.add("doc", doc.astype(str)),
            "side": np.where(side_a, SIDES[0], SIDES[1]),
            "stance": np.where(claimed, "distancing", "neutral"),
            "claimed": claimed.astype(int),
            "outlet": np.where(rng.random(n_documents) < 0.5, "Outlet 1", "Outlet 2")[doc],
        }
    )
