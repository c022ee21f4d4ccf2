"""Search, entity and neighbourhood endpoints against a real store filled from the fixture documents."""

from __future__ import annotations

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from alueverkko.api.app import create_app

KOUVOLA = "municipality:kouvola"
RAUTATIE = "project:rautatiekaupunki"


@pytest.fixture(scope="module")
def client(world_settings):
    with TestClient(create_app(world_settings)) as test_client:
        yield test_client


def test_search_finds_an_inflected_place_name_with_id_kind_name_alias_and_score(client):
    body = client.get("/api/search", params={"q": "Kouvolan"}).json()
    assert body["hits"][0] == {"id": KOUVOLA, "kind": "Municipality", "name": "Kouvola", "matched": "Kouvola",
                               "match": "lemma", "score": 0.9}


def test_search_filters_by_kind_and_paginates(client):
    body = client.get("/api/search", params={"q": "Lieksa", "kind": "programme", "per_page": 1, "page": 2}).json()
    assert body["kinds"] == ["Programme"] and body["page"] == 2 and body["per_page"] == 1
    assert body["total"] >= 2 and body["pages"] == body["total"] and len(body["hits"]) == 1
    assert body["hits"][0]["kind"] == "Programme"


def test_search_without_accents_and_with_a_typo(client):
    assert client.get("/api/search", params={"q": "hameenlinna"}).json()["hits"][0]["id"] == "municipality:hameenlinna"
    assert client.get("/api/search", params={"q": "Kouvla"}).json()["hits"][0]["match"] == "fuzzy"


def test_an_entity_lists_relations_in_both_directions_grouped_by_type(client):
    body = client.get(f"/api/entities/{RAUTATIE}").json()
    groups = {(g["type"], g["direction"]): g for g in body["relations"]}
    assert set(groups) == {("COORDINATES", "in"), ("PARTICIPATES_IN", "in"), ("FUNDS", "in"),
                           ("CONTACT_FOR", "in"), ("PART_OF", "out")}
    coordinator = groups[("COORDINATES", "in")]["relations"][0]
    assert coordinator["other"] == {"id": KOUVOLA, "kind": "Municipality", "name": "Kouvola"}
    assert groups[("PART_OF", "out")]["relations"][0]["other"]["id"] == "region:pohjois-savo"


def test_every_relation_carries_its_evidence_with_document_title_quote_and_span(client):
    body = client.get(f"/api/entities/{RAUTATIE}").json()
    relation = next(g for g in body["relations"] if g["type"] == "FUNDS")["relations"][0]
    evidence = relation["evidence"][0]
    assert relation["evidence_count"] == 1
    assert evidence["document_title"] == "rautatiekaupunki.txt"
    assert "Maakunnan kehittämisraha" in evidence["quote"]
    document = client.get(f"/api/documents/{evidence['document_id']}").json()
    assert document["text"][evidence["start"]:evidence["end"]] == evidence["quote"]
    assert evidence["link"] == f"/documents/{evidence['document_id']}#span-{evidence['start']}-{evidence['end']}"


def test_an_entity_named_in_two_documents_has_mentions_and_aliases_from_both(client):
    body = client.get(f"/api/entities/{KOUVOLA}").json()
    assert body["aliases"] == ["Kouvolan kaupunki"]
    assert {e["document_title"] for e in body["evidence"]} == {"rautatiekaupunki.txt", "merkit.txt"}
    assert body["links"]["map"] == f"/maps/entity/{KOUVOLA}"


def test_an_undirected_relation_is_listed_as_both_directions(client):
    body = client.get(f"/api/entities/{KOUVOLA}").json()
    group = next(g for g in body["relations"] if g["type"] == "COLLABORATES_WITH")
    assert group["direction"] == "both" and group["relations"][0]["other"]["name"] == "Markkina & Merkki Oy"


