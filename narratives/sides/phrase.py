"""Reading one source phrase: which listed mentions denote its speaker, and by which rule.

A source is read as a small noun phrase (see :mod:`narratives.sides`): a
mention counts only where it names the speaker ("Hajiyev", "Baku"),
qualifies a head noun that speaks for the actor ("Azerbaijani officials")
or follows such a noun ("the leaders of France"). :class:`_Reader` finds
those uses; :func:`_combine` turns them into a side assignment.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from narratives.sides.matching import _Alias, _Item
from narratives.sides.model import (
    AMBIGUOUS,
    BOTH,
    MENTION_RULES,
    RULE_CONFIDENCE,
    THIRD_PARTY,
    TWO_SIDES,
    Actor,
    SideAssignment,
)
from narratives.sides.words import (
    _BOUNDARIES,
    _CALENDAR,
    _CONJUNCTIONS,
    _DETERMINERS,
    _FORMER,
    _GENERIC_MODIFIERS,
    _HONORIFICS,
    _LINK_HEADS,
    _LINK_WORDS,
    _POSSESSIVE_MARKS,
    _POSSESSIVE_PRONOUNS,
    _STOPWORDS,
    _TIME_WORDS,
)
from narratives.tagging import default_tagger

MODIFIER_WINDOW = 3
"""A demonym or name modifies a head noun at most this many words later ("the Armenian Defense Ministry")."""


@dataclass(frozen=True, slots=True)
class _Use:
    """A listed mention that denotes the speaker, with the rule by which it does."""

    alias: _Alias
    rule: str


@dataclass
class _Phrase:
    """What one noun phrase of a source says about the speaker."""

    heads: list[_Use] = field(default_factory=list)
    modifiers: list[_Use] = field(default_factory=list)
    affiliations: list[_Use] = field(default_factory=list)
    places: list[_Use] = field(default_factory=list)
    others: list[_Use] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    stopped: bool = False
    former: bool = False

    def main(self) -> list[_Use]:
        """The uses that name the speaker: heads, else modifiers of the head noun, else affiliations.

        A "former" head noun ("a former Obama administration official")
        no longer speaks for the actor: only named heads count then.
        """
        if self.former:
            return self.heads
        return self.heads or self.modifiers or self.affiliations

    def all(self) -> list[_Use]:
        """Every use that counts, those naming the speaker first."""
        main = self.main()
        rest = self.heads if self.former else (*self.heads, *self.modifiers, *self.affiliations, *self.others)
        return main + [use for use in rest if use not in main]


def _link_length(items: Sequence[_Item], i: int) -> int:
    """Number of tokens of a linking preposition starting at ``items[i]`` (0 if none)."""
    if i >= len(items) or items[i].alias is not None or items[i].lower not in _LINK_HEADS:
        return 0
    for words in _LINK_WORDS:
        window = items[i : i + len(words)]
        if len(window) == len(words) and all(
            it.alias is None and it.lower == w for it, w in zip(window, words)
        ):
            return len(words)
    return 0


def _stands_alone(items: Sequence[_Item], j: int) -> bool:
    """Whether the noun phrase of the mention just before ``items[j]`` ends there.

    It goes on when a capitalised word ("Trump Tower", "Donald Trump Jr.")
    or a lower-case noun or adjective ("the Obama administration",
    "Armenian missile strikes") follows; it ends at a verb (also a
    capitalised one, in a headline: "Zelensky Seeks To..."), a time word
    ("Zelensky yesterday"), a conjunction, a preposition, punctuation or
    the end of the source.
    """
    if j >= len(items):
        return True
    item = items[j]
    if item.alias is not None or not item.text[:1].isalnum() or item.lower in _TIME_WORDS:
        return True
    tag = default_tagger().tag([item.lower])[0]
    if item.capitalised:
        return tag in ("VBZ", "VBD")
    return not tag.startswith(("NN", "JJ"))


def _is_name_word(item: _Item) -> bool:
    """A capitalised word that is not a listed mention: part of a person's name."""
    return item.alias is None and item.capitalised and item.text.replace("-", "").replace("'", "").isalpha()


def _name_follows(items: Sequence[_Item], j: int) -> bool:
    """Whether two capitalised words (a given name and a surname) follow at ``j``."""
    return j + 1 < len(items) and _is_name_word(items[j]) and _is_name_word(items[j + 1])


def _is_given_name(word: str, heads: frozenset[str]) -> bool:
    """Whether ``word`` reads as a given name before a surname: a proper noun, not a title or a weekday."""
    if not word[:1].isupper() or not word.replace("-", "").replace("'", "").isalpha():
        return False
    low = word.lower()
    if (
        low in _HONORIFICS
        or low in heads
        or low in _DETERMINERS
        or low in _POSSESSIVE_PRONOUNS
        or low in _CALENDAR
    ):
        return False
    return default_tagger().tag([word])[0] == "NNP"


