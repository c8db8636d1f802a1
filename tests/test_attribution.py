"""Attribution extraction with the shipped model, on sentences we wrote.

Each construction the attribution issue lists has a test. The assertions
name the cue, source and content as text, and every span is checked
against the original string.
"""

from __future__ import annotations

import pytest

from narratives.attribution.extract import attribute, default_model
from narratives.attribution.features import FeatureExtractor
from narratives.attribution.item_scores import CueRequest
from narratives.attribution.model import _continue_content, _postposed_content, _within_cue_paragraph
from narratives.attribution.records import Attribution
from narratives.tokens import TokenTable


def _text(text: str, span: tuple[int, int] | None) -> str | None:
    return None if span is None else text[span[0] : span[1]]


def _find(text: str, cue: str) -> Attribution:
    found = attribute(text)
    for attribution in found:
        assert 0 <= attribution.cue_span[0] < attribution.cue_span[1] <= len(text)
        if cue in _text(text, attribution.cue_span):
            return attribution
    cues = [_text(text, a.cue_span) for a in found]
    raise AssertionError(f"no attribution with cue {cue!r}; found cues {cues}")


def _content(text: str, attribution: Attribution) -> str:
    return " ".join(text[s:e] for s, e in attribution.content)


def test_model_loads_from_package_data():
    model = default_model()
    assert model.cue_prior_["say"] > 0.5
    assert model.model_dir_.name == "attribution"


def test_records_carry_the_document_text_and_read_their_components_from_it():
    text = 'The minister said the talks had failed. "We will not give up," she added.'
    found = attribute(text)
    assert found
    for attribution in found:
        assert attribution.document_text is text
        assert attribution.cue_text == _text(text, attribution.cue_span)
        assert attribution.source_text == _text(text, attribution.source_span)
    said = _find(text, "said")
    assert (said.cue_text, said.source_text) == ("said", "The minister")
    assert said.content_text == "the talks had failed"


def test_direct_quote_cue_after():
    text = "“We will not give up a single village,” the Foreign Ministry said."
    found = _find(text, "said")
    assert _text(text, found.source_span) == "the Foreign Ministry"
    assert "We will not give up a single village" in _content(text, found)
    assert found.attribution_mode == "direct"


def test_direct_quote_inverted_said_x():
    text = "“The city was shelled all night,” said Anna Hakobyan, a resident of Stepanakert."
    found = _find(text, "said")
    assert _text(text, found.source_span).startswith("Anna Hakobyan")
    assert "The city was shelled all night" in _content(text, found)


def test_direct_quote_split_around_cue():
    text = "“Our troops are holding the line,” he said, “and they will not retreat.”"
    found = _find(text, "said")
    assert _text(text, found.source_span) == "he"
    content = _content(text, found)
    assert "holding the line" in content and "will not retreat" in content


def test_quote_over_two_paragraphs():
    text = (
        "The minister spoke for an hour. “We have shown restraint for weeks,” she said. "
        "“Nobody can accuse us of starting this.\n\n"
        "“But restraint has limits, and those limits have been reached.”"
    )
    found = _find(text, "said")
    assert _text(text, found.source_span) == "she"
    content = _content(text, found)
    assert "shown restraint" in content
    assert "Nobody can accuse us" in content and "those limits have been reached" in content


def test_quote_continued_after_cue_in_the_same_paragraph():
    text = (
        "“The shelling of Ganja was deliberate,” Hikmet Hajiyev said on Sunday. "
        "“Civilians were the target. There is no military site nearby.”\n\n"
        "The ministry in Yerevan did not comment."
    )
    found = _find(text, "said")
    assert "There is no military site nearby" in _content(text, found)
    assert "did not comment" not in _content(text, found)


_CONTINUED = "“We will respond,” the ministry said on Monday. “The attacks must stop. Nobody is safe.” Talks resumed.\n\n“No,” he said."


