"""The per-language word lists (``narratives/data/lang/en/``): one home per word class, read by every stage."""

from __future__ import annotations

import tomllib

import pytest

from narratives import lang
from narratives.attribution.coreference import _rules as coreference_rules
from narratives.sides import words as sides_words

FILES = sorted((lang.LANG_DIR / "en").glob("*.toml"))


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_each_word_file_opens_with_where_its_words_come_from_and_lists_each_word_once(path) -> None:
    text = path.read_text(encoding="utf-8")
    header = text.split("\n\n")[0].splitlines()
    assert len(header) >= 3 and all(line.startswith("#") for line in header)
    for key, words in tomllib.loads(text).items():
        if isinstance(words, list):
            assert len(words) == len(set(words)), key


def test_words_unites_the_named_lists_and_all_of_them_when_none_is_named() -> None:
    assert lang.words("calendar", "days", "months") == set(lang.word_list("calendar", "days")) | set(lang.word_list("calendar", "months"))
    assert lang.words("calendar") == lang.words("calendar", "days", "months", "time")


def test_coreference_and_sides_read_the_shared_lists() -> None:
    rules = coreference_rules()
    assert rules["calendar"] == sides_words._CALENDAR == lang.words("calendar", "days", "months")
    assert rules["titles"] <= sides_words._HONORIFICS
    assert rules["person_pronouns"] | rules["plural_pronouns"] <= sides_words._PRONOUNS
