"""The report section "What each side says": topics, entity roles, words, frames and narratives per side.

:func:`story_tables` computes the tables from an analysis (discovered topics
of statement contents, the roles each side's speakers cast others in, the
fightin' words of contents and, when ``analyze`` added the story columns,
the rates of frames and narratives per side); :func:`write_story_tables`
writes them as CSV; :func:`stories_section` turns them into HTML.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from narratives.compare.defaults import N_BOOT, N_PERMUTATIONS
from narratives.compare.result import Comparison
from narratives.compare.sides import content_words
from narratives.compare.stories import compare_stories
from narratives.csv_export import write_csv
from narratives.errors import DataError
from narratives.pipeline import Analysis
from narratives.report import html as h
from narratives.report.labels import side_title
from narratives.report.sections import reading
from narratives.sides import Profile
from narratives.stories.roles import cast_roles, role_shares
from narratives.stories.topics import discover_topics, statement_contents

N_TOPICS = 6
"""Topics asked of the topic model (fewer when there are few statements)."""

N_TYPICAL = 2
"""Typical statements quoted per topic."""

SATURATED = 0.9
"""A label given to at least this share of both sides' statements is flagged as saying little."""

N_WORDS = 8
"""Top words shown per topic and words shown per side in the contrast."""

ROLE_CAVEAT = (
    "Roles are read by a small model trained on 486 labelled mentions of the Ukraine war and climate change "
    "(SemEval-2025 Task 10). Cross-validated, it names the main role right for 0.73 of mentions, where always "
    "answering the majority role (Antagonist) scores 0.69: it beats that by only about 0.04. It leans to "
    "Antagonist. Compare shares between sides, never read them as absolute rates, and check them against the "
    "mentions (story_roles.csv)."
)

STORY_CAVEAT = (
    "Frames (the 14 media frames) and narratives (the SemEval-2025 taxonomy of the Ukraine war) are read by "
    "models trained on whole articles; here they read one statement's content, which is much shorter. The "
    "narrative taxonomy describes mostly pro-Kremlin narratives: a label says the words resemble those "
    "narratives, not that a speaker tells them, and the stories of this conflict's sides are better seen in "
    "the topics above."
)


@dataclass(frozen=True)
class StoryTables:
    """The tables of the section, each written as CSV.

    Attributes
    ----------
    topics
        ``topic``, ``top_words``, ``statements``, and per side ``share:<side>``
        and ``statements:<side>`` (None when no statement has a content).
    typical
        The quoted statements: ``topic``, ``rank``, ``doc_id``,
        ``attribution_id``, ``speaker``, ``side``, ``outlet``, ``start``,
        ``end``, ``content`` (``text[start:end]``).
    roles
        :func:`~narratives.stories.roles.role_shares` of mentions inside the
        sides' statements: ``speaker_side``, ``entity_side``, ``main_role``,
        ``mentions``, ``total``, ``share``.
    words
        The content words leaning most to each side (``side`` column added).
    stories
        Comparison of frame and narrative labels between the sides (None
        without story columns).
    """

    topics: pd.DataFrame | None
    typical: pd.DataFrame | None = field(repr=False)
    roles: pd.DataFrame = field(repr=False)
    words: pd.DataFrame | None = field(repr=False)
    stories: Comparison | None = field(repr=False)


