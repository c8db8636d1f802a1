"""Framing scores per attribution, per sentence and per document, as pandas tables.

The functions take the tables the pipeline already makes (attributions as
in :func:`narratives.attribution.records.attributions_to_frame`; sentences
as in :meth:`narratives.segment.Segmentation.to_frame`; documents with a
``doc_id`` column) plus each document's text, and return copies with
framing columns added. :func:`add_framing` does all three from one pass of
the detectors per document; :func:`framing_hits` gives every hit, so a
reader can see why a count is what it is.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from narratives import schema
from narratives.errors import DataError
from narratives.framing.detect import (
    DETECTORS,
    Hit,
    detect,
    emotive_hits,
    feature_categories,
    hits_to_frame,
    vader_words,
)
from narratives.framing.learned import UNCERTAINTY_CATEGORIES, shipped_models, uncertainty_features
from narratives.framing.lexicon import OTHER_STANCE, STANCES, stance_of
from narratives.segment import token_spans
from narratives.span import Offsets
from narratives.words import count_word_spans

SOURCE_CATEGORIES = ("delegitimising", "legitimising", "loaded", "emotive", "scare_quote")
"""Categories counted in the description of an attribution's source."""


def _envelope(row: Mapping, name: str) -> list[Offsets]:
    start, end = row.get(f"{name}_start"), row.get(f"{name}_end")
    if start is None or end is None or pd.isna(start) or pd.isna(end):
        return []
    return [(int(start), int(end))]


def _content(row: Mapping) -> list[Offsets]:
    return schema.spans(row.get("content_spans"))


def _source(row: Mapping) -> list[Offsets]:
    """The source as written plus its resolved antecedent ("It" -> "the self-proclaimed ...")."""
    spans = schema.spans(row.get("source_spans")) if "source_spans" in row else []
    spans = spans or _envelope(row, "source")
    return spans + [s for s in _envelope(row, "resolved") if s not in spans]


@dataclass
class _DocHits:
    """The hits of one document, sorted by start, for span look-ups."""

    hits: list[Hit]
    starts: list[int]
    valences: list[tuple[int, int, float]]

    def __post_init__(self) -> None:
        self.valences.sort()
        self.valence_starts = [start for start, _, _ in self.valences]

    @classmethod
    def build(cls, text: str, content_spans: list[Offsets]) -> _DocHits:
        # Every VADER word once: all of them give valences, the strong ones are emotive hits.
        words = vader_words(text)
        hits = detect(text, content_spans=content_spans, detectors=[d for d in DETECTORS if d != "emotive"])
        hits += emotive_hits(words)
        hits.sort(key=lambda h: (h.start, h.end, h.category))
        return cls(hits, [h.start for h in hits], [(s, e, v) for s, e, _, v in words])

    def inside(self, spans: list[Offsets]) -> list[Hit]:
        out: list[Hit] = []
        seen: set[int] = set()
        for a, b in spans:
            i = bisect.bisect_left(self.starts, a)
            while i < len(self.hits) and self.hits[i].start < b:
                if self.hits[i].end <= b and i not in seen:
                    seen.add(i)
                    out.append(self.hits[i])
                i += 1
        return out

    def valence(self, spans: list[Offsets]) -> float:
        return _mean_valence(*self.valence_total(spans))

    def valence_total(self, spans: list[Offsets]) -> tuple[float, int]:
        """The sum of the valences of the VADER words inside ``spans``, and their number."""
        values = []
        for a, b in spans:
            i = bisect.bisect_left(self.valence_starts, a)
            while i < len(self.valences) and self.valences[i][0] < b:
                if self.valences[i][1] <= b:
                    values.append(self.valences[i][2])
                i += 1
        return sum(values), len(values)

    def text_valence_total(self) -> tuple[float, int]:
        """:meth:`valence_total` of the whole text (every VADER word), without the span look-up."""
        return sum(value for _, _, value in self.valences), len(self.valences)


