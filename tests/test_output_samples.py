"""The reviewed samples in output/samples are what briefgen makes of seeds/ today.

They are there to be read (a briefing in Markdown and Word, Dutch and English, without
installing anything), so they must not drift from the code. When a change alters them
on purpose, regenerate them with SAMPLES_COMMAND and review the diff.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "output" / "samples"
SAMPLES_COMMAND = (
    "briefgen -q batch onderwijs --out-dir output/samples --format md,docx --lang nl,en"
    " && rm output/samples/.briefgen-batch.json"
)


def test_the_samples_are_what_the_seeds_give_today(tmp_path: Path) -> None:
    out = tmp_path / "samples"
    args = SAMPLES_COMMAND.split(" && ")[0].split()[1:]
    args[args.index("output/samples")] = str(out)
    done = subprocess.run(
        [sys.executable, "-m", "briefgen", *args, "--store", str(tmp_path / "store")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    made = {p.name for p in out.iterdir() if not p.name.startswith(".")}
    committed = {p.name for p in SAMPLES.iterdir()}
    assert made == committed == {
        "index.md", "onderwijs.nl.md", "onderwijs.en.md", "onderwijs.nl.docx", "onderwijs.en.docx"
    }  # fmt: skip
    stale = [n for n in sorted(made) if _content(out / n) != _content(SAMPLES / n)]
    assert not stale, f"output/samples is stale ({', '.join(stale)}); run: {SAMPLES_COMMAND}"


def _content(path: Path) -> object:
    """Markdown byte for byte; Word as its styled paragraphs and table cells.

    A newer python-docx may pack the same document into different bytes.
    """
    if path.suffix != ".docx":
        return path.read_bytes()
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return [(p.style.name if p.style else "", p.text) for p in document.paragraphs], cells
