"""The context of an entity mention: the words around it, the attribution it sits in, framing nearby.

One row per mention, read from a document's text and the tables the
pipeline makes for it (attributions with sides and stance, framing hits).
:class:`narratives.stories.roles.RoleClassifier` turns these rows into
features; the rows keep everything a reader needs to check a prediction
(offsets into the original text, the speaker, the reporting verb).

Mentions of new text are the actor mentions of a profile
(:meth:`narratives.sides.Profile.mentions_in`), the names the sides stage
already knows.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from narratives import schema
from narratives.attribution.records import require_columns
from narratives.framing.scores import check_texts
from narratives.sides import Profile
from narratives.words import WORD

MAX_CONTEXT = 30
"""Words kept on each side of a mention (an estimator's ``window`` is at most this)."""

OUTSIDE, SOURCE, CONTENT = "outside", "source", "content"
"""Where a mention sits relative to the attributions: in none, as (part of) the speaker, or in what is said."""

CONTEXT_COLUMNS = [
    "doc_id", "start", "end", "mention", "left", "right", "hits",
    "position", "cue_lemma", "stance", "speaker", "speaker_side", "entity", "entity_side", "document_side",
]  # fmt: skip

_ATTRIBUTION_COLUMNS = ("doc_id", "content_spans", "source_spans", "cue_lemma")


@dataclass(frozen=True)
class _Words:
    """A document's words: their spans, lower-cased forms and a bisectable list of starts and ends."""

    starts: list[int]
    ends: list[int]
    words: list[str]

    @classmethod
    def of(cls, text: str) -> _Words:
        matches = list(WORD.finditer(text))
        return cls(
            [m.start() for m in matches], [m.end() for m in matches], [m.group().lower() for m in matches]
        )

    def around(self, start: int, end: int) -> tuple[int, int]:
        """Index of the first word ending after ``start`` and of the first word starting at or after ``end``."""
        return bisect.bisect_right(self.ends, start), bisect.bisect_left(self.starts, end)

    def distance(self, span: tuple[int, int], first: int, after: int) -> int:
        """Words between ``span`` and the mention's words ``[first, after)`` (0 when they touch or overlap)."""
        hit_first, hit_after = self.around(*span)
        if hit_after <= first:
            return first - hit_after
        if hit_first >= after:
            return hit_first - after
        return 0


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in spans)


def _hit_tag(family: str, category: str, value: float | None) -> str:
    """A hit's feature tag: its family and category, the sign of the valence for emotive words."""
    if category == "emotive":
        return "emotive:" + ("+" if value is not None and value > 0 else "-")
    return f"{family}:{category}"


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def _placement(start: int, end: int, rows: Sequence[Mapping]) -> dict:
    """The attribution a mention speaks in (source) or is spoken of in (the shortest content holding it)."""
    best: tuple[int, dict] | None = None
    for row in rows:
        sources = schema.spans(row["source_spans"])
        if not _missing(row.get("resolved_start")):
            sources.append((int(row["resolved_start"]), int(row["resolved_end"])))
        if _overlaps(start, end, sources):
            return {"position": SOURCE, **_speech(row)}
        contents = schema.spans(row["content_spans"])
        if _overlaps(start, end, contents):
            length = max(b for _, b in contents) - min(a for a, _ in contents)
            if best is None or length < best[0]:
                best = (length, {"position": CONTENT, **_speech(row)})
    return (
        best[1]
        if best
        else {"position": OUTSIDE, "cue_lemma": None, "stance": None, "speaker": None, "speaker_side": None}
    )


def speaker_of(row: Mapping) -> str | None:
    """Who speaks in an attribution row: the profile's actor, else the resolved source, else the source as written."""
    for name in ("actor", "resolved_text", "source_text"):
        value = row.get(name)
        if isinstance(value, str) and value:
            return value
    return None


def _speech(row: Mapping) -> dict:
    def value(name: str) -> object:
        return None if _missing(row.get(name)) else row.get(name)

    return {
        "cue_lemma": value("cue_lemma"),
        "stance": value("stance"),
        "speaker": speaker_of(row),
        "speaker_side": value("side"),
    }


def _document_side(rows: Sequence[Mapping], profile: Profile | None) -> str | None:
    """The declared side most of a document's placed speakers speak for (None on a tie or when none is placed)."""
    if profile is None:
        return None
    counts = Counter(row.get("side") for row in rows if row.get("side") in profile.side_ids).most_common(2)
    if not counts or (len(counts) == 2 and counts[0][1] == counts[1][1]):
        return None
    return counts[0][0]


