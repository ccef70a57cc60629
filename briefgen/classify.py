"""Sort sentences into background, commitments and open points, saying why.

The rules are a cue lexicon a reviewer can read (``briefgen/data/cues.toml``; the
precedence rule is written in its header) rather than a model: every decision names
the cue that made it, which ``--explain`` shows. Sentence splitting lives here too,
because sections are decided per sentence and compose trims quotes at the same
boundaries.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, cast, get_args

from briefgen.errors import ConfigError
from briefgen.models import Reason, SectionKey
from briefgen.render.i18n import N_, available_languages

DEFAULT_SOURCE = "briefgen/data/cues.toml"
SECTIONS: tuple[SectionKey, ...] = get_args(SectionKey)
BACKGROUND_REASON = Reason(
    N_("no commitment or open-point cue: context, history, facts or figures")
)
# TRANSLATORS: cue is the matched Dutch wording (a quote), why the cue's reason in cues.toml.
CUE_REASON = N_("cue '%(cue)s': %(why)s")
_GAP_WORDS = 8  # what "..." in a phrase stands for
_PRECEDENCE: tuple[SectionKey, ...] = ("open_points", "commitments")  # rule of cues.toml
_CUE_FIELDS = frozenset({"phrase", "regex", "name", "section", "weight", "reason", "unless"})


@dataclass(frozen=True, slots=True)
class Cue:
    """One lexicon entry: a pattern that argues for a section, and why."""

    name: str  # the phrase as written, or the regex entry's name
    section: SectionKey
    weight: float
    reason: Reason  # its own words per language, from the cue's reason table
    pattern: re.Pattern[str]
    unless: re.Pattern[str] | None = None
    # one of these must stand in the lower-cased sentence for the pattern to match:
    # a cheap test that spares most searches; empty for a regex cue (always searched)
    needs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Lexicon:
    """A compiled cue file: the cues, and the abbreviations sentence splitting respects."""

    cues: tuple[Cue, ...]
    abbreviations: frozenset[str]


@dataclass(frozen=True, slots=True)
class Classification:
    """The section of a sentence or passage and the cue that decided it."""

    section: SectionKey
    reason: Reason  # for --explain: "cue 'hebben besloten': a decision was taken"
    cue: str | None = None  # the cue's name; None for background by default
    span: tuple[int, int] | None = None  # where the cue matched, offsets into the text


# ------------------------------------------------------------------------ lexicon


def _word(token: str) -> str:
    alternatives = []
    for alt in token.split("|"):
        prefix = alt.endswith("*")
        alternatives.append(re.escape(alt.rstrip("*")) + (r"\w*" if prefix else ""))
    return r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)"


def _needed_words(phrase: str) -> tuple[str, ...]:
    """The literal alternatives of the phrase's word that is hardest to find, lower case.

    Every word of a phrase must match, so a sentence holding none of one word's
    alternatives cannot match it. Only ASCII words are used: their case-insensitive
    match is plain lower-casing (``classify`` guards the few letters where it is not).
    """
    words = [
        tuple(alt.rstrip("*").lower() for alt in token.split("|"))
        for token in phrase.split()
        if token != "..."
    ]
    usable = [w for w in words if all(alt and alt.isascii() for alt in w)]
    return max(usable, key=lambda w: min(map(len, w)), default=())


def compile_phrase(phrase: str) -> re.Pattern[str]:
    """A phrase of the cue syntax (words, ``...`` gaps, ``a|b``, ``word*``) as a regex."""
    sep = r"[^\w.!?]+"
    parts: list[str] = []
    gap = False
    for token in phrase.split():
        if token == "...":
            if not parts:
                raise ValueError("a phrase cannot start with '...'")
            gap = True
            continue
        if parts:
            parts.append(rf"(?:{sep}\S+){{0,{_GAP_WORDS}}}?{sep}" if gap else sep)
        parts.append(_word(token))
        gap = False
    if not parts or gap:
        raise ValueError("a phrase needs words, and '...' only between words")
    return re.compile("".join(parts), re.IGNORECASE)


def _parse_cue(entry: dict[str, Any]) -> Cue:
    unknown = sorted(set(entry) - _CUE_FIELDS)
    if unknown:
        raise ValueError(f"unknown field '{unknown[0]}'")
    section = entry.get("section")
    if section not in SECTIONS or section == "background":
        raise ValueError("'section' must be 'commitments' or 'open_points'")
    weight = entry.get("weight", 1.0)
    if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
        raise ValueError("'weight' must be a positive number")
    reason = _parse_reason(entry.get("reason"))
    phrase, regex = entry.get("phrase"), entry.get("regex")
    if isinstance(phrase, str) == isinstance(regex, str):
        raise ValueError("give either 'phrase' or 'regex'")
    try:
        needs: tuple[str, ...] = ()
        if isinstance(phrase, str):
            name, pattern, needs = phrase, compile_phrase(phrase), _needed_words(phrase)
        else:
            label = entry.get("name")
            if not isinstance(label, str) or not label:
                raise ValueError("a 'regex' cue needs a 'name'")
            name, pattern = label, re.compile(str(regex), re.IGNORECASE)
        unless = entry.get("unless", [])
        if not isinstance(unless, list) or not all(isinstance(u, str) for u in unless):
            raise ValueError("'unless' must be a list of phrases")
        unless_pattern = (
            re.compile("|".join(compile_phrase(u).pattern for u in unless), re.IGNORECASE)
            if unless
            else None
        )
    except re.error as exc:
        raise ValueError(f"bad regex: {exc}") from None
    return Cue(
        name,
        cast(SectionKey, section),
        float(weight),
        reason,
        pattern,
        unless_pattern,
        needs,
    )


def _parse_reason(value: object) -> Reason:
    """A cue's ``reason.<lang>`` texts: English is the message, the others its words.

    Every language with a catalogue is required, so no briefing mixes in English.
    """
    if not isinstance(value, dict):
        raise ValueError("'reason' must give a text per language: reason.en = \"...\", ...")
    texts = {
        lang: text.strip() for lang, text in value.items() if isinstance(text, str) and text.strip()
    }
    for lang in sorted({"en", *available_languages(), *value}):
        if lang not in texts:
            raise ValueError(f"'reason.{lang}' is missing or empty")
    english = texts.pop("en")
    return Reason(english, words=tuple(sorted(texts.items())))


def load_lexicon(path: Path | None = None) -> Lexicon:
    """Parse and compile a cue file; the shipped one (cached) when ``path`` is None."""
    if path is None:
        return _default_lexicon()
    return _parse_lexicon(Path(path).read_text(encoding="utf-8"), str(path))


@cache
def _default_lexicon() -> Lexicon:
    text = resources.files("briefgen.data").joinpath("cues.toml").read_text("utf-8")
    return _parse_lexicon(text, DEFAULT_SOURCE)


def _parse_lexicon(text: str, source: str) -> Lexicon:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: invalid TOML: {exc}") from None
    cues = []
    for number, entry in enumerate(data.get("cue", []), start=1):
        try:
            cues.append(_parse_cue(entry if isinstance(entry, dict) else {}))
        except ValueError as exc:
            label = entry.get("phrase") or entry.get("name") if isinstance(entry, dict) else None
            where = f"cue #{number}" + (f" '{label}'" if label else "")
            raise ConfigError(f"{source}: {where}: {exc}") from None
    sentences = data.get("sentences", {})
    abbreviations = sentences.get("abbreviations", []) if isinstance(sentences, dict) else None
    if not isinstance(abbreviations, list) or not all(isinstance(a, str) for a in abbreviations):
        raise ConfigError(f"{source}: [sentences] abbreviations must be a list of strings")
    return Lexicon(tuple(cues), frozenset(a.lower() for a in abbreviations))


# ---------------------------------------------------------------------- sentences

# a run of terminal punctuation with any closing quotes or brackets after it
_TERMINAL = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")
_HARD_BREAK = re.compile(r"\n\s*\n|\n(?=\s*•)")  # a blank line, or a bullet on a new line
_NEXT_WORD = re.compile(r"\s+[\"'“‘«(\[]*(\S\S?)")
_ENUMERATION = re.compile(r"(?:\d+(?:[+-]\d+)*|[a-z])\.")
_INITIAL = re.compile(r"[A-Z]\.")
_ODD_CASE = re.compile("[\u0130\u0131\u017f]")  # İ ı ſ: see _needed_words


def _ends_sentence(
    text: str, match: re.Match[str], start: int, end: int, abbreviations: frozenset[str]
) -> bool:
    """Whether the terminal ``match`` ends the sentence in ``text[start:end]`` begun at start."""
    following = _NEXT_WORD.match(text, match.end(), end)
    if following is None:
        return True
    head = following.group(1)
    if not (
        head[0].isupper() or head[0].isdigit() or head[0] == "•" or head in ("’s", "'s", "’t", "'t")
    ):
        return False  # the next word starts in lower case: the sentence goes on
    if match.group() != ".":
        return True
    word_start = match.start()  # walk back to the word the period ends (linear overall)
    while word_start > start and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start : match.end()].lstrip("(\"'“‘")
    if word[:-1].lower() in abbreviations or _INITIAL.fullmatch(word):
        return False
    first = start
    while first < word_start and text[first].isspace():
        first += 1
    return not (first == word_start and _ENUMERATION.fullmatch(word))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a Dutch passage, surrounding spaces excluded.

    No split after abbreviations (``zgn.``, ``resp.``, ``o.a.``: the list is in
    cues.toml), initials, an enumeration label that opens the sentence (``1+3.``,
    ``b.``), or before a word in lower case; decimals and dates have no space after
    their points. A closing quote or bracket after the period stays with its sentence.
    A blank line, or a bullet on a new line, always starts a new sentence.
    """
    abbreviations = _default_lexicon().abbreviations
    pieces: list[tuple[int, int]] = []
    block_start = 0
    for brk in [*_HARD_BREAK.finditer(text), None]:
        block_end = brk.start() if brk else len(text)
        start = block_start
        for match in _TERMINAL.finditer(text, block_start, block_end):
            if _ends_sentence(text, match, start, block_end, abbreviations):
                pieces.append((start, match.end()))
                start = match.end()
        pieces.append((start, block_end))
        block_start = brk.end() if brk else len(text)
    spans = []
    for a, b in pieces:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            spans.append((a, b))
    return spans


