"""Fault drills for partitioned runs: kill a `--jobs 2` run at a random moment, fill its disk, resume, compare.

Usage::

    python benchmarks/faults.py --trials 8 --seed 0

A corpus of ``--copies`` sub-folders of symbolic links to every ``.txt`` file
of ``--data`` (default: our own ``corpora/karabakh-2020/text``, 15 articles,
so 60 documents by default; nothing is copied) is analysed with
``narratives analyze CORPUS --format parquet --profile armenia-azerbaijan
--jobs 2 --partition-size 2`` once without a fault (the reference). Then,
for each trial, the same run is started in its own session and, at a random
moment between its start and the reference's duration, one fault is
injected, the modes taking turns:

* ``main``: SIGKILL to the main process (its workers must die with it);
* ``group``: SIGKILL to the whole process group;
* ``worker``: SIGKILL to one worker process, as the out-of-memory killer
  would (the run must stop with ``N167``, naming ``--resume``);
* ``term``: SIGTERM to the main process (it must stop its workers and exit
  with status 143).

After the fault, every process of the run (the main process and all its
descendants, listed just before the fault) must be gone within 10 s; then
``--resume`` runs to the end and the SHA-256 of every table file
(``documents``, ``sentences``, ``attributions``, ``part-*.parquet``) must
equal the reference's. Neither run may print a traceback.

The disk-full drill mounts a 64 MB tmpfs (``mount -t tmpfs``, which needs
root or CAP_SYS_ADMIN; skipped with a message otherwise), starts the run
with ``--out`` on it, and fills the tmpfs with a file at a random moment:
the run must stop with ``N118`` (naming a file) and no process left; the
filler is deleted and ``--resume`` must give the reference's tables. The
same is done for CSV output: with the tables of a first CSV run in place,
the tmpfs is filled and the run repeated; it must fail with ``N118`` naming
the file and leave the earlier tables whole, with no temporary file beside
them.

Prints one line per trial, a summary, and one JSON object (the last line).
Needs psutil.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
TABLES = ("documents", "sentences", "attributions")
MODES = ("main", "group", "worker", "term")
TMPFS_BYTES = 64 << 20
"""Size of the tmpfs of the disk-full drills: room for both runs' output; the filler takes the rest."""
CSV_ROOM = 32 << 10
"""Bytes left free in the CSV drill: room for the lock file, not for the tables."""
GONE_WITHIN = 10.0
"""Seconds a run's processes are given to stop after a fault."""


@dataclass
class Trial:
    """What one fault did and what resuming gave."""

    mode: str
    fault_at: float
    injected: bool
    exit_status: int
    code: str
    kept: int
    survivors: int
    resume_status: int
    identical: bool
    traceback: bool


def make_corpus(data: Path, copies: int, root: Path) -> Path:
    """``copies`` sub-folders of symbolic links to each ``.txt`` file of ``data``."""
    corpus = root / "corpus"
    for copy in range(copies):
        folder = corpus / f"copy{copy:02d}"
        folder.mkdir(parents=True)
        for text in sorted(data.glob("*.txt")):
            (folder / text.name).symlink_to(text.resolve())
    return corpus


def analyze_command(corpus: Path, out: Path, args: argparse.Namespace, *extra: str) -> list[str]:
    return [sys.executable, "-m", "narratives.cli", "analyze", str(corpus), "--out", str(out), "--profile", args.profile,
            "-q", *extra]  # fmt: skip


def parquet_options(args: argparse.Namespace) -> list[str]:
    return ["--format", "parquet", "--partition-size", str(args.partition_size), "--jobs", "2"]


