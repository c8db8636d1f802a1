"""Train the learned framing detectors from ../shared/framing; writes narratives/data/framing_models.json.

    python scripts/train_framing.py --data ../shared/framing

Two models, each learned from 80% of its data set's documents (a seeded
split by document: WikiWeasel ``doc_id``, PTC article id) and scored on the
20% held out:

* ``uncertainty``: a logistic model over our hedge-lexicon hits (entry,
  category, neighbouring words) deciding which hits are uncertainty cues;
  its decision threshold is chosen by 5-fold cross-validation inside the
  training documents.
* ``loaded_crf``: a two-label linear-chain CRF (crfsuite) over tokens, with
  our loaded-word and label lexicons, VADER valence, words, tags, context
  and word clusters (PPMI-SVD + k-means over unlabelled text: PolNeAR
  train, the PTC training articles, the WikiWeasel training sentences) as
  features, marking tokens inside Loaded_Language and
  Name_Calling,Labeling spans; its regularisation (among CRF_GRID) and its
  marginal threshold are chosen by 3-fold cross-validation inside the
  training articles.

The JSON file records the split (seed, fraction, document counts) and the
held-out figures. Only weights are written, never text from the data.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from narratives.framing import learned  # noqa: E402
from narratives.framing.datasets import (  # noqa: E402
    HOLDOUT_FRACTION,
    SPLIT_SEED,
    prf,
    read_ptc,
    read_wikiweasel,
    score_tokens,
    score_uncertain_sentences,
    split_ids,
)
from narratives.framing.learned import LinearModel, TokenCRF  # noqa: E402
from narratives.tokens import TokenTable  # noqa: E402

OUT = REPO / "narratives" / "data" / "framing_models.json"
CRF_PARAMS = {"max_iterations": 150, "feature.possible_transitions": True}
CRF_GRID = ({"c1": 0.05, "c2": 0.3}, {"c1": 0.05, "c2": 1.0}, {"c1": 0.2, "c2": 0.3})
"""Regularisation settings compared by 3-fold cross-validation on the training articles."""
CLUSTER_SIZES = (50, 300, 1000)
UNCERTAINTY_C = 1.0
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(1, 15))


def _folds(ids: list[str], k: int, seed: int) -> list[set[str]]:
    ordered = sorted(ids)
    rng = np.random.default_rng(seed)
    rng.shuffle(ordered)
    return [set(ordered[i::k]) for i in range(k)]


# ---------------------------------------------------------------- uncertainty


def _uncertainty_rows(sentences):
    """(features, label, sentence index) for every candidate hedge hit."""
    rows = []
    for index, sentence in enumerate(sentences):
        for hit in learned.uncertainty_candidates(sentence.text):
            label = any(a < hit.end and hit.start < b for a, b in sentence.cues)
            rows.append((learned.uncertainty_features(sentence.text, hit), int(label), index))
    return rows


def _fit_linear(rows, c: float) -> LinearModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([{f: 1 for f in features} for features, _, _ in rows])
    y = np.array([label for _, label, _ in rows])
    model = LogisticRegression(C=c, max_iter=5000).fit(x, y)
    weights = {name: round(float(w), 5) for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0]) if abs(w) >= 1e-5}
    return LinearModel(weights, round(float(model.intercept_[0]), 5), 0.5)


def _sentence_f1(sentences, model: LinearModel, threshold: float) -> tuple[int, int, int]:
    tp = fp = fn = 0
    for sentence in sentences:
        guess = any(model.probability(learned.uncertainty_features(sentence.text, h)) >= threshold for h in learned.uncertainty_candidates(sentence.text))
        tp += guess and sentence.uncertain
        fp += guess and not sentence.uncertain
        fn += sentence.uncertain and not guess
    return tp, fp, fn


def train_uncertainty(path: Path) -> tuple[LinearModel, dict]:
    sentences = read_wikiweasel(path)
    train_ids, test_ids = split_ids(s.doc_id for s in sentences)
    train = [s for s in sentences if s.doc_id in train_ids]
    test = [s for s in sentences if s.doc_id in test_ids]
    # threshold by 5-fold cross-validation over training documents
    totals = {t: [0, 0, 0] for t in THRESHOLDS}
    for fold in _folds(sorted(train_ids), 5, SPLIT_SEED):
        fit = [s for s in train if s.doc_id not in fold]
        held = [s for s in train if s.doc_id in fold]
        model = _fit_linear(_uncertainty_rows(fit), UNCERTAINTY_C)
        for t in THRESHOLDS:
            for i, v in enumerate(_sentence_f1(held, model, t)):
                totals[t][i] += v
    threshold = max(THRESHOLDS, key=lambda t: (prf(*totals[t])["f1"], -t))
    final = _fit_linear(_uncertainty_rows(train), UNCERTAINTY_C)
    final = LinearModel(final.weights, final.bias, threshold)
    lexicon_only = lambda text: bool(learned.uncertainty_candidates(text))  # noqa: E731
    with_model = lambda text: learned.is_uncertain(text, final)  # noqa: E731
    report = {
        "data": path.name,
        "documents": {"train": len(train_ids), "held_out": len(test_ids)},
        "sentences": {"train": len(train), "held_out": len(test)},
        "threshold_cv_f1": prf(*totals[threshold])["f1"],
        "threshold": threshold,
        "held_out": score_uncertain_sentences(test, with_model),
        "held_out_lexicon_only": score_uncertain_sentences(test, lexicon_only),
        "full_file_includes_training": score_uncertain_sentences(sentences, with_model),
    }
    return final, report


# ---------------------------------------------------------------- loaded language


def learn_word_clusters(texts: list[str]) -> dict[str, tuple[int, ...]]:
    """Word clusters from unlabelled text (no labels are read).

    Words seen at least 3 times (at most 30,000) are embedded by a truncated
    SVD (100 dimensions) of their positive PMI with the words two either
    side, then grouped by k-means at three granularities (50, 300 and 1,000
    clusters); seeds are fixed.
    """
    import scipy.sparse as sp
    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD

    from narratives.segment import token_spans

    documents = [[text[s:e].lower() for s, e in token_spans(text)] for text in texts]
    counts = Counter(word for document in documents for word in document)
    vocabulary = [w for w, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:30000] if n >= 3]
    index = {w: i for i, w in enumerate(vocabulary)}
    size = len(vocabulary)
    rows: list[int] = []
    cols: list[int] = []
    for document in documents:
        ids = [index.get(w, -1) for w in document]
        for i, a in enumerate(ids):
            if a < 0:
                continue
            for j in range(max(0, i - 2), min(len(ids), i + 3)):
                if j != i and ids[j] >= 0:
                    rows.append(a)
                    cols.append(ids[j])
    matrix = sp.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(size, size)).tocsr().tocoo()
    total = matrix.data.sum()
    row_sums = np.asarray(sp.csr_matrix(matrix).sum(1)).ravel()
    col_sums = np.asarray(sp.csr_matrix(matrix).sum(0)).ravel() ** 0.75
    col_sums = col_sums / col_sums.sum() * total
    pmi = np.log(matrix.data * total / (row_sums[matrix.row] * col_sums[matrix.col]))
    keep = pmi > 0
    ppmi = sp.csr_matrix((pmi[keep], (matrix.row[keep], matrix.col[keep])), shape=(size, size))
    vectors = TruncatedSVD(100, random_state=0).fit_transform(ppmi)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    levels = [KMeans(k, random_state=0, n_init=1).fit_predict(vectors) for k in CLUSTER_SIZES]
    return {word: tuple(int(level[i]) for level in levels) for i, word in enumerate(vocabulary)}


def _sequences(articles, clusters):
    """(features per token, labels per token, article id) for every sentence."""
    out = []
    for article in articles:
        table = TokenTable.build(article.text)
        features = learned.loaded_token_features(table, clusters)
        for indices in learned.sentence_sequences(table):
            labels = ["I" if any(a < table.ends[i] and table.starts[i] < b for a, b in article.spans) else "O" for i in indices]
            out.append(([features[i] for i in indices], labels, article.article_id))
    return out


def _fit_crf(sequences, regularisation: dict, clusters: dict | None = None) -> TokenCRF:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for features, labels, _ in sequences:
        trainer.append(features, labels)
    trainer.set_params({**CRF_PARAMS, **regularisation})
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "loaded.crfsuite")
        trainer.train(path)
        tagger = pycrfsuite.Tagger()
        tagger.open(path)
        info = tagger.info()
        tagger.close()
    state: dict[str, list[float]] = {}
    for (attribute, label), weight in info.state_features.items():
        state.setdefault(attribute, [0.0, 0.0])[label == "I"] = round(float(weight), 4)
    state = {k: (v[0], v[1]) for k, v in state.items() if abs(v[0]) >= 1e-4 or abs(v[1]) >= 1e-4}
    index = {"O": 0, "I": 1}
    transitions = [[0.0, 0.0], [0.0, 0.0]]
    for (a, b), weight in info.transitions.items():
        transitions[index[a]][index[b]] = round(float(weight), 4)
    return TokenCRF(state, (tuple(transitions[0]), tuple(transitions[1])), 0.5, clusters or {})


def _token_counts(sequences, model: TokenCRF, thresholds) -> dict[float, list[int]]:
    counts = {t: [0, 0, 0] for t in thresholds}
    for features, labels, _ in sequences:
        p = model.marginals(features)
        words = [next(k[2:] for k in f if k.startswith("w=")) for f in features]
        scored = [i for i, w in enumerate(words) if any(ch.isalnum() for ch in w)]
        for t in thresholds:
            c = counts[t]
            for i in scored:
                guess, gold = p[i] >= t, labels[i] == "I"
                c[0] += guess and gold
                c[1] += guess and not gold
                c[2] += gold and not guess
    return counts


def train_loaded(folder: Path, unlabelled: list[str]) -> tuple[TokenCRF, dict]:
    articles = read_ptc(folder)
    train_ids, test_ids = split_ids(a.article_id for a in articles)
    train = [a for a in articles if a.article_id in train_ids]
    test = [a for a in articles if a.article_id in test_ids]
    clusters = learn_word_clusters(unlabelled + [a.text for a in train])
    print(f"word clusters: {len(clusters)} words", file=sys.stderr, flush=True)
    sequences = _sequences(train, clusters)
    cv = []
    for regularisation in CRF_GRID:
        totals = {t: [0, 0, 0] for t in THRESHOLDS}
        for fold in _folds(sorted(train_ids), 3, SPLIT_SEED):
            model = _fit_crf([s for s in sequences if s[2] not in fold], regularisation)
            counts = _token_counts([s for s in sequences if s[2] in fold], model, THRESHOLDS)
            for t in THRESHOLDS:
                for i in range(3):
                    totals[t][i] += counts[t][i]
        threshold = max(THRESHOLDS, key=lambda t: (prf(*totals[t])["f1"], -t))
        cv.append({**regularisation, "threshold": threshold, "f1": prf(*totals[threshold])["f1"]})
        print(f"loaded CRF, 3-fold CV on training articles: {cv[-1]}", file=sys.stderr, flush=True)
    best = max(cv, key=lambda row: row["f1"])
    regularisation = {"c1": best["c1"], "c2": best["c2"]}
    final = _fit_crf(sequences, regularisation, clusters)
    final = TokenCRF(final.state, final.transitions, best["threshold"], clusters)
    predict = lambda text: learned.loaded_tokens(text, final)  # noqa: E731
    report = {
        "data": folder.name,
        "documents": {"train": len(train), "held_out": len(test)},
        "word_clusters": {"words": len(clusters), "sizes": list(CLUSTER_SIZES), "text": "PolNeAR train text, the PTC training articles and the WikiWeasel training sentences (no labels)"},
        "crf": {**CRF_PARAMS, **regularisation},
        "cross_validation": cv,
        "threshold": best["threshold"],
        "held_out": score_tokens(test, predict),
        "held_out_lexicon_only": score_tokens(test, lambda text: [(h.start, h.end) for h in learned.loaded_words(text) + learned.labels(text)]),
        "full_file_includes_training": score_tokens(articles, predict),
    }
    return final, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "framing", help="the framing folder (wikiweasel.jsonl, ptc/)")
    parser.add_argument("--polnear", type=Path, default=REPO.parent / "shared" / "polnear" / "train" / "text", help="unlabelled news text for the word clusters (PolNeAR train)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    started = time.time()
    uncertainty, u_report = train_uncertainty(args.data / "wikiweasel.jsonl")
    print(json.dumps({"uncertainty": u_report}, indent=1), flush=True)
    sentences = read_wikiweasel(args.data / "wikiweasel.jsonl")
    wiki_train, _ = split_ids(s.doc_id for s in sentences)
    unlabelled = [p.read_text(encoding="utf-8") for p in sorted(args.polnear.glob("*.txt"))]
    unlabelled += [s.text for s in sentences if s.doc_id in wiki_train]
    loaded, l_report = train_loaded(args.data / "ptc", unlabelled)
    print(json.dumps({"loaded_crf": l_report}, indent=1), flush=True)
    payload = {
        "about": "Learned framing detectors, written by scripts/train_framing.py from ../shared/framing. Weights only; no text from the data.",
        "split": {"method": "documents sorted by id, shuffled with random.Random(seed), first 80% train", "seed": SPLIT_SEED, "held_out_fraction": HOLDOUT_FRACTION},
        "reports": {"uncertainty": u_report, "loaded_crf": l_report},
        "models": {"uncertainty": uncertainty.to_json()},
        "loaded_crf": loaded.to_json(),
    }
    args.out.write_text(json.dumps(payload, indent=0, sort_keys=False, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB) in {time.time() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
