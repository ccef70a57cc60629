"""Draft the answer to a parliamentary question from the corpus, sub-question by sub-question.

Nothing here writes prose: each answer is one to three verbatim extracts (whole
sentences of a passage), each after a fixed connecting phrase naming its source and
date (``data/answer_phrases.toml``), or a visible placeholder where the corpus has
nothing. A question's introduction and sub-questions in the corpus are never quoted:
they are an asker's words, not what a minister or government said.

**Words.** A sub-question is searched with the words it adds to the title (words that
only ask or point, "Kan de minister meer duiding geven", "op het gebied van", are
dropped), the title's words (weight ``TITLE_WEIGHT``) and the introduction's words,
which name the meeting, the programme, the year, and only order passages that pass.
Each word weighs its specificity: BM25's inverse document frequency in the corpus
(``_specificity``). A word the corpus never uses is tried as a compound of two words
it uses ("onderwijsbeleid": "onderwijs" + "beleid"); a sum of money is matched by value
("€ 700.000" = "700.000 euro"). A day the introduction names is a meeting: passages of
that day's documents are searched for too, and they count as naming the title's meeting
word ("regeringstop") whatever they call it.

**Evidence, not rank.** The nearest passage is not always an answer. A passage passes
when (1) it holds every subject word: the title's words that are not common (in fewer
than ``COMMON_SHARE`` of the passages), in its text, headings or document title (a
question without a title: the sub-question's most specific word); (2) it holds one of
the sub-question's own specific words, if it has any; and (3) the words it holds carry
``MIN_EVIDENCE`` of the weight of the sub-question's and title's words. So "Hoe zal de
ondersteuning van 700.000 euro aangewend worden?" finds nothing in a corpus that never
names that sum, however close the education summit's paragraph is: it shares the
title's words, not the sub-question's. Passing passages are ordered by evidence and
BM25 score, nudged towards the introduction's words, the same minister, recent
documents and the meeting (``SAME_MINISTER_BONUS``, ``RECENCY_BONUS``); the best and
those within ``FURTHER_SHARE`` of it are quoted, the same text in two documents once,
citing both. The thresholds were set on the three question seeds (see
``scripts/leave_one_out.py``).

**The draft.** Sub-questions whose best passage an earlier answer already quotes are
answered there, numbered as real answers are (``1+3``, ``2-3``). A quote ending in ":"
brings the list it introduces. Material more than ``[age] old_years`` older than the
question, or dated after it, is flagged with its date. Texts that put the same event
(``[disagreement] events``) on dates that differ only in the year, the question's own
introduction among them, are shown side by side and flagged, none chosen.
"""

from __future__ import annotations

import logging
import math
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from briefgen.analysis import fold, stem_tokens, stems, stopwords, tokens
from briefgen.classify import classify_text, split_sentences
from briefgen.compose import documents_of, source_ref, sources
from briefgen.errors import ConfigError
from briefgen.facts import find_amounts, find_dates
from briefgen.models import (
    AnswerBlock,
    AnswerDraft,
    DateClaim,
    Disagreement,
    Document,
    Extract,
    Item,
    Passage,
    Question,
    QuestionPart,
    SourceDoc,
    SourceRef,
)
from briefgen.select import Selected, merge_duplicates

if TYPE_CHECKING:
    from briefgen.store import Store

log = logging.getLogger(__name__)

