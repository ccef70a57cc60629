"""Turn extracted text into whole, clean paragraphs that can be quoted verbatim.

Text layers (PDF, .txt exports) give lines, not paragraphs. The rules below rebuild
paragraphs from lines; every one of them keeps the characters of the source, except
line-end hyphens that were only typesetting, soft hyphens and page furniture.

Spacing. A document whose lines are nearly all followed by a blank line ("double
spaced", seeds 003 and 004) carries no information in a single blank line; elsewhere
a blank line ends a paragraph unless the sentence visibly runs on (the line ends with
a comma or a word hyphen, or the next line starts in lower case). Three or more blank
lines, or a page boundary, are a page break: it never ends a sentence on its own.

Reflow. A line continues on the next one unless the next line opens a list item
(bullet, or a number/letter marker after a finished line), the line is a header field
(``datum: ...``), the case changes between an all-capitals header line and text, or the
classic reflow test says the paragraph ended: the line ends a sentence (``. ? ! : ;``,
closing quotes, brackets and a footnote number allowed) and the next line's first word
would have fitted on it. The line width is estimated locally (the second-longest of
the 20 lines around), because tables, sidebars and footnotes have their own widths;
where few lines come near that width, or a line is much longer than its neighbours,
the text is not hard-wrapped (it is cleaned text read back) and only a long line that
visibly runs on is joined. A short unfinished line after a finished sentence, and a
line that ends without punctuation with room to spare, is a heading, title or label.

Kinds. A paragraph opening with a bullet is a ``list_item``; one of at most 150
characters that does not end a sentence, has no sentence break inside and is not a
row of figures is a ``heading`` (level 1 for ``1.``, 2 for ``1.2`` and ``a.``, else 3).

Line-end hyphens (``minister-`` + ``presidenten``). The hyphen is kept, as typed,
unless there is evidence that it was only a typesetter's hyphenation:

1. the next word is ``en``/``of``/``tot``: a suspended compound (``tank- en``),
   hyphen and space stay;
2. a capital or digit on either side (``Hamont-Weert``, ``Noord-Brabant``,
   ``2020-2100``, ``PFAS-gehalten``) keeps the hyphen;
3. the document itself writes the word elsewhere: hyphenated keeps, closed joins;
4. the Dutch word list of ``pyspellchecker`` (OpenTaal-based, it lists both closed
   words and hyphenated compounds) knows the hyphenated form: keep; knows the
   closed form: join (``beperk-`` + ``tere`` is ``beperktere``);
5. the next part is no word of its own, but it ends one with the last letters before
   the hyphen: a break inside a compound's last word, join
   (``leveringszekerheidspro-`` + ``blemen``: ``problemen`` is a word, ``blemen`` not);
6. otherwise keep: a kept hyphen is the source's own character, a wrong join would
   invent a word (``nul-emissie``, ``niet-beroepsactieven`` stay).

Page furniture (paged input: several pages, or form feeds; of a one-page document only
the parliamentary colophon: ISSN, identifier, "’s-Gravenhage ..."). Among the first and
last four lines of each page: bare page numbers, "Pagina x van y" / "Page x of y",
first-page identifiers (``ISSN 0921 - 7398``, ``ah-tk-20202021-3235``), and lines that
recur at the edges of at least two pages and 40% of them, compared by their letters
only so that page numbers and years may vary; in documents of up to 50 pages also
when one page adds a few words (``’s-Gravenhage 2021 Tweede Kamer, vergaderjaar ...``).

Tables flattened into lines (a "Samenwerking Budget" header line, then rows of a
short label block, a blank line and the cell text) become a heading for the header,
a heading for each row label, and ``table_row`` paragraphs labelled
"row — column". A table that does not parse stays ordinary paragraphs.

Paragraphs rebuilt from a text's lines are idempotent: read back as a .txt document,
``clean`` gives them again. The result is checked by cleaning it again and, in the rare
case the second reading merges more, that reading is taken until nothing changes. A
PDF's paragraphs (pages of lines) take only the joins of that second reading whose next
paragraph goes on in lower case: its other joins glued a decision list's decision to
the next agenda item, and a title to the heading after it. Paragraphs a
format states (HTML, Word, ODT, XML) are not re-derived that way: they stand as given
(a re-read would glue the Belgian Chamber's French paragraph to the Dutch one before
it), except that one whose sentence is unfinished joins a next one that starts in lower
case (a motion's "De Kamer," / "gehoord de beraadslaging," / "constaterende").
Only when a re-read merges over a quarter of them were they lines, not paragraphs
(text pasted from a PDF into Word, one paragraph per line), and the re-read stands.
Short unfinished paragraphs are headings, and a title table above all text (a
masthead) is headings, as a text layer would show them.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise
from math import ceil
from pathlib import Path

from briefgen.models import Block, CleanText, Paragraph, ParagraphKind, RawDocument

log = logging.getLogger(__name__)

_FULL = 0.92  # a line is full when the next word would pass 92% of the local width
_MAX_WRAP = 250  # wider "lines" are not wrapped text: no fit test there
_OVERLONG = 1.15  # a line this much longer than its neighbours was not wrapped
_NEAR_FULL = 0.75  # lines this close to the width count as wrapped lines
_WRAPPED_SHARE = 0.3  # share of such lines around a line for the fit test to apply
_RUN_ON_RATIO = 0.6  # a lower-case next line continues a line at least this full
_LONG_UNFINISHED = 50  # unwrapped text: a line this long without an end runs on
_SYLLABLE = 3  # shortest start of a word a hyphenating typesetter puts on a line ("Bo-")
_SHORT = 0.5  # a line shorter than half the width is not the middle of a paragraph
_AFFIX_PAGES = 50  # longer documents: running lines must repeat exactly
_EDGE = 4  # lines at the top and bottom of a page checked for furniture
_LABEL_MAX = 45  # longest line of a table row label
_HEADING_MAX = 150  # longest paragraph that can be a heading
_LINES_SHARE = 0.25  # real documents' paragraphs: a re-read merges 0-2%; pasted lines: 60-90%

_SENTENCE_END = ".?!:;"
_RULE = re.compile(r"(?<!\S)_{3,}(?!\S)")  # a line drawn with underscores: no text
_INITIALS_END = re.compile(r"(?:^|[\s(])(?:[A-Z]\.)+$")  # "M.", "E.D.": a name goes on
_CLOSERS = "’”\"'»)]"
_BULLET = re.compile(r"^(?:[•▪◦●■‣∙·➢►]|[-–*o] )")
_DASH_BULLET = re.compile(r"^[-–*o] ")
_HARD_BULLETS = frozenset("•▪◦●■‣∙·➢►")  # the bullets of _BULLET that are not _DASH_BULLET
_ITEM = re.compile(r"^(?:\(?\d{1,2}(?:\s?[+\-–,]\s?\d{1,2})*[.)]|[a-z][.)])(?:\s|$)")
# header fields of exported parliamentary documents ("datum: 2 februari 2023"): one line each
_FIELD = re.compile(
    r"^(?:title|titel|thema|datum|onderwerp|betreft|kenmerk|(?:pdf |thema )?link):\s", re.IGNORECASE
)
_ITEM_OR_DASH = re.compile(f"{_ITEM.pattern}|{_DASH_BULLET.pattern}")
_LAST_WORD = re.compile(r"([^\W_]+)-$")
_FIRST_WORD = re.compile(r"^[^\W_]+")
_WORDS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_JSON_KEY = re.compile(r'"([^"]*)"\s*:')  # a key of a JSON object whose values are numbers
_LETTER = re.compile(r"[^\W\d_]")  # a character of _WORDS other than its hyphen
_TABLE_HEADER = re.compile(r"^[A-Z][a-z][\w-]*(?: [A-Z][a-z][\w-]*){1,3}$")
_INNER_BREAK = re.compile(r"[.?!:;][’”\"')]* [A-Z]")
_FIGURES = re.compile(r"\d\s+\d")  # a row of figures ("TOTAAL 12 17 40") is no heading
_FOOTNOTE_MARK = re.compile(r"(?:[?!»”’)]|[^\W\d]\.)\d{1,2}$")
# first-page furniture of parliamentary PDFs: "ISSN 0921 - 7398", "ah-tk-20232024-1178"
_EDGE_ID = re.compile(r"^(?:ISSN|ISBN) [\dX -]+$|^[a-z]{2,4}(?:-[a-z0-9]+){2,}$")
# ... and the forms of it that are safe to drop from a one-page document too: the
# ISSN, an officielebekendmakingen identifier, the "’s-Gravenhage 2021 Tweede Kamer,
# vergaderjaar 2020–2021, 32 545, nr. 143" colophon
_COLOPHON = re.compile(
    r"^(?:ISSN|ISBN) [\dX -]+$|^(?:kst|ah|blg|stb|stcrt|trb|h|nds)-[a-z0-9-]*\d$"
    r"|^[’']s-Gravenhage \d{4} (?:Tweede|Eerste) Kamer, vergaderjaar [\d–-]+, .+$"
)
_PAGE_NUMBER = re.compile(
    r"^(?:[-–]?\s*\d{1,4}\s*[-–]?|\d{1,4}\s*(?:/|van|of)\s*\d{1,4}"
    r"|(?:pagina|page|blz\.?|p\.)\s*\d{1,4}(?:\s*(?:/|van|of)\s*\d{1,4})?)$",
    re.IGNORECASE,
)
_MULTI_SPACE = re.compile(" {2,}")
_ASCII_LOWER = re.compile("[a-z]")
# every character str.isspace() accepts, except the line break, becomes a space
_SPACE_TABLE: dict[int, str | None] = {
    ord(ch): " " for ch in "\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u202f\u205f\u3000"
}
_SPACE_TABLE.update({cp: " " for cp in range(0x2000, 0x200B)})
_SPACE_TABLE.update({0x2028: " ", 0x2029: " ", 0xAD: None})
# str.translate is slow on any text that is not pure ASCII: find first whether it has work
_TRANSLATED = re.compile("[" + re.escape("".join(map(chr, _SPACE_TABLE))) + "]")
_SUSPENDED = frozenset({"en", "of", "tot", "noch"})
_HEADING_LEVEL = (
    (re.compile(r"^\d{1,2}\.\d{1,2}\.?\s"), 2),
    (re.compile(r"^\d{1,2}\.?\s+\S"), 1),
    (re.compile(r"^[a-z][.)]\s"), 2),
)


class _Line:
    """A normalised, non-empty line, and what the reflow rules ask of it.

    Each line is the next line of one join decision and the previous line of the
    following one: its shape is worked out once, here, not in every decision.
    """

    __slots__ = (
        "caps",
        "ends",
        "field",
        "first_word",
        "gap",
        "item",
        "lower",
        "page_break",
        "runs_on",
        "soft_end",
        "stops",
        "text",
    )

    def __init__(self, text: str, gap: int = 0, page_break: bool = False, soft_end: bool = False):
        self.text = text
        self.gap = gap  # blank lines before it
        self.page_break = page_break  # first line of a page after the first
        self.soft_end = soft_end  # ended in a soft hyphen: join without space
        self.caps = _is_caps(text)
        self.ends = _ends_sentence(text)
        self.field = _FIELD.match(text) is not None
        self.runs_on = text[-1:] == "," or _word_hyphen_end(text)
        self.stops = text[:1] in _HARD_BULLETS  # a list item nothing runs into
        self.item = _ITEM_OR_DASH.match(text) is not None
        self.lower = text[:1].islower()
        space = text.find(" ")
        self.first_word = space if space >= 0 else len(text)  # length of the first word


@dataclass(frozen=True, slots=True)
class _Para:
    text: str
    kind: ParagraphKind = "paragraph"
    level: int = 0
    label: str = ""


def clean(raw: RawDocument) -> CleanText:
    """Cleaned, reflowed text of a document with exact paragraph offsets.

    Paragraphs rebuilt from a text's lines must survive being read back as text (see the
    module notes); a PDF's take only the read-back joins that visibly run on. Paragraphs
    a format states (HTML, Word, ODT, XML) stand as the format has them, only a visible
    run-on joined, unless reading them back merges over ``_LINES_SHARE`` of them: then
    they were lines (text pasted from a PDF into Word) and are read as lines.
    """
    if any(b.page for b in raw.blocks):  # a PDF: pages of lines
        return _rejoined(_clean_blocks(raw.blocks), [b.text for b in raw.blocks])
    if any(b.kind == "lines" for b in raw.blocks):
        return _settled(_clean_blocks(raw.blocks), raw.path)
    given = _clean_blocks(raw.blocks, join=False)
    reread = _settled(given, raw.path)
    if len(reread.paragraphs) < (1 - _LINES_SHARE) * len(given.paragraphs):
        return reread
    return _clean_blocks(raw.blocks)


def _settled(result: CleanText, path: Path) -> CleanText:
    """``result`` read back as text until a reading keeps every paragraph apart."""
    for _ in range(len(result.paragraphs) + 1):
        if _stable(result):
            break
        log.debug("%s: a second reading merges paragraphs", path)
        result = _clean_blocks((Block(result.text),))
    return result


def _stable(result: CleanText) -> bool:
    """Would reading ``result.text`` back keep every paragraph apart?"""
    return next(_read_back_joins(result), None) is None


def _read_back_joins(result: CleanText) -> Iterator[int]:
    """Each ``i`` whose paragraph a reading of ``result.text`` would join to the one before.

    Read back, each paragraph is one line after a blank line (double spaced, so
    no table parsing), already normalised: only the join decisions can differ.
    """
    lines = [_Line(result.text[p.start : p.end], 1) for p in result.paragraphs]
    lengths = [len(ln.text) for ln in lines]
    for i in range(1, len(lines)):
        if lines[i - 1].ends and lengths[i - 1] > _OVERLONG * _MAX_WRAP:
            continue  # too long to have a local width: a finished sentence then never runs on
        if _joins(lines[i - 1], lines[i], 1, _width_at(lengths, i - 1)):
            yield i


def _rejoined(result: CleanText, texts: Sequence[str]) -> CleanText:
    """A PDF's paragraphs, with those a read-back would join that go on in lower case.

    "… Er wordt voldaan aan 47 van 56" + "succescriteria (83 %) …" is one sentence. The
    other joins a read-back makes are not taken: in a decision list they glued a
    decision to the next agenda item, and a heading to the text before it.
    """
    vocab = _Vocabulary(texts)
    paras = [
        _Para(result.text[p.start : p.end], p.kind, p.level, p.label) for p in result.paragraphs
    ]
    for i in sorted(_read_back_joins(result), reverse=True):
        a, b = paras[i - 1], paras[i]
        if b.text[:1].islower() and b.kind == "paragraph":
            kind = a.kind if a.kind in ("paragraph", "list_item") else "paragraph"
            paras[i - 1 : i + 1] = [_Para(_join_text(a.text, b.text, vocab), kind, 0, a.label)]
    return _assemble(paras)


def list_marker_end(text: str) -> int:
    """Length of the bullet that opens a list item ("•", "- ") and its spaces, else 0."""
    match = _BULLET.match(text)
    if match is None:
        return 0
    return len(text) - len(text[match.end() :].lstrip(" "))


# ------------------------------------------------------------------ normalising


def _normalise_breaks(text: str) -> str:
    return (
        text.replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\u2028", "\n")
        .replace("\u2029", "\n")
        .replace("\x85", "\n")
    )


def _normalise_line(line: str) -> str:
    """Spaces of every kind to one space, soft hyphens out, ends stripped."""
    return _MULTI_SPACE.sub(" ", line.translate(_SPACE_TABLE)).strip()


def _normalise_lines(lines: Sequence[str]) -> list[str]:
    """``_normalise_line`` of each line (none holds a line break), in one pass over them all."""
    if len(lines) < 2:
        return [_normalise_line(x) for x in lines]
    joined = "\n".join(lines)
    if _TRANSLATED.search(joined):
        joined = joined.translate(_SPACE_TABLE)
    joined = _MULTI_SPACE.sub(" ", joined)
    return [x.strip(" ") for x in joined.split("\n")]


class _Vocabulary:
    """Words the document writes, to decide line-end hyphens from its own usage.

    ``word in vocabulary``: is ``word`` one of the ``_WORDS`` of the lower-cased text?
    Each word asked about is looked for where it stands, not by listing every word of
    the document: a document asks about a few words, and listing them all cost more
    than the rest of its cleaning.
    """

    def __init__(self, texts: Iterable[str]) -> None:
        self._texts = texts
        self._low: str | None = None
        self._known: dict[str, bool] = {}

    def __contains__(self, word: str) -> bool:
        known = self._known.get(word)
        if known is None:
            if self._low is None:  # joined on the first line-end hyphen only
                self._low = " ".join(self._texts).lower()
            known = self._known[word] = _stands_alone(self._low, word)
        return known


def _stands_alone(low: str, word: str) -> bool:
    """Is ``word`` a whole match of ``_WORDS`` in ``low``, as ``_WORDS.findall`` cuts it?

    A match of ``_WORDS`` is greedy: an occurrence of a word is one where no letter,
    nor a letter and a hyphen, comes before it, and no letter, nor a hyphen and a
    letter, comes after it.
    """
    if not _WORDS.fullmatch(word):
        return False
    size = len(word)
    at = low.find(word)
    while at >= 0:
        end = at + size
        joined_before = at > 0 and (
            _LETTER.match(low, at - 1) is not None
            or (low[at - 1] == "-" and at > 1 and _LETTER.match(low, at - 2) is not None)
        )
        joined_after = _LETTER.match(low, end) is not None or (
            low.startswith("-", end) and _LETTER.match(low, end + 1) is not None
        )
        if not joined_before and not joined_after:
            return True
        at = low.find(word, at + 1)
    return False


def _word_hyphen_end(text: str) -> bool:
    return len(text) > 1 and text[-1] == "-" and (text[-2].isalnum())


@cache
def _dutch_words() -> frozenset[str]:
    """The words of pyspellchecker's Dutch list, lower case, as its checker compares them.

    Read from the list's file: building ``SpellChecker`` itself (counts, letter sets a
    membership test never uses) took three times as long, once in every worker. The
    file is ``{"word": count, ...}``; without escapes every string in it is a key, and
    a regex finds them in half the time ``json.loads`` takes.
    """
    packed = resources.files("spellchecker").joinpath("resources", "nl.json.gz").read_bytes()
    data = gzip.decompress(packed)
    if b"\\" in data:  # escaped characters: only a JSON parser reads them right
        return frozenset(map(str.lower, json.loads(data)))
    return frozenset(map(str.lower, _JSON_KEY.findall(data.decode("utf-8"))))


def _hyphen_join(before: str, after: str, vocab: _Vocabulary) -> str:
    """What goes between a line ending in a word hyphen and the next line."""
    first = _FIRST_WORD.match(after)
    word = first.group(0) if first else ""
    if word.lower() in _SUSPENDED and (len(word) == len(after) or after[len(word)] == " "):
        return "- "
    match = _LAST_WORD.search(before)
    stem = match.group(1) if match else ""
    if not stem or not word or not stem[-1].islower() or not word[0].islower():
        return "-"
    if any(not ch.isalpha() for ch in stem + word):
        return "-"
    hyphenated, closed = f"{stem}-{word}".lower(), f"{stem}{word}".lower()
    if hyphenated in vocab:
        return "-"
    if closed in vocab:
        return ""
    words = _dutch_words()
    if hyphenated in words:
        return "-"
    if closed in words:
        return ""
    # a break inside a compound's last word: "leveringszekerheidspro-" + "blemen"
    inside = word.lower() not in words and any(
        f"{stem[i:]}{word}".lower() in words for i in range(len(stem) - 2, 0, -1)
    )
    return "" if inside else "-"


def _join_text(before: str, after: str, vocab: _Vocabulary, soft: bool = False) -> str:
    if soft:
        return before + after
    if _word_hyphen_end(before):
        return before[:-1] + _hyphen_join(before, after, vocab) + after
    return f"{before} {after}"


# ------------------------------------------------------------------ blocks


def _clean_blocks(blocks: Sequence[Block], *, join: bool = True) -> CleanText:
    """Paragraphs from blocks; ``join``: a paragraph block may go on in the next one."""
    vocab = _Vocabulary([b.text for b in blocks])
    paras: list[_Para] = []
    run: list[Block] = []
    pending = ""  # a paragraph block's text, which the next one may go on

    def settle() -> None:
        nonlocal pending
        if pending:
            paras.append(_paragraph(pending))  # a short unfinished one is a heading
        pending = ""

    for block in blocks:
        if block.kind == "lines":
            settle()
            run.append(block)
            continue
        paras.extend(_clean_lines(run, vocab))
        run = []
        para = _clean_structured(block, vocab)
        if para is None:
            continue
        if para.kind == "paragraph":
            if join and pending and _runs_on(pending, para.text):
                pending = _join_text(pending, para.text, vocab)
            else:
                settle()
                pending = para.text
            continue
        settle()
        if para.kind == "table_row" and _masthead(block, paras):
            para = _Para(para.text, "heading", _heading_level(para.text), para.label)
        paras.append(para)
    settle()
    paras.extend(_clean_lines(run, vocab))
    return _assemble(paras)


def _masthead(row: Block, before: Sequence[_Para]) -> bool:
    """Is this table row part of a title table above all text (a masthead)?

    Officielebekendmakingen's ODT opens with "Tweede Kamer der Staten-Generaal | 2",
    the Belgian Chamber's reports with "Commissie voor Justitie | Commission de la
    Justice": headings, as a text layer shows them, not passages to quote.
    """
    cells = [_cell_text(cell) for cell in row.cells]
    return all(p.kind == "heading" for p in before) and all(
        not cell or _is_heading(cell) for cell in cells
    )


def _cell_text(cell: str) -> str:
    """A table cell as one line, without lines drawn in underscores."""
    return " ".join(_RULE.sub("", cell).split())


def _runs_on(text: str, following: str) -> bool:
    """Does a paragraph's unfinished sentence visibly go on in the next one?

    "De Kamer," + "gehoord de interpellatie van ...": the next starts in lower case.
    """
    return following[:1].islower() and not _ends_sentence(text)


def _assemble(paras: Sequence[_Para]) -> CleanText:
    parts: list[str] = []
    out: list[Paragraph] = []
    pos = 0
    for para in paras:
        if parts:
            pos += 2
        out.append(Paragraph(pos, pos + len(para.text), para.kind, para.level, para.label))
        parts.append(para.text)
        pos += len(para.text)
    return CleanText("\n\n".join(parts), tuple(out))


def _clean_structured(block: Block, vocab: _Vocabulary) -> _Para | None:
    """A block that is whole already: spaces normalised, soft line breaks joined."""
    text = block.text if block.kind != "table_row" else _RULE.sub("", block.text)
    lines = [_normalise_line(x) for x in _normalise_breaks(text).replace("\f", "\n").split("\n")]
    lines = [x for x in lines if x and not _RULE.fullmatch(x)]
    if not lines:
        return None
    text = lines[0]
    for nxt in lines[1:]:
        text = _join_text(text, nxt, vocab)
    if _PAGE_NUMBER.match(text):
        log.debug("dropped page furniture block %r", text)
        return None
    if block.kind == "heading":
        return _Para(text, "heading", block.level or _heading_level(text))
    if block.kind in ("list_item", "table_row"):
        label = _cell_text(_normalise_line(block.cells[0])) if len(block.cells) > 1 else ""
        return _Para(text, block.kind, 0, label)
    return _Para(text)


# ------------------------------------------------------------------ lines


def _clean_lines(blocks: Sequence[Block], vocab: _Vocabulary) -> list[_Para]:
    pages: list[list[str]] = []
    for block in blocks:
        pages.extend(page.split("\n") for page in _normalise_breaks(block.text).split("\f"))
    if len(pages) > 1:
        pages = _drop_furniture(pages)
    elif pages:
        pages = [_drop_colophon(pages[0])]
    lines = _to_lines(pages)
    if not lines:
        return []
    pairs = [ln.gap for ln in lines[1:] if not ln.page_break]
    double = bool(pairs) and sum(g >= 1 for g in pairs) >= 0.75 * len(pairs)
    baseline = 1 if double else 0
    hyphenates = _hyphenates(lines, vocab)
    paras: list[_Para] = []
    start = 0
    i = 0
    while i < len(lines):
        table = None if double else _parse_table(lines, i, vocab)
        if table is None:
            i += 1
            continue
        end, table_paras = table
        paras.extend(_reflow(lines[start:i], baseline, vocab, None, hyphenates))
        paras.extend(table_paras)
        start = i = end
    paras.extend(_reflow(lines[start:], baseline, vocab, None, hyphenates))
    return paras


def _hyphenates(lines: Sequence[_Line], vocab: _Vocabulary) -> bool:
    """Does the document break words at line ends ("beperk-" + "tere")?"""
    return any(
        _word_hyphen_end(a.text) and _hyphen_join(a.text, b.text, vocab) == ""
        for a, b in pairwise(lines)
    )


def _to_lines(pages: Sequence[Sequence[str]]) -> list[_Line]:
    lines: list[_Line] = []
    for number, page in enumerate(pages):
        gap = 0
        first = True
        softs = any("\u00ad" in x for x in page)
        for raw_line, text in zip(page, _normalise_lines(page), strict=True):
            if not text:
                gap += 1
                continue
            soft = softs and raw_line.rstrip().endswith("\u00ad")
            page_break = first and number > 0 and bool(lines)
            # blank lines at the top of a page are layout, not a paragraph gap
            lines.append(_Line(text, 0 if page_break else gap, page_break, soft))
            gap = 0
            first = False
    return lines


def _furniture_key(line: str) -> str:
    """Running lines compared by their letters only: page numbers and dates vary."""
    if len(line) < 12:
        return line.lower()
    return "".join(ch for ch in line.lower() if ch.isalpha())


def _affix(key: str, other: str) -> bool:
    """``other`` is ``key`` with at most a few words around it ("’s-Gravenhage 2021 ...")."""
    return len(other) - len(key) <= 25 and (other.startswith(key) or other.endswith(key))


def _drop_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Drop page numbers and running headers/footers from the edges of pages."""
    normal = [_normalise_lines(page) for page in pages]
    edges: list[set[int]] = []
    keys: list[set[str]] = []
    for page in normal:
        filled = [i for i, x in enumerate(page) if x]
        edges.append(set(filled[:_EDGE] + filled[-_EDGE:]))
        keys.append({_furniture_key(page[i]) for i in edges[-1]})
    need = max(2, ceil(0.4 * len(pages)))
    count = Counter(k for page_keys in keys for k in page_keys)
    repeated = {k for k, n in count.items() if n >= need}
    if len(pages) <= _AFFIX_PAGES:  # a footer that a first page extends with a place
        for k in [k for k in count if len(k) >= 15 and k not in repeated]:
            if sum(any(_affix(k, x) for x in page_keys) for page_keys in keys) >= need:
                repeated.add(k)
    long_repeated = [k for k in repeated if len(k) >= 15]
    out: list[list[str]] = []
    for page, norm, edge in zip(pages, normal, edges, strict=True):
        kept: list[str] = []
        for i, (raw_line, line) in enumerate(zip(page, norm, strict=True)):
            if i in edge and _is_furniture(line, repeated, long_repeated):
                log.debug("dropped page furniture %r", line)
                continue
            kept.append(raw_line)
        out.append(kept)
    return out


