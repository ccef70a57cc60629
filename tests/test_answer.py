"""Answer drafts on the seeds: what is cited, what is flagged none, and how it is laid out."""

from __future__ import annotations

import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import docx
import jsonschema
import pytest
from click.testing import CliRunner

from briefgen import api
from briefgen.analysis import stems
from briefgen.answer import draft, is_same_question, numbers_label, trim
from briefgen.cli import cli
from briefgen.config import Settings
from briefgen.ingest import ingest
from briefgen.models import AnswerBlock, AnswerDraft, Document, DocumentMeta
from briefgen.question import read_question, read_question_text
from briefgen.render.answer_word import answer_data, render_answer
from briefgen.store import Store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
Q319 = SEEDS / "000_vraag319_regeringstop_onderwijs_2023.txt"
Q385 = SEEDS / "001_vraag385_onderwijstop_vervolg_2024.txt"
Q218 = SEEDS / "002_vraag218_samenwerking_onderwijs_2015.txt"
TK = ROOT / "tests" / "fixtures" / "realdocs" / "ah-tk-20202021-3235.xml"
BEFORE = ROOT / "tests" / "fixtures" / "answers"  # Flemish drafts made before the TK layout
SCHEMA = json.loads((ROOT / "briefgen" / "schema" / "answer.schema.json").read_text("utf-8"))
FOUR_CHALLENGES = (
    "vier gemeenschappelijke uitdagingen: basisvaardigheden, lerarenstrategie, "
    "digitalisering van het onderwijs en versterken beroepsonderwijs"
)
GENERATED = date(2024, 6, 1)


def _store_without(seed: str, root: Path) -> Path:
    corpus = root / "corpus"
    corpus.mkdir()
    for path in SEEDS.iterdir():
        if not path.name.startswith(seed) and path.name != "README.md":
            shutil.copy2(path, corpus / path.name)
    report = ingest([corpus], root / "store", jobs=1)
    assert not report.failed
    return root / "store"


