"""JSON output: the committed schema, the required shape, agreement with the Markdown."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from render_sample import DOCS, NO_THIRD_SUMMIT, TSI, hostile_briefing, sample_briefing

from briefgen.models import Briefing
from briefgen.render import jsondata, render
from briefgen.render.markdown import md

SCHEMA = json.loads(
    (
        Path(__file__).resolve().parent.parent / "briefgen" / "schema" / "briefing.schema.json"
    ).read_text(encoding="utf-8")
)
GLOSSARY = Path(__file__).resolve().parent / "fixtures" / "render" / "glossary.toml"


def _json(briefing: Briefing) -> dict[str, Any]:
    data = render(briefing, "json")
    assert data.endswith(b"\n")
    loaded: dict[str, Any] = json.loads(data.decode("utf-8"))
    return loaded


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize(
    "briefing",
    [
        sample_briefing(),
        sample_briefing("en", "en_GB"),
        hostile_briefing(),
        replace(sample_briefing(), kern=(), sections=()),
    ],
    ids=["nl", "en", "hostile", "empty"],
)
def test_output_validates_against_the_committed_schema(
    briefing: Briefing, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jsondata, "GLOSSARY_PATH", GLOSSARY)
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(
        _json(briefing)
    )


def test_schema_rejects_what_it_should() -> None:
    data = _json(sample_briefing())
    validator = jsonschema.Draft202012Validator(SCHEMA)
    bad_key = json.loads(json.dumps(data))
    bad_key["sections"][0]["key"] = "achtergrond"
    no_source = json.loads(json.dumps(data))
    no_source["sections"][0]["items"][0]["sources"] = []
    float_amount = json.loads(json.dumps(data))
    float_amount["amounts"][0]["amount"]["value"] = 2428000.0
    for broken in (bad_key, no_source, float_amount):
        assert not validator.is_valid(broken)


def test_sections_items_and_sources_have_the_required_fields() -> None:
    data = _json(sample_briefing())
    assert [s["key"] for s in data["sections"]] == ["background", "commitments", "open_points"]
    assert [s["title"] for s in data["sections"]] == [
        "Achtergrond",
        "Eerdere engagementen",
        "Openstaande punten",
    ]
    open_points = data["sections"][2]["items"]
    assert open_points[0]["text"] == NO_THIRD_SUMMIT
    for section in data["sections"]:
        for item in section["items"]:
            assert item["text"] and item["section"] == section["key"]
            for source in item["sources"]:
                assert {"document_id", "title", "date", "passage_id"} <= source.keys()
    tsi = next(i for i in data["sections"][1]["items"] if i["text"] == TSI)
    assert tsi["sources"][0] | {"ref": 0} == {
        "ref": 0,
        "document_id": "001_vraag385_onderwijstop_vervolg_2024",
        "passage_id": "001_vraag385_onderwijstop_vervolg_2024:0001",
        "title": "Nederlands-Vlaamse onderwijstop - Vervolg",
        "doc_type": "written_question",
        "number": "385",
        "date": "2024-04-26",
        "locator": "antw. 1+3",
        "link": "https://docs.vlaamsparlement.be/pfile?id=2063647",
    }
    start = TSI.index("700.000 euro")
    assert tsi["amounts"] == [
        {"literal": "700.000 euro", "start": start, "end": start + 12, "value": "700000",
         "currency": "EUR", "per": "once", "approximate": False}
    ]  # fmt: skip


TSI_CUE = "trekt de Europese commissie 700.000 euro uit"


@pytest.mark.parametrize(
    ("lang", "locale", "why"),
    [
        ("nl", "nl_BE", f"de zin bevat ‘{TSI_CUE}’: er wordt geld uitgetrokken"),
        ("en", "en_GB", f"cue '{TSI_CUE}': money is set aside"),
    ],
)
def test_reason_is_a_string_in_the_briefings_language(lang: str, locale: str, why: str) -> None:
    data = _json(sample_briefing(lang, locale))
    assert data["lang"] == lang
    assert next(i for i in data["sections"][1]["items"] if i["text"] == TSI)["reason"] == why
    assert {i["reason"] for i in data["sections"][0]["items"]} == {""}  # none given


def test_values_are_iso_dates_and_decimal_strings() -> None:
    data = _json(sample_briefing())
    assert data["generated"] == "2024-05-06"
    assert data["period"] == {"from": "2015-01-29", "to": "2024-04-26"}
    assert [s["date"] for s in data["sources"]] == [
        d.date.isoformat() for d in (DOCS[k] for k in ("002", "003", "004", "000", "001")) if d.date
    ]
    values = {row["amount"]["value"] for row in data["amounts"]}
    assert values == {"2428000", "3000", "3330000", "1500000", "700000"}


def test_deterministic_and_unicode() -> None:
    first = render(sample_briefing(), "json")
    assert first == render(sample_briefing(), "json")
    assert "“Door grenzen heen verbonden”".encode() in first  # ensure_ascii=False


def test_markdown_shows_what_the_json_holds() -> None:
    """One data model feeds both: the JSON quotes, labels and titles are all in the Markdown."""
    data = _json(sample_briefing())
    text = render(sample_briefing(), "md").decode("utf-8")
    items = data["kern"] + [i for s in data["sections"] for i in s["items"]]
    for item in items:
        assert md(item["text"]) in text
        if item["label"]:
            assert md(item["label"]) in text
    for entry in data["timeline"]:
        assert md(entry["text"]) in text
    for source in data["sources"]:
        assert md(source["title"]) in text
    assert (
        len(data["timeline"])
        == text.split("## Tijdlijn")[1].split("## Bedragen")[0].count("\n| ") - 1
    )


def test_an_uncited_source_is_added_to_the_list() -> None:
    base = sample_briefing()
    data = _json(replace(base, sources=base.sources[:-1]))  # drop doc 001, still cited
    assert data["sources"][-1]["document_id"] == "001_vraag385_onderwijstop_vervolg_2024"
    refs = {s["ref"] for i in data["kern"] for s in i["sources"]}
    assert refs <= {s["ref"] for s in data["sources"]}
