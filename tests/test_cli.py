"""The command line: help, the analyze tables, formats, quiet and progress output."""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from narratives.cli import PROGRESS_THRESHOLD, build_parser, main
from narratives.pipeline import DOCUMENT_COLUMNS

SENTENCE_COLUMNS = ["doc_id", "sentence", "paragraph", "start", "end", "text"]
ARTICLES = {
    "strike": "Market shelled\nShelling hit the market on Sunday. Gen. Petrosyan said “It is over.”\n\nResidents fled.\n",
    "truce": "A truce was agreed in Moscow.\r\nIt collapsed within hours.\r\n\r\nBoth sides blamed each other.\r\n",
    "wrapped": (
        "The ceasefire announced in Moscow on Saturday collapsed within hours as\r\n"
        "both sides accused each other of shelling towns far from the front line,\r\n"
        "and residents of Stepanakert spent another night in basements while the\r\n"
        "sirens sounded. Officials in Baku said the strikes were a response.\r\n"
    ),
}


def make_corpus(root: Path, n: int | None = None) -> Path:
    """A folder of articles: the three above, or ``n`` short ones."""
    root.mkdir(parents=True)
    texts = ARTICLES if n is None else {f"a{i:02d}": f"Report {i}. The front held.\n" for i in range(n)}
    for name, text in texts.items():
        (root / f"{name}.txt").write_bytes(text.encode("utf-8"))
    return root


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def test_help_lists_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    commands = subcommands()
    assert "analyze" in commands
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    help_text = capsys.readouterr().out
    for name in commands:
        assert name in help_text
    for name, sub in commands.items():
        with pytest.raises(SystemExit) as exit_:
            main([name, "--help"])
        assert exit_.value.code == 0
        assert capsys.readouterr().out == sub.format_help()