def test_relations_beyond_the_per_group_cap_are_counted_and_flagged(client, world_settings):
    erdf = "fund:euroopan-aluekehitysrahasto"
    full = next(g for g in client.get(f"/api/entities/{erdf}").json()["relations"] if g["type"] == "FUNDS")
    capped = world_settings.model_copy(update={"entity_relations_per_group": 1, "evidence_per_fact": 1})
    with TestClient(create_app(capped)) as small:
        funds = next(g for g in small.get(f"/api/entities/{erdf}").json()["relations"] if g["type"] == "FUNDS")
        kouvola = small.get(f"/api/entities/{KOUVOLA}").json()
    assert full["count"] >= 2 and full["truncated"] is False and len(full["relations"]) == full["count"]
    assert funds["count"] == full["count"] and funds["truncated"] is True and len(funds["relations"]) == 1
    assert kouvola["evidence_count"] == 2 and len(kouvola["evidence"]) == 1


def test_the_neighbourhood_is_node_link_data_that_networkx_reads(client):
    body = client.get(f"/api/entities/{KOUVOLA}/neighbourhood").json()
    graph = nx.node_link_graph(body, edges="links")
    assert graph.is_directed() and graph.nodes[KOUVOLA]["depth"] == 0
    assert set(graph.successors(KOUVOLA)) >= {RAUTATIE, "project:vanha-satama"}
    assert all(data["depth"] == 1 for node, data in graph.nodes(data=True) if node != KOUVOLA)


def test_depth_two_reaches_the_neighbours_of_neighbours(client):
    one = {n["id"] for n in client.get(f"/api/entities/{KOUVOLA}/neighbourhood").json()["nodes"]}
    two = {n["id"]: n["depth"] for n in client.get(f"/api/entities/{KOUVOLA}/neighbourhood?depth=2").json()["nodes"]}
    assert "municipality:hameenlinna" not in one and two["municipality:hameenlinna"] == 2


def test_neighbourhood_filters_by_kind_relation_type_and_years(client):
    url = f"/api/entities/{KOUVOLA}/neighbourhood"
    kinds = {n["kind"] for n in client.get(url, params={"kinds": "Project", "depth": 2}).json()["nodes"]}
    assert kinds == {"Municipality", "Project"}  # the center is always kept
    types = {link["type"] for link in client.get(url, params={"types": "COORDINATES"}).json()["links"]}
    assert types == {"COORDINATES"}
    recent = {n["id"] for n in client.get(url, params={"years": "2020-2022"}).json()["nodes"]}
    old = {n["id"] for n in client.get(url, params={"years": "2011"}).json()["nodes"]}
    assert RAUTATIE in recent and "project:vanha-satama" not in recent
    assert "project:vanha-satama" in old and RAUTATIE not in old
    assert "person:ilona-rautio" in recent and "person:ilona-rautio" in old  # undated facts pass


def test_a_neighbourhood_larger_than_the_cap_is_cut_and_says_so(world_settings):
    with TestClient(create_app(world_settings.model_copy(update={"neighbourhood_max_nodes": 3}))) as small:
        body = small.get(f"/api/entities/{KOUVOLA}/neighbourhood?depth=3").json()
    assert body["graph"]["capped"] is True and len(body["nodes"]) == 3
    ids = {n["id"] for n in body["nodes"]}
    assert all(link["source"] in ids and link["target"] in ids for link in body["links"])


def test_an_uncapped_neighbourhood_says_it_was_not_capped(client):
    assert client.get(f"/api/entities/{RAUTATIE}/neighbourhood").json()["graph"]["capped"] is False


def test_the_openapi_document_names_the_output_models(client):
    spec = client.get("/openapi.json").json()
    schema = spec["paths"]["/api/entities/{entity_id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/EntityOut")
    assert {"SearchOut", "NeighbourhoodOut", "DocumentOut", "UploadOut"} <= set(spec["components"]["schemas"])
    assert client.get("/docs").status_code == 200
