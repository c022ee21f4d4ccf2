"""A map's subgraph as files: GEXF for Gephi (with the map's positions, colours and sizes)
and the stable alueverkko JSON format (``graph/export.py``).

Exports promise every piece of evidence, so they are built from a map read with
``evidence="all"``.

>>> from alueverkko.graph.model import Node, NodeKind
>>> from alueverkko.graph.projection import build_graph
>>> from alueverkko.viz.view import build_view
>>> g = build_graph([Node(NodeKind.REGION, "Kainuu")], [])
>>> b"<viz:position" in map_gexf(g, build_view(g, title="Kainuu"))
True
>>> map_json(g)["nodes"][0]["name"]
'Kainuu'
"""

from __future__ import annotations

import io
from typing import Any

import networkx as nx

from alueverkko.graph.export import flat_graph, to_json
from alueverkko.viz.view import MapView

EXPORT_FORMATS = ("gexf", "json")
MEDIA_TYPES = {"gexf": "application/gexf+xml", "json": "application/json"}


def documents_of(graph: nx.MultiDiGraph) -> list[dict[str, str]]:
    """The documents the graph's evidence cites, as the JSON format lists them."""
    found: dict[str, dict[str, str]] = {}
    items = [d for _, d in graph.nodes(data=True)] + [d for _, _, d in graph.edges(data=True)]
    for d in items:
        for ev in d.get("evidence", []):
            found.setdefault(ev["document_id"], {"id": ev["document_id"], "title": ev.get("document_title", ""),
                                                 "source": ev.get("source_path", "")})
    return list(found.values())


def map_json(graph: nx.MultiDiGraph) -> dict[str, Any]:
    return to_json(graph, documents_of(graph))


def map_gexf(graph: nx.MultiDiGraph, view: MapView) -> bytes:
    flat = flat_graph(graph)
    for node in view.nodes:
        if node.id in flat:
            flat.nodes[node.id]["viz"] = {"position": {"x": node.x, "y": -node.y, "z": 0.0}, "size": node.size,
                                          "color": {**_rgb(node.color), "a": 1.0}}
    out = io.BytesIO()
    nx.write_gexf(flat, out)
    return out.getvalue()


def _rgb(colour: str) -> dict[str, int]:
    colour = colour.lstrip("#")
    return {"r": int(colour[0:2], 16), "g": int(colour[2:4], 16), "b": int(colour[4:6], 16)}
