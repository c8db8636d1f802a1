"""The teaching view: an article with its speakers, reporting verbs and framing marked up.

Each article becomes one self-contained HTML page (inline CSS, no script,
nothing loaded from the network) in which

* every speaker (the attribution's source, and the words a pronoun source
  refers to) is marked in the colour of its side, from the actor profile;
* every reporting verb (cue) is highlighted by its stance category, with a
  one-sentence tooltip from ``data/lexicons/stance_explanations.toml``
  saying what the verb does;
* the framing stage's hits (labels, hedges, boosters, scare quotes, loaded
  and emotive words, agentless passives, casualty mentions) are marked, each
  with its own tooltip;
* a legend explains the colours, and its check boxes switch each layer on and
  off (pure CSS).

Corpus text is always escaped, and the article's visible text is exactly the
document's text (see :mod:`narratives.report.markup`). :func:`show` renders a
document, an analysis, an attribution table or a comparison in Jupyter; the
pages of a lesson (two articles side by side, a folder of pages) are in
:mod:`narratives.report.lesson`.
"""

from __future__ import annotations

import bisect
import functools
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from narratives.attribution.records import attributions_from_frame
from narratives.corpus import Document
from narratives.errors import DataError
from narratives.framing import OTHER_STANCE, STANCES, categories, feature_categories, framing_hits
from narratives.framing.lexicon import lexicon_file
from narratives.framing.scores import cue_stance
from narratives.pipeline import Analysis, DocumentAnalysis, analyze_document
from narratives.report.html import (
    CSS,
    OTHER_SIDE_COLOURS,
    element,
    escape,
    page,
    side_colours,
    side_labels,
    swatch,
    table,
)
from narratives.report.markup import Mark, render_marks
from narratives.sides import UNKNOWN, Profile

if TYPE_CHECKING:
    from narratives.attribution.model import AttributionModel
    from narratives.compare.result import Comparison

EXPLANATIONS = "stance_explanations"
"""The data file (``data/lexicons/<name>.toml``) with one tooltip sentence per category."""

STYLES_PATH = Path(str(resources.files("narratives") / "data" / "teaching" / "category_styles.toml"))
"""How each framing category is drawn: the stance colours of reporting verbs and the CSS of the other categories."""


@functools.cache
def _styles() -> dict:
    try:
        with STYLES_PATH.open("rb") as handle:
            styles = tomllib.load(handle)
        return {"stance_colours": dict(styles["stance_colours"]), "feature_css": dict(styles["feature_css"])}
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError) as err:
        raise DataError("N276", f"cannot read the teaching pages' category styles: {err!r}.", "Reinstall narratives or fix the file.", STYLES_PATH) from err


STANCE_COLOURS: dict[str, str] = _styles()["stance_colours"]
"""Background of a reporting verb, by stance category (light, so that text stays readable; ``data/teaching/category_styles.toml``)."""

OTHER_STANCE_LABEL = "Other reporting verb"

LAYERS = {"src": "Speakers", "content": "What they said", "cue": "Reporting verbs", "num": "Sentence numbers"}
"""The layers of marks besides the framing categories, with their legend names."""

OFF_BY_DEFAULT = frozenset({"emotive", "casualty", "content"})
"""Layers whose marks are many and faint: shown when the reader ticks them."""

_FEATURE_CSS: dict[str, str] = _styles()["feature_css"]
"""How each framing category is drawn: underlines and outlines, so that they combine with the highlights."""

