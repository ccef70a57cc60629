"""Bounded fuzz run of every reader on mutated copies of the test fixtures.

Each round takes a fixture from tests/fixtures (real .pdf, .docx, .odt, .html, .xml and
.txt files), mutates it (byte flips, truncation, inserted junk; for .docx and .odt also a
corrupted zip member: its XML damaged, or its compressed bytes so the CRC fails), and
reads it with ``briefgen.read.read_document``. Outcomes: ``ok``, ``InputError`` (a
refusal with a one-line reason naming the file), ``other`` (any other exception: a bug;
must be 0) and ``slow`` (over --timeout seconds; must be 0). Prints a table; exit
status 1 when ``other`` or ``slow`` is not 0.

    python scripts/fuzz_readers.py --seconds 60 [--seed 1] [--timeout 20]
"""

from __future__ import annotations

import argparse
import io
import random
import signal
import sys
import tempfile
import time
import traceback
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from briefgen.errors import InputError
from briefgen.read import read_document

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SUFFIXES = (".pdf", ".docx", ".odt", ".html", ".xml", ".txt")
JUNK = [
    b"\x00",
    b"\xff\xfe",
    b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
    b"\x1b[31m",
    b"%%EOF",
    b"PK\x03\x04",
]


class Slow(Exception):
    """A read ran over the time limit."""


def flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, len(data))]


def insert(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + rng.choice(JUNK) * rng.randint(1, 50) + data[at:]


def zip_member(data: bytes, rng: random.Random) -> bytes:
    """Damage one member of a zip package: its XML text, or its stored bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        items = [(i, zin.read(i)) for i in zin.infolist()]
    target = rng.randrange(len(items))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for n, (info, content) in enumerate(items):
            if n == target and content:
                content = rng.choice([flip, truncate, insert])(content, rng)
            zout.writestr(info, content)
    packed = bytearray(out.getvalue())
    if rng.random() < 0.3:  # corrupt compressed bytes too: the CRC check must catch it
        with zipfile.ZipFile(io.BytesIO(bytes(packed))) as z:
            info = z.infolist()[target]
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        if info.compress_size:
            packed[start + rng.randrange(info.compress_size)] ^= 0xFF
    return bytes(packed)


MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "flip": flip,
    "truncate": truncate,
    "insert": insert,
    "zip member": zip_member,
}


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise Slow


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="total run time")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=int, default=20, help="seconds per read")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    fixtures = sorted(p for p in FIXTURES.rglob("*") if p.suffix in SUFFIXES)
    originals = {p: p.read_bytes() for p in fixtures}
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    slowest: dict[tuple[str, str], float] = defaultdict(float)
    failures: list[str] = []
    signal.signal(signal.SIGALRM, _alarm)
    deadline = time.monotonic() + args.seconds
    with tempfile.TemporaryDirectory() as tmp:
        while time.monotonic() < deadline:
            source = rng.choice(fixtures)
            kinds = [
                k for k in MUTATIONS if k != "zip member" or source.suffix in (".docx", ".odt")
            ]
            kind = rng.choice(kinds)
            data = MUTATIONS[kind](originals[source], rng)
            path = Path(tmp) / f"fuzz {source.stem}{source.suffix}"
            path.write_bytes(data)
            key = (source.suffix.lstrip("."), kind)
            started = time.monotonic()
            signal.alarm(args.timeout)
            try:
                read_document(path)
                outcome = "ok"
            except InputError as exc:
                outcome = "InputError"
                if path.name not in str(exc) or "\n" in str(exc):
                    outcome = "other"
                    failures.append(f"{source.name} {kind}: reason not one line naming the file")
            except Slow:
                outcome = "slow"
                failures.append(f"{source.name} {kind}: over {args.timeout} s")
            except Exception:
                outcome = "other"
                failures.append(f"{source.name} {kind}:\n{traceback.format_exc()}")
            finally:
                signal.alarm(0)
            counts[key][outcome] += 1
            slowest[key] = max(slowest[key], time.monotonic() - started)

    header = f"{'reader':<6} {'mutation':<11} {'runs':>5} {'ok':>5} {'InputError':>10} "
    print(header + f"{'other':>5} {'slow':>4} {'max s':>6}")
    total: Counter[str] = Counter()
    for key in sorted(counts):
        c = counts[key]
        total.update(c)
        print(
            f"{key[0]:<6} {key[1]:<11} {c.total():>5} {c['ok']:>5} {c['InputError']:>10} "
            f"{c['other']:>5} {c['slow']:>4} {slowest[key]:>6.2f}"
        )
    print(
        f"{'all':<6} {'':<11} {total.total():>5} {total['ok']:>5} {total['InputError']:>10} "
        f"{total['other']:>5} {total['slow']:>4}"
    )
    for failure in failures[:10]:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
