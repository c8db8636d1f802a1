"""Narrative discovery where no labels exist: topics of what each side's speakers say.

Topics are found in the *contents* of attributed statements (what is said,
not who says it or how it is reported) by non-negative matrix factorisation
of their TF-IDF matrix (Lee & Seung 1999; for topics in short political
texts see Greene & Cross 2017). The factorisation is seeded, so the same
statements and seed give the same topics. Each topic comes with its top
words, its most typical statements (with offsets into the original text,
the speaker and the side) and its share of each side's and each outlet's
statements, so that a researcher can read and name the stories each side
tells. Topics are a reading aid: their number is a choice, and a topic is a
set of words that co-occur, not a narrative until someone has read its
statements.

The word-level contrast of the sides' contents is the fightin'-words
contrast of :mod:`narratives.compare.words`, run on the ``said`` column of
:func:`statement_contents` (see ``docs/roles-and-topics.md``).
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from threadpoolctl import threadpool_limits

from narratives import schema
from narratives.attribution.records import fragments_text, require_columns
from narratives.errors import DataError
from narratives.framing.scores import check_texts
from narratives.stories.mentions import speaker_of

STOPWORDS_FILE = "topic_stopwords.toml"
CONTENT_COLUMNS = ["doc_id", "attribution_id", "speaker", "side", "outlet", "start", "end", "content", "said"]
TYPICAL_MIN_WORDS = 6
"""Statements shorter than this ("the truce") are shown as typical only when too few longer ones weigh on a topic."""
_TOKENS = r"(?u)\b[^\W\d_][\w'’-]*[^\W_]\b"
"""Words of two characters or more that start with a letter (numbers and dates make no topic)."""


@functools.lru_cache(maxsize=1)
def topic_stop_words() -> frozenset[str]:
    """scikit-learn's English stop words and ours (``data/stories/topic_stopwords.toml``)."""
    path = resources.files("narratives") / "data" / "stories" / STOPWORDS_FILE
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    ours = {word for name, table in data.items() if name != "meta" for word in table["words"]}
    return frozenset(ENGLISH_STOP_WORDS) | ours


class StatementTopics(TransformerMixin, BaseEstimator):
    """NMF topics over the TF-IDF of statement contents; ``transform`` gives each statement's topic weights.

    Parameters
    ----------
    n_topics
        Number of topics.
    min_df, max_df
        Words in fewer statements (a count) or in a larger share of them are
        left out.
    max_features
        The most frequent words kept.
    seed
        Seeds the factorisation: the same statements and seed give the same topics.

    Attributes
    ----------
    vocabulary_ : ndarray of str
        The words, in column order.
    components_ : ndarray of shape (n_topics, n_words)
        Each topic's word weights.
    vectorizer_, nmf_
        The fitted TF-IDF vectoriser and factorisation.

    Examples
    --------
    >>> said = ["the ceasefire must hold", "the ceasefire was broken", "shelling of the city", "the city was shelled again"]
    >>> model = StatementTopics(n_topics=2, min_df=1).fit(said)
    >>> model.transform(said).shape
    (4, 2)
    """

    def __init__(
        self, n_topics: int = 8, min_df: int = 2, max_df: float = 0.5, max_features: int = 5000, seed: int = 0
    ) -> None:
        self.n_topics = n_topics
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.seed = seed

    def fit(self, X: Sequence[str], y: None = None) -> StatementTopics:
        """Learn the vocabulary, IDF weights and topics of the statements ``X`` (strings)."""
        self.vectorizer_ = TfidfVectorizer(
            stop_words=sorted(topic_stop_words()),
            token_pattern=_TOKENS,
            min_df=self.min_df,
            max_df=self.max_df,
            max_features=self.max_features,
            sublinear_tf=True,
        )
        matrix = self.vectorizer_.fit_transform(list(X))
        self.vocabulary_ = self.vectorizer_.get_feature_names_out()
        n_topics = min(self.n_topics, *matrix.shape)
        self.nmf_ = NMF(n_components=n_topics, init="nndsvda", random_state=self.seed, max_iter=1000)
        with threadpool_limits(1):
            self.nmf_.fit(matrix)
        self.components_ = self.nmf_.components_
        return self

    def transform(self, X: Sequence[str]) -> np.ndarray:
        """``(n_statements, n_topics)`` non-negative topic weights (all zero for a statement of unknown words)."""
        with threadpool_limits(1):
            return self.nmf_.transform(self.vectorizer_.transform(list(X)))

    def top_words(self, n: int = 10) -> list[list[str]]:
        """The ``n`` heaviest words of each topic, heaviest first."""
        order = np.argsort(-self.components_, axis=1, kind="stable")[:, :n]
        return [
            [str(self.vocabulary_[i]) for i in row if self.components_[t, i] > 0]
            for t, row in enumerate(order)
        ]


