"""Word-level contrast: log-odds ratios with an informative Dirichlet prior.

Monroe, Colaresi & Quinn (2008), "Fightin' words: lexical feature selection
and evaluation for identifying the content of political conflict",
*Political Analysis* 16(4), section 3.5. For term ``w`` with counts
``y_a[w]`` and ``y_b[w]`` in the two groups (totals ``n_a``, ``n_b``) and
prior pseudo-counts ``alpha[w]`` summing to ``alpha0``, in natural logs::

    delta[w] = log((y_a + alpha) / (n_a + alpha0 - y_a - alpha))
             - log((y_b + alpha) / (n_b + alpha0 - y_b - alpha))
    var[w]   = 1 / (y_a + alpha) + 1 / (y_b + alpha)
    z[w]     = delta / sqrt(var)

The prior is informative: ``alpha = alpha0 * background / background.sum()``,
with the pooled counts of the corpus as the background unless another is
given. Frequent terms are shrunk little, rare terms a lot, so the ranking is
not dominated by words seen twice. The z-scores treat every token as an
independent draw; tokens of one article are not, so the p-values are a
ranking aid and too small when wording clusters by article.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from scipy import sparse, stats
from sklearn.feature_extraction.text import CountVectorizer

from narratives.compare.defaults import ALPHA

WORD_COLUMNS = ["term", "count_a", "count_b", "prior", "delta", "variance", "z", "p_value", "p_adjusted"]


def log_odds_dirichlet(
    counts_a: np.ndarray, counts_b: np.ndarray, prior: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Log-odds ratio of each term with a Dirichlet prior, and its approximate variance.

    Parameters
    ----------
    counts_a, counts_b
        ``(V,)`` term counts in groups a and b.
    prior
        ``(V,)`` positive pseudo-counts ``alpha``; their sum is ``alpha0``.

    Returns
    -------
    delta : ndarray of shape (V,)
        Natural-log odds ratio, positive when the term leans to group a.
    variance : ndarray of shape (V,)

    Examples
    --------
    >>> delta, var = log_odds_dirichlet(np.array([3, 1]), np.array([1, 3]), np.array([1.0, 1.0]))
    >>> np.round(delta, 4).tolist(), np.round(var, 4).tolist()   # log((4/2) / (2/4)) = log 4
    ([1.3863, -1.3863], [0.75, 0.75])
    """
    counts_a, counts_b, prior = (np.asarray(x, dtype=float) for x in (counts_a, counts_b, prior))
    alpha0 = prior.sum()
    odds_a = (counts_a + prior) / (counts_a.sum() + alpha0 - counts_a - prior)
    odds_b = (counts_b + prior) / (counts_b.sum() + alpha0 - counts_b - prior)
    return np.log(odds_a) - np.log(odds_b), 1.0 / (counts_a + prior) + 1.0 / (counts_b + prior)


def dirichlet_prior(background: np.ndarray, alpha0: float | None = None) -> np.ndarray:
    """Pseudo-counts ``alpha0 * background / background.sum()``.

    ``alpha0`` defaults to ``background.sum()``, i.e. the background counts
    themselves. Every background count must be positive: a term never seen
    in the background would get no prior mass, and its log-odds would be
    infinite when one group never uses it.
    """
    background = np.asarray(background, dtype=float)
    if (background <= 0).any():
        raise ValueError(
            f"the background has no count for {int((background <= 0).sum())} terms; "
            "add a pseudo-count (e.g. background + 1) or build the vocabulary from the background"
        )
    total = background.sum()
    return background * ((total if alpha0 is None else alpha0) / total)


@dataclass(frozen=True)
class FightinWords:
    """The word-level contrast of two groups.

    Attributes
    ----------
    table
        One row per term, sorted by z: ``term``, ``count_a``, ``count_b``,
        ``prior`` (alpha_w), ``delta`` (log-odds ratio, natural log, > 0
        leans to group a), ``variance``, ``z``, ``p_value`` (two-sided,
        normal) and ``p_adjusted`` (Benjamini-Hochberg across all terms).
    group_a, group_b
        The two groups, a first.
    alpha0
        The prior's total pseudo-count.
    """

    table: pd.DataFrame = field(repr=False)
    group_a: object
    group_b: object
    alpha0: float

    def top(self, n: int = 10) -> pd.DataFrame:
        """The ``n`` terms leaning most to each group (by z), group a's first."""
        return pd.concat([self.table.head(n), self.table.tail(n).iloc[::-1]], ignore_index=True)

    def plot(
        self, n_labels: int = 10, alpha: float = ALPHA, colours: tuple[str, str] = ("tab:red", "tab:blue")
    ) -> Figure:
        """The fightin'-words plot: z-score against log total frequency.

        Terms with a BH-adjusted p-value below ``alpha`` are coloured by the
        group they lean to (``colours``: group a's, then group b's), and
        the ``n_labels`` most extreme of each side are labelled.
        """
        figure = Figure(figsize=(7, 5), layout="constrained")
        ax = figure.subplots()
        table = self.table
        frequency = np.log(table["count_a"] + table["count_b"])
        marked = table["p_adjusted"] < alpha
        ax.scatter(
            frequency[~marked], table["z"][~marked], s=6, color="0.7", label="not significant after BH"
        )
        for sign, colour, group in ((1, colours[0], self.group_a), (-1, colours[1], self.group_b)):
            side = marked & (np.sign(table["z"]) == sign)
            ax.scatter(frequency[side], table["z"][side], s=10, color=colour, label=f"leans to {group}")
            ranked = table[side].sort_values("z", ascending=sign < 0).head(n_labels)
            for index, row in ranked.iterrows():
                ax.annotate(row["term"], (frequency[index], row["z"]), fontsize=8, color=colour)
        ax.axhline(0.0, color="0.5", linewidth=0.5)
        ax.set_xlabel("log frequency (both groups)")
        ax.set_ylabel(f"z-score ({self.group_a} vs {self.group_b})")
        ax.set_title(f"Fightin' words, informative Dirichlet prior (alpha0 = {self.alpha0:g})")
        ax.legend(loc="best", fontsize=8)
        return figure


