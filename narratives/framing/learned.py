"""Detectors with learned parameters: uncertainty cues and loaded-language tokens.

Both start from our lexicons. Their parameters are learned by
``scripts/train_framing.py`` from 80% of the documents of
``../shared/framing`` (the rest held out for our figures) and shipped as
JSON in ``data/framing_models.json``, read here without scikit-learn or
crfsuite.

* :func:`uncertainty_cues` / :func:`is_uncertain` - a logistic model over
  our hedge lexicon's hits (entry, category, neighbouring words) keeps the
  hedges that mark a sentence as uncertain (speculation in the CoNLL-2010
  sense); validated by ``benchmarks/hedges.py``;
* :func:`loaded_language` / :func:`loaded_tokens` - a two-label CRF over
  tokens (lexicon hits, VADER valence, words, tags, context) marks loaded
  language and name calling (Da San Martino et al. 2019); validated by
  ``benchmarks/loaded_language.py``.

Error code raised here: ``N370`` (an unreadable ``framing_models.json``).
"""

from __future__ import annotations

import bisect
import functools
import json
import math
from collections import Counter
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

import numpy as np

from narratives.attribution.crf import LinearChainCRF
from narratives.errors import DataError
from narratives.framing.detect import Hit, hedges, labels, loaded_words, vader_lexicon
from narratives.framing.lexicon import normalise
from narratives.lazy import loaded_once
from narratives.tokens import TokenTable
from narratives.words import WORD_OR_MARK

MODELS_PATH = Path(str(resources.files("narratives") / "data" / "framing_models.json"))

UNCERTAINTY_CATEGORIES = ("hedge", "evidential", "conditional")
"""Hedge categories that can make a sentence uncertain (not approximators or boosters)."""



