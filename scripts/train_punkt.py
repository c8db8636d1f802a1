"""Train the Punkt sentence-boundary parameters that narratives ships.

NLTK's pre-trained ``punkt_tab`` data cannot be downloaded on an offline
machine, so we learn our own parameters (abbreviations, collocations,
sentence starters, orthographic context) with NLTK's unsupervised
:class:`~nltk.tokenize.punkt.PunktTrainer` and store them as plain JSON in
``narratives/data/punkt_en.json``.

Usage::

    python scripts/train_punkt.py --text ../shared/polnear/train/text

The training text is read, never copied: only the learned statistics are
written. Orthographic context is kept for word types seen at least
``--min-count`` times, which keeps the file small without changing
decisions on frequent words.
"""

from __future__ import annotations

import argparse
import collections
import json
from pathlib import Path

from nltk.tokenize.punkt import PunktTrainer

from narratives.segment import PUNKT_PATH, _PunktLanguageVars


def train(text_dir: Path, min_count: int) -> dict:
    """Learn Punkt parameters from every ``*.txt`` file under ``text_dir``."""
    trainer = PunktTrainer(lang_vars=_PunktLanguageVars())
    trainer.INCLUDE_ALL_COLLOCS = False
    files = sorted(text_dir.rglob("*.txt"))
    if not files:
        raise SystemExit(f"{text_dir}: no .txt files to train on")
    counts: collections.Counter[str] = collections.Counter()
    for path in files:
        text = path.read_text(encoding="utf-8")
        # Paragraphs and lines are hard boundaries in narratives, so each
        # line is a separate training text, as it is at segmentation time.
        for line in text.splitlines():
            if line.strip():
                trainer.train(line, finalize=False)
                counts.update(w.lower().strip(".") for w in line.split())
    trainer.finalize_training()
    params = trainer.get_params()
    ortho = {
        word: flags
        for word, flags in params.ortho_context.items()
        if counts[word.strip(".")] >= min_count
    }
    return {
        "about": (
            "Punkt sentence-boundary parameters learned by scripts/train_punkt.py "
            f"from {len(files)} files with NLTK's unsupervised PunktTrainer. "
            "Regenerate with that script; do not edit by hand."
        ),
        "training_files": len(files),
        "min_count": min_count,
        "abbrev_types": sorted(params.abbrev_types),
        "collocations": sorted([a, b] for a, b in params.collocations),
        "sent_starters": sorted(params.sent_starters),
        "ortho_context": dict(sorted(ortho.items())),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--text", type=Path, required=True, help="folder of .txt training files")
    parser.add_argument("--out", type=Path, default=PUNKT_PATH, help="JSON file to write")
    parser.add_argument("--min-count", type=int, default=2, help="keep ortho context of words seen this often")
    args = parser.parse_args()
    data = train(args.text, args.min_count)
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(
        f"wrote {args.out}: {len(data['abbrev_types'])} abbreviations, "
        f"{len(data['collocations'])} collocations, {len(data['sent_starters'])} sentence starters, "
        f"{len(data['ortho_context'])} ortho-context entries"
    )


if __name__ == "__main__":
    main()
