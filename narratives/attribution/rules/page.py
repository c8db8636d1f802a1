"""Page furniture, headlines and signed posts: the parts of a web page that are not running text.

* :func:`furniture_paragraphs`, :func:`furniture_spans`: "READ MORE",
  "Most read in ...", subscription offers, "(emphasis added)": no
  attribution is found in them;
* :func:`headline_non_statements`: cues in a headline that report a deed,
  not a statement;
* :func:`post_signatures`: embedded posts and lines signed "— Name (@handle)".
"""

from __future__ import annotations

import re

from narratives.attribution.rules.common import (
    HEADLINE_PARAGRAPHS,
    headline_paragraphs,
    paragraph_tokens,
    rules,
)
from narratives.tokens import TokenTable
from narratives.words import count_words

FURNITURE_WORDS = 40
"""Most words of a furniture paragraph (a line such as "Click here to get The Sun delivered for FREE ...")."""
MAX_POSTER = 80
"""Most characters between the dash of an embedded post's signature and the poster's handle ("— Remix News & Views (@RMXnews)")."""
_HANDLE = re.compile(r"\(@\w+\)")


def furniture_paragraphs(table: TokenTable) -> set[int]:
    """Indices of the paragraphs that are page furniture (``starts`` of ``[boilerplate]`` in the rules file).

    Only short paragraphs (at most :data:`FURNITURE_WORDS` words) count:
    furniture is a line, not a paragraph of reporting.
    """
    starts = tuple(rules()["boilerplate"]["starts"])
    found = set()
    for index, (start, end) in enumerate(table.segmentation.paragraph_bounds):
        lowered = table.text[start:end].lower()
        stripped = re.sub(r"^[^\w\"'\u201c\u2018(]+", "", lowered)
        if stripped.startswith(starts) and count_words(lowered) <= FURNITURE_WORDS:
            found.add(index)
    return found


def furniture_spans(table: TokenTable) -> list[tuple[int, int]]:
    """Character spans of furniture phrases inside paragraphs ("(emphasis added)"; ``phrases`` of ``[boilerplate]``)."""
    text = table.text.lower()
    spans = []
    for phrase in rules()["boilerplate"]["phrases"]:
        position = text.find(phrase)
        while position >= 0:
            spans.append((position, position + len(phrase)))
            position = text.find(phrase, position + 1)
    return spans


_QUOTE_CHARACTERS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"


def headline_non_statements(table: TokenTable, cues: list[tuple[int, int, float]]) -> set[int]:
    """Indices (in ``cues``) of cues in a headline that report no statement: "Ukrainian operation humiliated Putin and showed cowardice of allies".

    In a headline (:func:`headline_paragraphs`, and not ending with a
    sentence's punctuation), a cue none of whose lemmas is in a ``[verbs]
    classes`` class and whose clause quotes no one is a deed or a finding
    told in headline style, not an attribution; in a headline without
    quotation marks, so is a verb of saying that no clause follows ("Moscow
    and Kiev agree exchange of 200 prisoners"). In PolNeAR (whose titles
    end with a full stop) it drops nothing.
    """
    from narratives.attribution.features import predicate_class

    classes = tuple(rules()["verbs"]["classes"])
    bounds = table.segmentation.paragraph_bounds
    headlines = {p for p in headline_paragraphs(table) if table.text[slice(*bounds[p])].rstrip()[-1:] not in ".!?:;,"}
    quiet = {p for p in headlines if not any(c in table.text[slice(*bounds[p])] for c in _QUOTE_CHARACTERS)}
    paragraph_of = table.segmentation.sentence_paragraph
    dropped = set()
    for index, (first, stop, _) in enumerate(cues):
        paragraph = paragraph_of[table.sentence_of[first]]
        if paragraph not in headlines or not any(table.words[m][:1].isalpha() for m in range(first, stop)):
            continue
        line_stop = paragraph_tokens(table, paragraph).stop
        if not any(name in classes for lemma in table.lemmas[first:stop] for name in predicate_class(lemma).split(",") if name):
            # Unless it quotes someone in its own clause ("Lawmakers Rip Trump As A 'Fraud'").
            clause = range(stop, next((m for m in range(stop, line_stop) if table.words[m] in (",", ";") or table.words[m] in rules()["signatures"]["dashes"]), line_stop))
            if not any(table.quotes[m] != "O" for m in clause):
                dropped.add(index)
            continue
        if paragraph not in quiet:
            continue
        # A verb of saying whose line goes on without a clause ("Moscow and Kiev agree exchange of prisoners") reports a deal, not words.
        if not any(table.tags[m] in ("VBD", "VBZ", "VBP", "MD") or table.words[m] in (":", ",") or table.words[m].lower() in ("that", "why", "how", "what", "who", "whether", "if") for m in range(stop, line_stop)):
            dropped.add(index)
    return dropped


