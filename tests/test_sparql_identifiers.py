"""Stable identifiers /id/{kind}/{slug} dereference with content negotiation; the endpoint follows the store."""

from __future__ import annotations

import httpx
import pytest
import rdflib
from rdflib.namespace import RDFS
from SPARQLWrapper import JSON, SPARQLWrapper

from alueverkko.api.app import create_app
from alueverkko.graph.store import Store
from alueverkko.settings import Settings
from support import rdf_world as w
from support.live_server import live_server


def get(url: str, **options) -> httpx.Response:
    return httpx.get(url, **{"timeout": 120, **options})

OA = rdflib.Namespace("http://www.w3.org/ns/oa#")


@pytest.fixture
def served(tmp_path):
    """A running server and the store it reads, which the test may change."""
    store = Store.open(tmp_path / "data" / "alueverkko.sqlite")
    w.fill(store)
    settings = lambda url: Settings(data_dir=tmp_path / "data", base_iri=url, sparql_workers=1)  # noqa: E731
    with live_server(lambda url: create_app(settings(url))) as (url, _):
        yield url, store
    store.close()


def labels(url: str) -> set[str]:
    sparql = SPARQLWrapper(f"{url}/sparql")
    sparql.setQuery("SELECT ?name WHERE { ?p a av:Project ; rdfs:label ?name }")
    sparql.setReturnFormat(JSON)
    return {b["name"]["value"] for b in sparql.query().convert()["results"]["bindings"]}


def test_an_identifier_answers_turtle_with_its_triples_incoming_and_outgoing_and_their_evidence(served):
    url, _ = served
    response = get(f"{url}/id/municipality/lieksa", headers={"accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    lieksa = rdflib.URIRef(f"{url}/id/municipality/lieksa")
    av = rdflib.Namespace(f"{url}/ns#")
    assert (lieksa, RDFS.label, rdflib.Literal("Lieksa")) in graph
    assert (lieksa, av.participatesIn, rdflib.URIRef(f"{url}/id/project/metsaosaajien-polku")) in graph
    assert (lieksa, av.partOf, rdflib.URIRef(f"{url}/id/region/pohjois-karjala")) in graph
    assert (rdflib.URIRef(f"{url}/id/region/pohjois-karjala"), RDFS.label, rdflib.Literal("Pohjois-Karjala")) in graph
    quotes = {str(q) for q in graph.objects(None, OA.exact)}
    assert {"Lieksa", w.REITIT_TEXT, w.POLKU_TEXT} <= quotes


def test_incoming_relations_are_part_of_the_description(served):
    url, _ = served
    graph = rdflib.Graph().parse(data=get(f"{url}/id/project/logistiikan-kasvupolku").text, format="turtle")
    av = rdflib.Namespace(f"{url}/ns#")
    assert (rdflib.URIRef(f"{url}/id/municipality/kouvola"), av.coordinates,
            rdflib.URIRef(f"{url}/id/project/logistiikan-kasvupolku")) in graph


def test_an_identifier_answers_json_ld(served):
    url, _ = served
    response = get(f"{url}/id/organisation/pohjois-karjalan-ely-keskus", headers={"accept": "application/ld+json"})
    assert response.headers["content-type"].startswith("application/ld+json")
    assert "@context" in response.json()
    graph = rdflib.Graph().parse(data=response.text, format="json-ld")
    ely = rdflib.URIRef(f"{url}/id/organisation/pohjois-karjalan-ely-keskus")
    assert (ely, rdflib.RDF.type, rdflib.URIRef("http://data.europa.eu/m8g/PublicOrganisation")) in graph


def test_a_browser_is_sent_to_the_entity_page_with_303(served):
    url, _ = served
    response = get(f"{url}/id/municipality/lieksa", headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 303
    assert response.headers["location"] == "/entities/municipality:lieksa"


def test_a_document_identifier_describes_the_document_and_sends_browsers_to_its_page(served):
    url, _ = served
    document_id = w.kouvola().document.id
    graph = rdflib.Graph().parse(data=get(f"{url}/id/document/{document_id}").text, format="turtle")
    document = rdflib.URIRef(f"{url}/id/document/{document_id}")
    assert (document, rdflib.URIRef("http://purl.org/dc/terms/title"), rdflib.Literal("hankkeet/logistiikan_kasvupolku.txt")) in graph
    page = get(f"{url}/id/document/{document_id}", headers={"accept": "text/html"})
    assert (page.status_code, page.headers["location"]) == (303, f"/documents/{document_id}")


def test_an_unknown_identifier_is_a_404_in_every_representation(served):
    url, _ = served
    for accept in ("text/turtle", "application/ld+json", "text/html"):
        response = get(f"{url}/id/municipality/atlantis", headers={"accept": accept})
        assert response.status_code == 404, accept
        assert response.json()["error"]["code"] == "entity_not_found"


def test_the_endpoint_follows_ingest_replacement_and_removal(served):
    url, store = served
    assert "Vaarojen matkailureitit" in labels(url)
    store.ingest(w.extraction("Iitti koordinoi Kylätalkoot-hanketta.", "iitti.txt",
                              [(w.K.MUNICIPALITY, "Iitti"), (w.K.PROJECT, "Kylätalkoot")], [(0, w.R.COORDINATES, 1)]))
    assert "Kylätalkoot" in labels(url)
    renamed = w.REITIT_TEXT.replace("Vaarojen matkailureitit", "Vaarojen retkeilyreitit")
    replaced = w.extraction(renamed, "hankkeet/vaarojen_matkailureitit.txt", [(w.K.PROJECT, "Vaarojen retkeilyreitit")])
    assert store.ingest(replaced).status == "replaced"
    after_replacement = labels(url)
    assert "Vaarojen retkeilyreitit" in after_replacement and "Vaarojen matkailureitit" not in after_replacement
    store.remove_document("iitti.txt")
    assert "Kylätalkoot" not in labels(url)
    gone = get(f"{url}/id/project/kylatalkoot", headers={"accept": "text/turtle"})
    assert gone.status_code == 404
