"""Findings: the few largest, best-supported differences between two sides, as plain sentences.

Read from the comparison of the sides over the whole corpus and within each
value of a grouping (each outlet, say). A difference is a *gap*: one
measure's rate for each side in one stratum, the difference between them
with its interval (within articles when articles quote both sides) and the
adjusted p of the default permutation test. A gap holds when its adjusted p
is below alpha and the stratum has the data a test needs; in a stratum short
of that data the counts are still told, as a description. Two strata whose
gaps on one measure point in opposite directions (each interval excluding 0)
frame the sides in mirror image: a finding even when the pooled rates cancel.
Nothing here knows any outlet or side by name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from narratives.compare.result import CORRECTION_TEXT, Comparison, Settings
from narratives.report.labels import measure_label, named, percent, plural, possessive

MAX_FINDINGS = 5
"""At most this many findings are stated (mirror images first)."""
MAX_MIRRORS = 3


@dataclass(frozen=True)
class Gap:
    """One measure's difference between sides ``a`` and ``b`` in one stratum (``stratum`` None: the corpus)."""

    stratum: object
    measure: str
    a: str
    b: str
    counts: tuple[int, int]
    sizes: tuple[int, int]
    estimate: float
    low: float
    high: float
    within: bool
    pooled: tuple[float, float, float]
    """The pooled difference (all statements of a against all of b): estimate, low, high."""
    p_adjusted: float
    short: str
    """What falls short of the data a test needs ("" when nothing does)."""

    @property
    def clear(self) -> bool:
        """The difference's interval excludes 0."""
        return bool(self.low > 0 or self.high < 0)

    def holds(self, alpha: float) -> bool:
        """Tested on enough data, adjusted p below ``alpha`` and interval excluding 0."""
        return not self.short and self.clear and bool(self.p_adjusted < alpha)

    @property
    def composition(self) -> bool:
        """The pooled difference's interval excludes 0 while the within-article one does not."""
        _, low, high = self.pooled
        return self.within and (low > 0 or high < 0) and not self.clear

    @property
    def zero_width(self) -> bool:
        """A rate of 0 or of every statement: its bootstrap interval has zero width."""
        return any(c == 0 or c == n for c, n in zip(self.counts, self.sizes))


@dataclass(frozen=True)
class Findings:
    """What the panel states: sentences, and whether they rest on a zero-width interval or on descriptive data."""

    lines: tuple[str, ...]
    zero_width: bool
    descriptive: bool
    any_holds: bool


def gaps(comparison: Comparison, titles: Mapping[str, str] | None = None) -> list[Gap]:
    """Every gap of the comparison's first pair of sides, in every stratum, on every measure seen there.

    ``titles`` (side id to title) names the sides in what a stratum lacks for a test.
    """
    found = []
    for value, tables in comparison.strata():
        rates, effects, tests = tables["rates"], tables["effects"], tables["tests"]
        groups = list(dict.fromkeys(rates["group"]))
        if len(groups) < 2 or effects.empty:
            continue
        a, b = groups[:2]
        short = shortfall(tables["sizes"], tests, (a, b), comparison, titles or {})
        effects = effects[(effects["group_a"] == a) & (effects["group_b"] == b)]
        tests = tests[(tests["group_a"] == a) & (tests["family"] == "permutation")].set_index("measure")
        by_group = rates.set_index(["group", "measure"])
        seen = rates.groupby("measure", sort=False)["count"].sum()
        for measure in seen[seen > 0].index:
            chosen = effects[effects["measure"] == measure].set_index("effect")
            within = "within_document_difference" in chosen.index
            effect = chosen.loc["within_document_difference" if within else "rate_difference"]
            ra, rb = by_group.loc[(a, measure)], by_group.loc[(b, measure)]
            found.append(
                Gap(
                    stratum=value,
                    measure=measure,
                    a=a,
                    b=b,
                    counts=(int(ra["count"]), int(rb["count"])),
                    sizes=(int(ra["n_statements"]), int(rb["n_statements"])),
                    estimate=float(effect["estimate"]),
                    low=float(effect["low"]),
                    high=float(effect["high"]),
                    within=within,
                    pooled=tuple(float(chosen.loc["rate_difference", c]) for c in ("estimate", "low", "high")),
                    p_adjusted=float(tests.loc[measure, "p_adjusted"]) if measure in tests.index else np.nan,
                    short=short,
                )
            )
    return found