@pytest.mark.parametrize(
    ("cue", "expected"),
    [("said on Monday", "The attacks must stop. Nobody is safe."), ("Talks", None), ("he said", None)],
)
def test_continued_quote_is_the_next_quotation_of_the_same_paragraph(cue, expected):
    table = TokenTable.build(_CONTINUED)
    start = _CONTINUED.index(cue)
    first = table.starts.index(start)
    stop = table.ends.index(start + len(cue)) + 1
    found = FeatureExtractor.continued_quote(table, first, stop)
    assert (None if found is None else _CONTINUED[table.starts[found[0]] : table.ends[found[1] - 1]]) == expected


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (["We will respond"], ["We will respond", "The attacks must stop. Nobody is safe."]),
        (["We will respond", "The attacks must stop"], ["We will respond", "The attacks must stop. Nobody is safe."]),
        (["We will respond", "The attacks must stop. Nobody is safe.” Talks resumed"], None),
        ([], []),
    ],
)
def test_content_stopping_short_of_a_continued_quote_is_stretched_to_its_end(content, expected):
    table = TokenTable.build(_CONTINUED)
    spans = tuple((_CONTINUED.index(piece), _CONTINUED.index(piece) + len(piece)) for piece in content)
    cue_start = _CONTINUED.index("said")
    request = CueRequest(table.starts.index(cue_start), table.starts.index(cue_start) + 1)
    stretched = _continue_content(table, request, spans)
    assert [_CONTINUED[s:e] for s, e in stretched] == (content if expected is None else expected)
    assert all(_CONTINUED[s:e] == _CONTINUED[s:e].strip() for s, e in stretched)


def test_quote_in_a_new_paragraph_is_not_continued():
    text = "“The shelling of Ganja was deliberate,” Hikmet Hajiyev said on Sunday.\n\n“We did not fire at the city,” a spokesman in Yerevan said."
    found = _find(text, "Sunday")
    assert "did not fire" not in _content(text, found)


def test_indirect_speech_reported_that():
    text = "Baku reported that the city of Tartar was hit by artillery overnight."
    found = _find(text, "reported")
    assert _text(text, found.source_span) == "Baku"
    assert "the city of Tartar was hit" in _content(text, found)
    assert found.attribution_mode == "indirect"


def test_indirect_speech_insisted_that():
    text = "Yerevan insisted that its forces had not fired across the border."
    found = _find(text, "insisted")
    assert _text(text, found.source_span) == "Yerevan"
    assert "its forces had not fired" in _content(text, found)


def test_denied_and_accused():
    text = "The defense ministry denied the report. Officials accused Armenian forces of shelling Ganja."
    denied = _find(text, "denied")
    assert _text(text, denied.source_span) == "The defense ministry"
    accused = _find(text, "accused")
    assert _text(text, accused.source_span) == "Officials"
    assert "shelling Ganja" in _content(text, accused)


def test_postposed_cue_and_source_both_sides_alleged():
    text = "Homes and schools were damaged in the strikes, both sides alleged."
    found = _find(text, "alleged")
    assert _text(text, found.source_span) == "both sides"


def test_postposed_content_both_sides_alleged():
    text = "Homes and schools were damaged in the strikes, both sides alleged."
    found = _find(text, "alleged")
    assert _content(text, found) == "Homes and schools were damaged in the strikes"


def test_postposed_content_needs_a_clause():
    """Only a stretch with a verb is taken as the content of a postposed cue left without one."""
    table = TokenTable.build("In the strikes, both sides alleged.")
    cue = table.words.index("alleged")
    assert _postposed_content(table, CueRequest(cue, cue + 1)) == ()
    table = TokenTable.build("Homes burned, both sides alleged.")
    cue = table.words.index("alleged")
    assert _postposed_content(table, CueRequest(cue, cue + 1)) == ((0, len("Homes burned")),)


def test_according_to():
    text = "At least three villages were evacuated, according to local officials."
    found = _find(text, "according to")
    assert _text(text, found.source_span) == "local officials"
    assert found.attribution_mode == "according_to"


def test_source_found_after_the_quote_is_not_also_content():
    text = "“I will not leave my village,” said a farmer."
    found = _find(text, "said")
    assert _text(text, found.source_span) == "a farmer"
    assert _content(text, found) == "“I will not leave my village,”"


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        ("“We lost everything in one night. Our house is gone.” \u2015 Anna Petrosyan, 54, Stepanakert\n“The sirens never stop.” \u2015 Lilit\n", "Anna Petrosyan", "We lost everything in one night. Our house is gone."),
        ("The minister was heckled.\n\n“They shelled the market at noon.”\n\n- Hikmet Hajiyev.\n\nTalks resumed later.", "Hikmet Hajiyev", "They shelled the market at noon."),
        ("“This is a disgrace.” \u2014 Sahil Kapur (@sahilkapur) September 1, 2020", "Sahil Kapur", "This is a disgrace."),
    ],
)
def test_quote_signed_with_a_dash_and_a_name(text, source, content):
    found = [a for a in attribute(text) if _text(text, a.cue_span).strip() in ("-", "\u2014", "\u2015")]
    assert found, "no signed quotation found"
    assert _text(text, found[0].source_span) == source
    assert _content(text, found[0]) == content
    assert found[0].attribution_mode == "direct"


