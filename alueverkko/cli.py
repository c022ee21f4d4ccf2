"""The ``alueverkko`` command line.

Each stage's commands live in a module of ``alueverkko.commands`` with a
``register(app)`` function; this module only builds the app, holds the global
options and turns domain errors into a message and a non-zero exit code.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from alueverkko.errors import AlueverkkoError
from alueverkko.settings import Settings

COMMAND_MODULES = [
    "alueverkko.commands.evaluate_commands",
    "alueverkko.commands.store_commands",
    "alueverkko.commands.serve_commands",
    "alueverkko.commands.query_group",
    "alueverkko.commands.cypher_commands",
    "alueverkko.commands.sparql_commands",
    "alueverkko.commands.map_commands",
    "alueverkko.commands.partner_commands",
]

app = typer.Typer(help="alueverkko: a knowledge graph of Finnish regional development.",
                  no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False)
err_console = Console(stderr=True)


@app.callback()
def main(ctx: typer.Context,
         data: Annotated[Path | None, typer.Option("--data", help="Data folder (default ./alueverkko-data).")] = None):
    overrides = {"data_dir": data} if data is not None else {}
    ctx.obj = Settings(**overrides)


for _module in COMMAND_MODULES:
    importlib.import_module(_module).register(app)


def run() -> None:
    """Entry point: run the app, printing domain errors without a traceback."""
    try:
        code = app(standalone_mode=False)
    except AlueverkkoError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        err_console.print("aborted")
        sys.exit(130)
    except Exception as exc:  # click's usage errors
        import click
        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        raise
    # Without standalone mode click returns a command's `typer.Exit` code instead of exiting with it.
    if code:
        sys.exit(code)
