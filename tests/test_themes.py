"""Theme catalogue: shipped data, lookup by any name, user files, broken entries.

Also checks the two data files that go with themes: the glossary (every name in it
occurs in the seeds) and the hand labels of tests/labels/themes.toml (every label
points at exactly one place in its seed).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from briefgen.errors import ConfigError, ExitCode, NotFoundError
from briefgen.themes import Theme, load_catalogue

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
LABELS = ROOT / "tests" / "labels" / "themes.toml"
GLOSSARY = ROOT / "briefgen" / "data" / "glossary.toml"
SECTIONS = {"background", "commitments", "open_points"}

REQUIRED = [
    "onderwijs",
    "taal-en-cultuur",
    "media",
    "wetenschap-en-innovatie",
    "digitalisering",
    "mobiliteit-en-infrastructuur",
    "scheepvaart-en-havens",
    "energie",
    "klimaat-water-en-milieu",
    "stikstof-en-landbouw",
    "grensregio-en-bestuur",
    "arbeidsmarkt-en-sociaal-beleid",
    "veiligheid-en-criminaliteit",
    "europa-en-economie",
]


def _seed_text(name: str) -> str:
    return re.sub(r"\s+", " ", (SEEDS / name).read_text(encoding="utf-8"))


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ shipped catalogue


def test_shipped_catalogue_is_valid_and_covers_the_seed_subjects() -> None:
    catalogue = load_catalogue()
    assert catalogue.errors == {}
    slugs = [t.slug for t in catalogue.themes()]
    assert len(slugs) == len(set(slugs))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s) for s in slugs)
    assert set(REQUIRED) <= set(slugs)
    for theme in catalogue:
        assert theme.name_nl and theme.name_en and theme.keywords
        assert all(" " not in k for k in theme.keywords)


def test_any_name_finds_its_theme_ignoring_case_accents_and_spacing() -> None:
    catalogue = load_catalogue()
    assert catalogue.get("education").slug == "onderwijs"
    assert catalogue.get("Onderwijs en Vorming").slug == "onderwijs"
    assert catalogue.get("klimaat").slug == "klimaat-water-en-milieu"
    assert catalogue.get("Klimaat, water en milieu").slug == "klimaat-water-en-milieu"
    assert catalogue.get("TAAL EN CULTUUR").slug == "taal-en-cultuur"
    assert catalogue.get("Shipping and ports").slug == "scheepvaart-en-havens"
    assert catalogue.get("Énergie").slug == "energie"
    assert catalogue.find("Einstein Telescoop") is None  # a query, not a theme


def test_unknown_theme_names_the_closest_themes() -> None:
    catalogue = load_catalogue()
    with pytest.raises(NotFoundError) as caught:
        catalogue.get("onderwys")
    assert caught.value.exit_code == ExitCode.NOT_FOUND
    assert "unknown theme 'onderwys'" in str(caught.value)
    assert caught.value.hint is not None
    assert caught.value.hint.startswith("closest: onderwijs")
    assert "briefgen themes" in caught.value.hint
    with pytest.raises(NotFoundError, match="closest: scheepvaart-en-havens"):
        catalogue.get("havenz")
    with pytest.raises(NotFoundError) as nothing_close:
        catalogue.get("xyzzy")
    assert nothing_close.value.hint == "see: briefgen themes"
    assert catalogue.closest("mobilitiet") == ["mobiliteit-en-infrastructuur"]
    assert catalogue.closest("xyzzy") == []


def test_weights_and_terms() -> None:
    onderwijs = load_catalogue().get("onderwijs")
    assert onderwijs.weight("lerarentekort") == 2.0
    assert onderwijs.weight("LERARENTEKORT") == 2.0
    assert onderwijs.weight("leraren") == 1.0
    terms = {term: (weight, phrase) for term, weight, phrase in onderwijs.terms()}
    assert terms["hoger onderwijs"] == (2.0, True)
    assert terms["NVAO"] == (2.0, False)
    assert onderwijs.name("en") == "Education" and onderwijs.name("nl") == "Onderwijs"


# ------------------------------------------------------------------------ user files


def test_user_file_adds_replaces_and_extends_themes(tmp_path: Path) -> None:
    user = _write(
        tmp_path,
        "mine.toml",
        """
[[theme]]
slug = "gezondheid-en-zorg"
name_nl = "Gezondheid en zorg"
name_en = "Health and care"
aliases = ["health"]
keywords = ["gezondheid", "zorg"]
phrases = ["Medische Zorg"]

[[theme]]
slug = "media"
name_nl = "Media en journalistiek"
name_en = "Media and journalism"
keywords = ["journalistiek"]

[[theme]]
slug = "onderwijs"
extend = true
keywords = ["Leesoffensief"]
weights = { Leesoffensief = 2.0 }
""",
    )
    catalogue = load_catalogue([user])
    assert catalogue.errors == {}
    added = catalogue.get("health")
    assert added.slug == "gezondheid-en-zorg" and added.source == str(user)
    replaced = catalogue.get("media")
    assert replaced.name_nl == "Media en journalistiek" and replaced.keywords == ("journalistiek",)
    assert catalogue.find("omroep") is None  # the shipped aliases went with the replaced entry
    extended = catalogue.get("education")
    assert "Leesoffensief" in extended.keywords and "lerarentekort" in extended.keywords
    assert extended.weight("Leesoffensief") == 2.0 and extended.weight("NVAO") == 2.0
    assert [t.slug for t in catalogue][-1] == "gezondheid-en-zorg"


def test_broken_entry_fails_only_its_own_theme(tmp_path: Path) -> None:
    user = _write(
        tmp_path,
        "broken.toml",
        """
