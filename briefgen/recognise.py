"""What a document is: type, title, number, dates, people, links, from its own text.

Only what the text states is taken; a field the text does not give stays None, and a
document date is never guessed from dates in the body (seed 003 names 2016, 2018 and
2019 but is dated nowhere). A sidecar file ``<stem>.meta.toml`` next to a document
supplies what the text lacks, and its values win.

Layouts read:

* Flemish Parliament written question: ``SCHRIFTELIJKE VRAAG`` / ``nr. N`` /
  ``van NAME`` / ``datum: DATE`` / ``aan MINISTER`` + title block, the question, then
  the minister's name and title, ``ANTWOORD`` / ``op vraag nr. N van DATE`` /
  ``van NAME`` and the answer. Exports may cut the first lines (seed 000) or carry
  ``title:``, ``thema:`` and ``... link:`` lines (seed 001); the answer header alone
  is enough (seed 002).
* Tweede Kamer Aanhangsel: ``Vragen van het lid X aan de Minister van Y over Z
  (ingezonden DATE).`` and ``Antwoord van minister X (Y) (ontvangen DATE).``.
* Anything else: the cues of ``data/doctypes.toml`` on the opening; a dateline
  (``’s-Hertogenbosch, 31 januari 2023``) or a ``Datum`` line gives the date and place.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import get_args

from briefgen.errors import ConfigError
from briefgen.facts import find_dates
from briefgen.models import CleanText, DocType, DocumentMeta, QuestionLayout
from briefgen.read.walk import sidecar_of

SIDECAR_KEYS = frozenset(
    {"date", "type", "title", "number", "asker", "addressee", "place"}
    | {"question_date", "answer_date", "theme"}
)
_DATE_KEYS = ("date", "question_date", "answer_date")
_OPENING_PARAGRAPHS = 10
_OPENING_CHARS = 2000
_HEADER_PARAGRAPHS = 40  # letterhead sidebars come after the first page's text
_TITLE_MAX = 200

_NAME = r"[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.\- ]*[A-ZÀ-ÖØ-Þ]"  # a name in capitals
_DAY = r"\d{1,2} \w+ \d{4}"
_FLEMISH = {
    "question": re.compile(r"\bSCHRIFTELIJKE VRAAG\b"),
    "number": re.compile(r"(?:^|\s)nr\.\s*(\d+)\b"),
    "asker": re.compile(rf"(?:^|\s)van ({_NAME})(?=\s+datum:|\s*$)"),
    "date": re.compile(rf"\bdatum:\s*({_DAY})"),
    "addressee": re.compile(rf"(?:^|\s)aan ({_NAME})\s*$"),
    "answer": re.compile(r"(?:^|\s)ANTWOORD$"),
    "answer_ref": re.compile(rf"^op vraag nr\.\s*(\d+) van ({_DAY})(?:\s+van ({_NAME}))?$"),
    "field": re.compile(r"^(title|titel|thema|(\w+) link):\s*(\S.*)$", re.IGNORECASE),
}
_TK = {
    "questions": re.compile(
        rf"\bVragen van (?:het lid|de leden) (.+?) aan (?:de )?(.+?) over (.+?)"
        rf"\s*\(ingezonden ({_DAY})\)",
        re.DOTALL,
    ),
    "answer": re.compile(
        rf"\b(?:Antwoord|Mededeling) van (?:de )?(?:[Mm]inister|[Ss]taatssecretaris)"
        rf"(?: (?:van|voor) [^(]+?)? ([^(,]+?)\s*[(,].*?\(ontvangen (?:\(ontvangen )?({_DAY})",
        re.DOTALL,
    ),
    "number": re.compile(r"^\d{3,5}$|\bantwoorden (\d{3,5})$"),
}
_KAMERSTUK = {  # a Kamerstuk (motion, amendment, letter): "32 545" ... "Nr. 143" ... title
    "dossier": re.compile(r"^(\d{2} \d{3}|\d{5})(?:\s|$)"),
    "number": re.compile(r"^Nr\.\s*(\d+)(?:\s+(\S.*))?$"),
    "date": re.compile(rf"^(?:Voorgesteld|Ontvangen|Vastgesteld|Ingezonden) ({_DAY})$"),
}
_MEETING_DAY = re.compile(
    rf"\b(?i:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag) ({_DAY})\b"
)
# a treaty's closing formula: "GEDAAN te Den Haag, op 3 september 2003, in tweevoud"
_SIGNED = re.compile(
    rf"\b(?i:gedaan|opgemaakt) (?:te|in) (?P<place>[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)?),? "
    rf"op (?P<date>{_DAY})\b"
)
_DATELINE = re.compile(rf"^(?:(?P<place>[^\d,]{{2,40}}), )?(?:\w+dag )?(?P<date>{_DAY})$")
_DATE_LINE = re.compile(rf"^Datum:?\s+(?P<date>(?:\w+dag )?{_DAY})$", re.IGNORECASE)
# a letter's subject; what a Tweede Kamer decision list calls itself ("Document: ...")
_SUBJECT_LINE = re.compile(r"^(?:(?:Betreft|Onderwerp):?|Document:)\s+(\S.*)$", re.IGNORECASE)
_MEETING_PLACE = re.compile(
    r"\bplaats(?:gevonden)? in (?:het |de )?([A-Z][\w’'-]+(?: [A-Z][\w’'-]+)?)"
)
_NUMBERED = re.compile(r"^(?:\d{1,2}|[a-z])[.)]?\s")
_QUOTED = re.compile(r"^[“‘\"'].*[”’\"']$")
_PROPER_IN_OFFICE = frozenset({"vlaams", "vlaamse", "regering", "rand", "brussel", "nederland"})


@dataclass(frozen=True, slots=True)
class _Para:
    start: int
    text: str
    heading: bool
    cell: str = ""  # a table row's first cell, when it has more than one (else "")


def recognise(
    clean: CleanText,
    *,
    raw_title: str | None = None,
    raw_number: str | None = None,
    sidecar: Mapping[str, object] | None = None,
) -> DocumentMeta:
    """Metadata of a cleaned document; ``sidecar`` values (see ``load_sidecar``) win.

    The title and number a format states in its metadata (``raw_*``) fill in what the
    text does not give.
    """
    meta, _ = recognise_with_layout(clean, raw_title=raw_title, raw_number=raw_number)
    if sidecar:
        meta = _apply_sidecar(meta, _sidecar_fields(sidecar, "sidecar metadata"))
    return meta


def recognise_with_layout(
    clean: CleanText, *, raw_title: str | None = None, raw_number: str | None = None
) -> tuple[DocumentMeta, QuestionLayout]:
    """``recognise`` without a sidecar, and which parliament's layout the text is in.

    The layout is the reader that recognised a written question ("plain": neither, any
    other document), so an answer can be laid out as that parliament publishes them.
    """
    paras = [
        _Para(
            p.start,
            clean.text[p.start : p.end],
            p.kind == "heading",
            p.label,
        )
        for p in clean.paragraphs
    ]
    layout: QuestionLayout = "plain"
    if flemish := _flemish_question(paras):
        meta, layout = flemish, "flemish"
    elif tk := _tk_question(paras):
        meta, layout = tk, "tweede_kamer"
    else:
        meta = _kamerstuk(paras) or _other(paras)
    if meta.title is None and raw_title and raw_title.strip():
        meta = replace(meta, title=" ".join(raw_title.split()))
    if meta.number is None and raw_number:
        meta = replace(meta, number=raw_number)
    return meta, layout


def load_sidecar(doc_path: Path) -> dict[str, object] | None:
    """The checked values of ``<stem>.meta.toml`` next to ``doc_path``, or None."""
    path = Path(sidecar_of(str(doc_path)))
    if not path.is_file():
        return None
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"{path}: not valid TOML metadata: {exc}", hint="see seeds/*.meta.toml"
        ) from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from exc
    return _sidecar_fields(data, str(path))


# ------------------------------------------------------------------ written questions


def _flemish_question(paras: list[_Para]) -> DocumentMeta | None:
    answer = next(  # the substring test first: the pattern's search costs more
        (
            i
            for i, p in enumerate(paras)
            if "ANTWOORD" in p.text and _FLEMISH["answer"].search(p.text)
        ),
        None,
    )
    opening = _opening(paras)
    asked = any(_FLEMISH["question"].search(p.text) for p in opening)
    if answer is None and not asked:
        return None
    head = [p.text for p in (paras[:answer] if answer is not None else opening) if p.heading]
    fields = {m.group(1).lower(): m for t in head if (m := _FLEMISH["field"].match(t))}
    number = _first(_FLEMISH["number"], head)
    asker = _first(_FLEMISH["asker"], head)
    question_day = _first(_FLEMISH["date"], head)
    addressee = _first(_FLEMISH["addressee"], head)
    office = _office_after(head, addressee)
    answer_start = None
    if answer is not None:
        minister = _minister_block(paras, answer)
        answer_start = paras[minister[0] if minister else answer].start
        if minister and addressee is None:
            addressee = paras[minister[0]].text
            office = paras[minister[1]].text if len(minister) > 1 else office
        ref = next(
            (
                m
                for p in paras[answer + 1 : answer + 3]
                if (m := _FLEMISH["answer_ref"].match(p.text))
            ),
            None,
        )
        answer_tail = " ".join(p.text for p in paras[answer + 1 : answer + 3])
        if ref:
            number = number or ref.group(1)
            question_day = question_day or ref.group(2)
            asker = asker or ref.group(3) or _first(_FLEMISH["asker"], [answer_tail])
    question_date = _day(question_day)
    links = tuple((m.group(2).lower(), m.group(3).strip()) for m in fields.values() if m.group(2))
    return DocumentMeta(
        doc_type="written_question",
        title=fields["title"].group(3).strip() if "title" in fields else _question_title(head),
        number=number,
        date=question_date,
        question_date=question_date,
        asker=asker.title() if asker else None,
        addressee=addressee.title() if addressee else None,
        addressee_title=_office(office) if office else None,
        theme_line=fields["thema"].group(3).strip() if "thema" in fields else None,
        links=links,
        date_source="text" if question_date else "unknown",
        answer_start=answer_start,
    )


def _minister_block(paras: list[_Para], answer: int) -> list[int]:
    """Indexes of the minister's name and title paragraphs just before ``ANTWOORD``."""
    block: list[int] = []
    for i in range(answer - 1, max(-1, answer - 4), -1):
        text = paras[i].text
        if not paras[i].heading or text != text.upper():
            break
        block.insert(0, i)
    return block


