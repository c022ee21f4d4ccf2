"""The read-only check every user Cypher query passes before it reaches an engine.

The engines enforce read-only themselves (Neo4j ``READ_ACCESS`` sessions,
FalkorDB ``GRAPH.RO_QUERY``); this check refuses earlier, with a clear
message, and also refuses what an engine would allow in a read transaction:
administration, file access and unknown procedures. String literals, quoted
names and comments are blanked first, so words inside them never count.

>>> check_read_only("MATCH (n:Organisation) WHERE n.name = 'CREATE' RETURN n.name  // SET")
>>> check_read_only("MATCH (n) DETACH DELETE n")
Traceback (most recent call last):
...
alueverkko.errors.QueryRefused: The query uses DETACH DELETE; Cypher queries here are read-only. (at query) Fix: Remove the DETACH DELETE clause; the graph changes only through ingest.
"""

from __future__ import annotations

import re

from alueverkko.errors import QueryRefused

#: Clauses that write, administer, read files or run several transactions.
FORBIDDEN = ("CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "FOREACH", "LOAD", "DROP", "ALTER",
             "GRANT", "DENY", "REVOKE", "SHOW", "USE", "TERMINATE", "RENAME", "DEALLOCATE", "REALLOCATE",
             "TRANSACTIONS", "PERIODIC")

#: The only procedures a user query may CALL (lower case): read-only schema listings.
ALLOWED_PROCEDURES = frozenset({"db.labels", "db.relationshiptypes", "db.propertykeys"})

# A word that is not a property (n.set), label (:Set), parameter ($set) or map key ({set: 1}).
_WORD = re.compile(r"(?<![\w$.:])([A-Za-z_]\w*)\b(?!\s*:)")
_CALL = re.compile(r"\bCALL\b\s*(\{|\(|[A-Za-z_][\w.]*)?", re.IGNORECASE)
_TOKEN = re.compile(r"""'(?:[^'\\]|\\.)*'?|"(?:[^"\\]|\\.)*"?|`[^`]*`?|//[^\n]*|/\*.*?(?:\*/|\Z)""", re.DOTALL)


def check_read_only(query: str) -> None:
    """Raise :class:`QueryRefused` unless ``query`` is one read-only statement."""
    code = blank_literals(query)
    statements = [part for part in code.split(";") if part.strip()]
    if len(statements) > 1:
        raise QueryRefused("The query has several statements; send one at a time.", where="query",
                           fix="Remove the ';' between statements.")
    for match in _WORD.finditer(code):
        word = match.group(1).upper()
        if word in FORBIDDEN:
            word = "DETACH DELETE" if word == "DETACH" else word
            raise QueryRefused(f"The query uses {word}; Cypher queries here are read-only.", where="query",
                               fix=f"Remove the {word} clause; the graph changes only through ingest.")
    for match in _CALL.finditer(code):
        target = match.group(1) or ""
        if target in ("{", "("):
            continue  # a subquery: its clauses were checked above
        if target.lower() not in ALLOWED_PROCEDURES:
            raise QueryRefused(f"The query calls {target or 'a procedure'}, which is not allowed here.",
                               where="query", fix="Only db.labels(), db.relationshipTypes() and "
                                                  "db.propertyKeys() may be called.")


def blank_literals(query: str) -> str:
    """The query with strings, quoted names and comments replaced by neutral placeholders.

    >>> blank_literals("RETURN 'a;b' AS `x y`, /* DELETE */ 1 // MERGE")
    "RETURN '' AS `_`,   1 "
    """
    def placeholder(match: re.Match) -> str:
        token = match.group(0)
        if token.startswith(("'", '"')):
            return "''"
        if token.startswith("`"):
            return "`_`"
        return " " if token.startswith("/*") else ""
    return _TOKEN.sub(placeholder, query)
