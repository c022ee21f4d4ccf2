"""Both Cypher engines give the same answers to the same analyst queries on the same graph.

The queries are data (tests/cypher_conformance/*.cypher) plus every canned
query; each runs on the embedded FalkorDB and on a real Neo4j 5 over one
canonical store: the hand-made Finnish world, and the generated world of
bench/world.py (size S). Known dialect differences are pinned in
test_cypher_differences.py and listed in docs/cypher.md.
"""

from __future__ import annotations

import random

import pytest
from cypher_cases import ENGINES, World, comparable, load_cases, world_of
from cypher_world import generate_world, ingest_fixture_world

from alueverkko.queries.cypher import canned_queries

pytestmark = pytest.mark.neo4j

FIXTURE_CASES = load_cases("fixture_world.cypher")
GENERATED_CASES = load_cases("generated_world.cypher")

#: Parameters for every canned query, on each world.
CANNED_ON_FIXTURE = [
    ("coordinators", {}),
    ("coordinators", {"limit": 1}),
    ("partners", {"name": "KKO"}),
    ("programme-projects", {"programme": "Kouvolan seudun KOKO"}),
    ("region-actors", {"region": "Kymenlaakso"}),
    ("funders", {}),
    ("contact-persons", {"name": "Vaaraverkko"}),
    ("contact-persons", {"name": "Kymijoen Kehitys Oy"}),
    ("neighbourhood", {"name": "Lieksa"}),
    ("neighbourhood", {"name": "organisation:kymijoen-kehitys-oy", "limit": 5}),
    ("shortest-path", {"from": "Pekka Öhman", "to": "Kouvolan kaupunki"}),
    ("shortest-path", {"from": "Tyhjä Säätiö", "to": "Kouvola"}),
    ("projects-in-year", {"year": 2022}),
    ("search", {"text": "kaupunki"}),
    ("search", {"text": "ÄSSÄ"}),
]
CANNED_ON_GENERATED = [
    ("coordinators", {}),
    ("partners", {"name": "Pohjanmaa Ruoka 159 Oyj"}),
    ("programme-projects", {"programme": "Metsäohjelma Pohjois-Karjala 11"}),
    ("region-actors", {"region": "Kainuu"}),
    ("funders", {"limit": 3}),
    ("contact-persons", {"name": "Terveys Tulevaisuus 1"}),
    ("neighbourhood", {"name": "Pohjanmaa Ruoka 159 Oyj"}),
    ("shortest-path", {"from": "Pohjanmaa Ruoka 159 Oyj", "to": "Satakunta Kylä 106 osuuskunta"}),
    ("shortest-path", {"from": "Kainuu", "to": "Lappi"}),
    ("projects-in-year", {"year": 2020}),
    ("search", {"text": "kasvu"}),
]


@pytest.fixture(scope="module")
def fixture_world(tmp_path_factory, neo4j_uri):
    with world_of(tmp_path_factory, neo4j_uri, "fixture-world", ingest_fixture_world) as world:
        yield world


@pytest.fixture(scope="module")
def generated_world(tmp_path_factory, neo4j_uri):
    with world_of(tmp_path_factory, neo4j_uri, "generated-world", lambda store: generate_world(store, "S")) as world:
        yield world


def both(world: World, query: str, params: dict) -> dict:
    return {engine: world.run(engine, query, params) for engine in ENGINES}


def assert_same(results: dict, ordered: bool) -> None:
    falkordb, neo4j = results["falkordb"], results["neo4j"]
    assert falkordb.columns == neo4j.columns
    assert comparable(falkordb.rows, ordered) == comparable(neo4j.rows, ordered)
    assert not falkordb.truncated and not neo4j.truncated


def test_the_suite_has_at_least_forty_analyst_queries_and_covers_every_canned_query():
    assert len(FIXTURE_CASES) + len(GENERATED_CASES) >= 40
    assert len({c.name for c in FIXTURE_CASES + GENERATED_CASES}) == len(FIXTURE_CASES + GENERATED_CASES)
    covered = {name for name, _ in CANNED_ON_FIXTURE} & {name for name, _ in CANNED_ON_GENERATED}
    assert covered == set(canned_queries())


@pytest.mark.parametrize("case", FIXTURE_CASES, ids=lambda case: case.name)
def test_both_engines_answer_alike_on_the_fixture_world(fixture_world, case):
    results = both(fixture_world, case.query, case.params)
    assert_same(results, case.ordered)
    if case.expect is not None:
        assert comparable(results["falkordb"].rows, case.ordered) == comparable(case.expect, case.ordered)


