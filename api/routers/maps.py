"""Collaboration maps: ``/maps/...`` pages, their JSON twins ``/api/maps/...``, GEXF and JSON exports.

* ``/maps/entity/{id}?hops=1..3``: an actor's (or any entity's) network;
* ``/maps/programme/{id}``: a programme's projects and actors with their roles (or one project's);
* ``/maps/region/{id}``: a region's municipalities, organisations and their projects;
* ``/maps/all``: the whole graph, reduced to its most connected nodes when large.

Every map takes ``kinds=``, ``types=`` (comma-separated) and ``years=`` (``2020`` or
``2019-2023``) to narrow it on the server, ``size=degree|budget``, ``seed=`` for the
layout, and ``format=html|gexf|json`` (the page, a Gephi file, or the stable JSON
export of the map's subgraph). ``/api/maps/...`` returns the view model the page draws.

The page's scripts come from this server: vis-network from the installed pyvis
package at ``/static/vendor/vis-network/``, ours at ``/static/maps/``. Map pages send
a Content-Security-Policy that allows scripts from this server only.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from alueverkko.api.auth import READ_ACCESS
from alueverkko.api.deps import SettingsDep, StoreDep
from alueverkko.api.render import page_language
from alueverkko.errors import NotFound
from alueverkko.viz import exports, render
from alueverkko.viz.maps import MapGraph, build_map, parse_filters

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

router = APIRouter()
pages = APIRouter(tags=["maps"], dependencies=[READ_ACCESS])
assets = APIRouter(include_in_schema=False)

Hops = Annotated[int, Query(ge=1, le=3, description="Relations away from the entity (1 to 3).")]
Kinds = Annotated[str | None, Query(description="Comma-separated node kinds to keep, e.g. Organisation,Project.")]
Types = Annotated[str | None, Query(description="Comma-separated relation types to keep, e.g. COORDINATES,FUNDS.")]
Years = Annotated[str | None, Query(description="A year or a range, e.g. 2019-2023; undated actors stay when "
                                                "linked to something inside it.")]
SizeBy = Annotated[Literal["degree", "budget"], Query(description="Node size by number of relations or by budget.")]
Seed = Annotated[int, Query(ge=0, le=2**31 - 1, description="Layout seed: the same seed gives the same picture.")]
Format = Annotated[Literal["html", "gexf", "json"], Query(description="html (the page), gexf (Gephi) or json "
                                                                      "(the alueverkko JSON export of the map).")]


@pages.get("/maps/entity/{entity_id}", response_class=HTMLResponse)
def entity_map_page(entity_id: str, request: Request, store: StoreDep, settings: SettingsDep, hops: Hops = 1,
                    kinds: Kinds = None, types: Types = None, years: Years = None, size: SizeBy = "degree",
                    seed: Seed = 1, format: Format = "html"):
    """An entity's collaboration network within ``hops`` relations."""
    return _answer("entity", entity_id, request, store, settings, hops, kinds, types, years, size, seed, format)


@pages.get("/maps/programme/{entity_id}", response_class=HTMLResponse)
def programme_map_page(entity_id: str, request: Request, store: StoreDep, settings: SettingsDep,
                       kinds: Kinds = None, types: Types = None, years: Years = None, size: SizeBy = "degree",
                       seed: Seed = 1, format: Format = "html"):
    """A programme's projects and the actors in them, with their roles; or one project's actors."""
    return _answer("programme", entity_id, request, store, settings, 1, kinds, types, years, size, seed, format)


@pages.get("/maps/region/{entity_id}", response_class=HTMLResponse)
def region_map_page(entity_id: str, request: Request, store: StoreDep, settings: SettingsDep,
                    kinds: Kinds = None, types: Types = None, years: Years = None, size: SizeBy = "degree",
                    seed: Seed = 1, format: Format = "html"):
    """A region's municipalities and organisations and the projects they take part in."""
    return _answer("region", entity_id, request, store, settings, 1, kinds, types, years, size, seed, format)


@pages.get("/maps/all", response_class=HTMLResponse)
def whole_map_page(request: Request, store: StoreDep, settings: SettingsDep, kinds: Kinds = None,
                   types: Types = None, years: Years = None, size: SizeBy = "degree", seed: Seed = 1,
                   format: Format = "html"):
    """The whole graph; its most connected nodes when it is larger than the node budget."""
    return _answer("all", None, request, store, settings, 1, kinds, types, years, size, seed, format)


@pages.get("/api/maps/entity/{entity_id}")
def api_entity_map(entity_id: str, request: Request, store: StoreDep, settings: SettingsDep, hops: Hops = 1,
                   kinds: Kinds = None, types: Types = None, years: Years = None, size: SizeBy = "degree",
                   seed: Seed = 1) -> dict[str, Any]:
    """The view model of ``/maps/entity/{id}``: nodes (positions, colours, tooltip text), edges, legend,
    ``reduced`` (null, or what the node budget left out and how to narrow the map)."""
    return _view_data("entity", entity_id, request, store, settings, hops, kinds, types, years, size, seed)


