-- The canonical store, schema version 1.
-- Facts (nodes, edges) exist only while some document supports them: every
-- alias, attribute and evidence row names the document it came from, so that
-- replacing or removing one document touches exactly its own rows.

CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS documents (
    id          TEXT PRIMARY KEY,          -- sha256 of the document's bytes
    title       TEXT NOT NULL,
    source_path TEXT NOT NULL,
    format      TEXT NOT NULL,
    text        TEXT NOT NULL,
    size        INTEGER NOT NULL,
    ingested_at TEXT NOT NULL,
    pipeline    TEXT NOT NULL,
    warnings    TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS documents_by_source ON documents (source_path);

CREATE TABLE IF NOT EXISTS nodes (
    id   TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS nodes_by_kind ON nodes (kind);

CREATE TABLE IF NOT EXISTS node_aliases (
    node_id     TEXT NOT NULL,
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    alias       TEXT NOT NULL,
    PRIMARY KEY (node_id, document_id, alias)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS node_aliases_by_document ON node_aliases (document_id);

CREATE TABLE IF NOT EXISTS node_attrs (
    node_id     TEXT NOT NULL,
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    value       TEXT NOT NULL,             -- JSON
    PRIMARY KEY (node_id, document_id, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS node_attrs_by_document ON node_attrs (document_id);

CREATE TABLE IF NOT EXISTS node_evidence (
    node_id           TEXT NOT NULL,
    document_id       TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    start             INTEGER NOT NULL,
    end               INTEGER NOT NULL,
    quote             TEXT NOT NULL,
    extractor         TEXT NOT NULL,
    extractor_version TEXT NOT NULL,
    confidence        REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS node_evidence_by_node ON node_evidence (node_id);
CREATE INDEX IF NOT EXISTS node_evidence_by_document ON node_evidence (document_id);

CREATE TABLE IF NOT EXISTS edges (
    id     TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    type   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS edges_by_source ON edges (source);
CREATE INDEX IF NOT EXISTS edges_by_target ON edges (target);

CREATE TABLE IF NOT EXISTS edge_attrs (
    edge_id     TEXT NOT NULL,
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    value       TEXT NOT NULL,
    PRIMARY KEY (edge_id, document_id, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS edge_attrs_by_document ON edge_attrs (document_id);

CREATE TABLE IF NOT EXISTS edge_evidence (
    edge_id           TEXT NOT NULL,
    document_id       TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    start             INTEGER NOT NULL,
    end               INTEGER NOT NULL,
    quote             TEXT NOT NULL,
    extractor         TEXT NOT NULL,
    extractor_version TEXT NOT NULL,
    confidence        REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS edge_evidence_by_edge ON edge_evidence (edge_id);
CREATE INDEX IF NOT EXISTS edge_evidence_by_document ON edge_evidence (document_id);

-- Every committed change names the facts it touched, so projections (RDF,
-- Cypher engines) can catch up from their last sequence number after a crash.
CREATE TABLE IF NOT EXISTS changes (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    item_kind TEXT NOT NULL,               -- 'node', 'edge' or 'all'
    item_id   TEXT NOT NULL
);
