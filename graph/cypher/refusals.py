"""The domain errors both Cypher engines give for the same outcome, worded once."""

from __future__ import annotations

from alueverkko.errors import QueryRefused, QueryTimeout


def query_timed_out(timeout_s: float) -> QueryTimeout:
    return QueryTimeout(f"The query ran longer than {timeout_s:g} s and was stopped.", where="query",
                        fix="Narrow the query (labels, LIMIT, shorter variable-length paths).")


def write_refused() -> QueryRefused:
    return QueryRefused("The query would change the graph; Cypher queries here are read-only.", where="query",
                        fix="Remove the writing clause; the graph changes only through ingest.")
