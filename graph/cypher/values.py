"""Engine values to plain JSON values, the same for FalkorDB and Neo4j.

* a node becomes ``{"id": its id property, "labels": sorted labels, "properties": {...}}``;
* a relationship becomes ``{"type", "start", "end", "properties"}`` where
  ``start`` and ``end`` are the ``id`` properties of its end nodes (engine-internal
  ids differ between engines and between rebuilds, so they never appear);
* a path becomes the list ``[node, relationship, node, ...]``;
* maps keep their entries, keys sorted; lists keep their order; dates and times become ISO 8601 text;
  infinite and not-a-number floats become the strings ``"Infinity"``,
  ``"-Infinity"`` and ``"NaN"`` (JSON has no such numbers).

A relationship's end nodes are often not in the result, so conversion is two
steps: :func:`endpoint_keys` lists the engine ids to look up, the engine looks
them up (one query), and :func:`plain` converts with that mapping.

>>> plain([1, 2.5, "a", None, {"k": float("inf")}], FalkorAdapter(), {})
[1, 2.5, 'a', None, {'k': 'Infinity'}]
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Iterable, Iterator
from typing import Any


class FalkorAdapter:
    """How to take FalkorDB's client objects apart."""

    def __init__(self):
        from falkordb.edge import Edge
        from falkordb.node import Node
        from falkordb.path import Path
        self.Node, self.Edge, self.Path = Node, Edge, Path

    def kind(self, value: Any) -> str | None:
        return ("node" if isinstance(value, self.Node) else "rel" if isinstance(value, self.Edge)
                else "path" if isinstance(value, self.Path) else None)

    def node_key(self, node) -> Any:
        return node.id

    def node_parts(self, node) -> tuple[list[str], dict]:
        labels = node.labels if isinstance(node.labels, list) else [node.labels] if node.labels else []
        return labels, node.properties

    def rel_parts(self, rel) -> tuple[str, Any, Any, dict]:
        return rel.relation, _falkor_key(rel.src_node), _falkor_key(rel.dest_node), rel.properties

    def path_parts(self, path) -> tuple[list, list]:
        return path.nodes(), path.edges()


def _falkor_key(node_or_id) -> Any:
    return node_or_id if isinstance(node_or_id, int) else node_or_id.id


class Neo4jAdapter:
    """How to take the neo4j driver's objects apart."""

    def __init__(self):
        from neo4j.graph import Node, Path, Relationship
        self.Node, self.Relationship, self.Path = Node, Relationship, Path

    def kind(self, value: Any) -> str | None:
        return ("node" if isinstance(value, self.Node) else "rel" if isinstance(value, self.Relationship)
                else "path" if isinstance(value, self.Path) else None)

    def node_key(self, node) -> Any:
        return node.element_id

    def node_parts(self, node) -> tuple[list[str], dict]:
        return list(node.labels), dict(node)

    def rel_parts(self, rel) -> tuple[str, Any, Any, dict]:
        return rel.type, rel.start_node.element_id, rel.end_node.element_id, dict(rel)

    def path_parts(self, path) -> tuple[list, list]:
        return list(path.nodes), list(path.relationships)


def endpoint_keys(rows: Iterable[Iterable[Any]], adapter) -> set:
    """Engine ids of relationship end nodes that the rows do not carry themselves."""
    known, wanted = set(), set()
    for value in _walk(rows, adapter):
        kind = adapter.kind(value)
        if kind == "node":
            known.add(adapter.node_key(value))
        elif kind == "rel":
            _, start, end, _ = adapter.rel_parts(value)
            wanted.update((start, end))
    return wanted - known


def node_ids(rows: Iterable[Iterable[Any]], adapter) -> dict:
    """Engine id -> our ``id`` for every node the rows carry."""
    return {adapter.node_key(v): adapter.node_parts(v)[1].get("id")
            for v in _walk(rows, adapter) if adapter.kind(v) == "node"}


def plain(value: Any, adapter, names: dict) -> Any:
    """One engine value as a plain JSON value; ``names`` maps engine node ids to our ids."""
    kind = adapter.kind(value)
    if kind == "node":
        labels, props = adapter.node_parts(value)
        return {"id": props.get("id"), "labels": sorted(labels), "properties": _plain_map(props, adapter, names)}
    if kind == "rel":
        rel_type, start, end, props = adapter.rel_parts(value)
        return {"type": rel_type, "start": names.get(start), "end": names.get(end),
                "properties": _plain_map(props, adapter, names)}
    if kind == "path":
        nodes, rels = adapter.path_parts(value)
        out = [plain(nodes[0], adapter, names)] if nodes else []
        for rel, node in zip(rels, nodes[1:]):
            out += [plain(rel, adapter, names), plain(node, adapter, names)]
        return out
    return _plain_scalar(value, adapter, names)


def _plain_scalar(value: Any, adapter, names: dict) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else "NaN" if math.isnan(value) else (
            "Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return _plain_map(value, adapter, names)
    if isinstance(value, (list, tuple)):
        return [plain(v, adapter, names) for v in value]
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    if hasattr(value, "iso_format"):  # neo4j.time types
        return value.iso_format()
    return str(value)


def _plain_map(mapping: dict, adapter, names: dict) -> dict:
    """Keys sorted: the engines order map keys differently, JSON output should not."""
    return {str(k): plain(mapping[k], adapter, names) for k in sorted(mapping, key=str)}


def _walk(rows: Iterable[Iterable[Any]], adapter) -> Iterator[Any]:
    stack = [v for row in rows for v in row]
    while stack:
        value = stack.pop()
        kind = adapter.kind(value)
        if kind == "path":
            nodes, rels = adapter.path_parts(value)
            stack.extend(nodes)
            stack.extend(rels)
        elif kind is not None:
            yield value
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, (list, tuple)):
            stack.extend(value)
