"""A deterministic synthetic corpus in the seeds' genre, for the performance benchmark.

Sentences of the seed documents are recombined and perturbed: dates, years and amounts
are redrawn over 15 years (2010-2024), and words are replaced by invented compounds
and names whose frequencies follow a Zipf law over an unbounded vocabulary (so the
vocabulary keeps growing with the corpus, as a real one does). Each document has one
topic from the theme catalogue; ``onderwijs`` gets about one document in seven and its
keywords are kept out of the other topics, so the theme matches roughly 5-15% of the
passages, not all of them as in the seeds.

Three layouts, written as the seeds are (hard-wrapped lines with trailing spaces):
Flemish written questions with their answer (``SCHRIFTELIJKE VRAAG`` / ``ANTWOORD op
vraag nr.``), declarations with numbered and lettered headings, and press releases.
About 3% of the documents are written as .html and 1% as .docx.

The same seed and scale always give the same files (byte for byte, except the
timestamps python-docx puts into the .docx zip entries).

    python benchmarks/generate.py --scale 10k --out /tmp/corpus-10k
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import textwrap
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
THEMES = ROOT / "briefgen" / "data" / "themes.toml"
SCALES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1M": 1_000_000}
GENERATOR_VERSION = 1  # bump when the output changes: cached corpora are then rebuilt

MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
EDUCATION = "onderwijs"
EDUCATION_SHARE = 0.15
FIRST_YEAR, LAST_YEAR = 2010, 2024

# syllables of invented words and names: Dutch-looking, none spelling a theme keyword
ONSETS = [
    "b",
    "br",
    "d",
    "dr",
    "f",
    "g",
    "gr",
    "h",
    "j",
    "k",
    "kl",
    "kr",
    "l",
    "m",
    "n",
    "p",
    "pr",
    "r",
    "s",
    "sl",
    "sp",
    "st",
    "t",
    "tr",
    "v",
    "vl",
    "w",
    "z",
]
NUCLEI = ["a", "e", "i", "o", "u", "aa", "ee", "oo", "ei", "ij", "ou", "ui", "ie", "oe"]
CODAS = ["", "", "n", "r", "l", "s", "k", "t", "m", "nd", "rt", "ng"]
HEADS = [
    "beleid",
    "overleg",
    "plan",
    "fonds",
    "netwerk",
    "project",
    "programma",
    "platform",
    "akkoord",
    "traject",
    "centrum",
    "raad",
    "kader",
    "agenda",
    "strategie",
    "dossier",
    "verdrag",
    "register",
]
SPEAKERS = (
    "VICEMINISTER-PRESIDENT VAN DE VLAAMSE REGERING, VLAAMS MINISTER VAN {dom}",
    "VLAAMS MINISTER VAN {dom}",
)
RESERVED = re.compile(r"leer|lera|scho|studi|onderw|diplom|lesg|kenn", re.I)


def zipf_rank(rng: random.Random, alpha: float = 1.1) -> int:
    """A rank 1, 2, 3, ... with P(rank >= k) ~ k^-alpha: Zipf-like, unbounded."""
    return int(rng.paretovariate(alpha))


def invented(rank: int, salt: int = 0) -> str:
    """The invented word of a rank: the same rank always spells the same word."""
    r = random.Random(rank * 7919 + salt)
    while True:
        word = "".join(
            r.choice(ONSETS) + r.choice(NUCLEI) + r.choice(CODAS)
            for _ in range(2 + (rank % 3 == 0))
        )
        if not RESERVED.search(word):
            return word


@dataclass
class Pools:
    """Seed sentences by topic, and the keywords of each topic."""

    by_topic: dict[str, list[str]] = field(default_factory=dict)
    neutral: list[str] = field(default_factory=list)
    keywords: dict[str, list[str]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)


def _term_re(terms: list[str]) -> re.Pattern[str]:
    alts = sorted((re.escape(t) for t in terms), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)", re.I)


def seed_sentences() -> list[str]:
    """Every sentence of the seeds, as briefgen itself cleans and splits them."""
    from briefgen.classify import split_sentences
    from briefgen.clean import clean
    from briefgen.read import read_document

    out: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = clean(read_document(path))
        for para in text.paragraphs:
            body = text.text[para.start : para.end]
            if para.kind not in ("paragraph", "list_item") or len(body) < 40:
                continue
            for a, b in split_sentences(body):
                sentence = " ".join(body[a:b].split())
                if 40 <= len(sentence) <= 600 and sentence[-1] in ".?!”’":
                    out.append(sentence)
    return out


def load_pools() -> Pools:
    themes = tomllib.loads(THEMES.read_text("utf-8"))["theme"]
    pools = Pools()
    matchers = {}
    for theme in themes:
        terms = [t for t in theme.get("keywords", []) + theme.get("phrases", []) if len(t) > 2]
        pools.keywords[theme["slug"]] = [t for t in theme.get("keywords", []) if t.islower()]
        pools.names[theme["slug"]] = theme["name_nl"]
        matchers[theme["slug"]] = _term_re(terms)
        pools.by_topic[theme["slug"]] = []
    for sentence in seed_sentences():
        hits = [slug for slug, rx in matchers.items() if rx.search(sentence)]
        if EDUCATION in hits:
            pools.by_topic[EDUCATION].append(sentence)
        elif hits:
            for slug in hits:
                pools.by_topic[slug].append(sentence)
        else:
            pools.neutral.append(sentence)
    pools.education_re = matchers[EDUCATION]  # type: ignore[attr-defined]
    return pools


class Writer:
    """Draws documents; counts the passages it means to produce."""

    def __init__(self, seed: int, pools: Pools) -> None:
        self.rng = random.Random(seed)
        self.pools = pools
        self.topics = [t for t in pools.by_topic if t != EDUCATION]
        self.passages = 0
        self.education_passages = 0
        self.number = 0

    # ---- words, names, facts -------------------------------------------------------
    def word(self) -> str:
        return invented(zipf_rank(self.rng), salt=1)

    def compound(self) -> str:
        return self.word() + self.rng.choice(HEADS)

    def name(self) -> str:
        first = invented(zipf_rank(self.rng, 1.5), salt=2).capitalize()
        last = invented(zipf_rank(self.rng, 1.2), salt=3).capitalize()
        return f"{first} {last}"

    def day(self) -> tuple[int, int, int]:
        return (
            self.rng.randint(FIRST_YEAR, LAST_YEAR),
            self.rng.randint(1, 12),
            self.rng.randint(1, 28),
        )

    @staticmethod
    def date_text(d: tuple[int, int, int]) -> str:
        return f"{d[2]} {MONTHS[d[1] - 1]} {d[0]}"

    def amount(self) -> str:
        kind = self.rng.random()
        if kind < 0.4:
            return f"{self.rng.randint(1, 999)}.{self.rng.randint(0, 999):03d} euro"
        if kind < 0.7:
            return f"€ {self.rng.randint(1, 99)},{self.rng.randint(0, 99):02d} miljoen"
        return f"{self.rng.randint(2, 900)} miljoen euro"

    def perturb(self, sentence: str, year: int, topic: str) -> str:
        rng = self.rng
        sentence = re.sub(
            r"\b\d{1,2} (?:" + "|".join(MONTHS) + r")(?: (?:19|20)\d\d)?\b",
            lambda m: f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {year - rng.randint(0, 1)}",
            sentence,
        )
        sentence = re.sub(r"\b(?:19|20)\d\d\b", lambda m: str(year - rng.randint(0, 3)), sentence)
        sentence = re.sub(
            r"(?:€\s?)?\d[\d.,]*\s(?:miljoen |miljard )?euro\b", lambda m: self.amount(), sentence
        )
        words = sentence.split(" ")
        for i, w in enumerate(words):
            if len(w) >= 7 and w.isalpha() and w not in MONTHS and rng.random() < 0.12:
                words[i] = self.compound() if w.islower() else self.word().capitalize()
        keywords = self.pools.keywords.get(topic) or []
        if keywords and rng.random() < 0.3:
            i = rng.randrange(len(words))
            if words[i].isalpha() and words[i].islower() and len(words[i]) > 4:
                words[i] = rng.choice(keywords)
        return " ".join(words)

    def sentence(self, topic: str, year: int) -> str:
        own = self.pools.by_topic.get(topic) or []
        pool = own if own and self.rng.random() < 0.5 else self.pools.neutral
        return self.perturb(self.rng.choice(pool), year, topic)

    def paragraph(self, topic: str, year: int, sentences: int | None = None) -> str:
        n = sentences or self.rng.choice((1, 1, 2, 2, 3, 4))
        text = " ".join(self.sentence(topic, year) for _ in range(n))
        self.passages += 1
        self.education_passages += bool(self.pools.education_re.search(text))  # type: ignore[attr-defined]
        return text

    def question(self, topic: str, year: int) -> str:
        stem = self.perturb(self.rng.choice(self.pools.neutral), year, topic).rstrip(".”’")
        self.passages += 1
        asks = ("Kan de minister meer duiding geven over", "Welke stappen zet de minister inzake")
        return f"{self.rng.choice(asks)} het volgende: {stem[:120].rstrip()}?"

    # ---- documents --------------------------------------------------------------------
    def document(self) -> tuple[str, str, str, list[str]]:
        """(kind, topic, title, lines) of the next document."""
        topic = EDUCATION if self.rng.random() < EDUCATION_SHARE else self.rng.choice(self.topics)
        kind = self.rng.choices(("vraag", "verklaring", "persbericht"), (0.6, 0.15, 0.25))[0]
        self.number += 1
        year, month, day = self.day()
        if kind == "vraag":
            return kind, topic, *self.written_question(topic, (year, month, day))
        if kind == "verklaring":
            return kind, topic, *self.declaration(topic, (year, month, day))
        return kind, topic, *self.press_release(topic, (year, month, day))

    def title(self, topic: str) -> str:
        name = self.pools.names[topic]
        return f"{self.compound().capitalize()} - {name}"

    def written_question(self, topic: str, d: tuple[int, int, int]) -> tuple[str, list[str]]:
        rng = self.rng
        nr = rng.randint(1, 900)
        asker = self.name().upper()
        minister = self.name().upper()
        dom = self.pools.names[topic].upper()
        office = rng.choice(SPEAKERS).format(dom=dom)
        title = self.title(topic)
        ask_date = self.date_text(d)
        lines = [
            f"title: {title}",
            f"thema: {self.pools.names[topic]}",
            f"pdf link: https://docs.vlaamsparlement.be/pfile?id={rng.randint(10**6, 10**7)}",
            "SCHRIFTELIJKE VRAAG",
            f"nr. {nr}",
            f"van {asker}",
            f"datum: {ask_date}",
            f"aan {minister}",
            *wrap(office),
            title,
            "",
        ]
        for _ in range(rng.randint(1, 3)):
            lines += [*wrap(self.paragraph(topic, d[0])), ""]
        n_questions = rng.randint(2, 5)
        for q in range(1, n_questions + 1):
            lines += [*wrap(f"{q}. {self.question(topic, d[0])}"), ""]
        lines += ["", "", f"{minister} ", *wrap(office), "", "ANTWOORD"]
        lines += [f"op vraag nr. {nr} van {ask_date}", f"van {asker}", ""]
        q = 1
        while q <= n_questions:
            joined = rng.random() < 0.2 and q < n_questions
            label = f"{q}-{q + 1}." if joined else f"{q}."
            for i in range(rng.randint(1, 4)):
                text = self.paragraph(topic, d[0])
                lines += [*wrap(f"{label} {text}" if i == 0 else text), ""]
            q += 2 if joined else 1
        return title, lines

    def declaration(self, topic: str, d: tuple[int, int, int]) -> tuple[str, list[str]]:
        rng = self.rng
        place = self.word().capitalize()
        title = f"Slotverklaring {rng.randint(1, 12)}e Vlaams-Nederlandse Top {place}"
        lines = [" Slotverklaring ", "", "Vlaams-Nederlandse Top ", ""]
        lines += [f"{place}, {self.date_text(d)} ", "", f"“{self.compound().capitalize()}” ", ""]
        for _ in range(rng.randint(1, 3)):
            lines += [*wrap(self.paragraph(topic, d[0])), ""]
        for h in range(1, rng.randint(2, 4) + 1):
            lines += [f"{h}. {self.compound().capitalize()} en {self.word()} ", ""]
            for letter in "abcdef"[: rng.randint(1, 4)]:
                lines += [f"{letter}. {self.compound().capitalize()} ", ""]
                for _ in range(rng.randint(2, 6)):
                    lines += [*wrap(self.paragraph(topic, d[0])), ""]
        return title, lines

    def press_release(self, topic: str, d: tuple[int, int, int]) -> tuple[str, list[str]]:
        title = f"{self.compound().capitalize()} voor {self.pools.names[topic].lower()}"
        lines = ["Persbericht", "", f"{self.date_text(d)}", "", title, ""]
        for _ in range(self.rng.randint(4, 12)):
            lines += [*wrap(self.paragraph(topic, d[0])), ""]
        return title, lines


def wrap(text: str) -> list[str]:
    """Hard-wrapped like a PDF export: lines of about 85 characters, trailing space."""
    return [line + " " for line in textwrap.wrap(text, 86, break_on_hyphens=False)]


def write_html(path: Path, title: str, lines: list[str]) -> None:
    from html import escape

    paras: list[str] = []
    for block in "\n".join(lines).split("\n\n"):
        rows = [row for row in block.split("\n") if row.strip()]
        if all(row.endswith(" ") for row in rows):  # one hard-wrapped paragraph
            paras.append(" ".join(row.strip() for row in rows))
        else:  # header lines: one paragraph each
            paras += [row.strip() for row in rows]
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paras if p)
    path.write_text(
        f"<!DOCTYPE html><html lang=nl><head><meta charset=utf-8><title>{escape(title)}</title>"
        f"</head><body><main>\n{body}\n</main></body></html>\n",
        "utf-8",
    )


def write_docx(path: Path, lines: list[str]) -> None:
    import docx

    document = docx.Document()
    for para in "\n".join(lines).split("\n\n"):
        text = " ".join(line.strip() for line in para.split("\n") if line.strip())
        if text:
            document.add_paragraph(text)
    document.core_properties.created = datetime(2024, 1, 1)
    document.save(str(path))


def generate(scale: int, out: Path, seed: int = 7) -> dict[str, object]:
    """Write documents into ``out`` until about ``scale`` passages; a summary."""
    out.mkdir(parents=True, exist_ok=True)
    writer = Writer(seed, load_pools())
    files = 0
    kinds: dict[str, int] = {}
    while writer.passages < scale:
        kind, topic, title, lines = writer.document()
        files += 1
        kinds[kind] = kinds.get(kind, 0) + 1
        folder = out / f"{files // 1000:03d}"
        folder.mkdir(exist_ok=True)
        stem = f"{files:07d}_{kind}_{topic}"
        roll = writer.rng.random()
        if roll < 0.01:
            write_docx(folder / f"{stem}.docx", lines)
        elif roll < 0.04:
            write_html(folder / f"{stem}.html", title, lines)
        else:
            (folder / f"{stem}.txt").write_text("\n".join(lines) + "\n", "utf-8")
    summary = {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "target_passages": scale,
        "planned_passages": writer.passages,
        "education_share": round(writer.education_passages / max(1, writer.passages), 4),
        "files": files,
        "kinds": kinds,
    }
    (out.parent / f"{out.name}.json").write_text(json.dumps(summary, indent=1), "utf-8")
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=SCALES, default="10k")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    summary = generate(SCALES[args.scale], args.out, args.seed)
    print(json.dumps(summary), file=sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