def _drop_colophon(page: list[str]) -> list[str]:
    """A one-page document keeps its edges but for a parliamentary colophon."""
    filled = [i for i, x in enumerate(page) if x.strip()]
    edge = set(filled[:_EDGE] + filled[-_EDGE:])
    return [
        line
        for i, line in enumerate(page)
        if i not in edge or not _COLOPHON.match(_normalise_line(line))
    ]


def _is_furniture(line: str, repeated: set[str], long_repeated: list[str]) -> bool:
    if _PAGE_NUMBER.match(line) or _EDGE_ID.match(line) or _COLOPHON.match(line):
        return True
    key = _furniture_key(line)
    return key in repeated or any(_affix(k, key) for k in long_repeated)


# ------------------------------------------------------------------ reflow


def _ends_sentence(text: str) -> bool:
    last = text[-1:]
    if last == "." and _INITIALS_END.search(text):  # "minister ..., M." + "Bussemaker"
        return False
    if last and last in _SENTENCE_END:  # the common case, without the tests below
        return True
    if last and last in "0123456789" and _FOOTNOTE_MARK.search(text[-4:]):  # "»?1"
        text = text.rstrip("0123456789")
    core = text.rstrip(_CLOSERS)
    return bool(core) and core[-1] in _SENTENCE_END