TEACH_CSS = (
    """
.nv-page { --nv-side: #999; }
.nv-text { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 1.05rem; line-height: 1.9; max-width: 44rem;
  font-family: Georgia, "Times New Roman", serif; }
.nv-text [title] { cursor: help; }
.nv-src { background: var(--nv-tint); border-bottom: 3px solid var(--nv-side); border-radius: 2px; }
.nv-resolved { border-bottom-style: dashed; }
.nv-content { background: var(--nv-faint); }
.nv-cue { background: var(--nv-stance); font-weight: 700; border-radius: 3px; padding: 0 1px; box-shadow: 0 0 0 1px rgba(0,0,0,.18); }
.nv-page:has(input[data-layer="num"]:checked) .nv-s[data-n]::before { content: attr(data-n); font: 600 0.62rem system-ui, sans-serif;
  color: #59636e; vertical-align: super; margin-right: 2px; }
.nv-legend { margin: 1rem 0; padding: 0.5rem 0.9rem; background: #f6f8fa; border-radius: 6px; font-size: 0.9rem; }
.nv-legend h3 { margin: 0.5rem 0 0.25rem; font-size: 0.95rem; }
.nv-legend ul { list-style: none; padding: 0; margin: 0.2rem 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1.2rem; }
.nv-legend li { max-width: none; }
.nv-legend .count { color: #59636e; }
.nv-legend label { cursor: pointer; }
.nv-meta { color: #59636e; margin-top: 0; }
.nv-columns { display: grid; grid-template-columns: 1fr 1fr; gap: 2rem; }
.nv-columns > section { min-width: 0; }
.nv-columns .nv-text { font-size: 0.98rem; }
main:has(.nv-columns) { max-width: 96rem; }
.nv-num { font: 600 0.7rem system-ui, sans-serif; color: #0b5cad; vertical-align: super; margin-right: 2px; }
.nv-questions li { margin: 0.4rem 0 1.6rem; }
.nv-answer-line { border-bottom: 1px solid #d0d7de; height: 1.6rem; max-width: 40rem; }
@media (max-width: 60rem) { .nv-columns { grid-template-columns: 1fr; } }
@media print { .nv-legend input { display: none; } .nv-questions li { break-inside: avoid; } }
"""
    + "".join(f".nv-f-{name} {{ {rule} }}\n" for name, rule in _FEATURE_CSS.items())
    + "".join(f".nv-st-{name} {{ --nv-stance: {colour}; }}\n" for name, colour in STANCE_COLOURS.items())
    + "".join(
        f'.nv-page:has(input[data-layer="{layer}"]:not(:checked)) .nv-{layer} {{ background: none; border-bottom-color: transparent; '
        "text-decoration: none; outline: none; box-shadow: none; font-weight: inherit; color: inherit; }\n"
        for layer in ("src", "content", "cue")
    )
    + "".join(
        f'.nv-page:has(input[data-layer="{name}"]:not(:checked)) .nv-text .nv-f-{name} {{ background: none; text-decoration: none; '
        "outline: none; box-shadow: none; font-weight: inherit; color: inherit; }\n"
        for name in _FEATURE_CSS
    )
).strip()
"""The teaching view's stylesheet; every selector starts with an ``nv-`` class, so it is safe inside a notebook."""


# ---------------------------------------------------------------- explanations


@functools.cache
def explanations() -> dict[str, dict[str, str]]:
    """The tooltip sentences: ``{"stance": {category: template}, "features": {category: template}}``.

    Read from ``data/lexicons/stance_explanations.toml``; ``{verb}`` and
    ``{text}`` are filled in by :func:`explain_cue` and :func:`explain_feature`.

    Raises
    ------
    DataError
        ``N273`` if a category has no sentence.
    """
    data = lexicon_file(EXPLANATIONS)
    out = {"stance": dict(data.get("stance", {})), "features": dict(data.get("features", {}))}
    for part, names in (("stance", (*STANCES, OTHER_STANCE)), ("features", feature_categories())):
        missing = [name for name in names if not isinstance(out[part].get(name), str)]
        if missing:
            raise DataError(
                "N273",
                f"no explanation for the {part} categor{'y' if len(missing) == 1 else 'ies'} {', '.join(missing)}.",
                f"Add one sentence per category under [{part}] in data/lexicons/{EXPLANATIONS}.toml.",
            )
    return out


def explain_cue(verb: str, stance: str) -> str:
    """What a reporting verb of this stance does, in one sentence.

    >>> explain_cue("claimed", "distancing").split(":")[0]
    "‘claimed’ signals the writer's distance from the claim"
    """
    table = explanations()["stance"]
    return table.get(stance, table[OTHER_STANCE]).format(verb=verb)


def explain_feature(text: str, category: str) -> str:
    """What a framing hit of this category does, in one sentence."""
    return explanations()["features"][category].format(text=text)


def category_label(category: str) -> str:
    """The legend name of a stance or feature category (``"other"``: any other reporting verb)."""
    return OTHER_STANCE_LABEL if category == OTHER_STANCE else categories()[category].label


