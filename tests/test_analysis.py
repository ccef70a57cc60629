"""The analyser: folding, tokens, Dutch stems, stop words, offsets back to the text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from store_docs import SEED_META, sentences

from briefgen.analysis import (
    MAX_TOKEN_CHARS,
    analyze,
    fold,
    query_stems,
    stem_tokens,
    stems,
    stopwords,
    token_spans,
    tokens,
)


def test_fold_lowers_and_drops_accents_ligatures_and_soft_hyphens() -> None:
    assert fold("Financiële") == "financiele"
    assert fold("geïndustrialiseerde") == "geindustrialiseerde"
    assert fold("ﬁnanciering") == "financiering"
    assert fold("beper\xadktere") == "beperktere"  # soft hyphen of a PDF text layer
    assert fold("CAFE\u0301") == "cafe"  # decomposed accent


def test_tokens_split_hyphenated_compounds_into_their_parts() -> None:
    assert tokens("het stimuleren van nul-emissie personen- en vrachtvervoer") == [
        "het",
        "stimuleren",
        "van",
        "nul",
        "emissie",
        "personen",
        "en",
        "vrachtvervoer",
    ]
    assert tokens("in ’s-Hertogenbosch op 9 en 10 februari 2023") == [
        "in",
        "s",
        "hertogenbosch",
        "op",
        "9",
        "en",
        "10",
        "februari",
        "2023",
    ]
    assert tokens("snake_case") == ["snake", "case"]


def test_overlong_runs_are_not_tokens() -> None:
    junk = "x" * (MAX_TOKEN_CHARS + 1)
    assert tokens(f"lerarentekort {junk} taskforce") == ["lerarentekort", "taskforce"]
    assert [s.token for s in token_spans(f"{junk} taskforce")] == ["taskforce"]


def test_dutch_stems_join_inflections_seen_in_the_seeds() -> None:
    assert stems("leraar leraren") == ["lerar", "lerar"]
    assert stems("Vlaams Vlaamse") == ["vlam", "vlam"]
    assert stems("school scholen") == ["schol", "schol"]
    assert stems("samenwerking samenwerken") == ["samenwerk", "samenwerk"]
    assert stems("emissie emissies transities transitie") == ["emissie"] * 2 + ["transitie"] * 2
    # a compound is one word: it does not turn into its head
    assert stems("lerarentekort") == ["lerarentekort"]
    assert stems("minister ministers") == ["minister", "minister"]


def test_analyze_is_the_space_joined_stems() -> None:
    for sentence in sentences("003_top_middelburg_2018.txt")[:20]:
        assert analyze(sentence) == " ".join(stems(sentence))
        assert len(analyze(sentence).split()) == len(tokens(sentence))


def test_stopwords_are_folded_and_dropped_from_queries_only() -> None:
    words = stopwords()
    assert {"de", "het", "een", "van"} <= words
    assert all(w == fold(w) and w.isalpha() for w in words)
    assert query_stems("de leraren en het lerarentekort van de leraar") == [
        "lerar",
        "lerarentekort",
    ]
    assert "het" in analyze("het lerarentekort").split()  # kept in the index: phrases


def test_token_spans_point_at_the_original_characters() -> None:
    text = (
        "De Minister-presidenten spraken over nul-emissie en ’s-Hertogenbosch; café\u0301 ﬁnanciële"
    )
    spans = token_spans(text)
    assert [s.token for s in spans] == tokens(text)
    assert [text[s.start : s.end] for s in spans] == [
        "De",
        "Minister",
        "presidenten",
        "spraken",
        "over",
        "nul",
        "emissie",
        "en",
        "s",
        "Hertogenbosch",
        "café\u0301",  # the combining accent stays with its letter
        "ﬁnanciële",
    ]


@given(
    st.text(max_size=200)
    | st.lists(st.sampled_from(["emissies", "Studies", "kies", "x_y", "é"])).map(" ".join)
)
def test_stems_take_one_path_for_text_and_for_tokens(text: str) -> None:
    assert stems(text) == stem_tokens(tokens(text))


@given(st.text(max_size=200))
def test_token_spans_agree_with_tokens_on_any_text(text: str) -> None:
    spans = token_spans(text)
    assert [s.token for s in spans] == tokens(text)
    for s in spans:
        assert 0 <= s.start < s.end <= len(text)
        assert s.token in fold(text[s.start : s.end])


def test_every_seed_analyses_and_round_trips_its_offsets() -> None:
    for name in SEED_META:
        for sentence in sentences(name):
            spans = token_spans(sentence)
            assert [fold(sentence[s.start : s.end]) for s in spans] == [s.token for s in spans]
