"""The RDF projection: the canonical store kept in step in an on-disk Oxigraph store.

Each node, relation, document and extractor is described in its own named
graph (named by its IRI), so "delete its triples and add its current state" is
one ``remove_graph`` and one ``extend``. Queries see the union of all graphs.
``sync`` follows the store's change log from the cursor kept in the RDF store
itself; an ``('all', '*')`` change, a missing cursor, a new base IRI or a new
mapping version mean a full rebuild.

>>> import tempfile, pathlib
>>> from alueverkko.settings import Settings
>>> from alueverkko.graph.store import Store
>>> settings = Settings(data_dir=pathlib.Path(tempfile.mkdtemp()))
>>> projection = RdfProjection(settings)
>>> projection.sync(Store.open(settings.store_path))
0
>>> projection.snapshot(Store.open(settings.store_path)).cursor
0
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import PROV

from alueverkko.errors import BackendUnavailable
from alueverkko.graph.model import Edge, Node
from alueverkko.graph.reads import document_heads
from alueverkko.graph.rdf import mapping
from alueverkko.graph.rdf.convert import named, quads
from alueverkko.graph.rdf.disk import LiveStore, Meta, RdfDisk, Snapshot, read_meta, write_meta
from alueverkko.graph.rdf.identifiers import document_iri, entity_iri, extractor_iri, relation_iri
from alueverkko.graph.rdf.namespaces import clean_base
from alueverkko.settings import Settings

log = logging.getLogger("alueverkko.rdf")

#: Bump when the mapping changes: every store is then rebuilt on its next sync.
MAPPING_VERSION = "1"
#: Compact the live store (RocksDB) after a rebuild and after this many incremental syncs:
#: a freshly bulk-loaded or often-patched store answers several times slower until compacted.
OPTIMISE_EVERY = 100
_BATCH = 200_000
_DERIVED_FROM = named(str(PROV.wasDerivedFrom))
_ATTRIBUTED_TO = named(str(PROV.wasAttributedTo))


class RdfProjection:
    """Registered as ``rdf`` in :data:`alueverkko.graph.projections.REGISTRY`."""

    name = "rdf"

    def __init__(self, settings: Settings, *, lock_wait_s: float = 30.0):
        self.base = clean_base(settings.base_iri)
        self.disk = RdfDisk(Path(settings.data_dir) / "rdf")
        self.fingerprint = hashlib.sha256(f"{self.base}\n{MAPPING_VERSION}".encode()).hexdigest()[:10]
        self.lock_wait_s = lock_wait_s
        self.in_use: set[Path] = set()  # snapshots this process's query workers have open

    # -- the projection contract --------------------------------------------------
    def sync(self, store) -> int:
        """Apply the store's changes since the cursor; return the new cursor."""
        with self.disk.writer(self.lock_wait_s) as live:
            meta = read_meta(live.store)
            changes = [] if meta is None else store.changes_since(meta.cursor)
            if (meta is None or meta.fingerprint != self.fingerprint or meta.cursor > store.last_change()
                    or any(change.item_kind == "all" for change in changes)):
                cursor, pending = self._rebuild(live, store), OPTIMISE_EVERY
            else:
                cursor = self._apply(live, store, changes) if changes else meta.cursor
                pending = meta.syncs_since_optimise + bool(changes)
            optimised = pending >= OPTIMISE_EVERY
            if optimised:
                _optimise(live)
                pending = 0
            write_meta(live.store, cursor, self.fingerprint, pending)
            newest = self.disk.newest_snapshot(self.fingerprint)
            if newest is None or newest.cursor != cursor or optimised:
                self.disk.take_snapshot(live, Meta(cursor, self.fingerprint))
        self.disk.collect_garbage(self.fingerprint, self.in_use)
        return cursor

    def snapshot(self, store) -> Snapshot:
        """The newest snapshot, synced first when the store has moved on: what queries read."""
        newest = self.disk.newest_snapshot(self.fingerprint)
        if newest is not None and newest.cursor == store.last_change():
            return newest
        try:
            self.sync(store)
        except BackendUnavailable as busy:
            if newest is None:
                raise
            # The message says who holds the writer: another sync in this process or another process.
            log.warning("RDF sync not run now (%s); answering from snapshot %s", busy.message, newest.path.name)
        newest = self.disk.newest_snapshot(self.fingerprint)
        if newest is None:
            raise BackendUnavailable("The RDF store has no snapshot yet.", fix="Try again in a moment.")
        return newest

    # -- full rebuild ---------------------------------------------------------------
    def _rebuild(self, live: LiveStore, store) -> int:
        started = time.perf_counter()
        cursor = store.last_change()  # read first: changes made during the rebuild are applied next time
        live.reset()
        cited_documents: set[str] = set()
        extractors: set[tuple[str, str]] = set()

        def facts() -> Iterator[ox.Quad]:
            yield from quads(mapping.vocabulary(self.base), f"{self.base}/ns")
            for node in store.iter_nodes():
                cited_documents.update(ev.document_id for ev in node.evidence)
                extractors.update((ev.extractor, ev.extractor_version) for ev in node.evidence)
                yield from self._node_quads(node)
            for edge in store.iter_edges():
                cited_documents.update(ev.document_id for ev in edge.evidence)
                extractors.update((ev.extractor, ev.extractor_version) for ev in edge.evidence)
                yield from self._edge_quads(edge)

        count = _bulk(live.store, facts())
        documents = document_heads(store, cited_documents).values()
        count += _bulk(live.store, itertools.chain(
            (q for d in documents for q in self._document_quads(d.id, d.title, d.source_path, d.format)),
            (q for name, version in extractors for q in self._extractor_quads(name, version))))
        log.info("RDF projection rebuilt: %d quads in %.1f s", count, time.perf_counter() - started)
        return cursor

    # -- incremental ------------------------------------------------------------------
    def _apply(self, live: LiveStore, store, changes: list) -> int:
        """Re-describe every node and relation the changes touched; return the last change's number."""
        node_ids = {c.item_id for c in changes if c.item_kind == "node"}
        edge_ids = {c.item_id for c in changes if c.item_kind == "edge"}
        nodes, edges = store.nodes_by_id(node_ids), store.edges_by_id(edge_ids)
        # A touched fact the store no longer holds is described by nothing: its graph empties.
        wanted: dict[ox.NamedNode, list[ox.Quad]] = {self._node_graph(i): [] for i in node_ids}
        wanted |= {self._edge_graph(i): [] for i in edge_ids}
        wanted |= {self._node_graph(n.id): list(self._node_quads(n)) for n in nodes}
        wanted |= {self._edge_graph(e.id): list(self._edge_quads(e)) for e in edges}
        old_documents, old_extractors = set(), set()
        for graph, quads_now in wanted.items():
            documents, extractors = _replace_graph(live.store, graph, quads_now)
            old_documents |= documents
            old_extractors |= extractors
        self._refresh_documents(live.store, store, old_documents, mapping.documents_of([*nodes, *edges]))
        self._refresh_extractors(live.store, old_extractors, mapping.extractors_of([*nodes, *edges]))
        return changes[-1].seq

    def _refresh_documents(self, live: ox.Store, store, old: set[str], new: set[str]) -> None:
        """Describe the documents the touched facts now cite that have no description yet; drop the
        ones they cited before that no fact cites any more.

        A description (title, identifier, format, source path; no counts) is fixed by the content
        hash, so a document that stays cited is left alone: a hub node cited by thousands of
        documents costs one index lookup per document, and the store is read only for the new ones.
        Checking "described?" rather than "newly cited?" also repairs a sync cut short in between.
        """
        undescribed = [d for d in new if not _described(live, self._document_graph(d))]
        for head in document_heads(store, undescribed).values():
            live.extend(list(self._document_quads(head.id, head.title, head.source_path, head.format)))
        for document_id in old - new:
            graph = self._document_graph(document_id)
            if next(live.quads_for_pattern(None, _DERIVED_FROM, graph), None) is None:
                live.remove_graph(graph)

    def _refresh_extractors(self, live: ox.Store, old: set[ox.NamedNode], new: set[tuple[str, str]]) -> None:
        for name, version in new:
            live.extend(list(self._extractor_quads(name, version)))
        cited_now = {named(str(extractor_iri(self.base, name, version))) for name, version in new}
        for agent in old - cited_now:
            if next(live.quads_for_pattern(None, _ATTRIBUTED_TO, agent), None) is None:
                live.remove_graph(agent)

    # -- quads of one item, in its own graph ----------------------------------------------
    def _node_quads(self, node: Node) -> Iterator[ox.Quad]:
        return quads(mapping.node_triples(self.base, node), str(entity_iri(self.base, node.id)))

    def _edge_quads(self, edge: Edge) -> Iterator[ox.Quad]:
        return quads(mapping.edge_triples(self.base, edge), str(relation_iri(self.base, edge.id)))

    def _document_quads(self, document_id: str, title: str, source: str, fmt: str) -> Iterator[ox.Quad]:
        return quads(mapping.document_triples(self.base, document_id, title, source, fmt),
                     str(document_iri(self.base, document_id)))

    def _node_graph(self, node_id: str) -> ox.NamedNode:
        return named(str(entity_iri(self.base, node_id)))

    def _edge_graph(self, edge_id: str) -> ox.NamedNode:
        return named(str(relation_iri(self.base, edge_id)))

    def _document_graph(self, document_id: str) -> ox.NamedNode:
        return named(str(document_iri(self.base, document_id)))

    def _extractor_quads(self, name: str, version: str) -> Iterator[ox.Quad]:
        return quads(mapping.extractor_triples(self.base, name, version), str(extractor_iri(self.base, name, version)))


