"""One person across a document: a source that is only a surname takes the side of that person's fuller mention.

"Antonov said" after "Russia's ambassador to Washington Anatoly Antonov"
is Russia's: :func:`_link_names` gives an unknown source the side the
document gives the person its surname names.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence

import pandas as pd

from narratives import lang
from narratives.sides.model import (
    AMBIGUOUS,
    ANTECEDENT_FACTOR,
    NO_MATCH,
    OTHER_PERSON,
    RULE_CONFIDENCE,
    UNKNOWN,
    SideAssignment,
    _missing,
)
from narratives.sides.profile import Profile
from narratives.sides.words import (
    _CONJUNCTIONS,
    _HONORIFICS,
    _LINK_HEADS,
    _PRONOUNS,
    _STOPWORDS,
    _shared_heads,
)
from narratives.tagging import default_tagger

_NAME_WORD = r"[A-Z](?:[\w'’-]{0,3}\.|[\w'’-]*)"
_NAME_PARTICLES = "|".join(map(re.escape, lang.word_list("source_phrases", "name_particles")))
_NAME_RUN_RE = re.compile(rf"(?<![\w-]){_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|(?:{_NAME_PARTICLES})(?=[ \t]+[A-Z])))*")
"""A run of capitalised words: a name as news text writes it ("Anatoly Antonov", "Davyd Arakhamia")."""

_NAMED_RE = re.compile(r"(?<![\w-])(?:named|called)[ \t]+(?=[A-Z])")
"""A name introduced by the noun phrase before it ("a soldier named Timur")."""

_CLAUSE_BREAK_RE = re.compile(r"[.;:!?()\[\]\n“”\"—–]|--|''")


@functools.lru_cache(maxsize=1 << 16)
def name_key(word: str) -> str:
    """A surname folded so that transliteration variants meet ("Zelenskiy", "Zelensky", "Zelenskyy"; "Pashinian", "Pashinyan")."""
    key = word.lower().replace("’", "'").removesuffix("'s").replace("iy", "y").replace("yy", "y").replace("ia", "ya")
    return key.replace("ii", "i").rstrip("yi") or key


def _noun_phrase_tail(window: str) -> str:
    """The end of ``window`` after its last verb, relative word or non-linking preposition.

    What stands right before a name and may describe it: "...alleges that
    former Ukrainian MP " -> "former Ukrainian MP ".
    """
    words = list(re.finditer(r"\S+", window))
    tags = default_tagger().tag([w.group().strip(",") or "," for w in words])
    cut = 0
    for word, tag in zip(words, tags):
        low = word.group().lower().strip(",")
        if (
            tag.startswith(("VB", "WDT", "WP", "MD"))
            or low in _STOPWORDS
            or low in _CONJUNCTIONS
            or low == "with"
            or (tag == "IN" and low not in _LINK_HEADS)
        ):
            cut = word.end()
    return window[cut:]


def _described_before(text: str, position: int) -> str:
    """The words that may describe what stands at ``position``: the noun phrase ending there in its clause."""
    window = text[max(0, position - 120) : position]
    cut = max((m.end() for m in _CLAUSE_BREAK_RE.finditer(window)), default=0)
    return _noun_phrase_tail(window[cut:])


def _is_noun_phrase(phrase: str) -> bool:
    """Whether ``phrase`` has no finite verb or modal (a source span that ran into a clause has one)."""
    tags = default_tagger().tag(phrase.split())
    return not any(tag in ("VBD", "VBZ", "VBP", "MD") for tag in tags)


def _names_of(runs: Sequence[str]) -> list[str]:
    """Name keys of the capitalised ``runs`` of two words or more (their last word, the surname)."""
    keys = []
    for run in runs:
        words = [w for w in run.split() if w.lower().rstrip(".") not in _HONORIFICS]
        if len(words) >= 2 and _may_be_surname(words[-1]):
            keys.append(name_key(words[-1]))
    return keys


def _surname_of(phrase: str) -> str | None:
    """The name key of a source that is one person's surname or ends in it ("Antonov", "the diplomat Antonov").

    Not a phrase that only mentions a name ("North Korea's nuclear ambitions") or names two people.
    """
    stripped = phrase.split(",")[0].strip().rstrip(".;:")  # the name before an apposition or a relative clause
    runs = list(_NAME_RUN_RE.finditer(stripped))
    if not runs or runs[-1].end() != len(stripped) or _CONJUNCTIONS & {w.lower() for w in stripped.split()}:
        return None
    last = runs[-1].group().split()[-1]
    if last.lower() in _PRONOUNS or last.endswith(("'s", "’s", "'", "’")) or not _may_be_surname(last):
        return None
    return name_key(last)


def _may_be_surname(word: str) -> bool:
    """Whether ``word`` may be a person's surname: not a title or head noun ("Minister"), not a plural ("Republicans")."""
    low = word.lower().rstrip(".")
    return low not in _HONORIFICS and low not in _shared_heads()[0] and default_tagger().tag([low])[0] != "NNS"