def _mean_valence(total: float, words: int) -> float:
    return round(total / words, 4) if words else 0.0


def _doc_hits(texts: Mapping[str, str], attributions: pd.DataFrame | None) -> dict[str, _DocHits]:
    contents: dict[str, list[Offsets]] = {}
    if attributions is not None and len(attributions):
        for row in attributions[["doc_id", "content_spans"]].to_dict("records"):
            contents.setdefault(str(row["doc_id"]), []).extend(_content(row))
    return {doc_id: _DocHits.build(text, contents.get(doc_id, [])) for doc_id, text in texts.items()}


def check_texts(ids, texts: Mapping[str, str]) -> None:
    """Raise ``N242`` naming the documents among ``ids`` that have no text in ``texts``."""
    missing = sorted({str(i) for i in ids} - set(texts))
    if missing:
        raise DataError("N242", f"No text for {len(missing)} document(s): {', '.join(missing[:5])}.", "Pass every document's text in `texts`, keyed by doc_id.")


def _counts(hits: list[Hit], prefix: str, names) -> dict[str, int]:
    row = {f"{prefix}{name}": 0 for name in names}
    for hit in hits:
        key = f"{prefix}{hit.category}"
        if key in row:
            row[key] += 1
    return row


_ATTRIBUTION_INPUTS = (
    "doc_id",
    "cue_text",
    "cue_lemma",
    "content_spans",
    "source_spans",
    "source_start",
    "source_end",
    "resolved_start",
    "resolved_end",
)
"""The attribution columns :func:`score_attributions` reads."""


def cue_stance(row: Mapping) -> str:
    """The stance of an attribution row: of its ``cue_text``, else of its ``cue_lemma``."""
    text, lemma = row.get("cue_text"), row.get("cue_lemma")
    stance = stance_of(text if isinstance(text, str) else None)
    if stance == OTHER_STANCE and isinstance(lemma, str):
        stance = stance_of(lemma)
    return stance


def feature_columns() -> list[str]:
    """The count columns of :func:`score_attributions`: each framing category in the content, then in the source."""
    return [*(f"content_{c}" for c in feature_categories()), *(f"source_{c}" for c in SOURCE_CATEGORIES)]


def attribution_columns() -> list[str]:
    """The columns :func:`score_attributions` adds, in order."""
    cats = feature_categories()
    return ["stance", *(f"content_{c}" for c in cats), "content_valence", *(f"source_{c}" for c in SOURCE_CATEGORIES), "source_labels", "framing_hits"]


def score_attributions(attributions: pd.DataFrame, texts: Mapping[str, str], _hits: dict[str, _DocHits] | None = None) -> pd.DataFrame:
    """The attribution table with the cue's stance and framing features of its content and source.

    Added columns (see :func:`attribution_columns`):

    * ``stance``: the cue's category (:func:`~narratives.framing.lexicon.stance_of`
      of ``cue_text``, else of ``cue_lemma``; ``"other"`` when neither is known);
    * ``content_<category>``: hits of each feature category inside the content;
    * ``content_valence``: mean VADER valence of the content's words found in VADER;
    * ``source_<category>``: labels, loaded and emotive words, scare quotes in
      the source as written and in its resolved antecedent (so "It" resolved
      to "the self-proclaimed republic's Foreign Ministry" carries the label);
    * ``source_labels``: the label entries found there, joined by ``"; "``;
    * ``framing_hits``: a list of ``{"start", "end", "category", "entry"}``
      records, the content and source hits, offsets into the document's text
      (a list column, see :mod:`narratives.schema`).
    """
    frame = attributions.copy()
    check_texts(frame["doc_id"].unique() if len(frame) else [], texts)
    doc_hits = _hits if _hits is not None else _doc_hits({d: texts[d] for d in map(str, frame["doc_id"].unique())}, frame)
    cats = feature_categories()
    rows = []
    read = [c for c in _ATTRIBUTION_INPUTS if c in frame.columns]
    for row in frame[read].to_dict("records"):
        index = doc_hits[str(row["doc_id"])]
        stance = cue_stance(row)
        content, source = _content(row), _source(row)
        content_hits, source_hits = index.inside(content), index.inside(source)
        source_labels = [h for h in source_hits if h.category in ("delegitimising", "legitimising")]
        rows.append(
            {
                "stance": stance,
                **_counts(content_hits, "content_", cats),
                "content_valence": index.valence(content),
                **_counts(source_hits, "source_", SOURCE_CATEGORIES),
                "source_labels": "; ".join(dict.fromkeys(f"{h.category}:{h.entry}" for h in source_labels)),
                "framing_hits": schema.hit_records(sorted({*content_hits, *source_hits}, key=lambda h: (h.start, h.end, h.category))),
            }
        )
    added = pd.DataFrame(rows, columns=attribution_columns(), index=frame.index)
    added = added.astype(dict.fromkeys(feature_columns(), "int64"))
    added = added.astype({"content_valence": "float64", "stance": "object", "source_labels": "object", "framing_hits": "object"})
    return pd.concat([frame, added], axis=1)


