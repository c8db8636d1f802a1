"""The analysis pipeline: one document in, its tables out.

``Corpus`` → segmentation → attribution → sides (with a profile) →
framing → stories (frames and narratives). Each stage reads the previous stage's tables
and adds columns or rows; offsets always point into the original text.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd
from tqdm.auto import tqdm

from narratives import display, schema, windows
from narratives.attribution.extract import attribute_tables
from narratives.attribution.model import AttributionModel
from narratives.attribution.records import Attribution, attributions_to_frame
from narratives.corpus import Corpus, Document
from narratives.framing import add_framing_with_valence, merge_document_framing
from narratives.memory import release_memory
from narratives.segment import Segmentation, segment, sentences_frame
from narratives.sides import Profile, assign_sides
from narratives.stories.join import add_stories
from narratives.tokens import TokenTable

T = TypeVar("T")

__all__ = ["DocumentAnalysis", "Analysis", "analyze_document", "analyze", "batches", "iter_analyses"]

GC_THRESHOLD = 50_000
"""Allocations between collections of the youngest generation during an analysis (Python's default: 700)."""
DECODE_BATCH = 32
"""Documents the attribution model decodes together."""
BATCH_SIZE = 256
"""Documents whose tables are built together (bounds memory; amortises pandas' per-call cost)."""

DOCUMENT_COLUMNS = [column.name for column in schema.DOCUMENTS if column.stage in ("corpus", "segmentation", "attribution")]
"""The documents table's columns before framing and stories (see :data:`narratives.schema.DOCUMENTS`)."""


@dataclass
class DocumentAnalysis:
    """Everything narratives computes for one document."""

    document: Document
    segmentation: Segmentation
    attributions: list[Attribution]

    @property
    def attribution_table(self) -> pd.DataFrame:
        """One row per attribution (see :func:`~narratives.attribution.records.attributions_to_frame`)."""
        return attributions_to_frame(self.attributions, {self.document.id: self.document.text})

    @property
    def sentences(self) -> pd.DataFrame:
        """One row per sentence: doc_id, sentence, paragraph, start, end, text."""
        return self.segmentation.to_frame(self.document.id)

    def summary(self) -> dict:
        """One row for the documents table (metadata and counts, no text)."""
        return _summary(self.document, len(self.segmentation.sentence_bounds), self.segmentation.n_tokens, len(self.attributions))

    def tables(self, profile: Profile | None = None) -> Analysis:
        """This document's documents, sentences and attributions tables, as :func:`analyze` makes them.

        With a ``profile`` the attributions gain the sides; every table gains the framing columns.
        """
        return Analysis(*_batch_tables([self], profile))

    def _repr_html_(self) -> str:
        """Jupyter: the teaching view (see :mod:`narratives.display`)."""
        return display.html(self)


@dataclass
class Analysis:
    """The tables of a whole corpus."""

    documents: pd.DataFrame
    sentences: pd.DataFrame
    attributions: pd.DataFrame

    def _repr_html_(self) -> str:
        """Jupyter: the first rows of the documents and attributions tables, speakers and verbs coloured (see :mod:`narratives.display`)."""
        return display.html(self)


def analyze_document(document: Document, model: AttributionModel | None = None) -> DocumentAnalysis:
    """Run the pipeline on one document (``model``: the shipped one when None)."""
    return _analyze_documents([document], model)[0]


def _analyze_documents(documents: list[Document], model: AttributionModel | None) -> list[DocumentAnalysis]:
    segmentations = [segment(document.text) for document in documents]
    tables = [TokenTable.build(document.text, segmentation) for document, segmentation in zip(documents, segmentations)]
    found = attribute_tables(tables, [document.id for document in documents], model)
    return [DocumentAnalysis(*parts) for parts in zip(documents, segmentations, found)]


def _summary(document: Document, n_sentences: int, n_tokens: int, n_attributions: int) -> dict:
    """A documents-table row: the document's metadata and counts."""
    return {
        "doc_id": document.id,
        "sha256": document.sha256,
        "title": document.title,
        "outlet": document.outlet,
        "date": document.date,
        "url": document.url,
        "language": document.language,
        "source_path": document.source_path,
        "n_sentences": n_sentences,
        "n_tokens": n_tokens,
        "n_chars": len(document.text),
        "n_attributions": n_attributions,
    }


def iter_analyses(
    corpus: Corpus | Iterable[Document], progress: bool = False, model: AttributionModel | None = None
) -> Iterator[DocumentAnalysis]:
    """Analyse documents in order, a few at a time (bounded memory), optionally with a progress bar.

    Documents are read and attributed in groups of :data:`DECODE_BATCH` (the
    model decodes a group faster than its documents one by one); results
    are the same as :func:`analyze_document` on each.
    """
    with _fewer_collections():
        yield from _analyses(_with_progress(corpus, progress), model)


def _with_progress(corpus: Corpus | Iterable[Document], progress: bool) -> Iterable[Document]:
    total = len(corpus) if isinstance(corpus, Corpus) else None
    return tqdm(corpus, total=total, unit="doc", disable=not progress, leave=False)


def _analyses(documents: Iterable[Document], model: AttributionModel | None) -> Iterator[DocumentAnalysis]:
    for group in batches(documents, DECODE_BATCH):
        yield from _analyze_documents(group, model)


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Let the garbage collector look at young objects less often while documents are analysed.

    The pipeline makes many short-lived tuples and lists; with Python's
    default threshold (700 allocations) collections, and the full ones that
    walk the model's look-up tables, cost about 5 % of the run. The
    previous threshold is restored afterwards.
    """
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], GC_THRESHOLD), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def analyze(
    corpus: Corpus | Iterable[Document],
    progress: bool = False,
    model: AttributionModel | None = None,
    profile: Profile | None = None,
) -> Analysis:
    """Analyse a corpus and gather its tables in memory.

    With a ``profile`` (see :func:`narratives.sides.load_profile`) the
    attributions table gains the columns ``actor``, ``side``, ``side_rule``
    and ``side_confidence``. Every table gains the framing columns of
    :func:`narratives.framing.add_framing` (the cue's ``stance``, hedges,
    labels, loaded language, agentless passives, ...); the documents and
    attributions tables gain the story columns of
    :func:`narratives.stories.join.add_stories` (frame and narrative
    probabilities and labels, of each document and each statement's content).

    A document longer than :data:`narratives.windows.WINDOW_CHARACTERS`
    (a million characters) is analysed in consecutive windows cut at
    paragraph breaks, with bounded memory; what a window boundary cuts
    (coreference, statements across it) is described in :mod:`narratives.windows`.
    """
    documents, sentences, attributions = [], [], []
    for doc_tables in _tables(corpus, progress, model, profile):
        documents.append(doc_tables[0])
        sentences.append(doc_tables[1])
        attributions.append(doc_tables[2])
    if not documents:
        documents, sentences, attributions = map(list, zip(_empty_tables(profile)))
    return Analysis(
        _concat(documents),
        _concat(sentences),
        _concat(attributions),
    )


def _tables(
    corpus: Corpus | Iterable[Document], progress: bool, model: AttributionModel | None, profile: Profile | None
) -> Iterator[tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]]:
    """The tables of consecutive batches of documents; a document longer than a window alone, window by window."""
    with _fewer_collections():
        for long, group in itertools.groupby(_with_progress(corpus, progress), key=_is_long):
            if long:
                yield from (_windowed_tables(document, model, profile) for document in group)
            else:
                yield from (_batch_tables(batch, profile) for batch in batches(_analyses(group, model), BATCH_SIZE))


def _is_long(document: Document) -> bool:
    return len(document.text) > windows.WINDOW_CHARACTERS


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The frames one after the other, numbered from 0 (a single frame numbered so already as it is: no copy)."""
    if len(frames) == 1 and frames[0].index.equals(pd.RangeIndex(len(frames[0]))):
        return frames[0]
    return pd.concat(frames, ignore_index=True)


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items (the last may be shorter), read lazily."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _typed_documents(summaries: list[dict]) -> pd.DataFrame:
    # Explicit types, so that an empty corpus (everything skipped) gives the same table schema.
    frame = pd.DataFrame.from_records(summaries, columns=DOCUMENT_COLUMNS).astype(
        {"doc_id": str, "sha256": str, "n_sentences": "int64", "n_tokens": "int64", "n_chars": "int64", "n_attributions": "int64"}
    )
    return frame.assign(date=schema.parse_dates(frame["date"]))


def _batch_tables(results: list[DocumentAnalysis], profile: Profile | None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Documents, sentences and attributions tables of analysed documents, sides and framing added.

    Tables are built for a batch at once: pandas' cost per call, not per row,
    dominates for single documents.
    """
    texts = {result.document.id: result.document.text for result in results}
    documents, sentences, attributions, _ = _framed_tables(results, texts, profile)
    attributions, documents = add_stories(texts, attributions, documents)
    return documents, sentences, attributions


def _framed_tables(
    results: list[DocumentAnalysis], texts: dict[str, str], profile: Profile | None
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict[str, tuple[float, int]]]:
    """:func:`_batch_tables` before the stories, and each document's valence total."""
    sentences = sentences_frame((result.document.id, result.segmentation) for result in results)
    attributions = attributions_to_frame([a for result in results for a in result.attributions], texts)
    if profile is not None:
        attributions = assign_sides(attributions, texts, profile, sentences)
    documents = _typed_documents([result.summary() for result in results])
    n_words = {result.document.id: result.segmentation.n_words for result in results}
    attributions, sentences, documents, valences = add_framing_with_valence(texts, attributions, sentences, documents, n_words)
    return documents, sentences, attributions, valences


def _windowed_tables(document: Document, model: AttributionModel | None, profile: Profile | None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The tables of one long document, analysed window by window (see :mod:`narratives.windows`).

    Only each window's rows are kept (offsets and numbers shifted into the
    whole document); its segmentation and work tables are freed before the
    next window. The documents row is computed over the whole document.
    """
    sentence_rows, attribution_rows, parts, valences = windows.WindowRows(), windows.WindowRows(), [], []
    n_tokens = first_sentence = first_paragraph = first_number = 0
    for window in windows.window_spans(document.text):
        part, window_sentences, window_attributions, valence, window_tokens, n_paragraphs = _window_tables(document, window, model, profile)
        window_attributions = windows.shift_attributions(window_attributions, window, first_sentence, first_number)
        sentence_rows.append(windows.shift_sentences(window_sentences, window, first_sentence, first_paragraph))
        attribution_rows.append(window_attributions, offset=window.start)
        parts.append(part)
        valences.append(valence)
        n_tokens += window_tokens
        first_sentence += len(window_sentences)
        first_paragraph += n_paragraphs - (window.continues and n_paragraphs > 0)
        first_number = windows.last_number(window_attributions, first_number)
        del window_sentences, window_attributions  # not held while the next window is analysed
        release_memory()
    sentences = sentence_rows.table()
    release_memory()  # the windows' pieces of the sentences table, before the attributions' lists are made
    attributions = attribution_rows.table()
    release_memory()
    documents = _typed_documents([_summary(document, len(sentences), n_tokens, len(attributions))])
    documents = merge_document_framing(documents, _concat(parts), valences)
    _, documents = add_stories({document.id: document.text}, attributions.iloc[:0], documents)
    return documents, sentences, attributions


def _window_tables(
    document: Document, window: windows.Window, model: AttributionModel | None, profile: Profile | None
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, tuple[float, int], int, int]:
    """One window's documents row (framing only), sentences and attributions (window offsets), valence total, tokens and paragraphs."""
    piece = Document(id=document.id, text=document.text[window.start : window.end])
    result = _analyze_documents([piece], model)[0]
    texts = {piece.id: piece.text}
    part, sentences, attributions, valences = _framed_tables([result], texts, profile)
    attributions, _ = add_stories(texts, attributions, part.iloc[:0])
    return part, sentences, attributions, valences[piece.id], result.segmentation.n_tokens, len(result.segmentation.paragraph_bounds)


def _empty_tables(profile: Profile | None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The three tables with their columns and no rows."""
    sentences = segment("").to_frame().assign(doc_id=pd.Series(dtype=str))
    attributions = attributions_to_frame([], {})
    if profile is not None:
        attributions = assign_sides(attributions, {}, profile)
    attributions, sentences, documents, _ = add_framing_with_valence({}, attributions, sentences, _typed_documents([]))
    attributions, documents = add_stories({}, attributions, documents)
    return documents, sentences, attributions
