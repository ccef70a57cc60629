"""Walking corpus folders: the documents under the given files and folders, once each."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from briefgen.errors import NotFoundError

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".pdf", ".docx", ".odt", ".html", ".htm"})
# Folder descriptions, not documents: skipped in folder walks (seeds/README.md).
SKIPPED_NAMES = frozenset({"readme.md", "readme.txt"})


def iter_corpus_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Documents under the given files and folders, each once, in sorted order.

    A folder is walked recursively, following symbolic links but never into a folder
    already seen (no loops). Walks take supported suffixes only and skip hidden names,
    Office lock files (``~$...``), ``*.meta.toml`` sidecars and folder descriptions
    (``README.md``, ``README.txt``). A file named explicitly is always given, so that
    an unsupported one gets its reason from ``read_document`` instead of being ignored.
    """
    seen_dirs: set[tuple[int, int]] = set()
    seen_files: set[str] = set()
    for path in paths:
        if not path.exists():
            raise NotFoundError(f"{path}: no such file or folder")
        found = _walk(path, seen_dirs) if path.is_dir() else iter([(path, str(path.resolve()))])
        for file, key in found:
            if key not in seen_files:
                seen_files.add(key)
                yield file


def _walk(top: Path, seen: set[tuple[int, int]]) -> Iterator[tuple[Path, str]]:
    """(path, resolved path) of the wanted files below ``top``.

    The folder is resolved once: a file that is no symbolic link resolves to its name
    in the resolved folder, which saves a ``resolve()`` per file on large corpora.
    """
    try:
        st = top.stat()
    except OSError as exc:
        log.warning("%s: cannot open folder: %s", top, exc.strerror)
        return
    if (st.st_dev, st.st_ino) in seen:
        log.debug("%s: folder already walked (symbolic link loop?)", top)
        return
    seen.add((st.st_dev, st.st_ino))
    real = os.path.join(top.resolve(), "")  # noqa: PTH118 (a string per file is cheaper)
    try:
        entries = sorted(os.scandir(top), key=lambda e: e.name)
    except OSError as exc:
        log.warning("%s: cannot list folder: %s", top, exc.strerror)
        return
    for entry in entries:
        if entry.name.startswith((".", "~$")):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
            is_file = entry.is_file()
            link = entry.is_symlink()
        except OSError:
            continue
        if is_dir:
            yield from _walk(path, seen)
        elif is_file and _wanted(entry.name):
            yield path, str(path.resolve()) if link else real + entry.name


def _wanted(name: str) -> bool:
    lower = name.lower()
    dot = lower.rfind(".")
    suffix = lower[dot:] if 0 < dot < len(lower) - 1 else ""  # Path.suffix, without a Path
    return (
        suffix in SUPPORTED_SUFFIXES
        and lower not in SKIPPED_NAMES
        and not lower.endswith(".meta.toml")
    )