def statement_contents(
    attributions: pd.DataFrame, texts: Mapping[str, str], outlets: Mapping[str, object] | None = None
) -> pd.DataFrame:
    """One row per attribution with a content: where the content is and what it says.

    Parameters
    ----------
    attributions
        From :func:`narratives.pipeline.analyze` (with a profile for ``side``).
    texts
        Each document's text by ``doc_id``.
    outlets
        Each document's outlet by ``doc_id``.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``attribution_id``, ``speaker`` (the profile's actor,
        else the resolved or written source), ``side`` (None without a
        profile), ``outlet``, ``start`` and ``end`` (the envelope of the
        content fragments) with ``content == text[start:end]``, and ``said``:
        the fragments alone joined by :data:`~narratives.attribution.records.CONTENT_JOINER`, as ``content_text`` (the
        interrupting cue and source left out), the text topics are found in.
    """
    require_columns(
        attributions,
        ("doc_id", "attribution_id", "content_spans"),
        "Pass the attributions table of narratives.pipeline.analyze.",
    )
    check_texts(attributions["doc_id"].unique(), texts)
    rows = []
    for row in attributions.to_dict("records"):
        fragments = schema.spans(row["content_spans"])
        if not fragments:
            continue
        text = texts[row["doc_id"]]
        start, end = min(a for a, _ in fragments), max(b for _, b in fragments)
        rows.append(
            {
                "doc_id": row["doc_id"],
                "attribution_id": row["attribution_id"],
                "speaker": speaker_of(row),
                "side": row.get("side"),
                "outlet": None if outlets is None else outlets.get(row["doc_id"]),
                "start": start,
                "end": end,
                "content": text[start:end],
                "said": fragments_text(text, fragments),
            }
        )
    return pd.DataFrame(rows, columns=CONTENT_COLUMNS).astype({"start": "int64", "end": "int64"})


@dataclass(frozen=True)
class DiscoveredTopics:
    """Topics of statement contents, with what a reader needs to name them.

    Attributes
    ----------
    model
        The fitted :class:`StatementTopics`.
    statements
        :func:`statement_contents` rows with ``topic`` (the heaviest topic,
        -1 when no topic word occurs) and ``weight_0`` ... ``weight_K``
        (topic weights normalised to sum to 1 per statement).
    topics
        One row per topic: ``topic``, ``top_words`` (``", "``-joined),
        ``statements`` (those whose heaviest topic it is).
    typical
        The most typical statements of each topic: ``topic``, ``rank`` and
        the statement columns (``content == text[start:end]``).
    shares
        Tidy: ``by`` (``side`` or ``outlet``), ``group``, ``topic``,
        ``share`` (mean normalised weight of the group's statements that
        have a topic word) and ``statements`` (of the group whose heaviest
        topic it is).
    """

    model: StatementTopics = field(repr=False)
    statements: pd.DataFrame = field(repr=False)
    topics: pd.DataFrame
    typical: pd.DataFrame = field(repr=False)
    shares: pd.DataFrame = field(repr=False)


