"""Meeting briefings: meetings found in the seeds, the series, follow-up, --meeting, output."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import docx
import jsonschema
import pytest
from referencing import Registry, Resource
from render_sample import AGODI_ROW

from briefgen import api
from briefgen.config import Settings
from briefgen.errors import ConfigError, NotFoundError
from briefgen.meeting import (
    FoundMeetings,
    MeetingBriefing,
    PastMeeting,
    build_meeting,
    find_meetings,
    load_meeting_file,
    load_meeting_lexicon,
    meeting_data,
    render_meeting,
)
from briefgen.meeting.follow_up import QUOTES_REASON
from briefgen.render.i18n import reason_text
from briefgen.render.markdown import md
from briefgen.store import Store
from briefgen.themes import load_catalogue

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "meeting-top-2025.toml"
SCHEMAS = ROOT / "briefgen" / "schema"

DECLARATION_2023 = "004_slotverklaring_top_2023.txt"
QUESTION_319 = "000_vraag319_regeringstop_onderwijs_2023.txt"
QUESTION_385 = "001_vraag385_onderwijstop_vervolg_2024.txt"
MIDDELBURG = "003_top_middelburg_2018.txt"
AGODI_GOAL = f"{AGODI_ROW} — Doelstelling"


@pytest.fixture(scope="module")
def store(seed_store: Path) -> Store:
    with Store.open(seed_store, readonly=True) as opened:
        yield opened


@pytest.fixture(scope="module")
def paths(store: Store) -> dict[str, str]:
    """document id -> seed file name."""
    return {d.id: d.path for d in store.documents()}


@pytest.fixture(scope="module")
def found(store: Store) -> FoundMeetings:
    return find_meetings(store)


def _meeting(found: FoundMeetings, key: str) -> PastMeeting:
    return next(m for m in found.meetings if m.key == key)


@pytest.fixture(scope="module")
def example(store: Store) -> MeetingBriefing:
    """The shipped example meeting, in Dutch."""
    return build_meeting(
        store,
        load_meeting_file(EXAMPLE),
        load_catalogue(),
        lang="nl",
        locale="nl_BE",
        generated=date(2025, 11, 1),
    )


# ------------------------------------------------------------------ the series


def test_meetings_found_in_the_seeds_in_order(found: FoundMeetings) -> None:
    summary = [(m.key, m.place, m.date) for m in found.meetings]
    assert summary == [
        ("top-2016", "Gent", date(2016, 1, 1)),
        ("top-2018-11-05", "Middelburg", date(2018, 11, 5)),
        ("top-2020", None, date(2020, 1, 1)),
        ("onderwijstop-2023-01-23", "Antwerpen", date(2023, 1, 23)),
        ("top-2023-01-31", "’s-Hertogenbosch", date(2023, 1, 31)),
        ("onderwijstop-2024-03-26", "Rotterdam", date(2024, 3, 26)),
    ]
    assert [(s.series.slug, s.year) for s in found.starts] == [("top", 2011)]


def test_declarations_are_their_meetings(found: FoundMeetings, paths: dict[str, str]) -> None:
    middelburg = _meeting(found, "top-2018-11-05")
    assert middelburg.declaration is not None
    assert paths[middelburg.declaration.id] == MIDDELBURG
    assert middelburg.editions == ("4e",)
    bosch = _meeting(found, "top-2023-01-31")
    assert bosch.declaration is not None and paths[bosch.declaration.id] == DECLARATION_2023
    assert bosch.editions == ("zesde",)  # "de zesde editie van de ... regeringstop" (vraag 319)
    # "Den Bosch" in question 319 is the same place, and its "dinsdag 31 januari" the same day
    assert {paths[m.document.id] for m in bosch.mentions} >= {QUESTION_319, DECLARATION_2023}


def test_the_2020_summit_is_dated_by_year_only(found: FoundMeetings) -> None:
    summit = _meeting(found, "top-2020")
    assert summit.precision == "year" and summit.declaration is None
    assert any("grotendeels digitaal" in m.sentence for m in summit.mentions)
    assert any("transportnetwerken voor waterstof" in m.sentence for m in summit.mentions)


def test_education_summit_sources_differ_on_the_year(
    found: FoundMeetings, paths: dict[str, str]
) -> None:
    """Seed 001's question says 23 January 2024, its answer and the declaration 2023."""
    summit = _meeting(found, "onderwijstop-2023-01-23")
    assert summit.dates_differ
    first, second = summit.dates
    assert first.value == date(2023, 1, 23)
    assert {paths[r.document_id] for r in first.sources} == {
        DECLARATION_2023,
        QUESTION_319,
        QUESTION_385,
    }
    assert second.value == date(2024, 1, 23)
    assert [paths[r.document_id] for r in second.sources] == [QUESTION_385]
    # "maandag 23 januari 2024": 23 January 2024 was a Tuesday (2023's was a Monday)
    assert second.literals == ("maandag 23 januari 2024",)
    assert second.weekday_written == "maandag"
    assert first.weekday_written is None


