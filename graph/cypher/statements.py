"""The write statements of the projection, the same Cypher for both engines.

Labels and relationship types cannot be query parameters, so each statement is
made for one kind or relation type; both come from the model's enums, never
from user input (:func:`label` refuses anything else). Every value travels as a
parameter (``$rows``, ``$ids``).

>>> print(create_nodes("Municipality"))  # doctest: +ELLIPSIS
UNWIND $rows AS row CREATE (n:Entity:Municipality) SET n = row.props SET n.search_text = toLower(...)
>>> label("Robert'); DROP")
Traceback (most recent call last):
...
ValueError: not a kind or relation type of the model: "Robert'); DROP"
"""

from __future__ import annotations

from alueverkko.graph.cypher.layout import ENTITY, KIND_LABELS, META, RELATION_TYPES, SEARCH_TEXT


def label(name: str) -> str:
    if name not in KIND_LABELS and name not in RELATION_TYPES:
        raise ValueError(f"not a kind or relation type of the model: {name!r}")
    return name


#: ``search_text``: the name and aliases lower-cased, one a line (``SEARCH_TEXT``). It is made by
#: the engine's own ``toLower``, the function the ``search`` query applies to the text it looks
#: for, so the two always agree (Python's ``str.lower`` differs, e.g. on "İ"); a line break
#: never occurs in a name, so a match never spans two of them.
SET_SEARCH_TEXT = (f"SET n.{SEARCH_TEXT} = toLower(reduce(text = row.props.name, alias IN row.props.aliases "
                   "| text + '\\n' + alias))")


def create_nodes(kind: str) -> str:
    return f"UNWIND $rows AS row CREATE (n:{ENTITY}:{label(kind)}) SET n = row.props {SET_SEARCH_TEXT}"


def merge_nodes(kind: str) -> str:
    return f"UNWIND $rows AS row MERGE (n:{ENTITY}:{label(kind)} {{id: row.id}}) SET n = row.props {SET_SEARCH_TEXT}"


def create_edges(relation: str) -> str:
    return (f"UNWIND $rows AS row MATCH (a:{ENTITY} {{id: row.source}}) MATCH (b:{ENTITY} {{id: row.target}}) "
            f"CREATE (a)-[r:{label(relation)}]->(b) SET r = row.props")


def merge_edges(relation: str) -> str:
    return (f"UNWIND $rows AS row MATCH (a:{ENTITY} {{id: row.source}}) MATCH (b:{ENTITY} {{id: row.target}}) "
            f"MERGE (a)-[r:{label(relation)}]->(b) SET r = row.props")


DELETE_NODES = f"UNWIND $ids AS id MATCH (n:{ENTITY} {{id: id}}) DETACH DELETE n"


def delete_edges(relation: str) -> str:
    return (f"UNWIND $rows AS row MATCH (a:{ENTITY} {{id: row.source}})-[r:{label(relation)}]->"
            f"(b:{ENTITY} {{id: row.target}}) DELETE r")


READ_STATE = f"MATCH (m:{META} {{key: 'projection'}}) RETURN m.cursor, m.store, m.layout"
WRITE_STATE = (f"MERGE (m:{META} {{key: 'projection'}}) "
               "SET m.cursor = $cursor, m.store = $store, m.layout = $layout")

#: Internal ids or element ids -> our ``id``: how relationship endpoints are named in results.
FALKORDB_IDS = "MATCH (n) WHERE id(n) IN $ids RETURN id(n), n.id"
NEO4J_IDS = "MATCH (n) WHERE elementId(n) IN $ids RETURN elementId(n), n.id"
