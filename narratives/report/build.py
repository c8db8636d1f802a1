"""``build_report``: one call from a corpus to a self-contained, reproducible report folder.

The folder holds ``index.html`` (opens offline: inline CSS, no script,
figures as relative files, every corpus string escaped), each figure as PNG
and SVG with the data it is drawn from as CSV, the tables as CSV, the
analysis tables (``documents.csv``, ``sentences.csv``,
``attributions.csv``) and ``manifest.json``. The same inputs and parameters
give byte-identical files.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from tqdm.auto import tqdm

from narratives import __version__
from narratives.attribution.model import AttributionModel
from narratives.compare.grouping import add_grouping
from narratives.compare.ml import Classification, classify
from narratives.compare.result import N_BOOT, N_PERMUTATIONS, Comparison
from narratives.compare.sides import SideComparison, compare_sides, framing_features
from narratives.corpus import Corpus, is_iso_date, load_many
from narratives.corpus.metadata import SIDECAR_NAMES
from narratives.csv_export import write_csv, write_csvs
from narratives.errors import InputError
from narratives.pipeline import Analysis, analyze
from narratives.report import html as h
from narratives.report import sections
from narratives.report import stories as story_section
from narratives.report.figures import (
    plot_rates_and_differences,
    plot_scores,
    plot_side_counts,
    plot_stratum_differences,
    plot_timeline,
    plot_top_words,
    plot_validation,
    save_figure,
    validation_names,
)
from narratives.report.findings import Findings, find, gap_frame, gaps
from narratives.report.labels import side_title
from narratives.report.manifest import build_manifest, profile_entry, sha256_file, write_manifest
from narratives.report.validation import load_validation, validation_frame
from narratives.report.words import top_words, word_uses
from narratives.sides import Profile, load_profile, side_counts

NO_OUTLET = "(no outlet)"


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
    by: str = "outlet",
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
        :func:`narratives.compare.grouping.add_grouping`.
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
        ``N131`` when ``by`` names no metadata column.
    """
    given_profile = None if isinstance(profile, Profile) else profile
    profile = profile if isinstance(profile, Profile) else load_profile(profile)
    load_options = dict(load_options or {})
    paths = None
    if not isinstance(corpus, Corpus):
        paths = [str(p) for p in ([corpus] if isinstance(corpus, str | Path) else corpus)]
        corpus = load_many(paths, **load_options)
    analysis = analyze(corpus, progress=progress, model=model, profile=profile)
    if analysis.documents.empty:
        skipped = f" ({len(corpus.skipped)} unreadable, skipped)" if corpus.skipped else ""
        raise InputError(
            "N123",
            f"the corpus {corpus.name!r} has no document to report on{skipped}.",
            "Give a folder or file with at least one readable article.",
        )
    analysis.documents = add_grouping(analysis.documents, by, {doc.id: doc.extra for doc in corpus})
    out = Path(out)
    for folder in (out, out / "tables", out / "figures"):
        folder.mkdir(parents=True, exist_ok=True)
    documents = analysis.documents.assign(outlet=analysis.documents["outlet"].fillna(NO_OUTLET))
    options = dict(n_boot=n_boot, n_permutations=n_permutations, seed=seed)
    with tqdm(total=2, desc="comparing the sides", unit="comparison", disable=not progress, leave=False) as bar:
        pooled = compare_sides(analysis, profile, **options)
        bar.update()
        by_group = None
        if documents[by].nunique() > 1 and pooled.comparison is not None:
            by_group = compare_sides(analysis, profile, by=by, **options)
        bar.update()
    classification, reason = _classify(pooled, profile, classifier_permutations, classifier_boot, seed, n_jobs, progress)
    parameters = {
        "profile": str(given_profile) if given_profile is not None else profile.name,
        "seed": seed,
        "n_boot": n_boot,
        "n_permutations": n_permutations,
        "classifier_permutations": classifier_permutations,
        "classifier_boot": classifier_boot,
        "by": by,
        "model": "shipped" if model is None else str(getattr(model, "model_dir_", "given")),
        **{key: str(value) for key, value in sorted(load_options.items())},
    }
    generated = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds") if timestamp else None

    files: list[str] = []

    def written(paths_: Sequence[Path]) -> None:
        files.extend(p.relative_to(out).as_posix() for p in paths_)

    written(write_csvs({out / f"{name}.csv": getattr(analysis, name) for name in ("documents", "sentences", "attributions")}))
    skipped = skipped_frame(corpus)
    if len(skipped):
        write_csv(skipped, out / "skipped.csv")
        written([out / "skipped.csv"])

    labels, colours = h.side_labels(profile), h.side_colours(profile)
    titles = {side: side_title(label) for side, label in labels.items()}
    outlet_table = _outlet_table(documents)
    written([_csv(outlet_table, out / "tables" / "outlets.csv")])
    timeline = None
    if documents["date"].notna().any() and pd.to_datetime(documents["date"], errors="coerce").notna().all():
        data = documents[["doc_id", "outlet", "date", "n_words", "n_attributions"]]
        timeline = _figure(out, "timeline", plot_timeline(data), data, written,
                           "Articles per outlet by publication date",
                           "Each article is a dot on its publication date, in its outlet's row; larger dots have more attributions.")

    statements = pooled.statements.merge(documents[["doc_id"]], on="doc_id")
    side_table, by_outlet_table, counts_long = _side_tables(statements, documents, profile, labels, colours)
    written([_csv(side_table.drop(columns="side"), out / "tables" / "sides.csv", side_table["side_id"]),
             _csv(by_outlet_table, out / "tables" / "sides_by_outlet.csv")])
    side_figure = _figure(out, "sides", plot_side_counts(counts_long, colours, titles), counts_long, written,
                          "Attributions per outlet, stacked by side",
                          "Horizontal bars, one per outlet; each bar is split into the number of attributions of each side.")
    unknown_share = float((statements["side"] == "unknown").mean()) if len(statements) else float("nan")

    figures = {}
    findings = None
    if pooled.comparison is not None:
        written(pooled.comparison.write(out / "tables"))
        figures["rates"] = _rates_figure(out, pooled.comparison, titles, colours, written)
        findings = find(pooled.comparison, by_group.comparison if by_group else None, titles)
    if by_group is not None:
        comparison = by_group.comparison
        stem = f"by_{slug(by)}"
        for name in ("rates", "effects", "tests", "sizes"):
            written([_csv(getattr(comparison, name), out / "tables" / f"{name}_{stem}.csv")])
        data = gap_frame(gaps(comparison, titles), order="size")
        figures["by_stratum"] = _figure(
            out, f"differences_{stem}", plot_stratum_differences(data, titles, by), data, written,
            f"Difference between the sides inside each {by}, with 95% intervals",
            f"Dot plot: one row per reporting-verb category or framing feature, one dot per {by} at the difference "
            "between the sides (percentage points) with a horizontal interval bar; a vertical line at zero.")
    if findings is not None:
        (out / "tables" / "summary.txt").write_text(_summary(findings, pooled.comparison, by_group), encoding="utf-8")
    words_figure, words, uses = "", None, {}
    if pooled.words is not None:
        words = top_words(pooled.words)
        uses = word_uses(list(words["term"]), statements[statements["side"].isin(words["side"].unique())], titles, documents)
        words_figure = _figure(
            out, "fightin_words", plot_top_words(words, titles, colours), words, written,
            "Words leaning most to each side (function words left out)",
            "Two panels of horizontal bars, one per side: the words used more with that side's statements, longest bar first.")
    classifier_figure = ""
    if classification is not None:
        scores = classification.scores.assign(model=classification.scores["model"].map(sections.MODEL_NAMES))
        classifier_figure = _figure(out, "classifier", plot_scores(scores), scores, written,
                                    "Balanced accuracy of each classifier of side, with chance level",
                                    "Horizontal bars of balanced accuracy per classifier, a dashed line at chance.")
        written([_csv(classification.separating_features(), out / "tables" / "classifier_features.csv")])
    texts = {document.id: document.text for document in corpus}
    stories = story_section.story_tables(analysis, texts, dict(zip(documents["doc_id"], documents["outlet"])), profile,
                                         seed=seed, n_boot=n_boot, n_permutations=n_permutations)
    written(story_section.write_story_tables(stories, out / "tables"))
    checks = load_validation()
    validation = validation_frame(checks)
    validation_figure = _figure(out, "validation", plot_validation(validation), validation.assign(name=validation_names(validation)), written,
                                "Validation figures shipped with narratives",
                                "Horizontal bars, one per validation figure, on a scale from 0 to 1, coloured by held out, in sample, hand check or simulation.")

    title = f"{corpus.name}: how the sides are reported"
    toc = [("findings", "Findings"), ("corpus", "The corpus"), ("sides", "Who is quoted"),
           ("framing", "How each side's statements are framed"), ("words", "Words that lean to each side"),
           ("classifier", "Classifiers"), ("stories", "What each side says"),
           ("method", "Method and validation"), ("reproduce", "Reproducing this report")]
    listed = sorted([*files, "manifest.json"])
    corpus_caveats = sections.caveats(documents)
    body = "".join([
        h.element("h1", h.escape(title)),
        h.element("p", h.escape(f"Actor profile: {profile.title}. Sides: ")
                  + ", ".join(h.swatch(colours[s]) + h.escape(labels[s]) for s in profile.side_ids) + ".", class_="subtitle"),
        sections.findings_section(findings, corpus_caveats) if findings is not None
        else sections.reading(corpus_caveats, "caveat", title="Read this first"),
        h.contents(toc if findings is not None else toc[1:]),
        sections.overview_section(documents, outlet_table, timeline, len(skipped)),
        sections.sides_section(side_table.drop(columns="side_id"), by_outlet_table.rename(columns=titles), side_figure,
                               unknown_share, profile.title),
        sections.framing_section(pooled.comparison, by_group.comparison if by_group else None, figures, titles, documents),
        sections.words_section(words, words_figure, uses, titles),
        sections.classifier_section(classification, reason, classifier_figure, titles),
        story_section.stories_section(stories, profile, labels),
        sections.method_section(checks, validation_figure),
        sections.reproducibility_section(command, parameters, listed),
        h.element("footer", h.escape(f"Written by narratives {__version__}"
                                     + (f" on {generated}" if generated else "") + ". Nothing on this page is loaded from the network.")),
    ])
    index = out / "index.html"
    index.write_text(h.page(title, body), encoding="utf-8", newline="\n")
    written([index])

    inputs = {
        "paths": paths,
        "documents": [
            {"doc_id": row.doc_id, "source_path": row.source_path, "sha256": row.sha256}
            for row in analysis.documents[["doc_id", "source_path", "sha256"]].itertuples()
        ],
        "files": _input_files(paths or [], load_options.get("metadata")),
    }
    outputs = {name: sha256_file(out / name) for name in files}
    manifest = build_manifest(
        command=command, parameters=parameters, inputs=inputs, profile=profile_entry(profile, given_profile),
        outputs=outputs, generated=generated,
    )
    write_manifest(manifest, out / "manifest.json")
    files.append("manifest.json")
    return Report(out, tuple(files), manifest, analysis, pooled, by_group, classification, findings)


