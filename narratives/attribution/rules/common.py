"""What the attribution rules share: the rules file, a rule's cue, token and paragraph look-ups, state names."""

from __future__ import annotations

import functools
import tomllib
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from narratives.tokens import TokenTable
from narratives.words import count_words

RULES_PATH = Path(str(resources.files("narratives") / "data" / "attribution_rules.toml"))
HEADLINE_PARAGRAPHS = 3
"""Paragraphs at the top of a page that can be its headline (a title, often repeated, and a standfirst)."""


@functools.cache
def rules() -> dict:
    """The rules file, parsed (``data/attribution_rules.toml``)."""
    with RULES_PATH.open("rb") as handle:
        return tomllib.load(handle)


class RuleCue(NamedTuple):
    """A cue found by a rule: tokens ``[first, stop)``, the rule's name and the source's tokens, if the rule knows them."""

    first: int
    stop: int
    rule: str
    source: tuple[int, int] | None = None
    impersonal: bool = False
    """The cue names no source ("it is believed"): any source the span model found is dropped."""


def noun_phrase_before(table: TokenTable, stop: int, floor: int) -> int:
    """First token of the noun phrase ending just before token ``stop`` (not before ``floor``)."""
    k = stop
    while k > floor:
        tag, word = table.tags[k - 1], table.words[k - 1]
        if tag[:2] in ("NN", "JJ", "CD") or tag == "DT" or (tag == "POS" and k - 1 > floor and k < stop) or (word[:1].isupper() and tag[:2] not in ("VB", "MD", "IN", "CC", "PR", "WD", "WP")):
            k -= 1
            continue
        break
    while k < stop and table.tags[k] == "POS":
        k += 1
    return k


def headline_paragraphs(table: TokenTable) -> list[int]:
    """The first :data:`HEADLINE_PARAGRAPHS` paragraphs that are short lines (a headline, a title repeated, a standfirst)."""
    limit = rules()["signatures"]["headline_words"]
    bounds = table.segmentation.paragraph_bounds
    return [p for p in range(min(HEADLINE_PARAGRAPHS, len(bounds))) if count_words(table.text[slice(*bounds[p])]) <= limit]


def paragraph_tokens(table: TokenTable, paragraph: int) -> range:
    bounds = table.segmentation.paragraph_bounds[paragraph]
    import bisect

    return range(bisect.bisect_left(table.starts, bounds[0]), bisect.bisect_left(table.starts, bounds[1]))


def tokens_in(table: TokenTable, span: tuple[int, int]) -> list[int]:
    import bisect

    first = bisect.bisect_left(table.starts, span[0])
    stop = bisect.bisect_right(table.ends, span[1])
    return list(range(first, max(first, stop)))


@functools.cache
def _state_names() -> tuple[frozenset[str], frozenset[str]]:
    """Names of states, their bodies and capitals, and of international institutions (shipped world knowledge; as written, without a leading "the"), and the rules file's generic ones (lower case)."""
    from narratives.world import world_entries

    names = {text.removeprefix("the ") for entry in world_entries() if entry.kind in ("state", "institution") for form, text in entry.mentions if form in ("names", "capitals")}
    generic = {name.lower().removeprefix("the ") for name in rules()["state_actions"]["generic_subjects"]}
    return frozenset(names), frozenset(generic)


def is_state(source: str) -> bool:
    """Whether a source names a state ("Russia", "the Kremlin", "The EU", "the government"); acronyms keep their case ("WHO", not "who")."""
    bare = source.removeprefix("the ").removeprefix("The ")
    names, generic = _state_names()
    return bare in names or bare.lower() in generic
