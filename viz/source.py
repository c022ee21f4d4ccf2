"""What maps read from the canonical store: structure cheaply, details only for what is shown.

``Store.nodes_by_id`` loads every fact with *all* its evidence; a hub cited by
thousands of documents makes that slow, and a map only needs each fact's
first quote and how many there are. So maps read structure (ids, kinds,
degrees, edges among a set of nodes) with a few read-only SQL statements
through the store's own connection, and details (name, the attributes a map
draws, aliases, the first evidence item and the count) only for what is shown.
Exports, which promise every piece of evidence, read through the store's
public API instead (``evidence="all"``).

Like ``graph/reads.py``, this module knows the store's table layout; its
statements only read, and are candidates to move into ``graph/`` too.
Long id lists travel as one JSON parameter (``json_each``), not thousands of
placeholders.

>>> import tempfile, pathlib
>>> from alueverkko.graph.store import Store
>>> from alueverkko.graph.model import Document, Edge, Evidence, Extraction, Node, NodeKind, RelationType
>>> store = Store.open(pathlib.Path(tempfile.mkdtemp()) / "s.sqlite")
>>> ev = Evidence("d1", 0, 6, "Iitti.", "doctest")
>>> _ = store.ingest(Extraction(Document("d1", "T", "t.txt", "Iitti."),
...     [Node(NodeKind.MUNICIPALITY, "Iitti", evidence=[ev]), Node(NodeKind.REGION, "Kymenlaakso", evidence=[ev])],
...     [Edge("municipality:iitti", RelationType.PART_OF, "region:kymenlaakso", evidence=[ev])]))
>>> g = subgraph(store, ["municipality:iitti", "region:kymenlaakso"], induced_edges(store, ["municipality:iitti", "region:kymenlaakso"]))
>>> g.nodes["municipality:iitti"]["evidence"][0]["quote"], g.nodes["municipality:iitti"]["evidence_count"]
('Iitti.', 1)
>>> degrees(store)["region:kymenlaakso"]
1
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from typing import Any, NamedTuple

import networkx as nx

from alueverkko.graph.projection import build_graph
from alueverkko.graph.reads import FirstEvidence, chunks, first_evidence, placeholders

_CHUNK = 500
_BIG_CHUNK = 5000
#: The attributes a map draws (years, size by budget); exports read every attribute.
MAP_ATTRIBUTES = ("years", "start", "end", "budget_eur")


class EdgeRow(NamedTuple):
    id: str
    source: str
    target: str
    type: str


# -- structure ---------------------------------------------------------------------------
def node_kinds(store, kinds: Iterable[str] | None = None) -> dict[str, str]:
    """Id -> kind of every node (of the given kinds)."""
    kinds = sorted(set(kinds or ()))
    if kinds:
        rows = store._read(f"SELECT id, kind FROM nodes WHERE kind IN ({placeholders(kinds)})", kinds)
    else:
        rows = store._read("SELECT id, kind FROM nodes")
    return dict(rows)


def degrees(store, ids: Iterable[str] | None = None, types: Iterable[str] | None = None) -> Counter:
    """Relations per node (in and out), over the whole graph or for ``ids``; only nodes with any."""
    types = sorted(set(types or ()))
    where = f" AND type IN ({placeholders(types)})" if types else ""
    counts: Counter = Counter()
    for end in ("source", "target"):
        if ids is None:
            counts.update(dict(store._read(f"SELECT {end}, count(*) FROM edges WHERE 1{where} GROUP BY {end}",
                                           types)))
            continue
        for chunk in chunks(sorted(set(ids)), 5000):
            counts.update(dict(store._read(
                f"SELECT {end}, count(*) FROM edges WHERE {end} IN (SELECT value FROM json_each(?)){where} "
                f"GROUP BY {end}", [json.dumps(chunk), *types])))
    return counts


def neighbour_edges(store, ids: Iterable[str], types: Iterable[str] | None = None) -> list[EdgeRow]:
    """Edges with either end among ``ids`` (of the given types), without evidence, sorted by id."""
    types = sorted(set(types or ()))
    where = f" AND type IN ({placeholders(types)})" if types else ""
    found: dict[str, EdgeRow] = {}
    for chunk in chunks(sorted(set(ids)), _BIG_CHUNK):
        for end in ("source", "target"):
            rows = store._read(f"SELECT id, source, target, type FROM edges "
                               f"WHERE {end} IN (SELECT value FROM json_each(?)){where}", [json.dumps(chunk), *types])
            found.update((row[0], EdgeRow(*row)) for row in rows)
    return [found[k] for k in sorted(found)]


def kinds_of(store, ids: Iterable[str]) -> dict[str, str]:
    """Id -> kind of the given nodes that exist."""
    found: dict[str, str] = {}
    for chunk in chunks(sorted(set(ids)), _BIG_CHUNK):
        found.update(store._read("SELECT id, kind FROM nodes WHERE id IN (SELECT value FROM json_each(?))",
                                 [json.dumps(chunk)]))
    return found


def names_of(store, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Id -> (kind, name) of the given nodes that exist."""
    found: dict[str, tuple[str, str]] = {}
    for chunk in chunks(sorted(set(ids)), _BIG_CHUNK):
        for node_id, kind, name in store._read(
                "SELECT id, kind, name FROM nodes WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(chunk)]):
            found[node_id] = (kind, name)
    return found


def aliases_of(store, ids: Iterable[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for chunk in chunks(sorted(set(ids)), _BIG_CHUNK):
        for node_id, alias in store._read(
                "SELECT DISTINCT node_id, alias FROM node_aliases WHERE node_id IN (SELECT value FROM json_each(?)) "
                "ORDER BY node_id, alias", [json.dumps(chunk)]):
            found.setdefault(node_id, []).append(alias)
    return found


def attrs_of(store, item: str, ids: Iterable[str], keys: Iterable[str] = MAP_ATTRIBUTES) -> dict[str, dict[str, Any]]:
    """The named attributes of nodes or edges; the most recently ingested document's value wins, as in the store."""
    table, column = {"node": ("node_attrs", "node_id"), "edge": ("edge_attrs", "edge_id")}[item]
    keys = sorted(set(keys))
    merged: dict[str, dict[str, Any]] = {}
    for chunk in chunks(sorted(set(ids)), _BIG_CHUNK):
        rows = store._read(
            f"""SELECT a.{column}, a.key, a.value FROM {table} a JOIN documents d ON d.id = a.document_id
                WHERE a.{column} IN (SELECT value FROM json_each(?)) AND a.key IN ({placeholders(keys)})
                ORDER BY d.ingested_at, d.id""", [json.dumps(chunk), *keys])
        for fact_id, key, value in rows:
            merged.setdefault(fact_id, {})[key] = json.loads(value)
    return merged


def induced_edges(store, ids: Iterable[str], types: Iterable[str] | None = None) -> list[EdgeRow]:
    """Edges with both ends among ``ids``, sorted by id: one statement, run by SQLite's indexes."""
    chosen = json.dumps(sorted(set(ids)))
    types = sorted(set(types or ()))
    where = f" AND type IN ({placeholders(types)})" if types else ""
    rows = store._read(
        "SELECT id, source, target, type FROM edges WHERE source IN (SELECT value FROM json_each(?)) "
        f"AND target IN (SELECT value FROM json_each(?)){where} ORDER BY id", [chosen, chosen, *types])
    return [EdgeRow(*row) for row in rows]


def year_attrs(store) -> dict[str, dict]:
    """The year-bearing attributes (years, start, end) of every node that has any."""
    merged: dict[str, dict] = {}
    for node_id, key, value in store._read(
            """SELECT a.node_id, a.key, a.value FROM node_attrs a JOIN documents d ON d.id = a.document_id
               WHERE a.key IN ('years', 'start', 'end') ORDER BY d.ingested_at, d.id"""):
        merged.setdefault(node_id, {})[key] = json.loads(value)
    return merged


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
    found = names_of(store, ids)
    attrs = attrs_of(store, "node", found)
    aliases = aliases_of(store, found)
    node_ev = first_evidence(store, "node", list(found))
    graph = nx.MultiDiGraph()
    for node_id in ids:
        if node_id not in found:
            continue
        kind, name = found[node_id]
        graph.add_node(node_id, kind=kind, name=name, aliases=aliases.get(node_id, []), attrs=attrs.get(node_id, {}),
                       **_evidence_attributes(node_ev.get(node_id)))
    edges = [e for e in edges if e.source in graph and e.target in graph]
    edge_attrs = attrs_of(store, "edge", [e.id for e in edges])
    edge_ev = first_evidence(store, "edge", [e.id for e in edges])
    for e in edges:
        graph.add_edge(e.source, e.target, key=e.type, type=e.type, attrs=edge_attrs.get(e.id, {}),
                       **_evidence_attributes(edge_ev.get(e.id)))
    return graph


def _evidence_attributes(first: FirstEvidence | None) -> dict[str, Any]:
    """A map element's evidence: the first piece as a dict (what the view model and exports read), and the count."""
    if first is None:
        return {"evidence": [], "evidence_count": 0}
    return {"evidence": [asdict(first.evidence)], "evidence_count": first.count}
