"""The library's front door: one call per command, for the CLI and for Python users.

Functions here raise ``BriefgenError`` subclasses and never print. Reading commands
first bring the store in line with the configured corpus (cheap when nothing changed:
a stat per file), so a fresh clone needs no set-up step.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from briefgen.config import DEFAULT_LOCALE, Settings
from briefgen.errors import StoreLockedError
from briefgen.ingest import IngestReport
from briefgen.models import Briefing

log = logging.getLogger(__name__)


def ingest(
    settings: Settings,
    *,
    jobs: int | None = None,
    prune: bool = False,
    force: bool = False,
    rebuild: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> IngestReport:
    """Ingest the corpus into the store; ``rebuild`` starts from an empty store."""
    from briefgen import ingest as ingest_mod
    from briefgen.store import Store

    if rebuild:
        Store.destroy(settings.store)
    return ingest_mod.ingest(
        settings.corpus, settings.store, jobs=jobs, prune=prune, force=force, progress=progress
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
        log.warning("%s: %s", failed.path, failed.reason)


def open_store(settings: Settings, *, fresh: bool = True) -> Any:
    """The store for reading, refreshed from the corpus first unless ``fresh`` is off."""
    from briefgen.store import Store

    if fresh:
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
    from briefgen.compose import compose
    from briefgen.select import select, topic_for, unanswered
    from briefgen.themes import load_catalogue

    topic = topic_for(request.subject, load_catalogue(settings.theme_files), request.lang)
    with open_store(settings) as store:
        selected = select(store, topic, since=request.since, until=request.until)
        open_questions = unanswered(store, selected)
    return compose(
        topic,
        selected,
        open_questions=open_questions,
        lang=request.lang,
        locale=request.locale or DEFAULT_LOCALE.get(request.lang, "nl_BE"),
        generated=request.generated or date.today(),
        audience=request.audience,
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
