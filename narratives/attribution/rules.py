"""Rules that revise the attribution model's output on real news pages.

The CRF model (:mod:`narratives.attribution.model`) is trained on PolNeAR,
clean body text of US election news. Pages of war reporting hold page
furniture and constructions PolNeAR has few of; these rules, read from
``data/attribution_rules.toml``, handle them:

* :func:`furniture_paragraphs`: paragraphs that are page furniture ("READ
  MORE", "Most read in ...", subscription offers, "(emphasis added)"): no
  attribution is found in them;
* :func:`cue_candidates`: cues the model misses -- a noun of saying with a
  possessor ("Kiev's admission that ...", "his opinion") and "per X" used
  like "according to X";
* :func:`post_signatures`: embedded posts signed "— Name (@handle) date";
* :func:`revise_source`: source spans -- "according to X, ..." ends at the
  comma, a relative pronoun source resolves to the noun phrase it attaches
  to, a noun cue's source is its possessor.

Every span is a pair of character offsets into the unchanged text.
"""

from __future__ import annotations

import dataclasses
import functools
import operator
import re
import tomllib
from importlib import resources
from itertools import compress, count
from pathlib import Path
from typing import NamedTuple

from narratives import lang
from narratives.attribution.features import TokenTable
from narratives.attribution.records import Attribution

__all__ = ["RULES_PATH", "RuleCue", "cue_candidates", "furniture_paragraphs", "furniture_spans", "headline_non_statements", "is_state_action", "post_signatures", "revise_source", "rules"]

RULES_PATH = Path(str(resources.files("narratives") / "data" / "attribution_rules.toml"))

_POSSESSIVE_PRONOUNS = frozenset({"his", "her", "their", "its", "our", "my", "your"})
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
_SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "we", "i"})
HEADLINE_PARAGRAPHS = 3
"""Paragraphs at the top of a page that can be its headline (a title, often repeated, and a standfirst)."""
MAX_POSTER = 80
"""Most characters between the dash of an embedded post's signature and the poster's handle ("— Remix News & Views (@RMXnews)")."""
FURNITURE_WORDS = 40
"""Most words of a furniture paragraph (a line such as "Click here to get The Sun delivered for FREE ...")."""
_HANDLE = re.compile(r"\(@\w+\)")
_VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})


@functools.cache
def rules() -> dict:
    """The rules file, parsed (``data/attribution_rules.toml``)."""
    with RULES_PATH.open("rb") as handle:
        return tomllib.load(handle)


class RuleCue(NamedTuple):
    """A cue found by a rule: tokens ``[first, stop)``, the rule's name and the source's tokens, if the rule knows them."""

    first: int
    stop: int
    rule: str
    source: tuple[int, int] | None = None
    impersonal: bool = False
    """The cue names no source ("it is believed"): any source the span model found is dropped."""


def _paragraph_of_token(table: TokenTable, i: int) -> int:
    return table.segmentation.sentence_paragraph[table.sentence_of[i]]


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
        if stripped.startswith(starts) and len(lowered.split()) <= FURNITURE_WORDS:
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


def _noun_phrase_before(table: TokenTable, stop: int, floor: int) -> int:
    """First token of the noun phrase ending just before token ``stop`` (not before ``floor``)."""
    k = stop
    while k > floor:
        tag, word = table.tags[k - 1], table.words[k - 1]
        if tag[:2] in ("NN", "JJ", "CD") or tag == "DT" or (tag == "POS" and k - 1 > floor and k < stop) or (word[:1].isupper() and tag[:2] not in ("VB", "MD", "IN", "CC", "PR", "WD", "WP")):
            k -= 1
            continue
        break
    while k < stop and table.tags[k] == "POS":
        k += 1
    return k