# ---------------------------------------------------------------- one annotated document


def _text(value: Any) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _rgba(colour: str, alpha: float) -> str:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    red, green, blue = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({red}, {green}, {blue}, {alpha})"


def side_css(colours: Mapping[str, str]) -> str:
    """One rule per side: its colour and tints as CSS variables (``.nv-side-<id>``)."""
    return "\n".join(
        f".nv-side-{side} {{ --nv-side: {colour}; --nv-tint: {_rgba(colour, 0.26)}; --nv-faint: {_rgba(colour, 0.10)}; }}"
        for side, colour in colours.items()
    )


@dataclass
class TeachingDocument:
    """One article with the tables the teaching view marks up.

    Build it with :func:`annotate`. ``sentences`` and ``attributions`` are
    the pipeline's tables for this document (with the profile's sides when
    one is given, and the framing columns); ``hits`` is every framing hit
    (:func:`narratives.framing.framing_hits`).
    """

    document: Document
    sentences: pd.DataFrame
    attributions: pd.DataFrame
    hits: pd.DataFrame
    profile: Profile | None = None

    @property
    def colours(self) -> dict[str, str]:
        """Colour of every side value (the profile's sides, then both/third party/ambiguous/unknown)."""
        return side_colours(self.profile) if self.profile is not None else dict(OTHER_SIDE_COLOURS)

    @property
    def side_names(self) -> dict[str, str]:
        """Plain-language name of every side value."""
        if self.profile is None:
            return {UNKNOWN: "no actor profile given"}
        return side_labels(self.profile)

    def sentence_number(self, offset: int) -> int:
        """The 1-based number of the sentence holding ``offset`` (what the worksheet prints)."""
        starts = self.sentences["start"].tolist()
        return max(bisect.bisect_right(starts, offset), 1)

    def records(self) -> list[dict[str, Any]]:
        """The attributions as table rows, with their :class:`~narratives.attribution.records.Attribution`.

        Each row has ``side`` (``unknown`` without a profile), ``stance``, the
        text columns as strings (``""`` when missing) and ``record``, the
        attribution with its spans.
        """
        rows = attribution_rows(self.attributions)
        for row, record in zip(rows, attributions_from_frame(self.attributions)):
            row["record"] = record
        return rows

    def marks(self, anchor: str = "") -> list[Mark]:
        """Every mark of the teaching view: sentences, contents, speakers, reporting verbs, framing hits.

        Sentence ``n`` gets the id ``<anchor>s<n>`` (an anchor keeps ids unique on a page of two articles).
        """
        text = self.document.text
        found: dict[tuple[int, int, str], list[str]] = {}
        extra: dict[tuple[int, int, str], tuple[tuple[str, str], ...]] = {}

        def add(spans: Iterable[tuple[int, int]], classes: str, title: str, attrs: tuple[tuple[str, str], ...] = ()) -> None:
            for start, end in spans:
                titles = found.setdefault((start, end, classes), [])
                if title not in titles:
                    titles.append(title)
                extra.setdefault((start, end, classes), attrs)

        names = self.side_names
        for row in self.records():
            side, stance, record = row["side"], row["stance"], row["record"]
            source, source_text, who = list(record.source), row["source_text"], row["actor"]
            side_text = names.get(side, side)
            speaker = f"Speaker: {source_text}" + (f", speaking for {who}" if who else "") + f" (side: {side_text})."
            add(source, f"nv-src nv-side-{side}", speaker)
            resolved = [record.resolved_source] if record.resolved_source else []
            if resolved and resolved != source:
                number = self.sentence_number(source[0][0]) if source else 0
                add(resolved, f"nv-src nv-resolved nv-side-{side}", f"‘{source_text}’ in sentence {number} refers to this speaker (side: {side_text}).")
            cue = record.cue
            verb = " ".join(text[a:b] for a, b in cue)
            add(cue, f"nv-cue nv-st-{stance}", explain_cue(verb, stance), (("data-stance", stance),))
            content_title = f"What {source_text or 'someone'} said, as the writer reports it."
            add(record.content, f"nv-content nv-side-{side}", content_title)
        for hit in self.hits.itertuples(index=False):
            add([(int(hit.start), int(hit.end))], f"nv-fr nv-f-{hit.category}", explain_feature(str(hit.text), str(hit.category)), (("data-category", str(hit.category)),))
        rank = {"nv-content": 1, "nv-src": 2, "nv-cue": 3, "nv-fr": 4}
        marks = [
            Mark(int(start), int(end), "nv-s", (("id", f"{anchor}s{number}"), ("data-n", str(number))), 0)
            for number, (start, end) in enumerate(zip(self.sentences["start"], self.sentences["end"]), 1)
        ]
        for (start, end, classes), titles in found.items():
            marks.append(Mark(start, end, classes, (("title", " / ".join(titles)), *extra[(start, end, classes)]), rank[classes.split()[0]]))
        return marks

    def text_html(self, anchor: str = "") -> str:
        """The article as marked-up HTML: ``<div class="nv-text">``, whose visible text is the document's text."""
        return element("div", render_marks(self.document.text, self.marks(anchor)), class_="nv-text", lang=self.document.language or None)

    def header_html(self, level: str = "h1") -> str:
        """Title and one line of metadata (outlet, date, id)."""
        doc = self.document
        meta = " · ".join(escape(v) for v in (doc.outlet, doc.date, doc.extra.get("event") and f"event: {doc.extra['event']}", f"id: {doc.id}") if v)
        return element(level, escape(doc.title or doc.id)) + element("p", meta, class_="nv-meta")

    def speakers_html(self) -> str:
        """The table of who speaks in the article: sentence, speaker, side, reporting verb, stance."""
        return attribution_table_html(self.attributions, self.profile, self.sentence_number, caption="Who speaks in this article")

    def counts(self) -> dict[str, int]:
        """How many marks of each layer and category the article has (for the legend)."""
        records = self.records()
        counts = {f"stance:{s}": 0 for s in (*STANCES, OTHER_STANCE)}
        for row in records:
            counts[f"stance:{row['stance']}"] += 1
            counts[f"side:{row['side']}"] = counts.get(f"side:{row['side']}", 0) + 1
        for category, n in self.hits["category"].value_counts().items():
            counts[f"feature:{category}"] = int(n)
        return counts

    def fragment(self) -> str:
        """The article, its legend and its speakers in one ``<div class="nv-page">`` with its own ``<style>`` (for notebooks)."""
        style = f"<style>{TEACH_CSS}\n{side_css(self.colours)}</style>"
        body = self.header_html("h3") + legend_html([self]) + self.text_html() + self.speakers_html()
        return style + element("div", body, class_="nv-page")

    def _repr_html_(self) -> str:
        return self.fragment()