def _typical(statements: pd.DataFrame, weights: np.ndarray, topic: int, n: int) -> pd.DataFrame:
    """The ``n`` statements weighing most on ``topic``: those of :data:`TYPICAL_MIN_WORDS` words or more first."""
    short = statements["said"].str.split().str.len().to_numpy() < TYPICAL_MIN_WORDS
    order = [i for i in np.lexsort((-weights, short)) if weights[i] > 0][:n]
    chosen = statements.iloc[order][CONTENT_COLUMNS]
    return chosen.assign(topic=topic, rank=np.arange(1, len(chosen) + 1))[["topic", "rank", *CONTENT_COLUMNS]]


def _shares(statements: pd.DataFrame, weights: np.ndarray, by: Sequence[str]) -> pd.DataFrame:
    rows = []
    has_topic = statements["topic"].to_numpy() >= 0
    for column in by:
        values = statements[column]
        for group in sorted(values.dropna().unique(), key=str):
            members = (values == group).to_numpy() & has_topic
            for topic in range(weights.shape[1]):
                share = float(weights[members, topic].mean()) if members.any() else 0.0
                count = int((statements["topic"].to_numpy()[members] == topic).sum())
                rows.append(
                    {
                        "by": column,
                        "group": group,
                        "topic": topic,
                        "share": round(share, 4),
                        "statements": count,
                    }
                )
    return pd.DataFrame(rows, columns=["by", "group", "topic", "share", "statements"])


def discover_topics(
    attributions: pd.DataFrame,
    texts: Mapping[str, str],
    outlets: Mapping[str, object] | None = None,
    sides: Sequence[str] | None = None,
    n_typical: int = 3,
    n_words: int = 10,
    **params: object,
) -> DiscoveredTopics:
    """Topics of the statements of analysed documents, their typical statements and their shares per side and outlet.

    Parameters
    ----------
    attributions
        From :func:`narratives.pipeline.analyze` with a profile (for ``side``).
    texts
        Each document's text by ``doc_id``.
    outlets
        Each document's outlet by ``doc_id`` (for shares per outlet).
    sides
        Keep only statements of these sides (e.g. a profile's ``side_ids``);
        default every statement.
    n_typical, n_words
        Typical statements and top words shown per topic.
    **params
        Passed to :class:`StatementTopics` (``n_topics``, ``seed``...).

    Returns
    -------
    DiscoveredTopics

    Raises
    ------
    DataError
        ``N241`` if the table lacks a column, ``N242`` if a document has no
        text, ``N388`` if no statement has a content to read.
    """
    statements = statement_contents(attributions, texts, outlets)
    if sides is not None:
        statements = statements[statements["side"].isin(list(sides))].reset_index(drop=True)
    if statements.empty:
        raise DataError(
            "N388",
            "No attributed statement with a content (of the sides asked for): there is nothing to find topics in.",
            "Check that the attributions table is not empty and that `sides` names sides of its profile.",
        )
    model = StatementTopics(**params).fit(statements["said"])
    raw = model.transform(statements["said"])
    totals = raw.sum(axis=1, keepdims=True)
    weights = np.divide(raw, totals, out=np.zeros_like(raw), where=totals > 0)
    statements = statements.assign(topic=np.where(totals[:, 0] > 0, raw.argmax(axis=1), -1))
    statements = pd.concat(
        [
            statements,
            pd.DataFrame(weights.round(4), columns=[f"weight_{t}" for t in range(weights.shape[1])]),
        ],
        axis=1,
    )
    words = model.top_words(n_words)
    topics = pd.DataFrame(
        {
            "topic": range(len(words)),
            "top_words": [", ".join(w) for w in words],
            "statements": [int((statements["topic"] == t).sum()) for t in range(len(words))],
        }
    )
    typical = pd.concat(
        [_typical(statements, raw[:, t], t, n_typical) for t in range(len(words))], ignore_index=True
    )
    by = [column for column in ("side", "outlet") if statements[column].notna().any()]
    return DiscoveredTopics(model, statements, topics, typical, _shares(statements, weights, by))


__all__ = [
    "CONTENT_COLUMNS",
    "DiscoveredTopics",
    "StatementTopics",
    "discover_topics",
    "statement_contents",
    "topic_stop_words",
]