def _csv(frame: pd.DataFrame, path: Path, side_ids: pd.Series | None = None) -> Path:
    """Write ``frame`` as CSV (with a ``side`` id column first when ``side_ids`` is given); return the path."""
    if side_ids is not None:
        frame = frame.assign(side=side_ids.to_numpy())[["side", *frame.columns]]
    return write_csv(frame, path)


def _figure(out: Path, stem: str, figure, data: pd.DataFrame, written, caption: str, alt: str) -> str:
    """Save a figure (PNG, SVG, data CSV) under ``figures/`` and return its HTML."""
    paths = save_figure(figure, out / "figures", stem, data=data)
    written(paths)
    return h.figure(
        f"figures/{stem}.svg", alt, caption, {"PNG": f"figures/{stem}.png", "data (CSV)": f"figures/{stem}.csv"}
    )


def _rates_figure(out: Path, comparison: Comparison, titles: dict, colours: dict, written) -> str:
    """The pooled figure: each side's rate per measure beside the difference between the sides, sorted."""
    found = gap_frame(gaps(comparison, titles))
    rates = comparison.rates.set_index(["group", "measure"])
    data = found.assign(**{
        f"{column}_{suffix}": [rates.loc[(side, measure), column] for side, measure in zip(found[f"side_{suffix}"], found["measure"])]
        for column in ("rate", "low", "high") for suffix in ("a", "b")
    })
    return _figure(
        out, "rates", plot_rates_and_differences(data, titles, colours), data, written,
        "Share of each side's statements with each feature (left) and the difference between the sides (right), "
        "with 95% intervals, largest difference first",
        "Two dot plots sharing one row per reporting-verb category or framing feature: on the left one dot per side "
        "at its share of statements with an interval bar; on the right the difference between the sides in "
        "percentage points with its interval and a vertical line at zero.")


