"""The analysis pipeline: one document in, its tables out.

``Corpus`` → segmentation → attribution → sides (with a profile) →
framing → stories (frames and narratives). Each stage reads the previous stage's tables
and adds columns or rows; offsets always point into the original text.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd
from tqdm.auto import tqdm

from narratives import display, schema
from narratives.attribution.extract import attribute_tables
from narratives.attribution.model import AttributionModel
from narratives.attribution.records import Attribution, attributions_to_frame
from narratives.corpus import Corpus, Document
from narratives.framing import add_framing
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
        doc = self.document
        return {
            "doc_id": doc.id,
            "sha256": doc.sha256,
            "title": doc.title,
            "outlet": doc.outlet,
            "date": doc.date,
            "url": doc.url,
            "language": doc.language,
            "source_path": doc.source_path,
            "n_sentences": len(self.segmentation.sentence_bounds),
            "n_tokens": self.segmentation.n_tokens,
            "n_chars": len(doc.text),
            "n_attributions": len(self.attributions),
        }

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


def iter_analyses(
    corpus: Corpus | Iterable[Document], progress: bool = False, model: AttributionModel | None = None
) -> Iterator[DocumentAnalysis]:
    """Analyse documents in order, a few at a time (bounded memory), optionally with a progress bar.

    Documents are read and attributed in groups of :data:`DECODE_BATCH` (the
    model decodes a group faster than its documents one by one); results
    are the same as :func:`analyze_document` on each.
    """
    total = len(corpus) if isinstance(corpus, Corpus) else None
    documents = tqdm(corpus, total=total, unit="doc", disable=not progress, leave=False)
    with _fewer_collections():
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
    """
    documents, sentences, attributions = [], [], []
    for batch in batches(iter_analyses(corpus, progress, model), BATCH_SIZE):
        doc_tables = _batch_tables(batch, profile)
        documents.append(doc_tables[0])
        sentences.append(doc_tables[1])
        attributions.append(doc_tables[2])
    if not documents:
        documents, sentences, attributions = map(list, zip(_empty_tables(profile)))
    return Analysis(
        pd.concat(documents, ignore_index=True),
        pd.concat(sentences, ignore_index=True),
        pd.concat(attributions, ignore_index=True),
    )


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
    sentences = sentences_frame((result.document.id, result.segmentation) for result in results)
    attributions = attributions_to_frame([a for result in results for a in result.attributions], texts)
    if profile is not None:
        attributions = assign_sides(attributions, texts, profile, sentences)
    documents = _typed_documents([result.summary() for result in results])
    n_words = {result.document.id: result.segmentation.n_words for result in results}
    attributions, sentences, documents = add_framing(texts, attributions, sentences, documents, n_words)
    attributions, documents = add_stories(texts, attributions, documents)
    return documents, sentences, attributions


def _empty_tables(profile: Profile | None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The three tables with their columns and no rows."""
    sentences = segment("").to_frame().assign(doc_id=pd.Series(dtype=str))
    attributions = attributions_to_frame([], {})
    if profile is not None:
        attributions = assign_sides(attributions, {}, profile)
    attributions, sentences, documents = add_framing({}, attributions, sentences, _typed_documents([]))
    attributions, documents = add_stories({}, attributions, documents)
    return documents, sentences, attributions
