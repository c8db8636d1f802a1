"""The attribution model's attributes, specified once for training and prediction.

crfsuite learns one weight per attribute string and label. Training
(:class:`~narratives.attribution.features.FeatureExtractor`) writes each
token's attribute strings; prediction (:mod:`narratives.attribution.item_scores`)
looks the same strings up in the model's weight tables once per value an
attribute can take, and adds the weights with numpy for whole documents.
Both spell every attribute with the templates of this module, and
:data:`CUE_TEMPLATES` and :data:`SPAN_TEMPLATES` list each stage's.
``tests/test_feature_spec.py`` describes random documents both ways with a
model that weighs every attribute either side asks for, and requires the
same sums, every listed template in use and every attribute from a
template: an attribute that one side has and the other lacks fails it.

A template is a prefix and the values that follow it, joined by a
separator: ``CUE_HEAD("say", "B") == "cue=say|B"``. A token's base
attributes (:data:`PIECES`) are shared by both stages.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = [
    "CUE_TEMPLATES",
    "DISTANCE_BUCKETS",
    "PIECES",
    "PIECE_CUT",
    "QUOTE_STATES",
    "SIDES",
    "SPAN_TEMPLATES",
    "Template",
    "distance_bucket",
    "lent",
    "neighbour",
    "piece",
]


class Template(NamedTuple):
    """A family of attributes: ``prefix``, then the values joined by ``separator``.

    Examples
    --------
    >>> Template("cue=", "|")("say", "B")
    'cue=say|B'
    >>> Template("bos")()
    'bos'
    """

    prefix: str
    separator: str = ""

    def __call__(self, *values: str) -> str:
        return self.prefix + self.separator.join(values)


# ------------------------------------------------------------------ values

DISTANCE_BUCKETS = ("0", "1", "2", "3", "4-6", "7-12", "13-25", "26+")
"""The buckets of a distance in tokens (:func:`distance_bucket`)."""


def distance_bucket(distance: int) -> str:
    """The bucket of a distance in tokens: 0 to 3 each, then 4-6, 7-12, 13-25, 26+."""
    if distance <= 3:
        return str(distance)
    if distance <= 6:
        return "4-6"
    if distance <= 12:
        return "7-12"
    if distance <= 25:
        return "13-25"
    return "26+"


# ------------------------------------------------------------------ a token's base attributes

QUOTE_STATES = ("O", "I", "Q")
"""A token's quotation state: outside, inside, a quote mark."""
PIECES = ("w", "l", "p", "s", "q", "cp", "x3", "lx")
"""A token's base attributes, in order: lower-cased word, lemma, tag, shape, quotation state
(``O``, ``I``, ``Q``), bucket of the lemma's cue prior, last three letters of the word, predicate classes."""


def piece(name: str) -> Template:
    """The template of a base attribute (``piece("w")("the") == "w=the"``)."""
    return Template(name + "=")


PIECE_CUT = {name: len(piece(name).prefix) for name in PIECES}
"""Length of each base attribute's prefix: where its value starts."""


def lent(neighbours: dict[int, tuple[str, ...]]) -> tuple[tuple[int, tuple[tuple[str, int, int], ...]], ...]:
    """For each offset of ``neighbours`` (:data:`CUE_NEIGHBOURS`, :data:`SPAN_NEIGHBOURS`): the attributes a token
    lends the token that far from it, each as its prefix, the index of its piece in :data:`PIECES` and
    :data:`PIECE_CUT` (the attribute is ``prefix + piece[cut:]``)."""
    return tuple(
        (offset, tuple((neighbour(name, offset).prefix, PIECES.index(name), PIECE_CUT[name]) for name in names))
        for offset, names in neighbours.items()
    )


def neighbour(name: str, offset: int | str) -> Template:
    """A base attribute of the token ``offset`` away (``neighbour("w", -1)("the") == "w-1=the"``; offset ``"+2"``: ``p+2=``)."""
    return Template(f"{name}{offset}=")


# ------------------------------------------------------------------ cue stage: each token in its sentence

CUE_NEIGHBOURS = {-2: ("w", "p"), -1: ("w", "p", "l", "cp", "lx"), 1: ("w", "p", "l", "cp", "lx"), 2: ("w", "p")}
"""The base attributes of the tokens up to two away in the sentence, by offset, in order."""
EDGE = "<edge>"
EDGE_OFFSETS = (-1, 1)
"""``w-1=``/``w1=`` take the value :data:`EDGE` when the sentence ends there."""
QUOTE_LEFT = Template("qL=")
QUOTE_RIGHT = Template("qR=")
"""Distance bucket to the nearest quote mark before / after the token in its sentence, or :data:`NONE`."""
NONE = "none"
SENTENCE_QUOTED = Template("sq=")
"""Whether any token of the sentence is in or at a quotation (``True``/``False``)."""
CLASS_TAG = Template("lxp=", "|")
"""Predicate classes and the tag's first two letters."""
STRONG_LEFT = Template("strongL=")
STRONG_RIGHT = Template("strongR=")
"""Whether a lemma with a strong cue prior comes before / after the token in its sentence."""
TAG_BEFORE = Template("pp=", "|")
TAG_AFTER = Template("pn=", "|")
LEMMA_AFTER = Template("ll=", "|")
"""The previous tag and the tag; the tag and the next; the lemma and the next (past the sentence: :data:`SENTENCE_START`, :data:`SENTENCE_END`)."""
SENTENCE_START = "<s>"
SENTENCE_END = "</s>"

