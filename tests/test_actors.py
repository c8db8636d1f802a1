"""Actor profiles and sides: validation, resolution rules, context, the seed article, the CLI.

Sentences here are our own; the seed article (../shared/seed) is read in
place and only its speakers are named.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from narratives.attribution.records import Attribution, attributions_to_frame
from narratives.errors import NarrativesError
from narratives.cli import main
from narratives.errors import DataError
from narratives.sides import (
    AMBIGUOUS,
    BOTH,
    SIDE_COLUMNS,
    THIRD_PARTY,
    UNKNOWN,
    alias_pattern,
    assign_sides,
    list_profiles,
    load_profile,
)

# ---------------------------------------------------------------------------
# A small valid profile; each broken variant below changes one line of it.

VALID = """\
# A test profile.
[profile]
title = "Test war"

[[sides]]
id = "red"
label = "Red side"
colour = "#cc0000"

[[sides]]
id = "blue"
label = "Blue side"
colour = "#0000cc"

[heads]
affiliated = ["officials", "ministry", "leaders"]
generic = ["officials", "ministry"]

[[actors]]
name = "Redland"
side = "red"
kind = "state"
names = ["Redland"]
demonyms = ["Redlandic"]
capitals = ["Redburg"]

[[actors]]
name = "Blueland"
side = "blue"
kind = "state"
names = ["Blueland"]
capitals = ["Blueburg"]

[[actors]]
name = "Referee"
side = "third_party"
role = "mediator"
kind = "institution"
names = ["the Referee"]
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "test-profile.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the ``occurrence``-th line containing ``needle``."""
    numbers = [number for number, line in enumerate(text.splitlines(), 1) if needle in line]
    return numbers[occurrence - 1]


def test_the_valid_test_profile_loads(tmp_path: Path) -> None:
    profile = load_profile(_write(tmp_path, VALID))
    assert profile.name == "test-profile"
    assert profile.side_ids == ("red", "blue")
    # The profile's own actors come first, in file order; shipped world knowledge follows.
    assert [actor.name for actor in profile.actors[:3]] == ["Redland", "Blueland", "Referee"]
    assert all(actor.from_world for actor in profile.actors[3:])
    assert profile.actor("Referee").role == "mediator"


def test_world_false_keeps_only_the_profile_actors(tmp_path: Path) -> None:
    text = VALID.replace('[profile]\n', '[profile]\nworld = false\n', 1)
    assert "world = false" in text
    profile = load_profile(_write(tmp_path, text))
    assert [actor.name for actor in profile.actors] == ["Redland", "Blueland", "Referee"]


BROKEN = [
    # (what is broken, old text, new text, code, the expected line: its text and which occurrence)
    ("invalid TOML", 'label = "Red side"', 'label = "Red side', "N251", ('label = "Red side', 1)),
    ("unknown side id", 'side = "blue"', 'side = "bleu"', "N253", ('side = "bleu"', 1)),
    (
        "same alias on two sides",
        'capitals = ["Blueburg"]',
        'capitals = ["Blueburg", "Redburg"]',
        "N254",
        ('"Blueburg", "Redburg"', 1),
    ),
    ("empty alias", 'names = ["Blueland"]', 'names = ["Blueland", " "]', "N255", ('"Blueland", " "', 1)),
    ("bad colour", 'colour = "#0000cc"', 'colour = "blue"', "N256", ('colour = "blue"', 1)),
    ("unknown kind", 'kind = "institution"', 'kind = "agency"', "N257", ('kind = "agency"', 1)),
    ("third party without a role", 'role = "mediator"\n', "", "N252", ("[[actors]]", 3)),
    (
        "unknown key",
        'capitals = ["Blueburg"]',
        'capital = ["Blueburg"]',
        "N252",
        ('capital = ["Blueburg"]', 1),
    ),
    ("reserved side id", 'id = "blue"', 'id = "both"', "N253", ('id = "both"', 1)),
    ("two actors with one name", 'name = "Blueland"', 'name = "Redland"', "N258", ('name = "Redland"', 2)),
    (
        "list written as a string",
        'names = ["Blueland"]',
        'names = "Blueland"',
        "N252",
        ('names = "Blueland"', 1),
    ),
]


