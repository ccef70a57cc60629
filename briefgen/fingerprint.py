"""Fingerprints of briefgen's own files: what other code made is made again.

Two users: the store records which parse flow read its documents (``briefgen.ingest``),
and a batch records which code wrote its files (``briefgen.batch``).
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
_SUFFIXES = frozenset({".py", ".toml", ".j2", ".po", ".txt", ".sql", ".json"})


@cache
def files_fingerprint(parts: tuple[str, ...] = ()) -> str:
    """A hash of the package's code and data files under ``parts`` (all when empty)."""
    roots = [PACKAGE / part for part in parts] or [PACKAGE]
    digest = hashlib.sha256()
    for root in roots:
        found = root.rglob("*") if root.is_dir() else [root]
        for path in sorted(found):
            if path.suffix in _SUFFIXES and "__pycache__" not in path.parts:
                digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()
