"""What a class would catch out in a worksheet or an answer key: unclean speakers, words read in the wrong sense, keys the students can reach."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from narratives.sides import load_profile
from narratives.corpus import load
from narratives.framing import categories
from narratives.framing.detect import detect
from narratives.report.lesson import side_by_side
from narratives.report.speakers import clean_phrase
from narratives.report.teaching import annotate, explain_feature
from narratives.report.worksheet import answer_key, questions

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "karabakh-2020"
CHOSEN = (
    "caspian-ledger_2020-10-05_ganja-shelled",
    "meridian-wire_2020-09-27_fighting-erupts",
    "ararat-courier_2020-10-11_truce-violated",
    "meridian-wire_2020-10-17_ganja-strike-french-truce",
)


@pytest.fixture(scope="module")
def profile():
    return load_profile("armenia-azerbaijan")


@pytest.fixture(scope="module")
def chosen(profile):
    docs = {doc.id: doc for doc in load(CORPUS) if doc.id in CHOSEN}
    return {doc_id: annotate(doc, profile) for doc_id, doc in docs.items()}


def _hits(text: str, category: str) -> list[str]:
    return [h.text for h in detect(text) if h.category == category]


# ---------------------------------------------------------------- words read in context


@pytest.mark.parametrize(
    "text",
    [
        "Amnesty International said it had identified cluster munitions.",
        "Earlier this month, Amnesty International said the rockets hit homes.",
        "Nagorno-Karabakh lies inside Azerbaijan's internationally recognized borders.",
        "The responsibility for every life lost lies with those who gave the order.",
        "Much of the housing in the districts lies in ruins.",
        "Three decades of negotiations have failed to return a single district.",
    ],
)
def test_names_and_plain_verbs_are_not_loaded(text):
    assert _hits(text, "loaded") == []


def test_loaded_words_in_their_own_sense_are_still_found():
    assert _hits("These lies must stop, and he lied to voters about the amnesty.", "loaded") == ["lies", "lied", "amnesty"]
    assert _hits("Every failed truce tells Aliyev that there is no price.", "loaded") == ["failed"]


@pytest.mark.parametrize(
    "text",
    [
        "The ombudsman's office said the true toll would take days to establish.",
        "It said Azerbaijani forces would continue to strike only military targets.",
        "The foreign ministries announced that a humanitarian truce would take effect at midnight.",
        "The truce was supposed to take effect at noon.",
        "He said the army could no longer hold the front.",
        "Harutyunyan had warned earlier in the day that his forces would hit military facilities.",
    ],
)
def test_reported_future_and_schedules_are_not_hedges(text):
    assert _hits(text, "hedge") == []


def test_a_real_hedge_is_still_a_hedge():
    assert _hits("A deal would end the war, and the town could have been lost.", "hedge") == ["would", "could"]


def test_came_under_fire_is_not_called_a_passive():
    text = "Khankendi had come under heavy fire overnight."
    assert _hits(text, "agentless_passive") == ["come under heavy fire"]
    words = (categories()["agentless_passive"].label + " " + explain_feature("come under heavy fire", "agentless_passive")).lower()
    assert "passive" not in words


# ---------------------------------------------------------------- speakers


@pytest.mark.parametrize("phrase", ["an assertion local officials", "The", "It", "its part", "Some", "Azerbaijan (Meridian Wire) -- Azerbaijan"])
def test_a_source_cut_wrongly_is_no_speaker(phrase):
    assert clean_phrase(phrase) is None


@pytest.mark.parametrize(
    ("phrase", "named"),
    [
        ("The Foreign Ministry", "the Foreign Ministry"),
        ("President Ilham Aliyev, addressing the nation in the afternoon", "President Ilham Aliyev"),
        ("Aliyev, who appeared with Putin by video link", "Aliyev"),
        ("Hikmet Hajiyev, an adviser to Azerbaijan's president", "Hikmet Hajiyev, an adviser to Azerbaijan's president"),
        ("officials in Baku", "officials in Baku"),
    ],
)
def test_a_speaker_is_named_by_a_clean_phrase(phrase, named):
    assert clean_phrase(phrase) == named


def test_a_pronoun_source_is_asked_about_by_what_it_refers_to(profile):
    text = "The Foreign Ministry said the strikes hit homes in the city. It later claimed that civilians died."
    verbs = [q.question for q in questions(text, profile) if q.kind == "verb"]
    assert verbs and all("what the Foreign Ministry said" in q for q in verbs)


def test_no_question_names_a_speaker_a_class_cannot_find(chosen):
    asked = [q for doc in chosen.values() for q in questions(doc)]
    assert asked
    for q in asked:
        text = f"{q.question} {q.answer}"
        for bad in ("what It said", "what it said", "what He said", "what She said", "what The said", "an assertion", "what Some said", "its part", " -- "):
            assert bad not in text, (q.kind, text)
        assert "‘which’" not in q.question  # a relative pronoun is not an anaphor to trace back


# ---------------------------------------------------------------- answer keys


def test_answer_keys_hold_no_false_positive_of_these_kinds(chosen):
    pages = [answer_key(doc) for doc in chosen.values()]
    tables = (page[page.index("<caption>Answers") : page.index("</table>", page.index("<caption>Answers"))] for page in pages)
    keys = html.unescape(re.sub(r"<[^>]+>", " ", " ".join(tables)))  # what the teacher reads
    assert "‘Amnesty’" not in keys and "‘lies’" not in keys and "‘would’" not in keys
    assert "passive" not in keys.lower()


def test_side_by_side_opens_with_how_each_outlet_reports_each_side(chosen, profile):
    ledger, wire = (next(d for k, d in chosen.items() if k.startswith(prefix)) for prefix in ("caspian-ledger_2020-10-05", "meridian-wire_2020-09-27"))
    page = side_by_side(ledger, wire)
    table = page.index("How each outlet reports each side")
    assert table < page.index('class="nv-columns"') and table < page.index('class="nv-legend"')
    summary = page[table : page.index("</table>", table)]
    for side in profile.sides:
        assert side.label in summary
    assert "Caspian Ledger" in summary and "Meridian Wire" in summary and "statement" in summary