@pytest.mark.parametrize(("what", "old", "new", "code", "expected"), BROKEN, ids=[case[0] for case in BROKEN])
def test_a_broken_profile_names_the_file_the_line_and_the_fix(
    tmp_path: Path, what, old, new, code, expected
) -> None:
    assert old in VALID
    text = VALID.replace(old, new, 1)
    path = _write(tmp_path, text)
    with pytest.raises(DataError) as caught:
        load_profile(path)
    error = caught.value
    line = _line_of(text, *expected)
    assert (error.code, error.path, error.line) == (code, str(path), line), str(error)
    assert f"{path}:{line}: " in str(error)
    assert error.fix


def test_the_same_alias_twice_for_one_actor_is_an_error(tmp_path: Path) -> None:
    text = VALID.replace('names = ["Blueland"]', 'names = ["Blueland", "the Blueland"]')
    with pytest.raises(DataError, match=r"N254.*listed twice"):
        load_profile(_write(tmp_path, text))


def test_the_same_alias_in_another_case_on_two_sides_is_an_error(tmp_path: Path) -> None:
    text = VALID.replace('names = ["Blueland"]', 'names = ["Blueland", "redland"]')
    with pytest.raises(DataError, match=r"N254.*'Redland' \(side red\)"):
        load_profile(_write(tmp_path, text))


def test_an_ally_needs_a_declared_side(tmp_path: Path) -> None:
    text = VALID.replace('role = "mediator"', 'role = "ally"\nally_of = "green"')
    with pytest.raises(DataError) as caught:
        load_profile(_write(tmp_path, text))
    assert caught.value.code == "N253"
    assert caught.value.line == _line_of(text, 'ally_of = "green"')


def test_a_typo_in_a_side_gets_a_suggestion(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="Did you mean 'blue'"):
        load_profile(_write(tmp_path, VALID.replace('side = "blue"', 'side = "bleu"')))


def test_an_unknown_profile_name_lists_the_shipped_ones() -> None:
    with pytest.raises(DataError, match=r"N250.*armenia-azerbaijan"):
        load_profile("armenia-azerbaidjan")


@pytest.mark.parametrize("name", list_profiles())
def test_every_shipped_profile_loads_and_says_where_its_facts_come_from(name: str) -> None:
    profile = load_profile(name)
    assert len(profile.sides) >= 2
    assert profile.heads and profile.generic
    assert "Where the facts come from" in profile.path.read_text(encoding="utf-8")
    frame = profile.to_frame()
    assert len(frame) == len(profile.actors)
    assert set(frame["side"]) <= {*profile.side_ids, BOTH, THIRD_PARTY}


def test_three_profiles_ship() -> None:
    assert {"armenia-azerbaijan", "us-2016", "russia-ukraine"} <= set(list_profiles())


# ---------------------------------------------------------------------------
# Matching


@pytest.mark.parametrize(
    ("alias", "text", "matches"),
    [
        ("US", "US", True),
        ("US", "us", False),
        ("both sides", "Both sides", True),
        ("Pence", "PENCE", True),
        ("Pence", "pence", False),
        ("the Kremlin", "Kremlin", True),
        ("Nagorno-Karabakh's", "Nagorno-Karabakh’s", True),
        ("OSCE Minsk Group", "OSCE\nMinsk  Group", True),
    ],
)
def test_alias_patterns_are_case_aware(alias: str, text: str, matches: bool) -> None:
    assert bool(re.fullmatch(alias_pattern(alias), text)) is matches


@pytest.fixture(scope="module")
def karabakh():
    return load_profile("armenia-azerbaijan")


@pytest.fixture(scope="module")
def us2016():
    return load_profile("us-2016")


