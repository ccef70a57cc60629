"""Selection: themes and queries, cut-off from the evidence, duplicates merged."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.errors import NotFoundError
from briefgen.models import Document, DocumentMeta, Passage
from briefgen.select import Selected, merge_duplicates, select, theme_topic, topic_for
from briefgen.store import Store
from briefgen.themes import load_catalogue


@pytest.fixture(scope="module")
def store(seed_store: Path) -> Store:
    return Store.open(seed_store, readonly=True)


def test_the_quoted_declaration_paragraph_is_one_selection_citing_both(store: Store) -> None:
    chosen = select(store, theme_topic(load_catalogue().get("onderwijs")))
    quoted = [s for s in chosen if s.passage.text.startswith("Op het vlak van onderwijs")]
    assert len(quoted) == 1
    assert quoted[0].document.meta.doc_type == "declaration"
    assert [d.meta.number for _, d in quoted[0].also_in] == ["319"]


def test_a_thin_theme_gets_a_short_selection(store: Store) -> None:
    catalogue = load_catalogue()
    rich = select(store, theme_topic(catalogue.get("onderwijs")))
    thin = select(store, theme_topic(catalogue.get("media")))
    assert 0 < len(thin) < len(rich) / 5


def test_sub_questions_are_not_selected_as_statements(store: Store) -> None:
    chosen = select(store, theme_topic(load_catalogue().get("onderwijs")))
    assert all(s.passage.part != "question" for s in chosen)


def test_a_one_word_typo_is_an_unknown_theme_but_a_phrase_is_a_query() -> None:
    catalogue = load_catalogue()
    with pytest.raises(NotFoundError, match="closest: onderwijs"):
        topic_for("onderwys", catalogue)
    topic = topic_for("Einstein Telescoop", catalogue)
    assert topic.slug is None and topic.label == "Einstein Telescoop"
    assert topic_for("education", catalogue).slug == "onderwijs"


def _selected(doc_id: str, ordinal: int, text: str) -> Selected:
    passage = Passage(
        id=f"{doc_id}:{ordinal:04d}", doc_id=doc_id, ordinal=ordinal, text=text, start=0,
        end=len(text), kind="paragraph", part="body",
    )  # fmt: skip
    meta = DocumentMeta(doc_type="declaration", title=doc_id)
    doc = Document(id=doc_id, path=f"{doc_id}.txt", sha256="", fmt="txt", meta=meta, text=text)
    return Selected(passage, doc, 1.0, 0.1, ())


def test_a_document_that_repeats_itself_is_not_merged_with_itself() -> None:
    text = "De ministers spraken af samen te werken aan het lerarentekort in beide landen."
    chosen = [_selected("a", n, text) for n in range(1, 6)] + [_selected("b", 1, text)]
    merged = merge_duplicates(chosen)
    # the five copies of "a" stay apart; the first absorbs "b", which quotes it
    assert [s.passage.id for s in merged] == [f"a:{n:04d}" for n in range(1, 6)]
    assert [p.id for p, _ in merged[0].also_in] == ["b:0001"]


def test_an_answer_that_says_only_ja_is_left_out_of_a_briefing(tmp_path: Path) -> None:
    """Kamervraag 2168 answers question 1 with "Ja.": without the question it says nothing."""
    from briefgen.ingest import ingest

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    source = Path(__file__).parent / "fixtures" / "realdocs" / "ah-2023-2024-2168.pdf"
    (corpus / source.name).write_bytes(source.read_bytes())
    assert not ingest([corpus], tmp_path / "store", jobs=1).failed
    with Store.open(tmp_path / "store", readonly=True) as s:
        (doc,) = s.documents(full=True)
        assert "Ja." in [p.text for p in doc.passages if p.part == "answer"]
        chosen = select(s, theme_topic(load_catalogue().get("energie")))
    texts = [c.passage.text for c in chosen]
    assert "Ja." not in texts
    assert any("leveringszekerheid" in t for t in texts)  # the energy words of the theme
    assert len({c.passage.numbers for c in chosen if c.passage.part == "answer"}) >= 8


def test_a_name_in_a_theme_is_matched_as_written_not_by_its_stems(tmp_path: Path) -> None:
    """The Dutch stemmer makes "Openbaar Ministerie" and "Open Ministerie" alike."""
    from briefgen.analysis import stems
    from briefgen.ingest import ingest

    assert stems("Openbaar Ministerie") == stems("Open Ministerie")
    source = Path(__file__).parent / "fixtures" / "realdocs"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    name = "toegankelijkheidsonderzoek_open.minvws.nl_p1-3.pdf"
    (corpus / name).write_bytes((source / name).read_bytes())
    assert not ingest([corpus], tmp_path / "store", jobs=1).failed
    with Store.open(tmp_path / "store", readonly=True) as s:
        (doc,) = s.documents(full=True)
        assert "Website: Open Ministerie VWS" in [p.text for p in doc.passages]
        chosen = select(s, theme_topic(load_catalogue().get("veiligheid-en-criminaliteit")))
    assert not [c for c in chosen if "Open Ministerie" in c.passage.text]
