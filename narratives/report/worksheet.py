"""Student worksheets and their answer keys, generated from what the pipeline found in an article.

The worksheet prints the article with numbered sentences and asks questions
about them ("Sentence 4: who is speaking, and which side are they on?");
the answer key gives, for each question, the sentence number, the span
(offsets and words), the category and a short explanation. The question
templates are data: ``data/teaching/worksheet_questions.toml``.

Sentence numbers are 1-based and the same as the ``data-n`` numbers of the
teaching view (:meth:`~narratives.report.teaching.TeachingDocument.sentence_number`).
"""

from __future__ import annotations

import dataclasses
import functools
import tomllib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from narratives.errors import DataError
from narratives.report.html import element, escape
from narratives.report.speakers import is_anaphor, short_name, speaker_phrase
from narratives.report.teaching import (
    TeachingDocument,
    annotate,
    category_label,
    explain_cue,
    explain_feature,
    teaching_page,
)

if TYPE_CHECKING:
    from narratives.attribution.model import AttributionModel
    from narratives.corpus import Document
    from narratives.pipeline import DocumentAnalysis
    from narratives.sides import Profile

QUESTIONS_PATH = Path(str(resources.files("narratives") / "data" / "teaching" / "worksheet_questions.toml"))

FEATURE_KINDS = {
    "label": ("delegitimising", "legitimising"),
    "hedge": ("hedge", "evidential", "approximator", "conditional"),
    "booster": ("booster",),
    "scare_quote": ("scare_quote",),
    "passive": ("agentless_passive",),
    "loaded": ("loaded",),
}
"""Question kinds about framing hits, and the hit categories each asks about."""


@dataclass(frozen=True)
class Template:
    """One kind of question: its text, its answer's text, how many per article."""

    kind: str
    question: str
    answer: str
    max: int


