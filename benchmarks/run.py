"""The performance benchmark of issue 7: generate (cached), ingest, measure, report.

Every measurement runs briefgen as a fresh process, the way a user does, and records
the median, min and max wall time of several runs, and the peak resident memory: of
the largest single process (``/usr/bin/time``) and, sampled every 20 ms, of the whole
process tree (the ingest's worker processes included).

    python benchmarks/run.py --scale 10k            # ~1 min
    python benchmarks/run.py --scale 100k           # < 10 min
    python benchmarks/run.py --scale 1M             # < 1 hour

It prints one table and writes ``benchmarks/results/<scale>.json``. Corpora are
cached in ``--cache`` (default ``/tmp/briefgen-bench``) per scale and generator
version; stores and outputs go to a work folder there too.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import GENERATOR_VERSION, SCALES, generate  # noqa: E402

RESULTS = HERE / "results"
TIME = "/usr/bin/time"
_SCRIPT = Path(sys.executable).with_name("briefgen")  # the console script users run
BRIEFGEN = [str(_SCRIPT)] if _SCRIPT.is_file() else [sys.executable, "-m", "briefgen"]
# (full-ingest runs, runs of everything else) per scale: 100k < 10 min, 1M < 1 hour
RUNS = {"1k": (3, 7), "10k": (3, 7), "100k": (3, 5), "1M": (1, 3)}
TARGETS = {  # at 1M passages, 2 cores (issue 7)
    "brief_md": "<= 0.5 s",
    "brief_docx": "<= 0.7 s",
    "brief_rss": "<= 300 MB",
    "answer": "<= 1.0 s",
    "ingest_mb_s": ">= 20 MB/s",
    "ingest_rss": "<= 1.5 GB",
    "reingest_unchanged": "<= 3% of full",
    "reingest_1pct": "<= 5% of full",
    "help": "<= 150 ms",
}


@dataclass
class Run:
    wall: float
    rss_max_mb: float  # largest single process
    rss_tree_mb: float  # sampled sum over the process tree
    rc: int


@dataclass
class Measure:
    name: str
    runs: list[Run] = field(default_factory=list)
    note: str = ""

    def summary(self) -> dict[str, object]:
        if not self.runs:
            return {"name": self.name, "note": self.note or "n/a"}
        walls = [r.wall for r in self.runs]
        return {
            "name": self.name,
            "runs": len(walls),
            "median_s": round(statistics.median(walls), 4),
            "min_s": round(min(walls), 4),
            "max_s": round(max(walls), 4),
            "rss_max_mb": round(max(r.rss_max_mb for r in self.runs), 1),
            "rss_tree_mb": round(max(r.rss_tree_mb for r in self.runs), 1),
            "failed_runs": sum(r.rc != 0 for r in self.runs),
            "note": self.note,
        }


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(c) for c in text.split()]


def _tree_rss_kb(pid: int) -> int:
    total = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
                    break
        except OSError:
            continue
        stack += _children(p)
    return total


def run_once(cmd: Sequence[str], cwd: Path, env: dict[str, str]) -> Run:
    """One fresh process: wall time, peak RSS of the largest process and of the tree."""
    rss_file = cwd / ".maxrss"
    # /usr/bin/time reports the process's own peak; wait4's ru_maxrss would also count
    # the copy of this (larger) benchmark process that the child starts as
    timer = [TIME, "-f", "%M", "-o", str(rss_file)] if Path(TIME).is_file() else []
    start = time.perf_counter()
    proc = subprocess.Popen(
        [*timer, *cmd], cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.02):
            peak = max(peak, _tree_rss_kb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode != 0:
        print(f"  ! exit {proc.returncode}: {' '.join(cmd)}\n{err[-2000:]}", file=sys.stderr)
    rss_max = usage.ru_maxrss / 1024
    if timer:
        rss_max = int(rss_file.read_text().split()[-1]) / 1024
    return Run(wall, rss_max, max(peak / 1024, rss_max), proc.returncode)


def measure(
    name: str,
    cmd: Sequence[str],
    runs: int,
    cwd: Path,
    env: dict[str, str],
    before: Callable[[int], None] | None = None,
) -> Measure:
    m = Measure(name)
    for i in range(runs):
        if before:
            before(i)
        m.runs.append(run_once(cmd, cwd, env))
        print(f"  {name} #{i + 1}: {m.runs[-1].wall:.3f} s", file=sys.stderr)
    return m


def corpus_for(scale: str, cache: Path, seed: int) -> tuple[Path, dict[str, object], float]:
    """The cached corpus of a scale, generated first if missing; (folder, summary, secs)."""
    folder = cache / f"corpus-{scale}-v{GENERATOR_VERSION}-s{seed}"
    summary_path = folder.parent / f"{folder.name}.json"
    if summary_path.is_file() and folder.is_dir():
        return folder, json.loads(summary_path.read_text("utf-8")), 0.0
    shutil.rmtree(folder, ignore_errors=True)
    start = time.perf_counter()
    summary = generate(SCALES[scale], folder, seed)
    return folder, summary, time.perf_counter() - start


def corpus_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def store_stats(store: Path) -> dict[str, object]:
    import sqlite3

    size = sum(p.stat().st_size for p in store.rglob("*") if p.is_file())
    index = sum(p.stat().st_size for p in (store / "index").rglob("*") if p.is_file())
    db = sqlite3.connect(f"file:{store / 'store.sqlite3'}?mode=ro", uri=True)
    try:
        passages = db.execute("SELECT count(*) FROM passages").fetchone()[0]
        documents = db.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        db.close()
    return {
        "store_mb": round(size / 1e6, 1),
        "index_mb": round(index / 1e6, 1),
        "passages": passages,
        "documents": documents,
    }


def has_command(name: str, env: dict[str, str]) -> bool:
    out = subprocess.run(
        [*BRIEFGEN, "--help"], capture_output=True, text=True, env=env, check=False
    ).stdout
    commands = out.split("Commands:", 1)[-1]
    return any(line.split()[:1] == [name] for line in commands.splitlines())


def help_text(name: str, env: dict[str, str]) -> str:
    return subprocess.run(
        [*BRIEFGEN, name, "--help"], capture_output=True, text=True, env=env, check=False
    ).stdout


def pick_question(files: list[Path]) -> Path:
    """A written question of the corpus about the theme, as the answer draft's input."""
    for path in files:
        if "_vraag_onderwijs" in path.name and path.suffix == ".txt":
            return path
    return files[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=SCALES, default="10k")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/briefgen-bench"))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--ingest-runs", type=int, help="full-ingest runs per core count")
    parser.add_argument("--runs", type=int, help="runs of every other measurement")
    parser.add_argument("--theme", default="onderwijs")
    parser.add_argument("--no-save", action="store_true", help="print only, write no JSON")
    args = parser.parse_args(argv)
    ingest_runs, runs = RUNS[args.scale]
    ingest_runs = args.ingest_runs or ingest_runs
    runs = args.runs or runs

    started = time.perf_counter()
    load_at_start = [round(x, 2) for x in os.getloadavg()]  # other work sharing the cores
    args.cache.mkdir(parents=True, exist_ok=True)
    corpus, summary, gen_secs = corpus_for(args.scale, args.cache, args.seed)
    files = corpus_files(corpus)
    corpus_bytes = sum(p.stat().st_size for p in files)
    print(f"corpus {corpus}: {len(files)} files, {corpus_bytes / 1e6:.1f} MB", file=sys.stderr)
    work = args.cache / f"work-{args.scale}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    store = work / "store"
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFGEN_")}
    where = ["--store", str(store)]
    reading = ["--corpus", str(corpus), *where]
    results: list[Measure] = []

    def fresh_store(_: int) -> None:
        shutil.rmtree(store, ignore_errors=True)

    for jobs in (1, 2):
        cmd = [*BRIEFGEN, "-q", "ingest", str(corpus), *where, "--jobs", str(jobs)]
        results.append(measure(f"ingest_j{jobs}", cmd, ingest_runs, work, env, fresh_store))
    stats = store_stats(store)
    ingest_cmd = [*BRIEFGEN, "-q", "ingest", str(corpus), *where]
    results.append(measure("reingest_unchanged", ingest_cmd, runs, work, env))

    originals: dict[Path, bytes] = {}
    texts = [p for p in files if p.suffix == ".txt"]

    def change_one_percent(i: int) -> None:
        for path in random.Random(1000 + i).sample(texts, max(1, len(files) // 100)):
            data = originals.setdefault(path, path.read_bytes())
            path.write_bytes(data + f"\nBijkomende toelichting nr. {i + 1} volgt.\n".encode())

    try:
        results.append(measure("reingest_1pct", ingest_cmd, runs, work, env, change_one_percent))
    finally:
        for path, data in originals.items():
            path.write_bytes(data)
    subprocess.run(ingest_cmd, cwd=work, env=env, check=True)  # back in line, untimed

    theme = args.theme
    for ext in ("md", "docx"):
        cmd = [*BRIEFGEN, theme, *reading, "--out", str(work / f"brief.{ext}")]
        results.append(measure(f"brief_{ext}", cmd, runs, work, env))

    if has_command("answer", env):
        question = pick_question(files)
        cmd = [*BRIEFGEN, "answer", str(question), *reading, "--out", str(work / "answer.md")]
        results.append(measure("answer", cmd, runs, work, env))
    else:
        results.append(Measure("answer", note="n/a: no `briefgen answer` command yet"))
    if has_command("batch", env):
        usage = help_text("batch", env)
        cmd = [*BRIEFGEN, "batch", *reading, "--out-dir", str(work / "batch")]
        cmd += ["--format", "docx,md"] if "--format" in usage else []
        cmd += ["--force"] if "--force" in usage else []  # each run does the whole work
        results.append(measure("batch_all_themes", cmd, max(1, runs // 2), work, env))
    else:
        results.append(Measure("batch_all_themes", note="n/a: no `briefgen batch` command yet"))
    results.append(measure("help", [*BRIEFGEN, "--help"], max(runs, 10), work, env))

    report = build_report(args, summary, gen_secs, files, corpus_bytes, stats, results)
    report["benchmark_secs"] = round(time.perf_counter() - started, 1)
    report["load_average_at_start"] = load_at_start
    print(table(report))
    if not args.no_save:
        RESULTS.mkdir(exist_ok=True)
        out = RESULTS / f"{args.scale}.json"
        out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", "utf-8")
        print(f"wrote {out}", file=sys.stderr)
    return 0


def machine() -> dict[str, object]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return {
        "cpu": model or platform.processor(),
        "cores": os.cpu_count(),
        "memory_gb": round(mem / 2**30, 1),
        "python": platform.python_version(),
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
        "system": platform.platform(),
    }


def build_report(
    args: argparse.Namespace,
    summary: dict[str, object],
    gen_secs: float,
    files: list[Path],
    corpus_bytes: int,
    stats: dict[str, object],
    results: list[Measure],
) -> dict[str, object]:
    rows = {m.name: m.summary() for m in results}
    passages = int(str(stats["passages"]))
    derived: dict[str, object] = {}
    for jobs in (1, 2):
        row = rows[f"ingest_j{jobs}"]
        secs = float(str(row["median_s"]))
        derived[f"ingest_j{jobs}_mb_s"] = round(corpus_bytes / 1e6 / secs, 2)
        derived[f"ingest_j{jobs}_passages_s"] = round(passages / secs)
    full = float(str(rows["ingest_j2"]["median_s"]))
    for name in ("reingest_unchanged", "reingest_1pct"):
        derived[f"{name}_pct_of_full"] = round(100 * float(str(rows[name]["median_s"])) / full, 1)
    return {
        "scale": args.scale,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "corpus": {
            **summary,
            "files": len(files),
            "mb": round(corpus_bytes / 1e6, 1),
            "generate_secs": round(gen_secs, 1),
        },
        "store": stats,
        "measures": rows,
        "derived": derived,
        "targets_at_1M": TARGETS,
    }


def table(report: dict[str, object]) -> str:
    rows = report["measures"]
    derived = report["derived"]
    store = report["store"]
    corpus = report["corpus"]
    assert isinstance(rows, dict) and isinstance(derived, dict)
    assert isinstance(store, dict) and isinstance(corpus, dict)
    lines = [
        f"scale {report['scale']}: {store['passages']} passages, {store['documents']} documents, "
        f"{corpus['mb']} MB of files; store {store['store_mb']} MB (index {store['index_mb']} MB)",
        f"{'step':<22}{'median s':>10}{'min':>9}{'max':>9}{'RSS MB':>9}{'tree MB':>9}  note",
    ]
    for name, row in rows.items():
        if "median_s" not in row:
            lines.append(f"{name:<22}{'':>46}  {row['note']}")
            continue
        note = str(row.get("note") or "")
        if name.startswith("ingest_j"):
            jobs = name[-1]
            note = (
                f"{derived[f'ingest_j{jobs}_mb_s']} MB/s, "
                f"{derived[f'ingest_j{jobs}_passages_s']} passages/s"
            )
        elif name.startswith("reingest"):
            note = f"{derived[f'{name}_pct_of_full']}% of full (2 cores)"
        if row["failed_runs"]:
            note += f" [{row['failed_runs']} failed]"
        lines.append(
            f"{name:<22}{row['median_s']:>10.3f}{row['min_s']:>9.3f}{row['max_s']:>9.3f}"
            f"{row['rss_max_mb']:>9.0f}{row['rss_tree_mb']:>9.0f}  {note}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
