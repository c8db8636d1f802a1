"""Generic sources from context: "officials said" takes a side only where its context points to one.

The context of a generic source is the nearest earlier source with a side
(at most :data:`CONTEXT_SENTENCES` sentences back) and the mentions in its
cue's sentence before the cue.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from narratives import schema
from narratives.segment import segment
from narratives.sides.model import (
    AMBIGUOUS,
    AMBIGUOUS_CONTEXT,
    ANTECEDENT_FACTOR,
    BOTH,
    GENERIC,
    NO_CONTEXT,
    UNKNOWN,
    SideAssignment,
    _missing,
    _via_antecedent,
)
from narratives.sides.profile import Profile

CONTEXT_CONFIDENCE = (0.6, 0.7)
"""Confidence of a generic source's side from one context signal, and from two that agree."""

CONTEXT_SENTENCES = 2
"""How many sentences back the nearest named source may be for a generic source."""


def _is_generic_rule(rule: str) -> bool:
    return rule.split(":")[-1] == GENERIC


def _sentence_bounds(text: str, sentences: pd.DataFrame | None, rows: Sequence[int] | None) -> list[tuple[int, int]]:
    """A document's sentence bounds: its ``rows`` of the sentences table, or segmented again."""
    if sentences is not None and rows is not None and len(rows):
        own = sentences.iloc[rows].sort_values("sentence")
        return list(zip(own["start"].astype(int), own["end"].astype(int)))
    return segment(text).sentence_bounds


def _outside(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return all(end <= a or start >= b for a, b in spans)


@dataclass
class _DocumentContext:
    """One document's text, sentences and attribution positions, for generic sources."""

    text: str
    bounds: list[tuple[int, int]]
    positions: dict[int, int]
    sentences: dict[int, int]
    sided: list[tuple[int, int, str]]
    """``(position, sentence, side)`` of the sources with a side, by position (ties: the earlier row last)."""
    reach: list[int]
    """The latest sentence among ``sided[: k + 1]``, for each k."""

    def sentence_sides(self, profile: Profile, row: Mapping, sentence: int) -> set[str]:
        """Sides of the mentions in the cue's sentence before the cue, outside the source and the content.

        What follows the cue is what is said and to or about whom ("The
        embassy alleged that the UK's strategy..."), not who says it.
        """
        if not 0 <= sentence < len(self.bounds):
            return set()
        start, end = self.bounds[sentence]
        end = min(end, int(row["cue_start"]))
        excluded = schema.spans(row["content_spans"])
        if not _missing(row["source_start"]):
            excluded.append((int(row["source_start"]), int(row["source_end"])))
        mentions = profile.mentions_in(self.text[start:end])
        return {actor.side for a, b, actor in mentions if _outside(start + a, start + b, excluded)}

    def previous_side(self, row: int) -> str | None:
        """Side of the nearest earlier source that has one, at most :data:`CONTEXT_SENTENCES` sentences back.

        Sources are looked at from the nearest back, and no further than
        where every source before lies further back than that.
        """
        lowest = self.sentences[row] - CONTEXT_SENTENCES
        for k in range(bisect.bisect_left(self.sided, (self.positions[row],)) - 1, -1, -1):
            if self.reach[k] < lowest:
                break
            if self.sided[k][1] >= lowest:
                return self.sided[k][2]
        return None


def _context_assignment(previous: str | None, sentence_sides: set[str], prefix: str) -> SideAssignment:
    """A generic source's side when its context points to exactly one side (a declared side or third_party)."""
    evidence = [
        name
        for name, found in (("previous source", previous is not None), ("sentence", bool(sentence_sides)))
        if found
    ]
    sides = sentence_sides | ({previous} if previous is not None else set())
    if not sides:
        return SideAssignment(None, UNKNOWN, prefix + NO_CONTEXT)
    if len(sides) > 1 or sides & {BOTH, AMBIGUOUS}:
        return SideAssignment(None, UNKNOWN, prefix + AMBIGUOUS_CONTEXT)
    confidence = CONTEXT_CONFIDENCE[len(evidence) - 1]
    if prefix:
        confidence = round(confidence * ANTECEDENT_FACTOR, 3)
    return SideAssignment(None, sides.pop(), prefix + "context:" + "+".join(evidence), confidence)


def _document_context(
    records: Sequence[Mapping], rows: list[int], text: str, bounds: list[tuple[int, int]], assignments: Sequence[SideAssignment]
) -> _DocumentContext:
    positions = {i: int(_first_present(records[i]["source_start"], records[i]["cue_start"])) for i in rows}
    starts = [start for start, _ in bounds]
    sentences = {
        i: int(records[i]["sentence"]) if not _missing(records[i]["sentence"]) else bisect.bisect_right(starts, positions[i]) - 1
        for i in rows
    }
    known = sorted((i for i in rows if assignments[i].side != UNKNOWN), key=lambda i: (positions[i], -i))
    sided = [(positions[i], sentences[i], assignments[i].side) for i in known]
    return _DocumentContext(text, bounds, positions, sentences, sided, list(itertools.accumulate((s for _, s, _ in sided), max)))


def _first_present(*values: Any) -> Any:
    return next(value for value in values if not _missing(value))


def _apply_context(
    table: pd.DataFrame,
    assignments: list[SideAssignment],
    texts: Mapping[str, str],
    profile: Profile,
    sentences: pd.DataFrame | None,
) -> None:
    """Give generic sources the side of an unambiguous context (in place; reads the first pass only)."""
    first_pass = list(assignments)
    columns = ["source_start", "source_end", "cue_start", "sentence", "content_spans"]
    records = table[columns + [c for c in ("resolved_start", "resolved_end") if c in table.columns]].to_dict("records")
    sentence_rows = sentences.groupby("doc_id", sort=False).indices if sentences is not None and len(sentences) else {}
    for doc_id, positional in table.groupby("doc_id", sort=False).indices.items():
        rows = [int(i) for i in positional]
        generic = [i for i in rows if _is_generic_rule(first_pass[i].rule)]
        if not generic:
            continue
        text = texts[doc_id]
        context = _document_context(records, rows, text, _sentence_bounds(text, sentences, sentence_rows.get(doc_id)), first_pass)
        sources = {(records[i]["source_start"], records[i]["source_end"]): i for i in generic if not _missing(records[i]["source_start"])}
        for i in generic:
            prefix = "antecedent:" if first_pass[i].rule.startswith("antecedent:") else ""
            resolved = (records[i].get("resolved_start"), records[i].get("resolved_end"))
            antecedent = sources.get(resolved) if prefix and not _missing(resolved[0]) else None
            if antecedent is not None and antecedent != i and assignments[antecedent].side != UNKNOWN:
                # "The Defence Ministry stated ... It said": the pronoun keeps the side its antecedent took from context
                assignments[i] = _via_antecedent(assignments[antecedent])
                continue
            sides = context.sentence_sides(profile, records[i], context.sentences[i])
            assignments[i] = _context_assignment(context.previous_side(i), sides, prefix)
