"""The ``briefgen`` command: click only. Each command makes one library call.

Library errors (``BriefgenError``) become one line on standard error and the error's
exit code; tracebacks only with ``-v``. Heavy libraries are imported inside commands
so that ``briefgen --help`` stays fast.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from briefgen import __version__
from briefgen.errors import BriefgenError, ExitCode

if TYPE_CHECKING:
    from briefgen.models import QuestionLayout

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger("briefgen")

FORMATS = ("md", "docx", "json")


class DefaultGroup(click.Group):
    """A group whose first argument, if it is no command, is a theme for ``brief``."""

    default_command = "brief"

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = [self.default_command, *args]
        return super().resolve_command(ctx, args)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, "[OPTIONS] THEME --out FILE | COMMAND [ARGS]...")


def _verbosity(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """-v/-q given after the command name, as users type them, work as before it."""
    if value and param.name:
        ctx.meta[param.name] = True
        logging.getLogger().setLevel(logging.DEBUG if param.name == "verbose" else logging.ERROR)


def corpus_options(func: F) -> F:
    """--corpus, --store, --config and -v/-q, shared by every command that reads a corpus."""
    for flag, name, text in (
        ("-q", "quiet", "Only errors on standard error."),
        ("-v", "verbose", "Debug log and tracebacks on standard error."),
    ):
        func = click.option(
            flag,
            f"--{name}",
            name,
            is_flag=True,
            expose_value=False,
            is_eager=True,
            callback=_verbosity,
            help=text,
        )(func)
    func = click.option(
        "--config",
        "config",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Config file (default: ./briefgen.toml, then the user config folder).",
    )(func)
    func = click.option(
        "--store",
        type=click.Path(file_okay=False, path_type=Path),
        help="Store folder (default: one per corpus in the user cache folder).",
    )(func)
    func = click.option(
        "--corpus",
        multiple=True,
        type=click.Path(path_type=Path),
        help="Corpus file or folder; repeatable (default: the bundled seeds/).",
    )(func)
    return func


def _settings(corpus: tuple[Path, ...], store: Path | None, config: Path | None) -> Any:
    from briefgen.config import load_settings

    return load_settings(corpus=corpus, store=store, config=config)


def _progress(quiet: bool, desc: str) -> Callable[[int, int], None] | None:
    """A progress bar on standard error, only when it is a terminal."""
    if quiet or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    bar: list[Any] = []

    def update(done: int, total: int) -> None:
        if not bar:
            bar.append(tqdm(total=total, desc=desc, unit="file", file=sys.stderr, leave=False))
        bar[0].n = done
        bar[0].refresh()
        if done >= total:
            bar[0].close()

    return update


def _is_quiet() -> bool:
    ctx = click.get_current_context()
    return bool(ctx.find_root().params.get("quiet") or ctx.meta.get("quiet"))


def _echo_err(message: str) -> None:
    if not _is_quiet():
        click.echo(message, err=True)


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefgen")
@click.option("-v", "--verbose", is_flag=True, help="Debug log and tracebacks on standard error.")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on standard error.")
def cli(verbose: bool, quiet: bool) -> None:
    """Cited, structured briefings from Dutch-language government documents.

    \b
    Examples:
      briefgen onderwijs --out output/onderwijs.docx
      briefgen "Einstein Telescoop" --out - --format md
      briefgen search lerarentekort
      briefgen ingest ~/dossiers --prune
    """
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.WARNING
    logging.basicConfig(level=level, format="briefgen: %(levelname)s: %(message)s")


# ---------------------------------------------------------------------------- ingest


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@corpus_options
@click.option("--prune", is_flag=True, help="Remove documents whose file is gone.")
@click.option("--force", is_flag=True, help="Re-read files even when unchanged.")
@click.option(
    "--rebuild",
    is_flag=True,
    help="Build a new store from the files; it replaces the old one when complete.",
)
@click.option("-j", "--jobs", type=click.IntRange(1, 64), help="Worker processes (default: cores).")
@click.option(
    "--wait",
    type=click.FloatRange(0),
    default=30.0,
    show_default=True,
    help="Seconds to wait for another ingest writing to the same store.",
)
@click.option("--json", "as_json", is_flag=True, help="Per-file results as JSON.")
def ingest(
    paths: tuple[Path, ...],
    corpus: tuple[Path, ...],
    store: Path | None,
    config: Path | None,
    prune: bool,
    force: bool,
    rebuild: bool,
    jobs: int | None,
    wait: float,
    as_json: bool,
) -> None:
    """Read documents into the store: added / updated / unchanged / failed per file.

    PATHS are files or folders (walked recursively); without PATHS the configured
    corpus is ingested. Exit status 0 when every file was read, 4 when some failed.

    \b
    Example:
      briefgen ingest seeds/ ~/Downloads/kamervragen --prune
    """
    from briefgen import api

    settings = _settings(paths or corpus, store, config)
    report = api.ingest(
        settings,
        jobs=jobs,
        prune=prune,
        force=force,
        rebuild=rebuild,
        progress=_progress(_is_quiet(), "ingest"),
        lock_timeout=wait,
    )
    if as_json:
        rows = [
            {"path": r.path, "outcome": r.outcome, "reason": r.reason, "passages": r.passages}
            for r in report.results
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for r in report.results:
            if r.outcome == "failed":
                click.echo(f"failed     {r.line()}")
            elif not _is_quiet():
                extra = f" ({r.passages} passages)" if r.passages else ""
                click.echo(f"{r.outcome:<10} {r.path}{extra}")
    summary = ", ".join(
        f"{report.count(o)} {o}"
        for o in ("added", "updated", "unchanged", "removed", "failed")
        if report.count(o)
    )
    _echo_err(f"store {settings.store}: {summary or 'no files'}")
    if report.failed:
        sys.exit(ExitCode.PARTIAL)


# ---------------------------------------------------------------------------- search


@cli.command()
@click.argument("query")
@corpus_options
@click.option("-n", "--limit", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="Results as JSON.")
def search(
    query: str,
    corpus: tuple[Path, ...],
    store: Path | None,
    config: Path | None,
    limit: int,
    as_json: bool,
) -> None:
    """Ranked passages for QUERY (words, or "a phrase" in double quotes).

    \b
    Example:
      briefgen search lerarentekort
      briefgen search '"Einstein Telescoop" kandidatuur' --json
    """
    from briefgen import api

    hits = api.search(_settings(corpus, store, config), query, limit=limit)
    if as_json:
        click.echo(json.dumps([h.as_dict() for h in hits], ensure_ascii=False, indent=2))
        return
    if not hits:
        _echo_err(f"no passages match {query!r}")
        return
    for n, hit in enumerate(hits, 1):
        click.echo(f"{n}. {hit.heading_line()}")
        click.echo(f"   {hit.snippet}")


# ------------------------------------------------------------------------------ docs


@cli.command()
@corpus_options
@click.option("--json", "as_json", is_flag=True, help="Documents as JSON.")
def docs(corpus: tuple[Path, ...], store: Path | None, config: Path | None, as_json: bool) -> None:
    """List the documents of the corpus with their metadata.

    \b
    Example:
      briefgen docs --json
    """
    from briefgen import api
    from briefgen.models import cited_number

    rows = api.document_rows(_settings(corpus, store, config))
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        number = " " + cited_number(row["number"], "nr.") if row.get("number") else ""
        when = row.get("date") or "date unknown"
        click.echo(f"{row['doc_type']}{number} · {when} · {row['title']} [{row['path']}]")


# ---------------------------------------------------------------------------- themes


@cli.command()
@click.option("--config", "config", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="The catalogue as JSON.")
def themes(config: Path | None, as_json: bool) -> None:
    """List the themes a briefing can be made for (slug, names, aliases).

    \b
    Example:
      briefgen themes
    """
    from briefgen import api

    rows = api.theme_rows(_settings((), None, config))
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        aliases = f"  (= {', '.join(row['aliases'])})" if row["aliases"] else ""
        click.echo(f"{row['slug']:<32} {row['name_nl']} / {row['name_en']}{aliases}")


# ----------------------------------------------------------------------------- brief


def _lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A language with a catalogue; checked here so a typo is a usage error (exit 2)."""
    from briefgen.render.i18n import available_languages

    if value is not None and value not in available_languages():
        choices = ", ".join(available_languages())
        raise click.BadParameter(f"{value!r} is not one of {choices}", ctx, param)
    return value


