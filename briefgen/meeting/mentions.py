"""Sentences that name a meeting of a series, with the date, place and edition they give."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from briefgen.analysis import tokens
from briefgen.classify import split_sentences
from briefgen.meeting.lexicon import MeetingLexicon, Series
from briefgen.models import DateFact, Document, Passage

EDITION_REACH = 40  # characters before a series word where an edition ("4e") may stand

Precision = Literal["day", "month", "year"]
PRECISION_ORDER: dict[Precision, int] = {"day": 0, "month": 1, "year": 2}


@dataclass(frozen=True, slots=True)
class Mention:
    """One sentence that names a meeting of a series."""

    series: Series
    passage: Passage
    document: Document  # metadata only
    span: tuple[int, int]  # the sentence, offsets into passage.text
    when: DateFact | None  # the date nearest to the series word, if the sentence has one
    place: str | None  # the place as meetings.toml names it
    edition: str | None  # the ordinal as written: "4e", "zesde"
    start: bool = False  # "sinds 2011": the start of the series, not one meeting

    @property
    def sentence(self) -> str:
        return self.passage.text[self.span[0] : self.span[1]]


def precision_of(fact: DateFact) -> Precision:
    """How precisely a date fact gives its day: "2023" and "rond 2023" are years."""
    if fact.approximate or fact.kind in ("year", "period"):
        return "year"
    return "month" if fact.kind == "month" else "day"


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, b[0] - a[1], a[0] - b[1])


def mentions_in(passage: Passage, doc: Document, lex: MeetingLexicon) -> list[Mention]:
    """The sentences of a passage that name a meeting, with what they say of it.

    A written question's sub-questions only ask, so they mention nothing.
    """
    if passage.part == "question":
        return []
    found: dict[tuple[str, int], Mention] = {}
    text = passage.text
    for s, e in split_sentences(text):
        sentence = text[s:e]
        facts = [f for f in passage.dates if s <= f.start and f.end <= e]
        starts = [f for f in facts if (tokens(f.literal) or [""])[0] in lex.start]
        for series in lex.series:
            for match in series.pattern.finditer(sentence):
                after = sentence[match.end() :]
                if series.not_followed_by and series.not_followed_by.match(after):
                    continue
                key = (series.slug, s)
                at = (s + match.start(), s + match.end())
                if starts:  # "deze ontmoetingen ... sinds 2011": the series, not one meeting
                    start = Mention(series, passage, doc, (s, e), starts[0], None, None, True)
                    found.setdefault(key, start)
                    continue
                before = tokens(sentence[: match.start()])
                if before and before[-1] in lex.refers_back:
                    continue
                dated = [f for f in facts if f not in starts]
                when = min(dated, key=lambda f: _distance(at, (f.start, f.end)), default=None)
                places = [
                    (_distance((match.start(), match.end()), m.span()), name)
                    for name, within, _alone in lex.places
                    for m in within.finditer(sentence)
                ]
                edition = lex.edition.search(
                    sentence[max(0, match.start() - EDITION_REACH) : match.start()]
                )
                mention = Mention(
                    series,
                    passage,
                    doc,
                    (s, e),
                    when,
                    min(places)[1] if places else None,
                    edition.group(1) if edition else None,
                )
                if key not in found or (found[key].when is None and when is not None):
                    found[key] = mention
    return [found[k] for k in sorted(found, key=lambda k: (k[1], k[0]))]
