"""The manifest of a report: what went in (inputs and their SHA-256), with what (versions, data files) and how.

A manifest holds no time stamp unless one is asked for, and records paths
as given (relative paths stay relative) or relative to the package, so the
same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import platform
import re
from collections.abc import Iterable, Mapping, Sequence
from importlib import metadata
from pathlib import Path

import pandas as pd

import narratives
from narratives.corpus.metadata import SIDECAR_NAMES
from narratives.framing.lexicon import LEXICON_DIR
from narratives.sides import PROFILES_DIR, Profile

PACKAGE_DIR = Path(narratives.__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"


def sha256_file(path: str | Path) -> str:
    """SHA-256 of a file's bytes, in hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def package_path(path: str | Path) -> str:
    """``path`` as ``narratives/...`` when it lies inside the installed package, else as given."""
    resolved = Path(path).resolve()
    if PACKAGE_DIR in resolved.parents:
        return resolved.relative_to(PACKAGE_DIR.parent).as_posix()
    return str(path)


def json_value(value: object) -> object:
    """A parameter as the manifest keeps it: None, booleans, numbers and text as they are (JSON types), a path or anything else as text.

    Examples
    --------
    >>> [json_value(v) for v in (None, 10_000_000, "utf-8", Path("meta.csv"))]
    [None, 10000000, 'utf-8', 'meta.csv']
    """
    return value if value is None or isinstance(value, (bool, int, float, str)) else str(value)


def versions() -> dict[str, str]:
    """Versions of Python, narratives and every installed dependency narratives declares (extras left out)."""
    found = {"python": platform.python_version(), "narratives": narratives.__version__}
    for requirement in metadata.requires("narratives") or []:
        if "extra ==" in requirement:
            continue
        name = re.match(r"[A-Za-z0-9_.\-]+", requirement).group(0)
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def data_hashes(folder: Path = DATA_DIR, exclude: Iterable[Path] = ()) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` (package-relative path to hash), skipping ``exclude`` folders."""
    skipped = [Path(p).resolve() for p in exclude]
    hashes = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        resolved = path.resolve()
        if any(folder_ in resolved.parents for folder_ in skipped) or "__pycache__" in path.parts:
            continue
        hashes[package_path(path)] = sha256_file(path)
    return hashes


def profile_entry(profile: Profile, given: str | Path | None) -> dict[str, str | None]:
    """The profile as given, its name, its file (package-relative when shipped) and the file's SHA-256."""
    file = None
    if profile.path is not None:
        file = package_path(profile.path)
        if Path(file).is_absolute() and given is not None and Path(given).is_file():
            file = str(given)  # a user's profile: the path as given, not as resolved on this machine
    return {
        "given": None if given is None else str(given),
        "name": profile.name,
        "file": file,
        "sha256": None if profile.path is None else sha256_file(profile.path),
    }


def build_manifest(
    *,
    command: Sequence[str] | None,
    parameters: Mapping[str, object],
    inputs: Mapping[str, object],
    profile: Mapping[str, object],
    outputs: Mapping[str, str],
    generated: str | None = None,
) -> dict[str, object]:
    """The manifest as a dict, keys in a fixed order.

    Parameters
    ----------
    command
        The command line as given (``["narratives", "report", ...]``), or
        None when the report was built from Python.
    parameters
        Every parameter of the run, the random seed among them.
    inputs
        ``paths`` as given, ``documents`` (id, source path, SHA-256 of the
        text) and ``files`` (SHA-256 of metadata sidecars and input files).
    profile
        From :func:`profile_entry`.
    outputs
        Relative path to SHA-256 of every file written except the manifest.
    generated
        A time stamp, only when asked for.
    """
    manifest: dict[str, object] = {
        "format": "narratives report manifest 1",
        "command": None if command is None else list(command),
        "parameters": {key: json_value(value) for key, value in parameters.items()},
        "seed": parameters.get("seed"),
        "versions": versions(),
        "inputs": dict(inputs),
        "profile": dict(profile),
        "lexicons": data_hashes(LEXICON_DIR),
        "data_files": data_hashes(DATA_DIR, exclude=[LEXICON_DIR, PROFILES_DIR]),
        "outputs": dict(sorted(outputs.items())),
    }
    if generated is not None:
        manifest["generated"] = generated
    return manifest


def write_manifest(manifest: Mapping[str, object], path: str | Path) -> Path:
    """Write the manifest as indented, key-ordered JSON with a final newline."""
    path = Path(path)
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def report_inputs(paths: Sequence[str] | None, documents: pd.DataFrame, metadata: object) -> dict[str, object]:
    """The manifest's ``inputs``: the paths as given, each document's id, source path and SHA-256, and the input files' SHA-256."""
    return {
        "paths": paths,
        "documents": [
            {"doc_id": row.doc_id, "source_path": row.source_path, "sha256": row.sha256}
            for row in documents[["doc_id", "source_path", "sha256"]].itertuples()
        ],
        "files": input_files(paths or [], metadata),
    }


def input_files(paths: Sequence[str], metadata: object) -> dict[str, str]:
    """SHA-256 of each input given as a file, and of each folder's metadata sidecar (paths as given)."""
    hashes = {}
    for given in paths:
        path = Path(given)
        if path.is_file():
            hashes[given] = sha256_file(path)
        elif path.is_dir():
            for name in SIDECAR_NAMES:
                if (path / name).is_file():
                    hashes[(Path(given) / name).as_posix()] = sha256_file(path / name)
    if metadata is not None and Path(str(metadata)).is_file():
        hashes[str(metadata)] = sha256_file(str(metadata))
    return hashes