def _is_caps(text: str) -> bool:
    if _ASCII_LOWER.search(text):  # the common case, without upper-casing the whole line
        return False
    if text != text.upper() or text == text.lower():  # lower case, or no letters at all
        return False
    letters = sum(map(str.isalpha, text))
    return letters >= 8 or (letters >= 5 and " " in text)


def _widths(lines: Sequence[_Line]) -> list[int | None]:
    """Local line width at each line, None where the line is not part of wrapped text.

    The width is the second-longest of the 20 lines around a line. Wrapped text has
    most of its lines near that width and none much longer; text whose lines are
    whole paragraphs already (cleaned text read back) has neither, and gets no fit
    test.
    """
    lengths = [len(ln.text) for ln in lines]
    return [_width_at(lengths, i) for i in range(len(lengths))]


def _width_at(lengths: Sequence[int], i: int) -> int | None:
    """``_widths`` at line ``i`` of lines of these ``lengths``."""
    window = [*lengths[max(0, i - 10) : i], *lengths[i + 1 : i + 11]]
    if not window:
        return None
    window.sort()  # ascending: the lines near the width are a tail found by bisection
    width = window[-2] if len(window) > 1 else window[0]
    wrapped = (
        width <= _MAX_WRAP
        and lengths[i] <= _OVERLONG * width
        and len(window) - bisect_left(window, _NEAR_FULL * width) >= _WRAPPED_SHARE * len(window)
    )
    return width if wrapped else None


