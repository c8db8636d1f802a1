"""Source revision: the speaker of each attribution corrected by rules (:func:`revise_source`).

"according to X, ..." ends at the comma, a relative pronoun source
resolves to the noun phrase it attaches to, a noun cue's source is its
possessor, a passive's source is its "by" agent; a cue with no source
inherits the one before it in its sentence (:func:`inherit_subjects`); a
state's deed is not a statement (:func:`is_state_action`).
"""

from __future__ import annotations

import dataclasses

from narratives import lang
from narratives.attribution.records import Attribution
from narratives.attribution.rules.common import RuleCue, is_state, noun_phrase_before, rules, tokens_in
from narratives.tokens import TokenTable

_RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
_SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "we", "i"})


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
    tokens = tokens_in(table, span)
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
            start = noun_phrase_before(table, k - 1, first)
            # "the commander of the brigade, who": the phrase the "of" attaches to.
            while start - 1 > first and words[start - 1].lower() == "of" and table.tags[start - 2][:2] == "NN":
                start = noun_phrase_before(table, start - 1, first)
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
    cue = tokens_in(table, attribution.cue_span)
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
    start = noun_phrase_before(table, m + 1, first)
    if tags[m][:2] == "PR" and start > m:
        start = m
    return (start, m + 1) if start <= m else None


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
    if not is_state(table.text[span[0] : span[1]]):
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
        for k in tokens_in(table, (start, end)):
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
        first = tokens_in(table, attribution.cue_span)
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
