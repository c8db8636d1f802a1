"""Train and evaluate attribution models on brat-annotated folders.

Shared by ``scripts/train_attribution.py``, ``narratives train``,
``narratives evaluate`` and ``benchmarks/attribution.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from narratives.attribution.brat import read_ann
from narratives.attribution.model import TrainingDocument
from narratives.corpus.files import read_text_file
from narratives.errors import InputError


def brat_documents(folder: str | Path) -> Iterator[TrainingDocument]:
    """Texts and gold attributions of a brat folder (``text/`` + ``attributions/``)."""
    folder = Path(folder)
    text_dir, ann_dir = folder / "text", folder / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise InputError(
            "N264",
            "is not a brat folder (it needs text/*.txt and attributions/*.ann).",
            "Lay the corpus out like PolNeAR: text/<doc>.txt beside attributions/<doc>.ann.",
            path=folder,
        )
    for text_path in sorted(text_dir.glob("*.txt")):
        ann_path = ann_dir / f"{text_path.stem}.ann"
        if not ann_path.exists():
            continue
        text = read_text_file(text_path)
        yield TrainingDocument(text_path.stem, text, read_ann(ann_path, text))
