"""The output folder: file names made from document ids, never an input, one run at a time.

Every file narratives names after a document (``analyze --format brat``,
``teach``) goes through :func:`file_stem`, a reversible percent-encoding of
the id: letters and digits of any script and ``._-`` are kept, any other
character becomes ``%XX`` per UTF-8 byte (``a/b`` -> ``a%2Fb``), so two ids
never share a stem and :func:`id_of_stem` gives the id back. A stem that
could mean something to the file system (``.``, ``..``, a leading dot or
dash, an empty id, a Windows device name such as ``CON``) has its first
character encoded, and a stem longer than :data:`MAX_STEM_BYTES` is cut and
ended with ``%~`` and 16 hex digits of the id's SHA-256 (never produced by
the encoding itself). :class:`OutputNames` checks that each path stays inside
the folder and that no two documents of a run share a file, even on a file
system that ignores case or Unicode normalisation.

:func:`check_output_dir` refuses an output folder that is, holds or lies
inside an input, and :func:`output_lock` keeps two runs from writing into one
folder at the same time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import time
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from narratives.errors import InputError

__all__ = ["MAX_STEM_BYTES", "LOCK_NAME", "file_stem", "id_of_stem", "OutputNames", "check_output_dir", "output_lock"]

MAX_STEM_BYTES = 120
"""Longest stem in UTF-8 bytes: two stems, ``__vs__`` and a suffix still fit the usual 255-byte name limit."""

LOCK_NAME = ".narratives.lock"
"""The lock file a run keeps in its output folder while it writes."""

UNWRITTEN_LOCK_SECONDS = 60
"""A lock file still without a pid after this long was left by a run that died while taking it."""

_KEPT_PUNCTUATION = frozenset("._-")
_WINDOWS_DEVICES = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))})
_HASHED = "%~"
_EMPTY = "%empty"
"""The stem of the empty id: ``%`` followed by anything but two hex digits is never produced by the encoding."""


def _encode_char(char: str) -> str:
    return "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))


def file_stem(doc_id: str) -> str:
    """The file name stem of a document id: reversible, distinct for distinct ids, safe on any file system.

    Parameters
    ----------
    doc_id
        Any document id (path-like, Unicode, empty, very long).

    Returns
    -------
    str
        Letters and digits of any script and ``._-`` as they are, anything
        else as ``%XX`` (UTF-8 bytes); see the module docstring for the
        special cases.

    Examples
    --------
    >>> file_stem("article-01"), file_stem("../x"), file_stem("Ереван 1")
    ('article-01', '%2E.%2Fx', 'Ереван%201')
    """
    stem = "".join(char if char.isalnum() or char in _KEPT_PUNCTUATION else _encode_char(char) for char in doc_id)
    if not stem:
        return _EMPTY
    if stem[0] in ".-" or stem.split(".", 1)[0].upper() in _WINDOWS_DEVICES:
        stem = _encode_char(stem[0]) + stem[1:]
    if stem.endswith("."):  # Windows drops trailing dots
        stem = stem[:-1] + _encode_char(".")
    if len(stem.encode("utf-8")) > MAX_STEM_BYTES:
        digest = hashlib.sha256(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        budget = MAX_STEM_BYTES - len(_HASHED) - len(digest)
        cut = stem.encode("utf-8")[:budget].decode("utf-8", "ignore")
        percent = cut.rfind("%", len(cut) - 2)
        if percent >= 0:  # never cut an escape in two
            cut = cut[:percent]
        stem = cut + _HASHED + digest
    return stem


def id_of_stem(stem: str) -> str | None:
    """The document id a stem from :func:`file_stem` encodes, or None for a cut (hashed) stem.

    A stem with no ``%`` is its own id, so the stems of ordinary ids (file
    names) read back unchanged.
    """
    if _HASHED in stem:
        return None
    if stem == _EMPTY:
        return ""
    data = bytearray()
    i = 0
    while i < len(stem):
        if stem[i] == "%" and _is_hex(stem[i + 1 : i + 3]):
            data.append(int(stem[i + 1 : i + 3], 16))
            i += 3
        else:
            data += stem[i].encode("utf-8", "surrogatepass")
            i += 1
    return data.decode("utf-8", "surrogatepass")


def _is_hex(text: str) -> bool:
    return len(text) == 2 and all(c in "0123456789ABCDEFabcdef" for c in text)


class OutputNames:
    """The per-document files of one run: each inside the output folder, none shared by two documents.

    Parameters
    ----------
    out
        The output folder.

    Examples
    --------
    >>> names = OutputNames("reports/brat")  # doctest: +SKIP
    >>> names.path("../x", ".ann")  # doctest: +SKIP
    PosixPath('reports/brat/%2E.%2Fx.ann')
    """

    def __init__(self, out: str | Path) -> None:
        self.out = Path(out)
        self._root = self.out.resolve()
        self._owners: dict[str, str] = {}

    def path(self, doc_id: str, suffix: str) -> Path:
        """The file ``<file_stem(doc_id)><suffix>`` in the folder, for one document.

        Raises
        ------
        InputError
            ``N126`` if another document of this run already has the file (ids
            that differ only in case or Unicode normalisation, on a file system
            that does not tell them apart), or if the path would leave the folder.
        """
        return self.joined((doc_id,), "", suffix)

    def joined(self, doc_ids: Iterable[str], separator: str, suffix: str) -> Path:
        """The file of several documents (e.g. ``<a>__vs__<b>.html``), checked like :meth:`path`."""
        doc_ids = tuple(doc_ids)
        name = separator.join(file_stem(doc_id) for doc_id in doc_ids) + suffix
        path = self.out / name
        if path.resolve().parent != self._root:
            raise InputError(
                "N126",
                f"the output file for document {doc_ids[0]!r} would be written outside the output folder ({name}).",
                "Report this as a bug: file names made from ids are meant to stay inside --out.",
                path=self.out,
            )
        key = unicodedata.normalize("NFC", name).casefold()
        owner = " and ".join(repr(doc_id) for doc_id in doc_ids)
        if key in self._owners and self._owners[key] != owner:
            raise InputError(
                "N126",
                f"documents {self._owners[key]} and {owner} would be written to the same file {name} "
                "(their ids differ only in case or Unicode normalisation).",
                "Give the documents ids that differ in more than case (e.g. with --id-field or file names).",
                path=self.out,
            )
        self._owners[key] = owner
        return path


def check_output_dir(out: str | Path, inputs: Iterable[str | Path | None], create: bool = True) -> None:
    """Refuse an output folder that is, holds or lies inside an input; create it unless ``create`` is False.

    Parameters
    ----------
    out
        The output folder (``--out``).
    inputs
        Every input path: corpus files and folders, the metadata sidecar (None entries are ignored).
    create
        Create the folder (and its parents) once it is known to be safe.

    Raises
    ------
    InputError
        ``N120`` if ``out`` is inside an input folder, ``N125`` if ``out`` is
        an input file or holds an input, ``N121`` if it exists and is not a folder.
    """
    out = Path(out)
    resolved = out.resolve()
    for given in inputs:
        if given is None:
            continue
        source = Path(given).resolve()
        if resolved == source or resolved in source.parents:
            raise InputError(
                "N125",
                f"the output folder {out} {'is' if resolved == source else 'holds'} the input {given}; "
                "writing there could overwrite it.",
                "Write results to a folder of their own (e.g. --out reports/NAME), away from the corpus.",
            )
        if source.is_dir() and source in resolved.parents:
            raise InputError(
                "N120",
                f"the output folder {out} is inside the input folder {given}.",
                "Write results elsewhere (e.g. --out reports/NAME) so the corpus is never written into.",
            )
    if out.exists() and not out.is_dir():
        raise InputError("N121", "exists and is not a folder.", "Give --out a folder path.", path=out)
    if create:
        out.mkdir(parents=True, exist_ok=True)


def _holder(lock: Path) -> tuple[int | None, str]:
    """The pid and host written in a lock file (None for a pid it does not hold)."""
    try:
        pid, _, host = lock.read_text(encoding="utf-8").partition("\n")
        return int(pid), host.strip()
    except (OSError, ValueError):
        return None, ""


def _age(path: Path) -> float:
    """Seconds since ``path`` was last written (0 if it is gone)."""
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    except OSError:
        return False
    return True


@contextlib.contextmanager
def output_lock(out: str | Path) -> Iterator[Path]:
    """Hold the output folder's lock file (``.narratives.lock``: pid and host) while a run writes.

    A lock left by a process that has died (same host, pid not running), or
    one still without a pid a minute after it was made, is stale and taken
    over. The folder must exist.

    Raises
    ------
    InputError
        ``N127`` if another live run holds the lock.
    """
    lock = Path(out) / LOCK_NAME
    host = socket.gethostname()
    for _ in range(3):
        try:
            fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            pid, holder_host = _holder(lock)
            dead = pid is not None and holder_host == host and not _alive(pid)
            unwritten = pid is None and _age(lock) > UNWRITTEN_LOCK_SECONDS  # its run died before writing its pid
            if dead or unwritten:
                with contextlib.suppress(FileNotFoundError):
                    lock.unlink()  # stale: its run died without removing it
                continue
            who = f"process {pid}" if pid is not None else "another process"
            where = "" if not holder_host or holder_host == host else f" on {holder_host}"
            raise InputError(
                "N127",
                f"another narratives run ({who}{where}) is writing into this folder.",
                f"Wait for it to finish or give another --out; if no such run exists, delete {lock}.",
                path=lock,
            ) from None
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(f"{os.getpid()}\n{host}\n")
        except OSError as err:  # a full disk: no lock file without a pid left behind
            lock.unlink(missing_ok=True)
            raise OSError(err.errno, err.strerror or str(err), str(lock)) from err
        break
    else:  # pragma: no cover - three stale locks in a row: another run keeps taking it
        raise InputError("N127", "another narratives run took this folder's lock.", "Give another --out.", path=lock)
    try:
        yield lock
    finally:
        if _holder(lock)[0] == os.getpid():
            with contextlib.suppress(FileNotFoundError):
                lock.unlink()
