"""Markdown output through Jinja2 templates the user may replace.

Templates are looked up first in the user's ``--templates`` folder, then among the
defaults shipped in ``briefgen/templates/``; the defaults are also reachable as
``default:NAME`` so a user template can extend one and override a single block.
Rendering is strict: an unknown variable is an error, never an empty field. Source text
is escaped with the ``md`` filter so it shows as the literal text it was.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from briefgen.errors import ConfigError, NotFoundError
from briefgen.models import Briefing
from briefgen.render.i18n import translations
from briefgen.render.jsondata import briefing_data
from briefgen.render.present import Presenter

TEMPLATE = "briefing.md.j2"

_LINE_BREAKS = re.compile(r"\s*[\r\n\x0b\x0c\x85\u2028\u2029]+\s*")
_SPECIALS = re.compile(r"([\\`*_\[\]|~])")
_BLOCK_MARK = re.compile(r"^([#+\-=])")  # heading, list item, setext underline
_LIST_NUMBER = re.compile(r"^(\d{1,9})([.)])")  # "1." or "1)" starts an ordered list
_SAFE_URL = re.compile(r"https?://[^\s<>\"'`\\|]+", re.IGNORECASE)


def md(value: object) -> str:
    """Source text as inert Markdown: one line, HTML and Markdown syntax shown literally.

    Line breaks become spaces (a quote is one paragraph; a table cell one line); ``&<>``
    become entities, so no HTML and no autolink; Markdown's inline specials (also ``|``
    for tables) get a backslash; a block marker at the start (``#``, ``-``, ``1.``) too.
    """
    text = _LINE_BREAKS.sub(" ", str(value)).strip()
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _SPECIALS.sub(r"\\\1", text)
    text = _BLOCK_MARK.sub(r"\\\1", text)
    return _LIST_NUMBER.sub(r"\1\\\2", text)


def link(url: str | None) -> str:
    """An http(s) address as an autolink; anything else (``javascript:``...) as plain text."""
    if not url:
        return "–"
    if _SAFE_URL.fullmatch(url):
        return f"<{url}>"
    return md(url)


def render_markdown(
    briefing: Briefing, templates_dir: Path | None = None, *, explain: bool = False
) -> bytes:
    """The briefing as Markdown (UTF-8) from ``briefing.md.j2``."""
    context: dict[str, Any] = {**briefing_data(briefing), "explain": explain}
    return render_template(TEMPLATE, context, templates_dir, briefing.lang, briefing.locale)


def render_template(
    name: str, context: dict[str, Any], templates_dir: Path | None, lang: str, locale: str
) -> bytes:
    """Template ``name`` of the strict environment as Markdown (UTF-8).

    Every output goes through here, so a user's template mistake becomes the same
    one-line ``ConfigError`` naming the template, whichever document it was for.
    """
    env = environment(templates_dir, lang, locale)
    try:
        text = env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise ConfigError(
            f"template {exc.name or exc.filename}: line {exc.lineno}: {exc.message}"
        ) from exc
    except jinja2.TemplateNotFound as exc:
        raise ConfigError(
            f"template {exc.name} not found", hint=f"looked in {templates_dir or 'the defaults'}"
        ) from exc
    except jinja2.TemplateError as exc:
        where = _template_in(exc.__traceback__) or name
        raise ConfigError(f"template {where}: {exc.message}") from exc
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        culprit = _template_in(exc.__traceback__)
        if templates_dir is None or culprit is None:
            raise  # the shipped templates are tested: this is a bug, not a user's mistake
        raise ConfigError(f"template {culprit}: {type(exc).__name__}: {exc}") from exc
    text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    return text.encode("utf-8")


def environment(templates_dir: Path | None, lang: str, locale: str) -> jinja2.Environment:
    """The strict Jinja2 environment: user folder first, then the shipped defaults.

    Sandboxed, because a template folder may come from someone else: a template can
    format the briefing but cannot reach into Python. One environment per folder,
    language and locale, kept: it keeps its compiled templates, so a batch compiles
    each template once (Jinja2 still reloads a template whose file changed).
    """
    if templates_dir is not None and not templates_dir.is_dir():
        raise NotFoundError(
            f"templates folder {templates_dir} does not exist",
            hint="point --templates to a folder holding briefing.md.j2",
        )
    folder = templates_dir.absolute() if templates_dir is not None else None  # cwd may change
    return _environment(folder, lang, locale)


@lru_cache(maxsize=16)
def _environment(templates_dir: Path | None, lang: str, locale: str) -> jinja2.Environment:
    defaults = jinja2.PackageLoader("briefgen", "templates")
    loaders: list[jinja2.BaseLoader] = []
    if templates_dir is not None:
        loaders.append(jinja2.FileSystemLoader(templates_dir))
    loaders += [defaults, jinja2.PrefixLoader({"default": defaults}, delimiter=":")]
    env = SandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(Presenter(lang, locale).filters())
    env.filters["md"] = md
    env.filters["link"] = link
    return env


def _template_in(tb: TracebackType | None) -> str | None:
    """The innermost template in a traceback (Jinja2 names template frames by file)."""
    name = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            name = Path(filename).name
        tb = tb.tb_next
    return name