def _content_follows(table: TokenTable, k: int) -> bool:
    """Whether a clause of what was said follows token ``k``: "that", a colon or an opening quotation, after at most a few words of time or place.

    "Kiev's admission last month that it had not received ..."; the
    possessed noun without such a clause ("his comments on Muslims") is
    mostly not an attribution in PolNeAR.
    """
    stop = table.segmentation.sentence_tokens[table.sentence_of[k - 1]][1]
    for m in range(k, min(stop, k + 5)):
        word = table.words[m]
        if word.lower() == "that" or word == ":" or (table.quotes[m] == "Q" and m + 1 < stop and table.quotes[m + 1] == "I" and table.words[m + 1][:1].isupper()):
            return True
        if word in (",", ".", ";") or table.tags[m][:2] in ("VB", "MD", "WD", "WP"):
            return False
    return False


class _Positions(NamedTuple):
    """Tokens the cue rules start from, found in one pass each (most tokens are none of these)."""

    verbs: list[int]
    """Verbs (a ``VB*`` tag) outside quotations."""
    commas: list[int]
    saying_nouns: list[int]
    """Nouns of saying (``[nouns] possessed``: "claim", "admission") outside quotations."""

    @classmethod
    def of(cls, table: TokenTable) -> _Positions:
        nouns = frozenset(rules()["nouns"]["possessed"])
        tags, quotes = table.tags, table.quotes
        outside = list(map("O".__eq__, quotes))
        return cls(
            list(compress(count(), map(operator.and_, map(_VERB_TAGS.__contains__, tags), outside))),
            list(compress(count(), map(",".__eq__, table.words))),
            [i for i in compress(count(), map(operator.and_, map(nouns.__contains__, table.lemmas), outside)) if tags[i][:2] == "NN"],
        )


def _possessed_noun_cues(table: TokenTable, positions: _Positions) -> list[RuleCue]:
    """"X's claim that", "Kiev's admission", "his opinion": a noun of saying with its possessor."""
    words, tags = table.words, table.tags
    found = []
    for i in positions.saying_nouns:
        first = table.segmentation.sentence_tokens[table.sentence_of[i]][0]
        k = i
        # Adjectives between the possessor and the noun ("Russia's latest claim"), and quote marks around it.
        while k - 1 > first and (tags[k - 1][:2] == "JJ" or table.quotes[k - 1] == "Q" or words[k - 1] in ("\u2018", "\u2019", "'")) and i - k < 3:
            k -= 1
        if k - 1 < first or not _content_follows(table, i + 1):
            continue
        if words[k - 1].lower() in _POSSESSIVE_PRONOUNS:
            found.append(RuleCue(i, i + 1, "possessed_noun", (k - 1, k)))
        elif tags[k - 1] == "POS":
            start = _noun_phrase_before(table, k - 1, first)
            if start < k - 1 and any(tags[m][:3] == "NNP" or words[m][:1].isupper() for m in range(start, k - 1)):
                found.append(RuleCue(i, i + 1, "possessed_noun", (start, k - 1)))
    return found


def _agent_noun_cues(table: TokenTable, positions: _Positions) -> list[RuleCue]:
    """"claims from the United Kingdom that Moscow ...", "an admission by German officials that ...": a noun of saying, its source after "from" or "by", then a that-clause."""
    words, tags = table.words, table.tags
    found = []
    for i in positions.saying_nouns:
        stop = table.segmentation.sentence_tokens[table.sentence_of[i]][1]
        if i + 2 >= stop or words[i + 1].lower() not in ("from", "by"):
            continue
        k = i + 2
        while k < stop and k - i <= 7 and (tags[k][:2] in ("DT", "JJ", "NN", "CD") or tags[k] == "POS"):
            k += 1
        if k > i + 2 and k + 1 < stop and words[k].lower() == "that" and tags[k + 1][:2] in ("DT", "PR", "NN", "JJ", "CD", "EX"):
            found.append(RuleCue(i, i + 1, "agent_noun", (i + 2, k)))
    return found


def _according_prepositions(table: TokenTable, positions: _Positions) -> list[RuleCue]:
    """"..., per Reuters.": a preposition used like "according to", then a name, ending the clause."""
    prepositions = frozenset(rules()["according"]["prepositions"])
    words, tags = table.words, table.tags
    found = []
    for i in (comma + 1 for comma in positions.commas if comma + 1 < len(words)):
        if words[i].lower() not in prepositions:
            continue
        stop = table.segmentation.sentence_tokens[table.sentence_of[i]][1]
        k = i + 1
        if k < stop and tags[k] == "DT":
            k += 1
        name = k
        while k < stop and (tags[k][:3] == "NNP" or (words[k][:1].isupper() and words[k].isalpha())):
            k += 1
        if k == name or k >= stop or words[k] not in (".", ",", ";", "!", "?"):
            continue
        found.append(RuleCue(i, i + 1, "according_preposition", (i + 1, k)))
    return found


