"""Shared fixtures: real stores in temporary folders, and small hand-made extractions."""

from __future__ import annotations

from pathlib import Path

import pytest

from alueverkko.graph.model import Document, Edge, Evidence, Extraction, Node, NodeKind, RelationType, content_hash
from alueverkko.graph.store import Store

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"


def extraction(text: str, source: str, nodes: list[tuple[NodeKind, str]],
               edges: list[tuple[int, RelationType, int]] = (), attrs: dict[int, dict] | None = None) -> Extraction:
    """An extraction whose facts are quoted from ``text``: each node's name must occur in it."""
    doc = Document(id=content_hash(text.encode()), title=source, source_path=source, text=text)
    built = []
    for i, (kind, name) in enumerate(nodes):
        start = text.index(name)
        ev = Evidence(doc.id, start, start + len(name), name, "test-rules", "1")
        built.append(Node(kind, name, [name], dict((attrs or {}).get(i, {})), [ev]))
    built_edges = []
    for a, rel, b in edges:
        ev = Evidence(doc.id, 0, len(text), text, "test-rules", "1", 0.9)
        built_edges.append(Edge(built[a].id, rel, built[b].id, {}, [ev]))
    return Extraction(doc, built, built_edges)


@pytest.fixture
def store(tmp_path) -> Store:
    s = Store.open(tmp_path / "data" / "alueverkko.sqlite", busy_timeout=0.2)
    yield s
    s.close()


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"the seed documents are not at {SEEDS} (clone ../shared beside the repo)")
    return SEEDS
