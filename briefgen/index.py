"""The full-text index of passages: tantivy, derived from the SQLite store.

The index holds, per passage, its store key (a fast field, so hits map back to SQLite
rows without touching tantivy's document store), the pre-analysed stems of its text
(``body``, with positions for phrases), the stems of its headings, row label and
document title (``context``), the document's date and type (filters) and its
document id (to delete a document's passages). Stems come from ``briefgen.analysis``,
the same code that analyses queries; tantivy only splits them on whitespace.

Queries are built as objects, never parsed from user text, so no input is a syntax
error. The index only ever changes under the store's write lock; after each commit
``GENERATION`` records which store generation the index reflects, so the store can
tell a stale index (a crash between the two commits) and bring it up to date.
``tantivy`` is imported on first use to keep start-up of other commands fast.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen.analysis import ANALYSER_VERSION, analyze, stem_tokens, stopwords, tokens
from briefgen.errors import StoreError

if TYPE_CHECKING:
    from briefgen.models import Document

log = logging.getLogger(__name__)

INDEX_FORMAT = 1  # bump when the fields change: a writer then rebuilds the index
_FORMAT = f"{INDEX_FORMAT}.{ANALYSER_VERSION}"  # the stems in it depend on the analyser too
GENERATION_FILE = "GENERATION"
WRITER_HEAP_BYTES = 96_000_000
UNDATED = 0  # the date value of passages whose document has no known date
_OPEN_RETRIES = 5  # a reader can race a writer's clean-up of old segment files


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """What the index keeps of one passage."""

    key: int  # the passage's row key in the store
    doc_id: str
    doc_type: str
    date: int  # yyyymmdd of the document's date, UNDATED when unknown
    body: str  # analysed passage text
    context: str  # analysed heading path, row label and document title


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """What to look for, how to weigh it and where.

    Each entry of ``should``/``must`` is text: a word, a hyphenated compound or a
    phrase, analysed like passage text; several stems make a phrase query. An entry
    of stop words only is ignored. ``weights`` boosts entries (keyed by their text).
    ``context_weight`` weighs matches in headings, row label and title against the
    passage text. ``since``/``until`` filter on the document date (inclusive);
    undated documents pass them only with ``include_undated``.
    """

    should: tuple[str, ...] = ()
    must: tuple[str, ...] = ()
    weights: Mapping[str, float] = field(default_factory=dict)
    context_weight: float = 0.3
    since: date | None = None
    until: date | None = None
    include_undated: bool = False
    doc_types: tuple[str, ...] = ()
    exclude_doc_ids: tuple[str, ...] = ()


def date_value(day: date | None) -> int:
    """A date as the integer the index filters on (yyyymmdd)."""
    return UNDATED if day is None else day.year * 10000 + day.month * 100 + day.day


def passage_fields(
    text: str, heading_path: Sequence[str], label: str, title: str | None
) -> tuple[str, str]:
    """(body, context) stems of one passage: its text; its headings, label and title."""
    return analyze(text), analyze(" ".join((*heading_path, label, title or "")))


def analysed_fields(doc: Document) -> list[tuple[str, str]]:
    """(body, context) stems of each passage of ``doc``, in passage order.

    The costly part of indexing, and a pure function: ingest can run it in its worker
    processes and hand the result to ``Store.put_document(doc, analysed=...)``.
    """
    return [passage_fields(p.text, p.heading_path, p.label, doc.meta.title) for p in doc.passages]


def _schema() -> Any:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("key", fast=True)
    builder.add_text_field("doc_id", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("doc_type", tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("date", fast=True, indexed=True)
    builder.add_text_field("body", tokenizer_name="whitespace", index_option="position")
    builder.add_text_field("context", tokenizer_name="whitespace", index_option="position")
    return builder.build()


class PassageIndex:
    """The tantivy index in ``<store>/index``: a reader, or a writer under the lock."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._index: Any = None
        self._schema: Any = None
        self._writer: Any = None

    # ----------------------------------------------------------------- state

    def generation(self) -> int | None:
        """The store generation the committed index reflects; None if unusable."""
        try:
            data = json.loads((self.folder / GENERATION_FILE).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("format") != _FORMAT:
            return None
        gen = data.get("generation")
        return gen if isinstance(gen, int) else None

    def _write_generation(self, generation: int) -> None:
        target = self.folder / GENERATION_FILE
        tmp = self.folder / f".{GENERATION_FILE}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps({"format": _FORMAT, "generation": generation}), "utf-8")
        tmp.replace(target)

    def _open(self) -> Any:
        if self._index is None:
            import tantivy

            self._schema = _schema()
            for attempt in range(_OPEN_RETRIES):
                try:
                    self._index = tantivy.Index.open(str(self.folder))
                    break
                except (OSError, ValueError) as exc:
                    if attempt == _OPEN_RETRIES - 1:
                        raise StoreError(
                            f"search index {self.folder} cannot be opened: {exc}",
                            hint="run: briefgen ingest --rebuild",
                        ) from exc
                    time.sleep(0.05 * (attempt + 1))
        return self._index

    # ---------------------------------------------------------------- writing

    def begin(self, *, clear: bool = False) -> None:
        """Open the writer (the caller holds the store's write lock).

        ``clear`` (or an index of another format) starts from an empty index.
        """
        import tantivy

        if self._writer is not None:
            return
        if clear or self.generation() is None:
            self._index = None
            shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._schema = _schema()
        self._index = tantivy.Index(self._schema, path=str(self.folder), reuse=True)
        threads = max(1, min(2, os.cpu_count() or 1))
        self._writer = self._index.writer(heap_size=WRITER_HEAP_BYTES, num_threads=threads)
        # files of a commit that a killed writer left half done would collide with ours
        self._writer.garbage_collect_files()

    def add(self, entries: Iterable[IndexEntry]) -> None:
        """Queue passages for the next commit."""
        import tantivy

        for e in entries:
            doc = tantivy.Document()
            doc.add_integer("key", e.key)
            doc.add_text("doc_id", e.doc_id)
            doc.add_text("doc_type", e.doc_type)
            doc.add_integer("date", e.date)
            doc.add_text("body", e.body)
            doc.add_text("context", e.context)
            self._writer.add_document(doc)

    def delete_document(self, doc_id: str) -> None:
        """Queue the removal of every passage of a document."""
        self._writer.delete_documents_by_term("doc_id", doc_id)

    def commit(self, generation: int) -> None:
        """Publish queued changes and record the store generation they bring us to."""
        self._writer.commit()
        self._write_generation(generation)

    def end(self) -> None:
        """Let background merges finish and release tantivy's own writer lock."""
        if self._writer is not None:
            writer, self._writer = self._writer, None
            writer.wait_merging_threads()
            self._index = None  # the next search opens the index as committed

    def discard(self) -> None:
        """Drop the writer and its queued changes after a failure; never raises.

        The committed index and GENERATION stay as they were.
        """
        writer, self._writer, self._index = self._writer, None, None
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.rollback()

    # ---------------------------------------------------------------- reading

    def search(self, query: SearchQuery, limit: int = 200) -> list[tuple[int, float]]:
        """BM25-ranked (store key, score) of the passages matching ``query``."""
        import tantivy

        if self.generation() is None:
            raise StoreError(
                f"search index {self.folder} is missing or incomplete",
                hint="run: briefgen ingest --rebuild",
            )
        index = self._open()
        if self._writer is not None:
            index.reload()  # a writer searching sees its own commits
        clauses: list[tuple[Any, Any]] = []
        for occur, entries in (
            (tantivy.Occur.Should, query.should),
            (tantivy.Occur.Must, query.must),
        ):
            for text in entries:
                entry = self._entry_query(text, query.context_weight)
                if entry is not None:
                    boost = query.weights.get(text, 1.0)
                    if boost != 1.0:
                        entry = tantivy.Query.boost_query(entry, boost)
                    clauses.append((occur, entry))
        if not clauses:
            return []
        for flt in self._filters(query):
            clauses.append((tantivy.Occur.Must, tantivy.Query.const_score_query(flt, 0.0)))
        for doc_id in query.exclude_doc_ids:
            term = tantivy.Query.term_query(self._schema, "doc_id", doc_id)
            clauses.append((tantivy.Occur.MustNot, term))
        searcher = index.searcher()
        result = searcher.search(tantivy.Query.boolean_query(clauses), limit, count=False)
        if not result.hits:
            return []
        keys = searcher.fast_field_values("key", [addr for _, addr in result.hits])
        return [(int(k), float(s)) for (s, _), k in zip(result.hits, keys, strict=True)]

    def _entry_query(self, text: str, context_weight: float) -> Any:
        import tantivy

        words = tokens(text)
        stop = stopwords()
        if not words or all(w in stop for w in words):
            return None
        stems: list[str | tuple[int, str]] = list(stem_tokens(words))
        per_field = []
        for name, weight in (("body", 1.0), ("context", context_weight)):
            if weight <= 0:
                continue
            if len(stems) == 1:
                query = tantivy.Query.term_query(self._schema, name, stems[0])
            else:
                query = tantivy.Query.phrase_query(self._schema, name, stems)
            if weight != 1.0:
                query = tantivy.Query.boost_query(query, weight)
            per_field.append((tantivy.Occur.Should, query))
        return tantivy.Query.boolean_query(per_field)

    def _filters(self, query: SearchQuery) -> list[Any]:
        import tantivy

        schema = self._schema
        filters = []
        if query.since is not None or query.until is not None:
            lower = date_value(query.since) if query.since else UNDATED + 1
            upper = date_value(query.until) if query.until else None
            dated = tantivy.Query.range_query(
                schema, "date", tantivy.FieldType.Integer, lower, upper
            )
            if query.include_undated:
                undated = tantivy.Query.term_query(schema, "date", UNDATED)
                dated = tantivy.Query.boolean_query(
                    [(tantivy.Occur.Should, dated), (tantivy.Occur.Should, undated)]
                )
            filters.append(dated)
        if query.doc_types:
            filters.append(
                tantivy.Query.boolean_query(
                    [
                        (tantivy.Occur.Should, tantivy.Query.term_query(schema, "doc_type", t))
                        for t in query.doc_types
                    ]
                )
            )
        return filters
