"""Maintain briefgen's gettext catalogues with Babel, without a babel.cfg or setup.cfg.

    python scripts/i18n.py extract        # briefgen/locale/briefgen.pot from code and templates
    python scripts/i18n.py update         # extract, then merge new texts into every <lang>.po
    python scripts/i18n.py init de        # start a catalogue for a new language
    python scripts/i18n.py check          # list missing or untranslated texts; exit 1 if any

Message ids are English. Texts are marked with ``_("...")`` in templates and with
``N_("...")``, ``self._("...")`` or ``gettext(lang, "...")`` in Python. Nothing is compiled
here: briefgen compiles the ``.po`` in memory when it runs. See docs/I18N.md.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "briefgen" / "locale"
TEMPLATE = LOCALE_DIR / "briefgen.pot"
METHODS = [
    ("briefgen/**.py", "python"),
    ("briefgen/templates/**.j2", "jinja2.ext:babel_extract"),
]
OPTIONS = {"briefgen/templates/**.j2": {"extensions": "jinja2.ext.i18n"}}
# gettext(lang, "text"): the message is the second argument.
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None, "gettext": (2,)}
SOURCE_LANG = "en"  # msgids are English: an empty English msgstr is a translation


def extract() -> Catalog:
    """Every marked text of the package code and the default templates."""
    catalog = Catalog(project="briefgen", domain="briefgen", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        ROOT, METHODS, OPTIONS, KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def catalogues() -> dict[str, Path]:
    return {p.parent.parent.name: p for p in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/briefgen.po"))}


def _read(path: Path, lang: str) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=lang, domain="briefgen")


def _write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=88, include_lineno=False, sort_output=True)


def update() -> None:
    template = extract()
    _write(TEMPLATE, template)
    for lang, path in catalogues().items():
        catalog = _read(path, lang)
        catalog.update(template)
        _write(path, catalog)


def init(lang: str) -> None:
    Locale.parse(lang)  # refuse a language code Babel does not know
    path = LOCALE_DIR / lang / "LC_MESSAGES" / "briefgen.po"
    if path.exists():
        raise SystemExit(f"{path} exists; run update instead")
    catalog = extract()
    catalog.locale = Locale.parse(lang)
    catalog.revision_date = datetime.now(UTC)
    catalog.fuzzy = False
    _write(path, catalog)


def problems() -> list[str]:
    """What a catalogue lacks against the code: missing, untranslated, fuzzy, bad format."""
    template = extract()
    found = []
    for lang, path in catalogues().items():
        catalog = _read(path, lang)
        for message in template:
            if not message.id:
                continue
            entry = catalog.get(message.id, context=message.context)
            if entry is None:
                found.append(f"{lang}: missing {message.id!r}")
            elif entry.fuzzy:
                found.append(f"{lang}: fuzzy {message.id!r}")
            elif not entry.string and lang != SOURCE_LANG:
                found.append(f"{lang}: untranslated {message.id!r}")
        for message, errors in catalog.check():
            found += [f"{lang}: {message.id!r}: {error}" for error in errors]
    return found


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "extract":
        _write(TEMPLATE, extract())
    elif command == "update":
        update()
    elif command == "init" and len(argv) == 2:
        init(argv[1])
    elif command == "check":
        found = problems()
        print("\n".join(found) or "catalogues complete")
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