def _office_after(head: list[str], addressee: str | None) -> str | None:
    """The capitals paragraph after ``aan NAME``: the minister's title."""
    for i, text in enumerate(head[:-1]):
        if addressee and text.endswith(addressee) and head[i + 1] == head[i + 1].upper():
            return head[i + 1]
    return None


def _question_title(head: list[str]) -> str | None:
    for text in head:
        if text == text.upper() or _FLEMISH["field"].match(text):
            continue
        if any(_FLEMISH[k].search(text) for k in ("number", "asker", "date", "addressee")):
            continue
        return text
    return None


def _tk_question(paras: list[_Para]) -> DocumentMeta | None:
    opening = _opening(paras, 20)
    asked = next((m for p in opening if (m := _TK["questions"].search(p.text))), None)
    if asked is None:
        return None
    answered = next((m for p in opening if (m := _TK["answer"].search(p.text))), None)
    numbered = next((m for p in opening if (m := _TK["number"].search(p.text))), None)
    question_date = _day(asked.group(4))
    answer_date = _day(answered.group(2)) if answered else None
    first_answer = next(
        (p.start for p in paras if p.heading and p.text.startswith("Antwoord ")), None
    )
    best = answer_date or question_date
    return DocumentMeta(
        doc_type="written_question",
        title=" ".join(asked.group(0)[: asked.start(4) - asked.start(0)].split()).removesuffix(
            " (ingezonden"
        ),
        number=(numbered.group(1) or numbered.group(0)) if numbered else None,
        date=best,
        question_date=question_date,
        answer_date=answer_date,
        asker=" ".join(asked.group(1).split()),
        addressee=" ".join(answered.group(1).split()) if answered else None,
        addressee_title=" ".join(asked.group(2).split()),
        theme_line=" ".join(asked.group(3).split()),  # "over ...": what it is about
        date_source="text" if best else "unknown",
        answer_start=first_answer,
    )