PHRASES_SOURCE = "briefgen/data/answer_phrases.toml"
CANDIDATES = 60  # passages fetched per sub-question before the evidence check
MEETING_CANDIDATES = 20  # more, from the documents of a day the introduction names
OWN_CANDIDATES = 30  # passages searched for the corpus's copies of the question
TITLE_WEIGHT = 0.8  # a title word counts this much of a sub-question word
INTRO_WEIGHT = 0.3  # how much the introduction's words can add to a passage's rank
COMMON_SHARE = 0.25  # a word in this share of the passages is common: it names no subject
COMMON_IDF = math.log(1 + (1 - COMMON_SHARE) / COMMON_SHARE)  # BM25's idf at that share
MIN_EVIDENCE = 0.35  # share of the question's word weight a passage must hold
FURTHER_SHARE = 0.8  # a second or third extract needs this share of the best one's rank
MAX_EXTRACTS = 3
MAX_SENTENCES = 4  # an extract: at most this many sentences ...
MAX_CHARS = 700  # ... and about this many characters
SAME_MINISTER_BONUS = 0.1
RECENCY_BONUS = 0.1  # a source of the question's year gains this, ten years old nothing
RECENCY_YEARS = 10
DF_CAP = 50  # passages counted for a word's document frequency; more is "common"
BM25_K1 = 1.2  # tantivy's BM25 term-frequency saturation
LIST_REACH = 20  # list items a quote ending in ":" may bring along
MIN_COMPOUND_PART = 4  # letters of each part when a word is tried as a compound
_AMOUNT_KEY = "€"


# ------------------------------------------------------------------------ phrases


@dataclass(frozen=True, slots=True)
class Phrases:
    """The fixed texts of a draft in one language, and the retrieval word lists."""

    lang: str
    texts: Mapping[str, str]
    question_words: frozenset[str]
    event_words: tuple[str, ...]
    old_years: int

    def __getitem__(self, key: str) -> str:
        return self.texts[key]


_PHRASE_KEYS = frozenset(
    {
        "lead_written_question",
        "lead_declaration",
        "lead_press_release",
        "lead_report",
        "lead_letter",
        "lead_motion",
        "lead_treaty",
        "lead_other",
        "lead_more",
        "placeholder",
        "old",
        "old_undated",
        "later",
        "disagreement",
        "date_separator",
        "date_unknown",
        "question_itself",
        "minister_unknown",
        "date_to_complete",
        "asker_unknown",
        "subject_unknown",
    }
)


@cache
def _phrase_data() -> dict[str, Any]:
    text = resources.files("briefgen.data").joinpath("answer_phrases.toml").read_text("utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{PHRASES_SOURCE}: invalid TOML: {exc}") from None


@cache
def phrases(lang: str) -> Phrases:
    """The answer phrases of ``lang``; a language without them is a ConfigError."""
    data = _phrase_data()
    table = data.get("phrases", {}).get(lang)
    if not isinstance(table, dict):
        known = ", ".join(sorted(data.get("phrases", {})))
        raise ConfigError(
            f"{PHRASES_SOURCE}: no answer phrases for language {lang!r}", hint=f"known: {known}"
        )
    missing = sorted(_PHRASE_KEYS - set(table))
    if missing:
        raise ConfigError(f"{PHRASES_SOURCE}: [phrases.{lang}] lacks {missing[0]!r}")
    return Phrases(
        lang=lang,
        texts={k: str(v) for k, v in table.items()},
        question_words=frozenset(fold(w) for w in data.get("question", {}).get("words", [])),
        event_words=tuple(fold(w) for w in data.get("disagreement", {}).get("events", [])),
        old_years=int(data.get("age", {}).get("old_years", 2)),
    )


# -------------------------------------------------------------------------- terms


@dataclass(frozen=True, slots=True)
class Term:
    """A word (or a sum of money) of the question, as searched and as weighed."""

    key: str  # its stem; for a sum of money "€" and the value
    query: str  # what the index is asked for: the word, or the amount as written
    weight: float = 1.0  # specificity: higher for rarer words


def content_terms(part: QuestionPart | str, skip: frozenset[str]) -> list[Term]:
    """The words of a question text that name its subject, and its sums of money."""
    text = part if isinstance(part, str) else part.text
    amounts = [] if isinstance(part, str) else list(part.amounts)
    for fact in amounts:  # the amount's digits are matched by value, not as words
        text = text[: fact.start] + " " * (fact.end - fact.start) + text[fact.end :]
    stop = stopwords()
    words = [w for w in tokens(text) if w not in stop and w not in skip and len(w) > 1]
    found: dict[str, Term] = {}
    for word, stem in zip(words, stem_tokens(words), strict=True):
        found.setdefault(stem, Term(stem, word))
    for fact in amounts:
        key = f"{_AMOUNT_KEY}{fact.value.normalize()}"
        found.setdefault(key, Term(key, re.sub(r"[^\d.,]", " ", fact.literal).strip()))
    return list(found.values())


