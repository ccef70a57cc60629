"""Ingest throughput on the seeds copied N times (issue 2's yardstick).

Copies the five seeds N times (default 200) into a temporary corpus, ingests it with
1 and with 2 worker processes into fresh stores, then once more unchanged, and prints
MB/s of text, passages/s and the time of the unchanged re-ingest.

Usage: ``python scripts/ingest_throughput.py [--copies 200] [--jobs 1 2]``
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_corpus(dest: Path, copies: int) -> int:
    """The seeds copied ``copies`` times, each copy in its own folder; total bytes."""
    total = 0
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    for n in range(copies):
        folder = dest / f"copy{n:04d}"
        folder.mkdir(parents=True)
        for seed in seeds:
            # a distinct first line per copy, so no two files are byte-identical
            text = f"Kopie {n}\n" + seed.read_text("utf-8")
            (folder / seed.name).write_text(text, "utf-8")
            total += len(text.encode("utf-8"))
        for side in (ROOT / "seeds").glob("*.meta.toml"):
            shutil.copy(side, folder / side.name)
    return total


def main() -> int:
    from briefgen.ingest import ingest

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=200)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        size = make_corpus(corpus, args.copies)
        print(f"corpus: {args.copies} x 5 seeds = {size / 1e6:.1f} MB of text")
        print(f"{'jobs':>4} {'seconds':>8} {'MB/s':>6} {'passages/s':>11} {'unchanged s':>12}")
        for jobs in args.jobs:
            store = Path(tmp) / f"store-{jobs}"
            start = time.perf_counter()
            report = ingest([corpus], store, jobs=jobs)
            took = time.perf_counter() - start
            passages = sum(r.passages for r in report.results)
            start = time.perf_counter()
            again = ingest([corpus], store, jobs=jobs)
            unchanged = time.perf_counter() - start
            assert not report.failed and not again.changed
            print(
                f"{jobs:>4} {took:>8.2f} {size / 1e6 / took:>6.2f} {passages / took:>11.0f} "
                f"{unchanged:>12.2f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