def _summary(findings: Findings, pooled: Comparison, by_group: SideComparison | None) -> str:
    """``summary.txt``: the findings, then the comparison's own summary (pooled, then per group)."""
    parts = ["Findings", *(f"- {line}" for line in findings.lines), "", pooled.summary()]
    if by_group is not None:
        parts += ["", by_group.comparison.summary()]
    return "\n".join(parts) + "\n"


def slug(name: str) -> str:
    """A grouping's name as part of a file name: letters, digits, ``-`` and ``_`` only.

    Examples
    --------
    >>> slug("outlet"), slug("../date window")
    ('outlet', '___date_window')
    """
    return re.sub(r"[^\w-]", "_", name, flags=re.ASCII)


def _outlet_table(documents: pd.DataFrame) -> pd.DataFrame:
    """Articles, dates, words, sentences and attributions per outlet, and a total row."""
    documents = documents.assign(date=documents["date"].where(documents["date"].map(is_iso_date).astype(bool)))
    grouped = documents.groupby("outlet", sort=True)
    table = pd.DataFrame(
        {
            "articles": grouped.size(),
            "first date": grouped["date"].min(),
            "last date": grouped["date"].max(),
            "words": grouped["n_words"].sum(),
            "sentences": grouped["n_sentences"].sum(),
            "attributions": grouped["n_attributions"].sum(),
        }
    ).reset_index()
    total = {
        "outlet": "all outlets",
        "articles": len(documents),
        "first date": documents["date"].min(),
        "last date": documents["date"].max(),
        "words": documents["n_words"].sum(),
        "sentences": documents["n_sentences"].sum(),
        "attributions": documents["n_attributions"].sum(),
    }
    return pd.concat([table, pd.DataFrame([total])], ignore_index=True)


