"""Attribution extraction with the shipped model, scored against gold brat annotations.

Usage::

    python benchmarks/attribution.py --data ../shared/polnear/dev

DATA is laid out like PolNeAR (``text/*.txt`` and ``attributions/*.ann``).
The shipped model is used as is; nothing is trained on DATA. Prints one
JSON object last: per component (Source, Cue, Content) and match type
(exact, overlap) ``precision``, ``recall``, ``f1``; the attribution-level
figures; and ``words_per_second`` of extraction (segmentation, tagging,
both CRF stages, coreference, modes) on one core.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from narratives.attribution.evaluate import evaluate
from narratives.attribution.extract import attribute, default_model
from narratives.attribution.model import AttributionModel
from narratives.attribution.training import brat_documents
from narratives.corpus import Document


def main() -> None:
    parser = argparse.ArgumentParser(description="Score the shipped attribution model on a brat folder.")
    parser.add_argument("--data", type=Path, required=True, help="folder with text/ and attributions/")
    parser.add_argument("--model", type=Path, help="model folder (default: the shipped model)")
    args = parser.parse_args()
    docs = list(brat_documents(args.data))
    model = default_model() if args.model is None else AttributionModel.load(args.model)
    started = time.perf_counter()
    predictions = {doc.doc_id: attribute(Document(doc.doc_id, doc.text), model) for doc in docs}
    elapsed = time.perf_counter() - started
    words = sum(len(doc.text.split()) for doc in docs)
    result = evaluate({d.doc_id: list(d.attributions) for d in docs}, predictions, {d.doc_id: d.text for d in docs})
    output = result.to_dict()
    output["documents"] = len(docs)
    output["words"] = words
    output["words_per_second"] = round(words / elapsed)
    print(json.dumps(output))


if __name__ == "__main__":
    main()
