"""What the commands share: reading the corpus, the profile and the model from the options, progress, skipped documents."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from narratives.attribution.model import AttributionModel
from narratives.corpus import Corpus, load_many
from narratives.corpus.files import decode_error
from narratives.csv_export import write_csv
from narratives.sides import Profile, load_profile

PROGRESS_THRESHOLD = 5
"""Show a progress bar for corpora of more documents than this."""


def show_progress(args: argparse.Namespace, n_documents: int | None = None) -> bool:
    """Progress bars unless --quiet, only on a terminal (never in a log file or a pipe), and for more than a few documents."""
    return not args.quiet and sys.stderr.isatty() and (n_documents is None or n_documents > PROGRESS_THRESHOLD)


def load_corpus(args: argparse.Namespace) -> Corpus:
    return load_many(
        args.paths,
        text_field=args.text_field,
        id_field=args.id_field or None,
        metadata=args.metadata,
        encoding=args.encoding,
        max_bytes=int(args.max_doc_mb * 1e6),
        on_error="skip" if args.skip_bad else "raise",
    )


def inputs(args: argparse.Namespace) -> list[str | Path | None]:
    """Every input path of a command (corpus paths and the metadata sidecar): --out may not be or hold one."""
    return [*args.paths, getattr(args, "metadata", None)]


def report_skipped(corpus: Corpus, out: Path) -> None:
    """Write skipped.csv and say how many documents were left out (even with --quiet)."""
    if not corpus.skipped:
        return
    from narratives.report.tables import skipped_frame

    path = out / "skipped.csv"
    write_csv(skipped_frame(corpus), path)
    print(f"narratives: skipped {len(corpus.skipped)} unreadable document(s); see {path}", file=sys.stderr)


def read_profile(given: str) -> Profile:
    """:func:`load_profile`, after checking that a profile file is UTF-8 (``N103`` with line and column if not)."""
    path = Path(given)
    if path.is_file():
        data = path.read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as err:
            raise decode_error(data, err, path, "UTF-8", fix="Save the profile as UTF-8 (TOML files are UTF-8).") from None
    return load_profile(given)


def model_of(args: argparse.Namespace) -> AttributionModel | None:
    return None if getattr(args, "model", None) is None else AttributionModel.load(args.model)


def print_side_counts(counts: pd.Series, profile: Profile) -> None:
    listed = ", ".join(f"{side} {count}" for side, count in counts.items())
    print(f"narratives: attributions per side ({profile.name}): {listed}", file=sys.stderr)
