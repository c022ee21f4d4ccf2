"""The light evidence reads of graph/reads.py answer as the full loads of the store do."""

from __future__ import annotations

import pytest

from alueverkko.graph import reads
from alueverkko.graph.model import Document, Edge, Evidence, Extraction, Node, NodeKind, RelationType
from alueverkko.graph.store import Store

FIRST = "Kouvolan kaupunki koordinoi hanketta Rautatiekylä. Kouvola on mukana myös Kymijoen hankkeessa."
SECOND = "Rautatiekylä-hanketta koordinoi Kouvolan kaupunki vuosina 2021–2023."


@pytest.fixture()
def store(tmp_path):
    store = Store.open(tmp_path / "alueverkko.sqlite")
    for doc_id, title, text in (("d1", "Toimintasuunnitelma", FIRST), ("d2", "Hankekortti", SECOND)):
        kouvola = Node(NodeKind.MUNICIPALITY, "Kouvola", ["Kouvolan kaupunki"], {},
                       [Evidence(doc_id, text.index("Kouvola"), text.index("Kouvola") + 7, "Kouvola", "test")])
        if doc_id == "d1":
            second = text.index("Kouvola on")
            kouvola.evidence.append(Evidence(doc_id, second, second + 7, "Kouvola", "test"))
        project = Node(NodeKind.PROJECT, "Rautatiekylä", [], {},
                       [Evidence(doc_id, text.index("Rautatiekylä"), text.index("Rautatiekylä") + 12, "Rautatiekylä",
                                 "test")])
        sentence = text.split(".")[0] + "."
        edge = Edge(kouvola.id, RelationType.COORDINATES, project.id, {},
                    [Evidence(doc_id, 0, len(sentence), sentence, "test")])
        store.ingest(Extraction(Document(doc_id, title, f"{doc_id}.txt", text), [kouvola, project], [edge]))
    return store


def test_evidence_at_reads_exactly_the_spans_asked_for_with_their_documents(store):
    kouvola = store.nodes_by_id(["municipality:kouvola"])[0]
    assert len(kouvola.evidence) == 3
    asked = [("municipality:kouvola", ev.document_id, ev.start, ev.end) for ev in kouvola.evidence[1:]]
    found = reads.evidence_at(store, "node", asked + [("municipality:kouvola", "d1", 0, 3)])
    assert set(found) == set(asked)
    assert list(found.values()) == kouvola.evidence[1:]
    assert {ev.document_title for ev in found.values()} == {"Toimintasuunnitelma", "Hankekortti"}


def test_first_evidence_is_the_first_of_the_full_load(store):
    edge = store.edges_by_id(["municipality:kouvola|COORDINATES|project:rautatiekyla"])[0]
    assert len(edge.evidence) == 2
    found = reads.first_evidence(store, "edge", [edge.id, "no|SUCH|edge"])
    assert found == {edge.id: reads.FirstEvidence(2, edge.evidence[0])}
    assert found[edge.id].evidence.source_path == "d1.txt"