def _cues_by_doc(attributions: pd.DataFrame | None) -> dict[str, list[tuple[int, str]]]:
    """Each document's ``(cue_start, stance)`` pairs, sorted, from a table with a ``stance`` column."""
    cues: dict[str, list[tuple[int, str]]] = {}
    if attributions is None or not len(attributions):
        return cues
    for doc, start, stance in zip(attributions["doc_id"].astype(str), attributions["cue_start"], attributions["stance"]):
        cues.setdefault(doc, []).append((int(start), stance))
    for pairs in cues.values():
        pairs.sort()
    return cues


def _stance_counts(cues: list[tuple[int, str]], span: Offsets | None) -> dict[str, int]:
    """Counts per stance of the cues starting inside ``span`` (all of them when None)."""
    row = {f"stance_{s}": 0 for s in (*STANCES, OTHER_STANCE)}
    if span is not None:
        cues = cues[bisect.bisect_left(cues, (span[0], "")) : bisect.bisect_left(cues, (span[1], ""))]
    for _, stance in cues:
        row[f"stance_{stance}"] += 1
    return row


def _uncertain(text: str, hits: list[Hit]) -> bool:
    model = shipped_models().get("uncertainty")
    candidates = [h for h in hits if h.category in UNCERTAINTY_CATEGORIES]
    if model is None:
        return bool(candidates)
    return any(model.probability(uncertainty_features(text, h)) >= model.threshold for h in candidates)


def sentence_columns() -> list[str]:
    """The columns :func:`score_sentences` adds, in order."""
    return [*feature_categories(), "valence", "uncertain", *(f"stance_{s}" for s in (*STANCES, OTHER_STANCE))]


def score_sentences(
    sentences: pd.DataFrame,
    texts: Mapping[str, str],
    attributions: pd.DataFrame | None = None,
    _hits: dict[str, _DocHits] | None = None,
) -> pd.DataFrame:
    """The sentence table (doc_id, start, end, ...) with framing counts per sentence.

    Added: one count column per feature category, ``valence`` (mean VADER
    valence of the sentence's words found in VADER), ``uncertain`` (the
    shipped uncertainty model keeps one of its hedges), and
    ``stance_<category>``: attributions whose cue starts in the sentence.
    `attributions` may be the plain attribution table (its stance is then
    computed) or one from :func:`score_attributions`.
    """
    frame = sentences.copy()
    check_texts(frame["doc_id"].unique() if len(frame) else [], texts)
    if attributions is not None and "stance" not in attributions.columns:
        attributions = attributions.assign(stance=[cue_stance(row) for row in attributions.to_dict("records")])
    ids = list(map(str, frame["doc_id"].unique())) if len(frame) else []
    doc_hits = _hits if _hits is not None else _doc_hits({d: texts[d] for d in ids}, attributions)
    cues = _cues_by_doc(attributions)
    cats = feature_categories()
    rows = []
    for doc_id, start, end in zip(frame["doc_id"].astype(str), frame["start"], frame["end"]):
        index, span = doc_hits[doc_id], (int(start), int(end))
        inside = index.inside([span])
        rows.append(
            {
                **_counts(inside, "", cats),
                "valence": index.valence([span]),
                "uncertain": _uncertain(texts[doc_id], inside),
                **_stance_counts(cues.get(doc_id, []), span),
            }
        )
    added = pd.DataFrame(rows, columns=sentence_columns(), index=frame.index)
    added = added.astype({c: "int64" for c in added.columns if c not in ("valence", "uncertain")}).astype({"valence": "float64", "uncertain": "bool"})
    return pd.concat([frame, added], axis=1)


