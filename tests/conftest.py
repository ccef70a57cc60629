"""Shared fixtures: the seeds, and a store built from them once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.config import Settings

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