def _specificity(
    store: Store, terms: Iterable[Term], exclude: tuple[str, ...], *, cap: int = DF_CAP
) -> tuple[dict[str, float], set[str]]:
    """Each word's weight, and the words the corpus never uses.

    The weight is the word's inverse document frequency as BM25 defines it. Up to
    ``cap`` passages the document frequency is counted from the index; a word in
    more passages is common, and its weight is read from the score of its best
    single-word match (BM25's idf times a term-frequency factor, divided out for the
    times the word occurs there), so counting never has to go through a large corpus.
    (``cap=1`` reads every weight from the score: cheaper, for context words.)
    A word the corpus never uses (and a sum of money) weighs as much as a word found
    once: it counts against every passage that does not hold it. The question's own
    documents (``exclude``) are not counted: they hold every word of it.
    """
    from briefgen.index import SearchQuery

    total = max(store.passage_count(), 1)

    def idf(df: int) -> float:
        return math.log(1 + (total - df + 0.5) / (df + 0.5))

    weights: dict[str, float] = {}
    absent: set[str] = set()
    for term in terms:
        if term.key in weights or term.key.startswith(_AMOUNT_KEY):
            continue
        query = SearchQuery(should=(term.query,), context_weight=0.0, exclude_doc_ids=exclude)
        hits = store.search_passages(query, cap)
        if len(hits) < cap or not hits:
            weights[term.key] = idf(max(len(hits), 1))
            if not hits:
                absent.add(term.key)
            continue
        passage, score = hits[0]
        tf = max(1, stems(passage.text).count(term.key))
        weights[term.key] = min(idf(cap), score * (tf + BM25_K1) / (tf * (BM25_K1 + 1)))
    return weights | {_AMOUNT_KEY: idf(1)}, absent


def _weighed(terms: Iterable[Term], weights: Mapping[str, float]) -> list[Term]:
    return [
        replace(t, weight=weights[_AMOUNT_KEY if t.key.startswith(_AMOUNT_KEY) else t.key])
        for t in terms
    ]


def _split_compounds(
    store: Store, terms: list[Term], absent: set[str], exclude: tuple[str, ...]
) -> list[Term]:
    """A word the corpus never uses, tried as two words it does use (linking "s" too)."""
    from briefgen.index import SearchQuery

    def known(word: str) -> bool:
        query = SearchQuery(should=(word,), context_weight=0.0, exclude_doc_ids=exclude)
        return bool(store.search_passages(query, 1))

    out: list[Term] = []
    for term in terms:
        word = term.query
        parts: list[str] = []
        if term.key in absent and word.isalpha() and len(word) >= 2 * MIN_COMPOUND_PART:
            for cut in range(MIN_COMPOUND_PART, len(word) - MIN_COMPOUND_PART + 1):
                head, tail = word[:cut], word[cut:]
                if not known(tail):
                    continue
                heads = [head, head[:-1]] if head.endswith("s") else [head]
                head = next((h for h in heads if len(h) >= MIN_COMPOUND_PART and known(h)), "")
                if head:
                    parts = [head, tail]
                    break
        if parts:
            out += [Term(stem, part) for part, stem in zip(parts, stem_tokens(parts), strict=True)]
        else:
            out.append(term)
    return out


# ---------------------------------------------------------------------- evidence


@dataclass(frozen=True, slots=True)
class _Asked:
    """What one sub-question searches for."""

    part: QuestionPart
    own: tuple[Term, ...]  # what the sub-question adds to the title: words, sums of money
    title: tuple[Term, ...]  # the title's words
    intro: tuple[Term, ...]  # introduction words neither of them uses
    subject: frozenset[str]  # the title's most specific stems: what the question is about
    events: frozenset[str]  # title stems naming a meeting ("regeringstop")

    def total(self) -> float:
        return sum(t.weight for t in self.own) + TITLE_WEIGHT * sum(t.weight for t in self.title)


