"""The view model of a collaboration map: pure data, seedable, built from a networkx subgraph.

Everything a map shows is decided here: which nodes and edges, their labels,
colours, shapes, sizes, positions, tooltip text, years, the legend and the
note that says a map was reduced. The HTML page (``viz/render.py``) only
draws a :class:`MapView`, and ``/api/maps/...`` returns ``MapView.to_dict()``.
Text here is plain text; escaping is the renderer's job.

The input graph has the shape of :func:`alueverkko.graph.projection.to_networkx`
(nodes with ``kind``, ``name``, ``aliases``, ``attrs``, ``evidence``; edges keyed
by relation type); ``evidence_count`` and ``degree`` may add what a trimmed read
left out.

>>> from alueverkko.graph.model import Edge, Node, NodeKind, RelationType
>>> from alueverkko.graph.projection import build_graph
>>> g = build_graph([Node(NodeKind.ORGANISATION, "Kehitys Oy"), Node(NodeKind.PROJECT, "Vesihanke",
...                  attrs={"years": [2020, 2021]})],
...                 [Edge("organisation:kehitys-oy", RelationType.COORDINATES, "project:vesihanke")])
>>> view = build_view(g, title="Vesihanke", seed=1)
>>> [(n.label, n.kind, n.color, n.years) for n in view.nodes]
[('Kehitys Oy', 'Organisation', '#009E73', None), ('Vesihanke', 'Project', '#E69F00', (2020, 2021))]
>>> view.edges[0].label, view.edges[0].source, view.edges[0].target
('koordinoi', 'organisation:kehitys-oy', 'project:vesihanke')
>>> build_view(g, title="Vesihanke", seed=1) == view
True
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import quote

import networkx as nx

from alueverkko.graph.model import RelationType
from alueverkko.queries.entity import years_of
from alueverkko.viz import layout, style

SIZE_BY = ("degree", "budget")
UNDIRECTED = RelationType.COLLABORATES_WITH.value
MAP_KINDS = ("entity", "programme", "region", "all")
LABEL_CHARS = 40
QUOTE_CHARS = 120

Years = tuple[int, int] | None


@dataclass(slots=True)
class MapNode:
    id: str
    label: str              # the name, shortened for the canvas
    name: str
    kind: str
    group: str
    color: str
    shape: str
    size: float
    x: int
    y: int
    title: str              # tooltip, plain text with line breaks
    years: Years
    url: str                # the entity page
    aliases: tuple[str, ...] = ()
    focus: bool = False
    evidence: int = 0       # how many evidence items support the node


@dataclass(slots=True)
class MapEdge:
    id: str
    source: str
    target: str
    type: str
    label: str
    color: str
    dashes: bool | tuple[int, ...]
    width: float
    arrows: bool
    title: str              # tooltip text on small maps; "" on big ones (the page builds it from the rest)
    years: Years
    evidence: int = 0


@dataclass(frozen=True, slots=True)
class LegendEntry:
    key: str                # a node kind or a relation type
    label: str
    color: str
    count: int
    shape: str = ""
    dashes: bool | tuple[int, ...] = False


@dataclass(frozen=True, slots=True)
class Reduction:
    """Why a map shows fewer nodes than it could: the node budget was reached."""

    shown: int
    total: int
    budget: int
    method: str             # "nearest-most-connected" or "most-connected"
    total_is_lower_bound: bool = False

    def note(self, lang: str = "fi") -> str:
        """The sentence shown on the map.

        >>> print(Reduction(2000, 49010, 2000, "most-connected").note("en"))  # doctest: +NORMALIZE_WHITESPACE
        This map is reduced: it shows 2,000 of 49,010 nodes, the most connected first. To narrow it, open the map
        of one actor, programme or region, use fewer hops, or filter by kind, relation or years (kinds=, types=,
        years=). The node budget is the setting ALUEVERKKO_MAP_NODE_BUDGET.
        """
        of = ("vähintään " if lang == "fi" else "at least ") if self.total_is_lower_bound else ""
        if lang == "en":
            order = "the nearest and most connected first" if self.method == "nearest-most-connected" \
                else "the most connected first"
            return (f"This map is reduced: it shows {self.shown:,} of {of}{self.total:,} nodes, {order}. "
                    "To narrow it, open the map of one actor, programme or region, use fewer hops, or filter "
                    "by kind, relation or years (kinds=, types=, years=). "
                    "The node budget is the setting ALUEVERKKO_MAP_NODE_BUDGET.")
        order = "lähimmät ja eniten yhteyksiä omaavat ensin" if self.method == "nearest-most-connected" \
            else "eniten yhteyksiä omaavat ensin"
        return (f"Kartta on rajattu: näytetään {_fi_int(self.shown)} / {of}{_fi_int(self.total)} solmua, {order}. "
                "Rajaa karttaa: avaa yhden toimijan, ohjelman tai alueen kartta, käytä vähemmän askelia tai "
                "suodata tyypin, suhteen tai vuosien mukaan (kinds=, types=, years=). "
                "Solmubudjetti on asetus ALUEVERKKO_MAP_NODE_BUDGET.")


@dataclass(frozen=True)
class MapView:
    title: str
    map: str
    nodes: tuple[MapNode, ...]
    edges: tuple[MapEdge, ...]
    legend_kinds: tuple[LegendEntry, ...]
    legend_types: tuple[LegendEntry, ...]
    years: Years
    physics: bool
    seed: int
    size_by: str
    lang: str
    focus: str | None = None
    reduced: Reduction | None = None
    filters: dict[str, Any] = field(default_factory=dict)
    link_base: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: the JSON twin of a map page."""
        return {
            "title": self.title, "map": self.map, "focus": self.focus, "seed": self.seed, "link_base": self.link_base,
            "physics": self.physics, "size_by": self.size_by, "lang": self.lang,
            "years": list(self.years) if self.years else None,
            "counts": {"nodes": len(self.nodes), "edges": len(self.edges)},
            "filters": dict(self.filters),
            "reduced": None if self.reduced is None else {**asdict(self.reduced), "note": self.reduced.note(self.lang)},
            "legend": {"kinds": [_plain(asdict(e)) for e in self.legend_kinds],
                       "types": [_plain(asdict(e)) for e in self.legend_types]},
            "nodes": [_plain(asdict(n)) for n in self.nodes],
            "edges": [_edge_dict(e) for e in self.edges],
        }

    def visible(self, kinds: Iterable[str] | None = None, types: Iterable[str] | None = None,
                years: Years = None) -> tuple[set[str], set[str]]:
        """Ids of the nodes and edges a filter leaves visible: the same rule the browser applies."""
        return visible_ids({n.id: (n.kind, n.years) for n in self.nodes},
                           [(e.id, e.source, e.target, e.type, e.years) for e in self.edges],
                           kinds=kinds, types=types, years=years, focus=self.focus)


