"""Health and statistics."""

from __future__ import annotations

from fastapi import APIRouter

from alueverkko.api.deps import StoreDep

router = APIRouter(tags=["meta"])


@router.get("/api/health")
def health(store: StoreDep) -> dict:
    """The service answers and its store can be read."""
    return {"status": "ok", "documents": store.stats()["documents"]}


@router.get("/api/stats")
def stats(store: StoreDep) -> dict:
    """Counts of documents, nodes by kind and edges by type."""
    return store.stats()
