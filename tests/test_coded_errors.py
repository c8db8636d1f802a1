"""Paths that once ended in a traceback or passed without a word: each gives one coded line, a warning, or works."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from narratives import schema, segment
from narratives.cli import main
from narratives.corpus import Document, load
from narratives.errors import InputError

REPO = Path(__file__).resolve().parents[1]
TEXT = "Baku said that the town was shelled. Yerevan said the claim was false.\n"
ANN = "T1\tSource 0 4\tBaku\nT2\tCue 5 9\tsaid\nT3\tContent 15 35\tthe town was shelled\nT4\tAttribution 5 9\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"


def _one_error(capsys: pytest.CaptureFixture[str], code: str) -> str:
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert "Traceback" not in err and len(lines) == 1 and lines[0].startswith(f"narratives: error: [{code}] "), err
    return lines[0]


def _brat(folder: Path, names: tuple[str, ...] = ("a", "b"), ann: bytes = ANN.encode()) -> Path:
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    for name in names:
        (folder / "text" / f"{name}.txt").write_text(TEXT, encoding="utf-8")
        (folder / "attributions" / f"{name}.ann").write_bytes(ann)
    return folder


def test_lone_surrogate_in_document_and_segment_is_coded() -> None:
    with pytest.raises(InputError) as caught:
        Document(id="x", text="Baku said \ud800 it.")
    assert caught.value.code == "N115" and "character 10" in caught.value.problem
    with pytest.raises(InputError) as caught:
        segment("Hello \ud800 world.").to_frame("x")
    assert caught.value.code == "N115"


def test_metadata_row_with_extra_fields(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "c" / "metadata.csv").write_text("file,title\na.txt,A title,surplus\n", encoding="utf-8")
    assert main(["analyze", str(tmp_path / "c"), "--out", str(tmp_path / "out")]) == 2
    assert "metadata.csv:2:" in _one_error(capsys, "N111")


def test_profile_that_is_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile = tmp_path / "p.toml"
    profile.write_bytes(b'name = "p"\ntitle = "Caf\xe9"\n')
    assert main(["profiles", "check", str(profile)]) == 2
    line = _one_error(capsys, "N103")
    assert "p.toml:2:" in line and "0xe9" in line


def test_ann_that_is_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = _brat(tmp_path / "gold", ann=ANN.encode().replace(b"shelled", b"shell\xe9d"))
    assert main(["evaluate", str(gold), str(gold / "attributions")]) == 2
    assert "a.ann:3:" in _one_error(capsys, "N103")


@pytest.fixture(scope="module")
def one_word_cue_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("train")
    model = folder / "model"
    assert main(["train", str(_brat(folder / "brat")), "--out", str(model), "--iterations", "5", "-q"]) == 0
    return model


def test_a_model_trained_on_one_word_cues_can_be_used(one_word_cue_model: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "a.txt"
    corpus.write_text(TEXT, encoding="utf-8")
    assert main(["analyze", str(corpus), "--model", str(one_word_cue_model), "--out", str(tmp_path / "out"), "-q"]) == 0
    assert (tmp_path / "out" / "attributions.csv").is_file()


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_corrupt_crfsuite_file(one_word_cue_model: Path, tmp_path: Path, damage: str, capsys: pytest.CaptureFixture[str]) -> None:
    model = shutil.copytree(one_word_cue_model, tmp_path / "model")
    data = (model / "cue.crfsuite").read_bytes()
    (model / "cue.crfsuite").write_bytes(b"garbage" if damage == "garbage" else data[: len(data) // 3])
    corpus = tmp_path / "a.txt"
    corpus.write_text(TEXT, encoding="utf-8")
    assert main(["analyze", str(corpus), "--model", str(model), "--out", str(tmp_path / "out")]) == 2
    assert "cue.crfsuite" in _one_error(capsys, "N302")


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0"])
def test_max_doc_mb_must_be_positive_and_finite(tmp_path: Path, value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["analyze", str(tmp_path), "--max-doc-mb", value])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and "Traceback" not in err and "--max-doc-mb: must be a positive number" in err


@pytest.fixture
def parquet_run(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("a", "b", "c"):
        (folder / f"{name}.txt").write_text(TEXT.replace("town", f"town {name}"), encoding="utf-8")
    out = tmp_path / "run"
    args = [str(folder), "--format", "parquet", "--partition-size", "1", "--profile", "armenia-azerbaijan", "--out", str(out), "-q"]
    assert main(["analyze", *args]) == 0
    out.joinpath("args").write_text("\n".join(args), encoding="utf-8")
    return out


def _rerun(out: Path, *extra: str) -> int:
    return main(["analyze", *out.joinpath("args").read_text(encoding="utf-8").split("\n"), *extra])


def _tables(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.glob("*/part-*.parquet"))}


def test_corrupt_run_file(parquet_run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (parquet_run / "_run.json").write_text('{"partition_size": 1,', encoding="utf-8")
    assert _rerun(parquet_run, "--resume") == 2
    assert "_run.json" in _one_error(capsys, "N166")
    assert main(["compare", str(parquet_run), "--profile", "armenia-azerbaijan", "--out", str(tmp_path / "cmp")]) == 2
    _one_error(capsys, "N166")
    assert _rerun(parquet_run) == 0  # a fresh run (no --resume) starts over


@pytest.mark.parametrize("damage", ["corrupt record", "stray record"])
def test_resume_past_a_bad_or_stray_record(parquet_run: Path, damage: str) -> None:
    before = _tables(parquet_run)
    if damage == "corrupt record":
        (parquet_run / "_partitions" / "part-00001.json").write_text('{"documents": [["b"', encoding="utf-8")
    else:
        (parquet_run / "_partitions" / "part-abc.json").write_text("{}", encoding="utf-8")
    assert _rerun(parquet_run, "--resume") == 0
    assert _tables(parquet_run) == before


def test_compare_reads_a_truncated_partition(parquet_run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    part = parquet_run / "attributions" / "part-00001.parquet"
    part.write_bytes(part.read_bytes()[:50])
    assert main(["compare", str(parquet_run), "--profile", "armenia-azerbaijan", "--out", str(tmp_path / "cmp")]) == 2
    line = _one_error(capsys, "N166")
    assert "part-00001.parquet" in line and "--resume" in line


def test_lone_surrogate_jsonl_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "a", "text": "Baku said \\ud800 it."}\n', encoding="utf-8")
    assert main(["analyze", str(feed), "--out", str(tmp_path / "out")]) == 2
    assert "feed.jsonl:1:" in _one_error(capsys, "N115")
    assert list(load(feed, on_error="skip")) == []


# ---------------------------------------------------------------- input once accepted without a word (issue 20 item 10)


def _folder(tmp_path: Path, metadata: str) -> Path:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "b.txt").write_text(TEXT.replace("town", "village"), encoding="utf-8")
    (folder / "metadata.csv").write_text(metadata, encoding="utf-8")
    return folder


def test_bad_dates_warn_and_stay_out_of_the_report_range(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path, "file,outlet,date\na.txt,W,0000-00-00\nb.txt,W,2020-10-04\n")
    assert main(["analyze", str(folder), "--out", str(tmp_path / "out"), "-q"]) == 0
    err = capsys.readouterr().err
    assert "narratives: warning: [N119]" in err and "'0000-00-00'" in err and "a.txt" in err
    from narratives.report.sections import overview_section
    from narratives.report.tables import outlet_table

    documents = schema.from_csv_cells(pd.read_csv(tmp_path / "out" / "documents.csv"))
    assert documents["date"].dtype.kind == "M" and documents["date"].isna().tolist() == [True, False]
    outlets = outlet_table(documents)
    assert "0000-00-00" not in outlets.to_string()
    assert "published between 2020-10-04 and 2020-10-04 (1 article without a valid date)" in overview_section(documents, outlets, None, 0)


def test_metadata_rows_for_missing_files_warn_with_a_count(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path, "file,title\na.txt,A\nb.txt,B\nz.txt,Z\ny.txt,Y\n")
    assert main(["analyze", str(folder), "--out", str(tmp_path / "out"), "-q"]) == 0
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == [f"narratives: warning: [N117] {folder / 'metadata.csv'}: has 2 row(s) for files that are not in the corpus: "
                     "z.txt, y.txt. Check the file names in its 'file' column (or add the missing files)."]


def test_duplicate_metadata_rows_are_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path, "file,title\na.txt,First\nb.txt,B\na.txt,Second\n")
    assert main(["analyze", str(folder), "--out", str(tmp_path / "out")]) == 2
    line = _one_error(capsys, "N116")
    assert "metadata.csv:4:" in line and "line 2" in line


@pytest.mark.parametrize(("content", "code", "says"), [
    ("id,text,text\n1,First.,Second.\n", "N111", "'text' 2 times"),
    ("id,title,title,text\n1,A,B,Text.\n", "N111", "'title' 2 times"),
    ("id,text\n", "N105", "header but no rows"),
    ("id,text\n\n\n", "N105", "header but no rows"),
])
def test_csv_corpus_headers(tmp_path: Path, content: str, code: str, says: str, capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "t.csv"
    table.write_text(content, encoding="utf-8")
    assert main(["analyze", str(table), "--out", str(tmp_path / "out")]) == 2
    line = _one_error(capsys, code)
    assert says in line and "t.csv:1:" in line


def test_metadata_in_a_format_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path, "file,title\na.txt,A\n")
    sheet = tmp_path / "meta.xlsx"
    sheet.write_bytes(b"PK\x03\x04 not really a sheet")
    assert main(["analyze", str(folder), "--metadata", str(sheet), "--out", str(tmp_path / "out")]) == 2
    assert "meta.xlsx" in _one_error(capsys, "N113")


@pytest.mark.parametrize("options", [["--iterations", "-1"], ["--iterations", "0"], ["--c1", "-5"], ["--c2", "nan"], ["--prior-folds", "-2"]])
def test_train_refuses_meaningless_options(tmp_path: Path, options: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["train", str(tmp_path), "--out", str(tmp_path / "m"), *options])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and options[0] in err and "Traceback" not in err
    assert not (tmp_path / "m").exists()


def test_utf16_is_named_as_such(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_bytes(TEXT.encode("utf-16"))
    (tmp_path / "c" / "b.txt").write_bytes(TEXT.encode("utf-16-le"))
    for name in ("a.txt", "b.txt"):
        assert main(["analyze", str(tmp_path / "c" / name), "--out", str(tmp_path / "out")]) == 2
        assert "--encoding utf-16" in _one_error(capsys, "N103")
    assert main(["analyze", str(tmp_path / "c" / "a.txt"), "--encoding", "utf-16", "--out", str(tmp_path / "out"), "-q"]) == 0


@pytest.mark.parametrize("suffix", ["jsonl", "csv"])
def test_repeated_id_names_both_lines(tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / f"feed.{suffix}"
    if suffix == "jsonl":
        path.write_text('{"id": "a", "text": "One."}\n{"id": "b", "text": "Two."}\n{"id": "a", "text": "Three."}\n', encoding="utf-8")
    else:
        path.write_text("id,text\na,One.\nb,Two.\na,Three.\n", encoding="utf-8")
    assert main(["analyze", str(path), "--out", str(tmp_path / "out")]) == 2
    line = _one_error(capsys, "N110")
    assert f"feed.{suffix}:4:" in line if suffix == "csv" else f"feed.{suffix}:3:" in line
    assert f"first given at {path}:{2 if suffix == 'csv' else 1}" in line


def test_system_errors_have_a_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "a.txt"
    corpus.write_text(TEXT, encoding="utf-8")

    def full(self: pd.DataFrame, path: object, *args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(pd.DataFrame, "to_csv", full)
    assert main(["analyze", str(corpus), "--out", str(tmp_path / "out")]) == 2
    line = _one_error(capsys, "N118")
    assert "documents.csv" in line and "No space left on device" in line and "Free some space" in line


# ---------------------------------------------------------------- folders: nothing left out unseen (issue 20 item 8)


def _tree(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    (folder / "readable").mkdir(parents=True)
    (folder / "locked").mkdir()
    (folder / "readable" / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "locked" / "b.txt").write_text(TEXT, encoding="utf-8")
    return folder


@pytest.fixture
def locked_subfolder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A corpus whose subfolder ``locked`` cannot be listed (as without read permission, which root ignores)."""
    folder = _tree(tmp_path)
    scandir = os.scandir

    def refuse(path: object = ".") -> object:
        if Path(os.fsdecode(path)).name == "locked":
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    return folder


