"""SPARQL: the W3C SPARQL 1.1 Protocol endpoint at ``/sparql``, and the canned queries.

* ``GET /sparql?query=...``, ``POST /sparql`` with a ``query=`` form field or an
  ``application/sparql-query`` body. Results as SPARQL JSON (default), XML,
  CSV or TSV by ``Accept``; CONSTRUCT and DESCRIBE as Turtle (default), JSON-LD,
  N-Triples or RDF/XML. Read-only: updates (as ``update=``, as an
  ``application/sparql-update`` body, or written into ``query=``) and SERVICE
  are refused with 403. Every answer has the header ``X-Alueverkko-Truncated``.
* ``GET /api/sparql/queries``: the canned queries; ``GET|POST
  /api/sparql/queries/{name}?param=value``: run one, answered as the shared
  Results JSON.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import QueryParams

from alueverkko.api.auth import READ_ACCESS
from alueverkko.api.deps import SparqlDep
from alueverkko.errors import InvalidInput, QueryRefused
from alueverkko.queries.sparql.answer import SparqlAnswer
from alueverkko.queries.sparql.canned import list_queries
from alueverkko.queries.sparql.formats import GRAPH, TABLE, TABLE_MEDIA, negotiate, render_table
from alueverkko.queries.sparql.guard import UPDATE_FIX

router = APIRouter(tags=["sparql"], dependencies=[READ_ACCESS])

TRUNCATED_HEADER = "X-Alueverkko-Truncated"
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


@router.get("/sparql")
async def sparql_get(request: Request, engine: SparqlDep) -> Response:
    """Run a read-only SPARQL query given as ``?query=``."""
    params = request.query_params
    return await _protocol(request, engine, params.getlist("query"), params.getlist("update"), params)


@router.post("/sparql")
async def sparql_post(request: Request, engine: SparqlDep) -> Response:
    """Run a read-only SPARQL query posted as a form (``query=``) or as ``application/sparql-query``."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    params = request.query_params
    if media == "application/sparql-update":
        raise _update_refused()
    if media == "application/sparql-query":
        return await _protocol(request, engine, [(await request.body()).decode("utf-8", "replace")], [], params)
    if media in _FORM_TYPES:
        form = await request.form()
        merged = QueryParams([*params.multi_items(), *((k, str(v)) for k, v in form.multi_items())])
        return await _protocol(request, engine, merged.getlist("query"), merged.getlist("update"), merged)
    raise InvalidInput("POST the query as a form field `query=` or as a body of type application/sparql-query.",
                       where="content-type", fix="Set Content-Type to application/x-www-form-urlencoded or "
                                                 "application/sparql-query.")


@router.get("/api/sparql/queries")
def canned_list() -> dict:
    """The canned SPARQL queries: name, title, description, parameters and text."""
    return {"queries": [query.to_dict() for query in list_queries()]}


@router.get("/api/sparql/queries/{name}")
async def canned_run(name: str, request: Request, engine: SparqlDep) -> JSONResponse:
    """Run one canned query; parameters as query-string fields."""
    return await _run_canned(name, request, engine)


@router.post("/api/sparql/queries/{name}")
async def canned_run_posted(name: str, request: Request, engine: SparqlDep) -> JSONResponse:
    """Run one canned query; parameters as query-string fields, a form or a JSON object."""
    return await _run_canned(name, request, engine)


async def _run_canned(name: str, request: Request, engine) -> JSONResponse:
    params = dict(request.query_params)
    if request.method == "POST":
        params.update(await _posted_params(request))
    query, answer = await run_in_threadpool(engine.canned, name, params)
    body = {"query": {"name": query.name, "title": query.title, "description": query.description,
                      "params": params}, **answer.to_results().to_dict()}
    return JSONResponse(body, headers=_headers(answer))


async def _protocol(request: Request, engine, queries: list[str], updates: list[str], params: QueryParams) -> Response:
    if updates:
        raise _update_refused()
    if len(queries) != 1 or not queries[0].strip():
        raise InvalidInput("Give exactly one SPARQL query, as `query=`.", where="query",
                           fix="For example GET /sparql?query=SELECT%20*%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%2010")
    accept = request.headers.get("accept", "")
    words = params.getlist("format") + params.getlist("output")
    answer = await run_in_threadpool(engine.query, queries[0], graph_format=negotiate(accept, GRAPH, words),
                                     default_graph=tuple(params.getlist("default-graph-uri")),
                                     named_graphs=tuple(params.getlist("named-graph-uri")))
    if answer.form == "graph":
        return Response(answer.graph, media_type=answer.media_type, headers=_headers(answer))
    table_format = negotiate(accept, TABLE, words)
    return Response(render_table(answer, table_format), media_type=TABLE_MEDIA[table_format], headers=_headers(answer))


async def _posted_params(request: Request) -> dict[str, str]:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "application/json":
        data = await request.json()
        if not isinstance(data, dict):
            raise InvalidInput("Post the parameters as a JSON object.", where="body", fix='For example {"year": 2021}.')
        return {str(k): str(v) for k, v in data.items() if v is not None}
    if media in _FORM_TYPES:
        return {k: str(v) for k, v in (await request.form()).items()}
    return {}


def _headers(answer: SparqlAnswer) -> dict[str, str]:
    return {TRUNCATED_HEADER: "true" if answer.truncated else "false", "Vary": "Accept"}


def _update_refused() -> QueryRefused:
    return QueryRefused("SPARQL updates are refused: this endpoint is read-only.", where="update",
                        fix=UPDATE_FIX, details={"refused": "update", "operations": ["update"]})