def annotate(
    item: Document | DocumentAnalysis | TeachingDocument | str,
    profile: Profile | None = None,
    model: AttributionModel | None = None,
) -> TeachingDocument:
    """Analyse one document for the teaching view.

    Parameters
    ----------
    item
        A :class:`~narratives.corpus.Document`, a
        :class:`~narratives.pipeline.DocumentAnalysis` (not analysed again), a
        plain string, or a :class:`TeachingDocument` (returned as is).
    profile
        An actor profile (:func:`narratives.sides.load_profile`): speakers get
        its sides and colours. Without one every speaker's side is unknown.
    model
        An attribution model (default: the shipped one).
    """
    if isinstance(item, TeachingDocument):
        return item
    if isinstance(item, str):
        item = Document("text", item)
    result = item if isinstance(item, DocumentAnalysis) else analyze_document(item, model)
    tables = result.tables(profile)
    hits = framing_hits({result.document.id: result.document.text}, tables.attributions)
    return TeachingDocument(result.document, tables.sentences, tables.attributions, hits, profile)


# ---------------------------------------------------------------- legend and tables


def _layer_box(layer: str) -> str:
    checked = " checked" if layer not in OFF_BY_DEFAULT else ""
    return f'<input type="checkbox" data-layer="{escape(layer)}"{checked}> '