def _joins(a: _Line, b: _Line, baseline: int, width: int | None, hyphenates: bool = False) -> bool:
    """Does line ``a`` run on into line ``b``?

    ``hyphenates``: the document breaks words at line ends, so a finished sentence
    followed by room for the next word's first syllable ends its paragraph.
    """
    size = len(a.text)
    extra = max(0, b.gap - baseline)
    if b.stops or a.field or a.caps != b.caps:
        return False
    ends = a.ends
    reach = size + 1 + b.first_word  # length had the next word fitted
    full = width is not None and reach > _FULL * width
    if b.item and (ends or not full or extra):
        return False
    if a.runs_on:
        return True
    lower = b.lower
    if extra == 1:  # one blank line in single-spaced text: a break unless visibly running on
        return not ends and lower
    if extra >= 2:  # a wide gap (page break, empty paragraph): ends a finished sentence only
        return not ends and (full or lower)
    if width is None:  # whole lines already: only a long unfinished line runs on
        return not ends and lower and size >= _LONG_UNFINISHED
    if ends and not b.ends and not lower and len(b.text) < _SHORT * width:
        return False  # a short unfinished line after a finished sentence: a heading
    if ends and hyphenates:
        return size + 1 + min(_SYLLABLE, b.first_word) > _FULL * width
    if ends:
        return full
    if full:
        return True
    return lower and (b.page_break or reach >= _RUN_ON_RATIO * width)


