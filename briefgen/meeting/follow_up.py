"""What was agreed at a meeting, and the later passages that speak of the same subject.

Which subject a sentence is about is read from the theme catalogue's terms, the curated
vocabulary every briefing already uses. Nothing here judges: a commitment is
"mentioned later" or has "no later mention", with the quotes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from briefgen.analysis import stems
from briefgen.classify import classify_text, split_sentences
from briefgen.compose import items_for, source_ref
from briefgen.meeting.found import PastMeeting
from briefgen.meeting.lexicon import MeetingLexicon, Series, load_meeting_lexicon
from briefgen.models import Document, Item, Passage, Reason
from briefgen.render.i18n import N_
from briefgen.select import DUPLICATE_CONTAINMENT, Selected

if TYPE_CHECKING:
    from briefgen.store import Store
    from briefgen.themes import ThemeCatalogue

FOLLOW_UP_CANDIDATES = 40  # later passages ranked per commitment before the subject test
FOLLOW_UP_LATER_MAX = 3  # later mentions quoted per commitment
MIN_SHARED_WEIGHT = 2.0  # subject-term weight a later sentence must share with a commitment
MIN_SUBJECT_WEIGHT = 1.0  # a report sentence with less names no subject to follow up
_SHINGLE = 4  # words per shingle when testing whether a passage quotes a commitment
QUOTES_REASON = Reason(N_("quotes the commitment"))
# TRANSLATORS: terms are Dutch words as the sources write them, separated by commas.
SHARES_REASON = N_("shares the subject terms: %(terms)s")

Status = Literal["mentioned_later", "no_later_mention"]


@dataclass(frozen=True, slots=True)
class Subjects:
    """The theme catalogue's terms, as the vocabulary of what a sentence is about.

    Each term keeps the highest weight any theme gives it. A theme's own name or alias
    ("onderwijs", "energie") is its broadest term and counts half: sharing it says only
    that two sentences belong to one theme. The words that name a meeting series
    ("onderwijstop") name a meeting, not a subject, and are left out.
    """

    terms: tuple[tuple[str, str, float], ...]  # (term as written, " stem seq ", weight)

    @classmethod
    def from_catalogue(cls, catalogue: ThemeCatalogue, lex: MeetingLexicon) -> Subjects:
        series_words = {_seq(w) for s in lex.series for w in s.words}
        broad = {_seq(n) for t in catalogue for n in (t.name_nl, t.name_en, *t.aliases)}
        best: dict[str, tuple[str, float]] = {}
        for theme in catalogue:
            for text, weight, _is_phrase in theme.terms():
                seq = _seq(text)
                weight *= 0.5 if seq in broad else 1.0
                if seq.strip() and seq not in series_words and weight > best.get(seq, ("", 0))[1]:
                    best[seq] = (text, weight)
        return cls(tuple((text, seq, w) for seq, (text, w) in sorted(best.items())))

    def of(self, text: str, also: Iterable[str] = ()) -> dict[str, float]:
        """The subject terms in ``text`` with their weights; ``also`` are more terms (1.0)."""
        joined = " " + " ".join(stems(text)) + " "
        found = {t: w for t, seq, w in self.terms if seq in joined}
        found.update((t, 1.0) for t in also if _seq(t).strip() and _seq(t) in joined)
        return found


def _seq(text: str) -> str:
    """The stems of a term, padded so that ``in`` matches whole words only."""
    return " " + " ".join(stems(text)) + " "


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = stems(text)
    return {tuple(words[i : i + _SHINGLE]) for i in range(max(1, len(words) - _SHINGLE + 1))}


def _contained(small: set[tuple[str, ...]], big: set[tuple[str, ...]]) -> float:
    return len(small & big) / len(small) if small else 0.0


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A commitment of an earlier meeting and the later passages on its subject."""

    meeting: PastMeeting
    commitment: Item
    later: tuple[Item, ...]  # at most FOLLOW_UP_LATER_MAX, oldest first
    later_total: int
    later_than: date | None  # passages dated after this day count as later

    @property
    def status(self) -> Status:
        return "mentioned_later" if self.later_total else "no_later_mention"