@dataclass(frozen=True)
class LinearModel:
    """A logistic model over string features: ``sigmoid(bias + sum of weights)``."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def probability(self, features: list[str]) -> float:
        score = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-score))

    def to_json(self) -> dict:
        return {"bias": self.bias, "threshold": self.threshold, "weights": dict(sorted(self.weights.items()))}

    @classmethod
    def from_json(cls, data: dict) -> LinearModel:
        return cls({str(k): float(v) for k, v in data["weights"].items()}, float(data["bias"]), float(data["threshold"]))


@loaded_once
def shipped_models() -> dict[str, LinearModel]:
    """The learned models shipped in ``data/framing_models.json``, by name (empty if absent)."""
    if not MODELS_PATH.exists():
        return {}
    try:
        data = json.loads(MODELS_PATH.read_text(encoding="utf-8"))
        return {name: LinearModel.from_json(spec) for name, spec in data.get("models", {}).items()}
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise DataError("N370", f"Cannot read the framing models {MODELS_PATH}: {error}.", "Re-run scripts/train_framing.py or reinstall narratives.") from error


def _words_around(text: str, start: int, end: int, n: int = 1) -> tuple[list[str], list[str]]:
    before = [m.group(0).lower() for m in WORD_OR_MARK.finditer(text, max(0, start - 60), start)][-n:]
    after = [m.group(0).lower() for m in WORD_OR_MARK.finditer(text, end, end + 60)][:n]
    return before, after


# ---------------------------------------------------------------- uncertainty


def uncertainty_features(text: str, hit: Hit) -> list[str]:
    """Features of one hedge hit: its entry and category, with its neighbouring words."""
    before, after = _words_around(text, hit.start, hit.end)
    prev = before[-1] if before else "<s>"
    nxt = after[0] if after else "</s>"
    entry = hit.entry
    return [
        f"e={entry}",
        f"c={hit.category}",
        f"e={entry}|p={prev}",
        f"e={entry}|n={nxt}",
        f"e={entry}|cap={hit.text[:1].isupper()}",
    ]


def uncertainty_candidates(text: str) -> list[Hit]:
    """Lexicon hits that may mark uncertainty (hedge, evidential, conditional)."""
    return hedges(text, UNCERTAINTY_CATEGORIES)


def uncertainty_cues(text: str, model: LinearModel | None = None) -> list[Hit]:
    """Hedge hits that the learned model keeps as uncertainty cues.

    Each hit's ``value`` is the model's probability. Without a shipped
    model every candidate is kept (value ``None``).
    """
    model = model or shipped_models().get("uncertainty")
    candidates = uncertainty_candidates(text)
    if model is None:
        return candidates
    kept = []
    for hit in candidates:
        p = model.probability(uncertainty_features(text, hit))
        if p >= model.threshold:
            kept.append(replace(hit, value=round(p, 4)))
    return kept


def is_uncertain(sentence: str, model: LinearModel | None = None) -> bool:
    """Whether a sentence holds any uncertainty cue (the CoNLL-2010 sentence task)."""
    return bool(uncertainty_cues(sentence, model))


# ---------------------------------------------------------------- loaded language


@dataclass(frozen=True)
class TokenCRF:
    """A two-label (``O``/``I``) linear-chain CRF over string features.

    ``state[feature] = (weight for O, weight for I)``; ``transitions[a][b]``
    scores label ``a`` followed by ``b``. Learned with crfsuite by
    ``scripts/train_framing.py`` and stored as JSON; inference
    (forward-backward marginals) is the attribution model's
    :class:`~narratives.attribution.crf.LinearChainCRF`.
    """

    state: dict[str, tuple[float, float]]
    transitions: tuple[tuple[float, float], tuple[float, float]]
    threshold: float
    clusters: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)
    """Word -> cluster ids at several granularities (features of :func:`loaded_token_features`)."""

    @functools.cached_property
    def engine(self) -> LinearChainCRF:
        """The weights as arrays, for the package's one CRF inference (:class:`LinearChainCRF`)."""
        names = list(self.state)
        weights = np.zeros((len(names) + 1, 2))
        if names:
            weights[:-1] = [self.state[name] for name in names]
        return LinearChainCRF(["O", "I"], {name: row for row, name in enumerate(names)}, weights, np.asarray(self.transitions))

    def marginals(self, sequence: list[dict[str, float]]) -> np.ndarray:
        """P(label = I) for each item of one sequence."""
        return self.marginals_of([sequence])[0]

    def marginals_of(self, sequences: list[list[dict[str, float]]]) -> list[np.ndarray]:
        """P(label = I) for each item of each sequence, all sequences in one batch."""
        engine = self.engine
        lengths = np.array([len(sequence) for sequence in sequences], dtype=np.intp)
        width = int(lengths.max(initial=0))
        positions, rows, values = [], [], []
        for k, sequence in enumerate(sequences):
            for i, features in enumerate(sequence):
                for name, value in features.items():
                    positions.append(k * width + i)
                    rows.append(engine.row(name))
                    values.append(value)
        weighted = engine.weights[rows] * np.asarray(values, dtype=float)[:, None]
        scores = np.stack([np.bincount(np.asarray(positions, dtype=np.intp), weighted[:, label], len(sequences) * width) for label in (0, 1)], axis=1)
        scores = scores.reshape(len(sequences), width, 2)
        filled = np.flatnonzero(lengths)
        probabilities = np.zeros(scores.shape[:2])
        if len(filled):
            probabilities[filled] = engine.marginals(scores[filled], lengths[filled])[:, :, 1]
        return [probabilities[k, : lengths[k]] for k in range(len(sequences))]

    def to_json(self) -> dict:
        return {
            "threshold": self.threshold,
            "transitions": [list(row) for row in self.transitions],
            "state": {k: list(v) for k, v in sorted(self.state.items())},
            "clusters": {k: list(v) for k, v in sorted(self.clusters.items())},
        }

    @classmethod
    def from_json(cls, data: dict) -> TokenCRF:
        state = {str(k): (float(v[0]), float(v[1])) for k, v in data["state"].items()}
        rows = data["transitions"]
        clusters = {str(k): tuple(int(c) for c in v) for k, v in data.get("clusters", {}).items()}
        return cls(state, ((float(rows[0][0]), float(rows[0][1])), (float(rows[1][0]), float(rows[1][1]))), float(data["threshold"]), clusters)


@functools.cache
def shipped_loaded_model() -> TokenCRF | None:
    """The shipped loaded-language CRF, or ``None`` when the models file lacks it."""
    if not MODELS_PATH.exists():
        return None
    try:
        spec = json.loads(MODELS_PATH.read_text(encoding="utf-8")).get("loaded_crf")
        return None if spec is None else TokenCRF.from_json(spec)
    except (OSError, ValueError, KeyError, TypeError, IndexError) as error:
        raise DataError("N370", f"Cannot read the framing models {MODELS_PATH}: {error}.", "Re-run scripts/train_framing.py or reinstall narratives.") from error


