"""Light reads of the canonical store that its public API does not offer yet.

:meth:`Store.node`, :meth:`Store.nodes_by_id` and :meth:`Store.edges_of` load
every fact with all of its evidence. That is right for an entity page's own
facts, but a hub (a fund cited by thousands of documents) makes it slow when a
view only needs the *other* end's name, a subgraph only needs ids and years,
or the search index only needs names and aliases. Those reads live here, all
read-only, through the store's own connection and error translation; callers
in ``queries/``, ``api/`` and ``viz/`` use these functions instead of SQL.

>>> import tempfile, pathlib
>>> from alueverkko.graph.store import Store
>>> from alueverkko.graph.model import Document, Evidence, Extraction, Node, NodeKind
>>> store = Store.open(pathlib.Path(tempfile.mkdtemp()) / "s.sqlite")
>>> doc = Document("d1", "T", "t.txt", "Kouvolan kaupunki")
>>> node = Node(NodeKind.MUNICIPALITY, "Kouvola", ["Kouvolan kaupunki"], {"years": [2020]},
...             [Evidence("d1", 0, 8, "Kouvolan", "doctest")])
>>> _ = store.ingest(Extraction(doc, [node]))
>>> briefs(store, ["municipality:kouvola"])["municipality:kouvola"]
Brief(id='municipality:kouvola', kind='Municipality', name='Kouvola', attrs={'years': [2020]})
>>> document_heads(store, ["d1", "missing"])
{'d1': DocumentHead(id='d1', title='T', source_path='t.txt', format='txt')}
>>> [(f.item, f.fact_id, f.start, f.end) for f in document_facts(store, "d1")]
[('node', 'municipality:kouvola', 0, 8)]
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from alueverkko.graph.model import Evidence

_CHUNK = 500
#: Ids per statement when they travel as one JSON parameter (``IN (SELECT value FROM json_each(?))``):
#: no cap on parameters there, so chunks only bound a statement's work.
_BIG_CHUNK = 5000
_JSON_LIST = "(SELECT value FROM json_each(?))"
_ATTRIBUTE_TABLES = {"node": "node_attrs", "edge": "edge_attrs"}
#: An evidence row with its document's title and path: the columns of :class:`Evidence`, in order.
_EVIDENCE_COLUMNS = ("v.document_id, v.start, v.end, v.quote, v.extractor, v.extractor_version, v.confidence, "
                     "d.title, d.source_path")
_EVIDENCE_TABLES = {"node": "node_evidence", "edge": "edge_evidence"}


@dataclass(frozen=True, slots=True)
class Brief:
    """A node without its evidence: enough to name and filter it."""

    id: str
    kind: str
    name: str
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class EdgeRow:
    id: str
    source: str
    target: str
    type: str


@dataclass(frozen=True, slots=True)
class DocumentHead:
    """What names a document, without its text or fact counts (fixed by its content hash, so never stale)."""

    id: str
    title: str
    source_path: str
    format: str


@dataclass(frozen=True, slots=True)
class FactSpan:
    """One evidence span in a document, and the fact (node or edge) it supports."""

    item: str        # 'node' or 'edge'
    fact_id: str
    start: int
    end: int
    quote: str
    extractor: str
    confidence: float


def labelled_nodes(store, batch: int = 5000, ids: Iterable[str] | None = None) -> Iterator[tuple[str, str, str, list[str]]]:
    """(id, kind, name, aliases) of every node (or of ``ids``), in batches, without evidence."""
    if ids is not None:
        for chunk in chunks(list(ids), _CHUNK):
            yield from _with_aliases(store, store._read(
                f"SELECT id, kind, name FROM nodes WHERE id IN ({placeholders(chunk)}) ORDER BY id", chunk))
        return
    last = ""
    while rows := store._read("SELECT id, kind, name FROM nodes WHERE id > ? ORDER BY id LIMIT ?", (last, batch)):
        yield from _with_aliases(store, rows)
        last = rows[-1][0]


def briefs(store, ids: Iterable[str], *, attrs: bool = True) -> dict[str, Brief]:
    """Kind, name and (unless ``attrs=False``) merged attributes of the given nodes; missing ids are left out."""
    ids = list(dict.fromkeys(ids))
    found: dict[str, Brief] = {}
    wanted = attrs
    for chunk in chunks(ids, _CHUNK):
        rows = store._read(f"SELECT id, kind, name FROM nodes WHERE id IN ({placeholders(chunk)})", chunk)
        attrs = attributes(store, "node", [r[0] for r in rows]) if wanted else {}
        found.update((r[0], Brief(r[0], r[1], r[2], attrs.get(r[0], {}))) for r in rows)
    return found


def edges_touching(store, ids: Iterable[str], types: Iterable[str] | None = None) -> list[EdgeRow]:
    """Edges with either end among ``ids`` (of the given types), without evidence, sorted by id."""
    types = sorted(set(types or ()))
    where = f" AND type IN ({placeholders(types)})" if types else ""
    found: dict[str, EdgeRow] = {}
    for chunk in chunks(sorted(set(ids)), _BIG_CHUNK):
        for end in ("source", "target"):
            rows = store._read(f"SELECT id, source, target, type FROM edges WHERE {end} IN {_JSON_LIST}{where}",
                               [json.dumps(chunk), *types])
            found.update((row[0], EdgeRow(*row)) for row in rows)
    return [found[key] for key in sorted(found)]


def induced_edges(store, ids: Iterable[str], types: Iterable[str] | None = None) -> list[EdgeRow]:
    """Edges with both ends among ``ids`` (of the given types), sorted by id: one statement on SQLite's indexes."""
    chosen = json.dumps(sorted(set(ids)))
    types = sorted(set(types or ()))
    where = f" AND type IN ({placeholders(types)})" if types else ""
    rows = store._read(f"SELECT id, source, target, type FROM edges WHERE source IN {_JSON_LIST} "
                       f"AND target IN {_JSON_LIST}{where} ORDER BY id", [chosen, chosen, *types])
    return [EdgeRow(*row) for row in rows]


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
        for chunk in chunks(sorted(set(ids)), _BIG_CHUNK):
            counts.update(dict(store._read(f"SELECT {end}, count(*) FROM edges WHERE {end} IN {_JSON_LIST}{where} "
                                           f"GROUP BY {end}", [json.dumps(chunk), *types])))
    return counts