def test_leaders_and_back_references_are_no_meetings(found: FoundMeetings) -> None:
    """Not meetings: "de top van mijn administratie", "die top ... op 26 april 2023"."""
    days = {d.value for m in found.meetings for d in m.dates}
    assert date(2023, 2, 9) not in days
    assert date(2023, 4, 26) not in days
    sentences = [m.sentence for meeting in found.meetings for m in meeting.mentions]
    assert not any("top van mijn administratie" in s for s in sentences)
    assert not any(s.startswith("Zal die tweede onderwijstop") for s in sentences)  # a question


def test_resolve_meeting_names(found: FoundMeetings) -> None:
    lex = load_meeting_lexicon()
    assert found.resolve("Top 2023", lex).key == "top-2023-01-31"
    assert found.resolve("summit 2018", lex).key == "top-2018-11-05"
    assert found.resolve("onderwijstop 2023", lex).key == "onderwijstop-2023-01-23"
    assert found.resolve("Top Middelburg", lex).key == "top-2018-11-05"
    with pytest.raises(NotFoundError, match="no meeting 'Top 2019'") as missing:
        found.resolve("Top 2019", lex)
    assert "Top 2018 (Middelburg, 2018-11-05)" in str(missing.value)
    with pytest.raises(NotFoundError, match="several meetings match 'onderwijstop'"):
        found.resolve("onderwijstop", lex)


def test_series_of_the_example_lists_the_meetings_with_what_was_agreed(
    example: MeetingBriefing, paths: dict[str, str]
) -> None:
    entries = [(e.when, e.meeting.key if e.meeting else "start") for e in example.series]
    assert entries == [
        (date(2011, 1, 1), "start"),
        (date(2016, 1, 1), "top-2016"),
        (date(2018, 11, 5), "top-2018-11-05"),
        (date(2020, 1, 1), "top-2020"),
        (date(2023, 1, 23), "onderwijstop-2023-01-23"),
        (date(2023, 1, 31), "top-2023-01-31"),
        (date(2024, 3, 26), "onderwijstop-2024-03-26"),
    ]
    by_key = {e.meeting.key: e for e in example.series if e.meeting}
    middelburg = by_key["top-2018-11-05"]
    assert middelburg.agreed_total > len(middelburg.agreed) == 5
    assert all(it.section == "commitments" for it in middelburg.agreed)
    assert "ambtelijke taskforce" in middelburg.agreed[0].text
    education = by_key["onderwijstop-2023-01-23"]
    challenges = education.reports[0]
    assert "vier gemeenschappelijke uitdagingen" in challenges.text
    # the declaration's sentence, also quoted in answer 319: one item citing both
    assert [paths[r.document_id] for r in challenges.sources] == [DECLARATION_2023, QUESTION_319]
    rotterdam = by_key["onderwijstop-2024-03-26"]
    assert any("Er is beslist" in it.text for it in rotterdam.agreed)


# ------------------------------------------------------------------- follow-up


def test_follow_up_holds_the_2023_commitments(
    example: MeetingBriefing, paths: dict[str, str]
) -> None:
    rows = [r for r in example.follow_up if r.meeting.key == "top-2023-01-31"]
    assert len(rows) >= 5
    for row in rows:
        assert paths[row.commitment.sources[0].document_id] == DECLARATION_2023
        assert row.commitment.section == "commitments"
        assert (row.status == "mentioned_later") == bool(row.later)
        for later in row.later:
            assert later.sources[0].date and later.sources[0].date > date(2023, 1, 31)
    by_text = {r.commitment.text: r for r in rows}
    seminar = next(r for t, r in by_text.items() if "kennisseminar" in t)
    assert seminar.status == "no_later_mention"  # no later document speaks of it
    einstein = [r for t, r in by_text.items() if "Einstein Telescoop" in t]
    assert einstein and all(r.status == "no_later_mention" for r in einstein)
    values = next(r for t, r in by_text.items() if t.startswith("De borging van publieke"))
    assert values.status == "mentioned_later"
    assert paths[values.later[0].sources[0].document_id] == QUESTION_319
    assert values.later[0].reason == QUOTES_REASON


