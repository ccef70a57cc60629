"""The command line on the seeds: what an official types, and what they get back."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.cli import cli
from briefgen.errors import ExitCode

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def run(seed_store: Path) -> object:
    """Invoke the CLI against the prebuilt seed store."""

    def invoke(*args: str, input: str | None = None) -> object:
        runner = CliRunner()
        argv = list(args)
        if argv and argv[0] not in {"themes"}:
            argv += ["--store", str(seed_store)]
        return runner.invoke(cli, argv, input=input, catch_exceptions=False)

    return invoke


def _briefgen(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed entry point as a user would (real exit codes, real stderr)."""
    return subprocess.run(
        [sys.executable, "-m", "briefgen", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_every_command_has_help_with_an_example() -> None:
    runner = CliRunner()
    for name, command in cli.commands.items():
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example" in result.output, f"{name} --help has no example"
        assert "\\b" not in result.output, f"{name} --help shows click's \\b marker"
        assert command.help
        prose = result.output.split("Example")[0].splitlines()[2:]
        # click rewraps the prose to its margin: no line indented deeper, no gaps in it
        assert all(not line.strip() or re.match(r"  \S", line) for line in prose), name
        assert not any(re.search(r"\S {3,}\S", line) for line in prose), name


def test_version() -> None:
    from briefgen import __version__

    assert __version__ in CliRunner().invoke(cli, ["--version"]).output


def test_search_ranks_the_taskforce_passage_first(run: object) -> None:
    result = run("search", "lerarentekort", "--json")  # type: ignore[operator]
    hits = json.loads(result.output)
    assert "Middelburg" in hits[0]["title"]
    assert "taskforce" in hits[0]["text"]
    assert "**lerarentekort**" in hits[0]["snippet"]


def test_search_finds_the_excellentiefonds(run: object) -> None:
    hits = json.loads(run("search", "excellentiefonds", "--json").output)  # type: ignore[operator]
    assert any("1,5 miljoen euro" in h["text"] and h["number"] == "319" for h in hits)


def test_docs_metadata_of_the_written_questions(run: object) -> None:
    rows = json.loads(run("docs", "--json").output)  # type: ignore[operator]
    questions = {r["number"]: r for r in rows if r["doc_type"] == "written_question"}
    assert set(questions) == {"319", "385", "218"}
    assert (questions["319"]["question_date"], questions["319"]["asker"]) == (
        "2023-02-02",
        "Kristof Slagmulder",
    )
    assert questions["385"]["question_date"] == "2024-04-26"
    assert questions["218"]["question_date"] == "2015-01-29"
    assert questions["319"]["addressee"] == questions["385"]["addressee"] == "Ben Weyts"
    assert questions["218"]["addressee"] == "Hilde Crevits"
    assert questions["385"]["links"]["pdf"].startswith("https://docs.vlaamsparlement.be/")
    assert all(r["passages"] > 0 for r in rows)


def test_themes_lists_the_catalogue() -> None:
    out = CliRunner().invoke(cli, ["themes"]).output
    for slug in ("onderwijs", "energie", "scheepvaart-en-havens", "stikstof-en-landbouw"):
        assert slug in out


# ------------------------------------------------------------------ the briefing


@pytest.fixture(scope="module")
def onderwijs(run: object) -> dict[str, object]:
    result = run("onderwijs", "--format", "json", "--out", "-")  # type: ignore[operator]
    data: dict[str, object] = json.loads(result.output)
    return data


def _items(data: dict[str, object], key: str | None = None) -> list[dict[str, object]]:
    sections = data["sections"]
    assert isinstance(sections, list)
    return [it for s in sections if key in (None, s["key"]) for it in s["items"]]


def _all_text(data: dict[str, object]) -> str:
    return " ".join(str(it["label"]) + " " + str(it["text"]) for it in _items(data))


def test_onderwijs_json_validates_against_the_schema(onderwijs: dict[str, object]) -> None:
    import jsonschema

    schema = json.loads((ROOT / "briefgen" / "schema" / "briefing.schema.json").read_text())
    jsonschema.validate(onderwijs, schema)
    assert [s["key"] for s in onderwijs["sections"]] == [  # type: ignore[attr-defined]
        "background",
        "commitments",
        "open_points",
    ]


def test_onderwijs_holds_the_education_material_of_all_five_seeds(
    onderwijs: dict[str, object],
) -> None:
    text = _all_text(onderwijs)
    cited = {
        ref["document_id"]
        for it in _items(onderwijs)
        for ref in it["sources"]  # type: ignore[attr-defined]
    }
    assert len(cited) == 5
    for needle in (
        "Taalunie",
        "2.428.000 euro",  # NVAO budget
        "AgODi",
        "onderwijsinspectie",
        "KlasCement",
        "taskforce",  # the 2018 teachers' shortage taskforce
        "€ 3,33 miljoen euro",  # Dutch-language schools abroad, per year
        "basisvaardigheden, lerarenstrategie, digitalisering",  # the four challenges
        "Excellentiefonds van ongeveer 1,5",
        "700.000 euro",  # TSI
    ):
        assert needle in text, needle
    open_points = " ".join(str(it["text"]) for it in _items(onderwijs, "open_points"))
    assert "nog geen concrete afspraken" in open_points and "derde" in open_points
    for off_topic in ("PFAS", "stikstof", "drugs", "North Sea Port", "haven"):
        assert off_topic not in text, off_topic


def test_every_item_is_a_verbatim_quote_of_its_source(
    onderwijs: dict[str, object], seed_store: Path
) -> None:
    from briefgen.store import Store

    with Store.open(seed_store, readonly=True) as store:
        for item in _items(onderwijs):
            ref = item["sources"][0]  # type: ignore[index]
            (passage,) = store.passages([ref["passage_id"]])
            assert str(item["text"]) in passage.text


def test_every_timeline_and_amount_quote_is_verbatim(
    onderwijs: dict[str, object], seed_store: Path
) -> None:
    """What goes between quotation marks in the tables is the source's text, no label."""
    from briefgen.store import Store

    rows = [(e["text"], e["source"]) for e in onderwijs["timeline"]]  # type: ignore[attr-defined]
    rows += [(a["what"], a["source"]) for a in onderwijs["amounts"]]  # type: ignore[attr-defined]
    labelled = [a for a in onderwijs["amounts"] if a["label"]]  # type: ignore[attr-defined]
    assert len(rows) > 10 and labelled  # the 2015 budget table's rows are among them
    with Store.open(seed_store, readonly=True) as store:
        for text, ref in rows:
            (passage,) = store.passages([ref["passage_id"]])
            assert text in passage.text, text


def test_kern_has_three_to_five_cited_points(onderwijs: dict[str, object]) -> None:
    kern = onderwijs["kern"]
    assert isinstance(kern, list) and 3 <= len(kern) <= 5
    assert all(k["sources"] for k in kern)


def test_markdown_in_dutch_and_english(run: object) -> None:
    nl = run("onderwijs", "--out", "-", "--format", "md").output  # type: ignore[operator]
    assert "## Eerdere engagementen" in nl and "## Openstaande punten" in nl
    assert "23 januari 2023" in nl and "€ 700.000" in nl
    en = run("onderwijs", "--lang", "en", "--out", "-", "--format", "md").output  # type: ignore[operator]
    assert "## Previous commitments" in en and "## Open points" in en
    assert "23 January 2023" in en and "€700,000" in en
    assert "(NL)" in en


def test_word_briefing_has_headings_tables_and_page_numbers(run: object, tmp_path: Path) -> None:
    import docx

    out = tmp_path / "nested" / "onderwijs.docx"
    result = run("onderwijs", "--out", str(out))  # type: ignore[operator]
    assert result.exit_code == 0 and out.is_file()
    document = docx.Document(str(out))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1"} <= styles
    assert len(document.tables) >= 3  # timeline, amounts, sources
    footer_xml = document.sections[0].footer._element.xml
    assert "PAGE" in footer_xml
    assert document.core_properties.title


def test_free_text_query(run: object) -> None:
    out = run('"Einstein Telescoop"', "--out", "-").output  # type: ignore[operator]
    assert "Einstein Telescoop" in out and "zwaartekrachtsgolven" in out
    assert "lerarentekort" not in out


def test_since_filters_by_date(run: object) -> None:
    data = json.loads(
        run("onderwijs", "--since", "2023", "--format", "json", "--out", "-").output  # type: ignore[operator]
    )
    dates = [ref["date"] for it in _items(data) for ref in it["sources"]]  # type: ignore[attr-defined]
    assert dates and all(d is None or d >= "2023-01-01" for d in dates)


# ------------------------------------------------------------------ bad input


def test_unknown_theme_names_the_closest(seed_store: Path) -> None:
    result = _briefgen("onderwjis", "--store", str(seed_store), "--out", "-")
    assert result.returncode == 5
    assert result.stderr.count("\n") == 1 and "onderwijs" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_unwritable_out_is_a_one_line_error(seed_store: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    result = _briefgen("onderwijs", "--store", str(seed_store), "--out", str(locked / "b.md"))
    assert result.returncode == 7 and result.stderr.count("\n") == 1
    assert list(locked.iterdir()) == []


def test_out_onto_a_folder_is_a_one_line_error(seed_store: Path, tmp_path: Path) -> None:
    result = _briefgen("onderwijs", "--store", str(seed_store), "--out", str(tmp_path))
    assert result.returncode != 0 and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_broken_house_template_is_a_one_line_error(seed_store: Path, tmp_path: Path) -> None:
    broken = tmp_path / "huisstijl.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    out = tmp_path / "b.docx"
    result = _briefgen(
        "onderwijs", "--store", str(seed_store), "--template", str(broken), "--out", str(out)
    )
    assert result.returncode == 8 and result.stderr.count("\n") == 1
    assert not out.exists()


def test_ingest_reports_each_file_and_exits_4_on_a_bad_one(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seed = ROOT / "seeds" / "000_vraag319_regeringstop_onderwijs_2023.txt"
    (corpus / seed.name).write_text(seed.read_text("utf-8"), "utf-8")
    (corpus / "kapot.pdf").write_bytes(b"%PDF-1.7 garbage")
    result = _briefgen("ingest", str(corpus), "--store", str(tmp_path / "store"))
    assert result.returncode == 4
    assert re.search(r"^added\s+000_", result.stdout, re.M)
    failed = re.search(r"^failed\s+kapot.pdf: (.*)$", result.stdout, re.M)
    assert failed and "kapot.pdf" not in failed[1] and "PDF" in failed[1]  # named once
    assert "Traceback" not in result.stderr


_HOLD_WRITE_LOCK = """
import sys, time
from pathlib import Path
from briefgen.store import Store
with Store.open(Path(sys.argv[1])) as store, store.writing():
    print("holding", flush=True)
    time.sleep(60)
"""


def test_a_writer_gives_up_after_wait_while_readers_go_on(tmp_path: Path) -> None:
    store = tmp_path / "store"
    common = ["--corpus", str(ROOT / "seeds"), "--store", str(store)]
    assert _briefgen("-q", "ingest", *common).returncode == 0
    hold = [sys.executable, "-c", _HOLD_WRITE_LOCK, str(store)]
    with subprocess.Popen(hold, stdout=subprocess.PIPE, text=True) as holder:
        try:
            assert holder.stdout and holder.stdout.readline() == "holding\n"
            started = time.monotonic()
            result = _briefgen("ingest", "--wait", "0.5", *common)
            assert 0.5 <= time.monotonic() - started < 30
            assert result.returncode == ExitCode.STORE
            (line,) = result.stderr.splitlines()
            assert "another briefgen process is writing to the store" in line
            assert "try again when it has finished" in line
            found = _briefgen("search", "taskforce", *common)  # a reader does not wait
            assert found.returncode == 0 and "taskforce" in found.stdout.lower()
        finally:
            holder.kill()
    assert _briefgen("-q", "ingest", "--wait", "5", *common).returncode == 0  # lock freed


def test_a_damaged_store_is_refused_and_rebuild_recovers_it(tmp_path: Path) -> None:
    store = tmp_path / "store"
    common = ["--corpus", str(ROOT / "seeds"), "--store", str(store)]
    assert _briefgen("-q", "ingest", *common).returncode == 0
    db = store / "store.sqlite3"
    data = bytearray(db.read_bytes())
    middle = len(data) // 2 // 4096 * 4096
    data[middle : middle + 4096] = bytes(range(256)) * 16  # one page overwritten
    db.write_bytes(bytes(data))
    refused = _briefgen("search", "taskforce", *common)
    assert refused.returncode == ExitCode.STORE and refused.stdout == ""
    (line,) = refused.stderr.splitlines()
    assert "is damaged" in line and "briefgen ingest --rebuild" in line
    rebuilt = _briefgen("-q", "ingest", "--rebuild", *common)
    assert rebuilt.returncode == 0, rebuilt.stderr
    found = _briefgen("search", "taskforce", *common)
    assert found.returncode == 0 and "Middelburg" in found.stdout


def test_quiet_and_verbose_also_after_the_command(tmp_path: Path) -> None:
    common = ["--corpus", str(ROOT / "seeds"), "--store", str(tmp_path / "store")]
    assert "store " in _briefgen("ingest", *common).stderr
    out = str(tmp_path / "b.md")
    for args in (["ingest", *common, "-q"], ["onderwijs", "--out", out, *common, "--quiet"]):
        quiet = _briefgen(*args)
        assert (quiet.returncode, quiet.stderr) == (0, ""), quiet.stderr
    fresh = ["--corpus", str(ROOT / "seeds"), "--store", str(tmp_path / "other")]
    loud = _briefgen("search", "taskforce", *fresh, "-v")
    assert loud.returncode == 0 and "INFO: created store" in loud.stderr


def test_readme_commands_are_what_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    commands = re.findall(r"```sh\n(python3 -m venv .+)\n```", readme)
    assert len(commands) == 2
    brief, tests = commands
    assert "briefgen onderwijs --out output/onderwijs.docx" in brief
    assert tests in (ROOT / ".ci" / "run").read_text("utf-8").splitlines()


def test_a_kamerstuk_from_its_xml_is_cited_by_its_own_number(tmp_path: Path) -> None:
    """An officielebekendmakingen download: the XML is read, its metadata record skipped."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in (
        "kst-32545-143.xml",
        "ah-tk-20202021-3235.xml",
        "ah-tk-20202021-3235_metadata_owms.xml",
    ):
        shutil.copy(ROOT / "tests" / "fixtures" / "realdocs" / name, corpus / name)
    common = ["--corpus", str(corpus), "--store", str(tmp_path / "store")]
    docs = _briefgen("docs", *common)
    assert docs.returncode == 0, docs.stderr
    assert docs.stdout.splitlines() == [
        "written_question nr. 3235 · 2021-06-21 · Vragen van de leden Van Weyenberg, Romke de"
        " Jong en Kat (allen D66) aan de Minister van Sociale Zaken en Werkgelegenheid over de"
        " TOZO [ah-tk-20202021-3235.xml]",
        "motion 32 545, nr. 143 · 2021-07-06 · MOTIE VAN DE LEDEN INGE VAN DIJK EN GRINWIS"
        " [kst-32545-143.xml]",
    ]
    brief = _briefgen("-q", "spaarrente", *common, "--out", "-")
    assert brief.returncode == 0, brief.stderr
    assert "(Motie 32 545, nr. 143, 6 juli 2021)" in brief.stdout
    assert "“overwegende dat voorkomen dient te worden dat de grens van negatieve spaarrente" in (
        brief.stdout
    )


def test_a_language_without_a_catalogue_is_a_usage_error() -> None:
    result = _briefgen("onderwijs", "--lang", "fr", "--out", "-")
    assert result.returncode == 2
    assert "Invalid value for '--lang': 'fr' is not one of en, nl" in result.stderr
    assert "Traceback" not in result.stderr
