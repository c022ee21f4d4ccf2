"""Where FalkorDB and Neo4j truly differ, pinned; docs/cypher.md lists the same table.

When an engine upgrade removes a difference, its test fails: update the table
here and in docs/cypher.md. Rows compare by ``repr``, so 3 and 3.0 differ.
"""

from __future__ import annotations

import pytest
from cypher_cases import World, world_of
from cypher_world import ingest_fixture_world

from alueverkko.errors import QueryError

pytestmark = pytest.mark.neo4j

PEKKA_TO_KOUVOLA = "MATCH (a:Person {name: 'Pekka Öhman'}), (b:Municipality {name: 'Kouvola'}) "

#: name: (query, FalkorDB's answer, Neo4j's answer); QueryError means the engine refuses the query.
DIFFERENCES = {
    "exists_subquery": ("MATCH (o:Organisation) WHERE EXISTS { MATCH (o)-[:COORDINATES]->() } RETURN count(o)",
                        QueryError, [[3]]),
    "count_subquery": ("MATCH (o:Organisation {name: 'Tyhjä Säätiö'}) RETURN COUNT { (o)--() }", QueryError, [[0]]),
    "shortest_path_in_match": (PEKKA_TO_KOUVOLA + "MATCH p = shortestPath((a)-[*..6]-(b)) RETURN length(p)",
                               QueryError, [[4]]),
    "undirected_shortest_path": (PEKKA_TO_KOUVOLA + "RETURN length(shortestPath((a)-[*..6]-(b)))",
                                 QueryError, [[4]]),
    "regular_expression_match": ("MATCH (n:Entity) WHERE n.name =~ 'Kou.*' RETURN count(n)", QueryError, [[2]]),
    "datetime_function": ("RETURN datetime('2020-01-01T10:00:00Z') AS t", QueryError,
                          [["2020-01-01T10:00:00.000000000+00:00"]]),
    "pattern_expression_in_size": ("MATCH (o:Organisation {name: 'Tyhjä Säätiö'}) RETURN size((o)--())",
                                   [[0]], QueryError),
    "sum_of_integers": ("UNWIND [1, 2] AS x RETURN sum(x)", [[3.0]], [[3]]),
    "sum_of_nothing": ("UNWIND [] AS x RETURN sum(x)", [[0.0]], [[0]]),
    "float_digits": ("RETURN 0.1 + 0.2, 2 ^ 0.5", [[0.3, 1.4142135623731]], [[0.30000000000000004, 1.4142135623730951]]),
    "round_half_negative": ("RETURN round(-2.5)", [[-3.0]], [[-2.0]]),
    "integer_overflow": ("RETURN 9223372036854775807 + 1", [[-9223372036854775808]], QueryError),
    "float_to_string": ("RETURN toString(0.1)", [["0.100000"]], [["0.1"]]),
    "percentile_disc_type": ("UNWIND [1, 2, 3, 4] AS x RETURN percentileDisc(x, 0.5)", [[2.0]], [[2]]),
}

#: The same answer, pinned where one could expect a difference.
SAME = {
    "date_function": ("RETURN date('2020-01-01')", [["2020-01-01"]]),
    "whole_nodes_with_sorted_labels_and_keys": ("MATCH (n:Person {name: 'Pekka Öhman'}) RETURN n", None),
    "map_keys_sorted_by_alueverkko": ("RETURN {b: 1, a: 2} AS m", [[{"a": 2, "b": 1}]]),
    "code_point_order_of_nordic_letters": (
        "UNWIND ['Öhman', 'Zeta', 'Åland', 'Ärrä', 'alku', 'Alku'] AS x RETURN x ORDER BY x",
        [["Alku"], ["Zeta"], ["alku"], ["Ärrä"], ["Åland"], ["Öhman"]]),
    "nulls_sort_last_ascending": ("UNWIND [2, null, 1] AS x RETURN x ORDER BY x", [[1], [2], [None]]),
    "out_of_range_index_is_null": ("WITH [3, 1, 2] AS l RETURN l[5], l[-1], l[0..10]", [[None, 2, [3, 1, 2]]]),
}


@pytest.fixture(scope="module")
def world(tmp_path_factory, neo4j_uri):
    with world_of(tmp_path_factory, neo4j_uri, "differences", ingest_fixture_world) as world:
        yield world


def answer(world: World, engine: str, query: str):
    try:
        return world.run(engine, query).rows
    except QueryError:
        return QueryError


@pytest.mark.parametrize("name", DIFFERENCES)
def test_a_known_dialect_difference_is_still_there(world, name):
    query, falkordb, neo4j = DIFFERENCES[name]
    assert repr(answer(world, "falkordb", query)) == repr(falkordb)
    assert repr(answer(world, "neo4j", query)) == repr(neo4j)


@pytest.mark.parametrize("name", SAME)
def test_where_a_difference_could_be_expected_both_engines_agree(world, name):
    query, expected = SAME[name]
    falkordb, neo4j = answer(world, "falkordb", query), answer(world, "neo4j", query)
    assert repr(falkordb) == repr(neo4j)
    if expected is not None:
        assert repr(falkordb) == repr(expected)


def test_keys_come_in_insertion_order_only_on_falkordb(world):
    query = "MATCH (n:Organisation {name: 'Tyhjä Säätiö'}) RETURN keys(n)"
    falkordb, neo4j = answer(world, "falkordb", query)[0][0], answer(world, "neo4j", query)[0][0]
    assert sorted(falkordb) == sorted(neo4j)
    assert falkordb[:4] == ["id", "name", "kind", "aliases"]
