"""The pages of a lesson: two articles side by side, and a folder of teaching pages.

:func:`side_by_side` puts two outlets' articles about one event in two
columns, after a short table of how each reports each side;
:func:`write_teaching` writes a corpus's teaching views, worksheets, answer
keys (in their own folder) and side-by-side pages (what ``narratives teach``
does).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pandas as pd

from narratives.corpus import Corpus, Document
from narratives.errors import InputError
from narratives.output import OutputNames, output_lock
from narratives.pipeline import DocumentAnalysis
from narratives.report.html import element, escape, page, table
from narratives.report.teaching import (
    READING_NOTE,
    TeachingDocument,
    annotate,
    legend_html,
    teaching_page,
    teaching_view,
)
from narratives.report.worksheet import answer_key, verb_list, worksheet

if TYPE_CHECKING:
    from narratives.attribution.model import AttributionModel
    from narratives.sides import Profile


def reporting_table(documents: Sequence[TeachingDocument]) -> str:
    """How each outlet reports each side: per article, each side's statements and the verbs that introduce them.

    Empty without an actor profile (sides are unknown then).
    """
    profile = documents[0].profile
    if profile is None:
        return ""
    rows = []
    for doc in documents:
        records = doc.records()
        row = {"outlet": doc.document.outlet or doc.document.id}
        for side in profile.sides:
            mine = [r for r in records if r["side"] == side.id]
            row[side.label] = f"{len(mine)} statement{'' if len(mine) == 1 else 's'}: {verb_list(mine)}" if mine else "no statement"
        rows.append(row)
    columns = ["outlet", *(side.label for side in profile.sides)]
    return table(pd.DataFrame(rows, columns=columns), "How each outlet reports each side: statements and the verbs that introduce them")


def side_by_side(
    first: Document | DocumentAnalysis | TeachingDocument,
    second: Document | DocumentAnalysis | TeachingDocument,
    profile: Profile | None = None,
    model: AttributionModel | None = None,
) -> str:
    """Two articles' teaching views in two columns of one page, with one legend.

    Meant for two outlets' coverage of the same event: the same marks, side
    by side, show how each outlet reports each side. The page opens with a
    short table of that (:func:`reporting_table`).
    """
    docs = [annotate(first, profile, model), annotate(second, profile, model)]
    columns = "".join(
        element("section", doc.header_html("h2") + doc.text_html(anchor=f"{tag}-") + doc.speakers_html())
        for tag, doc in zip("ab", docs)
    )
    event = docs[0].document.extra.get("event")
    title = "Side by side: " + " / ".join(d.document.outlet or d.document.id for d in docs) + (f" ({event})" if event else "")
    body = (
        element("h1", escape(title))
        + reporting_table(docs)
        + element("p", escape(READING_NOTE), class_="note")
        + legend_html(docs)
        + element("div", columns, class_="nv-columns")
    )
    return teaching_page(title, body, docs)


PAGE_SUFFIXES = (("teaching view", ".html"), ("worksheet", ".worksheet.html"))
"""Each document's pages for students: their names in the index and the suffixes of their files."""

ANSWERS = "answers"
"""The folder (inside the output folder) of the answer keys, which the students' index does not link."""

ANSWER_SUFFIX = ".answers.html"


def event_pairs(documents: Sequence[Document], event: str | None = None) -> list[tuple[Document, Document]]:
    """Every pair of documents that share an ``event`` metadata value (only that event's, if given), in corpus order.

    Raises
    ------
    InputError
        ``N141`` if ``event`` is given and no document has it.
    """
    groups: dict[str, list[Document]] = {}
    for doc in documents:
        value = doc.extra.get("event")
        if value is not None and str(value).strip():
            groups.setdefault(str(value), []).append(doc)
    if event is not None:
        if event not in groups:
            known = ", ".join(sorted(groups)) or "none (no document has an `event` metadata column)"
            raise InputError("N141", f"no document belongs to the event {event!r}; events in the corpus: {known}.", "Give one of these events to --event.")
        groups = {event: groups[event]}
    return [pair for docs in groups.values() for pair in itertools.combinations(docs, 2)]


def _find(documents: Sequence[Document], doc_id: str) -> Document:
    for doc in documents:
        if doc.id == doc_id:
            return doc
    shown = ", ".join(d.id for d in documents[:5]) + (f" and {len(documents) - 5} more" if len(documents) > 5 else "")
    raise InputError("N140", f"no document has the id {doc_id!r} (given to --pair); ids in the corpus: {shown}.", "Use ids as in documents.csv of `narratives analyze` (the file name without .txt).")