def _reflow(
    lines: Sequence[_Line],
    baseline: int,
    vocab: _Vocabulary,
    width: int | None = None,
    hyphenates: bool = False,
) -> list[_Para]:
    """Paragraphs from lines.

    ``width`` fixes the line width for a table column, whose cells hold no headings:
    there a line that does not end a sentence always runs on.
    """
    if not lines:
        return []
    widths = [width] * len(lines) if width else _widths(lines)
    paras: list[_Para] = []
    text = lines[0].text
    soft = lines[0].soft_end
    for i in range(1, len(lines)):
        line = lines[i]
        prev = lines[i - 1]
        if (
            soft
            or (width and not prev.ends)
            or _joins(prev, line, baseline, widths[i - 1], hyphenates)
        ):
            text = _join_text(text, line.text, vocab, soft)
        else:
            paras.append(_paragraph(text))
            text = line.text
        soft = line.soft_end
    paras.append(_paragraph(text))
    return paras


def _paragraph(text: str) -> _Para:
    if _BULLET.match(text):
        return _Para(text, "list_item")
    if _is_heading(text):
        return _Para(text, "heading", _heading_level(text))
    return _Para(text)


def _is_heading(text: str) -> bool:
    """Short, unfinished, one phrase: no sentence break inside, not a row of figures."""
    if _FIELD.match(text):
        return True
    if len(text) > _HEADING_MAX:
        return False
    marker = _ITEM.match(text)
    body = text[marker.end() :] if marker else text
    core = text.rstrip(_CLOSERS)
    return (
        bool(core)
        and core[-1] != ","
        and not _ends_sentence(text)
        and not _INNER_BREAK.search(body)
        and not _FIGURES.search(body)
    )


