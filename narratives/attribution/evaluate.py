"""Score predicted attributions against gold ones, PolNeAR style.

The convention (``shared/README.md``) scores each component (Source, Cue,
Content) and whole attributions by precision, recall and F1, micro-averaged:
true positives, gold and predicted counts are summed over documents before
the ratios are taken.

Components
    Each document contributes its *distinct* spans of a component, taken
    from the attributions: a source shared by two attributions (one ``T``
    line in brat, 112 times in PolNeAR dev) counts once, as do two ``T``
    lines with identical offsets. Spans are compared two ways:

    * exact: the envelopes (min start, max end over the fragments) are
      equal after stripping whitespace and Unicode punctuation (quotes,
      commas, dashes...) from both ends;
    * overlap: the spans share at least one character. Characters are
      those of the fragments, not the envelope, so a discontinuous content
      does not overlap the cue inside its gap.

Attributions
    A gold and a predicted attribution match when their cues overlap, their
    contents overlap and their sources overlap. A component both lack also
    agrees: the convention says so for sources ("or neither has one"); this
    module applies the same rule to contents, so the two gold attributions
    of PolNeAR train without content (none in dev) can be matched by a
    prediction without content, and gold scored against itself gives 1.0.
    Attributions always have a cue (:class:`~.records.Attribution` requires
    one; the brat reader falls back to the event's trigger span).

Matching is one-to-one everywhere: a gold item is matched by at most one
prediction and the reverse, and the pairing maximises the number of matches
(maximum bipartite matching with :func:`scipy.optimize.linear_sum_assignment`),
so the order of the records never changes the score. A ratio whose
denominator is zero is 0.0.

Error codes raised here: ``N247`` (a document has no text), ``N248``
(predictions for documents not in gold), ``N249`` (a span reaches past the
end of its text).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from narratives.attribution.records import Attribution, Fragment, Fragments, past_end, require_texts
from narratives.errors import DataError

COMPONENTS = ("Source", "Cue", "Content")
"""Component names, as brat labels them, in report order."""

MATCHES = ("exact", "overlap")
"""How component spans are compared."""


@dataclass(frozen=True)
class Score:
    """Counts behind one precision/recall/F1 triple.

    Parameters
    ----------
    tp
        Matched pairs.
    n_gold
        Gold items.
    n_pred
        Predicted items.
    """

    tp: int = 0
    n_gold: int = 0
    n_pred: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.n_gold + other.n_gold, self.n_pred + other.n_pred)

    @property
    def precision(self) -> float:
        """``tp / n_pred`` (0.0 when nothing was predicted)."""
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        """``tp / n_gold`` (0.0 when there is no gold item)."""
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall (0.0 when both are 0)."""
        total = self.n_gold + self.n_pred
        return 2 * self.tp / total if total else 0.0

    def to_dict(self) -> dict[str, float | int]:
        """Return ``precision``, ``recall``, ``f1``, ``tp``, ``n_gold``, ``n_pred``."""
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "tp": self.tp,
            "n_gold": self.n_gold,
            "n_pred": self.n_pred,
        }


@dataclass(frozen=True)
class EvaluationResult:
    """Micro-averaged scores of a set of predictions.

    Attributes
    ----------
    components
        ``components[component][match]``: the :class:`Score` of
        ``"Source"``, ``"Cue"`` or ``"Content"`` spans under ``"exact"`` or
        ``"overlap"`` matching.
    attribution
        The :class:`Score` of whole attributions.
    """

    components: Mapping[str, Mapping[str, Score]]
    attribution: Score

    def to_dict(self) -> dict[str, dict]:
        """Return nested scores.

        Returns
        -------
        dict
            ``{"Source": {"exact": {...}, "overlap": {...}}, "Cue": ...,
            "Content": ..., "attribution": {...}}``, each innermost dict as
            :meth:`Score.to_dict`.
        """
        nested: dict[str, dict] = {
            component: {match: self.components[component][match].to_dict() for match in MATCHES}
            for component in COMPONENTS
        }
        nested["attribution"] = self.attribution.to_dict()
        return nested

    def to_frame(self) -> pd.DataFrame:
        """Return one row per score.

        Returns
        -------
        pandas.DataFrame
            Columns ``component``, ``match``, ``precision``, ``recall``,
            ``f1``, ``tp``, ``n_gold``, ``n_pred``; the attribution row has
            component ``"attribution"`` and match ``"overlap"`` (its
            components are compared by overlap).
        """
        rows = [
            {"component": component, "match": match, **self.components[component][match].to_dict()}
            for component in COMPONENTS
            for match in MATCHES
        ]
        rows.append({"component": "attribution", "match": "overlap", **self.attribution.to_dict()})
        return pd.DataFrame(rows)


