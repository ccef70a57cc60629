"""Selection and section quality against the hand labels of the seeds.

For every theme labelled in ``tests/labels/themes.toml`` it builds the theme's
selection from the seeds (through the real pipeline: read, clean, segment, store,
select, classify) and prints, per theme:

- recall: required passages selected / required passages;
- precision: selected passages that are labelled (required or optional) / selected;
- must_not: selected passages labelled as clearly off-theme (must be 0);
- sections: selected required passages whose items all fall in the labelled section
  (or in its ``also`` sections) / selected required passages.

Usage: ``python scripts/quality.py [--json]`` (tests/test_quality.py runs it with
the thresholds the project keeps).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "labels" / "themes.toml"
SEEDS = ROOT / "seeds"


@dataclass(frozen=True)
class Label:
    doc: str
    prefix: str
    section: str
    also: tuple[str, ...]
    kind: str  # passages / optional / must_not


def _squash(text: str) -> str:
    return " ".join(text.split())


def load_labels(path: Path = LABELS) -> dict[str, list[Label]]:
    data = tomllib.loads(path.read_text("utf-8"))
    labels: dict[str, list[Label]] = {}
    for slug, table in data.items():
        for kind in ("passages", "optional", "must_not"):
            for entry in table.get(kind, []):
                labels.setdefault(slug, []).append(
                    Label(
                        entry["doc"],
                        _squash(entry["prefix"]),
                        entry.get("section", ""),
                        tuple(entry.get("also", ())),
                        kind,
                    )
                )
    return labels


def evaluate(store_dir: Path, corpus: Path = SEEDS) -> dict[str, dict[str, Any]]:
    """Quality figures per labelled theme, on a store built from ``corpus``."""
    from briefgen.compose import items_for
    from briefgen.ingest import ingest
    from briefgen.select import select, theme_topic
    from briefgen.store import Store
    from briefgen.themes import load_catalogue

    ingest([corpus], store_dir, jobs=1)
    catalogue = load_catalogue()
    results: dict[str, dict[str, Any]] = {}
    with Store.open(store_dir, readonly=True) as store:
        paths = {d.id: Path(d.path).name for d in store.documents()}
        for slug, labels in load_labels().items():
            selected = select(store, theme_topic(catalogue.get(slug)))
            # (doc, passage text, [(item start, item end, section)]) of every selection
            chosen: list[tuple[str, str, list[tuple[int, int, str]]]] = []
            for sel in selected:
                text = _squash(sel.passage.text)
                runs = []
                for item in items_for(sel):
                    start = text.find(_squash(item.text))
                    runs.append((start, start + len(_squash(item.text)), item.section))
                for passage, _doc in ((sel.passage, sel.document), *sel.also_in):
                    chosen.append((paths[passage.doc_id], _squash(passage.text), runs))

            def section_ok(label: Label, text: str, runs: list[tuple[int, int, str]]) -> bool:
                """The item that quotes the label's first words is in a labelled section."""
                at = text.find(label.prefix)
                covering = [sec for s, e, sec in runs if s <= at < e] or [sec for *_, sec in runs]
                return bool(covering) and covering[0] in {label.section, *label.also}

            def matches(label: Label, doc: str, text: str) -> bool:
                return label.doc == doc and label.prefix in text

            required = [lb for lb in labels if lb.kind == "passages"]
            found = [lb for lb in required if any(matches(lb, d, t) for d, t, _ in chosen)]
            labelled = [
                (d, t)
                for d, t, _ in chosen
                if any(matches(lb, d, t) for lb in labels if lb.kind != "must_not")
            ]
            wrong = [
                lb.prefix
                for lb in labels
                if lb.kind == "must_not" and any(matches(lb, d, t) for d, t, _ in chosen)
            ]
            right_section = [
                lb
                for lb in found
                if any(matches(lb, d, t) and section_ok(lb, t, runs) for d, t, runs in chosen)
            ]
            results[slug] = {
                "required": len(required),
                "selected": len(chosen),
                "recall": len(found) / len(required) if required else 1.0,
                "precision": len(labelled) / len(chosen) if chosen else 1.0,
                "must_not": len(wrong),
                "sections": len(right_section) / len(found) if found else 1.0,
                "missed": [f"{lb.doc}: {lb.prefix}" for lb in required if lb not in found],
                "unlabelled": [
                    f"{d}: {t[:70]}"
                    for d, t, _ in chosen
                    if not any(matches(lb, d, t) for lb in labels)
                ],
                "wrong_section": [
                    f"{lb.doc}: {lb.prefix}" for lb in found if lb not in right_section
                ],
            }
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--details", action="store_true", help="list misses and extras")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = evaluate(Path(tmp) / "store")
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
        return 0
    print(
        f"{'theme':<30} {'req':>4} {'sel':>4} {'recall':>7} {'precision':>9} "
        f"{'must_not':>8} {'sections':>8}"
    )
    for slug, r in results.items():
        print(
            f"{slug:<30} {r['required']:>4} {r['selected']:>4} {r['recall']:>7.2f} "
            f"{r['precision']:>9.2f} {r['must_not']:>8} {r['sections']:>8.2f}"
        )
        if args.details:
            for key in ("missed", "unlabelled", "wrong_section"):
                for line in r[key]:
                    print(f"    {key}: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
