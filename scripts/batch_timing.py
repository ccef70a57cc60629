"""Time `briefgen batch` over all themes, both formats and both languages, with 1 and 2 jobs.

    python scripts/batch_timing.py [--corpus DIR] [--runs N]

Each batch runs as its own process, as a user runs it: the first run into an empty
folder, then a second run over the unchanged corpus (which must rewrite nothing). The
store is built once beforehand, so the figures are the batch's own. Prints one table:
wall time of the first and the second run (median of N), their ratio, files written.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BRIEFGEN = [sys.executable, "-m", "briefgen"]


def run(args: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([*BRIEFGEN, *args], capture_output=True, text=True, cwd=ROOT, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"briefgen {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return seconds, done.stderr.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "seeds")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="briefgen-batch-timing-") as tmp:
        store = Path(tmp) / "store"
        corpus = ["--corpus", str(options.corpus.resolve()), "--store", str(store)]
        run(["ingest", *corpus])
        rows = []
        for jobs in (1, 2):
            firsts, seconds, summary = [], [], ""
            for n in range(options.runs):
                out = Path(tmp) / f"out-{jobs}-{n}"
                args = ["batch", *corpus, "--out-dir", str(out), "--format", "docx,md"]
                args += ["--lang", "nl,en", "--jobs", str(jobs)]
                first, _ = run(args)
                second, summary = run(args)
                if "unchanged" not in summary or "written" in summary.split(";")[0]:
                    sys.exit(f"the second run rewrote files: {summary}")
                firsts.append(first)
                seconds.append(second)
            files = len(list((Path(tmp) / f"out-{jobs}-0").glob("*.*.*")))
            rows.append((jobs, statistics.median(firsts), statistics.median(seconds), files))
    print(f"batch of all themes, docx+md, nl+en, corpus {options.corpus} ({options.runs} runs)")
    print(f"{'jobs':>4} {'first run':>10} {'second run':>11} {'ratio':>7} {'files':>6}")
    for jobs, first, second, files in rows:
        print(f"{jobs:>4} {first:>9.2f}s {second:>10.2f}s {first / second:>6.1f}x {files:>6}")


if __name__ == "__main__":
    main()