def build_view(graph: nx.MultiDiGraph, *, title: str, map_kind: str = "all", focus: str | None = None,
               seed: int = 1, size_by: str = "degree", reduced: Reduction | None = None, lang: str = "fi",
               link_base: str = "", physics_max_nodes: int = 300,
               filters: dict[str, Any] | None = None) -> MapView:
    """The view model of ``graph``; the same graph and seed give an equal view."""
    if size_by not in SIZE_BY:
        raise ValueError(f"size_by must be one of {SIZE_BY}")
    ids = sorted(graph.nodes)
    pos = layout.positions(ids, ((u, v) for u, v in graph.edges()), seed=seed, focus=focus)
    sizes = _sizes(graph, ids, size_by)
    nodes = tuple(_node(graph, n, pos[n], sizes[n], lang, link_base, n == focus) for n in ids)
    looks: dict[str, tuple] = {}
    physics = len(ids) <= physics_max_nodes
    edges = tuple(sorted((_edge(graph, u, v, d, lang, looks, physics) for u, v, d in graph.edges(data=True)),
                         key=lambda e: e.id))
    return MapView(title=title, map=map_kind, nodes=nodes, edges=edges,
                   legend_kinds=_legend_kinds(nodes, lang), legend_types=_legend_types(edges, lang),
                   years=_year_range(nodes, edges), physics=physics, seed=seed,
                   size_by=size_by, lang=lang, focus=focus if focus in graph else None, reduced=reduced,
                   filters=dict(filters or {}), link_base=link_base)


