"""The durable canonical store: SQLite in WAL mode, one transaction per document.

Writes go through :meth:`Store.ingest` (one :class:`Extraction` = one
transaction) and :meth:`Store.remove_document`. A fact lives while at least one
document supports it; every change is logged so projections can catch up.

>>> import tempfile, pathlib
>>> from alueverkko.graph.model import Document, Extraction, Node, Evidence, NodeKind
>>> store = Store.open(pathlib.Path(tempfile.mkdtemp()) / "s.sqlite")
>>> doc = Document(id="d1", title="T", source_path="t.txt", text="Kouvolan kaupunki")
>>> ev = Evidence("d1", 0, 17, "Kouvolan kaupunki", "doctest")
>>> store.ingest(Extraction(doc, [Node(NodeKind.MUNICIPALITY, "Kouvola", ["Kouvolan kaupunki"], evidence=[ev])])).status
'added'
>>> store.node("municipality:kouvola").aliases
['Kouvolan kaupunki']
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from alueverkko.errors import (
    DocumentNotFound, EntityNotFound, InvalidInput, SchemaTooNew, StoreCorrupt, StoreError, StoreLocked,
)
from alueverkko.graph.model import Document, Edge, Evidence, Extraction, Node

SCHEMA_VERSION = 1
PIPELINE_VERSION = "alueverkko-0.1"


@dataclass(frozen=True, slots=True)
class IngestResult:
    document_id: str
    status: str  # 'added', 'unchanged' or 'replaced'
    nodes: int = 0
    edges: int = 0
    replaced_document_id: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    id: str
    title: str
    source_path: str
    format: str
    size: int
    ingested_at: str
    warnings: list[str]
    nodes: int = 0
    edges: int = 0


@dataclass(frozen=True, slots=True)
class Change:
    seq: int
    item_kind: str
    item_id: str


class Store:
    """The canonical store. Open it with :meth:`Store.open`."""

    def __init__(self, path: Path, *, busy_timeout: float = 10.0):
        self.path = path
        self.busy_timeout = busy_timeout
        self._local = threading.local()

    # -- opening -----------------------------------------------------------
    @classmethod
    def open(cls, path: Path, *, create: bool = True, busy_timeout: float = 10.0) -> Store:
        path = Path(path)
        if not path.exists() and not create:
            raise StoreError(f"No store at {path}.", where=str(path),
                             fix="Ingest a document first: `alueverkko ingest PATH`.")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"Cannot create the data folder: {exc.strerror}.", where=str(path.parent),
                             fix="Choose a writable folder with --data DIR.") from exc
        store = cls(path, busy_timeout=busy_timeout)
        store._initialise()
        return store

    def _initialise(self) -> None:
        with self._translated_errors():
            conn = self._conn()
            version = self._schema_version(conn)
            if version > SCHEMA_VERSION:
                raise SchemaTooNew(
                    f"The data folder was written by a newer alueverkko (schema {version}; this one reads {SCHEMA_VERSION}).",
                    where=str(self.path), fix="Upgrade alueverkko, or point --data at another folder.")
            if version == 0:
                conn.executescript(resources.files("alueverkko.graph").joinpath("schema.sql").read_text())
                with conn:
                    conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))

    @staticmethod
    def _schema_version(conn: sqlite3.Connection) -> int:
        has_meta = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
        if not has_meta:
            tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
            if tables:
                raise StoreCorrupt("The data folder holds a database that is not an alueverkko store.",
                                   fix="Point --data at an empty or alueverkko folder.")
            return 0
        row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(row[0]) if row else 0

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            # isolation_level=None: we open transactions ourselves with BEGIN IMMEDIATE,
            # so a writer takes the write lock before reading what it will change.
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=self.busy_timeout,
                                   check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            # A larger page cache keeps the text-keyed indexes in memory during bulk writes.
            conn.execute("PRAGMA cache_size=-131072")
            self._local.conn = conn
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    class _translated_errors:
        """Turn sqlite3's errors into domain errors that say how to fix them."""

        def __enter__(self):
            return self

        def __exit__(self, exc_type, exc, tb):
            if exc is None or not isinstance(exc, sqlite3.Error):
                return False
            text = str(exc)
            if "locked" in text or "busy" in text:
                raise StoreLocked("The store is locked by another process.", fix=(
                    "Wait for the other alueverkko process to finish, then try again.")) from exc
            if isinstance(exc, sqlite3.DatabaseError) and ("not a database" in text or "malformed" in text):
                raise StoreCorrupt(f"The store file is damaged: {text}.", fix=(
                    "Move the data folder away and re-ingest the documents, or restore it from a backup.")) from exc
            raise StoreError(f"Store error: {text}.", fix="Report this with the command you ran.") from exc

    def _transaction(self):
        return _Transaction(self)

    # -- writing -----------------------------------------------------------
    def ingest(self, extraction: Extraction) -> IngestResult:
        """Write one document and its facts in one transaction.

        An unchanged document (same content hash) changes nothing; a changed
        document at the same source path replaces that document's facts.
        """
        _validate(extraction)
        doc = extraction.document
        with self._transaction() as tx:
            if tx.execute("SELECT 1 FROM documents WHERE id=?", (doc.id,)).fetchone():
                return IngestResult(doc.id, "unchanged")
            previous = tx.execute("SELECT id FROM documents WHERE source_path=? ORDER BY ingested_at DESC",
                                  (doc.source_path,)).fetchall()
            for (old_id,) in previous:
                _remove_document_rows(tx, old_id)
            _insert_extraction(tx, extraction)
        status = "replaced" if previous else "added"
        return IngestResult(doc.id, status, len(extraction.nodes), len(extraction.edges),
                            previous[0][0] if previous else None)

    def ingest_many(self, extractions: Iterable[Extraction]) -> int:
        """Bulk-write new documents in one transaction (benchmark worlds, imports).

        Documents already stored are skipped. Projections are told to rebuild.
        """
        extractions = list(extractions)
        rows: dict[str, list] = {table: [] for table in _INSERTS}
        seen: set[str] = set()
        with self._transaction() as tx:
            ids = [e.document.id for e in extractions]
            for chunk in _chunks(ids, 500):
                seen.update(r[0] for r in tx.execute(
                    f"SELECT id FROM documents WHERE id IN ({','.join('?' * len(chunk))})", chunk))
            stored = set(seen)
            for extraction in extractions:
                _validate(extraction)
                if extraction.document.id in seen:
                    continue
                seen.add(extraction.document.id)
                _rows(extraction, rows)
            _write_rows(tx, rows)
            tx.execute("INSERT INTO changes (item_kind, item_id) VALUES ('all', '*')")
        return len(seen - stored)

    def remove_document(self, ref: str) -> DocumentInfo:
        """Remove a document (by id, unique id prefix or source path) and the facts only it supports."""
        info = self.document_info(ref)
        with self._transaction() as tx:
            _remove_document_rows(tx, info.id)
        return info

    # -- reading documents ---------------------------------------------------
    def documents(self) -> list[DocumentInfo]:
        rows = self._read("""
            SELECT d.id, d.title, d.source_path, d.format, d.size, d.ingested_at, d.warnings,
                   (SELECT count(DISTINCT node_id) FROM node_evidence WHERE document_id=d.id),
                   (SELECT count(DISTINCT edge_id) FROM edge_evidence WHERE document_id=d.id)
            FROM documents d ORDER BY d.ingested_at, d.source_path""")
        return [_document_info(row) for row in rows]

    def document_info(self, ref: str) -> DocumentInfo:
        ref = ref.strip()
        if not ref:
            raise DocumentNotFound(ref)
        rows = self._read("""
            SELECT d.id, d.title, d.source_path, d.format, d.size, d.ingested_at, d.warnings,
                   (SELECT count(DISTINCT node_id) FROM node_evidence WHERE document_id=d.id),
                   (SELECT count(DISTINCT edge_id) FROM edge_evidence WHERE document_id=d.id)
            FROM documents d WHERE d.id=? OR d.source_path=? OR d.id LIKE ? ESCAPE '\\'""",
                          (ref, ref, _like_prefix(ref)))
        if len(rows) != 1:
            if len(rows) > 1:
                raise InvalidInput(f"{ref!r} matches {len(rows)} documents.", where="document",
                                   fix="Give a longer id prefix or the full document id.")
            raise DocumentNotFound(ref)
        return _document_info(rows[0])

    def document(self, ref: str) -> Document:
        info = self.document_info(ref)
        row = self._read("SELECT text FROM documents WHERE id=?", (info.id,))[0]
        return Document(id=info.id, title=info.title, source_path=info.source_path, text=row[0],
                        format=info.format, size=info.size, warnings=info.warnings)

    # -- reading facts -------------------------------------------------------
    def node(self, node_id: str) -> Node:
        nodes = self.nodes_by_id([node_id])
        if not nodes:
            raise EntityNotFound(node_id)
        return nodes[0]

    def nodes_by_id(self, ids: Iterable[str]) -> list[Node]:
        ids = list(dict.fromkeys(ids))
        found: list[Node] = []
        for chunk in _chunks(ids, 500):
            found.extend(self._load_nodes("WHERE n.id IN (%s)" % ",".join("?" * len(chunk)), chunk))
        return found

    def iter_nodes(self, batch: int = 5000) -> Iterator[Node]:
        last = ""
        while True:
            nodes = self._load_nodes("WHERE n.id > ? ORDER BY n.id LIMIT ?", (last, batch))
            if not nodes:
                return
            yield from nodes
            last = nodes[-1].id

    def edges_by_id(self, ids: Iterable[str]) -> list[Edge]:
        ids = list(dict.fromkeys(ids))
        found: list[Edge] = []
        for chunk in _chunks(ids, 500):
            found.extend(self._load_edges("WHERE e.id IN (%s)" % ",".join("?" * len(chunk)), chunk))
        return found

    def edges_of(self, node_id: str) -> list[Edge]:
        return self._load_edges("WHERE e.source=? OR e.target=?", (node_id, node_id))

    def iter_edges(self, batch: int = 5000) -> Iterator[Edge]:
        last = ""
        while True:
            edges = self._load_edges("WHERE e.id > ? ORDER BY e.id LIMIT ?", (last, batch))
            if not edges:
                return
            yield from edges
            last = edges[-1].id

    def stats(self) -> dict[str, Any]:
        kinds = dict(self._read("SELECT kind, count(*) FROM nodes GROUP BY kind ORDER BY kind"))
        types = dict(self._read("SELECT type, count(*) FROM edges GROUP BY type ORDER BY type"))
        (documents,) = self._read("SELECT count(*) FROM documents")[0]
        return {"documents": documents, "nodes": sum(kinds.values()), "edges": sum(types.values()),
                "nodes_by_kind": kinds, "edges_by_type": types}

    def changes_since(self, seq: int) -> list[Change]:
        return [Change(*row) for row in self._read(
            "SELECT seq, item_kind, item_id FROM changes WHERE seq > ? ORDER BY seq", (seq,))]

    def last_change(self) -> int:
        return self._read("SELECT coalesce(max(seq), 0) FROM changes")[0][0]

    # -- internals -----------------------------------------------------------
    def _read(self, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        with self._translated_errors():
            return self._conn().execute(sql, tuple(params)).fetchall()

    def _load_nodes(self, where: str, params: Iterable[Any]) -> list[Node]:
        rows = self._read(f"SELECT n.id, n.kind, n.name FROM nodes n {where}", params)
        if not rows:
            return []
        ids = [row[0] for row in rows]
        aliases = self._grouped("SELECT node_id, alias FROM node_aliases WHERE node_id IN (%s) ORDER BY alias", ids)
        attrs = self._grouped("""SELECT a.node_id, a.key, a.value FROM node_attrs a JOIN documents d ON d.id=a.document_id
                                 WHERE a.node_id IN (%s) ORDER BY d.ingested_at, d.id""", ids)
        evidence = self._evidence("node", ids)
        nodes = []
        for node_id, kind, name in rows:
            node = Node(kind, name, sorted(set(aliases.get(node_id, []))),
                        _merge_attrs(attrs.get(node_id, [])), evidence.get(node_id, []))
            nodes.append(node)
        return nodes

    def _load_edges(self, where: str, params: Iterable[Any]) -> list[Edge]:
        rows = self._read(f"SELECT e.id, e.source, e.type, e.target FROM edges e {where}", params)
        if not rows:
            return []
        ids = [row[0] for row in rows]
        attrs = self._grouped("""SELECT a.edge_id, a.key, a.value FROM edge_attrs a JOIN documents d ON d.id=a.document_id
                                 WHERE a.edge_id IN (%s) ORDER BY d.ingested_at, d.id""", ids)
        evidence = self._evidence("edge", ids)
        return [Edge(source, etype, target, _merge_attrs(attrs.get(eid, [])), evidence.get(eid, []))
                for eid, source, etype, target in rows]

    def _grouped(self, sql: str, ids: list[str]) -> dict[str, list]:
        grouped: dict[str, list] = {}
        for chunk in _chunks(ids, 500):
            for row in self._read(sql % ",".join("?" * len(chunk)), chunk):
                grouped.setdefault(row[0], []).append(row[1] if len(row) == 2 else row[1:])
        return grouped

    def _evidence(self, item: str, ids: list[str]) -> dict[str, list[Evidence]]:
        sql = f"""SELECT v.{item}_id, v.document_id, v.start, v.end, v.quote, v.extractor, v.extractor_version,
                         v.confidence, d.title, d.source_path
                  FROM {item}_evidence v JOIN documents d ON d.id = v.document_id
                  WHERE v.{item}_id IN (%s) ORDER BY d.ingested_at, d.id, v.start"""
        grouped: dict[str, list[Evidence]] = {}
        for chunk in _chunks(ids, 500):
            for row in self._read(sql % ",".join("?" * len(chunk)), chunk):
                grouped.setdefault(row[0], []).append(Evidence(*row[1:]))
        return grouped


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error, errors translated."""

    def __init__(self, store: Store):
        self.store = store
        self.translate = Store._translated_errors()

    def __enter__(self) -> sqlite3.Connection:
        self.translate.__enter__()
        try:
            self.conn = self.store._conn()
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            self.translate.__exit__(type(exc), exc, None)
            raise
        return self.conn

    def __exit__(self, exc_type, exc, tb):
        try:
            if exc is None:
                self.conn.execute("COMMIT")
            else:
                self.conn.execute("ROLLBACK")
        except sqlite3.Error as commit_exc:
            self.conn.execute("ROLLBACK") if self.conn.in_transaction else None
            return self.translate.__exit__(type(commit_exc), commit_exc, None)
        return self.translate.__exit__(exc_type, exc, tb)


def _validate(extraction: Extraction) -> None:
    doc = extraction.document
    node_ids = {node.id for node in extraction.nodes}
    for node in extraction.nodes:
        _validate_evidence(node.evidence, doc.id, f"node {node.id}")
    for edge in extraction.edges:
        missing = {edge.source, edge.target} - node_ids
        if missing:
            raise InvalidInput(f"Edge {edge.id} names nodes the extraction does not contain: {sorted(missing)}.",
                               where=doc.source_path, fix="Add the nodes to the same extraction.")
        _validate_evidence(edge.evidence, doc.id, f"edge {edge.id}")


def _validate_evidence(evidence: list[Evidence], document_id: str, what: str) -> None:
    if not evidence:
        raise InvalidInput(f"The {what} has no evidence.", fix="Every fact needs evidence from its document.")
    for ev in evidence:
        if ev.document_id != document_id:
            raise InvalidInput(f"The {what} cites document {ev.document_id}, not the one being ingested.",
                               fix="Evidence must point into the document it was extracted from.")


def _insert_extraction(tx: sqlite3.Connection, extraction: Extraction, *, log_changes: bool = True) -> None:
    _write_rows(tx, _rows(extraction))
    if log_changes:
        _log_changes(tx, "node", (n.id for n in extraction.nodes))
        _log_changes(tx, "edge", (e.id for e in extraction.edges))


_INSERTS = {
    "documents": "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?)",
    "nodes": "INSERT OR IGNORE INTO nodes VALUES (?,?,?)",
    "node_aliases": "INSERT OR IGNORE INTO node_aliases VALUES (?,?,?)",
    "node_attrs": "INSERT OR REPLACE INTO node_attrs VALUES (?,?,?,?)",
    "node_evidence": "INSERT INTO node_evidence VALUES (?,?,?,?,?,?,?,?)",
    "edges": "INSERT OR IGNORE INTO edges VALUES (?,?,?,?)",
    "edge_attrs": "INSERT OR REPLACE INTO edge_attrs VALUES (?,?,?,?)",
    "edge_evidence": "INSERT INTO edge_evidence VALUES (?,?,?,?,?,?,?,?)",
}


def _rows(extraction: Extraction, into: dict[str, list] | None = None) -> dict[str, list]:
    """The table rows of one extraction, appended to ``into`` (so batches share one executemany)."""
    rows = into if into is not None else {table: [] for table in _INSERTS}
    doc = extraction.document
    rows["documents"].append((doc.id, doc.title, doc.source_path, doc.format, doc.text,
                              doc.size or len(doc.text.encode()), datetime.now(UTC).isoformat(timespec="microseconds"),
                              PIPELINE_VERSION, json.dumps(doc.warnings)))
    for node in extraction.nodes:
        nid = node.id
        rows["nodes"].append((nid, node.kind.value, node.name))
        rows["node_aliases"].extend((nid, doc.id, alias) for alias in set(node.aliases))
        rows["node_attrs"].extend((nid, doc.id, k, json.dumps(v, ensure_ascii=False)) for k, v in node.attrs.items())
        rows["node_evidence"].extend((nid, *_evidence_row(ev)) for ev in node.evidence)
    for edge in extraction.edges:
        eid = edge.id
        rows["edges"].append((eid, edge.source, edge.target, edge.type.value))
        rows["edge_attrs"].extend((eid, doc.id, k, json.dumps(v, ensure_ascii=False)) for k, v in edge.attrs.items())
        rows["edge_evidence"].extend((eid, *_evidence_row(ev)) for ev in edge.evidence)
    return rows


def _write_rows(tx: sqlite3.Connection, rows: dict[str, list]) -> None:
    for table, sql in _INSERTS.items():
        if rows[table]:
            tx.executemany(sql, rows[table])


def _evidence_row(ev: Evidence) -> tuple:
    return (ev.document_id, ev.start, ev.end, ev.quote, ev.extractor, ev.extractor_version, ev.confidence)


def _remove_document_rows(tx: sqlite3.Connection, document_id: str) -> None:
    node_ids = [r[0] for r in tx.execute("SELECT DISTINCT node_id FROM node_evidence WHERE document_id=?", (document_id,))]
    edge_ids = [r[0] for r in tx.execute("SELECT DISTINCT edge_id FROM edge_evidence WHERE document_id=?", (document_id,))]
    # Attribute, alias and evidence rows go with the document (ON DELETE CASCADE).
    tx.execute("DELETE FROM documents WHERE id=?", (document_id,))
    for chunk in _chunks(edge_ids, 500):
        marks = ",".join("?" * len(chunk))
        tx.execute(f"DELETE FROM edges WHERE id IN ({marks}) AND NOT EXISTS "
                   f"(SELECT 1 FROM edge_evidence v WHERE v.edge_id = edges.id)", chunk)
    for chunk in _chunks(node_ids, 500):
        marks = ",".join("?" * len(chunk))
        tx.execute(f"DELETE FROM nodes WHERE id IN ({marks}) AND NOT EXISTS "
                   f"(SELECT 1 FROM node_evidence v WHERE v.node_id = nodes.id)", chunk)
    _log_changes(tx, "node", node_ids)
    _log_changes(tx, "edge", edge_ids)


def _log_changes(tx: sqlite3.Connection, kind: str, ids: Iterable[str]) -> None:
    tx.executemany("INSERT INTO changes (item_kind, item_id) VALUES (?, ?)", [(kind, i) for i in ids])


def _merge_attrs(rows: list[tuple[str, str]]) -> dict[str, Any]:
    """Attributes of a fact over its documents: the most recently ingested value wins."""
    return {key: json.loads(value) for key, value in rows}


def _document_info(row: tuple) -> DocumentInfo:
    doc_id, title, source, fmt, size, ingested_at, warnings, nodes, edges = row
    return DocumentInfo(doc_id, title, source, fmt, size, ingested_at, json.loads(warnings), nodes, edges)


def _like_prefix(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%" if len(text) >= 6 else "\x00"


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
