"""The map view model (viz/view.py, viz/layout.py): deterministic, styled by kind and relation, filterable."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from alueverkko.graph.model import Edge, Evidence, Node, NodeKind as K, RelationType as R
from alueverkko.graph.projection import build_graph
from alueverkko.viz import layout, style
from alueverkko.viz.view import Reduction, build_view, restrict, visible_ids


def _ev(quote: str = "lähde") -> Evidence:
    return Evidence("doc1", 0, len(quote), quote, "test", document_title="Testidokumentti")


def small_graph() -> nx.MultiDiGraph:
    nodes = [Node(K.ORGANISATION, "Kehitys Oy", ["Kehitys Oy", "Kehitysyhtiö"], evidence=[_ev("Kehitys Oy:n hanke")]),
             Node(K.PROJECT, "Vesihanke", attrs={"years": [2020, 2021], "budget_eur": 300_000}, evidence=[_ev()]),
             Node(K.PROJECT, "Vanha hanke", attrs={"start": "2010-01-01", "end": "2011-12-31", "budget_eur": 50_000},
                  evidence=[_ev()]),
             Node(K.ORGANISATION, "Vanha Oy", evidence=[_ev()]),
             Node(K.PERSON, "Aino Virtanen", evidence=[_ev()]),
             Node(K.FUND, "Maakunnan kehittämisraha", evidence=[_ev()])]
    ids = [n.id for n in nodes]
    edges = [Edge(ids[0], R.COORDINATES, ids[1], evidence=[_ev("Kehitys Oy koordinoi Vesihanketta")]),
             Edge(ids[3], R.COORDINATES, ids[2], evidence=[_ev()]),
             Edge(ids[4], R.CONTACT_FOR, ids[1], evidence=[_ev()]),
             Edge(ids[4], R.WORKS_FOR, ids[0], evidence=[_ev()]),
             Edge(ids[5], R.FUNDS, ids[1], evidence=[_ev()]),
             Edge(ids[0], R.COLLABORATES_WITH, ids[3], evidence=[_ev()])]
    return build_graph(nodes, edges)


def test_the_same_graph_and_seed_give_an_equal_view_and_another_seed_another_layout():
    graph = small_graph()
    first = build_view(graph, title="Kartta", seed=7)
    random.seed(12345)  # the global random state must not matter
    again = build_view(graph, title="Kartta", seed=7)
    other = build_view(graph, title="Kartta", seed=8)
    assert first == again
    assert first.to_dict() == again.to_dict()
    assert [(n.x, n.y) for n in first.nodes] != [(n.x, n.y) for n in other.nodes]


def test_the_layout_does_not_depend_on_the_order_nodes_and_edges_arrive_in():
    graph = small_graph()
    reversed_graph = nx.MultiDiGraph()
    reversed_graph.add_nodes_from(reversed(list(graph.nodes(data=True))))
    reversed_graph.add_edges_from(reversed(list(graph.edges(keys=True, data=True))))
    assert build_view(graph, title="x", seed=3) == build_view(reversed_graph, title="x", seed=3)


def test_nodes_take_colour_and_shape_from_their_kind_and_every_kind_looks_different():
    view = build_view(small_graph(), title="x")
    for node in view.nodes:
        assert (node.color, node.shape) == (style.NODE_STYLES[node.kind].color, style.NODE_STYLES[node.kind].shape)
    looks = {(s.color, s.shape) for s in style.NODE_STYLES.values()}
    assert len(looks) == len(K), "two kinds would look alike"
    assert len({s.color for s in style.NODE_STYLES.values()}) == len(K)


def test_edges_take_colour_dashes_and_label_from_their_relation():
    view = build_view(small_graph(), title="x", lang="en")
    funds = next(e for e in view.edges if e.type == "FUNDS")
    assert (funds.color, funds.dashes, funds.label) == ("#7F3C8D", (8, 4), "funds")
    collaborates = next(e for e in view.edges if e.type == "COLLABORATES_WITH")
    assert collaborates.arrows is False and collaborates.dashes is False
    assert len({s.color for s in style.EDGE_STYLES.values()}) == len(R)


def test_the_legend_counts_the_kinds_and_relations_the_map_shows_in_model_order():
    view = build_view(small_graph(), title="x")
    assert [(e.key, e.count) for e in view.legend_kinds] == [("Organisation", 2), ("Person", 1), ("Project", 2),
                                                            ("Fund", 1)]
    assert [e.key for e in view.legend_types] == ["COORDINATES", "FUNDS", "WORKS_FOR", "CONTACT_FOR",
                                                  "COLLABORATES_WITH"]


def test_node_size_grows_with_relations_or_with_budget():
    graph = small_graph()
    by_degree = {n.label: n.size for n in build_view(graph, title="x").nodes}
    assert by_degree["Kehitys Oy"] > by_degree["Vanha hanke"]
    by_budget = {n.label: n.size for n in build_view(graph, title="x", size_by="budget").nodes}
    assert by_budget["Vesihanke"] > by_budget["Vanha hanke"] > by_budget["Kehitys Oy"]
    with pytest.raises(ValueError):
        build_view(graph, title="x", size_by="colour")


def test_a_tooltip_names_the_entity_its_kind_years_budget_aliases_and_first_quote():
    view = build_view(small_graph(), title="x", lang="fi")
    project = next(n for n in view.nodes if n.label == "Vesihanke")
    assert project.title.splitlines()[0] == "Vesihanke"
    assert "Hanke · 2020–2021 · budjetti 300 000 €" in project.title
    organisation = next(n for n in view.nodes if n.label == "Kehitys Oy")
    assert "myös: Kehitysyhtiö" in organisation.title
    assert "“Kehitys Oy:n hanke” — Testidokumentti" in organisation.title
    assert organisation.url == "/entities/organisation%3Akehitys-oy"
    assert organisation.evidence == 1


def test_small_maps_use_physics_and_edge_tooltips_big_maps_do_not():
    graph = small_graph()
    small = build_view(graph, title="x", physics_max_nodes=300)
    assert small.physics and all(e.title for e in small.edges)
    coordinates = next(e for e in small.edges if e.type == "COORDINATES" and "Vesihanke" in e.title)
    assert "“Kehitys Oy koordinoi Vesihanketta”" in coordinates.title
    big = build_view(graph, title="x", physics_max_nodes=3)
    assert not big.physics and all(e.title == "" for e in big.edges)


def test_a_kind_filter_hides_other_kinds_and_the_relations_that_lose_an_end():
    view = build_view(small_graph(), title="x")
    nodes, edges = view.visible(kinds=["Organisation", "Person"])
    assert {i.split(":")[0] for i in nodes} == {"organisation", "person"}
    assert {e.split("|")[1] for e in edges} == {"WORKS_FOR", "COLLABORATES_WITH"}
    assert len(view.nodes) == 6, "filtering hides; the view keeps every node"


def test_a_year_filter_keeps_dated_facts_in_the_range_and_undated_actors_linked_to_them():
    view = build_view(small_graph(), title="x")
    nodes, _ = view.visible(years=(2021, 2021))
    names = {n.label for n in view.nodes if n.id in nodes}
    assert names == {"Vesihanke", "Kehitys Oy", "Aino Virtanen", "Maakunnan kehittämisraha"}
    nodes, _ = view.visible(years=(2010, 2010))
    assert {n.label for n in view.nodes if n.id in nodes} == {"Vanha hanke", "Vanha Oy"}


def test_a_relation_type_filter_keeps_nodes_but_only_the_chosen_relations():
    view = build_view(small_graph(), title="x")
    nodes, edges = view.visible(types=["FUNDS"])
    assert len(nodes) == 6
    assert [e.split("|")[1] for e in edges] == ["FUNDS"]


def test_the_focus_stays_in_a_year_filtered_map_and_in_a_server_kind_filter():
    graph = small_graph()
    focus = "organisation:vanha-oy"
    assert focus in visible_ids({focus: ("Organisation", None)}, [], years=(2030, 2030), focus=focus)[0]
    narrowed = restrict(graph, kinds=["Project"], focus=focus)
    assert sorted(narrowed) == ["organisation:vanha-oy", "project:vanha-hanke", "project:vesihanke"]
    assert restrict(graph) is graph


def test_a_reduced_map_says_so_with_counts_and_how_to_narrow_it():
    reduction = Reduction(shown=2000, total=49010, budget=2000, method="most-connected")
    view = build_view(small_graph(), title="x", reduced=reduction, lang="fi")
    note = view.to_dict()["reduced"]["note"]
    assert "2 000 / 49 010" in note and "kinds=" in note and "ALUEVERKKO_MAP_NODE_BUDGET" in note
    lower = Reduction(shown=10, total=30, budget=10, method="nearest-most-connected", total_is_lower_bound=True)
    assert "at least 30" in lower.note("en") and "nearest" in lower.note("en")
    assert build_view(small_graph(), title="x").to_dict()["reduced"] is None


def test_the_view_dict_is_json_with_from_and_to_edges():
    data = build_view(small_graph(), title="x").to_dict()
    assert set(data["edges"][0]) >= {"id", "from", "to", "type", "label", "dashes", "color", "years"}
    assert set(data["nodes"][0]) >= {"id", "label", "kind", "group", "color", "shape", "size", "x", "y", "title",
                                     "years"}
    assert data["counts"] == {"nodes": 6, "edges": 6}
    assert data["years"] == [2010, 2021]


def test_layout_puts_the_focus_at_the_origin_and_separate_parts_apart():
    nodes = [f"n{i}" for i in range(12)]
    edges = [(f"n{i}", f"n{i + 1}") for i in range(5)] + [("n6", "n7"), ("n8", "n9"), ("n9", "n10")]
    pos = layout.positions(nodes, edges, seed=2, focus="n3")
    assert pos["n3"] == (0, 0)
    assert set(pos) == set(nodes)
    assert len(set(pos.values())) == len(nodes), "no two nodes on one spot"
    assert layout.positions([], []) == {}
