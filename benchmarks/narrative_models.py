"""Frames and narratives models: the official measures, against baselines, in one command.

Usage::

    python benchmarks/narrative_models.py --data ../shared/framing/frames --cv 5
    python benchmarks/narrative_models.py --data ../shared/narratives/semeval2025 --cv 5
    python benchmarks/narrative_models.py --data FOLDER            # the shipped model, no training

FOLDER is a labelled folder (``articles/`` and ``labels.tsv``) in either
layout of :mod:`narratives.stories.labelled`: flat (``id, frames``) is
scored with the frames taxonomy, hierarchical (``id, narrative,
subnarrative``) with the SemEval-2025 narratives taxonomy (``--model`` gives
another model file; its taxonomy is used).

* ``--cv K``: K-fold cross-validation split by article (seed ``--seed``;
  ``--stratify``: each fold with the same share of articles that carry no
  label, so that the fold spread is not the folds' mix of such articles):
  for each fold a :class:`~narratives.stories.model.StoryModel` with the
  settings of the shipped model (or of ``--model``; the defaults when there
  is none) is trained on the other folds (its penalty, calibration and,
  for frames, threshold chosen by cross-validation inside them) and
  predicts the fold.
* without ``--cv``: the shipped model (or ``--model``) predicts every
  article; nothing is trained on FOLDER. The shipped models were trained on
  the shared folders: scored there, the figure is in-sample.

Baselines, always by K-fold cross-validation on FOLDER (K = ``--cv`` or 5),
on the same folds: TF-IDF (word unigrams, scikit-learn defaults) + one
logistic regression per label at threshold 0.5, and the same with one
threshold tuned by 3-fold cross-validation inside the training folds (for
micro-F1 on frames, for samples-F1 on narratives, where an article is
``Other`` when no narrative reaches the threshold); (narratives) "Other"
for every article.

Measures: frames, micro-F1 over article-frame pairs (mean and standard
deviation over folds: the fold spread); narratives, samples-averaged F1 of
narratives (coarse) and sub-narratives (fine), the same over the articles
that carry a narrative, F1 per narrative, and the model's lead over each
baseline fold by fold (paired: the same articles; mean, standard deviation,
smallest, and how many folds it is ahead on). When the folder also has
``entity_roles.tsv`` (SemEval-2025 Task 10 subtask 1), the entity-role
figures of ``benchmarks/entity_roles.py`` follow (the shipped role model, or
``--cv`` folds grouped by article). The last line is one JSON
object with ``micro_f1`` (frames) or ``coarse_f1`` and ``fine_f1`` (and
``role_accuracy`` and ``role_exact`` with entity roles; the other role
figures under ``roles``).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
from entity_roles import role_figures  # benchmarks/entity_roles.py, beside this script
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_predict
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import make_pipeline

from narratives.stories.classifier import StoryClassifier, best_threshold, micro_f1
from narratives.stories.evaluate import label_f1, samples_f1
from narratives.stories.labelled import NONE_LABEL, LabelledSet, read_labelled
from narratives.stories.model import Predicted, StoryModel, decode, label_matrix
from narratives.stories.params import load_model, shipped_model
from narratives.stories.taxonomy import Taxonomy, shipped_taxonomy


def _baseline() -> object:
    return make_pipeline(TfidfVectorizer(), OneVsRestClassifier(LogisticRegression(max_iter=1000)))


def _fit_proba(train: list[str], y: np.ndarray, test: list[str]) -> np.ndarray:
    """Baseline probabilities of ``test``; labels without positives in ``y`` get 0."""
    out = np.zeros((len(test), y.shape[1]))
    varying = (y.min(axis=0) != y.max(axis=0)).nonzero()[0]
    out[:, varying] = _baseline().fit(train, y[:, varying]).predict_proba(test)
    out[:, y.min(axis=0) == 1] = 1.0
    return out


def _inner_proba(train: list[str], y: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Baseline probabilities of the training texts by 3-fold cross-validation inside them, and the labels that vary."""
    varying = (y.min(axis=0) != y.max(axis=0)).nonzero()[0]
    oof = np.zeros(y.shape)
    oof[:, varying] = cross_val_predict(_baseline(), train, y[:, varying], cv=KFold(3, shuffle=True, random_state=seed), method="predict_proba")
    return oof, varying