KARABAKH_SOURCES = [
    # source, side, rule, actor
    ("Hikmet Hajiyev", "azerbaijan", "alias", "Hikmet Hajiyev"),
    ("Hajiyev", "azerbaijan", "surname", "Hikmet Hajiyev"),
    ("Mr. Hajiyev", "azerbaijan", "surname", "Hikmet Hajiyev"),
    ("the unrecognized region", "armenia", "title", "Nagorno-Karabakh authorities"),
    ("Azerbaijan's defense minister", "azerbaijan", "title", "Zakir Hasanov"),
    ("Azerbaijani officials", "azerbaijan", "demonym", "Azerbaijan"),
    ("the Armenian Defense Ministry", "armenia", "demonym", "Armenia"),
    ("many Armenians", "armenia", "demonym", "Armenia"),
    ("Yerevan", "armenia", "capital", "Armenia"),
    ("Stepanakert", "armenia", "capital", "Nagorno-Karabakh authorities"),
    ("Nagorno-Karabakh's forces", "armenia", "possessive", "Nagorno-Karabakh authorities"),
    (
        "the self-proclaimed republic's Foreign Ministry",
        "armenia",
        "possessive",
        "Nagorno-Karabakh authorities",
    ),
    ("Artsakh officials", "armenia", "modifier", "Nagorno-Karabakh authorities"),
    ("a spokeswoman for Armenia's Defence Ministry", "armenia", "affiliation", "Armenia"),
    ("officials in Baku", "azerbaijan", "affiliation", "Azerbaijan"),
    (
        "the leaders of France, Russia, and the US",
        THIRD_PARTY,
        "affiliation",
        "France; Russia; United States",
    ),
    ("both sides", BOTH, "group", "both sides"),
    ("Baku and Yerevan", BOTH, "group", "both sides"),
    ("The two rivals", BOTH, "group", "both sides"),
    ("the OSCE Minsk Group", THIRD_PARTY, "alias", "OSCE Minsk Group"),
    ("Turkey", THIRD_PARTY, "alias", "Turkey"),
    # An ally and the side it is allied with speak together for that side.
    ("Baku and Ankara", "azerbaijan", "capital", "Azerbaijan; Turkey"),
    # Apposition supports the head; a relative clause is set aside.
    ("Hikmet Hajiyev, an adviser to Azerbaijan's president", "azerbaijan", "alias", "Hikmet Hajiyev"),
    ("Russia, which has a military alliance with Armenia", THIRD_PARTY, "alias", "Russia"),
]


@pytest.mark.parametrize(
    ("source", "side", "rule", "actor"), KARABAKH_SOURCES, ids=[case[0] for case in KARABAKH_SOURCES]
)
def test_each_way_of_mentioning_an_actor(karabakh, source: str, side: str, rule: str, actor: str) -> None:
    found = karabakh.resolve(source)
    assert (found.side, found.rule, found.actor) == (side, rule, actor)
    assert 0 < found.confidence <= 1


NOT_SPEAKERS = [
    "critics of Aliyev",  # "critics" does not speak for Aliyev
    "Armenian missile strikes",  # a demonym that qualifies no speaking noun
    "Dr. Helen Marsh of the Lindqvist Institute",  # not in the profile
    "residents",  # not listed, not generic
]


@pytest.mark.parametrize("source", NOT_SPEAKERS)
def test_unlisted_speakers_are_unknown_not_guessed(karabakh, source: str) -> None:
    found = karabakh.resolve(source)
    assert (found.side, found.rule, found.actor, found.confidence) == (UNKNOWN, "no match", None, None)


def test_a_source_naming_two_sides_is_ambiguous(karabakh) -> None:
    found = karabakh.resolve("Aliyev and Pashinyan")
    assert found.side == AMBIGUOUS
    assert found.rule == "two sides"
    assert found.actor == "Ilham Aliyev; Nikol Pashinyan"
    assert found.confidence is None


def test_an_apposition_from_the_other_side_makes_a_source_ambiguous(karabakh) -> None:
    assert karabakh.resolve("Hajiyev, an adviser to Armenia's president").side == AMBIGUOUS


def test_generic_and_pronoun_sources_are_left_for_context(karabakh) -> None:
    assert karabakh.resolve("Officials").rule == "generic"
    assert karabakh.resolve("the Foreign Ministry").rule == "generic"
    assert karabakh.resolve("It").rule == "unresolved pronoun"


US_SOURCES = [
    ("Trump campaign spokesman Jason Miller", "trump", "alias", "Jason Miller"),
    ("Clinton campaign manager Robby Mook", "clinton", "alias", "Robby Mook"),
    ("The Republican nominee", "trump", "title", "Donald Trump"),
    ("Mrs. Clinton", "clinton", "surname", "Hillary Clinton"),
    ("President Clinton", "clinton", "alias", "Bill Clinton"),
    ("PENCE", "trump", "surname", "Mike Pence"),
    ("Clinton's opponent Donald Trump", "trump", "alias", "Donald Trump"),
    ("Stein spokeswoman Ann Lee", THIRD_PARTY, "modifier", "Jill Stein"),
    ("the Obama administration", THIRD_PARTY, "alias", "US federal government"),
]


