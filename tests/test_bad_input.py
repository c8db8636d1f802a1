"""Bad input: a clear InputError naming the file (and line), skipping with a count, and the CLI's one line."""

from __future__ import annotations

import csv
import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

import narratives.corpus as corpus_module
from narratives.cli import main
from narratives.corpus import load_many
from narratives.errors import InputError

GOOD = "The truce held for a day. Then the shelling resumed.\n"
ERROR_LINE = re.compile(r"^narratives: error: \[N1\d\d\] ")


@dataclass
class Case:
    """Paths to load (one of them bad), what the error must say, how many good documents remain."""

    paths: list[Path]
    bad: Path
    code: str
    line: int | None
    good: int
    says: str = ""
    load_options: dict = field(default_factory=dict)
    cli_options: list[str] = field(default_factory=list)


def good_file(tmp_path: Path) -> Path:
    path = tmp_path / "good" / "truce.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_text(GOOD, encoding="utf-8")
    return path


def in_folder(tmp_path: Path, name: str, data: bytes) -> tuple[Path, Path]:
    """A folder with one good article and one bad file."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "truce.txt").write_text(GOOD, encoding="utf-8")
    bad = folder / name
    bad.write_bytes(data)
    return folder, bad


def empty_txt(tmp_path: Path) -> Case:
    folder, bad = in_folder(tmp_path, "empty.txt", b"")
    return Case([folder], bad, "N105", None, 1, "empty")


def blank_txt(tmp_path: Path) -> Case:
    folder, bad = in_folder(tmp_path, "blank.txt", b"  \n\n\t\n")
    return Case([folder], bad, "N105", None, 1, "empty")


def empty_jsonl(tmp_path: Path) -> Case:
    bad = tmp_path / "feed.jsonl"
    bad.write_bytes(b"\n\n")
    return Case([good_file(tmp_path), bad], bad, "N105", None, 1, "empty")


def empty_csv(tmp_path: Path) -> Case:
    bad = tmp_path / "table.csv"
    bad.write_bytes(b"")
    return Case([good_file(tmp_path), bad], bad, "N105", None, 1, "empty")


def binary(tmp_path: Path) -> Case:
    folder, bad = in_folder(tmp_path, "scan.txt", b"%PDF-1.4\n\x00\x01\x02\x00binary stream\n")
    return Case([folder], bad, "N102", None, 1, "binary")


def bad_utf8_txt(tmp_path: Path) -> Case:
    data = "Line one.\nLine two.\n".encode() + "Le café de la place.\n".encode("latin-1") + b"Line four.\n"
    folder, bad = in_folder(tmp_path, "latin.txt", data)
    return Case([folder], bad, "N103", 3, 1, "UTF-8")


def bad_utf8_jsonl(tmp_path: Path) -> Case:
    bad = tmp_path / "feed.jsonl"
    lines = [json.dumps({"text": GOOD}).encode(), '{"text": "Le café"}'.encode("latin-1"), json.dumps({"text": "More."}).encode()]
    bad.write_bytes(b"\n".join(lines) + b"\n")
    return Case([bad], bad, "N103", 2, 2, "UTF-8")


def bad_utf8_csv(tmp_path: Path) -> Case:
    bad = tmp_path / "table.csv"
    rows = [b"id,text", b"a1,First story.", "a2,Le café de la place.".encode("latin-1"), b'a3,"Third story,\nover two lines."', b"a4,Fourth."]
    bad.write_bytes(b"\n".join(rows) + b"\n")
    return Case([bad], bad, "N103", 3, 3, "UTF-8")


def huge_txt(tmp_path: Path) -> Case:
    folder, bad = in_folder(tmp_path, "dump.txt", b"")
    with bad.open("wb") as handle:
        handle.write(b"x" * 50_000_000)  # 50 MB, no newline
    return Case([folder], bad, "N104", None, 1, "50.0 MB")


def long_jsonl_line(tmp_path: Path) -> Case:
    bad = tmp_path / "feed.jsonl"
    lines = [json.dumps({"text": GOOD}), json.dumps({"text": "x" * 5_000}), json.dumps({"text": "After it."})]
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Case([bad], bad, "N104", 2, 2, "MB limit", {"max_bytes": 2_000}, ["--max-doc-mb", "0.002"])


def long_csv_row(tmp_path: Path) -> Case:
    bad = tmp_path / "table.csv"
    bad.write_text("id,text\na1,First.\na2," + "y" * 5_000 + "\na3,Third.\n", encoding="utf-8")
    return Case([bad], bad, "N104", 3, 2, "MB limit", {"max_bytes": 2_000}, ["--max-doc-mb", "0.002"])


def malformed_jsonl(tmp_path: Path) -> Case:
    bad = tmp_path / "feed.jsonl"
    bad.write_text(
        json.dumps({"text": GOOD}) + "\n\n" + '{"text": "Unclosed, "id": 3\n' + json.dumps({"text": "Fine."}) + "\n",
        encoding="utf-8",
    )
    return Case([bad], bad, "N108", 3, 2, "not valid JSON")


def jsonl_not_object(tmp_path: Path) -> Case:
    bad = tmp_path / "feed.jsonl"
    bad.write_text(json.dumps({"text": GOOD}) + "\n" + json.dumps(["a", "list"]) + "\n", encoding="utf-8")
    return Case([bad], bad, "N108", 2, 1, "not an object")


def csv_without_text_column(tmp_path: Path) -> Case:
    bad = tmp_path / "table.csv"
    bad.write_text("id,headline,body\na1,Truce,The truce held.\n", encoding="utf-8")
    return Case([good_file(tmp_path), bad], bad, "N107", 1, 1, "columns: id, headline, body")


def csv_unclosed_quote(tmp_path: Path) -> Case:
    bad = tmp_path / "table.tsv"
    bad.write_text('id\ttext\na1\tFirst.\na2\t"Never closed\na3\tThird.\n', encoding="utf-8")
    return Case([bad], bad, "N111", 3, 1, "quot")


def csv_text_after_closing_quote(tmp_path: Path) -> Case:
    bad = tmp_path / "table.csv"
    bad.write_text('id,text\na1,"Quoted" and then more\n', encoding="utf-8")
    return Case([good_file(tmp_path), bad], bad, "N111", 2, 1, "quot")


def missing(tmp_path: Path) -> Case:
    bad = tmp_path / "no-such-folder" / "article.txt"
    return Case([good_file(tmp_path), bad], bad, "N101", None, 1, "does not exist")


def symlink_loop(tmp_path: Path) -> Case:
    folder, bad = in_folder(tmp_path, "loop.txt", b"")
    bad.unlink()
    os.symlink(bad, bad)  # stat() fails with ELOOP
    return Case([folder], bad, "N114", None, 1, "cannot be read")


def lone_surrogate_jsonl(tmp_path: Path) -> Case:
    bad = tmp_path / "feed.jsonl"
    bad.write_text(json.dumps({"text": GOOD}) + "\n" + '{"text": "Baku said \\ud800 it."}\n', encoding="utf-8")
    return Case([bad], bad, "N115", 2, 1, "lone surrogate")


CASES: dict[str, Callable[[Path], Case]] = {
    f.__name__: f
    for f in (
        empty_txt, blank_txt, empty_jsonl, empty_csv, binary, bad_utf8_txt, bad_utf8_jsonl, bad_utf8_csv,
        huge_txt, long_jsonl_line, long_csv_row, malformed_jsonl, jsonl_not_object, csv_without_text_column,
        csv_unclosed_quote, csv_text_after_closing_quote, missing, symlink_loop, lone_surrogate_jsonl,
    )
}


@pytest.fixture(params=list(CASES))
def case(request: pytest.FixtureRequest, tmp_path: Path) -> Case:
    return CASES[request.param](tmp_path)


def test_error_names_file_line_and_fix(case: Case) -> None:
    with pytest.raises(InputError) as caught:
        list(load_many(case.paths, **case.load_options))
    err = caught.value
    assert err.code == case.code
    assert err.path == str(case.bad)
    if case.line is not None:
        assert err.line == case.line
        assert f"{case.bad}:{case.line}: " in str(err)
    assert case.says in str(err)
    assert err.fix, "the error must say what to do"
    assert str(err).startswith(f"[{case.code}] {case.bad}")
    assert "\n" not in str(err)


def test_skip_leaves_it_out_and_counts_it(case: Case) -> None:
    corpus = load_many(case.paths, on_error="skip", **case.load_options)
    docs = list(corpus)
    assert len(docs) == case.good
    assert all(d.text.strip() for d in docs)
    assert len(corpus.skipped) == 1
    skipped = corpus.skipped[0]
    assert skipped.path == str(case.bad)
    assert skipped.code == case.code
    if case.line is not None:
        assert skipped.line == case.line
    # Skips are counted afresh on each pass, not accumulated.
    assert len(list(corpus)) == case.good and len(corpus.skipped) == 1


def test_cli_prints_one_error_line_and_exits_2(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    status = main(["analyze", *map(str, case.paths), "--out", str(out), *case.cli_options])
    captured = capsys.readouterr()
    assert status == 2
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert ERROR_LINE.match(lines[0]), lines[0]
    assert f"[{case.code}]" in lines[0] and str(case.bad) in lines[0]
    assert "Traceback" not in captured.err + captured.out


def test_cli_skip_bad_reports_count_and_writes_skipped_csv(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    status = main(["analyze", *map(str, case.paths), "--out", str(out), "--skip-bad", "--quiet", *case.cli_options])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert "skipped 1 unreadable document" in captured.err
    with (out / "skipped.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["path"] for r in rows] == [str(case.bad)]
    assert rows[0]["code"] == case.code
    if case.line is not None:
        assert rows[0]["line"] == str(case.line)
    with (out / "documents.csv").open(newline="", encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == case.good


def test_huge_file_is_refused_without_reading_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "dump.txt"
    with path.open("wb") as handle:
        handle.write(b"x" * 50_000_000)
    reads: list[Path] = []
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        reads.append(self)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    started = time.perf_counter()
    with pytest.raises(InputError) as err:
        list(corpus_module.load(path))
    assert time.perf_counter() - started < 0.5
    assert err.value.code == "N104"
    assert reads == []


def test_a_raised_limit_accepts_the_file(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("word " * 500, encoding="utf-8")
    with pytest.raises(InputError):
        list(corpus_module.load(path, max_bytes=1_000))
    assert len(next(iter(corpus_module.load(path, max_bytes=10_000))).text) == 2_500


def test_loading_with_a_small_limit_does_not_shrink_csv_for_others(tmp_path: Path) -> None:
    """The csv module's field limit is process-wide: a small max_bytes must not lower it."""
    table = tmp_path / "small.csv"
    table.write_text("text\nShort.\n", encoding="utf-8")
    list(corpus_module.load(table, max_bytes=50))
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "metadata.csv").write_text("file,title\na.txt," + "t" * 500 + "\n", encoding="utf-8")
    assert next(iter(corpus_module.load(folder))).title == "t" * 500


def test_bad_metadata_sidecar_is_an_error_even_when_skipping(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "metadata.csv").write_text("file,outlet\na.txt,Courier\n,Ledger\n", encoding="utf-8")
    for on_error in ("raise", "skip"):
        with pytest.raises(InputError) as err:
            corpus_module.load(folder, on_error=on_error)
        assert err.value.code == "N106" and err.value.line == 3


def test_output_folder_inside_input_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    for extra in ([], ["--skip-bad"]):  # skipping bad documents never allows writing into the corpus
        status = main(["analyze", str(folder), "--out", str(folder / "results"), *extra])
        lines = capsys.readouterr().err.strip().splitlines()
        assert status == 2
        assert len(lines) == 1 and lines[0].startswith("narratives: error: [N120]")
        assert str(folder) in lines[0]
        assert sorted(p.name for p in folder.iterdir()) == ["a.txt"]  # nothing written
