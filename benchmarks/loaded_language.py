"""Token-level loaded-language and name-calling detection with the shipped detector.

Usage::

    python benchmarks/loaded_language.py --data ../shared/framing/ptc

DATA is a folder laid out like the PTC corpus (SemEval-2020 Task 11):
``articles/article<ID>.txt`` and ``labels.tsv`` (``article_id, technique,
start, end``). Tokens are narratives' tokens that hold a letter or a
digit; a token is gold when it overlaps a Loaded_Language or
Name_Calling,Labeling span, and predicted when it overlaps a span of
:func:`narratives.framing.learned.loaded_language` (the shipped CRF over
our lexicons, VADER valence and context). Nothing is trained on DATA: the
CRF was learned by ``scripts/train_framing.py`` on 80% of the articles of
the shared folder, so a figure on the whole folder includes its training
articles (the held-out figure is in ``narratives/data/framing_models.json``, and
``--held-out`` scores only the held-out documents of that split).

Also reported: our loaded-word and label lexicons alone, VADER alone
(|valence| >= 2), and speed. Prints one JSON object last with
``precision``, ``recall`` and ``f1``.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from narratives.framing.datasets import read_ptc, score_tokens, split_ids
from narratives.framing.detect import emotive, labels, loaded_words
from narratives.framing.learned import loaded_language
from narratives.words import count_words


def main() -> None:
    parser = argparse.ArgumentParser(description="Score token-level loaded-language detection on a PTC folder.")
    parser.add_argument("--data", type=Path, required=True, help="PTC folder (articles/ + labels.tsv)")
    parser.add_argument("--held-out", action="store_true", help="score only the articles scripts/train_framing.py held out (seeded 80/20 split by article id)")
    args = parser.parse_args()
    articles = read_ptc(args.data)
    if args.held_out:
        _, held_out = split_ids(a.article_id for a in articles)
        articles = [a for a in articles if a.article_id in held_out]
    started = time.perf_counter()
    result = score_tokens(articles, lambda text: [(h.start, h.end) for h in loaded_language(text)])
    seconds = time.perf_counter() - started
    words = sum(count_words(a.text) for a in articles)
    lexicon = score_tokens(articles, lambda text: [(h.start, h.end) for h in loaded_words(text) + labels(text)])
    vader = score_tokens(articles, lambda text: [(h.start, h.end) for h in emotive(text, 2.0)])
    print(f"articles: {result['articles']}")
    print(f"our lexicons only:  P {lexicon['precision']:.4f}  R {lexicon['recall']:.4f}  F1 {lexicon['f1']:.4f}")
    print(f"VADER |v| >= 2:     P {vader['precision']:.4f}  R {vader['recall']:.4f}  F1 {vader['f1']:.4f}")
    print(f"shipped CRF:        P {result['precision']:.4f}  R {result['recall']:.4f}  F1 {result['f1']:.4f}")
    print(f"{words / seconds:,.0f} words/s (tagging and CRF)")
    print(
        json.dumps(
            {
                **result,
                "detector": "narratives.framing.learned.loaded_language",
                "lexicon_only": {k: lexicon[k] for k in ("precision", "recall", "f1")},
                "vader_only": {k: vader[k] for k in ("precision", "recall", "f1")},
                "words_per_second": round(words / seconds),
                "held_out_only": args.held_out,
                "note": "the shipped CRF was trained on 80% of the shared folder's articles: without --held-out the figure includes them",
            }
        )
    )


if __name__ == "__main__":
    main()
