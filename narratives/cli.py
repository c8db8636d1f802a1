"""The ``narratives`` command line: a thin layer over the public functions.

Every error a user can cause is printed as one line (``narratives: error:
[CODE] file:line: problem. fix``) with exit status 2; nothing the user gave
is dropped without a count.
"""

from __future__ import annotations

import argparse
import errno
import json
import math
import signal
import sys
import threading
import warnings
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from narratives import __version__
from narratives.attribution.brat import read_brat_dir, write_ann
from narratives.attribution.evaluate import evaluate
from narratives.attribution.model import AttributionModel
from narratives.attribution.training import brat_documents
from narratives.corpus import DEFAULT_MAX_BYTES, Corpus, load_many
from narratives.corpus.files import decode_error, read_text_file
from narratives.csv_export import write_csv, write_csvs
from narratives.errors import InputError, InputWarning, NarrativesError
from narratives.output import OutputNames, check_output_dir, output_lock
from narratives.partitions import (
    DEFAULT_PARTITION_SIZE,
    RunSpec,
    RunSummary,
    read_tables,
    run_partitioned,
    saved_run,
)
from narratives.pipeline import Analysis, analyze, iter_analyses
from narratives.sides import Profile, list_profiles, load_profile, side_counts
from narratives.stories import train as stories_train

PROGRESS_THRESHOLD = 5
"""Show a progress bar for corpora of more documents than this."""


def _progress(args: argparse.Namespace, n_documents: int | None = None) -> bool:
    """Progress bars unless --quiet, only on a terminal (never in a log file or a pipe), and for more than a few documents."""
    return not args.quiet and sys.stderr.isatty() and (n_documents is None or n_documents > PROGRESS_THRESHOLD)


def _megabytes(value: str) -> float:
    """``--max-doc-mb``: a positive, finite number of megabytes."""
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not (math.isfinite(number) and number > 0):
        raise argparse.ArgumentTypeError(f"must be a positive number of megabytes, such as 10 or 0.5 (got {value!r})")
    return number


def _add_corpus_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("reading the corpus")
    group.add_argument("paths", nargs="+", metavar="PATH", help="text/markdown file, folder of .txt files, brat folder, .jsonl, .csv or .tsv")
    group.add_argument("--text-field", default="text", help="JSON field or CSV column holding the text (default: text)")
    group.add_argument("--id-field", default="id", help="JSON field or CSV column holding the document id (default: id)")
    group.add_argument("--metadata", type=Path, help="metadata sidecar (CSV/TSV/JSONL with a file column) for a folder")
    group.add_argument("--encoding", default="utf-8", help="text encoding of the input (default: utf-8)")
    group.add_argument(
        "--max-doc-mb", type=_megabytes, default=DEFAULT_MAX_BYTES / 1e6, help="largest document accepted, in MB (default: %(default)g)"
    )
    group.add_argument("--skip-bad", action="store_true", help="leave out unreadable documents and report how many (default: stop)")


def _load(args: argparse.Namespace) -> Corpus:
    return load_many(
        args.paths,
        text_field=args.text_field,
        id_field=args.id_field or None,
        metadata=args.metadata,
        encoding=args.encoding,
        max_bytes=int(args.max_doc_mb * 1e6),
        on_error="skip" if args.skip_bad else "raise",
    )


def _inputs(args: argparse.Namespace) -> list[str | Path | None]:
    """Every input path of a command (corpus paths and the metadata sidecar): --out may not be or hold one."""
    return [*args.paths, getattr(args, "metadata", None)]


def _report_skipped(corpus: Corpus, out: Path) -> None:
    """Write skipped.csv and say how many documents were left out (even with --quiet)."""
    if not corpus.skipped:
        return
    from narratives.report.build import skipped_frame

    path = out / "skipped.csv"
    write_csv(skipped_frame(corpus), path)
    print(f"narratives: skipped {len(corpus.skipped)} unreadable document(s); see {path}", file=sys.stderr)


def _load_profile(given: str) -> Profile:
    """:func:`load_profile`, after checking that a profile file is UTF-8 (``N103`` with line and column if not)."""
    path = Path(given)
    if path.is_file():
        data = path.read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as err:
            raise decode_error(data, err, path, "UTF-8", fix="Save the profile as UTF-8 (TOML files are UTF-8).") from None
    return load_profile(given)


def _model(args: argparse.Namespace) -> AttributionModel | None:
    return None if getattr(args, "model", None) is None else AttributionModel.load(args.model)