def sentence_item(passage: Passage, doc: Document, span: tuple[int, int]) -> Item:
    """One sentence of a passage as a quoted item, sorted by the cue lexicon."""
    text = passage.text[span[0] : span[1]].strip()
    verdict = classify_text(text)
    return Item(
        text=text,
        sources=(source_ref(passage, doc),),
        section=verdict.section,
        reason=verdict.reason,
        label=passage.label,
    )


def merge_quotes(items: Sequence[Item]) -> list[Item]:
    """One item per text: a sentence quoted elsewhere is cited once, from both sources."""
    shingles = [_shingles(it.text) for it in items]
    result: list[Item] = []
    kept: list[set[tuple[str, ...]]] = []
    for item, own in zip(items, shingles, strict=True):
        for n, other in enumerate(kept):
            small, big = (own, other) if len(own) <= len(other) else (other, own)
            if _contained(small, big) >= DUPLICATE_CONTAINMENT:
                shorter = item if len(own) < len(other) else result[n]
                refs = tuple(dict.fromkeys((*result[n].sources, *item.sources)))
                result[n] = replace(shorter, sources=refs)
                kept[n] = small
                break
        else:
            result.append(item)
            kept.append(own)
    return result


def reports(meeting: PastMeeting) -> list[Item]:
    """The sentences that mention a meeting, each quoted once, in source order.

    Of its own declaration only those that date, place or number it: the rest ("tijdens
    de top is besproken ...") is the declaration's content, quoted as what was agreed.
    """
    own = meeting.declaration.id if meeting.declaration else None
    ordered = sorted(
        (m for m in meeting.mentions if m.document.id != own or m.when or m.place or m.edition),
        key=lambda m: (m.document.meta.date or date.max, m.passage.id, m.span[0]),
    )
    return merge_quotes([sentence_item(m.passage, m.document, m.span) for m in ordered])


def _continuations(meeting: PastMeeting) -> list[Item]:
    """Commitment sentences right after a mention, in the same passage (not a declaration).

    "Op dinsdag 26 maart werd een vervolg gebreid aan de onderwijstop ... Er is beslist
    om ...": the decision is the meeting's. In a declaration the following sentences are
    the declaration's own, and after a mention inside quotation marks those of the
    document quoted, so nothing continues there.
    """
    items = []
    for mention in meeting.mentions:
        text = mention.passage.text
        opened = text[: mention.span[1]]
        if mention.document.meta.doc_type == "declaration" or opened.count("“") > opened.count("”"):
            continue
        for s, e in split_sentences(text):
            if s < mention.span[1]:
                continue
            sentence = text[s:e]
            if any(series.pattern.search(sentence) for series in load_meeting_lexicon().series):
                break
            item = sentence_item(mention.passage, mention.document, (s, e))
            if item.section == "commitments":
                items.append(item)
    return merge_quotes(items)


def agreed(store: Store, meeting: PastMeeting) -> list[Item]:
    """What was agreed at a meeting: its declaration's commitments, else what follows a mention."""
    if meeting.declaration is None:
        return [it for it in reports(meeting) if it.section == "commitments"] + _continuations(
            meeting
        )
    doc = store.get_document(meeting.declaration.id)
    return [
        item
        for passage in (doc.passages if doc else ())
        for item in items_for(Selected(passage, meeting.declaration, 0.0, 0.0, ()))
        if item.section == "commitments"
    ]


