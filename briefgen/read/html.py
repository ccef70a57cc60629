"""HTML: the page's main content as blocks, without the page furniture around it.

What counts as furniture (navigation, cookie banners, ...) is listed in
``briefgen/data/html_furniture.toml``.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from typing import Any

from briefgen.errors import InputError
from briefgen.models import BlockKind
from briefgen.read.guards import AANHANGSEL_NUMBER, SPACES, Out, usable_number, usable_title
from briefgen.read.text import decode

_HTML_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
    "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre", "section", "summary",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})  # fmt: skip
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_CHARSET = re.compile(rb"""(?i)(?:charset|encoding)\s*=\s*["']?\s*([\w.:-]+)""")
_HIDDEN = re.compile(r"(?i)display\s*:\s*none")


@cache
def _furniture() -> tuple[frozenset[str], frozenset[str], re.Pattern[str]]:
    """Tags, roles and id/class patterns of ``briefgen/data/html_furniture.toml``."""
    raw = resources.files("briefgen.data").joinpath("html_furniture.toml").read_text("utf-8")
    data = tomllib.loads(raw)
    pattern = re.compile("|".join(f"(?:{p})" for p in data["id_class"]), re.IGNORECASE)
    return frozenset(data["tags"]), frozenset(data["roles"]), pattern


def read_html(data: bytes, out: Out) -> str | None:
    import lxml.html

    head = data[:4096]
    declared = next((m.group(1).decode("ascii", "replace") for m in _CHARSET.finditer(head)), None)
    text = decode(data, out, declared)
    if re.search(r"(?i)<!ENTITY", text):
        raise InputError(
            f"{out.name}: declares XML entities; refused (possible entity-expansion attack)"
        )
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str with an encoding declaration
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    root = lxml.html.document_fromstring(text, parser=parser)
    metas = root.xpath("//meta[@name='DC.title' or @property='og:title']/@content")
    numbers = root.xpath("//meta[@name=$name]/@content", name=AANHANGSEL_NUMBER)
    out.number = usable_number(numbers[0]) if numbers else None
    title = usable_title(root.findtext(".//title")) or usable_title(metas[0] if metas else None)
    _drop_furniture(root)
    _html_walk(_html_main(root), out, "paragraph")
    return title


def _drop_furniture(root: Any) -> None:
    for el in [el for el in root.iter() if isinstance(el.tag, str) and _is_furniture(el)]:
        el.drop_tree()


def _is_furniture(el: Any) -> bool:
    tags, roles, id_class = _furniture()
    tag = el.tag.lower()
    if tag in ("header", "footer") and next(el.iterancestors("main", "article"), None) is not None:
        return False  # the document's own header, with its title
    names = f"{el.get('id', '')} {el.get('class', '')}".split()
    return (
        tag in tags
        or el.get("role", "").lower() in roles
        or el.get("hidden") is not None
        or bool(_HIDDEN.search(el.get("style", "")))
        or any(id_class.fullmatch(name) for name in names)
    )


def _html_main(root: Any) -> Any:
    """The page's main content when it marks one, else the body."""
    for query in ("//main", "//*[@role='main']", "//article", "//*[@id='content']"):
        found = root.xpath(query)
        if len(found) == 1:
            return found[0]
    body = root.find("body")
    return root if body is None else body


def _html_walk(el: Any, out: Out, kind: BlockKind) -> None:
    """Blocks of a container; loose inline text between blocks becomes a paragraph."""
    inline: list[str] = []

    def flush() -> None:
        out.add(_html_tidy("".join(inline)), kind)
        inline.clear()

    if el.text:
        inline.append(SPACES.sub(" ", el.text))
    for child in el:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag in _HEADINGS:
            flush()
            out.add(_html_text(child), "heading", level=_HEADINGS[tag])
        elif tag == "pre":
            flush()
            out.add(child.text_content(), kind)
        elif tag == "table":
            flush()
            _html_table(child, out, kind)
        elif tag == "br":
            inline.append("\n")
        elif tag in ("p", "li") and not _has_blocks(child):
            flush()
            out.add(_html_text(child), "list_item" if tag == "li" else kind)
        elif tag in _HTML_BLOCKS or (tag and _has_blocks(child)):
            flush()
            _html_walk(child, out, "list_item" if tag == "li" else kind)
        elif tag:
            inline.append(_html_text(child, tidy=False))
        if child.tail:
            inline.append(SPACES.sub(" ", child.tail))
    flush()


def _has_blocks(el: Any) -> bool:
    return any(
        isinstance(d.tag, str) and d.tag.lower() in _HTML_BLOCKS for d in el.iterdescendants()
    )


def _html_table(table: Any, out: Out, kind: BlockKind) -> None:
    """Data tables give rows; layout tables (headings or tables in cells) are walked."""
    rows = table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
    cells = [c for r in rows for c in r.xpath("./td | ./th")]
    layout = any(c.xpath(".//table | .//h1 | .//h2 | .//h3") for c in cells)
    for row in rows:
        if layout:
            for cell in row.xpath("./td | ./th"):
                _html_walk(cell, out, kind)
        else:
            out.row([_html_text(c) for c in row.xpath("./td | ./th")])


def _html_text(el: Any, *, tidy: bool = True) -> str:
    parts: list[str] = []
    _html_collect(el, parts)
    text = "".join(parts)
    return _html_tidy(text) if tidy else text


def _html_collect(el: Any, parts: list[str]) -> None:
    if el.text:
        parts.append(SPACES.sub(" ", el.text))
    for child in el:
        if isinstance(child.tag, str):
            tag = child.tag.lower()
            if tag == "br":
                parts.append("\n")
            else:
                block = tag in _HTML_BLOCKS
                parts.append("\n" if block else "")
                _html_collect(child, parts)
                parts.append("\n" if block else "")
        if child.tail:
            parts.append(SPACES.sub(" ", child.tail))


def _html_tidy(text: str) -> str:
    """Single spaces; lines kept from ``<br>`` and block edges; blank lines dropped."""
    lines = (re.sub(r" {2,}", " ", line).strip(" ") for line in text.split("\n"))
    return "\n".join(line for line in lines if line.strip())