def document_columns() -> list[str]:
    """The columns :func:`score_documents` adds, in order."""
    cats = feature_categories()
    return [*cats, *(f"{c}_per_1k_words" for c in cats), "valence", "n_words", *(f"stance_{s}" for s in (*STANCES, OTHER_STANCE))]


def score_documents(
    documents: pd.DataFrame,
    texts: Mapping[str, str],
    attributions: pd.DataFrame | None = None,
    _hits: dict[str, _DocHits] | None = None,
    n_words: Mapping[str, int] | None = None,
) -> pd.DataFrame:
    """The documents table (``doc_id`` column) with framing counts and rates per document.

    Added: one count column per feature category, the same per 1,000 words
    (``<category>_per_1k_words``), ``valence``, ``n_words`` and
    ``stance_<category>`` counts of the document's attributions. Words are
    tokens holding a letter or digit; pass ``n_words`` (by ``doc_id``, e.g.
    :attr:`narratives.segment.Segmentation.n_words`) when they are already
    counted.
    """
    frame = documents.copy()
    check_texts(frame["doc_id"].unique() if len(frame) else [], texts)
    if attributions is not None and "stance" not in attributions.columns:
        attributions = score_attributions(attributions, texts)
    ids = list(map(str, frame["doc_id"].unique())) if len(frame) else []
    doc_hits = _hits if _hits is not None else _doc_hits({d: texts[d] for d in ids}, attributions)
    cues = _cues_by_doc(attributions)
    cats = feature_categories()
    rows = []
    for doc_id in frame["doc_id"].astype(str):
        index, text = doc_hits[doc_id], texts[doc_id]
        counts = _counts(index.hits, "", cats)
        words = n_words[doc_id] if n_words is not None else _count_words(text)
        rows.append({**counts, **_rates(counts, words), "valence": _mean_valence(*index.text_valence_total()), "n_words": words, **_stance_counts(cues.get(doc_id, []), None)})
    return _with_document_columns(frame, rows)


def _count_words(text: str) -> int:
    """Tokens of ``text`` holding a letter or digit (:func:`narratives.words.count_word_spans`)."""
    spans = np.array(token_spans(text), dtype=np.int64).reshape(-1, 2)
    return count_word_spans(text, spans[:, 0], spans[:, 1])


def _rates(counts: Mapping[str, int], words: int) -> dict[str, float]:
    return {f"{c}_per_1k_words": round(1000 * counts[c] / words, 3) if words else 0.0 for c in feature_categories()}


def _with_document_columns(frame: pd.DataFrame, rows: list[dict]) -> pd.DataFrame:
    """``frame`` and the columns of :func:`document_columns` (one row of values per row of ``frame``), typed."""
    added = pd.DataFrame(rows, columns=document_columns(), index=frame.index)
    rates = {f"{c}_per_1k_words" for c in feature_categories()} | {"valence"}
    added = added.astype({c: ("float64" if c in rates else "int64") for c in added.columns})
    return pd.concat([frame, added], axis=1)


