"""Batches: every theme in every format, an index, deterministic output, reruns, failures."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn
from docx.table import Table

from briefgen.batch import INDEX, MANIFEST, BatchReport, corpus_date, run_batch
from briefgen.cli import cli
from briefgen.config import Settings
from briefgen.errors import ConfigError
from briefgen.store import Store
from briefgen.themes import load_catalogue

SLUGS = load_catalogue().slugs()
BINDER_THEMES = ["onderwijs", "taal-en-cultuur", "energie"]


@pytest.fixture(scope="module")
def first_run(
    seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> tuple[BatchReport, Path, list[tuple[int, int]]]:
    """Every theme, Dutch, Word and Markdown, in this process (jobs=1)."""
    out = tmp_path_factory.mktemp("batch") / "out"
    calls: list[tuple[int, int]] = []
    report = run_batch(
        seed_settings,
        out_dir=out,
        jobs=1,
        progress=lambda done, total: calls.append((done, total)),
    )
    return report, out, calls


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}


def test_every_theme_in_both_formats_and_an_index(
    first_run: tuple[BatchReport, Path, list[tuple[int, int]]],
) -> None:
    report, out, calls = first_run
    assert [r.subject for r in report.results] == SLUGS
    assert all(r.status == "written" for r in report.results)
    expected = {f"{slug}.nl.{fmt}" for slug in SLUGS for fmt in ("docx", "md")}
    assert {p.name for p in out.iterdir()} == expected | {INDEX, MANIFEST}
    assert calls[-1] == (len(SLUGS), len(SLUGS)) and len(calls) == len(SLUGS)

    text = (out / "onderwijs.nl.md").read_text("utf-8")
    assert text.startswith("# Briefing: Onderwijs\n")
    assert "- **Opgesteld op:** 26 april 2024" in text  # the newest document, not the clock
    properties = docx.Document(io.BytesIO((out / "onderwijs.nl.docx").read_bytes())).core_properties
    assert properties.created is not None and properties.created.date() == date(2024, 4, 26)

    index = (out / INDEX).read_text("utf-8")
    onderwijs = next(r for r in report.results if r.subject == "onderwijs")
    counts = onderwijs.counts
    assert (
        f"| Onderwijs | {counts['kern']} | {counts['background']} | {counts['commitments']} | "
        f"{counts['open_points']} | [onderwijs.nl.docx](onderwijs.nl.docx) · "
        "[onderwijs.nl.md](onderwijs.nl.md) |"
    ) in index
    assert counts["background"] > 0 and counts["commitments"] > 0
    assert index.count("\n| ") == len(SLUGS) + 1  # header row and one row per theme


def test_a_rerun_over_the_same_corpus_rewrites_nothing(
    seed_settings: Settings, first_run: tuple[BatchReport, Path, list[tuple[int, int]]]
) -> None:
    _, out, _ = first_run
    before = _snapshot(out)
    again = run_batch(seed_settings, out_dir=out, jobs=1)
    assert {r.status for r in again.results} == {"unchanged"} and again.index_status == "unchanged"
    assert _snapshot(out) == before
    # forced: everything is built again, and the bytes (Word files too) are the same
    forced = run_batch(seed_settings, SLUGS[:3], out_dir=out, jobs=1, force=True)
    assert {r.status for r in forced.results} == {"unchanged"}
    assert _snapshot(out) == before


def test_a_changed_file_is_rebuilt(
    seed_settings: Settings, first_run: tuple[BatchReport, Path, list[tuple[int, int]]]
) -> None:
    _, out, _ = first_run
    target = out / "media.nl.md"
    original = target.read_bytes()
    target.write_bytes(b"edited by hand\n")
    report = run_batch(seed_settings, ["media", "energie"], out_dir=out, jobs=1)
    assert [(r.subject, r.status) for r in report.results] == [
        ("media", "written"),
        ("energie", "unchanged"),
    ]
    assert target.read_bytes() == original
    # a run for two themes keeps the others in the index
    assert (out / INDEX).read_text("utf-8").count("\n| ") == len(SLUGS) + 1


def test_source_date_epoch_sets_the_date(
    seed_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 14 November 2023
    report = run_batch(seed_settings, ["media"], out_dir=tmp_path, formats=["md"], jobs=1)
    assert report.results[0].status == "written"
    assert "- **Opgesteld op:** 14 november 2023" in (tmp_path / "media.nl.md").read_text("utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "gisteren")
    with pytest.raises(ConfigError, match="SOURCE_DATE_EPOCH"):
        run_batch(seed_settings, ["media"], out_dir=tmp_path, jobs=1)


def test_corpus_date_is_the_newest_document(seed_store: Path) -> None:
    with Store.open(seed_store, readonly=True) as store:
        assert corpus_date(store) == date(2024, 4, 26)


def test_workers_write_what_one_process_writes(
    seed_settings: Settings,
    first_run: tuple[BatchReport, Path, list[tuple[int, int]]],
    tmp_path: Path,
) -> None:
    _, out, _ = first_run
    themes = ["onderwijs", "energie", "media"]
    report = run_batch(seed_settings, themes, out_dir=tmp_path, jobs=2)
    assert [r.status for r in report.results] == ["written"] * 3
    for name in (f"{t}.nl.{fmt}" for t in themes for fmt in ("md", "docx")):
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_both_languages_and_json(seed_settings: Settings, tmp_path: Path) -> None:
    report = run_batch(
        seed_settings, ["energie"], out_dir=tmp_path, formats=["json", "md"], langs=["nl", "en"]
    )
    assert report.results[0].files == (
        "energie.nl.md",
        "energie.nl.json",
        "energie.en.md",
        "energie.en.json",
    )
    assert json.loads((tmp_path / "energie.en.json").read_text("utf-8"))["lang"] == "en"
    assert (tmp_path / "energie.en.md").read_text("utf-8").startswith("# Briefing: Energy\n")
    assert (tmp_path / INDEX).read_text("utf-8").startswith("# Briefings per thema\n")


def _broken_energie(seed_settings: Settings, tmp_path: Path) -> Path:
    """A config whose theme file's "energie" entry lacks its English name."""
    themes = tmp_path / "mijn-themas.toml"
    themes.write_text(
        '[[theme]]\nslug = "energie"\nname_nl = "Energie"\nkeywords = ["energie"]\n',
        encoding="utf-8",
    )
    config = tmp_path / "briefgen.toml"
    corpus, store = seed_settings.corpus[0], seed_settings.store
    config.write_text(
        f'themes = ["{themes.name}"]\nstore = "{store}"\ncorpus = "{corpus}"\n', encoding="utf-8"
    )
    return config


