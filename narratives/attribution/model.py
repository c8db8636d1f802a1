"""The attribution model: two linear-chain CRFs trained on brat annotations.

Stage 1 (**cue**) labels each sentence's tokens ``B-CUE``/``I-CUE``/``O``.
Stage 2 (**span**) looks at a window of sentences around each cue and
labels that cue's ``SRC`` and ``CNT`` tokens, so nested and overlapping
attributions (a cue inside another's content) are handled one cue at a
time. Both stages are trained by python-crfsuite and saved in crfsuite's
own binary format beside a JSON file with the learned cue prior, so a
trained model loads without pickle. Prediction reads the weights into
numpy (:mod:`narratives.attribution.crf`) and scores tokens from weight
tables (:mod:`narratives.attribution.item_scores`), several documents per
batch; it gives crfsuite's own labels.
"""

from __future__ import annotations

import bisect
import json
import multiprocessing
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pycrfsuite
from sklearn.base import BaseEstimator

from narratives.attribution.crf import LinearChainCRF, in_groups, label_runs, stack_padded
from narratives.attribution.features import FeatureExtractor, learn_cue_prior
from narratives.attribution.item_scores import CueRequest, CueScorer, SpanScorer, TokenScores, TokenTypes
from narratives.attribution.records import Attribution, Fragments
from narratives.attribution.rules import (
    add_rule_cues,
    inherit_subjects,
    is_state_action,
    post_signatures,
    revise_source,
    without_furniture,
)
from narratives.errors import DataError
from narratives.intervals import IntervalIndex
from narratives.tokens import TokenTable

__all__ = ["AttributionModel", "TrainingDocument", "DEFAULT_MODEL_DIR"]

CUE_BATCH = 1024
"""Sentences whose cues are decoded together (bounds the memory of one long document's padded score arrays)."""
SPAN_BATCH = 256
"""Cue windows whose sources and contents are decoded together (bounds memory likewise)."""
PREPARED_TOKENS = 50_000
"""Longest document whose cue-independent token scores are computed once for both span passes (longer ones: per batch of windows, bounding memory)."""
DEFAULT_MODEL_DIR = Path(str(resources.files("narratives") / "data" / "attribution"))
FORMAT_VERSION = 2
LIKELY_CONTENT = 0.35
"""Marginal probability that makes a token content when the best labelling has none.

Chosen on our sample corpus, not on PolNeAR dev: 0.25 and 0.35 gave the same,
best attribution-level F1 among 0.25-0.45; the higher one is kept.
"""
LIKELY_SOURCE = 0.2
"""Marginal probability that makes a token source when the best labelling has none.

Chosen on our sample corpus, not on PolNeAR dev: best attribution-level F1
among 0.2-0.4 there.
"""
NESTED_CONFIDENCE = 0.7
"""Cues less confident than this are dropped when nested in a more confident cue's content.

Chosen on our own annotated sample corpus (corpora/karabakh-2020), not on
PolNeAR dev: 0.7 gave the best attribution-level F1 there among 0.5-0.8.
"""

RULE_CONFIDENCE = 0.75
"""Confidence given to a cue found by a rule (:func:`narratives.attribution.rules.cue_candidates`).

Above :data:`NESTED_CONFIDENCE`, so such a cue is not dropped for lying in
another's content (the rules look for constructions of their own).
"""

SIGNATURE_CONFIDENCE = 0.8
"""Confidence given to a dash signing a quotation ('"..." -- Name', :meth:`FeatureExtractor.signed_quotes`):
a rule's cue, with the name as source and the quotation as content, not the model's.

(7 + 1) / (11 + 1): the share of dashes after a closing quote that are cues in
PolNeAR train, smoothed; the rule excludes the 4 that were not (headings).
"""


@dataclass(frozen=True)
class TrainingDocument:
    """A text with its gold attributions."""

    doc_id: str
    text: str
    attributions: Sequence[Attribution]


