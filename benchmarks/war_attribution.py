"""Attributions and sides on real war reporting, scored against our own annotations.

Usage::

    python benchmarks/war_attribution.py                                  # runs the pipeline
    python benchmarks/war_attribution.py --analysis reports/ua-dev        # scores an `analyze` output
    python benchmarks/war_attribution.py --errors 10                      # also lists the commonest errors

The annotations (``corpora/annotations/semeval2025-en-ua-dev/<article>.tsv``,
offsets and labels only, see the README there) cover articles of the
SemEval-2025 Task 10 data in ``../shared/narratives/semeval2025/articles``.
Without ``--analysis`` the articles are analysed with ``--profile`` (default
``russia-ukraine``) through :func:`narratives.pipeline.analyze`; with it, the
``attributions.csv`` of ``narratives analyze ... --profile russia-ukraine``
is read. An article whose text no longer has the annotated SHA-256 is refused.

Scoring. A predicted attribution matches a gold one when their cues overlap
(one shared character), one to one, largest overlap first.

- ``cue_precision`` / ``cue_recall``: matched predictions / all predictions,
  matched gold / all gold.
- ``side_precision``: of the matched predictions given a side (anything but
  ``unknown`` and ``ambiguous``), the share whose side is the gold side.
- ``side_recall``: of the gold attributions whose side is one of the
  profile's two sides, the share found with that side.
- ``unknown_share``: of those gold attributions that were found, the share
  left ``unknown`` or ``ambiguous``.

Figures are given for all articles and per article group (the id's series:
``EN_UA_0…``, ``EN_UA_1…``, ``EN_UA_3…``, ``EN_UA_DEV…``). Prints one JSON
object last.
"""

from __future__ import annotations

import argparse
import collections
import csv
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
ANNOTATIONS = ROOT / "corpora" / "annotations" / "semeval2025-en-ua-dev"
ARTICLES = ROOT.parent / "shared" / "narratives" / "semeval2025" / "articles"
NO_SIDE = ("unknown", "ambiguous")


@dataclass(frozen=True)
class Gold:
    doc_id: str
    cue: tuple[int, int]
    source: tuple[int, int] | None
    ref: tuple[int, int] | None
    speaker: str
    side: str


def _span(start: str, end: str) -> tuple[int, int] | None:
    return (int(start), int(end)) if start != "" else None


def read_annotations(folder: Path) -> tuple[dict[str, list[Gold]], dict[str, str]]:
    """Gold attributions and the annotated text's SHA-256, by article id."""
    gold: dict[str, list[Gold]] = {}
    digests: dict[str, str] = {}
    for path in sorted(folder.glob("*.tsv")):
        lines = path.read_text(encoding="utf-8").splitlines()
        if not lines or not lines[0].startswith("# sha256="):
            sys.exit(f"{path}: line 1 must be '# sha256=<hex digest of the article text>'.")
        doc_id = path.stem
        digests[doc_id] = lines[0].removeprefix("# sha256=").strip()
        rows = csv.DictReader(lines[1:], delimiter="\t", quoting=csv.QUOTE_NONE)
        gold[doc_id] = [
            Gold(
                doc_id,
                _span(row["cue_start"], row["cue_end"]),
                _span(row["source_start"], row["source_end"]),
                _span(row["ref_start"], row["ref_end"]),
                row["speaker"],
                row["side"],
            )
            for row in rows
        ]
    return gold, digests


def predicted(args: argparse.Namespace, doc_ids: list[str]) -> pd.DataFrame:
    """The attributions table: read from ``--analysis`` or computed with ``--profile``."""
    if args.analysis is not None:
        table = pd.read_csv(args.analysis / "attributions.csv", keep_default_na=False, na_values=[""])
        return table[table["doc_id"].isin(doc_ids)]
    from narratives.corpus import Document
    from narratives.pipeline import analyze
    from narratives.sides import load_profile

    documents = [Document(doc_id, (args.articles / f"{doc_id}.txt").read_text(encoding="utf-8")) for doc_id in doc_ids]
    return analyze(documents, profile=load_profile(args.profile)).attributions


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(gold: list[Gold], cues: list[tuple[int, int]]) -> dict[int, int]:
    """Gold index -> prediction index, one to one by cue overlap, largest overlap first."""
    pairs = sorted(
        ((_overlap(g.cue, c), i, j) for i, g in enumerate(gold) for j, c in enumerate(cues) if _overlap(g.cue, c)),
        reverse=True,
    )
    used_gold: dict[int, int] = {}
    used_pred: set[int] = set()
    for _, i, j in pairs:
        if i not in used_gold and j not in used_pred:
            used_gold[i] = j
            used_pred.add(j)
    return used_gold


def group_of(doc_id: str) -> str:
    series = doc_id.split("_")[2]
    return "EN_UA_DEV" if series == "DEV" else f"EN_UA_{series[0]}"