def test_follow_up_of_the_education_summit(example: MeetingBriefing, paths: dict[str, str]) -> None:
    row = next(
        r
        for r in example.follow_up
        if r.meeting.key == "onderwijstop-2023-01-23" and "uitdagingen" in r.commitment.text
    )
    assert row.status == "mentioned_later"
    later = {paths[it.sources[0].document_id]: it for it in row.later}
    assert set(later) == {QUESTION_319, QUESTION_385}  # the answers of 2023 and 2024
    assert "basisvaardigheden" in later[QUESTION_385].text
    why = reason_text(later[QUESTION_385].reason, "nl")
    assert why.startswith("deelt de onderwerpstermen: ") and "basisvaardigheden" in why
    assert reason_text(later[QUESTION_385].reason, "en").startswith("shares the subject terms: ")


def test_meeting_date_bounds_the_series(store: Store) -> None:
    """A meeting file for 31 January 2023: only meetings before it, none after."""
    spec = load_meeting_file(EXAMPLE)
    spec = replace(spec, date=date(2023, 1, 31), agenda=spec.agenda[:1], follow_up=1)
    mb = build_meeting(
        store, spec, load_catalogue(), lang="nl", locale="nl_BE", generated=date(2023, 1, 30)
    )
    keys = [e.meeting.key for e in mb.series if e.meeting]
    assert keys == ["top-2016", "top-2018-11-05", "top-2020", "onderwijstop-2023-01-23"]
    assert {r.meeting.key for r in mb.follow_up} == {"top-2020", "onderwijstop-2023-01-23"}
    undated = build_meeting(
        store,
        replace(spec, date=None, follow_up=0),
        load_catalogue(),
        lang="nl",
        locale="nl_BE",
        generated=date(2025, 1, 1),
    )
    assert len([e for e in undated.series if e.meeting]) == 6 and not undated.follow_up
    assert undated.notes == (
        "Het vergaderbestand geeft geen datum: elke gevonden vergadering telt als eerder.",
    )


# ---------------------------------------------------------------------- output


def test_example_renders_to_markdown_docx_and_json(example: MeetingBriefing) -> None:
    text = render_meeting(example, "md").decode("utf-8")
    assert text.startswith("# Briefing voor de vergadering: Vlaams-Nederlandse Top 2025\n")
    assert "- **Datum:** dinsdag 25 november 2025" in text
    assert "## Agendapunt 3: Kandidatuur Einstein Telescoop" in text
    assert "### 23 januari 2023: Vlaams-Nederlandse onderwijstop, Antwerpen" in text
    assert "de bronnen verschillen over de datum" in text
    assert "die dag is dinsdag 23 januari 2024" in text
    assert "| geen latere vermelding |" in text and "| later vermeld |" in text

    document = docx.Document(io.BytesIO(render_meeting(example, "docx")))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["Deelnemers", "Agenda", "Agendapunt 1: Onderwijs"]
    assert {"Eerdere vergaderingen van deze reeks", "Opvolging van de engagementen"} <= set(
        headings
    )
    follow_tables = [t for t in document.tables if t.rows[0].cells[0].text == "Engagement"]
    assert len(follow_tables) == 4  # one per followed-up meeting
    assert sum(len(t.rows) - 1 for t in follow_tables) == len(example.follow_up)

    data = json.loads(render_meeting(example, "json"))
    assert data == json.loads(json.dumps(meeting_data(example)))
    briefing = json.loads((SCHEMAS / "briefing.schema.json").read_text("utf-8"))
    schema = json.loads((SCHEMAS / "meeting.schema.json").read_text("utf-8"))
    registry = Registry().with_resources(
        [(s["$id"], Resource.from_contents(s)) for s in (briefing, schema)]
    )
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(
        schema, registry=registry, format_checker=jsonschema.FormatChecker()
    ).validate(data)
    refs = {r["ref"] for row in data["follow_up"] for r in row["commitment"]["sources"]}
    assert refs and max(refs) <= len(data["sources"])


def test_explained_follow_up_gives_its_reasons_in_the_briefings_language(
    example: MeetingBriefing,
) -> None:
    text = render_meeting(example, "md", explain=True).decode("utf-8")
    assert "*(citeert het engagement)*" in text and "*(deelt de onderwerpstermen: " in text
    assert "quotes the commitment" not in text and "shares the subject terms" not in text
    english = replace(example, lang="en", locale="en_GB")
    text = render_meeting(english, "md", explain=True).decode("utf-8")
    assert "*(quotes the commitment)*" in text and "*(shares the subject terms: " in text


