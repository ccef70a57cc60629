"""Properties of text cleaning and of the renderers, over generated input.

Cleaning: idempotent on its own output, and it never drops a character that is not a
space, except line-end hyphens it joins and soft hyphens (single-page input has no page
furniture). Renderers: any text in any field an item, a source or the user fills gives
a .docx that python-docx opens and Markdown in which the text survives literally.
(Dates and amounts: tests/test_facts_properties.py.)
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from html import unescape as html_unescape
from pathlib import Path

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from render_sample import sample_briefing

from briefgen.classify import BACKGROUND_REASON
from briefgen.clean import clean
from briefgen.compose import LIST_ITEM_REASON
from briefgen.models import Block, RawDocument, Reason
from briefgen.render import render

# Pieces that reach the reflow, hyphen, bullet, heading and field rules.
WORDS = st.sampled_from(
    [
        "de", "minister", "onderwijs", "lerarentekort", "Vlaanderen", "Nederland",
        "samen-", "werking", "beperk-", "tere", "tank-", "en", "Noord-", "Brabant", "2023",
        "1,5", "miljoen", "euro.", "vraag:", "Antwoord", "•", "-", "1.", "a)", "datum:",
        "(zie", "bijlage)", "“citaat”", "’s-Gravenhage", "PAGINA", "nul-", "emissie", "é",
        "Ĳssel", "\u00a0", "\u00ad", "\t", "§", "|", "#", "<b>",
    ]
)  # fmt: skip
LINE = st.one_of(
    st.just(""),
    st.lists(WORDS, min_size=1, max_size=14).map(" ".join),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40),
)
TEXT = st.lists(LINE, min_size=1, max_size=25).map("\n".join)
SPACES = {chr(c) for c in range(0x110000) if chr(c).isspace()}


def _raw(text: str) -> RawDocument:
    return RawDocument(Path("doc.txt"), "txt", (Block(text),))


def _letters(text: str) -> str:
    return "".join(c for c in text if c not in SPACES and c != "\u00ad")


def _only_hyphens_dropped(before: str, after: str) -> bool:
    """``after`` is ``before`` with some "-" left out (the joins), nothing else."""
    i = 0
    for c in after:
        while i < len(before) and before[i] != c:
            if before[i] != "-":
                return False
            i += 1
        if i == len(before):
            return False
        i += 1
    return all(c == "-" for c in before[i:])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_clean_is_idempotent_and_keeps_every_character(text: str) -> None:
    once = clean(_raw(text))
    assert clean(_raw(once.text)).text == once.text
    assert _only_hyphens_dropped(_letters(text), _letters(once.text)), once.text
    for p in once.paragraphs:  # offsets point at the paragraphs
        assert once.text[p.start : p.end].strip()


def test_the_hyphen_property_can_fail() -> None:
    assert _only_hyphens_dropped("samen-werking", "samenwerking")
    assert not _only_hyphens_dropped("samenwerking", "samenwerkin")
    assert not _only_hyphens_dropped("ab", "ba")


# --------------------------------------------------------------------- renderers

ANY_TEXT = st.text(max_size=80)  # every code point: NUL, controls, lone surrogates, RTL
MD = MarkdownIt("commonmark").enable("table")


def _briefing_with(text: str, label: str) -> object:
    base = sample_briefing()
    reason = Reason(LIST_ITEM_REASON, (("lead_in", text), ("why", BACKGROUND_REASON)))
    kern = (replace(base.kern[0], text=text, label=label, reason=reason), *base.kern[1:])
    source = replace(base.sources[0], title=label or "x", number=text[:10] or None)
    return replace(
        base, subject=label or "x", audience=text, kern=kern, sources=(source, *base.sources[1:])
    )


def _visible(text: str) -> str:
    """What any renderer must keep of ``text``: its letters and digits."""
    return "".join(re.findall(r"[^\W_]", text))[:20]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_TEXT, st.text(max_size=20))
def test_any_text_gives_a_valid_docx_and_markdown(text: str, label: str) -> None:
    briefing = _briefing_with(text, label)
    data = render(briefing, "docx", explain=True)  # type: ignore[arg-type]
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    document = docx.Document(io.BytesIO(data))
    body = "\n".join(p.text for p in document.paragraphs)
    assert _visible(text) in re.sub(r"[\W_]", "", body)

    markdown = render(briefing, "md", explain=True).decode("utf-8")  # type: ignore[arg-type]
    html = MD.render(markdown)
    assert len(re.findall(r"<h1>", html)) == 1  # the text made no heading of its own
    assert "<script" not in html.lower()
    assert not re.search(r'href="\s*javascript:', html, re.I)
    assert _visible(text) in re.sub(r"[\W_]", "", html_unescape(markdown))
