"""The report folder as it is written: every file's relative path, tables as CSV, figures with their caption."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from narratives.csv_export import write_csv
from narratives.report import html as h
from narratives.report.figures import save_figure


@dataclass
class ReportFolder:
    """A report folder (``out``, with ``tables/`` and ``figures/``) and the files written to it, in order."""

    out: Path
    files: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        for folder in (self.out, self.out / "tables", self.out / "figures"):
            folder.mkdir(parents=True, exist_ok=True)

    def add(self, paths: Sequence[Path]) -> None:
        """Record files written (paths under :attr:`out`)."""
        self.files.extend(p.relative_to(self.out).as_posix() for p in paths)

    def csv(self, frame: pd.DataFrame, relative: str, side_ids: pd.Series | None = None) -> Path:
        """Write ``frame`` as CSV at ``relative`` (with a ``side`` id column first when ``side_ids`` is given) and record it."""
        if side_ids is not None:
            frame = frame.assign(side=side_ids.to_numpy())[["side", *frame.columns]]
        path = write_csv(frame, self.out / relative)
        self.add([path])
        return path

    def figure(self, stem: str, figure, data: pd.DataFrame, caption: str, alt: str) -> str:
        """Save a figure (PNG, SVG, data CSV) under ``figures/``, record the files and return its HTML."""
        self.add(save_figure(figure, self.out / "figures", stem, data=data))
        return h.figure(
            f"figures/{stem}.svg", alt, caption, {"PNG": f"figures/{stem}.png", "data (CSV)": f"figures/{stem}.csv"}
        )
