"""Dependency aliases for views; tests swap them with ``app.dependency_overrides``."""

from __future__ import annotations

import threading
from typing import Annotated

from fastapi import Depends, Request

from alueverkko.graph.store import Store
from alueverkko.queries.sparql.engine import SparqlEngine
from alueverkko.settings import Settings

_ENGINE_LOCK = threading.Lock()


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_sparql(request: Request) -> SparqlEngine:
    """The app's SPARQL engine (its worker processes start on first use)."""
    state = request.app.state
    with _ENGINE_LOCK:
        if getattr(state, "sparql", None) is None:
            state.sparql = SparqlEngine(state.settings, state.store)
        return state.sparql


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
SparqlDep = Annotated[SparqlEngine, Depends(get_sparql)]
