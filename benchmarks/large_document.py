"""Time and peak memory of the whole pipeline on one large document.

Usage::

    python benchmarks/large_document.py                       # 1, 4 and 20 MB
    python benchmarks/large_document.py --sizes 1 4 --profile armenia-azerbaijan

For each size, a fresh subprocess builds one document of that many megabytes
(UTF-8 bytes, 1 MB = 10^6) in memory: the texts of ``corpora/`` (our own) and,
when ``../shared/polnear/train/text`` exists, PolNeAR's training articles (or
the ``.txt`` files of the folders given with ``--data``),
joined by blank lines in file-name order and repeated until the size is
reached (the last article is cut at a word boundary). Nothing is written to
disk. The subprocess then loads the model and the profile and runs
:func:`narratives.pipeline.analyze` on that one document (segmentation,
attribution, sides, framing: every table in memory), with the ``narratives``
package of this checkout (it is put first on ``PYTHONPATH``).

Measured, per size: ``seconds`` (wall time of ``analyze`` alone, after the
model and the profile are loaded), ``cpu_seconds`` (the CPU time of the same:
the figure to compare on a machine that other work slows),
``words_per_second`` (whitespace-separated strings / seconds), ``peak_rss_mb`` (``ru_maxrss`` of the subprocess: the
whole process, model included), ``rss_before_mb`` (its resident memory just
before ``analyze``) and ``growth_mb`` (the difference: what the document's
analysis added), and the row counts of the tables. ``--tracemalloc`` also
reports the peak of Python allocations during ``analyze``
(``tracemalloc_peak_mb``); it slows the run about twofold, so the times of such
a run are not comparable.

The ratios to the first size (``time_ratio``, ``cpu_ratio``, ``peak_ratio``) are given for
the acceptance check of issue 20: a document 20 times larger should take at
most 25 times as long and twice the peak memory.

Prints a table and then one JSON object (the last line).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "corpora", ROOT.parent / "shared" / "polnear" / "train" / "text"]


def source_texts(sources: list[Path]) -> list[str]:
    """The ``.txt`` files under each existing source folder, in path order."""
    return [
        p.read_text(encoding="utf-8").strip()
        for source in sources
        if source.is_dir()
        for p in sorted(source.rglob("*.txt"))
    ]


def build_document(texts: list[str], megabytes: float) -> str:
    """Join ``texts`` by blank lines, repeated, up to ``megabytes`` MB of UTF-8 (cut at a space)."""
    if not texts:
        raise SystemExit("no .txt file found in the source folders")
    target = int(megabytes * 1e6)
    parts, size, i = [], 0, 0
    while size < target:
        text = texts[i % len(texts)]
        parts.append(text)
        size += len(text.encode("utf-8")) + 2
        i += 1
    document = "\n\n".join(parts)
    cut = document.encode("utf-8")[:target].decode("utf-8", errors="ignore")
    return cut[: cut.rfind(" ")] if len(cut) < len(document) else cut


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def run_one(megabytes: float, sources: list[Path], profile_name: str, trace: bool) -> dict:
    """Build the document, analyse it in this process and return the figures."""
    from narratives.sides import load_profile
    from narratives.attribution.model import AttributionModel
    from narratives.corpus import Document
    from narratives.pipeline import analyze
    from narratives.words import count_words

    text = build_document(source_texts(sources), megabytes)
    document = Document(id="large", text=text)
    model = AttributionModel.load()
    profile = load_profile(profile_name)
    analyze(
        [Document(id="warm-up", text="Officials said the talks would resume, Reuters reported.")],
        model=model,
        profile=profile,
    )
    rss_before = _rss_mb()
    if trace:
        import tracemalloc

        tracemalloc.start()
    started, cpu_started = time.perf_counter(), time.process_time()
    tables = analyze([document], model=model, profile=profile)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    traced = tracemalloc.get_traced_memory()[1] / 2**20 if trace else None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    words = count_words(text)
    return {
        "mb": megabytes,
        "chars": len(text),
        "words": words,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2),
        "words_per_second": round(words / seconds),
        "peak_rss_mb": round(peak),
        "rss_before_mb": round(rss_before),
        "growth_mb": round(peak - rss_before),
        "tracemalloc_peak_mb": round(traced) if trace else None,
        "sentences": len(tables.sentences),
        "attributions": len(tables.attributions),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Time and peak memory of the whole pipeline on one large document."
    )
    parser.add_argument(
        "--sizes", type=float, nargs="+", default=[1, 4, 20], help="document sizes in MB (default: 1 4 20)"
    )
    parser.add_argument(
        "--data",
        type=Path,
        nargs="+",
        default=SOURCES,
        help="folders of .txt files to build the document from (default: corpora/ and ../shared/polnear/train/text)",
    )
    parser.add_argument(
        "--profile", default="us-2016", help="actor profile, for the sides stage (default: %(default)s)"
    )
    parser.add_argument(
        "--tracemalloc", action="store_true", help="also report the peak of Python allocations (slower)"
    )
    parser.add_argument(
        "--one", type=float, help=argparse.SUPPRESS
    )  # internal: measure one size in this process
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(run_one(args.one, args.data, args.profile, args.tracemalloc)))
        return
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    rows = []
    for megabytes in args.sizes:
        command = [
            sys.executable,
            __file__,
            "--one",
            str(megabytes),
            "--profile",
            args.profile,
            "--data",
            *map(str, args.data),
        ]
        done = subprocess.run(
            command + (["--tracemalloc"] if args.tracemalloc else []),
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        if done.returncode != 0:
            raise SystemExit(f"failed at {megabytes} MB:\n{done.stderr}")
        row = json.loads(done.stdout.splitlines()[-1])
        row["time_ratio"] = round(row["seconds"] / rows[0]["seconds"], 2) if rows else 1.0
        row["cpu_ratio"] = round(row["cpu_seconds"] / rows[0]["cpu_seconds"], 2) if rows else 1.0
        row["peak_ratio"] = round(row["peak_rss_mb"] / rows[0]["peak_rss_mb"], 2) if rows else 1.0
        rows.append(row)
        print(_row(row), flush=True)
    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} logical CPUs, Python {platform.python_version()}, {platform.system()}"
    sources = [str(path) for path in args.data if path.is_dir()]
    print(json.dumps({"machine": machine, "profile": args.profile, "sources": sources, "runs": rows}))


def _row(row: dict) -> str:
    traced = (
        f"  tracemalloc peak {row['tracemalloc_peak_mb']} MB"
        if row["tracemalloc_peak_mb"] is not None
        else ""
    )
    return (
        f"{row['mb']:>6g} MB {row['words']:>10,} words {row['seconds']:>9.1f} s (x{row['time_ratio']}) "
        f"CPU {row['cpu_seconds']:.1f} s (x{row['cpu_ratio']}) {row['words_per_second']:>7,} words/s  peak {row['peak_rss_mb']} MB (x{row['peak_ratio']}, "
        f"+{row['growth_mb']} MB){traced}"
    )


if __name__ == "__main__":
    main()