def _kamerstuk(paras: list[_Para]) -> DocumentMeta | None:
    """A Kamerstuk: dossier number, then "Nr. N" with (or followed by) the title, a date.

    Both numbers are required, so an ordinary document starting with "Nr." is not one.
    """
    opening = _opening(paras, 20)
    found = next(
        ((i, m) for i, p in enumerate(opening) if (m := _KAMERSTUK["number"].match(p.text))), None
    )
    if found is None:
        return None
    at, number = found
    dossier = next((m for p in opening[:at] if (m := _KAMERSTUK["dossier"].match(p.text))), None)
    if dossier is None:
        return None
    title = number.group(2) or (opening[at + 1].text if at + 1 < len(opening) else None)
    when = _day(_first(_KAMERSTUK["date"], [p.text for p in opening]))
    return DocumentMeta(
        doc_type=_cue_type(opening),
        title=title if title and len(title) <= _TITLE_MAX else None,
        number=f"{dossier.group(1)}, nr. {number.group(1)}",
        date=when,
        date_source="text" if when else "unknown",
    )


# ------------------------------------------------------------------ other documents


def _other(paras: list[_Para]) -> DocumentMeta:
    opening = _opening(paras)
    doc_type = _cue_type(opening)
    lead = _leading_headings(paras)
    place = when = None
    # a declaration's dateline is in its title block; a letter's "Datum" line may sit
    # in a sidebar anywhere on the first page
    for p in lead if doc_type == "declaration" else paras[:_HEADER_PARAGRAPHS]:
        dated = _DATELINE.match(p.text) or _DATE_LINE.match(p.text)
        if p.heading and dated and (when := _day(dated.group("date"))):
            place = dated.groupdict().get("place")
            break
    subject = next(
        (m.group(1) for p in paras[:_HEADER_PARAGRAPHS] if (m := _SUBJECT_LINE.match(p.text))),
        None,
    )
    title = subject or (_table_title(paras) if doc_type == "report" else None)
    title = title or _lead_title(lead, doc_type)
    if title is None and paras and len(paras[0].text) <= _TITLE_MAX:
        title = paras[0].text
    if when is None and (lead or doc_type == "report"):  # a meeting's report: its title
        # "Commissie voor Justitie van Woensdag 12 november 2025 Namiddag"
        title_block = [p.text for p in lead] or [title or ""]
        met = next((m for text in title_block if (m := _MEETING_DAY.search(text))), None)
        when = _day(met.group(1)) if met else None
    if when is None and doc_type == "treaty":  # signed at the end, after the articles
        signed = next((m for p in reversed(paras) if (m := _SIGNED.search(p.text))), None)
        if signed and (when := _day(signed.group("date"))):
            place = signed.group("place")
    if place is None and doc_type == "declaration":
        found = next((m for p in opening if (m := _MEETING_PLACE.search(p.text))), None)
        place = found.group(1) if found else None
    return DocumentMeta(
        doc_type=doc_type,
        title=title,
        date=when,
        place=place.strip() if place else None,
        date_source="text" if when else "unknown",
    )


