"""Sides for an attribution table: each row's actor, side, rule and confidence.

:func:`assign_sides` resolves every source (or its antecedent) with the
profile, links surnames to the people a document places, and gives
generic sources the side of an unambiguous context. Error codes raised
here: ``N241`` (a table without the columns read), ``N242`` (a document
without its text).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from narratives.attribution.records import require_columns
from narratives.errors import DataError
from narratives.sides.context import _apply_context
from narratives.sides.model import (
    AMBIGUOUS,
    BOTH,
    NO_SOURCE,
    THIRD_PARTY,
    UNKNOWN,
    SideAssignment,
    _missing,
    _via_antecedent,
)
from narratives.sides.names import _link_names
from narratives.sides.profile import Profile

_REQUIRED_COLUMNS = (
    "doc_id",
    "sentence",
    "cue_start",
    "source_start",
    "source_end",
    "source_text",
    "resolved_text",
    "content_spans",
)


def _check_columns(table: pd.DataFrame) -> None:
    require_columns(table, _REQUIRED_COLUMNS, "Pass a table from narratives.pipeline.analyze or attributions_to_frame.")


def _first_pass(
    table: pd.DataFrame, texts: Mapping[str, str], profile: Profile, blocked: Mapping[str, frozenset[str]]
) -> list[SideAssignment]:
    """Resolve every row's source (its antecedent when it has one); the profile remembers each text it has resolved."""
    resolved_present = table["resolved_text"].notna()
    mention = table["resolved_text"].where(resolved_present, table["source_text"])
    assignments = []
    for text, doc_id, via_antecedent in zip(mention, table["doc_id"], resolved_present):
        if _missing(text):
            assignments.append(SideAssignment(None, UNKNOWN, NO_SOURCE))
        elif via_antecedent:
            assignments.append(_via_antecedent(profile.resolve(text, blocked[doc_id])))
        else:
            assignments.append(profile.resolve(text, blocked[doc_id]))
    return assignments


def assign_sides(
    attributions: pd.DataFrame,
    texts: Mapping[str, str],
    profile: Profile,
    sentences: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Add each attribution's actor and side to an attribution table.

    Parameters
    ----------
    attributions
        A table from :func:`narratives.pipeline.analyze` (or
        :func:`~narratives.attribution.records.attributions_to_frame`).
    texts
        Each document's text by ``doc_id``: read for the context of generic
        sources, and for surnames that name someone else in the document
        (:meth:`Profile.blocked_surnames`).
    profile
        From :func:`load_profile`.
    sentences
        The sentences table (doc_id, sentence, start, end), if already
        computed; documents are segmented again otherwise.

    Returns
    -------
    pandas.DataFrame
        A copy of ``attributions`` with four more columns: ``actor`` (the
        canonical name(s), ``"; "``-joined; empty when none is named),
        ``side`` (a side id, ``both``, ``third_party``, ``ambiguous`` or
        ``unknown``), ``side_rule`` and ``side_confidence`` (a prior per
        rule; empty for ``unknown`` and ``ambiguous``).

    Raises
    ------
    DataError
        ``N241`` if the table lacks a column; ``N242`` if a document has no
        text in ``texts``.

    Examples
    --------
    >>> from narratives.attribution.records import Attribution, attributions_to_frame
    >>> text = "Azerbaijani officials denied the losses."
    >>> table = attributions_to_frame([Attribution("d", "A1", ((22, 28),), ((0, 21),))], {"d": text})
    >>> assign_sides(table, {"d": text}, load_profile("armenia-azerbaijan"))[["source_text", "side", "side_rule"]]
                 source_text        side side_rule
    0  Azerbaijani officials  azerbaijan   demonym
    """
    _check_columns(attributions)
    missing = [doc_id for doc_id in attributions["doc_id"].unique() if doc_id not in texts]
    if missing:
        raise DataError(
            "N242",
            f"No text for {len(missing)} document(s): {', '.join(map(str, missing[:5]))}.",
            "Pass every document's text in `texts`, keyed by doc_id.",
        )
    blocked = {doc_id: profile.blocked_surnames(texts[doc_id]) for doc_id in attributions["doc_id"].unique()}
    assignments = _first_pass(attributions, texts, profile, blocked)
    _link_names(attributions, assignments, texts, profile, blocked)
    _apply_context(attributions, assignments, texts, profile, sentences)
    table = attributions.copy()
    table["actor"] = pd.Series([a.actor for a in assignments], index=table.index, dtype=object)
    table["side"] = pd.Series([a.side for a in assignments], index=table.index, dtype=object)
    table["side_rule"] = pd.Series([a.rule for a in assignments], index=table.index, dtype=object)
    table["side_confidence"] = pd.Series(
        [a.confidence for a in assignments], index=table.index, dtype="float64"
    )
    return table


def side_counts(table: pd.DataFrame, profile: Profile) -> pd.Series:
    """Attributions per side: the declared sides, then both, third_party, ambiguous and unknown."""
    order = [*profile.side_ids, BOTH, THIRD_PARTY, AMBIGUOUS, UNKNOWN]
    return table["side"].value_counts().reindex(order, fill_value=0).astype("int64")