CUE_TEMPLATES = (
    *map(piece, PIECES),
    *(neighbour(name, offset) for offset, names in CUE_NEIGHBOURS.items() for name in names),
    QUOTE_LEFT,
    QUOTE_RIGHT,
    SENTENCE_QUOTED,
    CLASS_TAG,
    STRONG_LEFT,
    STRONG_RIGHT,
    TAG_BEFORE,
    TAG_AFTER,
    LEMMA_AFTER,
)
"""Every template of the cue stage (``__start__``, crfsuite's own, aside)."""

# ------------------------------------------------------------------ span stage: each token of a window, relative to its cue

SIDES = ("B", "A", "C")
"""Before the cue, after it, inside it."""
SIDE_BUCKETS = {"B": DISTANCE_BUCKETS[1:], "A": DISTANCE_BUCKETS[1:], "C": DISTANCE_BUCKETS[:1]}
"""The distance buckets a token of each side can have (a token of the cue is at 0, the others at 1 or more)."""
SPAN_PIECES = ("w", "l", "p", "s", "q")
"""The base attributes a token of a window has (the first five :data:`PIECES`)."""
SIDE = Template("side=")
DISTANCE = Template("d=")
"""Side and distance bucket to the cue."""
AWAY = Template("sa=")
"""Sentences from the cue's sentence, clipped to -2..3."""
AWAY_QUOTE = Template("saq=")
"""Sentences away and the quotation state, or :data:`ADJACENT` in a quotation next to the cue."""
ADJACENT = "adj"
QUOTE_PAIR = Template("qq=")
"""The token's quotation state and the cue's."""
MARKS = Template("mk=")
COMMAS = Template("cm=")
"""Side and number of quote marks / commas between the token and the cue (0, 1, 2 for more)."""
CUE_HEAD = Template("cue=", "|")
CUE_LEMMAS = Template("cuefull=", "|")
"""The cue's first lemma / all its lemmas (space-separated), and the side."""
SIDE_QUOTE_TAG = Template("sqp=")
"""Side, quotation state and ``p=`` attribute."""
ADJACENT_QUOTE = Template("adjq")
ADJACENT_QUOTE_SIDE = Template("adjq|")
"""The token is in a quotation next to the cue (and its side)."""
POSTPOSED = Template("postposed")
POSTPOSED_QUOTE = Template("postposed|")
"""The token precedes the comma of a postposed cue in the cue's sentence (and its ``q=`` attribute)."""
SENTENCE_END_SIDE = Template("send|")
"""The token ends a sentence: side."""
SENTENCE_START_SIDE = Template("sstart|")
"""The token starts a sentence: side, and side with sentences away."""
WINDOW_START = Template("bos")
OTHER_CUE = Template("othercue")
"""The token is of another cue of the document."""
SPAN_NEIGHBOURS = {-1: ("p", "w"), 1: ("p", "w")}
"""The base attributes of the tokens next to the token in the window, by offset, in order."""
TAG_TWO_AFTER = neighbour("p", "+2")


def sided(side: str, name: str) -> Template:
    """A base attribute with the side before it (``sided("B", "p")("NN") == "Bp=NN"``)."""
    return Template(side + name + "=")


def sided_distance(side: str, bucket: str) -> Template:
    """The tag with the side and distance bucket before it (``"B4-6p=NN"``)."""
    return Template(f"{side}{bucket}p=")


def other_cue(offset: int) -> Template:
    """The token ``offset`` away is of another cue (``othercue-1``)."""
    return Template(f"othercue{offset}")


def next_to(offset: int) -> Template:
    """The token ``offset`` away is of the cue (``nextto1``)."""
    return Template(f"nextto{offset}")


SPAN_TEMPLATES = (
    *map(piece, SPAN_PIECES),
    SIDE,
    DISTANCE,
    AWAY,
    AWAY_QUOTE,
    QUOTE_PAIR,
    MARKS,
    COMMAS,
    CUE_HEAD,
    CUE_LEMMAS,
    *(sided(side, name) for side in SIDES for name in ("p", "w")),
    *(sided_distance(side, bucket) for side in SIDES for bucket in SIDE_BUCKETS[side]),
    SIDE_QUOTE_TAG,
    ADJACENT_QUOTE,
    ADJACENT_QUOTE_SIDE,
    POSTPOSED,
    POSTPOSED_QUOTE,
    SENTENCE_END_SIDE,
    SENTENCE_START_SIDE,
    WINDOW_START,
    OTHER_CUE,
    TAG_TWO_AFTER,
    *(neighbour(name, offset) for offset, names in SPAN_NEIGHBOURS.items() for name in names),
    *(other_cue(offset) for offset in (-1, 1)),
    *(next_to(offset) for offset in (-1, 1)),
)
"""Every template of the span stage."""