# -- filters ---------------------------------------------------------------------------
def visible_ids(nodes: dict[str, tuple[str, Years]], edges: Iterable[tuple[str, str, str, str, Years]], *,
                kinds: Iterable[str] | None = None, types: Iterable[str] | None = None, years: Years = None,
                focus: str | None = None) -> tuple[set[str], set[str]]:
    """Which nodes and edges pass a filter by kind, relation type and year range.

    The focus of a map always passes. Another node passes when its kind is
    chosen and its years overlap the range. An
    undated node (an organisation, a person) passes a year filter only when it
    has a passing relation to a dated node inside the range, or is the focus;
    so "2021" shows who worked together in 2021, not everyone who ever did.
    An edge passes when its type is chosen, its own years (if any) overlap,
    and both ends pass. Nothing is removed: the caller hides what fails.

    >>> nodes = {"o": ("Organisation", None), "p": ("Project", (2020, 2021)), "q": ("Project", (2015, 2016)),
    ...          "x": ("Organisation", None)}
    >>> edges = [("e1", "o", "p", "COORDINATES", None), ("e2", "x", "q", "COORDINATES", None)]
    >>> sorted(visible_ids(nodes, edges, years=(2021, 2021))[0])
    ['o', 'p']
    >>> sorted(visible_ids(nodes, edges, kinds=["Organisation"])[0])
    ['o', 'x']
    """
    kinds = set(kinds) if kinds else None
    types = set(types) if types else None
    edges = list(edges)
    kind_ok = {n for n, (kind, _) in nodes.items() if kinds is None or kind in kinds or n == focus}
    edge_ok = {e[0] for e in edges if (types is None or e[3] in types) and _overlaps(e[4], years)}
    if years is None:
        shown = kind_ok
    else:
        dated_in = {n for n in kind_ok if nodes[n][1] is not None and _overlaps(nodes[n][1], years)}
        shown = set(dated_in)
        if focus in kind_ok:
            shown.add(focus)
        for eid, u, v, _, _ in edges:
            if eid in edge_ok:
                for a, b in ((u, v), (v, u)):
                    if b in dated_in and a in kind_ok and nodes[a][1] is None:
                        shown.add(a)
    return shown, {e[0] for e in edges if e[0] in edge_ok and e[1] in shown and e[2] in shown}


def restrict(graph: nx.MultiDiGraph, *, kinds: Iterable[str] | None = None, types: Iterable[str] | None = None,
             years: Years = None, focus: str | None = None) -> nx.MultiDiGraph:
    """The subgraph a server-side filter leaves (the focus stays whatever its kind); the graph itself
    when there is no filter."""
    if not kinds and not types and years is None:
        return graph
    nodes = {n: (d["kind"], years_of(d.get("attrs", {}))) for n, d in graph.nodes(data=True)}
    edges = [((u, v, k), u, v, d["type"], years_of(d.get("attrs", {})))
             for u, v, k, d in graph.edges(keys=True, data=True)]
    keep_nodes, keep_edges = visible_ids(nodes, edges, kinds=kinds, types=types, years=years, focus=focus)
    out = nx.MultiDiGraph()
    out.add_nodes_from((n, graph.nodes[n]) for n in sorted(keep_nodes))
    out.add_edges_from((u, v, k, graph.edges[u, v, k]) for u, v, k in sorted(keep_edges))
    return out


# -- nodes and edges -------------------------------------------------------------------
def _node(graph: nx.MultiDiGraph, n: str, xy: tuple[int, int], size: float, lang: str, link_base: str,
          is_focus: bool) -> MapNode:
    d = graph.nodes[n]
    kind, name = d["kind"], d["name"]
    look = style.node_style(kind)
    aliases = tuple(a for a in sorted(d.get("aliases", ())) if a != name)
    return MapNode(id=n, label=_short(name, LABEL_CHARS), name=name, kind=kind, group=kind, color=look.color, shape=look.shape,
                   size=round(size * (1.4 if is_focus else 1.0), 1), x=xy[0], y=xy[1],
                   title=_node_title(d, lang), years=years_of(d["attrs"]) if d.get("attrs") else None,
                   url=entity_url(n, link_base), aliases=aliases, focus=is_focus, evidence=_count(d))


def _edge(graph: nx.MultiDiGraph, u: str, v: str, d: dict, lang: str, looks: dict[str, tuple],
          with_title: bool) -> MapEdge:
    rel = d["type"]
    if rel not in looks:
        look = style.edge_style(rel)
        looks[rel] = (look, tuple(look.dashes) if isinstance(look.dashes, list) else look.dashes,
                      style.relation_label(rel, lang), style.words(lang))
    look, dashes, label, words = looks[rel]
    span = years_of(d["attrs"]) if d.get("attrs") else None
    title = ""
    if with_title:
        lines = [f"{graph.nodes[u]['name']} → {label} → {graph.nodes[v]['name']}"]
        if span:
            lines.append(_years_text(span))
        lines.extend(_evidence_lines(d, words))
        title = "\n".join(lines)
    if rel == UNDIRECTED and v < u:
        u, v = v, u
    return MapEdge(id=f"{u}|{rel}|{v}", source=u, target=v, type=rel, label=label, color=look.color, dashes=dashes,
                   width=look.width, arrows=look.arrows, title=title, years=span, evidence=_count(d))