def _entity(mention: str, profile: Profile | None) -> tuple[str | None, str | None]:
    """The actor a mention names and its side, when the profile lists it."""
    if profile is None:
        return None, None
    found = profile.mentions_in(mention)
    if not found:
        return None, None
    actor = max(found, key=lambda m: m[1] - m[0])[2]
    return actor.name, actor.side


def mention_contexts(
    texts: Mapping[str, str],
    mentions: pd.DataFrame,
    attributions: pd.DataFrame,
    hits: pd.DataFrame,
    profile: Profile | None = None,
) -> pd.DataFrame:
    """The context of each mention, for :class:`~narratives.stories.roles.RoleClassifier`.

    Parameters
    ----------
    texts
        Each document's text by ``doc_id``.
    mentions
        ``doc_id``, ``start``, ``end`` (character offsets, end exclusive) of
        each mention; other columns are kept.
    attributions
        The attributions of the same documents (from
        :func:`narratives.pipeline.analyze`; with a profile, the speaker's
        ``side`` is read too).
    hits
        Framing hits of the documents (:func:`narratives.framing.framing_hits`).
    profile
        Places the mentioned entity on a side (``entity``, ``entity_side``).

    Returns
    -------
    pandas.DataFrame
        The mention columns plus ``mention`` (``text[start:end]``), ``left``
        and ``right`` (up to :data:`MAX_CONTEXT` lower-cased words, nearest
        last on the left and first on the right), ``hits`` (``(distance in
        words, tag)`` of each framing hit within :data:`MAX_CONTEXT` words),
        ``position`` (:data:`OUTSIDE`, :data:`SOURCE` or :data:`CONTENT`),
        the ``cue_lemma``, ``stance``, ``speaker`` and ``speaker_side`` of
        that attribution, ``entity`` and ``entity_side``, and ``document_side``
        (the declared side most of the document's placed speakers speak for).
    """
    require_columns(
        attributions, _ATTRIBUTION_COLUMNS, "Pass the attributions table of narratives.pipeline.analyze."
    )
    check_texts(set(mentions["doc_id"]) | set(attributions["doc_id"]), texts)
    by_doc = {doc_id: rows.to_dict("records") for doc_id, rows in attributions.groupby("doc_id", sort=False)}
    hits_by_doc = {doc_id: rows for doc_id, rows in hits.groupby("doc_id", sort=False)} if len(hits) else {}
    rows = []
    for doc_id, group in mentions.groupby("doc_id", sort=False):
        text = texts[doc_id]
        words = _Words.of(text)
        doc_side = _document_side(by_doc.get(doc_id, []), profile)
        doc_hits = hits_by_doc.get(doc_id)
        hit_list = (
            []
            if doc_hits is None
            else list(
                zip(
                    doc_hits["start"],
                    doc_hits["end"],
                    doc_hits["family"],
                    doc_hits["category"],
                    doc_hits["value"],
                )
            )
        )
        for record in group.to_dict("records"):
            start, end = int(record["start"]), int(record["end"])
            first, after = words.around(start, end)
            near = [
                (
                    words.distance((a, b), first, after),
                    _hit_tag(family, category, None if pd.isna(value) else value),
                )
                for a, b, family, category, value in hit_list
            ]
            mention = text[start:end]
            entity, entity_side = _entity(mention, profile)
            rows.append(
                {
                    **record,
                    "mention": mention,
                    "left": words.words[max(0, first - MAX_CONTEXT) : first],
                    "right": words.words[after : after + MAX_CONTEXT],
                    "hits": sorted(item for item in near if item[0] <= MAX_CONTEXT),
                    **_placement(start, end, by_doc.get(doc_id, [])),
                    "entity": entity,
                    "entity_side": entity_side,
                    "document_side": doc_side,
                }
            )
    columns = [*mentions.columns, *[c for c in CONTEXT_COLUMNS if c not in mentions.columns]]
    return pd.DataFrame(rows, columns=columns)


def actor_mentions(texts: Mapping[str, str], profile: Profile) -> pd.DataFrame:
    """Every actor mention the profile finds in each text: ``doc_id``, ``start``, ``end``.

    These are the named entities of new text: the names, titles, demonyms
    and capitals the sides stage matches (:meth:`Profile.mentions_in`).
    """
    rows = [
        {"doc_id": doc_id, "start": start, "end": end}
        for doc_id, text in texts.items()
        for start, end, _ in profile.mentions_in(text)
    ]
    return pd.DataFrame(rows, columns=["doc_id", "start", "end"]).astype({"start": "int64", "end": "int64"})


__all__ = [
    "CONTENT",
    "CONTEXT_COLUMNS",
    "MAX_CONTEXT",
    "OUTSIDE",
    "SOURCE",
    "actor_mentions",
    "mention_contexts",
]