def legend_html(documents: Sequence[TeachingDocument]) -> str:
    """The legend of a page: side colours, stance colours and framing marks, with counts and on/off boxes."""
    counts: dict[str, int] = {}
    for doc in documents:
        for key, n in doc.counts().items():
            counts[key] = counts.get(key, 0) + n
    first = documents[0]
    names, colours = first.side_names, first.colours
    sides = [s for s in colours if s in names and (counts.get(f"side:{s}") or (first.profile is not None and s in first.profile.side_ids))]

    def count(key: str) -> str:
        return element("span", f"({counts.get(key, 0)})", class_="count")

    def item(sample: str, label: str, key: str, layer: str | None = None) -> str:
        box = _layer_box(layer) if layer else ""
        return element("li", element("label", box + sample + " " + escape(label) + " " + count(key)))

    side_items = "".join(
        element("li", element("span", escape(names[s]), class_=f"nv-src nv-side-{s}") + " " + count(f"side:{s}")) for s in sides
    )
    layer_items = "".join(
        element("li", element("label", _layer_box(layer) + escape(name))) for layer, name in LAYERS.items()
    )
    stance_items = "".join(
        item(element("span", escape(category_label(s)), class_=f"nv-cue nv-st-{s}", title=explain_cue("…", s)), "", f"stance:{s}")
        for s in (*STANCES, OTHER_STANCE)
    )
    feature_items = "".join(
        item(element("span", escape(category_label(c)), class_=f"nv-f-{c}", title=explain_feature("…", c)), "", f"feature:{c}", c)
        for c in feature_categories()
    )
    body = (
        element("h3", "Speakers, by the side they speak for (dashed: the person a pronoun refers to)")
        + element("ul", side_items)
        + element("h3", "Layers")
        + element("ul", layer_items)
        + element("h3", "Reporting verbs, by stance (hover over a verb for what it does)")
        + element("ul", stance_items)
        + element("h3", "Framing marks")
        + element("ul", feature_items)
    )
    return element("aside", body, class_="nv-legend", aria_label="Legend")


def attribution_rows(attributions: pd.DataFrame) -> list[dict[str, Any]]:
    """An attribution table's rows as dicts with ``side`` (``unknown`` when missing), ``stance`` and text columns as strings."""
    rows = attributions.to_dict("records")
    for row in rows:
        side = row.get("side")
        row["side"] = side if isinstance(side, str) and side else UNKNOWN
        if not isinstance(row.get("stance"), str):
            row["stance"] = cue_stance(row)
        for column in ("source_text", "resolved_text", "cue_text", "actor", "attribution_mode"):
            row[column] = _text(row.get(column))
    return rows


def attribution_table_html(
    attributions: pd.DataFrame,
    profile: Profile | None = None,
    sentence_number=None,
    caption: str | None = None,
) -> str:
    """An attribution table as HTML: speakers in their side's colour, verbs in their stance's colour with the tooltip.

    Parameters
    ----------
    attributions
        Rows of :func:`narratives.pipeline.analyze`'s attributions table (any
        subset; ``side`` and ``stance`` are used when present).
    profile
        For side colours and labels.
    sentence_number
        A function from a cue's offset to the sentence number shown; default
        the table's ``sentence`` column plus one.
    """
    colours = side_colours(profile) if profile is not None else dict(OTHER_SIDE_COLOURS)
    labels = side_labels(profile) if profile is not None else {}
    rows = []
    for row in attribution_rows(attributions):
        side, stance, verb = row["side"], row["stance"], row["cue_text"]
        number = sentence_number(int(row["cue_start"])) if sentence_number else int(row["sentence"]) + 1
        rows.append(
            {
                "doc_id": row.get("doc_id"),
                "sentence": number,
                "speaker": element("span", escape(row["source_text"] or "(no source)"), class_=f"nv-src nv-side-{side}"),
                "refers to": escape(row["resolved_text"]),
                "speaks for": escape(row["actor"]),
                "side": swatch(colours.get(side, colours[UNKNOWN])) + escape(labels.get(side, side)),
                "verb": element("span", escape(verb), class_=f"nv-cue nv-st-{stance}", title=explain_cue(verb, stance)),
                "stance": escape(category_label(stance)),
                "attribution mode": escape(row["attribution_mode"]),
            }
        )
    columns = ["doc_id", "sentence", "speaker", "refers to", "speaks for", "side", "verb", "stance", "attribution mode"]
    frame = pd.DataFrame(rows, columns=columns)
    if sentence_number is not None:
        frame = frame.drop(columns=["doc_id"])
    return table(frame, caption, html_columns=["speaker", "refers to", "speaks for", "side", "verb", "stance", "attribution mode"])


