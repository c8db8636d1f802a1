"""The ``narratives`` command line: a thin layer over the public functions.

Every error a user can cause is printed as one line (``narratives: error:
[CODE] file:line: problem. fix``) with exit status 2; nothing the user gave
is dropped without a count.

The commands live in :mod:`~narratives.cli.analyze` (``analyze``),
:mod:`~narratives.cli.compare` (``compare``, ``report``, ``teach``) and
:mod:`~narratives.cli.models` (``profiles``, ``evaluate``, ``train``), what
they share in :mod:`~narratives.cli.common`; this module builds the parser
and runs a command.
"""

from __future__ import annotations

import argparse
import errno
import math
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

from narratives import __version__
from narratives.compare.defaults import N_BOOT, N_PERMUTATIONS
from narratives.errors import InputError, InputWarning, NarrativesError
from narratives.lazy import lazy_getattr

__all__ = ["PROGRESS_THRESHOLD", "build_parser", "main", "system_error"]

_LAZY = {
    "cmd_analyze": "narratives.cli.analyze",
    "cmd_compare": "narratives.cli.compare",
    "cmd_report": "narratives.cli.compare",
    "cmd_teach": "narratives.cli.compare",
    "cmd_profiles": "narratives.cli.models",
    "cmd_evaluate": "narratives.cli.models",
    "cmd_train": "narratives.cli.models",
    "PROGRESS_THRESHOLD": "narratives.cli.common",
}
"""The commands (and what they share), imported when a command runs: ``narratives --help`` loads none of them."""


__getattr__ = lazy_getattr(__name__, _LAZY)


def _handler(name: str) -> Callable[[argparse.Namespace], int]:
    """The command function ``name`` of this module (imported on first use; replaceable in tests)."""
    return getattr(sys.modules[__name__], name)


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
    from narratives.corpus import DEFAULT_MAX_BYTES

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


def _add_comparison_arguments(parser: argparse.ArgumentParser, out: str, folder: str, of: tuple[str, str]) -> None:
    """The options of the commands that compare the sides: profile, output folder, resampling (``of``: what it is for) and seed."""
    parser.add_argument("--profile", required=True, help="actor profile: a shipped name or a .toml file")
    parser.add_argument("--out", type=Path, default=Path(out), help=f"{folder} (default: %(default)s)")
    parser.add_argument("--bootstrap", type=int, default=N_BOOT, help=f"bootstrap replicates{of[0]} (default: %(default)s)")
    parser.add_argument("--permutations", type=int, default=N_PERMUTATIONS, help=f"permutations per {of[1]}test (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: %(default)s)")


BY_HELP = (
    "also compare the sides within each value of this metadata column: outlet, event, author, language... "
    "(a documents-table column or a metadata field), or a window of the date: week, month, quarter, year"
)


COMMANDS = {
    "analyze": (
        "find who said what in a corpus and write its tables (documents, sentences, attributions)",
        "Load a corpus, run the pipeline and write one table per level into --out.",
    ),
    "compare": (
        "compare how the sides of a profile are framed, with intervals and tests",
        "Analyse the corpus with an actor profile, then compare the profile's sides: rates of each "
        "stance and framing feature, effect sizes, cluster-bootstrap intervals over documents, "
        "document-level permutation tests with Benjamini-Hochberg correction. Prints a summary and "
        "writes the tables.",
    ),
    "report": (
        "write a self-contained, reproducible HTML report of how the sides are reported",
        "Analyse the corpus with an actor profile and write a report folder: index.html (opens "
        "offline, loads nothing from the network), figures as PNG and SVG with their data as CSV, "
        "tables as CSV, the analysis tables and manifest.json (versions, SHA-256 of every input, "
        "parameters, seed, command line). The same inputs give byte-identical files.",
    ),
    "profiles": (
        "list the shipped actor profiles, or check a profile file",
        "Without arguments, list the shipped profiles (name and title). `narratives profiles check "
        "PATH` validates a profile file and says what is wrong, with the line.",
    ),
    "teach": (
        "write teaching pages: each article marked up (speakers by side, verbs by stance), "
        "worksheets, answer keys",
        "For each article: DIR/<doc_id>.html (speakers in their side's colour, reporting verbs by "
        "stance with a tooltip saying what the verb does, labels, hedges, scare quotes, loaded words,"
        " agentless passives, a legend), DIR/<doc_id>.worksheet.html (numbered sentences, questions) "
        "and DIR/<doc_id>.answers.html; for articles about the same event (metadata column `event`), "
        "the two side by side; and DIR/index.html. Pages are self-contained and open offline.",
    ),
    "evaluate": (
        "score predicted attributions (brat) against gold ones",
        "Per component (Source, Cue, Content) P/R/F1 under exact and overlap match, and "
        "attribution-level P/R/F1, micro-averaged.",
    ),
    "train": (
        "train an attribution model on brat-annotated folders",
        "Train the two-stage CRF attribution model on your own brat folders (text/ + attributions/).",
    ),
    "train-narratives": (
        "train a frames or narratives model on labelled articles",
        "Train a story model (frames, conflict narratives, or a taxonomy of your own) on a labelled "
        "folder; see docs/stories.md.",
    ),
}
"""Each command's one-line help and description (``narratives COMMAND --help``)."""


def _subcommand(commands: argparse._SubParsersAction, name: str) -> argparse.ArgumentParser:
    """The sub-parser of one command, with its help and description from :data:`COMMANDS`."""
    summary, description = COMMANDS[name]
    return commands.add_parser(name, help=summary, description=description)


