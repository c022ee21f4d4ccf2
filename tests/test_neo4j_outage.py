"""Neo4j down is a clear 503; when it returns, queries work again without a restart of alueverkko."""

from __future__ import annotations

import pytest
from cypher_world import ingest_fixture_world
from fastapi.testclient import TestClient
from support.neo4j_server import free_port, running_neo4j

from alueverkko.api.app import create_app
from alueverkko.graph.cypher import close_engine
from alueverkko.settings import Settings

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

COUNT = {"query": "MATCH (n:Entity) RETURN count(n) AS n"}


def test_neo4j_down_answers_503_and_the_next_query_after_it_returns_works(tmp_path):
    port = free_port()
    settings = Settings(data_dir=tmp_path / "data", cypher_backend="neo4j", neo4j_uri=f"bolt://127.0.0.1:{port}",
                        neo4j_connect_timeout_s=2.0)
    app = create_app(settings)
    ingest_fixture_world(app.state.store)
    client = TestClient(app, raise_server_exceptions=False)
    try:
        with running_neo4j(port=port):
            assert client.post("/api/cypher", json=COUNT).json()["rows"] == [[27]]
        down = client.post("/api/cypher", json=COUNT)
        assert down.status_code == 503
        error = down.json()["error"]
        assert error["code"] == "backend_unavailable"
        assert f"127.0.0.1:{port}" in error["message"] and "ALUEVERKKO_NEO4J_URI" in error["fix"]
        with running_neo4j(port=port):  # a new, empty server on the same address
            back = client.post("/api/cypher", json=COUNT)
            assert back.status_code == 200, back.text
            assert back.json()["rows"] == [[27]]  # rebuilt from the canonical store
    finally:
        close_engine(settings)
