"""`alueverkko query sparql` and the RDF exports, run as a user runs them: a real process, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib

from alueverkko.graph.store import Store
from support import rdf_world as w

ALUEVERKKO = [sys.executable, "-c", "from alueverkko.cli import run; run()"]
BASE = "http://127.0.0.1:8000"


def cli(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*ALUEVERKKO, "--data", "d", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, input=stdin)


@pytest.fixture
def world(tmp_path) -> Path:
    store = Store.open(tmp_path / "d" / "alueverkko.sqlite")
    w.fill(store)
    store.close()
    return tmp_path


def test_the_canned_queries_are_listed(world):
    listed = json.loads(cli("query", "sparql", "--list", "--json", cwd=world).stdout)
    assert {q["name"] for q in listed} == {"co_participation", "coordinators", "programme_funders",
                                           "projects_by_year", "region_actors"}
    table = cli("query", "sparql", "--list", cwd=world).stdout
    assert "Funders of a programme" in table


def test_a_canned_query_with_parameters_prints_json_results(world):
    result = cli("query", "sparql", "--canned", "projects_by_year", "--param", "year=2024", "--json", cwd=world)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["engine"] == "sparql" and data["truncated"] is False
    assert [row[data["columns"].index("name")] for row in data["rows"]] == ["Metsäosaajien polku"]


def test_a_user_query_prints_a_table(world):
    result = cli("query", "sparql", "SELECT ?name WHERE { ?m a av:Municipality ; rdfs:label ?name } ORDER BY ?name",
                 cwd=world)
    assert result.returncode == 0, result.stderr
    assert result.stdout.index("Kouvola") < result.stdout.index("Lieksa")
    assert "2 rows" in result.stdout


def test_a_query_can_be_read_from_stdin(world):
    result = cli("query", "sparql", "-", "--json", cwd=world, stdin="ASK { municipality:lieksa a av:Municipality }")
    assert json.loads(result.stdout)["rows"] == [[True]]


def test_an_update_is_refused_with_a_message_and_a_failing_exit_code(world):
    result = cli("query", "sparql", "DROP ALL", cwd=world)
    assert result.returncode == 1
    assert "read-only" in result.stderr and "Fix:" in result.stderr


def test_a_missing_parameter_is_named(world):
    result = cli("query", "sparql", "--canned", "region_actors", cwd=world)
    assert result.returncode == 1
    assert "region" in result.stderr


@pytest.mark.parametrize("fmt, parse_as", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_the_graph_exports_as_rdf(world, fmt, parse_as):
    result = cli("export", "--format", fmt, f"graph.{fmt}", cwd=world)
    assert result.returncode == 0, result.stderr
    graph = rdflib.Graph().parse(world / f"graph.{fmt}", format=parse_as)
    lieksa = rdflib.URIRef(f"{BASE}/id/municipality/lieksa")
    assert (lieksa, rdflib.RDFS.label, rdflib.Literal("Lieksa")) in graph
    assert (lieksa, rdflib.RDF.type, rdflib.URIRef("http://data.europa.eu/m8g/PublicOrganisation")) in graph
    quotes = set(graph.objects(None, rdflib.URIRef("http://www.w3.org/ns/oa#exact")))
    assert rdflib.Literal(w.KOUVOLA_TEXT) in quotes
    assert (rdflib.URIRef(f"{BASE}/ns#Municipality"), rdflib.RDFS.label, rdflib.Literal("kunta", lang="fi")) in graph
