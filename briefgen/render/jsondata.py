"""The briefing as plain data: the JSON output, and what the templates and Word receive.

One dict feeds every format, so the Markdown, the Word file and the JSON say the same
thing. Dates are ISO strings, amounts strings of Decimals; every source string is made
safe for XML 1.0 here, once, so no writer can choke on a control character.
``briefgen/schema/briefing.schema.json`` documents the shape.
"""

from __future__ import annotations

import json
import logging
import re
import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from briefgen.errors import ConfigError
from briefgen.models import (
    AmountFact,
    Briefing,
    DateFact,
    DocType,
    Item,
    SectionKey,
    SourceDoc,
    SourceRef,
)
from briefgen.render.i18n import N_, gettext, locator_text, reason_text

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
QUOTES_LANG = "nl"  # the language of the sources; quotes are never translated
GLOSSARY_PATH = Path(__file__).resolve().parent.parent / "data" / "glossary.toml"

SECTION_TITLES: dict[SectionKey, str] = {
    "background": N_("Background"),
    "commitments": N_("Previous commitments"),
    "open_points": N_("Open points"),
}
DOC_TYPE_LABELS: dict[DocType, str] = {
    "written_question": N_("Written question"),
    "declaration": N_("Declaration"),
    "press_release": N_("Press release"),
    "report": N_("Report"),
    "letter": N_("Letter"),
    "motion": N_("Motion"),
    "treaty": N_("Treaty"),
    "other": N_("Document"),
}

# XML 1.0 allows tab, newline, carriage return and everything from U+0020 except the
# surrogates and U+FFFE/U+FFFF. C0 controls are dropped (they carry nothing a reader
# sees); lone surrogates and non-characters become U+FFFD so the loss stays visible.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_NOT_CHARACTERS = re.compile(r"[\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 (and so Word) refuses."""
    return _NOT_CHARACTERS.sub("\ufffd", _CONTROLS.sub("", text))


def briefing_data(briefing: Briefing) -> dict[str, Any]:
    """The whole briefing as JSON-ready data, with section titles in its language."""
    lang = briefing.lang
    sources = list(briefing.sources)
    refs = {s.document_id: n for n, s in enumerate(sources, start=1)}
    for ref in _all_refs(briefing):
        if ref.document_id not in refs:  # compose should list it; never cite into nothing
            log.warning("source %s is cited but not in the sources list", ref.document_id)
            sources.append(_doc_from_ref(ref))
            refs[ref.document_id] = len(sources)

    def item(it: Item) -> dict[str, Any]:
        return {
            "text": xml_safe(it.text),
            "sources": [ref_data(r, refs, lang) for r in it.sources],
            "section": it.section,
            "reason": xml_safe(reason_text(it.reason, lang)),
            "label": xml_safe(it.label),
            "score": it.score,
            "dates": [date_fact_data(d) for d in it.dates],
            "amounts": [amount_data(a) for a in it.amounts],
        }

    by_key: dict[SectionKey, list[Item]] = {key: [] for key in SECTION_TITLES}
    for section in briefing.sections:
        by_key[section.key].extend(section.items)
    timeline = sorted(briefing.timeline, key=lambda e: (e.when.first, e.when.last))
    items = [*briefing.kern, *(it for s in briefing.sections for it in s.items)]
    quotes = [text for it in items for text in (it.label, it.text)]
    quotes += [e.text for e in timeline] + [t for r in briefing.amounts for t in (r.label, r.what)]
    return {
        "schema_version": SCHEMA_VERSION,
        "subject": xml_safe(briefing.subject),
        "theme": briefing.theme_slug,
        "lang": lang,
        "locale": briefing.locale,
        "quotes_lang": QUOTES_LANG,
        "generated": briefing.generated.isoformat(),
        "audience": _opt(briefing.audience),
        "period": {"from": _iso(briefing.period[0]), "to": _iso(briefing.period[1])},
        "kern": [item(it) for it in briefing.kern],
        "sections": [
            {"key": key, "title": gettext(lang, title), "items": [item(it) for it in by_key[key]]}
            for key, title in SECTION_TITLES.items()
        ],
        "timeline": [
            {
                "when": date_fact_data(e.when),
                "text": xml_safe(e.text),
                "source": ref_data(e.source, refs, lang),
            }
            for e in timeline
        ],
        "amounts": [
            {
                "what": xml_safe(r.what),
                "label": xml_safe(r.label),
                "amount": amount_data(r.amount),
                "source": ref_data(r.source, refs, lang),
            }
            for r in briefing.amounts
        ],
        "sources": [source_data(s, n, lang) for n, s in enumerate(sources, start=1)],
        "glossary": glossary_for(quotes, lang),
        "notes": [xml_safe(n) for n in briefing.notes],
    }


def render_json(briefing: Briefing) -> bytes:
    """The JSON file: UTF-8, indented, keys in model order, identical for identical input."""
    text = json.dumps(briefing_data(briefing), ensure_ascii=False, indent=2, sort_keys=False)
    return (text + "\n").encode("utf-8")


