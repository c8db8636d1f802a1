"""Attribution rules for real news pages (issue 16), on short texts we wrote.

Each rule of :mod:`narratives.attribution.rules` has a test: page furniture
gives no attribution, the rule cues are found with their source, and source
spans are corrected. Every span is checked against the original string.
"""

from __future__ import annotations

from narratives.attribution.extract import attribute
from narratives.attribution.records import Attribution


def _text(text: str, span: tuple[int, int] | None) -> str | None:
    return None if span is None else text[span[0] : span[1]]


def _all(text: str) -> list[Attribution]:
    found = attribute(text)
    for attribution in found:
        for start, end in (*attribution.cue, *attribution.source, *attribution.content):
            assert 0 <= start < end <= len(text)
        if attribution.resolved_source is not None:
            assert 0 <= attribution.resolved_source[0] < attribution.resolved_source[1] <= len(text)
    return found


def _cues(text: str) -> list[str]:
    return [_text(text, a.cue_span) for a in _all(text)]


def _find(text: str, cue: str) -> Attribution:
    for attribution in _all(text):
        if _text(text, attribution.cue_span) == cue:
            return attribution
    raise AssertionError(f"no attribution with cue {cue!r}; found cues {_cues(text)}")


def test_furniture_lines_give_no_attribution():
    text = (
        "The mayor said the bridge would reopen in May.\n\n"
        "READ MORE: Council says repairs will cost more than planned\n\n"
        "Most read in The Daily Post\n\n"
        "Click here to get the paper delivered, the offer says.\n\n"
        "The council added that the road stays closed."
    )
    cues = _cues(text)
    assert "said" in cues and "added" in cues
    assert not any(a.cue_span[0] > text.index("READ MORE") and a.cue_span[0] < text.index("The council") for a in _all(text))


def test_emphasis_note_is_not_an_attribution():
    text = 'The envoy wrote: "We will not accept any delay to the talks." (emphasis added)\n\nThe talks resume on Monday.'
    assert "added" not in _cues(text)
    assert any(cue.startswith("wrote") for cue in _cues(text))


def test_per_like_according_to():
    text = "The two ministers met for three hours on Tuesday, per the Daily Ledger."
    found = _find(text, "per")
    assert _text(text, found.source_span) == "the Daily Ledger"


def test_possessed_noun_with_that_clause_is_a_cue():
    text = "Despite Governor Lind's claim that the canal was repaired last year, the fields stayed dry."
    found = _find(text, "claim")
    assert _text(text, found.source_span) == "Governor Lind"


def test_possessed_noun_without_a_clause_is_not_a_cue():
    text = "Farmers read Governor Lind's statement on the canal at the meeting."
    assert "statement" not in _cues(text)


def test_post_signature_with_handle():
    text = (
        "The river crossing was shelled again tonight.\n\n"
        "Nobody has come to help the people of the valley. pic.twitter.com/AbCdEf123\n\n"
        "\u2014 Maria Example (@maria_example) March 3, 2024\n\n"
        "The ministry did not comment."
    )
    found = _find(text, "\u2014")
    assert _text(text, found.source_span) == "Maria Example"
    assert _text(text, found.content_span) == "Nobody has come to help the people of the valley"


def test_according_to_source_ends_at_the_clause_comma():
    text = "According to the northern command, the southern brigades withdrew from the hills overnight."
    found = _find(text, "According to")
    assert _text(text, found.source_span) == "the northern command"


def test_according_to_keeps_an_apposition():
    text = "Crime fell by a third, according to Anna Berg, head of the city's statistics office."
    found = _find(text, "according to")
    assert _text(text, found.source_span).startswith("Anna Berg")


def test_that_clause_verb_missed_by_the_model_is_a_cue():
    text = "The harbour was quiet on Sunday. State television confirmed Tuesday that the fleet had a new commander."
    found = _find(text, "confirmed")
    assert "the fleet had a new commander" in " ".join(text[s:e] for s, e in found.content)


def test_infinitive_with_that_clause_is_not_added():
    text = "Voters want to know that the count is fair."
    assert "know" not in _cues(text)


def test_state_deed_is_not_an_attribution():
    text = "Latvia banned the broadcasting of eighty channels last year."
    assert "banned" not in _cues(text)


def test_state_statement_stays_an_attribution():
    text = "Latvia said the channels spread false reports about the war."
    found = _find(text, "said")
    assert _text(text, found.source_span) == "Latvia"


def test_passive_belief_is_a_cue():
    text = "The convoy was hit by what is thought to be artillery fire."
    found = _find(text, "is thought")
    assert found.source == ()


def test_postposed_belief_is_a_cue():
    text = "The offensive surprised everyone in the capital, the old colonel believes."
    found = _find(text, "believes")
    assert _text(text, found.source_span) == "the old colonel"


def test_line_signed_with_a_dash_and_a_name():
    text = "Grain exports will double next year \u2013 Petrova\n\nThe port reopened in March after repairs."
    found = _find(text, "\u2013")
    assert _text(text, found.source_span) == "Petrova"
    assert _text(text, found.content_span) == "Grain exports will double next year"


def test_headline_opened_by_a_name_and_a_dash():
    text = "Halvorsen \u2013 both sides agree to swap prisoners\n\nThe exchange took place on the border."
    found = _find(text, "\u2013")
    assert _text(text, found.source_span) == "Halvorsen"


