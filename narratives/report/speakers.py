"""The speaker a worksheet may name: a clean phrase for an attribution's source, or nothing.

A question such as "which verb introduces what the Foreign Ministry said?"
needs a speaker a student can find in the text. :func:`speaker_phrase` gives
it for an attribution whose source is a name, a title or a role noun, or a
pronoun resolved to one ("It said…" is named by what "It" refers to), and
``None`` for a source the attribution stage cut wrongly ("an assertion local
officials", "its part", "The") or a pronoun nothing was resolved to. The
word lists are data: ``data/teaching/speaker_phrases.toml``, with the head
nouns of ``data/lang/en/heads.toml`` and ``data/coreference.toml``.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from narratives import lang
from narratives.attribution.coreference import RULES_PATH
from narratives.attribution.records import Attribution
from narratives.errors import DataError
from narratives.tagging import default_tagger
from narratives.words import NAME_WORD

PHRASES_PATH = Path(str(resources.files("narratives") / "data" / "teaching" / "speaker_phrases.toml"))

_NOT_IN_A_NAME = re.compile(r"[()\[\]\u2014\u2013\"\u201c\u201d\n]|--")


@dataclass(frozen=True)
class SpeakerWords:
    """The word lists of ``speaker_phrases.toml`` and the head nouns a speaker phrase may end with."""

    max_words: int
    cut_after: frozenset[str]
    determiners: frozenset[str]
    function_words: frozenset[str]
    prepositions: frozenset[str]
    heads: frozenset[str]
    pronouns: frozenset[str]
    relatives: frozenset[str]


@functools.cache
def speaker_words() -> SpeakerWords:
    """The lists, read once.

    Raises
    ------
    DataError
        ``N274`` if a file cannot be read or lacks a list.
    """
    try:
        phrases = tomllib.loads(PHRASES_PATH.read_text(encoding="utf-8"))
        coreference = tomllib.loads(RULES_PATH.read_text(encoding="utf-8"))
        nouns = {*lang.words("heads", "affiliated", "generic"), *coreference["definite"]["heads"]}
        nouns.update(*coreference["heads"].values())
        return SpeakerWords(
            int(phrases["max_words"]),
            frozenset(phrases["cut_after"]),
            frozenset(phrases["determiners"]),
            frozenset(phrases["function_words"]),
            frozenset(phrases["prepositions"]),
            frozenset(n.lower() for n in nouns if " " not in n),
            lang.words("pronouns", "person_singular", "nonperson_singular", "plural"),
            lang.words("pronouns", "relative_thing"),
        )
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as err:
        raise DataError("N274", f"cannot read the speaker phrase lists: {err!r}.", "Reinstall narratives or fix the file.", PHRASES_PATH) from err


def _is_head(word: str, words: SpeakerWords) -> bool:
    bare = word.lower().removesuffix("'s").removesuffix("\u2019s")
    return bare in words.heads or bare.removesuffix("s") in words.heads


def _is_name(word: str, words: SpeakerWords) -> bool:
    return word[:1].isupper() and word.lower() not in words.function_words


def _cut(phrase: str, words: SpeakerWords) -> str:
    """The phrase without a relative clause or participle that follows it ("Aliyev, who appeared…" -> "Aliyev")."""
    found = list(NAME_WORD.finditer(phrase))
    for match in found[1:]:
        if match.group(0).lower() in words.cut_after:
            return phrase[: match.start()].rstrip(" ,")
    return phrase.strip(" ,")


def _reads_as_one_phrase(phrase_words: list[str], words: SpeakerWords) -> bool:
    """No verb, no preposition outside ``prepositions``, no common noun running into an adjective or a determiner ("an assertion local officials")."""
    tags = default_tagger().tag(phrase_words)
    for i, (word, tag) in enumerate(zip(phrase_words, tags)):
        if tag.startswith(("VB", "MD")) and word[:1].islower() and not _is_head(word, words):
            return False
        if tag in ("IN", "TO") and word.lower() not in words.prepositions:
            return False
        if tag in ("NN", "NNS") and i + 1 < len(tags) and tags[i + 1] in ("JJ", "DT", "PRP$", "CD") and phrase_words[i + 1][:1].islower():
            return False
    return True


def _opens_phrase(word: str, words: SpeakerWords) -> bool:
    return _is_name(word, words) or word.lower() in words.determiners or _is_head(word, words)


def clean_phrase(phrase: str) -> str | None:
    """``phrase`` as a speaker a worksheet can name, or ``None`` when it is no clean noun phrase.

    A sentence-initial determiner or role noun is lower-cased ("The Defence
    Ministry" is named "the Defence Ministry").

    >>> clean_phrase("President Ilham Aliyev, addressing the nation in the afternoon")
    'President Ilham Aliyev'
    >>> clean_phrase("The Defence Ministry")
    'the Defence Ministry'
    >>> [clean_phrase(p) for p in ("an assertion local officials", "its part", "The", "Some")]
    [None, None, None, None]
    """
    words = speaker_words()
    phrase = " ".join(phrase.split())
    if not phrase or _NOT_IN_A_NAME.search(phrase):
        return None
    phrase = _cut(phrase, words)
    name, _, apposition = phrase.partition(", ")
    name_words, all_words = NAME_WORD.findall(name), NAME_WORD.findall(phrase)
    if not name_words or len(all_words) > words.max_words or ", " in apposition:
        return None
    core = next((name_words[:i] for i, w in enumerate(name_words) if i and w.lower() in words.prepositions), name_words)
    first, last = name_words[0], core[-1]
    if not _opens_phrase(first, words) or not (_is_name(last, words) or _is_head(last, words)):
        return None
    if apposition and not _opens_phrase(NAME_WORD.findall(apposition)[0] if NAME_WORD.findall(apposition) else "", words):
        return None
    if not _reads_as_one_phrase(all_words, words):
        return None
    lower_first = first.lower() in words.determiners or (_is_head(first, words) and len(name_words) > 1 and name_words[1][:1].islower())
    return first.lower() + phrase[len(first) :] if lower_first else phrase


def short_name(phrase: str) -> str:
    """The part of a speaker phrase that names the speaker, without its apposition.

    >>> short_name("Shushan Stepanyan, a spokeswoman for Armenia's Defence Ministry")
    'Shushan Stepanyan'
    >>> short_name("the leader of the separatist regime in Khankendi, Arayik Harutyunyan")
    'Arayik Harutyunyan'
    """
    name, _, apposition = phrase.partition(", ")
    described = not name[:1].isupper() or not name.split()[-1][:1].isupper()  # "the leader of …", "his spokesman"
    if apposition and described and all(word[:1].isupper() for word in apposition.split()):
        return apposition
    return name


def is_anaphor(written: str) -> bool:
    """Whether a source as written is a pronoun or a definite role noun a student can trace back ("It", "the ministry"), not a relative ("which")."""
    words = speaker_words()
    lowered = " ".join(written.lower().split())
    return lowered not in words.relatives and (lowered in words.pronouns or lowered.startswith("the "))


def speaker_phrase(text: str, record: Attribution) -> str | None:
    """The speaker of an attribution as a worksheet names it, or ``None`` when it has no clean one.

    A pronoun or a definite role noun ("the ministry") is named by the words
    it was resolved to; an unresolved pronoun has no speaker phrase.
    """
    source = list(record.source)
    if not source:
        return None
    if record.resolved_source is not None:
        return clean_phrase(text[slice(*record.resolved_source)])
    written = " ".join(text[a:b] for a, b in source)
    if written.lower() in speaker_words().pronouns:
        return None
    return clean_phrase(written)


__all__ = ["PHRASES_PATH", "SpeakerWords", "clean_phrase", "is_anaphor", "short_name", "speaker_phrase", "speaker_words"]
