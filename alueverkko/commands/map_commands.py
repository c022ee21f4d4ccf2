"""``alueverkko map``: a collaboration map as a self-contained HTML file, or GEXF or JSON.

    alueverkko map organisation:kainuun-liitto --out kainuu.html --hops 2
    alueverkko map region:kainuu --map region --out kainuu.html
    alueverkko map all --out koko.gexf --format gexf

The HTML file carries its scripts inline, so it opens anywhere, offline; clicking
a node opens the entity page at the ``base_iri`` setting's server.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from alueverkko.errors import AlueverkkoError, InvalidInput

FORMATS = ("html", "gexf", "json")
MAPS = ("entity", "programme", "region", "all")


def register(app: typer.Typer) -> None:
    app.command(name="map")(map_command)


def map_command(
        ctx: typer.Context,
        entity: Annotated[str, typer.Argument(help="Entity id (e.g. region:kainuu), or 'all' for the whole graph.")],
        out: Annotated[Path, typer.Option("--out", "-o", help="File to write.")],
        hops: Annotated[int, typer.Option(help="Relations away from the entity, 1 to 3 (entity maps).")] = 1,
        fmt: Annotated[str, typer.Option("--format", "-f", help="html, gexf or json.")] = "html",
        kind: Annotated[str, typer.Option("--map", help="entity, programme, region or all.")] = "entity",
        kinds: Annotated[str | None, typer.Option(help="Comma-separated node kinds to keep.")] = None,
        types: Annotated[str | None, typer.Option(help="Comma-separated relation types to keep.")] = None,
        years: Annotated[str | None, typer.Option(help="A year or a range, e.g. 2019-2023.")] = None,
        size: Annotated[str, typer.Option(help="Node size by 'degree' or 'budget'.")] = "degree",
        seed: Annotated[int, typer.Option(help="Layout seed; the same seed gives the same picture.")] = 1,
        lang: Annotated[str | None, typer.Option(help="fi or en (default: the language setting).")] = None):
    """Write a collaboration map of ENTITY (or of 'all')."""
    from alueverkko.commands.store_commands import open_store
    from alueverkko.viz import exports, render
    from alueverkko.viz.maps import build_map, parse_filters

    settings = ctx.obj
    _check(fmt, FORMATS, "--format")
    _check(size, ("degree", "budget"), "--size")
    kind = "all" if entity == "all" else kind
    _check(kind, MAPS, "--map")
    lang = lang or settings.language
    _check(lang, ("fi", "en"), "--lang")
    store = open_store(settings, create=False)
    graph = build_map(store, kind, None if kind == "all" else entity, hops=hops,
                      filters=parse_filters(kinds, types, years), budget=settings.map_node_budget,
                      evidence="first" if fmt == "html" else "all", lang=lang)
    view = graph.view(seed=seed, size_by=size, lang=lang, link_base=settings.base_iri,
                      physics_max_nodes=settings.map_physics_max_nodes)
    if fmt == "html":
        data = render.render_html(view, standalone=True).encode("utf-8")
    elif fmt == "gexf":
        data = exports.map_gexf(graph.graph, view)
    else:
        import json
        data = json.dumps(exports.map_json(graph.graph), ensure_ascii=False, indent=1).encode("utf-8")
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise AlueverkkoError(f"Cannot write the map: {exc.strerror}.", where=str(out),
                              fix="Choose a writable output path.") from exc
    note = f"; {view.reduced.note(lang)}" if view.reduced else ""
    typer.echo(f"wrote {out} ({len(view.nodes)} nodes, {len(view.edges)} relations){note}", err=True)


def _check(value: str, allowed: tuple[str, ...], where: str) -> None:
    if value not in allowed:
        raise InvalidInput(f"Unknown value {value!r} for {where}.", where=where, fix=f"Use one of: {', '.join(allowed)}.")