_SpanJob = tuple[TokenTable, np.ndarray, Sequence[CueRequest], "np.ndarray | None", "TokenScores | None"]
"""A document's table, token type ids, cue requests and cue-token mask, for :meth:`AttributionModel._spans`."""
_START = [["__start__"]]
"""A dummy first item (label ``O``) before every sequence, so the CRF learns how
sequences begin: crfsuite has no start transitions of its own."""


_SOURCE_EDGE_PUNCTUATION = frozenset({".", ",", ";", ":", "!", "?", "-", "--", "\u2013", "\u2014"})
"""Punctuation tokens trimmed from the ends of a predicted source ("officials." -> "officials")."""


def _token_range(starts: list[int], ends: list[int], start: int, end: int) -> range:
    """Indices of the tokens overlapping ``[start, end)``."""
    first = bisect.bisect_right(ends, start)
    stop = bisect.bisect_left(starts, end)
    return range(first, max(first, stop))


def _bio(labels: list[str], indices: Iterable[int], name: str, offset: int = 0) -> None:
    previous = None
    for i in indices:
        j = i - offset
        if 0 <= j < len(labels):
            labels[j] = ("I-" if previous == i - 1 else "B-") + name
            previous = i


def _gold_cues(doc: TrainingDocument, table: TokenTable) -> list[tuple[int, int, Attribution]]:
    """``(first token, stop token, attribution)`` of each gold attribution whose cue has tokens."""
    cues = []
    for attribution in doc.attributions:
        tokens = [i for s, e in attribution.cue for i in _token_range(table.starts, table.ends, s, e)]
        if tokens:
            cues.append((min(tokens), max(tokens) + 1, attribution))
    return cues


def _train_in_child(trainer: pycrfsuite.Trainer, path: str) -> multiprocessing.Process | None:
    """Train in a forked child (the trainer's data is shared copy-on-write), or here."""
    if "fork" not in multiprocessing.get_all_start_methods():
        trainer.train(path)
        return None
    process = multiprocessing.get_context("fork").Process(target=trainer.train, args=(path,))
    process.start()
    return process


