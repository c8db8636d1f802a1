"""The validation figures shipped in ``narratives/data/validation.toml``, read and checked.

The figures cannot be recomputed when a report is built (the reference data
is not shipped); each check records the command that reproduced it and the
limits of the measure.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from narratives.errors import DataError
from narratives.report.manifest import DATA_DIR

VALIDATION_FILE = DATA_DIR / "validation.toml"
SETTINGS = ("held out", "in sample", "hand check", "simulation")
_FIELDS = ("id", "stage", "measures", "data", "command", "limits", "scores")
_SCORE_FIELDS = ("label", "metric", "value", "setting")


@dataclass(frozen=True)
class CheckScore:
    """One validation figure: what (``label``), which ``metric``, its ``value`` and how it was obtained."""

    label: str
    metric: str
    value: float
    setting: str


@dataclass(frozen=True)
class Check:
    """One validated (or unvalidated) measure; see the header of ``validation.toml`` for the fields."""

    id: str
    stage: str
    measures: str
    data: str
    command: str
    limits: str
    scores: tuple[CheckScore, ...]


def load_validation(path: str | Path = VALIDATION_FILE) -> list[Check]:
    """Read the validation file.

    Raises
    ------
    DataError
        ``N280`` when the file is not valid TOML or a check lacks a field
        or has one of the wrong type.
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise DataError("N280", f"not valid TOML: {err}.", "Fix the file's syntax.", path=path) from err
    checks = []
    for number, entry in enumerate(data.get("checks", []), start=1):
        where = f"check {number} ({entry.get('id', '?')})"
        missing = [name for name in _FIELDS if name not in entry]
        if missing:
            raise DataError("N280", f"{where} lacks {', '.join(missing)}.", "Give every field listed in the header.", path=path)
        scores = []
        for score in entry["scores"]:
            if set(score) != set(_SCORE_FIELDS) or not isinstance(score["value"], int | float):
                raise DataError(
                    "N280",
                    f"{where} has a score that is not {{label, metric, value (a number), setting}}: {score}.",
                    "Give exactly those four fields.",
                    path=path,
                )
            if score["setting"] not in SETTINGS:
                raise DataError(
                    "N280", f"{where}: unknown setting {score['setting']!r}.", f"Use one of {', '.join(SETTINGS)}.", path=path
                )
            scores.append(CheckScore(str(score["label"]), str(score["metric"]), float(score["value"]), score["setting"]))
        checks.append(Check(*(str(entry[name]) for name in _FIELDS[:-1]), scores=tuple(scores)))
    return checks


def validation_frame(checks: list[Check]) -> pd.DataFrame:
    """One row per figure: ``check``, ``stage``, ``label``, ``metric``, ``value``, ``setting``, ``data``, ``command``."""
    rows = [
        {
            "check": check.id,
            "stage": check.stage,
            "label": score.label,
            "metric": score.metric,
            "value": score.value,
            "setting": score.setting,
            "data": check.data,
            "command": check.command,
        }
        for check in checks
        for score in check.scores
    ]
    return pd.DataFrame(rows, columns=["check", "stage", "label", "metric", "value", "setting", "data", "command"])