def projection(settings: Settings) -> RdfProjection:
    """The factory :mod:`alueverkko.graph.projections` calls."""
    return RdfProjection(settings)


def _optimise(live: LiveStore) -> None:
    started = time.perf_counter()
    live.store.optimize()
    log.info("RDF store compacted in %.1f s", time.perf_counter() - started)


def _bulk(store: ox.Store, items: Iterable[ox.Quad]) -> int:
    count = 0
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, _BATCH)):
        store.bulk_extend(batch)
        count += len(batch)
    return count


def _described(live: ox.Store, graph: ox.NamedNode) -> bool:
    """Whether the document's own graph holds its description (its subject is the graph's name)."""
    return next(live.quads_for_pattern(graph, None, None, graph), None) is not None


def _replace_graph(live: ox.Store, graph: ox.NamedNode, quads_now: list[ox.Quad]) -> tuple[set[str], set[ox.NamedNode]]:
    """Make one fact's graph hold exactly ``quads_now``; return the documents and extractors it cited before.

    A hub (a fund cited by thousands of documents) is described by tens of
    thousands of quads, and one upload changes a dozen of them: writing only
    the difference is what keeps a small upload's sync small. Removals go
    first, so a quad whose stored form differs only in lexical form is
    removed and then written again rather than lost.
    """
    before = set(live.quads_for_pattern(None, None, None, graph))
    documents = {q.object.value.rsplit("/", 1)[-1] for q in before if q.predicate == _DERIVED_FROM}
    extractors = {q.object for q in before if q.predicate == _ATTRIBUTED_TO}
    now = set(quads_now)
    stale, missing = before - now, now - before
    if len(stale) * 2 > len(before):  # mostly rewritten (or gone): one range delete is cheaper
        live.remove_graph(graph)
        missing = now
    else:
        for quad in stale:
            live.remove(quad)
    if missing:
        live.extend(list(missing))
    return documents, extractors