def _rule(alias: _Alias, usage: str, possessive: bool) -> str:
    if alias.actor.side == BOTH:
        return "group"
    if alias.form == "places":
        return MENTION_RULES["places"]
    if usage == "head":
        return MENTION_RULES[alias.form]
    if possessive:
        return "possessive"
    return "demonym" if alias.form == "demonyms" else "modifier"


class _Reader:
    """Reads a source phrase and finds the listed mentions that denote its speaker."""

    def __init__(self, heads: frozenset[str]) -> None:
        self.heads = heads

    def analyse(self, items: Sequence[_Item]) -> tuple[list[_Use], list[_Use], list[str]]:
        """Return (uses naming the speaker, other uses, words of the first noun phrase).

        The source is cut at commas, dashes and brackets. The first segment
        that names someone gives the speaker; a following segment that is
        only a mention ("France, Russia, and the US") joins it; other
        segments (appositions) only support or contradict it. A relative
        clause or a preposition that does not link a head noun ends the
        reading.
        """
        primary: list[_Use] = []
        supporting: list[_Use] = []
        first_words: list[str] | None = None
        for part in _segments(items):
            if part[0].lower in _STOPWORDS or _link_length(part, 0):
                break
            phrase = self.phrase(part)
            first_words = phrase.words if first_words is None else first_words
            if not primary:
                primary = phrase.main()
                supporting += phrase.all()[len(primary) :]
            elif _is_coordinated(part):
                primary += [_Use(use.alias, _coordinated_rule(use, primary[0])) for use in phrase.main()]
            else:
                supporting += phrase.all()
            if phrase.stopped:
                break
        return primary, supporting, first_words or []

    def phrase(self, items: Sequence[_Item], start: int = 0) -> _Phrase:
        """Read one noun phrase from ``items[start]`` up to a preposition or the end."""
        phrase = _Phrase()
        i, last_is_head = start, False
        while i < len(items):
            item = items[i]
            if item.alias is not None:
                i = self._entity(items, i, start, phrase)
                last_is_head = False
                continue
            link = _link_length(items, i)
            if link and i > start:
                self._attach(items, i + link, phrase, affiliate=last_is_head)
                return phrase
            if link or item.lower in _STOPWORDS:
                phrase.stopped = True
                return phrase
            phrase.words.append(item.lower)
            phrase.former = phrase.former or item.lower in _FORMER
            # a head noun, or a person's name ("Capt. Ivan Petrenko of the Ukrainian Army")
            last_is_head = item.lower in self.heads or (i > start and _is_name_word(item) and _is_name_word(items[i - 1]))
            i += 1
        return phrase

    def _attach(self, items: Sequence[_Item], start: int, phrase: _Phrase, affiliate: bool) -> None:
        """Read the object of a linking preposition.

        After a head noun it names whom the speaker speaks for ("the
        leaders of France", "a spokeswoman for Armenia's Defence Ministry");
        after anything else ("the separatist regime in Khankendi", "Trump in
        an interview") it is set aside.
        """
        inner = self.phrase(items, start)
        phrase.stopped = inner.stopped
        if not affiliate or phrase.former:
            return
        main = inner.main() or inner.places
        uses = main + [use for use in inner.all() if use not in main]
        phrase.affiliations += [_Use(use.alias, _affiliation_rule(use)) for use in main]
        phrase.others += [_Use(use.alias, _affiliation_rule(use)) for use in uses[len(main) :]]

    def _entity(self, items: Sequence[_Item], i: int, start: int, phrase: _Phrase) -> int:
        """Classify the mention at ``items[i]``; record it in ``phrase``; return the next index.

        A mention followed (within :data:`MODIFIER_WINDOW` words) by a head
        noun is a modifier ("Azerbaijani officials", "Trump's aides"); a
        mention that ends its noun phrase is the head ("Baku", "Clinton's"
        before the cue); anything else ("Clinton's opponent", "Armenian
        missile strikes", "Trump Tower") does not denote the speaker.
        """
        alias = items[i].alias
        j = i + 1
        possessive = j < len(items) and items[j].text in _POSSESSIVE_MARKS
        if possessive:
            j += 1
        phrase.words.append(items[i].lower)
        if alias.form == "surnames" and self._after_given_name(items, i, start):
            return j
        if alias.form == "titles" and j < len(items) and items[j].alias is not None and items[j].alias.actor.kind == "person":
            return j  # the title of the person named next ("former Prime Minister Yulia Tymoshenko")
        if alias.form == "titles" and not possessive and _name_follows(items, j) and not _FORMER & set(alias.text.lower().split()):
            phrase.heads.append(_Use(alias, _rule(alias, "head", possessive)))  # "Ukrainian Prime Minister Denis Shmigal"
            while j < len(items) and _is_name_word(items[j]):
                phrase.words.append(items[j].lower)
                j += 1
        elif self._head_follows(items, j) or (alias.form == "demonyms" and j < len(items) and _is_name_word(items[j])):
            # "Azerbaijani officials"; a demonym before a proper name ("the Polish National Security Bureau")
            phrase.modifiers.append(_Use(alias, _rule(alias, "modifier", possessive)))
        elif _stands_alone(items, j):
            uses = phrase.places if alias.form == "places" else phrase.heads
            uses.append(_Use(alias, _rule(alias, "head", possessive)))
        return j

    def _head_follows(self, items: Sequence[_Item], j: int) -> bool:
        """Whether a head noun comes within :data:`MODIFIER_WINDOW` plain words from ``j``."""
        for item in items[j : j + MODIFIER_WINDOW]:
            low = item.lower
            if (
                item.alias is not None
                or low in _STOPWORDS
                or low in _CONJUNCTIONS
                or not item.text[:1].isalnum()
            ):
                return False
            if low in self.heads:
                return True
        return False

    def _after_given_name(self, items: Sequence[_Item], i: int, start: int) -> bool:
        """Whether the surname at ``i`` follows an unlisted given name ("Melania Trump")."""
        return i > start and items[i - 1].alias is None and _is_given_name(items[i - 1].text, self.heads)


