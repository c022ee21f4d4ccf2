"""Cypher through the HTTP API: POST /api/cypher and the canned queries, on both engines."""

from __future__ import annotations

import pytest
from cypher_cases import settings_for
from cypher_world import ingest_fixture_world
from fastapi.testclient import TestClient

from alueverkko.api.app import create_app
from alueverkko.graph.cypher import close_engine

BACKENDS = [pytest.param("falkordb"), pytest.param("neo4j", marks=pytest.mark.neo4j)]
ERROR_KEYS = {"code", "message", "where", "fix", "details"}


@pytest.fixture(params=BACKENDS)
def client(request, tmp_path):
    settings = settings_for(request.param, tmp_path / "data", request, query_timeout_s=10.0, query_row_cap=3)
    app = create_app(settings)
    ingest_fixture_world(app.state.store)
    yield TestClient(app, raise_server_exceptions=False)
    close_engine(settings)


def test_a_query_answers_columns_rows_and_truncated(client):
    response = client.post("/api/cypher", json={"query": "MATCH (m:Municipality)-[:PART_OF]->(r:Region {name: $r}) "
                                                          "RETURN m.name AS name ORDER BY name",
                                                "params": {"r": "Kymenlaakso"}})
    assert response.status_code == 200, response.text
    body = response.json()
    assert {k: body[k] for k in ("columns", "rows", "truncated")} == {
        "columns": ["name"], "rows": [["Kotka"], ["Kouvola"]], "truncated": False}


def test_more_rows_than_the_cap_are_cut_and_flagged(client):
    body = client.post("/api/cypher", json={"query": "MATCH (n:Entity) RETURN n.id AS id ORDER BY id"}).json()
    assert len(body["rows"]) == 3 and body["truncated"] is True


def test_nodes_relationships_and_paths_come_back_as_plain_json(client):
    body = client.post("/api/cypher", json={"query": "MATCH p = (a:Person {name: 'Pekka Öhman'})-[r]->(o) "
                                                     "RETURN a, r, p"}).json()
    node, rel, path = body["rows"][0]
    assert node["id"] == "person:pekka-ohman" and node["labels"] == ["Entity", "Person"]
    assert node["properties"]["evidence_quotes"] == ["Pekka Öhman"]
    assert rel == {"type": "WORKS_FOR", "start": "person:pekka-ohman", "end": "organisation:alandsk-utveckling-ab",
                   "properties": rel["properties"]}
    assert rel["properties"]["id"] == "person:pekka-ohman|WORKS_FOR|organisation:alandsk-utveckling-ab"
    assert [step.get("id", step.get("type")) for step in path] == [
        "person:pekka-ohman", "WORKS_FOR", "organisation:alandsk-utveckling-ab"]


@pytest.mark.parametrize("query", ["MATCH (n) DETACH DELETE n", "CREATE (:Organisation {name: 'x'})",
                                   "CALL dbms.listConfig()", "CALL db.idx.fulltext.createNodeIndex('Entity', 'name')",
                                   "MATCH (n) RETURN n; MATCH (m) DELETE m"])
def test_writes_and_admin_procedures_are_refused_with_403(client, query):
    response = client.post("/api/cypher", json={"query": query})
    assert response.status_code == 403
    assert set(response.json()["error"]) == ERROR_KEYS
    assert response.json()["error"]["code"] == "query_refused"
    count = client.post("/api/cypher", json={"query": "MATCH (n:Entity) RETURN count(n) AS n"}).json()
    assert count["rows"] == [[27]]


def test_a_runaway_query_answers_408_and_the_next_one_works(client):
    response = client.post("/api/cypher", json={"query": "UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y "
                                                         "RETURN count(*)"})
    assert response.status_code == 408
    assert response.json()["error"]["code"] == "query_timeout"
    assert client.post("/api/cypher", json={"query": "RETURN 1 AS one"}).json()["rows"] == [[1]]


def test_a_syntax_error_answers_400_with_the_engines_message(client):
    response = client.post("/api/cypher", json={"query": "MATCH (n RETURN n"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "query_error"


def test_the_canned_queries_are_listed_with_their_parameters(client):
    listed = {q["name"]: q for q in client.get("/api/cypher/queries").json()}
    assert {"coordinators", "partners", "programme-projects", "region-actors", "funders", "contact-persons",
            "neighbourhood", "shortest-path"} <= set(listed)
    assert listed["partners"]["params"] == [{"name": "name", "required": True, "default": None},
                                            {"name": "limit", "required": False, "default": 50}]


def test_a_canned_query_runs_by_name_with_parameters(client):
    response = client.post("/api/cypher/queries/partners", json={"params": {"name": "Åländsk Utveckling Ab"}})
    assert response.status_code == 200, response.text
    assert response.json()["rows"] == [["Kymijoen Kehitys Oy", 1, ["Saariston silta"]]]
    path = client.post("/api/cypher/queries/shortest-path",
                       json={"params": {"from": "Pekka Öhman", "to": "Kouvolan kaupunki"}}).json()
    assert path["rows"] == [[4, ["Pekka Öhman", "Åländsk Utveckling Ab", "Kymijoen Kehitys Oy", "Kymin osaajat",
                                 "Kouvola"], ["WORKS_FOR", "COLLABORATES_WITH", "COORDINATES", "PARTICIPATES_IN"]]]


def test_a_canned_query_without_its_required_parameter_answers_400_and_an_unknown_one_404(client):
    missing = client.post("/api/cypher/queries/partners", json={"params": {}})
    assert missing.status_code == 400 and "name" in missing.json()["error"]["message"]
    unknown = client.post("/api/cypher/queries/no-such-query", json={"params": {}})
    assert unknown.status_code == 404 and "partners" in unknown.json()["error"]["fix"]