def test_dateline_and_compound_dashes_are_not_signatures():
    text = "OSLO \u2014 The talks resumed on Monday.\n\nThe north\u2013south road stays closed for repairs."
    assert "\u2014" not in _cues(text) and "\u2013" not in _cues(text)


def test_byline_after_a_full_stop_is_not_a_signature():
    text = "The council approved the budget on Friday after a long debate.--Anna Holt.\n\nMore news follows."
    assert "--" not in _cues(text)


def test_headline_colon_names_the_speaker():
    text = "Retired general: the northern offensive will stall before winter\n\nThe general spoke at a forum in Oslo."
    found = _find(text, ":")
    assert _text(text, found.source_span) == "Retired general"


def test_headline_colon_after_the_statement():
    text = "Grain prices will fall this autumn: Survey\n\nThe survey asked 400 traders."
    found = _find(text, ":")
    assert _text(text, found.source_span) == "Survey"


def test_headline_label_and_dateline_colons_are_not_attributions():
    assert ":" not in _cues("Watch: firefighters rescue a girl from a burning flat\n\nThe girl is safe.")
    assert ":" not in _cues("Kyiv: the metro reopened after the night's alerts\n\nTrains run every ten minutes.")


def test_headline_deed_without_quotes_is_not_an_attribution():
    text = "Dam breach floods three villages and cuts the main road\n\nRescuers reached the villages on Monday."
    assert "floods" not in _cues(text) and "cuts" not in _cues(text)


def test_said_according_to_keeps_the_speaker_of_said():
    text = '"We will not negotiate under fire," the spokeswoman said, according to the Daily Ledger.'
    said = _find(text, "said")
    assert _text(text, said.source_span) == "the spokeswoman"
    according = _find(text, "according to")
    assert _text(text, according.source_span) == "the Daily Ledger"


def test_according_to_clause_becomes_content():
    text = "According to the northern command, the southern brigades withdrew from the hills overnight."
    found = _find(text, "According to")
    assert "the southern brigades withdrew" in " ".join(text[s:e] for s, e in found.content)


def test_source_skips_words_of_time():
    text = "Petrov had back in May declared that the operation would end soon."
    assert _text(text, _find(text, "declared").source_span) == "Petrov"
    text = "The ministry, meanwhile, has for months been warning that the weapons end up on the black market."
    found = _find(text, "been warning")
    assert _text(text, found.source_span) == "The ministry"


def test_relative_pronoun_source_resolves_to_its_noun_phrase():
    text = "The offensive failed, said the commander of the brigade, who admitted that the losses were heavy."
    found = _find(text, "admitted")
    assert _text(text, found.source_span) == "who"
    assert _text(text, found.resolved_source) == "the commander of the brigade"


def test_relative_denial_is_a_cue():
    text = "The blackout was blamed on saboteurs sent by Moscow, a charge the Kremlin denies."
    found = _find(text, "denies")
    assert _text(text, found.source_span) == "the Kremlin"


def test_noun_of_saying_with_its_source_after_by():
    text = "The inquiry led to an admission by port officials that the cranes were never inspected."
    found = _find(text, "admission")
    assert _text(text, found.source_span) == "port officials"


def test_headline_verb_of_saying_without_a_clause_is_not_an_attribution():
    text = "Both sides agree swap of two hundred prisoners\n\nThe swap took place at the border on Friday."
    assert "agree" not in _cues(text)


def test_a_participle_cue_shares_the_subject_of_the_cue_before_it():
    text = "The minister said the talks had failed on Monday, adding that the border would stay closed."
    found = _all(text)
    adding = [a for a in found if _text(text, a.cue_span).startswith("adding")]
    assert adding and _text(text, adding[0].source_span) == "The minister"


def test_a_participle_in_another_sentence_takes_no_source():
    text = "The minister said the talks had failed. Adding to the pressure, prices rose again."
    for attribution in _all(text):
        if _text(text, attribution.cue_span).lower().startswith("adding"):
            assert attribution.source_span is None


def test_a_source_starts_after_a_clause_opener_after_a_dash():
    text = "New threats from Moscow and Beijing - as a senior Ukrainian official warns that the winter will be hard."
    found = [a for a in _all(text) if _text(text, a.cue_span) == "warns"]
    assert found and _text(text, found[0].source_span) == "a senior Ukrainian official"


def test_a_source_that_opens_a_relative_clause_resolves_to_the_noun_phrase_before_it():
    text = "Timur, who had no military experience said he had two weeks of training."
    found = [a for a in _all(text) if _text(text, a.cue_span) == "said"]
    assert found and _text(text, found[0].source_span).startswith("who")
    assert _text(text, found[0].resolved_source) == "Timur"


def test_the_subject_of_a_passive_cue_is_not_its_source():
    text = "The governor has been endorsed by the newspaper, which said he had earned it."
    for attribution in _all(text):
        if "endorsed" in _text(text, attribution.cue_span):
            assert _text(text, attribution.source_span) in (None, "the newspaper")


def test_a_pronoun_that_ends_a_source_span_is_the_source():
    text = "In an interview with the state channel RT he blasted the American media for its coverage."
    blasted = [a for a in _all(text) if _text(text, a.cue_span) == "blasted"]
    assert blasted and _text(text, blasted[0].source_span) == "he"
