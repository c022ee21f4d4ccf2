"""RDF exports: Turtle, N-Triples and JSON-LD files of the whole graph.

The triples are built with rdflib into an rdflib ``Graph`` whose store is
Oxigraph (``oxrdflib``), and written by Oxigraph's streaming serialisers
through rdflib's ``serialize`` (the ``ox-*`` formats): the rdflib API in front,
and a national-scale graph still writes in a minute or two. JSON-LD is written
in expanded form (it streams); the API's JSON-LD answers are compacted.

>>> import tempfile, pathlib, networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("municipality:iitti", kind="Municipality", name="Iitti", aliases=[], attrs={}, evidence=[])
>>> out = pathlib.Path(tempfile.mkdtemp()) / "g.nt"
>>> _ = write_rdf(g, [], "nt", out, "http://x")
>>> '<http://x/id/municipality/iitti> <http://www.w3.org/2000/01/rdf-schema#label> "Iitti" .' in out.read_text()
True
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
from rdflib import Graph

from alueverkko.graph.model import Edge, Evidence, Node
from alueverkko.graph.rdf import mapping
from alueverkko.graph.rdf.namespaces import prefixes

RDF_FORMATS = {"ttl": "ox-turtle", "nt": "ox-nt", "jsonld": "ox-json-ld"}
_BATCH = 100_000


def write_rdf(graph: nx.MultiDiGraph, documents: list[dict[str, str]], fmt: str, out: Path, base_iri: str) -> list[Path]:
    """Write the graph (as :func:`alueverkko.graph.projection.to_networkx` gives it) in ``fmt``."""
    from oxrdflib import OxigraphStore

    rdf = Graph(store=OxigraphStore())
    for name, namespace in prefixes(base_iri).items():
        rdf.bind(name, namespace)
    triples = _triples(graph, documents, base_iri)
    while batch := list(itertools.islice(triples, _BATCH)):
        rdf.addN([(s, p, o, rdf) for s, p, o in batch])
    out = Path(out)
    rdf.serialize(destination=str(out), format=RDF_FORMATS[fmt])
    return [out]


def _triples(graph: nx.MultiDiGraph, documents: list[dict[str, str]], base_iri: str) -> Iterator[tuple]:
    nodes = [_node(node_id, data) for node_id, data in graph.nodes(data=True)]
    edges = [Edge(u, data["type"], v, dict(data.get("attrs", {})), _evidence(data)) for u, v, data in graph.edges(data=True)]
    yield from mapping.vocabulary(base_iri)
    for node_id, node in nodes:
        yield from mapping.node_triples(base_iri, node, node_id)
    for edge in edges:
        yield from mapping.edge_triples(base_iri, edge)
    cited = mapping.documents_of([node for _, node in nodes] + edges)
    for doc in documents:
        if doc["id"] in cited:
            yield from mapping.document_triples(base_iri, doc["id"], doc.get("title", ""), doc.get("source", ""))
    for name, version in mapping.extractors_of([node for _, node in nodes] + edges):
        yield from mapping.extractor_triples(base_iri, name, version)


def _node(node_id: str, data: dict) -> tuple[str, Node]:
    return node_id, Node(data["kind"], data["name"], list(data.get("aliases", [])), dict(data.get("attrs", {})),
                         _evidence(data))


def _evidence(data: dict) -> list[Evidence]:
    fields = ("document_id", "start", "end", "quote", "extractor", "extractor_version", "confidence")
    return [Evidence(**{k: ev[k] for k in fields if k in ev}) for ev in data.get("evidence", [])]
