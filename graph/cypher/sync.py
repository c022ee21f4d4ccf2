"""How a Cypher engine catches up with the canonical store (the projection contract).

The engine keeps its state on one ``:AlueverkkoMeta`` node beside the data:
the cursor (the last store change applied), the identity of the store it was
built from and the layout version. :func:`sync_projection` then

* rebuilds everything when there is no state (a fresh or crashed engine, a
  half-finished rebuild), when the state names another store or layout, when
  the cursor is ahead of the store, or when the log says ``('all', '*')``;
* otherwise applies only the nodes and edges the change log names: each is
  upserted from the store if it still exists there, deleted if not.

Applying a change twice is harmless, so a crash between writing data and
writing the cursor is repaired by the next sync. A rebuild writes the state
last, so a half-finished rebuild is redone.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from alueverkko.graph.cypher import statements as st
from alueverkko.graph.cypher.layout import LAYOUT_VERSION, edge_endpoints, edge_row, grouped_batches, node_row


@dataclass(frozen=True, slots=True)
class State:
    cursor: int
    store: str
    layout: int = LAYOUT_VERSION


class SyncTarget(Protocol):
    """What an engine offers the sync: a few writes and its bookkeeping node."""

    batch_size: int

    def read_state(self) -> State | None: ...

    def write_state(self, state: State) -> None: ...

    def clear(self) -> None:
        """Remove every projected node, relationship and the state."""

    def ensure_schema(self) -> None:
        """Create the constraints and indexes (idempotent)."""

    def write(self, statement: str, params: dict) -> None: ...


def store_identity(store) -> str:
    """Which store a projection was built from: its path and the file's inode.

    A store deleted and created again at the same path gets a new inode, so its
    projection is rebuilt even when the change counters happen to match.
    """
    path = os.path.realpath(store.path)
    return f"{path}#{os.stat(path).st_ino}"


def sync_projection(target: SyncTarget, store) -> int:
    """Bring ``target`` up to date with ``store``; return the new cursor."""
    identity = store_identity(store)
    state = target.read_state()
    last = store.last_change()
    if _needs_rebuild(state, identity, last):
        return rebuild(target, store, identity)
    if state.cursor == last:
        return last
    changes = store.changes_since(state.cursor)
    if not changes:
        return state.cursor
    if any(change.item_kind == "all" for change in changes):
        return rebuild(target, store, identity)
    apply_changes(target, store, {c.item_id for c in changes if c.item_kind == "node"},
                  {c.item_id for c in changes if c.item_kind == "edge"})
    cursor = changes[-1].seq
    target.write_state(State(cursor, identity))
    return cursor


def _needs_rebuild(state: State | None, identity: str, last: int) -> bool:
    return (state is None or state.store != identity or state.layout != LAYOUT_VERSION
            or state.cursor is None or state.cursor > last)


def rebuild(target: SyncTarget, store, identity: str) -> int:
    """Clear the engine and load the whole store; the state is written last."""
    cursor = store.last_change()
    target.clear()
    target.ensure_schema()
    _write_groups(target, st.create_nodes, ((n.kind.value, node_row(n)) for n in store.iter_nodes()))
    _write_groups(target, st.create_edges, ((e.type.value, edge_row(e)) for e in store.iter_edges()))
    target.write_state(State(cursor, identity))
    return cursor


def apply_changes(target: SyncTarget, store, node_ids: set[str], edge_ids: set[str]) -> None:
    """Upsert what still exists in the store, delete what does not: edges first, then nodes."""
    nodes = store.nodes_by_id(sorted(node_ids))
    edges = store.edges_by_id(sorted(edge_ids))
    gone_edges = sorted(edge_ids - {e.id for e in edges})
    gone_nodes = sorted(node_ids - {n.id for n in nodes})
    _write_groups(target, st.delete_edges, (_gone_edge_row(edge_id) for edge_id in gone_edges))
    for start in range(0, len(gone_nodes), target.batch_size):
        target.write(st.DELETE_NODES, {"ids": gone_nodes[start:start + target.batch_size]})
    _write_groups(target, st.merge_nodes, ((n.kind.value, node_row(n)) for n in nodes))
    _write_groups(target, st.merge_edges, ((e.type.value, edge_row(e)) for e in edges))


def _gone_edge_row(edge_id: str) -> tuple[str, dict]:
    source, relation, target = edge_endpoints(edge_id)
    return relation, {"source": source, "target": target}


def _write_groups(target: SyncTarget, statement, pairs: Iterable[tuple[str, dict]]) -> None:
    for group, rows in grouped_batches(pairs, target.batch_size):
        target.write(statement(group), {"rows": rows})