def merge_document_framing(documents: pd.DataFrame, parts: pd.DataFrame, valences: list[tuple[float, int]]) -> pd.DataFrame:
    """The documents table ``documents`` (one row) with the framing columns of a document analysed in parts.

    ``parts`` holds the framing columns of each part (each a row of
    :func:`score_documents`), ``valences`` each part's valence total (see
    :func:`add_framing_with_valence`). Counts and words are summed; the
    rates and the valence are worked out from the sums, as
    :func:`score_documents` does over one text.
    """
    cats = feature_categories()
    summed = [*cats, "n_words", *(f"stance_{s}" for s in (*STANCES, OTHER_STANCE))]
    totals = {column: int(parts[column].sum()) for column in summed}
    valence = _mean_valence(sum(total for total, _ in valences), sum(words for _, words in valences))
    return _with_document_columns(documents, [{**totals, **_rates(totals, totals["n_words"]), "valence": valence}])


def add_framing(
    texts: Mapping[str, str],
    attributions: pd.DataFrame,
    sentences: pd.DataFrame | None = None,
    documents: pd.DataFrame | None = None,
    n_words: Mapping[str, int] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame | None, pd.DataFrame | None]:
    """Add the framing columns to the attribution, sentence and document tables at once.

    The detectors run once per document. This is the function the pipeline
    calls: ``attributions, sentences, documents = add_framing(texts,
    attributions, sentences, documents)``. ``n_words``: each document's
    word count, if known (see :func:`score_documents`).

    Returns
    -------
    (attributions, sentences, documents)
        Copies with the columns of :func:`score_attributions`,
        :func:`score_sentences` and :func:`score_documents` (``None`` for a
        table not given).
    """
    return add_framing_with_valence(texts, attributions, sentences, documents, n_words)[:3]


def add_framing_with_valence(
    texts: Mapping[str, str],
    attributions: pd.DataFrame,
    sentences: pd.DataFrame | None = None,
    documents: pd.DataFrame | None = None,
    n_words: Mapping[str, int] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame | None, pd.DataFrame | None, dict[str, tuple[float, int]]]:
    """:func:`add_framing`, and each document's valence total: the sum of its VADER words' valences and their number.

    The totals let the parts of a long document analysed in windows be
    merged into its documents row (:func:`merge_document_framing`).
    """
    ids = set(map(str, attributions["doc_id"].unique())) if len(attributions) else set()
    for table in (sentences, documents):
        if table is not None and len(table):
            ids |= set(map(str, table["doc_id"].unique()))
    check_texts(ids, texts)
    doc_hits = _doc_hits({d: texts[d] for d in sorted(ids)}, attributions)
    scored = score_attributions(attributions, texts, doc_hits)
    out_sentences = None if sentences is None else score_sentences(sentences, texts, scored, doc_hits)
    out_documents = None if documents is None else score_documents(documents, texts, scored, doc_hits, n_words)
    valences = {doc_id: hits.text_valence_total() for doc_id, hits in doc_hits.items()}
    return scored, out_sentences, out_documents, valences


def framing_hits(texts: Mapping[str, str], attributions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every hit of every document: doc_id, start, end, text, family, category, entry, value, detail."""
    doc_hits = _doc_hits(dict(texts), attributions)
    frames = [hits_to_frame(doc_hits[d].hits, d) for d in texts]
    if not frames:
        return hits_to_frame([], "").iloc[0:0]
    return pd.concat(frames, ignore_index=True)


__all__ = [
    "SOURCE_CATEGORIES",
    "add_framing",
    "add_framing_with_valence",
    "attribution_columns",
    "check_texts",
    "cue_stance",
    "document_columns",
    "framing_hits",
    "merge_document_framing",
    "score_attributions",
    "score_documents",
    "score_sentences",
    "sentence_columns",
]
