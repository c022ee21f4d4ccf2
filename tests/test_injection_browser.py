"""Injected markup in document titles, names and quotes never runs on any page, in a real browser.

Two documents written for this test (Finnish regional-development reporting):

* ``tests/fixtures/hostile/kasvuhanke_injektio.txt`` goes through the real
  loader and extractor: its title (the first line) and its quotes carry the
  payloads. The extractor decides which organisation names it keeps, so the
  test reads the names from the store instead of assuming them;
* a hand-made extraction (like tests/support/world.py's) names organisations
  with the payloads themselves, so hostile *names* are on the pages whatever
  the extractor does.

Every page type is visited: document list and document page, entity pages,
the collaboration map, the Cypher and SPARQL consoles with their results
rendered, partner results and search results. On each: no dialog opened, no
script error or console error, no element the payloads would create (an
``img`` with ``src=x``, an ``svg`` with ``onload``, a ``javascript:`` link), no
request for the ``x`` image, and the payload visible as literal text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import extraction
from support.browser import GuardedPage, screenshot
from support.live_server import live_server

from alueverkko.api.app import create_app
from alueverkko.graph.model import NodeKind, RelationType
from alueverkko.graph.store import Store
from alueverkko.settings import Settings

pytestmark = pytest.mark.browser

TIMEOUT_MS = 120_000
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "hostile" / "kasvuhanke_injektio.txt"
PAYLOADS = ["<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>", '"><svg onload=alert(1)>',
            "javascript:alert(1)"]
HOSTILE_NAMES = ["<img src=x onerror=alert(1)> Oy", '"><svg onload=alert(1)> Osuuskunta',
                 "</script><script>alert(1)</script> Kehitys Oy", "javascript:alert(1) Ry"]
HANDMADE_TEXT = ("Kymen kasvupolku -hankkeen kumppaneita olivat <img src=x onerror=alert(1)> Oy, "
                 "\"><svg onload=alert(1)> Osuuskunta, </script><script>alert(1)</script> Kehitys Oy ja "
                 "javascript:alert(1) Ry. Kumppanit kehittivät Kymenlaakson pk-yritysten vientiosaamista.")


def hostile(text: str) -> bool:
    return any(payload in text for payload in PAYLOADS)


@pytest.fixture(scope="module")
def hostile_world(tmp_path_factory):
    """(url, store facts) of a live server whose store holds the two hostile documents."""
    from alueverkko.ingest.pipeline import extract_file

    settings = Settings(data_dir=tmp_path_factory.mktemp("hostile"), use_spacy=False, sparql_workers=1)
    store = Store.open(settings.store_path)
    store.ingest(extract_file(FIXTURE, settings=settings))
    nodes = [(NodeKind.PROJECT, "Kymen kasvupolku")] + [(NodeKind.ORGANISATION, name) for name in HOSTILE_NAMES]
    store.ingest(extraction(HANDMADE_TEXT, "kumppanit_injektio.txt", nodes,
                            [(i, RelationType.PARTICIPATES_IN, 0) for i in range(1, len(nodes))]))
    facts = stored_facts(store)
    store.close()
    with live_server(lambda base: create_app(settings.model_copy(update={"base_iri": base}))) as (url, app):
        yield url, facts
        from alueverkko.graph.cypher import close_engine
        close_engine(app.state.settings)


def stored_facts(store) -> dict:
    """What the store holds: documents with hostile titles, entities with hostile names."""
    documents = {info.id: info.title for info in store.documents()}
    names = {node.id: node.name for node in store.iter_nodes()}
    facts = {"documents": documents, "hostile_titles": {i: t for i, t in documents.items() if hostile(t)},
             "hostile_entities": {i: n for i, n in names.items() if hostile(n)},
             "project": next(i for i, n in names.items() if n == "Kymen kasvupolku")}
    assert facts["hostile_titles"], "the fixture document's title should carry the payloads"
    assert len(facts["hostile_entities"]) >= len(HOSTILE_NAMES), facts["hostile_entities"]
    return facts


class Watched:
    """A GuardedPage that also records dialogs, console errors and requests for the injected image."""

    def __init__(self, browser, url: str):
        self.guarded = GuardedPage(browser, url)
        self.page = self.guarded.page
        self.page.set_default_timeout(TIMEOUT_MS)
        self.dialogs: list[str] = []
        self.console_errors: list[str] = []
        self.image_requests: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda msg: self.console_errors.append(msg.text) if msg.type == "error" else None)
        self.page.on("request", lambda req: self.image_requests.append(req.url)
                     if re.search(r"/x(\?|$)", req.url) else None)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def assert_inert(self, where: str, visible: list[str]) -> None:
        page = self.page
        page.wait_for_load_state("load")
        assert self.dialogs == [], f"{where}: a dialog opened: {self.dialogs}"
        assert self.guarded.script_errors == [], f"{where}: {self.guarded.script_errors}"
        assert self.console_errors == [], f"{where}: {self.console_errors}"
        assert self.image_requests == [], f"{where}: the injected image was requested"
        assert self.guarded.outside_requests == [], where
        created = page.evaluate("""() => ({
            img: document.querySelectorAll('img[src="x"]').length,
            svg: document.querySelectorAll('svg[onload]').length,
            handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
            scripts: [...document.scripts].filter(s => s.textContent.includes('alert(1)') && s.type !== 'application/json').length,
            links: [...document.querySelectorAll('a[href]')].filter(a => /^\\s*javascript:/i.test(a.getAttribute('href'))).length,
        })""")
        assert created == {"img": 0, "svg": 0, "handlers": 0, "scripts": 0, "links": 0}, f"{where}: {created}"
        text = page.locator("body").inner_text()
        for literal in visible:
            assert literal in text, f"{where}: {literal!r} is not shown as text"

    def close(self) -> None:
        self.guarded.close()


@pytest.fixture
def watched(browser, hostile_world):
    url, _facts = hostile_world
    page = Watched(browser, url)
    yield page
    page.close()


def test_document_list_and_pages_show_hostile_titles_and_quotes_as_text(watched, hostile_world):
    url, facts = hostile_world
    watched.page.goto(f"{url}/documents")
    watched.assert_inert("document list", list(facts["hostile_titles"].values()))
    for document_id, title in facts["documents"].items():
        watched.page.goto(f"{url}/documents/{document_id}")
        shown = [title] + [payload for payload in PAYLOADS[:3]]  # the text quotes every payload
        watched.assert_inert(f"document {title!r}", shown)
    screenshot(watched.page, "injection-document")


def test_entity_pages_show_hostile_names_and_quotes_as_text(watched, hostile_world):
    url, facts = hostile_world
    for entity_id, name in facts["hostile_entities"].items():
        watched.page.goto(f"{url}/entities/{entity_id}")
        watched.assert_inert(f"entity {name!r}", [name])
    watched.page.goto(f"{url}/entities/{facts['project']}")
    watched.assert_inert("the project's page", list(facts["hostile_entities"].values()))
    screenshot(watched.page, "injection-entity")


def test_the_map_shows_hostile_names_as_text(watched, hostile_world):
    url, facts = hostile_world
    page = watched.page
    for entity_id, name in facts["hostile_entities"].items():
        page.goto(f"{url}/maps/entity/{entity_id}")
        page.wait_for_selector("body[data-map-ready=yes]")
        assert page.locator("#map-title").inner_text() == name
        watched.assert_inert(f"map of {name!r}", [name])
    page.goto(f"{url}/maps/entity/{facts['project']}")
    page.wait_for_selector("body[data-map-ready=yes]")
    first = next(iter(facts["hostile_entities"].values()))
    page.fill("#search", first)  # focusing the search fills its list of names
    options = page.eval_on_selector_all("#node-names option", "os => os.map(o => o.value)")
    assert set(facts["hostile_entities"].values()) <= set(options)
    page.press("#search", "Enter")
    assert first in page.locator("#search-status").inner_text()
    watched.assert_inert("map search", [first])
    screenshot(page, "injection-map")


@pytest.mark.parametrize(("engine", "query"), [
    ("cypher", "MATCH (o:Organisation) RETURN o.name AS name, o AS node ORDER BY name"),
    ("sparql", "SELECT ?name WHERE { ?o a av:Organisation ; rdfs:label ?name } ORDER BY ?name"),
])
def test_the_consoles_render_hostile_results_as_text(watched, hostile_world, engine, query):
    url, facts = hostile_world
    watched.page.goto(f"{url}/console/{engine}")
    watched.page.fill("textarea#query", query)
    if engine == "cypher":
        watched.page.fill("textarea#params", "{}")
    watched.page.click("button#run")
    watched.page.wait_for_selector("table.results, #error:not([hidden])")
    assert watched.page.locator("#error").is_hidden(), watched.page.locator("#error").inner_text()
    organisations = [n for i, n in facts["hostile_entities"].items() if i.startswith("organisation:")]
    watched.assert_inert(f"{engine} console", organisations)
    screenshot(watched.page, f"injection-console-{engine}", full_page=False)


def test_partner_results_show_hostile_names_as_text(watched, hostile_world):
    url, facts = hostile_world
    watched.page.goto(f"{url}/partners")
    watched.page.fill("#idea", "pk-yritysten vientiosaaminen Kymenlaaksossa")
    watched.page.click("#find")
    watched.page.wait_for_selector("li.partner-card")
    cards = watched.page.locator("li.partner-card").all_inner_texts()
    shown = [name for name in facts["hostile_entities"].values() if any(name in card for card in cards)]
    assert shown, f"no hostile organisation among the partners: {cards}"
    watched.assert_inert("partner results", shown)
    screenshot(watched.page, "injection-partners")


@pytest.mark.parametrize("q", ["Osuuskunta", "Kehitys Oy", "onerror", "javascript"])
def test_search_results_show_hostile_names_as_text(watched, hostile_world, q):
    url, facts = hostile_world
    watched.page.goto(f"{url}/search?q={q}")
    hits = watched.page.locator("li.hit").all_inner_texts()
    shown = [name for name in facts["hostile_entities"].values() if any(name in hit for hit in hits)]
    assert shown, f"the search for {q!r} found no hostile name: {hits}"
    watched.assert_inert(f"search {q!r}", shown)