def output_options(func: F) -> F:
    """Options shared by the commands that write a document."""
    for option in reversed(
        [
            click.option(
                "-o",
                "--out",
                type=str,
                default="-",
                show_default=True,
                help="Output file; its extension picks the format. '-' writes to stdout.",
            ),
            click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), help="Format."),
            click.option(
                "--lang", callback=_lang, help="Language: nl (default), en, or any catalogue's."
            ),
            click.option("--locale", help="Babel locale for dates and amounts (nl_BE)."),
            click.option(
                "--templates",
                type=click.Path(file_okay=False, exists=True, path_type=Path),
                help="Folder with your own Jinja2 templates (falls back to the defaults).",
            ),
            click.option(
                "--template",
                "docx_template",
                type=click.Path(dir_okay=False, exists=True, path_type=Path),
                help="House-style .docx whose styles, headers and footers are used.",
            ),
        ]
    ):
        func = option(func)
    return func


def _date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value if len(value) > 4 else f"{value}-01-01")
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD or YYYY)") from exc


@cli.command()
@click.argument("subject")
@corpus_options
@output_options
@click.option("--since", help="Only material dated on or after (YYYY-MM-DD or YYYY).")
@click.option("--until", help="Only material dated on or before (YYYY-MM-DD or YYYY).")
@click.option("--for", "audience", help="For whom the briefing is (title block).")
@click.option("--explain", is_flag=True, help="Show why each item is in its section.")
@click.option(
    "--meeting",
    help='Only what concerns one past meeting, e.g. "Top 2023" (see: briefgen meetings).',
)
def brief(
    subject: str,
    corpus: tuple[Path, ...],
    store: Path | None,
    config: Path | None,
    out: str,
    fmt: str | None,
    lang: str | None,
    locale: str | None,
    templates: Path | None,
    docx_template: Path | None,
    since: str | None,
    until: str | None,
    audience: str | None,
    explain: bool,
    meeting: str | None,
) -> None:
    """Write a cited briefing on a theme (or a free-text query).

    The default command: `briefgen onderwijs` is `briefgen brief onderwijs`.

    \b
    Examples:
      briefgen onderwijs --out output/onderwijs.docx
      briefgen education --lang en --out brief.md
      briefgen "Einstein Telescoop" --format json --out -
      briefgen onderwijs --since 2020 --explain --out -
      briefgen onderwijs --meeting "Top 2023" --out -
    """
    from briefgen import api

    settings = _settings(corpus, store, config)
    request = api.BriefRequest(
        subject=subject,
        lang=lang or settings.lang,
        locale=locale,
        since=_date(since),
        until=_date(until),
        audience=audience or settings.audience,
        explain=explain,
        meeting=meeting,
    )
    written = api.write_briefing(
        settings,
        request,
        out=out,
        fmt=fmt,
        templates=templates or settings.templates,
        docx_template=docx_template,
        stdout=sys.stdout.buffer,
    )
    if written is not None:
        _echo_err(f"wrote {written}")


