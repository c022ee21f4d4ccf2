"""``alueverkko serve``: the HTTP API and browser UI."""

from __future__ import annotations

from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    app.command()(serve)


def serve(ctx: typer.Context,
          host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000):
    """Serve the UI and the API (OpenAPI docs at /docs)."""
    import uvicorn

    from alueverkko.api.app import create_app

    typer.echo(f"alueverkko: serving http://{host}:{port}/ (data in {ctx.obj.data_dir})", err=True)
    uvicorn.run(create_app(ctx.obj), host=host, port=port, log_level="info")
