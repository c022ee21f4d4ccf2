"""Canned queries look entities up by id, name or alias through an index on Neo4j, and lose no match.

Neo4j cannot index the elements of a list, so ``$name IN n.aliases`` alone reads every
node. The canned queries narrow the lookup first by ``search_text`` (name and aliases,
lower-cased; text-indexed on Neo4j) and then test the name and aliases exactly. These
tests hold both halves of that: the plan starts from an index, and the prefilter never
drops an entity the exact test would have found.
"""

from __future__ import annotations

import re

import pytest
from cypher_cases import ENGINES, comparable, world_of
from cypher_world import ingest_fixture_world

from alueverkko.queries.cypher import canned_queries

pytestmark = pytest.mark.neo4j

PREFILTER = re.compile(r"\w+\.search_text CONTAINS toLower\(\$\w+\) AND ")

#: Each canned lookup by a name, by an alias, by an id, by a name in the wrong case (no match)
#: and by text that only a longer name contains (no match either).
LOOKUPS = [
    ("contact-persons", {"name": "Kymijoen Kehitys Oy"}),
    ("contact-persons", {"name": "KKO"}),
    ("contact-persons", {"name": "kymijoen kehitys oy"}),
    ("partners", {"name": "KKO"}),
    ("partners", {"name": "Kymijoen Kehitys"}),
    ("programme-projects", {"programme": "Kouvolan seudun KOKO"}),
    ("region-actors", {"region": "Kymenlaakso"}),
    ("neighbourhood", {"name": "Kouvolan kaupunki"}),
    ("neighbourhood", {"name": "organisation:kymijoen-kehitys-oy"}),
    ("neighbourhood", {"name": "KOUVOLA"}),
    ("shortest-path", {"from": "Pekka Öhman", "to": "Kouvolan kaupunki"}),
    ("shortest-path", {"from": "municipality:kouvola", "to": "KKO"}),
]


@pytest.fixture(scope="module")
def world(tmp_path_factory, neo4j_uri):
    with world_of(tmp_path_factory, neo4j_uri, "lookup-world", ingest_fixture_world) as world:
        yield world


def code(query: str) -> str:
    return "\n".join(line for line in query.splitlines() if not line.lstrip().startswith("//"))


def test_every_canned_lookup_by_name_has_the_prefilter():
    texts = {name: code(query.text) for name, query in canned_queries().items()}
    with_names = {name for name, text in texts.items() if re.search(r"IN \w+\.aliases", text)}
    assert with_names == {name for name, _ in LOOKUPS}
    for name in with_names:
        exact_tests = re.findall(r"\$\w+ IN \w+\.aliases", texts[name])
        assert len(PREFILTER.findall(texts[name])) == len(exact_tests), name


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("name", "params"), LOOKUPS, ids=lambda v: v if isinstance(v, str) else "")
def test_the_prefilter_drops_no_match(world, engine, name, params):
    canned = canned_queries()[name]
    bound = canned.bind(params)
    with_prefilter = world.run(engine, canned.text, bound)
    without = world.run(engine, PREFILTER.sub("", canned.text), bound)
    assert comparable(with_prefilter.rows, ordered=True) == comparable(without.rows, ordered=True)


#: The lookups that must find nothing: a name in the wrong case, a part of a longer name.
NO_MATCH = {("contact-persons", "kymijoen kehitys oy"), ("partners", "Kymijoen Kehitys"), ("neighbourhood", "KOUVOLA")}


@pytest.mark.parametrize("engine", ENGINES)
def test_exactly_the_lookups_by_a_whole_name_alias_or_id_find_something(world, engine):
    empty = {(name, next(iter(params.values()))) for name, params in LOOKUPS
             if not world.canned(engine, name, params).rows}
    assert empty == NO_MATCH


@pytest.mark.parametrize(("name", "params"), LOOKUPS, ids=lambda v: v if isinstance(v, str) else "")
def test_neo4j_starts_every_lookup_from_an_index(world, neo4j_uri, name, params):
    import neo4j

    world.canned("neo4j", name, params)  # projects the world and creates the indexes
    canned = canned_queries()[name]
    with neo4j.GraphDatabase.driver(neo4j_uri, auth=None) as driver, driver.session() as session:
        plan = session.run("EXPLAIN " + canned.text, canned.bind(params)).consume().plan
    operators = set(operator_names(plan))
    assert operators & {"NodeIndexSeek", "NodeUniqueIndexSeek", "NodeIndexContainsScan"}, operators
    assert not operators & {"NodeByLabelScan", "AllNodesScan"}, operators


def operator_names(plan) -> list[str]:
    names = [plan["operatorType"].split("@")[0]]
    for child in plan.get("children", []):
        names += operator_names(child)
    return names