def _analyze_options(parser: argparse.ArgumentParser) -> None:
    """The options of ``narratives analyze``."""
    from narratives.partitions import DEFAULT_PARTITION_SIZE

    _add_corpus_arguments(parser)
    output = parser.add_argument_group("output")
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
    scale = parser.add_argument_group(
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
    parser.set_defaults(handler=_handler("cmd_analyze"))


def _compare_options(parser: argparse.ArgumentParser) -> None:
    """The options of ``narratives compare``."""
    _add_corpus_arguments(parser)
    _add_comparison_arguments(parser, "reports/compare", "output folder", ("", ""))
    parser.add_argument("--by", metavar="COLUMN", help=BY_HELP)
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(handler=_handler("cmd_compare"))


def _report_options(parser: argparse.ArgumentParser) -> None:
    """The options of ``narratives report``."""
    _add_corpus_arguments(parser)
    _add_comparison_arguments(parser, "reports/report", "report folder", (" of the comparison", "comparison "))
    parser.add_argument(
        "--classifier-permutations", type=int, default=100, help="permutations per classifier test (default: %(default)s)"
    )
    parser.add_argument(
        "--classifier-bootstrap", type=int, default=200, help="bootstrap refits of the classifier coefficients (default: %(default)s)"
    )
    parser.add_argument("--by", metavar="COLUMN", help=BY_HELP + " (default: outlet, when the documents have outlets)")
    parser.add_argument("--model", type=Path, help="attribution model folder from `narratives train` (default: the shipped model)")
    parser.add_argument(
        "--jobs", type=int, default=1, metavar="N", help="processes for the classifiers' permutation tests; the same numbers with any N (default: 1)"
    )
    parser.add_argument("--timestamp", action="store_true", help="record the time of the run (the files then differ between runs)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no summary")
    parser.set_defaults(handler=_handler("cmd_report"))


def _profiles_options(parser: argparse.ArgumentParser) -> None:
    """The options of ``narratives profiles``."""
    parser.add_argument("action", nargs="?", choices=("check",), help="check: validate the profile at PATH")
    parser.add_argument("path", nargs="?", metavar="PATH", help="the profile file to check")
    parser.set_defaults(handler=_handler("cmd_profiles"))


def _teach_options(parser: argparse.ArgumentParser) -> None:
    """The options of ``narratives teach``."""
    _add_corpus_arguments(parser)
    parser.add_argument("--profile", metavar="NAME|PATH", help="actor profile for the speakers' sides and colours (a shipped name or a .toml file)")
    parser.add_argument("--out", type=Path, default=Path("reports/teaching"), help="output folder (default: %(default)s)")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--pair", nargs=2, metavar=("DOC_A", "DOC_B"), help="only these two documents, and the page with both side by side")
    which.add_argument("--event", metavar="EVENT", help="only the documents of this event (metadata column `event`), side by side in pairs")
    parser.add_argument("--model", type=Path, help="attribution model folder from `narratives train` (default: the shipped model)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary")
    parser.set_defaults(handler=_handler("cmd_teach"))


def _evaluate_options(parser: argparse.ArgumentParser) -> None:
    """The options of ``narratives evaluate``."""
    parser.add_argument("gold", metavar="GOLD_DIR", help="gold brat folder (text/ + attributions/)")
    parser.add_argument("pred", metavar="PRED_DIR", help="predicted .ann files (<doc_id>.ann), e.g. from analyze --format brat")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.set_defaults(handler=_handler("cmd_evaluate"))


def _train_options(parser: argparse.ArgumentParser) -> None:
    """The options of ``narratives train``."""
    from narratives.attribution.model import AttributionModel

    defaults = AttributionModel()
    parser.add_argument("paths", nargs="+", metavar="BRAT_DIR", help="brat folders laid out like PolNeAR")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the model to")
    parser.add_argument("--c1", type=float, default=defaults.c1, help="L1 regularisation (default: %(default)s)")
    parser.add_argument("--c2", type=float, default=defaults.c2, help="L2 regularisation (default: %(default)s)")
    parser.add_argument("--iterations", type=int, default=defaults.max_iterations, help="L-BFGS iterations (default: %(default)s)")
    parser.add_argument(
        "--prior-folds",
        type=int,
        default=defaults.prior_folds,
        help="learn the cue prior of each training document on the other folds of this many (0: on all documents; default: %(default)s)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no messages")
    parser.set_defaults(handler=_handler("cmd_train"))


def _stories_options(parser: argparse.ArgumentParser) -> None:
    """The options of ``narratives train-narratives``."""
    from narratives.stories import train as stories_train

    stories_train.add_arguments(parser)
    parser.set_defaults(handler=stories_train.run)


OPTIONS = {
    "analyze": _analyze_options,
    "compare": _compare_options,
    "report": _report_options,
    "profiles": _profiles_options,
    "teach": _teach_options,
    "evaluate": _evaluate_options,
    "train": _train_options,
    "train-narratives": _stories_options,
}
"""Each command and the function that adds its options."""


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser, with one sub-parser per command.

    With ``command`` (None: every command), only that command's options are
    built and the others are listed with their help, so that ``narratives
    --help`` and a command's parser import only what that command needs.
    """
    parser = argparse.ArgumentParser(
        prog="narratives",
        description="Who said what in news about two-sided conflicts, and how the writer frames it.",
        epilog="Run `narratives COMMAND --help` for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"narratives {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    for name, add_options in OPTIONS.items():
        subparser = _subcommand(commands, name)
        if command is None or command == name:
            add_options(subparser)
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
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(next((arg for arg in argv if not arg.startswith("-")), ""))
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