def node_kinds(store, kinds: Iterable[str] | None = None) -> dict[str, str]:
    """Id -> kind of every node (of the given kinds)."""
    kinds = sorted(set(kinds or ()))
    if kinds:
        return dict(store._read(f"SELECT id, kind FROM nodes WHERE kind IN ({placeholders(kinds)})", kinds))
    return dict(store._read("SELECT id, kind FROM nodes"))


def kinds_of(store, ids: Iterable[str]) -> dict[str, str]:
    """Id -> kind of the given nodes that exist."""
    found: dict[str, str] = {}
    for chunk in chunks(sorted(set(ids)), _BIG_CHUNK):
        found.update(store._read(f"SELECT id, kind FROM nodes WHERE id IN {_JSON_LIST}", [json.dumps(chunk)]))
    return found


def aliases(store, ids: Iterable[str]) -> dict[str, list[str]]:
    """Id -> the node's aliases, sorted; nodes without any are left out."""
    found: dict[str, list[str]] = {}
    for chunk in chunks(sorted(set(ids)), _BIG_CHUNK):
        for node_id, alias in store._read(f"SELECT DISTINCT node_id, alias FROM node_aliases WHERE node_id IN "
                                          f"{_JSON_LIST} ORDER BY node_id, alias", [json.dumps(chunk)]):
            found.setdefault(node_id, []).append(alias)
    return found