def _heading_level(text: str) -> int:
    for pattern, level in _HEADING_LEVEL:
        if pattern.match(text):
            return level
    return 3


# ------------------------------------------------------------------ tables


@cache
def _cell_openers() -> frozenset[str]:
    raw = resources.files("briefgen.data").joinpath("table_cell_openers.txt").read_text("utf-8")
    return frozenset(x.strip() for x in raw.splitlines() if x.strip() and not x.startswith("#"))


def _split_first_row(text: str) -> tuple[str, str]:
    """Split "Nederlandse Taalunie De Taalunie is ..." into label and cell text."""
    words = text.split(" ")
    openers = _cell_openers()
    for n in range(1, len(words)):
        label = " ".join(words[:n])
        if len(label) > _LABEL_MAX:
            break
        if words[n] in openers:
            return label, " ".join(words[n:])
    return "", text


def _label_end(lines: Sequence[_Line], k: int) -> int | None:
    """End of a row label block starting at ``k`` (short lines, then a blank line)."""
    m = k
    while m < len(lines) and m - k < 6:
        line = lines[m]
        if m > k and (line.gap or line.page_break):
            return m
        text = line.text
        if (
            len(text) > _LABEL_MAX
            or _ends_sentence(text)
            or text.endswith(",")
            or _ITEM.match(text)
        ):
            return None
        m += 1
    return None