@pytest.mark.parametrize(
    ("source", "side", "rule", "actor"), US_SOURCES, ids=[case[0] for case in US_SOURCES]
)
def test_us_2016_sources(us2016, source: str, side: str, rule: str, actor: str) -> None:
    found = us2016.resolve(source)
    assert (found.side, found.rule, found.actor) == (side, rule, actor)


RUSSIA_UKRAINE_SOURCES = [
    ("Kremlin spokesman Dmitry Peskov", "russia", "Dmitry Peskov"),
    ("Ukraine's General Staff", "ukraine", "Ukraine"),
    ("Moscow-backed separatists", "russia", "occupation authorities"),
    ("Zelenskyy", "ukraine", "Volodymyr Zelensky"),
    ("Moscow and Kyiv", BOTH, "both sides"),
    ("the IAEA", THIRD_PARTY, "International Atomic Energy Agency"),
]


@pytest.mark.parametrize(
    ("source", "side", "actor"), RUSSIA_UKRAINE_SOURCES, ids=[c[0] for c in RUSSIA_UKRAINE_SOURCES]
)
def test_russia_ukraine_sources(source: str, side: str, actor: str) -> None:
    found = load_profile("russia-ukraine").resolve(source)
    assert (found.side, found.actor) == (side, actor)


@pytest.mark.parametrize(
    "source", ["Melania Trump's neighbour", "Ivana Trump", "Trump Tower", "critics of Trump", "us"]
)
def test_us_2016_names_that_are_not_a_listed_speaker(us2016, source: str) -> None:
    found = us2016.resolve(source)
    assert (found.side, found.actor) == (UNKNOWN, None)


def test_a_former_official_does_not_speak_for_the_actor(us2016) -> None:
    assert us2016.resolve("a former Obama administration official").side == UNKNOWN
    assert us2016.resolve("a former adviser to Clinton").side == UNKNOWN
    assert us2016.resolve("Former Trump campaign manager Corey Lewandowski").actor == "Corey Lewandowski"


def test_a_surname_shared_with_another_person_in_the_document_is_not_guessed(us2016) -> None:
    text = "Jimmy Fallon hosted Trump on Thursday. Fallon said the show went well."
    assert us2016.blocked_surnames(text) == frozenset({"Fallon"})
    table = _table(text, [("Fallon", "said", None, "the show went well")])
    sides = assign_sides(table, {"d": text}, us2016)
    assert (sides["side"].iat[0], sides["side_rule"].iat[0]) == (UNKNOWN, "surname of another person")


def test_a_surname_stays_when_the_document_names_the_listed_actor(us2016) -> None:
    assert (
        us2016.blocked_surnames("Fred Trump built houses. Donald Trump said so. Trump added more.")
        == frozenset()
    )
    assert us2016.blocked_surnames("On Monday Trump said so. But Trump added more.") == frozenset()


# ---------------------------------------------------------------------------
# Whole tables: pronouns, context, empty input


def _table(text: str, records: list[tuple[str, str, str | None, str]], doc_id: str = "d") -> pd.DataFrame:
    """An attribution table from (source, cue, resolved antecedent, content) strings, found in ``text`` in order."""
    attributions = []
    position = 0
    for number, (source, cue, resolved, content) in enumerate(records, 1):
        source_start = text.index(source, position)
        cue_start = text.index(cue, source_start + len(source))
        content_start = text.index(content, cue_start)
        resolved_span = None
        if resolved is not None:
            start = text.rindex(resolved, 0, source_start)
            resolved_span = (start, start + len(resolved))
        attributions.append(
            Attribution(
                doc_id,
                f"A{number}",
                cue=((cue_start, cue_start + len(cue)),),
                source=((source_start, source_start + len(source)),),
                content=((content_start, content_start + len(content)),),
                resolved_source=resolved_span,
            )
        )
        position = content_start + len(content)
    return attributions_to_frame(attributions, {doc_id: text})


