"""Write a Briefing as Markdown, Word or JSON, and put the bytes on disk atomically.

The writers import Jinja2, python-docx and Babel, which are slow to import; they are
loaded only when a briefing is rendered, so ``briefgen --help`` stays fast.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import tempfile
from pathlib import Path
from typing import Literal, get_args

from briefgen.errors import ConfigError, OutputError
from briefgen.models import Briefing

Format = Literal["md", "docx", "json"]
FORMATS: tuple[Format, ...] = get_args(Format)
_EXTENSIONS: dict[str, Format] = {".md": "md", ".markdown": "md", ".docx": "docx", ".json": "json"}

__all__ = ["FORMATS", "Format", "format_for", "render", "write_output"]


def render(
    briefing: Briefing,
    fmt: Format,
    *,
    templates_dir: Path | None = None,
    docx_template: Path | None = None,
    explain: bool = False,
) -> bytes:
    """The briefing as the bytes of a file in ``fmt``.

    ``templates_dir`` holds Markdown templates overriding the defaults; ``docx_template``
    is a house-style .docx whose styles, page set-up, headers and footers are used;
    ``explain`` shows why each item is in its section (Markdown and Word).
    """
    if fmt == "md":
        from briefgen.render.markdown import render_markdown

        return render_markdown(briefing, templates_dir, explain=explain)
    if fmt == "docx":
        from briefgen.render.word import render_docx

        return render_docx(briefing, docx_template, explain=explain)
    if fmt == "json":
        from briefgen.render.jsondata import render_json

        return render_json(briefing)
    raise ConfigError(f"unknown output format {fmt!r}", hint="use one of " + ", ".join(FORMATS))


def format_for(path: Path, explicit: str | None = None) -> Format:
    """The format to write: ``--format`` if given, else the extension of ``--out``."""
    if explicit is not None:
        name = explicit.lower().lstrip(".")
        name = "md" if name == "markdown" else name
        for fmt in FORMATS:
            if fmt == name:
                return fmt
        raise ConfigError(
            f"unknown output format {explicit!r}", hint="use one of " + ", ".join(FORMATS)
        )
    fmt_ = _EXTENSIONS.get(path.suffix.lower())
    if fmt_ is None:
        raise ConfigError(
            f"{path}: cannot tell the output format from the extension {path.suffix!r}",
            hint="name the file .md, .docx or .json, or pass --format",
        )
    return fmt_


def write_output(data: bytes, out: Path) -> None:
    """Write ``data`` to ``out`` so that ``out`` is either the old file or the whole new one.

    The bytes go to a temporary file in the same folder, are flushed to disk, then
    renamed over ``out``; the folder is created if missing. Where the system allows it
    (Linux ``O_TMPFILE``) the temporary file has no name until just before the rename,
    so even a killed process leaves nothing beside ``out``. On any failure the temporary
    file is removed and an OutputError names ``out``.
    """
    if out.is_dir():
        raise OutputError(f"cannot write {out}: it is a folder", hint="give a file name")
    folder = out.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = _open_temp(folder, out.name)
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {_reason(exc)}", hint=_HINT) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            if tmp is None:
                tmp = _name_temp(fh.fileno(), folder, out.name)
        tmp.replace(out)
    except OSError as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {out}: {_reason(exc)}", hint=_HINT) from exc
    except BaseException:  # an interrupt must not leave the temporary file behind either
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise
    _fsync_folder(folder)


def _open_temp(folder: Path, name: str) -> tuple[int, Path | None]:
    """An unnamed file in ``folder`` if the file system can, else a named temporary one."""
    if hasattr(os, "O_TMPFILE"):
        try:
            return os.open(folder, os.O_TMPFILE | os.O_WRONLY, 0o666), None  # umask applies
        except OSError as exc:
            if exc.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
                raise
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    os.fchmod(fd, 0o666 & ~_UMASK)  # mkstemp makes 0600; a briefing is an ordinary file
    return fd, Path(tmp_name)


def _name_temp(fd: int, folder: Path, name: str) -> Path:
    """Give the unnamed file ``fd`` a temporary name in ``folder``, ready to be renamed."""
    tmp = folder / f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:  # with a dir_fd, os.link is linkat(AT_SYMLINK_FOLLOW), as /proc/self/fd needs
        os.link(f"/proc/self/fd/{fd}", tmp.name, dst_dir_fd=dir_fd)
    finally:
        os.close(dir_fd)
    return tmp


_HINT = "choose another --out path"


def _reason(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "the folder is not writable"
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    return exc.strerror or type(exc).__name__


def _read_umask() -> int:
    """The process umask, read once at import (setting it back and forth is not thread-safe)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every platform can open a folder."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
