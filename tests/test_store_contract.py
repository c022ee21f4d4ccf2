"""Contract of the canonical store: idempotence, replacement, shared support, atomicity."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap

import pytest
from conftest import extraction

from alueverkko.errors import DocumentNotFound, InvalidInput, SchemaTooNew, StoreCorrupt, StoreLocked
from alueverkko.graph.model import Edge, Evidence, NodeKind, RelationType
from alueverkko.graph.store import Store

KOUVOLA_TEXT = "Kouvolan seudun KOKO: mukana ovat Kouvola ja Iitti."
KOUVOLA_FACTS = [(NodeKind.PROGRAMME, "Kouvolan seudun KOKO"), (NodeKind.MUNICIPALITY, "Kouvola"),
                 (NodeKind.MUNICIPALITY, "Iitti")]
KOUVOLA_EDGES = [(1, RelationType.PARTICIPATES_IN, 0), (2, RelationType.PARTICIPATES_IN, 0)]


def kouvola_doc(source="kouvola.txt", text=KOUVOLA_TEXT):
    return extraction(text, source, KOUVOLA_FACTS, KOUVOLA_EDGES)


def test_reingesting_an_unchanged_document_changes_nothing(store):
    first = store.ingest(kouvola_doc())
    before, changes = store.stats(), store.last_change()
    second = store.ingest(kouvola_doc())
    assert (first.status, second.status) == ("added", "unchanged")
    assert store.stats() == before
    assert store.last_change() == changes


def test_a_changed_document_replaces_exactly_its_own_facts(store):
    store.ingest(kouvola_doc())
    store.ingest(extraction("Iitti kuuluu Päijät-Hämeeseen.", "other.txt",
                            [(NodeKind.MUNICIPALITY, "Iitti")]))
    changed = extraction("Kouvolan seudun KOKO: mukana on Kouvola.", "kouvola.txt",
                         KOUVOLA_FACTS[:2], KOUVOLA_EDGES[:1])
    result = store.ingest(changed)
    assert result.status == "replaced"
    assert [d.source_path for d in store.documents()] == ["other.txt", "kouvola.txt"]
    iitti = store.node("municipality:iitti")
    assert {ev.document_id for ev in iitti.evidence} == {store.document_info("other.txt").id}
    edges = {(e.source, e.type.value, e.target) for e in store.iter_edges()}
    assert edges == {("municipality:kouvola", "PARTICIPATES_IN", "programme:kouvolan-seudun-koko")}


def test_removing_a_document_keeps_facts_another_document_supports(store):
    store.ingest(kouvola_doc("a.txt"))
    store.ingest(kouvola_doc("b.txt", KOUVOLA_TEXT + " Iitti on kunta."))
    store.ingest(extraction("Suonenjoki", "c.txt", [(NodeKind.MUNICIPALITY, "Suonenjoki")]))
    store.remove_document("a.txt")
    assert store.stats()["nodes"] == 4 and store.stats()["edges"] == 2
    for edge in store.iter_edges():
        assert [ev.source_path for ev in edge.evidence] == ["b.txt"]
    store.remove_document("b.txt")
    assert store.stats() == {"documents": 1, "nodes": 1, "edges": 0,
                             "nodes_by_kind": {"Municipality": 1}, "edges_by_type": {}}


def test_a_fact_from_several_documents_keeps_all_its_evidence(store):
    store.ingest(kouvola_doc("a.txt"))
    store.ingest(kouvola_doc("b.txt", "Toinen sivu. " + KOUVOLA_TEXT))
    node = store.node("municipality:kouvola")
    assert sorted(ev.source_path for ev in node.evidence) == ["a.txt", "b.txt"]
    assert all(ev.quote == "Kouvola" and ev.extractor == "test-rules" for ev in node.evidence)


def test_removing_an_unknown_document_is_a_clear_error_and_changes_nothing(store):
    store.ingest(kouvola_doc())
    before = store.stats()
    with pytest.raises(DocumentNotFound) as err:
        store.remove_document("no-such-document")
    assert "alueverkko documents" in err.value.fix
    assert store.stats() == before


def test_an_edge_to_a_node_outside_the_extraction_is_refused_and_nothing_is_stored(store):
    bad = kouvola_doc()
    ev = bad.edges[0].evidence
    bad.edges.append(Edge("municipality:kouvola", RelationType.FUNDS, "fund:jtf", {}, ev))
    with pytest.raises(InvalidInput):
        store.ingest(bad)
    assert store.stats()["documents"] == 0


def test_a_fact_without_evidence_is_refused(store):
    bad = kouvola_doc()
    bad.nodes[0].evidence.clear()
    with pytest.raises(InvalidInput, match="no evidence"):
        store.ingest(bad)


def test_evidence_spans_must_be_valid():
    with pytest.raises(ValueError):
        Evidence("d", 10, 5, "x", "rules")


def test_a_corrupt_data_file_is_reported_with_a_fix(tmp_path):
    path = tmp_path / "alueverkko.sqlite"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreCorrupt) as err:
        Store.open(path)
    assert "re-ingest" in err.value.fix
    assert path.read_bytes().startswith(b"this is not a database")


def test_a_store_from_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "alueverkko.sqlite"
    Store.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    with pytest.raises(SchemaTooNew, match="newer alueverkko"):
        Store.open(path)


def test_a_locked_store_is_reported_and_the_write_waits_for_nothing(store):
    store.ingest(kouvola_doc())
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreLocked, match="locked"):
            store.ingest(kouvola_doc("b.txt", "B " + KOUVOLA_TEXT))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert store.stats()["documents"] == 1


def test_changes_are_logged_for_projections_to_catch_up(store):
    store.ingest(kouvola_doc())
    changes = store.changes_since(0)
    assert {c.item_id for c in changes if c.item_kind == "node"} == {
        "programme:kouvolan-seudun-koko", "municipality:kouvola", "municipality:iitti"}
    last = store.last_change()
    store.remove_document("kouvola.txt")
    assert {c.item_kind for c in store.changes_since(last)} == {"node", "edge"}


CRASH_CHILD = textwrap.dedent("""
    import sys
    from alueverkko.graph.model import Document, Evidence, Extraction, Node, NodeKind
    from alueverkko.graph.store import Store
    store = Store.open(sys.argv[1])
    text = "x" * 10
    doc = Document(id="big-document", title="big", source_path="big.txt", text=text)
    ev = Evidence(doc.id, 0, 1, "x", "crash-test")
    nodes = [Node(NodeKind.ORGANISATION, f"Yhtiö {i} Oy", [f"Yhtiö {i} Oy"], {"n": i}, [ev]) for i in range(400000)]
    print("START", flush=True)
    store.ingest(Extraction(doc, nodes))
    print("DONE", flush=True)
""")


def test_a_kill_during_ingest_leaves_the_store_as_it_was(store, tmp_path):
    store.ingest(kouvola_doc())
    before = store.stats()
    store.close()
    child = subprocess.Popen([sys.executable, "-c", CRASH_CHILD, str(store.path)], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "START"
    # The insert of 400,000 nodes takes seconds; kill it while the transaction is open.
    import time
    time.sleep(1.0)
    child.kill()
    rest = child.communicate()[0]
    assert "DONE" not in rest, "the child finished before it was killed; make its transaction bigger"
    reopened = Store.open(store.path)
    assert reopened._read("PRAGMA integrity_check") == [("ok",)]
    assert reopened.stats() == before
    assert reopened.ingest(kouvola_doc("again.txt", "Uudelleen: " + KOUVOLA_TEXT)).status == "added"
