"""Query consoles: ``/console/cypher`` and ``/console/sparql``, with example queries.

The pages only hold a form and the examples (the canned query files
``queries/cypher/*.cypher`` and ``queries/sparql/*.rq``); a small same-origin
script (``/static/console.js``) sends the query to the engine's endpoint
(``POST /api/cypher`` as JSON, ``POST /sparql`` by the SPARQL protocol) and
builds the result table with ``textContent``. The JSON twin of each page is
``/api/consoles/{engine}``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from alueverkko.api.auth import READ_ACCESS
from alueverkko.api.models import ConsoleOut
from alueverkko.api.render import render
from alueverkko.queries.canned import parse_canned

router = APIRouter(tags=["consoles"], dependencies=[READ_ACCESS])

Engine = Literal["cypher", "sparql"]
ENGINES = {
    # engine: (endpoint, folder under alueverkko.queries, suffix, comment marker)
    "cypher": ("/api/cypher", "cypher", ".cypher", "//"),
    "sparql": ("/sparql", "sparql", ".rq", "#"),
}
FALLBACK = {
    "cypher": "MATCH (n) RETURN n.kind AS kind, count(*) AS entities ORDER BY entities DESC",
    "sparql": "SELECT ?type (COUNT(?s) AS ?count) WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?count) LIMIT 20",
}


def console_data(engine: str) -> dict[str, Any]:
    endpoint = ENGINES[engine][0]
    examples = list(examples_for(engine)) or [
        {"name": "overview", "title": "Overview", "description": "", "query": FALLBACK[engine], "params": {},
         "required": []}]
    return {"engine": engine, "endpoint": endpoint, "examples": examples}


@lru_cache(maxsize=4)
def examples_for(engine: str) -> tuple[dict[str, Any], ...]:
    """The engine's canned query files as examples: name, title, description, text, parameter defaults.

    Files named ``_*`` are internal and ``NAME.ENGINE.ext`` are dialect variants; neither is listed.
    """
    _, folder, suffix, comment = ENGINES[engine]
    root = resources.files("alueverkko.queries").joinpath(folder)
    if not root.is_dir():
        return ()
    examples = []
    for item in sorted(root.iterdir(), key=lambda f: f.name):
        stem = item.name[: -len(suffix)] if item.name.endswith(suffix) else ""
        if not stem or stem.startswith("_") or "." in stem:
            continue
        text = item.read_text(encoding="utf-8")
        canned = parse_canned(stem, text, comment)
        cypher = engine == "cypher"
        examples.append({"name": stem, "title": canned.title, "description": canned.description,
                         "query": _without_header(text, comment), "params": canned.params if cypher else {},
                         "required": canned.required if cypher else []})
    return tuple(examples)


def _without_header(text: str, comment: str) -> str:
    """The query text without its leading title/description/params comment lines."""
    lines = text.splitlines()
    header = re.compile(rf"^\s*{re.escape(comment)}\s*(title|description|params)\s*:")
    while lines and (header.match(lines[0]) or not lines[0].strip()):
        lines.pop(0)
    return "\n".join(lines).strip() + "\n"


@router.get("/api/consoles/{engine}", response_model=ConsoleOut)
def api_console(engine: Engine) -> dict[str, Any]:
    """What a query console offers: the endpoint it sends queries to and example queries."""
    return console_data(engine)


@router.get("/console/{engine}", response_class=HTMLResponse, include_in_schema=False)
def console_page(engine: Engine, request: Request):
    return render(request, "console.html", console_data(engine), json_url=f"/api/consoles/{engine}")