@dataclass(frozen=True, slots=True)
class _Found:
    """A passage that passed the evidence check for one sub-question."""

    passage: Passage
    document: Document
    evidence: float
    rank: float
    bm25: float
    matched: tuple[str, ...]
    stems: frozenset[str]  # the question's stems it holds, to trim it by


def _evidence(
    asked: _Asked, passage: Passage, doc: Document, meetings: frozenset[date]
) -> tuple[float, float, tuple[str, ...], frozenset[str]] | None:
    """(evidence, context, matched words, matched stems) of a passage; None if it fails.

    Evidence is the share of the sub-question's and title's word weight the passage
    holds; context the share of the introduction's, which only orders passages that
    pass: an introduction names a setting, it does not make a passage an answer.
    """
    held = set(stems(f"{passage.text} {passage.label}"))
    held |= {f"{_AMOUNT_KEY}{a.value.normalize()}" for a in passage.amounts}
    around = held | set(stems(" ".join((*passage.heading_path, doc.meta.title or ""))))
    if doc.meta.date in meetings or any(
        d.kind == "day" and d.first in meetings for d in passage.dates
    ):
        around |= asked.events  # the meeting's own texts are about it, by whatever name
    if not asked.subject <= around:
        return None

    own = [t for t in asked.own if t.key in held]
    title = [t for t in asked.title if t.key in held]
    intro = [t for t in asked.intro if t.key in held]
    total = asked.total()
    weight = sum(t.weight for t in own) + TITLE_WEIGHT * sum(t.weight for t in title)
    evidence = weight / total if total else 0.0
    asks = [t for t in asked.own if t.weight >= COMMON_IDF]
    if evidence < MIN_EVIDENCE or (asks and not any(t in own for t in asks)):
        return None  # too little of the question, or nothing the sub-question itself asks
    intro_total = sum(t.weight for t in asked.intro)
    context = sum(t.weight for t in intro) / intro_total if intro_total else 0.0
    matched = own + title + intro
    return evidence, context, tuple(t.query for t in matched), frozenset(t.key for t in matched)


def _rank(
    evidence: float, context: float, doc: Document, question: Question, reference: date
) -> float:
    """Evidence, nudged towards the introduction's words, the same minister, recency.

    Recency counts from ``reference`` (the question's date); the meeting's own
    documents gain as much as a source of that very day.
    """
    bonus = 1.0 + INTRO_WEIGHT * context
    m = doc.meta
    if question.addressee and m.addressee and fold(m.addressee) == fold(question.addressee):
        bonus += SAME_MINISTER_BONUS
    if m.date is not None:
        years = abs((reference - m.date).days) / 365.25
        bonus += RECENCY_BONUS * max(0.0, 1.0 - years / RECENCY_YEARS)
    if m.date is not None and m.date in _meetings(question):
        bonus += RECENCY_BONUS
    return evidence * bonus


# ------------------------------------------------------------------------- search


def is_same_question(doc: Document, question: Question) -> bool:
    """Is this corpus document the question being answered (its own answer, maybe)?"""
    m = doc.meta
    if m.doc_type != "written_question":
        return False
    asked_on = m.question_date or m.date
    same_day = question.date is not None and asked_on == question.date
    if question.number and m.number == question.number:
        return same_day or question.date is None or asked_on is None
    return bool(same_day and question.asker and m.asker and fold(m.asker) == fold(question.asker))


def _meetings(question: Question) -> frozenset[date]:
    """Days the introduction names, up to the question's date: the meeting asked about."""
    return frozenset(
        d.first
        for part in question.intro
        for d in part.dates
        if d.kind == "day" and (question.date is None or d.first <= question.date)
    )


def _query(asked: _Asked, **filters: Any) -> Any:
    from briefgen.index import SearchQuery

    weights: dict[str, float] = {}
    for terms, factor in ((asked.intro, INTRO_WEIGHT), (asked.title, TITLE_WEIGHT)):
        weights |= {t.query: factor for t in terms}
    weights |= {t.query: 1.0 for t in asked.own}
    return SearchQuery(should=tuple(weights), weights=weights, **filters)


