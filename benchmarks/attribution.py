"""Attribution extraction with the shipped model: accuracy and speed.

Usage::

    python benchmarks/attribution.py --data ../shared/polnear/dev
    python benchmarks/attribution.py --data ../shared/polnear/train/text   # speed only

DATA is a folder laid out like PolNeAR (``text/*.txt`` and
``attributions/*.ann``), or any folder of ``.txt`` files (then only speed
is measured). The shipped model is used as is; nothing is trained on DATA.
Prints one JSON object last: per component (Source, Cue, Content) and
match type (exact, overlap) ``precision``, ``recall``, ``f1``; the
attribution-level figures; and ``words_per_second`` of extraction as the pipeline runs it
(segmentation, tagging, both CRF stages decoded in groups of documents,
coreference, modes) on one core,
with words counted as whitespace-separated strings.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from narratives.attribution.evaluate import evaluate
from narratives.attribution.extract import default_model
from narratives.attribution.model import AttributionModel
from narratives.attribution.training import brat_documents
from narratives.corpus import load
from narratives.pipeline import iter_analyses
from narratives.words import count_words


def main() -> None:
    parser = argparse.ArgumentParser(description="Score the shipped attribution model on a brat folder.")
    parser.add_argument("--data", type=Path, required=True, help="brat folder (text/ + attributions/) or folder of .txt files")
    parser.add_argument("--model", type=Path, help="model folder (default: the shipped model)")
    args = parser.parse_args()
    model = default_model() if args.model is None else AttributionModel.load(args.model)
    annotated = (args.data / "attributions").is_dir()
    documents = list(load(args.data))
    started = time.perf_counter()
    predictions = {result.document.id: result.attributions for result in iter_analyses(documents, model=model)}
    elapsed = time.perf_counter() - started
    words = sum(count_words(doc.text) for doc in documents)
    output: dict = {}
    if annotated:
        gold = list(brat_documents(args.data))
        result = evaluate({d.doc_id: list(d.attributions) for d in gold}, predictions, {d.doc_id: d.text for d in gold})
        output.update(result.to_dict())
    output.update(
        documents=len(documents),
        attributions=sum(len(found) for found in predictions.values()),
        words=words,
        seconds=round(elapsed, 2),
        words_per_second=round(words / elapsed),
    )
    print(json.dumps(output))


if __name__ == "__main__":
    main()
