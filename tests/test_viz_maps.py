"""The maps (viz/maps.py) on real stores: ego networks, programme, project and region maps, the whole
graph, server-side filters, and reduction to the node budget on the generated benchmark world."""

from __future__ import annotations

import pytest
from cypher_world import generate_world
from support.map_world import IDS, SCRIPT, fill_map_world

from alueverkko.errors import EntityNotFound, InvalidInput
from alueverkko.graph import reads
from alueverkko.graph.store import Store
from alueverkko.viz.maps import build_map, entity_map, parse_filters, programme_map, region_map, whole_map


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Store:
    store = Store.open(tmp_path_factory.mktemp("map-world") / "alueverkko.sqlite")
    fill_map_world(store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Store:
    """bench/world.py at size S (about 1,000 nodes): big enough to need reducing under a small budget."""
    store = Store.open(tmp_path_factory.mktemp("bench-s") / "alueverkko.sqlite")
    generate_world(store, "S")
    yield store
    store.close()


def test_an_ego_map_of_one_hop_holds_the_entity_and_its_direct_partners(world):
    graph = entity_map(world, IDS["vesi_oy"], hops=1).graph
    assert sorted(graph) == sorted([IDS["vesi_oy"], IDS["vesi"], IDS["aino"], IDS["img"]])
    assert graph.has_edge(IDS["vesi_oy"], IDS["vesi"], key="COORDINATES")
    assert graph.has_edge(IDS["aino"], IDS["vesi_oy"], key="WORKS_FOR")


def test_more_hops_reach_further_and_keep_the_relations_among_what_they_reach(world):
    one, two = entity_map(world, IDS["vesi_oy"], hops=1), entity_map(world, IDS["vesi_oy"], hops=2)
    assert set(one.graph) < set(two.graph)
    assert {IDS["yliopisto"], IDS["ohjelma"], IDS["eakr"], IDS["script"]} <= set(two.graph)
    assert two.graph.has_edge(IDS["aino"], IDS["vesi"], key="CONTACT_FOR")
    three = entity_map(world, IDS["vesi_oy"], hops=3).graph
    assert IDS["metsa"] in three and IDS["metsa"] not in two.graph


def test_a_programme_map_shows_its_projects_and_every_actor_with_a_role_in_them(world):
    graph = programme_map(world, IDS["ohjelma"]).graph
    assert {IDS["vesi"], IDS["metsa"], IDS["vesi_oy"], IDS["yliopisto"], IDS["metsa_ry"], IDS["eakr"],
            IDS["aino"], IDS["paltamo"], IDS["sotkamo"]} <= set(graph)
    assert graph.has_edge(IDS["eakr"], IDS["vesi"], key="FUNDS")
    assert graph.has_edge(IDS["yliopisto"], IDS["metsa"], key="COORDINATES")
    assert IDS["kainuu"] not in graph, "a region is no role in a project"


def test_a_project_map_shows_the_project_its_actors_and_their_roles(world):
    graph = programme_map(world, IDS["vesi"]).graph
    roles = {(u, k) for u, v, k in graph.edges(keys=True) if v == IDS["vesi"]}
    assert roles == {(IDS["vesi_oy"], "COORDINATES"), (IDS["yliopisto"], "PARTICIPATES_IN"),
                     (IDS["paltamo"], "PARTICIPATES_IN"), (IDS["eakr"], "FUNDS"), (IDS["aino"], "CONTACT_FOR")}
    assert IDS["ohjelma"] in graph


def test_a_region_map_shows_its_municipalities_their_organisations_and_the_projects_they_take_part_in(world):
    graph = region_map(world, IDS["kainuu"]).graph
    assert sorted(graph) == sorted([IDS["kainuu"], IDS["paltamo"], IDS["sotkamo"], IDS["metsa_ry"], IDS["vesi"],
                                    IDS["metsa"]])


def test_the_whole_map_holds_every_node_of_a_small_graph(world):
    mapped = whole_map(world)
    assert mapped.graph.number_of_nodes() == world.stats()["nodes"]
    assert mapped.graph.number_of_edges() == world.stats()["edges"]
    assert mapped.reduced is None and mapped.focus is None


def test_maps_of_other_kinds_unknown_ids_or_too_many_hops_are_refused(world):
    with pytest.raises(InvalidInput):
        programme_map(world, IDS["vesi_oy"])
    with pytest.raises(InvalidInput):
        region_map(world, IDS["vesi"])
    with pytest.raises(EntityNotFound):
        entity_map(world, "organisation:ei-ole")
    with pytest.raises(InvalidInput):
        entity_map(world, IDS["vesi_oy"], hops=4)
    with pytest.raises(InvalidInput):
        build_map(world, "country", IDS["vesi_oy"])


def test_server_filters_narrow_a_map_by_kind_relation_and_years(world):
    organisations = entity_map(world, IDS["vesi"], filters=parse_filters("organisation", None, None)).graph
    assert sorted(organisations) == sorted([IDS["vesi"], IDS["vesi_oy"], IDS["yliopisto"]])
    funds_only = entity_map(world, IDS["vesi"], filters=parse_filters(None, "FUNDS", None)).graph
    assert sorted(funds_only) == sorted([IDS["vesi"], IDS["eakr"]])
    in_2015 = whole_map(world, filters=parse_filters(None, None, "2015")).graph
    assert IDS["metsa"] in in_2015 and IDS["vesi"] not in in_2015 and IDS["script"] not in in_2015
    assert IDS["metsa_ry"] in in_2015, "an undated actor linked to a project of the year stays"
    assert IDS["vesi_oy"] not in in_2015, "an undated actor with no work in the year goes"
    with pytest.raises(InvalidInput):
        parse_filters("planet", None, None)
    with pytest.raises(InvalidInput):
        parse_filters(None, None, "2020-2010")


def test_a_map_keeps_names_with_markup_as_plain_text(world):
    graph = entity_map(world, IDS["script"]).graph
    assert graph.nodes[IDS["script"]]["name"] == SCRIPT
    node = next(n for n in entity_map(world, IDS["script"]).view().nodes if n.id == IDS["script"])
    assert node.label == node.name == SCRIPT
    assert node.title.startswith(SCRIPT + "\n")


def test_a_whole_map_beyond_the_budget_keeps_the_most_connected_nodes_and_says_so(generated):
    total = generated.stats()["nodes"]
    mapped = whole_map(generated, budget=150)
    assert mapped.graph.number_of_nodes() == 150
    assert (mapped.reduced.shown, mapped.reduced.total, mapped.reduced.method) == (150, total, "most-connected")
    degree = reads.degrees(generated)
    kept = min(degree[n] for n in mapped.graph)
    left_out = max(degree.get(n, 0) for n in reads.node_kinds(generated) if n not in mapped.graph)
    assert kept >= left_out
    assert "150 / " in mapped.view().reduced.note("fi")


def test_an_ego_map_beyond_the_budget_keeps_the_nearest_nodes_first(generated):
    hub = max(reads.degrees(generated, types=["FUNDS"]).items(), key=lambda kv: (kv[1], kv[0]))[0]
    mapped = entity_map(generated, hub, hops=2, budget=40)
    assert mapped.graph.number_of_nodes() == 40
    assert mapped.reduced.total > 40 and mapped.reduced.total_is_lower_bound
    neighbours = {e.target if e.source == hub else e.source for e in reads.edges_touching(generated, [hub])}
    assert set(mapped.graph) - {hub} <= neighbours, "one hop fills the budget before two hops are tried"


def test_a_map_read_for_export_carries_every_piece_of_evidence(world):
    light = entity_map(world, IDS["vesi_oy"]).graph
    full = entity_map(world, IDS["vesi_oy"], evidence="all").graph
    assert len(full.nodes[IDS["vesi_oy"]]["evidence"]) == full.nodes[IDS["vesi_oy"]].get(
        "evidence_count", len(full.nodes[IDS["vesi_oy"]]["evidence"])) == 2
    assert len(light.nodes[IDS["vesi_oy"]]["evidence"]) == 1 and light.nodes[IDS["vesi_oy"]]["evidence_count"] == 2


def test_a_filtered_whole_map_beyond_the_budget_keeps_the_most_connected_of_what_passes(generated):
    projects = whole_map(generated, budget=50, filters=parse_filters("Project", None, None))
    assert projects.graph.number_of_nodes() == 50
    assert {d["kind"] for _, d in projects.graph.nodes(data=True)} == {"Project"}
    assert projects.reduced.total == generated.stats()["nodes_by_kind"]["Project"]
    degree = reads.degrees(generated)
    all_projects = [n for n, k in reads.node_kinds(generated, ["Project"]).items()]
    assert min(degree[n] for n in projects.graph) >= max(degree.get(n, 0) for n in all_projects
                                                         if n not in projects.graph)
    in_2012 = whole_map(generated, budget=50, filters=parse_filters(None, None, "2012"))
    years = [d["attrs"].get("years") for _, d in in_2012.graph.nodes(data=True) if d["kind"] == "Project"]
    assert years and all(2012 in span for span in years)
    assert in_2012.reduced.total >= in_2012.graph.number_of_nodes()
