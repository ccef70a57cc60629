"""Search over the five seeds: stems, phrases, filters, boosts, and index repair."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from store_docs import seed_document, seed_documents

from briefgen.analysis import ANALYSER_VERSION
from briefgen.errors import StoreError
from briefgen.index import GENERATION_FILE, INDEX_FORMAT, PassageIndex, SearchQuery
from briefgen.store import INDEX_DIR, Store

SEED_003 = "003_top_middelburg_2018.txt"
FORMAT = f"{INDEX_FORMAT}.{ANALYSER_VERSION}"


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("seeds-store")
    with Store.open(folder) as writer:
        writer.add_documents(seed_documents())
    with Store.open(folder, readonly=True) as reader:
        yield reader


def _ids(store: Store, *entries: str, limit: int = 200, **options: Any) -> list[str]:
    query = SearchQuery(should=entries, **options)
    return [p.id for p, _ in store.search_passages(query, limit)]


def test_lerarentekort_ranks_the_middelburg_taskforce_sentences_first(seeds: Store) -> None:
    hits = seeds.search("lerarentekort")
    assert [h.document.id for h in hits] == ["003", "003"]
    assert "ambtelijke taskforce" in "".join(h.passage.text for h in hits)
    assert all("**lerarentekort**" in h.snippet for h in hits)


def test_excellentiefonds_finds_the_amount_passage(seeds: Store) -> None:
    passages = [h.passage for h in seeds.search("excellentiefonds")]
    assert {p.doc_id for p in passages} == {"000"}
    assert any("ongeveer 1,5 miljoen euro" in p.text for p in passages)


def test_inflections_meet_on_one_stem(seeds: Store) -> None:
    leraar = _ids(seeds, "leraar")
    leraren = _ids(seeds, "leraren")
    assert leraar and set(leraar) == set(leraren)
    texts = [p.text for p in seeds.passages(leraar)]
    assert any("leraren" in t for t in texts) and any("Vlaamse leraar." in t for t in texts)


def test_accents_and_case_do_not_matter(seeds: Store) -> None:
    assert _ids(seeds, "FINANCIELE") == _ids(seeds, "financiële") != []


def test_phrase_needs_the_words_in_order(seeds: Store) -> None:
    phrase = _ids(seeds, "nul emissie")
    assert len(phrase) == 1
    (passage,) = seeds.passages(phrase)
    assert "nul-emissie personen- en vrachtvervoer" in passage.text
    assert _ids(seeds, "nul-emissie") == phrase  # a compound is the phrase of its parts
    assert _ids(seeds, "emissie nul") == []
    assert set(phrase) < set(_ids(seeds, "emissie"))  # a part alone finds it too


def test_stop_words_alone_match_nothing_but_count_inside_phrases(seeds: Store) -> None:
    assert _ids(seeds, "de", "het", "van") == []
    inside = _ids(seeds, "minister van onderwijs")
    assert inside and set(inside) <= set(_ids(seeds, "minister", must=("onderwijs",), limit=1000))


def test_date_filter_uses_the_document_date(seeds: Store) -> None:
    everything = {p.split(":")[0] for p in _ids(seeds, "onderwijs", limit=1000)}
    assert everything == {"000", "001", "002", "003", "004"}
    in_2023 = _ids(seeds, "onderwijs", since=date(2023, 1, 1), until=date(2023, 12, 31))
    assert {p.split(":")[0] for p in in_2023} == {"000", "004"}
    since_2024 = _ids(seeds, "onderwijs", since=date(2024, 1, 1), limit=1000)
    assert {p.split(":")[0] for p in since_2024} == {"001"}
    with_undated = _ids(seeds, "onderwijs", since=date(2024, 1, 1), include_undated=True)
    assert {p.split(":")[0] for p in with_undated} == {"001", "003"}  # 003 has no date


def test_type_filter_and_excluded_documents(seeds: Store) -> None:
    declarations = _ids(seeds, "onderwijs", doc_types=("declaration",), limit=1000)
    assert {p.split(":")[0] for p in declarations} == {"003", "004"}
    rest = _ids(seeds, "onderwijs", exclude_doc_ids=("003", "004"), limit=1000)
    assert {p.split(":")[0] for p in rest} == {"000", "001", "002"}


def test_weights_change_the_ranking(seeds: Store) -> None:
    words = ("taskforce", "excellentiefonds")
    plain = seeds.search_passages(SearchQuery(should=words), limit=3)
    boosted = seeds.search_passages(SearchQuery(should=words, weights={"taskforce": 10.0}), 3)
    assert plain[0][0].doc_id == "000"  # the rarer word and the more often named
    assert boosted[0][0].doc_id == "003"


def test_context_field_matches_on_the_title(seeds: Store) -> None:
    titled = seeds.passages(_ids(seeds, "Middelburg", limit=1000))
    assert {p.doc_id for p in titled} == {"003"}  # "Middelburg" is in the title of 003
    in_text = [p for p in titled if "Middelburg" in p.text]
    assert in_text and len(titled) == len(seed_document(SEED_003).passages)
    assert titled[: len(in_text)] == in_text  # the text counts more than the title
    assert seeds.passages(_ids(seeds, "Middelburg", context_weight=0.0)) == in_text


def test_hits_carry_metadata_and_json(seeds: Store) -> None:
    (hit, *_) = seeds.search("excellentiefonds")
    data = hit.as_dict()
    assert data["document_id"] == "000" and data["date"] == "2023-02-02"
    assert data["title"] == "Nederlands-Vlaamse regeringstop - Onderwijs"
    assert "written question" in hit.heading_line() and "2023-02-02" in hit.heading_line()
    json.dumps(data)
    undated = seeds.search("lerarentekort")[0]
    assert "date unknown" in undated.heading_line()


# ------------------------------------------------------------------- repair


def _generation_file(folder: Path) -> Path:
    return folder / INDEX_DIR / GENERATION_FILE


def test_index_commit_failure_is_repaired_by_the_next_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(tmp_path) as s:
        s.put_document(seed_document("000_vraag319_regeringstop_onderwijs_2023.txt"))
        with monkeypatch.context() as patched:

            def fail(self: PassageIndex, generation: int) -> None:
                raise OSError("disk full")

            patched.setattr(PassageIndex, "commit", fail)
            s.put_document(seed_document(SEED_003))  # SQLite has it; the index does not
        assert s.get_document("003") is not None
        assert json.loads(_generation_file(tmp_path).read_text())["generation"] == 1
        assert s.search("lerarentekort") == []
        with s.writing():  # a writer notices the stale index and catches up
            pass
        assert [h.document.id for h in s.search("lerarentekort")] == ["003", "003"]
        assert json.loads(_generation_file(tmp_path).read_text())["generation"] == 2


def test_catch_up_also_applies_removals(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(tmp_path) as s:
        s.add_documents(seed_documents())
        with monkeypatch.context() as patched:

            def fail(self: PassageIndex, generation: int) -> None:
                raise OSError("disk full")

            patched.setattr(PassageIndex, "commit", fail)
            s.delete_document("003")  # gone from SQLite; the index still has it
        assert s.search("lerarentekort") == []  # its stale keys are skipped
        assert len(s._index.search(SearchQuery(should=("lerarentekort",)))) == 2
        with s.writing():
            pass
        assert s._index.search(SearchQuery(should=("lerarentekort",))) == []


@pytest.mark.parametrize("damage", ["missing", "ahead", "other-format", "garbled"])
def test_unusable_index_is_rebuilt_from_the_store(tmp_path: Path, damage: str) -> None:
    with Store.open(tmp_path) as s:
        s.add_documents(seed_documents())
    gen_file = _generation_file(tmp_path)
    if damage == "missing":
        for f in (tmp_path / INDEX_DIR).iterdir():
            f.unlink()
    elif damage == "garbled":
        (tmp_path / INDEX_DIR / "meta.json").write_text("{ not json")
    else:
        body = (
            {"format": FORMAT, "generation": 999}
            if damage == "ahead"
            else {"format": "0.1", "generation": 5}
        )
        gen_file.write_text(json.dumps(body))
    with Store.open(tmp_path, readonly=True) as reader:
        if damage != "ahead":  # a reader cannot tell an index that is ahead
            with pytest.raises(StoreError, match="--rebuild"):
                reader.search("lerarentekort")
    with Store.open(tmp_path) as s, s.writing():
        pass
    with Store.open(tmp_path, readonly=True) as reader:
        assert [h.document.id for h in reader.search("lerarentekort")] == ["003", "003"]
        assert {p.doc_id for p in reader.passages(_ids(reader, "onderwijs", limit=1000))} == {
            "000",
            "001",
            "002",
            "003",
            "004",
        }
    assert json.loads(gen_file.read_text()) == {"format": FORMAT, "generation": 5}