def attributes(store, item: str, ids: Iterable[str], keys: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
    """The attributes (or only ``keys``) of nodes or edges over their documents; the most recently
    ingested document's value wins, as in the store. Facts without any are left out."""
    keys = sorted(set(keys or ()))
    where = f" AND a.key IN ({placeholders(keys)})" if keys else ""
    merged: dict[str, dict[str, Any]] = {}
    for chunk in chunks(sorted(set(ids)), _BIG_CHUNK):
        rows = store._read(f"""SELECT a.{item}_id, a.key, a.value FROM {_ATTRIBUTE_TABLES[item]} a
                               JOIN documents d ON d.id = a.document_id
                               WHERE a.{item}_id IN {_JSON_LIST}{where} ORDER BY d.ingested_at, d.id""",
                           [json.dumps(chunk), *keys])
        for fact_id, key, value in rows:
            merged.setdefault(fact_id, {})[key] = json.loads(value)
    return merged


def evidence_counts(store, item: str, ids: Iterable[str]) -> dict[str, int]:
    """How many evidence rows support each node or edge."""
    table = _EVIDENCE_TABLES[item]
    counts: dict[str, int] = {}
    for chunk in chunks(list(dict.fromkeys(ids)), _CHUNK):
        counts.update(store._read(f"SELECT {item}_id, count(*) FROM {table} WHERE {item}_id IN ({placeholders(chunk)}) "
                                  f"GROUP BY {item}_id", chunk))
    return counts


def evidence_at(store, item: str, spans: Iterable[tuple[str, str, int, int]]) -> dict[tuple, Evidence]:
    """The evidence of these ``(fact id, document, start, end)`` spans, keyed by that tuple.

    Reads only the rows asked for, where :meth:`Store.nodes_by_id` reads every
    piece of a fact's evidence: thousands for a hub that many documents cite.
    """
    spans = list(dict.fromkeys(spans))
    found: dict[tuple, Evidence] = {}
    for chunk in chunks(spans, _CHUNK // 4):  # four parameters a span
        wanted = ",".join("(?, ?, ?, ?)" for _ in chunk)
        rows = store._read(f"""WITH wanted(fact, document, start, end) AS (VALUES {wanted})
                               SELECT v.{item}_id, {_EVIDENCE_COLUMNS} FROM wanted w
                               JOIN {_EVIDENCE_TABLES[item]} v ON v.{item}_id = w.fact AND v.document_id = w.document
                                    AND v.start = w.start AND v.end = w.end
                               JOIN documents d ON d.id = v.document_id""", [v for span in chunk for v in span])
        for fact_id, *evidence in rows:
            found[(fact_id, *evidence[:3])] = Evidence(*evidence)
    return found


@dataclass(frozen=True, slots=True)
class FirstEvidence:
    """A fact's first stored piece of evidence, and how many pieces it has."""

    count: int
    evidence: Evidence


def first_evidence(store, item: str, ids: Iterable[str]) -> dict[str, FirstEvidence]:
    """Each fact's first stored piece of evidence (the smallest row id, the one written first) and count.

    Both come from the index, so a fact that hundreds of documents repeat (a
    municipality's region) costs one row, not hundreds. Usually it is also the
    first of :meth:`Store.edges_by_id`'s evidence; that order sorts by ingest time,
    then document id, then span, so documents of one bulk import (same instant)
    or two spans of one document may come in another order. Facts without
    evidence are left out.
    """
    table = _EVIDENCE_TABLES[item]
    found: dict[str, FirstEvidence] = {}
    for chunk in chunks(list(dict.fromkeys(ids)), _CHUNK):
        firsts = store._read(f"SELECT {item}_id, count(*), min(rowid) FROM {table} "
                             f"WHERE {item}_id IN ({placeholders(chunk)}) GROUP BY {item}_id", chunk)
        counts = {fact: count for fact, count, _ in firsts}
        rows = store._read(f"""SELECT v.{item}_id, {_EVIDENCE_COLUMNS} FROM {table} v
                               JOIN documents d ON d.id = v.document_id
                               WHERE v.rowid IN ({placeholders(firsts)})""", [row[2] for row in firsts])
        found.update((fact, FirstEvidence(counts[fact], Evidence(*evidence))) for fact, *evidence in rows)
    return found


def document_heads(store, ids: Iterable[str]) -> dict[str, DocumentHead]:
    """Title, source path and format of the documents with exactly these ids; missing ids are left out.

    One primary-key lookup per chunk, unlike :meth:`Store.document_info`, which
    also resolves prefixes and source paths and counts each document's facts.
    """
    found: dict[str, DocumentHead] = {}
    for chunk in chunks(list(dict.fromkeys(ids)), _CHUNK):
        rows = store._read(f"SELECT id, title, source_path, format FROM documents WHERE id IN ({placeholders(chunk)})",
                           chunk)
        found.update((row[0], DocumentHead(*row)) for row in rows)
    return found


def document_facts(store, document_id: str) -> list[FactSpan]:
    """Every node mention and edge evidence span one document holds, in text order."""
    rows = store._read("""
        SELECT 'node', node_id, start, end, quote, extractor, confidence FROM node_evidence WHERE document_id = ?
        UNION ALL
        SELECT 'edge', edge_id, start, end, quote, extractor, confidence FROM edge_evidence WHERE document_id = ?
        ORDER BY 3, 4 DESC, 1 DESC, 2""", (document_id, document_id))
    return [FactSpan(*row) for row in rows]


def document_page(store, offset: int, limit: int) -> tuple[int, list[dict[str, Any]]]:
    """(total, one page of documents oldest first) with the counts of the facts each supports.

    Like :meth:`Store.documents` but counting facts only for the page, so the
    list stays fast with tens of thousands of documents.
    """
    total = store._read("SELECT count(*) FROM documents")[0][0]
    rows = store._read("""
        SELECT d.id, d.title, d.source_path, d.format, d.size, d.ingested_at, d.warnings,
               (SELECT count(DISTINCT node_id) FROM node_evidence WHERE document_id = d.id),
               (SELECT count(DISTINCT edge_id) FROM edge_evidence WHERE document_id = d.id)
        FROM documents d ORDER BY d.ingested_at, d.source_path LIMIT ? OFFSET ?""", (limit, offset))
    keys = ("id", "title", "source_path", "format", "size", "ingested_at", "warnings", "nodes", "edges")
    return total, [{**dict(zip(keys, row)), "warnings": json.loads(row[6])} for row in rows]


def _with_aliases(store, rows: list[tuple]) -> Iterator[tuple[str, str, str, list[str]]]:
    found = aliases(store, [r[0] for r in rows])
    for node_id, kind, name in rows:
        yield node_id, kind, name, found.get(node_id, [])


def placeholders(items: list) -> str:
    """One ``?`` per item, comma-separated, for an ``IN (...)`` list."""
    return ",".join("?" * len(items))


def chunks(items: list, size: int) -> Iterator[list]:
    """``items`` in slices of ``size``: SQLite caps the parameters of one statement."""
    for i in range(0, len(items), size):
        yield items[i:i + size]
