"""Throughput and peak memory of the whole pipeline on a corpus replicated K times.

Usage::

    python benchmarks/throughput.py --data ../shared/polnear/train/text --scale 1 4 16

For each K, a temporary folder gets K sub-folders of symbolic links to every
``.txt`` file of DATA (so K times the corpus, with distinct document ids;
nothing is copied, and the folder is deleted afterwards). Each configuration
then runs ``narratives analyze DIR --format parquet --profile PROFILE -q
--partition-size P`` in its own subprocess: the whole pipeline
(segmentation, attribution, sides, framing) and the Parquet writing, for

* ``one process``: the default engine, ``--jobs 1`` (everything in one process);
* ``--jobs 2``: two worker processes;
* ``dask``: ``--engine dask --jobs 2`` (a two-worker ``LocalCluster``), if Dask is installed.

Measured: wall time of the subprocess, including start-up (imports, model
loading, starting workers); words = whitespace-separated strings of the input
texts (``len(text.split())``) times K; words/s = words / wall time. The timed
run is not watched: sampling a process tree's memory reads every member's
``/proc/PID/smaps``, which costs about a fifth of a CPU and holds the
processes' memory-map locks while it reads, so with ``--jobs 2`` on two CPUs
it slowed the run it measured by about 14 %. Peak memory is therefore
measured in a second run of the same command (skip it with
``--no-memory``): ``peak_tree_mb`` is the largest memory of the subprocess
and all its descendants (workers, Dask's nanny and worker processes) at
once, sampled every 0.05 s with psutil: the sum of their private pages (USS)
plus the largest set of shared pages (RSS - USS: libraries, a forked
worker's copy-on-write pages) of any one of them, so shared pages count
once; for one process it is its RSS. ``peak_tree_pss_mb`` is the largest sum
of PSS (shared pages divided among the processes mapping them), given for
reference: it depends on how many other processes on the machine map the
same libraries, so it is not comparable between runs on a busy machine.
``max_process_mb`` is ``ru_maxrss`` of the largest single descendant in the
timed run (``resource.getrusage(RUSAGE_CHILDREN)``, which reports the
maximum over any one child, not a sum; it costs nothing to read). Without
psutil only the latter is given.

Prints a table and then one JSON object (the last line).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

try:
    import psutil
except ImportError:  # the peak of the process tree needs psutil; ru_maxrss is always there
    psutil = None

CONFIGS = {
    "one process": [],
    "--jobs 2": ["--jobs", "2"],
    "dask": ["--engine", "dask", "--jobs", "2"],
}


def replicate(data: Path, k: int, into: Path) -> int:
    """Fill ``into`` with k sub-folders of links to DATA's .txt files; return the number of words."""
    files = sorted(p for p in data.rglob("*.txt") if not p.name.startswith("."))
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in files)
    for copy in range(k):
        folder = into / f"copy{copy:02d}"
        folder.mkdir()
        for path in files:
            (folder / path.relative_to(data).as_posix().replace("/", "__")).symlink_to(path.resolve())
    return words * k


def _tree_memory(process: psutil.Process) -> tuple[int, int]:
    """Memory of the process tree: its private pages plus its shared pages counted once, and its sum of PSS.

    The first is the sum of USS (pages no other process maps) plus the
    largest RSS - USS (pages shared, by a forked worker with its parent, or
    of libraries) of any one member: the shared pages are mostly the same
    for every member, so they are counted once. Unlike PSS, it does not
    depend on how many processes outside the tree map the same libraries.
    """
    private = shared = pss = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            info = member.memory_full_info()
        except psutil.Error:
            continue
        uss = getattr(info, "uss", info.rss)
        private += uss
        shared = max(shared, info.rss - uss)
        pss += getattr(info, "pss", info.rss)
    return private + shared, pss


_WRAPPER = (
    "import resource, subprocess, sys; code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode; "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(code)"
)
"""Runs the command and prints the ru_maxrss (KiB) of its largest process: a fresh parent per run."""