def test_a_broken_theme_fails_alone(seed_settings: Settings, tmp_path: Path) -> None:
    """A user theme file whose "energie" entry lacks its English name: only energie fails."""
    config = _broken_energie(seed_settings, tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        ["batch", "energie", "media", "--config", str(config), "--out-dir", str(out)],
        catch_exceptions=False,
    )
    assert result.exit_code == 4
    assert "failed     energie: " in result.output and "'name_en' is missing" in result.output
    assert "written    media (2 files)" in result.output
    assert sorted(p.name for p in out.iterdir()) == [
        MANIFEST,
        INDEX,
        "media.nl.docx",
        "media.nl.md",
    ]
    index = (out / INDEX).read_text("utf-8")
    assert "## Mislukt" in index and "| energie | " in index
    settings = replace(seed_settings, theme_files=(tmp_path / "mijn-themas.toml",))
    again = run_batch(settings, ["energie", "media"], out_dir=out, jobs=1)
    assert [r.status for r in again.results] == ["failed", "unchanged"]


@pytest.mark.parametrize(
    ("formats", "langs", "message"),
    [(["pdf"], ["nl"], "unknown format 'pdf'"), (["md"], ["fr"], "unknown language 'fr'")],
)
def test_bad_options(
    seed_settings: Settings, tmp_path: Path, formats: list[str], langs: list[str], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        run_batch(seed_settings, out_dir=tmp_path, formats=formats, langs=langs)


# ------------------------------------------------------------------------ binder


@pytest.fixture(scope="module")
def binder_run(
    seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> tuple[BatchReport, Path]:
    """Three themes with content in the seeds, Dutch and English, Markdown and a binder."""
    out = tmp_path_factory.mktemp("binder") / "out"
    report = run_batch(
        seed_settings, BINDER_THEMES, out_dir=out, formats=["md"], langs=["nl", "en"], binder=True
    )
    return report, out


def _read(path: Path) -> docx.document.Document:
    return docx.Document(io.BytesIO(path.read_bytes()))


def _blocks(doc: docx.document.Document) -> list[tuple[str, str]]:
    """The body in reading order: (style, text) per paragraph, ("cell", text) per cell."""
    blocks: list[tuple[str, str]] = []
    for block in doc.iter_inner_content():
        if isinstance(block, Table):
            blocks += [("cell", c.text) for row in block.rows for c in row.cells]
        else:
            blocks.append((block.style.name if block.style else "", block.text))
    return blocks


def _chapters(doc: docx.document.Document) -> dict[str, list[tuple[str, str]]]:
    """Each chapter's blocks under its Heading 1, up to the next (or the closing line)."""
    chapters: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] | None = None
    for style, text in _blocks(doc)[:-1]:  # the last paragraph is the closing line
        if style == "Heading 1":
            current = chapters[text] = []
        elif current is not None:
            current.append((style, text))
    return chapters


def _as_chapter(single: docx.document.Document) -> list[tuple[str, str]]:
    """A theme's own .docx between its title and closing line, headings one level down.

    Without the lines the binder's title page states once: for whom, drawn up on.
    """
    down = {"Heading 1": "Heading 2", "Heading 2": "Heading 3"}
    blocks = _blocks(single)
    assert [text.split(":")[0] for _, text in blocks[1:3]] in (
        ["Voor", "Opgesteld op"],
        ["For", "Drawn up on"],
    )
    return [(down.get(style, style), text) for style, text in blocks[3:-1]]


def test_the_binder_holds_every_theme_as_a_chapter(binder_run: tuple[BatchReport, Path]) -> None:
    report, out = binder_run
    assert report.binder_status == "written"
    assert report.binder_files == ("binder.en.docx", "binder.nl.docx")
    assert [r.status for r in report.results] == ["written"] * 3
    # --binder implies Word: each theme's own .docx is there to compare with
    assert {p.name for p in out.iterdir()} == {
        f"{t}.{lang}.{fmt}"
        for t in BINDER_THEMES
        for lang in ("nl", "en")
        for fmt in ("md", "docx")
    } | {INDEX, MANIFEST, "binder.nl.docx", "binder.en.docx"}
    binder = _read(out / "binder.nl.docx")
    paragraphs = [(p.style.name if p.style else "", p.text) for p in binder.paragraphs]
    assert paragraphs[:8] == [
        ("Title", "Briefings per thema"),
        ("Normal", "Voor: niet vermeld"),
        ("Normal", "Opgesteld op: 26 april 2024"),
        ("Normal", "Thema's:"),
        ("Normal", "• Onderwijs"),
        ("Normal", "• Taal en cultuur"),
        ("Normal", "• Energie"),
        ("TOC Heading", "Inhoudsopgave"),
    ]
    assert "F9" in paragraphs[9][1] and "Veld bijwerken" in paragraphs[9][1]
    fields = [t.text for t in binder.element.body.iter(qn("w:instrText"))]
    assert any(f.strip().startswith('TOC \\o "1-2" \\h') for f in fields)
    assert binder.settings.element.find(qn("w:updateFields")) is not None
    footer = binder.sections[0].footer.paragraphs[0]
    assert footer.text.startswith("Briefings per thema — Pagina ")
    assert any("PAGE" in (t.text or "") for t in footer._p.iter(qn("w:instrText")))

    chapters = _chapters(binder)
    assert list(chapters) == ["Onderwijs", "Taal en cultuur", "Energie"]
    headings = [p for p in binder.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert all(h.paragraph_format.page_break_before for h in headings)
    for slug, chapter in zip(BINDER_THEMES, chapters.values(), strict=True):
        single = _as_chapter(_read(out / f"{slug}.nl.docx"))
        quotes = [t for style, t in single if style in ("Quote", "List Number") and "“" in t]
        assert quotes and all(" [" in text for text in quotes)  # each with its citation
        assert chapter == single, slug  # every quote, citation, table and heading, verbatim


def test_the_binders_links_stay_in_their_chapter(binder_run: tuple[BatchReport, Path]) -> None:
    _, out = binder_run
    body = _read(out / "binder.nl.docx").element.body
    anchors: list[set[str]] = []  # per chapter: where its citations link to
    bookmarks: list[list[str]] = []  # per chapter: its bookmarks' names
    ids = [b.get(qn("w:id")) for b in body.iter(qn("w:bookmarkStart"))]
    for child in body:
        style = child.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is not None and style.get(qn("w:val")) == "Heading1":
            anchors.append(set())
            bookmarks.append([])
        if anchors:
            anchors[-1] |= {h.get(qn("w:anchor")) for h in child.iter(qn("w:hyperlink"))}
            bookmarks[-1] += [b.get(qn("w:name")) for b in child.iter(qn("w:bookmarkStart"))]
    assert len(anchors) == 3
    names = [name for chapter in bookmarks for name in chapter]
    assert len(names) == len(set(names)) and len(ids) == len(set(ids)) == len(names)
    for links, marks in zip(anchors, bookmarks, strict=True):
        assert links and links <= set(marks)  # each citation reaches its own chapter's source
    assert not anchors[0] & anchors[1] and not anchors[1] & anchors[2]


def test_the_english_binder_has_english_fixed_texts(binder_run: tuple[BatchReport, Path]) -> None:
    _, out = binder_run
    binder = _read(out / "binder.en.docx")
    texts = [p.text for p in binder.paragraphs]
    assert texts[:4] == [
        "Briefings by theme",
        "For: not stated",
        "Drawn up on: 26 April 2024",
        "Themes:",
    ]
    assert "Contents" in texts and any(t.startswith("Word fills in the table") for t in texts)
    assert list(_chapters(binder)) == ["Education", "Language and culture", "Energy"]
    assert _chapters(binder)["Energy"] == _as_chapter(_read(out / "energie.en.docx"))
    assert any("” (NL) [" in t for t in texts)  # quotes stay Dutch, marked
    assert binder.core_properties.title == "Briefings by theme"


def test_the_index_links_the_binders(binder_run: tuple[BatchReport, Path]) -> None:
    _, out = binder_run
    index = (out / INDEX).read_text("utf-8")
    assert (
        "- **Bundel (alle thema's in één Word-bestand):** "
        "[binder.en.docx](binder.en.docx) · [binder.nl.docx](binder.nl.docx)\n\n| Thema |"
    ) in index


def test_a_binder_rerun_rewrites_nothing_and_force_gives_the_same_bytes(
    seed_settings: Settings,
    binder_run: tuple[BatchReport, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, out = binder_run
    before = _snapshot(out)
    batch = partial(
        run_batch, seed_settings, BINDER_THEMES, formats=["md"], langs=["nl", "en"], binder=True
    )
    with monkeypatch.context() as patch:  # an unchanged rerun does not even build the binder
        patch.setattr("briefgen.batch._binders", lambda *args: pytest.fail("binder rebuilt"))
        again = batch(out_dir=out, jobs=1)
    assert again.binder_status == "unchanged"
    assert again.binder_files == ("binder.en.docx", "binder.nl.docx")
    assert {r.status for r in again.results} == {"unchanged"}
    assert _snapshot(out) == before
    forced = batch(out_dir=out, jobs=1, force=True)
    assert forced.binder_status == "unchanged"
    assert _snapshot(out) == before
    # built afresh elsewhere, in this process rather than in workers: the same bytes
    assert batch(out_dir=tmp_path, jobs=1).binder_status == "written"
    for name in ("binder.nl.docx", "binder.en.docx"):
        assert (tmp_path / name).read_bytes() == before[name][0], name
    # a binder that went missing is written again; its themes' files are left alone
    (tmp_path / "binder.nl.docx").unlink()
    kept = _snapshot(tmp_path)
    rebuilt = batch(out_dir=tmp_path, jobs=1)
    assert rebuilt.binder_status == "written"
    assert {r.status for r in rebuilt.results} == {"unchanged"}
    assert (tmp_path / "binder.nl.docx").read_bytes() == before["binder.nl.docx"][0]
    assert {n: v for n, v in _snapshot(tmp_path).items() if n != "binder.nl.docx"} == kept


def test_a_failed_theme_is_on_the_binders_title_page(
    seed_settings: Settings, tmp_path: Path
) -> None:
    config = _broken_energie(seed_settings, tmp_path)
    out = tmp_path / "out"
    args = ["batch", "onderwijs", "energie", "media", "--config", str(config)]
    result = CliRunner().invoke(
        cli, [*args, "--out-dir", str(out), "--binder", "-j", "1"], catch_exceptions=False
    )
    assert result.exit_code == 4
    assert "binder written" in result.output
    binder = _read(out / "binder.nl.docx")
    lines = [p.text for p in binder.paragraphs[4:7]]
    assert lines[0] == "• Onderwijs" and lines[2] == "• Media"
    assert lines[1].startswith("• energie — mislukt: ") and "'name_en' is missing" in lines[1]
    assert list(_chapters(binder)) == ["Onderwijs", "Media"]
    again = CliRunner().invoke(
        cli, [*args, "--out-dir", str(out), "--binder", "-j", "1"], catch_exceptions=False
    )
    assert again.exit_code == 4 and "binder unchanged" in again.output
