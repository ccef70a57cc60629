"""Every theme at once: one file per theme, format and language, and an index.

An office keeps a binder (or intranet page) of theme briefings up to date; a batch
rebuilds it. Themes run in worker processes, each opening the store read-only. A theme
that fails (a broken entry in a user's theme file) is reported with its reason; the
others are still written.

Output is deterministic: the "drawn up on" date and the Word files' timestamps come
from ``SOURCE_DATE_EPOCH`` if set, else from the corpus (its newest document date),
never from the clock. So a rerun over an unchanged corpus gives the same bytes, and it
does not even build them: each theme's inputs (briefgen's code and data, the corpus
contents, the options, the theme's definition) have a fingerprint, kept with the
checksums of its files in ``.briefgen-batch.json`` in the output folder. A theme whose
fingerprint and files are as recorded is skipped; ``force`` builds it anyway, and a
file is only rewritten when its bytes differ.

For a printed binder, ``binder`` also writes ``binder.<lang>.docx``: every theme's
briefing as a chapter of one Word document, from the data the workers built for the
theme files. Its fingerprint is that of its themes; when it or any of its themes is
not current, every theme is built (once) so that the binder has all chapters.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from briefgen import __version__
from briefgen.errors import BriefgenError, ConfigError, OutputError
from briefgen.fingerprint import files_fingerprint

if TYPE_CHECKING:
    from briefgen.config import Settings
    from briefgen.render import Format
    from briefgen.store import Store
    from briefgen.themes import ThemeCatalogue

log = logging.getLogger(__name__)

MANIFEST = ".briefgen-batch.json"
INDEX = "index.md"
INDEX_TEMPLATE = "index.md.j2"
BINDER = "binder"
MANIFEST_VERSION = 1

Status = Literal["written", "unchanged", "failed"]


@dataclass(frozen=True, slots=True)
class ThemeResult:
    """What the batch did for one theme."""

    subject: str  # as asked: a slug (or a query)
    stem: str  # file name stem: the slug
    status: Status
    files: tuple[str, ...] = ()  # names in the output folder
    reason: str | None = None  # why it failed
    names: Mapping[str, str] = field(default_factory=dict)  # lang -> theme name
    counts: Mapping[str, int] = field(default_factory=dict)  # kern and section sizes


@dataclass(frozen=True, slots=True)
class BatchReport:
    """The outcome of a batch: per theme, and for the index."""

    out_dir: Path
    results: tuple[ThemeResult, ...]
    index_status: Status
    binder_status: Status | None = None  # None: no binder asked for
    binder_files: tuple[str, ...] = ()

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> list[ThemeResult]:
        return [r for r in self.results if r.status == "failed"]


@dataclass(frozen=True, slots=True)
class _Job:
    """One theme to build, with everything a worker needs to build it."""

    subject: str
    stem: str
    langs: tuple[str, ...]
    formats: tuple[Format, ...]
    generated: date
    templates: Path | None
    docx_template: Path | None
    binder: bool  # also return the briefing data per language, for the binder's chapter


@dataclass(frozen=True, slots=True)
class _Built:
    """A worker's answer: the files' bytes, or why the theme failed."""

    subject: str
    files: Mapping[str, bytes] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)
    counts: Mapping[str, int] = field(default_factory=dict)
    reason: str | None = None
    data: Mapping[str, dict[str, Any]] = field(default_factory=dict)  # lang -> briefing data


def file_name(stem: str, lang: str, fmt: str) -> str:
    """The output file of one theme, language and format: ``onderwijs.nl.docx``."""
    return f"{stem}.{lang}.{fmt}"


def stem_for(subject: str, catalogue: ThemeCatalogue) -> str:
    """The file stem of a subject: the theme's slug, or the query's words joined."""
    from briefgen.analysis import tokens

    if subject in catalogue.slugs():
        return subject
    try:
        theme = catalogue.find(subject)
    except BriefgenError:
        theme = None
    return theme.slug if theme else "-".join(tokens(subject))[:80] or "query"


# ------------------------------------------------------------------- fingerprints


def _digest(value: object) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _folder_fingerprint(folder: Path | None) -> str | None:
    if folder is None:
        return None
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return _digest([(str(p.relative_to(folder)), _file_hash(p)) for p in files])


def _file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def corpus_date(store: Store) -> date:
    """The date a batch prints as "drawn up on": SOURCE_DATE_EPOCH, else the corpus's.

    The newest document date; a corpus without dated documents falls back to the day
    the store last changed. Never the clock, so a rerun over the same corpus is
    identical.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC).date()
        except (ValueError, OverflowError, OSError) as exc:
            raise ConfigError(
                f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds",
                hint="unset it or give seconds since 1970",
            ) from exc
    dated = [d.meta.date for d in store.documents() if d.meta.date]
    if dated:
        return max(dated)
    return datetime.fromtimestamp(store.db_path.stat().st_mtime, UTC).date()