class AttributionModel(BaseEstimator):
    """Finds attributions (cue, source, content) in text.

    Parameters
    ----------
    c1, c2
        L1 and L2 regularisation of both CRFs.
    max_iterations
        L-BFGS iterations of each CRF.
    min_feature_count
        Drop features seen fewer times in training.
    prior_folds
        Learn the cue prior that describes each training document's tokens
        on the other documents of one of this many folds (out of fold), so
        a token's own label never counts in its own feature; 0 or 1 (or
        fewer documents than folds) learns it on all documents. Prediction always uses the prior learned on
        all training documents (:attr:`cue_prior_`).
    n_jobs
        Train the two CRFs in parallel processes when 2 or more.

    Attributes
    ----------
    cue_prior_ : dict[str, float]
        Share of each lemma's training occurrences that were inside a cue.
    model_dir_ : pathlib.Path
        Folder holding the fitted model files (a temporary folder after
        :meth:`fit`; :meth:`save` copies them where they should stay).
    """

    def __init__(
        self,
        c1: float = 1.0,
        c2: float = 0.05,
        max_iterations: int = 150,
        min_feature_count: int = 2,
        prior_folds: int = 0,
        n_jobs: int = 2,
    ) -> None:
        self.c1 = c1
        self.c2 = c2
        self.max_iterations = max_iterations
        self.min_feature_count = min_feature_count
        self.prior_folds = prior_folds
        self.n_jobs = n_jobs

    # ------------------------------------------------------------------ training

    def _crf_params(self) -> dict:
        return {
            "c1": self.c1,
            "c2": self.c2,
            "max_iterations": self.max_iterations,
            "feature.minfreq": self.min_feature_count,
            "feature.possible_transitions": True,
        }

    def _training_extractors(self, tables: list[TokenTable], cue_tokens: list[set[int]]) -> list[FeatureExtractor]:
        """The feature extractor of each training document, its cue prior learned out of fold (see ``prior_folds``)."""
        folds = self.prior_folds
        if folds < 2 or len(tables) < folds:
            return [FeatureExtractor(self.cue_prior_)] * len(tables)
        extractors = [
            FeatureExtractor(learn_cue_prior([t for j, t in enumerate(tables) if j % folds != fold], [c for j, c in enumerate(cue_tokens) if j % folds != fold]))
            for fold in range(folds)
        ]
        return [extractors[j % folds] for j in range(len(tables))]

    def fit(self, documents: Iterable[TrainingDocument], y: None = None) -> AttributionModel:
        """Train both stages on documents with gold attributions.

        Parameters
        ----------
        documents
            Texts with their gold attributions (e.g. from a brat folder).
        y
            Ignored: the gold attributions come with the documents.

        Returns
        -------
        AttributionModel
            ``self``, its files in a temporary folder; :meth:`save` keeps them.
        """
        docs = list(documents)
        tables = [TokenTable.build(doc.text) for doc in docs]
        gold = [_gold_cues(doc, table) for doc, table in zip(docs, tables)]
        cue_tokens = [{i for first, stop, _ in cues for i in range(first, stop)} for cues in gold]
        self.cue_prior_ = learn_cue_prior(tables, cue_tokens)
        cue_trainer = pycrfsuite.Trainer(verbose=False)
        span_trainer = pycrfsuite.Trainer(verbose=False)
        n_cue = n_span = 0
        for table, cues, extractor in zip(tables, gold, self._training_extractors(tables, cue_tokens)):
            pieces = extractor.token_pieces(table)
            cue_labels = ["O"] * len(table)
            for first, stop, _ in cues:
                _bio(cue_labels, range(first, stop), "CUE")
            for (first, stop), features in zip(table.segmentation.sentence_tokens, extractor.cue_features(table, pieces)):
                if features:
                    cue_trainer.append(_START + features, ["O", *cue_labels[first:stop]])
                    n_cue += 1
            cue_tokens = {i for first, stop, _ in cues for i in range(first, stop)}
            for first, stop, attribution in cues:
                others = cue_tokens - set(range(first, stop))
                window_first, features = extractor.span_features(table, pieces, first, stop, others)
                labels = ["O"] * len(features)
                for name, fragments in (("SRC", attribution.source), ("CNT", attribution.content)):
                    indices = sorted({i for s, e in fragments for i in _token_range(table.starts, table.ends, s, e)})
                    _bio(labels, indices, name, window_first)
                for i in range(max(first, window_first), min(stop, window_first + len(labels))):
                    labels[i - window_first] = "CUE"
                span_trainer.append(_START + features, ["O", *labels])
                n_span += 1
        target = Path(tempfile.mkdtemp(prefix="narratives-model-"))
        params = self._crf_params()
        cue_trainer.set_params(params)
        span_trainer.set_params(params)
        child = None
        if self.n_jobs > 1:
            child = _train_in_child(cue_trainer, str(target / "cue.crfsuite"))
        else:
            cue_trainer.train(str(target / "cue.crfsuite"))
        span_trainer.train(str(target / "span.crfsuite"))
        if child is not None:
            child.join()
            if child.exitcode != 0:
                raise RuntimeError(f"training the cue model failed (exit code {child.exitcode})")
        meta = {
            "format_version": FORMAT_VERSION,
            "params": {
                "c1": self.c1,
                "c2": self.c2,
                "max_iterations": self.max_iterations,
                "min_feature_count": self.min_feature_count,
                "prior_folds": self.prior_folds,
            },
            "training": {"documents": len(docs), "cue_sequences": n_cue, "span_sequences": n_span},
            "cue_prior": self.cue_prior_,
        }
        (target / "model.json").write_text(json.dumps(meta, sort_keys=True, ensure_ascii=False, indent=1), encoding="utf-8")
        self._open(target)
        return self

    # ------------------------------------------------------------------ persistence

    def _open(self, model_dir: Path) -> None:
        self.model_dir_ = model_dir
        self._extractor = FeatureExtractor(self.cue_prior_)
        self._cue_crf = LinearChainCRF.from_crfsuite(model_dir / "cue.crfsuite")
        self._cue_scorer = CueScorer(self._cue_crf, self._extractor)
        self._types = TokenTypes()
        self._span_crf = LinearChainCRF.from_crfsuite(model_dir / "span.crfsuite")
        self._span_scorer = SpanScorer(self._span_crf, self._extractor)

    @classmethod
    def load(cls, model_dir: str | Path | None = None) -> AttributionModel:
        """Load a model folder (the shipped model when None)."""
        model_dir = Path(model_dir) if model_dir is not None else DEFAULT_MODEL_DIR
        meta_path = model_dir / "model.json"
        missing = [name for name in ("model.json", "cue.crfsuite", "span.crfsuite") if not (model_dir / name).exists()]
        if missing:
            raise DataError(
                "N302",
                f"is not a narratives attribution model (missing {', '.join(missing)}).",
                "Give the folder written by `narratives train`, or leave the option out to use the shipped model.",
                path=model_dir,
            )
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as err:
            raise DataError("N302", f"is not valid JSON ({err.msg}).", "Retrain the model with `narratives train`.", path=meta_path, line=err.lineno) from None
        if meta.get("format_version") != FORMAT_VERSION:
            raise DataError(
                "N303",
                f"has model format {meta.get('format_version')!r}; this narratives reads format {FORMAT_VERSION}.",
                "Retrain the model with this version's `narratives train`.",
                path=meta_path,
            )
        params = meta.get("params", {})
        model = cls(**params)
        model.cue_prior_ = meta["cue_prior"]
        model._open(model_dir)
        return model

    def save(self, model_dir: str | Path) -> None:
        """Copy the fitted model files to ``model_dir``."""
        target = Path(model_dir)
        target.mkdir(parents=True, exist_ok=True)
        for name in ("model.json", "cue.crfsuite", "span.crfsuite"):
            if (self.model_dir_ / name).resolve() != (target / name).resolve():
                shutil.copyfile(self.model_dir_ / name, target / name)

    # ------------------------------------------------------------------ prediction

    def _spans(self, jobs: Sequence[_SpanJob]) -> list[list[tuple[Fragments, Fragments]]]:
        """Source and content fragments of each requested cue of each document, decoded in batches of :data:`SPAN_BATCH` cues.

        ``jobs`` holds, per document, its table, its :meth:`TokenTypes.ids`,
        its cues, the mask of its cue tokens (None: each cue scored as
        if it were the only one) and its prepared token scores (None:
        prepared per batch). The windows of a batch are decoded
        together; each cue's result is the same in any batch.
        """
        found: list[list[tuple[Fragments, Fragments]]] = [[] for _ in jobs]
        for group in in_groups([len(job[2]) for job in jobs], SPAN_BATCH):
            batch = [(jobs[d][0], jobs[d][1], jobs[d][2][first:stop], jobs[d][3], jobs[d][4]) for d, first, stop in group]
            for (d, _, _), spans in zip(group, self._span_batch(batch)):
                found[d] += spans
        return found

    def _span_batch(self, jobs: Sequence[_SpanJob]) -> list[list[tuple[Fragments, Fragments]]]:
        """:meth:`_spans` of one batch. The source is the run nearest the cue, edge
        punctuation trimmed. When the best labelling has no source (or no
        content), tokens whose marginal probability of that label reaches
        :data:`LIKELY_SOURCE` (:data:`LIKELY_CONTENT`) are used: annotated
        attributions almost always have content (2 of 19,834 in PolNeAR
        train lack it) and 93 % have a source, so the model's doubt is
        better resolved in favour of one.
        """
        crf = self._span_crf
        windows = [self._span_scorer.scores(table, self._types, ids, requests, mask, prepared) for table, ids, requests, mask, prepared in jobs]
        scores, lengths = stack_padded([w[1] for w in windows], [w[2] for w in windows])
        paths = crf.viterbi(scores, lengths)
        index = crf.labels.index
        codes = {name: (index("B-" + name), index("I-" + name)) for name in ("SRC", "CNT")}
        items = (paths[:, 1:], lengths - 1)
        runs = list(zip(label_runs(*items, codes["SRC"][1], codes["SRC"][0]), label_runs(*items, codes["CNT"][1], codes["CNT"][0])))
        doubtful = [w for w, (sources, contents) in enumerate(runs) if not sources or not contents]
        if doubtful:
            marginals = crf.marginals(scores[doubtful], lengths[doubtful])
            for w, probabilities in zip(doubtful, marginals):
                likely = {name: probabilities[1 : lengths[w], list(code)].sum(axis=1) for name, code in codes.items()}
                sources, contents = runs[w]
                runs[w] = (
                    sources or label_runs((likely["SRC"] >= LIKELY_SOURCE)[None].astype(np.intp), [lengths[w] - 1], 1)[0],
                    contents or label_runs((likely["CNT"] >= LIKELY_CONTENT)[None].astype(np.intp), [lengths[w] - 1], 1)[0],
                )
        found: list[list[tuple[Fragments, Fragments]]] = []
        position = 0
        for (table, _, requests, _, _), (firsts, _, _) in zip(jobs, windows):
            found.append([_fragments(table, request, window_first, *runs[position + k]) for k, (request, window_first) in enumerate(zip(requests, firsts))])
            position += len(requests)
        return found

    def _nesting_checks(self, table: TokenTable, cues: list[tuple[int, int, float]]) -> tuple[list[int], list[int], IntervalIndex]:
        """For :meth:`_drop_nested`: the doubtful cues, the cues whose content must be known, every cue's window."""
        doubtful = [k for k, (_, _, confidence) in enumerate(cues) if confidence < NESTED_CONFIDENCE]
        if not doubtful or len(cues) < 2:
            return [], [], IntervalIndex([])
        windows = IntervalIndex(self._extractor.window(table, first, stop) for first, stop, _ in cues)
        needed = sorted({other for index in doubtful for other in _more_confident_around(cues, windows, index)})
        return doubtful, needed, windows

    @staticmethod
    def _drop_nested(
        table: TokenTable, cues: list[tuple[int, int, float]], doubtful: list[int], windows: IntervalIndex, contents: dict[int, Fragments]
    ) -> list[tuple[int, int, float]]:
        """Drop uncertain cues nested in the content of a more certain one.

        PolNeAR does not annotate an attribution inside another's content,
        and the span model learned that content stops before another cue,
        so a spurious inner cue also cuts the outer content short. Each
        cue's content is found as if it were the only cue (``contents``); a
        cue with confidence below :data:`NESTED_CONFIDENCE` that lies inside
        the content of a more confident cue is dropped.
        """
        dropped = set()
        for index in doubtful:
            first, stop, _ = cues[index]
            start, end = table.starts[first], table.ends[stop - 1]
            if any(s <= start and end <= e for other in _more_confident_around(cues, windows, index) for s, e in contents[other]):
                dropped.add(index)
        return [cue for k, cue in enumerate(cues) if k not in dropped]

    def _cues(self, tables: Sequence[TokenTable], type_ids: Sequence[np.ndarray]) -> list[list[tuple[int, int, float]]]:
        """``(first token, stop token, confidence)`` of each document's cues, decoded in batches of :data:`CUE_BATCH` sentences."""
        cues: list[list[tuple[int, int, float]]] = [[] for _ in tables]
        scored = [[(first, stop) for first, stop in table.segmentation.sentence_tokens if stop > first] for table in tables]
        for group in in_groups([len(sentences) for sentences in scored], CUE_BATCH):
            batch = [(d, scored[d][first:stop]) for d, first, stop in group]
            for d, found in zip([d for d, _ in batch], self._cue_batch([tables[d] for d, _ in batch], [type_ids[d] for d, _ in batch], [sentences for _, sentences in batch])):
                cues[d] += found
        return cues

    def _cue_batch(self, tables: Sequence[TokenTable], type_ids: Sequence[np.ndarray], sentences: Sequence[list[tuple[int, int]]]) -> list[list[tuple[int, int, float]]]:
        """:meth:`_cues` of the given sentences of each document, decoded together."""
        crf = self._cue_crf
        per_document = [self._cue_scorer.scores(table, self._types, ids, own) for table, ids, own in zip(tables, type_ids, sentences)]
        scores, lengths = stack_padded([p[1] for p in per_document], [p[2] for p in per_document])
        sentences = [(d, sentence) for d, p in enumerate(per_document) for sentence in p[0]]
        paths = crf.viterbi(scores, lengths)
        outside = crf.labels.index("O")
        items = np.arange(paths.shape[1])[None, :]
        with_cues = np.flatnonzero(((paths != outside) & (items > 0) & (items < lengths[:, None])).any(axis=1))
        marginals = crf.marginals(scores[with_cues], lengths[with_cues])
        runs = label_runs(paths[with_cues, 1:], lengths[with_cues] - 1, crf.labels.index("I-CUE"), crf.labels.index("B-CUE"))
        cues: list[list[tuple[int, int, float]]] = [[] for _ in tables]
        for s, probabilities, found in zip(with_cues, marginals, runs):
            path = paths[s, 1 : lengths[s]]
            document, (first, _) = sentences[s]
            for a, b in found:
                confidence = float(probabilities[np.arange(a, b) + 1, path[a:b]].mean())
                cues[document].append((first + a, first + b, confidence))
        return cues

    def predict_tables(self, tables: Sequence[TokenTable], doc_ids: Sequence[str]) -> list[list[Attribution]]:
        """Attributions of several documents already built into :class:`TokenTable` objects.

        The documents are decoded together: one batch per model stage, which
        is much faster than one document at a time. Results do not depend
        on how documents are batched.
        """
        self._types.bound()
        type_ids = [self._types.ids(table) for table in tables]
        found = self._cues(tables, type_ids)
        found = [without_furniture(table, cues) for table, cues in zip(tables, found)]
        # Tokens already claimed by a cue, then also by a signed quote's dash (sets: no scan of all cues per signature).
        claimed = [{token for first, stop, _ in cues for token in range(first, stop)} for cues in found]
        signed = [[q for q in FeatureExtractor.signed_quotes(table) if q.dash not in taken] for table, taken in zip(tables, claimed)]
        for taken, quotes in zip(claimed, signed):
            taken.update(q.dash for q in quotes)
        posted = [[p for p in post_signatures(table) if p[0] not in taken] for table, taken in zip(tables, claimed)]
        busy = [d for d, cues in enumerate(found) if cues]
        prepared: dict[int, TokenScores | None] = {}

        def prepared_of(d: int) -> TokenScores | None:
            """Token scores that do not depend on the cue, once per document for both span passes (long documents: per batch)."""
            if d not in prepared:
                prepared[d] = self._span_scorer.prepare(tables[d], self._types, type_ids[d]) if len(tables[d]) <= PREPARED_TOKENS else None
            return prepared[d]

        checks = {d: self._nesting_checks(tables[d], found[d]) for d in busy}
        nested = self._spans([(tables[d], type_ids[d], [CueRequest(*found[d][k][:2]) for k in checks[d][1]], None, prepared_of(d)) for d in busy])
        for d, contents in zip(busy, nested):
            doubtful, needed, windows = checks[d]
            if doubtful:
                found[d] = self._drop_nested(tables[d], found[d], doubtful, windows, {k: content for k, (_, content) in zip(needed, contents)})
        ruled: list[dict[int, object]] = []
        for d, table in enumerate(tables):
            found[d], by_first = add_rule_cues(table, found[d], RULE_CONFIDENCE)
            ruled.append(by_first)
        busy = [d for d, cues in enumerate(found) if cues]
        jobs = []
        for d in busy:
            cue_mask = np.zeros(len(tables[d]), dtype=bool)
            for first, stop, _ in found[d]:
                cue_mask[first:stop] = True
            cue_mask[[q.dash for q in signed[d]] + [p[0] for p in posted[d]]] = True
            jobs.append((tables[d], type_ids[d], [CueRequest(first, stop) for first, stop, _ in found[d]], cue_mask, prepared_of(d)))
        spans = dict(zip(busy, self._spans(jobs)))
        results: list[list[Attribution]] = []
        for d, (table, doc_id) in enumerate(zip(tables, doc_ids)):
            starts, ends = table.starts, table.ends
            decoded = [((first, stop, confidence), source, content) for (first, stop, confidence), (source, content) in zip(found[d], spans.get(d, []))]
            decoded = [
                item
                for item in decoded
                if item[0][0] in ruled[d] or not is_state_action(table, Attribution(doc_id, "", ((starts[item[0][0]], ends[item[0][1] - 1]),), item[1], item[2]), item[0][0], item[0][1])
            ]
            decoded += [
                ((q.dash, q.dash + 1, SIGNATURE_CONFIDENCE), ((starts[q.dash + 1], ends[q.name_stop - 1]),), ((starts[q.quote_first], ends[q.quote_stop - 1]),))
                for q in signed[d]
            ]
            decoded += [
                ((dash, dash + 1, SIGNATURE_CONFIDENCE), ((starts[name_first], ends[name_stop - 1]),), ((starts[content_first], ends[content_stop - 1]),))
                for dash, name_first, name_stop, content_first, content_stop in posted[d]
            ]
            results.append(
                inherit_subjects(table, [
                    revise_source(
                        table,
                        Attribution(
                            doc_id=doc_id,
                            attribution_id=f"A{number}",
                            cue=((starts[first], ends[stop - 1]),),
                            source=source,
                            content=content,
                            sentence=table.sentence_of[first],
                            confidence=round(min(1.0, max(0.0, confidence)), 4),
                            cue_lemma=" ".join(table.lemmas[first:stop]),
                            document_text=table.text,
                        ),
                        first,
                        ruled[d].get(first),
                    )
                    for number, ((first, stop, confidence), source, content) in enumerate(sorted(decoded), 1)
                ])
            )
        return results

    def predict_table(self, table: TokenTable, doc_id: str = "") -> list[Attribution]:
        """Attributions in an already built :class:`TokenTable`."""
        return self.predict_tables([table], [doc_id])[0]

    def predict(self, text: str, doc_id: str = "") -> list[Attribution]:
        """Attributions in ``text``, in order of their cues."""
        return self.predict_table(TokenTable.build(text), doc_id)