@pytest.mark.parametrize("case", GENERATED_CASES, ids=lambda case: case.name)
def test_both_engines_answer_alike_on_the_generated_world(generated_world, case):
    results = both(generated_world, case.query, case.params)
    assert results["falkordb"].rows, "a comparison of two empty answers proves little"
    assert_same(results, case.ordered)


@pytest.mark.parametrize(("name", "params"), CANNED_ON_FIXTURE, ids=lambda v: v if isinstance(v, str) else "")
def test_both_engines_answer_canned_queries_alike_on_the_fixture_world(fixture_world, name, params):
    results = {engine: fixture_world.canned(engine, name, params) for engine in ENGINES}
    assert_same(results, ordered=True)


@pytest.mark.parametrize(("name", "params"), CANNED_ON_GENERATED, ids=lambda v: v if isinstance(v, str) else "")
def test_both_engines_answer_canned_queries_alike_on_the_generated_world(generated_world, name, params):
    results = {engine: generated_world.canned(engine, name, params) for engine in ENGINES}
    assert results["falkordb"].rows
    assert_same(results, ordered=True)


#: What the canned shortest-path query answered before it searched from both ends: one search
#: from one end, with the same choice among equally short paths. The two must always agree.
ONE_ENDED_SHORTEST_PATH = """
MATCH (a:Entity {id: $from})
MATCH (b:Entity {id: $to})
WITH a, b
MATCH path = allShortestPaths((a)-[*..6]-(b))
WITH path, reduce(key = '', n IN nodes(path) | key + n.id + ' ') AS node_key,
     reduce(key = '', r IN relationships(path) | key + type(r) + ' ') AS relation_key
ORDER BY node_key, relation_key
LIMIT 1
RETURN length(path) AS hops, [n IN nodes(path) | n.name] AS names, [r IN relationships(path) | type(r)] AS relations
"""

#: What the canned search query answered before it scanned the projected search_text.
LOWER_CASING_SEARCH = """
MATCH (n:Entity)
WHERE toLower(n.name) CONTAINS toLower($text) OR any(alias IN n.aliases WHERE toLower(alias) CONTAINS toLower($text))
RETURN n.id AS id, n.name AS name, n.kind AS kind,
       CASE WHEN toLower(n.name) = toLower($text) THEN 0 WHEN toLower(n.name) STARTS WITH toLower($text) THEN 1
            ELSE 2 END AS rank
ORDER BY rank, name, id
LIMIT $limit
"""


def random_pairs(store, count: int) -> list[dict]:
    ids = [row[0] for row in store._read("SELECT id FROM nodes ORDER BY id")]
    rng = random.Random(5)
    return [{"from": a, "to": b} for a, b in (rng.sample(ids, 2) for _ in range(count))]


def test_the_two_ended_shortest_path_finds_what_a_one_ended_search_finds(generated_world):
    hops = set()
    for params in random_pairs(generated_world.store, 40):
        answers = {engine: generated_world.canned(engine, "shortest-path", params).rows for engine in ENGINES}
        for engine in ENGINES:
            assert answers[engine] == generated_world.run(engine, ONE_ENDED_SHORTEST_PATH, params).rows, params
        assert comparable(answers["falkordb"], True) == comparable(answers["neo4j"], True)
        hops.add(answers["falkordb"][0][0] if answers["falkordb"] else None)
    # every stage of the search took part: paths of up to four steps, of five or six, and none
    assert hops & {1, 2, 3, 4} and hops & {5, 6}, hops


@pytest.mark.parametrize("text", ["kaupunki", "KAUPUNKI", "öhman", "kko", "ÄSSÄ", "'connor", "", "ei tällaista"])
def test_search_over_search_text_finds_what_lower_casing_every_name_finds(fixture_world, text):
    params = {"text": text, "limit": 1000}
    for engine in ENGINES:
        expected = fixture_world.run(engine, LOWER_CASING_SEARCH, params).rows
        assert fixture_world.canned(engine, "search", params).rows == expected
    assert fixture_world.canned("falkordb", "search", params).rows == fixture_world.canned("neo4j", "search", params).rows


@pytest.mark.parametrize("text", ["kasvu", "OY", "kunta kain", "ä"])
def test_search_over_search_text_agrees_on_the_generated_world(generated_world, text):
    params = {"text": text, "limit": 1000}
    for engine in ENGINES:
        assert generated_world.canned(engine, "search", params).rows == generated_world.run(
            engine, LOWER_CASING_SEARCH, params).rows
