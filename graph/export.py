"""Exports of the graph: the stable JSON format, GraphML, GEXF and CSV.

The JSON format is a contract other tools read::

    {"format": "alueverkko-graph", "version": 1,
     "documents": [{"id", "title", "source"}],
     "nodes": [{"id", "kind", "name", "aliases", "attrs", "evidence"}],
     "edges": [{"source", "target", "type", "attrs", "evidence"}]}

where each evidence item is ``{"document", "quote", "start", "end",
"extractor", "extractor_version", "confidence"}``. New fields may be added;
none is ever removed or renamed.

>>> data = to_json(build_graph([], []), [])
>>> to_json(*from_json(data)) == data
True
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import networkx as nx

from alueverkko.graph.projection import build_graph  # noqa: F401  (used by the doctest)

FORMAT_NAME = "alueverkko-graph"
FORMAT_VERSION = 1
EXPORT_FORMATS = ("json", "graphml", "gexf", "csv", "ttl", "nt", "jsonld")


def to_json(graph: nx.MultiDiGraph, documents: list[dict[str, str]]) -> dict[str, Any]:
    """The graph in the stable JSON format, sorted so equal graphs give equal JSON."""
    nodes = [{"id": nid, "kind": d["kind"], "name": d["name"], "aliases": sorted(d.get("aliases", [])),
              "attrs": d.get("attrs", {}), "evidence": [_evidence_out(ev) for ev in d.get("evidence", [])]}
             for nid, d in sorted(graph.nodes(data=True))]
    edges = [{"source": u, "target": v, "type": d["type"], "attrs": d.get("attrs", {}),
              "evidence": [_evidence_out(ev) for ev in d.get("evidence", [])]}
             for u, v, _, d in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1]))]
    docs = sorted(({"id": d["id"], "title": d["title"], "source": d["source"]} for d in documents),
                  key=lambda d: d["id"])
    return {"format": FORMAT_NAME, "version": FORMAT_VERSION, "documents": docs, "nodes": nodes, "edges": edges}


def from_json(data: dict[str, Any]) -> tuple[nx.MultiDiGraph, list[dict[str, str]]]:
    """Read the JSON format back into a MultiDiGraph and its document list."""
    if data.get("format", FORMAT_NAME) != FORMAT_NAME or data.get("version", 1) > FORMAT_VERSION:
        raise ValueError(f"not an alueverkko graph of version <= {FORMAT_VERSION}")
    documents = list(data.get("documents", []))
    titles = {d["id"]: d for d in documents}
    graph = nx.MultiDiGraph()
    for node in data["nodes"]:
        graph.add_node(node["id"], kind=node["kind"], name=node["name"], aliases=list(node["aliases"]),
                       attrs=dict(node["attrs"]), evidence=[_evidence_in(ev, titles) for ev in node.get("evidence", [])])
    for edge in data["edges"]:
        graph.add_edge(edge["source"], edge["target"], key=edge["type"], type=edge["type"], attrs=dict(edge["attrs"]),
                       evidence=[_evidence_in(ev, titles) for ev in edge.get("evidence", [])])
    return graph, documents


def _evidence_out(ev: dict[str, Any]) -> dict[str, Any]:
    return {"document": ev["document_id"], "quote": ev["quote"], "start": ev["start"], "end": ev["end"],
            "extractor": ev["extractor"], "extractor_version": ev.get("extractor_version", "0"),
            "confidence": ev.get("confidence", 1.0)}


def _evidence_in(ev: dict[str, Any], documents: dict[str, dict]) -> dict[str, Any]:
    doc = documents.get(ev["document"], {})
    return {"document_id": ev["document"], "start": ev["start"], "end": ev["end"], "quote": ev["quote"],
            "extractor": ev["extractor"], "extractor_version": ev.get("extractor_version", "0"),
            "confidence": ev.get("confidence", 1.0), "document_title": doc.get("title", ""),
            "source_path": doc.get("source", "")}


def flat_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with only scalar attributes, as GraphML and GEXF (Gephi) need.

    Known attributes become their own columns (``attr_budget_eur``); lists and
    evidence become JSON text so nothing is lost.
    """
    flat = nx.MultiDiGraph()
    for nid, d in graph.nodes(data=True):
        flat.add_node(nid, label=d["name"], kind=d["kind"], aliases="|".join(d.get("aliases", [])),
                      evidence_count=len(d.get("evidence", [])), **_flat_attrs(d.get("attrs", {})))
    for u, v, k, d in graph.edges(keys=True, data=True):
        docs = sorted({ev["document_id"] for ev in d.get("evidence", [])})
        flat.add_edge(u, v, key=k, type=d["type"], label=d["type"], documents="|".join(docs),
                      evidence_count=len(d.get("evidence", [])), **_flat_attrs(d.get("attrs", {})))
    return flat


def _flat_attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in attrs.items():
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            value = json.dumps(value, ensure_ascii=False)
        out[f"attr_{key}"] = value
    return out


def write_export(graph: nx.MultiDiGraph, documents: list[dict[str, str]], fmt: str, out: Path,
                 base_iri: str | None = None) -> list[Path]:
    """Write ``graph`` to ``out`` in ``fmt``; returns the files written.

    ``ttl``, ``nt`` and ``jsonld`` are RDF (see docs/rdf.md), with identifiers under
    ``base_iri`` (default: the configured base IRI).
    """
    out = Path(out)
    if fmt in ("ttl", "nt", "jsonld"):
        from alueverkko.graph.rdf.export import write_rdf
        from alueverkko.settings import get_settings
        return write_rdf(graph, documents, fmt, out, base_iri or get_settings().base_iri)
    if fmt == "json":
        out.write_text(json.dumps(to_json(graph, documents), ensure_ascii=False, indent=1), encoding="utf-8")
        return [out]
    if fmt == "graphml":
        nx.write_graphml(flat_graph(graph), out, named_key_ids=True)
        return [out]
    if fmt == "gexf":
        nx.write_gexf(flat_graph(graph), out)
        return [out]
    if fmt == "csv":
        return _write_csv(graph, out)
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")


def _write_csv(graph: nx.MultiDiGraph, folder: Path) -> list[Path]:
    """Two files, nodes.csv and edges.csv, in the folder ``out``."""
    folder.mkdir(parents=True, exist_ok=True)
    data = to_json(graph, [])
    nodes_path, edges_path = folder / "nodes.csv", folder / "edges.csv"
    with nodes_path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "kind", "name", "aliases", "attrs", "documents"])
        for n in data["nodes"]:
            writer.writerow([n["id"], n["kind"], n["name"], "|".join(n["aliases"]),
                             json.dumps(n["attrs"], ensure_ascii=False), _documents(n["evidence"])])
    with edges_path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["source", "target", "type", "attrs", "documents", "quotes"])
        for e in data["edges"]:
            writer.writerow([e["source"], e["target"], e["type"], json.dumps(e["attrs"], ensure_ascii=False),
                             _documents(e["evidence"]), " | ".join(ev["quote"] for ev in e["evidence"])])
    return [nodes_path, edges_path]


def _documents(evidence: list[dict]) -> str:
    return "|".join(sorted({ev["document"] for ev in evidence}))
