"""Large corpora: partitioned Parquet output, --jobs, --resume after a kill, the Dask engine, compare from partitions."""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from narratives import schema
from narratives.cli import main
from narratives.corpus import load
from narratives.partitions import TABLES, RunSpec, iter_tables, read_tables, run_partitioned
from narratives.pipeline import analyze
from narratives.sides import load_profile

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "corpora" / "karabakh-2020"
PROFILE = "armenia-azerbaijan"


def plain_lists(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with its list columns as lists of tuples (Parquet gives numpy arrays back, the pipeline lists)."""
    readers = {**dict.fromkeys(schema.SPAN_COLUMNS, schema.spans), **dict.fromkeys(schema.HIT_COLUMNS, schema.hits)}
    return frame.assign(**{c: frame[c].map(read).astype(object) for c, read in readers.items() if c in frame.columns})


def as_read_back(frame: pd.DataFrame) -> pd.DataFrame:
    """An in-memory table as Parquet gives it back: text columns of dtype object come back as ``str``
    (list columns compared as :func:`plain_lists`)."""
    lists = set(schema.SPAN_COLUMNS) | set(schema.HIT_COLUMNS)
    return plain_lists(frame).astype({c: "str" for c in frame.columns if frame[c].dtype == object and c not in lists})


def assert_same_tables(left: Path, right: Path) -> None:
    for table in TABLES:
        pd.testing.assert_frame_equal(plain_lists(pd.read_parquet(left / table)), plain_lists(pd.read_parquet(right / table)))


def analyze_cli(out: Path, *options: str, corpus: Path = SAMPLE) -> int:
    return main(["analyze", str(corpus), "--out", str(out), "--format", "parquet", "-q", *options])


def generated_corpus(root: Path, n: int = 60) -> Path:
    root.mkdir()
    for i in range(n):
        text = " ".join(
            f"Officials in Baku said on day {i} that the shelling of town {j} had stopped. "
            f"“It is over,” a spokesman for the ministry said. Residents doubted it."
            for j in range(4)
        )
        (root / f"doc{i:03d}.txt").write_text(text + "\n", encoding="utf-8")
    return root


def test_partitions_concatenate_to_the_in_process_tables(tmp_path: Path) -> None:
    corpus = load(SAMPLE)
    summary = run_partitioned(corpus, tmp_path / "out", RunSpec(partition_size=4, profile=PROFILE))
    expected = analyze(corpus, profile=load_profile(PROFILE))
    assert summary.partitions == 4 and summary.rows["documents"] == 15
    assert sorted(p.name for p in (tmp_path / "out" / "attributions").iterdir()) == [f"part-0000{i}.parquet" for i in range(4)]
    got = read_tables(tmp_path / "out")
    for table in TABLES:
        pd.testing.assert_frame_equal(plain_lists(getattr(got, table)), as_read_back(getattr(expected, table)))
        pd.testing.assert_frame_equal(plain_lists(pd.read_parquet(tmp_path / "out" / table)), plain_lists(getattr(got, table)))
    assert dict(summary.sides) == expected.attributions["side"].value_counts().to_dict()
    assert [len(part.documents) for part in iter_tables(tmp_path / "out")] == [4, 4, 4, 3]


def test_jobs_2_gives_the_same_files_as_jobs_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert analyze_cli(tmp_path / "one", "--partition-size", "4", "--profile", PROFILE) == 0
    assert main(["analyze", str(SAMPLE), "--out", str(tmp_path / "two"), "--format", "parquet", "--partition-size", "4",
                 "--profile", PROFILE, "--jobs", "2"]) == 0  # fmt: skip
    assert_same_tables(tmp_path / "one", tmp_path / "two")
    err = capsys.readouterr().err
    assert "analysed 15 document(s)" in err and "in 4 partition(s)" in err and "attributions per side" in err


def test_a_killed_run_resumes_without_duplicates_or_losses(tmp_path: Path) -> None:
    corpus = generated_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "narratives.cli", "analyze", str(corpus), "--out", str(out), "--format", "parquet",
               "--partition-size", "5", "-q"]  # fmt: skip
    run = subprocess.Popen(command)
    records = out / "_partitions"
    deadline = time.monotonic() + 60
    while not any(records.glob("part-*.json")) and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    finished = sorted(records.glob("part-*.json"))
    assert 1 <= len(finished) < 12, "the run should have been killed midway"
    kept = {p: p.stat().st_mtime_ns for p in (out / "attributions").glob("part-*") if (records / f"{p.stem}.json").exists()}
    # What a kill can leave behind: a partition's tables without its record, a half-written temporary file.
    (out / "documents" / "part-00011.parquet").write_bytes(b"not parquet")
    (out / "sentences" / ".part-00011.parquet.99.tmp").write_bytes(b"half")

    assert analyze_cli(out, "--partition-size", "5", "--resume", corpus=corpus) == 0
    assert analyze_cli(tmp_path / "clean", "--partition-size", "5", corpus=corpus) == 0
    assert_same_tables(out, tmp_path / "clean")
    documents = pd.read_parquet(out / "documents")
    assert documents["doc_id"].tolist() == [f"doc{i:03d}" for i in range(60)]
    assert not list((out / "sentences").glob(".*"))
    assert kept and all(path.stat().st_mtime_ns == before for path, before in kept.items())  # kept, not redone


def test_resume_keeps_finished_partitions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert analyze_cli(out, "--partition-size", "4") == 0
    kept = (out / "attributions" / "part-00000.parquet").stat().st_mtime_ns
    (out / "_partitions" / "part-00002.json").unlink()  # as if the run had stopped before finishing partition 2
    capsys.readouterr()
    assert main(["analyze", str(SAMPLE), "--out", str(out), "--format", "parquet", "--partition-size", "4", "--resume"]) == 0
    assert "3 of them finished by an earlier run" in capsys.readouterr().err
    assert (out / "attributions" / "part-00000.parquet").stat().st_mtime_ns == kept
    assert analyze_cli(tmp_path / "clean", "--partition-size", "4") == 0
    assert_same_tables(out, tmp_path / "clean")


def test_resume_with_other_parameters_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert analyze_cli(out, "--partition-size", "4") == 0
    capsys.readouterr()
    assert analyze_cli(out, "--partition-size", "5", "--resume") == 2
    err = capsys.readouterr().err
    assert err.startswith("narratives: error: [N160]") and "partition_size 4 then, 5 now" in err and "new --out" in err
    assert err.count("\n") == 1


def test_resume_on_a_changed_corpus_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = generated_corpus(tmp_path / "corpus", n=10)
    out = tmp_path / "out"
    assert analyze_cli(out, "--partition-size", "5", corpus=corpus) == 0
    (corpus / "doc001.txt").write_text("A changed text. It said so.\n", encoding="utf-8")
    capsys.readouterr()
    assert analyze_cli(out, "--partition-size", "5", "--resume", corpus=corpus) == 2
    err = capsys.readouterr().err
    assert err.startswith("narratives: error: [N161]") and "'doc001'" in err and "corpus changed" in err


def test_a_new_run_replaces_an_earlier_one(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert analyze_cli(out, "--partition-size", "2") == 0
    assert analyze_cli(out, "--partition-size", "8") == 0
    assert len(list((out / "documents").glob("part-*"))) == 2
    assert len(pd.read_parquet(out / "documents")) == 15


@pytest.mark.parametrize("options", [["--jobs", "2"], ["--resume"], ["--partition-size", "3"], ["--engine", "dask"]])
def test_scale_options_need_parquet(tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["analyze", str(SAMPLE), "--out", str(tmp_path / "out"), *options])
    assert exit_.value.code == 2
    assert "add --format parquet" in capsys.readouterr().err


def test_dask_engine_without_dask_says_what_to_install(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    assert analyze_cli(tmp_path / "out", "--engine", "dask") == 2
    err = capsys.readouterr().err
    assert err.startswith("narratives: error: [N163]") and "pip install 'narratives[dask]'" in err


def test_dask_engine_gives_the_same_tables_and_resumes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("dask.distributed")
    from narratives.dask_engine import tables

    dask = ["--partition-size", "4", "--profile", PROFILE, "--engine", "dask", "--jobs", "2"]
    assert analyze_cli(tmp_path / "local", "--partition-size", "4", "--profile", PROFILE) == 0
    assert analyze_cli(tmp_path / "dask", *dask) == 0
    assert_same_tables(tmp_path / "local", tmp_path / "dask")
    kept = (tmp_path / "dask" / "attributions" / "part-00000.parquet").stat().st_mtime_ns
    (tmp_path / "dask" / "_partitions" / "part-00002.json").unlink()  # as if the run had stopped there
    capsys.readouterr()
    assert main(["analyze", str(SAMPLE), "--out", str(tmp_path / "dask"), "--format", "parquet", "--resume", *dask]) == 0
    assert "3 of them finished by an earlier run" in capsys.readouterr().err
    assert (tmp_path / "dask" / "attributions" / "part-00000.parquet").stat().st_mtime_ns == kept
    assert_same_tables(tmp_path / "local", tmp_path / "dask")
    frames = tables(tmp_path / "dask")
    assert frames["attributions"].npartitions == 4
    local = pd.read_parquet(tmp_path / "local" / "attributions")
    assert frames["attributions"]["attribution_id"].compute().tolist() == local["attribution_id"].tolist()
    per_side = frames["attributions"].groupby("side").size().compute()  # Dask's own dtypes: compare values
    assert per_side.sort_index().to_dict() == local.groupby("side").size().to_dict()


def test_compare_from_partitions_equals_compare_from_the_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    analyses = [tmp_path / "local"]
    if importlib.util.find_spec("distributed") is not None:  # and partitions written by Dask workers
        analyses.append(tmp_path / "dask")
        assert analyze_cli(analyses[-1], "--partition-size", "4", "--profile", PROFILE, "--engine", "dask", "--jobs", "2") == 0
    assert analyze_cli(analyses[0], "--partition-size", "4", "--profile", PROFILE) == 0
    options = ["--profile", PROFILE, "--bootstrap", "50", "--permutations", "50", "-q"]
    assert main(["compare", str(SAMPLE), "--out", str(tmp_path / "corpus"), *options]) == 0
    from_corpus = capsys.readouterr().out
    for analysis in analyses:
        compared = tmp_path / f"{analysis.name}-compared"
        assert main(["compare", str(analysis), "--out", str(compared), *options]) == 0
        assert capsys.readouterr().out == from_corpus
        for name in ("rates.csv", "effects.csv", "tests.csv", "sizes.csv", "fightin_words.csv"):
            assert (tmp_path / "corpus" / name).read_bytes() == (compared / name).read_bytes(), (analysis.name, name)


def test_compare_refuses_partitions_made_with_another_profile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert analyze_cli(tmp_path / "analysis", "--partition-size", "8") == 0
    capsys.readouterr()
    assert main(["compare", str(tmp_path / "analysis"), "--profile", PROFILE, "--out", str(tmp_path / "cmp")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("narratives: error: [N162]") and "without a profile" in err
