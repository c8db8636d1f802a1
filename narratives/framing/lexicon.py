"""The framing lexicons: our own word lists, read from ``data/lexicons/*.toml``.

Every category carries its documentation (definition, effect on the reader,
literature) next to its entries, so the legend a report prints and the
matcher that finds the hits come from the same file. See
``docs/framing.md`` for the categories.

Entries are expanded into surface forms here (verb inflections, noun
plurals, phrasal verbs with the verb inflected), and each family of
categories is compiled into one regular expression, so a document is scanned
once per family, not once per word.

Error code raised here: ``N270`` (a lexicon file that cannot be read or
lacks a category's documentation).
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from narratives.errors import DataError
from narratives.lazy import loaded_once

LEXICON_DIR = Path(str(resources.files("narratives") / "data" / "lexicons"))
LEXICON_FILES = ("reporting_verbs", "hedges", "labels", "loaded", "violence")


OTHER_STANCE = "other"
"""What :func:`stance_of` returns for a cue that is in none of the categories."""

# A whole-word match: no word character or hyphen on either side, so that
# "called" is not found inside "so-called" nor "regime" inside "pro-regime".
LEFT = r"(?<![\w\-])"
RIGHT = r"(?![\w\-])"


@dataclass(frozen=True)
class Category:
    """One lexicon category and its documentation."""

    name: str
    family: str
    label: str
    definition: str
    effect: str
    literature: tuple[str, ...]
    source_file: str
    forms: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """surface form (lower case, single spaces) -> lexicon entry (lemma)."""
    patterns: tuple[tuple[str, str], ...] = ()
    """(entry, regex) pairs for cues that need context."""
    other_senses: tuple[tuple[str, str], ...] = ()
    """(name, regex) pairs of contexts in which a listed word has another sense: a hit inside such a match is dropped."""

    def doc(self) -> str:
        """The category's documentation as Markdown (for a report's legend)."""
        refs = "\n".join(f"  - {ref}" for ref in self.literature)
        return (
            f"**{self.label}** (`{self.name}`, family `{self.family}`)\n\n"
            f"- *Measures:* {self.definition}\n"
            f"- *Why it matters:* {self.effect}\n"
            f"- *Sources:*\n{refs}\n"
        )


# ---------------------------------------------------------------- inflection


def _doubled(lemma: str) -> str | None:
    """The lemma with its final consonant doubled, for CVC endings (admit -> admitt)."""
    if len(lemma) >= 3 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
        return lemma + lemma[-1]
    return None


def verb_forms(lemma: str, irregular: dict[str, list[str]] | None = None) -> set[str]:
    """Every inflection of a verb: the lemma, -s, -ing and -ed forms (over-generated).

    Over-generation is harmless ("admited" never occurs in text) and lets
    one rule cover doubling ("admitted") and its absence ("visited").

    >>> sorted(verb_forms("deny"))
    ['denied', 'denies', 'deny', 'denying']
    >>> "admitted" in verb_forms("admit")
    True
    """
    forms = {lemma}
    if lemma.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(lemma + "es")
    elif lemma.endswith("y") and lemma[-2:-1] not in tuple("aeiou"):
        forms.add(lemma[:-1] + "ies")
    else:
        forms.add(lemma + "s")
    if lemma.endswith("ie"):
        forms.add(lemma[:-2] + "ying")
    elif lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")):
        forms.add(lemma[:-1] + "ing")
    else:
        forms.add(lemma + "ing")
    if lemma.endswith("e"):
        forms.add(lemma + "d")
    elif lemma.endswith("y") and lemma[-2:-1] not in tuple("aeiou"):
        forms.add(lemma[:-1] + "ied")
    else:
        forms.add(lemma + "ed")
    doubled = _doubled(lemma)
    if doubled:
        forms.update({doubled + "ing", doubled + "ed"})
    forms.update((irregular or {}).get(lemma, ()))
    return forms


def noun_forms(noun: str) -> set[str]:
    """A noun in the singular and the plural (henchman -> henchmen)."""
    if noun.endswith("man"):
        return {noun, noun[:-3] + "men"}
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return {noun, noun + "es"}
    if noun.endswith("y") and noun[-2:-1] not in tuple("aeiou"):
        return {noun, noun[:-1] + "ies"}
    return {noun, noun + "s"}


def normalise(text: str) -> str:
    """Lower case with runs of white space as one space, curly apostrophes straight."""
    return " ".join(text.replace("\u2019", "'").lower().split())


# ---------------------------------------------------------------- loading


def _read(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DataError("N270", f"Cannot read the lexicon {path}: {error}.", "Reinstall narratives or fix the file.") from error


def _category(name: str, table: dict, irregular: dict, source: str) -> Category:
    forms: dict[str, str] = {}
    for verb in table.get("verbs", ()):
        for form in verb_forms(verb, irregular):
            forms.setdefault(form, verb)
    for phrase in table.get("phrases", ()):
        head, _, rest = phrase.partition(" ")
        for form in verb_forms(head, irregular):
            forms.setdefault(normalise(f"{form} {rest}"), phrase)
    for noun in table.get("nouns", ()):
        for form in noun_forms(noun.lower()):
            forms.setdefault(form, noun.lower())
    for word in table.get("words", ()):
        forms.setdefault(normalise(word), normalise(word))
    patterns = tuple((p["entry"], p["regex"]) for p in table.get("patterns", ()))
    other_senses = tuple((p["entry"], p["regex"]) for p in table.get("other_senses", ()))
    for required in ("family", "label", "definition", "effect", "literature"):
        if required not in table:
            raise DataError("N270", f"Lexicon category {name!r} in {source} lacks {required!r}.", "Every category needs a documented header.")
    return Category(
        name=name,
        family=table["family"],
        label=table["label"],
        definition=" ".join(table["definition"].split()),
        effect=" ".join(table["effect"].split()),
        literature=tuple(table["literature"]),
        source_file=source,
        forms=forms,
        patterns=patterns,
        other_senses=other_senses,
    )


@functools.cache
def lexicon_file(stem: str) -> dict:
    """The raw TOML of one lexicon file (``data/lexicons/<stem>.toml``)."""
    return _read(LEXICON_DIR / f"{stem}.toml")


STANCES: tuple[str, ...] = tuple(lexicon_file("reporting_verbs")["categories"])
"""The reporting-verb stance categories, in the order of the lexicon (``data/lexicons/reporting_verbs.toml``)."""


@functools.cache
def categories() -> dict[str, Category]:
    """Every category of every lexicon file, by name, in file order."""
    found: dict[str, Category] = {}
    for stem in LEXICON_FILES:
        data = lexicon_file(stem)
        irregular = data.get("irregular", {})
        for name, table in data.get("categories", {}).items():
            if name in found:
                raise DataError("N270", f"Lexicon category {name!r} is defined twice.", "Give each category one name.")
            found[name] = _category(name, table, irregular, f"{stem}.toml")
    return found


def category_docs(fmt: str = "dict") -> dict[str, dict] | str:
    """The documentation of every category, from the lexicon headers.

    Parameters
    ----------
    fmt
        ``"dict"`` (default): ``{name: {"label", "family", "definition",
        "effect", "literature"}}``; ``"markdown"``: one Markdown section
        per category, for a report's legend.
    """
    cats = categories()
    if fmt == "markdown":
        return "\n".join(category.doc() for category in cats.values())
    if fmt != "dict":
        raise ValueError(f"fmt must be 'dict' or 'markdown', not {fmt!r}")
    return {
        name: {
            "label": c.label,
            "family": c.family,
            "definition": c.definition,
            "effect": c.effect,
            "literature": list(c.literature),
            "source_file": c.source_file,
        }
        for name, c in cats.items()
    }


def families() -> dict[str, list[str]]:
    """``family -> [category names]``."""
    out: dict[str, list[str]] = {}
    for name, category in categories().items():
        out.setdefault(category.family, []).append(name)
    return out


def _trie_pattern(node: dict) -> str:
    """The regex of a character trie (``""`` marks the end of a form)."""
    ends = "" in node
    branches = []
    for char in sorted(k for k in node if k):
        piece = r"\s+" if char == " " else re.escape(char)
        branches.append(piece + _trie_pattern(node[char]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return "(?:" + body + ")?"
    return body


def alternation(forms) -> str:
    """A regex matching any of the literal forms (a trie, so matching is fast).

    Quantifiers are greedy, so the longest form wins where forms share a
    beginning ("call for" over "call"); a space in a form matches any run
    of white space.

    >>> bool(re.fullmatch(alternation(["call", "call for", "claim"]), "call  for"))
    True
    """
    root: dict = {}
    for form in set(forms):
        node = root
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_pattern(root)


@dataclass(frozen=True)
class CompiledFamily:
    """The regular expressions and look-up table of one family."""

    literal: re.Pattern[str] | None
    lowercase_literal: re.Pattern[str] | None
    """``literal`` without IGNORECASE, for a lower-cased text (several times faster)."""
    lookup: dict[str, tuple[str, str]]
    """normalised surface form -> (category, entry)."""
    patterns: tuple[tuple[re.Pattern[str], str, str], ...]
    """(regex, category, entry)."""
    pattern_starts: re.Pattern[str] | None
    """Matches (empty) where any of ``patterns`` matches: one scan of a text instead of one per pattern.
    None when a pattern has groups (their names or back-references would clash in one expression)."""
    other_senses: dict[str, re.Pattern[str]] = field(default_factory=dict)
    """category -> one expression of the contexts where its words have another sense (see :meth:`other_sense`)."""
    lowercase_other_senses: dict[str, re.Pattern[str]] = field(default_factory=dict)
    """The :attr:`other_senses` written in lower case, without IGNORECASE, for a lower-cased text."""

    def other_sense(self, text: str, category: str, lowered: str | None = None) -> list[tuple[int, int]]:
        """The spans of ``text`` where the words of ``category`` have another sense ("lies inside", "Amnesty International").

        ``lowered``: ``text.lower()``, when it has the same length (faster).
        """
        regex = self.lowercase_other_senses.get(category) if lowered is not None else None
        if regex is not None:
            return [match.span() for match in regex.finditer(lowered)]
        regex = self.other_senses.get(category)
        return [match.span() for match in regex.finditer(text)] if regex is not None else []

    def pattern_matches(self, text: str) -> Iterator[tuple[re.Match[str], str, str]]:
        """``(match, category, entry)`` of every pattern, as each pattern's own ``finditer`` gives them.

        Each pattern is tried only where :attr:`pattern_starts` found that
        some pattern matches, and (as ``finditer`` does) not before the end
        of its own previous match.
        """
        if self.pattern_starts is None:
            for regex, category, entry in self.patterns:
                yield from ((match, category, entry) for match in regex.finditer(text))
            return
        ends = [0] * len(self.patterns)
        for start in self.pattern_starts.finditer(text):
            position = start.start()
            for k, (regex, category, entry) in enumerate(self.patterns):
                if position >= ends[k] and (match := regex.match(text, position)):
                    ends[k] = match.end()
                    yield match, category, entry


@loaded_once
def compiled(family: str, only: tuple[str, ...] | None = None) -> CompiledFamily:
    """The compiled matcher of one family (optionally of some of its categories)."""
    lookup: dict[str, tuple[str, str]] = {}
    patterns = []
    bodies = []
    other_senses, lowercase_other_senses = {}, {}
    for name, category in categories().items():
        if category.family != family or (only is not None and name not in only):
            continue
        if category.other_senses:
            source = LEFT + "(?:" + "|".join(f"(?:{regex})" for _, regex in category.other_senses) + ")" + RIGHT
            other_senses[name] = re.compile(source, re.IGNORECASE)
            if _written_in_lower_case(source):
                lowercase_other_senses[name] = re.compile(source)
        for form, entry in category.forms.items():
            lookup.setdefault(form, (name, entry))
        for entry, regex in category.patterns:
            bodies.append("(?:" + regex + ")" + RIGHT)
            patterns.append((re.compile(LEFT + bodies[-1], re.IGNORECASE), name, entry))
    forms = LEFT + "(?:" + alternation(lookup) + ")" + RIGHT
    return CompiledFamily(
        re.compile(forms, re.IGNORECASE) if lookup else None,
        re.compile(forms) if lookup else None,
        lookup,
        tuple(patterns),
        re.compile(LEFT + "(?=" + "|".join(bodies) + ")", re.IGNORECASE) if bodies and not any(p.groups for p, _, _ in patterns) else None,
        other_senses,
        lowercase_other_senses,
    )


def _written_in_lower_case(source: str) -> bool:
    """Whether a regular expression matches a lower-cased text without IGNORECASE as it matches the text with it.

    True when no letter outside an escape (``\\s``, ``\\W``...) is upper case
    and no inline flag (``(?-i:...)``) changes case sensitivity.
    """
    return "(?-" not in source and "(?i" not in source and not any(c.isupper() for c in re.sub(r"\\.", "", source))


# ---------------------------------------------------------------- stance


@functools.cache
def _stance_matcher() -> CompiledFamily:
    return compiled("stance")


@functools.cache
def stance_of(cue: str | None) -> str:
    """The stance category of a reporting cue, from its text or its lemma.

    The cue may be a single verb in any inflection ("insisted"), a lemma
    ("insist"), a phrasal form ("called for", "pointed out", "according
    to") or a longer cue as the attribution model returns it ("later
    claimed", "has denied allegations", "told journalists"): the first
    lexicon form found in it decides, longer phrasal forms first.

    Returns
    -------
    str
        One of :data:`STANCES`, or ``"other"`` when no form is found.

    >>> stance_of("claimed"), stance_of("called for"), stance_of("told journalists")
    ('distancing', 'appeal', 'neutral')
    >>> stance_of("later claim"), stance_of("banana")
    ('distancing', 'other')
    """
    if not cue or not isinstance(cue, str):
        return OTHER_STANCE
    matcher = _stance_matcher()
    text = normalise(cue)
    match = matcher.literal.search(text) if matcher.literal else None
    if match is None:
        return OTHER_STANCE
    return matcher.lookup[normalise(match.group(0))][0]


__all__ = [
    "Category",
    "LEXICON_DIR",
    "OTHER_STANCE",
    "STANCES",
    "categories",
    "category_docs",
    "compiled",
    "families",
    "noun_forms",
    "stance_of",
    "verb_forms",
]
