"""Entity roles (hero, villain, victim) of named mentions, against the majority role and TF-IDF.

Usage::

    python benchmarks/entity_roles.py --data ../shared/narratives/semeval2025          # the shipped model
    python benchmarks/entity_roles.py --data ../shared/narratives/semeval2025 --cv 5   # cross-validated training

FOLDER holds ``entity_roles.tsv`` and ``articles/`` (SemEval-2025 Task 10
subtask 1 layout, see :func:`narratives.stories.roles.read_entity_roles`).
``--data`` alone scores the shipped model (``narratives/data/entity_roles.json``)
on every mention; on the shared folder that is its own training set, so
the figure is in-sample. ``--cv K`` trains on K-1 folds of articles
(GroupKFold by article) and scores the held-out fold, with two baselines
trained on the same folds: the majority main role (and its commonest fine
role), and a TF-IDF + logistic-regression model of the mention and the
words around it. Measures: main-role accuracy and exact match of the
fine-role set (the task's official measures). Prints one JSON object last
with ``role_accuracy`` and ``role_exact`` (the model's; cross-validated
with ``--cv``) and the baselines'.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import make_pipeline
from threadpoolctl import threadpool_limits

from narratives.sides import load_profile
from narratives.stories.roles import (
    TRAINING_PROFILE,
    RoleClassifier,
    document_contexts,
    load_roles_model,
    read_entity_roles,
)


def scores(main: pd.Series, fine: pd.Series, predicted_main, predicted_fine) -> dict[str, float]:
    """Main-role accuracy and fine-role exact match (as sets)."""
    return {
        "accuracy": float(np.mean(np.asarray(predicted_main, dtype=object) == main.to_numpy(dtype=object))),
        "exact": float(np.mean([set(a) == set(b) for a, b in zip(predicted_fine, fine)])),
    }


def window_texts(contexts: pd.DataFrame, window: int) -> list[str]:
    """The mention and ``window`` words on each side, as one string (the TF-IDF baseline's input)."""
    return [
        " ".join([*left[-window:], mention, *right[:window]])
        for left, mention, right in zip(contexts["left"], contexts["mention"], contexts["right"])
    ]


def baselines(train: pd.DataFrame, test: pd.DataFrame, window: int) -> dict[str, dict[str, float]]:
    """Majority role and TF-IDF of the mention window, trained on ``train``, scored on ``test``."""
    majority = Counter(train["main_role"]).most_common(1)[0][0]
    fine_majority = Counter(
        r for main, roles in zip(train["main_role"], train["fine_roles"]) if main == majority for r in roles
    ).most_common(1)[0][0]
    found = {
        "majority": scores(
            test["main_role"], test["fine_roles"], [majority] * len(test), [(fine_majority,)] * len(test)
        )
    }
    texts_train, texts_test = window_texts(train, window), window_texts(test, window)
    main = make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=3000)).fit(
        texts_train, train["main_role"]
    )
    first = [roles[0] for roles in train["fine_roles"]]
    fine = make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=3000)).fit(texts_train, first)
    found["tfidf_window"] = scores(
        test["main_role"],
        test["fine_roles"],
        main.predict(texts_test),
        [(r,) for r in fine.predict(texts_test)],
    )
    return found


def cross_validate(contexts: pd.DataFrame, k: int, **params: object) -> dict[str, object]:
    """K-fold cross-validation grouped by article: the model and both baselines, per fold and pooled."""
    folds: dict[str, list[dict[str, float]]] = {"model": [], "majority": [], "tfidf_window": []}
    window = RoleClassifier(**params).window
    for train_rows, test_rows in GroupKFold(k).split(contexts, groups=contexts["doc_id"]):
        train, test = contexts.iloc[train_rows], contexts.iloc[test_rows]
        model = RoleClassifier(**params).fit(train, train["main_role"], train["fine_roles"])
        folds["model"].append(
            scores(test["main_role"], test["fine_roles"], model.predict(test), model.predict_fine(test))
        )
        with threadpool_limits(1):
            for name, figures in baselines(train, test, window).items():
                folds[name].append(figures)
    return {
        name: {
            measure: {
                "mean": round(float(np.mean([f[measure] for f in runs])), 4),
                "sd": round(float(np.std([f[measure] for f in runs])), 4),
            }
            for measure in ("accuracy", "exact")
        }
        for name, runs in folds.items()
    }


def role_figures(folder: Path, cv: int | None) -> dict[str, object]:
    """Print the role figures of a folder (shipped model, or ``cv``-fold cross-validation) and return the summary.

    The summary holds ``role_accuracy`` and ``role_exact`` (the model's),
    with the baselines' figures under ``--cv``; ``benchmarks/narrative_models.py``
    adds it to its own when the folder has ``entity_roles.tsv``.
    """
    mentions, texts = read_entity_roles(folder)
    contexts = document_contexts(texts, mentions, load_profile(TRAINING_PROFILE))
    roles = Counter(contexts["main_role"])
    print(f"mentions: {len(contexts)}  articles: {contexts['doc_id'].nunique()}  main roles: {dict(roles)}")
    if cv:
        result = cross_validate(contexts, cv)
        for name, figures in result.items():
            print(
                f"{name:13s} accuracy {figures['accuracy']['mean']:.4f} (sd {figures['accuracy']['sd']:.4f})  "
                f"exact {figures['exact']['mean']:.4f} (sd {figures['exact']['sd']:.4f})"
            )
        summary = {
            "role_accuracy": result["model"]["accuracy"]["mean"],
            "role_exact": result["model"]["exact"]["mean"],
            "folds": cv,
            "spread": {
                "accuracy_sd": result["model"]["accuracy"]["sd"],
                "exact_sd": result["model"]["exact"]["sd"],
            },
            "majority": {m: result["majority"][m]["mean"] for m in ("accuracy", "exact")},
            "tfidf_window": {m: result["tfidf_window"][m]["mean"] for m in ("accuracy", "exact")},
        }
    else:
        model = load_roles_model()
        figures = scores(
            contexts["main_role"],
            contexts["fine_roles"],
            model.predict(contexts),
            model.predict_fine(contexts),
        )
        print(f"shipped model: accuracy {figures['accuracy']:.4f}  exact {figures['exact']:.4f}")
        summary = {
            "role_accuracy": round(figures["accuracy"], 4),
            "role_exact": round(figures["exact"], 4),
            "note": "shipped model, no training on DATA; on the shared SemEval folder this is its training set (in-sample)",
        }
    return {"mentions": len(contexts), "articles": int(contexts["doc_id"].nunique()), **summary}


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Score entity-role prediction on a SemEval-2025 Task 10 style folder."
    )
    parser.add_argument("--data", type=Path, required=True, help="folder with entity_roles.tsv and articles/")
    parser.add_argument(
        "--cv",
        type=int,
        metavar="K",
        help="cross-validate training on the folder (K folds grouped by article)",
    )
    args = parser.parse_args()
    print(json.dumps(role_figures(args.data, args.cv)))


if __name__ == "__main__":
    main()
