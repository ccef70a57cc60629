"""Which passages belong to a topic: BM25 ranking, then a cut-off from the evidence.

The index ranks passages against the topic's keywords and phrases (BM25 on the stems,
phrases weighted as the catalogue says). A fixed top-k would pad a thin theme with
noise and cut a rich one short, so the cut-off is read from the candidates
themselves: a passage stays when its score is a fair share of the best score *and*
enough of its own words are about the topic (evidence). Exclusion terms count against
a passage. A passage quoted in another document (the 2023 declaration's education
paragraph in the answer to question 319) becomes one selection citing both.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from briefgen.analysis import fold, stems, stopwords, tokens
from briefgen.errors import NotFoundError
from briefgen.models import Document, Passage

if TYPE_CHECKING:
    from briefgen.store import Store
    from briefgen.themes import Theme, ThemeCatalogue

CANDIDATES = 400  # passages fetched from the index before the cut-off
RELATIVE_CUT = 0.15  # a passage's score must reach this share of the best score
MIN_DENSITY = 0.04  # share of a passage's words that must be topic terms ...
MIN_DISTINCT = 2  # ... unless it holds this many different topic terms or a phrase
MIN_WORDS = 3  # a paragraph with fewer words that are not stop words says nothing alone
DUPLICATE_CONTAINMENT = 0.6  # share of a passage's 4-word shingles found in another
_QUOTED = re.compile(r'"([^"]+)"')


@dataclass(frozen=True, slots=True)
class Topic:
    """What a briefing is about: a catalogue theme or the user's own words."""

    label: str  # as shown: the theme's name, or the query as typed
    slug: str | None  # the theme's slug; None for a free-text query
    terms: tuple[tuple[str, float, bool], ...]  # (text, weight, is_phrase)
    exclude: tuple[str, ...] = ()
    theme: Theme | None = None


@dataclass(frozen=True, slots=True)
class Selected:
    """A passage chosen for the topic, with what argued for it."""

    passage: Passage
    document: Document  # metadata only
    score: float
    evidence: float  # share of the passage's words that are topic terms
    matched: tuple[str, ...]  # topic terms found in the passage
    also_in: tuple[tuple[Passage, Document], ...] = field(default=())  # the same text elsewhere
    lead_in: str = ""  # list items: the sentence that introduces the list ("... om:")


def topic_for(subject: str, catalogue: ThemeCatalogue, lang: str = "nl") -> Topic:
    """The topic a subject names: a theme (slug, alias or name) or a free-text query.

    One word that is no theme but close to one is taken for a typo and raises
    NotFoundError naming the closest themes; any other text is a query.
    """
    theme = catalogue.find(subject)
    if theme is not None:
        return theme_topic(theme, lang)
    words = subject.split()
    if len(words) == 1 and '"' not in subject and catalogue.closest(subject):
        catalogue.get(subject)  # raises NotFoundError naming the closest themes
    phrases = _QUOTED.findall(subject)
    rest = _QUOTED.sub(" ", subject).split()
    terms: list[tuple[str, float, bool]] = [(p, 2.0, len(p.split()) > 1) for p in phrases]
    terms += [(w, 1.0, False) for w in rest]
    if not phrases and len(rest) > 1:
        terms.append((" ".join(rest), 2.0, True))  # the words together count most
    if not any(stems(t) for t, _, _ in terms):
        raise NotFoundError(f"nothing to search for in '{subject}'", hint="see: briefgen themes")
    return Topic(label=subject, slug=None, terms=tuple(terms))


def theme_topic(theme: Theme, lang: str = "nl") -> Topic:
    return Topic(
        label=theme.name(lang),
        slug=theme.slug,
        terms=tuple(theme.terms()),
        exclude=theme.exclude,
        theme=theme,
    )


def _shingles(words: Sequence[str], n: int = 4) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1))}


@cache
def _term(text: str) -> tuple[str, int]:
    """A term's stems as " s1 s2 " for a containment test, and how many: analysed once.

    A theme has about a hundred terms and a briefing tests them against hundreds of
    passages; analysing each term anew for every passage was most of select's time.
    """
    term = stems(text)
    return (" " + " ".join(term) + " " if term else ""), len(term)