# ---------------------------------------------------------------------------- answer

_LAYOUTS: dict[str, QuestionLayout] = {"flemish": "flemish", "tweede-kamer": "tweede_kamer"}


@cli.command()
@click.argument("question", type=str)
@corpus_options
@output_options
@click.option(
    "--layout",
    type=click.Choice(["flemish", "tweede-kamer"]),
    help="Lay the answer out as the Flemish Parliament or the Tweede Kamer publishes "
    "answers (default: as the question is laid out; a plain list: flemish).",
)
def answer(
    question: str,
    corpus: tuple[Path, ...],
    store: Path | None,
    config: Path | None,
    out: str,
    fmt: str | None,
    lang: str | None,
    locale: str | None,
    templates: Path | None,
    docx_template: Path | None,
    layout: str | None,
) -> None:
    """Draft the answer to a parliamentary question from the corpus.

    QUESTION is a file (.txt, .md, .docx, .pdf) holding a written question (number,
    asker, date, addressee, introduction, numbered sub-questions), or '-' to read a
    numbered list of questions from standard input. Each answer quotes and cites
    earlier documents; what the corpus cannot answer is marked
    '[Geen informatie gevonden in het corpus: aan te vullen]'. The question's own
    document in the corpus is never used. A Tweede Kamer question (Kamervragen) is
    answered in the Tweede Kamer's layout (Vraag 1 / Antwoord 1), any other in the
    Flemish Parliament's (ANTWOORD, 1., 2.); --layout chooses.

    \b
    Examples:
      briefgen answer vraag.pdf --out antwoord.docx
      briefgen answer vraag.txt --format json --out -
      briefgen answer vragen.txt --layout tweede-kamer --out antwoord.docx
      printf '1. Wat is de Taalunie?\\n' | briefgen answer - --out -
    """
    from briefgen import api

    settings = _settings(corpus, store, config)
    request = api.AnswerRequest(
        path=None if question == "-" else Path(question),
        text=sys.stdin.read() if question == "-" else None,
        lang=lang or settings.lang,
        locale=locale,
        layout=_LAYOUTS[layout] if layout else None,
    )
    written = api.write_answer(
        settings,
        request,
        out=out,
        fmt=fmt,
        templates=templates or settings.templates,
        docx_template=docx_template,
        stdout=sys.stdout.buffer,
    )
    if written is not None:
        _echo_err(f"wrote {written}")


