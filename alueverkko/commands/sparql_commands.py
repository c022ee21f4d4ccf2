"""``alueverkko query sparql``: read-only SPARQL, canned queries, and their list.

::

    alueverkko query sparql "SELECT ?s ?name WHERE { ?s a av:Municipality ; rdfs:label ?name }"
    alueverkko query sparql --canned projects_by_year --param year=2021 --json
    alueverkko query sparql --list
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from alueverkko.errors import InvalidInput

console = Console()


def register(app: typer.Typer) -> None:
    from alueverkko.commands.query_group import query_app

    query_app.command("sparql")(sparql)


def sparql(ctx: typer.Context,
           query: Annotated[str | None, typer.Argument(help="A read-only SPARQL query; '-' reads it from stdin.")] = None,
           canned: Annotated[str | None, typer.Option("--canned", help="Run the canned query NAME instead.")] = None,
           param: Annotated[list[str] | None, typer.Option("--param", help="A canned query parameter as k=v; repeat.")] = None,
           list_queries: Annotated[bool, typer.Option("--list", help="List the canned queries.")] = False,
           as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False):
    """Query the RDF projection with SPARQL (time limit and row cap from the settings)."""
    from alueverkko.commands.store_commands import print_json
    from alueverkko.queries.sparql import canned as canned_queries

    if list_queries:
        queries = canned_queries.list_queries()
        if as_json:
            print_json([{k: v for k, v in q.to_dict().items() if k != "text"} for q in queries])
        else:
            _print_list(queries)
        return
    if (query is None) == (canned is None):
        raise InvalidInput("Give either a query or --canned NAME.", where="arguments",
                           fix='For example: alueverkko query sparql "SELECT * WHERE { ?s ?p ?o } LIMIT 5"')
    answer = _run(ctx.obj, query, canned, _params(param or []))
    if answer.form == "graph" and not as_json:
        typer.echo(answer.graph.decode("utf-8"))
    elif as_json:
        print_json(answer.to_results().to_dict())
    else:
        _print_results(answer.to_results())


def _run(settings, query: str | None, canned: str | None, params: dict[str, str]):
    from alueverkko.commands.store_commands import open_store
    from alueverkko.queries.sparql.engine import SparqlEngine

    engine = SparqlEngine(settings, open_store(settings), workers=1)
    try:
        if canned is not None:
            return engine.canned(canned, params)[1]
        return engine.query(sys.stdin.read() if query == "-" else query)
    finally:
        engine.close()


def _params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InvalidInput(f"A parameter must look like name=value, not {pair!r}.", where="--param",
                               fix="For example --param year=2021.")
        params[key.strip()] = value
    return params


def _print_list(queries) -> None:
    table = Table("name", "title", "parameters")
    for q in queries:
        params = ", ".join(f"{p.name} ({p.type}{', optional' if p.optional else ''})" for p in q.params)
        table.add_row(q.name, q.title, params)
    console.print(table)


def _print_results(results) -> None:
    table = Table(*results.columns)
    for row in results.rows:
        table.add_row(*("" if value is None else str(value) for value in row))
    console.print(table)
    notes = [f"{len(results.rows)} rows, {results.elapsed_ms:.0f} ms"]
    if results.truncated:
        notes.append("truncated at the row cap (ALUEVERKKO_QUERY_ROW_CAP)")
    console.print("; ".join(notes + results.notes), style="dim", highlight=False)
