"""Projections of the canonical store (RDF, Cypher engines) and how they catch up.

A projection keeps its own cursor: the sequence number of the last store
change it applied (``Store.changes_since``). ``sync(store)`` applies every
change after the cursor; an ``('all', '*')`` change, or a lost cursor, means a
full rebuild. Because the cursor lives with the projection's own data, a crash
between a store commit and a projection update is repaired by the next sync.

Projections register here by dotted path so that importing this module stays
cheap; :func:`sync_all` is called after every ingest and removal, and each
engine also syncs lazily before it answers a query.
"""

from __future__ import annotations

import importlib
from typing import Protocol

from alueverkko.settings import Settings


class Projection(Protocol):
    name: str

    def sync(self, store) -> int:
        """Apply the store's changes since the cursor; return the new cursor."""


#: name -> "module:factory"; each factory takes the Settings and returns a Projection.
REGISTRY: dict[str, str] = {
    "search": "alueverkko.queries.search:projection",
    "rdf": "alueverkko.graph.rdf.projection:projection",
    "cypher": "alueverkko.graph.cypher:projection",
}


def enabled_projections(settings: Settings) -> list[Projection]:
    projections = []
    for name, target in REGISTRY.items():
        module, factory = target.split(":")
        projections.append(getattr(importlib.import_module(module), factory)(settings))
    return projections


def sync_all(store, settings: Settings) -> dict[str, int]:
    return {p.name: p.sync(store) for p in enabled_projections(settings)}