def _cell_continues(lines: Sequence[_Line], j: int) -> bool:
    prev, nxt = lines[j].text, lines[j + 1]
    if _ITEM.match(nxt.text):
        return False
    page = nxt.page_break or nxt.gap >= 2
    if not nxt.gap and not page:
        return not (_ends_sentence(prev) and _label_end(lines, j + 1) is not None)
    if prev.endswith(",") or _word_hyphen_end(prev) or nxt.text[0].islower():
        return True
    return page and not _ends_sentence(prev)


def _parse_table(
    lines: Sequence[_Line], h: int, vocab: _Vocabulary
) -> tuple[int, list[_Para]] | None:
    """A flattened two-column table whose header line is ``lines[h]``, if it is one."""
    header = lines[h]
    if not _TABLE_HEADER.match(header.text) or len(header.text) > 40:
        return None
    if h > 0 and not (header.gap or header.page_break):
        return None
    if h + 1 >= len(lines) or lines[h + 1].gap or lines[h + 1].page_break:
        return None
    label, first = _split_first_row(lines[h + 1].text)
    rows: list[tuple[str, list[_Line]]] = []
    cell = [_Line(first)]
    j = h + 1
    end = len(lines)
    while j + 1 < len(lines):
        if _cell_continues(lines, j):
            j += 1
            cell.append(lines[j])
            continue
        rows.append((label, cell))
        cell = []
        m = _label_end(lines, j + 1)
        # a label block ends before line m > j + 1, so lines[j + 2] exists
        if m is None or (_TABLE_HEADER.match(lines[j + 1].text) and not lines[j + 2].gap):
            end = j + 1
            break
        label = " ".join(x.text for x in lines[j + 1 : m])
        cell = [lines[m]]
        j = m
    if cell:
        rows.append((label, cell))
    if len(rows) < 2:
        return None
    column = header.text.rsplit(" ", 1)[-1]
    column_width = max(len(x.text) for _, cell_lines in rows for x in cell_lines)
    paras = [_Para(header.text, "heading", 3)]
    for row_label, cell_lines in rows:
        if row_label:
            paras.append(_Para(row_label, "heading", 4))
        name = f"{row_label} — {column}" if row_label else column
        flat = [_Line(x.text, 0, False, x.soft_end) for x in cell_lines]
        for para in _reflow(flat, 0, vocab, column_width):
            paras.append(_Para(para.text, "table_row", 0, name))
    return end, paras
