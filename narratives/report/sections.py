"""The sections of the report page, as HTML, from tables already computed by :mod:`narratives.report.build`.

Each function takes tables and returns one ``<section>``; plain-language
readings state their uncertainty and what the data cannot support.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from narratives.compare.defaults import ALPHA
from narratives.compare.ml import Classification
from narratives.compare.result import Comparison
from narratives.framing import category_docs
from narratives.report import html as h
from narratives.report.findings import Findings, Gap, Writer, gaps
from narratives.report.labels import feature_label, measure_label, named, percent, plural
from narratives.report.validation import Check
from narratives.schema import date_text

FEW_DOCUMENTS = 30
"""Below this many articles (overall, or per outlet compared) the report says general claims are out of reach."""

MODEL_NAMES = {
    "tfidf_logreg": "words of the statement, logistic regression",
    "tfidf_nb": "words of the statement, naive Bayes",
    "tfidf_svm": "words of the statement, linear SVM",
    "features_logreg": "framing features, logistic regression (interpretable)",
}
ZERO_WIDTH = (
    "A share of 0% or 100% (0 statements of a side, or all of them) has a bootstrap interval of zero width: "
    "it does not mean the rate is known exactly, only that resampling these articles cannot move it."
)
WITHIN_ARTICLES = (
    "Differences are measured within articles where articles quote both sides: each article compares the two "
    "sides on its own statements and the articles' gaps are averaged (Mantel-Haenszel weights). That asks whether "
    "an article frames the sides differently. The pooled difference (all of one side's statements against all of "
    "the other's) also moves when the articles that quote one side more often frame everything more; the "
    "within-article difference does not."
)


def _p(value: float) -> str:
    return "" if pd.isna(value) else f"{value:.2g}"


def _these(n: int, noun: str) -> str:
    """``this article`` or ``these 15 articles``."""
    return f"this {noun}" if n == 1 else f"these {plural(n, noun)}"


def reading(lines: Sequence[str], css: str = "reading", title: str | None = None) -> str:
    """A box of plain-language paragraphs (``css``: ``reading``, ``caveat`` or ``note``)."""
    head = h.element("p", h.element("strong", h.escape(title))) if title else ""
    return h.element("div", head + "".join(h.paragraph(line) for line in lines if line), class_=css)


def caveats(documents: pd.DataFrame) -> list[str]:
    """What the corpus can and cannot support, from its size and number of outlets."""
    n_docs = len(documents)
    outlets = documents["outlet"].fillna("(no outlet)")
    per_outlet = outlets.value_counts()
    lines = [
        f"Everything below describes {_these(n_docs, 'article')} and nothing else. "
        "The corpus was chosen by whoever assembled it; it is not a sample of all coverage."
    ]
    if n_docs < FEW_DOCUMENTS or (len(per_outlet) > 1 and per_outlet.min() < FEW_DOCUMENTS):
        smallest = f" (the smallest outlet has {plural(int(per_outlet.min()), 'article')})" if len(per_outlet) > 1 else ""
        lines.append(
            f"{'One article is not enough' if n_docs == 1 else plural(n_docs, 'article') + smallest + ' are too few'} "
            "to support general claims about any outlet, "
            "about the media, or about the conflict. Read the findings and figures as a description of these "
            "articles and a starting point for close reading, not as general claims."
        )
    if len(per_outlet) == 1:
        lines.append(
            "The article comes from one outlet." if n_docs == 1 else "All articles come from one outlet: nothing here compares outlets."
        )
    lines.append(
        "Every number comes from automatic measures that make mistakes: about a third of attributions are missed "
        "and many speakers get no side (see Method and validation). Check surprising figures against the articles."
    )
    return lines


def overview_section(documents: pd.DataFrame, outlets: pd.DataFrame, timeline: str | None, skipped: int) -> str:
    """Corpus overview: articles per outlet, dates, words, sentences, attributions; the article list."""
    dates = documents["date"].dropna()
    first, last = date_text(pd.Series([dates.min(), dates.max()])).tolist() if len(dates) else (None, None)
    undated = len(documents) - len(dates)
    span = f", published between {first} and {last}" if len(dates) else ""
    if len(dates) and undated:
        span += f" ({plural(undated, 'article')} without a valid date)"
    text = [
        f"The corpus holds {plural(len(documents), 'article')} from {plural(len(outlets) - 1, 'outlet')}{span}: "
        f"{int(documents['n_words'].sum()):,} words in {int(documents['n_sentences'].sum()):,} sentences, with "
        f"{int(documents['n_attributions'].sum()):,} attributions (a statement reported with its speaker: "
        '"Baku said that...", "according to officials...").'
    ]
    if skipped:
        text.append(f"{plural(skipped, 'document')} could not be read and were left out; see skipped.csv.")
    body = "".join(h.paragraph(line) for line in text)
    body += h.table(outlets, "Articles per outlet (the last row is the whole corpus)")
    if timeline:
        body += timeline
    listing = documents[["title", "outlet", "date", "n_words", "n_sentences", "n_attributions", "url"]].assign(date=lambda table: date_text(table["date"]))
    body += h.element(
        "details",
        h.element("summary", "The articles, one by one")
        + h.table(
            listing,
            headers={"n_words": "words", "n_sentences": "sentences", "n_attributions": "attributions", "url": "address (not linked)"},
        ),
    )
    return h.section("corpus", "The corpus", body)


def sides_section(
    sides: pd.DataFrame, by_outlet: pd.DataFrame, figure: str, unknown_share: float, profile_title: str
) -> str:
    """Who is quoted: attributions per side (table and figure) and per outlet."""
    intro = [
        f"Each attribution's speaker is matched to a side with the actor profile ({profile_title}). "
        "How often each side gets to speak is itself a framing choice: a side that is rarely quoted is talked "
        "about, not heard.",
        f"{percent(unknown_share)} of the attributions have no side: the speaker is not in the profile, or is a "
        "pronoun or a generic phrase whose side could not be told from the context. Those are left out of the "
        "comparison below; the counts per side are therefore undercounts.",
    ]
    body = "".join(h.paragraph(line) for line in intro)
    body += h.table(
        sides,
        "Attributions per side",
        html_columns=["side"],
        formats={"share": percent},
        headers={"documents": "articles quoting it", "top_speakers": "most frequent speakers"},
    )
    body += figure
    body += h.table(by_outlet, "Attributions per outlet and side")
    return h.section("sides", "Who is quoted: attributions per side", body)


def findings_section(findings: Findings, corpus_caveats: Sequence[str]) -> str:
    """The panel at the top of the page: what the comparison found, in plain sentences, then what it rests on."""
    items = "".join(h.element("li", h.escape(line)) for line in findings.lines)
    notes = [ZERO_WIDTH] if findings.zero_width else []
    body = h.element("p", h.element("strong", "Findings")) + h.element("ul", items)
    body += "".join(h.paragraph(line, class_="small") for line in notes)
    return h.element("div", body, class_="findings", id="findings") + reading(corpus_caveats, "caveat", title="Read this first")


def framing_table(found: Sequence[Gap], tables: Mapping[str, pd.DataFrame], titles: Mapping[str, str]) -> str:
    """Rates with intervals per side, the difference with its interval, p and BH-adjusted p, one row per measure."""
    rates = tables["rates"].set_index(["group", "measure"])
    tests = tables["tests"]
    tests = tests[tests["family"] == "permutation"].set_index("measure")
    groups = list(dict.fromkeys(tables["rates"]["group"]))
    rows = []
    for gap in found:
        row = {"measure": measure_label(gap.measure)}
        for group in groups:
            r = rates.loc[(group, gap.measure)]
            row[titles.get(group, group)] = (
                f"{r['count']}/{r['n_statements']} = {percent(r['rate'])} [{percent(r['low'])}, {percent(r['high'])}]"
                if r["n_statements"]
                else "no statements"
            )
        row["difference (points)"] = f"{100 * gap.estimate:+.1f} [{100 * gap.low:+.1f}, {100 * gap.high:+.1f}]"
        if gap.measure in tests.index:
            row["p"] = _p(tests.loc[gap.measure, "p_value"])
            row["adjusted p (BH)"] = _p(tests.loc[gap.measure, "p_adjusted"])
        rows.append(row)
    caption = "Share of each side's statements with each feature, 95% interval in brackets"
    if found:
        a, b = titles.get(found[0].a, found[0].a), titles.get(found[0].b, found[0].b)
        within = "within articles" if found[0].within else "over all statements"
        caption += f"; difference = {a} minus {b}, in percentage points, {within}"
    return h.table(pd.DataFrame(rows), caption)


def notes_on(found: Sequence[Gap], titles: Mapping[str, str]) -> list[str]:
    """The caveats a table of gaps needs: zero-width intervals, and within-article against pooled differences."""
    notes = []
    if any(g.zero_width for g in found):
        notes.append(ZERO_WIDTH)
    if any(g.within for g in found):
        notes.append(WITHIN_ARTICLES)
        disagree = [g for g in found if g.composition]
        if disagree:
            listed = "; ".join(
                f"{measure_label(g.measure)} (pooled {100 * g.pooled[0]:+.1f} [{100 * g.pooled[1]:+.1f}, "
                f"{100 * g.pooled[2]:+.1f}], within articles {100 * g.estimate:+.1f} [{100 * g.low:+.1f}, {100 * g.high:+.1f}])"
                for g in disagree
            )
            notes.append(
                "Here the pooled difference's interval excludes 0 but the within-article one does not for: "
                f"{listed}. Such a gap can come from which articles quote each side rather than from how an article "
                "frames them."
            )
    return notes


def framing_section(
    comparison: Comparison | None,
    by: Comparison | None,
    figures: Mapping[str, str],
    titles: Mapping[str, str],
    documents: pd.DataFrame,
) -> str:
    """The framing comparison between the sides, pooled and per stratum (outlet...), with its reading."""
    if comparison is None:
        body = reading(
            [
                "No attribution in this corpus speaks for a side of the profile, so there is nothing to compare. "
                "Check that the profile fits the corpus (the actors it lists, the way articles name them)."
            ],
            "caveat",
        )
        return h.section("framing", "How each side's statements are framed", body)
    intro = [
        "For each side, the share of its statements introduced by each kind of reporting verb (a neutral \"said\" "
        "or a distancing \"claimed\"...) and carrying each framing feature in what is reported (hedges, labels, "
        "loaded words...) or in how the speaker is named. A gap between the sides is the kind of pattern a "
        "reader may not notice in one article but that adds up over many.",
        *comparison.overview(),
    ]
    body = "".join(h.paragraph(line) for line in intro)
    body += figures.get("rates", "")
    found = gaps(comparison, titles)
    (_, tables), = comparison.strata()
    body += framing_table(found, tables, titles)
    writer = Writer(titles, None, comparison.settings)
    lines = [writer.test_line(comparison), *writer.stratum_lines(None, found, tables["sizes"], comparison.settings.alpha)[1:]]
    if len(documents) < FEW_DOCUMENTS:
        lines.append(
            f"With {plural(len(documents), 'article')}, only large and consistent gaps could show up as significant; "
            "a gap that is not significant here may still exist, and one that is may not hold in other coverage."
        )
    body += reading(lines, title="Reading")
    body += reading(notes_on(found, titles), "note")
    if by is not None:
        body += _strata_part(by, figures, titles)
    body += _glossary()
    return h.section("framing", "How each side's statements are framed", body)


def _strata_part(by: Comparison, figures: Mapping[str, str], titles: Mapping[str, str]) -> str:
    """The comparison within each stratum (outlet...): figure, test and one reading per stratum."""
    name = by.settings.by
    body = h.element("h3", h.escape(f"{name[:1].upper()}{name[1:]} by {name}"))
    body += h.paragraph(
        f"The same comparison inside each {name}: a {name} can frame the two sides differently even when the "
        f"pooled figures show no gap, because {name}s leaning opposite ways cancel out. Each dot is one {name}'s "
        "difference between the sides, with its 95% interval."
    )
    body += figures.get("by_stratum", "")
    writer = Writer(titles, name, by.settings)
    body += h.paragraph(writer.test_line(by))
    found = gaps(by, titles)
    for value, tables in by.strata():
        inside = [g for g in found if g.stratum == value]
        body += reading(writer.stratum_lines(value, inside, tables["sizes"], by.settings.alpha), "note", title=str(value))
    body += reading(notes_on(found, titles), "note")
    return body


def _glossary() -> str:
    docs = category_docs()
    items = "".join(
        h.element("li", h.element("strong", h.escape(entry["label"])) + ": " + h.escape(entry["definition"]))
        for entry in docs.values()
    )
    return h.element(
        "details", h.element("summary", "What each feature means (from the narratives lexicons)") + h.element("ul", items)
    )


def words_section(words: pd.DataFrame | None, figure: str, uses: Mapping[str, str], titles: Mapping[str, str]) -> str:
    """The fightin'-words contrast: the words (not function words) that lean most to each side, and who used them.

    ``words`` is ranked per side (``term``, ``side``, ``count_a``,
    ``count_b``, ``z``, ``p_adjusted``); ``uses`` maps a term to the HTML
    list of the statements that use it.
    """
    if words is None:
        body = reading(["Both sides need statements for a word contrast; this corpus has statements of at most one."], "caveat")
        return h.section("words", "Words that lean to each side", body)
    a, b = (titles.get(side, side) for side in (words["side_a"].iloc[0], words["side_b"].iloc[0]))
    body = h.paragraph(
        "Which words of the reporting verbs and reported content are used more with one side's statements than "
        "with the other's (log-odds ratios with an informative Dirichlet prior, Monroe, Colaresi & Quinn 2008), "
        "leaving out function words (\"the\", \"of\", \"that\"...). It mixes what each side says with how it "
        "is reported. Open a word to read the statements that use it."
    )
    body += figure
    for side in (words["side_a"].iloc[0], words["side_b"].iloc[0]):
        rows = words[words["side"] == side]
        items = "".join(
            h.element(
                "details",
                h.element("summary", h.escape(f"{row.term} - uses: {row.count_a} with {a}, {row.count_b} with {b}; z {row.z:+.2f}"))
                + uses.get(row.term, ""),
            )
            for row in rows.itertuples()
        )
        body += h.element("h3", h.escape(f"Words leaning to {titles.get(side, side)}")) + items
    significant = int((words["p_adjusted"] < ALPHA).sum())
    body += reading(
        [
            f"{plural(significant, 'word')} of those shown {'leans' if significant == 1 else 'lean'} to one side at a "
            f"Benjamini-Hochberg adjusted p below {ALPHA:g}. These p-values treat every word as an independent draw, but "
            "words of one article are not independent: read them as a ranking aid, too small when wording clusters "
            "by article.",
        ],
        "caveat",
    )
    return h.section("words", "Words that lean to each side", body)


def classifier_section(result: Classification | None, reason: str, figure: str, titles: Mapping[str, str]) -> str:
    """Can a statement's side be told from its framing? Scores, permutation tests and the interpretable model."""
    title = "Can the side be told from the framing? (classifiers)"
    if result is None:
        return h.section("classifier", title, reading([reason], "caveat"))
    scores = result.scores.assign(model=result.scores["model"].map(MODEL_NAMES))
    intro = h.paragraph(
        "Classifiers learn to guess the side of a statement from its reporting verb and content (the words, or "
        "the framing features) and are scored on articles they were not trained on (cross-validation by article). "
        "Balanced accuracy gives 1/number of sides for a guess; the p-value compares the score with classifiers "
        "trained on shuffled sides (shuffled inside each article)."
    )
    table = h.table(
        scores[["model", "score", "score_sd", "chance", "p_value", "n_permutations", "n_splits"]],
        "Balanced accuracy per classifier",
        formats={"score": "{:.3f}".format, "score_sd": "{:.3f}".format, "chance": "{:.2f}".format, "p_value": _p},
        headers={"score_sd": "sd over folds", "p_value": "p (permutation)", "n_permutations": "permutations", "n_splits": "folds"},
    )
    body = intro + table + figure
    clear = odds_towards(result.separating_features())
    if len(clear):
        reference = f"instead of {feature_label(result.reference).removeprefix('Reporting verb: ').lower()}" if result.reference else ""
        shown = clear.assign(
            feature=clear["feature"].map(feature_label), points_to=clear["points_to"].map(lambda side: titles.get(side, side))
        )
        shown["reading"] = [
            f"{label} makes {named(side)} more likely: odds ×{odds:.2f} {reference if '=' in raw else 'per occurrence'} "
            f"(95% interval ×{low:.2f} to ×{high:.2f})."
            for label, side, odds, low, high, raw in zip(
                shown["feature"], shown["points_to"], shown["odds"], shown["odds_low"], shown["odds_high"], clear["feature"]
            )
        ]
        body += h.table(
            shown[["feature", "points_to", "odds", "reading"]],
            "Framing features whose coefficient has a 95% bootstrap interval excluding 0 (interpretable model)",
            formats={"odds": "×{:.2f}".format},
            headers={"points_to": "points to", "odds": "odds ratio (towards that side)"},
        )
    indexed = result.scores.set_index("model")
    best = indexed.loc["features_logreg"] if "features_logreg" in indexed.index else None
    lines = []
    text_models = indexed.drop(index="features_logreg", errors="ignore")
    if len(text_models):
        top = text_models.sort_values("score").iloc[-1]
        lines.append(
            f"The best word model ({MODEL_NAMES[top.name]}) scores {top['score']:.2f} against {top['chance']:.2f} "
            f"for chance (p = {top['p_value']:.2g}, {int(top['n_permutations'])} permutations)."
        )
    if best is not None:
        verdict = "better than" if best["p_value"] < ALPHA else "not clearly better than"
        lines.append(
            f"The framing-features model scores {best['score']:.2f} against {best['chance']:.2f} for chance "
            f"(p = {best['p_value']:.2g}): {verdict} chance at the {ALPHA:g} level."
        )
    lines.append(
        "The coefficient intervals are not corrected for testing many features; where they disagree with the "
        "comparison above (which is corrected), trust the comparison. Content words can name the side itself "
        "(\"Azerbaijan's army\"), so a word model that beats chance does not prove that the reporting differs."
    )
    body += reading(lines, title="Reading")
    return h.section("classifier", title, body)


