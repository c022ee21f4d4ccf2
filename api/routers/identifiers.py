"""Dereferencing the stable identifiers ``/id/{kind}/{slug}``, with content negotiation.

``text/turtle`` (also the answer to ``*/*``), ``application/ld+json``,
``application/n-triples`` and ``application/rdf+xml`` get the identifier's
description from the RDF projection: its own triples, the relations it takes
part in (incoming and outgoing), all with their evidence. ``text/html`` is sent
on with 303 See Other to the entity's page (``/entities/{id}``) or document's
page (``/documents/{sha256}``). An identifier nothing describes is a 404.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from alueverkko.api.auth import READ_ACCESS
from alueverkko.api.deps import SettingsDep, SparqlDep, StoreDep
from alueverkko.errors import DocumentNotFound, EntityNotFound
from alueverkko.graph.model import NodeKind
from alueverkko.queries.sparql.formats import ranked_media

router = APIRouter(tags=["identifiers"], dependencies=[READ_ACCESS])

TRUNCATED_HEADER = "X-Alueverkko-Truncated"
NODE_KINDS = frozenset(kind.value.lower() for kind in NodeKind)
_CHOICES = {"text/html": "html", "application/xhtml+xml": "html", "text/turtle": "turtle",
            "application/x-turtle": "turtle", "application/ld+json": "jsonld", "application/json": "jsonld",
            "application/n-triples": "ntriples", "application/rdf+xml": "rdfxml"}


def representation(accept: str) -> str:
    """What the client asked for: 'html', or an RDF format (Turtle unless it names another).

    >>> representation("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    'html'
    >>> representation("application/ld+json"), representation("*/*"), representation("")
    ('jsonld', 'turtle', 'turtle')
    """
    for media in ranked_media(accept):
        if media in _CHOICES:
            return _CHOICES[media]
    return "turtle"


@router.get("/id/{kind}/{slug}")
async def dereference(kind: str, slug: str, request: Request, engine: SparqlDep, store: StoreDep,
                      settings: SettingsDep) -> Response:
    """The description of one identifier, or (for browsers) a redirect to its page."""
    from alueverkko.graph.rdf.identifiers import iri_for_path

    choice = representation(request.headers.get("accept", ""))
    if choice == "html":
        page = await run_in_threadpool(_page, kind, slug, store)
        if page is not None:
            return RedirectResponse(page, status_code=303, headers={"Vary": "Accept"})
        choice = "turtle"
    iri = str(iri_for_path(settings.base_iri, kind, slug))
    answer = await run_in_threadpool(engine.describe, iri, graph_format=choice)
    if answer.triples == 0:
        raise EntityNotFound(f"{kind}:{slug}" if kind in NODE_KINDS else iri)
    return Response(answer.graph, media_type=answer.media_type,
                    headers={TRUNCATED_HEADER: "true" if answer.truncated else "false", "Vary": "Accept"})


def _page(kind: str, slug: str, store) -> str | None:
    """The HTML page of a node or document (checked to exist), or None when there is none."""
    if kind in NODE_KINDS:
        node_id = f"{kind}:{slug}"
        if not store.nodes_by_id([node_id]):
            raise EntityNotFound(node_id)
        return f"/entities/{node_id}"
    if kind == "document":
        if store.document_info(slug).id != slug:
            raise DocumentNotFound(slug)
        return f"/documents/{slug}"
    return None