def _more_confident_around(cues: list[tuple[int, int, float]], windows: IntervalIndex, index: int) -> list[int]:
    """The cues more confident than cue ``index`` whose window (in ``windows``, by cue) holds its first token."""
    first, _, confidence = cues[index]
    return [other for other in windows.containing(first) if cues[other][2] > confidence]


def _fragments(table: TokenTable, request: CueRequest, window_first: int, sources: list[tuple[int, int]], contents: list[tuple[int, int]]) -> tuple[Fragments, Fragments]:
    """Character spans of a cue's source (the run nearest the cue, edge punctuation trimmed) and content runs.

    A source found from marginals (see :meth:`AttributionModel._spans`) can
    cover tokens the best labelling made content ("...," said a farmer.);
    they are the source's, and are taken out of the content.
    """
    starts, ends, words = table.starts, table.ends, table.words
    source: Fragments = ()
    if sources:
        cue_at = request.first - window_first
        a, b = min(sources, key=lambda run: min(abs(run[0] - cue_at), abs(run[1] - cue_at)))
        contents = [piece for run in contents for piece in _without(words, window_first, run, (a, b))]
        while b > a and words[window_first + b - 1] in _SOURCE_EDGE_PUNCTUATION:
            b -= 1
        while a < b and words[window_first + a] in _SOURCE_EDGE_PUNCTUATION:
            a += 1
        if b > a:
            source = ((starts[window_first + a], ends[window_first + b - 1]),)
    runs = _within_cue_paragraph(table, request, [(window_first + a, window_first + b) for a, b in contents])
    content = _continue_content(table, request, tuple((starts[a], ends[b - 1]) for a, b in runs))
    return source, content or _postposed_content(table, request)


