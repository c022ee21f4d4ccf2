"""Collaboration maps in a real browser: Debian's Chromium (Playwright) against a real uvicorn server.

Each test opens a map, uses it as a person would (hover, click, filter, search)
and reads the map's state through ``window.alueverkkoMap``. Every page is
watched for dialogs (``alert``), console messages and script errors: names
read from documents are markup and script, and none of it may run.
Screenshots go to test-artifacts/screenshots/ (git-ignored).
"""

from __future__ import annotations

import random
from urllib.parse import quote

import httpx
import networkx as nx
import pytest
from support.browser import GuardedPage, screenshot
from support.live_server import live_server
from support.map_world import IDS, IMG, JS_ALIAS, SCRIPT, SVG, fill_map_world

from alueverkko.api.app import create_app
from alueverkko.graph.store import Store
from alueverkko.settings import Settings
from alueverkko.viz import render
from alueverkko.viz.maps import entity_map
from alueverkko.viz.view import build_view, visible_ids

pytestmark = pytest.mark.browser

TIMEOUT_MS = 120_000
#: A project page whose project name is script, read by the real extraction pipeline.
PIPELINE_DOC = (f"Hankesivu\n\nHankkeen nimi: {SCRIPT}\nToteutusaika: 1.1.2021–31.12.2022\n"
                "Tekijät: Kainuun Vesi Oy\nBudjetti: 100 000 €\nRahoittajat: Etelä-Pohjanmaan liitto\n")


@pytest.fixture(scope="module")
def map_settings(tmp_path_factory) -> Settings:
    from alueverkko.ingest.pipeline import extract_file

    settings = Settings(data_dir=tmp_path_factory.mktemp("maps-browser"))
    store = Store.open(settings.store_path)
    fill_map_world(store)
    page = tmp_path_factory.mktemp("pipeline") / "hankesivu_merkinnat.txt"
    page.write_text(PIPELINE_DOC, encoding="utf-8")
    store.ingest(extract_file(page))
    store.close()
    return settings


@pytest.fixture(scope="module")
def map_url(map_settings):
    with live_server(lambda base: create_app(map_settings.model_copy(update={"base_iri": base}))) as (url, _app):
        yield url


