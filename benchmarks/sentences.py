"""Sentence-boundary precision, recall and F1 against CoreNLP's sentences.

Usage::

    python benchmarks/sentences.py --data ../shared/polnear/dev

DATA is any folder laid out like PolNeAR (``text/<doc>.txt`` and
``tokens/<doc>.tsv``). A boundary is where one sentence ends: the end offset of
a sentence after setting aside quote marks and whitespace at its end, so
that a quote mark that either convention may hang on either side of a
break (PolNeAR's NYT texts open quotes with ``''``, which CoreNLP attaches
to the sentence before) does not move the boundary. The end of each
document is not counted (it is always right). ``strict_end_offsets`` gives
the same figures on raw end offsets. Documents without
token files are skipped and counted. Also reports exact sentence-span
match and segmentation speed. Prints one JSON object last.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

from narratives.corenlp import read_corenlp_tokens, sentence_bounds
from narratives.segment import segment
from narratives.words import count_words


_TRAILING_QUOTES = re.compile(r"[\s'\"`\u2018\u2019\u201c\u201d\u00ab\u00bb]+$")


def boundary(text: str, start: int, end: int) -> int:
    """End of the sentence ``text[start:end]`` before trailing quote marks and spaces."""
    match = _TRAILING_QUOTES.search(text, start, end)
    return match.start() if match and match.start() > start else end


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description="Sentence-boundary F1 against CoreNLP sentences.")
    parser.add_argument("--data", type=Path, required=True)
    args = parser.parse_args()
    tp = n_pred = n_gold = 0
    strict_tp = strict_pred = strict_gold = 0
    span_tp = span_pred = span_gold = 0
    docs = skipped = words = 0
    elapsed = 0.0
    for text_path in sorted((args.data / "text").glob("*.txt")):
        token_path = args.data / "tokens" / (text_path.stem + ".tsv")
        gold_sentences = read_corenlp_tokens(token_path) if token_path.exists() else []
        if not gold_sentences:
            skipped += 1
            continue
        text = text_path.read_text(encoding="utf-8")
        started = time.perf_counter()
        predicted = segment(text).sentence_bounds
        elapsed += time.perf_counter() - started
        docs += 1
        words += count_words(text)
        gold = sentence_bounds(gold_sentences)
        last = max(e for _, e in gold)
        gold_ends = {e for _, e in gold if e < last}
        pred_ends = {e for _, e in predicted if e < last}
        strict_tp += len(gold_ends & pred_ends)
        strict_pred += len(pred_ends)
        strict_gold += len(gold_ends)
        final = boundary(text, 0, last)
        gold_boundaries = {boundary(text, s, e) for s, e in gold} - {final}
        pred_boundaries = {boundary(text, s, e) for s, e in predicted if e <= last} - {final}
        tp += len(gold_boundaries & pred_boundaries)
        n_pred += len(pred_boundaries)
        n_gold += len(gold_boundaries)
        span_tp += len(set(gold) & set(predicted))
        span_pred += len(predicted)
        span_gold += len(gold)
    result = {
        "documents": docs,
        "skipped_without_tokens": skipped,
        "gold_boundaries": n_gold,
        "predicted_boundaries": n_pred,
        "strict_end_offsets": prf(strict_tp, strict_pred, strict_gold),
        "sentence_span_exact": prf(span_tp, span_pred, span_gold),
        "words_per_second": round(words / elapsed) if elapsed else None,
        **prf(tp, n_pred, n_gold),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
