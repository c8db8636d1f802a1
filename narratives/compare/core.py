"""``compare``: rates, effects and tests of framing by group, with honest uncertainty.

The input is a plain statement table - one row per attribution - with a
document id, a grouping column (a statement's ``side``, or a document's
``outlet`` or date window), a categorical column (``stance``) and numeric or
boolean feature columns (``hedges``, ``labels``...). Everything is computed
from per-document count tensors (:mod:`narratives.compare.counts`), built
once per stratum.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd
from scipy import stats

from narratives.compare.bootstrap import bootstrap_sums, percentile_interval
from narratives.compare.classical import Asymptotic, TableTest, table_test
from narratives.compare.counts import CountTensor, Outcomes, count_tensor, outcomes
from narratives.compare.defaults import ALPHA, N_BOOT, N_PERMUTATIONS
from narratives.compare.effects import (
    cramers_v,
    log_odds_ratio,
    mantel_haenszel_difference,
    mantel_haenszel_parts,
    rate_difference,
    rate_ratio,
    rates,
)
from narratives.compare.permutation import Scheme, permutation_test, resolve_scheme
from narratives.compare.result import STATEMENT_INTERVAL, Comparison, Settings

DOCUMENT_INTERVAL = "cluster bootstrap over documents"

PAIR_EFFECTS = {"rate_difference": rate_difference, "rate_ratio": rate_ratio}


@dataclass(frozen=True)
class _Stratum:
    """The tables of one stratum, before the multiple-testing correction."""

    sizes: pd.DataFrame
    rates: pd.DataFrame
    effects: pd.DataFrame
    tests: pd.DataFrame


def date_windows(dates: pd.Series, freq: str = "M") -> pd.Series:
    """Label each date with its calendar window, for use as a grouping column.

    Parameters
    ----------
    dates
        Dates or date strings (unparseable values become missing).
    freq
        A pandas period frequency: ``"W"`` weeks, ``"M"`` months, ``"Q"``
        quarters, ``"Y"`` years.

    Returns
    -------
    Series of str
        ``"2020-10"`` for a month, ``"2020Q4"`` for a quarter...; missing
        where the date is.

    Examples
    --------
    >>> date_windows(pd.Series(["2020-09-27", "2020-10-02", None])).tolist()
    ['2020-09', '2020-10', nan]
    """
    parsed = pd.to_datetime(dates, errors="coerce")
    labels = parsed.dt.to_period(freq).astype(str)
    return labels.where(parsed.notna(), np.nan).astype(object)


def compare(
    statements: pd.DataFrame,
    group: str = "side",
    category: str | None = "stance",
    features: Sequence[str] = (),
    *,
    by: str | None = None,
    groups: Sequence[object] | None = None,
    levels: Sequence[str] | None = None,
    document: str = "doc_id",
    n_boot: int = N_BOOT,
    n_permutations: int = N_PERMUTATIONS,
    confidence: float = 0.95,
    scheme: Scheme = "auto",
    asymptotic: Asymptotic = "chi2",
    correction: str = "bh",
    alpha: float = ALPHA,
    min_statements: int = 30,
    min_documents: int = 5,
    seed: int = 0,
) -> Comparison:
    """Compare how groups' statements are framed: rates, effects, intervals and tests.

    Parameters
    ----------
    statements
        One row per statement (attribution), with the columns named below.
    group
        The grouping column: ``"side"`` (varies inside an article),
        ``"outlet"`` or a date window (see :func:`date_windows`; constant
        inside an article). Rows where it is missing are left out.
    category
        Categorical column whose levels are compared (each level's rate is
        the share of statements of that level), or None.
    features
        Numeric or boolean columns; a feature's rate is the share of
        statements with a value above 0 (its ``hits`` column keeps the summed
        values).
    by
        Optional stratifying column (e.g. ``"outlet"``): the whole
        comparison is made within each of its values.
    groups
        The groups to compare, in order (default: every value, sorted).
        Every pair is contrasted, the earlier group as ``group_a``.
    levels
        Category levels in reporting order (e.g.
        :data:`narratives.framing.STANCES`); others seen are appended.
    document
        The document id column: the unit of resampling and permutation.
    n_boot
        Cluster-bootstrap replicates for the intervals.
    n_permutations
        Permutations for the default test.
    confidence
        Level of the percentile intervals.
    scheme
        Permutation scheme: ``"auto"`` (within documents when a document can
        hold several groups, otherwise whole documents), ``"within"`` or
        ``"documents"``; see :mod:`narratives.compare.permutation` for the
        null hypotheses.
    asymptotic
        ``"chi2"`` (Pearson) or ``"g"`` (G-test) for the classical test,
        replaced by Fisher's exact test when an expected count is below 5.
    correction
        ``"bh"`` (Benjamini-Hochberg) or ``"by"`` (Benjamini-Yekutieli,
        valid under any dependence), applied across every row of each test
        family (all strata, pairs and measures).
    alpha
        The level at which the summary calls a result significant.
    min_statements, min_documents
        Below these per group, the summary reports "too little data" rather
        than a conclusion (the tables are complete either way).
    seed
        Seed of the :class:`numpy.random.Generator` behind every resample.

    Returns
    -------
    Comparison
        ``rates``, ``effects``, ``tests`` and ``sizes`` tables and
        ``summary()`` (figures: :func:`narratives.report.figures.comparison_figure`).

    Notes
    -----
    Intervals resample whole documents (the cluster bootstrap), since
    statements of one article are not independent; a stratum with a single
    document can only resample its statements, and its intervals then
    describe that article alone. The default test is a permutation test that
    respects documents; the chi-square/G/Fisher tests beside it treat
    statements as independent.
    """
    _check_columns(statements, [document, group, category, by, *features])
    _check_options(n_boot, n_permutations, confidence, scheme, asymptotic, correction)
    settings = Settings(
        group=group,
        category=category,
        features=tuple(features),
        by=by,
        document=document,
        n_boot=n_boot,
        n_permutations=n_permutations,
        confidence=confidence,
        scheme=scheme,
        asymptotic=asymptotic,
        correction=correction,
        alpha=alpha,
        min_statements=min_statements,
        min_documents=min_documents,
        seed=seed,
    )
    frame = statements[statements[group].notna()]
    groups = list(groups) if groups is not None else sorted(frame[group].unique(), key=str)
    if len(groups) < 1:
        raise ValueError(f"no statement has a value in the grouping column {group!r}")
    frame = frame[frame[group].isin(groups)].reset_index(drop=True)
    outcome = outcomes(frame, category, features, levels)
    rng = np.random.default_rng(seed)
    strata = [(None, frame.index.to_numpy())] if by is None else _strata(frame, by)
    parts = [
        _compare_stratum(frame.iloc[rows], _take(outcome, rows), groups, settings, rng, label)
        for label, rows in strata
    ]
    return Comparison(
        sizes=_concat([part.sizes for part in parts]),
        rates=_concat([part.rates for part in parts]),
        effects=_concat([part.effects for part in parts]),
        tests=_adjust(_concat([part.tests for part in parts]), correction),
        settings=settings,
    )


def _check_columns(frame: pd.DataFrame, columns: Sequence[str | None]) -> None:
    missing = [name for name in columns if name is not None and name not in frame.columns]
    if missing:
        raise ValueError(f"the statement table has no column {missing}; it has {list(frame.columns)}")


def _check_options(
    n_boot: int, n_permutations: int, confidence: float, scheme: str, asymptotic: str, correction: str
) -> None:
    problems = [
        f"{name} must be {rule}"
        for name, ok, rule in (
            ("n_boot", n_boot >= 1, "at least 1"),
            ("n_permutations", n_permutations >= 1, "at least 1"),
            ("confidence", 0.0 < confidence < 1.0, "between 0 and 1"),
            ("scheme", scheme in ("auto", "within", "documents"), "'auto', 'within' or 'documents'"),
            ("asymptotic", asymptotic in ("chi2", "g"), "'chi2' or 'g'"),
            ("correction", correction in ("bh", "by"), "'bh' or 'by'"),
        )
        if not ok
    ]
    if problems:
        raise ValueError("; ".join(problems))


def _strata(frame: pd.DataFrame, by: str) -> list[tuple[object, np.ndarray]]:
    """(value, row positions) of each stratum, sorted; rows without a value are left out."""
    known = frame[by].notna().to_numpy()
    values = frame[by].to_numpy()
    return [
        (value, np.flatnonzero(known & (values == value)))
        for value in sorted(frame.loc[known, by].unique(), key=str)
    ]


def _take(outcome: Outcomes, rows: np.ndarray) -> Outcomes:
    return Outcomes(outcome.positive[rows], outcome.hits[rows], outcome.measures)


def _compare_stratum(
    frame: pd.DataFrame,
    outcome: Outcomes,
    groups: list[object],
    settings: Settings,
    rng: np.random.Generator,
    label: object,
) -> _Stratum:
    """Rates, effects and tests of one stratum (the whole table when there is no ``by``)."""
    group = frame[settings.group].to_numpy()
    tensor = count_tensor(frame[settings.document].to_numpy(), group, groups, outcome)
    single = len(tensor.documents) == 1
    pairs = list(combinations(range(len(groups)), 2))
    within = (
        []
        if single
        else [pair for pair in pairs if resolve_scheme(tensor.pair(*pair)[0], settings.scheme) == "within"]
    )
    parts = [mantel_haenszel_parts(tensor.statements[:, pair], tensor.positives[:, pair]) for pair in within]
    resampled = count_tensor(np.arange(len(frame)), group, groups, outcome) if single else tensor
    boot_n, boot_c, *boot_parts = bootstrap_sums(
        [resampled.statements, resampled.positives, *(array for part in parts for array in part)],
        settings.n_boot,
        rng,
    )
    boot_within = dict(zip(within, zip(boot_parts[::2], boot_parts[1::2])))
    interval = STATEMENT_INTERVAL if single else DOCUMENT_INTERVAL
    tables = [
        _sizes(tensor),
        _rates(tensor, (boot_n, boot_c), settings.confidence, interval),
        _concat(
            [
                _effects(tensor, (boot_n, boot_c), boot_within.get(pair), *pair, settings, interval)
                for pair in pairs
            ]
        ),
        _concat([_tests(tensor, a, b, settings, rng) for a, b in pairs]),
    ]
    if settings.by is not None:
        tables = [table.assign(**{settings.by: label})[[settings.by, *table.columns]] for table in tables]
    return _Stratum(*tables)


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _sizes(tensor: CountTensor) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "group": tensor.groups,
            "n_statements": tensor.statements.sum(axis=0),
            "n_documents": tensor.n_documents,
            "total_documents": len(tensor.documents),
        }
    )


def _rates(
    tensor: CountTensor, replicates: tuple[np.ndarray, np.ndarray], confidence: float, interval: str
) -> pd.DataFrame:
    """One row per group and measure: count, statements, rate and its interval."""
    n, c = tensor.statements.sum(axis=0), tensor.positives.sum(axis=0)  # (G,), (G, K)
    boot_n, boot_c = replicates
    low, high = percentile_interval(rates(boot_c, boot_n[:, :, None]), confidence)
    n_groups, n_measures = c.shape
    measures = tensor.measures.loc[np.tile(np.arange(n_measures), n_groups)].reset_index(drop=True)
    return pd.DataFrame(
        {
            "group": np.repeat(tensor.groups, n_measures),
            **{column: measures[column].to_numpy() for column in measures.columns},
            "count": c.ravel(),
            "n_statements": np.repeat(n, n_measures),
            "n_documents": np.repeat(tensor.n_documents, n_measures),
            "hits": tensor.hits.ravel(),
            "rate": rates(c, n[:, None]).ravel(),
            "low": low.ravel(),
            "high": high.ravel(),
            "interval": interval,
        }
    )


EFFECT_COLUMNS = [
    "group_a",
    "group_b",
    "variable",
    "measure",
    "kind",
    "effect",
    "estimate",
    "low",
    "high",
    "continuity_correction",
    "interval",
]
TEST_COLUMNS = [
    "group_a",
    "group_b",
    "variable",
    "measure",
    "kind",
    "family",
    "test",
    "statistic",
    "p_value",
    "n_permutations",
    "informative_documents",
    "min_expected",
]


def _stack(blocks: list[dict[str, object]], columns: list[str]) -> pd.DataFrame:
    """One table from blocks of columns, one row per ``measure`` of a block (scalars repeated, absent columns NaN)."""
    lengths = [np.size(block["measure"]) for block in blocks]
    data = {
        column: np.concatenate(
            [
                np.broadcast_to(np.asarray(block.get(column, np.nan), dtype=object), (length,))
                for block, length in zip(blocks, lengths)
            ]
        )
        for column in columns
    }
    return pd.DataFrame(data).infer_objects()


def _measure_columns(tensor: CountTensor, keep: np.ndarray | None = None) -> dict[str, np.ndarray]:
    measures = tensor.measures if keep is None else tensor.measures[keep]
    return {column: measures[column].to_numpy() for column in measures.columns}


def _category_columns(category: str) -> dict[str, str]:
    """The measure columns of a row about the whole categorical variable."""
    return {"variable": category, "measure": category, "kind": "category"}


def _effects(
    tensor: CountTensor,
    replicates: tuple[np.ndarray, np.ndarray],
    within: tuple[np.ndarray, np.ndarray] | None,
    a: int,
    b: int,
    settings: Settings,
    interval: str,
) -> pd.DataFrame:
    """Effects of one pair: per measure the pooled rate difference and ratio, the log odds ratio and,
    when documents hold both groups, the within-document difference (``within`` holds its resampled
    numerator and weight); and Cramér's V of the group-by-category table."""
    n, c = tensor.statements.sum(axis=0), tensor.positives.sum(axis=0)
    boot_n, boot_c = replicates
    point = (c[a], n[a], c[b], n[b])
    boot = (boot_c[:, a], boot_n[:, a, None], boot_c[:, b], boot_n[:, b, None])
    measures = _measure_columns(tensor)
    estimates = {name: (effect(*point), effect(*boot)) for name, effect in PAIR_EFFECTS.items()}
    if within is not None:
        boot_numerator, boot_weight = within
        pair = [a, b]
        estimates["within_document_difference"] = (
            mantel_haenszel_difference(tensor.statements[:, pair], tensor.positives[:, pair]),
            rates(boot_numerator, boot_weight[:, None]),
        )
    log_or, corrected = log_odds_ratio(*point)
    estimates["log_odds_ratio"] = (log_or, log_odds_ratio(*boot)[0])
    blocks = [
        {
            **measures,
            "effect": name,
            "estimate": estimate,
            **_interval(boot_values, settings.confidence),
            "continuity_correction": corrected if name == "log_odds_ratio" else False,
        }
        for name, (estimate, boot_values) in estimates.items()
    ]
    if settings.category is not None:
        levels = (tensor.measures["kind"] == "category").to_numpy()
        table = np.stack([c[a, levels], c[b, levels]])
        boot_table = np.stack([boot_c[:, a][:, levels], boot_c[:, b][:, levels]], axis=1)
        blocks.append(
            {
                **_category_columns(settings.category),
                "effect": "cramers_v",
                "estimate": cramers_v(table),
                **_interval(cramers_v(boot_table), settings.confidence),
                "continuity_correction": False,
            }
        )
    common = {"group_a": tensor.groups[a], "group_b": tensor.groups[b], "interval": interval}
    return _stack([{**block, **common} for block in blocks], EFFECT_COLUMNS).astype(
        {"continuity_correction": bool}
    )