def _topics(analysis: Analysis, texts: Mapping[str, str], outlets: Mapping[str, object], sides: list[str], seed: int):
    try:
        contents = statement_contents(analysis.attributions, texts)
        n_contents = int(contents["side"].isin(sides).sum())
        found = discover_topics(
            analysis.attributions, texts, outlets=outlets, sides=sides, n_typical=N_TYPICAL, n_words=N_WORDS,
            n_topics=max(1, min(N_TOPICS, n_contents // 5)), seed=seed,
        )
    except DataError:
        return None, None
    shares = found.shares[found.shares["by"] == "side"]
    topics = found.topics.copy()
    for side in sides:
        rows = shares[shares["group"] == side].set_index("topic").reindex(topics["topic"])
        topics[f"share:{side}"] = rows["share"].fillna(0.0).to_numpy()
        topics[f"statements:{side}"] = rows["statements"].fillna(0).astype(int).to_numpy()
    return topics, found.typical


def _words(analysis: Analysis, texts: Mapping[str, str], sides: list[str]) -> pd.DataFrame | None:
    contents = statement_contents(analysis.attributions, texts)
    if contents["side"].isin(sides[:1]).sum() == 0 or contents["side"].isin(sides[1:2]).sum() == 0:
        return None
    words = content_words(contents, sides[0], sides[1])
    table = words.table
    top = pd.concat([table.head(N_WORDS).assign(side=sides[0]), table.tail(N_WORDS).iloc[::-1].assign(side=sides[1])])
    return top[["side", *table.columns]].reset_index(drop=True)


def story_tables(
    analysis: Analysis, texts: Mapping[str, str], outlets: Mapping[str, object], profile: Profile,
    *, seed: int = 0, n_boot: int = N_BOOT, n_permutations: int = N_PERMUTATIONS,
) -> StoryTables:
    """Topics, roles, content words and story rates of the profile's two sides.

    Parameters
    ----------
    analysis
        From :func:`narratives.pipeline.analyze` run with ``profile``.
    texts, outlets
        Each document's text and outlet by ``doc_id``.
    profile
        Gives the sides compared (its ``side_ids``).
    seed, n_boot, n_permutations
        Seed of the topic model and of the resampling; replicates of the comparison of story labels.

    Returns
    -------
    StoryTables
    """
    sides = list(profile.side_ids)
    topics, typical = _topics(analysis, texts, outlets, sides, seed)
    roles = cast_roles(texts, analysis.attributions, profile, outlets=outlets)
    spoken = roles[(roles["position"] == "content") & roles["speaker_side"].isin(sides)]
    shares = role_shares(spoken, by="speaker_side", target="entity_side")
    stories = compare_stories(
        analysis.attributions, sides, n_boot=n_boot, n_permutations=n_permutations, seed=seed,
        min_statements=10, min_documents=3,
    )
    return StoryTables(topics, typical, shares, _words(analysis, texts, sides), stories)


def write_story_tables(tables: StoryTables, folder: str | Path) -> list[Path]:
    """Write each table as ``story_<name>.csv`` in ``folder``; return the paths written."""
    folder = Path(folder)
    frames = {"topics": tables.topics, "typical": tables.typical, "roles": tables.roles, "words": tables.words}
    if tables.stories is not None:
        frames.update(rates=tables.stories.rates, tests=tables.stories.tests)
    return [write_csv(frame, folder / f"story_{name}.csv") for name, frame in frames.items() if frame is not None]


def _share(value: float, count: int, total: int) -> str:
    return f"{100 * value:.0f}% ({count} of {total})"


def _speaker(speaker: str, side: str) -> str:
    """A quoted statement's speaker with their side's title, once: "Shushan Stepanyan (Armenian side)", "Azerbaijan"."""
    return speaker if speaker.casefold() == side.casefold() else f"{speaker} ({side})"


def _topics_html(tables: StoryTables, sides: list[str], labels: Mapping[str, str]) -> str:
    topics, typical = tables.topics, tables.typical
    if topics is None:
        return h.paragraph("No statement of the two sides has a content: there are no topics to find.")
    rows = []
    for topic in topics.to_dict("records"):
        quotes = typical[typical["topic"] == topic["topic"]]
        items = "".join(
            h.element("li", h.element("q", h.escape(q.content)) + h.escape(
                f" - {_speaker(q.speaker, side_title(labels.get(q.side, q.side)))}, {q.doc_id}, characters {q.start}-{q.end}"))
            for q in quotes.itertuples()
        )
        shares = "; ".join(
            f"{labels.get(side, side)}: {topic[f'share:{side}'] * 100:.0f}% "
            f"(main topic of {topic[f'statements:{side}']} statements)" for side in sides
        )
        rows.append(
            h.element("h3", h.escape(f"Topic {topic['topic'] + 1}: {topic['top_words']}"))
            + h.paragraph(f"Share per side - {shares}.")
            + h.element("ul", items, class_="typical")
        )
    intro = (
        "Topics are found without labels in what the two sides' speakers say (the statement contents; NMF over "
        "TF-IDF, seeded). A topic is shown by its top words and the statements that weigh most on it; name it by "
        "reading those statements, not from the words alone. A side's share of a topic is the mean weight of the "
        "topic in that side's statements (a side's shares sum to 100%)."
    )
    return h.paragraph(intro) + "".join(rows)


def _roles_html(tables: StoryTables, labels: Mapping[str, str]) -> str:
    roles = tables.roles
    body = reading([ROLE_CAVEAT], "caveat")
    if roles.empty:
        return body + h.paragraph("No actor of the profile is mentioned inside the sides' statements.")
    shown = roles.assign(
        speaker_side=roles["speaker_side"].map(lambda s: labels.get(s, s)),
        entity_side=roles["entity_side"].map(lambda s: labels.get(s, s)),
    )
    return body + h.table(
        shown, "Who each side's speakers cast in which role (mentions inside their statements)",
        formats={"share": "{:.0%}".format},
        headers={"speaker_side": "in statements of", "entity_side": "mentions of", "main_role": "cast as",
                 "mentions": "mentions", "total": "of all mentions", "share": "share"},
    )


def _words_html(tables: StoryTables, labels: Mapping[str, str]) -> str:
    if tables.words is None:
        return h.paragraph("One of the sides has no statement with a content: no contrast of words.")
    words = tables.words
    lines = [
        f"Leaning to {labels.get(side, side)}: " + ", ".join(
            f"{row.term} ({row.count_a}/{row.count_b})" for row in words[words["side"] == side].itertuples())
        for side in dict.fromkeys(words["side"])
    ]
    intro = ("Fightin' words of what is said (statement contents only, the speakers' names left out): the words "
             "leaning most to each side, with their counts in the first side's and the second side's statements. "
             "Few reach significance on a small corpus.")
    return h.paragraph(intro) + "".join(h.paragraph(line) for line in lines)


def _story_label(variable: str) -> str:
    """``frame=Crime_and_punishment`` -> ``Frame: Crime and punishment``."""
    kind, label = variable.split("=", 1)
    return f"{kind.capitalize()}: {label.replace('_', ' ')}"


def _stories_html(tables: StoryTables, labels: Mapping[str, str]) -> str:
    if tables.stories is None:
        return ""
    rates = tables.stories.rates
    seen = rates[rates.groupby("variable")["count"].transform("sum") > 0]
    wide = seen.pivot(index="variable", columns="group", values=["count", "n_statements", "rate", "low", "high"])
    rows = []
    for variable in wide.index:
        row = {"label": _story_label(variable)}
        for side in rates["group"].drop_duplicates():
            cells = wide.loc[variable]
            row[labels.get(side, side)] = (
                f"{cells[('rate', side)]:.0%} [{cells[('low', side)]:.0%}, {cells[('high', side)]:.0%}] "
                f"({int(cells[('count', side)])} of {int(cells[('n_statements', side)])})"
            )
        rows.append(row)
    saturated = sorted(_story_label(v) for v, low in seen.groupby("variable")["rate"].min().items() if low >= SATURATED)
    note = (
        f"{len(saturated)} label(s) are given to at least {SATURATED:.0%} of both sides' statements "
        f"({'; '.join(saturated)}): on these short texts the models fire on nearly everything, so those rates say "
        "more about the models than about the statements." if saturated else ""
    )
    return (
        h.element("h3", "Frames and narratives per side")
        + reading([STORY_CAVEAT, note], "caveat")
        + h.table(pd.DataFrame(rows), "Share of each side's statements carrying each label, with 95% intervals "
                  "(cluster bootstrap over articles); tests in story_tests.csv")
    )


def stories_section(tables: StoryTables, profile: Profile, labels: Mapping[str, str]) -> str:
    """The section "What each side says" (anchor ``stories``)."""
    sides = list(profile.side_ids)
    content = (
        h.element("h3", "Topics in what each side says") + _topics_html(tables, sides, labels)
        + h.element("h3", "Who is cast as villain, hero or victim") + _roles_html(tables, labels)
        + h.element("h3", "Words of what each side says") + _words_html(tables, labels)
        + _stories_html(tables, labels)
        + h.paragraph("Tables: tables/story_topics.csv, story_typical.csv, story_roles.csv, "
                               "story_words.csv (and story_rates.csv, story_tests.csv with frames and narratives).")
    )
    return h.section("stories", "What each side says", content)


__all__ = ["StoryTables", "stories_section", "story_tables", "write_story_tables"]
