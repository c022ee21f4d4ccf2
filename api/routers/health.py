"""Health (always open, for monitoring) and statistics (a read: guarded by the read key when one is set)."""

from __future__ import annotations

from fastapi import APIRouter

from alueverkko.api.auth import READ_ACCESS
from alueverkko.api.deps import StoreDep
from alueverkko.api.models import HealthOut, StatsOut

router = APIRouter(tags=["meta"])


@router.get("/api/health", response_model=HealthOut)
def health(store: StoreDep) -> dict:
    """The service answers and its store can be read."""
    return {"status": "ok", "documents": store.stats()["documents"]}


@router.get("/api/stats", response_model=StatsOut, dependencies=[READ_ACCESS])
def stats(store: StoreDep) -> dict:
    """Counts of documents, nodes by kind and edges by type."""
    return store.stats()
