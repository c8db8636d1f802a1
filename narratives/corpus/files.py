"""Reading text files exactly, with coded errors naming the file and the line.

Bytes are decoded as given (``N103`` names the first bad byte's line and
column; UTF-16 and binary files are recognised, ``N102``), documents larger
than the limit are refused (``N104``) without being held whole, and a
missing, unreadable or empty file says so (``N101``, ``N114``, ``N105``).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from narratives.errors import InputError

DEFAULT_MAX_BYTES = 10_000_000
"""Largest document accepted by default (10 MB: far above any news article)."""


def _looks_utf16(data: bytes) -> bool:
    """A UTF-16 byte order mark, or NUL in every other byte of text-like data."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    sample = data[:4000]
    return len(sample) >= 4 and (sample[0::2].count(0) > 0.9 * len(sample[0::2]) or sample[1::2].count(0) > 0.9 * len(sample[1::2]))


def decode(data: bytes, path: Path, encoding: str, line_offset: int = 0) -> str:
    wide = encoding.lower().startswith(("utf-16", "utf-32", "utf16", "utf32"))
    if b"\x00" in data and not wide and _looks_utf16(data):
        raise InputError(
            "N103",
            f"is not valid {encoding}: it looks like UTF-16 text (a byte order mark, or a NUL byte beside every character).",
            "Pass --encoding utf-16 (Python: encoding='utf-16'), or re-save the file as UTF-8.",
            path=path,
        )
    if b"\x00" in data and not wide:
        raise InputError(
            "N102",
            "looks like a binary file (it contains NUL bytes), not text.",
            "Give narratives plain-text files (.txt, .md, .jsonl, .csv); convert PDFs or Word files to text first.",
            path=path,
        )
    try:
        return data.decode("utf-8-sig" if encoding.lower() in ("utf-8", "utf8") else encoding)
    except UnicodeDecodeError as err:
        raise decode_error(data, err, path, encoding, line_offset) from None
    except LookupError:
        raise InputError("N109", f"unknown encoding {encoding!r}.", "Use a Python codec name such as utf-8 or latin-1.") from None


def decode_error(
    data: bytes, err: UnicodeDecodeError, path: Path, encoding: str, line_offset: int = 0, fix: str = ""
) -> InputError:
    """The ``N103`` error of bytes that are not valid ``encoding``: the line and column of the first bad byte.

    Parameters
    ----------
    data, err
        The bytes and the error decoding them raised.
    path
        The file they were read from.
    encoding
        The encoding tried.
    line_offset
        Lines before ``data`` in the file (when ``data`` is one line of it).
    fix
        What to do (default: re-save as UTF-8 or give ``--encoding``).
    """
    line = data.count(b"\n", 0, err.start) + 1 + line_offset
    column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
    return InputError(
        "N103",
        f"is not valid {encoding} (byte 0x{data[err.start]:02x} at column {column}).",
        fix or "Re-save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`), or give its encoding with --encoding.",
        path=path,
        line=line,
    )


def too_large(path: Path, size: int | None, max_bytes: int, line: int | None = None) -> InputError:
    amount = "a document" if size is None else f"a document of {size / 1e6:.1f} MB"
    return InputError(
        "N104",
        f"holds {amount}, more than the {max_bytes / 1e6:g} MB limit for one document "
        "(a data dump or a file without line breaks, not an article?).",
        "Split it into one file per article, or raise the limit with --max-doc-mb / max_bytes=.",
        path=path,
        line=line,
    )


def empty_error(path: Path, line: int | None = None) -> InputError:
    return InputError("N105", "is empty (no text).", "Remove it, or pass --skip-bad to leave it out and count it.", path=path, line=line)


def read_text_file(path: str | Path, encoding: str = "utf-8", max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read one text file exactly (line endings kept), with clear errors."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise too_large(path, size, max_bytes)
        data = path.read_bytes()
    except FileNotFoundError:
        raise missing(path) from None
    except OSError as err:
        raise unreadable(path, err) from None
    text = decode(data, path, encoding)
    if not text.strip():
        raise empty_error(path)
    return text


def missing(path: Path) -> InputError:
    return InputError("N101", "does not exist.", "Check the path (and that ../ is where you think it is).", path=path)


def unreadable(path: Path, err: OSError) -> InputError:
    return InputError(
        "N114",
        f"cannot be read ({err.strerror or err}).",
        "Check that it is a regular file you may read (not a folder, device or broken link).",
        path=path,
    )


def read_lines(path: Path, max_bytes: int) -> Iterator[tuple[int, bytes | None, int]]:
    """Yield ``(line number, raw line, size)`` for each line of ``path``, in bounded memory.

    A line longer than ``max_bytes`` is read through in chunks and never held
    whole: it comes as ``None`` with its size, so one huge line (a dump with
    no line breaks) cannot fill memory.
    """
    with path.open("rb") as handle:
        for number in itertools.count(1):
            raw = handle.readline(max_bytes + 1)
            if not raw:
                return
            if len(raw) <= max_bytes or raw.endswith(b"\n"):
                yield number, raw, len(raw)
                continue
            size = len(raw)
            while chunk := handle.readline(1 << 20):
                size += len(chunk)
                if chunk.endswith(b"\n"):
                    break
            yield number, None, size


def json_record(line: str, path: Path, number: int) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise InputError(
            "N108",
            f"is not valid JSON ({err.msg} at column {err.colno}).",
            "Each line of a .jsonl file must be one JSON object; fix this line or pass --skip-bad.",
            path=path,
            line=number,
        ) from None
    if not isinstance(record, dict):
        raise InputError("N108", f"holds a JSON {type(record).__name__}, not an object.", "Write one JSON object per line.", path=path, line=number)
    return record


def decoded_lines(path: Path, encoding: str, max_bytes: int, bad: dict[int, InputError]) -> Iterator[str]:
    """The file's lines, decoded one at a time.

    A line that cannot be read (not text, not ``encoding``, longer than
    ``max_bytes``) is recorded in ``bad`` under its number, and the CSV
    reader gets it with the bad bytes replaced, so that the row it belongs
    to is reported and the rows after it are still read.
    """
    for number, raw, size in read_lines(path, max_bytes):
        if raw is None:
            bad[number] = too_large(path, size, max_bytes, number)
            yield "\ufffd\n"
            continue
        try:
            yield decode(raw, path, encoding, number - 1)
        except InputError as err:
            if err.code == "N109":  # unknown encoding: no line can be read
                raise
            bad[number] = err
            yield raw.decode(encoding, errors="replace").replace("\x00", "\ufffd")
