"""The report section "What each side says" and the comparison of story labels, on our own corpus."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd
import pytest

from narratives.compare.stories import compare_stories, story_statements
from narratives.corpus import load
from narratives.report.build import build_report

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpora" / "karabakh-2020"
STORY_TABLES = ["story_topics", "story_typical", "story_roles", "story_words"]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("stories") / "report"
    return build_report(CORPUS, "armenia-azerbaijan", out, n_boot=20, n_permutations=20,
                        classifier_permutations=3, classifier_boot=3)


def _section(report) -> str:
    page = (report.out / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<section id="stories">.*?</section>', page, re.DOTALL)
    assert match, "the section is missing"
    return match.group(0)


def _table(report, name: str) -> pd.DataFrame:
    return pd.read_csv(report.out / "tables" / f"{name}.csv", keep_default_na=False)


def test_section_is_listed_and_its_tables_are_in_the_manifest(report) -> None:
    page = (report.out / "index.html").read_text(encoding="utf-8")
    assert '<a href="#stories">What each side says</a>' in page
    assert "<h2>What each side says</h2>" in _section(report)
    for name in STORY_TABLES:
        assert f"tables/{name}.csv" in report.manifest["outputs"]
        assert f"tables/{name}.csv" in report.files


def test_topic_shares_and_counts_on_the_page_match_the_table(report) -> None:
    section = html.unescape(_section(report))
    topics = _table(report, "story_topics")
    assert len(topics) >= 2
    for topic in topics.to_dict("records"):
        assert f"Topic {topic['topic'] + 1}: {topic['top_words']}" in section
        for side in ("armenia", "azerbaijan"):
            shown = f"{topic[f'share:{side}'] * 100:.0f}% (main topic of {topic[f'statements:{side}']} statements)"
            assert shown in section
    for side in ("armenia", "azerbaijan"):  # a side's shares are the mean of weights that sum to 1
        assert topics[f"share:{side}"].sum() == pytest.approx(1.0, abs=0.01)


def test_typical_statements_hold_their_offsets_and_are_quoted_with_their_speaker(report) -> None:
    texts = {document.id: document.text for document in load(CORPUS)}
    section = html.unescape(_section(report))
    typical = _table(report, "story_typical")
    assert len(typical) >= 2 * 2
    assert typical.groupby("topic").size().max() == 2
    for row in typical.to_dict("records"):
        assert texts[row["doc_id"]][row["start"]:row["end"]] == row["content"]
        assert f"<q>{row['content']}</q> - {row['speaker']} (" in section
        assert f"{row['doc_id']}, characters {row['start']}-{row['end']}" in section


def test_role_counts_on_the_page_match_the_table_and_the_caveat_is_plain(report) -> None:
    section = _section(report)
    roles = _table(report, "story_roles")
    assert set(roles["speaker_side"]) == {"armenia", "azerbaijan"}
    cells = [[html.unescape(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
             for row in re.findall(r"<tr>(.*?)</tr>", section)]
    shown = {(row[2], row[3], row[4]) for row in cells if len(row) == 6}
    for row in roles.to_dict("records"):
        assert (row["main_role"], str(row["mentions"]), str(row["total"])) in shown
    assert (roles.groupby(["speaker_side", "entity_side"])["share"].sum().round(2) == 1.0).all()
    assert "486 labelled mentions" in section and "only about 0.04" in section


def test_content_words_are_shown_with_their_counts(report) -> None:
    section = html.unescape(_section(report))
    words = _table(report, "story_words")
    for row in words.to_dict("records"):
        assert f"{row['term']} ({row['count_a']}/{row['count_b']})" in section


def test_frame_and_narrative_rates_when_the_story_columns_exist(report) -> None:
    if "frames" not in report.analysis.attributions.columns:
        pytest.skip("no story model shipped")
    section = html.unescape(_section(report))
    assert "mostly pro-Kremlin narratives" in section
    rates = _table(report, "story_rates")
    for row in rates[rates.groupby("variable")["count"].transform("sum") > 0].to_dict("records"):
        assert f"({row['count']} of {row['n_statements']})" in section


def _attributions() -> pd.DataFrame:
    spans = [[0, 4]]
    return pd.DataFrame({
        "doc_id": ["d1", "d1", "d2", "d2", "d3", "d3"],
        "side": ["a", "b", "a", "b", "a", "b"],
        "content_spans": [spans, spans, spans, spans, [], spans],
        "frames": ["Morality; Political", "Political", "Morality", "", "Morality", "Economic"],
        "narratives": ["Other", "X: Y", "Other", "Other", "", "X: Y"],
    })


def test_story_statements_turn_labels_into_features_of_statements_with_a_content() -> None:
    statements, features = story_statements(_attributions())
    assert features == ["frame=Economic", "frame=Morality", "frame=Political", "narrative=Other", "narrative=X: Y"]
    assert len(statements) == 5  # the statement without a content is left out
    assert statements.groupby("side")["frame=Morality"].sum().to_dict() == {"a": 2, "b": 0}
    assert statements["narrative=X: Y"].tolist() == [0, 1, 0, 0, 1]


def test_compare_stories_counts_each_side_and_is_none_without_labels() -> None:
    result = compare_stories(_attributions(), ["a", "b"], n_boot=10, n_permutations=10, min_statements=1, min_documents=1)
    rates = result.rates.set_index(["group", "variable"])
    assert rates.loc[("a", "frame=Morality"), "count"] == 2 and rates.loc[("a", "frame=Morality"), "n_statements"] == 2
    assert rates.loc[("b", "frame=Political"), "count"] == 1 and rates.loc[("b", "frame=Political"), "n_statements"] == 3
    assert compare_stories(_attributions().drop(columns=["frames", "narratives"]), ["a", "b"]) is None


def test_compare_stories_is_none_when_a_side_has_no_statement() -> None:
    one_side = _attributions().query("side == 'a'")
    assert compare_stories(one_side, ["a", "b"], n_boot=10, n_permutations=10) is None
