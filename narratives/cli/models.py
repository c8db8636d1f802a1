"""``narratives profiles``, ``evaluate`` and ``train``: profiles listed or checked, attributions scored, a model trained."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from narratives.attribution.brat import read_brat_dir
from narratives.attribution.evaluate import evaluate
from narratives.attribution.model import AttributionModel
from narratives.attribution.training import brat_documents
from narratives.cli.common import read_profile
from narratives.corpus.files import read_text_file
from narratives.errors import InputError
from narratives.sides import list_profiles, load_profile


def cmd_profiles(args: argparse.Namespace) -> int:
    """List the shipped profiles, or check one profile file."""
    if args.action == "check":
        profile = read_profile(args.path)
        own = [actor for actor in profile.actors if not actor.from_world]
        n_own = sum(1 for actor in own for _ in actor.mentions())
        n_all = sum(1 for actor in profile.actors for _ in actor.mentions())
        sides = ", ".join(profile.side_ids)
        print(
            f"{args.path}: ok: {len(profile.sides)} sides ({sides}), {len(own)} actors, {n_own} mentions; "
            f"shipped world knowledge adds {len(profile.actors) - len(own)} actors and {n_all - n_own} mentions"
        )
        return 0
    for name in list_profiles():
        profile = load_profile(name)
        print(f"{name}\t{profile.title}")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    """Score predicted brat files against gold ones."""
    gold_dir = Path(args.gold)
    gold = read_brat_dir(gold_dir)
    texts = {}
    for doc_id in gold:
        path = gold_dir / "text" / f"{doc_id}.txt"
        if not path.exists():
            path = gold_dir / f"{doc_id}.txt"
        texts[doc_id] = read_text_file(path)
    pred = read_brat_dir(args.pred, texts=gold_dir)
    result = evaluate(gold, pred, texts)
    if args.json:
        print(json.dumps(result.to_dict(), indent=1))
    else:
        print(result.to_frame().to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    """Train an attribution model on brat folders."""
    documents = [doc for folder in args.paths for doc in brat_documents(folder)]
    if not documents:
        raise InputError("N122", "no annotated documents found.", "Give brat folders with text/*.txt and attributions/*.ann.")
    if not args.quiet:
        print(f"narratives: training on {len(documents)} document(s)...", file=sys.stderr)
    model = AttributionModel(c1=args.c1, c2=args.c2, max_iterations=args.iterations, prior_folds=args.prior_folds).fit(documents)
    model.save(args.out)
    if not args.quiet:
        print(f"narratives: wrote the model to {args.out}; use it with --model {args.out}", file=sys.stderr)
    return 0