# ------------------------------------------------------------------------ workers

_state: dict[str, Any] = {}  # per process: the read-only store, settings and catalogue


def _init_worker(settings: Settings) -> None:
    """Worker start-up: open the store read-only and read the theme catalogue once."""
    from briefgen.store import Store
    from briefgen.themes import load_catalogue

    _state["store"] = Store.open(settings.store, readonly=True)
    _state["catalogue"] = load_catalogue(settings.theme_files)
    _state["settings"] = settings


def _close_worker() -> None:
    store = _state.pop("store", None)
    if store is not None:
        store.close()
    _state.clear()


def _build(job: _Job) -> _Built:
    """One theme in every language and format; a failure is returned, not raised."""
    from briefgen.api import BriefRequest, briefing_from_store
    from briefgen.render import render
    from briefgen.render.jsondata import briefing_data
    from briefgen.select import topic_for

    settings: Settings = _state["settings"]
    files: dict[str, bytes] = {}
    names: dict[str, str] = {}
    counts: dict[str, int] = {}
    data: dict[str, dict[str, Any]] = {}
    try:
        for lang in job.langs:
            topic = topic_for(job.subject, _state["catalogue"], lang)
            request = BriefRequest(
                subject=job.subject,
                lang=lang,
                audience=settings.audience,
                generated=job.generated,
            )
            briefing = briefing_from_store(_state["store"], topic, request)
            names[lang] = briefing.subject
            counts = {"kern": len(briefing.kern)}
            counts.update((s.key, len(s.items)) for s in briefing.sections)
            if job.binder:
                data[lang] = briefing_data(briefing)
            for fmt in job.formats:
                files[file_name(job.stem, lang, fmt)] = render(
                    briefing, fmt, templates_dir=job.templates, docx_template=job.docx_template
                )
    except BriefgenError as exc:
        return _Built(job.subject, reason=" ".join(str(exc).split()))
    except Exception as exc:  # a bug in one theme must not stop the others
        log.debug("theme %s failed", job.subject, exc_info=True)
        message = " ".join(str(exc).split())
        return _Built(job.subject, reason=f"internal error: {type(exc).__name__}: {message}")
    return _Built(job.subject, files, names, counts, data=data)


def _run(jobs: Sequence[_Job], settings: Settings, workers: int) -> Iterator[_Built]:
    """Build the jobs, in a process pool when there are several workers and jobs."""
    if not jobs:
        return
    if workers <= 1 or len(jobs) == 1:
        _init_worker(settings)
        try:
            yield from map(_build, jobs)
        finally:
            _close_worker()
        return
    with ProcessPoolExecutor(
        min(workers, len(jobs)), initializer=_init_worker, initargs=(settings,)
    ) as pool:
        yield from pool.map(_build, jobs)


# ------------------------------------------------------------------------- batch


def _parse_list(value: Sequence[str], allowed: Sequence[str], what: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(v.strip().lower() for v in value if v.strip()))
    unknown = [v for v in chosen if v not in allowed]
    if unknown or not chosen:
        raise ConfigError(
            f"unknown {what} {unknown[0]!r}" if unknown else f"no {what} given",
            hint="choose from " + ", ".join(allowed),
        )
    return chosen