# --------------------------------------------------------------------------- meeting


@cli.command()
@click.argument("meeting_file", type=click.Path(dir_okay=False, path_type=Path))
@corpus_options
@output_options
@click.option("--for", "audience", help="For whom the briefing is (default: the file's 'for').")
@click.option("--explain", is_flag=True, help="Show why each item is where it is.")
def meeting(
    meeting_file: Path,
    corpus: tuple[Path, ...],
    store: Path | None,
    config: Path | None,
    out: str,
    fmt: str | None,
    lang: str | None,
    locale: str | None,
    templates: Path | None,
    docx_template: Path | None,
    audience: str | None,
    explain: bool,
) -> None:
    """Write the briefing for a meeting described in a TOML file.

    The file gives the meeting's title, date, place, participants and agenda points
    (each a theme or a free-text query, with an optional note). The briefing has a
    section per agenda point, the earlier meetings of the same kind found in the
    corpus with what was agreed there, and the follow-up of their commitments.

    \b
    Examples:
      briefgen meeting examples/meeting-top-2025.toml --out top.docx
      briefgen meeting examples/meeting-top-2025.toml --lang en --out -
    """
    from briefgen import api

    settings = _settings(corpus, store, config)
    written = api.write_meeting(
        settings,
        meeting_file,
        out=out,
        fmt=fmt,
        lang=lang or settings.lang,
        locale=locale,
        audience=audience,
        templates=templates or settings.templates,
        docx_template=docx_template,
        explain=explain,
        stdout=sys.stdout.buffer,
    )
    if written is not None:
        _echo_err(f"wrote {written}")


@cli.command()
@corpus_options
@click.option("--json", "as_json", is_flag=True, help="Meetings as JSON.")
def meetings(
    corpus: tuple[Path, ...], store: Path | None, config: Path | None, as_json: bool
) -> None:
    """List the meetings the corpus speaks of (the names --meeting accepts).

    \b
    Example:
      briefgen meetings
    """
    from briefgen import api

    rows = api.meeting_rows(_settings(corpus, store, config))
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        where = f", {row['place']}" if row["place"] else ""
        when = row["date"] or "date unknown"
        click.echo(f"{row['name']:<18} {row['series_name']}{where} · {when}")


