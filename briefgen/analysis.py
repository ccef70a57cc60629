"""The one text analyser used at index time and at query time.

Text is folded (lower case, accents and ligatures decomposed and dropped), cut into
runs of letters and digits, and stemmed with the Snowball ``dutch_porter`` algorithm
of PyStemmer. A hyphenated compound falls apart into its parts, so ``nul-emissie``
is the phrase ``nul emissie`` and is found by ``emissie`` too.

Why ``dutch_porter`` and not PyStemmer 3's newer ``dutch``: on the seed vocabulary the
newer algorithm leaves inflected adjectives apart (``vlaams``/``vlaamse``,
``groot``/``grote``, ``nieuw``/``nieuwe``) and strips ``ge-`` so that ``gezond``
becomes ``zon`` and ``gemeente`` becomes ``meen``; ``dutch_porter`` conflates the
former and avoids the latter, and still joins ``leraar``/``leraren``. Its one gap
seen in the seeds, ``-ies`` plurals (``emissies``, ``transities``), is closed before
stemming.

Folding is per character, so an analysed token can always be traced back to the
characters of the original text it came from (``token_spans``): that is how a
snippet marks the words a query matched.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import Stemmer

STEMMER_ALGORITHM = "dutch_porter"
ANALYSER_VERSION = 1  # bump when tokens or stems change: older indexes are then rebuilt
STOPWORDS_FILE = Path(__file__).with_name("data") / "stopwords_nl.txt"
MAX_TOKEN_CHARS = 80  # longer runs (hashes, base64, glued junk) are never searched for

_WORD = re.compile(r"[^\W_]+")
_WORD_NO_UNDERSCORE = re.compile(r"\w+")  # same matches when the text has no "_", faster
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_QUERY_PART = re.compile(r"[\"“”„]([^\"“”„]*)[\"“”„]?|(\S+)")  # "a phrase" or a word
# Invisible characters that sit inside words (soft hyphen, zero-width joiners, BOM):
# folded to nothing so "beper\xadktere" stays one word.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"


class _FoldTable(dict[int, str]):
    """The folded form of each character, worked out on first sight."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char in _INVISIBLE:
            folded = ""
        else:
            decomposed = unicodedata.normalize("NFKD", char.lower())
            folded = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
        self[code] = folded
        return folded


_FOLD = _FoldTable()


class TokenSpan(NamedTuple):
    """A token and the characters of the original text it was read from."""

    start: int
    end: int  # exclusive
    token: str  # folded


def _fold_run(m: re.Match[str]) -> str:
    return "".join([_FOLD[ord(c)] for c in m.group()])


def _fold_char(char: str) -> str:
    return char.lower() if char.isascii() else _FOLD[ord(char)]


def fold(text: str) -> str:
    """Lower case with accents, ligatures and invisible characters folded away.

    Character by character (``_fold_char``), so offsets can be mapped back; the
    non-ASCII characters are folded first, so ``lower()`` only touches ASCII.
    """
    if text.isascii():
        return text.lower()
    return _NON_ASCII.sub(_fold_run, text).lower()


def tokens(text: str) -> list[str]:
    """The folded word tokens of ``text``, in order (hyphenated compounds split)."""
    return _words(fold(text))


def _words(folded: str) -> list[str]:
    words: list[str] = (_WORD if "_" in folded else _WORD_NO_UNDERSCORE).findall(folded)
    if words and max(map(len, words)) > MAX_TOKEN_CHARS:
        words = [w for w in words if len(w) <= MAX_TOKEN_CHARS]
    return words


def token_spans(text: str) -> list[TokenSpan]:
    """``tokens(text)`` with the offsets of each token in the original ``text``."""
    pieces = [_fold_char(c) for c in text]
    folded = "".join(pieces)
    # origin[i]: index in ``text`` of the character that produced folded[i]
    origin = [i for i, piece in enumerate(pieces) for _ in piece]
    spans = []
    for m in _WORD.finditer(folded):
        if m.end() - m.start() > MAX_TOKEN_CHARS:
            continue
        end = origin[m.end() - 1] + 1
        while end < len(text) and not pieces[end]:  # trailing combining marks belong to it
            end += 1
        spans.append(TokenSpan(origin[m.start()], end, m.group()))
    return spans


@cache
def _stemmer() -> Stemmer.Stemmer:
    import Stemmer

    return Stemmer.Stemmer(STEMMER_ALGORITHM)


def _singular_ie(words: list[str]) -> list[str]:
    """``emissies`` -> ``emissie``: see ``stem_tokens``."""
    return [w[:-1] if w[-3:] == "ies" and len(w) > 5 else w for w in words]


def stem_tokens(words: list[str]) -> list[str]:
    """Stems of already folded tokens.

    ``dutch_porter`` keeps the plural ``-s`` after a vowel, so ``emissies`` would miss
    ``emissie``; plurals of the very common ``-ie`` nouns (transitie, organisatie,
    ambitie) lose that ``s`` first.
    """
    stemmed: list[str] = _stemmer().stemWords(_singular_ie(words))
    return stemmed


def stems(text: str) -> list[str]:
    """The stems of ``text``, one per token, in order: ``stem_tokens(tokens(text))``."""
    folded = fold(text)
    words = _words(folded)
    if "ies" in folded:  # the same as stem_tokens, without a pass over every word
        words = _singular_ie(words)
    stemmed: list[str] = _stemmer().stemWords(words)
    return stemmed


def analyze(text: str) -> str:
    """Space-joined stems: what the index stores and what queries are matched against."""
    return " ".join(stems(text))


def matched_spans(text: str, stems: set[str]) -> list[tuple[int, int]]:
    """Spans of ``text`` whose words have a stem in ``stems``; ``nul-emissie`` is one."""
    spans = token_spans(text)
    merged: list[tuple[int, int]] = []
    for span, stem in zip(spans, stem_tokens([s.token for s in spans]), strict=True):
        if stem not in stems:
            continue
        if merged and text[merged[-1][1] : span.start] in ("", "-"):
            merged[-1] = (merged[-1][0], span.end)
        else:
            merged.append((span.start, span.end))
    return merged


def parse_query(text: str) -> list[str]:
    """Query text to entries: each "quoted phrase" and each other word is one entry."""
    return [
        (m.group(1) or m.group(2)).strip()
        for m in _QUERY_PART.finditer(text)
        if (m.group(1) or m.group(2) or "").strip()
    ]


@cache
def stopwords() -> frozenset[str]:
    """Folded Dutch stop words from ``briefgen/data/stopwords_nl.txt``."""
    raw = STOPWORDS_FILE.read_text("utf-8")
    lines = (line.split("#", 1)[0].strip() for line in raw.splitlines())
    return frozenset(fold(line) for line in lines if line)


def query_stems(text: str) -> list[str]:
    """Distinct stems of the non-stop words of ``text``, in order: a query's terms."""
    stop = stopwords()
    words = [t for t in tokens(text) if t not in stop]
    return list(dict.fromkeys(stem_tokens(words)))
