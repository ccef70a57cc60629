"""Selection and section quality on the labelled seeds, with the thresholds we keep."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
# recall, precision, section accuracy we keep per theme (measured by scripts/quality.py)
THRESHOLDS = {
    "onderwijs": (0.95, 0.90, 0.90),
    "taal-en-cultuur": (0.9, 0.9, 0.9),
    "mobiliteit-en-infrastructuur": (0.85, 0.9, 0.85),
    "scheepvaart-en-havens": (0.9, 0.85, 0.9),
    "grensregio-en-bestuur": (0.9, 0.85, 0.9),
    "energie": (0.9, 0.9, 0.9),
}


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    spec = importlib.util.spec_from_file_location("quality", ROOT / "scripts" / "quality.py")
    assert spec and spec.loader
    quality = importlib.util.module_from_spec(spec)
    sys.modules["quality"] = quality  # dataclasses look their module up there
    spec.loader.exec_module(quality)
    result: dict[str, dict[str, Any]] = quality.evaluate(tmp_path_factory.mktemp("q") / "store")
    return result


def test_every_labelled_theme_is_measured(figures: dict[str, dict[str, Any]]) -> None:
    assert set(THRESHOLDS) <= set(figures)
    assert len(figures) >= 4


@pytest.mark.parametrize("slug", sorted(THRESHOLDS))
def test_quality_thresholds(figures: dict[str, dict[str, Any]], slug: str) -> None:
    recall, precision, sections = THRESHOLDS[slug]
    got = figures[slug]
    assert got["must_not"] == 0, got
    assert got["recall"] >= recall, got["missed"]
    assert got["precision"] >= precision, got["unlabelled"]
    assert got["sections"] >= sections, got["wrong_section"]
