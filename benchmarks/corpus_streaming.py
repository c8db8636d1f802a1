"""Streaming a large folder corpus: speed, and memory that does not grow with it.

Usage::

    python benchmarks/corpus_streaming.py            # 100,000 files
    python benchmarks/corpus_streaming.py --files 20000 --analyze

Writes N small article files (our own template text) into a temporary
folder, loads it with :func:`narratives.corpus.load` and iterates every
document (with ``--analyze``, also segments each one through
:func:`narratives.pipeline.iter_analyses`). Peak resident memory
(``resource.getrusage``, a high-water mark) is taken before iterating and
after; if documents were kept, the second figure would grow by roughly the
corpus size. Prints one JSON object last. The folder is deleted at the end.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from narratives.corpus import load
from narratives.pipeline import iter_analyses

TEMPLATE = (
    "Report {i} from the front\n"
    "Shelling hit district {d} overnight, officials said on Sunday. "
    "“We will not leave,” a resident told reporters. The truce agreed in October did not hold.\n"
)


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KiB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=100_000, help="number of files (default: 100000)")
    parser.add_argument("--shards", type=int, default=1, help="spread the files over this many subfolders")
    parser.add_argument("--analyze", action="store_true", help="also segment every document")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="narratives-stream-") as tmp:
        root = Path(tmp) / "corpus"
        started = time.perf_counter()
        for shard in range(args.shards):
            (root / f"s{shard:03d}").mkdir(parents=True)
        total_bytes = 0
        for i in range(args.files):
            data = TEMPLATE.format(i=i, d=i % 97).encode("utf-8")
            (root / f"s{i % args.shards:03d}" / f"article{i:06d}.txt").write_bytes(data)
            total_bytes += len(data)
        created = time.perf_counter() - started

        started = time.perf_counter()
        corpus = load(root)
        n_listed = len(corpus)
        listed = time.perf_counter() - started
        rss_before = peak_rss_mb()

        started = time.perf_counter()
        docs = chars = sentences = 0
        if args.analyze:
            for analysis in iter_analyses(corpus):
                docs += 1
                chars += len(analysis.document.text)
                sentences += len(analysis.segmentation.sentence_bounds)
        else:
            for doc in corpus:
                docs += 1
                chars += len(doc.text)
        elapsed = time.perf_counter() - started
        rss_after = peak_rss_mb()

    result = {
        "files": args.files,
        "listed": n_listed,
        "documents": docs,
        "skipped": len(corpus.skipped),
        "corpus_mb": round(total_bytes / 1e6, 1),
        "analyze": args.analyze,
        "sentences": sentences if args.analyze else None,
        "create_seconds": round(created, 2),
        "load_seconds": round(listed, 2),
        "seconds": round(elapsed, 2),
        "docs_per_second": round(docs / elapsed) if elapsed else None,
        "peak_rss_mb_before_iterating": rss_before,
        "peak_rss_mb_after_iterating": rss_after,
        "peak_rss_growth_mb": round(rss_after - rss_before, 1),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