def measure(command: list[str], sample_memory: bool) -> dict:
    """Run a command; its wall time and the peak RSS of its largest process, and with
    ``sample_memory`` the peak memory of its process tree (which slows the run: see the module docstring)."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", _WRAPPER, *command], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0, 0]
    if sample_memory:
        watched = psutil.Process(process.pid)

        def sample() -> None:
            while process.poll() is None:
                try:
                    peak[:] = map(max, peak, _tree_memory(watched))
                except psutil.Error:
                    return
                time.sleep(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
    largest, err = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n{err}")
    return {
        "seconds": round(seconds, 2),
        "peak_tree_mb": round(peak[0] / 2**20) if sample_memory else None,
        "peak_tree_pss_mb": round(peak[1] / 2**20) if sample_memory else None,
        "max_process_mb": round(int(largest) / 1024),  # ru_maxrss is in KiB on Linux
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Words/s and peak memory of narratives analyze on a replicated corpus.")
    parser.add_argument("--data", type=Path, required=True, help="folder of .txt files (e.g. ../shared/polnear/train/text)")
    parser.add_argument("--scale", type=int, nargs="+", default=[1, 4, 16], help="replication factors K (default: 1 4 16)")
    parser.add_argument("--configs", nargs="+", choices=list(CONFIGS), default=list(CONFIGS), help="configurations to run")
    parser.add_argument("--profile", default="us-2016", help="actor profile, for the sides stage (default: %(default)s)")
    parser.add_argument("--partition-size", type=int, default=100, help="documents per partition (default: %(default)s)")
    parser.add_argument("--no-memory", action="store_true", help="skip the second, memory-sampled run of each configuration")
    args = parser.parse_args()
    sample_memory = psutil is not None and not args.no_memory
    configs = [c for c in args.configs if c != "dask" or _has_dask()]
    rows = []
    for k in args.scale:
        with tempfile.TemporaryDirectory(prefix="narratives-throughput-") as tmp:
            corpus = Path(tmp) / "corpus"
            corpus.mkdir()
            words = replicate(args.data, k, corpus)
            for name in configs:
                out = Path(tmp) / f"out-{len(rows)}"
                command = [sys.executable, "-m", "narratives.cli", "analyze", str(corpus), "--out", str(out), "--format",
                           "parquet", "--profile", args.profile, "--partition-size", str(args.partition_size), "-q",
                           *CONFIGS[name]]  # fmt: skip
                result = measure(command, sample_memory=False)
                if sample_memory:
                    shutil.rmtree(out)
                    sampled = measure(command, sample_memory=True)
                    result.update(peak_tree_mb=sampled["peak_tree_mb"], peak_tree_pss_mb=sampled["peak_tree_pss_mb"])
                rows.append({"config": name, "k": k, "words": words, **result, "words_per_second": round(words / result["seconds"])})
                print(_row(rows[-1]), flush=True)
    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} logical CPUs, Python {platform.python_version()}, {platform.system()}"
    print(json.dumps({"machine": machine, "partition_size": args.partition_size, "profile": args.profile, "runs": rows}))


def _row(row: dict) -> str:
    memory = f"peak tree {row['peak_tree_mb']} MB (PSS {row['peak_tree_pss_mb']} MB)  " if row["peak_tree_mb"] is not None else ""
    return (
        f"{row['config']:<12} K={row['k']:<3} {row['words']:>10,} words {row['seconds']:>8.1f} s "
        f"{row['words_per_second']:>8,} words/s  {memory}largest process {row['max_process_mb']} MB"
    )


def _has_dask() -> bool:
    try:
        import dask.distributed  # noqa: F401
    except ImportError:
        print("dask is not installed: skipping the dask configuration (pip install 'narratives[dask]')", file=sys.stderr)
        return False
    return True


if __name__ == "__main__":
    main()
