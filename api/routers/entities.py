"""Entities: ``/api/entities/{id}``, its neighbourhood subgraph, and the entity page ``/entities/{id}``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from alueverkko.api.auth import READ_ACCESS
from alueverkko.api.deps import SettingsDep, StoreDep
from alueverkko.api.models import EntityOut, NeighbourhoodOut
from alueverkko.api.render import render
from alueverkko.graph.model import NodeKind, RelationType
from alueverkko.queries.entity import entity_detail, neighbourhood, parse_names, parse_years

router = APIRouter(tags=["entities"], dependencies=[READ_ACCESS])


@router.get("/api/entities/{entity_id}", response_model=EntityOut)
def api_entity(entity_id: str, store: StoreDep, settings: SettingsDep) -> dict[str, Any]:
    """An entity: attributes, aliases, mentions, and relations in both directions grouped by
    type, each with its evidence (document, quote, span) and the other end."""
    return entity_detail(store, entity_id, per_group=settings.entity_relations_per_group,
                         per_fact=settings.evidence_per_fact)


@router.get("/api/entities/{entity_id}/neighbourhood", response_model=NeighbourhoodOut)
def api_neighbourhood(
        entity_id: str, store: StoreDep, settings: SettingsDep,
        depth: Annotated[int, Query(ge=1, le=3, description="Relations away from the entity.")] = 1,
        kinds: Annotated[str | None, Query(description="Comma-separated node kinds to keep.")] = None,
        types: Annotated[str | None, Query(description="Comma-separated relation types to follow.")] = None,
        years: Annotated[str | None, Query(description="A year or a range, e.g. 2019-2023; undated facts pass.")] = None,
) -> dict[str, Any]:
    """The subgraph around an entity as node-link JSON, at most ``neighbourhood_max_nodes`` nodes
    (``graph.capped`` says when it was cut)."""
    return neighbourhood(store, entity_id, depth=depth,
                         kinds=parse_names(kinds, [k.value for k in NodeKind], "kinds"),
                         types=parse_names(types, [t.value for t in RelationType], "types"),
                         years=parse_years(years), max_nodes=settings.neighbourhood_max_nodes)


@router.get("/entities/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
def entity_page(entity_id: str, request: Request, store: StoreDep, settings: SettingsDep):
    data = entity_detail(store, entity_id, per_group=settings.entity_relations_per_group,
                         per_fact=settings.evidence_per_fact)
    return render(request, "entity.html", data, json_url=data["links"]["api"])