def test_pronoun_takes_its_antecedents_side(karabakh) -> None:
    text = "Azerbaijan's Defense Ministry said the front was calm. It later claimed a village."
    table = _table(
        text,
        [
            ("Azerbaijan's Defense Ministry", "said", None, "the front was calm"),
            ("It", "claimed", "Azerbaijan's Defense Ministry", "a village"),
        ],
    )
    sides = assign_sides(table, {"d": text}, karabakh)
    assert list(sides["side"]) == ["azerbaijan", "azerbaijan"]
    assert sides["side_rule"].iat[1] == "antecedent:possessive"
    assert sides["side_confidence"].iat[1] < sides["side_confidence"].iat[0]


def test_pronoun_end_to_end_with_the_attribution_model(karabakh) -> None:
    from narratives import attribute

    text = "“New strikes are hitting the city,” the Armenian Defense Ministry said on Sunday. It later claimed that there had been deaths."
    found = attribute(text)
    sides = assign_sides(attributions_to_frame(found, {"": text}), {"": text}, karabakh)
    it = sides[sides["source_text"] == "It"]
    assert list(it["side"]) == ["armenia"]
    assert list(it["side_rule"]) == ["antecedent:demonym"]


def test_a_generic_source_takes_the_side_of_an_unambiguous_context(karabakh) -> None:
    text = "Hajiyev said four missiles hit Ganja. Officials reported that one civilian was killed."
    table = _table(
        text,
        [
            ("Hajiyev", "said", None, "four missiles hit Ganja"),
            ("Officials", "reported", None, "one civilian was killed"),
        ],
    )
    sides = assign_sides(table, {"d": text}, karabakh)
    assert sides["side"].iat[1] == "azerbaijan"
    assert sides["side_rule"].iat[1] == "context:previous source"
    assert pd.isna(sides["actor"].iat[1])


def test_a_generic_source_takes_no_side_from_an_ambiguous_context(karabakh) -> None:
    text = (
        "Hajiyev said four missiles hit Ganja. In Yerevan, officials reported that one civilian was killed."
    )
    table = _table(
        text,
        [
            ("Hajiyev", "said", None, "four missiles hit Ganja"),
            ("officials", "reported", None, "one civilian was killed"),
        ],
    )
    sides = assign_sides(table, {"d": text}, karabakh)
    assert sides["side"].iat[1] == UNKNOWN
    assert sides["side_rule"].iat[1] == "generic:ambiguous context"
    assert pd.isna(sides["side_confidence"].iat[1])


def test_a_generic_source_with_no_context_stays_unknown(karabakh) -> None:
    text = "Officials reported that one civilian was killed."
    table = _table(text, [("Officials", "reported", None, "one civilian was killed")])
    assert assign_sides(table, {"d": text}, karabakh)["side_rule"].iat[0] == "generic:no context"


def test_mentions_inside_the_content_are_not_context(karabakh) -> None:
    text = "Officials said Armenian forces shelled the city."
    table = _table(text, [("Officials", "said", None, "Armenian forces shelled the city")])
    assert assign_sides(table, {"d": text}, karabakh)["side"].iat[0] == UNKNOWN


def test_the_sentence_outside_the_content_is_context(karabakh) -> None:
    text = "In Baku, officials said the city was shelled."
    table = _table(text, [("officials", "said", None, "the city was shelled")])
    sides = assign_sides(table, {"d": text}, karabakh)
    assert (sides["side"].iat[0], sides["side_rule"].iat[0]) == ("azerbaijan", "context:sentence")


def test_empty_table_gets_typed_side_columns(karabakh) -> None:
    sides = assign_sides(attributions_to_frame([], {}), {}, karabakh)
    assert list(sides.columns[-4:]) == list(SIDE_COLUMNS)
    assert sides["side_confidence"].dtype == "float64"


def test_a_table_without_sources_is_refused(karabakh) -> None:
    with pytest.raises(DataError, match="N241"):
        assign_sides(pd.DataFrame({"doc_id": ["d"]}), {"d": "x"}, karabakh)


# ---------------------------------------------------------------------------
# The seed article (../shared/seed): every attribution's side, as the issue lists them.

