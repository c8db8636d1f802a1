"""Training story models: the script that builds the shipped parameters.

    narratives train-narratives --taxonomy narratives/data/stories/frames.toml \\
        --data ../shared/framing/frames --out narratives/data/stories/frames.npz
    narratives train-narratives --taxonomy narratives/data/stories/semeval2025.toml \\
        --data ../shared/narratives/semeval2025 --headline-weight 4 \\
        --out narratives/data/stories/semeval2025.npz

The labelled folder is read by :func:`~narratives.stories.labelled.read_labelled`;
every label in it must be in the taxonomy. The taxonomy file is copied
beside the model when it is elsewhere, so the model loads by itself.

Errors raised here: ``N178`` (a label of the data that the taxonomy lacks), ``N179`` (no such taxonomy file), ``N174`` (``--inner-cv`` out of range), ``N181`` (a negative ``--headline-weight``).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from narratives.errors import InputError
from narratives.stories.classifier import StoryClassifier
from narratives.stories.labelled import NONE_LABEL, LabelledSet, read_labelled
from narratives.stories.model import StoryModel
from narratives.stories.params import save_model
from narratives.stories.taxonomy import TAXONOMY_DIR, Taxonomy, load_taxonomy

__all__ = ["add_arguments", "check_labels", "resolve_taxonomy", "run", "train_model"]


def resolve_taxonomy(given: str | Path) -> Path:
    """A taxonomy path, or the shipped taxonomy of that name (``frames``, ``semeval2025``)."""
    path = Path(given)
    if path.is_file():
        return path
    shipped = TAXONOMY_DIR / f"{given}.toml"
    if shipped.is_file():
        return shipped
    raise InputError("N179", "no such taxonomy file.", "Give a TOML file (see docs/stories.md) or a shipped name: frames, semeval2025.", path=path)


def check_labels(taxonomy: Taxonomy, labelled: LabelledSet) -> None:
    """``N178`` naming the first label of ``labels.tsv`` that the taxonomy lacks."""
    known = set(taxonomy.names) | {NONE_LABEL}
    for doc_id, coarse, fine in zip(labelled.ids, labelled.coarse, labelled.fine):
        unknown = sorted((coarse | fine) - known)
        if unknown:
            raise InputError(
                "N178",
                f"article {doc_id} carries label {unknown[0]!r}, which taxonomy {taxonomy.name!r} does not define.",
                "Add the label to the taxonomy file or correct labels.tsv.",
                path=labelled.folder / "labels.tsv",
            )


def train_model(taxonomy_path: str | Path, labelled: LabelledSet, classifier: StoryClassifier | None = None) -> StoryModel:
    """Fit a :class:`StoryModel` on a labelled set with the labels of a taxonomy file."""
    taxonomy = load_taxonomy(taxonomy_path)
    check_labels(taxonomy, labelled)
    return StoryModel.train(taxonomy, labelled, classifier)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``train-narratives``."""
    defaults = StoryClassifier()
    parser.add_argument("--taxonomy", required=True, help="taxonomy TOML file, or a shipped name (frames, semeval2025)")
    parser.add_argument("--data", required=True, type=Path, help="labelled folder: articles/ and labels.tsv (docs/stories.md)")
    parser.add_argument("--out", required=True, type=Path, help="model file to write (.npz)")
    parser.add_argument("--max-features", type=int, default=defaults.max_features, help="n-grams kept per block (default: %(default)s)")
    parser.add_argument("--inner-cv", type=int, default=defaults.inner_cv, help="folds for calibration and thresholds (default: %(default)s)")
    parser.add_argument("--headline-weight", type=float, default=defaults.headline_weight, help="extra times an article's headline (its first line, before a blank line) is counted (default: %(default)s)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no messages")


def run(args: argparse.Namespace) -> int:
    """Train and save (the body of ``narratives train-narratives``)."""
    if args.headline_weight < 0:
        raise InputError("N181", f"--headline-weight {args.headline_weight} is negative.", "Give 0 (headlines count once, as part of the text) or more.")
    taxonomy_path = resolve_taxonomy(args.taxonomy)
    labelled = read_labelled(args.data)
    if args.inner_cv < 2 or args.inner_cv > len(labelled.ids):
        raise InputError("N174", f"--inner-cv {args.inner_cv} needs between 2 and {len(labelled.ids)} articles per fold set.", "Lower --inner-cv or label more articles.", path=args.data)
    if not args.quiet:
        print(f"narratives: training on {len(labelled.ids)} article(s) of {args.data}...", file=sys.stderr)
    classifier = StoryClassifier(max_features=args.max_features, inner_cv=args.inner_cv, headline_weight=args.headline_weight)
    model = train_model(taxonomy_path, labelled, classifier)
    out = args.out if args.out.suffix == ".npz" else args.out.with_suffix(".npz")
    beside = out.parent / taxonomy_path.name
    if beside.resolve() != taxonomy_path.resolve():
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(taxonomy_path, beside)
    save_model(model, out, beside, {"folder": Path(args.data).name, "articles": len(labelled.ids)})
    if not args.quiet:
        print(f"narratives: wrote {out} (taxonomy {model.taxonomy.name}, {len(model.taxonomy.names)} labels)", file=sys.stderr)
    return 0
