"""The FastAPI application: built here, nothing else.

Routers live one per resource in ``api/routers``; each module exposes a
``router``. Shared state (settings, the store) hangs on ``app.state`` and
reaches views through the dependency aliases of :mod:`alueverkko.api.deps`.

Every request passes the body limit (:mod:`alueverkko.api.limits`); CORS is
closed unless ``cors_origins`` names origins. When the app's lifespan ends its
engines stop: the SPARQL worker processes and the Cypher engine of its data
folder (the embedded FalkorDB server) or Neo4j database.
"""

from __future__ import annotations

import importlib
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

from alueverkko.api.errors import install_error_handlers
from alueverkko.api.limits import BodyLimit
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
    from alueverkko.ingest.worker import ExtractionWorker

    settings = settings or Settings()
    app = FastAPI(title="alueverkko", version="0.1.0", lifespan=_lifespan,
                  description="A knowledge graph of Finnish regional development, with evidence for every fact.")
    app.state.settings = settings
    app.state.store = Store.open(settings.store_path)
    app.state.extraction_worker = ExtractionWorker(settings)  # its process starts with the first upload
    install_error_handlers(app)
    for name in ROUTER_MODULES:
        app.include_router(importlib.import_module(name).router)
    app.add_middleware(BodyLimit, settings=settings)
    if settings.cors_origins:  # the last added runs first: refusals (401, 413) carry CORS headers too
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_credentials=False,
                           allow_methods=["GET", "POST", "DELETE"],
                           allow_headers=["X-API-Key", "Content-Type", "Accept", "Accept-Language"],
                           expose_headers=["X-Alueverkko-Truncated"])
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI):
    yield
    _close_engines(app)


def _close_engines(app: FastAPI) -> None:
    """Stop what this app started. Only its own Cypher engine: other apps in the process keep theirs."""
    from alueverkko.graph.cypher import close_engine

    sparql = getattr(app.state, "sparql", None)
    if sparql is not None:
        app.state.sparql = None
        sparql.close()
    close_engine(app.state.settings)
    app.state.extraction_worker.close()
