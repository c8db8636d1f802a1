"""Loading a corpus from one path or several, the reader chosen by the path's shape (see :func:`load`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from narratives.corpus.collection import Corpus, OnError, Skipped, guarded
from narratives.corpus.document import Document
from narratives.corpus.files import DEFAULT_MAX_BYTES, missing
from narratives.corpus.metadata import read_metadata, sidecar_path
from narratives.corpus.readers import (
    file_corpus,
    jsonl_corpus,
    table_corpus,
    walk_text_files,
)
from narratives.errors import InputError

TEXT_SUFFIXES = (".txt", ".md")
"""Suffixes of files read as one document each."""


def load(
    path: str | Path,
    *,
    text_field: str = "text",
    id_field: str | None = "id",
    metadata: str | Path | None = None,
    encoding: str = "utf-8",
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_error: OnError = "raise",
) -> Corpus:
    """Load a corpus from a file or folder, choosing the reader by its shape.

    Parameters
    ----------
    path
        A ``.txt``/``.md`` file, a ``.jsonl``/``.ndjson`` file, a ``.csv``/
        ``.tsv`` file, a brat folder (``text/`` + ``attributions/``) or a
        folder tree of ``.txt`` files.
    text_field, id_field
        Field (JSON Lines) or column (CSV/TSV) holding the text and the id.
        Records without an id get ``<file stem>-<line number>``.
    metadata
        A metadata sidecar to use instead of the folder's own
        ``metadata.csv``/``.tsv``/``.jsonl``.
    encoding
        Text encoding of the files.
    max_bytes
        Largest document accepted; larger ones are an error (N104).
    on_error
        ``"raise"`` (default) stops at the first bad document;
        ``"skip"`` leaves it out and records it in ``Corpus.skipped``
        (a path that cannot be opened at all, e.g. a missing file or a CSV
        without the text column, is recorded as one skipped entry; a
        malformed metadata file is an error either way).

    Returns
    -------
    Corpus
        A lazy corpus; nothing is read until it is iterated.
    """
    path = Path(path)
    # A broken metadata file is always an error: skipping it would drop every document it describes.
    sidecar = sidecar_path(path, metadata) if path.is_dir() else None if metadata is None else Path(metadata)
    table = {} if sidecar is None else read_metadata(sidecar)
    try:
        return _open(path, table, text_field, id_field, encoding, max_bytes, on_error, sidecar if path.is_dir() else None)
    except InputError as err:
        if on_error == "raise":
            raise
        return _skipped_source(path, err)


def _skipped_source(path: Path, error: InputError) -> Corpus:
    """The corpus of a source that cannot be opened: no documents, one skipped entry."""

    def iterate(skipped: list[Skipped]) -> Iterator[Document]:
        skipped.append(Skipped.from_error(error, path))
        return iter(())

    return Corpus(iterate, lambda: 0, path.stem or path.name)


def _open(
    path: Path,
    table: Mapping[str, dict[str, Any]],
    text_field: str,
    id_field: str | None,
    encoding: str,
    max_bytes: int,
    on_error: OnError,
    sidecar: Path | None = None,
) -> Corpus:
    """The corpus of one source, chosen by its shape (see :func:`load`); ``sidecar``: a folder's metadata file."""
    if not path.exists():
        raise missing(path)
    suffix = path.suffix.lower()
    if path.is_dir():
        text_dir = path / "text"
        if text_dir.is_dir() and (path / "attributions").is_dir():
            files = sorted(text_dir.glob("*.txt"))
            return file_corpus(files, text_dir, path.name, table, encoding, max_bytes, on_error, path / "attributions", sidecar)
        files, unlisted = walk_text_files(path)
        if unlisted and on_error == "raise":
            raise unlisted[0]
        if not files and not unlisted:
            raise InputError(
                "N112",
                "holds no .txt files.",
                "Point narratives at a folder of .txt files, a .jsonl/.csv file, or a brat folder (text/ + attributions/).",
                path=path,
            )
        return file_corpus(files, path, path.name, table, encoding, max_bytes, on_error, sidecar=sidecar, unlisted=unlisted)
    if suffix in TEXT_SUFFIXES:
        return file_corpus([path], path.parent, path.stem, table, encoding, max_bytes, on_error)
    if suffix in (".jsonl", ".ndjson"):
        return jsonl_corpus(path, text_field, id_field, encoding, max_bytes, on_error)
    if suffix in (".csv", ".tsv"):
        return table_corpus(path, text_field, id_field, encoding, max_bytes, on_error)
    raise InputError(
        "N113",
        f"has a suffix narratives does not read ({suffix or 'none'}).",
        "Use .txt, .md, .jsonl, .ndjson, .csv or .tsv files, or a folder of .txt files.",
        path=path,
    )


def load_many(paths: Iterable[str | Path], **options: Any) -> Corpus:
    """Load several paths as one corpus (ids must stay unique across them)."""
    corpora = [load(p, **options) for p in paths]
    if len(corpora) == 1:
        return corpora[0]
    on_error = options.get("on_error", "raise")

    def iterate(skipped: list[Skipped]) -> Iterator[Document]:
        def chained() -> Iterator[Document]:
            for corpus in corpora:
                yield from corpus
                skipped.extend(corpus.skipped)

        return guarded(chained(), lambda doc: doc, on_error, skipped)

    return Corpus(iterate, lambda: sum(len(c) for c in corpora), "+".join(c.name for c in corpora))
