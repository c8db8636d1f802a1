"""Train the lexical POS tagger and lemma lexicon that narratives ships.

Learns from CoreNLP token files (``tokens/*.tsv``, as in PolNeAR) and
writes ``narratives/data/tagger_en.json``. Word forms are read from the
article text at the token's offsets (CoreNLP normalises quotes and
brackets in its token column), so the lexicon sees words as narratives'
tokenizer does.

Usage::

    python scripts/train_tagger.py --data ../shared/polnear/train
"""

from __future__ import annotations

import argparse
from pathlib import Path

from narratives.corenlp import read_corenlp_tokens
from narratives.tagging import LexicalTagger

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "narratives" / "data" / "tagger_en.json"


def training_sentences(data: Path):
    """Yield sentences of (word, tag, lemma) from every token file under ``data``."""
    for token_path in sorted((data / "tokens").glob("*.tsv")):
        text = (data / "text" / f"{token_path.stem}.txt").read_text(encoding="utf-8")
        for sentence in read_corenlp_tokens(token_path):
            yield [(text[t.start : t.end], t.pos, t.lemma) for t in sentence]


def main() -> None:
    parser = argparse.ArgumentParser(description="Train narratives' lexical tagger.")
    parser.add_argument("--data", type=Path, required=True, help="folder with text/ and tokens/")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--min-count", type=int, default=2)
    args = parser.parse_args()
    tagger = LexicalTagger(min_count=args.min_count).fit(training_sentences(args.data))
    tagger.save(args.out)
    print(f"wrote {args.out}: {len(tagger.word_tags_)} words, {len(tagger.suffix_tags_)} suffixes, {len(tagger.lemmas_)} lemmas")


if __name__ == "__main__":
    main()
