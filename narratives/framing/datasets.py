"""Readers and scorers for the framing validation data (used by benchmarks and training).

* WikiWeasel (CoNLL-2010 Wikipedia uncertainty, Szeged re-annotation): one
  JSON object a line with ``doc_id``, ``sentence_id``, ``text`` and
  ``cues``; a sentence with any cue is uncertain.
* PTC (SemEval-2020 Task 11 propaganda techniques): ``articles/article<ID>.txt``
  and ``labels.tsv`` (``article_id, technique, start, end``).

Nothing here trains: :func:`split_ids` only says which documents a training
script may learn from, so that its held-out figure is honest.

Error codes raised here: ``N271`` (unreadable WikiWeasel file or line),
``N272`` (unreadable PTC folder).
"""

from __future__ import annotations

import csv
import json
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from narratives.errors import DataError
from narratives.words import is_word

LOADED_TECHNIQUES = ("Loaded_Language", "Name_Calling,Labeling")
"""The PTC techniques scored by ``benchmarks/loaded_language.py``."""

SPLIT_SEED = 2020
HOLDOUT_FRACTION = 0.2


@dataclass(frozen=True)
class WeaselSentence:
    doc_id: str
    sentence_id: str
    text: str
    cues: tuple[tuple[int, int], ...]

    @property
    def uncertain(self) -> bool:
        return bool(self.cues)


def read_wikiweasel(path: str | Path) -> list[WeaselSentence]:
    """The sentences of a WikiWeasel JSON Lines file."""
    path = Path(path)
    out = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise DataError("N271", f"Cannot read {path}: {error}.", "Pass the wikiweasel.jsonl file.") from error
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            cues = tuple((int(c["start"]), int(c["end"])) for c in row.get("cues", ()))
            out.append(WeaselSentence(str(row["doc_id"]), str(row.get("sentence_id", number)), str(row["text"]), cues))
        except (ValueError, KeyError, TypeError) as error:
            raise DataError("N271", f"{path}:{number}: not a WikiWeasel sentence ({error}).", "Each line needs doc_id, text and cues.", path=str(path), line=number) from error
    return out


@dataclass(frozen=True)
class PTCArticle:
    article_id: str
    text: str
    spans: tuple[tuple[int, int], ...]
    """Spans of the scored techniques (:data:`LOADED_TECHNIQUES`)."""


def read_ptc(folder: str | Path, techniques: Sequence[str] = LOADED_TECHNIQUES) -> list[PTCArticle]:
    """The articles of a PTC folder with their spans of `techniques`, by article id."""
    folder = Path(folder)
    labels_path = folder / "labels.tsv"
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    try:
        with labels_path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                if row["technique"] in techniques:
                    spans[row["article_id"]].append((int(row["start"]), int(row["end"])))
        files = sorted((folder / "articles").glob("article*.txt"))
    except (OSError, KeyError, ValueError) as error:
        raise DataError("N272", f"Cannot read the PTC folder {folder}: {error}.", "Pass a folder with articles/ and labels.tsv.") from error
    if not files:
        raise DataError("N272", f"No articles/article*.txt in {folder}.", "Pass a PTC folder.")
    return [
        PTCArticle(path.stem.removeprefix("article"), path.read_text(encoding="utf-8"), tuple(sorted(spans.get(path.stem.removeprefix("article"), ()))))
        for path in files
    ]


def split_ids(ids: Iterable[str], seed: int = SPLIT_SEED, holdout: float = HOLDOUT_FRACTION) -> tuple[set[str], set[str]]:
    """A seeded document-level split: ``(train ids, held-out ids)``."""
    ordered = sorted(set(ids))
    random.Random(seed).shuffle(ordered)
    cut = round(len(ordered) * (1 - holdout))
    return set(ordered[:cut]), set(ordered[cut:])


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    """Precision, recall and F1 with their counts."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "tp": tp, "fp": fp, "fn": fn}


def score_uncertain_sentences(sentences: Iterable[WeaselSentence], predict: Callable[[str], bool]) -> dict:
    """Sentence-level uncertainty P/R/F1 of `predict` (text -> uncertain?)."""
    tp = fp = fn = n = 0
    for sentence in sentences:
        n += 1
        guess = predict(sentence.text)
        tp += guess and sentence.uncertain
        fp += guess and not sentence.uncertain
        fn += sentence.uncertain and not guess
    return {**prf(tp, fp, fn), "sentences": n}


def word_tokens(text: str) -> list[tuple[int, int]]:
    """The tokens scored in PTC: narratives' tokens holding a letter or digit."""
    from narratives.segment import token_spans

    return [(s, e) for s, e in token_spans(text) if is_word(text[s:e])]


def score_tokens(articles: Iterable[PTCArticle], predict: Callable[[str], Iterable[tuple[int, int]]]) -> dict:
    """Token-level P/R/F1: a token is gold when it overlaps a gold span, predicted when it overlaps a predicted span."""
    tp = fp = fn = n = 0
    for article in articles:
        n += 1
        predicted = sorted(predict(article.text))
        for start, end in word_tokens(article.text):
            gold = any(a < end and start < b for a, b in article.spans)
            guess = any(a < end and start < b for a, b in predicted)
            tp += gold and guess
            fp += guess and not gold
            fn += gold and not guess
    return {**prf(tp, fp, fn), "articles": n}


__all__ = [
    "HOLDOUT_FRACTION",
    "LOADED_TECHNIQUES",
    "PTCArticle",
    "SPLIT_SEED",
    "WeaselSentence",
    "prf",
    "read_ptc",
    "read_wikiweasel",
    "score_uncertain_sentences",
    "score_tokens",
    "split_ids",
    "word_tokens",
]
