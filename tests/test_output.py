"""The output folder: per-document file names stay inside it, no input is overwritten, one run at a time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from narratives.attribution.brat import read_brat_dir
from narratives.cli import main
from narratives.errors import InputError
from narratives.output import LOCK_NAME, MAX_STEM_BYTES, OutputNames, file_stem, id_of_stem, output_lock

TEXT = "Baku said that the town was shelled."
AWKWARD_IDS = ["../x", "/abs/path", ".", "..", "", "a/b", "a_b", "x" * 300, "Ереван", "Երևան", "Ереван/1", "CON", "-rf", "a%2Fb"]


def _jsonl(path: Path, ids: list[str]) -> Path:
    path.write_text("".join(json.dumps({"id": doc_id, "text": TEXT}) + "\n" for doc_id in ids), encoding="utf-8")
    return path


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


# ---------------------------------------------------------------- item 1: file names from ids


path_like_ids = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(["..", ".", "/", "a", "\\", "Ա", "%", "~", " "]), max_size=12).map("".join),
    st.text(min_size=200, max_size=320),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(path_like_ids, min_size=1, max_size=6, unique=True))
def test_stems_are_safe_distinct_and_reversible(ids: list[str]) -> None:
    stems = [file_stem(doc_id) for doc_id in ids]
    assert len(set(stems)) == len(ids)
    for doc_id, stem in zip(ids, stems):
        assert stem and "/" not in stem and "\\" not in stem and "\x00" not in stem
        assert stem not in (".", "..") and not stem.startswith((".", "-"))
        assert len(stem.encode("utf-8")) <= MAX_STEM_BYTES
        assert id_of_stem(stem) in (doc_id, None)
        if len(stem.encode("utf-8")) < MAX_STEM_BYTES - 20:
            assert id_of_stem(stem) == doc_id


@settings(max_examples=200, deadline=None)
@given(st.lists(path_like_ids, min_size=1, max_size=6, unique_by=lambda i: i.casefold()))
def test_output_names_stay_inside_the_folder(tmp_path_factory: pytest.TempPathFactory, ids: list[str]) -> None:
    out = tmp_path_factory.mktemp("out")
    names = OutputNames(out)
    paths = [names.path(doc_id, ".worksheet.html") for doc_id in ids]
    for path in paths:
        assert path.resolve().parent == out.resolve()
        path.write_text("x", encoding="utf-8")  # a real file system accepts the name
    assert len(_files(out)) == len(ids)


@settings(max_examples=8, deadline=None)
@given(st.lists(path_like_ids, min_size=1, max_size=4, unique_by=lambda i: i.casefold()))
@example(["", "..", "../x", "Ереван/1"])  # empty, path-like and Unicode ids in every run, whatever hypothesis draws
def test_brat_and_teach_write_one_file_per_document_inside_out(tmp_path_factory: pytest.TempPathFactory, ids: list[str]) -> None:
    from narratives.corpus import Corpus, Document
    from narratives.report.lesson import write_teaching

    base = tmp_path_factory.mktemp("ids")
    corpus = _jsonl(base / "feed.jsonl", ids)
    assert main(["analyze", str(corpus), "--format", "brat", "--out", str(base / "brat"), "-q"]) == 0
    written = write_teaching(Corpus.from_documents([Document(i, TEXT) for i in ids]), base / "teach")
    files = _files(base)
    answers = base / "teach" / "answers"
    assert {p.parent for p in files} == {base, base / "brat", base / "teach", answers}
    assert [p for p in files if p.parent == base] == [corpus]  # nothing escaped --out into the folder above
    assert len([p for p in files if p.parent == base / "brat"]) == len(ids)
    assert len([p for p in files if p.parent == base / "teach" and p.name != "index.html"]) == 2 * len(ids)
    assert len([p for p in files if p.parent == answers and p.name != "index.html"]) == len(ids)
    assert sorted(written) == sorted(p for p in files if p.parent in (base / "teach", answers))


def test_brat_output_of_path_like_ids_stays_inside_out(tmp_path: Path) -> None:
    corpus = _jsonl(tmp_path / "feed.jsonl", AWKWARD_IDS)
    out = tmp_path / "deep" / "out"
    assert main(["analyze", str(corpus), "--format", "brat", "--out", str(out), "-q"]) == 0
    written = _files(tmp_path)
    assert sorted(p for p in written if p.suffix == ".ann") == sorted(out / f"{file_stem(i)}.ann" for i in AWKWARD_IDS)
    assert {p.parent for p in written if p.suffix == ".ann"} == {out}
    assert sorted(id_of_stem(p.stem) for p in out.glob("*.ann") if id_of_stem(p.stem) is not None) == sorted(
        i for i in AWKWARD_IDS if len(i) < 100
    )


def test_evaluate_reads_encoded_prediction_names(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    (gold / "text").mkdir(parents=True)
    (gold / "attributions").mkdir()
    (gold / "text" / "day one.txt").write_text(TEXT, encoding="utf-8")
    (gold / "attributions" / "day one.ann").write_text("", encoding="utf-8")
    pred = tmp_path / "pred"
    assert main(["analyze", str(gold / "text"), "--format", "brat", "--out", str(pred), "-q"]) == 0
    assert (pred / "day%20one.ann").is_file()
    assert list(read_brat_dir(pred, texts=gold)) == ["day one"]


# ---------------------------------------------------------------- item 2: inputs never overwritten


@pytest.mark.parametrize("command", ["analyze", "report"])
def test_csv_corpus_inside_out_is_refused(tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    corpus = out / "documents.csv"
    corpus.write_text(f'id,text\na,"{TEXT}"\n', encoding="utf-8")
    before = corpus.read_bytes()
    options = ["--profile", "armenia-azerbaijan"] if command == "report" else []
    assert main([command, str(corpus), "--out", str(out), *options]) == 2
    assert "[N125]" in capsys.readouterr().err
    assert corpus.read_bytes() == before
    assert [p.name for p in out.iterdir()] == ["documents.csv"]


@pytest.mark.parametrize("where", ["equal", "parent"])
def test_out_that_is_or_holds_an_input_folder_is_refused(tmp_path: Path, where: str, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    out = folder if where == "equal" else tmp_path
    assert main(["analyze", str(folder), "--out", str(out), "-q"]) == 2
    assert "[N125]" in capsys.readouterr().err
    assert _files(tmp_path) == [folder / "a.txt"]


def test_metadata_sidecar_inside_out_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "meta.csv").write_text("file,title\na.txt,A\n", encoding="utf-8")
    assert main(["analyze", str(folder), "--metadata", str(out / "meta.csv"), "--out", str(out), "-q"]) == 2
    assert "[N125]" in capsys.readouterr().err


# ---------------------------------------------------------------- item 3: teaching pages of every id


def test_teach_keeps_a_page_per_unicode_or_path_like_id(tmp_path: Path) -> None:
    ids = ["Ереван", "Баку", "Երևան", "a/b", "a_b", "../escape", ""]
    corpus = _jsonl(tmp_path / "feed.jsonl", ids)
    out = tmp_path / "teach"
    assert main(["teach", str(corpus), "--out", str(out), "-q"]) == 0
    pages = [p for p in _files(tmp_path) if p.name.endswith(".html") and p.name != "index.html"]
    assert {p.parent for p in pages} == {out, out / "answers"}
    assert len([p for p in pages if p.parent == out]) == 2 * len(ids)
    assert sorted(id_of_stem(p.name[: -len(".answers.html")]) for p in pages if p.parent == out / "answers") == sorted(ids)
    stems = {p.name[: -len(".worksheet.html")] for p in pages if p.name.endswith(".worksheet.html")}
    assert sorted(id_of_stem(s) for s in stems) == sorted(ids)
    index = (out / "index.html").read_text(encoding="utf-8")
    from urllib.parse import quote

    for doc_id in ids:
        assert f'href="{quote(file_stem(doc_id) + ".html")}"' in index


def test_teach_refuses_ids_that_share_a_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _jsonl(tmp_path / "feed.jsonl", ["Article", "article"])
    out = tmp_path / "teach"
    assert main(["teach", str(corpus), "--out", str(out), "-q"]) == 2
    err = capsys.readouterr().err
    assert "[N126]" in err and "'Article'" in err and "'article'" in err
    assert not out.exists() or not _files(out)


# ---------------------------------------------------------------- item 5: one run per output folder


def test_a_live_lock_refuses_a_second_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _jsonl(tmp_path / "feed.jsonl", ["a"])
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        import socket

        (out / LOCK_NAME).write_text(f"{holder.pid}\n{socket.gethostname()}\n", encoding="utf-8")
        for command in (["analyze", str(corpus)], ["analyze", str(corpus), "--format", "parquet"], ["teach", str(corpus)]):
            assert main([*command, "--out", str(out), "-q"]) == 2
            err = capsys.readouterr().err
            assert "[N127]" in err and str(holder.pid) in err and LOCK_NAME in err
        assert sorted(p.name for p in out.iterdir()) == [LOCK_NAME]
    finally:
        holder.kill()
        holder.wait()


def test_a_stale_lock_is_taken_over_and_the_lock_is_released(tmp_path: Path) -> None:
    corpus = _jsonl(tmp_path / "feed.jsonl", ["a"])
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    import socket

    (out / LOCK_NAME).write_text(f"{dead.pid}\n{socket.gethostname()}\n", encoding="utf-8")
    assert main(["analyze", str(corpus), "--out", str(out), "-q"]) == 0
    assert (out / "documents.csv").is_file() and not (out / LOCK_NAME).exists()


def test_lock_is_exclusive_within_a_process(tmp_path: Path) -> None:
    with output_lock(tmp_path) as lock:
        assert lock.read_text(encoding="utf-8").split("\n")[0] == str(os.getpid())
        with pytest.raises(InputError) as caught, output_lock(tmp_path):
            pass
        assert caught.value.code == "N127"
    assert not (tmp_path / LOCK_NAME).exists()


def test_an_empty_lock_is_stale_only_after_a_while(tmp_path: Path) -> None:
    lock = tmp_path / LOCK_NAME
    lock.write_text("", encoding="utf-8")
    with pytest.raises(InputError) as caught, output_lock(tmp_path):
        pass
    assert caught.value.code == "N127"
    old = time.time() - 3600
    os.utime(lock, (old, old))
    with output_lock(tmp_path):
        assert _holder_pid(lock) == os.getpid()
    assert not lock.exists()


def _holder_pid(lock: Path) -> int:
    return int(lock.read_text(encoding="utf-8").split("\n")[0])
