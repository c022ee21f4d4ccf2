"""What maps read from the canonical store: structure cheaply, details only for what is shown.

``Store.nodes_by_id`` loads every fact with *all* its evidence; a hub cited by
thousands of documents makes that slow, and a map only needs each fact's
first quote and how many there are. So maps read structure (ids, kinds,
degrees, edges among a set of nodes) through :mod:`alueverkko.graph.reads`,
and details (name, the attributes a map draws, aliases, the first evidence
item and the count) only for what is shown, as :func:`subgraph`. Exports,
which promise every piece of evidence, read through the store's public API
instead (``evidence="all"``).

>>> import tempfile, pathlib
>>> from alueverkko.graph.store import Store
>>> from alueverkko.graph.model import Document, Edge, Evidence, Extraction, Node, NodeKind, RelationType
>>> store = Store.open(pathlib.Path(tempfile.mkdtemp()) / "s.sqlite")
>>> ev = Evidence("d1", 0, 6, "Iitti.", "doctest")
>>> _ = store.ingest(Extraction(Document("d1", "T", "t.txt", "Iitti."),
...     [Node(NodeKind.MUNICIPALITY, "Iitti", evidence=[ev]), Node(NodeKind.REGION, "Kymenlaakso", evidence=[ev])],
...     [Edge("municipality:iitti", RelationType.PART_OF, "region:kymenlaakso", evidence=[ev])]))
>>> both = ["municipality:iitti", "region:kymenlaakso"]
>>> g = subgraph(store, both, reads.induced_edges(store, both))
>>> g.nodes["municipality:iitti"]["evidence"][0]["quote"], g.nodes["municipality:iitti"]["evidence_count"]
('Iitti.', 1)
>>> reads.degrees(store)["region:kymenlaakso"]
1
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

import networkx as nx

from alueverkko.graph import reads
from alueverkko.graph.projection import build_graph
from alueverkko.graph.reads import EdgeRow, FirstEvidence

#: The attributes a map draws (years, size by budget); exports read every attribute.
MAP_ATTRIBUTES = ("years", "start", "end", "budget_eur")


# -- details of what a map shows -------------------------------------------------------------
def subgraph(store, node_ids: Iterable[str], edges: Iterable[EdgeRow], *, evidence: str = "first",
             node_degrees: dict[str, int] | None = None) -> nx.MultiDiGraph:
    """The nodes and edges as a MultiDiGraph shaped like ``to_networkx``'s.

    ``evidence="first"`` keeps each fact's first evidence item and its
    ``evidence_count`` (fast, for drawing); ``"all"`` loads every item through
    the store's public API (for exports). ``node_degrees`` (degrees in the
    whole graph) is kept as ``degree`` so sizes show importance beyond the map.
    """
    ids = sorted(set(node_ids))
    wanted = set(ids)
    edges = [e for e in edges if e.source in wanted and e.target in wanted]
    if evidence == "all":
        graph = build_graph(store.nodes_by_id(ids), store.edges_by_id([e.id for e in edges]))
    elif evidence == "first":
        graph = _light_graph(store, ids, edges)
    else:
        raise ValueError("evidence must be 'first' or 'all'")
    for node_id, degree in (node_degrees or {}).items():
        if node_id in graph:
            graph.nodes[node_id]["degree"] = degree
    return graph


def _light_graph(store, ids: list[str], edges: list[EdgeRow]) -> nx.MultiDiGraph:
    found = reads.briefs(store, ids, attrs=False)
    attrs = reads.attributes(store, "node", found, MAP_ATTRIBUTES)
    aliases = reads.aliases(store, found)
    node_ev = reads.first_evidence(store, "node", list(found))
    graph = nx.MultiDiGraph()
    for node_id in ids:
        if node_id not in found:
            continue
        graph.add_node(node_id, kind=found[node_id].kind, name=found[node_id].name, aliases=aliases.get(node_id, []),
                       attrs=attrs.get(node_id, {}), **_evidence_attributes(node_ev.get(node_id)))
    edges = [e for e in edges if e.source in graph and e.target in graph]
    edge_attrs = reads.attributes(store, "edge", [e.id for e in edges], MAP_ATTRIBUTES)
    edge_ev = reads.first_evidence(store, "edge", [e.id for e in edges])
    for e in edges:
        graph.add_edge(e.source, e.target, key=e.type, type=e.type, attrs=edge_attrs.get(e.id, {}),
                       **_evidence_attributes(edge_ev.get(e.id)))
    return graph


def _evidence_attributes(first: FirstEvidence | None) -> dict[str, Any]:
    """A map element's evidence: the first piece as a dict (what the view model and exports read), and the count."""
    if first is None:
        return {"evidence": [], "evidence_count": 0}
    return {"evidence": [asdict(first.evidence)], "evidence_count": first.count}