def loaded_token_features(table: TokenTable, clusters: dict[str, tuple[int, ...]] | None = None) -> list[dict[str, float]]:
    """Features of every token of a document for the loaded-language CRF.

    The word, lemma, tag, suffix and quotation state; our loaded-word and
    label lexicon hits and the VADER valence of the token and of its
    neighbours (two either side); how many emotive words and lexicon hits
    its sentence holds; and, with `clusters` (word -> cluster ids learned
    from unlabelled text), the clusters of the token and its neighbours.
    """
    text, n = table.text, len(table.words)
    valences = vader_lexicon()
    flags: list[set[str]] = [set() for _ in range(n)]
    for hit in loaded_words(text) + labels(text):
        i = bisect.bisect_right(table.starts, hit.start) - 1
        i = max(i, 0)
        while i < n and table.starts[i] < hit.end:
            if table.ends[i] > hit.start:
                flags[i].add(hit.category)
            i += 1
    sentence_emotive: Counter = Counter()
    sentence_lexicon: Counter = Counter()
    value_of = []
    for i, word in enumerate(table.words):
        value = valences.get(word.lower(), valences.get(table.lemmas[i].lower()))
        value_of.append(value)
        if value is not None and abs(value) >= 2:
            sentence_emotive[table.sentence_of[i]] += 1
        if flags[i]:
            sentence_lexicon[table.sentence_of[i]] += 1
    base: list[dict[str, float]] = []
    for i, word in enumerate(table.words):
        lower, lemma, value = word.lower(), table.lemmas[i].lower(), value_of[i]
        f = {f"w={lower}": 1.0, f"l={lemma}": 1.0, f"t={table.tags[i]}": 1.0, f"suf={lower[-3:]}": 1.0, f"q={table.quotes[i]}": 1.0}
        if value is not None:
            f[f"v={round(value)}"] = 1.0
            f["absv"] = abs(value) / 4
        for category in flags[i]:
            f[f"lex={category}"] = 1.0
        if word[:1].isupper():
            f["cap"] = 1.0
        s = table.sentence_of[i]
        f[f"sv={min(3, sentence_emotive[s])}"] = 1.0
        f[f"sl={min(2, sentence_lexicon[s])}"] = 1.0
        base.append(f)
    rows = []
    for i in range(n):
        f = dict(base[i])
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                for key, value in base[j].items():
                    if key.startswith(("lex", "v=", "absv")):
                        f[f"{d}:{key}"] = value
                if abs(d) == 1:
                    f[f"{d}:w={table.words[j].lower()}"] = 1.0
                    f[f"{d}:t={table.tags[j]}"] = 1.0
        if i + 1 < n:
            f[f"tt={table.tags[i]}_{table.tags[i + 1]}"] = 1.0
        rows.append(f)
    if clusters:
        ids = [clusters.get(word.lower()) for word in table.words]
        for i, f in enumerate(rows):
            for d in (-1, 0, 1):
                j = i + d
                if 0 <= j < n and ids[j]:
                    for level, cluster in enumerate(ids[j]):
                        f[f"{d}:c{level}={cluster}"] = 1.0
    return rows


def sentence_sequences(table: TokenTable) -> list[list[int]]:
    """Token indices of each sentence (the CRF's sequences)."""
    return [list(range(first, stop)) for first, stop in table.segmentation.sentence_tokens]


def loaded_language(text: str | TokenTable, model: TokenCRF | None = None) -> list[Hit]:
    """Runs of tokens the learned CRF marks as loaded language or name calling.

    Each hit is a maximal run of marked tokens within a sentence (family
    ``loaded``, category ``loaded_language``, entry the lower-cased text,
    value the highest token probability). Without a shipped model, our
    loaded-word lexicon's hits are returned instead.
    """
    table = text if isinstance(text, TokenTable) else TokenTable.build(text)
    text = table.text
    model = model or shipped_loaded_model()
    if model is None:
        return [replace(h, category="loaded_language") for h in loaded_words(text)]
    features = loaded_token_features(table, model.clusters)
    sentences = sentence_sequences(table)
    hits = []
    for indices, probabilities in zip(sentences, model.marginals_of([[features[i] for i in indices] for indices in sentences])):
        run: list[tuple[int, float]] = []
        for index, p in [*zip(indices, probabilities), (None, 0.0)]:
            if index is not None and p >= model.threshold and any(c.isalnum() for c in table.words[index]):
                run.append((index, p))
                continue
            if run:
                start, end = table.starts[run[0][0]], table.ends[run[-1][0]]
                hits.append(Hit(start, end, text[start:end], "loaded", "loaded_language", normalise(text[start:end]), round(max(q for _, q in run), 4)))
                run = []
    return hits


def loaded_tokens(text: str | TokenTable, model: TokenCRF | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` of every token inside a :func:`loaded_language` hit."""
    table = text if isinstance(text, TokenTable) else TokenTable.build(text)
    spans = [(h.start, h.end) for h in loaded_language(table, model)]
    return [(s, e) for s, e in zip(table.starts, table.ends) if any(a <= s and e <= b for a, b in spans)]


__all__ = [
    "LinearModel",
    "MODELS_PATH",
    "UNCERTAINTY_CATEGORIES",
    "is_uncertain",
    "TokenCRF",
    "loaded_language",
    "loaded_token_features",
    "loaded_tokens",
    "sentence_sequences",
    "shipped_loaded_model",
    "shipped_models",
    "uncertainty_candidates",
    "uncertainty_cues",
    "uncertainty_features",
]
