"""`alueverkko query cypher`, run as a user runs it: a real process on both engines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cypher_world import ingest_fixture_world

from alueverkko.graph.store import Store
from alueverkko.settings import Settings

ALUEVERKKO = [sys.executable, "-c", "from alueverkko.cli import run; run()"]
BACKENDS = [pytest.param("falkordb"), pytest.param("neo4j", marks=pytest.mark.neo4j)]


@pytest.fixture(params=BACKENDS)
def cli(request, tmp_path):
    """Run the command line on a data folder holding the fixture world, with one backend."""
    ingest_fixture_world(Store.open(Settings(data_dir=tmp_path / "d").store_path))
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALUEVERKKO_")}
    env["ALUEVERKKO_CYPHER_BACKEND"] = request.param
    env["ALUEVERKKO_QUERY_TIMEOUT_S"] = "60"  # a cold Neo4j plans a new query slowly on a busy machine
    if request.param == "neo4j":
        env["ALUEVERKKO_NEO4J_URI"] = request.getfixturevalue("neo4j_uri")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*ALUEVERKKO, "--data", "d", "query", "cypher", *args], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=300)
    return run


def test_a_query_with_parameters_prints_json_rows(cli):
    done = cli("MATCH (o:Organisation) WHERE $alias IN o.aliases RETURN o.name AS name, $year AS year",
               "--param", "alias=KKO", "--param", "year=2024", "--json")
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert body["columns"] == ["name", "year"] and body["rows"] == [["Kymijoen Kehitys Oy", 2024]]
    assert body["truncated"] is False


def test_a_query_prints_a_table_by_default(cli):
    done = cli("MATCH (r:Region) RETURN r.name AS region ORDER BY region")
    assert done.returncode == 0, done.stderr
    assert "Ahvenanmaa" in done.stdout and "Pohjois-Karjala" in done.stdout and "3 rows" in done.stdout


@pytest.mark.parametrize("query", ["MATCH (n) DETACH DELETE n", "CALL dbms.listConfig()",
                                   "CALL apoc.create.node(['X'], {})"])
def test_writes_and_admin_procedures_are_refused_with_a_message_and_exit_code(cli, query):
    done = cli(query)
    assert done.returncode == 1
    assert "read-only" in done.stderr or "not allowed" in done.stderr
    assert json.loads(cli("MATCH (n:Entity) RETURN count(n)", "--json").stdout)["rows"] == [[27]]


def test_canned_queries_are_listed_and_run_by_name(cli):
    listed = json.loads(cli("--list", "--json").stdout)
    assert "region-actors" in {q["name"] for q in listed}
    done = cli("--canned", "region-actors", "--param", "region=Kymenlaakso", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["rows"] == [
        ["Kotka", "Municipality", 1], ["Kouvola", "Municipality", 1], ["Kouvolan Innovaatiot Oy", "Organisation", 1],
        ["Kymijoen Kehitys Oy", "Organisation", 1], ["O'Connor & Kumppanit Oy", "Organisation", 1]]


def test_a_missing_canned_parameter_is_an_error_that_names_it(cli):
    done = cli("--canned", "partners")
    assert done.returncode == 1 and "'name'" in done.stderr


def test_no_orphan_server_is_left_after_a_command(cli, tmp_path):
    cli("RETURN 1")
    import psutil
    folder = str((Path(tmp_path) / "d" / "falkordb").resolve())
    assert not [p for p in psutil.process_iter(["cmdline"]) if folder in " ".join(p.info["cmdline"] or [])]