def write_teaching(
    corpus: Corpus | Iterable[Document],
    out_dir: str | Path,
    profile: Profile | None = None,
    *,
    pair: tuple[str, str] | None = None,
    event: str | None = None,
    model: AttributionModel | None = None,
) -> list[Path]:
    """Write the teaching pages of a corpus into a folder, with an ``index.html`` linking them.

    For each document: ``<doc_id>.html`` (the teaching view),
    ``<doc_id>.worksheet.html`` and, for the teacher,
    ``answers/<doc_id>.answers.html`` (see :mod:`narratives.report.worksheet`):
    the students' ``index.html`` does not link the ``answers`` folder, which
    has its own ``answers/index.html``. For each pair of documents about the
    same event (metadata column ``event``): ``<a>__vs__<b>.html``, the two side
    by side. Ids are written as :func:`narratives.output.file_stem` encodes
    them (``a/b`` as ``a%2Fb``; Unicode letters kept), so every document has
    its own pages, all inside ``out_dir``.

    Parameters
    ----------
    corpus
        The documents (read once, kept in memory: meant for classroom-sized corpora).
    out_dir
        The folder (created if needed).
    profile
        An actor profile for sides and colours.
    pair
        Two document ids: only these two documents and their side-by-side page.
    event
        An event: only its documents and their side-by-side pages.
    model
        An attribution model (default: the shipped one).

    Returns
    -------
    list of Path
        The files written, the two ``index.html`` last.

    Raises
    ------
    InputError
        ``N140`` for an unknown document id in ``pair``, ``N141`` for an unknown event,
        ``N126`` if two documents would share a page (ids differing only in case); nothing is written then.
    """
    if pair is not None and event is not None:
        raise ValueError("give either pair or event, not both")
    documents = list(corpus)
    if pair is not None:
        pairs = [(_find(documents, pair[0]), _find(documents, pair[1]))]
        documents = list(pairs[0])
    else:
        pairs = event_pairs(documents, event)
        if event is not None:
            chosen = {d.id for p in pairs for d in p} | {d.id for d in documents if d.extra.get("event") == event}
            documents = [d for d in documents if d.id in chosen]
    out = Path(out_dir)
    names = OutputNames(out)  # every name is checked before anything is written
    answer_names = OutputNames(out / ANSWERS)
    renderers = (teaching_view, worksheet)
    pages = {
        doc.id: [
            *((names.path(doc.id, suffix), render) for (_, suffix), render in zip(PAGE_SUFFIXES, renderers)),
            (answer_names.path(doc.id, ANSWER_SUFFIX), answer_key),
        ]
        for doc in documents
    }
    pair_paths = [names.joined((a.id, b.id), "__vs__", ".html") for a, b in pairs]
    out.mkdir(parents=True, exist_ok=True)
    with output_lock(out):
        (out / ANSWERS).mkdir(exist_ok=True)  # inside the lock: a refused run leaves nothing
        return _write_pages(out, documents, pages, pairs, pair_paths, profile, model)


def _write_pages(
    out: Path,
    documents: Sequence[Document],
    pages: Mapping[str, Sequence[tuple[Path, Any]]],
    pairs: Sequence[tuple[Document, Document]],
    pair_paths: Sequence[Path],
    profile: Profile | None,
    model: AttributionModel | None,
) -> list[Path]:
    """Write the pages named by :func:`write_teaching` (the folder exists and is locked)."""
    written: list[Path] = []
    annotated: dict[str, TeachingDocument] = {}
    for doc in documents:
        teaching = annotate(doc, profile, model)
        annotated[doc.id] = teaching
        for path, render in pages[doc.id]:
            path.write_text(render(teaching), encoding="utf-8")
            written.append(path)
    pair_pages = []
    for (a, b), path in zip(pairs, pair_paths):
        path.write_text(side_by_side(annotated[a.id], annotated[b.id]), encoding="utf-8")
        written.append(path)
        pair_pages.append((a, b, path.name))
    index, answers = out / "index.html", out / ANSWERS / "index.html"
    index.write_text(_index(documents, pages, pair_pages, profile), encoding="utf-8")
    answers.write_text(_answers_index(documents, pages), encoding="utf-8")
    return [*written, index, answers]


def _index(
    documents: Sequence[Document],
    pages: Mapping[str, Sequence[tuple[Path, Any]]],
    pairs: Sequence[tuple[Document, Document, str]],
    profile: Profile | None,
) -> str:
    rows = []
    for doc in documents:
        links = " ".join(
            element("a", name, href=quote(path.name)) for (name, _), (path, _) in zip(PAGE_SUFFIXES, pages[doc.id])  # not the answer key
        )
        rows.append({"title": escape(doc.title or doc.id), "outlet": escape(doc.outlet), "date": escape(doc.date), "event": escape(doc.extra.get("event")), "pages": links})
    body = element("h1", "Teaching pages") + element(
        "p",
        escape("Each article marked up for class: who speaks, for which side, and how the writer reports them"
               + (f" (profile: {profile.title})." if profile is not None else " (no actor profile given: sides are unknown).")),
        class_="subtitle",
    )
    body += table(pd.DataFrame(rows, columns=["title", "outlet", "date", "event", "pages"]), "Articles", html_columns=["title", "outlet", "date", "event", "pages"])
    if pairs:
        items = "".join(
            element("li", element("a", escape(f"{a.outlet or a.id} / {b.outlet or b.id}"), href=quote(name)) + escape(f" — {a.extra.get('event', '')}"))
            for a, b, name in pairs
        )
        body += element("h2", "The same event, side by side") + element("ul", items)
    return page("Teaching pages", body)


def _answers_index(documents: Sequence[Document], pages: Mapping[str, Sequence[tuple[Path, Any]]]) -> str:
    """The teacher's index of the answer keys (``answers/index.html``)."""
    rows = [
        {"title": escape(doc.title or doc.id), "outlet": escape(doc.outlet), "answer key": element("a", "answer key", href=quote(pages[doc.id][-1][0].name))}
        for doc in documents
    ]
    body = element("h1", "Answer keys") + element(
        "p", escape("For the teacher: the students' index does not link this folder. Copy the rest of the folder to students without it."), class_="subtitle"
    )
    body += table(pd.DataFrame(rows, columns=["title", "outlet", "answer key"]), "Answer keys", html_columns=["title", "outlet", "answer key"])
    return page("Answer keys", body)


__all__ = ["ANSWERS", "ANSWER_SUFFIX", "PAGE_SUFFIXES", "event_pairs", "reporting_table", "side_by_side", "write_teaching"]