@pages.get("/api/maps/programme/{entity_id}")
def api_programme_map(entity_id: str, request: Request, store: StoreDep, settings: SettingsDep,
                      kinds: Kinds = None, types: Types = None, years: Years = None, size: SizeBy = "degree",
                      seed: Seed = 1) -> dict[str, Any]:
    """The view model of ``/maps/programme/{id}``."""
    return _view_data("programme", entity_id, request, store, settings, 1, kinds, types, years, size, seed)


@pages.get("/api/maps/region/{entity_id}")
def api_region_map(entity_id: str, request: Request, store: StoreDep, settings: SettingsDep,
                   kinds: Kinds = None, types: Types = None, years: Years = None, size: SizeBy = "degree",
                   seed: Seed = 1) -> dict[str, Any]:
    """The view model of ``/maps/region/{id}``."""
    return _view_data("region", entity_id, request, store, settings, 1, kinds, types, years, size, seed)


@pages.get("/api/maps/all")
def api_whole_map(request: Request, store: StoreDep, settings: SettingsDep, kinds: Kinds = None,
                  types: Types = None, years: Years = None, size: SizeBy = "degree",
                  seed: Seed = 1) -> dict[str, Any]:
    """The view model of ``/maps/all``."""
    return _view_data("all", None, request, store, settings, 1, kinds, types, years, size, seed)


# -- the page's scripts and styles ---------------------------------------------------------------
@assets.get(render.VENDOR_PATH + "/{name}")
def vendor_asset(name: str) -> Response:
    """vis-network's files, read from the installed pyvis package (vis-network: Apache-2.0 or MIT)."""
    return _asset(name, render.VENDOR_FILES, render.vendor_file)


@assets.get(render.OWN_PATH + "/{name}")
def own_asset(name: str) -> Response:
    return _asset(name, render.OWN_FILES, render.own_file)


router.include_router(pages)
router.include_router(assets)


# -- shared --------------------------------------------------------------------------------------
def _map(kind, entity_id, store, settings, hops, kinds, types, years, lang, evidence="first") -> MapGraph:
    filters = parse_filters(kinds, types, years)
    return build_map(store, kind, entity_id, hops=hops, filters=filters, budget=settings.map_node_budget,
                     evidence=evidence, lang=lang)


def _view_data(kind, entity_id, request, store, settings, hops, kinds, types, years, size, seed) -> dict[str, Any]:
    lang = page_language(request)
    graph = _map(kind, entity_id, store, settings, hops, kinds, types, years, lang)
    return graph.view(seed=seed, size_by=size, lang=lang, physics_max_nodes=settings.map_physics_max_nodes).to_dict()


def _answer(kind, entity_id, request, store, settings, hops, kinds, types, years, size, seed, fmt) -> Response:
    lang = page_language(request)
    evidence = "first" if fmt == "html" else "all"
    graph = _map(kind, entity_id, store, settings, hops, kinds, types, years, lang, evidence)
    view = graph.view(seed=seed, size_by=size, lang=lang, physics_max_nodes=settings.map_physics_max_nodes)
    name = f"map-{kind}" + (f"-{_file_slug(entity_id)}" if entity_id else "")
    if fmt == "gexf":
        return Response(exports.map_gexf(graph.graph, view), media_type=exports.MEDIA_TYPES["gexf"],
                        headers={"Content-Disposition": f'attachment; filename="{name}.gexf"'})
    if fmt == "json":
        return JSONResponse(exports.map_json(graph.graph),
                            headers={"Content-Disposition": f'attachment; filename="{name}.json"'})
    html = render.render_html(view, links=_links(request, kind, entity_id))
    return HTMLResponse(html, headers={"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                                       "Referrer-Policy": "same-origin"})


def _links(request: Request, kind: str, entity_id: str | None) -> dict[str, str]:
    path = f"/maps/{kind}" + (f"/{quote(entity_id, safe='')}" if entity_id else "")
    params = {k: v for k, v in request.query_params.items() if k != "format"}
    query = urlencode(params)
    return {"home": "/", "gexf": f"{path}?{urlencode({**params, 'format': 'gexf'})}",
            "json": f"{path}?{urlencode({**params, 'format': 'json'})}",
            "api": f"/api{path}" + (f"?{query}" if query else "")}


def _file_slug(entity_id: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in entity_id)[:80]


def _asset(name: str, allowed: dict[str, str], read) -> Response:
    if name not in allowed:
        raise NotFound(f"No map asset {name!r}.", where="static", fix="See the map page's own links.")
    return Response(read(name), media_type=allowed[name],
                    headers={"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"})
