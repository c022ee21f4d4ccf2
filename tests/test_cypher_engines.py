"""The contract every Cypher engine keeps, run against each real engine.

Each test runs on the embedded FalkorDB and on a real Neo4j 5: the projection
follows the store (ingest, replace, remove, bulk), the engine itself refuses
writes, the time limit stops runaway queries, the row cap truncates and says
so, and a projection that lost its data is rebuilt.
"""

from __future__ import annotations

import pytest
from cypher_cases import settings_for
from cypher_world import DOCUMENTS, document, generate_world, ingest_fixture_world

from alueverkko.errors import QueryError, QueryRefused, QueryTimeout
from alueverkko.graph.cypher import close_engine, engine_for
from alueverkko.graph.store import Store
from alueverkko.queries.cypher import run_cypher

BACKENDS = [pytest.param("falkordb"), pytest.param("neo4j", marks=pytest.mark.neo4j)]


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def world(backend, tmp_path, request):
    """A store with the fixture world and the settings of one engine over it."""
    data = tmp_path / "data"
    store = Store.open(data / "alueverkko.sqlite")
    ingest_fixture_world(store)
    settings = settings_for(backend, data, request, query_timeout_s=10.0, query_row_cap=5)
    yield store, settings
    close_engine(settings)


def names(store, settings, query: str, params: dict | None = None) -> list:
    return sorted(row[0] for row in run_cypher(settings, store, query, params).rows)


def test_the_projection_follows_ingest_replace_and_remove(world):
    store, settings = world
    organisations = "MATCH (o:Organisation) RETURN o.name"
    assert "O'Connor & Kumppanit Oy" in names(store, settings, organisations)
    source, text, nodes, edges = DOCUMENTS[0]
    replaced = text.replace(" ja O'Connor & Kumppanit Oy", "")
    store.ingest(document(source, replaced, [n for n in nodes if not n[1].startswith("O'Connor")],
                          [e for e in edges if not e[0].startswith("O'Connor")]))
    assert "O'Connor & Kumppanit Oy" not in names(store, settings, organisations)
    assert names(store, settings, "MATCH (x)-[:PARTICIPATES_IN]->(:Project {name: 'Kymin osaajat'}) RETURN x.name") == [
        "Kotka", "Kouvola", "Kouvolan Innovaatiot Oy"]
    store.remove_document("saariston_silta.txt")
    assert "Åländsk Utveckling Ab" not in names(store, settings, organisations)
    kko = run_cypher(settings, store, "MATCH (o:Organisation {name: 'Kymijoen Kehitys Oy'}) "
                                      "RETURN o.evidence_count, size([(o)-[:COLLABORATES_WITH]-(x) | x])").rows
    assert kko == [[2, 1]]  # still named by two documents; one collaboration left


def test_a_bulk_load_rebuilds_the_projection(world):
    store, settings = world
    assert run_cypher(settings, store, "MATCH (n:Entity) RETURN count(n)").rows == [[27]]
    generate_world(store, "S")  # ingest_many: the change log says ('all', '*')
    after = run_cypher(settings, store, "MATCH (n:Entity) RETURN count(n)").rows[0][0]
    assert after == store.stats()["nodes"] > 800


def test_the_engine_itself_refuses_writes_that_bypass_the_check(world):
    store, settings = world
    run_cypher(settings, store, "RETURN 1")
    engine = engine_for(settings)
    for write in ["CREATE (:Organisation {name: 'Tunkeutuja'})", "MATCH (n:Entity) DETACH DELETE n",
                  "MATCH (n:Entity) SET n.name = 'x'"]:
        with pytest.raises(QueryRefused):
            engine.run(store, write, {}, timeout_s=10.0, row_cap=5)
    assert run_cypher(settings, store, "MATCH (n:Entity) RETURN count(n)").rows == [[27]]


def test_a_runaway_query_is_stopped_by_the_time_limit_and_the_engine_answers_afterwards(world):
    store, settings = world
    with pytest.raises(QueryTimeout) as err:
        run_cypher(settings, store, "UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y RETURN count(*)")
    assert err.value.status == 408
    assert run_cypher(settings, store, "MATCH (n:Entity) RETURN count(n)").rows == [[27]]


def test_an_unbounded_path_search_on_a_dense_graph_is_stopped_by_the_time_limit(world):
    store, settings = world
    generate_world(store, "S")
    with pytest.raises(QueryTimeout):
        run_cypher(settings, store, "MATCH p = (a:Organisation)-[*]-(b:Organisation) RETURN count(p)")
    funds = store.stats()["nodes_by_kind"]["Fund"]
    assert run_cypher(settings, store, "MATCH (n:Fund) RETURN count(n)").rows == [[funds]]


def test_the_row_cap_truncates_and_says_so(world):
    store, settings = world
    capped = run_cypher(settings, store, "UNWIND range(1, 12) AS x RETURN x")
    assert capped.rows == [[1], [2], [3], [4], [5]] and capped.truncated
    exact = run_cypher(settings, store, "UNWIND range(1, 5) AS x RETURN x")
    assert len(exact.rows) == 5 and not exact.truncated


def test_a_query_the_engine_cannot_parse_is_a_query_error_with_its_message(world):
    store, settings = world
    with pytest.raises(QueryError) as err:
        run_cypher(settings, store, "MATCH (n:Entity RETURN n")
    assert err.value.status == 400 and not isinstance(err.value, (QueryRefused, QueryTimeout))
    assert settings.cypher_backend in err.value.message.lower()


def test_values_travel_as_parameters_even_with_quotes_and_backslashes(world):
    store, settings = world
    tricky = "O'Connor & \"Kumppanit\" \\ ; MATCH (n) DETACH DELETE n //"
    assert run_cypher(settings, store, "RETURN $text AS text", {"text": tricky}).rows == [[tricky]]
    assert names(store, settings, "MATCH (o:Organisation {name: $name}) RETURN o.id",
                 {"name": "O'Connor & Kumppanit Oy"}) == ["organisation:o-connor-kumppanit-oy"]


def test_another_store_with_the_same_change_count_is_not_mistaken_for_this_one(backend, tmp_path, request):
    """Two stores whose change logs are equally long still each get their own graph."""
    answers = []
    for name in ("a", "b"):
        data = tmp_path / name
        store = Store.open(data / "alueverkko.sqlite")
        source, text, nodes, edges = DOCUMENTS[3]
        kept = [n for n in nodes if n[1] != ("Kotka" if name == "a" else "Kouvola")]
        store.ingest(document(source, text, kept, [e for e in edges if {e[0], e[2]} <= {n[1] for n in kept}]))
        settings = settings_for(backend, data, request)
        answers.append(names(store, settings, "MATCH (m:Municipality) RETURN m.name"))
        close_engine(settings)
    assert "Kotka" not in answers[0] and "Kotka" in answers[1]
    assert "Kouvola" in answers[0] and "Kouvola" not in answers[1]