def _table_title(paras: list[_Para]) -> str | None:
    """A report's title set in the first column of a table that opens the document.

    The Belgian Chamber sets its reports so: Dutch on the left, French on the right
    ("Commissie voor Justitie | Commission de la Justice", "van Woensdag 12 november
    2025 Namiddag ______ | du Mercredi ...").
    """
    cells: list[str] = []
    for p in paras:
        if not p.cell:
            break
        cells.append(p.cell)
    if len(cells) < 2:  # one labelled row is a masthead ("Tweede Kamer ... | 2"), not a title
        return None
    title = " ".join(cells)
    return title if title and len(title) <= _TITLE_MAX else None


def _lead_title(lead: list[_Para], doc_type: DocType) -> str | None:
    """A declaration's title block up to its dateline; else the first heading."""
    parts = [p.text for p in lead if not _QUOTED.match(p.text)]
    if not parts:
        return None
    if doc_type != "declaration":
        return parts[0]
    dateline = next((i for i, t in enumerate(parts) if _DATELINE.match(t)), len(parts) - 1)
    return " ".join(parts[: dateline + 1])


@cache
def _doc_type_cues() -> tuple[tuple[DocType, tuple[re.Pattern[str], ...]], ...]:
    raw = resources.files("briefgen.data").joinpath("doctypes.toml").read_text("utf-8")
    table = tomllib.loads(raw)
    return tuple(
        (entry["name"], tuple(re.compile(c, re.IGNORECASE) for c in entry["cues"]))
        for entry in table["type"]
    )