def _tuned_threshold(train: list[str], y: np.ndarray, seed: int) -> float:
    """The baseline's one threshold for micro-F1, chosen inside the training texts."""
    oof, varying = _inner_proba(train, y, seed)
    return best_threshold(oof[:, varying], y[:, varying])[0]


def _tuned_sets_threshold(labelled: LabelledSet, taxonomy: Taxonomy, y: np.ndarray, seed: int) -> float:
    """The baseline's one threshold for samples-F1 (coarse + fine), chosen inside the training articles."""
    oof, _ = _inner_proba(labelled.texts, y, seed)
    every = range(len(labelled.texts))
    return max(np.round(np.arange(0.05, 0.951, 0.025), 3), key=lambda threshold: sum(_scores(labelled, _at(taxonomy, oof, threshold), every)))


def _trained(taxonomy: Taxonomy, labelled: LabelledSet, model: StoryModel | None) -> StoryModel:
    """A model trained on ``labelled`` with the settings of ``model`` (the defaults when None)."""
    return StoryModel.train(taxonomy, labelled, StoryClassifier(**model.classifier.get_params()) if model is not None else None)


def _lead(ours: list[float], baseline: list[float]) -> dict:
    """The model's lead over a baseline on the same folds: mean, standard deviation, smallest, folds ahead."""
    lead = np.subtract(ours, baseline)
    return {"mean": round(float(lead.mean()), 4), "sd": round(float(lead.std()), 4), "min": round(float(lead.min()), 4), "ahead": int((lead > 0).sum()), "folds": len(lead)}


def _lead_line(name: str, lead: dict) -> str:
    return f"    over {name}: {lead['mean']:+.4f} ± {lead['sd']:.4f}, smallest {lead['min']:+.4f}, ahead on {lead['ahead']} of {lead['folds']} folds"


def _summary(values: list[float]) -> str:
    return f"{np.mean(values):.4f} ± {np.std(values):.4f}" if len(values) > 1 else f"{values[0]:.4f}"


def _frames(labelled: LabelledSet, taxonomy: Taxonomy, y: np.ndarray, folds: list, args: argparse.Namespace, model: StoryModel | None) -> dict:
    texts = labelled.texts
    ours, at_half, tuned = [], [], []
    for number, (train, test) in enumerate(folds, start=1):
        train_texts, test_texts = [texts[i] for i in train], [texts[i] for i in test]
        if args.cv:
            fitted = _trained(taxonomy, _subset(labelled, train), model)
            ours.append(micro_f1(_chosen(taxonomy, fitted.predict(test_texts)), y[test]))
        p = _fit_proba(train_texts, y[train], test_texts)
        at_half.append(micro_f1(p >= 0.5, y[test]))
        tuned.append(micro_f1(p >= _tuned_threshold(train_texts, y[train], args.seed), y[test]))
        print(f"fold {number}: " + (f"model {ours[-1]:.4f}  " if args.cv else "") + f"baseline@0.5 {at_half[-1]:.4f}  baseline tuned {tuned[-1]:.4f}", flush=True)
    if not args.cv:
        ours = [micro_f1(_chosen(taxonomy, model.predict(texts)), y)]
    print(f"\nframes, micro-F1 over article-frame pairs ({len(texts)} articles, {y.sum()} pairs)")
    print(f"  {'model' if args.cv else 'shipped model (no training on this folder)'}: {_summary(ours)}")
    print(f"  baseline TF-IDF + LR @ 0.5: {_summary(at_half)}")
    print(f"  baseline TF-IDF + LR, tuned threshold: {_summary(tuned)}")
    spread = float(np.std(ours)) if len(ours) > 1 else None
    return {"micro_f1": float(np.mean(ours)), "micro_f1_sd": spread, "baseline_f1_at_0_5": float(np.mean(at_half)), "baseline_f1_tuned": float(np.mean(tuned)), "baseline_tuned_sd": float(np.std(tuned))}


def _chosen(taxonomy: Taxonomy, predicted: Predicted) -> np.ndarray:
    """0/1 matrix (texts × taxonomy labels) of predicted coarse label sets."""
    return np.array([[name in labels for name in taxonomy.names] for labels in predicted.coarse], dtype=np.int8).reshape(len(predicted.coarse), len(taxonomy.names))


