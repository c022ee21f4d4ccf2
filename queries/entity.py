"""An entity with everything the graph says about it, and its neighbourhood subgraph.

:func:`entity_detail` is the data of the entity page and ``/api/entities/{id}``:
attributes, aliases, the mentions that name it, and its relations in both
directions grouped by relation type and direction, each with its evidence
and the other end's id, name and kind. :func:`neighbourhood` is a subgraph
around an entity in node-link form (``networkx.node_link_graph(data,
edges="links")`` reads it).

Years: a node or edge is dated by its ``years`` list and ``start``/``end``
attributes (ISO dates or years); one with no dates at all passes every year
filter, since "undated" is not "outside the range".

>>> years_of({"start": "2019-01-01", "end": "2021-12-31"}), years_of({"years": [2022, 2020]}), years_of({})
((2019, 2021), (2020, 2022), None)
>>> parse_years("2019-2023"), parse_years("2020")
((2019, 2023), (2020, 2020))
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from alueverkko.errors import EntityNotFound, InvalidInput
from alueverkko.graph.model import Edge, Evidence, NodeKind, RelationType
from alueverkko.graph.reads import attributes, briefs, edges_touching, evidence_counts

DIRECTIONS = ("out", "in", "both")
_YEAR = re.compile(r"^\s*(\d{4})")


def evidence_dict(ev: Evidence) -> dict[str, Any]:
    return {"document_id": ev.document_id, "document_title": ev.document_title, "quote": ev.quote,
            "start": ev.start, "end": ev.end, "extractor": ev.extractor, "extractor_version": ev.extractor_version,
            "confidence": ev.confidence, "link": span_link(ev.document_id, ev.start, ev.end)}


def span_link(document_id: str, start: int, end: int) -> str:
    """Where a span is highlighted: ``/documents/{id}#span-{start}-{end}``."""
    return f"/documents/{document_id}#span-{start}-{end}"


def entity_detail(store, entity_id: str, *, per_group: int = 200, per_fact: int = 10) -> dict[str, Any]:
    """The entity page's data; raises EntityNotFound.

    At most ``per_group`` relations per type and direction and ``per_fact``
    evidence spans per fact are listed; the counts say how many there are.
    """
    node = store.node(entity_id)
    edges = store.edges_of(entity_id)
    others = briefs(store, {e.target if e.source == entity_id else e.source for e in edges}, attrs=False)
    groups: dict[tuple[str, str], list[dict]] = {}
    for edge in edges:
        direction, other_id = _direction(edge, entity_id)
        other = others.get(other_id)
        groups.setdefault((edge.type.value, direction), []).append({
            "id": edge.id, "type": edge.type.value, "direction": direction,
            "other": {"id": other_id, "kind": other.kind if other else "", "name": other.name if other else other_id},
            "attrs": edge.attrs, "evidence_count": len(edge.evidence),
            "evidence": [evidence_dict(ev) for ev in edge.evidence[:per_fact]]})
    order = {t.value: i for i, t in enumerate(RelationType)}
    relations = []
    for (rtype, direction), items in sorted(groups.items(), key=lambda g: (order[g[0][0]], DIRECTIONS.index(g[0][1]))):
        items.sort(key=lambda r: (r["other"]["name"].casefold(), r["other"]["id"]))
        relations.append({"type": rtype, "direction": direction, "count": len(items),
                          "truncated": len(items) > per_group, "relations": items[:per_group]})
    return {"id": node.id, "kind": node.kind.value, "name": node.name,
            "aliases": [a for a in node.aliases if a != node.name], "attrs": node.attrs,
            "evidence_count": len(node.evidence), "evidence": [evidence_dict(ev) for ev in node.evidence[:per_fact]],
            "relations": relations,
            "links": {"page": f"/entities/{node.id}", "api": f"/api/entities/{node.id}",
                      "neighbourhood": f"/api/entities/{node.id}/neighbourhood", "map": f"/maps/entity/{node.id}"}}


def _direction(edge: Edge, entity_id: str) -> tuple[str, str]:
    if edge.type.undirected:
        return "both", edge.target if edge.source == entity_id else edge.source
    if edge.source == entity_id:
        return "out", edge.target
    return "in", edge.source


