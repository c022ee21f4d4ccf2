"""Search: ``GET /api/search`` and its pages, the home page ``/`` and the results page ``/search``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from alueverkko.api.auth import READ_ACCESS
from alueverkko.api.deps import SettingsDep, StoreDep
from alueverkko.api.models import SearchOut
from alueverkko.api.render import render, twin_url
from alueverkko.graph.model import NodeKind
from alueverkko.queries.entity import parse_names
from alueverkko.queries.search import SearchIndex, index_for

router = APIRouter(tags=["search"], dependencies=[READ_ACCESS])


def get_search_index(settings: SettingsDep) -> SearchIndex:
    return index_for(settings)


SearchIndexDep = Annotated[SearchIndex, Depends(get_search_index)]
QueryText = Annotated[str, Query(min_length=1, max_length=200, description="Name or alias, inflected or not, typos allowed.")]
KindFilter = Annotated[str | None, Query(description="Comma-separated node kinds, e.g. Municipality,Organisation.")]
PageNumber = Annotated[int, Query(ge=1, le=10_000, description="1-based page number.")]
PerPage = Annotated[int, Query(ge=1, le=100)]


def search_data(index: SearchIndex, store, q: str, kind: str | None, page: int, per_page: int) -> dict[str, Any]:
    kinds = parse_names(kind, [k.value for k in NodeKind], "kinds")
    result = index.search(store, q, kinds=kinds, page=page, per_page=per_page)
    return {"query": result.query, "kinds": result.kinds, "page": result.page, "per_page": result.per_page,
            "pages": result.pages, "total": result.total, "total_exact": result.total_exact,
            "hits": [{"id": h.id, "kind": h.kind, "name": h.name, "matched": h.matched, "match": h.match,
                      "score": h.score} for h in result.hits]}


@router.get("/api/search", response_model=SearchOut)
def api_search(index: SearchIndexDep, store: StoreDep, q: QueryText, kind: KindFilter = None,
               page: PageNumber = 1, per_page: PerPage = 20) -> dict[str, Any]:
    """Entities whose name or alias matches ``q``: exact, then base form ("Kouvolan" finds Kouvola),
    then prefix, then typo-tolerant ("Kouvla"); accents optional ("hameenlinna")."""
    return search_data(index, store, q, kind, page, per_page)


@router.get("/search", response_class=HTMLResponse, include_in_schema=False)
def search_page(request: Request, index: SearchIndexDep, store: StoreDep, q: str = "", kind: KindFilter = None,
                page: PageNumber = 1, per_page: PerPage = 20):
    if not q.strip():
        lang = request.query_params.get("lang")
        return RedirectResponse(f"/?lang={lang}" if lang in ("fi", "en") else "/", status_code=303)
    data = search_data(index, store, q[:200], kind, page, per_page)
    return render(request, "search.html", data, json_url=twin_url("/api/search", request))


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home_page(request: Request, store: StoreDep):
    """The search box and what the graph holds; its JSON twin is /api/stats."""
    return render(request, "home.html", store.stats(), json_url="/api/stats")