def _postposed_content(table: TokenTable, request: CueRequest) -> Fragments:
    """The clause before a postposed cue's comma, for a cue the span model left without content.

    "Homes were damaged in the strikes, both sides alleged.": the cue
    follows a comma and a short noun phrase and ends the sentence
    (:meth:`FeatureExtractor.postposed_comma`); what precedes the comma, from
    the start of the sentence, is what was said, when it holds a verb. An
    attribution without content is almost never right (2 of 19,834 in
    PolNeAR train), and for the train cues of this shape whose stretch
    before the comma holds a verb, that stretch is the gold content exactly
    for 200 of 343 and overlaps it for 50 more.
    """
    comma = FeatureExtractor.postposed_comma(table, request.first, request.stop)
    if comma is None:
        return ()
    first = table.segmentation.sentence_tokens[table.sentence_of[request.first]][0]
    if not any(table.tags[k][:2] in ("VB", "MD") for k in range(first, comma)):
        return ()
    return ((table.starts[first], table.ends[comma - 1]),)


def _without(words: list[str], offset: int, run: tuple[int, int], taken: tuple[int, int]) -> list[tuple[int, int]]:
    """What is left of token run ``run`` outside ``taken`` (both relative to ``offset``), edge punctuation trimmed where cut."""
    pieces = []
    if run[0] < taken[0]:
        a, b = run[0], min(run[1], taken[0])
        while b > a and b < run[1] and words[offset + b - 1] in _SOURCE_EDGE_PUNCTUATION:
            b -= 1
        pieces.append((a, b))
    if run[1] > taken[1]:
        a, b = max(run[0], taken[1]), run[1]
        while a < b and a > run[0] and words[offset + a] in _SOURCE_EDGE_PUNCTUATION:
            a += 1
        pieces.append((a, b))
    return [(a, b) for a, b in pieces if b > a]


