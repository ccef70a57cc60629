"""Fixed texts of the briefing in the reader's language, from gettext catalogues.

Message ids are English; each language is one ``briefgen/locale/<lang>/LC_MESSAGES/
briefgen.po``. The catalogue is compiled in memory when first used, so no generated
``.mo`` file lives in the repository and a third language needs only a new ``.po``.
``scripts/i18n.py`` extracts and updates the catalogues (see docs/I18N.md).
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.errors import ConfigError
from briefgen.models import Reason, SourceRef

if TYPE_CHECKING:
    from babel.support import Translations

DOMAIN = "briefgen"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet."""
    return message


@cache
def available_languages() -> tuple[str, ...]:
    """Languages with a catalogue, e.g. ``("en", "nl")``."""
    return tuple(
        sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    )


def catalogue_path(lang: str) -> Path:
    """Where the ``.po`` catalogue of ``lang`` lives (it may not exist)."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: str) -> Translations:
    """The compiled catalogue of ``lang``; fuzzy entries are left out, as msgfmt does."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    path = catalogue_path(lang)
    if not path.is_file():
        raise ConfigError(
            f"no catalogue for language {lang!r}",
            hint="choose one of " + ", ".join(available_languages()),
        )
    try:
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=lang, domain=DOMAIN)
    except Exception as exc:  # babel raises several types for a malformed file
        raise ConfigError(f"{path}: unreadable catalogue: {exc}") from exc
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


def gettext(lang: str, message: str) -> str:
    """Translate ``message`` (an English msgid) into ``lang``."""
    return translations(lang).gettext(message)


def reason_text(reason: Reason | None, lang: str) -> str:
    """``reason`` worded in ``lang``, its values filled in; empty when there is none.

    A reason with its own ``words`` (a cue's) is its English ``message`` in a language
    they lack (English itself), as gettext falls back to the message id.
    """
    if reason is None:
        return ""
    if reason.words:
        text = dict(reason.words).get(lang, reason.message)
    else:
        text = gettext(lang, reason.message)
    if not reason.params:
        return text
    return text % {
        name: value if isinstance(value, str) else reason_text(value, lang)
        for name, value in reason.params
    }


def locator_text(ref: SourceRef, lang: str) -> str:
    """Where in its source a quote stands, in ``lang``: "antw. 1+3" / "ans. 1+3".

    A section ("§ 1.b") reads the same in every language. A reference made without
    its ``where`` keeps its Dutch ``locator``.
    """
    kind, value = ref.where
    if kind == "answer":
        return (
            gettext(lang, "ans. %(number)s") % {"number": value} if value else gettext(lang, "ans.")
        )
    if kind == "question":
        return (
            gettext(lang, "q. %(number)s") % {"number": value}
            if value
            else gettext(lang, "question")
        )
    return f"§ {value}" if kind == "section" else ref.locator
