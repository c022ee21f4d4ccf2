"""Maps served (/maps/..., /api/maps/..., exports, vendor scripts) and written by `alueverkko map`."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from urllib.parse import quote

import networkx as nx
import pytest
from fastapi.testclient import TestClient
from support.map_world import IDS, IMG, SCRIPT, fill_map_world

from alueverkko.api.app import create_app
from alueverkko.graph.export import from_json
from alueverkko.graph.store import Store
from alueverkko.settings import Settings

ERROR_KEYS = {"code", "message", "where", "fix", "details"}


@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> Settings:
    settings = Settings(data_dir=tmp_path_factory.mktemp("maps-api"), map_physics_max_nodes=5)
    store = Store.open(settings.store_path)
    fill_map_world(store)
    store.close()
    return settings


@pytest.fixture(scope="module")
def client(settings):
    return TestClient(create_app(settings), raise_server_exceptions=False)


def q(node_id: str) -> str:
    return quote(node_id, safe="")


def test_an_entity_map_page_is_served_with_a_script_only_from_self_policy(client):
    response = client.get(f"/maps/entity/{q(IDS['vesi_oy'])}?hops=2", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "/static/vendor/vis-network/vis-network.min.js" in response.text
    assert IMG not in response.text and SCRIPT not in response.text


def test_every_map_page_has_a_json_twin_with_the_view_model(client):
    for path in (f"/maps/entity/{q(IDS['vesi_oy'])}?hops=2", f"/maps/programme/{q(IDS['ohjelma'])}",
                 f"/maps/region/{q(IDS['kainuu'])}", "/maps/all"):
        page = client.get(path)
        twin = client.get("/api" + path)
        assert page.status_code == twin.status_code == 200, path
        data = twin.json()
        assert data["counts"]["nodes"] == len(data["nodes"]) > 1
        assert f'<link rel="alternate" type="application/json" href="/api{path.split("?")[0]}' in page.text
        assert {n["id"] for n in data["nodes"]} >= ({data["focus"]} if data["focus"] else set())


def test_the_json_twin_applies_server_filters_and_reports_them(client):
    data = client.get(f"/api/maps/entity/{q(IDS['vesi'])}?kinds=Organisation&years=2021").json()
    assert data["filters"] == {"kinds": ["Organisation"], "types": [], "years": [2021, 2021]}
    assert {n["kind"] for n in data["nodes"]} == {"Organisation", "Project"}
    assert data["physics"] is True and data["reduced"] is None


def test_a_map_over_the_node_budget_is_reduced_with_a_visible_note(settings):
    small_budget = TestClient(create_app(settings.model_copy(update={"map_node_budget": 5})))
    data = small_budget.get("/api/maps/all").json()
    assert len(data["nodes"]) == 5 and data["reduced"]["total"] == 14
    page = small_budget.get("/maps/all?lang=en")
    assert 'id="reduced-note"' in page.text and "it shows 5 of 14 nodes" in page.text
    assert data["physics"] is True  # 5 nodes: at the physics limit of this world's settings


def test_a_map_exports_to_gephi_with_positions_and_to_the_stable_json_format(client):
    gexf = client.get(f"/maps/entity/{q(IDS['vesi_oy'])}?hops=2&format=gexf")
    assert gexf.status_code == 200 and gexf.headers["content-type"].startswith("application/gexf+xml")
    assert "attachment" in gexf.headers["content-disposition"]
    graph = nx.read_gexf(io.BytesIO(gexf.content))
    assert IDS["vesi_oy"] in graph and graph.nodes[IDS["vesi_oy"]]["kind"] == "Organisation"
    assert b"<viz:position" in gexf.content
    exported = client.get(f"/maps/entity/{q(IDS['vesi_oy'])}?hops=2&format=json")
    graph, documents = from_json(exported.json())
    assert set(graph) == {n["id"] for n in client.get(f"/api/maps/entity/{q(IDS['vesi_oy'])}?hops=2").json()["nodes"]}
    assert len(graph.nodes[IDS["vesi_oy"]]["evidence"]) == 2, "exports carry every piece of evidence"
    assert {d["id"] for d in documents} >= {ev["document_id"] for ev in graph.nodes[IDS["vesi_oy"]]["evidence"]}


def test_an_unknown_entity_is_a_404_in_the_error_shape(client):
    for path in ("/api/maps/entity/organisation%3Aei-ole", "/maps/region/region%3Aei-ole"):
        response = client.get(path)
        assert response.status_code == 404
        assert set(response.json()["error"]) == ERROR_KEYS
        assert response.json()["error"]["code"] == "entity_not_found"


@pytest.mark.parametrize("query", ["hops=4", "hops=x", "kinds=Planet", "types=LOVES", "years=20-21",
                                   "format=png", "size=colour"])
def test_bad_map_parameters_are_invalid_input(client, query):
    response = client.get(f"/api/maps/entity/{q(IDS['vesi_oy'])}?{query}") if "format" not in query else \
        client.get(f"/maps/entity/{q(IDS['vesi_oy'])}?{query}")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_input"


def test_a_map_of_the_wrong_kind_says_which_map_to_open(client):
    response = client.get(f"/api/maps/region/{q(IDS['vesi'])}")
    assert response.status_code == 400
    assert "/maps/entity/" in response.json()["error"]["fix"]


def test_vis_network_and_the_map_script_are_served_from_this_server(client):
    script = client.get("/static/vendor/vis-network/vis-network.min.js")
    assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
    assert b"vis.js is dual licensed" in script.content[:1000]
    assert client.get("/static/vendor/vis-network/vis-network.css").status_code == 200
    assert client.get("/static/maps/map.js").status_code == 200
    assert client.get("/static/maps/map.css").status_code == 200
    assert client.get("/static/vendor/vis-network/..%2F..%2Fnetwork.py").status_code == 404
    assert client.get("/static/site.css").status_code == 200, "the site's own static files still work"


def _cli(settings: Settings, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from alueverkko.cli import run; run()",
                           "--data", str(settings.data_dir), *args], capture_output=True, text=True, timeout=300)


def test_the_map_command_writes_a_self_contained_html_file(settings, tmp_path):
    out = tmp_path / "kartta.html"
    result = _cli(settings, "map", IDS["vesi_oy"], "--out", str(out), "--hops", "2")
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert "<script src" not in html and "vis.js is dual licensed" in html
    assert SCRIPT not in html and IMG not in html
    data = json.loads(html.split('type="application/json">', 1)[1].split("</script>", 1)[0])
    assert data["view"]["linkBase"] == settings.base_iri
    assert "wrote" in result.stderr


def test_the_map_command_writes_gexf_and_json_and_refuses_unknown_entities(settings, tmp_path):
    assert _cli(settings, "map", IDS["kainuu"], "--map", "region", "--out", str(tmp_path / "k.gexf"),
                "--format", "gexf").returncode == 0
    assert IDS["paltamo"] in nx.read_gexf(tmp_path / "k.gexf")
    assert _cli(settings, "map", "all", "--out", str(tmp_path / "all.json"), "--format", "json").returncode == 0
    graph, _ = from_json(json.loads((tmp_path / "all.json").read_text()))
    assert graph.number_of_nodes() == 14
    missing = _cli(settings, "map", "organisation:ei-ole", "--out", str(tmp_path / "x.html"))
    assert missing.returncode == 1 and "organisation:ei-ole" in missing.stderr
    assert not (tmp_path / "x.html").exists()
    bad = _cli(settings, "map", IDS["kainuu"], "--out", str(tmp_path / "y.html"), "--format", "png")
    assert bad.returncode == 1 and "--format" in bad.stderr
