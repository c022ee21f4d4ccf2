"""Query abuse: what a hostile user can send to the Cypher and SPARQL endpoints, and what happens.

The matrix: every writing, administering or calling-out form (plain and
disguised: lower case, comments, unicode whitespace, several statements) is
refused with a clear error through the HTTP API and through the command line,
on both Cypher engines (the embedded FalkorDB and a real Neo4j 5), and the
graph is the same afterwards: the canonical store's counts and the engine's
own counts, labels, relationship types and names. Then runaway queries on a
live server: stopped by the time limit while other requests are answered, and
results capped.

Cases already covered elsewhere are reused, not repeated: the guard's unit
cases (tests/test_cypher_guard.py), every SPARQL update form through every
transport of the protocol (tests/test_sparql_endpoint.py, whose UPDATES and
SERVICES lists are run here through the CLI too).
"""

from __future__ import annotations

import sys
import threading
import time

import httpx
import pytest
from cypher_cases import settings_for
from cypher_world import generate_world, ingest_fixture_world
from fastapi.testclient import TestClient
from test_sparql_endpoint import SERVICES, UPDATES

from alueverkko.api.app import create_app
from alueverkko.graph.store import Store
from alueverkko.settings import Settings
from support.live_server import live_server

BACKENDS = [pytest.param("falkordb"), pytest.param("neo4j", marks=pytest.mark.neo4j)]
REFUSAL_WORDS = ("read-only", "not allowed", "several statements")

CYPHER_WRITES = {
    "create": "CREATE (:Organisation {name: 'Tunkeutuja Oy'})",
    "merge": "MERGE (o:Organisation {name: 'Tunkeutuja Oy'}) RETURN o",
    "set": "MATCH (o:Organisation) SET o.name = 'Tunkeutuja Oy'",
    "set-label": "MATCH (n:Person) SET n:Organisation",
    "delete": "MATCH (n:Person) DELETE n",
    "detach-delete": "MATCH (n) DETACH DELETE n",
    "remove-property": "MATCH (o:Organisation) REMOVE o.name",
    "remove-label": "MATCH (n:Entity) REMOVE n:Entity",
    "foreach-set": "MATCH (n) FOREACH (x IN [1] | SET n.x = x)",
    "subquery-delete": "CALL { MATCH (n:Person) DETACH DELETE n }",
    "load-csv-file": "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "load-csv-http-create": "LOAD CSV WITH HEADERS FROM 'http://127.0.0.1:9/x.csv' AS row CREATE (:X {v: row.v})",
    "create-index": "CREATE INDEX FOR (n:Organisation) ON (n.name)",
    "drop-constraint": "DROP CONSTRAINT alueverkko_entity_id",
    "call-set-config": "CALL dbms.setConfigValue('db.logs.query.enabled', 'OFF')",
    "call-create-label": "CALL db.createLabel('X')",
    "call-create-property": "CALL db.createProperty('salainen')",
    "call-create-user": "CALL dbms.security.createUser('tunkeutuja', 'salasana', false)",
    "call-clear-caches": "CALL db.clearQueryCaches()",
    "call-apoc-iterate": "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {})",
    "call-apoc-run-write": "CALL apoc.cypher.runWrite('CREATE (:X)', {})",
    "call-falkordb-fulltext-index": "CALL db.idx.fulltext.createNodeIndex('Entity', 'name')",
    "call-falkordb-fulltext-drop": "CALL db.idx.fulltext.drop('Entity')",
    "call-backticked": "CALL `db`.`createLabel`('X')",
    "call-after-comment": "CALL /* vain luku */ db.createLabel('X')",
    "call-lower-case": "call db.createlabel('X')",
    "lower-case": "match (n) detach delete n",
    "mixed-case": "MaTcH (o:Organisation) sEt o.name = 'x'",
    "block-comments": "MATCH (n) /* lukuoperaatio */ DETACH /* vain */ DELETE n",
    "line-comment": "MATCH (n) // vain luku\nDELETE n",
    "nbsp": "MATCH (n)\u00a0DETACH\u00a0DELETE\u00a0n",
    "em-and-ideographic-space": "MATCH\u3000(o:Organisation)\u2003SET\u2003o.name\u2003=\u2003'x'",
    "line-separator": "MATCH (n)\u2028DELETE n",
    "zero-width-space": "MATCH (n)\u200bDELETE n",
    "two-statements": "MATCH (n) RETURN count(n); MATCH (n) DETACH DELETE n",
    "semicolon-after-string": "RETURN 'a;b' AS x; CREATE (:X)",
    "use-system": "USE system CREATE USER tunkeutuja SET PASSWORD 'salasana'",
}

