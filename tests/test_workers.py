"""The worker processes of `--jobs N` never outlive their run, and a lost worker says how to finish the run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_scale import analyze_cli, generated_corpus

from narratives.partitions import TABLES

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")

PARTITION_SIZE = "2"


def _stat(pid: int) -> tuple[str, int] | None:
    """State and parent pid of a process (None once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields[0], int(fields[1])


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) is not None and stat[1] == pid:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] != "Z"  # a zombie has stopped; only its exit status is left


def _survivors(pids: list[int], seconds: float = 10.0) -> list[int]:
    deadline = time.monotonic() + seconds
    while (alive := [pid for pid in pids if _alive(pid)]) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive


@pytest.fixture
def started() -> Iterator[list[int]]:
    """Processes a test starts; any still alive at its end (the test failed) are killed."""
    pids: list[int] = []
    yield pids
    for pid in pids:
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)


def _start(corpus: Path, out: Path, started: list[int]) -> tuple[subprocess.Popen, list[int]]:
    """A `--jobs 2` run, and its workers once its first partition is finished (it is then midway)."""
    command = [sys.executable, "-m", "narratives.cli", "analyze", str(corpus), "--out", str(out), "--format", "parquet",
               "--partition-size", PARTITION_SIZE, "--jobs", "2", "-q"]  # fmt: skip
    run = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not any((out / "_partitions").glob("part-*.json")) and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    workers = _children(run.pid)
    started += [run.pid, *workers]
    assert run.poll() is None and len(workers) >= 2, "the run should be midway, with its two workers"
    return run, workers


def _tables(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for table in TABLES for p in sorted((out / table).glob("part-*"))}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_corpus(tmp_path_factory.mktemp("workers") / "corpus", n=40)


@pytest.fixture(scope="module")
def clean(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("clean") / "out"
    assert analyze_cli(out, "--partition-size", PARTITION_SIZE, corpus=corpus) == 0
    return _tables(out)


def test_workers_die_with_a_killed_main_process(corpus: Path, tmp_path: Path, started: list[int]) -> None:
    run, workers = _start(corpus, tmp_path / "out", started)
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    run.stderr.close()
    assert _survivors(workers) == []


def test_sigterm_stops_the_workers_and_the_run_resumes(
    corpus: Path, tmp_path: Path, clean: dict[str, bytes], started: list[int]
) -> None:
    out = tmp_path / "out"
    run, workers = _start(corpus, out, started)
    os.kill(run.pid, signal.SIGTERM)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 128 + signal.SIGTERM and "Traceback" not in err
    assert "terminated" in err and "--resume" in err
    assert _survivors(workers) == []
    assert not (out / ".narratives.lock").exists()
    assert analyze_cli(out, "--partition-size", PARTITION_SIZE, "--jobs", "2", "--resume", corpus=corpus) == 0
    assert _tables(out) == clean


def test_a_lost_worker_gives_a_coded_error_and_resume_finishes(
    corpus: Path, tmp_path: Path, clean: dict[str, bytes], started: list[int]
) -> None:
    out = tmp_path / "out"
    run, workers = _start(corpus, out, started)
    os.kill(workers[0], signal.SIGKILL)  # as the out-of-memory killer would
    _, err = run.communicate(timeout=120)
    assert run.returncode == 2 and "Traceback" not in err, err
    line = next(line for line in err.splitlines() if "[N167]" in line)
    assert "worker process died" in line and "--resume" in line
    assert _survivors(workers) == []
    finished = len(list((out / "_partitions").glob("part-*.json")))
    assert 1 <= finished < 20, "the run should have stopped midway"
    assert analyze_cli(out, "--partition-size", PARTITION_SIZE, "--jobs", "2", "--resume", corpus=corpus) == 0
    assert _tables(out) == clean


def test_the_watchdog_alone_ends_an_orphaned_worker(tmp_path: Path, started: list[int]) -> None:
    """Where there is no parent-death signal (not Linux), the watchdog thread ends a worker whose parent died."""
    pid_file = tmp_path / "worker.pid"
    script = (
        "import os, signal, sys, narratives.workers as w\n"
        "w._death_signal = lambda: None\n"
        "pool = w.worker_pool(1)\n"
        "open(sys.argv[1], 'w').write(str(pool.submit(os.getpid).result()))\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    run = subprocess.run([sys.executable, "-c", script, str(pid_file)], check=False, stdout=subprocess.DEVNULL, timeout=60)
    worker = int(pid_file.read_text())
    started.append(worker)
    assert run.returncode == -signal.SIGKILL
    assert _survivors([worker], seconds=5) == []
