"""The sections of the report page, as HTML, from tables already computed by :mod:`narratives.report.build`.

Each function takes tables and returns one ``<section>``; plain-language
readings state their uncertainty and what the data cannot support.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from narratives.compare.ml import Classification
from narratives.compare.result import Comparison
from narratives.compare.words import FightinWords
from narratives.corpus import is_iso_date
from narratives.framing import category_docs
from narratives.report import html as h
from narratives.report.validation import Check

FEW_DOCUMENTS = 30
"""Below this many articles (overall, or per outlet compared) the report says general claims are out of reach."""

MODEL_NAMES = {
    "tfidf_logreg": "words of the statement, logistic regression",
    "tfidf_nb": "words of the statement, naive Bayes",
    "tfidf_svm": "words of the statement, linear SVM",
    "features_logreg": "framing features, logistic regression (interpretable)",
}


def _percent(value: float) -> str:
    return "" if pd.isna(value) else f"{100 * value:.1f}%"


def _points(value: float) -> str:
    return "" if pd.isna(value) else f"{100 * value:+.1f}"


def _p(value: float) -> str:
    return "" if pd.isna(value) else f"{value:.2g}"


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def measure_label(measure: str) -> str:
    """A comparison measure in plain words: ``stance=distancing`` → ``Reporting verb: Distancing``.

    Examples
    --------
    >>> measure_label("content_hedge>0")
    'Hedge in what is reported'
    >>> measure_label("source_delegitimising>0")
    'Delegitimising label in how the speaker is named'
    """
    docs = category_docs()
    if measure.startswith("stance="):
        level = measure.split("=", 1)[1]
        label = docs[level]["label"] if level in docs else f"{level} (verb not in the lexicon)"
        return f"Reporting verb: {label}"
    match = re.fullmatch(r"(content|source)_(\w+)>0", measure)
    if match and match[2] in docs:
        where = "in what is reported" if match[1] == "content" else "in how the speaker is named"
        return f"{docs[match[2]]['label']} {where}"
    return measure


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
        f"Everything below describes these {_plural(n_docs, 'article')} and nothing else. "
        "The corpus was chosen by whoever assembled it; it is not a sample of all coverage."
    ]
    if n_docs < FEW_DOCUMENTS or (len(per_outlet) > 1 and per_outlet.min() < FEW_DOCUMENTS):
        smallest = f" (the smallest outlet has {_plural(int(per_outlet.min()), 'article')})" if len(per_outlet) > 1 else ""
        lines.append(
            f"{_plural(n_docs, 'article')}{smallest} are too few to support general claims about any outlet, "
            "about the media, or about the conflict. Read the figures as a description and a starting point for "
            "close reading, not as findings."
        )
    if len(per_outlet) == 1:
        lines.append("All articles come from one outlet: nothing here compares outlets.")
    lines.append(
        "Every number comes from automatic measures that make mistakes: about a third of attributions are missed "
        "and many speakers get no side (see Method and validation). Check surprising figures against the articles."
    )
    return lines


def overview_section(documents: pd.DataFrame, outlets: pd.DataFrame, timeline: str | None, skipped: int) -> str:
    """Corpus overview: articles per outlet, dates, words, sentences, attributions; the article list."""
    dates = documents["date"][documents["date"].map(is_iso_date).astype(bool)]
    first, last = dates.min(), dates.max()
    undated = len(documents) - len(dates)
    span = f", published between {first} and {last}" if len(dates) else ""
    if len(dates) and undated:
        span += f" ({_plural(undated, 'article')} without a valid date)"
    text = [
        f"The corpus holds {_plural(len(documents), 'article')} from {_plural(len(outlets) - 1, 'outlet')}{span}: "
        f"{int(documents['n_words'].sum()):,} words in {int(documents['n_sentences'].sum()):,} sentences, with "
        f"{int(documents['n_attributions'].sum()):,} attributions (a statement reported with its speaker: "
        '"Baku said that...", "according to officials...").'
    ]
    if skipped:
        text.append(f"{_plural(skipped, 'document')} could not be read and were left out; see skipped.csv.")
    body = "".join(h.paragraph(line) for line in text)
    body += h.table(outlets, "Articles per outlet (the last row is the whole corpus)")
    if timeline:
        body += timeline
    listing = documents[["title", "outlet", "date", "n_words", "n_sentences", "n_attributions", "url"]]
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
        f"{_percent(unknown_share)} of the attributions have no side: the speaker is not in the profile, or is a "
        "pronoun or a generic phrase whose side could not be told from the context. Those are left out of the "
        "comparison below; the counts per side are therefore undercounts.",
    ]
    body = "".join(h.paragraph(line) for line in intro)
    body += h.table(
        sides,
        "Attributions per side",
        html_columns=["side"],
        formats={"share": _percent},
        headers={"documents": "articles quoting it", "top_speakers": "most frequent speakers"},
    )
    body += figure
    body += h.table(by_outlet, "Attributions per outlet and side")
    return h.section("sides", "Who is quoted: attributions per side", body)


def framing_table(comparison: Comparison, tables: Mapping[str, pd.DataFrame], labels: Mapping[str, str]) -> str:
    """Rates with intervals per side, the difference with its interval, p and BH-adjusted p, one row per measure."""
    rates = tables["rates"]
    seen = rates.groupby("measure", sort=False)["count"].sum()
    measures = [m for m, count in seen.items() if count > 0]
    groups = list(dict.fromkeys(rates["group"]))
    rows = []
    effects, tests = tables["effects"], tables["tests"]
    pair = (groups[0], groups[1]) if len(groups) >= 2 else None
    for measure in measures:
        row = {"measure": measure_label(measure)}
        for group in groups:
            r = rates[(rates["group"] == group) & (rates["measure"] == measure)].iloc[0]
            row[labels.get(group, group)] = (
                f"{r['count']}/{r['n_statements']} = {_percent(r['rate'])} [{_percent(r['low'])}, {_percent(r['high'])}]"
                if r["n_statements"]
                else "no statements"
            )
        if pair is not None and len(effects):
            chosen = effects[(effects["measure"] == measure) & (effects["group_a"] == pair[0]) & (effects["group_b"] == pair[1])]
            inside = chosen[chosen["effect"] == "within_document_difference"]
            effect = inside if len(inside) else chosen[chosen["effect"] == "rate_difference"]
            test = tests[(tests["measure"] == measure) & (tests["family"] == "permutation") & (tests["group_a"] == pair[0])]
            if len(effect):
                e = effect.iloc[0]
                row["difference (points)"] = f"{_points(e['estimate'])} [{_points(e['low'])}, {_points(e['high'])}]"
            if len(test):
                row["p"] = _p(test.iloc[0]["p_value"])
                row["adjusted p (BH)"] = _p(test.iloc[0]["p_adjusted"])
        rows.append(row)
    caption = "Share of each side's statements with each feature, 95% interval in brackets"
    if pair is not None:
        caption += (
            f"; difference = {labels.get(pair[0], pair[0])} minus {labels.get(pair[1], pair[1])}, in percentage points "
            "(within articles when articles quote both sides)"
        )
    return h.table(pd.DataFrame(rows), caption)


def framing_section(
    comparison: Comparison | None,
    by_outlet: Comparison | None,
    figures: Mapping[str, str],
    labels: Mapping[str, str],
    documents: pd.DataFrame,
) -> str:
    """The framing comparison between the sides, pooled and per outlet, with its reading."""
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
    body += figures["rates"]
    (_, tables), = comparison.strata()
    body += framing_table(comparison, tables, labels)
    body += reading(_framing_reading(comparison, documents), title="Reading")
    if by_outlet is not None:
        body += h.element("h3", "Outlet by outlet")
        body += h.paragraph(
            "The same comparison inside each outlet: an outlet can frame the two sides differently even when the "
            "pooled figures show no gap, because outlets leaning opposite ways cancel out. Each outlet has few "
            "articles, so most of these comparisons have too little data for a conclusion."
        )
        body += figures["rates_by_outlet"]
        for value, lines in by_outlet.conclusions():
            body += reading(lines, "note", title=f"{value}")
    body += _glossary()
    return h.section("framing", "How each side's statements are framed", body)


def _framing_reading(comparison: Comparison, documents: pd.DataFrame) -> list[str]:
    (_, lines), = comparison.conclusions()
    extra = []
    if len(documents) < FEW_DOCUMENTS:
        extra.append(
            f"With {_plural(len(documents), 'article')}, only large and consistent gaps could show up as significant; "
            "a gap that is not significant here may still exist, and one that is may not hold in other coverage."
        )
    return [*(line.strip() for line in lines), *extra]


def _glossary() -> str:
    docs = category_docs()
    items = "".join(
        h.element("li", h.element("strong", h.escape(entry["label"])) + ": " + h.escape(entry["definition"]))
        for entry in docs.values()
    )
    return h.element(
        "details", h.element("summary", "What each feature means (from the narratives lexicons)") + h.element("ul", items)
    )


def words_section(words: FightinWords | None, figure: str, n: int = 10) -> str:
    """The fightin'-words contrast: the words that lean most to each side."""
    if words is None:
        body = reading(["Both sides need statements for a word contrast; this corpus has statements of at most one."], "caveat")
        return h.section("words", "Words that lean to each side", body)
    a, b = str(words.group_a), str(words.group_b)
    body = h.paragraph(
        f"Which words of the reporting verbs and reported content are used more with one side's statements than "
        f"with the other's (log-odds ratios with an informative Dirichlet prior, Monroe, Colaresi & Quinn 2008). "
        f"Positive z leans to {a}, negative to {b}. It mixes what each side says with how it is reported."
    )
    body += figure
    top = words.top(n)
    top = top.assign(leans_to=np.where(top["z"] > 0, a, b))[["term", "leans_to", "count_a", "count_b", "z", "p_adjusted"]]
    body += h.table(
        top,
        f"The {n} words leaning most to each side",
        formats={"z": "{:+.2f}".format, "p_adjusted": _p},
        headers={"leans_to": "leans to", "count_a": f"uses, {a}", "count_b": f"uses, {b}", "p_adjusted": "adjusted p (BH)"},
    )
    significant = int((words.table["p_adjusted"] < 0.05).sum())
    body += reading(
        [
            f"{_plural(significant, 'word')} lean to one side at a Benjamini-Hochberg adjusted p below 0.05. "
            "These p-values treat every word as an independent draw, but words of one article are not "
            "independent: read them as a ranking aid, too small when wording clusters by article.",
        ],
        "caveat",
    )
    return h.section("words", "Words that lean to each side", body)