def fightin_words_counts(
    counts: sparse.spmatrix | np.ndarray,
    terms: Sequence[str],
    groups: Sequence[object],
    group_a: object,
    group_b: object,
    background: np.ndarray | pd.Series | None = None,
    alpha0: float | None = None,
) -> FightinWords:
    """Fightin' words from a statement-by-term count matrix.

    Parameters
    ----------
    counts
        ``(n_statements, V)`` term counts (e.g. from
        :class:`~sklearn.feature_extraction.text.CountVectorizer`), sparse
        or dense.
    terms
        The V term strings.
    groups
        ``(n_statements,)`` group of each row.
    group_a, group_b
        The two groups to contrast; rows of other groups still count in the
        pooled background.
    background
        Counts of a background corpus: an array aligned with ``terms`` or a
        Series indexed by term (missing terms count 0, which is refused -
        see :func:`dirichlet_prior`). Default: the pooled counts of all rows.
    alpha0
        Size of the prior (its total pseudo-count). Default: the
        background's total count.

    Returns
    -------
    FightinWords
    """
    counts = sparse.csr_matrix(counts)
    groups = np.asarray(groups, dtype=object)
    selector = sparse.csr_matrix(np.vstack([groups == group_a, groups == group_b]).astype(float))
    by_group = np.asarray((selector @ counts).todense())
    if isinstance(background, pd.Series):
        background = background.reindex(list(terms)).fillna(0).to_numpy()
    pooled = np.asarray(counts.sum(axis=0)).ravel()
    prior = dirichlet_prior(pooled if background is None else background, alpha0)
    delta, variance = log_odds_dirichlet(by_group[0], by_group[1], prior)
    z = delta / np.sqrt(variance)
    p_value = 2.0 * stats.norm.sf(np.abs(z))
    table = pd.DataFrame(
        {
            "term": list(terms),
            "count_a": by_group[0].astype(np.int64),
            "count_b": by_group[1].astype(np.int64),
            "prior": prior,
            "delta": delta,
            "variance": variance,
            "z": z,
            "p_value": p_value,
            "p_adjusted": stats.false_discovery_control(p_value, method="bh") if len(p_value) else p_value,
        },
        columns=WORD_COLUMNS,
    )
    table = table.sort_values("z", ascending=False, kind="stable").reset_index(drop=True)
    return FightinWords(table=table, group_a=group_a, group_b=group_b, alpha0=float(prior.sum()))


def fightin_words(
    texts: Sequence[str],
    groups: Sequence[object],
    group_a: object | None = None,
    group_b: object | None = None,
    vectorizer: CountVectorizer | None = None,
    background: np.ndarray | pd.Series | None = None,
    alpha0: float | None = None,
) -> FightinWords:
    """Fightin' words between two groups of texts.

    Parameters
    ----------
    texts
        One text per statement (or per document).
    groups
        The group of each text.
    group_a, group_b
        The groups to contrast; default the two groups, in sorted order
        (required when there are more than two).
    vectorizer
        An unfitted :class:`~sklearn.feature_extraction.text.CountVectorizer`;
        default lower-cased unigrams, no stop-word list (function words such
        as "claimed" versus "said" are the point).
    background, alpha0
        See :func:`fightin_words_counts`.

    Returns
    -------
    FightinWords

    Examples
    --------
    >>> result = fightin_words(["they claimed it", "they said it"], ["A", "B"], alpha0=2)
    >>> result.table.iloc[0]["term"], result.table.iloc[-1]["term"]
    ('claimed', 'said')
    """
    groups = np.asarray(groups, dtype=object)
    if group_a is None or group_b is None:
        seen = sorted(set(groups) - {None}, key=str)
        if len(seen) != 2:
            raise ValueError(f"name group_a and group_b: the texts have {len(seen)} groups, not 2")
        group_a, group_b = seen
    vectorizer = vectorizer or CountVectorizer()
    counts = vectorizer.fit_transform(texts)
    return fightin_words_counts(
        counts, vectorizer.get_feature_names_out(), groups, group_a, group_b, background, alpha0
    )