class Tally:
    """Counts behind the figures of one set of articles."""

    def __init__(self) -> None:
        self.counts: collections.Counter[str] = collections.Counter()

    def add(self, gold: list[Gold], sides: list[str], matched: dict[int, int], side_ids: tuple[str, ...]) -> None:
        c = self.counts
        c["gold"] += len(gold)
        c["predicted"] += len(sides)
        c["matched"] += len(matched)
        for i, g in enumerate(gold):
            j = matched.get(i)
            side = None if j is None else sides[j]
            if side is not None and side not in NO_SIDE:
                c["sided"] += 1
                c["sided_right"] += side == g.side
            if g.side in side_ids:
                c["gold_sided"] += 1
                c["gold_sided_right"] += side == g.side
                if side is not None:
                    c["gold_sided_found"] += 1
                    c["gold_sided_unknown"] += side in NO_SIDE

    def figures(self) -> dict:
        c = self.counts

        def ratio(a: str, b: str) -> float | None:
            return round(c[a] / c[b], 3) if c[b] else None

        return {
            "articles": c["articles"],
            "gold": c["gold"],
            "predicted": c["predicted"],
            "cue_precision": ratio("matched", "predicted"),
            "cue_recall": ratio("matched", "gold"),
            "side_precision": ratio("sided_right", "sided"),
            "side_recall": ratio("gold_sided_right", "gold_sided"),
            "unknown_share": ratio("gold_sided_unknown", "gold_sided_found"),
            "counts": dict(sorted(c.items())),
        }


def error_kind(g: Gold | None, side: str | None) -> str:
    if g is None:
        return "spurious attribution"
    if side is None:
        return f"missed attribution (gold {g.side})"
    if side in NO_SIDE:
        return f"gold {g.side} left {side}"
    return f"gold {g.side} given {side}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--annotations", type=Path, default=ANNOTATIONS)
    parser.add_argument("--articles", type=Path, default=ARTICLES)
    parser.add_argument("--analysis", type=Path, help="folder of an `analyze --profile` run (attributions.csv)")
    parser.add_argument("--profile", default="russia-ukraine")
    parser.add_argument("--sides", default="russia,ukraine", help="the profile's two side ids")
    parser.add_argument("--errors", type=int, default=0, help="list this many examples of each error kind")
    args = parser.parse_args()
    gold, digests = read_annotations(args.annotations)
    for doc_id, digest in digests.items():
        path = args.articles / f"{doc_id}.txt"
        if not path.is_file():
            sys.exit(f"{path}: missing (the annotated articles are in ../shared/narratives/semeval2025/articles).")
        if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            sys.exit(f"{path}: its text changed since it was annotated (SHA-256 differs).")
    table = predicted(args, sorted(gold))
    side_ids = tuple(args.sides.split(","))
    tallies: dict[str, Tally] = collections.defaultdict(Tally)
    errors: collections.Counter[str] = collections.Counter()
    examples: dict[str, list[str]] = collections.defaultdict(list)
    by_doc = {doc_id: rows for doc_id, rows in table.groupby("doc_id")}
    for doc_id, attributions in gold.items():
        rows = by_doc.get(doc_id, table.iloc[0:0]).sort_values("cue_start")
        cues = list(zip(rows["cue_start"].astype(int), rows["cue_end"].astype(int)))
        sides = rows["side"].fillna("unknown").tolist()
        sources = rows["source_text"].fillna("").tolist()
        matched = match(attributions, cues)
        for key in ("all", group_of(doc_id)):
            tallies[key].counts["articles"] += 1
            tallies[key].add(attributions, sides, matched, side_ids)
        text = (args.articles / f"{doc_id}.txt").read_text(encoding="utf-8") if args.errors else ""
        found = set(matched.values())
        cases = [(g, matched.get(i)) for i, g in enumerate(attributions)] + [
            (None, j) for j in range(len(cues)) if j not in found
        ]
        for g, j in cases:
            side = None if j is None else sides[j]
            if g is not None and side == g.side:
                continue
            kind = error_kind(g, side)
            errors[kind] += 1
            if len(examples[kind]) < args.errors:
                cue = g.cue if g is not None else cues[j]
                gold_source = text[slice(*g.source)] if g is not None and g.source else "-"
                examples[kind].append(
                    f"{doc_id} {cue[0]}: …{text[max(0, cue[0] - 60):cue[1] + 20]!r}… cue {text[slice(*cue)]!r}; "
                    f"gold source {gold_source!r} ({g.speaker if g else '-'}); "
                    f"predicted source {sources[j] if j is not None else '-'!r}"
                )
    output = {key: tallies[key].figures() for key in ["all", *sorted(k for k in tallies if k != "all")]}
    output["errors"] = dict(errors.most_common())
    if args.errors:
        for kind, lines in sorted(examples.items(), key=lambda item: -errors[item[0]]):
            print(f"== {kind} ({errors[kind]})")
            print("\n".join(lines))
    print(json.dumps(output))


if __name__ == "__main__":
    main()