def _that_clause_verbs(table: TokenTable, positions: _Positions) -> list[RuleCue]:
    """A verb of saying or thinking whose object is a that-clause or follows a colon: "Russian media confirmed Tuesday that the navy ...", "Stoltenberg said: ...".

    The verb's lemma is in a ``[verbs] classes`` class of the predicates
    file (``data/attribution_predicates.toml``); at most a few words of time,
    place or addressee stand between it and "that", and "that" opens a
    clause (a determiner, pronoun, noun or number follows). The verb is
    finite, or a participle after a comma (", claiming that"); not an
    infinitive ("to say that") or an imperative. In PolNeAR train, 1,356 of
    the 1,610 verbs with "that" and 139 of the 167 finite verbs before a
    colon are (part of) a gold cue.
    """
    from narratives.attribution.features import predicate_class

    classes = tuple(rules()["verbs"]["classes"])
    words, tags, lemmas = table.words, table.tags, table.lemmas
    found = []
    for i in positions.verbs:
        lemma = lemmas[i]
        finite = (
            tags[i] in ("VBD", "VBZ", "VBP")
            or (tags[i] == "VBG" and i > 0 and words[i - 1] == ",")
            # a past form the tagger read as a participle, right after its subject ("state media confirmed")
            or (tags[i] == "VBN" and i > 0 and tags[i - 1][:2] in ("NN", "PR"))
        )
        if not finite or (i > 0 and words[i - 1].lower() == "to"):
            continue
        names = predicate_class(lemma)
        if not names or not any(name in classes for name in names.split(",")):
            continue
        stop = table.segmentation.sentence_tokens[table.sentence_of[i]][1]
        k = i + 1
        while k < stop and k - i <= 3 and tags[k][:2] in ("RB", "NN", "CD", "IN", "DT", "PR") and words[k].lower() != "that":
            k += 1
        if k + 1 < stop and words[k].lower() == "that" and tags[k + 1][:2] in ("DT", "PR", "NN", "JJ", "CD", "EX"):
            found.append(RuleCue(i, i + 1, "that_clause_verb"))
        elif k + 1 < stop and words[k] == ":" and tags[i] != "VBG":
            found.append(RuleCue(i, i + 1, "that_clause_verb"))
        elif i + 3 < stop and words[i + 1] == "," and words[i + 2].lower() == "according" and words[i + 3].lower() == "to" and tags[i] != "VBG":
            found.append(RuleCue(i, i + 1, "said_according_to"))
    return found


def _passive_cues(table: TokenTable, positions: _Positions) -> list[RuleCue]:
    """"The footage is believed to have been recorded", "It's thought that", "what is understood to be": a passive verb of thinking or saying.

    A form of "be" and a participle whose lemma is in ``[passive] verbs``,
    followed by "to" or "that", or after "it" or "what" ("It's believed
    Mad Vlad ..."). The cue is "be" and the participle, as in PolNeAR (69
    of the 89 such phrases of PolNeAR train are gold cues).
    """
    config = rules()["passive"]
    be, verbs = frozenset(config["be"]), frozenset(config["verbs"])
    words, tags, lemmas = table.words, table.tags, table.lemmas
    found = []
    for i in positions.verbs:
        if not 0 < i < len(words) - 1 or tags[i] not in ("VBN", "VBD") or lemmas[i] not in verbs or words[i - 1].lower() not in be:
            continue
        if words[i + 1].lower() in ("to", "that") or (i >= 2 and words[i - 2].lower() in ("it", "what")):
            found.append(RuleCue(i - 1, i + 1, "passive", None, True))
    return found


