"""Compare the two sides of an actor profile in an analysed corpus.

The glue between :func:`narratives.pipeline.analyze` (with a profile) and
the comparison functions, shared by ``narratives compare`` and
``narratives report``: the statement table (one row per attribution, with
its document's outlet and date and its cue-and-content text), the framing
features compared, the framing comparison of the profile's sides and the
fightin'-words contrast of their words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from narratives import schema
from narratives.compare.core import compare
from narratives.compare.defaults import N_BOOT, N_PERMUTATIONS
from narratives.compare.result import Comparison
from narratives.compare.words import FightinWords, fightin_words
from narratives.framing import OTHER_STANCE, STANCES
from narratives.framing.scores import feature_columns
from narratives.pipeline import Analysis
from narratives.sides import Profile


def statement_table(analysis: Analysis, by: str | None = None) -> pd.DataFrame:
    """One row per attribution with its document's ``outlet``, ``date`` (and ``by``) and a ``text`` column.

    ``text`` is the cue followed by the content (read back from the
    sentences), the words a reader sees reported; the source is left out,
    so a classifier of sides is not handed the speaker's name.
    """
    columns = ["doc_id", "outlet", "date"]
    if by is not None and by not in columns and by in analysis.documents.columns:
        columns.append(by)
    statements = analysis.attributions.merge(analysis.documents[columns], on="doc_id", how="left")
    return statements.assign(text=statement_texts(statements, analysis.sentences))


def framing_features(statements: pd.DataFrame) -> list[str]:
    """The framing feature columns of a statement table (the framing stage's counts, :func:`~narratives.framing.scores.feature_columns`)."""
    return [c for c in feature_columns() if c in statements.columns]


def statement_texts(statements: pd.DataFrame, sentences: pd.DataFrame) -> list[str]:
    """Each statement's cue and content text (read back from the sentences), for word-level contrasts."""
    by_doc = {doc_id: rows[["start", "end", "text"]].to_numpy() for doc_id, rows in sentences.groupby("doc_id")}
    texts = []
    for doc_id, cue, spans in zip(statements["doc_id"], statements["cue_text"], statements["content_spans"]):
        pieces = [cue]
        for start, end in schema.spans(spans):
            for s0, e0, text in by_doc.get(doc_id, ()):
                if s0 < end and start < e0:
                    pieces.append(text[max(start, s0) - s0 : min(end, e0) - s0])
        texts.append(" ".join(pieces))
    return texts


@dataclass(frozen=True)
class SideComparison:
    """How the two sides of a profile are reported in one corpus.

    Attributes
    ----------
    statements
        The statement table (see :func:`statement_table`), every side.
    sides
        The profile's side ids compared, in profile order.
    comparison
        Rates, effects and tests of stance and framing by side; None when no
        statement speaks for any of the sides.
    words
        The fightin'-words contrast of the first two sides' cue and content
        words; None unless both have statements.
    """

    statements: pd.DataFrame = field(repr=False)
    sides: tuple[str, ...]
    comparison: Comparison | None = field(repr=False)
    words: FightinWords | None = field(repr=False)


def compare_sides(
    analysis: Analysis,
    profile: Profile,
    *,
    by: str | None = None,
    n_boot: int = N_BOOT,
    n_permutations: int = N_PERMUTATIONS,
    seed: int = 0,
    **options: object,
) -> SideComparison:
    """Compare the stance and framing of the statements of a profile's sides.

    Parameters
    ----------
    analysis
        Tables from :func:`narratives.pipeline.analyze` run with ``profile``.
    profile
        The actor profile whose declared sides are compared.
    by
        Optional stratifying column: ``"outlet"``, ``"date"`` or a column of
        ``analysis.documents`` (see :func:`narratives.compare.grouping.add_grouping`).
    n_boot, n_permutations, seed
        Passed to :func:`narratives.compare.compare`.
    **options
        Other keyword arguments of :func:`narratives.compare.compare`
        (``confidence``, ``alpha``, ``min_statements``...).

    Returns
    -------
    SideComparison
    """
    statements = statement_table(analysis, by)
    sides = profile.side_ids
    spoken = statements[statements["side"].isin(sides)]
    comparison = None
    if len(spoken):
        comparison = compare(
            statements,
            group="side",
            groups=list(sides),
            category="stance",
            features=framing_features(statements),
            levels=[*STANCES, OTHER_STANCE],
            by=by,
            n_boot=n_boot,
            n_permutations=n_permutations,
            seed=seed,
            **options,
        )
    words = None
    pair = list(sides[:2])
    paired = spoken[spoken["side"].isin(pair)]
    if paired["side"].nunique() == 2:
        words = fightin_words(paired["text"].tolist(), paired["side"].tolist(), *pair)
    return SideComparison(statements=statements, sides=sides, comparison=comparison, words=words)



def content_words(contents: pd.DataFrame, side: str, other: str | None = None) -> FightinWords:
    """Fightin' words of what one side's speakers say against another side's (or every other statement's).

    Parameters
    ----------
    contents
        Statement contents with a ``side`` column and the ``said`` text
        (:func:`narratives.stories.topics.statement_contents`): the cue and
        the source are left out, so the contrast is of what is said only.
    side
        Group a.
    other
        Group b; default every statement of another side (labelled ``"other"``).

    Returns
    -------
    FightinWords
    """
    groups = contents["side"].where(contents["side"] == side, "other" if other is None else contents["side"])
    return fightin_words(contents["said"].tolist(), groups.tolist(), side, other or "other")
