"""Errors with codes and text that tells the user what to do.

Every error a user can cause carries a short code (``N1xx`` for input,
``N2xx`` for data and profiles, ``N3xx`` for models), the file and line when
there is one, what is wrong, and what to do about it. The CLI prints
``str(error)`` on one line and exits non-zero; nothing else reaches the user.
"""

from __future__ import annotations

from pathlib import Path


class NarrativesError(Exception):
    """Base class of every error narratives raises on purpose.

    Parameters
    ----------
    code
        Stable short code, e.g. ``"N101"``.
    problem
        What is wrong, in one sentence.
    fix
        What the user can do about it.
    path
        The file concerned, if any.
    line
        The 1-based line concerned, if any.
    """

    def __init__(
        self,
        code: str,
        problem: str,
        fix: str = "",
        path: str | Path | None = None,
        line: int | None = None,
    ) -> None:
        self.code = code
        self.problem = problem
        self.fix = fix
        self.path = None if path is None else str(path)
        self.line = line
        super().__init__(self._message())

    def __reduce__(self) -> tuple:
        # Picklable with its fields, so an error raised in a worker process reaches the caller intact.
        return (type(self), (self.code, self.problem, self.fix, self.path, self.line))

    def _message(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
            where += ": "
        text = f"[{self.code}] {where}{self.problem}"
        if self.fix:
            text += f" {self.fix}"
        return text


class InputError(NarrativesError, ValueError):
    """A corpus file, folder or record that cannot be read as given."""


class DataError(NarrativesError, ValueError):
    """A profile, lexicon, annotation or model file that is malformed."""


class InputWarning(NarrativesError, UserWarning):
    """Input that is read, but not as the user probably meant (a date that is no date, metadata for no file).

    Issued with :func:`warnings.warn`; the CLI prints each kind once, with a count, as
    ``narratives: warning: [CODE] file:line: problem. fix``.
    """