@functools.cache
def templates() -> dict[str, Template]:
    """The question templates, by kind, in the order the file gives them.

    Raises
    ------
    DataError
        ``N275`` if the file cannot be read or a template lacks a field.
    """
    try:
        data = tomllib.loads(QUESTIONS_PATH.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise DataError("N275", f"cannot read the worksheet questions: {err}.", "Reinstall narratives or fix the file.", QUESTIONS_PATH) from err
    out = {}
    for kind, table in data.get("questions", {}).items():
        try:
            out[kind] = Template(kind, str(table["question"]), str(table["answer"]), int(table["max"]))
        except (KeyError, TypeError, ValueError) as err:
            raise DataError("N275", f"the question kind {kind!r} lacks a valid {err}.", "Give it question, answer and max.", QUESTIONS_PATH) from err
    return out


@dataclass(frozen=True)
class Question:
    """One worksheet question and its answer.

    Attributes
    ----------
    number
        The question's number on the worksheet (1-based).
    kind
        The template it comes from (``speaker``, ``verb``, ``label``...).
    sentence
        The 1-based sentence it is about (``None`` for questions about the whole article).
    question, answer
        Plain text.
    spans
        The answer's spans: ``(start, end, text)`` with ``text == document.text[start:end]``.
    category
        The stance or framing category of the answer, or the side for a speaker question.
    """

    number: int
    kind: str
    sentence: int | None
    question: str
    answer: str
    spans: tuple[tuple[int, int, str], ...]
    category: str


def _fill(template: Template, sentence: int | None, spans, key: str, **values: Any) -> Question:
    """A draft question (not numbered yet: 0) from a template; ``key`` is the answer's category, ``values`` fill the placeholders."""
    values = {"n": sentence, **values}
    return Question(0, template.kind, sentence, template.question.format(**values), template.answer.format(**values), tuple(spans), key)


def _with_spans(text: str, spans: list[tuple[int, int]]) -> tuple[tuple[int, int, str], ...]:
    return tuple((a, b, text[a:b]) for a, b in spans)


def _attribution_drafts(doc: TeachingDocument, found: dict[str, Template]) -> Iterator[Question]:
    """Speaker, verb and pronoun questions, about attributions whose speaker is a clean phrase (:func:`speaker_phrase`)."""
    text, names = doc.document.text, doc.side_names
    declared = set(doc.profile.side_ids) if doc.profile is not None else set()
    for row in doc.records():
        record = row["record"]
        source, cue = list(record.source), list(record.cue)
        speaker = speaker_phrase(text, record)
        if speaker is None:
            continue
        n = doc.sentence_number(cue[0][0])
        side, stance = row["side"], row["stance"]
        verb = " ".join(text[a:b] for a, b in cue)
        values = {"source": row["source_text"], "speaker": short_name(speaker), "speaker_in_full": speaker, "verb": verb, "actor": row["actor"] or "no listed actor", "side": names.get(side, side)}
        resolved = [record.resolved_source] if record.resolved_source else []
        if "speaker" in found and side in declared and not resolved and doc.sentence_number(source[0][0]) == n:
            yield _fill(found["speaker"], n, _with_spans(text, source), side, **values)
        if "verb" in found:
            yield _fill(found["verb"], n, _with_spans(text, cue), stance, stance=category_label(stance), explanation=explain_cue(verb, stance), **values)
        if "pronoun" in found and resolved and resolved != source and is_anaphor(" ".join(text[a:b] for a, b in source)):
            m = doc.sentence_number(resolved[0][0])
            yield _fill(found["pronoun"], doc.sentence_number(source[0][0]), _with_spans(text, resolved), side, resolved=speaker, m=m, **values)


def _hit_drafts(doc: TeachingDocument, found: dict[str, Template]) -> Iterator[Question]:
    for kind, wanted in FEATURE_KINDS.items():
        if kind not in found:
            continue
        for hit in doc.hits.itertuples(index=False):
            if hit.category in wanted:
                span = (int(hit.start), int(hit.end), str(hit.text))
                yield _fill(
                    found[kind], doc.sentence_number(span[0]), [span], str(hit.category),
                    text=span[2], category=category_label(str(hit.category)), explanation=explain_feature(span[2], str(hit.category)),
                )


def verb_list(rows: list[dict[str, Any]]) -> str:
    """The verbs of some attribution rows with their counts and stances: ``‘said’ ×3 (Neutral report), …``."""
    counts = Counter((r["cue_text"].lower(), r["stance"]) for r in rows)
    return ", ".join(f"‘{verb}’ ×{n} ({category_label(stance)})" for (verb, stance), n in counts.most_common()) or "none"


def _compare_draft(doc: TeachingDocument, found: dict[str, Template]) -> Iterator[Question]:
    if "compare_sides" not in found or doc.profile is None or len(doc.profile.sides) < 2:
        return
    a, b = doc.profile.sides[:2]
    records = doc.records()
    rows_a, rows_b = [r for r in records if r["side"] == a.id], [r for r in records if r["side"] == b.id]
    if rows_a and rows_b:
        spans = tuple((int(r["cue_start"]), int(r["cue_end"]), doc.document.text[int(r["cue_start"]) : int(r["cue_end"])]) for r in rows_a + rows_b)
        yield _fill(found["compare_sides"], None, spans, "stance", side_a=a.label, side_b=b.label, verbs_a=verb_list(rows_a), verbs_b=verb_list(rows_b))


def _choose(drafts: list[Question], limit: int) -> list[Question]:
    """At most ``limit`` drafts, one per sentence, marked categories first (a neutral 'said' last), then in text order."""
    unique: dict[int | None, Question] = {}
    for draft in drafts:
        unique.setdefault(draft.sentence, draft)
    ranked = sorted(unique.values(), key=lambda d: (d.category in ("neutral", "other"), d.sentence or 0))
    return sorted(ranked[:limit], key=lambda d: d.sentence or 0)


def questions(item: Document | DocumentAnalysis | TeachingDocument | str, profile: Profile | None = None, model: AttributionModel | None = None) -> list[Question]:
    """The worksheet's questions about one article, numbered, in the order of the sentences they ask about.

    Each kind of question in ``data/teaching/worksheet_questions.toml`` is
    asked about at most ``max`` sentences (one question per sentence and
    kind; marked verbs and labels before plain ones); the question comparing
    the two sides' verbs comes last.
    """
    doc = annotate(item, profile, model)
    found = templates()
    drafts: dict[str, list[Question]] = {kind: [] for kind in found}
    for draft in [*_attribution_drafts(doc, found), *_hit_drafts(doc, found), *_compare_draft(doc, found)]:
        drafts[draft.kind].append(draft)
    order = list(found)
    chosen = [d for kind in order for d in _choose(drafts[kind], found[kind].max)]
    chosen.sort(key=lambda d: (d.sentence is None, d.sentence or 0, order.index(d.kind)))
    return [dataclasses.replace(d, number=i) for i, d in enumerate(chosen, 1)]


def questions_frame(items: list[Question]) -> pd.DataFrame:
    """The questions as a table: number, kind, sentence, question, answer, spans (``start-end``), text, category."""
    rows = [
        {
            "number": q.number,
            "kind": q.kind,
            "sentence": q.sentence,
            "question": q.question,
            "answer": q.answer,
            "spans": "; ".join(f"{a}-{b}" for a, b, _ in q.spans),
            "text": " | ".join(t for _, _, t in q.spans),
            "category": q.category,
        }
        for q in items
    ]
    return pd.DataFrame(rows, columns=["number", "kind", "sentence", "question", "answer", "spans", "text", "category"]).astype({"sentence": "Int64"})


def numbered_text(doc: TeachingDocument) -> str:
    """The article with each sentence's number before it (``<sup class="nv-num">``), text escaped."""
    text, parts, last = doc.document.text, [], 0
    for number, (start, end) in enumerate(zip(doc.sentences["start"], doc.sentences["end"]), 1):
        parts.append(escape(text[last:start]))
        parts.append(element("sup", str(number), class_="nv-num") + element("span", escape(text[start:end]), id=f"s{number}", data_n=str(number)))
        last = end
    parts.append(escape(text[last:]))
    return element("div", "".join(parts), class_="nv-text nv-numbered")


INSTRUCTIONS = (
    "Read the article. The small numbers mark its sentences. Answer each question in a few words, "
    "quoting the words of the text that support your answer."
)


def worksheet(item: Document | DocumentAnalysis | TeachingDocument | str, profile: Profile | None = None, model: AttributionModel | None = None) -> str:
    """The student worksheet of one article: numbered sentences and questions, as an offline HTML page."""
    doc = annotate(item, profile, model)
    items = "".join(
        element("li", escape(q.question) + element("div", "", class_="nv-answer-line"), data_sentence=q.sentence, data_kind=q.kind)
        for q in questions(doc)
    )
    body = (
        element("h1", "Worksheet: " + escape(doc.document.title or doc.document.id))
        + element("p", " · ".join(escape(v) for v in (doc.document.outlet, doc.document.date) if v), class_="nv-meta")
        + element("p", escape(INSTRUCTIONS), class_="note")
        + numbered_text(doc)
        + element("h2", "Questions")
        + element("ol", items, class_="nv-questions")
    )
    return teaching_page(f"Worksheet: {doc.document.title or doc.document.id}", body, [doc])


def _category_name(doc: TeachingDocument, category: str) -> str:
    """The legend name of a question's category: a side's label, a stance's or a framing category's."""
    if category in doc.side_names:
        return doc.side_names[category]
    try:
        return category_label(category)
    except KeyError:
        return category


def answer_key(item: Document | DocumentAnalysis | TeachingDocument | str, profile: Profile | None = None, model: AttributionModel | None = None) -> str:
    """The answer key of :func:`worksheet`: per question the sentence, the answer, its spans and category, then the teaching view."""
    doc = annotate(item, profile, model)
    rows = []
    for q in questions(doc):
        spans = "; ".join(f"{a}–{b} ‘{t}’" for a, b, t in q.spans)
        cells = [str(q.number), "" if q.sentence is None else str(q.sentence), escape(q.question), escape(q.answer), escape(spans), escape(_category_name(doc, q.category))]
        rows.append(element("tr", "".join(element("td", c) for c in cells), data_sentence=q.sentence, data_kind=q.kind))
    head = element("tr", "".join(element("th", h, scope="col") for h in ("#", "sentence", "question", "answer", "spans (offsets, words)", "category")))
    key = element("div", element("table", element("caption", "Answers") + element("thead", head) + element("tbody", "".join(rows))), class_="table-wrap")
    note = (
        "The answers are what narratives found: a machine's reading. Check them against the text; "
        "a good student answer may find more, or disagree with a category."
    )
    body = (
        element("h1", "Answer key: " + escape(doc.document.title or doc.document.id))
        + element("p", escape(note), class_="caveat")
        + key
        + element("h2", "The article, marked up")
        + doc.text_html()
    )
    return teaching_page(f"Answer key: {doc.document.title or doc.document.id}", body, [doc])


__all__ = ["FEATURE_KINDS", "Question", "Template", "answer_key", "numbered_text", "questions", "questions_frame", "templates", "verb_list", "worksheet"]
