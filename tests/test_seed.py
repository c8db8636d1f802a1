"""End-to-end check on the seed article (``../shared/seed``): who said what.

Skipped when ../shared is absent. The article's text is read in place and
never copied; the expectations name reporting verbs and speakers only.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from narratives.attribution.extract import attribute

pytestmark = pytest.mark.shared

# Every occurrence of these verbs in the seed article is an attribution cue.
SEED_CUES = ("reported", "insisted", "alleged", "said", "claimed", "vowed", "denied", "confirmed", "accused", "stated", "told", "called for")


@pytest.fixture(scope="module")
def seed(shared: Path) -> tuple[str, list]:
    path = next((shared / "seed").glob("*.txt"))
    text = path.read_text(encoding="utf-8")
    return text, attribute(text)


def _covering(found: list, start: int, end: int):
    for attribution in found:
        a, b = attribution.cue_span
        if a <= start and end <= b:
            return attribution
    return None


@pytest.mark.parametrize("verb", SEED_CUES)
def test_every_reporting_verb_is_a_cue(seed, verb):
    text, found = seed
    occurrences = [m.span() for m in re.finditer(rf"\b{verb}\b", text)]
    assert occurrences, f"the seed article no longer contains {verb!r}"
    missing = [text[max(0, s - 40) : e + 20] for s, e in occurrences if _covering(found, s, e) is None]
    assert not missing, f"{verb!r} not found as a cue in: {missing}"


def _source_of(text: str, found: list, pattern: str) -> tuple[str | None, str | None]:
    match = re.search(pattern, text)
    assert match, pattern
    attribution = _covering(found, *match.span("cue"))
    assert attribution is not None, f"no cue at {match.group(0)!r}"
    source = None if attribution.source_span is None else text[slice(*attribution.source_span)]
    resolved = None if attribution.resolved_source is None else text[slice(*attribution.resolved_source)]
    return source, resolved


def test_it_resolves_to_the_foreign_ministry(seed):
    text, found = seed
    source, resolved = _source_of(text, found, r"It later (?P<cue>claimed)")
    assert source == "It"
    assert resolved == "the self-proclaimed republic's Foreign Ministry"


def test_hajiyev_told_journalists(seed):
    text, found = seed
    source, _ = _source_of(text, found, r"Hajiyev (?P<cue>told) journalists")
    assert source == "Hajiyev"


def test_hajiyev_with_appositive(seed):
    text, found = seed
    source, _ = _source_of(text, found, r"Azerbaijan's president, (?P<cue>said)")
    assert source is not None and source.startswith("Hikmet Hajiyev")


def test_spans_index_the_original_text(seed):
    text, found = seed
    for attribution in found:
        for start, end in (*attribution.cue, *attribution.source, *attribution.content):
            assert 0 <= start < end <= len(text)


def test_compare_on_the_seed_says_one_article_cannot_support_a_claim(shared: Path, tmp_path: Path, capsys) -> None:
    from narratives.cli import main

    out = tmp_path / "compare"
    args = ["compare", str(shared / "seed"), "--profile", "armenia-azerbaijan", "--out", str(out), "--quiet"]
    assert main([*args, "--bootstrap", "200", "--permutations", "200"]) == 0
    summary = capsys.readouterr().out
    assert "One article cannot support a general claim" in summary
    assert "too little data" in summary
    for line in ("stance=distancing", "stance=neutral", "source_delegitimising>0"):
        row = next(r for r in summary.splitlines() if r.startswith(line))
        assert row.count("[") == 2, row  # an interval for each side