def _print_side_counts(counts: pd.Series, profile: Profile) -> None:
    listed = ", ".join(f"{side} {count}" for side, count in counts.items())
    print(f"narratives: attributions per side ({profile.name}): {listed}", file=sys.stderr)


def cmd_analyze(args: argparse.Namespace) -> int:
    """Run the pipeline and write the tables (or brat files)."""
    profile = None if args.profile is None else _load_profile(args.profile)
    corpus = _load(args)
    check_output_dir(args.out, _inputs(args))
    with output_lock(args.out):
        return _analyze(args, corpus, profile)


def _analyze(args: argparse.Namespace, corpus: Corpus, profile: Profile | None) -> int:
    """``analyze`` once the output folder is checked and locked."""
    model = _model(args)
    progress = _progress(args, len(corpus))
    if args.format == "parquet":
        return _analyze_partitioned(args, corpus, profile, progress)
    if args.format == "brat":
        n_docs = n_attributions = 0
        names = OutputNames(args.out)
        for result in iter_analyses(corpus, progress, model):
            write_ann(names.path(result.document.id, ".ann"), result.attributions, result.document.text)
            n_docs += 1
            n_attributions += len(result.attributions)
        _report_skipped(corpus, args.out)
        if not args.quiet:
            print(f"narratives: wrote {n_attributions} attribution(s) in {n_docs} .ann file(s) to {args.out}", file=sys.stderr)
        return 0
    result = analyze(corpus, progress=progress, model=model, profile=profile)
    written = write_csvs({args.out / f"{name}.csv": getattr(result, name) for name in ("documents", "sentences", "attributions")})
    _report_skipped(corpus, args.out)
    if not args.quiet:
        print(
            f"narratives: analysed {len(result.documents)} document(s): {len(result.sentences)} sentence(s), "
            f"{len(result.attributions)} attribution(s); wrote {', '.join(str(p) for p in written)}",
            file=sys.stderr,
        )
        if profile is not None:
            _print_side_counts(side_counts(result.attributions, profile), profile)
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
    _report_skipped(corpus, args.out)
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
            _print_side_counts(pd.Series(summary.sides, dtype="int64").reindex(order, fill_value=0), profile)
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


def cmd_compare(args: argparse.Namespace) -> int:
    """Compare how the profile's sides (optionally per outlet) are framed."""
    profile = _load_profile(args.profile)
    saved = saved_run(args.paths[0]) if len(args.paths) == 1 else None
    corpus = None if saved is not None else _load(args)
    check_output_dir(args.out, _inputs(args), create=False)  # created once the analysis can be compared: a refusal leaves nothing
    if saved is not None:
        _check_run_profile(args.paths[0], saved, args.profile)
        analysis = read_tables(args.paths[0], columns=_COMPARE_COLUMNS)
    else:
        analysis = analyze(corpus, progress=_progress(args, len(corpus)), profile=profile)
    if args.by is not None:
        # scipy and pandas' heavy parts, which `analyze` does not load
        from narratives.compare.grouping import add_grouping

        extra = {doc.id: doc.extra for doc in corpus} if corpus is not None else None
        analysis.documents = add_grouping(analysis.documents, args.by, extra)
        _check_grouping(analysis.documents, args.by, args.paths[0])
    args.out.mkdir(parents=True, exist_ok=True)
    with output_lock(args.out):
        if corpus is not None:
            _report_skipped(corpus, args.out)
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

    _load_profile(args.profile)  # a bad profile fails before the corpus is read
    check_output_dir(args.out, _inputs(args))
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
            model=_model(args),
            load_options=options,
            command=["narratives", *args.argv],
            timestamp=args.timestamp,
            progress=_progress(args),
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

    profile = None if args.profile is None else _load_profile(args.profile)
    corpus = _load(args)
    check_output_dir(args.out, _inputs(args), create=False)  # write_teaching creates it once --pair/--event are known to be valid
    written = write_teaching(corpus, args.out, profile, pair=args.pair, event=args.event, model=_model(args))
    _report_skipped(corpus, args.out)
    if not args.quiet:
        print(f"narratives: wrote {len(written)} page(s) to {args.out}; open {written[-1]}", file=sys.stderr)
    return 0


def cmd_profiles(args: argparse.Namespace) -> int:
    """List the shipped profiles, or check one profile file."""
    if args.action == "check":
        profile = _load_profile(args.path)
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