def test_a_label_shared_by_consecutive_quotes_is_shown_once(example: MeetingBriefing) -> None:
    items = meeting_data(example)["agenda"][0]["sections"][0]["items"]
    goal = [it for it in items if it["label"] == AGODI_GOAL]
    assert len(goal) == 5
    ref = goal[0]["sources"][0]["ref"]

    text = render_meeting(example, "md").decode("utf-8")
    point = text.split("## Agendapunt 1: Onderwijs\n")[1].split("## Agendapunt 2")[0]
    background = point.split("### Achtergrond\n")[1].split("### ")[0]
    assert background.count(AGODI_GOAL) == 1
    block = f"- **{md(AGODI_GOAL)}:**\n" + "".join(
        f"  - “{md(it['text'])}” [{ref}, antw. 2-3]\n" for it in goal
    )
    assert block in background

    paragraphs = docx.Document(io.BytesIO(render_meeting(example, "docx"))).paragraphs
    texts = [p.text for p in paragraphs]
    start = texts.index("Achtergrond", texts.index("Agendapunt 1: Onderwijs"))
    end = next(i for i in range(start + 1, len(paragraphs)) if paragraphs[i].style.name != "Quote")
    section = texts[start + 1 : end]
    (lead,) = [n for n, t in enumerate(section) if AGODI_GOAL in t]
    assert section[lead] == f"{AGODI_GOAL}:"
    expected = [f"• “{it['text']}” [{ref},\u00a0antw.\u00a02-3]" for it in goal]
    assert section[lead + 1 : lead + 6] == expected


def test_title_block_dates_in_both_languages(seed_settings: Settings, tmp_path: Path) -> None:
    meeting = tmp_path / "top.toml"
    meeting.write_text(
        'title = "Top"\ndate = 2023-01-31\nfollow_up = 0\n'
        '[[agenda]]\nquery = "Einstein Telescoop"\n',
        encoding="utf-8",
    )
    # Babel's full date of each locale (CLDR's en_GB puts a comma after the weekday)
    for lang, expected in (("nl", "dinsdag 31 januari 2023"), ("en", "Tuesday, 31 January 2023")):
        out = tmp_path / f"top.{lang}.md"
        api.write_meeting(seed_settings, meeting, out=str(out), lang=lang)
        assert f":** {expected}\n" in out.read_text("utf-8")
    english = (tmp_path / "top.en.md").read_text("utf-8")
    assert "## Earlier meetings of this kind" in english
    assert "### 2011: start of the Flemish-Dutch summit\n" in english
    assert "### 23 January 2023: Flemish-Dutch education summit, Antwerpen\n" in english


# ------------------------------------------------------------------ --meeting


def test_theme_briefing_limited_to_one_meeting(
    seed_settings: Settings, paths: dict[str, str]
) -> None:
    request = api.BriefRequest(subject="onderwijs", meeting="Top 2023", generated=date(2024, 5, 1))
    briefing = api.build_briefing(seed_settings, request)
    cited = {paths[r.document_id] for s in briefing.sections for it in s.items for r in it.sources}
    assert cited == {DECLARATION_2023, QUESTION_319}
    assert briefing.notes and "’s-Hertogenbosch, 31 januari 2023" in briefing.notes[0]
    texts = [it.text for s in briefing.sections for it in s.items]
    assert any("vier gemeenschappelijke uitdagingen" in t for t in texts)
    with pytest.raises(NotFoundError, match="no meeting 'Top 2019'"):
        api.build_briefing(seed_settings, api.BriefRequest("onderwijs", meeting="Top 2019"))


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('title = "x"\n', "no \\[\\[agenda\\]\\] points"),
        (
            'title = "x"\nwhen = 2025-01-01\n[[agenda]]\ntheme = "onderwijs"\n',
            "unknown field 'when'",
        ),
        (
            'title = "x"\n[[agenda]]\ntheme = "onderwijs"\nquery = "x"\n',
            "either 'theme' or 'query'",
        ),
        ('title = "x"\nseries = ["top", "x"]\n[[agenda]]\ntheme = "energie"\n', "series 'x'"),
        ('title = "x"\ndate = "morgen"\n[[agenda]]\ntheme = "energie"\n', "Invalid isoformat"),
        ('title = "x"\nfollow_up = -1\n[[agenda]]\ntheme = "energie"\n', "'follow_up' must be"),
        ("title = \n", "invalid TOML"),
    ],
)
def test_bad_meeting_files_name_the_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "vergadering.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as error:
        load_meeting_file(path)
    assert str(path) in str(error.value)


def test_missing_meeting_file(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="does not exist"):
        load_meeting_file(tmp_path / "nope.toml")


def test_an_agenda_theme_that_is_no_theme(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_text('title = "x"\n[[agenda]]\ntheme = "Einstein Telescoop"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="agenda point 1: 'Einstein Telescoop' is no theme"):
        build_meeting(
            store,
            load_meeting_file(path),
            load_catalogue(),
            lang="nl",
            locale="nl_BE",
            generated=date(2025, 1, 1),
        )


def test_broken_series_file_names_itself(tmp_path: Path) -> None:
    path = tmp_path / "meetings.toml"
    path.write_text('[words]\nrefers_back = []\n[[series]]\nslug = "top"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="series 'top': 'name_nl' is missing") as error:
        load_meeting_lexicon(path)
    assert str(path) in str(error.value)
