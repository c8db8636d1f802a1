"""The report's view of the fightin'-words contrast: the content words leaning most to each side, and who used them.

Function words ("the", "of", "that") lean to a side by accident of
phrasing; they are left out of what is shown (scikit-learn's English
stop-word list), not of the computation. Each word shown comes with the
statements that use it, so a reader can check what the word stands for.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

from narratives.compare.words import FightinWords
from narratives.report import html as h

SHOWN_USES = 8
"""Statements listed under each word (the rest are counted)."""


def top_words(words: FightinWords, n: int = 12) -> pd.DataFrame:
    """The ``n`` words (not function words, not numbers) leaning most to each side, side a's first.

    Returns
    -------
    DataFrame
        ``term``, ``side`` (the side it leans to), ``side_a``, ``side_b``,
        ``count_a``, ``count_b``, ``z``, ``p_adjusted``.
    """
    table = words.table
    content = table[~table["term"].isin(ENGLISH_STOP_WORDS) & ~table["term"].str.fullmatch(r"[\d_]+")]
    leaning_a = content[content["z"] > 0].head(n).assign(side=words.group_a)
    leaning_b = content[content["z"] < 0].iloc[::-1].head(n).assign(side=words.group_b)
    shown = pd.concat([leaning_a, leaning_b], ignore_index=True)
    return shown.assign(side_a=words.group_a, side_b=words.group_b)[
        ["term", "side", "side_a", "side_b", "count_a", "count_b", "z", "p_adjusted"]
    ]


def word_uses(
    terms: list[str], statements: pd.DataFrame, titles: Mapping[str, str], documents: pd.DataFrame
) -> dict[str, str]:
    """For each term, an HTML list of the statements whose cue or content uses it (speaker, side, article).

    ``statements`` needs ``doc_id``, ``side``, ``text`` and ``source_text``
    (and uses ``actor`` or ``resolved_text`` when given, to name the speaker);
    words are found as the contrast counts them (scikit-learn's default
    tokens, lower-cased).
    """
    analyzer = CountVectorizer().build_analyzer()
    wanted = set(terms)
    titles_of = documents.set_index("doc_id")["title"].to_dict() if "title" in documents else {}
    found: dict[str, list[str]] = {term: [] for term in terms}
    for row in statements.itertuples():
        for term in wanted.intersection(analyzer(row.text)):
            article = titles_of.get(row.doc_id) or row.doc_id
            found[term].append(
                h.element("li", f"“{h.escape(row.text)}” - {h.escape(_speaker(row))} "
                          f"({h.escape(titles.get(row.side, row.side))}), {h.element('em', h.escape(article))}")
            )
    html = {}
    for term, items in found.items():
        more = f"<li>and {len(items) - SHOWN_USES} more</li>" if len(items) > SHOWN_USES else ""
        html[term] = h.element("ul", "".join(items[:SHOWN_USES]) + more, class_="uses")
    return html


def _speaker(row) -> str:
    """Who speaks: the profile's actor, else the resolved pronoun, else the source as written."""
    for name in ("actor", "resolved_text", "source_text"):
        value = getattr(row, name, None)
        if isinstance(value, str) and value:
            return value
    return "no speaker found"
