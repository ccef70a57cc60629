"""Sentence splitting and section cues, on paragraphs of the seeds.

Paragraphs are taken from the seed files with their line breaks collapsed to single
spaces (the passages chosen have no line-end hyphens, so no cleaning is needed).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen import classify
from briefgen.classify import (
    BACKGROUND_REASON,
    CUE_REASON,
    classify_passage,
    classify_text,
    compile_phrase,
    load_lexicon,
    split_sentences,
)
from briefgen.errors import ConfigError
from briefgen.render.i18n import available_languages

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
Q319 = "000_vraag319_regeringstop_onderwijs_2023.txt"
Q385 = "001_vraag385_onderwijstop_vervolg_2024.txt"
Q218 = "002_vraag218_samenwerking_onderwijs_2015.txt"
TOP2018 = "003_top_middelburg_2018.txt"
TOP2023 = "004_slotverklaring_top_2023.txt"


def seed_span(name: str, first: str, last: str) -> str:
    """The seed text from ``first`` up to and including ``last``, spaces collapsed."""
    text = re.sub(r"\s+", " ", (SEEDS / name).read_text(encoding="utf-8"))
    start = text.index(first)
    return text[start : text.index(last, start) + len(last)]


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


# ------------------------------------------------------------------------ sentences

TSI = seed_span(Q385, "1+3. Het samenwerkingsproject", "bij DG Reform van de Europese Commissie.")


def test_split_keeps_abbreviations_and_the_answer_number_inside_sentences() -> None:
    parts = sentences(TSI)
    assert [s.split()[:3] for s in parts] == [
        ["1+3.", "Het", "samenwerkingsproject"],
        ["Het", "instrument", "voor"],
        ["De", "steun", "wordt"],
        ["Het", "beheer", "van"],
        ["Vlaanderen", "en", "Nederland"],
        ["De", "eerste", "Vlaams-Nederlandse"],
        ["De", "contacten", "die"],
        ["Daaruit", "vloeide", "het"],
    ]
    assert "via het zgn. instrument voor technische ondersteuning (TSI)." in parts[0]
    assert "Digisprong en resp. Kennisnet en het ICT team" in parts[5]
    assert " ".join(parts) == TSI  # nothing lost between sentences


def test_split_on_abbreviations_before_capitals_and_digits() -> None:
    answer = seed_span(
        Q319, "ANTWOORD op vraag nr. 319", "bilateraal overleg plaats inzake onderwijs,"
    )
    assert len(sentences(answer)) == 1  # "nr. 319": not a sentence end
    hydrogen = seed_span(
        TOP2023, "Nederland en Vlaanderen erkennen de rol van koolstofarme", "in de regio."
    )
    assert len(sentences(hydrogen)) == 1  # "o.a. CCS/U-technologie"
    visit = seed_span(TOP2018, "Ook tussen bewindspersonen", "in overleg treden.")
    parts = sentences(visit)
    assert len(parts) == 5
    assert parts[1].startswith("Zo bracht") and "in juli jl. een werkbezoek" in parts[1]


def test_split_keeps_closing_quotes_and_enumerations() -> None:
    coalition = seed_span(Q218, "Het regeerakkoord stelt:", "taal en cultuur).”")
    assert sentences(coalition) == [
        "Het regeerakkoord stelt: “Vlaanderen voert een actief buurlandenbeleid.",
        "De samenwerking met Nederland en Noordrijn-Westfalen is prioritair (bijv. inzake "
        "economische concurrentie, innovatie, leefmilieu, mobiliteit, vergrijzing, taal en "
        "cultuur).”",
    ]
    quoted = seed_span(Q319, "’In de slotverklaring", "‘European Year of Skills’.”")
    assert sentences(quoted)[-1].endswith("tijdens het ‘European Year of Skills’.”")
    goals = seed_span(Q385, "De ondersteuning heeft als doel", "duurzamer te maken.")
    parts = sentences(goals)
    assert len(parts) == 2 and parts[1].startswith("Centrale doelstellingen zijn (1) leraren")
    fund = seed_span(Q319, "Ik wens dat wij", "deze initiatieven.")
    assert "Vandaar dat ik een Excellentiefonds van ongeveer 1,5 miljoen euro wil oprichten." in (
        sentences(fund)
    )


def test_bullets_and_blank_lines_always_start_a_new_sentence() -> None:
    raw = (SEEDS / Q385).read_text(encoding="utf-8")
    start = raw.index("Voor het TSI-project trekt")
    listing = raw[start : raw.index("verbeteren ervan.", start) + len("verbeteren ervan.")]
    parts = [re.sub(r"\s+", " ", s) for s in sentences(listing)]
    assert len(parts) == 7
    assert parts[1] == "Die middelen zullen aangewend worden om (onder andere):"
    assert parts[2].startswith("•Goede praktijken") and parts[6].startswith("•Analyse")
    assert sentences("Eerste deel\n\nTweede deel") == ["Eerste deel", "Tweede deel"]


def test_split_of_empty_or_blank_text() -> None:
    assert split_sentences("") == []
    assert split_sentences("  \n\n ") == []


# ---------------------------------------------------------------------- sections


@pytest.mark.parametrize(
    ("seed", "first", "last", "section", "cue"),
    [
        (
            TOP2018,
            "De ministers beschouwen het lerarentekort",
            "op te zetten.",
            "commitments",
            "besloten",
        ),
        (Q385, "Wegens de huidige formatiegesprekken", "Onderwijstop.", "open_points", "nog geen"),
        (TOP2018, "Er wordt ook onderzocht hoe", "worden versterkt.", "open_points", "onderzocht"),
        (Q385, "Voor het TSI-project trekt", "700.000 euro uit.", "commitments", None),
        (Q385, "Deze afspraken zullen in de volgende", "worden gemaakt.", "open_points", None),
        (TOP2023, "In maart 2023 zal een Nederlands-Vlaams", "samenwerking.", "commitments", "zal"),
        (TOP2023, "Nederland en Vlaanderen kijken of er", "op het NOLAI.", "open_points", None),
        (Q218, "Momenteel bekijk ik in overleg", "kunnen samenwerken.", "open_points", "bekijk"),
        (Q218, "In 2015 ontvangt de NVAO", "2.428.000 euro.", "commitments", "subsidie"),
    ],
)
def test_classify_seed_sentences(
    seed: str, first: str, last: str, section: str, cue: str | None
) -> None:
    sentence = seed_span(seed, first, last)
    result = classify_text(sentence)
    assert result.section == section
    assert result.span is not None and result.cue is not None
    matched = sentence[result.span[0] : result.span[1]]
    (cue_entry,) = [c for c in _cues() if c.name == result.cue]
    assert result.reason.message == CUE_REASON
    assert result.reason.params == (("cue", matched), ("why", cue_entry.reason))
    if cue is not None:
        assert matched.lower() == cue


def test_open_point_wins_over_a_commitment_in_the_same_sentence() -> None:
    # "afspraken ... gemaakt" and "hebben afgesproken" are commitment cues as well
    not_yet = seed_span(Q385, "Wegens de huidige", "Onderwijstop.")
    to_study = seed_span(TOP2018, "Beide bewindslieden hebben afgesproken", "moeten worden.")
    for sentence in (not_yet, to_study):
        assert classify_text(sentence).section == "open_points"


def test_what_a_motion_asks_of_the_government_is_open() -> None:
    """From the motion kst-32545-143: its considerations are context, its requests open."""
    motion = (SEEDS.parent / "tests/fixtures/realdocs/kst-32545-143.xml").read_text("utf-8")
    asks = re.findall(r"<al>(verzoekt de regering.*?)</al>", motion)
    considers = re.findall(r"<al>((?:constaterende|overwegende) .*?)</al>", motion)
    assert len(asks) == 2 and len(considers) == 3
    assert {classify_text(s).section for s in asks} == {"open_points"}
    assert {classify_text(s).section for s in considers} == {"background"}


@pytest.mark.parametrize(
    ("seed", "first", "last"),
    [
        (TOP2023, "De gemiddelde Nederlandse gemeente telt", "22.000 inwoners."),
        (TOP2023, "De landbouwrealiteit en context zal", "verder evolueren."),  # a forecast
        (TOP2023, "Een verdere intensivering van de samenwerking", "grensgebied."),
        (Q319, "In welke concrete onderwerpen zal er", "met Nederland?"),  # a question
        (TOP2023, "Het Nationaal Onderwijslab AI (NOLAI) is", "voortgezet onderwijs."),
    ],
)
def test_facts_forecasts_and_questions_are_background(seed: str, first: str, last: str) -> None:
    result = classify_text(seed_span(seed, first, last))
    assert result.section == "background"
    assert result.reason == BACKGROUND_REASON and result.cue is None and result.span is None


def test_passage_is_split_into_runs_of_one_section() -> None:
    passage = seed_span(TOP2018, "De ministers Crevits en Van Engelshoven", "klimaatverandering.")
    runs = classify_passage(passage)
    assert [c.section for _, _, c in runs] == [
        "background",
        "commitments",
        "open_points",
        "commitments",
        "background",
    ]
    assert runs[0][0] == 0 and runs[-1][1] == len(passage)
    assert all(a[1] < b[0] for a, b in itertools.pairwise(runs))
    start, end, _ = runs[2]
    assert passage[start:end] == (
        "Er wordt ook onderzocht hoe het aanbod Vlaamse cultuur in het lesmateriaal kan "
        "worden versterkt."
    )
    _, _, commitment = runs[1]
    assert commitment.cue is not None and commitment.span is not None
    assert passage[commitment.span[0] : commitment.span[1]] == "besloten"  # first of the run
    # as a whole: four commitment sentences outvote three of context and one open point
    assert classify_text(passage).section == "commitments"


def test_whole_passage_with_only_context_is_background() -> None:
    passage = seed_span(TOP2023, "Nederland is voor Vlaanderen een gidsland", "22.000 inwoners.")
    assert classify_passage(passage) == [(0, len(passage), classify_text(passage))]
    assert classify_text(passage).section == "background"


# ----------------------------------------------------------------------- lexicon


def test_phrase_syntax() -> None:
    gap = compile_phrase("trekt ... uit")
    assert gap.search("Voor het TSI-project trekt de Europese commissie 700.000 euro uit.")
    assert compile_phrase("bekijk*").search("bekijken Nederland en Vlaanderen hoe")
    assert not compile_phrase("onderzocht").search("de onderzochte onderdelen")
    # eleven words apart: beyond the eight a gap allows
    far = seed_span(TOP2023, "In internationale infradossiers", "voortgang op te boeken.")
    assert not compile_phrase("zetten ... voort").search(far)
    with pytest.raises(ValueError):
        compile_phrase("... uit")


def test_shipped_lexicon_is_complete() -> None:
    lexicon = load_lexicon()
    assert len(lexicon.cues) >= 40
    assert {c.section for c in lexicon.cues} == {"commitments", "open_points"}
    assert all(c.weight > 0 for c in lexicon.cues)
    assert {"en", "nl"} <= set(available_languages())
    for cue in lexicon.cues:  # English is the message, every other language has its words
        words = dict(cue.reason.words)
        assert cue.reason.message and set(words) == set(available_languages()) - {"en"}
        assert words["nl"] != cue.reason.message, cue.name
    assert {"zgn", "resp", "o.a", "nr", "jl", "d.w.z"} <= lexicon.abbreviations


REASON = 'reason.en = "r"\nreason.nl = "r"\n'


def test_broken_cue_file_names_the_file_and_the_cue(tmp_path: Path) -> None:
    bad = tmp_path / "cues.toml"
    bad.write_text(
        f'[[cue]]\nphrase = "ok"\nsection = "open_points"\n{REASON}\n'
        f'[[cue]]\nphrase = "nooit"\nsection = "later"\n{REASON}'
    )
    with pytest.raises(ConfigError, match=r"cues.toml: cue #2 'nooit': 'section' must be"):
        load_lexicon(bad)
    bad.write_text(f'[[cue]]\nregex = "("\nname = "x"\nsection = "open_points"\n{REASON}')
    with pytest.raises(ConfigError, match="bad regex"):
        load_lexicon(bad)
    bad.write_text('[[cue]]\nphrase = "a"\nsection = "open_points"\nreson = "typo"\n')
    with pytest.raises(ConfigError, match="cue #1 'a': unknown field 'reson'"):
        load_lexicon(bad)
    bad.write_text(f'[[cue]]\nphrase = "a"\nregex = "b"\nsection = "open_points"\n{REASON}')
    with pytest.raises(ConfigError, match="either 'phrase' or 'regex'"):
        load_lexicon(bad)


@pytest.mark.parametrize(
    ("reason", "error"),
    [
        ('reason.en = "still open"\n', "cue #2 'nog niet': 'reason.nl' is missing or empty"),
        (
            'reason.en = "still open"\nreason.nl = " "\n',
            "cue #2 'nog niet': 'reason.nl' is missing or empty",
        ),
        ('reason.nl = "nog open"\n', "cue #2 'nog niet': 'reason.en' is missing or empty"),
        ('reason = "still open"\n', "cue #2 'nog niet': 'reason' must give a text per language"),
    ],
)
def test_a_cue_needs_its_reason_in_every_language(tmp_path: Path, reason: str, error: str) -> None:
    """A Dutch briefing must not fall back to an English reason: loading says which cue."""
    cues = tmp_path / "cues.toml"
    cues.write_text(
        f'[[cue]]\nphrase = "nog geen"\nsection = "open_points"\n{REASON}\n'
        f'[[cue]]\nphrase = "nog niet"\nsection = "open_points"\n{reason}'
    )
    with pytest.raises(ConfigError, match=re.escape(f"{cues}: {error}")):
        load_lexicon(cues)


# The cue prefilter decides exactly as searching every cue did.

_WORDS = [
    "de", "minister", "ONDERWIJS", "samen-", "werking", "2023", "a)", "vraag?",
    "İ", "ı", "ſ", "K", "é", "\u00a0", "zullen", "wil", "afgesproken", "nog niet",
    "MoU", "ondertekend", "gekeken", "zal", "engageert", "blijft", "open",
]  # fmt: skip
SENTENCE = st.lists(st.sampled_from(_WORDS), max_size=14).map(" ".join)


def _plain_classify(sentence: str) -> classify.Classification:
    """``_classify_sentence`` with every cue searched (no prefilter)."""
    unfiltered = tuple(replace(c, needs=()) for c in _cues())
    lexicon = classify.Lexicon(unfiltered, classify._default_lexicon().abbreviations)
    original = classify._default_lexicon
    classify._default_lexicon = lambda: lexicon  # type: ignore[assignment]
    try:
        return classify._classify_sentence(sentence)
    finally:
        classify._default_lexicon = original


def _cues() -> tuple[classify.Cue, ...]:
    return classify._default_lexicon().cues


def test_every_phrase_cue_has_a_prefilter() -> None:
    assert all(cue.needs for cue in _cues())


@settings(max_examples=300, deadline=None)
@given(SENTENCE)
def test_cue_prefilter_changes_no_section(sentence: str) -> None:
    assert classify._classify_sentence(sentence) == _plain_classify(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "We zuLLen dat doen.",
        "Zij WİL het.",
        "De regering ſtreeft ernaar.",
        "Ze hebben het ondertekend.",
    ],
)
def test_cue_prefilter_with_odd_case_letters(sentence: str) -> None:
    assert classify._classify_sentence(sentence) == _plain_classify(sentence)
