"""Entity roles: who a text casts as hero, villain or victim.

For a named mention, the main role (Protagonist, Antagonist, Innocent) and
a fine role (Guardian, Instigator, Victim, ...), in the scheme of SemEval-2025
Task 10 subtask 1 (entity framing). :class:`RoleClassifier` is a linear
model over the mention's context (:mod:`narratives.stories.mentions`): the
words around it, whether it speaks (source) or is spoken of (content) in an
attribution, that attribution's reporting verb and stance, framing hits
nearby, and whether the speaker and the entity are on the same side of the
profile. Side ids are never features, so a model learned on one conflict
reads another.

**The training data is small**: 486 English mentions in 134 articles, two
thirds of them Antagonist. The shipped parameters
(``data/entity_roles.json``, trained by :func:`train_roles`) are a rough
first reading, to be checked against the text, never a measurement by
themselves; ``docs/roles-and-topics.md`` has the model card and figures.

Error codes raised here: ``N385`` (a role file that cannot be read),
``N386`` (a mention whose offsets do not match its text), ``N387`` (an
unreadable ``entity_roles.json``).
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from narratives.corpus import Corpus, Document
from narratives.errors import DataError
from narratives.framing import framing_hits
from narratives.pipeline import analyze
from narratives.sides import Profile, load_profile
from narratives.stories.mentions import OUTSIDE, actor_mentions, mention_contexts

MODEL_PATH = Path(str(resources.files("narratives") / "data" / "entity_roles.json"))
TRAINING_PROFILE = "russia-ukraine"
"""The profile that places speakers and entities when the shipped model is trained."""
OFFSET_SLACK = 2
"""Characters a labelled mention may be shifted by in the source data (some are off by one)."""
ROLE_COLUMNS = ["main_role", "main_probability", "fine_roles"]


def _words(prefix: str, words: Sequence[str]) -> dict[str, float]:
    return {prefix + word: 1.0 for word in words}


def context_features(row: Mapping, window: int) -> dict[str, float]:
    """The binary features of one mention context (a row of :func:`~narratives.stories.mentions.mention_contexts`)."""
    left, right = list(row["left"])[-window:], list(row["right"])[:window]
    features = {
        **_words("w=", left + right),
        **_words("l=", left[-2:]),
        **_words("r=", right[:2]),
        **_words("m=", str(row["mention"]).lower().split()),
        **{f"h={tag}": 1.0 for distance, tag in row["hits"] if distance <= window},
        "pos=" + row["position"]: 1.0,
    }
    if row["position"] != OUTSIDE:
        for name in ("cue_lemma", "stance"):
            if isinstance(row[name], str):
                features[f"{row['position']}|{name}={row[name]}"] = 1.0
    features["sides=" + _side_relation(row.get("speaker_side"), row.get("entity_side"))] = 1.0
    features["document=" + _side_relation(row.get("document_side"), row.get("entity_side"))] = 1.0
    return features


def _side_relation(speaker: object, entity: object) -> str:
    """How a speaker's (or a document's) side relates to the entity's: same, other, or what is unknown (never the side ids)."""
    known = [
        isinstance(side, str) and side not in ("unknown", "ambiguous", "both") for side in (speaker, entity)
    ]
    if all(known):
        if "third_party" in (speaker, entity):
            return "third_party"
        return "same" if speaker == entity else "other"
    return {(True, False): "speaker_only", (False, True): "entity_only"}.get(tuple(known), "none")