# ------------------------------------------------------------------ classification


def _classify_sentence(sentence: str, offset: int = 0) -> Classification:
    """The section of one sentence by the rule of cues.toml."""
    question = sentence.rstrip().endswith("?")
    found: dict[SectionKey, list[tuple[Cue, re.Match[str]]]] = {s: [] for s in _PRECEDENCE}
    # letters that match an ASCII letter ignoring case but do not lower-case to it
    low = None if _ODD_CASE.search(sentence) else sentence.lower()
    for cue in _default_lexicon().cues:
        if question and cue.section == "commitments":
            continue
        if low is not None and cue.needs and not any(word in low for word in cue.needs):
            continue
        match = cue.pattern.search(sentence)
        if match and not (cue.unless and cue.unless.search(sentence)):
            found[cue.section].append((cue, match))
    for section in _PRECEDENCE:
        total = sum(cue.weight for cue, _ in found[section])
        if total >= 1.0:
            cue, match = max(found[section], key=lambda cm: (cm[0].weight, -cm[1].start()))
            return Classification(
                section,
                Reason(CUE_REASON, (("cue", match.group()), ("why", cue.reason))),
                cue.name,
                (offset + match.start(), offset + match.end()),
            )
    return Classification("background", BACKGROUND_REASON)


def classify_passage(text: str) -> list[tuple[int, int, Classification]]:
    """Runs of consecutive sentences of the same section: (start, end, classification).

    The classification of a run is that of its first sentence with a cue (its reason
    names that cue), so compose can quote each run in its own section.
    """
    runs: list[tuple[int, int, Classification]] = []
    for start, end in split_sentences(text):
        result = _classify_sentence(text[start:end], start)
        if runs and runs[-1][2].section == result.section:
            first = runs[-1][2]
            runs[-1] = (runs[-1][0], end, first)
        else:
            runs.append((start, end, result))
    return runs


def classify_text(text: str) -> Classification:
    """The one section of a sentence or a whole passage, with the deciding cue.

    For several sentences: the section most of them belong to, a tie going to open
    points, then commitments, then background (the rule in cues.toml's header). The
    reason is that of the section's first sentence.
    """
    votes: dict[SectionKey, int] = {}
    first: dict[SectionKey, Classification] = {}
    for start, end in split_sentences(text):
        result = _classify_sentence(text[start:end], start)
        votes[result.section] = votes.get(result.section, 0) + 1
        first.setdefault(result.section, result)
    if not votes:
        return Classification("background", BACKGROUND_REASON)
    order = (*_PRECEDENCE, "background")
    return first[max(votes, key=lambda s: (votes[s], -order.index(s)))]
