"""What a word is: the shared word patterns and the two ways words are counted."""

from __future__ import annotations

import pytest

from narratives import words
from narratives.segment import segment
from narratives.words import NAME_WORD, WORD, WORD_OR_MARK, count_words, is_word


def test_a_word_keeps_inner_hyphens_and_apostrophes():
    assert WORD.findall("Kyiv's pro-Russian forces don\u2019t - _x_ 2,000") == ["Kyiv's", "pro-Russian", "forces", "don\u2019t", "x", "2", "000"]


def test_the_punctuation_variant_keeps_each_mark_as_a_token():
    assert WORD_OR_MARK.findall('He said, "no."') == ["He", "said", ",", '"', "no", ".", '"']


def test_the_name_variant_keeps_initials_and_a_trailing_period():
    assert NAME_WORD.findall("Gen. J.R. Smith Jr. said") == ["Gen.", "J.R.", "Smith", "Jr.", "said"]
    assert WORD.findall("J.R.") == ["J", "R"]


def test_is_word_counts_tokens_holding_a_letter_or_digit():
    assert [is_word(t) for t in ("war", "1990s", "\u201c", "--", "U.S.", "$")] == [True, True, False, False, True, False]
    seg = segment('"We won," he said -- 2 times.')
    assert seg.n_words == sum(is_word(t.text) for t in seg.tokens) == 6


def test_count_words_counts_whitespace_separated_words():
    assert count_words("  one\ttwo\nthree -- four. ") == 5
    assert count_words("") == 0


def test_word_spans_of_a_long_text_are_counted_in_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Kyiv, 3 May — “Ш 中文 ½ ① \U0001d400x \U0001f600 —” said Gen. Smith. ... ???"
    expected = segment(text).n_words
    monkeypatch.setattr(words, "WORD_COUNT_SPANS", 2)
    assert segment(text).n_words == expected == sum(map(is_word, (span.text for span in segment(text).tokens)))