def _softmax(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    return exp / exp.sum(axis=1, keepdims=True)


class RoleClassifier(ClassifierMixin, BaseEstimator):
    """Main and fine role of entity mentions, from their context.

    Two multinomial logistic regressions over the same binary features
    (:func:`context_features`): one for the main role, one for the fine
    roles (a mention with several fine roles counts once, split among
    them). The fine role predicted is the likeliest among those that
    belong to the predicted main role.

    Parameters
    ----------
    window
        Words on each side of the mention read as its context (at most
        :data:`~narratives.stories.mentions.MAX_CONTEXT`).
    C
        Inverse regularisation strength of both regressions.
    min_count
        Features seen in fewer training mentions are dropped.

    Attributes
    ----------
    vocabulary_ : list of str
        The feature names, in column order.
    classes_, coef_, intercept_
        Main roles, their ``(n_classes, n_features)`` weights and biases.
    fine_classes_, fine_coef_, fine_intercept_
        The same for fine roles.
    fine_parent_ : list of str
        The main role each fine role belongs to (its commonest in training).

    Examples
    --------
    >>> contexts = pd.DataFrame({"left": [["rebels", "shelled"], ["helped"]], "right": [[], ["villagers"]],
    ...     "mention": ["the town", "volunteers"], "hits": [[], []], "position": ["outside"] * 2,
    ...     "cue_lemma": [None] * 2, "stance": [None] * 2})
    >>> model = RoleClassifier(min_count=1).fit(contexts, ["Innocent", "Protagonist"], [("Victim",), ("Guardian",)])
    >>> model.predict(contexts).tolist(), model.predict_fine(contexts)
    (['Innocent', 'Protagonist'], [('Victim',), ('Guardian',)])
    """

    def __init__(self, window: int = 5, C: float = 0.3, min_count: int = 2) -> None:
        self.window = window
        self.C = C
        self.min_count = min_count

    def _dicts(self, contexts: pd.DataFrame) -> list[dict[str, float]]:
        return [context_features(row, self.window) for row in contexts.to_dict("records")]

    def _matrix(self, contexts: pd.DataFrame | list[dict[str, float]]) -> np.ndarray:
        dicts = self._dicts(contexts) if isinstance(contexts, pd.DataFrame) else contexts
        index = {name: i for i, name in enumerate(self.vocabulary_)}
        matrix = np.zeros((len(dicts), len(index)))
        for i, features in enumerate(dicts):
            for name, value in features.items():
                if name in index:
                    matrix[i, index[name]] = value
        return matrix

    def fit(
        self, X: pd.DataFrame, y: Sequence[str], fine_roles: Sequence[Sequence[str]] | None = None
    ) -> RoleClassifier:
        """Learn from mention contexts ``X``, their main roles ``y`` and (optionally) their fine roles.

        Parameters
        ----------
        X
            Mention contexts (:func:`~narratives.stories.mentions.mention_contexts`).
        y
            The main role of each mention.
        fine_roles
            The fine roles of each mention (a sequence of names each); without
            them :meth:`predict_fine` is unavailable.

        Returns
        -------
        RoleClassifier
            ``self``.
        """
        dicts = self._dicts(X)
        counts = Counter(name for features in dicts for name in features)
        self.vocabulary_ = sorted(name for name, n in counts.items() if n >= self.min_count)
        matrix = self._matrix(dicts)
        # One BLAS thread: on a small problem several threads only contend (ten times slower on a busy machine).
        with threadpool_limits(1):
            main = LogisticRegression(C=self.C, max_iter=5000).fit(matrix, np.asarray(y, dtype=object))
            self.classes_ = main.classes_
            self.coef_, self.intercept_ = self._as_classes(main, len(self.classes_))
            self.fine_classes_, self.fine_parent_ = [], []
            self.fine_coef_, self.fine_intercept_ = np.zeros((0, len(self.vocabulary_))), np.zeros(0)
            if fine_roles is not None:
                self._fit_fine(matrix, list(y), [tuple(roles) for roles in fine_roles])
        return self

    @staticmethod
    def _as_classes(model: LogisticRegression, n_classes: int) -> tuple[np.ndarray, np.ndarray]:
        """Weights with one row per class (scikit-learn keeps one row for two classes)."""
        if n_classes == 2:
            return np.vstack([-model.coef_[0] / 2, model.coef_[0] / 2]), np.array([-1, 1]) * model.intercept_[
                0
            ] / 2
        return model.coef_, model.intercept_

    def _fit_fine(self, matrix, main: list[str], fine: list[tuple[str, ...]]) -> None:
        rows = [i for i, roles in enumerate(fine) for _ in roles]
        labels = [role for roles in fine for role in roles]
        weights = [1.0 / len(roles) for roles in fine for _ in roles]
        parents: dict[str, Counter] = {}
        for i, role in zip(rows, labels):
            parents.setdefault(role, Counter())[main[i]] += 1
        model = LogisticRegression(C=self.C, max_iter=5000).fit(matrix[rows], labels, sample_weight=weights)
        self.fine_classes_ = [str(role) for role in model.classes_]
        self.fine_parent_ = [parents[role].most_common(1)[0][0] for role in self.fine_classes_]
        self.fine_coef_, self.fine_intercept_ = self._as_classes(model, len(self.fine_classes_))

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        """``(n_mentions, n_classes)`` probabilities of the main roles (columns in ``classes_`` order)."""
        return _softmax(self._matrix(X) @ self.coef_.T + self.intercept_)

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        """The likeliest main role of each mention."""
        return np.asarray(self.classes_, dtype=object)[self.predict_proba(X).argmax(axis=1)]

    def predict_fine(self, X: pd.DataFrame) -> list[tuple[str, ...]]:
        """The likeliest fine role of each mention among those of its predicted main role (a 1-tuple)."""
        if not self.fine_classes_:
            raise ValueError("this model was fitted without fine roles; pass fine_roles to fit")
        matrix = self._matrix(X)
        main = np.asarray(self.classes_, dtype=object)[
            _softmax(matrix @ self.coef_.T + self.intercept_).argmax(axis=1)
        ]
        scores = matrix @ self.fine_coef_.T + self.fine_intercept_
        parents = np.asarray(self.fine_parent_, dtype=object)
        found = []
        for row, role in zip(scores, main):
            allowed = np.where(parents == role, row, -np.inf)
            found.append((self.fine_classes_[int(allowed.argmax())],) if np.isfinite(allowed).any() else ())
        return found

    def to_json(self) -> dict:
        """The learned parameters as plain lists (rounded), for ``data/entity_roles.json``."""
        return {
            "params": self.get_params(),
            "vocabulary": self.vocabulary_,
            "classes": list(self.classes_),
            "coef": np.round(self.coef_, 5).tolist(),
            "intercept": np.round(self.intercept_, 5).tolist(),
            "fine_classes": self.fine_classes_,
            "fine_parent": self.fine_parent_,
            "fine_coef": np.round(self.fine_coef_, 5).tolist(),
            "fine_intercept": np.round(self.fine_intercept_, 5).tolist(),
        }

    @classmethod
    def from_json(cls, data: Mapping) -> RoleClassifier:
        """A fitted classifier from :meth:`to_json`'s dictionary."""
        model = cls(**data["params"])
        model.vocabulary_ = list(data["vocabulary"])
        model.classes_ = np.asarray(data["classes"], dtype=object)
        model.coef_, model.intercept_ = np.asarray(data["coef"]), np.asarray(data["intercept"])
        model.fine_classes_, model.fine_parent_ = list(data["fine_classes"]), list(data["fine_parent"])
        model.fine_coef_ = np.asarray(data["fine_coef"]).reshape(
            len(model.fine_classes_), len(model.vocabulary_)
        )
        model.fine_intercept_ = np.asarray(data["fine_intercept"])
        return model


@functools.lru_cache(maxsize=4)
def load_roles_model(path: str | Path = MODEL_PATH) -> RoleClassifier:
    """The role classifier stored at ``path`` (default: the shipped ``data/entity_roles.json``)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return RoleClassifier.from_json(data["model"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise DataError(
            "N387",
            f"The entity-role model cannot be read ({type(error).__name__}: {error}).",
            "Reinstall narratives, or retrain it with narratives.stories.roles.train_roles.",
            path,
        ) from None


# ----------------------------------------------------------------------------
# Labelled data


def _role_error(path: Path, problem: str, fix: str, line: int | None = None) -> DataError:
    return DataError("N385", problem, fix, path, line)


def read_entity_roles(folder: str | Path) -> tuple[pd.DataFrame, dict[str, str]]:
    """Labelled mentions and their articles from a folder in the SemEval-2025 Task 10 layout.

    ``folder/entity_roles.tsv`` (``id``, ``start``, ``end``, ``entity``,
    ``main_role``, ``fine_roles`` comma-separated) and
    ``folder/articles/<id>.txt``. A mention whose offsets are off by up to
    :data:`OFFSET_SLACK` characters (as a few are in the source data) is
    moved onto its text.

    Returns
    -------
    mentions : pandas.DataFrame
        ``doc_id``, ``start``, ``end``, ``main_role``, ``fine_roles`` (tuples), ``line``.
    texts : dict
        Each article's text by id.
    """
    folder = Path(folder)
    path = folder / "entity_roles.tsv"
    try:
        table = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as error:
        raise _role_error(
            path,
            f"The role file cannot be read ({error}).",
            "Give a folder holding entity_roles.tsv and articles/.",
        ) from None
    missing = [
        c for c in ("id", "start", "end", "entity", "main_role", "fine_roles") if c not in table.columns
    ]
    if missing:
        raise _role_error(
            path,
            f"The role file lacks the column(s) {', '.join(missing)}.",
            "Use the header id, start, end, entity, main_role, fine_roles.",
            1,
        )
    texts, rows = {}, []
    for number, record in enumerate(table.to_dict("records"), start=2):
        doc_id = record["id"]
        if doc_id not in texts:
            article = folder / "articles" / f"{doc_id}.txt"
            try:
                texts[doc_id] = article.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise _role_error(
                    path,
                    f"The article of {doc_id} cannot be read ({error}).",
                    f"Add {article} as UTF-8 text.",
                    number,
                ) from None
        start, end = _aligned(texts[doc_id], record, path, number)
        fine = tuple(role.strip() for role in record["fine_roles"].split(",") if role.strip())
        rows.append(
            {
                "doc_id": doc_id,
                "start": start,
                "end": end,
                "main_role": record["main_role"],
                "fine_roles": fine,
                "line": number,
            }
        )
    return pd.DataFrame(rows, columns=["doc_id", "start", "end", "main_role", "fine_roles", "line"]), texts


def _aligned(text: str, record: Mapping[str, str], path: Path, line: int) -> tuple[int, int]:
    """The mention's offsets, shifted by at most :data:`OFFSET_SLACK` so that they cover its entity text."""
    try:
        start, end = int(record["start"]), int(record["end"])
    except ValueError:
        raise _role_error(
            path,
            f"start/end {record['start']!r}, {record['end']!r} are not integers.",
            "Give character offsets.",
            line,
        ) from None
    entity = record["entity"]
    for shift in sorted(range(-OFFSET_SLACK, OFFSET_SLACK + 1), key=abs):
        if 0 <= start + shift and text[start + shift : start + shift + len(entity)] == entity:
            return start + shift, start + shift + len(entity)
    raise DataError(
        "N386",
        f"The mention {entity!r} is not at {start}-{end} of {record['id']} (found {text[start:end]!r}).",
        "Fix its offsets (character offsets, end exclusive).",
        path,
        line,
    )


def document_contexts(
    texts: Mapping[str, str],
    mentions: pd.DataFrame,
    profile: Profile | None = None,
    attributions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Mention contexts of documents: runs the pipeline (unless ``attributions`` are given) and the framing detectors.

    Parameters
    ----------
    texts
        Each document's text by ``doc_id``.
    mentions
        ``doc_id``, ``start``, ``end`` of each mention.
    profile
        Places speakers and entities on sides.
    attributions
        The documents' attributions table from :func:`narratives.pipeline.analyze`
        (with ``profile``), if already made.
    """
    if attributions is None:
        corpus = Corpus.from_documents(Document(id=doc_id, text=text) for doc_id, text in texts.items())
        attributions = analyze(corpus, profile=profile).attributions
    hits = framing_hits(texts, attributions)
    return mention_contexts(texts, mentions, attributions, hits, profile)


def train_roles(folder: str | Path, **params: object) -> tuple[RoleClassifier, pd.DataFrame]:
    """Train a :class:`RoleClassifier` on every labelled mention of ``folder`` (see :func:`read_entity_roles`).

    Returns the fitted classifier and the mention contexts it was trained on
    (for cross-validation by :mod:`benchmarks.entity_roles`). Write the model
    with ``json.dumps({"about": ..., "model": model.to_json()})``; the shipped
    one is written by ``python benchmarks/entity_roles.py --data FOLDER --write``.
    """
    mentions, texts = read_entity_roles(folder)
    contexts = document_contexts(texts, mentions, load_profile(TRAINING_PROFILE))
    model = RoleClassifier(**params).fit(contexts, contexts["main_role"], contexts["fine_roles"])
    return model, contexts


# ----------------------------------------------------------------------------
# Roles in new text, and their shares


def cast_roles(
    texts: Mapping[str, str],
    attributions: pd.DataFrame,
    profile: Profile,
    outlets: Mapping[str, object] | None = None,
    model: RoleClassifier | None = None,
) -> pd.DataFrame:
    """The predicted role of every actor mention of analysed documents.

    Parameters
    ----------
    texts
        Each document's text by ``doc_id``.
    attributions
        Their attributions table from :func:`narratives.pipeline.analyze` run with ``profile``.
    profile
        Finds the mentions (its actors' names, titles, demonyms, capitals) and their sides.
    outlets
        Each document's outlet by ``doc_id`` (adds an ``outlet`` column).
    model
        Default: the shipped model (:func:`load_roles_model`).

    Returns
    -------
    pandas.DataFrame
        The context columns of :func:`~narratives.stories.mentions.mention_contexts`
        (``text[start:end] == mention``) plus ``main_role``, ``main_probability``
        and ``fine_roles`` (``", "``-joined), and ``outlet``.
    """
    model = model or load_roles_model()
    contexts = document_contexts(texts, actor_mentions(texts, profile), profile, attributions)
    if len(contexts):
        probability = model.predict_proba(contexts)
        contexts["main_role"] = np.asarray(model.classes_, dtype=object)[probability.argmax(axis=1)]
        contexts["main_probability"] = probability.max(axis=1).round(4)
        contexts["fine_roles"] = [", ".join(roles) for roles in model.predict_fine(contexts)]
    else:
        contexts = contexts.assign(**{column: pd.Series(dtype=object) for column in ROLE_COLUMNS})
    contexts["outlet"] = contexts["doc_id"].map(dict(outlets)) if outlets is not None else None
    return contexts


def role_shares(
    roles: pd.DataFrame, by: str | Sequence[str] = "speaker_side", target: str = "entity_side"
) -> pd.DataFrame:
    """How often each entity (or side) is cast in each main role, per group of speakers or outlets.

    Parameters
    ----------
    roles
        From :func:`cast_roles`.
    by
        Column(s) grouping the mentions: ``"speaker_side"`` (whose statements
        the mention sits in; ``position`` tells source from content),
        ``"outlet"``, or both.
    target
        Who is cast: ``"entity_side"`` or ``"entity"`` (the actor).

    Returns
    -------
    pandas.DataFrame
        Tidy: the ``by`` columns, ``target``, ``main_role``, ``mentions``
        (mentions in that role), ``total`` (mentions of the target in the
        group) and ``share`` (``mentions / total``). Mentions with no value in
        a ``by`` column or the target are left out. Example: speaker_side
        ``russia``, entity_side ``ukraine``, main_role ``Antagonist``,
        share 0.7 reads "in statements of the Russian side, the Ukrainian
        side is cast as Antagonist in 70 % of its mentions".
    """
    keys = [by] if isinstance(by, str) else list(by)
    known = roles.dropna(subset=[*keys, target])
    columns = [*keys, target, "main_role", "mentions", "total", "share"]
    if known.empty:
        return pd.DataFrame(columns=columns)
    counts = known.groupby([*keys, target, "main_role"]).size().rename("mentions").reset_index()
    counts["total"] = counts.groupby([*keys, target])["mentions"].transform("sum")
    counts["share"] = (counts["mentions"] / counts["total"]).round(4)
    return counts[columns].sort_values(
        [*keys, target, "share"], ascending=[True] * (len(keys) + 1) + [False], ignore_index=True
    )


__all__ = [
    "RoleClassifier",
    "cast_roles",
    "context_features",
    "document_contexts",
    "load_roles_model",
    "read_entity_roles",
    "role_shares",
    "train_roles",
]
