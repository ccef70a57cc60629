"""Walking corpus folders: the documents under the given files and folders, once each."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from briefgen.errors import NotFoundError

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".pdf", ".docx", ".odt", ".html", ".htm", ".xml"})
# Folder descriptions, not documents: skipped in folder walks (seeds/README.md).
SKIPPED_NAMES = frozenset({"readme.md", "readme.txt"})
# The metadata records that come with an officielebekendmakingen download.
SKIPPED_ENDINGS = ("metadata.xml", "_metadata_owms.xml")


SIDECAR_SUFFIX = ".meta.toml"  # NAME.meta.toml beside NAME.pdf: facts the text lacks


@dataclass(frozen=True, slots=True)
class Found:
    """A document the walk found, as strings: a large corpus is walked on every read."""

    path: str  # as reached from the file or folder given
    sidecar: str | None  # its NAME.meta.toml, if there is one


def sidecar_of(path: str) -> str:
    """Where the sidecar of the document at ``path`` is (whether or not it exists)."""
    folder, name = os.path.split(path)
    return os.path.join(folder, _stem(name) + SIDECAR_SUFFIX)  # noqa: PTH118


def walk_corpus(paths: Iterable[Path]) -> Iterator[Found]:
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
        if path.is_dir():
            found = _walk(str(path), seen_dirs)
        else:
            side = sidecar_of(str(path))
            given = Found(str(path), side if os.path.isfile(side) else None)  # noqa: PTH113
            found = iter([(given, str(path.resolve()))])
        for file, key in found:
            if key not in seen_files:
                seen_files.add(key)
                yield file


def _walk(top: str, seen: set[tuple[int, int]]) -> Iterator[tuple[Found, str]]:
    """(document, resolved path) of the wanted files below ``top``.

    Strings and ``os.scandir`` throughout: no Path object and no system call per file.
    The folder is resolved once: a file that is no symbolic link resolves to its name in
    the resolved folder. Sidecars are found in the folder's listing.
    """
    try:
        st = os.stat(top)  # noqa: PTH116
    except OSError as exc:
        log.warning("%s: cannot open folder: %s", top, exc.strerror)
        return
    if (st.st_dev, st.st_ino) in seen:
        log.debug("%s: folder already walked (symbolic link loop?)", top)
        return
    seen.add((st.st_dev, st.st_ino))
    real = os.path.join(os.path.realpath(top), "")  # noqa: PTH118
    try:
        with os.scandir(top) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        log.warning("%s: cannot list folder: %s", top, exc.strerror)
        return
    sidecars = {e.name for e in entries if e.name.endswith(SIDECAR_SUFFIX)}
    for entry in entries:
        name = entry.name
        if name.startswith((".", "~$")):
            continue
        try:
            is_dir = entry.is_dir()
            is_file = entry.is_file()
            link = entry.is_symlink()
        except OSError:
            continue
        if is_dir:
            yield from _walk(entry.path, seen)
        elif is_file and _wanted(name):
            side = _stem(name) + SIDECAR_SUFFIX
            sidecar = os.path.join(top, side) if side in sidecars else None  # noqa: PTH118
            found = Found(entry.path, sidecar)
            yield found, os.path.realpath(entry.path) if link else real + name


def _stem(name: str) -> str:
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name  # Path.stem, without a Path


def _wanted(name: str) -> bool:
    lower = name.lower()
    dot = lower.rfind(".")
    suffix = lower[dot:] if 0 < dot < len(lower) - 1 else ""  # Path.suffix, without a Path
    return (
        suffix in SUPPORTED_SUFFIXES
        and lower not in SKIPPED_NAMES
        and not lower.endswith(SIDECAR_SUFFIX)
        and not lower.endswith(SKIPPED_ENDINGS)
    )
