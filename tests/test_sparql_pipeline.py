"""A fixture document through the real Finnish pipeline, the store and the RDF projection, asked with SPARQL."""

from __future__ import annotations

import pytest

from alueverkko.ingest.pipeline import extract_file
from alueverkko.queries.sparql.engine import SparqlEngine
from alueverkko.settings import Settings
from conftest import REPO

PAGE = REPO / "tests" / "fixtures" / "docs" / "project_page_keyvalue.txt"


@pytest.fixture
def engine(store):
    settings = Settings(data_dir=store.path.parent, use_spacy=False, sparql_workers=1)
    store.ingest(extract_file(PAGE, settings=settings))
    engine = SparqlEngine(settings, store)
    yield engine
    engine.close()


def rows(answer) -> list[list]:
    return answer.to_results().rows


def test_the_coordinator_of_a_project_page_answers_with_the_line_that_says_so(engine):
    _, answer = engine.canned("coordinators", {"project": "project:lakeuden-ruokadata"})
    results = answer.to_results()
    [row] = results.rows
    record = dict(zip(results.columns, row))
    assert record["organisation"].endswith("/id/organisation/seinajoen-ammattikorkeakoulu")
    assert (record["start"], record["end"]) == ("2023-09-01", "2025-08-31")
    assert "Seinäjoen ammattikorkeakoulu" in record["quote"]
    document = engine.store.document(engine.store.documents()[0].id)
    assert record["quote"] in document.text


def test_the_regional_council_and_the_ely_centre_funding_it_are_public_bodies(engine):
    answer = engine.query("""
        SELECT ?name WHERE { ?funder frapo:funds project:lakeuden-ruokadata ; a cpov:PublicOrganisation ;
                                     rdfs:label ?name } ORDER BY ?name""")
    assert [row[0] for row in rows(answer)] == ["Etelä-Pohjanmaan ELY-keskus", "Etelä-Pohjanmaan liitto"]


def test_the_budget_dates_and_contact_person_are_in_standard_properties(engine):
    answer = engine.query("""
        SELECT ?budget ?currency ?start ?title WHERE {
          project:lakeuden-ruokadata av:budget [ a schema:MonetaryAmount ; schema:value ?budget ; schema:currency ?currency ] ;
                                     schema:startDate ?start .
          ?person av:contactFor project:lakeuden-ruokadata ; a foaf:Person ; schema:jobTitle ?title .
        }""")
    assert rows(answer) == [[287450, "EUR", "2023-09-01", "projektipäällikkö"]]


def test_every_fact_from_the_page_has_evidence_with_an_exact_quote_of_it(engine):
    text = engine.store.document(engine.store.documents()[0].id).text
    answer = engine.query("""
        SELECT ?fact ?quote ?start ?end WHERE {
          ?annotation oa:hasBody ?fact ; oa:hasTarget ?target .
          ?target oa:hasSelector [ oa:exact ?quote ], [ oa:start ?start ; oa:end ?end ] .
        }""")
    found = rows(answer)
    assert len(found) > 10
    assert all(text[start:end] == quote for _, quote, start, end in found)
