"""How maps look: a colour and shape per node kind, a line style per relation type, UI words.

Pure data, no imports beyond the model. Colours follow the Okabe–Ito palette
(safe for the common colour-vision deficiencies); shapes differ too, so a kind
can be told apart without colour.

>>> NODE_STYLES["Organisation"].color, NODE_STYLES["Organisation"].shape
('#009E73', 'dot')
>>> EDGE_STYLES["FUNDS"].dashes
[8, 4]
>>> relation_label("COORDINATES", "en")
'coordinates'
"""

from __future__ import annotations

from dataclasses import dataclass

from alueverkko.graph.model import NodeKind, RelationType


@dataclass(frozen=True, slots=True)
class NodeStyle:
    color: str
    shape: str          # a vis-network shape whose label sits below it, so size means size
    label: dict[str, str]


@dataclass(frozen=True, slots=True)
class EdgeStyle:
    color: str
    dashes: bool | list[int]
    width: float
    arrows: bool
    label: dict[str, str]


NODE_STYLES: dict[str, NodeStyle] = {
    NodeKind.MUNICIPALITY: NodeStyle("#0072B2", "square", {"fi": "Kunta", "en": "Municipality"}),
    NodeKind.REGION: NodeStyle("#56B4E9", "hexagon", {"fi": "Maakunta", "en": "Region"}),
    NodeKind.ORGANISATION: NodeStyle("#009E73", "dot", {"fi": "Organisaatio", "en": "Organisation"}),
    NodeKind.PERSON: NodeStyle("#CC79A7", "triangle", {"fi": "Henkilö", "en": "Person"}),
    NodeKind.NETWORK: NodeStyle("#999933", "triangleDown", {"fi": "Verkosto", "en": "Network"}),
    NodeKind.PROGRAMME: NodeStyle("#D55E00", "star", {"fi": "Ohjelma", "en": "Programme"}),
    NodeKind.PROJECT: NodeStyle("#E69F00", "diamond", {"fi": "Hanke", "en": "Project"}),
    NodeKind.FUND: NodeStyle("#7F3C8D", "dot", {"fi": "Rahoittaja", "en": "Fund"}),
}
NODE_STYLES = {str(k): v for k, v in NODE_STYLES.items()}

EDGE_STYLES: dict[str, EdgeStyle] = {
    RelationType.COORDINATES: EdgeStyle("#D55E00", False, 2.0, True, {"fi": "koordinoi", "en": "coordinates"}),
    RelationType.FUNDS: EdgeStyle("#7F3C8D", [8, 4], 1.5, True, {"fi": "rahoittaa", "en": "funds"}),
    RelationType.PARTICIPATES_IN: EdgeStyle("#5B6B7A", False, 1.0, True, {"fi": "osallistuu", "en": "participates in"}),
    RelationType.PART_OF: EdgeStyle("#0072B2", [2, 4], 1.0, True, {"fi": "osa", "en": "part of"}),
    RelationType.WORKS_FOR: EdgeStyle("#009E73", [6, 3], 1.0, True, {"fi": "työskentelee", "en": "works for"}),
    RelationType.CONTACT_FOR: EdgeStyle("#CC79A7", [1, 3], 1.0, True, {"fi": "yhteyshenkilö", "en": "contact for"}),
    RelationType.COLLABORATES_WITH: EdgeStyle("#E69F00", False, 2.0, False,
                                              {"fi": "yhteistyö", "en": "collaborates with"}),
}
EDGE_STYLES = {str(k): v for k, v in EDGE_STYLES.items()}

#: Kinds and types in a stable, meaningful order (legend, filters).
KIND_ORDER = [k.value for k in NodeKind]
TYPE_ORDER = [t.value for t in RelationType]

UNKNOWN_NODE = NodeStyle("#888888", "dot", {"fi": "Muu", "en": "Other"})
UNKNOWN_EDGE = EdgeStyle("#888888", False, 1.0, True, {"fi": "muu", "en": "other"})

#: Words of the map page and of tooltips. The template reads them; none holds markup.
WORDS: dict[str, dict[str, str]] = {
    "fi": {
        "map": "Yhteistyökartta", "search": "Etsi nimellä", "focus": "Kohdista", "kinds": "Tyypit",
        "relations": "Suhteet", "years": "Vuodet", "from": "alkaen", "to": "asti", "reset": "Näytä kaikki",
        "found": "Kohdistettu", "not_found": "Ei löytynyt", "nodes": "solmua", "edges": "suhdetta",
        "evidence": "lähdettä", "evidence_one": "lähde", "click_to_open": "napsauta: avaa tiedot ja lähteet", "budget": "budjetti",
        "aliases": "myös", "reduced": "Kartta on rajattu", "undated_note":
        "Vuosirajaus: päivämäärättömät toimijat näkyvät, kun ne liittyvät johonkin rajauksen sisällä.",
        "download": "Lataa", "hops": "askelta", "entity_map": "toimijan verkosto", "programme_map": "ohjelmakartta",
        "region_map": "aluekartta", "all_map": "koko verkko", "visible": "näkyvissä",
    },
    "en": {
        "map": "Collaboration map", "search": "Find by name", "focus": "Focus", "kinds": "Kinds",
        "relations": "Relations", "years": "Years", "from": "from", "to": "to", "reset": "Show all",
        "found": "Focused", "not_found": "Not found", "nodes": "nodes", "edges": "relations",
        "evidence": "sources", "evidence_one": "source", "click_to_open": "click: open details and sources", "budget": "budget",
        "aliases": "also", "reduced": "This map is reduced", "undated_note":
        "Year filter: undated actors stay when linked to something inside the range.",
        "download": "Download", "hops": "hops", "entity_map": "network of an actor", "programme_map": "programme map",
        "region_map": "region map", "all_map": "whole graph", "visible": "visible",
    },
}


def node_style(kind: str) -> NodeStyle:
    return NODE_STYLES.get(kind, UNKNOWN_NODE)


def edge_style(rel: str) -> EdgeStyle:
    return EDGE_STYLES.get(rel, UNKNOWN_EDGE)


def kind_label(kind: str, lang: str = "fi") -> str:
    return node_style(kind).label.get(lang, kind)


def relation_label(rel: str, lang: str = "fi") -> str:
    return edge_style(rel).label.get(lang, rel)


def words(lang: str) -> dict[str, str]:
    return WORDS.get(lang, WORDS["fi"])