def _document_names(
    text: str,
    profile: Profile,
    assignments: Sequence[tuple[str, SideAssignment]],
    wanted: set[str],
    blocked: frozenset[str],
) -> dict[str, SideAssignment]:
    """The people a document places: name key -> the side of their fullest mention.

    From the sources (or antecedents) the first pass gave a side, and from
    every two-word name in the text read with the words before it in its
    clause ("Ukrainian Deputy Prime Minister Olha Stefanishyna", "Russia's
    ambassador to Washington Anatoly Antonov"), or a name introduced by a
    noun phrase ("an HIV-positive Russian soldier named Timur"). A name
    placed on two sides is dropped. Only the ``wanted`` name keys are
    looked for.
    """
    found: dict[str, dict[tuple[str | None, str], None]] = {}  # insertion-ordered, so the actor chosen is stable

    def place(key: str, assignment: SideAssignment) -> None:
        found.setdefault(key, {})[(assignment.actor, assignment.side)] = None

    for phrase, assignment in assignments:
        if assignment.side in (UNKNOWN, AMBIGUOUS):
            continue
        head = phrase.split(",")[0]
        keys = [key for key in _names_of(_NAME_RUN_RE.findall(head)[-1:]) if key in wanted]
        # a placed source that is a noun phrase: "Russia's ambassador Anatoly Antonov", not "Trump told Ed Schultz"
        if keys and _is_noun_phrase(head):
            for key in keys:
                place(key, assignment)
    for match in _NAME_RUN_RE.finditer(text):
        words = match.group().split()
        if name_key(words[-1]) not in wanted:
            continue
        named = _NAMED_RE.search(text, max(0, match.start() - 8), match.start() + 1)
        named = named if named is not None and named.end() == match.start() else None
        if (len(words) < 2 and not named) or not _may_be_surname(words[-1]):
            continue
        if named:  # "an HIV-positive Russian soldier named Timur": the noun phrase before "named"
            phrase = _described_before(text, named.start()).split(",")[-1].strip()
        else:
            phrase = (_described_before(text, match.start()) + match.group()).strip(" ,")
        assignment = profile.resolve(phrase, blocked)
        if assignment.side not in (UNKNOWN, AMBIGUOUS):
            place(name_key(words[-1]), assignment)
    return {
        key: SideAssignment(actor, side, "", None)
        for key, places in found.items()
        if key in wanted and len({side for _, side in places}) == 1
        for actor, side in [next(iter(places))]
    }


def _link_names(
    table: pd.DataFrame,
    assignments: list[SideAssignment],
    texts: Mapping[str, str],
    profile: Profile,
    blocked: Mapping[str, frozenset[str]],
) -> None:
    """Give an unknown source the side of the person its surname names elsewhere in the document (in place)."""
    mention = table["resolved_text"].where(table["resolved_text"].notna(), table["source_text"]).tolist()
    for doc_id, positional in table.groupby("doc_id", sort=False).indices.items():
        rows = [int(i) for i in positional]
        open_rows = [
            i for i in rows
            if assignments[i].side == UNKNOWN and not _missing(mention[i]) and assignments[i].rule.split(":")[-1] in (NO_MATCH, OTHER_PERSON)
        ]
        if not open_rows:
            continue
        keys = {i: _surname_of(mention[i]) for i in open_rows}
        wanted = {key for key in keys.values() if key}
        if not wanted:
            continue
        named = [(mention[i], assignments[i]) for i in rows if not _missing(mention[i])]
        names = _document_names(texts[doc_id], profile, named, wanted, blocked[doc_id])
        for i in open_rows:
            key = keys[i]
            if key in names:
                linked = names[key]
                prefix = "antecedent:" if assignments[i].rule.startswith("antecedent:") else ""
                confidence = round(RULE_CONFIDENCE["surname"] * ANTECEDENT_FACTOR, 3)
                assignments[i] = SideAssignment(linked.actor, linked.side, prefix + "same person", confidence)
