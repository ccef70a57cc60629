"""Measure answer drafts on real answers: each question seed left out in turn.

    python scripts/leave_one_out.py            # a table
    python scripts/leave_one_out.py --json     # the same figures as JSON

For each of seeds 000, 001 and 002 (written questions with the minister's real
answer): copy the other four seeds to a temporary corpus, ingest it, draft the answer
to the seed's question from it, and compare the draft with the labels in
``tests/labels/answers.toml``:

* statements: how many of the real answer's key statements the draft's quotes hold
  (words compared folded), of those the reduced corpus holds at all ("findable"), of
  all labelled;
* none flags: of the sub-questions labelled answerable or not, how many the draft
  flags right (``support: none`` exactly where the corpus cannot answer).

Also the time of the draft itself (store open, read and ingest not counted).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
LABELS = ROOT / "tests" / "labels" / "answers.toml"


@dataclass
class SubResult:
    number: int
    support: str  # what the draft says: found / none
    expected_none: bool | None  # the label; None: not labelled
    found: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)  # findable but not in the draft
    absent: list[str] = field(default_factory=list)  # not in the reduced corpus at all


@dataclass
class SeedResult:
    seed: str
    number: str
    statements: int
    findable: int
    found: int
    none_labelled: int
    none_correct: int
    seconds: float
    subs: list[SubResult]
    answers: str = ""  # the draft's answers and their support: "1:none | 2-4:found"


def words(text: str) -> str:
    """Folded words joined by single spaces, padded, for containment tests."""
    from briefgen.analysis import tokens

    return " " + " ".join(tokens(text)) + " "


def load_labels(path: Path = LABELS) -> list[dict[str, Any]]:
    seeds: list[dict[str, Any]] = tomllib.loads(path.read_text("utf-8"))["seed"]
    return seeds


def run_seed(label: dict[str, Any], seeds_dir: Path = SEEDS) -> SeedResult:
    """Leave one seed out, draft its question's answer, score it against the labels."""
    from briefgen.answer import draft
    from briefgen.ingest import ingest
    from briefgen.question import read_question
    from briefgen.store import Store

    question_file = seeds_dir / label["file"]
    with tempfile.TemporaryDirectory(prefix=f"loo-{label['id']}-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for path in sorted(seeds_dir.iterdir()):
            if (
                path.is_file()
                and not path.name.startswith(label["id"])
                and path.name != "README.md"
            ):
                shutil.copy2(path, corpus / path.name)
        report = ingest([corpus], Path(tmp) / "store", jobs=1)
        if report.failed:
            raise SystemExit(f"ingest failed: {report.failed}")
        question = read_question(question_file)
        with Store.open(Path(tmp) / "store", readonly=True) as store:
            start = time.perf_counter()
            result = draft(store, question)
            seconds = time.perf_counter() - start
            corpus_text = words(
                " ".join(p.text for d in store.documents(full=True) for p in d.passages)
            )
    quotes = [words(e.item.text) for b in result.blocks for e in b.extracts]
    support = {n: b.support for b in result.blocks for n in b.numbers}
    subs = []
    for sub in label["sub"]:
        res = SubResult(sub["number"], support[sub["number"]], sub.get("none"))
        for statement in sub["statements"]:
            needle = words(statement)
            if any(needle in q for q in quotes):
                res.found.append(statement)
            elif needle in corpus_text:
                res.missed.append(statement)
            else:
                res.absent.append(statement)
        subs.append(res)
    labelled = [s for s in subs if s.expected_none is not None]
    return SeedResult(
        seed=label["id"],
        number=label["number"],
        statements=sum(len(s.found) + len(s.missed) + len(s.absent) for s in subs),
        findable=sum(len(s.found) + len(s.missed) for s in subs),
        found=sum(len(s.found) for s in subs),
        none_labelled=len(labelled),
        none_correct=sum((s.support == "none") == s.expected_none for s in labelled),
        seconds=round(seconds, 3),
        subs=subs,
        answers=" | ".join(f"{b.label}:{b.support}" for b in result.blocks),
    )


def run(seeds_dir: Path = SEEDS, labels: Path = LABELS) -> list[SeedResult]:
    return [run_seed(label, seeds_dir) for label in load_labels(labels)]


def table(results: list[SeedResult]) -> str:
    head = (
        f"{'seed':<5} {'question':<9} {'statements found':>17} {'of findable':>12} "
        f"{'none flags right':>17} {'draft s':>8}  answers"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        lines.append(
            f"{r.seed:<5} {'nr. ' + r.number:<9} {f'{r.found} / {r.statements}':>17} "
            f"{f'{r.found} / {r.findable}':>12} {f'{r.none_correct} / {r.none_labelled}':>17} "
            f"{r.seconds:>8.3f}  {r.answers}"
        )
    total = [sum(getattr(r, k) for r in results) for k in ("found", "statements", "findable")]
    flags = [sum(r.none_correct for r in results), sum(r.none_labelled for r in results)]
    lines.append(
        f"{'all':<15} {f'{total[0]} / {total[1]}':>17} {f'{total[0]} / {total[2]}':>12} "
        f"{f'{flags[0]} / {flags[1]}':>17}"
    )
    for r in results:
        for s in r.subs:
            flag = (
                ""
                if s.expected_none is None
                else f" (label: {'none' if s.expected_none else 'found'})"
            )
            lines.append(f"  {r.seed} sub-question {s.number}: {s.support}{flag}")
            lines += [f"      missed: {m}" for m in s.missed]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--seeds", type=Path, default=SEEDS, help="the seeds folder")
    parser.add_argument("--labels", type=Path, default=LABELS, help="the labels file")
    args = parser.parse_args(argv)
    results = run(args.seeds, args.labels)
    if args.json:
        print(json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=2))
    else:
        print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
