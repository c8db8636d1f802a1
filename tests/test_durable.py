"""Output that survives crashes and full disks: flushed before it counts, checked before it is trusted, all or nothing."""

from __future__ import annotations

import errno
import json
import os
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pandas as pd
import pytest
from test_scale import analyze_cli, generated_corpus

from narratives.cli import main
from narratives.corpus import load
from narratives.errors import InputError
from narratives.output import LOCK_NAME, output_lock
from narratives.partitions import TABLES, RunSpec, run_partitioned


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_corpus(tmp_path_factory.mktemp("durable") / "corpus", n=12)


@pytest.mark.parametrize("damage", ["truncated", "same size, other bytes"])
def test_resume_redoes_a_finished_partition_whose_file_was_damaged(
    corpus: Path, tmp_path: Path, damage: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert analyze_cli(out, "--partition-size", "4", corpus=corpus) == 0
    clean = _files(out / "attributions") | _files(out / "sentences") | _files(out / "documents")
    part = out / "sentences" / "part-00001.parquet"
    data = part.read_bytes()
    part.write_bytes(data[: len(data) // 2] if damage == "truncated" else data[:100] + bytes([data[100] ^ 1]) + data[101:])
    kept = (out / "sentences" / "part-00000.parquet").stat().st_mtime_ns
    capsys.readouterr()
    assert analyze_cli(out, "--partition-size", "4", "--resume", corpus=corpus) == 0
    assert "redid 1 partition(s)" in capsys.readouterr().err
    assert _files(out / "attributions") | _files(out / "sentences") | _files(out / "documents") == clean
    assert (out / "sentences" / "part-00000.parquet").stat().st_mtime_ns == kept  # intact partitions are not redone


def test_a_worker_lost_while_work_is_handed_out_gives_a_coded_error(corpus: Path, tmp_path: Path) -> None:
    """A pool broken by a dead worker refuses new work: that too is N167, not a traceback."""
    handed_out: list[int] = []

    def submit(batch: list) -> list:
        if handed_out:
            raise BrokenProcessPool("A process in the process pool was terminated abruptly")
        handed_out.extend(index for index, _ in batch)
        return [_finished() for _ in batch]

    def _finished() -> Future:
        future: Future = Future()
        future.set_result([])  # no records: the test is about handing out, not writing
        return future

    with pytest.raises(InputError) as caught:
        run_partitioned(load(corpus), tmp_path, RunSpec(partition_size=3), jobs=2, submit=submit)
    assert caught.value.code == "N167" and "--resume" in caught.value.fix and handed_out == [0, 1]


def test_completion_records_give_each_file_size_and_checksum(corpus: Path, tmp_path: Path) -> None:
    run_partitioned(load(corpus), tmp_path, RunSpec(partition_size=5))
    record = json.loads((tmp_path / "_partitions" / "part-00002.json").read_text(encoding="utf-8"))
    for table in TABLES:
        data = (tmp_path / table / "part-00002.parquet").read_bytes()
        assert record["files"][table]["bytes"] == len(data)
        assert len(record["files"][table]["sha256"]) == 64


def test_files_and_folders_reach_the_disk_before_a_partition_is_marked_finished(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[tuple[str, str]] = []
    fsync, replace = os.fsync, os.replace

    def logged_fsync(descriptor: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{descriptor}")))
        fsync(descriptor)

    def logged_replace(source: str | Path, target: str | Path) -> None:
        events.append(("rename", str(target)))
        replace(source, target)

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("reads open files' paths from /proc (Linux)")
    monkeypatch.setattr(os, "fsync", logged_fsync)
    monkeypatch.setattr(os, "replace", logged_replace)
    out = (tmp_path / "out").resolve()
    run_partitioned(load(corpus), out, RunSpec(partition_size=12))
    finished = events.index(("rename", str(out / "_partitions" / "part-00000.json")))
    before = events[:finished]
    for table in TABLES:
        path = out / table / "part-00000.parquet"
        renamed = before.index(("rename", str(path)))
        assert ("fsync", str(path.with_name(f".{path.name}.{os.getpid()}.tmp"))) in before[:renamed]
        assert ("fsync", str(path.parent)) in before[renamed:]


def test_a_failed_csv_write_leaves_the_earlier_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "a", "text": "Baku said the town was shelled."}) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["analyze", str(feed), "--out", str(out), "-q"]) == 0
    before = _files(out)
    feed.write_text(json.dumps({"id": "b", "text": "Yerevan said the truce held, officials said."}) + "\n", encoding="utf-8")
    to_csv = pd.DataFrame.to_csv
    calls = []

    def disk_full_on_the_second_table(frame: pd.DataFrame, path: str | Path, **options: object) -> None:
        calls.append(path)
        if len(calls) == 2:
            Path(path).write_text("doc_id,sen", encoding="utf-8")
            raise OSError(errno.ENOSPC, "No space left on device")
        to_csv(frame, path, **options)

    monkeypatch.setattr(pd.DataFrame, "to_csv", disk_full_on_the_second_table)
    capsys.readouterr()
    assert main(["analyze", str(feed), "--out", str(out), "-q"]) == 2
    err = capsys.readouterr().err
    assert "[N118]" in err and str(out / "sentences.csv") in err and "No space left on device" in err and "Traceback" not in err
    assert _files(out) == before  # the earlier tables, whole; no new table beside them, no temporary file


def test_a_full_disk_leaves_no_lock_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_full(descriptor: int, *args: object, **options: object) -> None:
        os.close(descriptor)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fdopen", disk_full)
    with pytest.raises(OSError) as caught, output_lock(tmp_path):
        pass
    assert caught.value.errno == errno.ENOSPC and caught.value.filename == str(tmp_path / LOCK_NAME)
    assert not (tmp_path / LOCK_NAME).exists()  # else every later run would stop on a lock without a pid
