"""Exports: the stable JSON format round-trips; GraphML and GEXF keep attributes."""

from __future__ import annotations

import json

import networkx as nx
from conftest import extraction

from alueverkko.graph.export import flat_graph, from_json, to_json, write_export
from alueverkko.graph.model import NodeKind, RelationType
from alueverkko.graph.projection import to_networkx

TEXT = "Kehittämisyhtiö Karstulanseutu koordinoi hanketta Pikastartti, budjetti 116 475 €. Keski-Suomen liitto rahoittaa."


def filled(store):
    store.ingest(extraction(TEXT, "hanke.txt", [
        (NodeKind.ORGANISATION, "Kehittämisyhtiö Karstulanseutu"), (NodeKind.PROJECT, "Pikastartti"),
        (NodeKind.ORGANISATION, "Keski-Suomen liitto")],
        [(0, RelationType.COORDINATES, 1), (2, RelationType.FUNDS, 1)],
        attrs={1: {"budget_eur": 116475, "start": "2022-12-01", "years": [2022, 2023, 2024]}}))
    return store


def documents(store):
    return [{"id": d.id, "title": d.title, "source": d.source_path} for d in store.documents()]


def test_json_export_round_trips_through_a_graph_identically(store):
    data = to_json(to_networkx(filled(store)), documents(store))
    again = to_json(*from_json(json.loads(json.dumps(data))))
    assert again == data
    assert {e["type"] for e in data["edges"]} == {"COORDINATES", "FUNDS"}
    evidence = data["edges"][0]["evidence"][0]
    assert set(evidence) >= {"document", "quote", "start", "end", "extractor"}
    assert evidence["document"] == data["documents"][0]["id"]


def test_projection_keeps_attributes_aliases_and_evidence(store):
    graph = to_networkx(filled(store))
    project = graph.nodes["project:pikastartti"]
    assert project["attrs"]["budget_eur"] == 116475
    assert project["aliases"] == ["Pikastartti"]
    assert project["evidence"][0]["source_path"] == "hanke.txt"
    assert graph.has_edge("organisation:keski-suomen-liitto", "project:pikastartti", key="FUNDS")


def test_graphml_and_gexf_open_with_flattened_attributes(store, tmp_path):
    graph = to_networkx(filled(store))
    docs = documents(store)
    write_export(graph, docs, "graphml", tmp_path / "g.graphml")
    write_export(graph, docs, "gexf", tmp_path / "g.gexf")
    for read in (nx.read_graphml(tmp_path / "g.graphml"), nx.read_gexf(tmp_path / "g.gexf")):
        assert read.number_of_nodes() == 3 and read.number_of_edges() == 2
    back = nx.read_graphml(tmp_path / "g.graphml")
    assert back.nodes["project:pikastartti"]["attr_budget_eur"] == 116475
    assert json.loads(back.nodes["project:pikastartti"]["attr_years"]) == [2022, 2023, 2024]
    assert all(isinstance(v, (int, float, str)) for _, d in flat_graph(graph).nodes(data=True) for v in d.values())


def test_csv_export_writes_nodes_and_edges_files(store, tmp_path):
    written = write_export(to_networkx(filled(store)), documents(store), "csv", tmp_path / "csv")
    assert [p.name for p in written] == ["nodes.csv", "edges.csv"]
    assert "Kehittämisyhtiö Karstulanseutu" in written[0].read_text(encoding="utf-8")
    assert written[1].read_text(encoding="utf-8").count("\n") == 3