def _load_manifest(out_dir: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The recorded themes (by stem) and binder; empty when missing or of another version."""
    try:
        data = json.loads((out_dir / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return {}, {}
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
        return {}, {}
    themes, binder = data.get("themes"), data.get(BINDER)
    return (
        themes if isinstance(themes, dict) else {},
        binder if isinstance(binder, dict) else {},
    )


def _is_current(entry: dict[str, Any], fingerprint: str, out_dir: Path) -> bool:
    """Are a theme's recorded fingerprint and files what this run would write?"""
    if entry.get("fingerprint") != fingerprint:
        return False
    files = entry.get("files")
    return isinstance(files, dict) and all(
        _file_hash(out_dir / name) == digest for name, digest in files.items()
    )


def _write_if_changed(data: bytes, path: Path) -> bool:
    """Write ``data`` unless the file already holds exactly it; True if written."""
    from briefgen.render import write_output

    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_output(data, path)
    return True


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
) -> BatchReport:
    """Write the briefings of ``subjects`` (default: every theme) into ``out_dir``.

    ``binder`` also writes ``binder.<lang>.docx`` and implies the docx format.
    """
    from briefgen.api import open_store
    from briefgen.render import FORMATS
    from briefgen.render.i18n import available_languages
    from briefgen.themes import load_catalogue

    asked = _parse_list(formats, FORMATS, "format") + (("docx",) if binder else ())
    chosen_formats: tuple[Format, ...] = tuple(f for f in FORMATS if f in asked)
    chosen_langs = _parse_list(langs, available_languages(), "language")
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"cannot write into {out_dir}: it is a file", hint="give a folder")
    catalogue = load_catalogue(settings.theme_files)
    wanted = list(dict.fromkeys(subjects)) or catalogue.slugs()
    with open_store(settings) as store:
        generated = corpus_date(store)
        corpus = _digest(sorted(store.all_hashes().items()))
    options = {
        "code": [__version__, files_fingerprint()],
        "corpus": corpus,
        "generated": generated.isoformat(),
        "formats": chosen_formats,
        "langs": chosen_langs,
        "audience": settings.audience,
        "templates": _folder_fingerprint(templates),
        "docx_template": _file_hash(docx_template) if docx_template else None,
    }
    manifest, binder_entry = _load_manifest(out_dir)
    plan: list[tuple[str, str, str, dict[str, Any] | None]] = []  # entry: None to build
    for subject in wanted:
        stem = stem_for(subject, catalogue)
        try:
            theme, broken = catalogue.find(subject), False
        except BriefgenError:
            theme, broken = None, True  # built anyway: the worker reports why it fails
        fingerprint = _digest({**options, "subject": subject, "theme": repr(theme)})
        entry = manifest.get(stem)
        current = (
            not (force or broken)
            and isinstance(entry, dict)
            and _is_current(entry, fingerprint, out_dir)
        )
        plan.append((subject, stem, fingerprint, entry if current else None))
    binder_fingerprint = _digest([[subject, fp] for subject, _, fp, _ in plan])
    build_binder = binder and not (
        all(entry is not None for *_, entry in plan)
        and _is_current(binder_entry, binder_fingerprint, out_dir)
    )
    results: dict[str, ThemeResult] = {}
    todo: list[tuple[_Job, str]] = []
    chapters: dict[str, Mapping[str, dict[str, Any]]] = {}  # subject -> lang -> data
    done = 0
    for subject, stem, fingerprint, entry in plan:
        if entry is not None and not build_binder:
            results[subject] = ThemeResult(
                subject,
                stem,
                "unchanged",
                files=tuple(entry["files"]),
                names=entry.get("names", {}),
                counts=entry.get("counts", {}),
            )
            done += 1
            if progress:
                progress(done, len(wanted))
            continue
        job = _Job(
            subject,
            stem,
            chosen_langs,
            chosen_formats,
            generated,
            templates,
            docx_template,
            build_binder,
        )
        todo.append((job, fingerprint))
    workers = jobs or os.cpu_count() or 1
    for (job, fingerprint), built in zip(
        todo, _run([j for j, _ in todo], settings, workers), strict=True
    ):
        done += 1
        if built.reason is not None:
            results[job.subject] = ThemeResult(job.subject, job.stem, "failed", reason=built.reason)
        else:
            chapters[job.subject] = built.data
            written = [_write_if_changed(data, out_dir / n) for n, data in built.files.items()]
            manifest[job.stem] = {
                "fingerprint": fingerprint,
                "files": {n: hashlib.sha256(d).hexdigest() for n, d in built.files.items()},
                "names": dict(built.names),
                "counts": dict(built.counts),
            }
            results[job.subject] = ThemeResult(
                job.subject,
                job.stem,
                "written" if any(written) else "unchanged",
                files=tuple(built.files),
                names=built.names,
                counts=built.counts,
            )
        if progress:
            progress(done, len(wanted))
    ordered = tuple(results[s] for s in wanted)
    binder_status: Status | None = None
    if build_binder:
        binders = _binders(ordered, chapters, chosen_langs, generated, docx_template)
        written = [_write_if_changed(data, out_dir / n) for n, data in binders.items()]
        binder_status = "written" if any(written) else "unchanged"
        binder_entry = {
            "fingerprint": binder_fingerprint,
            "files": {n: hashlib.sha256(d).hexdigest() for n, d in binders.items()},
        }
    elif binder:
        binder_status = "unchanged"
    binder_files = tuple(
        sorted(name for name in binder_entry.get("files", {}) if (out_dir / name).is_file())
    )
    index = render_index(
        ordered,
        manifest,
        out_dir,
        catalogue,
        chosen_langs[0],
        generated,
        templates,
        binders=binder_files,
    )
    index_written = _write_if_changed(index, out_dir / INDEX)
    record = {"version": MANIFEST_VERSION, "themes": manifest}
    if binder_entry:  # kept by a run without the binder: the index links it while it is there
        record[BINDER] = binder_entry
    _write_if_changed(
        (json.dumps(record, indent=1, sort_keys=True) + "\n").encode("utf-8"), out_dir / MANIFEST
    )
    return BatchReport(
        out_dir,
        ordered,
        "written" if index_written else "unchanged",
        binder_status,
        binder_files if binder else (),
    )


