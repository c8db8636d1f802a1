"""Finding a profile's listed mentions in text: one pattern per alias, all aliases matched at once.

:func:`alias_pattern` turns an alias ("the Kremlin", "Both sides") into the
regular expression that finds it; :class:`_Matcher` finds every listed
mention of a profile, leftmost-longest; :func:`_tokens` splits the rest of a
source phrase into the tokens the phrase reader reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from narratives.lazy import without_collection
from narratives.sides.model import Actor
from narratives.sides.words import _QUOTES

_TOKEN_RE = re.compile(r"[’']s(?!\w)|\w+(?:(?:[.&\-]|[’'](?!s(?!\w)))\w+)*\.?|--|[^\w\s]")


@dataclass(frozen=True, slots=True)
class _Alias:
    """One listed mention: its text, its form (``names``, ``surnames``...) and its actor."""

    text: str
    form: str
    actor: Actor


def _word_pattern(word: str) -> str:
    """Regex for one word of an alias: exact (or ALL CAPS) if it has a capital, any case otherwise."""
    escaped = re.sub(r"['’]", "['’]", re.escape(word))
    if word.lower() == word:
        return f"(?i:{escaped})"
    upper = re.sub(r"['’]", "['’]", re.escape(word.upper()))
    return escaped if upper == escaped else f"(?:{escaped}|{upper})"


def alias_pattern(alias: str) -> str:
    """Return the regular expression that matches ``alias`` in text.

    Words with a capital letter match as written or in capitals (debate
    transcripts write "PENCE:"); lower-case words match in any case ("Both
    sides"); a leading "the" is left out, so "the Kremlin" also matches
    "Kremlin officials"; words may be separated by any white space;
    straight and curly apostrophes are interchangeable.

    Examples
    --------
    >>> bool(re.fullmatch(alias_pattern("both sides"), "Both sides"))
    True
    >>> bool(re.fullmatch(alias_pattern("the Kremlin"), "Kremlin"))
    True
    >>> bool(re.fullmatch(alias_pattern("US"), "us"))
    False
    """
    return r"\s+".join(_word_pattern(word) for word in _without_article(alias).split())


def _without_article(alias: str) -> str:
    words = alias.split()
    return " ".join(words[1:] if len(words) > 1 and words[0].lower() == "the" else words)


@dataclass(frozen=True)
class _Matcher:
    """Every alias, longest first, on word boundaries, in one alternation per prefix.

    Aliases are grouped by their first (up to three) letters, lower-cased
    (:func:`_prefix`); :meth:`finditer` tries, at each word start, only the
    groups whose prefix the word starts with, and keeps the match that
    comes first in the longest-first order. This finds the same matches as
    one alternation of every alias, without trying hundreds of
    alternatives at every word.
    """

    groups: dict[str, tuple[str, ...]]
    """Each prefix's aliases (keys of :attr:`aliases`), longest first: compiled into one alternation when a text
    first has a word with the prefix (:meth:`_group`)."""
    aliases: dict[str, _Alias]
    starts: re.Pattern[str]
    """Word starts of a lower-cased text that begin with a group's prefix."""
    compiled: dict[str, re.Pattern[str]] = field(default_factory=dict, compare=False, repr=False)
    """The groups compiled so far (a profile has thousands; one article meets a few)."""

    @classmethod
    @without_collection
    def build(cls, actors: Sequence[Actor]) -> _Matcher:
        entries = [_Alias(text, form, actor) for actor in actors for form, text in actor.mentions()]
        entries.sort(key=lambda alias: (-len(alias.text), alias.text))
        aliases = {f"a{index}": alias for index, alias in enumerate(entries)}
        by_prefix: dict[str, list[str]] = {}
        for group, alias in aliases.items():
            by_prefix.setdefault(_prefix(_without_article(alias.text)), []).append(group)
        groups = {prefix: tuple(members) for prefix, members in by_prefix.items()}
        heads = "|".join(_prefix_pattern(prefix) for prefix in sorted(groups, key=len, reverse=True)) or "(?!)"
        return cls(groups, aliases, re.compile(rf"(?<![\w-])(?=\w)(?={heads})"))

    def _candidates(self, text: str) -> Iterator[int]:
        """Word starts where some group may match: found in the lower-cased text when that keeps offsets."""
        lowered = text.lower()
        if len(lowered) != len(text):
            return _word_starts(text)
        return map(re.Match.start, self.starts.finditer(lowered))

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Every listed mention in ``text``, leftmost-longest, without overlaps."""
        end = 0
        groups, compiled = self.groups, self.compiled
        for start in self._candidates(text):
            if start < end:
                continue
            head = _prefix(text[start : start + 3])
            candidates = [compiled.get(key) or self._group(key) for key in (head, head[:2], head[:1]) if key in groups]
            if not candidates:
                continue
            matches = [m for m in (pattern.match(text, start) for pattern in candidates) if m]
            if matches:
                match = min(matches, key=lambda m: int(m.lastgroup[1:]))
                end = match.end()
                yield match

    def _group(self, prefix: str) -> re.Pattern[str]:
        """The compiled alternation of the aliases with ``prefix``."""
        alternatives = "|".join(f"(?P<{group}>{alias_pattern(self.aliases[group].text)})" for group in self.groups[prefix])
        pattern = self.compiled[prefix] = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")
        return pattern

    def items(self, text: str) -> list[_Item]:
        """Split ``text`` into listed mentions and plain tokens (quotes dropped)."""
        items: list[_Item] = []
        position = 0
        for match in self.finditer(text):
            items += _tokens(text[position : match.start()])
            items.append(_Item(match.group(), self.aliases[match.lastgroup]))
            position = match.end()
        return items + _tokens(text[position:])


_WORD_START_RE = re.compile(r"(?<![\w-])\w")


def _word_starts(text: str) -> Iterator[int]:
    return map(re.Match.start, _WORD_START_RE.finditer(text))


def _prefix_pattern(prefix: str) -> str:
    """A case-sensitive regex for lower-cased text whose :func:`_prefix` starts with ``prefix``."""
    return "".join("['’]" if c == "'" else r"\s" if c == " " else re.escape(c) for c in prefix)


def _prefix(word: str) -> str:
    """The first three characters, lower-cased, with curly apostrophes and white space made plain."""
    head = word[:3].lower().replace("’", "'")
    return head if head.isprintable() else _SPACE_RE.sub(" ", head)


_SPACE_RE = re.compile(r"\s")


@dataclass(frozen=True, slots=True)
class _Item:
    """A token of a source phrase, or a whole listed mention (``alias`` set)."""

    text: str
    alias: _Alias | None = None

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def _tokens(text: str) -> list[_Item]:
    return [_Item(token) for token in _TOKEN_RE.findall(text) if token not in _QUOTES]


def _alias_key(text: str, case: bool = False) -> str:
    """What two aliases must differ in: not apostrophes or a leading "the"; case only if ``case``."""
    key = _without_article(text).replace("’", "'")
    return key if case else key.casefold()
