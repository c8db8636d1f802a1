"""Plain words for what the tables hold: measures, side titles, shares and counts.

Shared by the report's sections, findings and figures, so that a figure
says what the table beside it says ("Reporting verb: Distancing", "Armenian
side", never ``stance=distancing`` or ``armenia``).
"""

from __future__ import annotations

import re

import pandas as pd

from narratives.framing import category_docs


def measure_label(measure: str) -> str:
    """A comparison measure in plain words: ``stance=distancing`` → ``Reporting verb: Distancing``.

    Examples
    --------
    >>> measure_label("content_hedge>0")
    'Hedge in what is reported'
    >>> measure_label("source_delegitimising>0")
    'Delegitimising label in how the speaker is named'
    """
    docs = category_docs()
    if measure.startswith("stance="):
        level = measure.split("=", 1)[1]
        label = docs[level]["label"] if level in docs else f"{level} (verb not in the lexicon)"
        return f"Reporting verb: {label}"
    match = re.fullmatch(r"(content|source)_(\w+)>0", measure)
    if match and match[2] in docs:
        where = "in what is reported" if match[1] == "content" else "in how the speaker is named"
        return f"{docs[match[2]]['label']} {where}"
    return measure


def feature_label(feature: str) -> str:
    """A classifier feature (``content_hedge`` or ``stance=denial``) in plain words."""
    return measure_label(feature if "=" in feature else f"{feature}>0")


def side_title(label: str) -> str:
    """A side's label without its parenthesised gloss: ``Armenian side (Armenia and ...)`` → ``Armenian side``.

    Examples
    --------
    >>> side_title("Armenian side (Armenia and the Nagorno-Karabakh authorities)")
    'Armenian side'
    >>> side_title("Azerbaijan")
    'Azerbaijan'
    """
    return re.sub(r"\s*\([^()]*\)\s*$", "", label) or label


def percent(value: float) -> str:
    """``0.571`` → ``57.1%``; missing → ``""``."""
    return "" if pd.isna(value) else f"{100 * value:.1f}%"


def plural(n: int, noun: str) -> str:
    """``1 article``, ``2 articles``, ``1,200 articles``."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def named(title: str) -> str:
    """A side's title in a sentence: ``Azerbaijan``, ``the Armenian side`` (a title ending in a common noun takes "the")."""
    words = title.split()
    article = "the " if words and words[-1][:1].islower() and not title.lower().startswith("the ") else ""
    return f"{article}{title}"


def possessive(title: str) -> str:
    """``Azerbaijan's``, ``the Armenian side's``."""
    return f"{named(title)}'s"