def _within_cue_paragraph(table: TokenTable, request: CueRequest, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cut content token runs at the end of the cue's paragraph, unless a quotation carries them on.

    In PolNeAR train, 19,706 of 19,832 contents with a part in the cue's
    paragraph stay within it, and of the 77 that go on only 6 do so inside a
    quotation running on from it (news style: a paragraph that leaves a
    quote open continues it in the next); those are kept. Runs wholly outside
    the cue's paragraph are left alone when none is inside it.
    """
    bounds, paragraphs = table.segmentation.sentence_tokens, table.segmentation.sentence_paragraph
    sentence = table.sentence_of[request.first]
    last = sentence
    while last + 1 < len(bounds) and paragraphs[last + 1] == paragraphs[sentence]:
        last += 1
    paragraph_end = bounds[last][1]
    if not runs or all(b <= paragraph_end for _, b in runs) or min(a for a, _ in runs) >= paragraph_end:
        return runs
    ids = table.quote_ids
    carried = {ids[k] for a, b in runs for k in range(a, min(b, paragraph_end))} - {-1}
    cut = []
    for a, b in runs:
        k = min(b, max(a, paragraph_end))
        while k < b and ids[k] in carried:
            k += 1
        if k > a:
            cut.append((a, k))
    return cut


def _continue_content(table: TokenTable, request: CueRequest, content: Fragments) -> Fragments:
    """Stretch a content that stops short of the quotation continuing it (:meth:`FeatureExtractor.continued_quote`).

    The content then ends where that quotation ends: a content ending
    before it gains the quotation as one more fragment, one ending inside
    it is extended to its end; a content reaching past it is kept.
    """
    if not content:
        return content
    continued = FeatureExtractor.continued_quote(table, request.first, request.stop)
    if continued is None:
        return content
    start, end = table.starts[continued[0]], table.ends[continued[1] - 1]
    if max(e for _, e in content) >= end:
        return content
    kept = tuple((s, e) for s, e in content if e <= start)
    if len(kept) == len(content):
        return (*kept, (start, end))
    return (*kept, (min(s for s, e in content if e > start), end))