def test_console_script_help() -> None:
    run = subprocess.run([sys.executable, "-m", "narratives.cli", "--help"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0
    assert "analyze" in run.stdout


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([])
    assert exit_.value.code == 2
    assert "COMMAND" in capsys.readouterr().err


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_analyze_writes_documented_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    assert main(["analyze", str(corpus), "--out", str(out)]) == 0
    documents = read_csv(out / "documents.csv")
    sentences = read_csv(out / "sentences.csv")
    # The documented columns come first; the framing layer adds its own after them.
    assert list(documents[0])[: len(DOCUMENT_COLUMNS)] == DOCUMENT_COLUMNS
    assert list(sentences[0])[: len(SENTENCE_COLUMNS)] == SENTENCE_COLUMNS
    assert sorted(d["doc_id"] for d in documents) == sorted(ARTICLES)
    texts = {}
    for doc in documents:
        texts[doc["doc_id"]] = text = Path(doc["source_path"]).read_bytes().decode("utf-8")
        assert int(doc["n_chars"]) == len(text)
        assert int(doc["n_sentences"]) == sum(s["doc_id"] == doc["doc_id"] for s in sentences)
        assert int(doc["n_tokens"]) > int(doc["n_sentences"])
    for row in sentences:
        assert texts[row["doc_id"]][int(row["start"]) : int(row["end"])] == row["text"]
    by_doc = {d: [s["text"] for s in sentences if s["doc_id"] == d] for d in ARTICLES}
    assert by_doc["strike"][0] == "Market shelled"
    assert by_doc["truce"] == ["A truce was agreed in Moscow.", "It collapsed within hours.", "Both sides blamed each other."]
    assert len(by_doc["wrapped"]) == 2
    assert [s["paragraph"] for s in sentences if s["doc_id"] == "truce"] == ["0", "0", "1"]
    err = capsys.readouterr().err
    assert "analysed 3 document(s)" in err and str(out / "documents.csv") in err


def test_analyze_jsonl_with_custom_fields(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"uid": "x1", "body": "One sentence. Two sentences.", "publisher": "Wire"}\n', encoding="utf-8")
    out = tmp_path / "out"
    assert main(["analyze", str(feed), "--text-field", "body", "--id-field", "uid", "--out", str(out), "-q"]) == 0
    documents = read_csv(out / "documents.csv")
    assert [(d["doc_id"], d["n_sentences"]) for d in documents] == [("x1", "2")]


def test_parquet_format(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    assert main(["analyze", str(corpus), "--out", str(out), "--format", "parquet", "--quiet"]) == 0
    assert not (out / "documents.csv").exists()
    documents = pd.read_parquet(out / "documents")  # one folder of partitions per table
    sentences = pd.read_parquet(out / "sentences")
    assert list(documents.columns)[: len(DOCUMENT_COLUMNS)] == DOCUMENT_COLUMNS
    assert list(sentences.columns)[: len(SENTENCE_COLUMNS)] == SENTENCE_COLUMNS
    assert sentences["start"].dtype == "int64"
    for row in sentences.itertuples():
        text = ARTICLES[row.doc_id]
        assert text[row.start : row.end] == row.text


def test_quiet_prints_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = make_corpus(tmp_path / "corpus", n=PROGRESS_THRESHOLD + 5)
    assert main(["analyze", str(corpus), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


def test_progress_bar_for_more_than_threshold_on_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = make_corpus(tmp_path / "corpus", n=PROGRESS_THRESHOLD + 1)
    assert main(["analyze", str(corpus), "--out", str(tmp_path / "one")]) == 0
    assert "doc/s" not in capsys.readouterr().err  # stderr is not a terminal here: no bar in a log file
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["analyze", str(corpus), "--out", str(tmp_path / "two")]) == 0
    err = capsys.readouterr().err
    assert f"/{PROGRESS_THRESHOLD + 1}" in err and "doc" in err  # tqdm's "n/total ... doc/s"


def test_no_progress_bar_for_small_corpora(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = make_corpus(tmp_path / "corpus", n=PROGRESS_THRESHOLD)
    assert main(["analyze", str(corpus), "--out", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("narratives: analysed 5 document(s)")


def test_output_path_that_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = make_corpus(tmp_path / "corpus", n=1)
    target = tmp_path / "taken"
    target.write_text("x")
    assert main(["analyze", str(corpus), "--out", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("narratives: error: [N121]") and str(target) in err


def test_tables_keep_their_types_when_everything_is_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = make_corpus(tmp_path / "corpus", n=1)
    assert main(["analyze", str(corpus), "--out", str(tmp_path / "full"), "--format", "parquet", "-q"]) == 0
    (corpus / "a00.txt").write_bytes(b"")
    assert main(["analyze", str(corpus), "--out", str(tmp_path / "empty"), "--format", "parquet", "--skip-bad", "-q"]) == 0
    assert "skipped 1" in capsys.readouterr().err
    for table in ("documents", "sentences"):
        full = pd.read_parquet(tmp_path / "full" / table)
        empty = pd.read_parquet(tmp_path / "empty" / table)
        assert len(full) > 0 and len(empty) == 0
        typed = [c for c in full.columns if c in ("doc_id", "sha256", "text") or full[c].dtype == "int64"]
        assert typed, table
        assert empty[typed].dtypes.to_dict() == full[typed].dtypes.to_dict(), table


def test_a_warning_of_another_library_is_shown_and_the_command_ends() -> None:
    # Such as Dask's "Port 8787 is already in use" when another cluster runs on the machine: printing the
    # recorded warnings used to record each one again while reading them, a loop that filled the memory.
    script = (
        "import warnings, narratives.cli as cli\n"
        "cli.cmd_profiles = lambda args: (warnings.warn('Port 8787 is already in use'), 0)[1]\n"
        "raise SystemExit(cli.main(['profiles']))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0
    assert "UserWarning: Port 8787 is already in use" in run.stderr


def test_python_dash_m_narratives_runs_the_command_line() -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "narratives", "--help"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "analyze" in done.stdout
