"""Corpus loaders, ids and hashes, selection, pandas round trips and laziness."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

import narratives.corpus.readers as readers_module
from narratives.corpus import Corpus, Document, load, load_many
from narratives.errors import InputError

STRIKE = "Shelling hit the market on Sunday.\nResidents fled to basements.\n"
TRUCE = "A truce was agreed in Moscow. It collapsed within hours.\n"
DEAL = "Both sides signed a deal on Tuesday.\n"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder tree: two files at the top, two in nested subfolders, one hidden, one not .txt."""
    root = tmp_path / "news"
    write(root / "strike.txt", STRIKE)
    write(root / "truce.txt", TRUCE)
    write(root / "2020" / "11" / "deal.txt", DEAL)
    write(root / "2020" / "notes" / "aside.txt", "An aside.\n")
    write(root / ".hidden" / "secret.txt", "Not part of the corpus.\n")
    write(root / "readme.pdf", "not text")
    return root


# --------------------------------------------------------------------------- single files


def test_one_txt_file(tmp_path: Path) -> None:
    path = write(tmp_path / "strike.txt", STRIKE)
    corpus = load(path)
    docs = list(corpus)
    assert len(corpus) == len(docs) == 1
    doc = docs[0]
    assert doc.id == "strike"
    assert doc.text == STRIKE
    assert doc.sha256 == sha(STRIKE)
    assert doc.source_path == str(path)
    assert doc.outlet is None


def test_one_md_file_keeps_text_exactly(tmp_path: Path) -> None:
    text = "# Truce collapses\r\n\r\nThe *truce* failed.  \r\n"
    doc = next(iter(load(write(tmp_path / "truce.md", text))))
    assert doc.id == "truce"
    assert doc.text == text
    assert doc.sha256 == sha(text)