# ----------------------------------------------------------------------------- batch


def _comma_list(value: str) -> list[str]:
    return [v for v in value.replace(" ", ",").split(",") if v]


@cli.command()
@click.argument("themes", nargs=-1)
@corpus_options
@click.option(
    "--out-dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the files and index.md (created if missing).",
)
@click.option(
    "--format",
    "formats",
    default="docx,md",
    show_default=True,
    help="Formats, comma-separated: md, docx, json.",
)
@click.option("--lang", "langs", help="Languages, comma-separated (default: nl).")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), help="Worker processes (default: cores).")
@click.option("--force", is_flag=True, help="Rebuild every theme, even when nothing changed.")
@click.option(
    "--templates",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Folder with your own Jinja2 templates (falls back to the defaults).",
)
@click.option(
    "--template",
    "docx_template",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="House-style .docx whose styles, headers and footers are used.",
)
@click.option(
    "--binder",
    is_flag=True,
    help="Also write binder.<lang>.docx: every theme as a chapter of one Word file (implies docx).",
)
def batch(
    themes: tuple[str, ...],
    corpus: tuple[Path, ...],
    store: Path | None,
    config: Path | None,
    out_dir: Path,
    formats: str,
    langs: str | None,
    jobs: int | None,
    force: bool,
    templates: Path | None,
    docx_template: Path | None,
    binder: bool,
) -> None:
    """Write a briefing for every theme (or the THEMES named), and an index.

    One file per theme, format and language (onderwijs.nl.docx, ...) plus index.md;
    with --binder also binder.nl.docx, all themes in one Word file for printing.
    A rerun over an unchanged corpus rewrites nothing. A theme that fails is listed
    with its reason and the others are still written; the exit status is then 4.

    \b
    Examples:
      briefgen batch --out-dir output/
      briefgen batch onderwijs energie --out-dir output/ --format docx,md,json --lang nl,en
      briefgen batch --out-dir output/ --binder
    """
    import time

    from briefgen import api

    settings = _settings(corpus, store, config)
    started = time.perf_counter()
    report = api.run_batch(
        settings,
        themes,
        out_dir=out_dir,
        formats=_comma_list(formats),
        langs=_comma_list(langs) if langs else [settings.lang],
        jobs=jobs,
        force=force,
        templates=templates or settings.templates,
        docx_template=docx_template,
        binder=binder,
        progress=_progress(_is_quiet(), "batch"),
    )
    for r in report.results:
        if r.status == "failed":
            click.echo(f"failed     {r.subject}: {r.reason}")
        elif not _is_quiet():
            click.echo(f"{r.status:<10} {r.subject} ({len(r.files)} files)")
    summary = ", ".join(
        f"{report.count(s)} {s}" for s in ("written", "unchanged", "failed") if report.count(s)
    )
    seconds = time.perf_counter() - started
    binder_status = f"; binder {report.binder_status}" if report.binder_status else ""
    _echo_err(
        f"batch {out_dir}: {len(report.results)} themes: {summary}; "
        f"index {report.index_status}{binder_status} ({seconds:.1f} s)"
    )
    if report.failed:
        sys.exit(ExitCode.PARTIAL)


def main() -> None:
    """Entry point: run the CLI, turning library errors into one line and an exit code."""
    verbose = "-v" in sys.argv[1:] or "--verbose" in sys.argv[1:]
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("briefgen: aborted", err=True)
        sys.exit(ExitCode.FAILURE)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except BriefgenError as exc:
        if verbose:
            log.exception("error")
        click.echo(f"briefgen: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("briefgen: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:
        if verbose:
            raise
        message = " ".join(str(exc).split())
        click.echo(
            f"briefgen: internal error: {type(exc).__name__}: {message} (rerun with -v)", err=True
        )
        sys.exit(ExitCode.FAILURE)