def _affiliation_rule(use: _Use) -> str:
    if use.rule == "group":
        return "group"
    return MENTION_RULES["places"] if use.alias.form == "places" else "affiliation"


def _coordinated_rule(use: _Use, first: _Use) -> str:
    """A mention listed after the speaker's ("France, Russia, and the US") is read the same way."""
    return _affiliation_rule(use) if first.rule == "affiliation" else use.rule


def _segments(items: Sequence[_Item]) -> Iterator[list[_Item]]:
    """Cut a source at commas, dashes and brackets; drop a leading conjunction."""
    current: list[_Item] = []
    for item in [*items, _Item(",")]:
        if item.alias is None and item.text in _BOUNDARIES:
            while current and current[0].alias is None and current[0].lower in _CONJUNCTIONS:
                current.pop(0)
            if current:
                yield current
            current = []
        else:
            current.append(item)


def _is_coordinated(segment: Sequence[_Item]) -> bool:
    """Whether a segment only lists mentions ("Russia", "and the US", "Russia and the United States")."""
    skip = _DETERMINERS | _CONJUNCTIONS
    return all(item.alias is not None or item.lower in skip for item in segment)


def _is_generic(words: Sequence[str], generic: frozenset[str]) -> bool:
    """Whether a noun phrase is only a generic head ("officials", "the Foreign Ministry", "his aides")."""
    skip = _DETERMINERS | _POSSESSIVE_PRONOUNS | _GENERIC_MODIFIERS
    index = 0
    while index < len(words) and words[index] in skip:
        index += 1
    return " ".join(words[index:]) in generic


def _joint_side(actors: Sequence[Actor]) -> str | None:
    """The one side of ``actors``, folding third-party allies into the side they are allied with."""
    sides = {actor.side for actor in actors}
    if len(sides) == 1:
        return sides.pop()
    main = sides - {THIRD_PARTY}
    if len(main) == 1:
        (side,) = main
        if all(actor.ally_of == side for actor in actors if actor.side == THIRD_PARTY):
            return side
    return None


def _combine(primary: Sequence[_Use], supporting: Sequence[_Use]) -> SideAssignment:
    """Side, actor, rule and confidence of the uses that name a speaker."""
    actors = list(dict.fromkeys(use.alias.actor for use in primary))
    names = "; ".join(actor.name for actor in actors)
    side = _joint_side(actors)
    # A place only says where the speaker works ("the Russian-installed governor of Kherson"), and the object of a
    # preposition after a speaker qualified by a demonym or possessive is whom they deal with ("Russia's ambassador
    # to Washington"): neither contradicts.
    qualified = all(use.rule in ("demonym", "modifier", "possessive") for use in primary)
    consistent = side is not None and all(
        u.alias.actor.side == side or u.alias.actor.ally_of == side
        for u in supporting
        if u.alias.form != "places" and not (qualified and u.rule == "affiliation")
    )
    if not consistent:
        everyone = "; ".join(dict.fromkeys(use.alias.actor.name for use in [*primary, *supporting]))
        return SideAssignment(everyone, AMBIGUOUS, TWO_SIDES)
    rules = list(dict.fromkeys(use.rule for use in primary))
    return SideAssignment(names, side, "+".join(rules), min(RULE_CONFIDENCE[rule] for rule in rules))
