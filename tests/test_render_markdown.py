"""Markdown output: content, languages, escaping of source text, user templates."""

from __future__ import annotations

import filecmp
import os
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from render_sample import (
    AGODI_ROW,
    EXCELLENTIE,
    NO_THIRD_SUMMIT,
    SUMMIT_2023,
    TASKFORCE,
    TSI,
    hostile_briefing,
    sample_briefing,
)

from briefgen.classify import load_lexicon
from briefgen.errors import ConfigError, NotFoundError
from briefgen.models import Briefing
from briefgen.render import jsondata, render
from briefgen.render.markdown import environment, md
from briefgen.render.present import consecutive_by_label

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = Path(__file__).resolve().parent / "fixtures" / "render" / "glossary.toml"


@pytest.fixture
def glossary(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsondata, "GLOSSARY_PATH", GLOSSARY)


def _md(lang: str = "nl", locale: str = "nl_BE", **kw: object) -> str:
    return render(sample_briefing(lang, locale), "md", **kw).decode("utf-8")  # type: ignore[arg-type]


def _html(text: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(text)


def test_dutch_briefing_has_every_part_and_quote() -> None:
    text = _md()
    headings = re.findall(r"^(#{1,3}) (.+)$", text, re.M)
    assert [h for level, h in headings if level == "##"] == [
        "Kern", "Achtergrond", "Eerdere engagementen", "Openstaande punten",
        "Tijdlijn", "Bedragen", "Bronnen",
    ]  # fmt: skip
    assert headings[0] == ("#", "Briefing: Onderwijs")
    assert "**Opgesteld op:** 6 mei 2024" in text
    assert "**Periode van de bronnen:** 29 januari 2015 – 26 april 2024" in text
    for quote in (SUMMIT_2023, EXCELLENTIE, TSI, TASKFORCE, NO_THIRD_SUMMIT):
        assert f"“{quote}”" in text
    assert "| 23 januari 2023 |" in text
    assert "| € 700.000 | eenmalig |" in text
    assert "| ca. € 1,5 miljoen | niet vermeld |" in text
    assert "| € 3,33 miljoen | per jaar |" in text
    assert "(NL)" not in text


def test_citations_point_into_the_sources_list() -> None:
    text = _md()
    rows = re.findall(r"^\| (\d+) \| [^|]+ \| [^|]+ \| ([^|]+) \|", text, re.M)
    numbers = {int(n): title.strip() for n, title in rows}
    assert numbers[5] == "Nederlands-Vlaamse onderwijstop - Vervolg"
    assert f"“{TSI}” [5, antw. 1+3]" in text
    assert f"“{SUMMIT_2023}” [3; 4, antw.]" in text  # one item citing two documents
    cited = {int(n) for n in re.findall(r"[\[;] ?(\d+)(?:, [^;\]]+)?(?=[;\]])", text)}
    assert cited <= set(numbers)


def test_timeline_oldest_first() -> None:
    text = _md()
    section = text.split("## Tijdlijn")[1].split("## Bedragen")[0]
    dates = re.findall(r"^\| ([^|]+) \| “", section, re.M)
    assert dates[0] == "januari 2015"
    assert (
        dates.index("26 januari 2015") < dates.index("eind 2022") < dates.index("23 januari 2023")
    )
    assert dates[-1] == "voorjaar van 2023"


def test_empty_parts_say_so() -> None:
    briefing = replace(sample_briefing(), kern=(), sections=(), timeline=(), amounts=())
    text = render(briefing, "md").decode("utf-8")
    assert text.count("*Niets gevonden in de bronnen.*") == 3
    assert "*Geen bedragen in de geselecteerde passages.*" in text
    assert "Geen kernpunten" in text


def test_missing_facts_shown_as_missing() -> None:
    briefing = replace(sample_briefing(), audience=None, period=(None, None))
    text = render(briefing, "md").decode("utf-8")
    assert "**Voor:** niet vermeld" in text
    assert "**Periode van de bronnen:** onbekend" in text
    # the Middelburg declaration has no number and no link
    assert "| 2 | Verklaring | – | Gezamenlijke verklaring 4e Vlaams-Nederlandse top" in text


def test_english_briefing(glossary: None) -> None:
    text = _md("en", "en_GB")
    assert (
        "## Key points" in text and "## Previous commitments" in text and "## Open points" in text
    )
    assert "| 23 January 2023 |" in text
    assert "| €700,000 | once |" in text
    assert "| approx. €1.5 million |" in text
    assert "| end of 2022 |" in text
    assert "Quotations are verbatim from the Dutch sources" in text
    # quotes stay Dutch and are marked as originals
    assert f"“{TSI}” (NL) [5, antw. 1+3]" in text
    # glossary: names met in the quotes, by first mention
    section = text.split("## Glossary")[1].split("## Sources")[0]
    terms = re.findall(r"^\| ([^|]+?) \| ([^|]+?) \|$", section, re.M)[1:]
    assert [t for t, _ in terms] == ["Excellentiefonds", "TSI", "Taalunie", "NVAO"]
    assert ("Taalunie", "Dutch Language Union") in terms


def test_shipped_glossary_glosses_names_in_the_quotes() -> None:
    taalunie = next(e for e in jsondata.load_glossary() if e.names[0] == "Taalunie")
    text = _md("en", "en_GB")
    assert f"| Taalunie | {md(taalunie.glosses['en'])} |" in text


def test_missing_glossary_file_is_tolerated(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(jsondata, "GLOSSARY_PATH", tmp_path / "absent.toml")
    text = _md("en", "en_GB")
    assert "## Glossary" not in text and "## Sources" in text


def test_dutch_briefing_has_no_glossary(glossary: None) -> None:
    assert "Woordenlijst" not in _md()


def test_explain_shows_reasons() -> None:
    assert "Waarom hier" not in _md()
    assert "  *Waarom hier: de zin bevat ‘besloten’: er is een beslissing genomen*" in _md(
        explain=True
    )
    assert "  *Why here: cue 'besloten': a decision was taken*" in _md("en", "en_GB", explain=True)


def _reasons(briefing: Briefing, label: str) -> list[str]:
    text = render(briefing, "md", explain=True).decode("utf-8")
    return re.findall(rf"^ *\*{label} (.+)\*$", text, re.M)


def test_explained_reasons_are_in_the_briefings_language(
    seed_briefing: Callable[[str], Briefing],
) -> None:
    """No English reason in the Dutch briefing, no Dutch one in the English (quotes aside)."""
    cues = load_lexicon().cues
    english = {c.reason.message for c in cues} | {"cue '", "no commitment", "item of a list"}
    dutch = {dict(c.reason.words)["nl"] for c in cues} | {"de zin bevat", "geen woorden"}
    nl = _reasons(seed_briefing("nl"), "Waarom hier:")
    en = _reasons(seed_briefing("en"), "Why here:")
    assert len(nl) == len(en) > 40
    assert not [r for r in nl if any(phrase in r for phrase in english)]
    assert not [r for r in en if any(phrase in r for phrase in dutch | {"punt van een"})]
    assert "de zin bevat ‘besloten’: er is een beslissing genomen" in nl
    assert "cue 'besloten': a decision was taken" in en
    background = "context, history, facts or figures"
    assert f"no commitment or open-point cue: {background}" in en
    assert (
        "geen woorden die op een engagement of openstaand punt wijzen: context, "
        "voorgeschiedenis, feiten of cijfers"
    ) in nl
    tsi = "“Voor het TSI-project trekt de Europese commissie 700.000 euro uit."
    assert any(
        r.startswith(f"punt van een opsomming, ingeleid door: {tsi}")
        and r.endswith("(de zin bevat ‘zullen’: kondigt aan wat er zal gebeuren)")
        for r in nl
    )
    assert any(r.startswith(f"item of a list introduced by: {tsi}") for r in en)


def test_consecutive_items_are_run_by_label_in_order() -> None:
    items = [{"label": label, "n": n} for n, label in enumerate(["A", "A", "B", "A", "", ""])]
    runs = [(label, [it["n"] for it in run]) for label, run in consecutive_by_label(items)]
    assert runs == [("A", [0, 1]), ("B", [2]), ("A", [3]), ("", [4]), ("", [5])]


@pytest.mark.parametrize(
    ("lang", "marker", "answer"), [("nl", "", "antw."), ("en", " (NL)", "ans.")]
)
def test_a_label_shared_by_consecutive_quotes_is_shown_once(
    seed_briefing: Callable[[str], Briefing], lang: str, marker: str, answer: str
) -> None:
    """The 2015 answer's flattened table: its row label once, its quotes under it, each cited."""
    briefing = seed_briefing(lang)
    data = jsondata.briefing_data(briefing)
    background, commitments = (s["title"] for s in data["sections"][:2])
    goal = f"{AGODI_ROW} — Doelstelling"
    quotes = [
        it["text"]
        for it in data["sections"][0]["items"]
        if it["sources"][0]["ref"] == 1 and it["label"] == goal
    ]
    assert len(quotes) == 5  # the data keeps one labelled item per quote
    text = render(briefing, "md").decode("utf-8")
    source_1 = text.split(f"## {background}\n")[1].split(f"## {commitments}\n")[0]
    source_1 = source_1.split("### [2]")[0]
    assert source_1.count(goal) == 1
    block = f"- **{md(goal)}:**\n" + "".join(
        f"  - “{md(quote)}”{marker} [1, {answer} 2-3]\n" for quote in quotes
    )
    assert block in source_1
    # a label of a single item stays in front of its quote
    assert f"- **{md(AGODI_ROW)} — Budget:** “Geen budget”{marker} [1, {answer} 4]\n" in source_1
    assert f"<li><strong>{goal}:</strong>\n<ul>\n<li>“{quotes[0]}”" in _html(text)


def test_explain_reasons_stay_under_their_quote(seed_briefing: Callable[[str], Briefing]) -> None:
    text = render(seed_briefing("nl"), "md", explain=True).decode("utf-8")
    first = text.split(f"- **{md(AGODI_ROW)} — Doelstelling:**\n")[1].splitlines()[:2]
    assert first[0].startswith("  - “In 2010 kwamen") and first[0].endswith("[1, antw. 2-3]")
    assert first[1].startswith("    *Waarom hier: ")


def test_escape_filter() -> None:
    assert md("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert md("[x](javascript:alert(1))") == "\\[x\\](javascript:alert(1))"
    assert md("# kop") == "\\# kop"
    assert md("- lijst") == "\\- lijst"
    assert md("1. punt") == "1\\. punt"
    assert md("a | b") == "a \\| b"
    assert md("*x* _y_ `z` ~w~ \\") == "\\*x\\* \\_y\\_ \\`z\\` \\~w\\~ \\\\"
    assert md("regel\n# kop") == "regel # kop"
    assert md("AT&T") == "AT&amp;T"


def test_hostile_source_text_stays_literal() -> None:
    text = render(hostile_briefing(), "md").decode("utf-8")
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert not re.search(r"(?<!\\)\]\(javascript:", text)
    assert "\\[x\\](javascript:alert(1))" in text
    # NUL and controls dropped; the lone surrogate (which UTF-8 cannot hold) shows as U+FFFD
    assert "\x00" not in text and "\x1b" not in text and "\ufffd eenzaam" in text
    html = _html(text)
    assert "<script" not in html
    assert "javascript:" not in "".join(re.findall(r'href="([^"]*)"', html))
    # headings are only ours: the "# kop" in source text became no heading
    assert len(re.findall(r"<h1>", html)) == 1
    assert len(re.findall(r"<h2>", html)) == 7
    # every table row keeps its number of cells despite "|" in the text
    for table in re.findall(r"<table>.*?</table>", html, re.S):
        widths = {
            len(re.findall(r"<t[hd][ >]", row)) for row in re.findall(r"<tr>.*?</tr>", table, re.S)
        }
        assert len(widths) == 1
    assert "<em>vet</em>" not in html and "<em>schuin</em>" not in html
    assert "<code>" not in html and "<del>" not in html and "*vet* _schuin_ `code`" in html


def test_user_template_typo_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "briefing.md.j2").write_text(
        "# {{ subject|md }}\n{{ subjekt }}\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError, match=r"^template briefing\.md\.j2: 'subjekt' is undefined$"):
        _md(templates_dir=tmp_path)


def test_typo_in_a_partial_names_the_partial(tmp_path: Path) -> None:
    (tmp_path / "briefing.md.j2").write_text('{% include "part.md.j2" %}\n', encoding="utf-8")
    (tmp_path / "part.md.j2").write_text("{{ sections[0].titel }}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^template part\.md\.j2: .*'titel'"):
        _md(templates_dir=tmp_path)


def test_user_template_misusing_a_filter(tmp_path: Path) -> None:
    (tmp_path / "briefing.md.j2").write_text("{{ subject|date }}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^template briefing\.md\.j2: ValueError: "):
        _md(templates_dir=tmp_path)


def test_user_template_syntax_error(tmp_path: Path) -> None:
    (tmp_path / "briefing.md.j2").write_text("{% for x in kern %}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^template briefing\.md\.j2: line \d+: "):
        _md(templates_dir=tmp_path)


def test_user_template_extends_the_default(tmp_path: Path) -> None:
    (tmp_path / "briefing.md.j2").write_text(
        '{% extends "default:briefing.md.j2" %}\n'
        "{% block footer %}Opgesteld door het kabinet.{% endblock %}\n",
        encoding="utf-8",
    )
    text = _md(templates_dir=tmp_path)
    assert text.rstrip().endswith("Opgesteld door het kabinet.")
    assert "## Eerdere engagementen" in text


def test_user_template_cannot_reach_python(tmp_path: Path) -> None:
    (tmp_path / "briefing.md.j2").write_text(
        "{{ subject.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError, match="unsafe"):
        _md(templates_dir=tmp_path)


def test_missing_templates_folder(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="does not exist"):
        _md(templates_dir=tmp_path / "nope")


def test_top_level_templates_are_the_package_defaults() -> None:
    """templates/ holds the editable copies; they must not drift from the shipped ones."""
    shipped = ROOT / "briefgen" / "templates"
    copies = ROOT / "templates"
    names = sorted(p.name for p in shipped.glob("*.j2"))
    assert names == sorted(p.name for p in copies.glob("*.j2"))
    assert names
    _, mismatch, errors = filecmp.cmpfiles(shipped, copies, names, shallow=False)
    assert mismatch == [] and errors == []


def test_the_environment_is_kept_and_a_changed_template_is_read_again(tmp_path: Path) -> None:
    (tmp_path / "x.j2").write_text("een", "utf-8")
    env = environment(tmp_path, "nl", "nl_BE")
    assert env is environment(tmp_path, "nl", "nl_BE")
    assert env is not environment(tmp_path, "en", "en_GB")
    assert env.get_template("x.j2").render() == "een"
    (tmp_path / "x.j2").write_text("twee", "utf-8")
    os.utime(tmp_path / "x.j2", (1, 1))  # a different mtime, surely: Jinja2 reloads on it
    assert env.get_template("x.j2").render() == "twee"