# ---------------------------------------------------------------- pages


def teaching_page(title: str, body: str, documents: Sequence[TeachingDocument]) -> str:
    """A complete page (shared report CSS plus the teaching view's) around ``body``, in ``<div class="nv-page">``."""
    css = f"{CSS}\n{TEACH_CSS}\n{side_css(documents[0].colours)}"
    return page(title, element("div", body, class_="nv-page"), css=css, lang=documents[0].document.language or "en")


READING_NOTE = (
    "Coloured underlines mark who speaks and for which side; highlighted verbs show how the writer reports them. "
    "Hover over any mark to read what it does. The marks are a machine's reading of the text: check them, "
    "and disagree where they are wrong."
)


def teaching_view(
    item: Document | DocumentAnalysis | TeachingDocument | str,
    profile: Profile | None = None,
    model: AttributionModel | None = None,
) -> str:
    """The teaching view of one article, as a complete offline HTML page.

    Parameters
    ----------
    item
        The article (see :func:`annotate`).
    profile
        An actor profile for the speakers' sides and colours.
    model
        An attribution model (default: the shipped one).

    Returns
    -------
    str
        An HTML5 page with inline CSS, no script and no network resource.
    """
    doc = annotate(item, profile, model)
    body = doc.header_html() + element("p", escape(READING_NOTE), class_="note") + legend_html([doc]) + doc.text_html() + doc.speakers_html()
    return teaching_page(doc.document.title or doc.document.id, body, [doc])


# ---------------------------------------------------------------- notebooks


@dataclass(frozen=True)
class Shown:
    """HTML that Jupyter displays (``_repr_html_``); ``str()`` gives the HTML too."""

    html: str

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html


def show(
    item: Any,
    profile: Profile | None = None,
    model: AttributionModel | None = None,
) -> Shown:
    """Render a document, an analysis, an attribution table or a comparison for a notebook.

    Parameters
    ----------
    item
        A :class:`~narratives.corpus.Document` or a plain string (analysed
        first), a :class:`~narratives.pipeline.DocumentAnalysis`, a
        :class:`TeachingDocument` (the teaching view of the article); an
        :class:`~narratives.pipeline.Analysis` (its documents and attributions
        tables); a pandas DataFrame of attributions (speakers and verbs
        coloured); or a :class:`~narratives.compare.result.Comparison` (its
        summary and rates).
    profile
        An actor profile for sides and colours.

    Examples
    --------
    >>> show("Baku claimed that the town was shelled.").html.count('class="nv-cue')  # doctest: +SKIP
    1
    """
    from narratives.compare.result import Comparison

    style = f"<style>{TEACH_CSS}\n{side_css(side_colours(profile) if profile is not None else OTHER_SIDE_COLOURS)}</style>"
    if isinstance(item, (Document, DocumentAnalysis, TeachingDocument, str)):
        return Shown(annotate(item, profile, model).fragment())
    if isinstance(item, Analysis):
        body = table(item.documents.drop(columns=["sha256", "source_path"], errors="ignore"), "Documents")
        body += attribution_table_html(item.attributions, profile, caption="Attributions")
        return Shown(style + element("div", body, class_="nv-page"))
    if isinstance(item, pd.DataFrame):
        return Shown(style + element("div", attribution_table_html(item, profile), class_="nv-page"))
    if isinstance(item, Comparison):
        return Shown(comparison_html(item))
    raise TypeError(f"show() cannot render a {type(item).__name__}; give a Document, DocumentAnalysis, Analysis, attribution DataFrame or Comparison")


def comparison_html(result: Comparison) -> str:
    """A comparison's plain-language summary and its rates table, as HTML."""
    rates = result.rates.drop(columns=["interval"], errors="ignore")
    return element("pre", escape(result.summary())) + table(rates, "Rates per group, with intervals")


__all__ = [
    "EXPLANATIONS",
    "STANCE_COLOURS",
    "TEACH_CSS",
    "Shown",
    "TeachingDocument",
    "annotate",
    "attribution_rows",
    "attribution_table_html",
    "category_label",
    "comparison_html",
    "explain_cue",
    "explain_feature",
    "explanations",
    "legend_html",
    "show",
    "side_css",
    "teaching_page",
    "teaching_view",
]
