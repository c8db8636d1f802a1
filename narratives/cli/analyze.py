"""``narratives analyze``: the tables (CSV, Parquet partitions, brat files) of a corpus."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from narratives.attribution.brat import write_ann
from narratives.cli.common import (
    inputs,
    load_corpus,
    model_of,
    print_side_counts,
    read_profile,
    report_skipped,
    show_progress,
)
from narratives.corpus import Corpus
from narratives.csv_export import write_csvs
from narratives.output import OutputNames, check_output_dir, output_lock
from narratives.partitions import DEFAULT_PARTITION_SIZE, RunSpec, RunSummary, run_partitioned
from narratives.pipeline import analyze, iter_analyses
from narratives.sides import Profile, side_counts


def cmd_analyze(args: argparse.Namespace) -> int:
    """Run the pipeline and write the tables (or brat files)."""
    profile = None if args.profile is None else read_profile(args.profile)
    corpus = load_corpus(args)
    check_output_dir(args.out, inputs(args))
    with output_lock(args.out):
        return _analyze(args, corpus, profile)


def _analyze(args: argparse.Namespace, corpus: Corpus, profile: Profile | None) -> int:
    """``analyze`` once the output folder is checked and locked."""
    model = model_of(args)
    progress = show_progress(args, len(corpus))
    if args.format == "parquet":
        return _analyze_partitioned(args, corpus, profile, progress)
    if args.format == "brat":
        n_docs = n_attributions = 0
        names = OutputNames(args.out)
        for result in iter_analyses(corpus, progress, model):
            write_ann(names.path(result.document.id, ".ann"), result.attributions, result.document.text)
            n_docs += 1
            n_attributions += len(result.attributions)
        report_skipped(corpus, args.out)
        if not args.quiet:
            print(f"narratives: wrote {n_attributions} attribution(s) in {n_docs} .ann file(s) to {args.out}", file=sys.stderr)
        return 0
    result = analyze(corpus, progress=progress, model=model, profile=profile)
    written = write_csvs({args.out / f"{name}.csv": getattr(result, name) for name in ("documents", "sentences", "attributions")})
    report_skipped(corpus, args.out)
    if not args.quiet:
        print(
            f"narratives: analysed {len(result.documents)} document(s): {len(result.sentences)} sentence(s), "
            f"{len(result.attributions)} attribution(s); wrote {', '.join(str(p) for p in written)}",
            file=sys.stderr,
        )
        if profile is not None:
            print_side_counts(side_counts(result.attributions, profile), profile)
    return 0


def _run_spec(args: argparse.Namespace) -> RunSpec:
    """The parameters of a partitioned run, with every path resolved (checked by --resume)."""

    def resolved(path: str | Path | None) -> str | None:
        return None if path is None else str(Path(path).resolve())

    profile = args.profile if args.profile is None or not Path(args.profile).exists() else resolved(args.profile)
    corpus = {
        "paths": [resolved(path) for path in args.paths],
        "text_field": args.text_field,
        "id_field": args.id_field,
        "metadata": resolved(args.metadata),
        "encoding": args.encoding,
        "max_doc_mb": args.max_doc_mb,
        "skip_bad": args.skip_bad,
    }
    return RunSpec(corpus, args.partition_size or DEFAULT_PARTITION_SIZE, resolved(args.model), profile)


def _analyze_partitioned(args: argparse.Namespace, corpus: Corpus, profile: Profile | None, progress: bool) -> int:
    """``analyze --format parquet``: stream partitions through the pipeline (in parallel, resumable)."""
    spec = _run_spec(args)
    total = len(corpus) if progress else None
    if args.engine == "dask":
        from narratives import dask_engine

        summary = dask_engine.run(
            corpus, args.out, spec, scheduler=args.scheduler, n_workers=args.jobs or 1, resume=args.resume, progress=progress, total=total
        )
    else:
        summary = run_partitioned(corpus, args.out, spec, jobs=args.jobs or 1, resume=args.resume, progress=progress, total=total)
    report_skipped(corpus, args.out)
    if summary.redone:
        print(
            f"narratives: redid {summary.redone} partition(s) an earlier run had finished whose files were not those "
            "written (cut short or changed)",
            file=sys.stderr,
        )
    if not args.quiet:
        _print_run_summary(summary, args.out)
        if profile is not None:
            order = side_counts(pd.DataFrame({"side": pd.Series(dtype=str)}), profile).index
            print_side_counts(pd.Series(summary.sides, dtype="int64").reindex(order, fill_value=0), profile)
    return 0


def _print_run_summary(summary: RunSummary, out: Path) -> None:
    rows = summary.rows
    resumed = f", {summary.resumed} of them finished by an earlier run" if summary.resumed else ""
    folders = ", ".join(f"{out / name}/" for name in ("documents", "sentences", "attributions"))
    print(
        f"narratives: analysed {rows['documents']} document(s): {rows['sentences']} sentence(s), "
        f"{rows['attributions']} attribution(s) in {summary.partitions} partition(s){resumed}; wrote {folders}",
        file=sys.stderr,
    )