def to_follow(store: Store, meeting: PastMeeting, subjects: Subjects) -> list[Item]:
    """The commitments of a meeting to follow up.

    A declaration's commitments; for a meeting known only from mentions, the sentences
    that say what happened there about some subject, and the commitments after them.
    """
    if meeting.declaration is not None:
        return agreed(store, meeting)
    said = [
        it
        for it in reports(meeting)
        if it.section == "commitments" or sum(subjects.of(it.text).values()) >= MIN_SUBJECT_WEIGHT
    ]
    return said + _continuations(meeting)


def later_mentions(
    store: Store,
    commitment: Item,
    after: date | None,
    subjects: Subjects,
    metas: Mapping[str, Document],
    series: Series,
) -> list[Item]:
    """Passages dated after ``after`` that quote the commitment or share its subject.

    A later sentence shares the subject when the subject terms it has in common with the
    commitment weigh MIN_SHARED_WEIGHT together; the words of the meeting's series count
    as terms too ("thema's van de Onderwijstop, zoals basisvaardigheden"). A commitment
    that names too little itself ("zullen dit probleem aanpakken") takes the terms of the
    sentence before it. A passage that holds most of the commitment's words in order
    quotes it. Each later passage is quoted by its sentence that shares the most; the
    reason names the shared terms. Oldest document first; within one, the closest first.
    """
    from briefgen.index import SearchQuery

    if after is None:
        return []
    own = subjects.of(commitment.text, series.words)
    if sum(own.values()) < MIN_SHARED_WEIGHT:
        own = {**_sentence_before(store, commitment, subjects, series), **own}
    words = [w for w in dict.fromkeys(re.findall(r"[^\W_]+", commitment.text)) if len(w) > 3]
    query = SearchQuery(
        should=tuple(dict.fromkeys((*own, *words))),
        weights={t: 2.0 for t in own},
        since=after + timedelta(days=1),
        exclude_doc_ids=(commitment.sources[0].document_id,),
    )
    wanted = _shingles(commitment.text)
    found: list[tuple[float, Item]] = []
    for passage, _score in store.search_passages(query, FOLLOW_UP_CANDIDATES):
        doc = metas.get(passage.doc_id)
        if doc is None or passage.part == "question":
            continue
        quoted = _contained(wanted, _shingles(passage.text)) >= DUPLICATE_CONTAINMENT
        best: tuple[float, tuple[int, int], list[str]] | None = None
        for s, e in split_sentences(passage.text):
            sentence = passage.text[s:e]
            shared = sorted(set(own) & set(subjects.of(sentence, series.words)))
            weight = sum(own[t] for t in shared)
            if quoted:
                weight += len(wanted & _shingles(sentence))
            if weight and (best is None or weight > best[0]):
                best = (weight, (s, e), shared)
        if best is None or not (quoted or best[0] >= MIN_SHARED_WEIGHT):
            continue
        item = sentence_item(passage, doc, best[1])
        terms = (("terms", ", ".join(best[2])),)
        reason = QUOTES_REASON if quoted else Reason(SHARES_REASON, terms)
        found.append((best[0], replace(item, reason=reason)))
    found.sort(
        key=lambda wi: (
            wi[1].sources[0].date or date.max,
            wi[1].sources[0].document_id,
            -wi[0],
            wi[1].sources[0].passage_id,
        )
    )
    return [item for _, item in found]


def per_document(items: Sequence[Item], count: int) -> tuple[Item, ...]:
    """The first item of each document, up to ``count``: what each later source says."""
    firsts = {it.sources[0].document_id: it for it in reversed(items)}
    return tuple(it for it in items if firsts[it.sources[0].document_id] is it)[:count]


def _sentence_before(
    store: Store, commitment: Item, subjects: Subjects, series: Series
) -> dict[str, float]:
    """The subject terms of the sentence before a commitment in its passage."""
    for passage in store.passages(r.passage_id for r in commitment.sources[:1]):
        start = passage.text.find(commitment.text)
        before = [(s, e) for s, e in split_sentences(passage.text) if e <= start]
        if before:
            s, e = before[-1]
            return subjects.of(passage.text[s:e], series.words)
    return {}
