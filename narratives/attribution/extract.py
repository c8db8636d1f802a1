"""Find attributions in a document: model, coreference, reporting mode.

:func:`attribute` is the one entry point: text (or a
:class:`~narratives.corpus.Document`) in, attribution records out, each
with its cue, source, resolved source, content spans, mode and
confidence.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Sequence

from narratives.attribution.coreference import resolve_sources
from narratives.attribution.model import AttributionModel
from narratives.attribution.records import Attribution
from narratives.corpus import Document
from narratives.lazy import loaded_once
from narratives.segment import Segmentation
from narratives.tokens import TokenTable

__all__ = ["attribute", "attribute_table", "attribute_tables", "default_model", "reporting_mode"]


@loaded_once
def default_model() -> AttributionModel:
    """The attribution model shipped with narratives (loaded once)."""
    return AttributionModel.load()


def reporting_mode(table: TokenTable, attribution: Attribution) -> str:
    """How the content is reported.

    ``according_to`` for "according to X"; ``no_source`` when no source is
    named; otherwise ``direct`` when all the content's words are inside
    quotation marks, ``mixed`` when some are, ``indirect`` when none are.
    """
    if (attribution.cue_lemma or "").startswith("accord to") or table.text[slice(*attribution.cue_span)].lower().startswith("according"):
        return "according_to"
    if not attribution.source:
        return "no_source"
    quoted = unquoted = 0
    starts, ends, quotes = table.starts, table.ends, table.quotes
    for start, end in attribution.content:
        first = bisect.bisect_right(ends, start)
        stop = bisect.bisect_left(starts, end)
        for i in range(first, stop):
            flag = quotes[i]
            if flag == "I":
                quoted += 1
            elif flag == "O" and table.words[i].isalnum():
                unquoted += 1
    if quoted and not unquoted:
        return "direct"
    if quoted:
        return "mixed"
    return "indirect"


def attribute_table(table: TokenTable, doc_id: str = "", model: AttributionModel | None = None) -> list[Attribution]:
    """Attributions of a document already segmented and tagged into ``table``."""
    return attribute_tables([table], [doc_id], model)[0]


def attribute_tables(tables: Sequence[TokenTable], doc_ids: Sequence[str], model: AttributionModel | None = None) -> list[list[Attribution]]:
    """Attributions of several documents at once (the model decodes them in one batch; same results)."""
    found = (model or default_model()).predict_tables(tables, doc_ids)
    return [[dataclasses.replace(a, attribution_mode=reporting_mode(table, a)) for a in resolve_sources(table, records)] for table, records in zip(tables, found)]


def attribute(
    document: Document | str,
    model: AttributionModel | None = None,
    segmentation: Segmentation | None = None,
) -> list[Attribution]:
    """Find every attribution in a document.

    Parameters
    ----------
    document
        A :class:`~narratives.corpus.Document` or a plain string.
    model
        An :class:`AttributionModel`; the shipped one when None.
    segmentation
        The document's segmentation, if already computed.

    Returns
    -------
    list of Attribution
        In order of their cues. Offsets index the original text.

    Examples
    --------
    >>> found = attribute("Baku reported that Ganja was hit by missiles.")  # doctest: +SKIP
    >>> [(a.attribution_mode, a.cue_lemma) for a in found]  # doctest: +SKIP
    [('indirect', 'report')]
    """
    text, doc_id = (document.text, document.id) if isinstance(document, Document) else (document, "")
    return attribute_table(TokenTable.build(text, segmentation), doc_id, model)