def gap_frame(found: list[Gap], order: str = "difference") -> pd.DataFrame:
    """The gaps as a table (the data of the difference figures): one row per stratum and measure.

    Columns ``stratum``, ``measure``, ``label``, ``side_a``, ``side_b``,
    ``count_a``, ``n_a``, ``count_b``, ``n_b``, ``difference``, ``low``,
    ``high`` (percentage points, within articles when ``within``),
    ``within``, ``p_adjusted`` and ``descriptive``. Sorted by ``order``:
    ``"difference"`` (largest for side a first) or ``"size"`` (measures by
    their largest gap in any stratum).
    """
    frame = pd.DataFrame(
        [
            {
                "stratum": g.stratum,
                "measure": g.measure,
                "label": measure_label(g.measure),
                "side_a": g.a,
                "side_b": g.b,
                "count_a": g.counts[0],
                "n_a": g.sizes[0],
                "count_b": g.counts[1],
                "n_b": g.sizes[1],
                "difference": 100 * g.estimate,
                "low": 100 * g.low,
                "high": 100 * g.high,
                "within": g.within,
                "p_adjusted": g.p_adjusted,
                "descriptive": bool(g.short),
            }
            for g in found
        ]
    )
    if frame.empty:
        return frame
    if order == "difference":
        return frame.sort_values(["difference", "measure"], ascending=[False, True], kind="stable").reset_index(drop=True)
    size = frame.groupby("measure")["difference"].transform(lambda d: d.abs().max())
    frame = frame.assign(_size=size).sort_values(["_size", "measure", "stratum"], ascending=[False, True, True], kind="stable")
    return frame.drop(columns="_size").reset_index(drop=True)


def shortfall(
    sizes: pd.DataFrame, tests: pd.DataFrame, pair: tuple[str, str], comparison: Comparison, titles: Mapping[str, str]
) -> str:
    """What a stratum lacks for a conclusion (statements or articles per side, articles quoting both), or ""."""
    s = comparison.settings
    rows = sizes[sizes["group"].isin(pair)]
    lacking = [
        f"{named(titles.get(row.group, row.group))} has {plural(int(row.n_statements), 'statement')} in {plural(int(row.n_documents), 'article')}"
        for row in rows.itertuples()
        if row.n_statements < s.min_statements or row.n_documents < s.min_documents
    ]
    permutation = tests[tests["family"] == "permutation"] if len(tests) else tests
    if len(permutation) and permutation["test"].iloc[0].endswith("(within)"):
        informative = int(permutation["informative_documents"].iloc[0])
        if informative < s.min_documents:
            lacking.append(f"{plural(informative, 'article')} {'quotes' if informative == 1 else 'quote'} both sides")
    return ", ".join(lacking[:-1]) + (" and " if len(lacking) > 1 else "") + lacking[-1] if lacking else ""


def find(
    pooled: Comparison,
    by: Comparison | None,
    titles: Mapping[str, str],
    alpha: float | None = None,
    limit: int = MAX_FINDINGS,
) -> Findings:
    """The findings: gaps that hold, mirror images between strata, descriptive gaps of strata short of data.

    Parameters
    ----------
    pooled
        The comparison of the sides over the whole corpus.
    by
        The same comparison within each value of a grouping, or None.
    titles
        Side id to the title used in sentences ("Armenian side").
    alpha
        Level at which a gap holds (default: the comparison's).
    limit
        Most findings stated.

    Returns
    -------
    Findings
    """
    alpha = pooled.settings.alpha if alpha is None else alpha
    writer = Writer(titles, by.settings.by if by is not None else None, pooled.settings)
    corpus = gaps(pooled, titles)
    holding = sorted((g for g in corpus if g.holds(alpha)), key=_strength)
    lines, used = [], []
    for gap in holding[:limit]:
        lines.append(writer.gap(gap, alpha))
        used.append(gap)
    # a stratum's gap is told when it holds, or (short of data) when its interval excludes 0 and resampling can move it
    strata = [g for g in gaps(by, titles) if g.clear and (g.holds(alpha) or (g.short and g.high > g.low))] if by is not None else []
    pooled_by_measure = {g.measure: g for g in corpus}
    mirrors = _mirrors(strata)[:MAX_MIRRORS]
    for first, second in mirrors[: max(limit - len(lines), 0)]:
        lines.append(writer.mirror(first, second, pooled_by_measure.get(first.measure), alpha))
        used += [first, second]
    taken = {(g.stratum, g.measure) for g in used}
    rest = sorted((g for g in strata if (g.stratum, g.measure) not in taken), key=lambda g: (not g.holds(alpha), *_strength(g)))
    for gap in rest[: max(limit - len(lines), 0)]:
        lines.append(writer.gap(gap, alpha))
        used.append(gap)
    if not holding:
        lines.insert(0, writer.nothing_pooled(corpus, alpha))
    any_holds = any(g.holds(alpha) for g in used)
    if not any_holds:
        lines.append(writer.nothing_holds(alpha, descriptive=any(g.short for g in used), strata=by is not None))
    return Findings(
        tuple(lines),
        zero_width=any(g.zero_width for g in used),
        descriptive=any(g.short for g in used),
        any_holds=any_holds,
    )