def _evidence(passage: Passage, topic: Topic) -> tuple[float, tuple[str, ...], bool]:
    """(density of topic words, matched terms, excluded?) for one passage."""
    words = stems(passage.text + " " + passage.label)
    if not words:
        return 0.0, (), False
    joined = " " + " ".join(words) + " "
    surface = ""
    covered = 0
    matched: list[str] = []
    for text, _weight, _is_phrase in topic.terms:
        term, size = _term(text)
        if not size:
            continue
        count = joined.count(term)
        if count and topic.slug and _is_name(text):  # "Openbaar Ministerie" ≠ "Open Ministerie"
            surface = surface or " " + " ".join(tokens(passage.text + " " + passage.label)) + " "
            count = surface.count(" " + " ".join(tokens(text)) + " ")
        if count:
            covered += count * size
            matched.append(text)
    excluded = any(_term(x)[0] in joined for x in topic.exclude if _term(x)[1])
    return min(1.0, covered / len(words)), tuple(matched), excluded


def _is_name(term: str) -> bool:
    """A theme's term with a capital is a name, matched as written.

    Stems conflate names: the Dutch stemmer makes "Openbaar" and "Open" both "open".
    (A user's query is not held to its capitals: people type them at will.)
    """
    return any(ch.isupper() for ch in term)


def _passes(evidence: float, matched: Sequence[str], topic: Topic) -> bool:
    phrases = {t for t, _, is_phrase in topic.terms if is_phrase}
    if topic.slug is None:  # a query: most of its words must be there
        wanted = [t for t, _, is_phrase in topic.terms if not is_phrase] or list(phrases)
        found = [t for t in wanted if t in matched]
        return len(found) * 2 >= len(wanted) or any(p in matched for p in phrases)
    distinct = {fold(m) for m in matched}
    return evidence >= MIN_DENSITY or len(distinct) >= MIN_DISTINCT or bool(phrases & set(matched))


def select(
    store: Store,
    topic: Topic,
    *,
    since: date | None = None,
    until: date | None = None,
    exclude_doc_ids: Sequence[str] = (),
    limit: int = CANDIDATES,
) -> list[Selected]:
    """Passages about ``topic``, best first, duplicates merged."""
    from briefgen.index import SearchQuery

    query = SearchQuery(
        should=tuple(t for t, _, _ in topic.terms),
        weights={t: w for t, w, _ in topic.terms},
        since=since,
        until=until,
        include_undated=since is None and until is None,
        exclude_doc_ids=tuple(exclude_doc_ids),
    )
    ranked = store.search_passages(query, limit)
    if not ranked:
        return []
    best = ranked[0][1]
    metas = store.document_metas({p.doc_id for p, _ in ranked})
    chosen: list[Selected] = []
    for passage, score in ranked:
        if score < RELATIVE_CUT * best:
            break
        if passage.part == "question" or passage.doc_id not in metas or _bare(passage):
            continue  # a question asks; it states nothing to quote as fact
        evidence, matched, excluded = _evidence(passage, topic)
        if excluded and evidence < 2 * MIN_DENSITY:
            continue
        if _passes(evidence, matched, topic):
            chosen.append(Selected(passage, metas[passage.doc_id], score, evidence, matched))
    chosen += _whole_answers(store, topic, chosen, since=since, until=until)
    return merge_duplicates(_with_lead_ins(store, chosen))


LEAD_IN_REACH = 12  # how many passages back a list's introducing sentence may stand


def _with_lead_ins(store: Store, chosen: list[Selected]) -> list[Selected]:
    """Give each list item the passage that introduces its list, if that ends in ':'.

    "Die middelen zullen aangewend worden om (onder andere):" decides what the bare
    items after it are (commitments, here); compose classifies them by it.
    """
    items = [s for s in chosen if s.passage.kind == "list_item"]
    wanted = {
        f"{s.passage.doc_id}:{n:04d}"
        for s in items
        for n in range(max(1, s.passage.ordinal - LEAD_IN_REACH), s.passage.ordinal)
    }
    before = {p.id: p for p in store.passages(sorted(wanted))} if wanted else {}
    result = []
    for sel in chosen:
        lead = ""
        if sel.passage.kind == "list_item":
            for n in range(
                sel.passage.ordinal - 1, max(0, sel.passage.ordinal - LEAD_IN_REACH), -1
            ):
                prev = before.get(f"{sel.passage.doc_id}:{n:04d}")
                if prev is None or prev.kind != "list_item":
                    lead = (
                        prev.text if prev is not None and prev.text.rstrip().endswith(":") else ""
                    )
                    break
        result.append(replace(sel, lead_in=lead) if lead else sel)
    return result


def _about(doc: Document, topic: Topic) -> bool:
    """Does the document's own title or theme line name the topic?"""
    heading = " " + " ".join(stems(f"{doc.meta.title or ''} {doc.meta.theme_line or ''}")) + " "
    return any(_term(text)[0] in heading for text, _, _ in topic.terms if _term(text)[1])


