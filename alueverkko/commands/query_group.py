"""The ``alueverkko query`` group; each engine's module adds its sub-command to it."""

from __future__ import annotations

import typer

query_app = typer.Typer(help="Run Cypher or SPARQL queries (read-only), or canned queries.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(query_app, name="query")
