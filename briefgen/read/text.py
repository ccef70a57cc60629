r"""Plain text (.txt, .md): decoded, split at form feeds into pages of raw lines.

Markdown is read as text too: a text export saved as .md (lines cut mid-sentence, a
blank line between every line) must reflow like any text, which a Markdown parser
would not do. Only what Markdown marks beyond doubt is taken from it: ``#`` heading
lines become headings (also the ``##Title`` of converted documents, without the space
CommonMark wants), lines that are only an HTML tag (the ``<meta ...>`` a converter
leaves) are dropped, and inline markup becomes the text a reader sees: a link its
text, emphasis and code their words, ``\.`` a period, ``&amp;`` an ampersand; inline
tags and images go. markdown-it-py's inline parser does this line by line, so the
lines stay for the cleaner to reflow.
"""

from __future__ import annotations

import codecs
import functools
import re
from typing import Any

from briefgen.errors import InputError
from briefgen.read.guards import CONTROL, Out

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, out: Out, declared: str | None = None) -> str:
    """Text from bytes: a BOM, else UTF-8, else the declared charset, else cp1252/latin-1.

    A fallback is taken only when the result reads as text (few control characters);
    random or binary bytes are refused rather than turned into mojibake.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(f"{out.name}: not text: invalid {codec} after its BOM") from exc
    if data.count(0) > len(data) // 100:
        raise InputError(f"{out.name}: not text: binary data (NUL bytes)")
    try:
        return _plausible(data.decode("utf-8"), out)
    except UnicodeDecodeError:
        pass
    fallbacks: tuple[str | None, ...] = (declared, "cp1252", "latin-1")
    for fallback in fallbacks:
        if not fallback:
            continue
        try:
            text = data.decode(fallback)
        except (UnicodeDecodeError, LookupError):
            continue
        text = _plausible(text, out)
        if fallback != declared:
            out.warnings.append(f"{out.name}: not valid UTF-8; read as {fallback}")
        return text
    raise InputError(f"{out.name}: not text: undecodable bytes")  # pragma: no cover (latin-1)


def _plausible(text: str, out: Out) -> str:
    sample = text[:65536]
    odd = len(CONTROL.findall(sample))
    if odd > len(sample) // 20:
        raise InputError(
            f"{out.name}: not text: {odd} control characters in the first {len(sample)}"
        )
    return text


_HEADING = re.compile(r"^(#{1,6})[ \t]*([^#\s].*?)[ \t#]*$")
_TAG_LINE = re.compile(r"^\s*</?[A-Za-z][^<>]*>\s*$")


def read_text(data: bytes, out: Out) -> str | None:
    text = decode(data, out).replace("\v", "\n")  # Word's line break in text exports
    pages = text.split("\f")
    if len(pages) == 1:
        out.add(text, "lines")
    else:
        for number, page in enumerate(pages, 1):
            out.add(page, "lines", page=number)
    return None


def read_markdown(data: bytes, out: Out) -> str | None:
    text = decode(data, out).replace("\v", "\n")
    pages = text.split("\f")
    lines: list[str] = []
    for page, part in enumerate(pages, 1):
        number = page if len(pages) > 1 else 0
        for line in part.split("\n"):
            heading = _HEADING.match(line)
            if heading:
                out.add("\n".join(lines), "lines", page=number)
                lines = []
                out.add(_inline_text(heading.group(2)), "heading", level=len(heading.group(1)))
            elif not _TAG_LINE.match(line):
                lines.append(_inline_text(line))
        out.add("\n".join(lines), "lines", page=number)
        lines = []
    return None


_INLINE_MARKUP = re.compile(r"[*_`\[<&\\]")  # lines without these are left as they are


def _inline_text(line: str) -> str:
    """The text a Markdown reader sees of ``line``, its leading spaces kept."""
    if not _INLINE_MARKUP.search(line):
        return line
    tokens = _markdown().parseInline(line)[0].children or []
    return "".join(_token_text(t) for t in tokens)


def _token_text(token: Any) -> str:
    if token.type in ("text", "code_inline"):
        return str(token.content)
    if token.type in ("softbreak", "hardbreak"):
        return "\n"
    return ""  # link and emphasis marks, inline tags, images


@functools.cache
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")
