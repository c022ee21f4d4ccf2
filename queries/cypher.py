"""Cypher queries: the one entry point for ad-hoc and canned Cypher.

:func:`run_cypher` checks that the query only reads (:mod:`.cypher_guard`) and
that its parameters are plain values, then lets the configured engine
(:func:`alueverkko.graph.cypher.engine_for`) catch up with the store and run
it under ``query_timeout_s`` and ``query_row_cap``. Values always travel as
parameters (``$name``), never inside the query text.

Canned queries are the files ``queries/cypher/*.cypher`` (see :mod:`.canned`);
:func:`canned_queries` lists them and :func:`run_canned` runs one by name.

>>> sorted(canned_queries())[:3]
['contact-persons', 'coordinators', 'funders']
>>> check_params({"name": "Kouvola", "years": [2021, 2022]})
{'name': 'Kouvola', 'years': [2021, 2022]}
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

from alueverkko.errors import InvalidInput
from alueverkko.queries.canned import CannedQuery, find_canned, load_canned
from alueverkko.queries.cypher_guard import check_read_only
from alueverkko.queries.results import Results

MAX_QUERY_CHARS = 20_000
PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
INT64 = 2 ** 63


def run_cypher(settings, store, query: str, params: dict[str, Any] | None = None) -> Results:
    """Run one read-only Cypher query on the configured engine; at most ``query_row_cap`` rows."""
    from alueverkko.graph.cypher import engine_for

    if not query or not query.strip():
        raise InvalidInput("The query is empty.", where="query", fix="Send a Cypher query, e.g. MATCH (n:Region) RETURN n.name.")
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidInput(f"The query is longer than {MAX_QUERY_CHARS} characters.", where="query",
                           fix="Shorten it; pass long lists as parameters.")
    check_read_only(query)
    params = check_params(params or {})
    return engine_for(settings).run(store, query, params, timeout_s=settings.query_timeout_s,
                                    row_cap=settings.query_row_cap)


@lru_cache(maxsize=1)
def canned_queries() -> dict[str, CannedQuery]:
    """The canned Cypher queries by name."""
    return load_canned("alueverkko.queries", "cypher", ".cypher", "//")


def run_canned(settings, store, name: str, params: dict[str, Any] | None = None) -> Results:
    """Run the canned query ``name`` with ``params`` over its defaults."""
    canned = find_canned(canned_queries(), name)
    return run_cypher(settings, store, canned.text, canned.bind(params or {}))


def check_params(params: dict[str, Any]) -> dict[str, Any]:
    """Parameters must be named like identifiers and hold plain JSON values."""
    if not isinstance(params, dict):
        raise InvalidInput("Parameters must be an object of names and values.", where="params",
                           fix='Send e.g. {"name": "Kouvola"}.')
    for name, value in params.items():
        if not isinstance(name, str) or not PARAM_NAME.match(name):
            raise InvalidInput(f"{name!r} is not a valid parameter name.", where="params",
                               fix="Use letters, digits and _ (not first), as in $name.")
        _check_value(value, name)
    return params


def _check_value(value: Any, name: str) -> None:
    if value is None or isinstance(value, (str, bool)):
        return
    if isinstance(value, int):
        if not -INT64 <= value < INT64:
            raise InvalidInput(f"Parameter {name!r} is outside the 64-bit integer range.", where="params",
                               fix="Pass it as text.")
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidInput(f"Parameter {name!r} is not a finite number.", where="params", fix="Pass a number.")
        return
    if isinstance(value, list):
        for item in value:
            _check_value(item, name)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str) or not PARAM_NAME.match(key):
                raise InvalidInput(f"Parameter {name!r} has the key {key!r}; map keys must be identifiers.",
                                   where="params", fix="Rename the key.")
            _check_value(item, name)
        return
    raise InvalidInput(f"Parameter {name!r} is a {type(value).__name__}, not a JSON value.", where="params",
                       fix="Pass text, numbers, booleans, null, lists or objects.")
