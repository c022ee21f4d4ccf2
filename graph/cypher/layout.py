"""The property-graph layout both Cypher engines hold, so every query is portable.

A store node becomes a node with two labels, ``Entity`` and its kind
(``Municipality``, ``Organisation`` ...), and the properties ``id``, ``name``,
``kind``, ``aliases`` (a list), the known attributes flattened (``start``,
``end``, ``years``, ``budget_eur``, ``email`` ...) and its evidence as parallel
lists (``evidence_documents``, ``evidence_quotes``, ``evidence_starts`` ...: the
i-th entry of each list describes the i-th piece of evidence). A store edge
becomes a relationship of its relation type with ``id``, its known attributes
and the same evidence lists. Undirected relations (``COLLABORATES_WITH``) are
stored once, from the smaller id to the larger; query them without an arrow.

>>> from alueverkko.graph.model import Evidence, Node, NodeKind
>>> ev = Evidence("d1", 0, 7, "Kouvola", "rules", "2", 0.75)
>>> props = node_properties(Node(NodeKind.MUNICIPALITY, "Kouvola", ["Kouvolan kaupunki"], {"url": "https://kouvola.fi"}, [ev]))
>>> props["id"], props["kind"], props["aliases"], props["url"]
('municipality:kouvola', 'Municipality', ['Kouvolan kaupunki'], 'https://kouvola.fi')
>>> props["evidence_quotes"], props["evidence_confidences"], props["evidence_count"]
(['Kouvola'], [0.75], 1)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from alueverkko.graph.model import KNOWN_ATTRIBUTES, Edge, Evidence, Node, NodeKind, RelationType

#: The label every projected node has besides its kind; ``Entity.id`` is unique and indexed.
ENTITY = "Entity"
#: The label of the one bookkeeping node (cursor, store identity); never an entity.
META = "AlueverkkoMeta"
#: Bumped whenever the layout or its indexes change: a projection with another version is rebuilt.
LAYOUT_VERSION = 4  # 4: Neo4j text-indexes search_text on every kind label
#: A node property the engine derives while projecting: its name and aliases lower-cased, one a
#: line (see :data:`alueverkko.graph.cypher.statements.SET_SEARCH_TEXT`); what ``search`` scans.
SEARCH_TEXT = "search_text"

KIND_LABELS = tuple(kind.value for kind in NodeKind)
RELATION_TYPES = tuple(rel.value for rel in RelationType)

EVIDENCE_FIELDS = {
    "evidence_documents": lambda ev: ev.document_id,
    "evidence_starts": lambda ev: ev.start,
    "evidence_ends": lambda ev: ev.end,
    "evidence_quotes": lambda ev: ev.quote,
    "evidence_extractors": lambda ev: ev.extractor,
    "evidence_extractor_versions": lambda ev: ev.extractor_version,
    "evidence_confidences": lambda ev: float(ev.confidence),
}


def node_properties(node: Node) -> dict[str, Any]:
    """All properties of a projected node."""
    props: dict[str, Any] = {"id": node.id, "name": node.name, "kind": node.kind.value,
                             "aliases": sorted(set(node.aliases))}
    props.update(attribute_properties(node.attrs))
    props.update(evidence_properties(node.evidence))
    return props


def edge_properties(edge: Edge) -> dict[str, Any]:
    """All properties of a projected relationship."""
    props: dict[str, Any] = {"id": edge.id}
    props.update(attribute_properties(edge.attrs))
    props.update(evidence_properties(edge.evidence))
    return props


def attribute_properties(attrs: dict[str, Any]) -> dict[str, Any]:
    """Known attributes as properties; values neither engine can store, and unknown keys, go to ``attrs_json``.

    >>> attribute_properties({"years": [2021, 2022], "budget_eur": 1200, "colour": "red"})
    {'years': [2021, 2022], 'budget_eur': 1200, 'attrs_json': '{"colour": "red"}'}
    """
    props, rest = {}, {}
    for key, value in attrs.items():
        if key in KNOWN_ATTRIBUTES and storable(value):
            props[key] = value
        elif value is not None:
            rest[key] = value
    if rest:
        props["attrs_json"] = json.dumps(rest, ensure_ascii=False, sort_keys=True)
    return props


def storable(value: Any) -> bool:
    """A scalar, or a non-empty list of scalars of one type: what Neo4j and FalkorDB both store.

    >>> storable("x"), storable([1, 2]), storable([1, "a"]), storable({"a": 1}), storable([])
    (True, True, False, False, False)
    """
    if isinstance(value, (str, bool, int, float)):
        return True
    if isinstance(value, list) and value:
        types = {type(v) for v in value}
        return len(types) == 1 and types.pop() in (str, bool, int, float)
    return False


def evidence_properties(evidence: list[Evidence]) -> dict[str, Any]:
    props: dict[str, Any] = {name: [get(ev) for ev in evidence] for name, get in EVIDENCE_FIELDS.items()}
    props["evidence_count"] = len(evidence)
    return props


def node_row(node: Node) -> dict[str, Any]:
    return {"id": node.id, "props": node_properties(node)}


def edge_row(edge: Edge) -> dict[str, Any]:
    return {"source": edge.source, "target": edge.target, "props": edge_properties(edge)}


def edge_endpoints(edge_id: str) -> tuple[str, str, str]:
    """Source, type and target of an edge id (node ids never contain ``|``).

    >>> edge_endpoints("organisation:a|FUNDS|project:b")
    ('organisation:a', 'FUNDS', 'project:b')
    """
    source, relation, target = edge_id.split("|")
    return source, relation, target


def grouped_batches(items: Iterable[tuple[str, dict]], size: int) -> Iterator[tuple[str, list[dict]]]:
    """``(group, row)`` pairs to ``(group, rows)`` batches of at most ``size`` rows per group.

    >>> list(grouped_batches([("A", 1), ("B", 2), ("A", 3)], 2))
    [('A', [1, 3]), ('B', [2])]
    """
    buffers: dict[str, list] = {}
    for group, row in items:
        buffer = buffers.setdefault(group, [])
        buffer.append(row)
        if len(buffer) >= size:
            yield group, buffer
            buffers[group] = []
    for group, buffer in buffers.items():
        if buffer:
            yield group, buffer