def test_a_subfolder_that_cannot_be_listed_is_an_error(locked_subfolder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(locked_subfolder), "--out", str(tmp_path / "out")]) == 2
    line = _one_error(capsys, "N114")
    assert str(locked_subfolder / "locked") in line and "Permission denied" in line


def test_a_subfolder_that_cannot_be_listed_is_counted_when_skipping(locked_subfolder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = load(locked_subfolder, on_error="skip")
    assert [doc.id for doc in corpus] == ["a"]
    assert [(s.path, s.code) for s in corpus.skipped] == [(str(locked_subfolder / "locked"), "N114")]
    assert main(["analyze", str(locked_subfolder), "--skip-bad", "--out", str(tmp_path / "out"), "-q"]) == 0
    assert "skipped 1 unreadable document(s)" in capsys.readouterr().err
    assert "locked" in (tmp_path / "out" / "skipped.csv").read_text(encoding="utf-8")


def test_symlinked_subfolders_are_followed_once(tmp_path: Path) -> None:
    folder = _tree(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "c.txt").write_text(TEXT, encoding="utf-8")
    (folder / "linked").symlink_to(elsewhere, target_is_directory=True)
    (folder / "readable" / "loop").symlink_to(folder, target_is_directory=True)  # back to the top: read once
    (folder / "zz-again").symlink_to(folder / "readable", target_is_directory=True)  # a second way to a folder
    ids = sorted(doc.id for doc in load(folder))
    assert ids == ["a", "b", "c"]


def test_compare_by_outlet_of_documents_without_outlets_is_one_coded_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "X"
    text = REPO / "corpora" / "karabakh-2020" / "text"  # the bundled articles without their metadata.csv
    assert main(["compare", str(text), "--profile", "armenia-azerbaijan", "--by", "outlet", "--out", str(out), "-q"]) == 2
    line = _one_error(capsys, "N128")
    assert "none of the 15 documents has a value for 'outlet'" in line and "--metadata" in line
    assert not out.exists()  # no partial files (it once wrote 1-byte CSVs, then a KeyError)


@pytest.fixture
def articles_without_metadata(tmp_path: Path) -> Path:
    """Three of the bundled articles copied without their metadata.csv."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for path in sorted((REPO / "corpora" / "karabakh-2020" / "text").glob("*.txt"))[:3]:
        shutil.copy(path, folder / path.name)
    return folder


def test_compare_by_outlet_of_a_copy_without_metadata_writes_nothing(articles_without_metadata: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "X"
    assert main(["compare", str(articles_without_metadata), "--profile", "armenia-azerbaijan", "--by", "outlet", "--out", str(out)]) == 2
    assert "none of the 3 documents has a value for 'outlet'" in _one_error(capsys, "N128")
    assert not out.exists()


@pytest.mark.parametrize("by", ["outlet", "language"])
def test_report_by_a_column_no_document_has_is_one_coded_line(by: str, articles_without_metadata: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "X"
    assert main(["report", str(articles_without_metadata), "--profile", "armenia-azerbaijan", "--by", by, "--out", str(out)]) == 2
    line = _one_error(capsys, "N128")
    assert f"none of the 3 documents has a value for {by!r}" in line and "--metadata" in line
    assert not out.exists()  # nothing written, not even the folder


def test_compare_by_outlet_warns_about_documents_without_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "feed"
    folder.mkdir()
    for name in ("a", "b", "c"):
        (folder / f"{name}.txt").write_text("Baku claimed that the town was shelled. Yerevan said the claim was false.\n", encoding="utf-8")
    (folder / "metadata.csv").write_text("file,outlet\na.txt,Wire\nb.txt,Wire\n", encoding="utf-8")
    assert main(["compare", str(folder), "--profile", "armenia-azerbaijan", "--by", "outlet", "--out", str(tmp_path / "out"), "-q"]) == 0
    err = capsys.readouterr().err
    assert "narratives: warning: [N129]" in err and "1 of the 3 documents have no value for 'outlet'" in err
