"""Writing files so that a crash or a full disk never leaves a half-written one in place.

Every output file narratives writes in one go (a table, a completion
record, ``_run.json``) is written under a hidden temporary name in its own
folder (``.NAME.PID.tmp``), flushed to disk (``fsync``) and only then renamed
to its name, and the folder is flushed after the rename, so that after a
crash or a power cut a file is either whole or absent. A group of files that
belong together (the three tables of an analysis) is written the same way,
all to temporary names first and renamed only once every one of them is
written: when one cannot be (the disk is full), the temporary files are
deleted, the files already there are left as they were, and the
:class:`OSError` names the file that could not be written.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

__all__ = ["fsync_folder", "temporary_name", "write_atomic", "write_together"]

Writer = Callable[[Path], object]
"""Writes a file's content to the path it is given."""


def temporary_name(path: Path) -> Path:
    """The hidden temporary name ``path`` is written under before it is renamed (readers skip dot names)."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def fsync_folder(folder: str | Path) -> None:
    """Flush a folder's entries (names just created or renamed) to disk; nothing to do where folders cannot be opened."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_together(writers: Mapping[Path, Writer]) -> list[Path]:
    """Write several files all or nothing: each to a temporary name, flushed, then all renamed.

    Parameters
    ----------
    writers
        For each file to write, a function that writes its content to the
        path it is given (the temporary name).

    Returns
    -------
    list of Path
        The files written, in the order given.

    Raises
    ------
    OSError
        The first failure to write a file (e.g. ``ENOSPC``, disk full), with
        ``filename`` the file meant (not its temporary name). No temporary
        file is left, and no file of the group has been replaced.
    """
    paths = [Path(path) for path in writers]
    written: list[Path] = []
    try:
        for path, write in zip(paths, writers.values()):
            temporary = temporary_name(path)
            written.append(temporary)
            write(temporary)
            _fsync_file(temporary)
    except BaseException as err:
        for temporary in written:
            temporary.unlink(missing_ok=True)
        if isinstance(err, OSError):
            failed = paths[len(written) - 1]
            raise OSError(err.errno, err.strerror or str(err), str(failed)) from err
        raise
    for path, temporary in zip(paths, written):
        os.replace(temporary, path)
    for folder in dict.fromkeys(path.parent for path in paths):
        fsync_folder(folder)
    return paths


def write_atomic(path: str | Path, write: Writer) -> Path:
    """Write one file through a temporary name, flushed and renamed (see :func:`write_together`)."""
    return write_together({Path(path): write})[0]
