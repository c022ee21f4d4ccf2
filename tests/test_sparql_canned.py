"""Canned SPARQL queries answer the small hand-made world with the known right answers."""

from __future__ import annotations

import httpx
import pytest

from alueverkko.api.app import create_app
from alueverkko.graph.store import Store
from alueverkko.queries.sparql.canned import list_queries, parse_query_file
from alueverkko.settings import Settings
from support import rdf_world as w
from support.live_server import live_server


def get(url: str, **options) -> httpx.Response:
    return httpx.get(url, **{"timeout": 120, **options})


def post(url: str, **options) -> httpx.Response:
    return httpx.post(url, **{"timeout": 120, **options})


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("sparql-canned")
    w.fill(Store.open(data / "alueverkko.sqlite"))
    with live_server(lambda url: create_app(Settings(data_dir=data, base_iri=url, sparql_workers=1))) as (url, _):
        yield url


def run(server: str, name: str, method: str = "GET", **params) -> dict:
    if method == "GET":
        response = get(f"{server}/api/sparql/queries/{name}", params=params)
    else:
        response = post(f"{server}/api/sparql/queries/{name}", json=params)
    assert response.status_code == 200, response.text
    return response.json()


def column(result: dict, name: str) -> list:
    index = result["columns"].index(name)
    return [row[index] for row in result["rows"]]


def slugs(values: list[str]) -> list[str]:
    return [value.split("/id/", 1)[1].replace("/", ":", 1) for value in values]


def test_the_canned_queries_are_listed_with_title_description_and_parameters(server):
    listed = get(f"{server}/api/sparql/queries").json()["queries"]
    assert [q["name"] for q in listed] == ["co_participation", "coordinators", "programme_funders",
                                           "projects_by_year", "region_actors"]
    funders = next(q for q in listed if q["name"] == "programme_funders")
    assert funders["title"] == "Funders of a programme"
    assert funders["params"] == [{"name": "programme", "type": "entity", "optional": False,
                                  "description": "the programme, e.g. programme:vaarojen-elinvoimaohjelma"}]
    assert all(q["description"] and q["text"].lstrip().startswith("#") for q in listed)


def test_every_canned_query_file_has_a_title_a_description_and_readable_parameters():
    for query in list_queries():
        assert query.title and query.description
        assert all(p.type in ("entity", "iri", "integer", "string") for p in query.params)


def test_a_query_file_without_a_title_is_rejected():
    with pytest.raises(ValueError, match="title"):
        parse_query_file("broken", "# description: no title\nSELECT * WHERE { ?s ?p ?o }")


def test_who_coordinates_which_projects(server):
    result = run(server, "coordinators")
    pairs = set(zip(slugs(column(result, "organisation")), slugs(column(result, "project"))))
    assert pairs == {(w.PKKK, w.REITIT), (w.KARELIA, w.POLKU), (w.KOUVOLA, w.LOGISTIIKKA)}
    assert set(column(result, "quote")) == {w.REITIT_TEXT, w.POLKU_TEXT, w.KOUVOLA_TEXT}


def test_the_projects_one_organisation_coordinates(server):
    result = run(server, "coordinators", organisation=w.KARELIA)
    assert column(result, "projectName") == ["Metsäosaajien polku"]
    assert column(result, "start") == ["2022-03-01"]


def test_funders_of_a_programme_directly_and_through_its_projects(server):
    result = run(server, "programme_funders", programme=w.PROGRAMME)
    rows = {slug: (direct, projects) for slug, direct, projects in
            zip(slugs(column(result, "funder")), column(result, "fundsProgramme"), column(result, "projects"))}
    assert rows == {w.ERDF: (True, 1), w.ELY: (False, 1)}


def test_actors_of_a_region_and_how_many_of_its_projects_each_has(server):
    result = run(server, "region_actors", region=w.PK)
    actors = dict(zip(slugs(column(result, "actor")), column(result, "projects")))
    assert actors == {w.LIEKSA: 2, w.KARELIA: 2, w.PKKK: 1, w.ELY: 1, w.AINO: 1}


def test_co_participation_of_two_organisations_with_their_roles(server):
    result = run(server, "co_participation", first=w.KARELIA, second=w.LIEKSA)
    roles = {slug: (first.rsplit("#", 1)[1], second.rsplit("#", 1)[1]) for slug, first, second in
             zip(slugs(column(result, "together")), column(result, "firstRole"), column(result, "secondRole"))}
    assert roles == {w.REITIT: ("participatesIn", "participatesIn"), w.POLKU: ("coordinates", "participatesIn")}
    networked = run(server, "co_participation", "POST", first=w.PKKK, second=w.KARELIA)
    assert set(slugs(column(networked, "together"))) == {w.REITIT, w.NETWORK}


def test_projects_by_year(server):
    assert set(slugs(column(run(server, "projects_by_year", year="2021"), "project"))) == {w.REITIT, w.LOGISTIIKKA}
    assert set(slugs(column(run(server, "projects_by_year", year="2022"), "project"))) == {w.REITIT, w.POLKU}
    only = run(server, "projects_by_year", "POST", year=2024)
    assert column(only, "name") == ["Metsäosaajien polku"]
    assert column(only, "budgetEur") == [300000]
    assert column(only, "coordinatorName") == ["Karelia-ammattikorkeakoulu"]


def test_parameters_are_bound_never_pasted(server):
    hostile = 'organisation:x> } UNION { ?s ?p ?o } #'
    response = get(f"{server}/api/sparql/queries/coordinators", params={"organisation": hostile})
    assert response.status_code == 400
    result = run(server, "coordinators", project=f"{server}/id/project/vaarojen-matkailureitit")
    assert slugs(column(result, "organisation")) == [w.PKKK]


def test_a_missing_required_parameter_is_a_400_that_names_it(server):
    response = get(f"{server}/api/sparql/queries/programme_funders")
    assert response.status_code == 400
    assert response.json()["error"]["where"] == "param programme"


def test_a_year_that_is_not_a_number_is_a_400(server):
    response = get(f"{server}/api/sparql/queries/projects_by_year", params={"year": "kaksituhatta"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_input"


def test_an_unknown_canned_query_is_a_404_and_internal_ones_are_hidden(server):
    for name in ("no_such_query", "_describe"):
        response = get(f"{server}/api/sparql/queries/{name}")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