def _side_tables(
    statements: pd.DataFrame, documents: pd.DataFrame, profile: Profile, labels: dict, colours: dict
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Attributions per side (with share, articles and top speakers), per outlet and side, and the figure's data."""
    counts = side_counts(statements, profile)
    total = max(int(counts.sum()), 1)
    rows = []
    for side, count in counts.items():
        spoken = statements[statements["side"] == side]
        actors = spoken["actor"].dropna()
        actors = actors[actors != ""].value_counts().head(3)
        rows.append(
            {
                "side_id": side,
                "side": h.swatch(colours[side]) + h.escape(labels[side]),
                "attributions": int(count),
                "share": count / total,
                "documents": int(spoken["doc_id"].nunique()),
                "top_speakers": "; ".join(f"{name} ({n})" for name, n in actors.items()),
            }
        )
    side_table = pd.DataFrame(rows)
    merged = statements.merge(documents[["doc_id", "outlet"]].rename(columns={"outlet": "doc_outlet"}), on="doc_id")
    order = list(counts.index)
    crosstab = pd.crosstab(merged["doc_outlet"], merged["side"]).reindex(columns=order, fill_value=0)
    crosstab = crosstab.reindex(sorted(documents["outlet"].unique()), fill_value=0)
    by_outlet = crosstab.rename_axis(index="outlet", columns=None).reset_index()
    long = by_outlet.melt(id_vars="outlet", var_name="side", value_name="attributions")
    return side_table, by_outlet, long


def _classify(
    pooled: SideComparison, profile: Profile, n_permutations: int, n_boot: int, seed: int, n_jobs: int, progress: bool
) -> tuple[Classification | None, str]:
    """Classifiers of side on the statements of the profile's sides, or None and the reason."""
    spoken = pooled.statements[pooled.statements["side"].isin(profile.side_ids)]
    n_docs, n_sides = spoken["doc_id"].nunique(), spoken["side"].nunique()
    if n_docs < 2 or n_sides < 2 or spoken.groupby("side").size().min() < 2:
        return None, (
            f"Too little data for classifiers: they need statements of at least two sides in at least two articles "
            f"(here {n_sides} side(s) in {n_docs} article(s))."
        )
    try:
        result = classify(
            spoken, label="side", text="text", features=framing_features(spoken), category="stance",
            n_permutations=n_permutations, n_boot=n_boot, seed=seed, n_jobs=n_jobs, progress=progress,
        )
    except ValueError as err:
        return None, f"The classifiers could not be fitted on this corpus: {err}."
    return result, ""


def skipped_frame(corpus: Corpus) -> pd.DataFrame:
    """The documents left out during the corpus's last reading (``on_error="skip"``), one row each."""
    if not corpus.skipped:
        return pd.DataFrame()
    return pd.DataFrame([dataclasses.asdict(s) for s in corpus.skipped]).astype({"line": "Int64"})


def _input_files(paths: Sequence[str], metadata: object) -> dict[str, str]:
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