BY_HELP = (
    "also compare the sides within each value of this metadata column: outlet, event, author, language... "
    "(a documents-table column or a metadata field), or a window of the date: week, month, quarter, year"
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-parser per command."""
    parser = argparse.ArgumentParser(
        prog="narratives",
        description="Who said what in news about two-sided conflicts, and how the writer frames it.",
        epilog="Run `narratives COMMAND --help` for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"narratives {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    analyze_parser = commands.add_parser(
        "analyze",
        help="find who said what in a corpus and write its tables (documents, sentences, attributions)",
        description="Load a corpus, run the pipeline and write one table per level into --out.",
    )
    _add_corpus_arguments(analyze_parser)
    output = analyze_parser.add_argument_group("output")
    output.add_argument("--out", type=Path, default=Path("reports/analysis"), help="output folder (default: %(default)s)")
    output.add_argument(
        "--format",
        choices=("csv", "parquet", "brat"),
        default="csv",
        help="csv/parquet: documents, sentences and attributions tables; brat: one <doc_id>.ann per document (default: csv)",
    )
    output.add_argument("--model", type=Path, help="attribution model folder from `narratives train` (default: the shipped model)")
    output.add_argument(
        "--profile",
        metavar="NAME|PATH",
        help="actor profile (a shipped name, see `narratives profiles`, or a .toml file): adds actor, side, "
        "side_rule and side_confidence to the attributions table and prints counts per side (not with --format brat)",
    )
    output.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no summary")
    scale = analyze_parser.add_argument_group(
        "large corpora (--format parquet: one Parquet file per partition and table, written as partitions finish)"
    )
    scale.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: 1; with --engine dask: local cluster workers)")
    scale.add_argument(
        "--partition-size", type=int, metavar="N", help=f"documents per partition, in corpus order (default: {DEFAULT_PARTITION_SIZE})"
    )
    scale.add_argument("--resume", action="store_true", help="finish an interrupted run in --out: keep its finished partitions, redo the rest")
    scale.add_argument(
        "--engine", choices=("local", "dask"), default="local", help="local processes, or Dask (pip install 'narratives[dask]') (default: local)"
    )
    scale.add_argument("--scheduler", metavar="ADDRESS", help="with --engine dask: a running scheduler (tcp://host:8786) instead of a local cluster")
    analyze_parser.set_defaults(handler=cmd_analyze)

    compare_parser = commands.add_parser(
        "compare",
        help="compare how the sides of a profile are framed, with intervals and tests",
        description="Analyse the corpus with an actor profile, then compare the profile's sides: rates of each "
        "stance and framing feature, effect sizes, cluster-bootstrap intervals over documents, document-level "
        "permutation tests with Benjamini-Hochberg correction. Prints a summary and writes the tables.",
    )
    _add_corpus_arguments(compare_parser)
    compare_parser.add_argument("--profile", required=True, help="actor profile: a shipped name or a .toml file")
    compare_parser.add_argument("--by", metavar="COLUMN", help=BY_HELP)
    compare_parser.add_argument("--out", type=Path, default=Path("reports/compare"), help="output folder (default: %(default)s)")
    compare_parser.add_argument("--bootstrap", type=int, default=2000, help="bootstrap replicates (default: %(default)s)")
    compare_parser.add_argument("--permutations", type=int, default=2000, help="permutations per test (default: %(default)s)")
    compare_parser.add_argument("--seed", type=int, default=0, help="random seed (default: %(default)s)")
    compare_parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    compare_parser.set_defaults(handler=cmd_compare)

    report_parser = commands.add_parser(
        "report",
        help="write a self-contained, reproducible HTML report of how the sides are reported",
        description="Analyse the corpus with an actor profile and write a report folder: index.html (opens offline, "
        "loads nothing from the network), figures as PNG and SVG with their data as CSV, tables as CSV, the analysis "
        "tables and manifest.json (versions, SHA-256 of every input, parameters, seed, command line). The same "
        "inputs give byte-identical files.",
    )
    _add_corpus_arguments(report_parser)
    report_parser.add_argument("--profile", required=True, help="actor profile: a shipped name or a .toml file")
    report_parser.add_argument("--out", type=Path, default=Path("reports/report"), help="report folder (default: %(default)s)")
    report_parser.add_argument("--bootstrap", type=int, default=2000, help="bootstrap replicates of the comparison (default: %(default)s)")
    report_parser.add_argument("--permutations", type=int, default=2000, help="permutations per comparison test (default: %(default)s)")
    report_parser.add_argument(
        "--classifier-permutations", type=int, default=100, help="permutations per classifier test (default: %(default)s)"
    )
    report_parser.add_argument(
        "--classifier-bootstrap", type=int, default=200, help="bootstrap refits of the classifier coefficients (default: %(default)s)"
    )
    report_parser.add_argument("--by", metavar="COLUMN", default="outlet", help=BY_HELP + " (default: %(default)s)")
    report_parser.add_argument("--model", type=Path, help="attribution model folder from `narratives train` (default: the shipped model)")
    report_parser.add_argument(
        "--jobs", type=int, default=1, metavar="N", help="processes for the classifiers' permutation tests; the same numbers with any N (default: 1)"
    )
    report_parser.add_argument("--seed", type=int, default=0, help="random seed (default: %(default)s)")
    report_parser.add_argument("--timestamp", action="store_true", help="record the time of the run (the files then differ between runs)")
    report_parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no summary")
    report_parser.set_defaults(handler=cmd_report)

    profiles_parser = commands.add_parser(
        "profiles",
        help="list the shipped actor profiles, or check a profile file",
        description="Without arguments, list the shipped profiles (name and title). "
        "`narratives profiles check PATH` validates a profile file and says what is wrong, with the line.",
    )
    profiles_parser.add_argument("action", nargs="?", choices=("check",), help="check: validate the profile at PATH")
    profiles_parser.add_argument("path", nargs="?", metavar="PATH", help="the profile file to check")
    profiles_parser.set_defaults(handler=cmd_profiles)

    teach_parser = commands.add_parser(
        "teach",
        help="write teaching pages: each article marked up (speakers by side, verbs by stance), worksheets, answer keys",
        description="For each article: DIR/<doc_id>.html (speakers in their side's colour, reporting verbs by stance "
        "with a tooltip saying what the verb does, labels, hedges, scare quotes, loaded words, agentless passives, "
        "a legend), DIR/<doc_id>.worksheet.html (numbered sentences, questions) and DIR/<doc_id>.answers.html; for "
        "articles about the same event (metadata column `event`), the two side by side; and DIR/index.html. "
        "Pages are self-contained and open offline.",
    )
    _add_corpus_arguments(teach_parser)
    teach_parser.add_argument("--profile", metavar="NAME|PATH", help="actor profile for the speakers' sides and colours (a shipped name or a .toml file)")
    teach_parser.add_argument("--out", type=Path, default=Path("reports/teaching"), help="output folder (default: %(default)s)")
    which = teach_parser.add_mutually_exclusive_group()
    which.add_argument("--pair", nargs=2, metavar=("DOC_A", "DOC_B"), help="only these two documents, and the page with both side by side")
    which.add_argument("--event", metavar="EVENT", help="only the documents of this event (metadata column `event`), side by side in pairs")
    teach_parser.add_argument("--model", type=Path, help="attribution model folder from `narratives train` (default: the shipped model)")
    teach_parser.add_argument("-q", "--quiet", action="store_true", help="no summary")
    teach_parser.set_defaults(handler=cmd_teach)

    evaluate_parser = commands.add_parser(
        "evaluate",
        help="score predicted attributions (brat) against gold ones",
        description="Per component (Source, Cue, Content) P/R/F1 under exact and overlap match, and attribution-level P/R/F1, micro-averaged.",
    )
    evaluate_parser.add_argument("gold", metavar="GOLD_DIR", help="gold brat folder (text/ + attributions/)")
    evaluate_parser.add_argument("pred", metavar="PRED_DIR", help="predicted .ann files (<doc_id>.ann), e.g. from analyze --format brat")
    evaluate_parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    evaluate_parser.set_defaults(handler=cmd_evaluate)

    train_parser = commands.add_parser(
        "train",
        help="train an attribution model on brat-annotated folders",
        description="Train the two-stage CRF attribution model on your own brat folders (text/ + attributions/).",
    )
    train_parser.add_argument("paths", nargs="+", metavar="BRAT_DIR", help="brat folders laid out like PolNeAR")
    train_parser.add_argument("--out", type=Path, required=True, help="folder to write the model to")
    train_parser.add_argument("--c1", type=float, default=AttributionModel().c1, help="L1 regularisation (default: %(default)s)")
    train_parser.add_argument("--c2", type=float, default=AttributionModel().c2, help="L2 regularisation (default: %(default)s)")
    train_parser.add_argument("--iterations", type=int, default=AttributionModel().max_iterations, help="L-BFGS iterations (default: %(default)s)")
    train_parser.add_argument(
        "--prior-folds",
        type=int,
        default=AttributionModel().prior_folds,
        help="learn the cue prior of each training document on the other folds of this many (0: on all documents; default: %(default)s)",
    )
    train_parser.add_argument("-q", "--quiet", action="store_true", help="no messages")
    train_parser.set_defaults(handler=cmd_train)

    stories_parser = commands.add_parser(
        "train-narratives",
        help="train a frames or narratives model on labelled articles",
        description="Train a story model (frames, conflict narratives, or a taxonomy of your own) on a labelled folder; see docs/stories.md.",
    )
    stories_train.add_arguments(stories_parser)
    stories_parser.set_defaults(handler=stories_train.run)
    return parser


def _check_scale_options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    given = [
        option
        for option, value in (("--jobs", args.jobs), ("--partition-size", args.partition_size), ("--resume", args.resume), ("--engine dask", args.engine == "dask"))
        if value
    ]
    if given and args.format != "parquet":
        parser.error(f"{', '.join(given)}: these options write partitioned Parquet tables; add --format parquet")
    if args.scheduler is not None and args.engine != "dask":
        parser.error("--scheduler is the address of a Dask scheduler: use it with --engine dask")
    for option, value in (("--jobs", args.jobs), ("--partition-size", args.partition_size)):
        if value is not None and value < 1:
            parser.error(f"{option} must be at least 1")


def _check_train_options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if args.iterations < 1:
        parser.error(f"--iterations must be at least 1 (got {args.iterations})")
    for option, value in (("--c1", args.c1), ("--c2", args.c2)):
        if not (math.isfinite(value) and value >= 0):
            parser.error(f"{option} is a regularisation strength: 0 or more (got {value:g})")
    if args.prior_folds < 0:
        parser.error(f"--prior-folds must be 0 (learn the prior on all documents) or more (got {args.prior_folds})")


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised as an exception so that a run stops its workers, releases its lock and exits."""


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated


def _interrupted(args: argparse.Namespace, err: KeyboardInterrupt) -> int:
    """Say what an interrupted command left (a partitioned run can be resumed); the exit status."""
    resumable = args.command == "analyze" and args.format == "parquet"
    kept = "; the partitions finished are kept: run the same command with --resume to finish" if resumable else ""
    print(f"narratives: {'terminated' if isinstance(err, Terminated) else 'interrupted'}{kept}", file=sys.stderr)
    return 128 + (signal.SIGTERM if isinstance(err, Terminated) else signal.SIGINT)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``narratives`` console script."""
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    args.argv = argv
    if args.command == "analyze" and args.profile is not None and args.format == "brat":
        parser.error("--profile adds columns to the attributions table: use it with --format csv or parquet")
    if args.command == "analyze":
        _check_scale_options(parser, args)
    if args.command == "train":
        _check_train_options(parser, args)
    if args.command == "report" and args.jobs < 1:
        parser.error(f"--jobs must be at least 1 (got {args.jobs})")
    if args.command == "profiles" and (args.action == "check") != (args.path is not None):
        parser.error("profiles: give `check PATH` to check a file, or nothing to list the shipped profiles")
    on_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _raise_terminated) if on_main_thread else None
    caught: list[warnings.WarningMessage] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", InputWarning)
            return _run_command(args)
    finally:
        if on_main_thread:
            signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)
        _print_warnings(caught)  # once warnings are no longer recorded, so that other warnings are shown


def _run_command(args: argparse.Namespace) -> int:
    """Run the command; a coded error, an interruption or a system error becomes a line on stderr and a status."""
    try:
        return args.handler(args)
    except NarrativesError as err:
        print(f"narratives: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as err:
        return _interrupted(args, err)
    except OSError as err:
        print(f"narratives: error: {system_error(err)}", file=sys.stderr)
        return 2


def system_error(err: OSError) -> InputError:
    """The coded error (``N118``) of a file the operating system would not read or write."""
    fixes = {
        errno.ENOSPC: "Free some space on that disk (or write --out elsewhere) and run again.",
        errno.EACCES: "Check the permissions of the file and its folder, or write --out elsewhere.",
        errno.EROFS: "Write --out to a writable disk.",
    }
    reason = err.strerror or str(err)
    return InputError("N118", f"the system refused to read or write it ({reason}).", fixes.get(err.errno, "Check the path and the disk, then run again."), path=err.filename)


def _print_warnings(caught: list[warnings.WarningMessage]) -> None:
    """Print each kind of input warning once on stderr, with how many times it happened (even with -q)."""
    by_code: dict[str, list[str]] = {}
    for warning in caught:
        if isinstance(warning.message, InputWarning):
            messages = by_code.setdefault(warning.message.code, [])
            if str(warning.message) not in messages:  # a corpus read twice warns twice
                messages.append(str(warning.message))
        else:
            warnings.showwarning(warning.message, warning.category, warning.filename, warning.lineno)
    for messages in by_code.values():
        more = f" (and {len(messages) - 1} more like it)" if len(messages) > 1 else ""
        print(f"narratives: warning: {messages[0]}{more}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
