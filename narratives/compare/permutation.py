"""Permutation tests that respect documents, on per-document counts.

Two schemes, chosen by how the grouping relates to documents:

``"within"`` (the grouping varies inside documents, as a statement's side does)
    H0: inside each document, the group labels of its statements are
    exchangeable - a statement's group says nothing about whether it carries
    the measure, once we know which article it is in. Labels are shuffled
    among the statements of each document, so every document keeps its own
    number of statements per group and its own number carrying the measure.
    The test therefore cannot be fooled by articles (or outlets) that both
    quote one side more and use a cue more; documents that hold only one of
    the two groups carry no information and are left fixed. Under any such
    shuffle the number of group-a statements carrying the measure in
    document ``d`` is hypergeometric, independently across documents, so
    the null distribution is drawn directly from per-document hypergeometric
    counts instead of shuffling rows (the same distribution, exactly). The
    test is conditional on the documents at hand: it asks whether, inside
    these articles, a statement's group goes with its framing.

``"documents"`` (each document belongs to one group, as with outlet or date window)
    H0: the documents' group labels are exchangeable - which group an
    article belongs to says nothing about how its statements are framed.
    Whole documents are reassigned to groups, keeping each group's number of
    documents.

The statistic is a difference in rates between the two groups (group a
minus group b): for ``"within"``, the Mantel-Haenszel within-document rate
difference (:func:`~narratives.compare.effects.mantel_haenszel_difference`),
whose numerator is the observed minus expected number of group-a statements
carrying the measure, summed over documents - the statistic of the
stratified (Cochran-Mantel-Haenszel) test, with mean 0 under H0; for
``"documents"``, the pooled difference (statements pooled within each
group). The two-sided p-value counts permuted statistics at least as far
from 0 as the observed one, with the +1 of Phipson & Smyth (2010), so it is
never 0 and the test is exact at any number of permutations. Each measure's
null distribution is drawn on its own (its marginal permutation
distribution, all a per-measure p-value needs), so two measures that mirror
each other - the two levels of a two-level category - can show slightly
different Monte Carlo p-values.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import sparse

from narratives.compare.bootstrap import MAX_CELLS
from narratives.compare.effects import mantel_haenszel_parts, rate_difference, rates

Scheme = Literal["auto", "within", "documents"]

TOLERANCE = 1e-9
"""Slack when comparing permuted and observed statistics (float ties count as ties)."""


@dataclass(frozen=True)
class PermutationResult:
    """A document-respecting permutation test of two groups, per measure.

    Attributes
    ----------
    statistic
        ``(K,)`` the rate difference tested, group a minus group b: the
        within-document (Mantel-Haenszel) difference for ``"within"``, the
        pooled difference for ``"documents"``.
    p_value
        ``(K,)`` two-sided permutation p-values; NaN when the scheme has
        nothing to permute (fewer than two documents, or a group without
        documents).
    scheme
        ``"within"`` or ``"documents"``.
    n_permutations
        Number of permutations drawn.
    informative_documents
        Documents whose shuffling can change the statistic: those holding
        both groups (``"within"``), or all documents (``"documents"``).
    """

    statistic: np.ndarray
    p_value: np.ndarray
    scheme: str
    n_permutations: int
    informative_documents: int


def resolve_scheme(statements: np.ndarray, scheme: Scheme = "auto") -> str:
    """``"documents"`` when no document holds both groups, else ``"within"`` (for ``"auto"``)."""
    if scheme != "auto":
        return scheme
    return "within" if ((statements > 0).sum(axis=1) > 1).any() else "documents"


def permutation_test(
    statements: np.ndarray,
    positives: np.ndarray,
    n_permutations: int,
    rng: np.random.Generator,
    scheme: Scheme = "auto",
) -> PermutationResult:
    """Test whether two groups' rates differ, permuting within or between documents.

    Parameters
    ----------
    statements
        ``(D, 2)`` statement counts per document for groups a and b.
    positives
        ``(D, 2, K)`` counts of those statements that carry each measure.
    n_permutations
        Number of random permutations R.
    rng
        The random generator (seeded by the caller).
    scheme
        ``"within"``, ``"documents"`` or ``"auto"`` (see the module
        docstring for each null hypothesis; ``"auto"`` picks ``"documents"``
        when every document holds a single group, ``"within"`` otherwise).

    Returns
    -------
    PermutationResult
    """
    if n_permutations < 1:
        raise ValueError("n_permutations must be at least 1")
    scheme = resolve_scheme(statements, scheme)
    if scheme == "within":
        return _within_documents(statements, positives, n_permutations, rng)
    if scheme == "documents":
        return _between_documents(statements, positives, n_permutations, rng)
    raise ValueError(f"unknown permutation scheme {scheme!r}: use 'auto', 'within' or 'documents'")


def _blocks(n_permutations: int, width: int) -> Iterator[int]:
    """Sizes of permutation blocks that keep ``block * width`` under :data:`MAX_CELLS`."""
    step = max(1, MAX_CELLS // max(width, 1))
    for start in range(0, n_permutations, step):
        yield min(step, n_permutations - start)


def _p_values(distance_null: np.ndarray, distance_observed: np.ndarray) -> np.ndarray:
    """``(1 + #{null >= observed}) / (R + 1)`` per column."""
    extreme = (distance_null >= distance_observed - TOLERANCE * np.maximum(1.0, distance_observed)).sum(
        axis=0
    )
    return (1.0 + extreme) / (distance_null.shape[0] + 1.0)


def _within_documents(
    statements: np.ndarray, positives: np.ndarray, n_permutations: int, rng: np.random.Generator
) -> PermutationResult:
    """Stratified permutation: group labels shuffled inside each document."""
    n_a = statements[:, 0]
    size = statements.sum(axis=1)
    carrying = positives.sum(axis=1)  # (D, K) statements of either group with the measure
    excess, weight = mantel_haenszel_parts(statements, positives)
    observed = excess.sum(axis=0)  # observed minus expected count of group-a statements carrying it
    both = weight > 0
    p_value = np.full(len(observed), np.nan)
    if both.any():
        informative = both[:, None] & (carrying > 0) & (carrying < size[:, None])
        doc, measure = np.nonzero(informative)
        good, bad, drawn = carrying[doc, measure], size[doc] - carrying[doc, measure], n_a[doc]
        expected = n_a[doc] * good / size[doc]
        to_measure = sparse.csr_matrix(
            (np.ones(len(doc)), (np.arange(len(doc)), measure)), shape=(len(doc), len(observed))
        )
        null = np.vstack(
            [
                (rng.hypergeometric(good, bad, drawn, size=(block, len(doc))) - expected) @ to_measure
                for block in _blocks(n_permutations, len(doc))
            ]
        )
        p_value = _p_values(np.abs(null), np.abs(observed))
    return PermutationResult(
        statistic=rates(observed, weight.sum()),
        p_value=p_value,
        scheme="within",
        n_permutations=n_permutations,
        informative_documents=int(both.sum()),
    )


def _between_documents(
    statements: np.ndarray, positives: np.ndarray, n_permutations: int, rng: np.random.Generator
) -> PermutationResult:
    """Document-level permutation: whole documents reassigned to groups."""
    if ((statements > 0).sum(axis=1) > 1).any():
        raise ValueError("the 'documents' scheme needs every document to hold a single group; use 'within'")
    size = statements.sum(axis=1)
    carrying = positives.sum(axis=1)
    in_a = statements[:, 0] > 0
    n_docs, n_docs_a = len(size), int(in_a.sum())
    observed = rate_difference(
        carrying[in_a].sum(axis=0), size[in_a].sum(), carrying[~in_a].sum(axis=0), size[~in_a].sum()
    )
    if n_docs_a == 0 or n_docs_a == n_docs:
        nan = np.full(carrying.shape[1], np.nan)
        return PermutationResult(observed, nan, "documents", n_permutations, n_docs)
    null = []
    for block in _blocks(n_permutations, n_docs):
        chosen = np.zeros((block, n_docs))
        np.put_along_axis(chosen, rng.random((block, n_docs)).argsort(axis=1)[:, :n_docs_a], 1.0, axis=1)
        c_a, n_a = chosen @ carrying, chosen @ size
        null.append(rate_difference(c_a, n_a[:, None], carrying.sum(axis=0) - c_a, size.sum() - n_a[:, None]))
    return PermutationResult(
        statistic=observed,
        p_value=_p_values(np.abs(np.vstack(null)), np.abs(observed)),
        scheme="documents",
        n_permutations=n_permutations,
        informative_documents=n_docs,
    )
