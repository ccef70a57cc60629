"""Where the corpus and the store are, and the defaults, in one place.

Precedence, highest first (documented in the README):
1. command-line options (``--corpus``, ``--store``);
2. environment variables ``BRIEFGEN_CORPUS`` (paths separated by ``os.pathsep``),
   ``BRIEFGEN_STORE`` and ``BRIEFGEN_REFRESH`` (``0`` reads the store without first
   checking the corpus for changes);
3. the config file: ``--config FILE``, else ``./briefgen.toml``, else
   ``<user config dir>/briefgen/config.toml``;
4. defaults: the bundled sample corpus (``seeds/``) and a store in the user cache
   folder, one per corpus.
"""

from __future__ import annotations

import hashlib
import os
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from briefgen.errors import ConfigError

DEFAULT_LOCALE = {"nl": "nl_BE", "en": "en_GB"}


def default_locale(lang: str) -> str:
    """Babel's locale for ``lang`` unless one is chosen: a new language's own code."""
    return DEFAULT_LOCALE.get(lang, lang)


def check_lang(lang: str, where: str) -> str:
    """``lang`` if briefgen has a catalogue for it: a new language is a new ``.po`` file."""
    from briefgen.render.i18n import available_languages

    if lang not in available_languages():
        raise ConfigError(f"{where}: lang must be one of {', '.join(available_languages())}")
    return lang


CONFIG_NAME = "briefgen.toml"


def default_corpus() -> Path:
    """The bundled sample corpus: inside the wheel, or ``seeds/`` of a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_seeds", here.parent / "seeds"):
        if candidate.is_dir():
            return candidate
    raise ConfigError(
        "no corpus configured and the sample corpus is missing",
        hint="pass --corpus DIR or set corpus in briefgen.toml",
    )


def default_store(corpus: Sequence[Path]) -> Path:
    """One store per corpus in the user cache folder, so corpora never mix."""
    from platformdirs import user_cache_dir

    key = "\n".join(sorted(str(p.resolve()) for p in corpus)).encode()
    digest = hashlib.sha256(key).hexdigest()[:16]
    return Path(user_cache_dir("briefgen")) / f"store-{digest}"


@dataclass(frozen=True, slots=True)
class Settings:
    """The resolved settings every command works with."""

    corpus: tuple[Path, ...]
    store: Path
    theme_files: tuple[Path, ...] = ()
    templates: Path | None = None
    lang: str = "nl"
    locale: str = "nl_BE"
    audience: str | None = None
    refresh: bool = True  # re-ingest changed corpus files before every read
    config_file: Path | None = None
    extra: Mapping[str, object] = field(default_factory=dict)

    def with_corpus(self, corpus: Sequence[Path], store: Path | None = None) -> Settings:
        """Settings for another corpus, with its own store unless one is given."""
        paths = tuple(corpus)
        return replace(self, corpus=paths, store=store or default_store(paths))


def _config_path(explicit: Path | None) -> Path | None:
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"config file not found: {explicit}")
        return explicit
    local = Path.cwd() / CONFIG_NAME
    if local.is_file():
        return local
    from platformdirs import user_config_dir

    user = Path(user_config_dir("briefgen")) / "config.toml"
    return user if user.is_file() else None


def _read_config(path: Path | None) -> dict[str, object]:
    if path is None:
        return {}
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from exc


def _paths(value: object, base: Path, key: str, source: Path | None) -> tuple[Path, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        raise ConfigError(f"{source}: '{key}' must be a path or a list of paths")
    return tuple((base / Path(v).expanduser()).resolve() for v in items)


def load_settings(
    *,
    corpus: Sequence[Path] = (),
    store: Path | None = None,
    config: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Resolve settings from options, environment, config file and defaults."""
    env = os.environ if environ is None else environ
    cfg_path = _config_path(config)
    cfg = _read_config(cfg_path)
    base = cfg_path.parent if cfg_path else Path.cwd()

    corpus_paths: tuple[Path, ...] = tuple(p.resolve() for p in corpus)
    if not corpus_paths and env.get("BRIEFGEN_CORPUS"):
        corpus_paths = tuple(
            Path(p).expanduser().resolve() for p in env["BRIEFGEN_CORPUS"].split(os.pathsep) if p
        )
    if not corpus_paths and "corpus" in cfg:
        corpus_paths = _paths(cfg["corpus"], base, "corpus", cfg_path)
    if not corpus_paths:
        corpus_paths = (default_corpus(),)

    store_path = store
    if store_path is None and env.get("BRIEFGEN_STORE"):
        store_path = Path(env["BRIEFGEN_STORE"]).expanduser()
    if store_path is None and "store" in cfg:
        store_path = _paths(cfg["store"], base, "store", cfg_path)[0]
    if store_path is None:
        store_path = default_store(corpus_paths)

    themes = _paths(cfg.get("themes", []), base, "themes", cfg_path)
    templates = cfg.get("templates")
    lang = check_lang(str(cfg.get("lang", "nl")), str(cfg_path))
    audience = cfg.get("audience")
    refresh = cfg.get("refresh", True)
    if env.get("BRIEFGEN_REFRESH"):
        refresh = env["BRIEFGEN_REFRESH"].strip().lower() not in ("0", "false", "no", "off")
    if not isinstance(refresh, bool):
        raise ConfigError(f"{cfg_path}: refresh must be true or false")
    return Settings(
        corpus=corpus_paths,
        store=store_path.resolve(),
        theme_files=themes,
        templates=_paths(templates, base, "templates", cfg_path)[0] if templates else None,
        lang=lang,
        locale=str(cfg.get("locale", default_locale(lang))),
        audience=str(audience) if audience else None,
        refresh=refresh,
        config_file=cfg_path,
        extra=cfg,
    )
