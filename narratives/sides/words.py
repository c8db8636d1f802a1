"""The words and marks by which sides read a source phrase, from ``data/lang/en/``.

Titles, pronouns and words of time (``titles.toml``, ``pronouns.toml``,
``calendar.toml``), the small words of a source's noun phrase
(``source_phrases.toml``) and the head nouns every profile shares
(``heads.toml``).
"""

from __future__ import annotations

from narratives import lang

_LINKS = lang.word_list("source_phrases", "links")
"""Prepositions that tie a head noun to the actor it speaks for ("a spokesman for ...")."""
_LINK_WORDS = tuple(tuple(link.split()) for link in _LINKS)
_LINK_HEADS = frozenset(words[0] for words in _LINK_WORDS)
_STOPWORDS = lang.words("source_phrases", "stopwords")
"""Words that end a source's noun phrase without linking it to an actor (relatives, other prepositions)."""
_CONJUNCTIONS = lang.words("source_phrases", "conjunctions")
_FORMER = lang.words("source_phrases", "former")
_DETERMINERS = lang.words("source_phrases", "determiners")
_POSSESSIVE_PRONOUNS = lang.words("pronouns", "possessive")
_CALENDAR = lang.words("calendar", "days", "months")
_TIME_WORDS = lang.words("calendar")
"""Words of time that end a speaker's noun phrase ("Zelensky yesterday")."""
_GENERIC_MODIFIERS = lang.words("source_phrases", "generic_modifiers")
"""Words set aside before a generic head ("senior officials", "two aides")."""
_HONORIFICS = lang.words("titles")
"""Titles and labels that may stand before a surname without being a given name ("Mr. Trump", "Sen. Sanders", "GOP nominee Trump")."""
_PRONOUNS = lang.words(
    "pronouns", "person_singular", "nonperson_singular", "plural", "first_second", "relative_person",
    "relative_thing", "demonstrative",
)
"""A source that is only one of these names its speaker through its antecedent."""
_POSSESSIVE_MARKS = frozenset({"'s", "’s", "'", "’"})
_BOUNDARIES = frozenset({",", ";", ":", "(", ")", "[", "]", "—", "–", "--", "-"})
_QUOTES = frozenset("\"“”‘’'«»")


def _shared_heads() -> tuple[frozenset[str], frozenset[str]]:
    """The head nouns and generic phrases every profile has (``data/lang/en/heads.toml``)."""
    return lang.words("heads", "affiliated"), lang.words("heads", "generic")