def _cue_type(opening: list[_Para]) -> DocType:
    for name, cues in _doc_type_cues():
        if any(cue.search(p.text) for cue in cues for p in opening):
            return name
    return "other"


def _leading_headings(paras: list[_Para]) -> list[_Para]:
    """The title block: headings before the first body paragraph or numbered heading."""
    lead = []
    for p in paras:
        if not p.heading or _NUMBERED.match(p.text):
            break
        lead.append(p)
    return lead


# ------------------------------------------------------------------ helpers


def _opening(paras: list[_Para], count: int = _OPENING_PARAGRAPHS) -> list[_Para]:
    out: list[_Para] = []
    size = 0
    for p in paras[:count]:
        out.append(p)
        size += len(p.text)
        if size >= _OPENING_CHARS:
            break
    return out


def _first(pattern: re.Pattern[str], texts: list[str]) -> str | None:
    for text in texts:
        m = pattern.search(text)
        if m:
            return m.group(1)
    return None


def _day(text: str | None) -> date | None:
    """The date a text like "2 februari 2023" names, if it names exactly one day."""
    if not text:
        return None
    days = [f for f in find_dates(text) if f.kind == "day" and not f.year_inferred]
    return days[0].first if len(days) == 1 else None


def _office(caps: str) -> str:
    """A minister's title in capitals, written the way the Flemish Parliament does."""
    words = caps.lower().split()
    out = []
    after_minister_van = False
    for i, word in enumerate(words):
        bare = word.strip(",")
        if i == 0 or bare in _PROPER_IN_OFFICE or (after_minister_van and bare not in {"en", "de"}):
            word = word[0].upper() + word[1:]
        if bare == "van" and i and words[i - 1] == "minister":
            after_minister_van = True
        elif bare == "minister":
            after_minister_van = False
        out.append(word)
    return " ".join(out)


# ------------------------------------------------------------------ sidecar


def _sidecar_fields(data: Mapping[str, object], source: str) -> dict[str, object]:
    """Check and normalise sidecar values: dates as dates, everything else as text."""
    unknown = sorted(set(data) - SIDECAR_KEYS)
    if unknown:
        raise ConfigError(
            f"{source}: unknown key {unknown[0]!r}",
            hint=f"known: {', '.join(sorted(SIDECAR_KEYS))}",
        )
    out: dict[str, object] = {}
    for key, value in data.items():
        if key in _DATE_KEYS:
            out[key] = _sidecar_date(value, key, source)
        elif key == "type":
            if value not in get_args(DocType):
                raise ConfigError(
                    f"{source}: type {value!r} is not a document type",
                    hint=f"one of: {', '.join(get_args(DocType))}",
                )
            out[key] = value
        elif isinstance(value, str | int) and not isinstance(value, bool):
            out[key] = str(value).strip()
        else:
            raise ConfigError(f"{source}: {key} must be text, not {type(value).__name__}")
    return out


def _sidecar_date(value: object, key: str, source: str) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ConfigError(f"{source}: {key} must be a date like 2018-11-05, not {value!r}")


def _apply_sidecar(meta: DocumentMeta, side: Mapping[str, object]) -> DocumentMeta:
    text_fields = {"title": "title", "number": "number", "asker": "asker"}
    text_fields |= {"addressee": "addressee", "place": "place", "theme": "theme_line"}
    changes: dict[str, object] = {
        field: side[key] for key, field in text_fields.items() if key in side
    }
    if "type" in side:
        changes["doc_type"] = side["type"]
    for key in ("question_date", "answer_date"):
        if key in side:
            changes[key] = side[key]
    dated = [side[k] for k in ("date", "answer_date", "question_date") if k in side]
    if dated:
        changes["date"] = dated[0]
        changes["date_source"] = "sidecar"
    return replace(meta, **changes)  # type: ignore[arg-type]
