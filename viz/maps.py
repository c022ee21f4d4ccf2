"""The maps a regional developer opens: an actor's network, a programme or project, a region, everything.

Each map is a walk out from a focus in *steps* (which relations, which way,
to which kinds), stopped at a node budget. When the budget is reached the map
keeps the nearest nodes first and, within a step, the most connected ones,
and says so in a :class:`~alueverkko.viz.view.Reduction`. The whole-graph map
keeps the most connected nodes of the graph. Filters by kind, relation type
and years apply on the server before the budget, so a narrowed map of a
national graph shows what was asked for, not a random corner of it.

Every function returns a :class:`MapGraph` (a networkx subgraph and what was
done to it); :meth:`MapGraph.view` turns it into the view model.

>>> import tempfile, pathlib
>>> from alueverkko.graph.store import Store
>>> from alueverkko.graph.model import Document, Edge, Evidence, Extraction, Node, NodeKind, RelationType
>>> store = Store.open(pathlib.Path(tempfile.mkdtemp()) / "s.sqlite")
>>> ev = Evidence("d1", 0, 4, "Text", "doctest")
>>> nodes = [Node(NodeKind.ORGANISATION, n, evidence=[ev]) for n in ("A Oy", "B Oy", "C Oy")]
>>> edges = [Edge("organisation:a-oy", RelationType.COLLABORATES_WITH, "organisation:b-oy", evidence=[ev]),
...          Edge("organisation:b-oy", RelationType.COLLABORATES_WITH, "organisation:c-oy", evidence=[ev])]
>>> _ = store.ingest(Extraction(Document("d1", "T", "t.txt", "Text"), nodes, edges))
>>> sorted(entity_map(store, "organisation:a-oy", hops=1).graph)
['organisation:a-oy', 'organisation:b-oy']
>>> sorted(entity_map(store, "organisation:a-oy", hops=2).graph)
['organisation:a-oy', 'organisation:b-oy', 'organisation:c-oy']
>>> entity_map(store, "organisation:a-oy", hops=2, budget=2).reduced.total
3
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from alueverkko.errors import EntityNotFound, InvalidInput
from alueverkko.graph import reads
from alueverkko.graph.model import NodeKind, RelationType
from alueverkko.queries.entity import parse_names, parse_years, years_of
from alueverkko.viz import source
from alueverkko.viz.source import MAP_ATTRIBUTES
from alueverkko.viz.view import MAP_KINDS, MapView, Reduction, build_view, restrict

MAX_HOPS = 3
#: Relations by which an actor takes a role in a project or programme.
ROLE_TYPES = (RelationType.COORDINATES.value, RelationType.PARTICIPATES_IN.value, RelationType.FUNDS.value,
              RelationType.CONTACT_FOR.value)
MEMBER_TYPES = (RelationType.PART_OF.value, RelationType.PARTICIPATES_IN.value)
TAKES_PART_TYPES = (RelationType.PARTICIPATES_IN.value, RelationType.COORDINATES.value)


@dataclass(frozen=True)
class Filters:
    """Server-side filters: node kinds, relation types, an inclusive year range (empty = all)."""

    kinds: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    years: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kinds": list(self.kinds), "types": list(self.types),
                "years": list(self.years) if self.years else None}


@dataclass(frozen=True)
class Step:
    """One step out from what a map holds: along ``types`` (any when empty), ``direction``
    ``"in"`` (edges pointing at a held node), ``"out"`` or ``"both"``, from held nodes of
    ``from_levels`` (the previous step's when None) and ``from_kinds``, to nodes of ``to_kinds``."""

    types: tuple[str, ...] = ()
    direction: str = "both"
    from_levels: tuple[int, ...] | None = None
    from_kinds: tuple[str, ...] = ()
    to_kinds: tuple[str, ...] = ()


@dataclass
class MapGraph:
    graph: nx.MultiDiGraph
    map: str
    title: str
    focus: str | None = None
    reduced: Reduction | None = None
    filters: Filters = field(default_factory=Filters)

    def view(self, *, seed: int = 1, size_by: str = "degree", lang: str = "fi", link_base: str = "",
             physics_max_nodes: int = 300) -> MapView:
        return build_view(self.graph, title=self.title, map_kind=self.map, focus=self.focus, seed=seed,
                          size_by=size_by, reduced=self.reduced, lang=lang, link_base=link_base,
                          physics_max_nodes=physics_max_nodes, filters=self.filters.to_dict())


# -- the maps ----------------------------------------------------------------------------------
def entity_map(store, entity_id: str, *, hops: int = 1, filters: Filters = Filters(), budget: int = 2000,
               evidence: str = "first") -> MapGraph:
    """An entity's ego network: everything within ``hops`` relations (1 to 3)."""
    if not 1 <= hops <= MAX_HOPS:
        raise InvalidInput(f"hops must be 1 to {MAX_HOPS}, not {hops}.", where="hops",
                           fix=f"Give hops=1, 2 or {MAX_HOPS}.")
    return _walk(store, entity_id, "entity", [Step()] * hops, filters, budget, evidence)


def programme_map(store, entity_id: str, *, filters: Filters = Filters(), budget: int = 2000,
                  evidence: str = "first") -> MapGraph:
    """A programme's projects and every actor with a role in them; or one project's actors and roles."""
    kind = _focus(store, entity_id).kind
    if kind == NodeKind.PROJECT:
        steps = [Step()]
    elif kind == NodeKind.PROGRAMME:
        steps = [Step(), Step(types=ROLE_TYPES, direction="in", from_kinds=(NodeKind.PROJECT.value,))]
    else:
        raise InvalidInput(f"{entity_id!r} is a {kind}, not a programme or project.", where="id",
                           fix=f"Open /maps/entity/{entity_id} for its network, or give a programme's or project's id.")
    return _walk(store, entity_id, "programme", steps, filters, budget, evidence)


def region_map(store, entity_id: str, *, filters: Filters = Filters(), budget: int = 2000,
               evidence: str = "first") -> MapGraph:
    """A region's (or municipality's) members, linked by PART_OF or PARTICIPATES_IN, their own
    members, and the projects they take part in."""
    kind = _focus(store, entity_id).kind
    if kind not in (NodeKind.REGION, NodeKind.MUNICIPALITY):
        raise InvalidInput(f"{entity_id!r} is a {kind}, not a region or municipality.", where="id",
                           fix=f"Open /maps/entity/{entity_id} for its network, or give a region's id.")
    steps = [Step(types=MEMBER_TYPES, direction="in"),
             Step(types=(RelationType.PART_OF.value,), direction="in",
                  from_kinds=(NodeKind.MUNICIPALITY.value, NodeKind.ORGANISATION.value)),
             Step(types=TAKES_PART_TYPES, direction="out", from_levels=(1, 2), to_kinds=(NodeKind.PROJECT.value,))]
    return _walk(store, entity_id, "region", steps, filters, budget, evidence)


def whole_map(store, *, filters: Filters = Filters(), budget: int = 2000, evidence: str = "first",
              lang: str = "fi") -> MapGraph:
    """The whole graph, or its ``budget`` most connected nodes (in the whole graph) when larger."""
    counts = store.stats()["nodes_by_kind"]
    total = sum(n for kind, n in counts.items() if not filters.kinds or kind in filters.kinds)
    reduced, node_degrees = None, None
    if total <= budget:
        chosen = list(reads.node_kinds(store, filters.kinds))
        if filters.years:
            dated = {n: years_of(a) for n, a in reads.attributes(store, "node", chosen, MAP_ATTRIBUTES).items()}
            chosen = [n for n in chosen if _overlaps(dated.get(n), filters.years)]
    else:
        ranking, node_degrees = _ranking(store, filters.types)
        chosen, seen, looked_at_all = _most_connected(store, ranking, filters, budget)
        if filters.years:  # only the nodes looked at are known to pass
            total = seen
        if len(chosen) < total:
            reduced = Reduction(shown=len(chosen), total=total, budget=budget, method="most-connected",
                                total_is_lower_bound=bool(filters.years) and not looked_at_all)
    edges = reads.induced_edges(store, chosen, filters.types)
    graph = source.subgraph(store, chosen, edges, evidence=evidence,
                            node_degrees={n: node_degrees.get(n, 0) for n in chosen} if node_degrees else None)
    graph = restrict(graph, kinds=filters.kinds, types=filters.types, years=filters.years)
    title = "Koko verkko" if lang == "fi" else "Whole graph"
    return MapGraph(graph, "all", title, None, _shown(reduced, graph), filters)


def _most_connected(store, ranking: list[str], filters: Filters, budget: int) -> tuple[list[str], int, bool]:
    """The first ``budget`` nodes of the ranking that pass the kind and year filters, read in chunks
    so a national graph is not read whole; how many passing nodes were seen; whether that was all."""
    if not filters.kinds and not filters.years:
        return ranking[:budget], len(ranking), True
    chosen: list[str] = []
    seen = 0
    for start in range(0, len(ranking), 5000):
        chunk = ranking[start:start + 5000]
        if filters.kinds:
            kinds = reads.kinds_of(store, chunk)
            chunk = [n for n in chunk if kinds.get(n) in filters.kinds]
        if filters.years:
            dated = {n: years_of(a) for n, a in reads.attributes(store, "node", chunk, MAP_ATTRIBUTES).items()}
            chunk = [n for n in chunk if _overlaps(dated.get(n), filters.years)]
        seen += len(chunk)
        chosen.extend(chunk[:budget - len(chosen)])
        if len(chosen) >= budget:
            return chosen, seen, start + 5000 >= len(ranking)
    return chosen, seen, True


def build_map(store, map_kind: str, entity_id: str | None = None, *, hops: int = 1, filters: Filters = Filters(),
              budget: int = 2000, evidence: str = "first", lang: str = "fi") -> MapGraph:
    """One entry point for every map: ``map_kind`` is entity, programme, region or all."""
    if map_kind == "all":
        return whole_map(store, filters=filters, budget=budget, evidence=evidence, lang=lang)
    if not entity_id:
        raise InvalidInput(f"A {map_kind} map needs an entity id.", where="id", fix="Give the id, e.g. region:kainuu.")
    if map_kind == "entity":
        return entity_map(store, entity_id, hops=hops, filters=filters, budget=budget, evidence=evidence)
    if map_kind == "programme":
        return programme_map(store, entity_id, filters=filters, budget=budget, evidence=evidence)
    if map_kind == "region":
        return region_map(store, entity_id, filters=filters, budget=budget, evidence=evidence)
    raise InvalidInput(f"Unknown map {map_kind!r}.", where="map", fix=f"Choose one of: {', '.join(MAP_KINDS)}.")


def parse_filters(kinds: str | None = None, types: str | None = None, years: str | None = None) -> Filters:
    """Filters from the text of query parameters or options; InvalidInput names what is wrong.

    >>> parse_filters("project,organisation", "funds", "2019-2021")
    Filters(kinds=('Organisation', 'Project'), types=('FUNDS',), years=(2019, 2021))
    """
    return Filters(kinds=tuple(parse_names(kinds, [k.value for k in NodeKind], "kinds")),
                   types=tuple(parse_names(types, [t.value for t in RelationType], "types")),
                   years=parse_years(years))


# -- the walk ------------------------------------------------------------------------------------
def _walk(store, focus_id: str, map_kind: str, steps: list[Step], filters: Filters, budget: int,
          evidence: str) -> MapGraph:
    focus = _focus(store, focus_id)
    levels: dict[str, int] = {focus_id: 0}
    kinds: dict[str, str] = {focus_id: focus.kind}
    reduced = None
    for number, step in enumerate(steps, start=1):
        candidates = _step(store, step, number, levels, kinds, filters)
        if len(levels) + len(candidates) > budget:
            total = len(levels) + len(candidates)
            ranked = reads.degrees(store, candidates, filters.types)
            keep = sorted(candidates, key=lambda n: (-ranked.get(n, 0), n))[:max(0, budget - len(levels))]
            _hold(levels, kinds, {n: candidates[n] for n in keep}, number)
            reduced = Reduction(shown=len(levels), total=total, budget=budget, method="nearest-most-connected",
                                total_is_lower_bound=number < len(steps))
            break
        _hold(levels, kinds, candidates, number)
    edges = reads.induced_edges(store, levels, filters.types)
    graph = source.subgraph(store, levels, edges, evidence=evidence)
    graph = restrict(graph, kinds=filters.kinds, types=filters.types, years=filters.years, focus=focus_id)
    return MapGraph(graph, map_kind, focus.name, focus_id, _shown(reduced, graph), filters)


def _step(store, step: Step, number: int, levels: dict[str, int], kinds: dict[str, str],
          filters: Filters) -> dict[str, str]:
    """The new nodes (id -> kind) one step reaches, after the kind and year filters."""
    from_levels = step.from_levels or (number - 1,)
    sources = {n for n, level in levels.items() if level in from_levels
               and (not step.from_kinds or kinds[n] in step.from_kinds)}
    types = _both(step.types, filters.types)
    if not sources or types == ():
        return {}
    rows = reads.edges_touching(store, sources, types or None)
    if filters.years:
        attrs = reads.attributes(store, "edge", [e.id for e in rows], MAP_ATTRIBUTES)
        rows = [e for e in rows if _overlaps(years_of(attrs.get(e.id, {})), filters.years)]
    reached = set()
    for e in rows:
        if step.direction in ("out", "both") and e.source in sources:
            reached.add(e.target)
        if step.direction in ("in", "both") and e.target in sources:
            reached.add(e.source)
    reached -= levels.keys()
    wanted_kinds = _both(step.to_kinds, filters.kinds)
    if wanted_kinds == ():
        return {}
    found = {n: k for n, k in reads.kinds_of(store, reached).items() if not wanted_kinds or k in wanted_kinds}
    if filters.years:
        attrs = reads.attributes(store, "node", found, MAP_ATTRIBUTES)
        found = {n: k for n, k in found.items() if _overlaps(years_of(attrs.get(n, {})), filters.years)}
    return dict(sorted(found.items()))


def _both(step_names: tuple[str, ...], filter_names: tuple[str, ...]) -> tuple[str, ...] | None:
    """Names both a step and a filter allow: None for "any", () for "none at all"."""
    if not step_names and not filter_names:
        return None
    if not step_names or not filter_names:
        return tuple(sorted(step_names or filter_names))
    return tuple(sorted(set(step_names) & set(filter_names)))


def _hold(levels: dict[str, int], kinds: dict[str, str], new: dict[str, str], level: int) -> None:
    for node_id, kind in new.items():
        levels[node_id] = level
        kinds[node_id] = kind


def _shown(reduced: Reduction | None, graph: nx.MultiDiGraph) -> Reduction | None:
    """The reduction with the count of nodes the map really shows after the filters."""
    if reduced is None:
        return None
    return Reduction(graph.number_of_nodes(), max(reduced.total, graph.number_of_nodes()), reduced.budget,
                     reduced.method, reduced.total_is_lower_bound)


@dataclass(frozen=True)
class _Focus:
    id: str
    kind: str
    name: str


def _focus(store, entity_id: str) -> _Focus:
    found = reads.briefs(store, [entity_id], attrs=False).get(entity_id)
    if found is None:
        raise EntityNotFound(entity_id)
    return _Focus(entity_id, found.kind, found.name)


def _overlaps(span, wanted) -> bool:
    return span is None or wanted is None or (span[0] <= wanted[1] and wanted[0] <= span[1])


# Ranking a national graph by degree takes seconds; keep the latest few per store state.
_RANKINGS: dict[tuple, tuple[list[str], dict[str, int]]] = {}
_RANKINGS_LOCK = threading.Lock()


def _ranking(store, types: Iterable[str]) -> tuple[list[str], dict[str, int]]:
    """Nodes with any relation (of ``types``), most connected first (ties by id), and their degrees."""
    key = (str(store.path), store.last_change(), tuple(sorted(types)))
    with _RANKINGS_LOCK:
        if key in _RANKINGS:
            return _RANKINGS[key]
    counts = reads.degrees(store, types=types)
    ranking = sorted(counts, key=lambda n: (-counts[n], n))
    with _RANKINGS_LOCK:
        if len(_RANKINGS) >= 4:
            _RANKINGS.pop(next(iter(_RANKINGS)))
        _RANKINGS[key] = (ranking, counts)
    return ranking, counts