def start(command: list[str]) -> subprocess.Popen:
    """A run in its own session (so a group kill reaches it and not us), with this repository's narratives."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    return subprocess.Popen(command, cwd=REPO, env=env, stderr=subprocess.PIPE, text=True, start_new_session=True)


def run(command: list[str]) -> tuple[int, str, float]:
    began = time.perf_counter()
    process = start(command)
    _, err = process.communicate()
    return process.returncode, err, time.perf_counter() - began


def tree(pid: int) -> list[psutil.Process]:
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def survivors(processes: list[psutil.Process]) -> int:
    """How many of ``processes`` are still running after :data:`GONE_WITHIN` seconds (zombies have stopped)."""
    deadline = time.monotonic() + GONE_WITHIN

    def running(process: psutil.Process) -> bool:
        try:
            return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False

    while (alive := [p for p in processes if running(p)]) and time.monotonic() < deadline:
        time.sleep(0.05)
    for process in alive:  # leave nothing behind on this machine, but count it
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()
    return len(alive)


def table_hashes(out: Path) -> dict[str, str]:
    return {
        path.relative_to(out).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for table in TABLES
        for path in sorted((out / table).glob("part-*.parquet"))
    }


def error_code(err: str) -> str:
    found = re.search(r"error: \[(N\d{3})\]", err)
    return found.group(1) if found else ""


def error_line(err: str) -> str:
    return next((line for line in err.splitlines() if "error: [" in line), "")


def resumed_count(err: str) -> int:
    found = re.search(r"(\d+) of them finished by an earlier run", err)
    return int(found.group(1)) if found else 0


def inject(mode: str, process: subprocess.Popen, rng: random.Random) -> list[psutil.Process]:
    """Inject the fault ``mode``; the run's processes just before it."""
    processes = tree(process.pid)
    if mode == "main":
        os.kill(process.pid, signal.SIGKILL)
    elif mode == "group":
        os.killpg(process.pid, signal.SIGKILL)
    elif mode == "term":
        os.kill(process.pid, signal.SIGTERM)
    else:
        workers = processes[1:] or processes
        os.kill(rng.choice(workers).pid, signal.SIGKILL)
    return processes


def wait_for_workers(process: subprocess.Popen, deadline: float) -> None:
    while process.poll() is None and len(tree(process.pid)) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)


def trial(mode: str, corpus: Path, out: Path, args: argparse.Namespace, reference: dict[str, str], duration: float,
          rng: random.Random) -> Trial:  # fmt: skip
    shutil.rmtree(out, ignore_errors=True)
    began = time.monotonic()
    process = start(analyze_command(corpus, out, args, *parquet_options(args)))
    if mode == "worker":
        wait_for_workers(process, began + duration)
    time.sleep(max(0.0, began + rng.uniform(0.05, 0.9) * duration - time.monotonic()))
    fault_at = time.monotonic() - began
    processes = inject(mode, process, rng) if process.poll() is None else []
    _, err = process.communicate()
    left = survivors(processes)
    kept = len(list((out / "_partitions").glob("part-*.json")))
    status, resume_err, _ = run(analyze_command(corpus, out, args, *parquet_options(args), "--resume"))
    return Trial(
        mode=mode,
        fault_at=round(fault_at, 2),
        injected=bool(processes),
        exit_status=process.returncode,
        code=error_code(err),
        kept=kept,
        survivors=left,
        resume_status=status,
        identical=status == 0 and table_hashes(out) == reference,
        traceback="Traceback" in err or "Traceback" in resume_err,
    )


@contextlib.contextmanager
def tmpfs(where: Path, size: int) -> Iterator[str | None]:
    """Mount a tmpfs of ``size`` bytes at ``where``; yields None if mounted, else why it could not be."""
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], check=False, capture_output=True, text=True)
    if mounted.returncode != 0:
        yield (mounted.stderr.strip() or f"mount exited with status {mounted.returncode}")
        return
    try:
        yield None
    finally:
        subprocess.run(["umount", str(where)], check=False)


def fill(folder: Path, leave: int = 0) -> Path:
    """Write a file into ``folder`` until its disk is full, then free ``leave`` bytes; the file."""
    filler = folder / "filler.bin"
    chunk = b"\0" * (1 << 16)
    with contextlib.suppress(OSError), open(filler, "wb") as handle:
        while True:
            handle.write(chunk)
            handle.flush()
    os.truncate(filler, max(0, filler.stat().st_size - leave))
    return filler


