"""Cypher engines: one small interface, two implementations chosen by a setting.

``cypher_backend=falkordb`` (the default) runs an embedded FalkorDB that
alueverkko starts and stops itself; ``cypher_backend=neo4j`` uses a Neo4j 5
server. Both hold the same property layout (:mod:`.layout`), are kept in sync
with the canonical store by the same code (:mod:`.sync`) and turn their values
into the same plain JSON values (:mod:`.values`), so a query gives the same
answer on either; the conformance suite (``tests/test_cypher_conformance.py``)
proves it. Queries reach an engine through :func:`alueverkko.queries.cypher.run_cypher`.

An engine is

* ``name``: ``"falkordb"`` or ``"neo4j"``;
* ``sync(store) -> cursor``: the projection contract of :mod:`alueverkko.graph.projections`;
* ``run(store, query, params, *, timeout_s, row_cap) -> Results``: sync, then one
  read-only query under the time limit, at most ``row_cap`` rows;
* ``close()``.

Engines are opened once per process and configuration (:func:`engine_for`)
and closed at exit.
"""

from __future__ import annotations

import atexit
import importlib
import os
import threading
from typing import Protocol

from alueverkko.settings import Settings

ENGINES = {
    "falkordb": "alueverkko.graph.cypher.falkordb_engine:FalkorEngine",
    "neo4j": "alueverkko.graph.cypher.neo4j_engine:Neo4jEngine",
}


class CypherEngine(Protocol):
    name: str

    def sync(self, store) -> int: ...

    def run(self, store, query: str, params: dict, *, timeout_s: float, row_cap: int): ...

    def close(self) -> None: ...


_open: dict[tuple, CypherEngine] = {}
_guard = threading.Lock()


def engine_key(settings: Settings) -> tuple:
    """Which engine instance serves these settings: one per data folder or per Neo4j database.

    >>> engine_key(Settings(data_dir="/tmp/x"))
    ('falkordb', '/tmp/x')
    """
    if settings.cypher_backend == "neo4j":
        return ("neo4j", settings.neo4j_uri, settings.neo4j_user, settings.neo4j_database)
    return ("falkordb", os.path.realpath(settings.data_dir))


def engine_for(settings: Settings) -> CypherEngine:
    """The open engine for ``settings``, opened on first use."""
    key = engine_key(settings)
    with _guard:
        engine = _open.get(key)
        if engine is None:
            module, cls = ENGINES[settings.cypher_backend].split(":")
            engine = _open[key] = getattr(importlib.import_module(module), cls)(settings)
    return engine




def projection(settings: Settings) -> CypherEngine:
    """The factory :data:`alueverkko.graph.projections.REGISTRY` names."""
    return engine_for(settings)


def close_engine(settings: Settings) -> None:
    with _guard:
        engine = _open.pop(engine_key(settings), None)
    if engine is not None:
        engine.close()


def close_all() -> None:
    with _guard:
        engines = list(_open.values())
        _open.clear()
    for engine in engines:
        engine.close()


atexit.register(close_all)  # cheap when no engine was opened
