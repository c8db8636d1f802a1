"""Resolve pronoun and anaphoric sources to the mention they refer to.

"It later claimed ..." after "..., the self-proclaimed republic's Foreign
Ministry said." should be credited to that ministry. This is a small
deterministic sieve (see ``data/coreference.toml`` for the word lists and
the literature): a pronoun takes the nearest earlier mention that agrees
with it in animacy and number, preferring the sources of earlier
attributions; a definite description ("the ministry") takes the nearest
earlier mention with the same head noun. The surface source is kept; the
antecedent goes to ``Attribution.resolved_source``.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from narratives.attribution.features import TokenTable
from narratives.attribution.records import Attribution

RULES_PATH = Path(str(resources.files("narratives") / "data" / "coreference.toml"))
LOOKBACK_SENTENCES = 4
"""How many sentences back a pronoun looks for a mention that is not a source."""

PERSON, NONPERSON, PLURAL, UNKNOWN = "person", "nonperson", "plural", "unknown"
_CONNECTORS = frozenset({"of", "'s", "\u2019s", "-", "and"})


@functools.cache
def _rules() -> dict:
    with RULES_PATH.open("rb") as handle:
        rules = tomllib.load(handle)
    return {
        "person_pronouns": frozenset(rules["pronouns"]["person_singular"]),
        "nonperson_pronouns": frozenset(rules["pronouns"]["nonperson_singular"]),
        "plural_pronouns": frozenset(rules["pronouns"]["plural"]),
        "definite_heads": frozenset(rules["definite"]["heads"]),
        "institution_heads": frozenset(rules["heads"]["institution"]),
        "person_heads": frozenset(rules["heads"]["person"]),
        "titles": frozenset(rules["heads"]["titles"]),
    }


@dataclass(frozen=True, slots=True)
class Mention:
    """A candidate antecedent: character span, first token, kind and head word."""

    start: int
    end: int
    token: int
    kind: str
    head: str


def _token_slice(table: TokenTable, start: int, end: int) -> range:
    first = bisect.bisect_right(table.ends, start)
    stop = bisect.bisect_left(table.starts, end)
    return range(first, max(first, stop))


def _kind(table: TokenTable, tokens: range) -> tuple[str, str]:
    """Kind (person / nonperson / plural / unknown) and head word of a mention."""
    rules = _rules()
    words = [table.words[i] for i in tokens if table.words[i] not in (",", ".")]
    lowers = [w.lower() for w in words]
    if not words:
        return UNKNOWN, ""
    head = lowers[-1]
    if "and" in lowers or head in rules["plural_pronouns"]:
        return PLURAL, head
    if table.tags[tokens[-1]] in ("NNS", "NNPS") and head not in rules["institution_heads"]:
        return PLURAL, head
    if any(w in rules["institution_heads"] for w in lowers):
        return NONPERSON, head
    if any(w in rules["person_heads"] for w in lowers):
        return PERSON, head
    previous = tokens[0] - 1
    if previous >= 0 and table.words[previous].lower().rstrip(".") in rules["titles"]:
        return PERSON, head
    capitalised = [w for w in words if w[:1].isupper()]
    if len(capitalised) >= 2 and len(capitalised) == len(words):
        return PERSON, head
    return UNKNOWN, head


def _name_mentions(table: TokenTable) -> list[Mention]:
    """Runs of capitalised words (joined by of / 's / and), as candidate antecedents."""
    mentions = []
    words, n = table.words, len(table.words)
    sentence_starts = {first for first, _ in table.segmentation.sentence_tokens}
    i = 0
    while i < n:
        word = words[i]
        if word[:1].isupper() and word.isalpha() and not (i in sentence_starts and table.tags[i] not in ("NNP", "NNPS")):
            j = i + 1
            while j < n and (
                (words[j][:1].isupper() and words[j][:1].isalpha())
                or (words[j].lower() in _CONNECTORS and j + 1 < n and words[j + 1][:1].isupper())
            ):
                j += 1
            kind, head = _kind(table, range(i, j))
            mentions.append(Mention(table.starts[i], table.ends[j - 1], i, kind, head))
            i = j
        else:
            i += 1
    return mentions


def _anaphor(table: TokenTable, tokens: range) -> tuple[str, str] | None:
    """``(required kind, head)`` if the source is a pronoun or a bare definite description."""
    rules = _rules()
    words = [table.words[i].lower() for i in tokens]
    if len(words) == 1:
        word = words[0]
        if word in rules["person_pronouns"]:
            return PERSON, word
        if word in rules["nonperson_pronouns"]:
            return NONPERSON, word
        if word in rules["plural_pronouns"]:
            return PLURAL, word
        return None
    if words[0] == "the" and words[-1] in rules["definite_heads"]:
        if not any(table.words[i][:1].isupper() for i in tokens[1:]):
            return "definite", words[-1]
    return None


def _compatible(required: str, head: str, mention: Mention) -> bool:
    if required == "definite":
        return mention.head == head or mention.head.rstrip("s") == head.rstrip("s")
    if mention.kind == UNKNOWN:
        return required in (PERSON, NONPERSON)
    if required == PLURAL:
        return mention.kind in (PLURAL, NONPERSON)
    return mention.kind == required


def resolve_sources(table: TokenTable, attributions: Sequence[Attribution]) -> list[Attribution]:
    """Return the attributions with ``resolved_source`` set for anaphoric sources.

    Sources that name someone are left unresolved (they resolve to
    themselves); anaphors with no compatible earlier mention stay unresolved.
    """
    names: list[Mention] | None = None  # found when the first anaphor needs them
    # Earlier sources, as (mention, resolved span) in order of position.
    sources: list[tuple[Mention, tuple[int, int]]] = []
    order = sorted(range(len(attributions)), key=lambda k: attributions[k].source_span or (1 << 62, 0))
    resolved = list(attributions)
    for k in order:
        attribution = attributions[k]
        span = attribution.source_span
        if span is None:
            continue
        tokens = _token_slice(table, *span)
        if not tokens:
            continue
        anaphor = _anaphor(table, tokens)
        if anaphor is None:
            kind, head = _kind(table, tokens)
            sources.append((Mention(span[0], span[1], tokens[0], kind, head), span))
            continue
        required, head = anaphor
        if names is None:
            names = _name_mentions(table)
            name_starts = [m.start for m in names]
        target = _antecedent(table, tokens[0], span[0], required, head, sources, names, name_starts)
        if target is not None:
            resolved[k] = dataclasses.replace(attribution, resolved_source=target)
            mention_kind = required if required != "definite" else _kind(table, tokens)[0]
            sources.append((Mention(span[0], span[1], tokens[0], mention_kind, head), target))
    return resolved


def _antecedent(
    table: TokenTable,
    token: int,
    start: int,
    required: str,
    head: str,
    sources: list[tuple[Mention, tuple[int, int]]],
    names: list[Mention],
    name_starts: list[int],
) -> tuple[int, int] | None:
    """Nearest compatible earlier source, else nearest compatible earlier name."""
    sentence = table.sentence_of[token]
    for mention, target in reversed(sources):
        if mention.end <= start and _compatible(required, head, mention):
            return target
    earliest = table.segmentation.sentence_bounds[max(0, sentence - LOOKBACK_SENTENCES)][0]
    for index in range(bisect.bisect_left(name_starts, start) - 1, -1, -1):
        mention = names[index]
        if mention.start < earliest:
            break
        if mention.end <= start and _compatible(required, head, mention):
            return mention.start, mention.end
    return None