# -- neighbourhood ---------------------------------------------------------------------
def neighbourhood(store, center: str, *, depth: int = 1, kinds: Iterable[str] = (), types: Iterable[str] = (),
                  years: tuple[int, int] | None = None, max_nodes: int = 300) -> dict[str, Any]:
    """Nodes within ``depth`` relations of ``center`` that pass the filters, and the links among them.

    The center is always included. Nodes are added depth by depth, in id
    order within a depth, until ``max_nodes``; then ``graph.capped`` is true.
    """
    kinds, types = sorted(set(kinds)), sorted(set(types))
    found = briefs(store, [center])
    if center not in found:
        raise EntityNotFound(center)
    included: dict[str, int] = {center: 0}
    frontier, capped = [center], False
    for level in range(1, depth + 1):
        if not frontier or capped:
            break
        edges = _passing_edges(store, edges_touching(store, frontier, types), years)
        candidates = sorted({end for e in edges for end in (e.source, e.target)} - included.keys())
        candidate_briefs = briefs(store, candidates)
        frontier = []
        for node_id in candidates:
            brief = candidate_briefs.get(node_id)
            if brief is None or (kinds and brief.kind not in kinds) or not _overlaps(years_of(brief.attrs), years):
                continue
            if len(included) >= max_nodes:
                capped = True
                break
            included[node_id] = level
            found[node_id] = brief
            frontier.append(node_id)
    links = [e for e in _passing_edges(store, edges_touching(store, included, types), years)
             if e.source in included and e.target in included]
    counts = evidence_counts(store, "edge", [e.id for e in links])
    return {
        "directed": True, "multigraph": False,
        "graph": {"center": center, "depth": depth, "kinds": kinds, "types": types,
                  "years": list(years) if years else None, "capped": capped, "max_nodes": max_nodes},
        "nodes": [{"id": n, "kind": found[n].kind, "name": found[n].name, "depth": d,
                   "years": list(years_of(found[n].attrs) or ())} for n, d in included.items()],
        "links": [{"id": e.id, "source": e.source, "target": e.target, "type": e.type,
                   "evidence": counts.get(e.id, 0)} for e in links],
    }


def _passing_edges(store, edges: list, years: tuple[int, int] | None) -> list:
    if years is None:
        return edges
    attrs = attributes(store, "edge", [e.id for e in edges])
    return [e for e in edges if _overlaps(years_of(attrs.get(e.id, {})), years)]


def years_of(attrs: dict[str, Any]) -> tuple[int, int] | None:
    """The first and last year a fact's attributes name, or None when undated."""
    found = []
    for value in attrs.get("years") or []:
        found.extend(_years_in(value))
    for key in ("start", "end"):
        found.extend(_years_in(attrs.get(key)))
    return (min(found), max(found)) if found else None


def _years_in(value: Any) -> list[int]:
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, int):
        return [value]
    match = _YEAR.match(str(value))
    return [int(match.group(1))] if match else []


def _overlaps(span: tuple[int, int] | None, wanted: tuple[int, int] | None) -> bool:
    return span is None or wanted is None or (span[0] <= wanted[1] and wanted[0] <= span[1])


# -- parameters ------------------------------------------------------------------------
def parse_years(text: str | None) -> tuple[int, int] | None:
    """``"2019-2023"`` or ``"2020"`` as an inclusive year range; InvalidInput otherwise."""
    if not text:
        return None
    match = re.fullmatch(r"\s*(\d{4})\s*(?:[-–]\s*(\d{4})\s*)?", text)
    if not match:
        raise InvalidInput(f"Years must be a year or a range like 2019-2023, not {text!r}.", where="years",
                           fix="Give years=2020 or years=2019-2023.")
    first, last = int(match.group(1)), int(match.group(2) or match.group(1))
    if first > last:
        raise InvalidInput(f"The year range {text!r} ends before it starts.", where="years",
                           fix="Put the earlier year first: years=2019-2023.")
    return first, last


def parse_names(text: str | None, allowed: Iterable[str], where: str) -> list[str]:
    """A comma-separated list of kinds or relation types, matched case-insensitively.

    >>> parse_names("project, organisation", [k.value for k in NodeKind], "kinds")
    ['Organisation', 'Project']
    """
    if not text:
        return []
    by_fold = {a.casefold(): a for a in allowed}
    names = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        if part.casefold() not in by_fold:
            raise InvalidInput(f"Unknown {where[:-1]} {part!r}.", where=where,
                               fix=f"Choose from: {', '.join(sorted(by_fold.values()))}.")
        names.append(by_fold[part.casefold()])
    return sorted(set(names))