def _own_documents(store: Store, question: Question, ph: Phrases) -> dict[str, Document]:
    """The corpus documents that hold this same question: never answered from."""
    from briefgen.index import SearchQuery

    title, intro, own = _question_terms(question, ph)
    words = [t.query for t in (*title, *intro, *(t for ts in own.values() for t in ts))]
    query = SearchQuery(should=tuple(dict.fromkeys(words)))
    hits = store.search_passages(query, OWN_CANDIDATES)
    metas = store.document_metas({p.doc_id for p, _ in hits})
    return {i: d for i, d in metas.items() if is_same_question(d, question)}


def _search(
    store: Store,
    question: Question,
    asked: _Asked,
    meetings: frozenset[date],
    excluded: dict[str, Document],
    reference: date,
) -> list[_Found]:
    """The passages that answer one sub-question, best first.

    A corpus document found to be this same question is added to ``excluded``.
    """
    exclude = tuple(excluded)
    hits = store.search_passages(_query(asked, exclude_doc_ids=exclude), CANDIDATES)
    for day in sorted(meetings):
        query = _query(asked, exclude_doc_ids=exclude, since=day, until=day)
        hits += store.search_passages(query, MEETING_CANDIDATES)
    metas = store.document_metas({p.doc_id for p, _ in hits})
    found: dict[str, _Found] = {}
    for passage, score in hits:
        doc = metas.get(passage.doc_id)
        if doc is None or passage.id in found or passage.part in ("intro", "question"):
            continue  # a question's introduction and sub-questions are the asker's words
        if is_same_question(doc, question):
            excluded[doc.id] = doc
            continue
        checked = _evidence(asked, passage, doc, meetings)
        if checked is None:
            continue
        evidence, context, matched, held = checked
        rank = _rank(evidence, context, doc, question, reference)
        found[passage.id] = _Found(passage, doc, evidence, rank, score, matched, held)
    best = max((f.bm25 for f in found.values()), default=0.0) or 1.0
    ranked = [replace(f, rank=f.rank * (1 + f.bm25 / best) / 2) for f in found.values()]
    return sorted(ranked, key=lambda f: (-f.rank, -f.bm25, f.passage.id))


def _chosen(found: Sequence[_Found]) -> list[Selected]:
    """Up to three extracts: the best, and those close to it; one per text."""
    if not found:
        return []
    floor = FURTHER_SHARE * found[0].rank
    picked = [f for f in found if f.rank >= floor]
    selected = [Selected(f.passage, f.document, f.rank, f.evidence, f.matched) for f in picked]
    return merge_duplicates(selected)


# ---------------------------------------------------------------------- grouping


