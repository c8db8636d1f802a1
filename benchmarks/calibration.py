"""Calibration of narratives.compare on synthetic corpora with a known truth.

Prints one line per figure and, last, one JSON object:

* ``false_positive_rate``: how often the default test rejects at alpha 0.05
  when side labels carry no difference - on independent corpora, on corpora
  where articles confound side and framing (articles that quote side A more
  use "claimed" more, with no difference inside any article), on 200+
  shuffles of one corpus's side labels, and for outlets (document-level
  test) - next to the statement-level chi-square on the same corpora;
* ``power``: how often a planted difference (side A's statements carry
  "claimed" ``ratio`` times as often) is found at BH-adjusted p < 0.05;
* ``coverage``: how often the 95% cluster-bootstrap interval of a side's
  rate covers the true mean rate;
* ``seconds``: ``compare()`` with the defaults (B = 2000, R = 2000) on a
  large synthetic corpus.

Usage: ``python benchmarks/calibration.py [--simulations 1000] [--seed 0]``
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
import pandas as pd

from narratives.compare import bootstrap_sums, compare, percentile_interval, permutation_test, table_test
from narratives.compare.counts import count_tensor, outcomes
from narratives.compare.simulate import synthetic_statements

ALPHA = 0.05
PERMUTATIONS = 500


def pair_counts(frame: pd.DataFrame, group: str = "side") -> tuple[np.ndarray, np.ndarray]:
    """Per-document counts of the two groups for the measure stance=distancing."""
    outcome = outcomes(frame, "stance", [], levels=["distancing", "neutral"])
    tensor = count_tensor(
        frame["doc_id"].to_numpy(), frame[group].to_numpy(), sorted(frame[group].unique()), outcome
    )
    statements, positives = tensor.pair(0, 1)
    return statements, positives[:, :, :1]


def rejections(
    corpora: list[pd.DataFrame], rng: np.random.Generator, group: str = "side"
) -> tuple[float, float]:
    """Share of corpora where the default test, and the statement-level chi-square, reject at ALPHA."""
    default, naive = [], []
    for frame in corpora:
        statements, positives = pair_counts(frame, group)
        default.append(permutation_test(statements, positives, PERMUTATIONS, rng).p_value[0] < ALPHA)
        n, c = statements.sum(axis=0), positives[:, :, 0].sum(axis=0)
        naive.append(table_test(np.array([[c[0], n[0] - c[0]], [c[1], n[1] - c[1]]])).p_value < ALPHA)
    return float(np.mean(default)), float(np.mean(naive))


def shuffled_rejections(frame: pd.DataFrame, n: int, rng: np.random.Generator) -> float:
    """Share of ``n`` global shuffles of the side labels where compare()'s default test rejects."""
    rejected = []
    for seed in range(n):
        shuffled = frame.assign(side=rng.permutation(frame["side"].to_numpy()))
        tests = compare(shuffled, n_boot=1, n_permutations=PERMUTATIONS, seed=seed).tests
        rejected.append(
            tests.query("family == 'permutation' and measure == 'stance=distancing'")["p_value"].iloc[0]
            < ALPHA
        )
    return float(np.mean(rejected))


def power(ratio: float, n: int, rng: np.random.Generator) -> float:
    """Share of corpora with a planted ``ratio`` where compare() finds it after BH (with a noise feature)."""
    found = []
    for seed in range(n):
        frame = synthetic_statements(rng, ratio=ratio)
        frame = frame.assign(hedges=rng.poisson(0.4, len(frame)))
        tests = compare(frame, features=["hedges"], n_boot=1, n_permutations=PERMUTATIONS, seed=seed).tests
        found.append(
            tests.query("family == 'permutation' and measure == 'stance=distancing'")["p_adjusted"].iloc[0]
            < ALPHA
        )
    return float(np.mean(found))


def coverage(n: int, rng: np.random.Generator, concentration: float = 2.0) -> float:
    """Share of corpora whose 95% cluster-bootstrap interval of side B's rate covers its mean, 0.15."""
    covered = []
    for _ in range(n):
        statements, positives = pair_counts(synthetic_statements(rng, concentration=concentration))
        boot_n, boot_c = bootstrap_sums([statements, positives], 1000, rng)
        low, high = percentile_interval(boot_c[:, 1, 0] / boot_n[:, 1], 0.95)
        covered.append(low <= 0.15 <= high)
    return float(np.mean(covered))


def timing(rng: np.random.Generator) -> dict[str, float]:
    """compare() with the defaults on 1000 articles x 10 statements, 10 stance levels and 10 features."""
    frame = synthetic_statements(rng, n_documents=1000, ratio=1.5)
    frame["stance"] = np.where(
        frame["claimed"] == 1, "distancing", rng.choice([f"level{i}" for i in range(9)], len(frame))
    )
    features = [f"feature{i}" for i in range(10)]
    frame = frame.assign(**{name: rng.poisson(0.3, len(frame)) for name in features})
    start = time.perf_counter()
    compare(frame, features=features)
    return {
        "statements": len(frame),
        "documents": 1000,
        "measures": 20,
        "seconds": round(time.perf_counter() - start, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--simulations", type=int, default=1000, help="corpora per figure (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    n = args.simulations
    independent = rejections([synthetic_statements(rng) for _ in range(n)], rng)
    confounded = rejections([synthetic_statements(rng, confounding=1.0) for _ in range(n)], rng)
    outlets = rejections(
        [synthetic_statements(rng, concentration=2.0) for _ in range(n)], rng, group="outlet"
    )
    shuffles = shuffled_rejections(synthetic_statements(rng, ratio=3.0), max(200, n // 5), rng)
    result = {
        "alpha": ALPHA,
        "simulations": n,
        "permutations": PERMUTATIONS,
        "false_positive_rate": {
            "independent_corpora": {"default_test": independent[0], "chi_square": independent[1]},
            "confounded_corpora": {"default_test": confounded[0], "chi_square": confounded[1]},
            "outlets_document_level": {"default_test": outlets[0], "chi_square": outlets[1]},
            "shuffled_side_labels": {"default_test": shuffles, "shuffles": max(200, n // 5)},
        },
        "power_after_bh": {str(ratio): power(ratio, max(100, n // 5), rng) for ratio in (1.5, 2.0, 3.0)},
        "coverage_95": coverage(max(200, n // 5), rng),
        "timing": timing(rng),
    }
    for key, value in result.items():
        print(f"{key}: {value}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