def _strength(gap: Gap) -> tuple[float, str, str]:
    """Sort key: largest difference first, then by stratum and measure (a stable order)."""
    return (-abs(gap.estimate), str(gap.stratum), gap.measure)


def _mirrors(strata: list[Gap]) -> list[tuple[Gap, Gap]]:
    """Pairs of strata whose clear gaps on one measure point in opposite directions, strongest first.

    Each stratum's gap on a measure joins at most one pair: the strongest
    gap of each direction.
    """
    pairs = []
    for measure in dict.fromkeys(g.measure for g in strata):
        on = [g for g in strata if g.measure == measure]
        up = sorted((g for g in on if g.estimate > 0), key=_strength)
        down = sorted((g for g in on if g.estimate < 0), key=_strength)
        if up and down:
            first, second = sorted((up[0], down[0]), key=lambda g: str(g.stratum))
            pairs.append((first, second))
    return sorted(pairs, key=lambda pair: -min(abs(pair[0].estimate), abs(pair[1].estimate)))


def _points(value: float) -> str:
    return f"{100 * value:.1f}"


class Writer:
    """Sentences about gaps, with side titles and the grouping's name."""

    def __init__(self, titles: Mapping[str, str], by: str | None, settings: Settings) -> None:
        self.titles = titles
        self.by = by or "group"
        self.settings = settings

    def whose(self, side: str) -> str:
        return possessive(self.titles.get(side, side))

    def place(self, stratum: object) -> str:
        return str(stratum) if self.by == "outlet" else f"{self.by} {stratum}"

    def shares(self, gap: Gap) -> tuple[str, str]:
        """``57.1% of Azerbaijan's statements (8 of 14)`` for the side with the higher rate, then the other's."""
        rates = [c / n if n else np.nan for c, n in zip(gap.counts, gap.sizes)]
        order = (1, 0) if rates[1] > rates[0] else (0, 1)
        sides = (gap.a, gap.b)
        high, low = (f"{percent(rates[i])} of {self.whose(sides[i])} statements ({gap.counts[i]} of {gap.sizes[i]})" for i in order)
        return high, low.replace(" statements (", " (", 1)

    def difference(self, gap: Gap) -> str:
        """``a gap of 59.5 points within articles, 95% interval 38.1 to 88.3, adjusted p = 0.01``."""
        sign = -1.0 if gap.estimate < 0 else 1.0
        low, high = sorted((sign * gap.low, sign * gap.high))
        where = "within articles" if gap.within else "over all statements"
        p = "" if np.isnan(gap.p_adjusted) else f", adjusted p = {gap.p_adjusted:.2g}"
        return f"a gap of {_points(abs(gap.estimate))} points {where}, 95% interval {_points(low)} to {_points(high)}{p}"

    def need(self) -> str:
        s = self.settings
        return f"a conclusion needs {s.min_statements} statements per side in {s.min_documents} articles"

    def gap(self, gap: Gap, alpha: float) -> str:
        high, low = self.shares(gap)
        where = "Over the whole corpus" if gap.stratum is None else f"In {self.place(gap.stratum)}"
        text = f"{where}, {measure_label(gap.measure)}: {high} against {low}; {self.difference(gap)}."
        if gap.holds(alpha):
            return text + f" This holds at adjusted p < {alpha:g}."
        return text + (f" Descriptive: {self.need()}, and {gap.short}." if gap.short else "")

    def mirror(self, first: Gap, second: Gap, pooled: Gap | None, alpha: float) -> str:
        parts = []
        for gap in (first, second):
            high, low = self.shares(gap)
            parts.append(f"{self.place(gap.stratum)}: {high} against {low}, {self.difference(gap)}")
        text = f"Mirror image between {self.by}s, {measure_label(first.measure)}. {parts[0]}. The reverse in {parts[1]}."
        if pooled is not None:
            rates = [percent(c / n) if n else "none" for c, n in zip(pooled.counts, pooled.sizes)]
            cancel = "the two cancel out" if not pooled.clear else "a gap remains"
            text += (
                f" Pooled over every {self.by}, {cancel}: {rates[0]} of {self.whose(pooled.a)} statements "
                f"against {rates[1]} of {self.whose(pooled.b)}."
            )
        short = [f"in {self.place(g.stratum)} {g.short}" for g in (first, second) if g.short]
        if short:
            text += f" Descriptive: {self.need()}, and {'; '.join(short)}."
        elif first.holds(alpha) and second.holds(alpha):
            text += f" Both hold at adjusted p < {alpha:g}."
        return text

    def nothing_pooled(self, corpus: list[Gap], alpha: float) -> str:
        tested = [g for g in corpus if not np.isnan(g.p_adjusted)]
        if not tested:
            return "Over the whole corpus, no measure could be tested."
        if corpus[0].short:
            return f"Over the whole corpus, the rates are descriptive: {self.need()}, and {corpus[0].short}."
        best = min(tested, key=lambda g: (g.p_adjusted, *_strength(g)))
        high, low = self.shares(best)
        return (
            f"Over the whole corpus, no difference between the sides holds at adjusted p < {alpha:g}; the "
            f"smallest adjusted p ({best.p_adjusted:.2g}) is for {measure_label(best.measure)}: {high} against {low}."
        )

    def nothing_holds(self, alpha: float, descriptive: bool, strata: bool) -> str:
        where = f", pooled or within any {self.by}" if strata else ""
        if descriptive:
            return (
                f"None of these differences rests on the data a conclusion needs{where}: they describe these "
                "articles, worth a close reading, and say nothing yet about the coverage in general."
            )
        return (
            f"No difference between the sides holds at adjusted p < {alpha:g}{where}. That is not evidence that "
            "the sides are framed alike: the intervals show what the data allow."
        )

    def test_line(self, comparison: Comparison, value: object = None) -> str:
        """Which test decides, on what, with which correction (for the whole corpus or one stratum)."""
        s = comparison.settings
        tests = comparison.tests[comparison.tests["family"] == "permutation"]
        if value is not None:
            tests = tests[tests[s.by] == value]
        if tests.empty:
            return ""
        family = int((comparison.tests["family"].eq("permutation") & comparison.tests["p_value"].notna()).sum())
        if tests["test"].iloc[0].endswith("(within)"):
            informative = int(tests["informative_documents"].iloc[0])
            how = (
                f"a permutation test within articles ({s.n_permutations:,} permutations, the side labels shuffled "
                f"inside each of the {plural(informative, 'article')} that quote both sides)"
            )
        else:
            how = f"a permutation test of whole articles ({s.n_permutations:,} permutations)"
        return (
            f"Each difference is tested with {how}; the p-values are adjusted with the {CORRECTION_TEXT[s.correction]} "
            f"correction across the {family} tests of the comparison, and a gap holds at adjusted p < {s.alpha:g}."
        )

    def stratum_lines(self, value: object, found: list[Gap], sizes: pd.DataFrame, alpha: float, n: int = 3) -> list[str]:
        """What one stratum shows: its data, then the gaps that hold, or (short of data) its largest clear gaps."""
        rows = sizes.drop_duplicates("group")
        counts = " and ".join(
            f"{plural(int(row.n_statements), 'statement')} of {named(self.titles.get(row.group, row.group))}"
            for row in rows.itertuples()
        )
        total = int(rows["total_documents"].iloc[0]) if len(rows) else 0
        lines = [f"{self.place(value)}: {counts}, in {plural(total, 'article')}."]
        if not found:
            return lines
        if found[0].short:
            lines.append(f"Descriptive only: {self.need()}, and {found[0].short}.")
            shown = sorted((g for g in found if g.clear), key=_strength)[:n]
        else:
            shown = sorted((g for g in found if g.holds(alpha)), key=_strength)[:n]
            if not shown:
                best = min(found, key=lambda g: (np.nan_to_num(g.p_adjusted, nan=2.0), *_strength(g)))
                lines.append(
                    f"No gap holds at adjusted p < {alpha:g} (smallest adjusted p {best.p_adjusted:.2g}, "
                    f"{measure_label(best.measure)}); that is not evidence that the sides are framed alike here."
                )
        lines += [self.gap(g, alpha).removeprefix(f"In {self.place(value)}, ") for g in shown]
        return lines
