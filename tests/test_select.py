"""Selection: themes and queries, cut-off from the evidence, duplicates merged."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.errors import NotFoundError
from briefgen.select import select, theme_topic, topic_for
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
