"""compose: the parts of a briefing put together in a stable order."""

from __future__ import annotations

from pathlib import Path

from briefgen.clean import clean
from briefgen.compose import KERN_CHARS, items_for, kern, open_question_items, sources
from briefgen.models import Document, DocumentMeta, Item, Passage, SourceRef
from briefgen.read import read_document
from briefgen.render.i18n import reason_text
from briefgen.select import Selected

QUESTION = Document(
    id="q", path="q.txt", sha256="", fmt="txt",
    meta=DocumentMeta(doc_type="written_question", title="Vraag"), text="",
)  # fmt: skip


def test_same_titled_undated_sources_are_numbered_by_path() -> None:
    docs = {
        k: Document(
            id=k, path=f"{p}.txt", sha256="", fmt="txt",
            meta=DocumentMeta(doc_type="press_release", title="Persbericht"), text="",
        )
        for k, p in [("x1", "c"), ("x2", "a"), ("x3", "b")]
    }  # fmt: skip
    items = [
        Item("t", (SourceRef(k, "", "Persbericht", "press_release", None, None),), "background")
        for k in ("x1", "x3", "x2")
    ]
    assert [s.path for s in sources(items, docs)] == ["a.txt", "b.txt", "c.txt"]
    assert sources(items, docs) == sources(items[::-1], docs)


def test_a_list_item_gives_its_lead_in_as_reason_in_each_language() -> None:
    """The item's words are no cue; the sentence introducing the list is, and is quoted."""
    lead_in = "Die middelen zullen aangewend worden om:"
    passage = Passage("q:0002", "q", 2, "een netwerk van scholen.", 0, 24, kind="list_item")
    (item,) = items_for(Selected(passage, QUESTION, 1.0, 1.0, (), lead_in=lead_in))
    assert item.section == "commitments"
    assert reason_text(item.reason, "nl") == (
        f"punt van een opsomming, ingeleid door: “{lead_in}” "
        "(de zin bevat ‘zullen’: kondigt aan wat er zal gebeuren)"
    )
    assert reason_text(item.reason, "en") == (
        f"item of a list introduced by: “{lead_in}” (cue 'zullen': announces what will be done)"
    )


def test_an_unanswered_sub_question_says_why_in_each_language() -> None:
    passage = Passage("q:0001", "q", 1, "Hoeveel leraren ontbreken er?", 0, 29, part="question")
    (item,) = open_question_items([(passage, QUESTION)])
    assert item.section == "open_points"
    assert reason_text(item.reason, "nl") == (
        "gesteld in een schriftelijke vraag; de documenten bevatten er geen antwoord op"
    )
    assert reason_text(item.reason, "en") == (
        "asked in a written question; the corpus holds no answer to it"
    )


def test_a_preamble_of_one_long_sentence_is_no_key_point() -> None:
    treaty = Path(__file__).parent / "fixtures" / "realdocs" / "BWBV0001274.md"
    text = clean(read_document(treaty)).text
    paragraphs = text.split("\n\n")
    preamble = next(p for p in paragraphs if p.startswith("Het Koninkrijk der Nederlanden"))
    article = next(p for p in paragraphs if p.startswith("De Verdragsluitende Partijen werken"))
    assert len(preamble) > KERN_CHARS > len(article)
    ref = SourceRef("t", "", "Verdrag", "treaty", None, None)
    items = [
        Item(preamble, (ref,), "background", score=2.0),  # the better match, ranked first
        Item(article, (ref,), "background", score=1.0),
    ]
    assert [k.text for k in kern(items)] == [article]


def test_an_agenda_number_is_no_key_point() -> None:
    """Of a decision list's "30 . Agendapunt: ...", the first "sentence" is "30 ."."""
    listed = Path(__file__).parent / "fixtures" / "realdocs"
    text = clean(
        read_document(listed / "besluitenlijst_procedurevergadering_BiZa_2009-04-02.pdf")
    ).text
    item = next(p for p in text.split("\n\n") if p.startswith("30 . Agendapunt: Gebruik van"))
    ref = SourceRef("b", "", "Besluitenlijst", "other", None, None)
    other = "Het kabinet zal de Kamer voor de zomer over de evaluatie informeren."
    items = [
        Item(item, (ref,), "background", score=2.0),
        Item(other, (ref,), "background", score=1.0),
    ]
    assert [k.text for k in kern(items)] == [other]
