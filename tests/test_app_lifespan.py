"""When an app's lifespan ends, the processes it started end with it: no embedded FalkorDB, no SPARQL worker left."""

from __future__ import annotations

import os

import psutil
from cypher_world import ingest_fixture_world
from fastapi.testclient import TestClient

from alueverkko.api.app import create_app
from alueverkko.graph.cypher.falkordb_server import ServerFiles
from alueverkko.graph.store import Store
from alueverkko.settings import Settings


def live_children() -> dict[int, str]:
    """This process's descendants that are running (not zombies), with their command lines."""
    found = {}
    for child in psutil.Process(os.getpid()).children(recursive=True):
        try:
            if child.status() != psutil.STATUS_ZOMBIE:
                found[child.pid] = " ".join(child.cmdline())
        except psutil.NoSuchProcess:
            continue
    return found


def test_the_apps_falkordb_server_and_sparql_workers_stop_when_its_lifespan_ends(tmp_path):
    data = tmp_path / "data"
    store = Store.open(data / "alueverkko.sqlite")
    ingest_fixture_world(store)
    store.close()
    socket = str(ServerFiles((data / "falkordb").resolve()).socket)
    before = set(live_children())
    with TestClient(create_app(Settings(data_dir=data, sparql_workers=1))) as client:
        assert client.post("/api/cypher", json={"query": "MATCH (n:Entity) RETURN count(n)"}).json()["rows"] == [[27]]
        assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"},
                          headers={"accept": "application/sparql-results+json"}).json()["boolean"] is True
        started = {pid: command for pid, command in live_children().items() if pid not in before}
        assert [pid for pid, command in started.items() if "redis-server" in command and socket in command]
        assert len(started) >= 2  # the FalkorDB server and a SPARQL worker
    left = live_children()
    assert not [command for pid, command in left.items() if "redis-server" in command and socket in command]
    assert not {pid: command for pid, command in started.items() if pid in left}
