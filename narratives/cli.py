"""The ``narratives`` command line: a thin layer over the public functions.

Every error a user can cause is printed as one line (``narratives: error:
[CODE] file:line: problem. fix``) with exit status 2; nothing the user gave
is dropped without a count.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from narratives import __version__
from narratives.corpus import DEFAULT_MAX_BYTES, Corpus, load_many
from narratives.errors import InputError, NarrativesError
from narratives.pipeline import analyze

PROGRESS_THRESHOLD = 5
"""Show a progress bar for corpora of more documents than this."""


def _add_corpus_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("reading the corpus")
    group.add_argument("paths", nargs="+", metavar="PATH", help="text/markdown file, folder of .txt files, brat folder, .jsonl, .csv or .tsv")
    group.add_argument("--text-field", default="text", help="JSON field or CSV column holding the text (default: text)")
    group.add_argument("--id-field", default="id", help="JSON field or CSV column holding the document id (default: id)")
    group.add_argument("--metadata", type=Path, help="metadata sidecar (CSV/TSV/JSONL with a file column) for a folder")
    group.add_argument("--encoding", default="utf-8", help="text encoding of the input (default: utf-8)")
    group.add_argument(
        "--max-doc-mb", type=float, default=DEFAULT_MAX_BYTES / 1e6, help="largest document accepted, in MB (default: %(default)g)"
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


def write_table(frame: pd.DataFrame, out_dir: Path, name: str, fmt: str) -> Path:
    """Write ``frame`` as ``out_dir/name.csv`` or ``.parquet``; return the path."""
    path = out_dir / f"{name}.{fmt}"
    if fmt == "parquet":
        frame.to_parquet(path, index=False)
    else:
        frame.to_csv(path, index=False)
    return path


def _check_output_dir(out: Path, inputs: Sequence[str]) -> None:
    resolved = out.resolve()
    for given in inputs:
        source = Path(given).resolve()
        if source.is_dir() and (resolved == source or source in resolved.parents):
            raise InputError(
                "N120",
                f"the output folder {out} is inside the input folder {given}.",
                "Write results elsewhere (e.g. --out reports/NAME) so the corpus is never written into.",
            )
    if out.exists() and not out.is_dir():
        raise InputError("N121", "exists and is not a folder.", "Give --out a folder path.", path=out)
    out.mkdir(parents=True, exist_ok=True)


def _report_skipped(corpus: Corpus, out: Path) -> None:
    """Write skipped.csv and say how many documents were left out (even with --quiet)."""
    if not corpus.skipped:
        return
    table = pd.DataFrame([dataclasses.asdict(s) for s in corpus.skipped])
    path = out / "skipped.csv"
    table.to_csv(path, index=False)
    print(f"narratives: skipped {len(corpus.skipped)} unreadable document(s); see {path}", file=sys.stderr)


def cmd_analyze(args: argparse.Namespace) -> int:
    """Run the pipeline and write the tables."""
    corpus = _load(args)
    _check_output_dir(args.out, args.paths)
    progress = not args.quiet and len(corpus) > PROGRESS_THRESHOLD
    result = analyze(corpus, progress=progress)
    written = [
        write_table(result.documents, args.out, "documents", args.format),
        write_table(result.sentences, args.out, "sentences", args.format),
    ]
    _report_skipped(corpus, args.out)
    if not args.quiet:
        print(
            f"narratives: analysed {len(result.documents)} document(s), {len(result.sentences)} sentence(s); "
            f"wrote {', '.join(str(p) for p in written)}",
            file=sys.stderr,
        )
    return 0


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
        help="segment a corpus and write its tables (documents, sentences)",
        description="Load a corpus, run the pipeline and write one table per level into --out.",
    )
    _add_corpus_arguments(analyze_parser)
    output = analyze_parser.add_argument_group("output")
    output.add_argument("--out", type=Path, default=Path("reports/analysis"), help="output folder (default: %(default)s)")
    output.add_argument("--format", choices=("csv", "parquet"), default="csv", help="table format (default: csv)")
    output.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no summary")
    analyze_parser.set_defaults(handler=cmd_analyze)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``narratives`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except NarrativesError as err:
        print(f"narratives: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("narratives: interrupted", file=sys.stderr)
        return 130
    except OSError as err:
        where = f"{err.filename}: " if err.filename else ""
        print(f"narratives: error: {where}{err.strerror or err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
