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


@pytest.fixture(scope="session")
def neo4j_uri() -> str:
    """Bolt URI of one real Neo4j 5 for the session (tests/support/neo4j_server.py); fails, never skips."""
    from support.neo4j_server import Neo4jStartError, running_neo4j
    try:
        server = running_neo4j()
        uri = server.__enter__()
    except Neo4jStartError as exc:
        pytest.fail(f"the Neo4j test server did not start: {exc}", pytrace=False)
    yield uri
    server.__exit__(None, None, None)


# -- the API and UI world: fixture documents with known facts, served for real ------------
@pytest.fixture(scope="session")
def world_settings(tmp_path_factory):
    """Settings of a store filled by tests/support/world.py (read-only: tests that write use their own)."""
    from alueverkko.settings import Settings
    from support.world import fill_world

    settings = Settings(data_dir=tmp_path_factory.mktemp("world"))
    world = Store.open(settings.store_path)
    fill_world(world, settings)
    world.close()
    return settings


@pytest.fixture(scope="session")
def live_url(world_settings):
    """The world served by uvicorn on a free 127.0.0.1 port (tests/support/live_server.py)."""
    from alueverkko.api.app import create_app
    from support.live_server import live_server

    with live_server(lambda base: create_app(world_settings.model_copy(update={"base_iri": base}))) as (url, _app):
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (tests/support/browser.py); fails, never skips, when missing."""
    from support.browser import chromium

    with chromium() as running:
        yield running


@pytest.fixture
def guarded_page(browser, live_url):
    """A fresh browser page on the live server that records outside requests and script errors."""
    from support.browser import GuardedPage

    guarded = GuardedPage(browser, live_url)
    yield guarded
    guarded.close()
