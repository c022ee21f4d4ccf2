"""Cypher over HTTP: ad-hoc read-only queries and the canned queries.

Every answer is ``Results.to_dict()``: ``{"columns", "rows", "truncated", ...}``;
errors (refused 403, timeout 408, bad query 400, engine down 503) take the one
JSON error shape of :mod:`alueverkko.api.errors`.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from alueverkko.api.auth import READ_ACCESS
from alueverkko.api.deps import SettingsDep, StoreDep
from alueverkko.queries.cypher import MAX_QUERY_CHARS, canned_queries, run_canned, run_cypher

router = APIRouter(tags=["cypher"], dependencies=[READ_ACCESS])


class CypherRequest(BaseModel):
    query: str = Field(..., max_length=MAX_QUERY_CHARS, description="One read-only Cypher statement.")
    params: dict[str, Any] = Field(default_factory=dict, description="Values for the query's $parameters.")


class CannedRequest(BaseModel):
    params: dict[str, Any] = Field(default_factory=dict, description="Values for the canned query's parameters.")


@router.post("/api/cypher")
def cypher(body: CypherRequest, settings: SettingsDep, store: StoreDep) -> dict:
    """Run one read-only Cypher query under the time limit and row cap."""
    return run_cypher(settings, store, body.query, body.params).to_dict()


@router.get("/api/cypher/queries")
def canned_list() -> list[dict]:
    """The canned Cypher queries: name, title, description and parameters."""
    return [query.to_dict() for query in canned_queries().values()]


@router.post("/api/cypher/queries/{name}")
def canned_run(name: str, settings: SettingsDep, store: StoreDep, body: CannedRequest | None = None) -> dict:
    """Run a canned Cypher query by name with its parameters."""
    return run_canned(settings, store, name, body.params if body else {}).to_dict()
