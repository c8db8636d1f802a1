"""``narratives compare``, ``report`` and ``teach``: the sides compared, the report, the teaching pages."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from narratives.cli.common import inputs, load_corpus, model_of, read_profile, report_skipped, show_progress
from narratives.csv_export import write_csv
from narratives.errors import InputError
from narratives.output import check_output_dir, output_lock
from narratives.partitions import read_tables, saved_run
from narratives.pipeline import Analysis, analyze
from narratives.sides import Profile

if TYPE_CHECKING:
    from narratives.report.build import Report


def cmd_compare(args: argparse.Namespace) -> int:
    """Compare how the profile's sides (optionally per outlet) are framed."""
    profile = read_profile(args.profile)
    saved = saved_run(args.paths[0]) if len(args.paths) == 1 else None
    corpus = None if saved is not None else load_corpus(args)
    check_output_dir(args.out, inputs(args), create=False)  # created once the analysis can be compared: a refusal leaves nothing
    if saved is not None:
        _check_run_profile(args.paths[0], saved, args.profile)
        analysis = read_tables(args.paths[0], columns=_COMPARE_COLUMNS)
    else:
        analysis = analyze(corpus, progress=show_progress(args, len(corpus)), profile=profile)
    if args.by is not None:
        # scipy and pandas' heavy parts, which `analyze` does not load
        from narratives.compare.grouping import add_grouping, check_grouping

        extra = {doc.id: doc.extra for doc in corpus} if corpus is not None else None
        analysis.documents = add_grouping(analysis.documents, args.by, extra)
        check_grouping(analysis.documents, args.by, args.paths[0])
    args.out.mkdir(parents=True, exist_ok=True)
    with output_lock(args.out):
        if corpus is not None:
            report_skipped(corpus, args.out)
        return _write_comparison(args, analysis, profile)


def _write_comparison(args: argparse.Namespace, analysis: Analysis, profile: Profile) -> int:
    """``compare`` once the analysis is made: the comparison's tables, figures and summary."""
    # Imported here: the comparison and report modules load scipy, scikit-learn and matplotlib,
    # which `narratives analyze` (and each of its worker processes) does not need.
    from narratives.compare.sides import compare_sides
    from narratives.report.figures import comparison_figure, plot_top_words, save_figure, side_titles
    from narratives.report.html import side_colours
    from narratives.report.tables import slug
    from narratives.report.words import top_words

    sides = compare_sides(
        analysis, profile, by=args.by, n_boot=args.bootstrap, n_permutations=args.permutations, seed=args.seed
    )
    if sides.comparison is None:
        raise InputError(
            "N124",
            f"no attribution in the corpus speaks for a side of the profile {profile.name!r}; nothing to compare.",
            "Check that the profile fits the corpus: `narratives analyze PATH --profile P` prints the sides found.",
        )
    written = [*sides.comparison.write(args.out)]
    drawn = comparison_figure(sides.comparison, profile, args.by)
    if drawn is not None:
        written += save_figure(drawn[0], args.out, "rates" if args.by is None else f"differences_by_{slug(args.by)}", formats=("png",))
    print(sides.comparison.summary())
    if sides.words is not None:
        written.append(write_csv(sides.words.table, args.out / "fightin_words.csv"))
        words = top_words(sides.words)
        if len(words):
            written += save_figure(plot_top_words(words, side_titles(profile), side_colours(profile)), args.out, "fightin_words", formats=("png",))
    if not args.quiet:
        print(f"narratives: wrote {', '.join(str(p) for p in written)}", file=sys.stderr)
    return 0


_COMPARE_COLUMNS = {"documents": ["doc_id", "outlet", "date"], "sentences": ["doc_id", "start", "end", "text"]}
"""What `compare` reads of a partitioned analysis (and every attribution column)."""


def _check_run_profile(folder: str, saved: dict, profile: str) -> None:
    """A partitioned analysis given to `compare` must have been made with the profile compared."""
    given = str(Path(profile).resolve()) if Path(profile).exists() else profile
    if saved.get("profile") == given:
        return
    made = "without a profile" if saved.get("profile") is None else f"with the profile {saved['profile']}"
    fix = f"Run `narratives analyze ... --format parquet --profile {profile}` first, or give the corpus instead."
    if saved.get("profile") is not None:
        fix = f"Compare with --profile {saved['profile']}, or {fix[0].lower()}{fix[1:]}"
    raise InputError("N162", f"this analysis was made {made}, not {profile}.", fix, path=Path(folder) / "_run.json")


def cmd_report(args: argparse.Namespace) -> int:
    """Write the reproducible report folder (index.html, figures, tables, manifest.json)."""
    read_profile(args.profile)  # a bad profile fails before the corpus is read
    created = not args.out.exists()
    check_output_dir(args.out, inputs(args))
    try:
        report = _build_report(args)
    except BaseException:
        if created and args.out.is_dir() and not any(args.out.iterdir()):
            args.out.rmdir()  # refused before anything was written (e.g. N128): leave no empty folder behind
        raise
    if "skipped.csv" in report.files:
        n_skipped = len(pd.read_csv(args.out / "skipped.csv"))
        print(f"narratives: skipped {n_skipped} unreadable document(s); see {args.out / 'skipped.csv'}", file=sys.stderr)
    if not args.quiet:
        print(f"narratives: wrote {len(report.files)} files; open {args.out / 'index.html'} in a browser", file=sys.stderr)
    return 0


def _build_report(args: argparse.Namespace) -> Report:
    """``report`` once its output folder is checked: the report built under the folder's lock."""
    from narratives.report.build import build_report

    options = {
        "text_field": args.text_field,
        "id_field": args.id_field or None,
        "metadata": args.metadata,
        "encoding": args.encoding,
        "max_bytes": int(args.max_doc_mb * 1e6),
        "on_error": "skip" if args.skip_bad else "raise",
    }
    with output_lock(args.out):
        return build_report(
            args.paths,
            args.profile,
            args.out,
            seed=args.seed,
            n_boot=args.bootstrap,
            n_permutations=args.permutations,
            classifier_permutations=args.classifier_permutations,
            classifier_boot=args.classifier_bootstrap,
            model=model_of(args),
            load_options=options,
            command=["narratives", *args.argv],
            timestamp=args.timestamp,
            progress=show_progress(args),
            by=args.by,
            n_jobs=args.jobs,
        )


def cmd_teach(args: argparse.Namespace) -> int:
    """Write the teaching pages: marked-up articles, worksheets, answer keys, events side by side."""
    from narratives.report.lesson import write_teaching

    profile = None if args.profile is None else read_profile(args.profile)
    corpus = load_corpus(args)
    check_output_dir(args.out, inputs(args), create=False)  # write_teaching creates it once --pair/--event are known to be valid
    written = write_teaching(corpus, args.out, profile, pair=args.pair, event=args.event, model=model_of(args))
    report_skipped(corpus, args.out)
    if not args.quiet:
        print(f"narratives: wrote {len(written)} page(s) to {args.out}; open {written[-1]}", file=sys.stderr)
    return 0
