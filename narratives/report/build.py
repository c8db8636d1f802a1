"""``build_report``: one call from a corpus to a self-contained, reproducible report folder.

The folder holds ``index.html`` (opens offline: inline CSS, no script,
figures as relative files, every corpus string escaped), each figure as PNG
and SVG with the data it is drawn from as CSV, the tables as CSV, the
analysis tables (``documents.csv``, ``sentences.csv``,
``attributions.csv``) and ``manifest.json``. The same inputs and parameters
give byte-identical files.

:func:`build_report` runs the stages in order: compute
(:mod:`~narratives.report.compute`), tables (:mod:`~narratives.report.tables`),
figures (:mod:`~narratives.report.charts`), the page
(:mod:`~narratives.report.page`) and the manifest
(:mod:`~narratives.report.manifest`).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from narratives.attribution.model import AttributionModel
from narratives.compare.defaults import N_BOOT, N_PERMUTATIONS
from narratives.compare.ml import Classification
from narratives.compare.sides import SideComparison
from narratives.corpus import Corpus
from narratives.pipeline import Analysis
from narratives.report.charts import write_figures
from narratives.report.compute import ReportData, compute_report
from narratives.report.findings import Findings
from narratives.report.folder import ReportFolder
from narratives.report.manifest import (
    build_manifest,
    profile_entry,
    report_inputs,
    sha256_file,
    write_manifest,
)
from narratives.report.page import write_index
from narratives.report.tables import write_tables
from narratives.sides import Profile


@dataclass(frozen=True)
class Report:
    """What :func:`build_report` computed and wrote.

    Attributes
    ----------
    out
        The report folder.
    files
        Every file written, relative to ``out`` (``manifest.json`` last).
    manifest
        The manifest's content.
    analysis
        The documents, sentences and attributions tables.
    sides
        The comparison of the profile's sides (pooled over outlets).
    by_group
        The same comparison inside each value of the grouping (each outlet by
        default); None with fewer than two values.
    classification
        The classifiers of side; None when there is too little data.
    findings
        What the Findings panel states.
    """

    out: Path
    files: tuple[str, ...]
    manifest: dict = field(repr=False)
    analysis: Analysis = field(repr=False)
    sides: SideComparison = field(repr=False)
    by_group: SideComparison | None = field(repr=False)
    classification: Classification | None = field(repr=False)
    findings: Findings | None = field(repr=False)


def build_report(
    corpus: Corpus | str | Path | Sequence[str | Path],
    profile: Profile | str | Path,
    out: str | Path,
    *,
    seed: int = 0,
    n_boot: int = N_BOOT,
    n_permutations: int = N_PERMUTATIONS,
    classifier_permutations: int = 100,
    classifier_boot: int = 200,
    model: AttributionModel | None = None,
    load_options: Mapping[str, object] | None = None,
    command: Sequence[str] | None = None,
    timestamp: bool = False,
    progress: bool = False,
    by: str | None = None,
    n_jobs: int = 1,
) -> Report:
    """Analyse a corpus with an actor profile and write a reproducible report folder.

    Parameters
    ----------
    corpus
        A :class:`~narratives.corpus.Corpus`, or one or several paths read
        with :func:`narratives.corpus.load_many`.
    profile
        A :class:`~narratives.sides.Profile`, a shipped profile's name or
        a profile file.
    out
        The report folder (created; files of the same names are replaced,
        others left alone).
    seed
        Seed of every resampling, permutation and cross-validation split.
    n_boot, n_permutations
        Bootstrap replicates and permutations of the side comparison.
    classifier_permutations, classifier_boot
        Permutations of each classifier's test and bootstrap refits of the
        interpretable model's coefficients.
    model
        An attribution model (default: the shipped one).
    load_options
        Keyword arguments of :func:`~narratives.corpus.load_many` when
        ``corpus`` is given as paths (``text_field``, ``metadata``...).
    command
        The command line to record, as given (the CLI passes its argv).
    timestamp
        Record the time of the run in the manifest and the page (the
        output then differs between runs).
    progress
        Show progress bars: the articles, the comparisons, the classifiers.
    by
        The grouping inside which the sides are also compared: a metadata
        column (``outlet``, ``event``, ``author``...) or a date window
        (``week``, ``month``, ``quarter``, ``year``); see
        :func:`narratives.compare.grouping.add_grouping`. None: by outlet
        when the documents have outlets; a grouping given must have a value
        for some document (``N128`` otherwise, before anything is written).
    n_jobs
        Processes for the classifiers' permutation tests (the same numbers
        with any value).

    Returns
    -------
    Report

    Raises
    ------
    InputError
        ``N123`` when the corpus has no document; the loader's errors for
        unreadable input.
    DataError
        ``N250``-``N258`` for a missing or broken profile.
    InputError
        ``N131`` when ``by`` names no metadata column; ``N128`` when no
        document has a value for it.
    """
    data = compute_report(
        corpus, profile, seed=seed, n_boot=n_boot, n_permutations=n_permutations,
        classifier_permutations=classifier_permutations, classifier_boot=classifier_boot, model=model,
        load_options=load_options, progress=progress, by=by, n_jobs=n_jobs,
    )
    folder = ReportFolder(Path(out))
    tables = write_tables(data, folder)
    figures = write_figures(data, tables, folder)
    parameters = _parameters(data, model, seed=seed, n_boot=n_boot, n_permutations=n_permutations,
                             classifier_permutations=classifier_permutations, classifier_boot=classifier_boot)
    generated = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds") if timestamp else None
    listed = sorted([*folder.files, "manifest.json"])
    folder.add([write_index(folder.out, data, tables, figures, listed, command, parameters, generated)])
    manifest = build_manifest(
        command=command,
        parameters=parameters,
        inputs=report_inputs(data.paths, data.analysis.documents, data.load_options.get("metadata")),
        profile=profile_entry(data.profile, data.given_profile),
        outputs={name: sha256_file(folder.out / name) for name in folder.files},
        generated=generated,
    )
    write_manifest(manifest, folder.out / "manifest.json")
    folder.files.append("manifest.json")
    return Report(folder.out, tuple(folder.files), manifest, data.analysis, data.pooled, data.by_group, data.classification, data.findings)


def _parameters(data: ReportData, model: AttributionModel | None, **numbers: int) -> dict[str, object]:
    """Every parameter of the run, for the manifest and the page: the profile as given, the numbers, the grouping, the model, the load options."""
    given, profile = data.given_profile, data.profile
    return {
        "profile": str(given) if given is not None else profile.name,
        **numbers,
        "by": data.by,
        "model": "shipped" if model is None else str(getattr(model, "model_dir_", "given")),
        **dict(sorted(data.load_options.items())),
    }
