"""Writing output files atomically, choosing the format, and staying cheap to import."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from briefgen.errors import ConfigError, OutputError
from briefgen.render import format_for, write_output

ROOT = Path(__file__).resolve().parent.parent


def test_format_from_extension_or_option() -> None:
    assert format_for(Path("out/brief.docx")) == "docx"
    assert format_for(Path("brief.MD")) == "md"
    assert format_for(Path("brief.json")) == "json"
    assert format_for(Path("brief.docx"), "md") == "md"
    assert format_for(Path("-"), "json") == "json"
    with pytest.raises(ConfigError, match=r"brief\.pdf: cannot tell the output format"):
        format_for(Path("brief.pdf"))
    with pytest.raises(ConfigError, match="unknown output format 'pdf'"):
        format_for(Path("brief.md"), "pdf")


def test_write_creates_missing_folders(tmp_path: Path) -> None:
    out = tmp_path / "nieuw" / "map" / "brief.md"
    write_output(b"# Briefing\n", out)
    assert out.read_bytes() == b"# Briefing\n"
    assert sorted(p.name for p in out.parent.iterdir()) == ["brief.md"]
    assert out.stat().st_mode & 0o644 == 0o644 & ~_umask()


def test_write_replaces_an_existing_file_whole(tmp_path: Path) -> None:
    out = tmp_path / "brief.json"
    out.write_bytes(b"oud")
    write_output(b"nieuw", out)
    assert out.read_bytes() == b"nieuw"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.json"]


def test_write_to_a_folder_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="it is a folder"):
        write_output(b"x", tmp_path)


def test_write_under_a_file_is_an_output_error(tmp_path: Path) -> None:
    (tmp_path / "bestand").write_text("x")
    with pytest.raises(OutputError, match=r"cannot write .*brief\.md"):
        write_output(b"x", tmp_path / "bestand" / "brief.md")


def test_write_into_a_read_only_folder_fails_and_leaves_nothing() -> None:
    """The write runs in a forked child; as root it drops to "nobody" so permissions bind."""
    folder = Path(tempfile.mkdtemp(prefix="briefgen-ro-"))
    out = folder / "brief.md"
    try:
        out.write_bytes(b"vorige versie")
        folder.chmod(0o555)
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            code = 1
            try:
                if os.geteuid() == 0:
                    os.setgid(65534)
                    os.setuid(65534)
                write_output(b"nieuw", out)
                code = 0
            except OutputError as exc:
                code = (
                    7
                    if str(exc).startswith(f"cannot write {out}: the folder is not writable")
                    else 8
                )
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 7
        assert [p.name for p in folder.iterdir()] == ["brief.md"]
        assert out.read_bytes() == b"vorige versie"
    finally:
        folder.chmod(0o755)
        for p in folder.iterdir():
            p.unlink()
        folder.rmdir()


def test_importing_render_loads_no_heavy_library() -> None:
    """`briefgen --help` must stay fast: Jinja2, python-docx and Babel load on first render."""
    code = (
        "import sys, briefgen.render; "
        "print(sorted(m for m in ('docx', 'jinja2', 'babel') if m in sys.modules))"
    )
    child = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert child.stdout.strip() == "[]"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
