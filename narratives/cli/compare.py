"""``narratives compare``, ``report`` and ``teach``: the sides compared, the report, the teaching pages."""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import pandas as pd

from narratives.cli.common import inputs, load_corpus, model_of, read_profile, report_skipped, show_progress
from narratives.csv_export import write_csv
from narratives.errors import InputError, InputWarning
from narratives.output import check_output_dir, output_lock
from narratives.partitions import read_tables, saved_run
from narratives.pipeline import Analysis, analyze
from narratives.sides import Profile


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
        from narratives.compare.grouping import add_grouping

        extra = {doc.id: doc.extra for doc in corpus} if corpus is not None else None
        analysis.documents = add_grouping(analysis.documents, args.by, extra)
        _check_grouping(analysis.documents, args.by, args.paths[0])
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
    from narratives.report.figures import save_figure
    from narratives.report.html import side_colours

    sides = compare_sides(
        analysis, profile, by=args.by, n_boot=args.bootstrap, n_permutations=args.permutations, seed=args.seed
    )
    if sides.comparison is None:
        raise InputError(
            "N124",
            f"no attribution in the corpus speaks for a side of the profile {profile.name!r}; nothing to compare.",
            "Check that the profile fits the corpus: `narratives analyze PATH --profile P` prints the sides found.",
        )
    colours = side_colours(profile)
    written = [*sides.comparison.write(args.out)]
    written += save_figure(sides.comparison.plot_rates(colours=colours), args.out, "rates", formats=("png",))
    print(sides.comparison.summary())
    if sides.words is not None:
        pair = [colours[side] for side in sides.sides[:2]]
        written.append(write_csv(sides.words.table, args.out / "fightin_words.csv"))
        written += save_figure(sides.words.plot(colours=pair), args.out, "fightin_words", formats=("png",))
    if not args.quiet:
        print(f"narratives: wrote {', '.join(str(p) for p in written)}", file=sys.stderr)
    return 0


def _check_grouping(documents: pd.DataFrame, by: str, path: str) -> None:
    """Stop (``N128``) when no document has a value for ``--by``; warn (``N129``) when some have none.

    Nothing has been written yet when this runs, so a refused grouping leaves no partial files.
    """
    values = documents[by] if by in documents.columns else pd.Series([None] * len(documents), dtype=object)
    missing = int((values.isna() | (values.astype(str).str.strip() == "")).sum())
    how = (
        f"Give each document its {by} in a metadata.csv, .tsv or .jsonl file beside the documents "
        f"(with a `file` column and the column `{by}`), or name one with --metadata FILE"
    )
    if missing == len(documents):
        raise InputError(
            "N128",
            f"none of the {len(documents)} documents has a value for {by!r}, so --by {by} has no group to compare the sides in.",
            f"{how}; or leave out --by to compare the sides over the whole corpus.",
            path=path,
        )
    if missing:
        warnings.warn(
            InputWarning(
                "N129",
                f"{missing} of the {len(documents)} documents have no value for {by!r}: their statements are left out of the comparisons by {by}.",
                f"{how}.",
                path=path,
            ),
            stacklevel=2,
        )


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
    from narratives.report.build import build_report

    read_profile(args.profile)  # a bad profile fails before the corpus is read
    check_output_dir(args.out, inputs(args))
    options = {
        "text_field": args.text_field,
        "id_field": args.id_field or None,
        "metadata": args.metadata,
        "encoding": args.encoding,
        "max_bytes": int(args.max_doc_mb * 1e6),
        "on_error": "skip" if args.skip_bad else "raise",
    }
    with output_lock(args.out):
        report = build_report(
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
    if "skipped.csv" in report.files:
        n_skipped = len(pd.read_csv(args.out / "skipped.csv"))
        print(f"narratives: skipped {n_skipped} unreadable document(s); see {args.out / 'skipped.csv'}", file=sys.stderr)
    if not args.quiet:
        print(f"narratives: wrote {len(report.files)} files; open {args.out / 'index.html'} in a browser", file=sys.stderr)
    return 0


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
