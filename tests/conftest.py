"""Shared fixtures: the seeds, a store and the onderwijs briefing built from them once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from briefgen.config import Settings
from briefgen.models import Briefing

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store folder holding the five seeds (built once; treat it as read-only)."""
    from briefgen.ingest import ingest

    store = tmp_path_factory.mktemp("seed-store") / "store"
    report = ingest([SEEDS], store, jobs=1)
    assert not report.failed, report.failed
    return store


@pytest.fixture(scope="session")
def seed_settings(seed_store: Path) -> Settings:
    """Settings for the seeds corpus and its prebuilt store."""
    return Settings(corpus=(SEEDS,), store=seed_store)


@pytest.fixture(scope="session")
def seed_briefing(seed_settings: Settings) -> Callable[[str], Briefing]:
    """The onderwijs briefing from the seeds in a language (built once per language)."""
    from briefgen import api

    @cache
    def build(lang: str) -> Briefing:
        request = api.BriefRequest("onderwijs", lang=lang, generated=date(2024, 5, 6))
        return api.build_briefing(seed_settings, request)

    return build