def _at(taxonomy: Taxonomy, p: np.ndarray, threshold: float) -> Predicted:
    """Label sets of the baseline's probabilities at one threshold: ``Other`` when no narrative reaches it."""
    coarse = [j for j, name in enumerate(taxonomy.names) if taxonomy.parent_of(name) is None]
    none = 1.0 - p[:, coarse].max(axis=1, initial=0.0)
    return decode(taxonomy, np.column_stack([p, none]), np.append(np.full(p.shape[1], threshold), 1.0 - threshold + 1e-9))


def _subset(labelled: LabelledSet, rows) -> LabelledSet:
    pick = list(rows)
    return LabelledSet(labelled.folder, [labelled.ids[i] for i in pick], [labelled.texts[i] for i in pick], [labelled.coarse[i] for i in pick], [labelled.fine[i] for i in pick], labelled.hierarchical)


def _scores(labelled: LabelledSet, predicted: Predicted, rows) -> tuple[float, float]:
    rows = list(rows)
    return samples_f1([labelled.coarse[i] for i in rows], [predicted.coarse[k] for k in range(len(rows))]), samples_f1([labelled.fine[i] for i in rows], [predicted.fine[k] for k in range(len(rows))])


def _narratives(labelled: LabelledSet, taxonomy: Taxonomy, y: np.ndarray, folds: list, args: argparse.Namespace, model: StoryModel | None) -> dict:
    texts, n = labelled.texts, len(labelled.texts)
    pooled: dict[str, list[frozenset[str] | None]] = {"coarse": [None] * n, "fine": [None] * n}
    fold_scores, lr_scores, tuned_scores, other_folds = [], [], [], []
    other = Predicted([frozenset({NONE_LABEL})] * n, [frozenset({NONE_LABEL})] * n)
    other_scores = _scores(labelled, other, range(n))
    for number, (train, test) in enumerate(folds, start=1):
        train_texts, test_texts = [texts[i] for i in train], [texts[i] for i in test]
        if args.cv:
            fitted = _trained(taxonomy, _subset(labelled, train), model)
            predicted = fitted.predict(test_texts)
            for k, i in enumerate(test):
                pooled["coarse"][i], pooled["fine"][i] = predicted.coarse[k], predicted.fine[k]
            fold_scores.append(_scores(labelled, predicted, test))
        other_folds.append(_scores(labelled, other, test))
        p = _fit_proba(train_texts, y[train], test_texts)
        lr_scores.append(_scores(labelled, _at(taxonomy, p, 0.5), test))
        tuned_scores.append(_scores(labelled, _at(taxonomy, p, _tuned_sets_threshold(_subset(labelled, train), taxonomy, y[train], args.seed)), test))
        print(
            f"fold {number}: " + (f"model coarse {fold_scores[-1][0]:.4f} fine {fold_scores[-1][1]:.4f}  " if args.cv else "")
            + f"baseline LR@0.5 coarse {lr_scores[-1][0]:.4f} fine {lr_scores[-1][1]:.4f}  baseline LR tuned coarse {tuned_scores[-1][0]:.4f} fine {tuned_scores[-1][1]:.4f}",
            flush=True,
        )
    if not args.cv:
        predicted = model.predict(texts)
        pooled = {"coarse": predicted.coarse, "fine": predicted.fine}
        fold_scores = [_scores(labelled, predicted, range(n))]
    coarse, fine = [s[0] for s in fold_scores], [s[1] for s in fold_scores]
    carrying = [i for i in range(n) if labelled.coarse[i] != frozenset({NONE_LABEL})]
    carrying_coarse = samples_f1([labelled.coarse[i] for i in carrying], [pooled["coarse"][i] for i in carrying])
    carrying_fine = samples_f1([labelled.fine[i] for i in carrying], [pooled["fine"][i] for i in carrying])
    print(f"\nnarratives, samples-averaged F1 ({n} articles, {len(carrying)} carry a narrative)")
    print("  (the URW narratives of this taxonomy are mostly pro-Kremlin narratives)")
    print(f"  {'model' if args.cv else 'shipped model (no training on this folder)'}: coarse {_summary(coarse)}  fine {_summary(fine)}")
    print(f"  model on the articles that carry a narrative: coarse {carrying_coarse:.4f}  fine {carrying_fine:.4f}")
    print(f"  baseline 'Other' for every article: coarse {other_scores[0]:.4f}  fine {other_scores[1]:.4f}")
    print(f"  baseline TF-IDF + LR @ 0.5: coarse {_summary([s[0] for s in lr_scores])}  fine {_summary([s[1] for s in lr_scores])}")
    print(f"  baseline TF-IDF + LR, threshold tuned: coarse {_summary([s[0] for s in tuned_scores])}  fine {_summary([s[1] for s in tuned_scores])}")
    leads = {}
    if args.cv:
        print("  the model's lead, fold by fold (paired):")
        for level, k in (("coarse", 0), ("fine", 1)):
            leads[level] = {"over_other": _lead([s[k] for s in fold_scores], [s[k] for s in other_folds]), "over_lr_tuned": _lead([s[k] for s in fold_scores], [s[k] for s in tuned_scores])}
            print(f"   {level}:")
            print(_lead_line("'Other'", leads[level]["over_other"]))
            print(_lead_line("TF-IDF + LR tuned", leads[level]["over_lr_tuned"]))
    print("\n  F1 per narrative (pooled over articles; gold count):")
    per_label = {}
    for name in [*taxonomy.coarse, NONE_LABEL]:
        f1, count = label_f1(labelled.coarse, pooled["coarse"], name)
        if count:
            per_label[name] = round(f1, 4)
            print(f"    {f1:.3f}  {count:4d}  {name}")
    return {
        "coarse_f1": float(np.mean(coarse)),
        "fine_f1": float(np.mean(fine)),
        "coarse_f1_sd": float(np.std(coarse)) if len(coarse) > 1 else None,
        "fine_f1_sd": float(np.std(fine)) if len(fine) > 1 else None,
        "carrying_coarse_f1": carrying_coarse,
        "carrying_fine_f1": carrying_fine,
        "baseline_other": {"coarse_f1": other_scores[0], "fine_f1": other_scores[1]},
        "baseline_lr": {"coarse_f1": float(np.mean([s[0] for s in lr_scores])), "fine_f1": float(np.mean([s[1] for s in lr_scores]))},
        "baseline_lr_tuned": {"coarse_f1": float(np.mean([s[0] for s in tuned_scores])), "fine_f1": float(np.mean([s[1] for s in tuned_scores])), "coarse_f1_sd": float(np.std([s[0] for s in tuned_scores])), "fine_f1_sd": float(np.std([s[1] for s in tuned_scores]))},
        "per_narrative_f1": per_label,
        "lead": leads,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Score frames / narratives models on a labelled folder, with baselines.")
    parser.add_argument("--data", type=Path, required=True, help="labelled folder: articles/ and labels.tsv")
    parser.add_argument("--cv", type=int, default=0, help="cross-validate training with K folds split by article (default: score the shipped model)")
    parser.add_argument("--model", type=Path, help="a model file (.npz) to score instead of the shipped one")
    parser.add_argument("--seed", type=int, default=0, help="seed of the folds (default: %(default)s)")
    parser.add_argument("--stratify", action="store_true", help="folds with the same share of articles that carry no label (narratives: 'Other')")
    args = parser.parse_args()
    if args.cv == 1 or args.cv < 0:
        parser.error("--cv needs at least 2 folds")
    labelled = read_labelled(args.data)
    name = "semeval2025" if labelled.hierarchical else "frames"
    model = load_model(args.model) if args.model else shipped_model(name)
    if model is None and not args.cv:
        parser.error(f"no shipped {name} model: train one (narratives train-narratives) or use --cv")
    taxonomy = model.taxonomy if model is not None else shipped_taxonomy(name)
    y = label_matrix(taxonomy, labelled)
    if args.stratify:
        unlabelled = [coarse == frozenset({NONE_LABEL}) for coarse in labelled.coarse]
        folds = list(StratifiedKFold(args.cv or 5, shuffle=True, random_state=args.seed).split(labelled.texts, unlabelled))
    else:
        folds = list(KFold(args.cv or 5, shuffle=True, random_state=args.seed).split(labelled.texts))
    started = time.perf_counter()
    result = (_narratives if labelled.hierarchical else _frames)(labelled, taxonomy, y, folds, args, model)
    if (args.data / "entity_roles.tsv").is_file():
        print("\nentity roles (main-role accuracy, fine-role exact match):")
        roles = role_figures(args.data, args.cv or None)
        result.update({"role_accuracy": roles.pop("role_accuracy"), "role_exact": roles.pop("role_exact"), "roles": roles})
    result.update({"data": str(args.data), "cv": args.cv, "seed": args.seed, "stratified": args.stratify, "articles": len(labelled.texts), "seconds": round(time.perf_counter() - started, 1)})
    print(json.dumps(result))


if __name__ == "__main__":
    main()
