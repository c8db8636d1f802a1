"""Cue rules: cues the model misses, each found from the tokens it can start at (:func:`cue_candidates`).

A noun of saying with a possessor ("Kiev's admission that ..."), "per X"
used like "according to X", a verb of saying with a that-clause or a colon,
passives with no source ("is believed to"), postposed verbs ("..., the
colonel believes."), headlines that credit a statement with a colon, and
denials in a relative clause ("a charge the Kremlin denies").
"""

from __future__ import annotations

import operator
from itertools import compress, count
from typing import NamedTuple

from narratives.attribution.rules.common import (
    RuleCue,
    headline_paragraphs,
    is_state,
    noun_phrase_before,
    paragraph_tokens,
    rules,
)
from narratives.attribution.rules.page import furniture_paragraphs
from narratives.tokens import TokenTable

_POSSESSIVE_PRONOUNS = frozenset({"his", "her", "their", "its", "our", "my", "your"})
_VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})


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
            start = noun_phrase_before(table, k - 1, first)
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
            and not is_state(name)
            and not any(tags[m] in ("VBD", "VBZ", "VBP", "MD") for m in range(first, stop))
            and (all(words[m][:1].isupper() for m in range(first, stop)) or table.lemmas[stop - 1] in speakers)
        )

    def has_verb(first: int, stop: int) -> bool:
        return stop - first >= 3 and any(tags[m][:2] in ("VB", "MD") for m in range(first, stop))

    for paragraph in headline_paragraphs(table):
        tokens = paragraph_tokens(table, paragraph)
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


def add_rule_cues(table: TokenTable, cues: list[tuple[int, int, float]], confidence: float) -> tuple[list[tuple[int, int, float]], dict[int, RuleCue]]:
    """The cues with those of the rules (:func:`cue_candidates`) added, and the rule cues by first token.

    A rule's cue is added where no cue of the model overlaps it, with
    ``confidence``, after uncertain nested cues were dropped (a
    rule's cue never makes the model's cue go).
    """
    furniture = furniture_paragraphs(table)
    paragraph_of = table.segmentation.sentence_paragraph
    kept = list(cues)
    by_first = {}
    covered = bytearray(len(table.words))  # tokens inside a kept cue: overlap tests in time linear in the document
    first_stop: dict[int, int] = {}  # per sentence, where the model's first cue ends
    stops = set()
    for first, stop, _ in cues:
        covered[first:stop] = b"\x01" * (stop - first)
        sentence = table.sentence_of[first]
        first_stop[sentence] = min(stop, first_stop.get(sentence, stop))
        stops.add(stop)
    for rule in cue_candidates(table):
        if paragraph_of[table.sentence_of[rule.first]] in furniture:
            continue
        if any(covered[rule.first : rule.stop]):
            continue
        if rule.rule == "that_clause_verb" and first_stop.get(table.sentence_of[rule.first], rule.first + 1) <= rule.first:
            continue  # "He noted that the commission announced that ...": reported inside the model's cue's content
        if rule.source is not None and (rule.source[0] in stops or rule.source[0] - 1 in stops):
            continue  # "noted his claim that ...": the noun is the model's cue's object, and what it reports is that cue's content
        kept.append((rule.first, rule.stop, confidence))
        covered[rule.first : rule.stop] = b"\x01" * (rule.stop - rule.first)
        by_first[rule.first] = rule
    return sorted(kept), by_first
