"""User Cypher is checked before it runs: one read-only statement, plain parameters."""

from __future__ import annotations

import pytest

from alueverkko.errors import InvalidInput, QueryRefused
from alueverkko.queries.canned import parse_canned
from alueverkko.queries.cypher import canned_queries, check_params
from alueverkko.queries.cypher_guard import check_read_only

REFUSED = {
    "CREATE (:Organisation {name: 'x'})": "CREATE",
    "MATCH (n) MERGE (n)-[:FUNDS]->(m)": "MERGE",
    "MATCH (n:Project) SET n.budget_eur = 0": "SET",
    "MATCH (n) SET n:Secret": "SET",
    "MATCH (n) DELETE n": "DELETE",
    "MATCH (n) DETACH DELETE n": "DETACH DELETE",
    "match (n) detach delete n": "DETACH DELETE",
    "MATCH (n) REMOVE n.name": "REMOVE",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line": "LOAD",
    "FOREACH (x IN [1] | CREATE ())": "FOREACH",
    "CALL { MATCH (n) DELETE n }": "DELETE",
    "MATCH (n) CALL { WITH n SET n.x = 1 } IN TRANSACTIONS RETURN n": "SET",
    "DROP INDEX alueverkko_entity_name": "DROP",
    "SHOW USERS": "SHOW",
    "USE system MATCH (n) RETURN n": "USE",
    "MATCH (n)\n/* harmless? */ SET n.x = 1": "SET",
}

REFUSED_CALLS = [
    "CALL apoc.create.node(['X'], {})",
    "CALL dbms.listConfig()",
    "CALL db.idx.fulltext.createNodeIndex('Entity', 'name')",
    "CALL apoc.cypher.runWrite('CREATE ()', {})",
    "CALL `db.labels`()",
    "MATCH (a), (b) CALL algo.SPpaths({sourceNode: a, targetNode: b}) YIELD path RETURN path",
]

ALLOWED = [
    "MATCH (n:Organisation) WHERE n.name = 'CREATE' RETURN n",
    "MATCH (n) WHERE n.name = \"SET n.x = 1; DELETE\" RETURN n",
    "MATCH (n) RETURN n // DELETE everything",
    "MATCH (n) /* MERGE */ RETURN n",
    "MATCH (n) RETURN n.name AS `DELETE`",
    "MATCH (sets:Organisation) RETURN sets.name",
    "MATCH (n) RETURN n {.name, set: 1}",
    "MATCH (n) WHERE n.set = $delete RETURN n",
    "MATCH (n) RETURN n.name;",
    "MATCH (n) WHERE n.name CONTAINS ';' RETURN n",
    "CALL db.labels() YIELD label RETURN label",
    "CALL db.relationshipTypes()",
    "CALL db.propertyKeys()",
    "CALL { MATCH (n:Project) RETURN n } RETURN count(n)",
    "WITH 'it''s' AS x RETURN x",
]


@pytest.mark.parametrize(("query", "keyword"), REFUSED.items(), ids=list(REFUSED.values()))
def test_a_writing_or_administering_clause_is_refused_by_name(query, keyword):
    with pytest.raises(QueryRefused) as err:
        check_read_only(query)
    assert keyword in err.value.message
    assert err.value.status == 403


@pytest.mark.parametrize("query", REFUSED_CALLS)
def test_calling_a_procedure_outside_the_allow_list_is_refused(query):
    with pytest.raises(QueryRefused, match="not allowed"):
        check_read_only(query)


def test_two_statements_are_refused_but_a_trailing_semicolon_is_not():
    with pytest.raises(QueryRefused, match="several statements"):
        check_read_only("MATCH (n) RETURN n; MATCH (m) RETURN m")
    check_read_only("MATCH (n) RETURN n ;  ")


@pytest.mark.parametrize("query", ALLOWED)
def test_words_in_strings_names_comments_and_properties_do_not_count(query):
    check_read_only(query)


@pytest.mark.parametrize("params", [
    {"bad name": 1}, {"1st": 1}, {"x": float("nan")}, {"x": 2 ** 70}, {"x": {"bad key": 1}}, {"x": object()},
    {"x": [1, {"y": float("inf")}]},
])
def test_parameters_must_be_identifiers_with_plain_json_values(params):
    with pytest.raises(InvalidInput):
        check_params(params)


def test_every_canned_query_has_a_title_description_and_declared_parameters():
    for name, query in canned_queries().items():
        assert query.title and query.title != name, name
        assert len(query.description) > 20, name
        used = set(__import__("re").findall(r"\$([A-Za-z_]\w*)", query.text))
        assert used == set(query.params), f"{name}: uses {sorted(used)}, declares {sorted(query.params)}"
        check_read_only(query.text)


def test_a_canned_query_needs_its_required_parameters_and_knows_no_others():
    query = parse_canned("x", "// title: X\n// params: name, limit=5\nMATCH (n {name: $name}) RETURN n LIMIT $limit", "//")
    assert query.bind({"name": "Kouvola"}) == {"name": "Kouvola", "limit": 5}
    with pytest.raises(InvalidInput, match="needs the parameter 'name'"):
        query.bind({})
    with pytest.raises(InvalidInput, match="no parameter 'nmae'"):
        query.bind({"nmae": "Kouvola"})
