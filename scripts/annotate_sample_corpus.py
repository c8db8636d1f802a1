"""Write the gold attribution annotations of the karabakh-2020 sample corpus.

The gold annotations live in ``corpora/karabakh-2020/gold_annotations.json``: for every article in
``corpora/karabakh-2020/text/`` a list of attributions, each given by the
strings of its Source, Cue and Content (PolNeAR's three components). This
script finds their exact character offsets in the article and writes one
brat standoff file per article to ``corpora/karabakh-2020/attributions/``,
laid out as PolNeAR lays out its ``.ann`` files::

    T1<TAB>Source 201 220<TAB>the Artsakh authorities
    T2<TAB>Cue 221 225<TAB>said
    T3<TAB>Content 226 297<TAB>...
    T4<TAB>Attribution 221 225<TAB>said
    E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1

An attribution without a source gets an ``Attribution-no-source`` span and
event instead. A source span shared by several attributions ("He accused
... and urged ...") is one ``T`` line used by several events, as in PolNeAR.

Usage::

    python scripts/annotate_sample_corpus.py            # write the .ann files
    python scripts/annotate_sample_corpus.py --check    # files on disk up to date?
    python scripts/annotate_sample_corpus.py --stats    # counts for the corpus card

How an attribution is written down
----------------------------------
``source``, ``cue`` and ``content`` are strings copied from the article
(``source`` is ``null`` for an attribution without a source). A
discontinuous span is a list of its fragments in text order, e.g. the two
halves of a quote split by its cue. Every string is matched on word
boundaries (a string that starts or ends with a letter or digit must not
continue a longer word), and must match exactly once in its search region,
unless an ``occurrence`` (1-based) says which match is meant. Nothing is
guessed: a string that is not found, or found more than once without an
occurrence, stops the script with an error.

Search regions:

* ``within`` (optional) names a passage of the article that must occur
  exactly once; every component is then looked for inside it.
* Otherwise the first content fragment is looked for in the whole article,
  and the source and the cue in the paragraph that holds it (a headline is
  a paragraph of its own).
* A later content fragment is looked for between the end of the fragment
  before it and the end of the following paragraph (quotes that run on over
  a paragraph break).

``occurrence`` is either an integer for every component or a mapping such
as ``{"cue": 2}``; for a discontinuous content a list gives one occurrence
per fragment.

Annotation conventions (PolNeAR's, as found in its train split; see the
"Gold annotations" section of ``corpora/karabakh-2020/README.md``) are the
ones documented there. Attributions that PolNeAR's univocal scheme leaves
out because they sit inside another attribution's content are listed under
``not_annotated_nested`` for the record; they are not written.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from narratives.attribution import brat
from narratives.attribution.records import Attribution

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora" / "karabakh-2020"
TEXT_DIR = CORPUS / "text"
ANN_DIR = CORPUS / "attributions"

Span = tuple[tuple[int, int], ...]


# ---------------------------------------------------------------------------
# The annotations (a data file beside the corpus)
# ---------------------------------------------------------------------------

GOLD_PATH = CORPUS / "gold_annotations.json"


def read_gold(path: Path = GOLD_PATH) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    """The annotations and the nested attributions left out, by article stem, from the gold file."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    return gold["annotations"], gold["not_annotated_nested"]



# ---------------------------------------------------------------------------
# Finding offsets
# ---------------------------------------------------------------------------


class AnnotationError(Exception):
    """An annotation string was not found, or found more than once."""


@dataclass(frozen=True)
class Resolved:
    """One attribution with its spans as character offsets (end exclusive)."""

    source: Span | None
    cue: Span
    content: Span


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _matches(text: str, needle: str, start: int, end: int) -> list[int]:
    """Start offsets of ``needle`` in ``text[start:end]`` on word boundaries."""
    found = []
    pos = text.find(needle, start, end)
    while pos != -1:
        stop = pos + len(needle)
        left_ok = pos == 0 or not (_is_word(needle[0]) and _is_word(text[pos - 1]))
        right_ok = stop == len(text) or not (_is_word(needle[-1]) and _is_word(text[stop]))
        if left_ok and right_ok:
            found.append(pos)
        pos = text.find(needle, pos + 1, end)
    return found


def _locate(text: str, needle: str, start: int, end: int, occurrence: int | None, what: str) -> tuple[int, int]:
    if not needle or needle != needle.strip():
        raise AnnotationError(f"{what}: empty string or leading/trailing whitespace: {needle!r}")
    found = _matches(text, needle, start, end)
    if not found:
        raise AnnotationError(f"{what}: {needle!r} not found in {text[start:end][:80]!r}...")
    if occurrence is None:
        if len(found) > 1:
            raise AnnotationError(
                f"{what}: {needle!r} occurs {len(found)} times in its search region; give an occurrence"
            )
        pos = found[0]
    else:
        if not 1 <= occurrence <= len(found):
            raise AnnotationError(f"{what}: occurrence {occurrence} of {needle!r}, but it occurs {len(found)} times")
        pos = found[occurrence - 1]
    return pos, pos + len(needle)