def test_utf8_bom_is_not_part_of_the_text(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffA truce.".encode("utf-8"))
    assert next(iter(load(path))).text == "A truce."


def test_other_encoding(tmp_path: Path) -> None:
    path = write(tmp_path / "latin.txt", "Café talks in Genève.", encoding="latin-1")
    assert next(iter(load(path, encoding="latin-1"))).text == "Café talks in Genève."


def test_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        load(write(tmp_path / "story.docx", "x"))
    assert err.value.code == "N113"


# --------------------------------------------------------------------------- folders


def test_folder_tree(folder: Path) -> None:
    corpus = load(folder)
    docs = list(corpus)
    assert corpus.name == "news"
    assert len(corpus) == 4
    assert sorted(d.id for d in docs) == ["aside", "deal", "strike", "truce"]
    by_id = {d.id: d for d in docs}
    assert by_id["deal"].text == DEAL
    assert by_id["deal"].source_path == str(folder / "2020" / "11" / "deal.txt")
    for doc in docs:
        assert doc.sha256 == sha(doc.text)
        assert doc.text == Path(doc.source_path).read_text(encoding="utf-8")


def test_ids_are_stable_and_deterministic(folder: Path) -> None:
    first = [(d.id, d.sha256) for d in load(folder)]
    second = [(d.id, d.sha256) for d in load(folder)]
    assert first == second
    # Ids are file stems; documents come in sorted path order (2020/11/deal.txt < strike.txt).
    assert [i for i, _ in first] == ["deal", "aside", "strike", "truce"]


def test_same_file_name_in_two_subfolders_gets_path_ids(folder: Path) -> None:
    write(folder / "2021" / "strike.txt", "Another strike was reported.\n")
    docs = {d.id: d for d in load(folder)}
    # The two colliding files are told apart by their path; the others keep their plain stem,
    # so adding a file never renames documents it does not collide with.
    assert sorted(docs) == ["2021/strike", "aside", "deal", "strike", "truce"]
    assert docs["2021/strike"].source_path == str(folder / "2021" / "strike.txt")
    assert docs["strike"].text == STRIKE


def test_folder_without_text_files(tmp_path: Path) -> None:
    write(tmp_path / "empty" / "notes.pdf", "x")
    with pytest.raises(InputError) as err:
        load(tmp_path / "empty")
    assert err.value.code == "N112"


@pytest.mark.parametrize("sidecar", ["metadata.csv", "metadata.tsv", "metadata.jsonl"])
def test_metadata_sidecar_matched_on_file_name(folder: Path, sidecar: str) -> None:
    rows = [
        {"file": "strike.txt", "title": "Market shelled", "outlet": "Ararat Courier", "date": "2020-10-04"},
        {"file": "truce", "title": "Truce fails", "outlet": "Caspian Ledger", "date": "2020-10-11"},
        {"file": "2020/11/deal.txt", "title": "Deal signed", "outlet": "Meridian Wire", "date": "2020-11-10", "section": "World"},
    ]
    if sidecar.endswith(".jsonl"):
        write(folder / sidecar, "".join(json.dumps(r) + "\n" for r in rows))
    else:
        pd.DataFrame(rows).to_csv(folder / sidecar, sep="\t" if sidecar.endswith(".tsv") else ",", index=False)
    docs = {d.id: d for d in load(folder)}
    assert (docs["strike"].title, docs["strike"].outlet, docs["strike"].date) == ("Market shelled", "Ararat Courier", "2020-10-04")
    assert docs["truce"].outlet == "Caspian Ledger"
    assert docs["deal"].outlet == "Meridian Wire"
    assert docs["deal"].extra["section"] == "World"
    assert docs["aside"].outlet is None and docs["aside"].title is None
    # Empty cells are missing values, not empty strings.
    assert "section" not in docs["strike"].extra


def test_metadata_alias_columns(folder: Path) -> None:
    write(
        folder / "metadata.csv",
        "filename,publisher,publication_date,headline\nstrike.txt,Ararat Courier,2020-10-04,Market shelled\n",
    )
    doc = next(d for d in load(folder) if d.id == "strike")
    assert doc.outlet == "Ararat Courier"
    assert doc.date == "2020-10-04"
    assert doc.extra["headline"] == "Market shelled"


def test_explicit_metadata_file(folder: Path, tmp_path: Path) -> None:
    meta = write(tmp_path / "elsewhere.csv", "file,outlet\ntruce.txt,Meridian Wire\n")
    doc = next(d for d in load(folder, metadata=meta) if d.id == "truce")
    assert doc.outlet == "Meridian Wire"
    single = next(iter(load(folder / "truce.txt", metadata=meta)))
    assert single.outlet == "Meridian Wire"


def test_brat_folder(tmp_path: Path) -> None:
    root = tmp_path / "brat"
    write(root / "text" / "a1.txt", STRIKE)
    write(root / "text" / "a2.txt", TRUCE)
    write(root / "attributions" / "a1.ann", "T1\tSOURCE 0 8\tShelling\n")
    corpus = load(root)
    docs = {d.id: d for d in corpus}
    assert len(corpus) == 2
    assert docs["a1"].extra["annotation_path"] == str(root / "attributions" / "a1.ann")
    assert "annotation_path" not in docs["a2"].extra
    assert docs["a2"].text == TRUCE


# --------------------------------------------------------------------------- JSON Lines, CSV, TSV


def test_jsonl_with_custom_fields(tmp_path: Path) -> None:
    lines = [
        {"uid": "x1", "body": STRIKE, "outlet": "Ararat Courier", "words": 9},
        {"uid": 2, "body": TRUCE, "publisher_note": "wire copy"},
    ]
    path = write(tmp_path / "feed.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in lines) + "\n\n")
    corpus = load(path, text_field="body", id_field="uid")
    docs = list(corpus)
    assert len(corpus) == 2
    assert [d.id for d in docs] == ["x1", "2"]
    assert docs[0].text == STRIKE and docs[0].sha256 == sha(STRIKE)
    assert docs[0].outlet == "Ararat Courier"
    assert docs[0].extra["words"] == 9
    assert docs[1].extra["publisher_note"] == "wire copy"
    assert [d.extra["line"] for d in docs] == [1, 2]


def test_jsonl_without_ids(tmp_path: Path) -> None:
    path = write(tmp_path / "feed.ndjson", json.dumps({"text": STRIKE}) + "\n\n" + json.dumps({"text": TRUCE}) + "\n")
    assert [d.id for d in load(path)] == ["feed-1", "feed-3"]


@pytest.mark.parametrize("suffix, sep", [(".csv", ","), (".tsv", "\t")])
def test_table_with_text_column(tmp_path: Path, suffix: str, sep: str) -> None:
    frame = pd.DataFrame(
        {"id": ["s1", "s2"], "content": [STRIKE, TRUCE], "source": ["Ararat Courier", "Caspian Ledger"], "date": ["2020-10-04", ""]}
    )
    path = tmp_path / f"table{suffix}"
    frame.to_csv(path, sep=sep, index=False)
    corpus = load(path, text_field="content")
    docs = list(corpus)
    assert len(corpus) == 2
    assert [d.id for d in docs] == ["s1", "s2"]
    assert [d.text for d in docs] == [STRIKE, TRUCE]  # the newline inside the quoted cell is kept
    assert docs[0].outlet == "Ararat Courier"  # 'source' is an alias of outlet
    assert docs[0].date == "2020-10-04" and docs[1].date is None


def test_table_without_ids(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "text\nFirst story.\nSecond story.\n")
    assert [d.id for d in load(path)] == ["t-2", "t-3"]


# --------------------------------------------------------------------------- Corpus behaviour


def test_corpus_is_reiterable(folder: Path) -> None:
    corpus = load(folder)
    first = [d.id for d in corpus]
    second = [d.id for d in corpus]
    assert first == second and len(first) == 4
    assert "4 documents" in repr(corpus)


def test_from_documents_rejects_duplicate_ids() -> None:
    with pytest.raises(InputError) as err:
        Corpus.from_documents([Document("a", "One."), Document("a", "Two.")])
    assert err.value.code == "N110"


@pytest.fixture
def labelled() -> Corpus:
    return Corpus.from_documents(
        [
            Document("d1", "One.", outlet="Ararat Courier", date="2020-09-27", extra={"side": "A"}),
            Document("d2", "Two.", outlet="Caspian Ledger", date="2020-10-05", extra={"side": "B"}),
            Document("d3", "Three.", outlet="Meridian Wire", date="2020-10-17"),
            Document("d4", "Four.", outlet="Caspian Ledger", date="2020-11-08", extra={"side": "B"}),
        ],
        name="labelled",
    )


def test_select_by_value_list_and_callable(labelled: Corpus) -> None:
    assert [d.id for d in labelled.select(outlet="Caspian Ledger")] == ["d2", "d4"]
    assert [d.id for d in labelled.select(outlet=["Ararat Courier", "Meridian Wire"])] == ["d1", "d3"]
    october = labelled.select(date=lambda d: "2020-10-01" <= d < "2020-11-01")
    assert [d.id for d in october] == ["d2", "d3"]
    assert len(october) == 2
    assert [d.id for d in labelled.select(side="B", date=lambda d: d > "2020-11")] == ["d4"]
    assert [d.id for d in labelled.select(id={"d1", "d3"})] == ["d1", "d3"]
    assert [d.id for d in labelled.select(lambda d: d.text.startswith("T"))] == ["d2", "d3"]
    # A callable never sees a missing value.
    assert [d.id for d in labelled.select(side=lambda s: s.startswith("A"))] == ["d1"]
    assert list(labelled.select(outlet="Nobody")) == []


def test_pandas_round_trip(labelled: Corpus) -> None:
    frame = labelled.to_pandas()
    assert list(frame.columns[:9]) == ["id", "text", "sha256", "title", "outlet", "date", "url", "language", "source_path"]
    assert "side" in frame.columns
    assert frame["sha256"].tolist() == [sha(t) for t in frame["text"]]
    back = Corpus.from_pandas(frame)
    assert [d.to_dict() for d in back] == [d.to_dict() for d in labelled]


def test_from_pandas_recomputes_hash_and_numbers_rows() -> None:
    frame = pd.DataFrame({"body": ["One.", "Two."], "sha256": ["forged", "forged"], "outlet": ["X", None]})
    docs = list(Corpus.from_pandas(frame, text_column="body", id_column=None))
    assert [d.id for d in docs] == ["0", "1"]
    assert [d.sha256 for d in docs] == [sha("One."), sha("Two.")]
    assert docs[1].outlet is None
    with pytest.raises(InputError) as err:
        Corpus.from_pandas(frame, text_column="text")
    assert err.value.code == "N107" and "body" in str(err.value)


def test_empty_corpus_to_pandas() -> None:
    frame = Corpus.from_documents([]).to_pandas()
    assert frame.empty and list(frame.columns)[:3] == ["id", "text", "sha256"]


def test_load_many(tmp_path: Path) -> None:
    a = write(tmp_path / "a" / "strike.txt", STRIKE)
    b = write(tmp_path / "b.jsonl", json.dumps({"id": "j1", "text": TRUCE}) + "\n")
    corpus = load_many([a, b])
    assert [d.id for d in corpus] == ["strike", "j1"]
    assert len(corpus) == 2


def test_load_many_duplicate_ids(tmp_path: Path) -> None:
    a = write(tmp_path / "one" / "strike.txt", STRIKE)
    b = write(tmp_path / "two" / "strike.txt", TRUCE)
    with pytest.raises(InputError) as err:
        list(load_many([a, b]))
    assert err.value.code == "N110"
    assert str(b) in str(err.value)
    skipping = load_many([a, b], on_error="skip")
    assert [d.text for d in skipping] == [STRIKE]
    assert len(skipping.skipped) == 1 and "strike" in skipping.skipped[0].reason


# --------------------------------------------------------------------------- laziness


@pytest.fixture
def spy_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record every file the corpus module reads as a document."""
    reads: list[Path] = []
    real = readers_module.read_text_file

    def spy(path, *args, **kwargs):
        reads.append(Path(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(readers_module, "read_text_file", spy)
    return reads


def test_folder_is_read_lazily(tmp_path: Path, spy_reads: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "many"
    for shard in range(4):
        (root / f"shard{shard}").mkdir(parents=True)
        for i in range(500):
            (root / f"shard{shard}" / f"doc{shard}_{i:04d}.txt").write_text(f"Report {i} from shard {shard}.")
    real_read_bytes = Path.read_bytes
    byte_reads: list[Path] = []

    def read_bytes(self: Path) -> bytes:
        byte_reads.append(self)
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    corpus = load(root)
    assert spy_reads == [] and byte_reads == []  # listing the folder reads no file
    assert len(corpus) == 2000
    assert spy_reads == [] and byte_reads == []  # nor does counting
    iterator = iter(corpus)
    first = [next(iterator) for _ in range(10)]
    assert len(spy_reads) == 10 and len(byte_reads) == 10
    assert [Path(d.source_path) for d in first] == spy_reads
    # Documents are not kept: a second pass reads the files again.
    assert sum(1 for _ in corpus) == 2000
    assert len(byte_reads) == 2010


def test_jsonl_is_read_lazily(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": "First."}) + "\n" + "{broken\n" * 3)
    iterator = iter(load(path))
    assert next(iterator).text == "First."  # the broken lines after it are not read yet
    with pytest.raises(InputError):
        next(iterator)
