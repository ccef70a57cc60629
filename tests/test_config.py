"""Settings precedence: options, then environment, then config file, then defaults."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefgen.config import default_corpus, default_locale, default_store, load_settings
from briefgen.errors import ConfigError

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def test_default_corpus_is_the_bundled_seeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    settings = load_settings(environ={})
    assert settings.corpus == (default_corpus(),)
    assert sorted(p.name for p in default_corpus().glob("*.txt"))[0].startswith("000_")
    assert settings.store == default_store(settings.corpus).resolve()


def test_option_beats_environment_beats_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "c").mkdir()
    (tmp_path / "briefgen.toml").write_text('corpus = "c"\nstore = "store-c"\nlang = "en"\n')
    monkeypatch.chdir(tmp_path)
    from_file = load_settings(environ={})
    assert from_file.corpus == ((tmp_path / "c").resolve(),)
    assert from_file.store == (tmp_path / "store-c").resolve()
    assert (from_file.lang, from_file.locale) == ("en", "en_GB")

    from_env = load_settings(environ={"BRIEFGEN_CORPUS": str(tmp_path / "b")})
    assert from_env.corpus == ((tmp_path / "b").resolve(),)

    from_option = load_settings(
        corpus=[tmp_path / "a"], environ={"BRIEFGEN_CORPUS": str(tmp_path / "b")}
    )
    assert from_option.corpus == ((tmp_path / "a").resolve(),)


def test_refresh_can_be_turned_off_for_a_store_kept_current_by_a_scheduled_ingest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefgen import api

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seed = default_corpus() / "003_top_middelburg_2018.txt"
    (corpus / seed.name).write_text(seed.read_text("utf-8"), "utf-8")
    monkeypatch.chdir(tmp_path)
    settings = load_settings(corpus=[corpus], store=tmp_path / "store", environ={})
    assert settings.refresh
    assert [h.document.path for h in api.search(settings, "taskforce")] == [seed.name]
    (corpus / "nieuw.txt").write_text("De taskforce lerarentekort komt opnieuw samen.\n")

    (tmp_path / "briefgen.toml").write_text("refresh = false\n")
    stale = load_settings(corpus=[corpus], store=tmp_path / "store", environ={})
    assert not stale.refresh
    assert [h.document.path for h in api.search(stale, "taskforce")] == [seed.name]
    env_on = load_settings(
        corpus=[corpus], store=tmp_path / "store", environ={"BRIEFGEN_REFRESH": "1"}
    )
    assert {h.document.path for h in api.search(env_on, "taskforce")} == {seed.name, "nieuw.txt"}
    env_off = load_settings(corpus=[corpus], environ={"BRIEFGEN_REFRESH": "0"})
    assert not env_off.refresh

    (tmp_path / "briefgen.toml").write_text('refresh = "sometimes"\n')
    with pytest.raises(ConfigError, match="refresh must be true or false"):
        load_settings(environ={})


def test_stores_differ_per_corpus(tmp_path: Path) -> None:
    assert default_store([tmp_path / "a"]) != default_store([tmp_path / "b"])


def test_bad_config_file_is_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "briefgen.toml"
    bad.write_text("corpus = [1, 2\n")
    with pytest.raises(ConfigError) as err:
        load_settings(config=bad, environ={})
    assert str(bad) in str(err.value) and "\n" not in str(err.value)

    bad.write_text('lang = "fr"\n')
    with pytest.raises(ConfigError, match="lang"):
        load_settings(config=bad, environ={})


def test_missing_config_file_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(config=tmp_path / "nope.toml", environ={})


def test_the_languages_are_those_with_a_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new language is a new catalogue: nothing in the code lists the languages."""
    from briefgen.render import i18n

    locale_dir = tmp_path / "locale"
    for lang in ("nl", "en", "de"):
        (locale_dir / lang / "LC_MESSAGES").mkdir(parents=True)
        shutil.copy(i18n.catalogue_path("en"), locale_dir / lang / "LC_MESSAGES" / "briefgen.po")
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale_dir)
    i18n.available_languages.cache_clear()
    try:
        config = tmp_path / "briefgen.toml"
        config.write_text('lang = "de"\n')
        settings = load_settings(config=config, environ={})
        assert (settings.lang, settings.locale) == ("de", "de")  # Babel's own locale for it
        assert default_locale("nl") == "nl_BE" and default_locale("en") == "en_GB"
    finally:
        i18n.available_languages.cache_clear()