[[theme]]
slug = "havens-extra"
name_nl = "Havens extra"
name_en = "Ports extra"
keywords = ["North Sea Port"]

[[theme]]
slug = "onderwijs"
name_nl = "Onderwijs"
keyword = ["typo"]

[[theme]]
slug = "fine"
name_nl = "Prima"
name_en = "Fine"
keywords = ["prima"]
""",
    )
    catalogue = load_catalogue([user])
    assert set(catalogue.errors) == {"havens-extra", "onderwijs"}
    assert "not a single word" in catalogue.errors["havens-extra"]
    assert catalogue.errors["onderwijs"].startswith(f"{user}: theme 'onderwijs': unknown field")
    with pytest.raises(ConfigError, match="theme 'onderwijs'") as caught:
        catalogue.get("onderwijs")
    assert caught.value.exit_code == ExitCode.CONFIG
    with pytest.raises(ConfigError, match="theme 'onderwijs'"):
        catalogue.get("Onderwijs")  # a name of the broken entry leads to its error too
    assert catalogue.get("fine").name_en == "Fine"
    assert catalogue.get("energie").slug == "energie"
    assert "onderwijs" in catalogue.slugs() and "havens-extra" in catalogue.slugs()
    assert "onderwijs" not in [t.slug for t in catalogue.themes()]


_NAMED = 'slug = "x"\nname_nl = "x"\nname_en = "x"\n'


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ('slug = "Bad Slug"\nname_nl = "x"\nname_en = "x"', "not kebab-case"),
        ('slug = "x"\nname_nl = "x"', "'name_en' is missing"),
        (_NAMED + 'phrases = ["eenwoord"]', "fewer than two"),
        (_NAMED + 'keywords = "a"', "list of non-empty"),
        (_NAMED + "weights = { y = 2 }", "no keyword"),
        (_NAMED + 'keywords = ["y"]\nweights = { y = -1 }', "positive"),
        (_NAMED + 'aliases = ["education"]', "already used by"),
        ('slug = "x"\nextend = true', "no theme of that slug"),
    ],
)
def test_each_kind_of_broken_entry_is_reported(tmp_path: Path, entry: str, reason: str) -> None:
    user = _write(tmp_path, "t.toml", f"[[theme]]\n{entry}\n")
    catalogue = load_catalogue([user])
    assert len(catalogue.errors) == 1
    message = next(iter(catalogue.errors.values()))
    assert message.startswith(str(user)) and reason in message
    assert catalogue.get("onderwijs").slug == "onderwijs"


def test_duplicate_slug_in_one_file_is_an_error(tmp_path: Path) -> None:
    entry = '[[theme]]\nslug = "dubbel"\nname_nl = "D"\nname_en = "D"\nkeywords = ["d"]\n'
    catalogue = load_catalogue([_write(tmp_path, "t.toml", entry + entry)])
    assert "appears twice" in catalogue.errors["dubbel"]
    with pytest.raises(ConfigError):
        catalogue.get("dubbel")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[theme]\nslug = 1", "invalid TOML"),
        ('[[themes]]\nslug = "x"', "expected only [[theme]] tables, found 'themes'"),
        ('theme = "x"', "expected only [[theme]] tables"),
    ],
)
def test_unusable_file_is_a_config_error(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, "bad.toml", text)
    with pytest.raises(ConfigError, match=re.escape(message)) as caught:
        load_catalogue([path])
    assert str(path) in str(caught.value)


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read theme file"):
        load_catalogue([tmp_path / "absent.toml"])


# ------------------------------------------------------------------------- glossary


def test_glossary_names_come_from_the_seeds() -> None:
    terms = tomllib.loads(GLOSSARY.read_text(encoding="utf-8"))["term"]
    seeds = " ".join(_seed_text(p.name) for p in sorted(SEEDS.glob("*.txt")))
    names = [t["nl"] for t in terms]
    assert len(names) == len(set(names))
    missing = [n for n in names if n not in seeds]
    assert missing == []
    for wanted in ("Taalunie", "NVAO", "Digisprong", "Leerpunt", "NRO", "TSI", "KlasCement"):
        assert wanted in names
    assert all(t["en"].strip() and set(t) <= {"nl", "en", "variants"} for t in terms)


# --------------------------------------------------------------------------- labels


def test_labels_point_at_exactly_one_place_in_their_seed() -> None:
    labels = tomllib.loads(LABELS.read_text(encoding="utf-8"))
    slugs = {t.slug for t in load_catalogue()}
    assert set(labels) <= slugs
    assert {"onderwijs", "taal-en-cultuur", "mobiliteit-en-infrastructuur"} <= set(labels)
    assert {"grensregio-en-bestuur", "energie", "scheepvaart-en-havens"} <= set(labels)
    texts = {p.name: _seed_text(p.name) for p in SEEDS.glob("*.txt")}
    for slug, groups in labels.items():
        assert set(groups) <= {"passages", "optional", "must_not"}
        assert len(groups["passages"]) >= 5
        seen = set()
        for kind, entries in groups.items():
            for label in entries:
                where = f"{slug}.{kind}: {label['prefix']!r}"
                assert texts[label["doc"]].count(label["prefix"]) == 1, where
                assert 20 <= len(label["prefix"]) <= 75, where
                assert label["section"] in SECTIONS, where
                assert set(label.get("also", [])) <= SECTIONS - {label["section"]}, where
                assert (label["doc"], label["prefix"]) not in seen, where
                seen.add((label["doc"], label["prefix"]))
    assert len(labels["onderwijs"]["must_not"]) >= 4


def test_theme_dataclass_is_frozen() -> None:
    theme = load_catalogue().get("media")
    assert isinstance(theme, Theme)
    with pytest.raises(AttributeError):
        theme.slug = "x"  # type: ignore[misc]