def _binders(
    results: Sequence[ThemeResult],
    chapters: Mapping[str, Mapping[str, dict[str, Any]]],
    langs: Sequence[str],
    generated: date,
    docx_template: Path | None,
) -> dict[str, bytes]:
    """``binder.<lang>.docx`` per language: the themes in order, failed ones with why."""
    from briefgen.config import default_locale
    from briefgen.render.word import render_binder_docx

    binders: dict[str, bytes] = {}
    for lang in langs:
        themes = [
            {
                "name": r.names.get(lang, r.subject),
                "briefing": chapters[r.subject][lang] if r.status != "failed" else None,
                "failed": r.reason,
            }
            for r in results
        ]
        binders[file_name(BINDER, lang, "docx")] = render_binder_docx(
            themes,
            lang=lang,
            locale=default_locale(lang),
            generated=generated,
            template=docx_template,
        )
    return binders


# ------------------------------------------------------------------------- index


def render_index(
    results: Sequence[ThemeResult],
    manifest: Mapping[str, Any],
    out_dir: Path,
    catalogue: ThemeCatalogue,
    lang: str,
    generated: date,
    templates: Path | None = None,
    *,
    binders: Sequence[str] = (),
) -> bytes:
    """``index.md``: each theme with its items per section and links to its files.

    Themes written by earlier runs into the same folder stay listed while their files
    are there (a run for one theme does not drop the others); this run's failures are
    listed with their reason; ``binders`` are the binder files to link.
    """
    from briefgen.config import default_locale
    from briefgen.render.markdown import render_template

    order = {slug: n for n, slug in enumerate(catalogue.slugs())}
    failed = {r.stem: r for r in results if r.status == "failed"}
    rows: list[dict[str, Any]] = []
    for stem in sorted(set(manifest) | set(failed), key=lambda s: (order.get(s, len(order)), s)):
        if stem in failed:
            rows.append({"slug": stem, "name": stem, "failed": failed[stem].reason, "files": []})
            continue
        entry = manifest[stem]
        if not all((out_dir / name).is_file() for name in entry.get("files", {})):
            continue
        names = entry.get("names", {})
        rows.append(
            {
                "slug": stem,
                "name": names.get(lang) or next(iter(names.values()), stem),
                "failed": None,
                "counts": entry.get("counts", {}),
                "files": sorted(entry.get("files", {})),
            }
        )
    context = {
        "themes": rows,
        "generated": generated.isoformat(),
        "lang": lang,
        "binders": list(binders),
    }
    locale = default_locale(lang)
    return render_template(INDEX_TEMPLATE, context, templates, lang, locale)
