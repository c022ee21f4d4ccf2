"""HTML pages: each renders the data of its JSON twin, escapes document text, speaks Finnish and English."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from alueverkko.api.app import create_app

KOUVOLA = "municipality:kouvola"


@pytest.fixture(scope="module")
def client(world_settings):
    with TestClient(create_app(world_settings)) as test_client:
        yield test_client


def page(client, url: str) -> HTMLParser:
    response = client.get(url, headers={"accept": "text/html"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    return HTMLParser(response.text)


def twin(client, html: HTMLParser) -> dict:
    """The JSON the page names as its alternate representation."""
    link = html.css_first('link[rel="alternate"][type="application/json"]')
    assert link is not None, "every page names its JSON twin"
    response = client.get(link.attributes["href"])
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    return response.json()


def doc_id(client, title: str) -> str:
    return next(d["id"] for d in client.get("/api/documents").json()["documents"] if d["title"] == title)


def test_the_home_page_shows_the_counts_of_its_twin(client):
    html = page(client, "/")
    stats = twin(client, html)
    assert stats == client.get("/api/stats").json()
    assert html.css_first("p.counts").text(strip=True).startswith(f"Dokumentit: {stats['documents']}")
    assert html.css_first("form.search input[name=q]") is not None


def test_the_results_page_lists_the_hits_of_its_twin_in_order(client):
    html = page(client, "/search?q=Lieksa&per_page=3")
    data = twin(client, html)
    assert data["query"] == "Lieksa" and data["per_page"] == 3
    assert [li.attributes["data-id"] for li in html.css("li.hit")] == [h["id"] for h in data["hits"]]
    assert html.css_first("li.hit a").attributes["href"] == "/entities/municipality%3Alieksa?lang=fi"


def test_an_empty_search_goes_back_home(client):
    response = client.get("/search?q=", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"


def test_the_entity_page_groups_facts_by_relation_with_quotes_and_span_links(client):
    html = page(client, f"/entities/{KOUVOLA}")
    data = twin(client, html)
    assert data["id"] == KOUVOLA
    groups = [(s.attributes["data-type"], s.attributes["data-direction"]) for s in html.css("section.relation-group")]
    assert groups == [(g["type"], g["direction"]) for g in data["relations"]]
    link = html.css_first("a.evidence-link").attributes["href"]
    assert re.fullmatch(r"/documents/[0-9a-f]{64}\?lang=fi#span-\d+-\d+", link)
    assert html.css_first("a.map-link").attributes["href"] == f"/maps/entity/{KOUVOLA}?lang=fi"
    assert "Koordinoi" in html.body.text()


def test_the_document_page_marks_every_span_with_its_id(client):
    identifier = doc_id(client, "rautatiekaupunki.txt")
    html = page(client, f"/documents/{identifier}")
    data = twin(client, html)
    ids = {m.attributes["id"] for m in html.css("article.document-text mark[id]")}
    assert ids == {f"span-{s['start']}-{s['end']}" for s in data["spans"]}
    article_text = html.css_first("article.document-text").text()
    assert article_text == data["text"]


def test_document_text_and_names_are_escaped_never_markup(client):
    response = client.get(f"/documents/{doc_id(client, 'merkit.txt')}", headers={"accept": "text/html"})
    assert '&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;' in response.text or \
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in response.text
    assert "<script>alert" not in response.text and "<b>järjestää" not in response.text
    assert "Markkina &amp; Merkki Oy" in response.text


def test_the_document_list_page_shows_the_documents_of_its_twin(client):
    html = page(client, "/documents")
    data = twin(client, html)
    assert [tr.attributes["data-id"] for tr in html.css("table.documents tbody tr")] == [d["id"] for d in data["documents"]]


def test_the_console_pages_offer_the_canned_queries_as_examples(client):
    for engine, endpoint in (("cypher", "/api/cypher"), ("sparql", "/sparql")):
        html = page(client, f"/console/{engine}")
        data = twin(client, html)
        assert data["engine"] == engine and data["endpoint"] == endpoint and data["examples"]
        form = html.css_first("form#console")
        assert form.attributes["data-endpoint"] == endpoint
        assert [o.text() for o in html.css("select#examples option")][1:] == [e["title"] for e in data["examples"]]
        assert html.css_first('script[src="/static/console.js"]') is not None
    names = [e["name"] for e in client.get("/api/consoles/cypher").json()["examples"]]
    assert "partners" in names and not any("." in n for n in names)


def test_the_console_script_never_writes_html(client):
    script = client.get("/static/console.js")
    assert script.status_code == 200 and "textContent" in script.text
    assert "innerHTML" not in script.text and "outerHTML" not in script.text and "insertAdjacentHTML" not in script.text


@pytest.mark.parametrize("url", ["/", "/search?q=Kouvola", f"/entities/{KOUVOLA}", "/documents", "/console/cypher"])
def test_pages_load_nothing_from_outside_the_server(client, url):
    html = page(client, url)
    for node in html.css("[src], link[href], script"):
        target = node.attributes.get("src") or node.attributes.get("href") or ""
        assert not re.match(r"^(https?:)?//", target), target


def test_finnish_is_the_default_and_english_follows_lang(client):
    fi = page(client, f"/entities/{KOUVOLA}")
    en = page(client, f"/entities/{KOUVOLA}?lang=en")
    assert fi.css_first("html").attributes["lang"] == "fi" and en.css_first("html").attributes["lang"] == "en"
    assert "Suhteet" in fi.body.text() and "Relations" in en.body.text() and "Relations" not in fi.body.text()
    assert en.css_first("a.evidence-link").attributes["href"].split("#")[0].endswith("?lang=en")


def test_the_language_switch_keeps_the_query(client):
    html = page(client, "/search?q=Lieksa&kind=Programme")
    switch = html.css_first(".lang a").attributes["href"]
    assert "q=Lieksa" in switch and "kind=Programme" in switch and "lang=en" in switch