def _whole_answers(
    store: Store,
    topic: Topic,
    chosen: Sequence[Selected],
    *,
    since: date | None,
    until: date | None,
) -> list[Selected]:
    """The rest of a written question that is itself about the topic.

    A minister's answer to a question titled "... - Onderwijs" is about education in
    every paragraph, also where a paragraph names only "the project" or lists its
    parts; such passages carry no topic word for the ranking to find. The question's
    sub-questions stay out: they ask, they state nothing.
    """
    extra: list[Selected] = []
    have = {s.passage.id for s in chosen}
    floor = min((s.score for s in chosen), default=0.0)
    docs = {s.document.id: s.document for s in chosen}
    for doc_meta in docs.values():
        m = doc_meta.meta
        if m.doc_type != "written_question" or not _about(doc_meta, topic):
            continue
        if (since and m.date and m.date < since) or (until and m.date and m.date > until):
            continue
        doc = store.get_document(doc_meta.id)
        for passage in doc.passages if doc else ():
            if passage.id in have or passage.part not in ("intro", "answer") or _bare(passage):
                continue
            evidence, matched, _excluded = _evidence(passage, topic)
            extra.append(Selected(passage, doc_meta, floor, evidence, matched))
    return extra


def _bare(passage: Passage) -> bool:
    """A paragraph that says nothing without the question it answers: "Ja.", "Nee."

    A table row or list item keeps its label or lead-in, which says what it is about.
    """
    return passage.kind == "paragraph" and says_little(passage.text)


def says_little(text: str) -> bool:
    """Fewer than ``MIN_WORDS`` words that are not stop words: "Ja.", "30 ."."""
    stop = stopwords()
    return sum(1 for word in tokens(text) if word not in stop and not word.isdigit()) < MIN_WORDS


def merge_duplicates(chosen: list[Selected]) -> list[Selected]:
    """One selection per text: a passage mostly contained in another is the original.

    The contained (shorter) passage is kept as the quote, citing the longer one too,
    which is where the text was quoted (with its own lead-in words).
    """
    shingles = [_shingles(stems(s.passage.text)) for s in chosen]
    docs = [s.passage.doc_id for s in chosen]
    # shingle -> document -> selections of that document that have it
    holders: dict[tuple[str, ...], dict[str, list[int]]] = {}
    for j, found in enumerate(shingles):
        for shingle in found:
            holders.setdefault(shingle, {}).setdefault(docs[j], []).append(j)
    absorbed: dict[int, int] = {}  # index -> index of the selection it was merged into
    for i in range(len(chosen)):
        if i in absorbed:
            continue
        # shared[j] is the size of shingles[i] & shingles[j], counted only for the
        # selections of other documents (a document's passages never merge) that share
        # a shingle: the same tests, in the same order, as trying every pair, without
        # the quadratic cost, also where one document repeats itself
        own = docs[i]
        shared = Counter(
            j
            for shingle in shingles[i]
            for doc, found in holders[shingle].items()
            if doc != own
            for j in found
        )
        small = len(shingles[i])
        for j in sorted(shared):
            if j in absorbed:
                continue
            if small <= len(shingles[j]) and shared[j] >= DUPLICATE_CONTAINMENT * small:
                absorbed[j] = i
    merged: dict[int, list[int]] = {}
    for j, i in absorbed.items():
        merged.setdefault(i, []).append(j)
    result = []
    for i, sel in enumerate(chosen):
        if i in absorbed:
            continue
        extra = tuple((chosen[j].passage, chosen[j].document) for j in merged.get(i, ()))
        score = max([sel.score] + [chosen[j].score for j in merged.get(i, ())])
        result.append(replace(sel, score=score, also_in=extra))
    return result


def unanswered(store: Store, selected: Sequence[Selected]) -> list[tuple[Passage, Document]]:
    """Sub-questions of the selected written questions that no answer passage covers.

    An answer passage without a number is taken to cover every sub-question (real
    answers often answer all at once), so only numbered answers can leave a gap.
    """
    gaps: list[tuple[Passage, Document]] = []
    seen: set[str] = set()
    for sel in selected:
        for doc_meta in (sel.document, *(d for _, d in sel.also_in)):
            if doc_meta.id in seen or doc_meta.meta.doc_type != "written_question":
                continue
            seen.add(doc_meta.id)
            doc = store.get_document(doc_meta.id)
            if doc is None:
                continue
            answers = [p for p in doc.passages if p.part == "answer"]
            if not answers or any(not p.numbers for p in answers):
                continue
            covered = {n for p in answers for n in p.numbers}
            gaps += [
                (p, doc_meta)
                for p in doc.passages
                if p.part == "question" and p.numbers and not set(p.numbers) <= covered
            ]
    return gaps
