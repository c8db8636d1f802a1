"""Sentence-level uncertainty detection with the shipped hedge detector.

Usage::

    python benchmarks/hedges.py --data ../shared/framing/wikiweasel.jsonl

DATA is a JSON Lines file of sentences (``doc_id``, ``sentence_id``,
``text``, ``cues``: the CoNLL-2010 Wikipedia uncertainty data as
re-annotated in the Szeged Uncertainty Corpus). A sentence is uncertain
when it has any cue; the detector calls it uncertain when
:func:`narratives.framing.learned.uncertainty_cues` keeps any hit (our
hedge lexicon's hedge, evidential and conditional hits, filtered by the
shipped logistic model). Nothing is trained on DATA: the model was learned
by ``scripts/train_framing.py`` on 80% of the documents of the shared
file, so a figure on that whole file includes its training documents (the
held-out figure is in ``narratives/data/framing_models.json``, and
``--held-out`` scores only the held-out documents of that split).

Also reported: the lexicon alone (every candidate hit), and speed. Prints
one JSON object last with ``precision``, ``recall`` and ``f1``.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from narratives.framing.datasets import read_wikiweasel, score_uncertain_sentences, split_ids
from narratives.framing.learned import is_uncertain, shipped_models, uncertainty_candidates


def main() -> None:
    parser = argparse.ArgumentParser(description="Score sentence-level uncertainty detection on a WikiWeasel file.")
    parser.add_argument("--data", type=Path, required=True, help="wikiweasel.jsonl (one sentence a line)")
    parser.add_argument("--held-out", action="store_true", help="score only the documents scripts/train_framing.py held out (seeded 80/20 split by doc_id)")
    args = parser.parse_args()
    sentences = read_wikiweasel(args.data)
    if args.held_out:
        _, held_out = split_ids(s.doc_id for s in sentences)
        sentences = [s for s in sentences if s.doc_id in held_out]
    started = time.perf_counter()
    result = score_uncertain_sentences(sentences, is_uncertain)
    seconds = time.perf_counter() - started
    lexicon = score_uncertain_sentences(sentences, lambda text: bool(uncertainty_candidates(text)))
    model = shipped_models().get("uncertainty")
    print(f"sentences: {result['sentences']}  uncertain (gold): {sum(s.uncertain for s in sentences)}")
    print(f"lexicon only:           P {lexicon['precision']:.4f}  R {lexicon['recall']:.4f}  F1 {lexicon['f1']:.4f}")
    print(f"lexicon + shipped model: P {result['precision']:.4f}  R {result['recall']:.4f}  F1 {result['f1']:.4f}")
    print(f"{result['sentences'] / seconds:,.0f} sentences/s")
    print(
        json.dumps(
            {
                **result,
                "detector": "narratives.framing.learned.is_uncertain",
                "model_threshold": None if model is None else model.threshold,
                "lexicon_only": {k: lexicon[k] for k in ("precision", "recall", "f1")},
                "sentences_per_second": round(result["sentences"] / seconds),
                "held_out_only": args.held_out,
                "note": "the shipped model was trained on 80% of the shared file's documents: without --held-out the figure includes them",
            }
        )
    )


if __name__ == "__main__":
    main()