class Watched:
    """A guarded page that also records dialogs and console messages."""

    def __init__(self, browser, base_url: str):
        self.guarded = GuardedPage(browser, base_url)
        self.page = self.guarded.page
        self.dialogs: list[str] = []
        self.console: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda message: self.console.append(f"{message.type}: {message.text}"))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open_map(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_selector("body[data-map-complete=yes]", timeout=TIMEOUT_MS)

    def assert_nothing_ran(self) -> None:
        assert self.dialogs == [], "a name from a document opened a dialog"
        assert self.guarded.script_errors == []
        assert self.console == []
        assert self.guarded.outside_requests == [], "maps load nothing from outside the server"


@pytest.fixture
def watched(browser, map_url):
    page = Watched(browser, map_url)
    yield page
    page.guarded.close()


def node_point(page, node_id: str) -> tuple[float, float]:
    point = page.evaluate("id => alueverkkoMap.domPosition(id)", node_id)
    return point["x"], point["y"]


def hover(page, node_id: str) -> str:
    x, y = node_point(page, node_id)
    page.mouse.move(x - 30, y - 30)
    page.mouse.move(x, y, steps=4)
    page.wait_for_selector("#map-tip:not([hidden])", timeout=10_000)
    return page.locator("#map-tip").text_content()


def test_hovering_a_node_shows_its_tooltip_and_clicking_it_opens_its_entity_page(watched, map_url):
    page = watched.page
    watched.open_map(f"{map_url}/maps/entity/{quote(IDS['vesi_oy'], safe='')}?hops=2")
    assert page.evaluate("alueverkkoMap.allNodeIds()") == sorted(
        n["id"] for n in httpx.get(f"{map_url}/api/maps/entity/{quote(IDS['vesi_oy'], safe='')}?hops=2").json()["nodes"])
    text = hover(page, IDS["vesi"])
    assert text.startswith("Vesiviisas Kainuu\nHanke · 2020–2022 · budjetti 450 000 €")
    screenshot(page, "map-entity-tooltip", full_page=False)
    x, y = node_point(page, IDS["vesi"])
    page.mouse.click(x, y)
    page.wait_for_url(f"**/entities/{quote(IDS['vesi'], safe='')}", timeout=TIMEOUT_MS)
    watched.assert_nothing_ran()


def test_kind_and_year_filters_hide_what_does_not_match_and_keep_the_graph_intact(watched, map_url):
    page = watched.page
    path = f"/maps/entity/{quote(IDS['vesi_oy'], safe='')}?hops=3"
    watched.open_map(map_url + path)
    data = httpx.get(f"{map_url}/api{path}").json()
    nodes = {n["id"]: (n["kind"], tuple(n["years"]) if n["years"] else None) for n in data["nodes"]}
    edges = [(e["id"], e["from"], e["to"], e["type"], tuple(e["years"]) if e["years"] else None) for e in data["edges"]]
    everything = page.evaluate("alueverkkoMap.allNodeIds()")

    page.uncheck("input[name=kind][value=Person]")
    expected, expected_edges = visible_ids(nodes, edges, kinds=set(nodes[n][0] for n in nodes) - {"Person"},
                                           focus=data["focus"])
    assert page.evaluate("alueverkkoMap.visibleNodeIds()") == sorted(expected)
    assert page.evaluate("alueverkkoMap.visibleEdgeIds()") == sorted(expected_edges)
    assert IDS["aino"] not in expected and IDS["vesi"] in expected
    screenshot(page, "map-filter-kind", full_page=False)

    page.check("input[name=kind][value=Person]")
    page.fill("#year-from", "2015")
    page.fill("#year-to", "2016")
    expected, _ = visible_ids(nodes, edges, years=(2015, 2016), focus=data["focus"])
    shown = page.evaluate("alueverkkoMap.visibleNodeIds()")
    assert shown == sorted(expected)
    assert IDS["metsa"] in shown and IDS["vesi"] not in shown and IDS["yliopisto"] in shown
    assert IDS["vesi_oy"] in shown, "the map's own subject stays"
    assert page.evaluate("alueverkkoMap.nodes.length") == len(everything), "filters hide; nothing is deleted"
    assert page.evaluate("alueverkkoMap.allNodeIds()") == everything
    assert f"{len(shown)} / {len(everything)}" in page.locator("#visible-count").text_content()
    screenshot(page, "map-filter-years", full_page=False)

    page.click("#reset-filters")
    assert page.evaluate("alueverkkoMap.visibleNodeIds()") == everything
    watched.assert_nothing_ran()


def test_searching_a_name_focuses_and_selects_its_node(watched, map_url):
    page = watched.page
    watched.open_map(f"{map_url}/maps/programme/{quote(IDS['ohjelma'], safe='')}")
    page.fill("#search", "kajaanin")
    page.press("#search", "Enter")
    assert page.locator("#search-status").text_content() == "Kohdistettu: Kajaanin yliopistokeskus"
    selected = page.evaluate("alueverkkoMap.network.getSelectedNodes().map(n => alueverkkoMap.nodes.get(n).label)")
    assert selected == ["Kajaanin yliopistokeskus"]
    page.fill("#search", "ei tällaista nimeä")
    page.press("#search", "Enter")
    assert page.locator("#search-status").text_content() == "Ei löytynyt: ei tällaista nimeä"
    watched.assert_nothing_ran()


def test_names_made_of_markup_and_script_run_nothing_and_are_shown_as_text(watched, map_url):
    page = watched.page
    watched.open_map(f"{map_url}/maps/entity/{quote(IDS['img'], safe='')}?hops=2")
    assert page.title() == f"Yhteistyökartta: {IMG}"
    assert page.locator("#map-title").text_content() == IMG
    assert hover(page, IDS["img"]).startswith(f"{IMG}\nOrganisaatio")
    assert hover(page, IDS["svg"]).startswith(f"{SVG}\nHenkilö")
    assert f"“{SCRIPT}" in hover(page, IDS["script"]), "the quote is shown as text"
    for name in (SCRIPT, JS_ALIAS.strip()):
        page.fill("#search", name)
        page.press("#search", "Enter")
    assert page.locator("#search-status").text_content() == f"Kohdistettu: {IMG}", "found by its alias"
    page.fill("#search", SCRIPT)
    page.press("#search", "Enter")
    assert page.locator("#search-status").text_content() == f"Kohdistettu: {SCRIPT}"
    assert page.evaluate("document.querySelectorAll('main img, body img, svg, iframe').length") == 0
    assert page.evaluate("document.querySelectorAll('script').length") == 3
    screenshot(page, "map-markup-names", full_page=False)
    watched.assert_nothing_ran()


def test_a_project_named_with_script_by_the_real_pipeline_is_mapped_as_text(watched, map_url):
    from alueverkko.graph.model import NodeKind, node_id

    project = node_id(NodeKind.PROJECT, SCRIPT)
    data = httpx.get(f"{map_url}/api/maps/programme/{quote(project, safe='')}").json()
    extracted = [n for n in data["nodes"] if n["id"] == project]
    assert extracted and extracted[0]["name"] == SCRIPT
    assert extracted[0]["evidence"] == 2, "the hand-made document and the pipeline's both support it"
    assert "budjetti 100 000 €" in extracted[0]["title"], "the budget the pipeline read"
    watched.open_map(f"{map_url}/maps/programme/{quote(project, safe='')}")
    assert hover(watched.page, project).startswith(f"{SCRIPT}\nHanke")
    watched.assert_nothing_ran()


def test_a_self_contained_map_file_runs_no_script_from_names(browser, map_settings, tmp_path):
    store = Store.open(map_settings.store_path)
    try:
        html = render.render_html(entity_map(store, IDS["img"], hops=2).view(link_base="http://127.0.0.1:9"),
                                  standalone=True)
    finally:
        store.close()
    path = tmp_path / "kartta.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    events: list[str] = []
    page.on("dialog", lambda dialog: (events.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: events.append(message.text))
    page.on("pageerror", lambda error: events.append(str(error)))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-map-ready=yes]", timeout=TIMEOUT_MS)
        assert hover(page, IDS["script"]).startswith(SCRIPT)
        screenshot(page, "map-standalone-file", full_page=False)
        assert events == []
        assert requests == [path.as_uri()], "a self-contained file asks for nothing else"
    finally:
        page.close()


@pytest.mark.slow
def test_a_ten_thousand_node_map_draws_in_chromium_at_server_positions(browser, tmp_path):
    """Speed is measured in bench/maps_bench.py; here: a 10,000-node map draws, and filters work on it."""
    rng = random.Random(3)
    graph = nx.MultiDiGraph()
    kinds = ["Organisation", "Project", "Person", "Municipality"]
    for i in range(10_000):
        kind = kinds[i % 4]
        graph.add_node(f"{kind.lower()}:n{i}", kind=kind, name=f"Toimija {i}", aliases=[],
                       attrs={"years": [2010 + i % 15]} if kind == "Project" else {}, evidence=[], evidence_count=1)
    ids = list(graph)
    for _ in range(30_000):
        u, v = rng.sample(ids, 2)
        graph.add_edge(u, v, key="PARTICIPATES_IN", type="PARTICIPATES_IN", attrs={}, evidence=[], evidence_count=1)
    view = build_view(graph, title="10 000", seed=1)
    assert not view.physics
    path = tmp_path / "iso.html"
    path.write_text(render.render_html(view, standalone=True), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-map-complete=yes]", timeout=TIMEOUT_MS)
        assert page.evaluate("alueverkkoMap.edges.length") == len(view.edges)
        marks = page.evaluate("['map-ready', 'map-complete'].map(m => performance.getEntriesByName(m).length)")
        assert marks == [1, 1], "the first drawing and the completed map are both marked"
        assert page.evaluate("alueverkkoMap.nodesView.length") == 10_000
        assert page.evaluate("alueverkkoMap.network.physics.options.enabled") is False
        first = view.nodes[0]
        assert page.evaluate("alueverkkoMap.network.getPosition(0)") == {"x": first.x, "y": first.y}
        page.uncheck("input[name=kind][value=Person]")
        assert page.evaluate("alueverkkoMap.nodesView.length") == 7_500
        assert page.evaluate("alueverkkoMap.edgesView.length") == sum(
            1 for e in view.edges if not e.source.startswith("person:") and not e.target.startswith("person:"))
        screenshot(page, "map-10000-nodes", full_page=False)
        assert errors == []
    finally:
        page.close()
