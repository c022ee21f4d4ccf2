"""Helpers of the Cypher tests: query cases as data, comparable results, worlds on both engines."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alueverkko.graph.cypher import close_engine
from alueverkko.graph.store import Store
from alueverkko.queries.cypher import run_canned, run_cypher
from alueverkko.settings import Settings

CASES = Path(__file__).resolve().parent / "cypher_conformance"
ENGINES = ("falkordb", "neo4j")


@dataclass(frozen=True)
class Case:
    name: str
    query: str
    params: dict = field(default_factory=dict)
    expect: list | None = None

    @property
    def ordered(self) -> bool:
        """Rows compare in order when the final RETURN sorts them."""
        return "ORDER BY" in self.query.rsplit("RETURN", 1)[-1].upper()


def load_cases(filename: str) -> list[Case]:
    """The ``// name:`` blocks of a case file."""
    text = (CASES / filename).read_text(encoding="utf-8")
    cases = []
    for block in re.split(r"^(?=// name:)", text, flags=re.MULTILINE)[1:]:
        header = dict(re.findall(r"^// (name|params|expect): (.*)$", block, flags=re.MULTILINE))
        query = "\n".join(line for line in block.splitlines() if not line.startswith("//")).strip()
        cases.append(Case(header["name"].strip(), query, json.loads(header.get("params", "{}")),
                          json.loads(header["expect"]) if "expect" in header else None))
    return cases


def comparable(rows: list[list[Any]], ordered: bool) -> list[str]:
    """Rows as canonical JSON: numbers compared by value (1 == 1.0, 12 significant digits)."""
    out = [json.dumps(_number_free(row), sort_keys=True, ensure_ascii=False) for row in rows]
    return out if ordered else sorted(out)


def _number_free(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return float(f"{value:.12g}")
    if isinstance(value, dict):
        return {k: _number_free(v) for k, v in value.items()}
    return [_number_free(v) for v in value]


def settings_for(backend: str, data_dir: Path, request, **overrides) -> Settings:
    """Settings for one backend; the Neo4j ones point at the session's real server."""
    if backend == "neo4j":
        overrides["neo4j_uri"] = request.getfixturevalue("neo4j_uri")
    return Settings(data_dir=data_dir, cypher_backend=backend, **overrides)


#: The suite's time limit: Neo4j plans a query on its first run, inside the limit, and planning
#: the canned shortest-path query (four subqueries) took 4-10 s on this shared 2-core machine
#: under load 8, more than the default 5 s. Runaway queries are tested with their own limit.
SUITE_TIMEOUT_S = 60.0


class World:
    """One store seen through both engines."""

    def __init__(self, store, data_dir: Path, neo4j_uri: str, **overrides):
        overrides.setdefault("query_timeout_s", SUITE_TIMEOUT_S)
        self.store = store
        self.settings = {
            "falkordb": Settings(data_dir=data_dir, cypher_backend="falkordb", **overrides),
            "neo4j": Settings(data_dir=data_dir, cypher_backend="neo4j", neo4j_uri=neo4j_uri, **overrides),
        }

    def run(self, engine: str, query: str, params: dict | None = None):
        return run_cypher(self.settings[engine], self.store, query, params or {})

    def canned(self, engine: str, name: str, params: dict | None = None):
        return run_canned(self.settings[engine], self.store, name, params or {})

    def close(self) -> None:
        for settings in self.settings.values():
            close_engine(settings)


@contextmanager
def world_of(tmp_path_factory, neo4j_uri: str, name: str, build: Callable[[Store], Any]) -> Iterator[World]:
    """A new store filled by ``build``, seen through both engines, closed afterwards (for module fixtures)."""
    data = tmp_path_factory.mktemp(name)
    store = Store.open(data / "alueverkko.sqlite")
    build(store)
    world = World(store, data, neo4j_uri)
    try:
        yield world
    finally:
        world.close()
