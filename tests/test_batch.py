"""Batches: every theme in every format, an index, deterministic output, reruns, failures."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from briefgen.batch import INDEX, MANIFEST, BatchReport, corpus_date, run_batch
from briefgen.cli import cli
from briefgen.config import Settings
from briefgen.errors import ConfigError
from briefgen.store import Store
from briefgen.themes import load_catalogue

SLUGS = load_catalogue().slugs()


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


def test_a_broken_theme_fails_alone(seed_settings: Settings, tmp_path: Path) -> None:
    """A user theme file whose "energie" entry lacks its English name: only energie fails."""
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
    settings = replace(seed_settings, theme_files=(themes,))
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