@pytest.mark.parametrize(
    "text",
    [
        "“Victory is near.”\n\n\u2013 Ready to fight \u2013.\n\nThe war went on.",
        "The shelling went on - Stepanakert was hit again.",
        "“Victory is near,” - and then silence fell over the hall.",
    ],
)
def test_dash_that_signs_no_quotation_is_no_cue(text):
    table = TokenTable.build(text)
    assert FeatureExtractor.signed_quotes(table) == []


def test_told_journalists_with_appositive_source():
    text = "Hikmet Hajiyev, an adviser to Azerbaijan's president, told journalists that the strikes would continue."
    found = _find(text, "told")
    assert _text(text, found.source_span).startswith("Hikmet Hajiyev")
    assert "the strikes would continue" in _content(text, found)


def test_mixed_quote():
    text = 'The ministry accused the rebels of firing rockets "against dense residential areas."'
    found = _find(text, "accused")
    assert "dense residential areas" in _content(text, found)
    assert found.attribution_mode == "mixed"


def test_pronoun_source_resolves_to_earlier_ministry():
    text = (
        "“New strikes are targeting the city,” the self-proclaimed republic's Foreign Ministry said. "
        "It later claimed that there had been deaths."
    )
    found = _find(text, "claimed")
    assert _text(text, found.source_span) == "It"
    assert _text(text, found.resolved_source) == "the self-proclaimed republic's Foreign Ministry"


def test_thought_attribution():
    text = "Pashinyan believes that the mediators can still stop the war."
    found = _find(text, "believes")
    assert _text(text, found.source_span) == "Pashinyan"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "No one said anything.",
        "“Unclosed quote, he said",
        "said said said",
        "\u201c\u201d\u201c\u201d",
        "A\n\nB\n\n“C,” D said.",
        "“I will not leave my village,” said a farmer.",
        "“We stay.” — Anna Petrosyan\n“We go.” —",
        "” - A",
    ],
)
def test_spans_always_valid(text):
    for attribution in attribute(text):
        for start, end in (*attribution.cue, *attribution.source, *attribution.content):
            assert 0 <= start < end <= len(text)
        assert not any(s < e2 and s2 < e for s, e in attribution.source for s2, e2 in attribution.content), "source and content overlap"
        if attribution.resolved_source:
            start, end = attribution.resolved_source
            assert 0 <= start < end <= len(text)
        assert 0.0 <= attribution.confidence <= 1.0


_PARAGRAPHS = (
    "The ministry said the strikes hit Ganja. “They will pay,\n\n"
    "“and they will pay soon.” Talks resumed.\n\n"
    "Sirens sounded again at night."
)


def _runs_of(table: TokenTable, *pieces: str) -> list[tuple[int, int]]:
    runs = []
    for piece in pieces:
        start = _PARAGRAPHS.index(piece)
        runs.append((table.starts.index(start), table.ends.index(start + len(piece)) + 1))
    return runs


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (["the strikes hit Ganja"], ["the strikes hit Ganja"]),
        (["the strikes hit Ganja. “They will pay,\n\n“and they will pay soon.” Talks resumed"], ["the strikes hit Ganja. “They will pay,\n\n“and they will pay soon.”"]),
        (["the strikes hit Ganja", "Sirens sounded again at night"], ["the strikes hit Ganja"]),
        (["Sirens sounded again at night"], ["Sirens sounded again at night"]),
    ],
)
def test_content_stops_at_the_end_of_the_cue_paragraph_unless_a_quotation_runs_on(content, expected):
    table = TokenTable.build(_PARAGRAPHS)
    cue = _PARAGRAPHS.index("said")
    request = CueRequest(table.starts.index(cue), table.starts.index(cue) + 1)
    runs = _within_cue_paragraph(table, request, _runs_of(table, *content))
    assert [_PARAGRAPHS[table.starts[a] : table.ends[b - 1]] for a, b in runs] == expected