@pytest.fixture(scope="module")
def without_319(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store.open(_store_without("000", tmp_path_factory.mktemp("loo000")), readonly=True) as s:
        yield s


@pytest.fixture(scope="module")
def without_385(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store.open(_store_without("001", tmp_path_factory.mktemp("loo001")), readonly=True) as s:
        yield s


@pytest.fixture(scope="module")
def seeds(seed_store: Path) -> Iterator[Store]:
    with Store.open(seed_store, readonly=True) as s:
        yield s


@pytest.fixture(scope="module")
def draft_385(without_385: Store) -> AnswerDraft:
    return draft(without_385, read_question(Q385), generated=GENERATED)


def _block(d: AnswerDraft, number: int) -> AnswerBlock:
    return next(b for b in d.blocks if number in b.numbers)


# ------------------------------------------------------------------- must-haves


def test_319_left_out_cites_the_education_paragraph_of_the_2023_declaration(
    without_319: Store,
) -> None:
    d = draft(without_319, read_question(Q319), generated=GENERATED)
    cited = [e for b in d.blocks for e in b.extracts if FOUR_CHALLENGES in e.item.text]
    assert cited, [e.item.text for b in d.blocks for e in b.extracts]
    ref = cited[0].item.sources[0]
    assert (ref.doc_type, ref.date, ref.locator) == ("declaration", date(2023, 1, 31), "§ 1.b")
    assert cited[0].lead.startswith("In de verklaring van 31 januari 2023")


def test_385_left_out_flags_the_700000_euro_none(draft_385: AnswerDraft) -> None:
    block = _block(draft_385, 3)
    assert block.support == "none" and block.extracts == ()
    assert block.placeholder == "[Geen informatie gevonden in het corpus: aan te vullen]"
    data = answer_data(draft_385)
    jsonschema.validate(data, SCHEMA)
    by_number = {s["number"]: s for s in data["subquestions"]}
    assert by_number[3]["support"] == "none" and by_number[3]["items"] == []


def test_385_left_out_answers_2_and_flags_the_dates_of_the_summit(draft_385: AnswerDraft) -> None:
    block = _block(draft_385, 2)
    assert block.support == "found"
    assert "basisvaardigheden" in block.extracts[0].item.text
    (clash,) = block.disagreements
    assert clash.event == "onderwijstop"
    days = sorted(c.when.first for c in clash.claims)
    assert days == [date(2023, 1, 23), date(2024, 1, 23)]
    assert any(c.source is None for c in clash.claims)  # the question's own intro says 2024
    assert "23 januari 2023" in clash.note and "23 januari 2024" in clash.note


def test_385_left_out_sub_questions_1_and_4_have_no_answer_in_the_corpus(
    draft_385: AnswerDraft,
) -> None:
    assert [_block(draft_385, n).support for n in (1, 4)] == ["none", "none"]


def test_stdin_numbered_list(seed_store: Path) -> None:
    text = (
        "1. Hoe zal de ondersteuning van 700.000 euro aangewend worden?\n"
        "2. Welke afspraken werden gemaakt over het lerarentekort?\n"
        "3. Hoeveel kost de nieuwe brug over de Schelde?\n"
    )
    result = CliRunner().invoke(
        cli,
        ["answer", "-", "--store", str(seed_store), "--format", "json", "--out", "-"],
        input=text,
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    data = json.loads(result.output)
    jsonschema.validate(data, SCHEMA)
    support = {s["number"]: s["support"] for s in data["subquestions"]}
    assert support == {1: "found", 2: "found", 3: "none"}
    first = data["subquestions"][0]["items"][0]
    assert "700.000 euro" in first["text"] and first["text"].endswith("(onder andere):")
    assert [i["text"][:15] for i in first["list"]][-1] == "Analyse van bes"  # the whole list
    assert "lerarentekort" in data["subquestions"][1]["items"][0]["text"]
    assert data["question"]["number"] is None and data["minister"]["name"] is None
    assert data["minister"]["placeholder"] == "[Minister: aan te vullen]"


# ------------------------------------------------------------ never its own answer


def test_own_document_is_left_out_of_a_full_corpus(seeds: Store) -> None:
    d = draft(seeds, read_question(Q385), generated=GENERATED)
    own = {s.document_id for s in d.left_out}
    assert len(own) == 1
    cited = {r.document_id for b in d.blocks for e in b.extracts for r in e.item.sources}
    assert not own & cited
    assert _block(d, 3).support == "none"


def test_same_question_rule() -> None:
    meta = DocumentMeta(
        doc_type="written_question", number="385", question_date=date(2024, 4, 26), asker="A B"
    )
    doc = Document("x", "x.txt", "0", "txt", meta, "")
    q = read_question(Q385)
    assert is_same_question(doc, q)  # same number and date
    other_year = Document(
        "y",
        "y.txt",
        "0",
        "txt",
        DocumentMeta(doc_type="written_question", number="385", question_date=date(2019, 1, 5)),
        "",
    )
    assert not is_same_question(other_year, q)  # numbers restart: another question
    asker = Document(
        "z",
        "z.txt",
        "0",
        "txt",
        DocumentMeta(
            doc_type="written_question", asker="Karolien Grosemans", question_date=date(2024, 4, 26)
        ),
        "",
    )
    assert is_same_question(asker, q)


# ----------------------------------------------------------------------- quotes


def test_every_quote_is_verbatim_from_its_cited_passage(seeds: Store) -> None:
    for seed in sorted(SEEDS.glob("00[0-2]_*.txt")):
        d = draft(seeds, read_question(seed), generated=GENERATED)
        for block in d.blocks:
            assert (block.support == "none") == (not block.extracts)
            assert len(block.extracts) <= 3
            for extract in block.extracts:
                for it in (extract.item, *extract.follows):
                    (passage,) = seeds.passages([it.sources[0].passage_id])
                    assert it.text in passage.text


def test_older_material_shows_its_date(seeds: Store) -> None:
    q = read_question_text("1. Wat is de Taalunie?\n")
    d = draft(seeds, q, generated=date(2026, 1, 1))
    (extract,) = d.blocks[0].extracts
    assert extract.item.sources[0].date == date(2015, 1, 29)
    assert extract.note == "[Ouder materiaal: 29 januari 2015, 10 jaar oud]"


def test_numbers_label() -> None:
    assert numbers_label([1, 3]) == "1+3"
    assert numbers_label([3, 2]) == "2-3"
    assert numbers_label([1, 2, 3, 5]) == "1-3+5"


def test_trim_keeps_whole_sentences_around_the_wanted_words() -> None:
    text = " ".join(f"Zin {n} gaat over iets anders dan de rest van de tekst." for n in range(12))
    text += " Het lerarentekort is acuut. De taskforce start. " + text
    start, end = trim(text, frozenset(stems("lerarentekort taskforce")))
    assert text[start:end].startswith("Het lerarentekort is acuut. De taskforce start.")
    assert text[end - 1] == "."


# ---------------------------------------------------------------------- formats


def test_markdown_is_laid_out_like_a_real_answer(draft_385: AnswerDraft) -> None:
    md = render_answer(draft_385, "md").decode("utf-8")
    assert md.startswith("> **ONTWERP**")
    for line in (
        "**BEN WEYTS**",
        "**ANTWOORD**",
        "op vraag nr. 385 van 26 april 2024",
        "van KAROLIEN GROSEMANS",
        "**3.** **\\[Geen informatie gevonden in het corpus: aan te vullen\\]**",
        "## Bronnen",
    ):
        assert line in md, line
    assert md.index("**1.**") < md.index("**2.**") < md.index("**3.**") < md.index("**4.**")


def test_english_draft(draft_385: AnswerDraft, without_385: Store) -> None:
    d = draft(without_385, read_question(Q385), lang="en", locale="en_GB", generated=GENERATED)
    md = render_answer(d, "md").decode("utf-8")
    assert "**ANSWER**" in md and "to question no. 385 of 26 April 2024" in md
    assert "[No information found in the corpus: to be completed]" in md.replace("\\", "")
    assert "The declaration of 31 January 2023" in md and "(NL)" in md


def test_word_draft(draft_385: AnswerDraft) -> None:
    document = docx.Document(io.BytesIO(render_answer(draft_385, "docx")))
    text = [p.text for p in document.paragraphs]
    assert text[0].startswith("ONTWERP — ")
    assert "ANTWOORD" in text and "van KAROLIEN GROSEMANS" in text
    assert "3. [Geen informatie gevonden in het corpus: aan te vullen]" in text
    assert any(
        p.style.name == "Quote" and "basisvaardigheden" in p.text for p in document.paragraphs
    )
    assert document.core_properties.title == "Ontwerpantwoord op vraag nr. 385"
    assert render_answer(draft_385, "docx") == render_answer(draft_385, "docx")


def test_api_writes_the_file(seed_settings: Settings, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "antwoord.json"
    request = api.AnswerRequest(path=Q385, generated=GENERATED)
    assert api.write_answer(seed_settings, request, out=str(out)) == out
    jsonschema.validate(json.loads(out.read_text("utf-8")), SCHEMA)


def test_corpus_option_drafts_from_another_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy2(SEEDS / "004_slotverklaring_top_2023.txt", corpus)
    store = tmp_path / "s"
    args = ["answer", str(Q319), "--corpus", str(corpus), "--store", str(store), "-f", "json"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    data = json.loads(result.output)
    assert [s["title"] for s in data["sources"]] == [
        "Slotverklaring Nederlands-Vlaamse Top ’s-Hertogenbosch, 31 januari 2023"
    ]
    assert any(FOUR_CHALLENGES in i["text"] for a in data["answers"] for i in a["items"])


# ----------------------------------------------------------------------- layouts


def _tk_questions() -> list[str]:
    """The sub-questions of 3235 as the official XML edition holds them."""
    return ["".join(al.itertext()) for al in ET.parse(TK).getroot().iterfind(".//vraag/al")]


@pytest.fixture(scope="module")
def draft_tk(seeds: Store) -> AnswerDraft:
    return draft(seeds, read_question(TK), generated=GENERATED)


def test_tweede_kamer_question_is_answered_in_its_layout(draft_tk: AnswerDraft) -> None:
    md = render_answer(draft_tk, "md").decode("utf-8")
    lines = md.split("\n\n")
    assert lines[0].startswith("> **ONTWERP**")
    assert lines[1] == (
        "**Vragen van de leden Van Weyenberg, Romke de Jong en Kat (allen D66) aan de Minister "
        "van Sociale Zaken en Werkgelegenheid over de TOZO (ingezonden 3 juni 2021)**"
    )
    assert lines[2] == (
        "Antwoord van Koolmees (Minister van Sociale Zaken en Werkgelegenheid) "
        "(ontvangen \\[datum: aan te vullen\\])"
    )
    asked = _tk_questions()
    assert len(asked) == 9
    at = 0
    for n, text in enumerate(asked, start=1):  # in order, each question as asked, unquoted
        block = f"**Vraag {n}**\n\n{text}\n\n**Antwoord {n}**\n\n"
        assert md.find(block, at) > at, n
        at = md.find(block, at)
    assert "ANTWOORD" not in md and "**1.**" not in md and "“" not in md
    assert md.count("**\\[Geen informatie gevonden in het corpus: aan te vullen\\]**") == 9


def test_tweede_kamer_draft_in_english(seeds: Store) -> None:
    d = draft(seeds, read_question(TK), lang="en", locale="en_GB", generated=GENERATED)
    md = render_answer(d, "md").decode("utf-8")
    assert "over de TOZO (submitted 3 June 2021)**" in md
    assert "(received \\[date: to be completed\\])" in md
    assert "**Question 9**\n\nBent u bereid" in md and "**Answer 9**" in md
    assert "te verlagen naar het percentage van de TOZO-lening van 2%? (NL)\n" in md  # Dutch
    document = docx.Document(io.BytesIO(render_answer(d, "docx")))
    asked = [p.text for p in document.paragraphs if p.text.startswith("Bent u bereid")]
    assert len(asked) == 1 and asked[0].endswith("? (NL)")


def test_tweede_kamer_word_draft(draft_tk: AnswerDraft) -> None:
    document = docx.Document(io.BytesIO(render_answer(draft_tk, "docx")))
    paragraphs = [p for p in document.paragraphs if p.text]
    text = [p.text for p in paragraphs]
    assert text[1].endswith("over de TOZO (ingezonden 3 juni 2021)")
    assert text[2].endswith("(ontvangen [datum: aan te vullen])")
    for n, asked in enumerate(_tk_questions(), start=1):
        at = text.index(f"Vraag {n}")
        assert text[at + 1 : at + 4] == [
            asked,
            f"Antwoord {n}",
            "[Geen informatie gevonden in het corpus: aan te vullen]",
        ]
        assert paragraphs[at].runs[0].bold and paragraphs[at + 1].style.name != "Quote"
    assert "ANTWOORD" not in text


def test_layout_is_in_the_json(draft_tk: AnswerDraft, draft_385: AnswerDraft) -> None:
    tk, flemish = answer_data(draft_tk), answer_data(draft_385)
    for data in (tk, flemish):
        jsonschema.validate(data, SCHEMA)
    assert (tk["question"]["layout"], flemish["question"]["layout"]) == ("tweede_kamer", "flemish")
    assert tk["placeholders"]["date"] == "[datum: aan te vullen]"
    plain = dict(tk, question=dict(tk["question"], layout="plain"))
    jsonschema.validate(plain, SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(dict(tk, question=dict(tk["question"], layout="tk")), SCHEMA)


def _answer(args: list[str], seed_store: Path) -> str:
    result = CliRunner().invoke(
        cli, ["answer", *args, "--store", str(seed_store), "--out", "-"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_layout_option_forces_the_layout(seed_store: Path) -> None:
    tk = _answer([str(Q385), "--layout", "tweede-kamer"], seed_store)
    assert tk.split("\n\n")[1] == (
        "**Vragen van Karolien Grosemans over Nederlands-Vlaamse onderwijstop - Vervolg "
        "(ingezonden 26 april 2024)**"
    )
    assert tk.split("\n\n")[2].startswith("Antwoord van Ben Weyts (Viceminister-president ")
    assert "**Vraag 4**" in tk and "**Antwoord 4**" in tk and "**ANTWOORD**" not in tk
    data = json.loads(_answer([str(Q385), "--layout", "tweede-kamer", "-f", "json"], seed_store))
    assert data["question"]["layout"] == "tweede_kamer"
    flemish = _answer([str(TK), "--layout", "flemish"], seed_store)
    assert "**ANTWOORD**" in flemish and "**9.** " in flemish and "**Vraag 1**" not in flemish
    assert "op vraag nr. 3235 van 3 juni 2021" in flemish


def test_plain_list_in_the_tweede_kamer_layout_shows_what_is_missing(seed_store: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["answer", "-", "--layout", "tweede-kamer", "--store", str(seed_store), "--out", "-"],
        input="1. Wat is de Taalunie?\n",
        catch_exceptions=False,
    )
    head = result.output.split("\n\n")[1:3]
    assert head == [
        "**Vragen van \\[Vragensteller: aan te vullen\\] over \\[Onderwerp: aan te vullen\\] "
        "(ingezonden \\[datum: aan te vullen\\])**",
        "Antwoord van \\[Minister: aan te vullen\\] (ontvangen \\[datum: aan te vullen\\])",
    ]


def test_user_template_overrides_one_block_of_the_tweede_kamer_layout(
    draft_tk: AnswerDraft, tmp_path: Path
) -> None:
    (tmp_path / "answer.md.j2").write_text(
        '{% extends "default:answer.md.j2" %}\n'
        "{% block tk_header %}Aanhangsel {{ question.number }}\n\n{% endblock %}\n",
        "utf-8",
    )
    md = render_answer(draft_tk, "md", templates_dir=tmp_path).decode("utf-8")
    assert md.split("\n\n")[1:4] == ["Aanhangsel 3235", "**Vraag 1**", _tk_questions()[0]]


def _bodies(md: str, heading: str) -> dict[str, str]:
    """Each answer's body (placeholder, extracts, flags) by the heading that opens it."""
    answers = md[: md.index("\n## ")]
    parts = re.split(heading, answers, flags=re.MULTILINE)
    return {
        label: body.split("\n\n**Vraag ")[0].strip()
        for label, body in zip(parts[1::2], parts[2::2], strict=True)
    }


def test_grouped_answer_follows_all_its_questions_with_the_same_body(seeds: Store) -> None:
    flemish = draft(seeds, read_question(Q218), generated=GENERATED)
    tk = replace(flemish, question=replace(flemish.question, layout="tweede_kamer"))
    md = render_answer(tk, "md").decode("utf-8")
    first = md.index("**Vraag 1**")
    assert first < md.index("**Vraag 2**") < md.index("**Antwoord 1 en 2**") < md.index("**Vraag 3")
    assert "**Antwoord 1**" not in md and "**Antwoord 2**" not in md
    before = _bodies(render_answer(flemish, "md").decode("utf-8"), r"^\*\*(\S+)\.\*\* ")
    after = _bodies(md, r"^\*\*Antwoord (.+)\*\*\n\n")
    assert list(after) == ["1 en 2", "3", "4", "5"] and list(before) == ["1-2", "3", "4", "5"]
    assert list(after.values()) == list(before.values())
    word = [p.text for p in docx.Document(io.BytesIO(render_answer(tk, "docx"))).paragraphs]
    assert word.index("Vraag 2") < word.index("Antwoord 1 en 2") < word.index("Vraag 3")


def _word_content(data: bytes) -> list[Any]:
    """A Word file as its paragraphs (style, text, runs with bold and italic) and cells."""
    document = docx.Document(io.BytesIO(data))
    out: list[Any] = [
        ["p", p.style.name if p.style else "", p.text, [[r.text, r.bold, r.italic] for r in p.runs]]
        for p in document.paragraphs
    ]
    out += [["cell", c.text] for t in document.tables for row in t.rows for c in row.cells]
    return out


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("seed", sorted(SEEDS.glob("00[0-2]_*.txt")), ids=lambda p: p.name[:3])
def test_flemish_drafts_are_as_before_the_tweede_kamer_layout(
    seeds: Store, seed: Path, lang: str
) -> None:
    """The seeds' drafts as made before the Tweede Kamer layout existed (tests/fixtures/answers).

    Markdown byte for byte; Word as its styled runs (python-docx may pack the same
    document differently); JSON with only the fields added for the layouts left out.
    """
    locale = {"nl": "nl_BE", "en": "en_GB"}[lang]
    d = draft(seeds, read_question(seed), lang=lang, locale=locale, generated=GENERATED)
    assert d.question.layout == "flemish"
    name = f"{seed.name[:3]}.{lang}"
    assert render_answer(d, "md") == (BEFORE / f"{name}.md").read_bytes()
    word = json.loads((BEFORE / f"{name}.docx.json").read_text("utf-8"))
    assert _word_content(render_answer(d, "docx")) == word
    data = json.loads(render_answer(d, "json"))
    data["question"].pop("layout")
    data.pop("placeholders")
    assert data == json.loads((BEFORE / f"{name}.json").read_text("utf-8"))


TK_QUESTION = """Vragen van het lid Jansen (D66) aan de Minister van Onderwijs, Cultuur en
Wetenschap over het lerarentekort in Nederland en Vlaanderen (ingezonden 4 maart 2024).

Vraag 1
Wat hebben de Nederlandse en Vlaamse ministers afgesproken over het lerarentekort?
"""


def test_a_tweede_kamer_question_is_searched_by_its_subject(seeds: Store) -> None:
    """Its title also names the asker and the ministry, which no passage need hold."""
    question = read_question_text(TK_QUESTION)
    assert (question.layout, question.subject) == (
        "tweede_kamer",
        "het lerarentekort in Nederland en Vlaanderen",
    )
    (block,) = draft(seeds, question, generated=GENERATED).blocks
    quoted = " ".join(e.item.text for e in block.extracts)
    assert "hebben besloten een ambtelijke taskforce op te zetten" in quoted


def test_an_unknown_minister_keeps_the_known_title_in_both_formats(seeds: Store) -> None:
    question = replace(read_question_text(TK_QUESTION), layout="flemish")
    assert (question.addressee, question.addressee_title) == (
        None,
        "Minister van Onderwijs, Cultuur en Wetenschap",
    )
    d = draft(seeds, question, generated=GENERATED)
    md = render_answer(d, "md").decode("utf-8")
    heading = "**\\[Minister: aan te vullen\\]**  \n**MINISTER VAN ONDERWIJS, CULTUUR EN"
    assert heading in md
    document = docx.Document(io.BytesIO(render_answer(d, "docx")))
    text = [p.text for p in document.paragraphs if p.text]
    at = text.index("[Minister: aan te vullen]")
    assert text[at + 1] == "MINISTER VAN ONDERWIJS, CULTUUR EN WETENSCHAP"


def test_a_document_removed_while_drafting_is_still_cited_as_it_was_quoted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An ingest may remove a quoted document mid-draft: the draft keeps what it read."""
    import briefgen.answer as answer_mod

    folder = _store_without("001", tmp_path)
    expected = draft_for(folder)
    original = answer_mod._answer_block

    def remove_everything_then_answer(*args: Any, **kwargs: Any) -> Any:
        with Store.open(folder) as writer:
            for doc in writer.documents():
                writer.delete_document(doc.id)
        return original(*args, **kwargs)

    monkeypatch.setattr(answer_mod, "_answer_block", remove_everything_then_answer)
    assert draft_for(folder) == expected


def draft_for(folder: Path) -> AnswerDraft:
    with Store.open(folder, readonly=True) as s:
        return draft(s, read_question(Q385), generated=GENERATED)