SEED_SIDES = {
    "Baku": "azerbaijan",
    "Yerevan": "armenia",
    "both sides": BOTH,
    "the self-proclaimed republic's Foreign Ministry": "armenia",
    "It": "armenia",
    "the Armenian Defense Ministry": "armenia",
    "Nagorno-Karabakh's forces": "armenia",
    "the unrecognized region": "armenia",
    "Azerbaijani officials": "azerbaijan",
    "Hikmet Hajiyev, an adviser to Azerbaijan's president": "azerbaijan",
    "Officials": "azerbaijan",
    "Azerbaijan's defense minister": "azerbaijan",
    "Hajiyev": "azerbaijan",
    "Baku and Yerevan": BOTH,
}


@pytest.mark.shared
def test_seed_article_sides(shared: Path, karabakh) -> None:
    from narratives.corpus import load
    from narratives.pipeline import analyze

    result = analyze(load(shared / "seed"), profile=karabakh)
    table = result.attributions
    assert table["source_text"].notna().all()
    for source, side in SEED_SIDES.items():
        rows = table[table["source_text"] == source]
        assert len(rows), f"no attribution with the source {source!r}"
        assert set(rows["side"]) == {side}, (source, rows[["side", "side_rule"]].to_dict("records"))
    it = table[table["source_text"] == "It"]
    assert list(it["resolved_text"]) == ["the self-proclaimed republic's Foreign Ministry"]
    leaders = table[table["source_text"].str.startswith("the leaders of France, Russia, and the US")]
    assert list(leaders["side"]) == [THIRD_PARTY]
    assert set(leaders["actor"].iat[0].split("; ")) >= {"France", "Russia", "United States"}
    # No attribution of the seed article is left unknown or ambiguous.
    assert not table["side"].isin([UNKNOWN, AMBIGUOUS]).any(), table[["source_text", "side_rule"]]


# ---------------------------------------------------------------------------
# Command line


def test_cli_lists_the_profiles(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profiles"]) == 0
    out = capsys.readouterr().out
    for name in list_profiles():
        assert re.search(rf"^{re.escape(name)}\t\S", out, re.MULTILINE)


def test_cli_checks_a_good_profile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, VALID)
    assert main(["profiles", "check", str(path)]) == 0
    assert "ok: 2 sides (red, blue), 3 actors" in capsys.readouterr().out


def test_cli_rejects_a_broken_profile_in_one_line(tmp_path: Path) -> None:
    text = VALID.replace('colour = "#0000cc"', 'colour = "navy"')
    path = _write(tmp_path, text)
    done = subprocess.run(
        [sys.executable, "-m", "narratives.cli", "profiles", "check", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"narratives: error: [N256] {path}:{_line_of(text, 'navy')}: ")


def test_cli_analyze_with_a_profile_adds_sides_and_prints_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Baku reported that Ganja was hit. Yerevan insisted that it was not.\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    assert main(["analyze", str(corpus), "--out", str(out), "--profile", "armenia-azerbaijan"]) == 0
    table = pd.read_csv(out / "attributions.csv")
    # The side columns follow the attribution columns; the framing columns come after them.
    at = list(table.columns).index(SIDE_COLUMNS[0])
    assert list(table.columns[at : at + len(SIDE_COLUMNS)]) == list(SIDE_COLUMNS)
    assert list(table["side"]) == ["azerbaijan", "armenia"]
    err = capsys.readouterr().err
    assert (
        "attributions per side (armenia-azerbaijan): armenia 1, azerbaijan 1, both 0, third_party 0, ambiguous 0, unknown 0"
        in err
    )


@pytest.mark.parametrize(
    "argv",
    [["analyze", "some-corpus", "--profile", "us-2016", "--format", "brat"], ["profiles", "check"]],
    ids=["profile with brat", "check without a path"],
)
def test_cli_usage_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert "narratives: error:" in capsys.readouterr().err


def test_cli_analyze_refuses_an_unknown_profile_before_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Baku reported that Ganja was hit.\n", encoding="utf-8")
    assert main(["analyze", str(corpus), "--out", str(tmp_path / "out"), "--profile", "no-such-war"]) == 2
    assert "[N250]" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_profile_that_is_not_utf8_is_a_coded_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(VALID.replace("Test war", "Guerre t\u00e9st").encode("latin-1"))
    with pytest.raises(NarrativesError) as caught:
        load_profile(path)
    assert "N103" in str(caught.value) and "latin1.toml" in str(caught.value)