def numbers_label(numbers: Sequence[int]) -> str:
    """Sub-question numbers as real answers write them: "1+3", "2-3", "1-3+5"."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return "+".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def _groups(chosen: dict[int, list[Selected]]) -> list[tuple[tuple[int, ...], list[Selected]]]:
    """Blocks of sub-questions, in question order; each passage quoted once.

    A sub-question whose best passage an earlier block already quotes is answered in
    that block (real answers number it ``1+3``); otherwise it gets a block of its own
    with up to three passages no earlier block quotes.
    """
    blocks: list[tuple[list[int], list[Selected]]] = []
    quoted: dict[str, int] = {}  # passage id -> index of the block quoting it
    for number in sorted(chosen):
        ranked = chosen[number]
        home = quoted.get(ranked[0].passage.id) if ranked else None
        if home is None:
            blocks.append(([number], []))
            home = len(blocks) - 1
        else:
            blocks[home][0].append(number)
        picked = blocks[home][1]
        for sel in ranked:
            if len(picked) < MAX_EXTRACTS and sel.passage.id not in quoted:
                picked.append(sel)
                quoted[sel.passage.id] = home
    return [(tuple(members), picked) for members, picked in blocks]


# ----------------------------------------------------------------------- extracts


def trim(text: str, wanted: frozenset[str]) -> tuple[int, int]:
    """The span of whole sentences of ``text`` that holds most of the ``wanted`` stems.

    A short passage is quoted whole; a long one is cut to the run of at most
    ``MAX_SENTENCES`` sentences (about ``MAX_CHARS``) with the most wanted stems,
    the shortest such run on a tie.
    """
    spans = split_sentences(text)
    if not spans:
        return 0, len(text)
    if spans[-1][1] - spans[0][0] <= MAX_CHARS and len(spans) <= MAX_SENTENCES:
        return spans[0][0], spans[-1][1]
    scores = [len(wanted & set(stems(text[a:b]))) for a, b in spans]
    best = (0, 0)
    best_key: tuple[int, int] = (-1, 0)
    for i in range(len(spans)):
        total = 0
        for j in range(i, min(len(spans), i + MAX_SENTENCES)):
            if j > i and spans[j][1] - spans[i][0] > MAX_CHARS:
                break
            total += scores[j]
            key = (total, -(spans[j][1] - spans[i][0]))
            if key > best_key:
                best_key, best = key, (i, j)
    return spans[best[0]][0], spans[best[1]][1]


def _when(d: date | None, ph: Phrases, locale: str) -> str:
    from briefgen.render.fmt import format_date

    return format_date(d, locale) if d else ph["date_unknown"]


def _lead(ref: SourceRef, ph: Phrases, locale: str) -> str:
    key = f"lead_{ref.doc_type}"
    if key not in ph.texts or (ref.doc_type == "written_question" and not ref.number):
        key = "lead_other"
    return ph[key].format(
        number=ref.number or "", title=ref.title, date=_when(ref.date, ph, locale)
    )


def _age_note(ref: SourceRef, question: Question, generated: date, ph: Phrases, locale: str) -> str:
    if ref.date is None:
        return ""
    if question.date is not None and ref.date > question.date:
        return ph["later"].format(date=_when(ref.date, ph, locale))
    years = ((question.date or generated) - ref.date).days // 365
    if years < ph.old_years:
        return ""
    key = "old" if question.date else "old_undated"
    return ph[key].format(date=_when(ref.date, ph, locale), years=years)


def _extract(sel: Selected, wanted: frozenset[str]) -> Item:
    """The quote of one chosen passage, cut at sentence boundaries, with its facts."""
    p = sel.passage
    start, end = trim(p.text, wanted)
    text = p.text[start:end]
    m = sel.document.meta
    known = m.date or m.answer_date or m.question_date
    refs = (source_ref(p, sel.document), *(source_ref(q, d) for q, d in sel.also_in))
    return Item(
        text=text,
        sources=refs,
        section=classify_text(text).section,
        label=p.label,
        score=sel.score,
        dates=tuple(find_dates(text, default_year=known.year if known else None)),
        amounts=tuple(find_amounts(text)),
    )


def _list_after(store: Store, sel: Selected, quoted: str) -> tuple[Item, ...]:
    """The list items a quote ending in ":" introduces: the passages right after it."""
    p = sel.passage
    if not quoted.rstrip().endswith(":") or not p.text.rstrip().endswith(quoted.rstrip()):
        return ()
    wanted = [f"{p.doc_id}:{n:04d}" for n in range(p.ordinal + 1, p.ordinal + 1 + LIST_REACH)]
    items: list[Item] = []
    for q in store.passages(wanted):
        if q.kind != "list_item" or q.ordinal != p.ordinal + 1 + len(items):
            break
        items.append(
            Item(
                text=q.text,
                sources=(source_ref(q, sel.document),),
                section=classify_text(q.text).section,
                label=q.label,
                dates=q.dates,
                amounts=q.amounts,
            )
        )
    return tuple(items)


def _ordered(
    quotes: list[tuple[Item, tuple[Item, ...]]],
) -> list[tuple[Item, tuple[Item, ...]]]:
    """The best source first, each source's extracts together and in text order."""
    first: dict[str, int] = {}
    for n, (it, _) in enumerate(quotes):
        first.setdefault(it.sources[0].document_id, n)
    return sorted(
        quotes,
        key=lambda q: (first[q[0].sources[0].document_id], q[0].sources[0].passage_id),
    )


# -------------------------------------------------------------------- disagreement


