"""Projection of the canonical store to a networkx ``MultiDiGraph``.

Nodes carry ``kind``, ``name``, ``aliases``, ``attrs`` and ``evidence``; edges
are keyed by relation type and carry ``type``, ``attrs`` and ``evidence``.
Undirected relations (COLLABORATES_WITH) appear once, from the smaller id.

>>> import networkx as nx
>>> from alueverkko.graph.model import Node, Edge, NodeKind
>>> g = build_graph([Node(NodeKind.MUNICIPALITY, "Iitti")], [])
>>> g.nodes["municipality:iitti"]["kind"]
'Municipality'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict

import networkx as nx

from alueverkko.graph.model import Edge, Evidence, Node


def to_networkx(store) -> nx.MultiDiGraph:
    """The whole store as a MultiDiGraph with every attribute and all evidence."""
    return build_graph(store.iter_nodes(), store.iter_edges())


def build_graph(nodes: Iterable[Node], edges: Iterable[Edge]) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for node in nodes:
        graph.add_node(node.id, kind=node.kind.value, name=node.name, aliases=list(node.aliases),
                       attrs=dict(node.attrs), evidence=[evidence_dict(ev) for ev in node.evidence])
    for edge in edges:
        graph.add_edge(edge.source, edge.target, key=edge.type.value, type=edge.type.value,
                       attrs=dict(edge.attrs), evidence=[evidence_dict(ev) for ev in edge.evidence])
    return graph


def evidence_dict(ev: Evidence) -> dict:
    return asdict(ev)
