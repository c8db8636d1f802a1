"""The result of :func:`narratives.compare.compare`: tidy tables, a summary, figures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from narratives import display
from narratives.csv_export import write_csvs

STATEMENT_INTERVAL = "bootstrap over the statements of one document"
SCHEME_TEXT = {
    "within": "within-document permutation test",
    "documents": "document-level permutation test",
}
CORRECTION_TEXT = {"bh": "Benjamini-Hochberg", "by": "Benjamini-Yekutieli"}
ONE_ARTICLE = (
    "All statements here come from one article: the intervals resample its statements and describe that "
    "article only. One article cannot support a general claim about the coverage."
)


@dataclass(frozen=True)
class Settings:
    """The parameters a comparison was run with (see :func:`~narratives.compare.compare`)."""

    group: str
    category: str | None
    features: tuple[str, ...]
    by: str | None
    document: str
    n_boot: int
    n_permutations: int
    confidence: float
    scheme: str
    asymptotic: str
    correction: str
    alpha: float
    min_statements: int
    min_documents: int
    seed: int


@dataclass(frozen=True)
class Comparison:
    """Rates, effects and tests of framing by group.

    Attributes
    ----------
    sizes
        One row per (stratum,) group: ``n_statements``, ``n_documents`` (that
        hold the group) and ``total_documents`` (in the stratum).
    rates
        One row per (stratum,) group and measure: ``count`` of statements
        carrying it, ``n_statements``, ``n_documents``, ``hits`` (summed
        values), ``rate`` = count / n_statements, and ``low``/``high``, the
        percentile interval, with how it was obtained in ``interval``.
    effects
        One row per (stratum,) pair, measure and effect: ``rate_difference``
        (pooled, group a minus b), ``within_document_difference`` (the
        Mantel-Haenszel difference inside documents holding both groups;
        only when documents can hold both), ``rate_ratio``,
        ``log_odds_ratio`` (natural log), and ``cramers_v`` of the
        group-by-category table; with ``estimate``, ``low``, ``high`` and
        ``continuity_correction`` (0.5 added to every cell of a log odds
        ratio's table with a zero cell).
    tests
        One row per (stratum,) pair, measure and test, in three families
        corrected separately: ``permutation`` (the default test),
        ``classical`` (chi-square or G, Fisher's exact test when an expected
        count is below 5; statements treated as independent) and
        ``association`` (the same for the whole group-by-category table).
        ``statistic`` is the difference tested (within-document or pooled,
        see :mod:`narratives.compare.permutation`), X², G or Fisher's
        statistic; ``p_adjusted`` is corrected across every row of its
        family.
    settings
        The parameters used.
    """

    sizes: pd.DataFrame = field(repr=False)
    rates: pd.DataFrame = field(repr=False)
    effects: pd.DataFrame = field(repr=False)
    tests: pd.DataFrame = field(repr=False)
    settings: Settings

    def strata(self) -> list[tuple[object, dict[str, pd.DataFrame]]]:
        """``(stratum value, {table name: rows})`` per stratum; one ``(None, ...)`` without ``by``."""
        names = ("sizes", "rates", "effects", "tests")
        by = self.settings.by
        if by is None:
            return [(None, {name: getattr(self, name) for name in names})]
        values = sorted(self.sizes[by].unique(), key=str)
        return [(value, {name: _rows(getattr(self, name), by, value) for name in names}) for value in values]

    def summary(self, measures: Sequence[str] | None = None) -> str:
        """A short text report that states its uncertainty.

        For each stratum: a table of rates with intervals per group; for a
        stratum of one article, that one article cannot support a general
        claim; then for each pair of groups either the measures on which the
        default permutation test rejects at ``alpha`` after the
        multiple-testing correction (naming both, with the within-article
        and pooled differences), or why no conclusion is drawn - too little
        data, or no difference found (which is not evidence of sameness).
        Measures whose pooled difference has an interval excluding 0 while
        the within-article difference does not are pointed out, since such a
        gap can come from which articles quote each group.

        Parameters
        ----------
        measures
            Measures to list in the rates table (e.g.
            ``["stance=distancing", "labels>0"]``); default every measure
            seen at least once. The test lines cover every measure.
        """
        lines = self.overview()
        for (value, tables), (_, conclusions) in zip(self.strata(), self.conclusions()):
            lines.append("")
            if value is not None:
                lines.append(f"{self.settings.by} = {value}")
            lines += _rate_block(tables["rates"], measures)
            lines += conclusions
        return "\n".join(lines)

    def overview(self) -> list[str]:
        """The summary's first two sentences: what was compared, on how much data, and what the brackets are."""
        return [_headline(self), _interval_line(self)]

    def conclusions(self) -> list[tuple[object, list[str]]]:
        """The summary's plain-language conclusions, without the rates table.

        Returns
        -------
        list of (stratum value, lines)
            One ``(None, lines)`` without ``by``. The lines say, for a
            stratum of one article, that one article cannot support a
            general claim, then for each pair of groups what the default
            test finds or why no conclusion is drawn (see :meth:`summary`).
        """
        s = self.settings
        family_size = (
            int((self.tests["family"].eq("permutation") & self.tests["p_value"].notna()).sum())
            if len(self.tests)
            else 0
        )
        out = []
        for value, tables in self.strata():
            lines = [ONE_ARTICLE] if tables["sizes"]["total_documents"].iloc[0] == 1 else []
            for (a, b), rows in _pairs(tables["tests"]):
                lines += _pair_block(a, b, rows, tables, s, family_size)
            out.append((value, lines))
        return out

    def _repr_html_(self) -> str:
        """Jupyter: the summary and the rates table (see :mod:`narratives.display`)."""
        return display.html(self)

    def write(self, directory: str | Path) -> list[Path]:
        """Write ``sizes``, ``rates``, ``effects`` and ``tests`` as CSV and ``summary.txt``.

        Returns
        -------
        list of Path
            The files written.
        """
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        paths = write_csvs({directory / f"{name}.csv": getattr(self, name) for name in ("sizes", "rates", "effects", "tests")})
        paths.append(directory / "summary.txt")
        paths[-1].write_text(self.summary() + "\n", encoding="utf-8")
        return paths


def _rows(table: pd.DataFrame, column: str, value: object) -> pd.DataFrame:
    return table[table[column] == value] if len(table) else table


def _headline(result: Comparison) -> str:
    s = result.settings
    what = [s.category] if s.category else []
    if s.features:
        what.append(f"{len(s.features)} feature{'s' if len(s.features) != 1 else ''}")
    sizes = result.sizes.drop_duplicates(s.by) if s.by else result.sizes.head(1)
    strata = f", compared within each {s.by}" if s.by else ""
    return (
        f"Framing by {s.group} ({' and '.join(what)}): {_plural(int(result.sizes['n_statements'].sum()), 'statement')} "
        f"in {_plural(int(sizes['total_documents'].sum()), 'document')}{strata}."
    )


def _interval_line(result: Comparison) -> str:
    s = result.settings
    units = set(result.rates["interval"]) if len(result.rates) else set()
    if units == {STATEMENT_INTERVAL}:
        unit = "the article's statements"
    elif STATEMENT_INTERVAL in units:
        unit = f"whole documents (of statements, in a {s.by} with a single document)"
    else:
        unit = "whole documents"
    return (
        f"Rates are shares of statements; brackets are {s.confidence:.0%} percentile intervals from "
        f"{s.n_boot} bootstrap resamples of {unit} (seed {s.seed})."
    )


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _chosen_measures(rates: pd.DataFrame, measures: Sequence[str] | None) -> list[str]:
    if measures is not None:
        return list(measures)
    seen = rates.groupby("measure", sort=False)["count"].sum()
    return [name for name, count in seen.items() if count > 0]


def _percent(value: float) -> str:
    return "n/a" if np.isnan(value) else f"{100 * value:.1f}"


def _rate_block(rates: pd.DataFrame, measures: Sequence[str] | None) -> list[str]:
    """The rates table as text: ``count/n rate% [low, high]`` per group and measure."""
    chosen = _chosen_measures(rates, measures)
    shown = rates[rates["measure"].isin(chosen)]
    cells = shown.assign(
        cell=[
            f"{row.count}/{row.n_statements} {_percent(row.rate)}% [{_percent(row.low)}, {_percent(row.high)}]"
            for row in shown.itertuples()
        ]
    )
    groups = list(dict.fromkeys(rates["group"]))
    table = cells.pivot(index="measure", columns="group", values="cell").reindex(index=chosen, columns=groups)
    table.columns = [str(column) for column in table.columns]
    sizes = rates.drop_duplicates("group")
    header = ", ".join(
        f"{row.group}: {_plural(row.n_statements, 'statement')} in {_plural(row.n_documents, 'document')}"
        for row in sizes.itertuples()
    )
    lines = [header, table.rename_axis(None).to_string()]
    if ((shown["count"] == 0) | (shown["count"] == shown["n_statements"])).any():
        lines.append(
            "A count of 0 (or of every statement) gives a bootstrap interval of zero width; "
            "it does not mean the rate is known exactly."
        )
    return lines


def _pairs(tests: pd.DataFrame) -> list[tuple[tuple[object, object], pd.DataFrame]]:
    if tests.empty:
        return []
    return [(key, rows) for key, rows in tests.groupby(["group_a", "group_b"], sort=False)]


def _pair_block(
    a: object, b: object, tests: pd.DataFrame, tables: dict[str, pd.DataFrame], s: Settings, family_size: int
) -> list[str]:
    """The conclusion for one pair of groups, or why there is none."""
    permutation = tests[tests["family"] == "permutation"]
    scheme = permutation["test"].iloc[0].removeprefix("permutation (").removesuffix(")")
    informative = int(permutation["informative_documents"].iloc[0])
    shortfall = _shortfall(tables["sizes"], (a, b), s)
    if scheme == "within" and informative < s.min_documents:
        shortfall.append(f"{_plural(informative, 'document')} {'holds' if informative == 1 else 'hold'} both")
    if shortfall:
        both = f", and {s.min_documents} documents holding both" if scheme == "within" else ""
        return [
            (
                f"{a} vs {b}: too little data for a conclusion (at least {s.min_statements} statements in "
                f"{s.min_documents} documents per group{both}): {'; '.join(shortfall)}. "
                "The rates above are descriptive."
            )
        ]
    name, correction = SCHEME_TEXT[scheme], CORRECTION_TEXT[s.correction]
    unit = (
        f"labels shuffled inside each of the {informative} documents that hold both"
        if scheme == "within"
        else "whole documents reassigned to groups"
    )
    lines = [
        (
            f"{a} vs {b}: {name} ({s.n_permutations} permutations; {unit}), {correction} correction across "
            f"the {family_size} permutation tests in the table, alpha {s.alpha:g}."
        )
    ]
    found = permutation[permutation["p_adjusted"] < s.alpha].sort_values("p_adjusted")
    for row in found.itertuples():
        lines.append(
            f"  {row.measure}: {_contrast(tables, a, b, row.measure, scheme)}; p = {row.p_value:.2g}, "
            f"adjusted p = {row.p_adjusted:.2g} - significant at {s.alpha:g} ({name}, {correction} correction)."
        )
    if scheme == "within":
        lines += [
            f"  {measure}: {text}"
            for measure, text in _composition_gaps(tables, a, b, permutation.drop(found.index))
        ]
    rest = permutation.drop(found.index).dropna(subset=["p_adjusted"])
    if len(rest):
        best = rest.sort_values("p_adjusted").iloc[0]
        lines.append(
            f"  {'Other measures' if len(found) else 'No measure'}: no difference at adjusted p < {s.alpha:g} "
            f"(smallest adjusted p {best['p_adjusted']:.2g}, {best['measure']}); "
            "this is not evidence that the groups are framed alike - the intervals show what the data allow."
        )
    return lines


def _composition_gaps(
    tables: dict[str, pd.DataFrame], a: object, b: object, untested: pd.DataFrame
) -> list[tuple[str, str]]:
    """Measures whose pooled difference excludes 0 while the within-article one does not, explained."""
    effects = tables["effects"]
    effects = effects[(effects["group_a"] == a) & (effects["group_b"] == b)].set_index(["effect", "measure"])
    gaps = []
    for measure in untested["measure"]:
        pooled, inside = (
            effects.loc[("rate_difference", measure)],
            effects.loc[("within_document_difference", measure)],
        )
        if (pooled.low > 0 or pooled.high < 0) and inside.low <= 0 <= inside.high:
            text = (
                f"the pooled difference's interval excludes 0 ({_signed(pooled.estimate)} points "
                f"[{_signed(pooled.low)}, {_signed(pooled.high)}], not corrected for multiple comparisons) but the "
                f"within-article one does not ({_signed(inside.estimate)} [{_signed(inside.low)}, "
                f"{_signed(inside.high)}]): such a gap can come from which articles quote each group rather than "
                "from how an article frames them."
            )
            gaps.append((measure, text))
    return gaps


def _contrast(tables: dict[str, pd.DataFrame], a: object, b: object, measure: str, scheme: str) -> str:
    """``A 29.1% vs B 6.8%; within articles +20.5 points [...] (pooled +22.3 [...])`` for one measure."""
    rates = tables["rates"].set_index(["group", "measure"])["rate"]
    effects = tables["effects"]
    effects = effects[
        (effects["group_a"] == a) & (effects["group_b"] == b) & (effects["measure"] == measure)
    ].set_index("effect")
    pooled = effects.loc["rate_difference"]
    text = f"{a} {_percent(rates[(a, measure)])}% vs {b} {_percent(rates[(b, measure)])}%; "
    pooled_text = f"{_signed(pooled.estimate)} points [{_signed(pooled.low)}, {_signed(pooled.high)}]"
    if scheme != "within":
        return text + "difference " + pooled_text
    inside = effects.loc["within_document_difference"]
    return (
        text
        + f"within articles {_signed(inside.estimate)} points [{_signed(inside.low)}, {_signed(inside.high)}] "
        f"(pooled {pooled_text})"
    )


def _signed(value: float) -> str:
    return "n/a" if np.isnan(value) else f"{100 * value:+.1f}"


def _shortfall(sizes: pd.DataFrame, pair: tuple[object, object], s: Settings) -> list[str]:
    """The groups of the pair that fall short of the minimum data, as text."""
    rows = sizes[sizes["group"].isin(pair)]
    short = rows[(rows["n_statements"] < s.min_statements) | (rows["n_documents"] < s.min_documents)]
    return [
        f"{row.group} has {_plural(row.n_statements, 'statement')} in {_plural(row.n_documents, 'document')}"
        for row in short.itertuples()
    ]