def _paragraph(text: str, pos: int) -> tuple[int, int]:
    """Bounds of the paragraph (block between blank lines) holding ``pos``."""
    start = text.rfind("\n\n", 0, pos)
    start = 0 if start == -1 else start + 2
    end = text.find("\n\n", pos)
    return start, len(text) if end == -1 else end


def _occurrence(spec: dict, role: str, index: int = 0):
    occ = spec.get("occurrence")
    if occ is None:
        return None
    if isinstance(occ, int):
        return occ
    value = occ.get(role)
    if isinstance(value, list):
        return value[index]
    if role == "content" and index > 0 and value is not None:
        return None  # a single number is for the first fragment
    return value


def _fragments(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def resolve(text: str, spec: dict, what: str) -> Resolved:
    """Find the offsets of one attribution given as strings."""
    unknown = set(spec) - {"source", "cue", "content", "within", "occurrence"}
    if unknown:
        raise AnnotationError(f"{what}: unknown keys {sorted(unknown)}")
    within = spec.get("within")
    if within is not None:
        region = _locate(text, within, 0, len(text), None, f"{what} within")
    else:
        region = None

    content: list[tuple[int, int]] = []
    for i, fragment in enumerate(_fragments(spec["content"])):
        occurrence = _occurrence(spec, "content", i)
        if region is not None:
            lo, hi = region
        elif i == 0:
            lo, hi = 0, len(text)
        else:
            lo = content[-1][1]
            _, para_end = _paragraph(text, lo)
            next_para = text.find("\n\n", para_end + 2)
            hi = len(text) if next_para == -1 else next_para
        content.append(_locate(text, fragment, lo, hi, occurrence, f"{what} content[{i}]"))

    lo, hi = region if region is not None else _paragraph(text, content[0][0])
    cue = (_locate(text, spec["cue"], lo, hi, _occurrence(spec, "cue"), f"{what} cue"),)
    source = None
    if spec.get("source") is not None:
        source = (_locate(text, spec["source"], lo, hi, _occurrence(spec, "source"), f"{what} source"),)
    return Resolved(source=source, cue=cue, content=tuple(content))


def _overlap(a: Span, b: Span) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def check_document(stem: str, resolved: list[Resolved]) -> None:
    """PolNeAR's univocal layout: spans of one attribution are disjoint, and a
    token belongs to at most one attribution, except for a shared Source."""
    for i, r in enumerate(resolved):
        spans = [s for s in (r.source, r.cue, r.content) if s is not None]
        for a in range(len(spans)):
            for b in range(a + 1, len(spans)):
                if _overlap(spans[a], spans[b]):
                    raise AnnotationError(f"{stem} #{i + 1}: its own spans overlap")
        for frag_a, frag_b in zip(r.content, r.content[1:]):
            if frag_b[0] < frag_a[1]:
                raise AnnotationError(f"{stem} #{i + 1}: content fragments out of order")
    for i, r in enumerate(resolved):
        for j in range(i + 1, len(resolved)):
            q = resolved[j]
            for role_a, a in (("source", r.source), ("cue", r.cue), ("content", r.content)):
                for role_b, b in (("source", q.source), ("cue", q.cue), ("content", q.content)):
                    if a is None or b is None or not _overlap(a, b):
                        continue
                    if role_a == role_b == "source" and a == b:
                        continue  # a shared source, as in PolNeAR
                    raise AnnotationError(
                        f"{stem}: #{i + 1} {role_a} overlaps #{j + 1} {role_b} (PolNeAR is univocal)"
                    )
    for i, r in enumerate(resolved):
        for j in range(i + 1, len(resolved)):
            if resolved[j].cue == r.cue:
                raise AnnotationError(f"{stem}: #{i + 1} and #{j + 1} share a cue")


# ---------------------------------------------------------------------------
# Writing brat standoff (narratives.attribution.brat, the package's writer)
# ---------------------------------------------------------------------------


def _span_text(text: str, span: Span) -> str:
    return " ".join(text[s:e] for s, e in span)


def format_ann(stem: str, text: str, resolved: list[Resolved]) -> str:
    """PolNeAR's layout, written by :func:`narratives.attribution.brat.format_ann`: per
    attribution Source (unless already written), Cue, Content, the Attribution span
    over the cue, then the event; attributions in order of their cue, then content."""
    order = sorted(resolved, key=lambda r: (r.cue[0][0], r.content[0][0]))
    for r in order:
        for span in (r.source, r.cue, r.content):
            if span is not None and any(c in text[s:e] for s, e in span for c in "\r\n"):
                raise AnnotationError(f"{stem}: line break inside a span text: {_span_text(text, span)!r}")
    records = [Attribution(stem, f"E{n}", r.cue, r.source or (), r.content) for n, r in enumerate(order, start=1)]
    return brat.format_ann(records, text)


def verify_ann(text: str, ann: str, stem: str) -> int:
    """Read a written file back with :func:`narratives.attribution.brat.parse_ann`, which checks every
    span's text against the article; the number of attributions."""
    return len(brat.parse_ann(ann, stem, text))


# ---------------------------------------------------------------------------
# Statistics for the corpus card
# ---------------------------------------------------------------------------

PERSONAL_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you"}
RELATIVE_PRONOUNS = {"who", "which", "that"}
_DOUBLE_QUOTES = "\"“”"


def kind(text: str, r: Resolved) -> str:
    """direct (all of the content is quoted), mixed (partly quoted) or indirect."""
    fragments = [text[s:e] for s, e in r.content]
    quoted = [f for f in fragments if any(q in f for q in _DOUBLE_QUOTES)]
    if not quoted:
        return "indirect"
    # A quote that runs on over a paragraph break leaves the paragraph open
    # (no closing mark), so only the last fragment must close.
    if all(f[0] in "\"“" for f in fragments) and fragments[-1].rstrip(".,")[-1] in "\"”":
        return "direct"
    return "mixed"


def statistics(docs: dict[str, tuple[str, list[Resolved]]]) -> dict:
    per_file = {}
    total = collections.Counter()
    cues = collections.Counter()
    for stem, (text, resolved) in docs.items():
        c = collections.Counter()
        for r in resolved:
            c["attributions"] += 1
            c[kind(text, r)] += 1
            cue = _span_text(text, r.cue)
            cues[cue.lower()] += 1
            if cue.lower() == "according to":
                c["according-to"] += 1
            if r.source is None:
                c["no-source"] += 1
            else:
                src = _span_text(text, r.source).lower()
                if src in PERSONAL_PRONOUNS:
                    c["pronoun-source"] += 1
                elif src in RELATIVE_PRONOUNS:
                    c["relative-pronoun-source"] += 1
            if len(r.content) > 1:
                c["discontinuous-content"] += 1
        c["shared-source"] = len(resolved) - len(
            {r.source for r in resolved if r.source is not None}
        ) - sum(1 for r in resolved if r.source is None)
        per_file[stem] = c
        total.update(c)
    return {"per_file": per_file, "total": total, "cues": cues}


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------


def build() -> dict[str, tuple[str, list[Resolved], str]]:
    annotations, not_annotated_nested = read_gold()
    stems = sorted(p.stem for p in TEXT_DIR.glob("*.txt"))
    missing = sorted(set(stems) - set(annotations))
    extra = sorted(set(annotations) - set(stems))
    if missing or extra:
        raise AnnotationError(f"articles without annotations: {missing}; annotations without article: {extra}")
    out = {}
    for stem in stems:
        text = (TEXT_DIR / f"{stem}.txt").read_text(encoding="utf-8")
        resolved = [resolve(text, spec, f"{stem} #{i + 1}") for i, spec in enumerate(annotations[stem])]
        check_document(stem, resolved)
        for note in not_annotated_nested.get(stem, []):
            _locate(text, note["text"], 0, len(text), None, f"{stem} nested note")
        out[stem] = (text, resolved, format_ann(stem, text, resolved))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only verify that the files on disk are up to date")
    parser.add_argument("--stats", action="store_true", help="print counts per file and in total")
    args = parser.parse_args(argv)

    docs = build()
    stale = []
    for stem, (text, _, ann) in docs.items():
        path = ANN_DIR / f"{stem}.ann"
        if args.check:
            if not path.exists() or path.read_bytes() != ann.encode("utf-8"):
                stale.append(path.name)
        else:
            ANN_DIR.mkdir(parents=True, exist_ok=True)
            path.write_bytes(ann.encode("utf-8"))
        if path.exists():
            verify_ann(text, path.read_text(encoding="utf-8"), stem)
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1

    if args.stats:
        stats = statistics({s: (t, r) for s, (t, r, _) in docs.items()})
        keys = ["attributions", "direct", "indirect", "mixed", "according-to", "no-source",
                "pronoun-source", "relative-pronoun-source", "discontinuous-content", "shared-source"]
        print("file\t" + "\t".join(keys))
        for stem, c in stats["per_file"].items():
            print(stem + "\t" + "\t".join(str(c[k]) for k in keys))
        print("TOTAL\t" + "\t".join(str(stats["total"][k]) for k in keys))
        print("cues: " + ", ".join(f"{k} {v}" for k, v in stats["cues"].most_common()))
    elif not args.check:
        n = sum(len(r) for _, r, _ in docs.values())
        print(f"wrote {len(docs)} files, {n} attributions, to {ANN_DIR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
