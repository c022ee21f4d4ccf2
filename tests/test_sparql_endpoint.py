"""The running /sparql endpoint, asked by a real SPARQL client (SPARQLWrapper) in every format."""

from __future__ import annotations

import csv
import io
import json
import threading
import urllib.error

import httpx
import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, JSONLD, POST, TSV, TURTLE, XML, SPARQLWrapper

from alueverkko.api.app import create_app
from alueverkko.graph.store import Store
from alueverkko.settings import Settings
from support import rdf_world as w
from support.live_server import live_server


def get(url: str, **options) -> httpx.Response:
    return httpx.get(url, **{"timeout": 120, **options})


def post(url: str, **options) -> httpx.Response:
    return httpx.post(url, **{"timeout": 120, **options})

ROW_CAP = 25
TIMEOUT_S = 4.0

PK_MUNICIPALITIES = """
SELECT ?m ?name WHERE { ?m a av:Municipality ; rdfs:label ?name ; av:partOf region:pohjois-karjala } ORDER BY ?name
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("sparql-endpoint")
    store = Store.open(data / "alueverkko.sqlite")
    w.fill(store)

    def make_app(base_url: str):
        return create_app(Settings(data_dir=data, base_iri=base_url, query_row_cap=ROW_CAP,
                                   query_timeout_s=TIMEOUT_S, sparql_workers=2))

    with live_server(make_app) as (url, _app):
        yield url


def client(server: str, query: str, fmt: str, *, method: str = "GET") -> SPARQLWrapper:
    sparql = SPARQLWrapper(f"{server}/sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    sparql.setMethod(method)
    return sparql


def test_select_answers_in_sparql_json(server):
    result = client(server, PK_MUNICIPALITIES, JSON).query().convert()
    assert result["head"]["vars"] == ["m", "name"]
    assert [b["name"]["value"] for b in result["results"]["bindings"]] == ["Lieksa"]
    assert result["results"]["bindings"][0]["m"] == {"type": "uri", "value": f"{server}/id/municipality/lieksa"}
    assert result["truncated"] is False


def test_select_answers_in_sparql_xml(server):
    document = client(server, PK_MUNICIPALITIES, XML).query().convert()
    ns = "http://www.w3.org/2005/sparql-results#"
    variables = [v.getAttribute("name") for v in document.getElementsByTagNameNS(ns, "variable")]
    literals = [node.firstChild.data for node in document.getElementsByTagNameNS(ns, "literal")]
    uris = [node.firstChild.data for node in document.getElementsByTagNameNS(ns, "uri")]
    assert (variables, literals, uris) == (["m", "name"], ["Lieksa"], [f"{server}/id/municipality/lieksa"])


def test_select_answers_in_csv(server):
    rows = list(csv.reader(io.StringIO(client(server, PK_MUNICIPALITIES, CSV).query().convert().decode())))
    assert rows == [["m", "name"], [f"{server}/id/municipality/lieksa", "Lieksa"]]


def test_select_answers_in_tsv_with_terms_in_turtle_syntax(server):
    query = 'SELECT ?p ?year WHERE { ?p av:year ?year ; rdfs:label "Logistiikan kasvupolku" }'
    lines = client(server, query, TSV).query().convert().decode().splitlines()
    assert lines == ["?p\t?year",
                     f'<{server}/id/project/logistiikan-kasvupolku>\t"2021"^^<http://www.w3.org/2001/XMLSchema#integer>']


def test_ask_answers_true_and_false(server):
    assert client(server, "ASK { municipality:lieksa av:partOf region:pohjois-karjala }", JSON).query().convert()["boolean"] is True
    assert client(server, "ASK { municipality:kouvola av:partOf region:pohjois-karjala }", JSON).query().convert()["boolean"] is False


def test_construct_answers_in_turtle(server):
    query = "CONSTRUCT { ?org org:memberOf ?network } WHERE { ?org org:memberOf ?network }"
    graph = rdflib.Graph().parse(data=client(server, query, TURTLE).query().convert(), format="turtle")
    members = {str(s).rsplit("/", 1)[-1] for s in graph.subjects()}
    assert members == {"pielisen-karjalan-kehittamiskeskus-oy", "karelia-ammattikorkeakoulu", "kolin-luontomatkailu-ry"}


def test_construct_answers_in_json_ld(server):
    query = "CONSTRUCT { ?funder frapo:funds ?project } WHERE { ?funder frapo:funds ?project ; a av:Fund }"
    graph = client(server, query, JSONLD).query().convert()
    assert isinstance(graph, rdflib.Graph)
    funds = rdflib.URIRef("http://purl.org/cerif/frapo/funds")
    assert set(graph.objects(rdflib.URIRef(f"{server}/id/fund/euroopan-aluekehitysrahasto"), funds)) == {
        rdflib.URIRef(f"{server}/id/project/vaarojen-matkailureitit"),
        rdflib.URIRef(f"{server}/id/programme/vaarojen-elinvoimaohjelma")}


def test_describe_answers_in_turtle(server):
    turtle = client(server, "DESCRIBE region:kymenlaakso", TURTLE).query().convert()
    graph = rdflib.Graph().parse(data=turtle, format="turtle")
    assert (rdflib.URIRef(f"{server}/id/region/kymenlaakso"), rdflib.RDFS.label, rdflib.Literal("Kymenlaakso")) in graph


def test_a_query_can_be_posted_as_a_form_or_as_a_sparql_query_body(server):
    form = client(server, PK_MUNICIPALITIES, JSON, method=POST).query().convert()
    body = post(f"{server}/sparql", content=PK_MUNICIPALITIES.encode(),
                      headers={"content-type": "application/sparql-query", "accept": "application/sparql-results+json"})
    assert form["results"]["bindings"] == body.json()["results"]["bindings"] != []


def test_accept_q_values_choose_the_format(server):
    response = get(f"{server}/sparql", params={"query": PK_MUNICIPALITIES},
                         headers={"accept": "application/sparql-results+json;q=0.2, text/csv;q=0.9"})
    assert response.headers["content-type"].startswith("text/csv")


def test_the_row_cap_truncates_and_says_so_in_json_and_in_a_header_of_every_format(server):
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    result = client(server, query, JSON).query().convert()
    assert len(result["results"]["bindings"]) == ROW_CAP
    assert result["truncated"] is True
    for accept in ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                   "text/tab-separated-values"):
        response = get(f"{server}/sparql", params={"query": query}, headers={"accept": accept})
        assert response.headers["x-alueverkko-truncated"] == "true", accept
    small = get(f"{server}/sparql", params={"query": PK_MUNICIPALITIES}, headers={"accept": "text/csv"})
    assert small.headers["x-alueverkko-truncated"] == "false"
    graph = get(f"{server}/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                      headers={"accept": "text/turtle"})
    assert graph.headers["x-alueverkko-truncated"] == "true"
    assert len(rdflib.Graph().parse(data=graph.text, format="turtle")) == ROW_CAP


UPDATES = [
    "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
    "DELETE DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "PREFIX ex: <http://example.org/> DELETE { ?s ?p ?o } INSERT { ?s ex:p ?o } WHERE { ?s ?p ?o }",
    "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "CLEAR ALL",
    "CREATE GRAPH <http://example.org/g>",
    "DROP ALL",
    "COPY DEFAULT TO <http://example.org/g>",
    "MOVE DEFAULT TO <http://example.org/g>",
    "ADD DEFAULT TO <http://example.org/g>",
    "CLEAR DEFAULT ; INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }",
    r"\u0049NSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
]


def assert_refused(response: httpx.Response, refused: str) -> None:
    assert response.status_code == 403, response.text
    error = response.json()["error"]
    assert error["code"] == "query_refused"
    assert error["details"]["refused"] == refused
    assert error["fix"]


@pytest.mark.parametrize("update", UPDATES)
def test_every_update_form_is_refused_whichever_way_it_is_sent(server, update):
    assert_refused(get(f"{server}/sparql", params={"query": update}), "update")
    assert_refused(post(f"{server}/sparql", data={"query": update}), "update")
    assert_refused(post(f"{server}/sparql", data={"update": update}), "update")
    assert_refused(get(f"{server}/sparql", params={"update": update}), "update")
    assert_refused(post(f"{server}/sparql", content=update.encode(),
                              headers={"content-type": "application/sparql-update"}), "update")
    assert_refused(post(f"{server}/sparql", content=update.encode(),
                              headers={"content-type": "application/sparql-query"}), "update")


def test_a_sparql_client_sending_an_update_gets_403_and_nothing_changes(server):
    sparql = client(server, "INSERT DATA { municipality:lieksa rdfs:label \"Muutettu\" }", JSON, method=POST)
    with pytest.raises(urllib.error.HTTPError) as refused:
        sparql.query()
    assert refused.value.code == 403
    assert json.loads(refused.value.read())["error"]["code"] == "query_refused"
    assert client(server, 'ASK { ?s rdfs:label "Muutettu" }', JSON).query().convert()["boolean"] is False


SERVICES = [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:p ?o . OPTIONAL { SERVICE <http://127.0.0.1:9/> { ?o ?p2 ?x } } }",
    "select * where { ?s ?p ?o . service ?endpoint { ?o ?q ?r } }",
    r"SELECT * WHERE { SERV\u0049CE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "CONSTRUCT WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
]


@pytest.mark.parametrize("query", SERVICES)
def test_service_calls_are_refused(server, query):
    assert_refused(get(f"{server}/sparql", params={"query": query}), "service")


def test_words_like_insert_or_service_inside_strings_and_names_are_not_refused(server):
    query = 'PREFIX ex: <http://example.org/service#> SELECT ?service WHERE { BIND("INSERT DATA; SERVICE" AS ?service) }'
    result = client(server, query, JSON).query().convert()
    assert result["results"]["bindings"][0]["service"]["value"] == "INSERT DATA; SERVICE"


def test_a_syntax_error_is_a_400_that_says_where(server):
    response = get(f"{server}/sparql", params={"query": "SELECT ?s WHERE { ?s ?p }"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "query_error"


def test_a_runaway_query_is_stopped_by_the_time_limit_while_the_server_stays_responsive(server):
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    outcome = {}

    def run():
        outcome["response"] = get(f"{server}/sparql", params={"query": runaway})

    thread = threading.Thread(target=run)
    thread.start()
    during = get(f"{server}/api/health")
    thread.join(timeout=120)
    assert during.status_code == 200
    response = outcome["response"]
    assert response.status_code == 408
    assert response.json()["error"]["code"] == "query_timeout"
    assert response.json()["error"]["details"]["timeout_s"] == TIMEOUT_S
    after = client(server, PK_MUNICIPALITIES, JSON).query().convert()
    assert [b["name"]["value"] for b in after["results"]["bindings"]] == ["Lieksa"]


def test_a_query_given_no_query_is_a_400(server):
    response = get(f"{server}/sparql")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_input"