#: SPARQL forms beyond tests/test_sparql_endpoint.py's UPDATES and SERVICES: disguises.
SPARQL_UPDATE_TRICKS = [
    "insert data { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
    "# vain luku\nINSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
    "PREFIX ex: <http://example.org/>\nDELETE WHERE { ?s ex:p ?o }",
    "INSERT\u00a0DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
    "CLEAR\u2003ALL",
    "LOAD <file:///etc/passwd>",
    "LOAD SILENT <http://127.0.0.1:9/data.ttl> INTO GRAPH <http://example.org/g>",
    "DROP SILENT GRAPH <http://example.org/g>",
]
SPARQL_SERVICE_TRICKS = [
    "SELECT * WHERE { SERVICE # huomautus\n <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "ASK { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o . FILTER EXISTS { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }",
]

CYPHER_STATE = {
    "nodes": "MATCH (n) RETURN count(n)",
    "relationships": "MATCH ()-[r]->() RETURN count(r)",
    "labels": "CALL db.labels() YIELD label RETURN label ORDER BY label",
    "types": "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType ORDER BY relationshipType",
    "names": "MATCH (n:Entity) RETURN n.id, n.name, labels(n) ORDER BY n.id",
}
SPARQL_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"


# -- worlds ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def world_dir(tmp_path_factory):
    data = tmp_path_factory.mktemp("abuse") / "data"
    store = Store.open(data / "alueverkko.sqlite")
    ingest_fixture_world(store)
    store.close()
    return data


@pytest.fixture(scope="module", params=BACKENDS)
def cypher_api(request, world_dir):
    """(client, settings, baseline) of one Cypher engine over the module's world."""
    settings = settings_for(request.param, world_dir, request, query_timeout_s=60.0, sparql_workers=1)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client, settings, (client.app.state.store.stats(), cypher_state(client))


@pytest.fixture(scope="module")
def sparql_api(world_dir):
    settings = Settings(data_dir=world_dir, sparql_workers=1, query_timeout_s=60.0)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client, settings, (client.app.state.store.stats(), sparql_count(client))


def cypher_state(client) -> dict:
    state = {}
    for name, query in CYPHER_STATE.items():
        response = client.post("/api/cypher", json={"query": query})
        assert response.status_code == 200, response.text
        state[name] = response.json()["rows"]
    assert len(state["names"]) == 27  # the fixture world, so an emptied graph cannot pass as unchanged
    return state


def sparql_count(client) -> int:
    response = client.get("/sparql", params={"query": SPARQL_COUNT}, headers={"accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    count = int(response.json()["results"]["bindings"][0]["n"]["value"])
    assert count > 100
    return count


def run_cli(monkeypatch, capsys, settings: Settings, *args: str) -> tuple[int, str]:
    """The real command line (alueverkko.cli.run, the console script's entry point) in this process."""
    from alueverkko.cli import run

    for name in ("cypher_backend", "neo4j_uri", "query_timeout_s", "sparql_workers"):
        monkeypatch.setenv(f"ALUEVERKKO_{name.upper()}", str(getattr(settings, name)))
    monkeypatch.setattr(sys, "argv", ["alueverkko", "--data", str(settings.data_dir), *args])
    capsys.readouterr()
    try:
        run()
        code = 0
    except SystemExit as done:
        code = done.code
    return code, capsys.readouterr().err


def assert_refused_json(response) -> None:
    assert response.status_code == 403, response.text
    error = response.json()["error"]
    assert error["code"] == "query_refused" and error["fix"]
    assert any(word in error["message"] for word in REFUSAL_WORDS) or "refused" in error["message"], error


# -- Cypher ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("query", CYPHER_WRITES.values(), ids=CYPHER_WRITES.keys())
def test_cypher_writes_are_refused_by_the_api_and_the_graph_is_unchanged(cypher_api, query):
    client, _settings, (stats, state) = cypher_api
    response = client.post("/api/cypher", json={"query": query})
    assert_refused_json(response)
    assert any(word in response.json()["error"]["message"] for word in REFUSAL_WORDS)
    assert client.app.state.store.stats() == stats
    assert cypher_state(client) == state


@pytest.mark.parametrize("query", CYPHER_WRITES.values(), ids=CYPHER_WRITES.keys())
def test_cypher_writes_are_refused_by_the_cli_and_the_graph_is_unchanged(cypher_api, monkeypatch, capsys, query):
    client, settings, (stats, state) = cypher_api
    code, stderr = run_cli(monkeypatch, capsys, settings, "query", "cypher", query)
    assert code == 1
    assert stderr.startswith("error:") and any(word in stderr for word in REFUSAL_WORDS), stderr
    assert "Fix:" in stderr
    assert client.app.state.store.stats() == stats
    assert cypher_state(client) == state


ENGINE_LEVEL = ["MERGE (o:Organisation {name: 'Tunkeutuja Oy'})", "MATCH (o:Organisation) REMOVE o.name",
                "MATCH (n) FOREACH (x IN [1] | SET n.x = x)", "CALL db.createLabel('X')",
                "CALL db.idx.fulltext.createNodeIndex('Entity', 'name')"]


@pytest.mark.parametrize("query", ENGINE_LEVEL)
def test_the_engine_itself_refuses_writes_that_bypass_the_guard(cypher_api, query):
    """Defence in depth: the engines run user queries read-only (Neo4j READ sessions, GRAPH.RO_QUERY)."""
    from alueverkko.errors import QueryError
    from alueverkko.graph.cypher import engine_for

    client, settings, (stats, state) = cypher_api
    store = client.app.state.store
    with pytest.raises(QueryError):
        engine_for(settings).run(store, query, {}, timeout_s=60.0, row_cap=10)
    assert cypher_state(client) == state


# -- SPARQL ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("update", SPARQL_UPDATE_TRICKS)
def test_disguised_sparql_updates_are_refused_by_the_api_and_nothing_changes(sparql_api, update):
    client, _settings, (stats, count) = sparql_api
    for response in (client.get("/sparql", params={"query": update}),
                     client.post("/sparql", data={"update": update}),
                     client.post("/sparql", content=update.encode(), headers={"content-type": "application/sparql-query"})):
        assert_refused_json(response)
        assert response.json()["error"]["details"]["refused"] == "update"
    assert client.app.state.store.stats() == stats
    assert sparql_count(client) == count


def test_an_update_after_a_query_is_not_run(sparql_api):
    """A query then an update is no query the grammar allows: a syntax error (400), nothing runs."""
    client, _settings, (stats, count) = sparql_api
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } ; DROP ALL"})
    assert response.status_code in (400, 403) and response.json()["error"]["code"] in ("query_error", "query_refused")
    assert client.app.state.store.stats() == stats
    assert sparql_count(client) == count


@pytest.mark.parametrize("query", SPARQL_SERVICE_TRICKS)
def test_disguised_service_calls_are_refused_by_the_api(sparql_api, query):
    client, _settings, _baseline = sparql_api
    response = client.get("/sparql", params={"query": query})
    assert_refused_json(response)
    assert response.json()["error"]["details"]["refused"] == "service"


@pytest.mark.parametrize("query", UPDATES + SPARQL_UPDATE_TRICKS + SERVICES + SPARQL_SERVICE_TRICKS)
def test_sparql_updates_and_service_are_refused_by_the_cli_and_nothing_changes(sparql_api, monkeypatch, capsys, query):
    client, settings, (stats, count) = sparql_api
    code, stderr = run_cli(monkeypatch, capsys, settings, "query", "sparql", query)
    assert code == 1
    assert stderr.startswith("error:") and ("read-only" in stderr or "SERVICE" in stderr), stderr
    assert "Fix:" in stderr
    assert client.app.state.store.stats() == stats
    assert sparql_count(client) == count


# -- runaway queries on a live server, and capped results -------------------------------------------
TIMEOUT_S = 3.0
ROW_CAP = 50
CYPHER_RUNAWAYS = {
    # chained comparisons: Neo4j answers a bare count(*) of a product from its count store at once
    "cartesian-product": "MATCH (a), (b), (c), (d) WHERE a.id < b.id AND b.id < c.id AND c.id < d.id RETURN count(*)",
    "unbounded-variable-length-path": "MATCH p = (a:Organisation)-[*]-(b:Organisation) RETURN count(p)",
}
SPARQL_RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module", params=BACKENDS)
def live(request, tmp_path_factory):
    """A live server over a dense generated world (901 nodes, 3114 relationships) with a short time limit."""
    data = tmp_path_factory.mktemp("runaway") / "data"
    store = Store.open(data / "alueverkko.sqlite")
    ingest_fixture_world(store)
    generate_world(store, "S")
    store.close()
    settings = settings_for(request.param, data, request, query_timeout_s=TIMEOUT_S, query_row_cap=ROW_CAP,
                            sparql_workers=2)
    with live_server(lambda base: create_app(settings.model_copy(update={"base_iri": base}))) as (url, app):
        warm = httpx.post(f"{url}/api/cypher", json={"query": "MATCH (n) RETURN count(n)"}, timeout=300)
        assert warm.status_code == 200, warm.text  # the engine has synced: the runaway meets a ready graph
        yield url
        from alueverkko.graph.cypher import close_engine
        close_engine(app.state.settings)


def run_beside(runaway, others: dict) -> tuple[httpx.Response, dict]:
    """Send ``runaway`` in a thread, then each of ``others``; which of them were answered before the runaway was."""
    outcome: dict = {}
    done = threading.Event()
    started = threading.Event()

    def send():
        started.set()
        try:
            outcome["response"] = runaway()
        finally:
            done.set()

    thread = threading.Thread(target=send)
    thread.start()
    started.wait()
    time.sleep(0.5)  # let the runaway reach the engine; the assertion is about order, not speed
    answered = {}
    for name, request in others.items():
        response = request()
        answered[name] = (response, not done.is_set())
    thread.join(timeout=300)
    return outcome["response"], answered


def others_on(url: str) -> dict:
    return {"health": lambda: httpx.get(f"{url}/api/health", timeout=120),
            "search": lambda: httpx.get(f"{url}/api/search", params={"q": "Kouvola"}, timeout=120)}


def assert_answered_while_the_runaway_ran(answered: dict) -> None:
    for name, (response, before_runaway) in answered.items():
        assert response.status_code == 200, (name, response.text)
        assert before_runaway, f"{name} was answered only after the runaway query ended"
    assert answered["search"][0].json()["hits"], "the search found nothing"


@pytest.mark.parametrize("query", CYPHER_RUNAWAYS.values(), ids=CYPHER_RUNAWAYS.keys())
def test_a_runaway_cypher_query_is_stopped_while_the_server_answers_others(live, query):
    url = live
    runaway, answered = run_beside(lambda: httpx.post(f"{url}/api/cypher", json={"query": query}, timeout=300),
                                   others_on(url))
    assert runaway.status_code == 408, runaway.text
    assert runaway.json()["error"]["code"] == "query_timeout"
    assert_answered_while_the_runaway_ran(answered)
    after = httpx.post(f"{url}/api/cypher", json={"query": "MATCH (n:Fund) RETURN count(n)"}, timeout=120)
    assert after.status_code == 200 and after.json()["rows"] == [[6]]


def test_a_runaway_sparql_cross_join_is_stopped_while_the_server_answers_others(live):
    url = live
    runaway, answered = run_beside(lambda: httpx.get(f"{url}/sparql", params={"query": SPARQL_RUNAWAY}, timeout=300),
                                   others_on(url))
    assert runaway.status_code == 408, runaway.text
    assert runaway.json()["error"]["code"] == "query_timeout"
    assert_answered_while_the_runaway_ran(answered)


def test_results_are_capped_and_flagged(live):
    url = live
    for query in ("UNWIND range(1, 100000) AS x RETURN x", "MATCH (n) RETURN n"):
        body = httpx.post(f"{url}/api/cypher", json={"query": query}, timeout=120).json()
        assert len(body["rows"]) == ROW_CAP and body["truncated"] is True, query
    small = httpx.post(f"{url}/api/cypher", json={"query": "UNWIND range(1, 3) AS x RETURN x"}, timeout=120).json()
    assert small["truncated"] is False
    sparql = httpx.get(f"{url}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, timeout=120,
                       headers={"accept": "application/sparql-results+json"})
    assert len(sparql.json()["results"]["bindings"]) == ROW_CAP and sparql.json()["truncated"] is True
