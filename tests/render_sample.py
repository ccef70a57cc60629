"""A Briefing built by hand from sentences of the seed documents, for the render tests.

Every quote is looked up in its seed file (line breaks and the spaces around them
normalised, as clean would) so a test cannot quote a sentence the corpus does not hold.
Facts are built by hand with the values the sentences state.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from briefgen.classify import BACKGROUND_REASON, classify_text
from briefgen.compose import LIST_ITEM_REASON
from briefgen.models import (
    AmountFact,
    AmountRow,
    Briefing,
    DateFact,
    Item,
    Reason,
    Section,
    SectionKey,
    SourceDoc,
    SourceRef,
    TimelineEntry,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

DOCS: dict[str, SourceDoc] = {
    "000": SourceDoc(
        "000_vraag319_regeringstop_onderwijs_2023", "written_question",
        "Nederlands-Vlaamse regeringstop - Onderwijs", "319", date(2023, 2, 2), None,
        "000_vraag319_regeringstop_onderwijs_2023.txt",
    ),
    "001": SourceDoc(
        "001_vraag385_onderwijstop_vervolg_2024", "written_question",
        "Nederlands-Vlaamse onderwijstop - Vervolg", "385", date(2024, 4, 26),
        "https://docs.vlaamsparlement.be/pfile?id=2063647",
        "001_vraag385_onderwijstop_vervolg_2024.txt",
    ),
    "002": SourceDoc(
        "002_vraag218_samenwerking_onderwijs_2015", "written_question",
        "Samenwerking Vlaanderen-Nederland - Onderwijs", "218", date(2015, 1, 29), None,
        "002_vraag218_samenwerking_onderwijs_2015.txt",
    ),
    "003": SourceDoc(
        "003_top_middelburg_2018", "declaration",
        "Gezamenlijke verklaring 4e Vlaams-Nederlandse top, Middelburg", None,
        date(2018, 11, 5), None, "003_top_middelburg_2018.txt",
    ),
    "004": SourceDoc(
        "004_slotverklaring_top_2023", "declaration",
        "Slotverklaring Nederlands-Vlaamse Top \u201cDoor grenzen heen verbonden\u201d", None,
        date(2023, 1, 31), None, "004_slotverklaring_top_2023.txt",
    ),
}  # fmt: skip


@cache
def _seed_text(doc: str) -> str:
    raw = next(SEEDS.glob(f"{doc}_*.txt")).read_text(encoding="utf-8")
    return re.sub(r"\s*\n\s*", " ", raw)


def seed_sentence(doc: str, first: str, last: str) -> str:
    """The sentence of seed ``doc`` that runs from ``first`` to ``last``, verbatim."""
    text = _seed_text(doc)
    start = text.index(first)
    return text[start : text.index(last, start) + len(last)]


def ref(doc: str, locator: str = "", passage: int = 1) -> SourceRef:
    d = DOCS[doc]
    return SourceRef(
        d.document_id, f"{d.document_id}:{passage:04d}", d.title, d.doc_type, d.number, d.date,
        locator, d.link,
    )  # fmt: skip


def day(text: str, literal: str, d: date, **kw: object) -> DateFact:
    start = text.index(literal)
    return DateFact(literal, start, start + len(literal), "day", d, d, **kw)  # type: ignore[arg-type]


def span(text: str, literal: str, kind: str, first: date, last: date, **kw: object) -> DateFact:
    start = text.index(literal)
    return DateFact(literal, start, start + len(literal), kind, first, last, **kw)  # type: ignore[arg-type]


def money(text: str, literal: str, value: str, **kw: object) -> AmountFact:
    start = text.index(literal)
    return AmountFact(literal, start, start + len(literal), Decimal(value), **kw)  # type: ignore[arg-type]


# ------------------------------------------------------------------------ sentences

EXCELLENTIE = seed_sentence("000", "Vandaar dat ik een Excellentiefonds", "wil oprichten.")
TSI = seed_sentence("001", "Voor het TSI-project trekt", "700.000 euro uit.")
NO_THIRD_SUMMIT = seed_sentence("001", "Wegens de huidige formatiegesprekken", "Onderwijstop.")
TASKFORCE = seed_sentence(
    "003", "De ministers beschouwen het lerarentekort", "taskforce op te zetten."
)
SCHOOLS_ABROAD = seed_sentence(
    "003", "De ministers zijn verheugd over de meerjarige", "aangesloten scholen."
)
SUMMIT_2023 = seed_sentence(
    "004", "Op het vlak van onderwijs wordt er samengewerkt", "versterken beroepsonderwijs."
)
NVAO = seed_sentence("002", "In 2015 ontvangt de NVAO", "2.428.000 euro.")
TAALUNIE = seed_sentence("002", "De Taalunie is de beleidsorganisatie", "Nederlandse taal.")
LAGE_LANDEN = seed_sentence("000", "We bekijken of we op dat niveau", "kunnen organiseren.")
KNOWLEDGE = seed_sentence("000", "Op 9 en 10 februari 2023 kwamen", "mogelijk zijn.")
OVERLEG_2015 = seed_sentence(
    "002",
    "Naar aanleiding van het overleg van maandag 26 januari 2015",
    "op het vlak van onderwijs.",
)
PEER_REVIEW = seed_sentence("002", "In een eerste fase (januari 2015)", "aan een doorlichting.")
ET_2023_2024 = seed_sentence(
    "004", "Voor wat betreft de komst van de Einstein Telescoop zullen we", "2023-2024."
)
ET_ROUNDTABLE = seed_sentence(
    "004", "Nederland en Vlaanderen zijn verheugd over de oprichting", "eind 2022."
)
ET_SPRING = seed_sentence(
    "004", "Vlaanderen heeft daarom het initiatief", "terug samen te brengen."
)
OFFICIALS_BUDGET = seed_sentence("002", "Een gemiddelde raming per schooljaar", "3000 euro.")
# a row label of seed 002's flattened table; its cells' items are labelled "row — column"
AGODI_ROW = seed_sentence("002", "Samenwerking tussen het Agentschap", "Uitvoering Onderwijs (DUO)")


def item(text: str, section: SectionKey, *refs: SourceRef, **kw: object) -> Item:
    return Item(text=text, sources=refs, section=section, **kw)  # type: ignore[arg-type]


def sample_briefing(lang: str = "nl", locale: str = "nl_BE") -> Briefing:
    """An education briefing over the five seeds, in the shape compose produces."""
    excellentie = item(
        EXCELLENTIE,
        "commitments",
        ref("000", "antw."),
        reason=classify_text(EXCELLENTIE).reason,
        amounts=(money(EXCELLENTIE, "ongeveer 1,5 miljoen euro", "1500000", approximate=True),),
    )
    tsi = item(
        TSI,
        "commitments",
        ref("001", "antw. 1+3"),
        reason=classify_text(TSI).reason,
        amounts=(money(TSI, "700.000 euro", "700000", per="once"),),
    )
    no_summit = item(
        NO_THIRD_SUMMIT,
        "open_points",
        ref("001", "antw. 4"),
        reason=classify_text(NO_THIRD_SUMMIT).reason,
    )
    taskforce = item(TASKFORCE, "commitments", ref("003"), reason=classify_text(TASKFORCE).reason)
    abroad = item(
        SCHOOLS_ABROAD,
        "commitments",
        ref("003"),
        reason=classify_text(SCHOOLS_ABROAD).reason,
        amounts=(money(SCHOOLS_ABROAD, "€ 3,33 miljoen euro", "3330000", per="year"),),
    )
    summit = item(
        SUMMIT_2023,
        "background",
        ref("004", "", 40),
        ref("000", "antw."),
        dates=(day(SUMMIT_2023, "23 januari 2023", date(2023, 1, 23)),),
    )
    nvao = item(
        NVAO,
        "background",
        ref("002", "antw. 4"),
        label="Nederlands-Vlaamse Accreditatie Organisatie — Budget",
    )
    taalunie = item(
        TAALUNIE, "background", ref("002", "antw. 2-3"), label="Nederlandse Taalunie — Doelstelling"
    )
    lage_landen = item(
        LAGE_LANDEN, "open_points", ref("000", "antw."), reason=classify_text(LAGE_LANDEN).reason
    )
    timeline = (
        TimelineEntry(
            span(
                ET_SPRING,
                "voorjaar van 2023",
                "period",
                date(2023, 3, 1),
                date(2023, 5, 31),
                approximate=True,
            ),
            ET_SPRING,
            ref("004"),
        ),
        TimelineEntry(
            day(OVERLEG_2015, "26 januari 2015", date(2015, 1, 26)), OVERLEG_2015, ref("002")
        ),
        TimelineEntry(
            span(PEER_REVIEW, "januari 2015", "month", date(2015, 1, 1), date(2015, 1, 31)),
            PEER_REVIEW,
            ref("002", "antw. 2-3"),
        ),
        TimelineEntry(
            span(
                ET_ROUNDTABLE,
                "eind 2022",
                "period",
                date(2022, 10, 1),
                date(2022, 12, 31),
                approximate=True,
            ),
            ET_ROUNDTABLE,
            ref("004"),
        ),
        TimelineEntry(
            day(SUMMIT_2023, "23 januari 2023", date(2023, 1, 23)), SUMMIT_2023, ref("004")
        ),
        TimelineEntry(
            span(KNOWLEDGE, "9 en 10 februari 2023", "range", date(2023, 2, 9), date(2023, 2, 10)),
            KNOWLEDGE,
            ref("000", "antw."),
        ),
        TimelineEntry(
            span(ET_2023_2024, "2023-2024", "range", date(2023, 1, 1), date(2024, 12, 31)),
            ET_2023_2024,
            ref("004"),
        ),
    )
    amounts = (
        AmountRow(NVAO, money(NVAO, "2.428.000 euro", "2428000"), ref("002", "antw. 4")),
        AmountRow(
            OFFICIALS_BUDGET,
            money(OFFICIALS_BUDGET, "+/- 3000 euro", "3000", approximate=True),
            ref("002", "antw. 4"),
        ),
        AmountRow(SCHOOLS_ABROAD, abroad.amounts[0], ref("003")),
        AmountRow(EXCELLENTIE, excellentie.amounts[0], ref("000", "antw.")),
        AmountRow(TSI, tsi.amounts[0], ref("001", "antw. 1+3")),
    )
    return Briefing(
        subject="Onderwijs" if lang == "nl" else "Education",
        theme_slug="onderwijs",
        lang=lang,
        locale=locale,
        generated=date(2024, 5, 6),
        audience="Minister-president, voorbereiding Vlaams-Nederlandse top",
        period=(date(2015, 1, 29), date(2024, 4, 26)),
        kern=(summit, excellentie, tsi, taskforce, no_summit),
        sections=(
            Section("background", (summit, taalunie, nvao)),
            Section("commitments", (taskforce, abroad, excellentie, tsi)),
            Section("open_points", (no_summit, lage_landen)),
        ),
        timeline=timeline,
        amounts=amounts,
        sources=tuple(DOCS[k] for k in ("002", "003", "004", "000", "001")),
        notes=(),
    )


HOSTILE = (
    "<script>alert(1)</script> [x](javascript:alert(1)) a | b *vet* _schuin_ `code` "
    "\\ ~~weg~~ \x00nul\x01\x07\x1b ctrl \ud800 eenzaam \ufffe\n# kop\n- lijst"
)


def hostile_briefing(lang: str = "nl", locale: str = "nl_BE") -> Briefing:
    """The sample with hostile text in every field a source or a user can fill."""
    base = sample_briefing(lang, locale)
    bad_doc = SourceDoc("evil", "other", "# Titel " + HOSTILE, "1|2", None,
                        "javascript:alert(1)", "evil\x00.txt")  # fmt: skip
    bad_ref = SourceRef("evil", "evil:0001", bad_doc.title, "other", "1|2", None,
                        "§ <1>", "javascript:alert(1)")  # fmt: skip
    reason = Reason(LIST_ITEM_REASON, (("lead_in", HOSTILE), ("why", BACKGROUND_REASON)))
    bad_item = Item("# kop " + HOSTILE, (bad_ref,), "open_points", reason=reason, label=HOSTILE)
    timeline = (*base.timeline, TimelineEntry(
        DateFact("eind <2022>", 0, 11, "period", date(2022, 10, 1), date(2022, 12, 31), True),
        "| " + HOSTILE, bad_ref))  # fmt: skip
    amounts = (*base.amounts, AmountRow(HOSTILE, base.amounts[0].amount, bad_ref))
    sections = tuple(
        replace(s, items=(*s.items, bad_item)) if s.key == "open_points" else s
        for s in base.sections
    )
    return replace(
        base,
        subject="# " + HOSTILE,
        audience=HOSTILE,
        kern=(*base.kern, bad_item),
        sections=sections,
        timeline=timeline,
        amounts=amounts,
        sources=(*base.sources, bad_doc),
        notes=(HOSTILE,),
    )
