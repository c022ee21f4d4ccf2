"""The SPARQL engine's worker pool: workers that die are replaced, answers carry notes and caps."""

from __future__ import annotations

import os
import signal

import pytest

from alueverkko.queries.sparql.engine import SparqlEngine
from alueverkko.settings import Settings
from support import rdf_world as w


@pytest.fixture
def engine(store):
    w.fill(store)
    engine = SparqlEngine(Settings(data_dir=store.path.parent, sparql_workers=1, query_row_cap=2), store)
    yield engine
    engine.close()


def test_a_worker_killed_from_outside_is_replaced_and_the_query_still_answers(engine):
    assert engine.query("ASK { municipality:lieksa a av:Municipality }").boolean is True
    for pid in engine.pool.pids():
        os.kill(pid, signal.SIGKILL)
    assert engine.query("ASK { municipality:kouvola a av:Municipality }").boolean is True


def test_the_row_cap_applies_to_canned_queries_and_marks_them_truncated(engine):
    _, answer = engine.canned("coordinators")
    assert len(answer.rows) == 2 and answer.truncated is True  # the world has three coordinations
    assert answer.to_results().truncated is True


def test_a_syntax_error_comes_back_as_a_query_error_from_the_worker(engine):
    from alueverkko.errors import QueryError

    with pytest.raises(QueryError) as error:
        engine.query("SELECT ?s WHERE { ?s ?p }")
    assert error.value.status == 400
