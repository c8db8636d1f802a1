"""K-fold cross-validation of attribution training: how much the scores move between folds.

Usage::

    python benchmarks/attribution_cv.py --data ../shared/polnear/train
    python benchmarks/attribution_cv.py --data ../shared/polnear/train --folds 5 --c2 0.2

DATA is a brat folder laid out like PolNeAR (``text/*.txt`` and
``attributions/*.ann``). Document ``i`` (in file-name order) belongs to
fold ``i % K``. For each fold, an :class:`~narratives.attribution.model.AttributionModel`
with the given parameters (``--c1``, ``--c2``, ``--iterations``, ``--prior-folds``) is trained on the other folds and extracts the
fold's documents exactly as ``benchmarks/attribution.py`` does (the
pipeline's extraction, scored with the PolNeAR convention). Nothing is
scored by a model that saw it in training.

Prints one line of exact F1 per fold as it goes, then one JSON object
last: ``folds`` (each fold's documents and full scores), ``pooled`` (the
held-out predictions of all folds scored together, micro-averaged) and
``spread`` (lowest and highest fold exact F1 per component and the
attribution level). Training takes a few minutes per fold on two cores.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from narratives.attribution.evaluate import COMPONENTS, evaluate
from narratives.attribution.model import AttributionModel
from narratives.attribution.training import brat_documents
from narratives.corpus import load
from narratives.pipeline import iter_analyses


def exact_f1(scores: dict) -> dict[str, float]:
    """Exact F1 of each component and the attribution F1, rounded, from ``EvaluationResult.to_dict()``."""
    summary = {component: round(scores[component]["exact"]["f1"], 4) for component in COMPONENTS}
    summary["attribution"] = round(scores["attribution"]["f1"], 4)
    return summary


def main() -> None:
    defaults = AttributionModel()
    parser = argparse.ArgumentParser(description="Cross-validate attribution training on a brat folder.")
    parser.add_argument("--data", type=Path, required=True, help="brat folder (text/ + attributions/)")
    parser.add_argument("--folds", type=int, default=5, help="number of folds (default: %(default)s)")
    parser.add_argument("--jobs", type=int, default=2, help="train the two CRFs in parallel when 2 (default: %(default)s)")
    parser.add_argument("--c1", type=float, default=defaults.c1, help="L1 regularisation (default: %(default)s)")
    parser.add_argument("--c2", type=float, default=defaults.c2, help="L2 regularisation (default: %(default)s)")
    parser.add_argument("--iterations", type=int, default=defaults.max_iterations, help="L-BFGS iterations (default: %(default)s)")
    parser.add_argument("--prior-folds", type=int, default=defaults.prior_folds, help="folds of the out-of-fold cue prior in training (default: %(default)s)")
    args = parser.parse_args()
    if args.folds < 2:
        parser.error("--folds must be at least 2")
    gold = list(brat_documents(args.data))
    if len(gold) < args.folds:
        parser.error(f"{args.data} has {len(gold)} annotated document(s), fewer than --folds {args.folds}")
    documents = {doc.id: doc for doc in load(args.data)}
    texts = {doc.doc_id: doc.text for doc in gold}
    held_out: dict[str, list] = {}
    folds = []
    for fold in range(args.folds):
        train = [doc for i, doc in enumerate(gold) if i % args.folds != fold]
        test = [doc for i, doc in enumerate(gold) if i % args.folds == fold]
        model = AttributionModel(c1=args.c1, c2=args.c2, max_iterations=args.iterations, prior_folds=args.prior_folds, n_jobs=args.jobs).fit(train)
        predicted = {result.document.id: result.attributions for result in iter_analyses([documents[doc.doc_id] for doc in test], model=model)}
        shutil.rmtree(model.model_dir_)
        held_out.update(predicted)
        scores = evaluate({doc.doc_id: list(doc.attributions) for doc in test}, predicted, texts).to_dict()
        folds.append({"fold": fold, "documents": len(test), "scores": scores})
        print(f"fold {fold}: exact F1 {exact_f1(scores)}", file=sys.stderr, flush=True)
    pooled = evaluate({doc.doc_id: list(doc.attributions) for doc in gold}, held_out, texts).to_dict()
    per_fold = [exact_f1(fold["scores"]) for fold in folds]
    spread = {name: {"min": min(f[name] for f in per_fold), "max": max(f[name] for f in per_fold)} for name in per_fold[0]}
    print(json.dumps({"folds": folds, "pooled": pooled, "pooled_exact_f1": exact_f1(pooled), "spread": spread, "params": vars(args) | {"data": str(args.data)}}))


if __name__ == "__main__":
    main()
