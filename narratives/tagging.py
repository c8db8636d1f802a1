"""Part-of-speech tags and lemmas from a lexicon we learn ourselves.

NLTK's tagger data cannot be downloaded offline, so narratives learns a
small lexical tagger from CoreNLP's automatic tags and lemmas
(``scripts/train_tagger.py`` on PolNeAR's ``tokens/``) and ships it as
JSON. Each word gets its most frequent tag (case-sensitive, then lower
case), unknown words the most frequent tag of their longest known suffix
or of their shape. It ignores context, which keeps it a dictionary look-up
per token: the attribution model reads neighbouring words and tags itself,
so contextual ambiguity is left to it.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from importlib import resources

from narratives.errors import DataError
from narratives.lazy import loaded_once

__all__ = ["LexicalTagger", "default_tagger", "TAGGER_PATH"]

TAGGER_PATH = Path(str(resources.files("narratives") / "data" / "tagger_en.json"))
"""The tagger narratives ships (written by ``scripts/train_tagger.py``)."""

_MAX_SUFFIX = 4
_OPEN_CLASSES = frozenset({"NN", "VB", "JJ", "RB"})
"""Tag prefixes of open word classes: only their suffixes predict unknown words' tags."""
_SHAPES = (
    (re.compile(r"^\d[\d,.:/]*$"), "CD"),
    (re.compile(r"^[^\w\s]$"), None),
    (re.compile(r"^[A-Z]"), "NNP"),
)


MEMO_WORDS = 500_000
"""Distinct words whose tag and lemma a tagger remembers (then it starts afresh), bounding memory over years of coverage."""


class _Memo(dict):
    """``memo[word]``: ``compute(word)``, computed once."""

    def __init__(self, compute) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, word: str) -> str:
        value = self[word] = self.compute(word)
        return value


def _shape_tag(word: str) -> str | None:
    for pattern, tag in _SHAPES:
        if pattern.match(word):
            return tag or word
    return None


class LexicalTagger:
    """Most-frequent-tag tagger with suffix back-off, and a lemma lexicon.

    Parameters
    ----------
    min_count
        Keep words seen at least this often in the lexicon.

    Attributes
    ----------
    word_tags_ : dict[str, str]
        Most frequent tag of each word (exact form).
    suffix_tags_ : dict[str, str]
        Most frequent tag of lower-case suffixes of 1 to 4 characters.
    lemmas_ : dict[str, str]
        ``"word/TAG"`` → lemma, only where the lemma is not the lower-cased word.
    default_tag_ : str
        Tag of a word with no known suffix or shape.
    """

    def __init__(self, min_count: int = 2) -> None:
        self.min_count = min_count

    def fit(self, sentences: Iterable[Sequence[tuple[str, str, str]]]) -> LexicalTagger:
        """Learn from sentences of ``(word, tag, lemma)`` triples."""
        self.__dict__.pop("_memo", None)
        word_counts: dict[str, Counter[str]] = defaultdict(Counter)
        suffix_counts: dict[str, Counter[str]] = defaultdict(Counter)
        lemma_counts: dict[str, Counter[str]] = defaultdict(Counter)
        tag_counts: Counter[str] = Counter()
        for sentence in sentences:
            for word, tag, lemma in sentence:
                word_counts[word][tag] += 1
                tag_counts[tag] += 1
                lower = word.lower()
                lemma_counts[f"{lower}/{tag}"][lemma.lower()] += 1
                if word.isalpha() and tag[:2] in _OPEN_CLASSES and len(lower) > 3:
                    for n in range(1, min(_MAX_SUFFIX, len(lower) - 2) + 1):
                        suffix_counts[lower[-n:]][tag] += 1
        self.word_tags_ = {
            w: c.most_common(1)[0][0] for w, c in word_counts.items() if sum(c.values()) >= self.min_count
        }
        self.suffix_tags_ = {s: c.most_common(1)[0][0] for s, c in suffix_counts.items() if sum(c.values()) >= 5}
        self.lemmas_ = {}
        for key, counts in lemma_counts.items():
            lemma = counts.most_common(1)[0][0]
            if lemma != key.rsplit("/", 1)[0] and sum(counts.values()) >= self.min_count:
                self.lemmas_[key] = lemma
        self.default_tag_ = "NN" if "NN" in tag_counts else tag_counts.most_common(1)[0][0]
        return self

    def _tag_word(self, word: str) -> str:
        tag = self.word_tags_.get(word) or self.word_tags_.get(word.lower())
        if tag:
            return tag
        shape = _shape_tag(word)
        if shape == "NNP" or shape is None:
            lower = word.lower()
            for n in range(min(_MAX_SUFFIX, len(lower) - 1), 0, -1):
                suffix_tag = self.suffix_tags_.get(lower[-n:])
                if suffix_tag:
                    # Capitalised unknown words are names more often than not.
                    return "NNP" if shape == "NNP" and suffix_tag.startswith("NN") else suffix_tag
        return shape or self.default_tag_

    def _lemma(self, word: str, tag: str) -> str:
        lower = word.lower()
        return sys.intern(self.lemmas_.get(f"{lower}/{tag}", lower))

    def _seen(self) -> tuple[_Memo, _Memo]:
        """Tag and lemma of each word already met, per word (the tagger ignores context); emptied past :data:`MEMO_WORDS`."""
        memo = self.__dict__.get("_memo")
        if memo is None or len(memo[0]) > MEMO_WORDS:
            tags = _Memo(self._tag_word)
            memo = self._memo = (tags, _Memo(lambda word: self._lemma(word, tags[word])))
        return memo

    def tag(self, words: Sequence[str]) -> list[str]:
        """Tags of ``words``."""
        return list(map(self._seen()[0].__getitem__, words))

    def tag_and_lemmatize(self, words: Sequence[str]) -> tuple[list[str], list[str]]:
        """Tags of ``words`` and their lemmas (lower case: the lemma lexicon's entry for the word and its tag, else the lower-cased word)."""
        tags, lemmas = self._seen()
        return list(map(tags.__getitem__, words)), list(map(lemmas.__getitem__, words))

    def to_dict(self) -> dict:
        """JSON-serialisable learned state."""
        return {
            "min_count": self.min_count,
            "default_tag": self.default_tag_,
            "word_tags": self.word_tags_,
            "suffix_tags": self.suffix_tags_,
            "lemmas": self.lemmas_,
        }

    @classmethod
    def from_dict(cls, data: dict, path: str | Path | None = None) -> LexicalTagger:
        """Rebuild a fitted tagger from :meth:`to_dict` output."""
        try:
            tagger = cls(min_count=data["min_count"])
            tagger.default_tag_ = data["default_tag"]
            tagger.word_tags_ = dict(data["word_tags"])
            tagger.suffix_tags_ = dict(data["suffix_tags"])
            tagger.lemmas_ = dict(data["lemmas"])
        except (KeyError, TypeError) as err:
            raise DataError("N301", f"is not a narratives tagger file (missing {err}).", "Retrain it with scripts/train_tagger.py.", path=path) from None
        return tagger

    def save(self, path: str | Path) -> None:
        """Write the tagger as JSON."""
        Path(path).write_text(json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> LexicalTagger:
        """Read a tagger written by :meth:`save`."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except json.JSONDecodeError as err:
            raise DataError("N301", f"is not valid JSON ({err.msg}).", "Retrain it with scripts/train_tagger.py.", path=path, line=err.lineno) from None
        return cls.from_dict(data, path)


@loaded_once
def default_tagger() -> LexicalTagger:
    """The tagger shipped with narratives, loaded once per process."""
    return LexicalTagger.load(TAGGER_PATH)
