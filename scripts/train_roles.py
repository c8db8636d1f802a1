"""Train the entity-role model from a labelled folder; writes narratives/data/entity_roles.json.

    python scripts/train_roles.py --data ../shared/narratives/semeval2025

FOLDER is in the SemEval-2025 Task 10 subtask 1 layout (``entity_roles.tsv``
and ``articles/``; see :func:`narratives.stories.roles.read_entity_roles`),
the shared one or a user's own. The model (:class:`RoleClassifier`, the
default parameters) is trained on every mention; its figures are measured
first by 5-fold cross-validation grouped by article
(``benchmarks/entity_roles.py --cv 5`` does the same) and written with it,
as its model card. Only weights and feature names are written (words of
the articles' vocabulary seen in at least ``min_count`` mentions, no text).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "benchmarks")]

from entity_roles import cross_validate

from narratives.stories.roles import MODEL_PATH, TRAINING_PROFILE, train_roles

FOLDS = 5


def main() -> None:
    parser = argparse.ArgumentParser(description="Train the entity-role model and write its parameters.")
    parser.add_argument("--data", type=Path, required=True, help="folder with entity_roles.tsv and articles/")
    parser.add_argument(
        "--out", type=Path, default=MODEL_PATH, help="where to write the JSON (default: the shipped file)"
    )
    parser.add_argument(
        "--terms",
        default="SemEval-2025 Task 10 data: scientific research use only, not redistributable",
        help="the terms of the training data, recorded in the model card",
    )
    args = parser.parse_args()
    model, contexts = train_roles(args.data)
    figures = cross_validate(contexts, FOLDS)
    card = {
        "about": "Entity-role model (main role and fine role of a named mention), written by scripts/train_roles.py. "
        "Weights and feature names only; no text from the training data.",
        "trained_on": {
            "folder": args.data.name,
            "mentions": len(contexts),
            "articles": int(contexts["doc_id"].nunique()),
            "main_roles": contexts["main_role"].value_counts().to_dict(),
            "profile": TRAINING_PROFILE,
            "terms": args.terms,
        },
        "small_data_warning": "Fewer than 500 labelled mentions: the figures below have wide spreads, and the model "
        "reads words and framing near a mention, not the article's argument.",
        "cross_validation": {"folds": FOLDS, "grouped_by": "article", **figures},
        "model": model.to_json(),
    }
    args.out.write_text(json.dumps(card, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in card.items() if k != "model"}, indent=1))


if __name__ == "__main__":
    main()
