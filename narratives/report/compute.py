"""What a report shows, computed before anything is written: the analysis, the comparisons, the classifiers, the stories.

:func:`compute_report` loads the corpus and the profile, analyses the
corpus, compares the profile's sides (pooled and inside each group of
``by``), fits the classifiers of side, states the findings and gathers the
words and story tables; :class:`ReportData` holds it all for the tables,
figures, page and manifest that :func:`~narratives.report.build.build_report`
writes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from tqdm.auto import tqdm

from narratives.attribution.model import AttributionModel
from narratives.compare.grouping import add_grouping, check_grouping
from narratives.compare.ml import Classification, classify
from narratives.compare.sides import SideComparison, compare_sides, framing_features
from narratives.corpus import Corpus, load_many
from narratives.errors import InputError
from narratives.pipeline import Analysis, analyze
from narratives.report import html as h
from narratives.report import stories as story_section
from narratives.report.figures import side_titles
from narratives.report.findings import Findings, find
from narratives.report.stories import StoryTables
from narratives.report.validation import Check, load_validation
from narratives.report.words import top_words, word_uses
from narratives.sides import Profile, load_profile

NO_OUTLET = "(no outlet)"
"""The outlet shown for documents that have none."""


@dataclass
class ReportData:
    """Everything a report shows, computed (see :func:`compute_report`).

    Attributes
    ----------
    corpus, profile
        The corpus and the profile, loaded.
    given_profile
        The profile's name or path as given, None when given loaded.
    paths
        The corpus paths as given, None when given a :class:`Corpus`.
    load_options
        Keyword arguments of :func:`~narratives.corpus.load_many`.
    analysis
        The documents, sentences and attributions tables.
    documents
        The documents table, a missing outlet shown as :data:`NO_OUTLET`.
    by
        The grouping inside which the sides are also compared.
    pooled, by_group
        The comparisons of the sides, pooled and inside each group (None
        with fewer than two groups).
    classification, reason
        The classifiers of side, or None and why.
    labels, colours, titles
        Each side's label, colour and title.
    statements
        The pooled comparison's statements of the corpus's documents.
    findings
        What the Findings panel states (None without a comparison).
    words, uses
        The words leaning most to each side and their uses (None and empty
        without fightin' words).
    stories
        The tables of the section "What each side says".
    checks
        The validation figures shipped with narratives.
    """

    corpus: Corpus
    profile: Profile
    given_profile: str | Path | None
    paths: list[str] | None
    load_options: dict
    analysis: Analysis = field(repr=False)
    documents: pd.DataFrame = field(repr=False)
    by: str
    pooled: SideComparison = field(repr=False)
    by_group: SideComparison | None = field(repr=False)
    classification: Classification | None = field(repr=False)
    reason: str
    labels: dict
    colours: dict
    titles: dict
    statements: pd.DataFrame = field(repr=False)
    findings: Findings | None = field(repr=False)
    words: pd.DataFrame | None = field(repr=False)
    uses: dict = field(repr=False)
    stories: StoryTables = field(repr=False)
    checks: list[Check] = field(repr=False)


def compute_report(
    corpus: Corpus | str | Path | Sequence[str | Path],
    profile: Profile | str | Path,
    *,
    seed: int,
    n_boot: int,
    n_permutations: int,
    classifier_permutations: int,
    classifier_boot: int,
    model: AttributionModel | None,
    load_options: Mapping[str, object] | None,
    progress: bool,
    by: str | None,
    n_jobs: int,
) -> ReportData:
    """Load, analyse and compare: what :func:`~narratives.report.build.build_report` shows (its parameters)."""
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
    analysis.documents = add_grouping(analysis.documents, by or "outlet", {doc.id: doc.extra for doc in corpus})
    if by is not None:
        check_grouping(analysis.documents, by, corpus.name)
    by = by or "outlet"
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
    labels, colours = h.side_labels(profile), h.side_colours(profile)
    titles = side_titles(profile)
    statements = pooled.statements.merge(documents[["doc_id"]], on="doc_id")
    findings = None
    if pooled.comparison is not None:
        findings = find(pooled.comparison, by_group.comparison if by_group else None, titles)
    words, uses = None, {}
    if pooled.words is not None:
        words = top_words(pooled.words)
        uses = word_uses(list(words["term"]), statements[statements["side"].isin(words["side"].unique())], titles, documents)
    texts = {document.id: document.text for document in corpus}
    stories = story_section.story_tables(analysis, texts, dict(zip(documents["doc_id"], documents["outlet"])), profile,
                                         seed=seed, n_boot=n_boot, n_permutations=n_permutations)
    return ReportData(
        corpus, profile, given_profile, paths, load_options, analysis, documents, by, pooled, by_group,
        classification, reason, labels, colours, titles, statements, findings, words, uses, stories, load_validation(),
    )


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