def _postposed_verbs(table: TokenTable, positions: _Positions) -> list[RuleCue]:
    """'"...," the colonel believes.', "..., spooks now believe.", '"...!" the minister remarked.': a verb of saying or thinking after what was said.

    The verb (lemma in a ``[verbs] classes`` class, finite) ends its sentence
    after a comma and a short noun phrase
    (:meth:`~narratives.attribution.features.FeatureExtractor.postposed_comma`).
    In PolNeAR train, 270 of the 295 such verbs are gold cues.
    """
    from narratives.attribution.features import FeatureExtractor, predicate_class

    classes = tuple(rules()["verbs"]["classes"])
    found = []
    for i in positions.verbs:
        if table.tags[i] not in ("VBD", "VBZ", "VBP"):
            continue
        names = predicate_class(table.lemmas[i])
        if names and any(name in classes for name in names.split(",")) and (FeatureExtractor.postposed_comma(table, i, i + 1) is not None or _after_quotation(table, i)):
            found.append(RuleCue(i, i + 1, "postposed_verb"))
    return found


def _after_quotation(table: TokenTable, i: int) -> bool:
    """'"... corrupt on the planet!" the French politician remarked.': a short noun phrase between a closing quote mark and verb ``i``, which ends its sentence.

    In PolNeAR train, 360 of the 369 such verbs are gold cues.
    """
    words, tags, quotes = table.words, table.tags, table.quotes
    first, stop = table.segmentation.sentence_tokens[table.sentence_of[i]]
    if not (i + 1 == stop or words[i + 1] in (".", ",")):
        return False
    k = i - 1
    while k >= first and tags[k][:2] in ("DT", "JJ", "NN", "PR", "CD") and quotes[k] == "O":
        k -= 1
    return first < k < i - 1 and quotes[k] == "Q" and words[k - 1] != ","


def _headline_paragraphs(table: TokenTable) -> list[int]:
    """The first :data:`HEADLINE_PARAGRAPHS` paragraphs that are short lines (a headline, a title repeated, a standfirst)."""
    limit = rules()["signatures"]["headline_words"]
    bounds = table.segmentation.paragraph_bounds
    return [p for p in range(min(HEADLINE_PARAGRAPHS, len(bounds))) if len(table.text[slice(*bounds[p])].split()) <= limit]


_QUOTE_CHARACTERS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"