def _is_trimmed(character: str) -> bool:
    """Whether exact matching strips `character` from a span's ends."""
    return character.isspace() or unicodedata.category(character).startswith("P")


def trim(text: str, start: int, end: int) -> Fragment:
    """Return ``(start, end)`` without whitespace and punctuation at either end.

    Parameters
    ----------
    text
        The document's text.
    start, end
        A span of `text`, end exclusive.

    Returns
    -------
    tuple of int
        The narrowed span; ``(end, end)`` if nothing but whitespace and
        punctuation remains.

    Examples
    --------
    >>> text = 'He said: “We will win.” '
    >>> trim(text, 8, 24)
    (10, 21)
    """
    while start < end and _is_trimmed(text[start]):
        start += 1
    while end > start and _is_trimmed(text[end - 1]):
        end -= 1
    return start, end


def _distinct(attributions: Sequence[Attribution], component: str) -> list[Fragments]:
    """The distinct non-empty spans of a component, in offset order."""
    return sorted({spans for a in attributions if (spans := getattr(a, component.lower()))})


def _flatten(spans: Sequence[Fragments]) -> tuple[np.ndarray, np.ndarray]:
    """Return each fragment's owner index and the ``(n, 2)`` fragment array."""
    owners = np.repeat(np.arange(len(spans)), [len(fragments) for fragments in spans])
    fragments = np.array([pair for fragments in spans for pair in fragments], dtype=np.int64)
    return owners, fragments.reshape(-1, 2)


def _overlaps(gold: Sequence[Fragments], pred: Sequence[Fragments]) -> np.ndarray:
    """``[i, j]`` is True when gold span i and predicted span j share a character."""
    gold_owner, gold_fragments = _flatten(gold)
    pred_owner, pred_fragments = _flatten(pred)
    hits = (gold_fragments[:, None, 0] < pred_fragments[None, :, 1]) & (
        pred_fragments[None, :, 0] < gold_fragments[:, None, 1]
    )
    rows, columns = np.nonzero(hits)
    matrix = np.zeros((len(gold), len(pred)), dtype=bool)
    matrix[gold_owner[rows], pred_owner[columns]] = True
    return matrix


def _exact(gold: Sequence[Fragments], pred: Sequence[Fragments], text: str) -> np.ndarray:
    """``[i, j]`` is True when the trimmed envelopes of the two spans are equal."""

    def keys(spans: Sequence[Fragments]) -> np.ndarray:
        envelopes = [trim(text, fragments[0][0], max(end for _, end in fragments)) for fragments in spans]
        return np.array(envelopes, dtype=np.int64).reshape(-1, 2)

    return (keys(gold)[:, None, :] == keys(pred)[None, :, :]).all(axis=-1)


def _matched(matrix: np.ndarray) -> int:
    """The size of a maximum one-to-one matching over a boolean match matrix."""
    rows, columns = linear_sum_assignment(matrix, maximize=True)
    return int(matrix[rows, columns].sum())


def _component_scores(
    gold: Sequence[Attribution], pred: Sequence[Attribution], text: str
) -> dict[str, dict[str, Score]]:
    """Exact and overlap scores of each component in one document."""
    scores = {}
    for component in COMPONENTS:
        gold_spans, pred_spans = _distinct(gold, component), _distinct(pred, component)
        matrices = {
            "exact": _exact(gold_spans, pred_spans, text),
            "overlap": _overlaps(gold_spans, pred_spans),
        }
        scores[component] = {
            match: Score(_matched(matrices[match]), len(gold_spans), len(pred_spans)) for match in MATCHES
        }
    return scores