def _node_title(d: dict, lang: str) -> str:
    words = style.words(lang)
    attrs = d.get("attrs", {})
    facts = [style.kind_label(d["kind"], lang)]
    span = years_of(attrs) if attrs else None
    if span:
        facts.append(_years_text(span))
    budget = _number(attrs.get("budget_eur"))
    if budget:
        facts.append(f"{words['budget']} {_fi_int(int(budget)) if lang == 'fi' else f'{int(budget):,}'} €")
    lines = [d["name"], " · ".join(facts)]
    aliases = [a for a in sorted(d.get("aliases", ())) if a != d["name"]][:3]
    if aliases:
        lines.append(f"{words['aliases']}: {', '.join(aliases)}")
    lines.extend(_evidence_lines(d, words))
    lines.append(words["click_to_open"])
    return "\n".join(lines)


def _count(d: dict) -> int:
    return d.get("evidence_count", len(d.get("evidence") or ()))


def _evidence_lines(d: dict, words: dict[str, str]) -> list[str]:
    evidence = d.get("evidence") or []
    count = _count(d)
    lines = []
    if evidence:
        first = evidence[0]
        source = first.get("document_title") or first.get("source_path") or first.get("document_id", "")[:12]
        quote = " ".join(first["quote"][:QUOTE_CHARS * 2].split())
        lines.append(f"“{_short(quote, QUOTE_CHARS)}” — {_short(source, LABEL_CHARS * 2)}")
    if count:
        lines.append(f"{count} {words['evidence_one'] if count == 1 else words['evidence']}")
    return lines


def entity_url(node_id: str, link_base: str = "") -> str:
    """The entity page of a node, built from our own prefix (never from document text).

    >>> entity_url("municipality:kouvola")
    '/entities/municipality%3Akouvola'
    """
    return f"{link_base.rstrip('/')}/entities/{quote(node_id, safe='')}"


# -- sizes, legend, years ----------------------------------------------------------------
def _sizes(graph: nx.MultiDiGraph, ids: list[str], size_by: str) -> dict[str, float]:
    if size_by == "budget":
        budgets = {n: _number(graph.nodes[n].get("attrs", {}).get("budget_eur")) or 0.0 for n in ids}
        top = max(budgets.values(), default=0.0) or 1.0
        return {n: round(8 + 40 * math.sqrt(budgets[n] / top), 1) for n in ids}
    degree = {n: graph.nodes[n].get("degree", graph.degree(n)) for n in ids}
    return {n: round(min(60.0, 8 + 5 * math.sqrt(degree[n])), 1) for n in ids}


def _legend_kinds(nodes: tuple[MapNode, ...], lang: str) -> tuple[LegendEntry, ...]:
    counts = Counter(n.kind for n in nodes)
    order = [k for k in style.KIND_ORDER if k in counts] + sorted(set(counts) - set(style.KIND_ORDER))
    return tuple(LegendEntry(k, style.kind_label(k, lang), style.node_style(k).color, counts[k],
                             shape=style.node_style(k).shape) for k in order)


def _legend_types(edges: tuple[MapEdge, ...], lang: str) -> tuple[LegendEntry, ...]:
    counts = Counter(e.type for e in edges)
    order = [t for t in style.TYPE_ORDER if t in counts] + sorted(set(counts) - set(style.TYPE_ORDER))
    out = []
    for t in order:
        look = style.edge_style(t)
        dashes = tuple(look.dashes) if isinstance(look.dashes, list) else look.dashes
        out.append(LegendEntry(t, style.relation_label(t, lang), look.color, counts[t], dashes=dashes))
    return tuple(out)


def _year_range(nodes: Iterable[MapNode], edges: Iterable[MapEdge]) -> Years:
    spans = [n.years for n in nodes if n.years] + [e.years for e in edges if e.years]
    return (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None


# -- small helpers -------------------------------------------------------------------------
def _overlaps(span: Years, wanted: Years) -> bool:
    return span is None or wanted is None or (span[0] <= wanted[1] and wanted[0] <= span[1])


def _years_text(span: tuple[int, int]) -> str:
    return str(span[0]) if span[0] == span[1] else f"{span[0]}–{span[1]}"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value).replace(" ", "").replace(",", "."))
    except ValueError:
        return None


def _fi_int(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}


def _edge_dict(e: MapEdge) -> dict[str, Any]:
    data = _plain(asdict(e))
    data["from"], data["to"] = data.pop("source"), data.pop("target")
    return data
