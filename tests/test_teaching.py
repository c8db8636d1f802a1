"""The teaching view, worksheets, answer keys, ``narratives teach`` and the notebook renderings."""

from __future__ import annotations

import html
import re
import tomllib
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from narratives.cli import main
from narratives.corpus import Document, load
from narratives.framing import OTHER_STANCE, STANCES, feature_categories
from narratives.pipeline import analyze, analyze_document
from narratives.report.markup import Mark, render_marks
from narratives.report.lesson import side_by_side
from narratives.report.teaching import annotate, explain_cue, show, teaching_view
from narratives.report.worksheet import answer_key, questions, worksheet
from narratives.sides import load_profile

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpora" / "karabakh-2020"
EXPLANATIONS = REPO / "narratives" / "data" / "lexicons" / "stance_explanations.toml"
HOSTILE = (
    "Hostile <script>alert(1)</script> headline\n\n"
    "Officials in Baku claimed that <img src=x onerror=alert(1)> was shelled & burned, "
    'while the self-proclaimed regime denied it. "Lies & <b>propaganda</b>," he said. 3 < 4.\n'
)


class _Tags(HTMLParser):
    """Start tags with their attributes, and whether every element was closed in order."""

    VOID = {"meta", "input", "br", "img", "hr", "link"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.starts: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.balanced = True

    def handle_starttag(self, tag, attrs):
        self.starts.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.balanced = False


def _tags(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser


def _visible_text(page: str, marker: str = '<div class="nv-text"') -> str:
    """The text of the first ``nv-text`` block: tags stripped, entities unescaped (it holds spans only)."""
    start = page.index(marker)
    block = page[page.index(">", start) + 1 : page.index("</div>", start)]
    return html.unescape(re.sub(r"<[^>]+>", "", block))


@pytest.fixture(scope="module")
def profile():
    return load_profile("armenia-azerbaijan")


@pytest.fixture(scope="module")
def documents():
    return list(load(CORPUS))


@pytest.fixture(scope="module")
def ledger(documents, profile):
    """A Caspian Ledger article (distancing verbs, labels, scare quotes), annotated with the profile."""
    doc = next(d for d in documents if d.id == "caspian-ledger_2020-09-27_counter-offensive")
    return annotate(doc, profile)


@pytest.fixture(scope="module")
def hostile(profile):
    return annotate(Document("hostile", HOSTILE, title="<script>alert(2)</script>", outlet="A & B"), profile)


def test_visible_text_is_the_article_text(ledger):
    page = teaching_view(ledger)
    assert _visible_text(page) == ledger.document.text
    assert _tags(page).balanced


def test_hostile_text_renders_as_plain_text(hostile):
    for page in (teaching_view(hostile), worksheet(hostile), answer_key(hostile), side_by_side(hostile, hostile)):
        tags = _tags(page)
        assert tags.balanced
        names = {tag for tag, _ in tags.starts}
        assert not names & {"script", "img", "b", "iframe", "object"}
        assert not any(name.startswith("on") for _, attrs in tags.starts for name in attrs)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert _visible_text(teaching_view(hostile)) == HOSTILE


def test_the_page_loads_nothing(ledger):
    page = teaching_view(ledger)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "@import" not in page and "url(" not in page and "<script" not in page


def test_every_category_has_an_explanation():
    data = tomllib.loads(EXPLANATIONS.read_text(encoding="utf-8"))
    assert set(data["stance"]) == {*STANCES, OTHER_STANCE}
    assert set(data["features"]) == set(feature_categories())
    assert all("{verb}" in sentence for sentence in data["stance"].values())


def test_every_cue_has_its_tooltip_from_the_data_file(ledger):
    data = tomllib.loads(EXPLANATIONS.read_text(encoding="utf-8"))["stance"]
    cues = [(tag, attrs) for tag, attrs in _tags(teaching_view(ledger)).starts if "nv-cue" in (attrs.get("class") or "").split()]
    marked = [attrs for _, attrs in cues if attrs.get("data-stance")]
    assert len(marked) >= len(ledger.attributions)
    text = ledger.document.text
    verbs = {row["cue_start"]: text[row["cue_start"] : row["cue_end"]] for row in ledger.attributions.to_dict("records")}
    for attrs in marked:
        assert any(attrs["title"].split(" / ")[0] == data[attrs["data-stance"]].format(verb=verb) for verb in verbs.values())
    stances = Counter(attrs["data-stance"] for attrs in marked)
    assert stances["distancing"] >= 1 and stances["neutral"] >= 1
    assert explain_cue("claimed", "distancing").startswith("‘claimed’ signals the writer's distance from the claim")


def test_framing_marks_and_legend(ledger):
    page = teaching_view(ledger)
    classes = " ".join(attrs.get("class") or "" for _, attrs in _tags(page).starts)
    for category in ("delegitimising", "scare_quote", "agentless_passive", "approximator"):
        assert f"nv-f-{category}" in classes
    assert 'class="nv-legend"' in page
    for category in (*STANCES, *feature_categories()):
        assert f"nv-st-{category}" in page or f"nv-f-{category}" in page


def test_side_colours_come_from_the_profile(tmp_path, documents):
    shipped = (REPO / "narratives" / "data" / "profiles" / "armenia-azerbaijan.toml").read_text(encoding="utf-8")
    changed = shipped.replace('colour = "#d95f02"', 'colour = "#123456"').replace('colour = "#1b9e77"', 'colour = "#abc"')
    path = tmp_path / "recoloured.toml"
    path.write_text(changed, encoding="utf-8")
    doc = annotate(next(d for d in documents if d.id.startswith("meridian-wire_2020-10-11")), load_profile(path))
    page = teaching_view(doc)
    assert ".nv-side-armenia { --nv-side: #123456;" in page
    assert ".nv-side-azerbaijan { --nv-side: #abc; --nv-tint: rgba(170, 187, 204, 0.26)" in page
    sides = {c for _, attrs in _tags(page).starts for c in (attrs.get("class") or "").split() if c.startswith("nv-side-")}
    assert {"nv-side-armenia", "nv-side-azerbaijan"} <= sides


def test_answer_key_sentence_numbers_match_the_worksheet(ledger):
    sheet, key = worksheet(ledger), answer_key(ledger)
    asked = [attrs.get("data-sentence") for tag, attrs in _tags(sheet).starts if tag == "li" and "data-kind" in attrs]
    answered = [attrs.get("data-sentence") for tag, attrs in _tags(key).starts if tag == "tr" and "data-kind" in attrs]
    assert asked == answered and len(asked) >= 8
    bounds = list(zip(ledger.sentences["start"], ledger.sentences["end"]))
    text = ledger.document.text
    for question in questions(ledger):
        for start, end, words in question.spans:
            assert text[start:end] == words
        if question.sentence is not None and question.kind != "pronoun":
            first, last = bounds[question.sentence - 1]
            assert first <= question.spans[0][0] < last, question
            assert f'<span id="s{question.sentence}" data-n="{question.sentence}">' in sheet
    kinds = {q.kind for q in questions(ledger)}
    assert {"speaker", "verb", "label", "scare_quote", "compare_sides"} <= kinds


def test_side_by_side_has_two_columns_with_unique_anchors(ledger, hostile):
    page = side_by_side(ledger, hostile)
    ids = [attrs["id"] for _, attrs in _tags(page).starts if "id" in attrs]
    assert len(ids) == len(set(ids))
    assert page.count('<div class="nv-text"') == 2
    second = page.index('<div class="nv-text"', page.index('<div class="nv-text"') + 1)
    assert _visible_text(page[second:]) == HOSTILE


def test_repr_html_shows_the_escaped_text(profile):
    doc = Document("x", "Baku claimed that <b>Ganja</b> & Tartar were shelled.")
    for rendered in (doc._repr_html_(), analyze_document(doc)._repr_html_(), show(doc, profile).html):
        assert _visible_text(rendered) == doc.text
        assert "&lt;b&gt;" in rendered and "<b>" not in rendered
    analysis = analyze([doc], profile=profile)
    table = analysis._repr_html_()
    assert "claimed" in table and "nv-st-distancing" in table
    assert "nv-st-distancing" in show(analysis.attributions, profile).html


def test_event_metadata_passes_through(documents):
    events = Counter(doc.extra.get("event") for doc in documents)
    assert None not in events
    shared = [event for event in events if len({d.outlet for d in documents if d.extra["event"] == event}) == 3]
    assert sorted(shared) == ["ceasefire", "cities-shelled", "moscow-truce", "outbreak"]


def test_cli_teach_event(tmp_path, capsys):
    out = tmp_path / "teach"
    assert main(["teach", str(CORPUS), "--profile", "armenia-azerbaijan", "--event", "outbreak", "--out", str(out), "-q"]) == 0
    names = sorted(p.name for p in out.iterdir() if p.is_file())
    assert "index.html" in names
    assert sum(name.endswith(".worksheet.html") for name in names) == 3
    assert not any(name.endswith(".answers.html") for name in names)  # the answer keys have their own folder
    keys = sorted(p.name for p in (out / "answers").iterdir())
    assert sum(name.endswith(".answers.html") for name in keys) == 3 and "index.html" in keys
    pairs = [name for name in names if "__vs__" in name]
    assert len(pairs) == 3
    index = (out / "index.html").read_text(encoding="utf-8")
    for name in names:
        if name != "index.html":
            assert f'href="{name}"' in index
    assert "answers" not in index  # students are not sent to the answer keys
    teacher = (out / "answers" / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{name}"' in teacher for name in keys if name != "index.html")


@pytest.mark.parametrize(
    ("options", "code"),
    [(["--pair", "no-such-doc", "meridian-wire_2020-10-04_cities-shelled"], "N140"), (["--event", "no-such-event"], "N141")],
)
def test_cli_teach_bad_choice(tmp_path, capsys, options, code):
    assert main(["teach", str(CORPUS), "--out", str(tmp_path / "out"), *options]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"narratives: error: [{code}]") and "\n" not in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()  # nothing written for a refused choice


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet="ab<&\n\"' ", min_size=1, max_size=40),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40), st.integers(0, 3)), max_size=12),
)
def test_overlapping_marks_nest(text, spans):
    marks = [Mark(min(a, b) % (len(text) + 1), max(a, b) % (len(text) + 1), f"m{r}", (("id", f"i{i}"),), r) for i, (a, b, r) in enumerate(spans)]
    marks = [m for m in marks if m.start <= m.end]
    rendered = render_marks(text, marks)
    parser = _tags(f"<div>{rendered}</div>")
    assert parser.balanced and not parser.stack
    assert html.unescape(re.sub(r"<[^>]+>", "", rendered)) == text
    ids = [attrs["id"] for _, attrs in parser.starts if "id" in attrs]
    assert len(ids) == len(set(ids))


def test_mark_outside_the_text_is_refused():
    with pytest.raises(ValueError, match="outside the text"):
        render_marks("abc", [Mark(1, 5, "x")])
