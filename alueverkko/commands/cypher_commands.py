"""``alueverkko query cypher``: ad-hoc read-only Cypher, or a canned query by name.

    alueverkko query cypher "MATCH (m:Municipality) RETURN m.name LIMIT 5"
    alueverkko query cypher "MATCH (o:Organisation {name: \\$name}) RETURN o" --param name=Kouvola --json
    alueverkko query cypher --list
    alueverkko query cypher --canned partners --param name="Kymijoen Kehitys Oy"
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from alueverkko.commands.query_group import query_app
from alueverkko.errors import InvalidInput

console = Console()


def register(app: typer.Typer) -> None:
    query_app.command("cypher")(cypher)


def cypher(ctx: typer.Context,
           query: Annotated[str | None, typer.Argument(help="One read-only Cypher statement.")] = None,
           param: Annotated[list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE; VALUE is read as JSON "
                                                           "when it parses (5, true, [1,2]), else as text.")] = None,
           canned: Annotated[str | None, typer.Option("--canned", help="Run the canned query of this name.")] = None,
           list_canned: Annotated[bool, typer.Option("--list", help="List the canned queries.")] = False,
           as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False):
    """Run a read-only Cypher query (time limit, row cap) or a canned query."""
    from alueverkko.commands.store_commands import open_store
    from alueverkko.queries.cypher import canned_queries, run_canned, run_cypher

    if list_canned:
        return _print_canned([q.to_dict() for q in canned_queries().values()], as_json)
    if (query is None) == (canned is None):
        raise InvalidInput("Give either a query or --canned NAME.", where="query cypher",
                           fix='e.g. alueverkko query cypher "MATCH (n:Region) RETURN n.name", or --list.')
    params = parse_params(param or [])
    store = open_store(ctx.obj)
    results = run_canned(ctx.obj, store, canned, params) if canned else run_cypher(ctx.obj, store, query, params)
    _print_results(results.to_dict(), as_json)


def parse_params(items: list[str]) -> dict:
    """``["name=Kouvola", "limit=5"]`` -> ``{"name": "Kouvola", "limit": 5}``.

    >>> parse_params(["name=Kouvola", "limit=5", 'ids=["a","b"]', "text=a=b"])
    {'name': 'Kouvola', 'limit': 5, 'ids': ['a', 'b'], 'text': 'a=b'}
    """
    from alueverkko.queries.canned import parse_value

    params = {}
    for item in items:
        name, sep, raw = item.partition("=")
        if not sep or not name.strip():
            raise InvalidInput(f"--param {item!r} is not NAME=VALUE.", where="--param", fix="Write e.g. --param name=Kouvola.")
        params[name.strip()] = parse_value(raw)
    return params


def _print_results(data: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    table = Table(*data["columns"])
    for row in data["rows"]:
        table.add_row(*(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False) for value in row))
    console.print(table)
    more = " (truncated: more rows exist)" if data["truncated"] else ""
    console.print(f"{len(data['rows'])} rows, {data['elapsed_ms']} ms, {data['engine']}{more}")


def _print_canned(queries: list[dict], as_json: bool) -> None:
    if as_json:
        print(json.dumps(queries, ensure_ascii=False, indent=2))
        return
    table = Table("name", "title", "parameters")
    for q in queries:
        params = ", ".join(p["name"] + ("" if p["required"] else f"={json.dumps(p['default'])}") for p in q["params"])
        table.add_row(q["name"], q["title"], params)
    console.print(table)