def classifier_section(result: Classification | None, reason: str, figure: str) -> str:
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
    features = result.separating_features()
    clear = features[features["points_to"] != ""]
    body = intro + table + figure
    if len(clear):
        shown = clear.assign(
            feature=clear["feature"].map(measure_label_from_feature),
        )[["feature", "points_to", "odds_ratio", "reading"]]
        body += h.table(
            shown,
            "Framing features whose coefficient has a 95% bootstrap interval excluding 0 (interpretable model)",
            formats={"odds_ratio": "{:.2f}".format},
            headers={"points_to": "points to", "odds_ratio": "odds ratio"},
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
        verdict = "better than" if best["p_value"] < 0.05 else "not clearly better than"
        lines.append(
            f"The framing-features model scores {best['score']:.2f} against {best['chance']:.2f} for chance "
            f"(p = {best['p_value']:.2g}): {verdict} chance at the 0.05 level."
        )
    lines.append(
        "The coefficient intervals are not corrected for testing many features; where they disagree with the "
        "comparison above (which is corrected), trust the comparison. Content words can name the side itself "
        "(\"Azerbaijan's army\"), so a word model that beats chance does not prove that the reporting differs."
    )
    body += reading(lines, title="Reading")
    return h.section("classifier", title, body)


def measure_label_from_feature(feature: str) -> str:
    """A classifier feature (``content_hedge`` or ``stance=denial``) in plain words."""
    return measure_label(feature if "=" in feature else f"{feature}>0")


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