def headline_non_statements(table: TokenTable, cues: list[tuple[int, int, float]]) -> set[int]:
    """Indices (in ``cues``) of cues in a headline that report no statement: "Ukrainian operation humiliated Putin and showed cowardice of allies".

    In a headline (:func:`_headline_paragraphs`, and not ending with a
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
    headlines = {p for p in _headline_paragraphs(table) if table.text[slice(*bounds[p])].rstrip()[-1:] not in ".!?:;,"}
    quiet = {p for p in headlines if not any(c in table.text[slice(*bounds[p])] for c in _QUOTE_CHARACTERS)}
    paragraph_of = table.segmentation.sentence_paragraph
    dropped = set()
    for index, (first, stop, _) in enumerate(cues):
        paragraph = paragraph_of[table.sentence_of[first]]
        if paragraph not in headlines or not any(table.words[m][:1].isalpha() for m in range(first, stop)):
            continue
        line_stop = _paragraph_tokens(table, paragraph).stop
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


def _headline_colons(table: TokenTable) -> list[RuleCue]:
    """Headlines that credit a statement with a colon: "British colonel: Ukraine's operation humiliated ...", "... than China: Survey".

    The name is one to four words before the colon that opens the line, or
    one to three capitalised words after the colon that ends it; the other
    side holds a verb. A name is capitalised throughout ("Dr. Ben Carson")
    or ends with a noun of ``[headlines] speakers`` ("British colonel").
    Not a name: a section label (``[headlines]
    labels``: "Watch", "The Latest", "Fact check"), words in capitals, a
    state, capital or institution (a dateline, "Kyiv: ..."), digits or quote
    marks.
    """
    labels = frozenset(rules()["headlines"]["labels"])
    speakers = frozenset(rules()["headlines"]["speakers"])
    words, tags = table.words, table.tags
    found = []

    def is_name(first: int, stop: int) -> bool:
        name = table.text[table.starts[first] : table.ends[stop - 1]]
        return (
            name.lower().removeprefix("the ") not in labels
            and name.lower() not in labels
            and not any(words[m].isupper() and len(words[m]) > 1 for m in range(first, stop))
            and not any(table.quotes[m] != "O" or not words[m][:1].isalpha() for m in range(first, stop))
            and not _is_state(name)
            and not any(tags[m] in ("VBD", "VBZ", "VBP", "MD") for m in range(first, stop))
            and (all(words[m][:1].isupper() for m in range(first, stop)) or table.lemmas[stop - 1] in speakers)
        )

    def has_verb(first: int, stop: int) -> bool:
        return stop - first >= 3 and any(tags[m][:2] in ("VB", "MD") for m in range(first, stop))

    for paragraph in _headline_paragraphs(table):
        tokens = _paragraph_tokens(table, paragraph)
        first, stop = tokens.start, tokens.stop
        colons = [m for m in tokens if words[m] == ":"]
        if len(colons) != 1:
            continue
        colon = colons[0]
        end = stop - 1 if words[stop - 1] == "." else stop
        if 1 <= colon - first <= 4 and is_name(first, colon) and has_verb(colon + 1, stop):
            found.append(RuleCue(colon, colon + 1, "headline_colon", (first, colon)))
        elif 1 <= end - colon - 1 <= 3 and all(words[m][:1].isupper() for m in range(colon + 1, end)) and is_name(colon + 1, end) and has_verb(first, colon):
            found.append(RuleCue(colon, colon + 1, "headline_colon", (colon + 1, end)))
    return found


def _relative_denials(table: TokenTable, positions: _Positions) -> list[RuleCue]:
    """"..., a charge the Kremlin denies.", "a claim which Ankara rejects": a verb of denial in a relative clause on a noun of saying.

    The noun is one of ``[nouns] possessed``; "which" or "that" may follow
    it; then a short noun phrase (the source) and a verb of ``[denials]
    verbs`` that ends the clause. The content is what the noun sums up, left
    to the span model.
    """
    nouns = frozenset(rules()["nouns"]["possessed"])
    verbs = frozenset(rules()["denials"]["verbs"])
    words, tags, lemmas = table.words, table.tags, table.lemmas
    found = []
    for i in positions.verbs:
        if tags[i] not in ("VBZ", "VBD", "VBP") or lemmas[i] not in verbs:
            continue
        first, stop = table.segmentation.sentence_tokens[table.sentence_of[i]]
        if not (i + 1 == stop or words[i + 1] in (".", ",", ";", ")", "\u2014", "\u2013", "-")):
            continue
        start = i
        while start - 1 > first and (tags[start - 1][:2] in ("NN", "JJ") or tags[start - 1] == "POS") and i - start < 4:
            start -= 1
        if start - 1 > first and tags[start - 1] in ("DT", "PRP$"):
            start -= 1
        if start == i:
            continue
        k = start - 1
        if k >= first and words[k].lower() in ("which", "that"):
            k -= 1
        if k >= first and lemmas[k] in nouns and tags[k].startswith("NN"):
            found.append(RuleCue(i, i + 1, "relative_denial", (start, i)))
    return found


def cue_candidates(table: TokenTable) -> list[RuleCue]:
    """Cues found by rules, in token order, a rule that knows the source first (they are added where the model found no overlapping cue)."""
    positions = _Positions.of(table)
    return sorted(
        _possessed_noun_cues(table, positions)
        + _according_prepositions(table, positions)
        + _that_clause_verbs(table, positions)
        + _passive_cues(table, positions)
        + _postposed_verbs(table, positions)
        + _headline_colons(table)
        + _relative_denials(table, positions)
        + _agent_noun_cues(table, positions),
        key=lambda cue: (cue.first, cue.source is None, cue.stop, cue.rule),
    )


def _paragraph_tokens(table: TokenTable, paragraph: int) -> range:
    bounds = table.segmentation.paragraph_bounds[paragraph]
    import bisect

    return range(bisect.bisect_left(table.starts, bounds[0]), bisect.bisect_left(table.starts, bounds[1]))


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
        tokens = _paragraph_tokens(table, paragraph)
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
                    previous = _paragraph_tokens(table, paragraph - 1)
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


def _clause_comma(table: TokenTable, tokens: range) -> int | None:
    """The first comma among ``tokens`` after which a clause begins (a finite verb before the next comma or the sentence's end).

    "According to the Russian side, the Ukrainian Armed Forces lost ...":
    the source ends at that comma. A comma before an apposition ("according
    to Craig Bryan, head of the National Center ...") is not one.
    """
    words, tags = table.words, table.tags
    stop = table.segmentation.sentence_tokens[table.sentence_of[tokens[0]]][1]
    for k in tokens:
        if words[k] != ",":
            continue
        m = k + 1
        while m < stop and words[m] not in (",", ";"):
            if tags[m] in ("VBD", "VBZ", "VBP", "MD"):
                return k
            m += 1
    return None


def revise_source(table: TokenTable, attribution: Attribution, cue_first: int, rule: RuleCue | None = None) -> Attribution:
    """The attribution with its source span corrected by the rules (see the module's docstring)."""
    starts, ends, words = table.starts, table.ends, table.words
    if rule is not None and rule.impersonal:
        return dataclasses.replace(attribution, source=())
    if rule is not None and rule.source is not None:
        a, b = rule.source
        return dataclasses.replace(attribution, source=((starts[a], ends[b - 1]),))
    span = attribution.source_span
    if span is None:
        return attribution
    tokens = _tokens_in(table, span)
    if not tokens:
        return attribution
    last = tokens[-1]
    if len(tokens) > 1 and words[last].lower() in _SUBJECT_PRONOUNS and words[last - 1].lower() not in ("and", "or", ","):
        # "In an interview with Russia's network RT he blasted ...": the pronoun before the cue is the subject
        return dataclasses.replace(attribution, source=((starts[last], ends[last]),))
    passive = _passive_agent(table, attribution, tokens)
    if passive is not None:
        return dataclasses.replace(attribution, source=passive)
    subordinators = frozenset(rules()["sources"]["clause_openers"])
    opened = [
        k
        for k in tokens[1:-1]
        if words[k].lower() in subordinators and words[k - 1] in (",", "-", "—", "–", "--") and ends[tokens[-1]] <= attribution.cue_span[0]
    ]
    if opened:
        # "Russia and China - as top Ukrainian security chief warns": the speaker is the subject of the clause the cue is in.
        k = opened[-1] + 1
        return dataclasses.replace(attribution, source=((starts[k], ends[tokens[-1]]),))
    lemma = attribution.cue_lemma or ""
    if lemma.startswith("accord to") and starts[tokens[0]] >= attribution.cue_span[1]:
        cut = _clause_comma(table, range(tokens[0], tokens[-1] + 1))
        if cut is not None and cut > tokens[0]:
            content = attribution.content
            if not any(s < ends[tokens[-1]] and starts[cut + 1] < e for s, e in content):
                # The clause the span model took for source is what was said.
                stop = table.segmentation.sentence_tokens[table.sentence_of[cut]][1]
                while stop > cut + 1 and words[stop - 1] in (".", "!", "?"):
                    stop -= 1
                content = tuple(sorted({*content, (starts[cut + 1], ends[stop - 1])}))
            return dataclasses.replace(attribution, source=((starts[tokens[0]], ends[cut - 1]),), content=content)
    if all(_is_time_word(table, k) for k in tokens) and ends[tokens[-1]] <= attribution.cue_span[0]:
        subject = _subject_before(table, tokens[0])
        if subject is not None:
            a, b = subject
            content = tuple(piece for piece in attribution.content if not (piece[0] <= starts[a] and ends[b - 1] <= piece[1] and piece[1] <= starts[tokens[0]]))
            return dataclasses.replace(attribution, source=((starts[a], ends[b - 1]),), content=content)
    relative = words[tokens[0]].lower()
    if relative in _RELATIVE_PRONOUNS and (len(tokens) == 1 or relative != "that") and attribution.resolved_source is None:
        # "..., who said", and "Timur, who had no military experience said": the noun phrase before the comma speaks
        k = tokens[0]
        if k >= 2 and words[k - 1] == ",":
            first = table.segmentation.sentence_tokens[table.sentence_of[k]][0]
            start = _noun_phrase_before(table, k - 1, first)
            # "the commander of the brigade, who": the phrase the "of" attaches to.
            while start - 1 > first and words[start - 1].lower() == "of" and table.tags[start - 2][:2] == "NN":
                start = _noun_phrase_before(table, start - 1, first)
            if start < k - 1:
                return dataclasses.replace(attribution, resolved_source=(starts[start], ends[k - 2]))
    return attribution


def _passive_agent(table: TokenTable, attribution: Attribution, tokens: list[int]) -> tuple | None:
    """The source of a passive cue whose source span stands before it: its "by" agent, or none.

    "The nominee has been endorsed by the Times": the subject of a passive
    is what is reported on, not who speaks (in PolNeAR train, 239 passive
    cues have no source and 75 their "by" agent, against 30 a subject
    before them, nearly all feelings: "are concerned", ``[sources]
    experiencer_participles``). Returns ``None`` when the rule does not
    apply, ``()`` to remove the source.
    """
    cue = _tokens_in(table, attribution.cue_span)
    if not cue or tokens[-1] >= cue[0]:
        return None
    words, tags, lemmas = table.words, table.tags, table.lemmas
    last = cue[-1]
    auxiliaries = [k for k in cue[:-1] if lemmas[k] == "be"]
    experiencer = frozenset(rules()["sources"]["experiencer_participles"])
    if tags[last] != "VBN" or not auxiliaries or words[last].lower() in experiencer:
        return None
    stop = table.segmentation.sentence_tokens[table.sentence_of[last]][1]
    if last + 2 < stop and words[last + 1].lower() == "by":
        first = last + 2
        end = first
        while end < stop and (tags[end][:2] in ("NN", "DT", "JJ", "PR", "CD") or words[end] in ("'s", "’s")):
            end += 1
        if end > first:
            return ((table.starts[first], table.ends[end - 1]),)
    return ()


def _is_time_word(table: TokenTable, k: int) -> bool:
    """Whether token ``k`` is a word of time ("May", "last night", "for months", "meanwhile"; ``lang/en/calendar.toml``) or a number."""
    word = table.words[k].lower()
    return word in lang.words("calendar") or table.tags[k] == "CD"


def _subject_before(table: TokenTable, k: int) -> tuple[int, int] | None:
    """The subject of a clause whose words of time, adverbs and auxiliaries run up to token ``k``: "Putin had back in May declared" -> "Putin".

    Walks left over time words, adverbs, prepositions, auxiliaries and
    commas, then takes the noun phrase that ends there; None when it finds
    none in the sentence.
    """
    first = table.segmentation.sentence_tokens[table.sentence_of[k]][0]
    words, tags, lemmas = table.words, table.tags, table.lemmas
    m = k - 1
    while m >= first and (
        _is_time_word(table, m) or words[m] == "," or tags[m][:2] in ("RB", "IN", "MD") or lemmas[m] in ("be", "have", "do") or tags[m] == "DT" and m + 1 < k and _is_time_word(table, m + 1)
    ):
        m -= 1
    if m < first or not (tags[m][:2] in ("NN", "PR") or words[m][:1].isupper()) or _is_time_word(table, m):
        return None
    start = _noun_phrase_before(table, m + 1, first)
    if tags[m][:2] == "PR" and start > m:
        start = m
    return (start, m + 1) if start <= m else None


def _tokens_in(table: TokenTable, span: tuple[int, int]) -> list[int]:
    import bisect

    first = bisect.bisect_left(table.starts, span[0])
    stop = bisect.bisect_right(table.ends, span[1])
    return list(range(first, max(first, stop)))


@functools.cache
def _state_names() -> tuple[frozenset[str], frozenset[str]]:
    """Names of states, their bodies and capitals, and of international institutions (shipped world knowledge; as written, without a leading "the"), and the rules file's generic ones (lower case)."""
    from narratives.world import world_entries

    names = {text.removeprefix("the ") for entry in world_entries() if entry.kind in ("state", "institution") for form, text in entry.mentions if form in ("names", "capitals")}
    generic = {name.lower().removeprefix("the ") for name in rules()["state_actions"]["generic_subjects"]}
    return frozenset(names), frozenset(generic)


def _is_state(source: str) -> bool:
    """Whether a source names a state ("Russia", "the Kremlin", "The EU", "the government"); acronyms keep their case ("WHO", not "who")."""
    bare = source.removeprefix("the ").removeprefix("The ")
    names, generic = _state_names()
    return bare in names or bare.lower() in generic


def is_state_action(table: TokenTable, attribution: Attribution, cue_first: int, cue_stop: int) -> bool:
    """Whether a cue is a state's action, not a statement: "Russia vetoed the resolution", "Latvia banned the channels".

    The source names a state, a body of one or an international
    institution ("Russia", "the Kremlin", "the EU", "the government"); no
    lemma of the cue is in a class of the predicates file (saying, thinking,
    intending, showing: "Russia wants a probe" stays, as in PolNeAR), or its
    head is one of the ``[state_actions] verbs`` whose sense with a state as
    subject is a deed ("attacked", "declared martial law"); and the
    content holds no clause or quotation -- a statement reports something
    ("Russia said the talks failed"), a deed has an object.
    """
    from narratives.attribution.features import predicate_class

    span = attribution.source_span
    if span is None or not attribution.content:
        return False
    if not _is_state(table.text[span[0] : span[1]]):
        return False
    lemmas = table.lemmas[cue_first:cue_stop]
    speech = any(predicate_class(lemma) for lemma in lemmas)
    head = next((lemma for lemma, tag in zip(lemmas, table.tags[cue_first:cue_stop]) if tag.startswith("VB") and lemma not in ("be", "have", "do")), "")
    if speech and head not in rules()["state_actions"]["verbs"]:
        return False
    return not _reports_clause(table, attribution.content)


def _reports_clause(table: TokenTable, content: tuple[tuple[int, int], ...]) -> bool:
    """Whether a content holds a clause or quotation before any subordinating word.

    "Finland infuriated Russia when it joined NATO": the clause after
    "when" tells when, not what was said (``[sources] subordinators``).
    """
    subordinators = frozenset(rules()["sources"]["subordinators"])
    for start, end in content:
        for k in _tokens_in(table, (start, end)):
            if table.words[k].lower() in subordinators:
                break
            if table.quotes[k] != "O" or table.tags[k] in ("VBD", "VBZ", "VBP", "MD") or table.words[k] == ":":
                return True
    return False


def inherit_subjects(table: TokenTable, attributions: list[Attribution]) -> list[Attribution]:
    """Give a participle or coordinated cue with no source the source of the cue before it in its sentence.

    ", adding that ...", ", declaring that ...", "... and said:", "but
    later blamed ...": the speaker of the earlier cue of the sentence says
    this too.
    """
    out = list(attributions)
    words, tags = table.words, table.tags
    links = frozenset(rules()["sources"]["shared_subject_links"])
    speaker: dict[int | None, Attribution] = {}  # per sentence, the latest attribution with a source (cues come in order)
    for index, attribution in enumerate(out):
        if attribution.source:
            speaker[attribution.sentence] = attribution
            continue
        if not attribution.cue:
            continue
        first = _tokens_in(table, attribution.cue_span)
        if not first:
            continue
        k = first[0] - 1
        while k >= 0 and tags[k][:2] == "RB":
            k -= 1
        participle = tags[first[0]] == "VBG" and k >= 0 and words[k] == ","
        coordinated = k >= 0 and words[k].lower() in links and tags[first[0]][:2] == "VB"
        if not (participle or coordinated):
            continue
        previous = speaker.get(attribution.sentence)
        if previous is not None and previous.cue_span[1] <= attribution.cue_span[0]:
            out[index] = speaker[attribution.sentence] = dataclasses.replace(
                attribution, source=previous.source, resolved_source=previous.resolved_source
            )
    return out