def _agree(gold: Sequence[Attribution], pred: Sequence[Attribution], component: str) -> np.ndarray:
    """``[i, j]`` is True when the component overlaps or both attributions lack it."""
    gold_spans = [getattr(a, component) for a in gold]
    pred_spans = [getattr(a, component) for a in pred]
    gold_empty = np.array([not spans for spans in gold_spans], dtype=bool)
    pred_empty = np.array([not spans for spans in pred_spans], dtype=bool)
    return _overlaps(gold_spans, pred_spans) | (gold_empty[:, None] & pred_empty[None, :])


def _attribution_score(gold: Sequence[Attribution], pred: Sequence[Attribution]) -> Score:
    """Attribution-level score of one document."""
    matrix = _agree(gold, pred, "cue") & _agree(gold, pred, "content") & _agree(gold, pred, "source")
    return Score(_matched(matrix), len(gold), len(pred))


def _check_documents(
    gold: Mapping[str, Sequence[Attribution]],
    pred: Mapping[str, Sequence[Attribution]],
    texts: Mapping[str, str],
) -> None:
    """Raise unless every prediction has gold and every gold document has text."""
    extra = sorted(set(pred) - set(gold))
    if extra:
        raise DataError(
            "N248",
            f"Predictions for {len(extra)} document(s) not in gold: {', '.join(extra[:5])}.",
            "Score predictions against the gold split they were made on, or drop those documents.",
        )
    require_texts(gold, texts, "N247", "Pass every gold document's text in `texts`, keyed by doc id.", "gold document(s)")


def _check_bounds(doc_id: str, attributions: Sequence[Attribution], text: str, which: str) -> None:
    """Raise if a span of `attributions` ends after the end of `text`."""
    outside = past_end(attributions, text)
    if outside is not None:
        raise DataError(
            "N249",
            f"{which} attribution {outside.attribution_id} of {doc_id} ends at {outside.span[1]}, "
            f"after the end of its text ({len(text)} characters).",
            "Check that predictions and gold were made on the same texts.",
        )


def evaluate(
    gold: Mapping[str, Sequence[Attribution]],
    pred: Mapping[str, Sequence[Attribution]],
    texts: Mapping[str, str],
) -> EvaluationResult:
    """Score predicted attributions against gold ones.

    Parameters
    ----------
    gold
        Gold attributions by doc id (e.g. from
        :func:`~narratives.attribution.brat.read_brat_dir`).
    pred
        Predicted attributions by doc id. A gold document missing here
        counts as a document where nothing was predicted.
    texts
        Each gold document's text (exact matching trims against it).

    Returns
    -------
    EvaluationResult
        Micro-averaged component and attribution scores.

    Raises
    ------
    DataError
        ``N248`` if `pred` has documents not in `gold`, ``N247`` if a gold
        document has no text, ``N249`` if a span lies past its text.

    Examples
    --------
    >>> from narratives.attribution.records import Attribution
    >>> text = "Officials said the road was closed."
    >>> said = Attribution("d", "E1", cue=((10, 14),), source=((0, 9),), content=((15, 34),))
    >>> result = evaluate({"d": [said]}, {"d": [said]}, {"d": text})
    >>> result.to_dict()["attribution"]["f1"]
    1.0
    """
    _check_documents(gold, pred, texts)
    components = {component: {match: Score() for match in MATCHES} for component in COMPONENTS}
    attribution = Score()
    for doc_id, gold_doc in gold.items():
        pred_doc = pred.get(doc_id, ())
        text = texts[doc_id]
        _check_bounds(doc_id, gold_doc, text, "Gold")
        _check_bounds(doc_id, pred_doc, text, "Predicted")
        for component, scores in _component_scores(gold_doc, pred_doc, text).items():
            for match, score in scores.items():
                components[component][match] += score
        attribution += _attribution_score(gold_doc, pred_doc)
    return EvaluationResult(components, attribution)


__all__ = ["COMPONENTS", "MATCHES", "EvaluationResult", "Score", "evaluate", "trim"]