def date_fact_data(fact: DateFact) -> dict[str, Any]:
    """A date fact as data; :func:`date_fact_from_data` reverses it."""
    return {
        "literal": xml_safe(fact.literal),
        "start": fact.start,
        "end": fact.end,
        "kind": fact.kind,
        "first": fact.first.isoformat(),
        "last": fact.last.isoformat(),
        "approximate": fact.approximate,
        "year_inferred": fact.year_inferred,
    }


def date_fact_from_data(data: dict[str, Any]) -> DateFact:
    """The DateFact a template or the Word writer holds as a dict."""
    return DateFact(
        literal=data["literal"],
        start=data["start"],
        end=data["end"],
        kind=data["kind"],
        first=date.fromisoformat(data["first"]),
        last=date.fromisoformat(data["last"]),
        approximate=data["approximate"],
        year_inferred=data["year_inferred"],
    )


def amount_data(fact: AmountFact) -> dict[str, Any]:
    """An amount as data, the value as a Decimal string so no float rounding creeps in."""
    return {
        "literal": xml_safe(fact.literal),
        "start": fact.start,
        "end": fact.end,
        "value": format(fact.value, "f"),
        "currency": fact.currency,
        "per": fact.per,
        "approximate": fact.approximate,
    }


def amount_from_data(data: dict[str, Any]) -> AmountFact:
    """The AmountFact a template or the Word writer holds as a dict."""
    return AmountFact(
        literal=data["literal"],
        start=data["start"],
        end=data["end"],
        value=Decimal(data["value"]),
        currency=data["currency"],
        per=data["per"],
        approximate=data["approximate"],
    )


def glossary_for(texts: list[str], lang: str) -> list[dict[str, str]]:
    """Glossary names that occur in ``texts``, glossed in ``lang``, by first mention."""
    if lang == QUOTES_LANG:
        return []
    joined = "\n".join(texts)
    found: list[tuple[int, dict[str, str]]] = []
    for entry in load_glossary():
        if lang not in entry.glosses:
            continue
        starts = [
            m.start()
            for name in entry.names
            if (m := re.search(rf"(?<!\w){re.escape(name)}(?!\w)", joined))
        ]
        if starts:
            found.append((min(starts), {"term": entry.names[0], "gloss": entry.glosses[lang]}))
    found.sort(key=lambda pair: pair[0])
    return [entry for _, entry in found]


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """A Dutch name (then its variant spellings) and its gloss per language."""

    names: tuple[str, ...]
    glosses: dict[str, str]


def load_glossary() -> tuple[GlossaryEntry, ...]:
    """The bilingual glossary's ``[[term]]`` tables; none when the file is absent."""
    return _read_glossary(GLOSSARY_PATH)


@cache
def _read_glossary(path: Path) -> tuple[GlossaryEntry, ...]:
    if not path.is_file():
        return ()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid glossary: {exc}") from exc
    entries = []
    for raw in [*data.get("term", []), *data.get("entry", [])]:
        name = raw.get(QUOTES_LANG)
        if not isinstance(name, str) or not name.strip():
            continue
        variants = [v for v in raw.get("variants", []) if isinstance(v, str) and v.strip()]
        glosses = {
            k: v.strip()
            for k, v in raw.items()
            if k not in (QUOTES_LANG, "variants") and isinstance(v, str) and v.strip()
        }
        entries.append(GlossaryEntry((name.strip(), *variants), glosses))
    return tuple(entries)


def _all_refs(briefing: Briefing) -> list[SourceRef]:
    refs = [r for it in briefing.kern for r in it.sources]
    refs += [r for s in briefing.sections for it in s.items for r in it.sources]
    refs += [e.source for e in briefing.timeline] + [r.source for r in briefing.amounts]
    return refs


def _doc_from_ref(ref: SourceRef) -> SourceDoc:
    return SourceDoc(ref.document_id, ref.doc_type, ref.title, ref.number, ref.date, ref.link, "")


def ref_data(ref: SourceRef, numbers: dict[str, int], lang: str) -> dict[str, Any]:
    """A citation as the output schema has it: ``numbers`` maps documents to ``[n]``."""
    return {
        "ref": numbers[ref.document_id],
        "document_id": ref.document_id,
        "passage_id": ref.passage_id,
        "title": xml_safe(ref.title),
        "doc_type": ref.doc_type,
        "number": _opt(ref.number),
        "date": _iso(ref.date),
        "locator": xml_safe(locator_text(ref, lang)),
        "link": _opt(ref.link),
    }


def source_data(doc: SourceDoc, number: int, lang: str) -> dict[str, Any]:
    """A source list entry as the output schema has it, numbered ``number``."""
    return {
        "ref": number,
        "document_id": doc.document_id,
        "doc_type": doc.doc_type,
        "type_label": gettext(lang, DOC_TYPE_LABELS.get(doc.doc_type, DOC_TYPE_LABELS["other"])),
        "title": xml_safe(doc.title),
        "number": _opt(doc.number),
        "date": _iso(doc.date),
        "link": _opt(doc.link),
        "path": xml_safe(doc.path),
    }


def _opt(text: str | None) -> str | None:
    return None if text is None else xml_safe(text)


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()