def _statement(table: TokenTable, first: int, stop: int, least: int = 3) -> tuple[int, int] | None:
    """Tokens ``[first, stop)`` without a trailing link to a picture ("pic.twitter.com/...") and edge punctuation, if at least ``least`` words remain (with a verb, when ``least`` > 1)."""
    words = table.words
    for m in range(first, stop):
        if words[m].lower() == "pic" and m + 1 < stop and words[m + 1] == ".":
            stop = m
            break
    while stop > first and not any(c.isalnum() for c in words[stop - 1]) and table.quotes[stop - 1] != "Q":
        stop -= 1
    while first < stop and not any(c.isalnum() for c in words[first]) and table.quotes[first] != "Q":
        first += 1
    inside = [m for m in range(first, stop) if table.quotes[m] != "Q"]
    if len(inside) < least or (least > 1 and not any(table.tags[m][:2] in ("VB", "MD") for m in inside)):
        return None
    if table.quotes[first] == "Q" and table.quotes[stop - 1] == "Q":
        first, stop = first + 1, stop - 1
    return first, stop


def _name_end(table: TokenTable, k: int, stop: int, most: int = 4) -> int:
    """End of a run of at most ``most`` capitalised words from token ``k`` (``k`` when none)."""
    m = k
    while m < stop and m - k < most and table.words[m][:1].isupper() and table.words[m][:1].isalpha():
        m += 1
    return m


def post_signatures(table: TokenTable) -> list[tuple[int, int, int, int, int]]:
    """Statements signed with a dash and a name: ``(dash, name first, name stop, content first, content stop)`` token indices.

    * an embedded post, "... — Name (@handle) Month day, year": the content
      is the post's text before the dash in its paragraph, or the paragraph
      before when the dash opens its own (up to a link to the post's picture);
    * a line that ends with a dash and a name, "US weaponizing the dollar –
      Lavrov", "..., the announcement added. –RT": the content is the line
      before the dash;
    * a headline (a short line among the first :data:`HEADLINE_PARAGRAPHS`)
      that opens with a name and a dash, "Erdogan – Moscow and Kiev agree
      ...": the content is the rest of the line.

    The content has at least three words and a verb (a statement, not a
    label). PolNeAR marks a signed quotation so (dash as cue, name as
    source); :meth:`~narratives.attribution.features.FeatureExtractor.signed_quotes`
    handles quotations, this the unquoted lines of web pages.
    """
    dashes = frozenset(rules()["signatures"]["dashes"])
    headline_words = rules()["signatures"]["headline_words"]
    words, text = table.words, table.text
    n_paragraphs = len(table.segmentation.paragraph_bounds)
    found = []
    for paragraph in range(n_paragraphs):
        tokens = paragraph_tokens(table, paragraph)
        if not tokens:
            continue
        first, stop = tokens.start, tokens.stop
        for i in range(first, stop):
            if words[i] not in dashes or table.quotes[i] == "I":
                continue
            k = i + 1
            before = text[table.starts[i] - 1] if table.starts[i] > 0 else " "
            after = text[table.ends[i]] if table.ends[i] < len(text) else " "
            if before.isalnum() or not (before.isspace() or after.isspace()):
                continue  # "Russia\u2013Ukraine war", "A.F.L.-C.I.O.": a dash inside a word
            handle = _HANDLE.search(text, table.ends[i], min(table.ends[stop - 1], table.ends[i] + MAX_POSTER))
            if handle is not None:
                name_stop = k
                while name_stop < stop and table.starts[name_stop] < handle.start() and words[name_stop] != "(":
                    name_stop += 1
                if name_stop == k or table.starts[name_stop] != handle.start():
                    continue
                content = _statement(table, first, i, 1) if i > first else None
                if content is None and i == first and paragraph > 0:
                    previous = paragraph_tokens(table, paragraph - 1)
                    content = _statement(table, previous.start, previous.stop, 1) if previous else None
                if content is not None:
                    found.append((i, k, name_stop, *content))
                continue
            if k < stop and words[k] == "@":
                name_stop = min(stop, k + 2)
            else:
                name_stop = _name_end(table, k, stop)
            # The name ends the line (a byline ".--John Bacon." or a headline's "-- It Might Surprise You." ends with a full stop; a signature does not).
            ends_line = name_stop > k and (name_stop == stop or words[name_stop] == ")" or words[name_stop].lower() == "pic")
            if i > first and ends_line:
                opening = first
                for m in range(i - 1, first - 1, -1):
                    if words[m] == "(":
                        opening = m + 1
                        break
                content = _statement(table, opening, i)
                if content is not None:
                    found.append((i, k, name_stop, *content))
                continue
            if (
                paragraph < HEADLINE_PARAGRAPHS
                and stop - first <= headline_words
                and i > first
                and _name_end(table, first, i, 3) == i
                and not any(words[m].isupper() for m in range(first, i))  # not a dateline ("WASHINGTON --")
                and not any(words[m] in dashes for m in range(i + 1, stop))  # not a parenthesis ("Christie -- a Cowboys fan -- gave")
            ):
                content = _statement(table, i + 1, stop)
                if content is not None:
                    found.append((i, first, i, *content))
    return found


def without_furniture(table: TokenTable, cues: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """The cues not in page furniture (:func:`furniture_paragraphs`, :func:`furniture_spans`) and not a headline's deed (:func:`headline_non_statements`)."""
    furniture = furniture_paragraphs(table)
    phrases = furniture_spans(table)
    paragraph_of = table.segmentation.sentence_paragraph
    headline = headline_non_statements(table, cues)
    return [
        (first, stop, confidence)
        for index, (first, stop, confidence) in enumerate(cues)
        if index not in headline
        and paragraph_of[table.sentence_of[first]] not in furniture
        and not any(s <= table.starts[first] and table.ends[stop - 1] <= e for s, e in phrases)
    ]