def odds_towards(features: pd.DataFrame) -> pd.DataFrame:
    """The features with a clear direction, their odds ratio and interval turned towards the side they point to.

    A coefficient is the log-odds of the class it belongs to; a feature that
    points to the other class has its odds ratio (and interval) inverted, so
    the odds shown are always above 1 and read "towards ``points_to``".
    """
    clear = features[features["points_to"] != ""]
    own = (clear["points_to"] == clear["class"]).to_numpy()
    low, high = np.exp(clear["low"].to_numpy()), np.exp(clear["high"].to_numpy())
    return clear.assign(
        odds=np.exp(np.abs(clear["coefficient"].to_numpy())),
        odds_low=np.where(own, low, 1.0 / high),
        odds_high=np.where(own, high, 1.0 / low),
    )


def method_section(checks: Sequence[Check], figure: str) -> str:
    """The method, the shipped validation figures and the limits of each measure."""
    steps = [
        "Each article is split into paragraphs, sentences and words, keeping every character's position.",
        "A statistical model (a two-stage CRF) finds each attribution: the reporting verb or phrase (cue), the "
        "speaker (source, with pronouns resolved to whom they refer to) and what is reported (content).",
        "The actor profile gives each speaker a side, with the rule that decided it; speakers it cannot place "
        "are left unknown, never guessed.",
        "Word lists and two small learned models mark the framing: the stance of the reporting verb, hedges, "
        "labels, loaded and emotive words, scare quotes, passives of violence without an agent, casualties.",
        "The sides are compared with intervals from resampling whole articles and permutation tests that keep "
        "articles together, corrected for testing many measures (Benjamini-Hochberg).",
    ]
    body = h.element("ol", "".join(h.element("li", h.escape(step)) for step in steps))
    body += h.paragraph(
        "The figures below were measured by the narratives team on annotated data that does not ship with "
        "narratives, so they are not recomputed for this report; each comes with the command that reproduced it. "
        "The attribution figures are those of the shipped model and may change with later model versions."
    )
    body += figure
    for check in checks:
        scores = "; ".join(f"{s.label}: {s.metric} {s.value:g} ({s.setting})" for s in check.scores) or "no figure"
        parts = [
            h.element("h3", h.escape(check.stage), id=f"check-{check.id}"),
            h.paragraph(check.measures),
            h.element("p", h.element("strong", "Figure: ") + h.escape(scores) + ". " + h.element("strong", "Data: ") + h.escape(check.data) + "."),
        ]
        if check.command:
            parts.append(h.element("p", "Command: " + h.element("code", h.escape(check.command))))
        parts.append(reading([check.limits], "caveat", title="Limits"))
        body += "".join(parts)
    return h.section("method", "Method and validation", body)


def reproducibility_section(command: Sequence[str] | None, parameters: Mapping[str, object], files: Sequence[str]) -> str:
    """How to regenerate the report, its parameters and the files it wrote."""
    how = (
        h.element("pre", h.escape(" ".join(command)))
        if command
        else h.paragraph("Built from Python with narratives.report.build_report.")
    )
    params = pd.DataFrame({"parameter": list(parameters), "value": [str(v) for v in parameters.values()]})
    listing = "".join(h.element("li", h.element("a", h.escape(name), href=name)) for name in files)
    body = (
        h.paragraph("The command that wrote this report; run again on the same inputs it writes the same bytes.")
        + how
        + h.table(params, "Parameters")
        + h.paragraph(
            "manifest.json records the versions of narratives and its dependencies, the SHA-256 of every input "
            "document, of the profile and of the lexicons and models, the parameters and the SHA-256 of every file "
            "written. The tables below hold every figure's data."
        )
        + h.element("details", h.element("summary", "Files of this report") + h.element("ul", listing))
    )
    return h.section("reproduce", "Reproducing this report", body)
