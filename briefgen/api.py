"""The library's front door: one call per command, for the CLI and for Python users.

Functions here raise ``BriefgenError`` subclasses and never print. Reading commands
first bring the store in line with the configured corpus (cheap when nothing changed:
a stat per file), so a fresh clone needs no set-up step.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import IO, Any

from briefgen.config import Settings, default_locale
from briefgen.errors import StoreLockedError
from briefgen.ingest import IngestReport
from briefgen.models import Briefing, QuestionLayout

log = logging.getLogger(__name__)


def ingest(
    settings: Settings,
    *,
    jobs: int | None = None,
    prune: bool = False,
    force: bool = False,
    rebuild: bool = False,
    progress: Callable[[int, int], None] | None = None,
    lock_timeout: float | None = None,
) -> IngestReport:
    """Ingest the corpus into the store; ``rebuild`` builds a new store from the corpus.

    ``lock_timeout``: seconds to wait for another writer (default: the store's own).
    """
    from briefgen import ingest as ingest_mod

    return ingest_mod.ingest(
        settings.corpus,
        settings.store,
        jobs=jobs,
        prune=prune,
        force=force,
        rebuild=rebuild,
        progress=progress,
        lock_timeout=lock_timeout,
    )


def refresh(settings: Settings) -> None:
    """Re-ingest changed corpus files before a read; a busy writer is not waited for."""
    from briefgen import ingest as ingest_mod

    try:
        report = ingest_mod.ingest(settings.corpus, settings.store, prune=True, lock_timeout=0.0)
    except StoreLockedError:
        log.info("another ingest is running; reading the store as it is")
        return
    for failed in report.failed:
        log.warning("%s", failed.line())


def open_store(settings: Settings) -> Any:
    """The store for reading, refreshed from the corpus first unless settings say not to.

    Not refreshing suits a large corpus kept current by a scheduled ``briefgen ingest``:
    the check stats every corpus file (about 0.15 s per 10,000 files).
    """
    from briefgen.store import Store

    if settings.refresh:
        refresh(settings)
    return Store.open(settings.store, readonly=True)


def search(settings: Settings, query: str, *, limit: int = 10) -> list[Any]:
    """Ranked passages for a free-text query."""
    with open_store(settings) as store:
        hits: list[Any] = store.search(query, limit=limit)
        return hits


def document_rows(settings: Settings) -> list[dict[str, Any]]:
    """The corpus documents with their metadata, as plain rows."""
    with open_store(settings) as store:
        rows = []
        counts = store.passage_counts()
        for doc in store.documents():
            m = doc.meta
            rows.append(
                {
                    "id": doc.id,
                    "path": doc.path,
                    "format": doc.fmt,
                    "doc_type": m.doc_type,
                    "title": m.title or doc.path,
                    "number": m.number,
                    "date": m.date.isoformat() if m.date else None,
                    "date_source": m.date_source,
                    "question_date": m.question_date.isoformat() if m.question_date else None,
                    "answer_date": m.answer_date.isoformat() if m.answer_date else None,
                    "asker": m.asker,
                    "addressee": m.addressee,
                    "theme_line": m.theme_line,
                    "links": dict(m.links),
                    "passages": counts.get(doc.id, 0),
                }
            )
        return rows


def theme_rows(settings: Settings) -> list[dict[str, Any]]:
    """The theme catalogue as plain rows."""
    from briefgen.themes import load_catalogue

    catalogue = load_catalogue(settings.theme_files)
    return [
        {"slug": t.slug, "name_nl": t.name_nl, "name_en": t.name_en, "aliases": list(t.aliases)}
        for t in catalogue.themes()
    ]


@dataclass(frozen=True, slots=True)
class BriefRequest:
    """What the user asked for: a theme or query, and how to present it."""

    subject: str
    lang: str = "nl"
    locale: str | None = None
    since: date | None = None
    until: date | None = None
    audience: str | None = None
    explain: bool = False
    meeting: str | None = None
    generated: date | None = None  # the date printed as "generated" (default: today)


def build_briefing(settings: Settings, request: BriefRequest) -> Briefing:
    """Select, classify and compose the briefing a request asks for."""
    from briefgen.select import topic_for
    from briefgen.themes import load_catalogue

    topic = topic_for(request.subject, load_catalogue(settings.theme_files), request.lang)
    with open_store(settings) as store:
        return briefing_from_store(store, topic, request)


def briefing_from_store(store: Any, topic: Any, request: BriefRequest) -> Briefing:
    """The briefing on ``topic`` from an open store (a batch opens it once for all themes).

    ``request.meeting`` keeps only what concerns that past meeting (``briefgen.meeting``).
    """
    from briefgen.compose import compose
    from briefgen.select import select, unanswered

    locale = request.locale or default_locale(request.lang)
    selected = select(store, topic, since=request.since, until=request.until)
    notes: list[str] = []
    if request.meeting:
        from briefgen.meeting import limit_to_meeting

        selected, note = limit_to_meeting(store, selected, request.meeting, request.lang, locale)
        notes.append(note)
    return compose(
        topic,
        selected,
        open_questions=unanswered(store, selected),
        lang=request.lang,
        locale=locale,
        generated=request.generated or date.today(),
        audience=request.audience,
        notes=notes,
    )


def write_briefing(
    settings: Settings,
    request: BriefRequest,
    *,
    out: str,
    fmt: str | None = None,
    templates: Path | None = None,
    docx_template: Path | None = None,
    stdout: IO[bytes] | None = None,
) -> Path | None:
    """Build the briefing and write it to ``out`` (a path, or ``-`` for stdout)."""
    from briefgen.render import format_for, render

    chosen = format_for(Path(out), fmt) if out != "-" or fmt else "md"
    briefing = build_briefing(settings, request)
    data = render(
        briefing,
        chosen,
        templates_dir=templates,
        docx_template=docx_template,
        explain=request.explain,
    )
    return write_output(data, out, stdout)


def write_output(data: bytes, out: str, stdout: IO[bytes] | None) -> Path | None:
    """Write to a file atomically, or to ``stdout`` for ``-``; the written path."""
    from briefgen.render import write_output as write_file

    if out == "-":
        if stdout is None:
            raise ValueError("stdout needed for '-'")
        stdout.write(data)
        stdout.flush()
        return None
    path = Path(out)
    write_file(data, path)
    return path


@dataclass(frozen=True, slots=True)
class AnswerRequest:
    """A question to draft the answer to: a file, or text (``briefgen answer -``)."""

    path: Path | None = None
    text: str | None = None  # used when path is None
    lang: str = "nl"
    locale: str | None = None
    generated: date | None = None  # the date printed in the draft banner (default: today)
    layout: QuestionLayout | None = None  # the answer's layout (default: the question's)


def build_answer(settings: Settings, request: AnswerRequest) -> Any:
    """Read the question and draft its answer from the corpus (an ``AnswerDraft``)."""
    from briefgen.answer import draft
    from briefgen.question import read_question, read_question_text

    if request.path is not None:
        question = read_question(request.path)
    else:
        question = read_question_text(request.text or "")
    if request.layout is not None:
        question = replace(question, layout=request.layout)
    with open_store(settings) as store:
        return draft(
            store,
            question,
            lang=request.lang,
            locale=request.locale or default_locale(request.lang),
            generated=request.generated,
        )


def write_answer(
    settings: Settings,
    request: AnswerRequest,
    *,
    out: str,
    fmt: str | None = None,
    templates: Path | None = None,
    docx_template: Path | None = None,
    stdout: IO[bytes] | None = None,
) -> Path | None:
    """Draft the answer and write it to ``out`` (a path, or ``-`` for stdout)."""
    from briefgen.render import format_for
    from briefgen.render.answer_word import render_answer

    chosen = format_for(Path(out), fmt) if out != "-" or fmt else "md"
    data = render_answer(
        build_answer(settings, request),
        chosen,
        templates_dir=templates,
        docx_template=docx_template,
    )
    return write_output(data, out, stdout)


def write_meeting(
    settings: Settings,
    meeting_file: Path,
    *,
    out: str,
    fmt: str | None = None,
    lang: str = "nl",
    locale: str | None = None,
    audience: str | None = None,
    templates: Path | None = None,
    docx_template: Path | None = None,
    explain: bool = False,
    generated: date | None = None,
    stdout: IO[bytes] | None = None,
) -> Path | None:
    """Build the briefing for a meeting file and write it to ``out`` (or ``-``)."""
    from briefgen.meeting import build_meeting, load_meeting_file, render_meeting
    from briefgen.render import format_for
    from briefgen.themes import load_catalogue

    spec = load_meeting_file(meeting_file)
    chosen = format_for(Path(out), fmt) if out != "-" or fmt else "md"
    with open_store(settings) as store:
        briefing = build_meeting(
            store,
            spec,
            load_catalogue(settings.theme_files),
            lang=lang,
            locale=locale or default_locale(lang),
            generated=generated or date.today(),
            audience=audience or spec.audience or settings.audience,
        )
    data = render_meeting(
        briefing, chosen, templates_dir=templates, docx_template=docx_template, explain=explain
    )
    return write_output(data, out, stdout)


def meeting_rows(settings: Settings) -> list[dict[str, Any]]:
    """The meetings the corpus speaks of, oldest first, as plain rows."""
    from briefgen.meeting import find_meetings

    with open_store(settings) as store:
        found = find_meetings(store)
    return [
        {
            "name": m.label("nl"),
            "key": m.key,
            "series": m.series.slug,
            "series_name": m.series.name_nl,
            "date": None
            if m.date is None
            else (m.date.isoformat() if m.precision == "day" else str(m.date.year)),
            "dates": [d.value.isoformat() for d in m.dates],
            "place": m.place,
            "declaration": m.declaration.id if m.declaration else None,
            "mentions": len(m.mentions),
        }
        for m in found.meetings
    ]


def run_batch(
    settings: Settings,
    subjects: Sequence[str] = (),
    *,
    out_dir: Path,
    formats: Sequence[str] = ("docx", "md"),
    langs: Sequence[str] = ("nl",),
    jobs: int | None = None,
    force: bool = False,
    templates: Path | None = None,
    docx_template: Path | None = None,
    binder: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Any:
    """Write a briefing per theme, format and language and an index (a ``BatchReport``).

    With ``binder`` also one Word file of all the themes, for printing.
    """
    from briefgen.batch import run_batch as run

    return run(
        settings,
        subjects,
        out_dir=out_dir,
        formats=formats,
        langs=langs,
        jobs=jobs,
        force=force,
        templates=templates,
        docx_template=docx_template,
        binder=binder,
        progress=progress,
    )
