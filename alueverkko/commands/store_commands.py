"""Commands over the canonical store: ingest, documents, remove, stats, export."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from alueverkko.errors import AlueverkkoError, InvalidInput
from alueverkko.settings import Settings

console = Console()
err_console = Console(stderr=True)


def open_store(settings: Settings, *, create: bool = True):
    from alueverkko.graph.store import Store
    return Store.open(settings.store_path, create=create)


def register(app: typer.Typer) -> None:
    app.command()(ingest)
    app.command()(documents)
    app.command()(remove)
    app.command()(stats)
    app.command()(export)


def ingest(ctx: typer.Context,
           paths: Annotated[list[Path], typer.Argument(help="Files or folders to ingest.")],
           as_json: Annotated[bool, typer.Option("--json", help="Print a JSON report.")] = False):
    """Read documents, extract their facts and store them (one transaction per document)."""
    from alueverkko.ingest.files import collect_files
    from alueverkko.ingest.runner import ingest_files

    settings: Settings = ctx.obj
    files = collect_files(paths)
    store = open_store(settings)
    with _progress() as progress:
        task = progress.add_task("ingesting", total=len(files))
        report = ingest_files(store, files, settings=settings,
                              on_file=lambda path: progress.update(task, advance=1, description=path.name[:40]))
    if as_json:
        print_json(report.to_dict())
    else:
        _print_report(report)
    if report.failed:
        raise typer.Exit(1)


def documents(ctx: typer.Context,
              as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False):
    """List stored documents."""
    docs = open_store(ctx.obj).documents()
    if as_json:
        print_json([asdict(d) for d in docs])
        return
    table = Table("id", "title", "source", "nodes", "edges")
    for d in docs:
        table.add_row(d.id[:12], d.title[:50], d.source_path, str(d.nodes), str(d.edges))
    console.print(table)


def remove(ctx: typer.Context, document: Annotated[str, typer.Argument(help="Document id, id prefix or source path.")]):
    """Remove a document and the facts no other document supports."""
    info = open_store(ctx.obj, create=False).remove_document(document)
    console.print(f"removed {info.id[:12]} {info.source_path}")


def stats(ctx: typer.Context):
    """Counts of documents, nodes by kind and edges by type."""
    print_json(open_store(ctx.obj).stats())


def export(ctx: typer.Context,
           out: Annotated[Path, typer.Argument(help="Output file (a folder for csv).")],
           fmt: Annotated[str, typer.Option("--format", "-f", help="json, graphml, gexf or csv.")] = "json"):
    """Export the whole graph."""
    from alueverkko.graph.export import EXPORT_FORMATS, write_export
    from alueverkko.graph.projection import to_networkx

    if fmt not in EXPORT_FORMATS:
        raise InvalidInput(f"Unknown export format {fmt!r}.", where="--format",
                           fix=f"Use one of: {', '.join(EXPORT_FORMATS)}.")
    store = open_store(ctx.obj)
    docs = [{"id": d.id, "title": d.title, "source": d.source_path} for d in store.documents()]
    try:
        written = write_export(to_networkx(store), docs, fmt, out)
    except OSError as exc:
        raise AlueverkkoError(f"Cannot write the export: {exc.strerror}.", where=str(out),
                              fix="Choose a writable output path.") from exc
    for path in written:
        console.print(f"wrote {path}")


def print_json(data) -> None:
    """Machine-readable output: plain JSON on stdout, never wrapped or coloured."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err_console, transient=True)


def _print_report(report) -> None:
    for item in report.items:
        if item.error:
            err_console.print(f"[red]failed[/]    {item.path}: {item.error}", highlight=False)
        else:
            console.print(f"{item.status:<10} {item.path} ({item.nodes} nodes, {item.edges} edges)", highlight=False)
        for warning in item.warnings:
            err_console.print(f"[yellow]warning[/]   {item.path}: {warning}", highlight=False)
    console.print(f"{report.summary()}", highlight=False)