def _interval(samples: np.ndarray, confidence: float) -> dict[str, np.ndarray]:
    low, high = percentile_interval(samples, confidence)
    return {"low": low, "high": high}


def _tests(tensor: CountTensor, a: int, b: int, settings: Settings, rng: np.random.Generator) -> pd.DataFrame:
    """Permutation and classical tests of one pair, per measure, and the category's association test."""
    statements, positives = tensor.pair(a, b)
    permuted = permutation_test(statements, positives, settings.n_permutations, rng, settings.scheme)
    n, c = statements.sum(axis=0), positives.sum(axis=0)  # (2,), (2, K)
    measures = _measure_columns(tensor)
    blocks = [
        {
            **measures,
            "family": "permutation",
            "test": f"permutation ({permuted.scheme})",
            "statistic": permuted.statistic,
            "p_value": permuted.p_value,
            "n_permutations": permuted.n_permutations,
            "informative_documents": permuted.informative_documents,
        },
        {
            **measures,
            **_table_columns(
                [
                    table_test(
                        np.array([[c[0, k], n[0] - c[0, k]], [c[1, k], n[1] - c[1, k]]]),
                        settings.asymptotic,
                        rng,
                    )
                    for k in range(c.shape[1])
                ],
                "classical",
            ),
        },
    ]
    if settings.category is not None:
        levels = (tensor.measures["kind"] == "category").to_numpy()
        association = table_test(c[:, levels], settings.asymptotic, rng)
        blocks.append(
            {**_category_columns(settings.category), **_table_columns([association], "association")}
        )
    common = {"group_a": tensor.groups[a], "group_b": tensor.groups[b]}
    counts = {"n_permutations": "Int64", "informative_documents": "Int64"}
    return _stack([{**block, **common} for block in blocks], TEST_COLUMNS).astype(counts)


def _table_columns(results: list[TableTest], family: str) -> dict[str, object]:
    return {
        "family": family,
        "test": np.array([result.test for result in results], dtype=object),
        "statistic": np.array([result.statistic for result in results]),
        "p_value": np.array([result.p_value for result in results]),
        "min_expected": np.array([result.min_expected for result in results]),
    }


def _adjust(tests: pd.DataFrame, correction: str) -> pd.DataFrame:
    """Add ``p_adjusted``: BH (or BY) within each test family, over every row with a p-value."""
    if tests.empty:
        return tests.assign(p_adjusted=pd.Series(dtype=float), correction=pd.Series(dtype=object))
    adjusted = pd.Series(np.nan, index=tests.index)
    for rows in tests.groupby("family").groups.values():
        p = tests.loc[rows, "p_value"].dropna()
        if len(p):
            adjusted[p.index] = stats.false_discovery_control(p.to_numpy(), method=correction)
    columns = list(tests.columns)
    at = columns.index("p_value") + 1
    tests = tests.assign(p_adjusted=adjusted, correction=correction)
    return tests[columns[:at] + ["p_adjusted", "correction"] + columns[at:]]
