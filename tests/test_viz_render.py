"""The map page (viz/render.py): document text never becomes markup or script, scripts come from us."""

from __future__ import annotations

import json
import re

import pytest
from support.map_world import IDS, IMG, JS_ALIAS, SCRIPT, SVG, fill_map_world

from alueverkko.graph.store import Store
from alueverkko.viz import render
from alueverkko.viz.maps import entity_map, whole_map


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = Store.open(tmp_path_factory.mktemp("render") / "alueverkko.sqlite")
    fill_map_world(store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def view(store):
    return whole_map(store).view(seed=1)


def _data_block(html: str) -> dict:
    match = re.search(r'<script id="map-data" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_script_json_leaves_no_tag_entity_or_line_separator_in_the_script_element():
    text = render.script_json({"a": "</script><!-- & \u2028 \u2029 >"})
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == {"a": "</script><!-- & \u2028 \u2029 >"}


@pytest.mark.parametrize("standalone", [False, True])
def test_names_with_markup_reach_the_page_only_as_escaped_data(view, standalone):
    html = render.render_html(view, standalone=standalone)
    for evil in (IMG, SCRIPT, SVG, "<img", "<svg", "<script>alert"):
        assert evil not in html
    data = _data_block(html)
    names = {n.get("name", n["label"]) for n in data["nodes"]}
    assert {IMG, SCRIPT, SVG} <= names, "the names are kept, as text"
    assert JS_ALIAS in next(n for n in data["nodes"] if n["key"] == IDS["img"])["aliases"]
    assert html.count("<script") == (4 if standalone else 3)


def test_a_map_titled_with_markup_shows_the_title_as_text(store):
    html = render.render_html(entity_map(store, IDS["script"]).view())
    markup = html.split('id="map-data"')[0]
    assert "<title>Yhteistyökartta: &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>" in markup
    assert SCRIPT not in html


def test_no_title_string_ever_reaches_vis_network(view):
    data = render.vis_data(view)
    assert all("title" not in item for item in data["nodes"] + data["edges"])
    script = render.own_file("map.js").decode()
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "title:" not in script
    assert "textContent" in script


def test_a_self_contained_file_inlines_every_script_and_style_and_links_nothing_outside(view):
    html = render.render_html(view, standalone=True)
    assert "<script src" not in html and "<link" not in html
    assert "vis.js is dual licensed" in html, "vis-network keeps its licence header"
    assert not re.search(r"(src|href)=\"https?://", html)
    assert re.search(r"</script", html.split("<script>", 2)[2], re.I).start() > 400_000, \
        "the inlined vis-network has no early end tag"


def test_a_served_page_loads_its_scripts_from_this_server(view):
    html = render.render_html(view, links={"home": "/"})
    assert '<script src="/static/vendor/vis-network/vis-network.min.js"></script>' in html
    assert '<script src="/static/maps/map.js"></script>' in html
    assert "cdn" not in html.lower() and "unpkg" not in html


def test_the_vendor_files_come_from_the_installed_pyvis_package():
    head = render.vendor_file("vis-network.min.js")[:300]
    assert head.startswith(b"/**") and b"vis-network" in head and b"@version 9.1.2" in head
    with pytest.raises(KeyError):
        render.vendor_file("../../network.py")


def test_pyvis_carries_the_items_and_options_without_add_node(view, monkeypatch):
    from pyvis.network import Network

    def refuse(*args, **kwargs):
        raise AssertionError("add_node is quadratic; items are set as lists")

    monkeypatch.setattr(Network, "add_node", refuse)
    monkeypatch.setattr(Network, "add_edge", refuse)
    data = render.vis_data(view)
    assert len(data["nodes"]) == len(view.nodes) and len(data["edges"]) == len(view.edges)
    assert data["options"]["physics"]["enabled"] is view.physics
    assert data["options"]["layout"]["improvedLayout"] is False
    assert set(data["options"]["groups"]) == {e.key for e in view.legend_kinds}


def test_a_big_map_has_physics_off_no_edge_labels_and_no_edge_quotes(view):
    from dataclasses import replace

    big = replace(view, physics=False)
    data = render.vis_data(big)
    assert data["options"]["physics"]["enabled"] is False
    assert all("label" not in e for e in data["edges"])