def _claims(
    text: str, source: SourceRef | None, events: Sequence[str], year: int | None
) -> list[tuple[str, DateClaim]]:
    """(event word, claim) for each sentence that names an event with a day's date."""
    out = []
    for a, b in split_sentences(text):
        sentence = text[a:b]
        days = [d for d in find_dates(sentence, default_year=year) if d.kind == "day"]
        if not days:
            continue
        for word in dict.fromkeys(tokens(sentence)):
            event = next((e for e in events if _names_event(word, e)), None)
            if event is not None:
                out += [(event, DateClaim(sentence, d, source)) for d in days]
    return out


def _names_event(word: str, event: str) -> bool:
    """``onderwijstop`` names a ``top``; ``stop`` does not (too short a first part)."""
    return word == event or (word.endswith(event) and len(word) - len(event) >= 4)


def _disagreements(
    block_parts: Sequence[QuestionPart],
    question: Question,
    items: Sequence[Item],
    ph: Phrases,
    locale: str,
) -> list[Disagreement]:
    year = question.date.year if question.date else None
    claims: list[tuple[str, DateClaim]] = []
    for part in (*question.intro, *block_parts):
        claims += _claims(part.text, None, ph.event_words, year)
    for it in items:
        src = it.sources[0]
        claims += _claims(it.text, src, ph.event_words, src.date.year if src.date else None)
    by_event: dict[str, list[DateClaim]] = {}
    for event, claim in claims:
        by_event.setdefault(event, []).append(claim)
    found = []
    for event, group in by_event.items():
        clashing: dict[date, DateClaim] = {}
        for a in group:
            for b in group:
                d1, d2 = a.when.first, b.when.first
                if (d1.month, d1.day) == (d2.month, d2.day) and d1.year != d2.year:
                    clashing.setdefault(d1, a)
                    clashing.setdefault(d2, b)
        if len(clashing) < 2:
            continue
        shown = [clashing[d] for d in sorted(clashing)]
        named = next(
            (w for c in shown for w in _words(c.text) if fold(w) and _names_event(fold(w), event)),
            event,
        )
        dates = ph["date_separator"].join(
            f"{_when(c.when.first, ph, locale)} ({_who(c, ph)})" for c in shown
        )
        found.append(
            Disagreement(named, tuple(shown), ph["disagreement"].format(event=named, dates=dates))
        )
    return found


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_][\w-]*", text)


def _who(claim: DateClaim, ph: Phrases) -> str:
    if claim.source is None:
        return ph["question_itself"]
    src = claim.source
    return f"{src.title}, {src.number}" if src.number else src.title


# ------------------------------------------------------------------------ compose


def _question_terms(
    question: Question, ph: Phrases
) -> tuple[list[Term], list[Term], dict[int, list[Term]]]:
    """(title, introduction, per sub-question) words of the question, unweighed.

    The title's words are its subject's where it has one: the names of askers and
    ministry in a Tweede Kamer title are no words a passage must hold.
    """
    skip = ph.question_words
    title = content_terms(question.subject or question.title or "", skip)
    intro = [t for part in question.intro for t in content_terms(part, skip)]
    return title, intro, {p.number: content_terms(p, skip) for p in question.subquestions}


def asked_parts(
    store: Store, question: Question, ph: Phrases, exclude: tuple[str, ...] = ()
) -> list[_Asked]:
    """What each sub-question searches for, each word weighed by the corpus.

    ``exclude``: the question's own documents, left out of the weighing.
    """
    title_terms, intro_terms, own_terms = _question_terms(question, ph)
    asked = [*title_terms, *(t for ts in own_terms.values() for t in ts)]
    weights, absent = _specificity(store, asked, exclude)
    context = [t for t in intro_terms if t.key not in weights]
    weights |= _specificity(store, context, exclude, cap=1)[0]
    if absent:
        own_terms = {n: _split_compounds(store, ts, absent, exclude) for n, ts in own_terms.items()}
        parts = [t for ts in own_terms.values() for t in ts if t.key not in weights]
        weights |= _specificity(store, parts, exclude)[0]
    title_terms = _weighed(title_terms, weights)
    subject = frozenset(
        t.key for t in title_terms if t.key not in absent and t.weight >= COMMON_IDF
    )
    events = frozenset(
        t.key for t in title_terms if any(_names_event(t.query, e) for e in ph.event_words)
    )
    intro_terms = list({t.key: t for t in reversed(_weighed(intro_terms, weights))}.values())
    out = []
    for part in question.subquestions:
        keys = {t.key for t in title_terms}
        own = [t for t in _weighed(own_terms[part.number], weights) if t.key not in keys]
        keys |= {t.key for t in own}
        intro = tuple(t for t in intro_terms if t.key not in keys)
        # without a title, the sub-question's most telling word stands for its subject
        here = [t for t in own if t.key not in absent]
        focus = subject or frozenset({max(here, key=lambda t: t.weight).key} if here else set())
        out.append(_Asked(part, tuple(own), tuple(title_terms), intro, focus, events))
    return out


