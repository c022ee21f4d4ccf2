"""The FastAPI application: built here, nothing else.

Routers live one per resource in ``api/routers``; each module exposes a
``router``. Shared state (settings, the store) hangs on ``app.state`` and
reaches views through the dependency aliases of :mod:`alueverkko.api.deps`.
"""

from __future__ import annotations

import importlib

from fastapi import FastAPI

from alueverkko.api.errors import install_error_handlers
from alueverkko.settings import Settings

ROUTER_MODULES = [
    "alueverkko.api.routers.health",
    "alueverkko.api.routers.search",
    "alueverkko.api.routers.entities",
    "alueverkko.api.routers.documents",
    "alueverkko.api.routers.consoles",
    "alueverkko.api.routers.maps",  # before static: it serves /static/vendor and /static/maps
    "alueverkko.api.routers.static",
    "alueverkko.api.routers.cypher",
    "alueverkko.api.routers.sparql",
    "alueverkko.api.routers.identifiers",
    "alueverkko.api.routers.partners",
]


def create_app(settings: Settings | None = None) -> FastAPI:
    from alueverkko.graph.store import Store

    settings = settings or Settings()
    app = FastAPI(title="alueverkko", version="0.1.0",
                  description="A knowledge graph of Finnish regional development, with evidence for every fact.")
    app.state.settings = settings
    app.state.store = Store.open(settings.store_path)
    install_error_handlers(app)
    for name in ROUTER_MODULES:
        app.include_router(importlib.import_module(name).router)
    return app