def disk_full(corpus: Path, mount: Path, args: argparse.Namespace, reference: dict[str, str], duration: float,
              rng: random.Random) -> dict[str, object]:  # fmt: skip
    """The disk-full drills on a tmpfs (see the module docstring)."""
    with tmpfs(mount, TMPFS_BYTES) as reason:
        if reason is not None:
            print(f"disk full: skipped, cannot mount a tmpfs ({reason})")
            return {"skipped": reason}
        out = mount / "parquet"
        began = time.monotonic()
        process = start(analyze_command(corpus, out, args, *parquet_options(args)))
        wait_for_workers(process, began + duration)
        time.sleep(rng.uniform(0.0, 0.5) * duration)
        fill_at = time.monotonic() - began
        processes = tree(process.pid)
        filler = fill(mount)
        _, err = process.communicate()
        parquet = {
            "fill_at": round(fill_at, 2),
            "exit_status": process.returncode,
            "code": error_code(err),
            "error": error_line(err),
            "kept": len(list((out / "_partitions").glob("part-*.json"))),
            "survivors": survivors(processes),
            "traceback": "Traceback" in err,
        }
        filler.unlink()
        status, resume_err, _ = run(analyze_command(corpus, out, args, *parquet_options(args), "--resume"))
        parquet["identical"] = status == 0 and table_hashes(out) == reference
        parquet["traceback"] = parquet["traceback"] or "Traceback" in resume_err
        shutil.rmtree(out)

        csv_out = mount / "csv"
        status, _, _ = run(analyze_command(corpus, csv_out, args))
        before = {p.name: p.read_bytes() for p in csv_out.iterdir()}
        filler = fill(mount, leave=CSV_ROOM)
        status, err, _ = run(analyze_command(corpus, csv_out, args))
        after = {p.name: p.read_bytes() for p in csv_out.iterdir()}
        filler.unlink()
        csv = {"exit_status": status, "code": error_code(err), "error": error_line(err), "tables_intact": after == before, "traceback": "Traceback" in err,
               "names_file": bool(re.search(r"\[N118\] \S+\.csv", err))}  # fmt: skip
    print(f"disk full, parquet: filled at {parquet['fill_at']} s, exit {parquet['exit_status']} {parquet['code']}, "
          f"{parquet['kept']} partition(s) kept, {parquet['survivors']} process(es) left, identical after resume: {parquet['identical']}")  # fmt: skip
    print(f"  {parquet['error']}")
    print(f"disk full, csv: exit {csv['exit_status']} {csv['code']}, earlier tables intact and no temporary file: {csv['tables_intact']}, "
          f"error names the file: {csv['names_file']}")  # fmt: skip
    print(f"  {csv['error']}")
    return {"parquet": parquet, "csv": csv}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO / "corpora" / "karabakh-2020" / "text")
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--profile", default="armenia-azerbaijan")
    parser.add_argument("--partition-size", type=int, default=2)
    parser.add_argument("--trials", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-disk-full", action="store_true", help="skip the tmpfs drills")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="narratives-faults-") as temporary:
        root = Path(temporary)
        corpus = make_corpus(args.data, args.copies, root)
        status, err, duration = run(analyze_command(corpus, root / "reference", args, *parquet_options(args)))
        if status != 0:
            sys.exit(f"the reference run failed ({status}): {err}")
        reference = table_hashes(root / "reference")
        reference_bytes = sum(p.stat().st_size for p in (root / "reference").rglob("*") if p.is_file())
        print(f"reference: {len(reference)} table files, {reference_bytes} bytes, {duration:.1f} s")
        trials = []
        for number in range(args.trials):
            result = trial(MODES[number % len(MODES)], corpus, root / "out", args, reference, duration, rng)
            trials.append(result)
            missed = "" if result.injected else " (the run had finished: no fault)"
            print(f"trial {number + 1}: {result.mode:6s} at {result.fault_at:5.2f} s{missed}: exit {result.exit_status} {result.code or '-'}, "
                  f"{result.kept} partition(s) kept, {result.survivors} process(es) left, resume exit {result.resume_status}, "
                  f"identical: {result.identical}, traceback: {result.traceback}")  # fmt: skip
        full = {"skipped": "--no-disk-full"} if args.no_disk_full else disk_full(corpus, root / "mnt", args, reference, duration, rng)
    identical = sum(t.identical for t in trials)
    left = sum(t.survivors for t in trials)
    print(f"summary: {identical}/{len(trials)} trials identical after resume ({sum(t.injected for t in trials)} with a fault "
          f"injected), {left} process(es) left, "
          f"{sum(t.traceback for t in trials)} traceback(s)")
    print(json.dumps({"reference_seconds": round(duration, 1), "table_files": len(reference), "trials": [asdict(t) for t in trials],
                      "identical": identical, "survivors": left, "disk_full": full}))  # fmt: skip


if __name__ == "__main__":
    main()
