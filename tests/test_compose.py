"""compose: the parts of a briefing put together in a stable order."""

from __future__ import annotations

from briefgen.compose import sources
from briefgen.models import Document, DocumentMeta, Item, SourceRef


def test_same_titled_undated_sources_are_numbered_by_path() -> None:
    docs = {
        k: Document(
            id=k, path=f"{p}.txt", sha256="", fmt="txt",
            meta=DocumentMeta(doc_type="press_release", title="Persbericht"), text="",
        )
        for k, p in [("x1", "c"), ("x2", "a"), ("x3", "b")]
    }  # fmt: skip
    items = [
        Item("t", (SourceRef(k, "", "Persbericht", "press_release", None, None),), "background")
        for k in ("x1", "x3", "x2")
    ]
    assert [s.path for s in sources(items, docs)] == ["a.txt", "b.txt", "c.txt"]
    assert sources(items, docs) == sources(items[::-1], docs)