def draft(
    store: Store,
    question: Question,
    *,
    lang: str = "nl",
    locale: str = "nl_BE",
    generated: date | None = None,
) -> AnswerDraft:
    """The draft answer to ``question`` from the passages of ``store``."""
    ph = phrases(lang)
    generated = generated or date.today()
    meetings = _meetings(question)
    excluded = _own_documents(store, question, ph)
    chosen: dict[int, list[Selected]] = {}
    wanted: dict[int, frozenset[str]] = {}
    for asked in asked_parts(store, question, ph, tuple(excluded)):
        number = asked.part.number
        found = _search(store, question, asked, meetings, excluded, question.date or generated)
        chosen[number] = _chosen(found)
        wanted[number] = frozenset(k for f in found for k in f.stems)
        log.debug("sub-question %d: %d passages pass", number, len(found))
    blocks: list[AnswerBlock] = []
    quoted: list[Item] = []
    flagged: set[tuple[date, ...]] = set()  # a disagreement is flagged once, where first met
    for numbers, selections in _groups(chosen):
        keys = frozenset().union(*(wanted[n] for n in numbers))
        block, items = _answer_block(
            store, question, numbers, selections, keys, ph, locale, generated
        )
        fresh = []
        for clash in block.disagreements:
            days = tuple(sorted(c.when.first for c in clash.claims))
            if days not in flagged:
                flagged.add(days)
                fresh.append(clash)
        blocks.append(replace(block, disagreements=tuple(fresh)))
        quoted += items
    cited = documents_of([sel for sels in chosen.values() for sel in sels])
    return AnswerDraft(
        question=question,
        lang=lang,
        locale=locale,
        generated=generated,
        blocks=tuple(blocks),
        sources=sources(quoted, cited),
        left_out=tuple(_source_doc(d) for d in sorted(excluded.values(), key=lambda d: d.id)),
    )


def _answer_block(
    store: Store,
    question: Question,
    numbers: tuple[int, ...],
    selections: Sequence[Selected],
    wanted: frozenset[str],
    ph: Phrases,
    locale: str,
    generated: date,
) -> tuple[AnswerBlock, list[Item]]:
    """One numbered answer, and every quote in it (lists included)."""
    quotes = [_extract(s, wanted) for s in selections]
    pairs = _ordered(
        [(q, _list_after(store, s, q.text)) for s, q in zip(selections, quotes, strict=True)]
    )
    extracts = []
    previous = None
    for it, follows in pairs:
        ref = it.sources[0]
        lead = ph["lead_more"] if ref.document_id == previous else _lead(ref, ph, locale)
        note = _age_note(ref, question, generated, ph, locale)
        extracts.append(Extract(lead, it, note, follows))
        previous = ref.document_id
    items = [it for it, _ in pairs]
    asked = [p for p in question.subquestions if p.number in numbers]
    block = AnswerBlock(
        numbers=numbers,
        label=numbers_label(numbers),
        support="found" if items else "none",
        extracts=tuple(extracts),
        placeholder="" if items else ph["placeholder"],
        disagreements=tuple(_disagreements(asked, question, items, ph, locale)),
    )
    return block, items + [f for _, follows in pairs for f in follows]


def _source_doc(doc: Document) -> SourceDoc:
    m = doc.meta
    link = next((url for _, url in m.links), None)
    return SourceDoc(doc.id, m.doc_type, m.title or doc.path, m.number, m.date, link, doc.path)
