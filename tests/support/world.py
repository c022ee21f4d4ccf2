"""A small real world for API and UI tests: fixture documents with known facts.

Every document of ``tests/fixtures/docs`` and ``samples/`` is read by the real
loader (``ingest.loaders.load``), and its facts are built from its gold
annotation (``tests/gold``): each entity at the first occurrence of each of its
surface forms, each relation quoting the text between its two closest
mentions. So the facts are known while the extractor is still changing, and
every span points at real text. A few hand-made documents (written for these
tests, no third-party text) add what the gold lacks: an alias in another case
("Kouvolan kaupunki"), dated projects for year filters, and markup characters
that must come out escaped.

    fill_world(store, settings)     # -> {"documents": ..., "nodes": ..., "edges": ...}
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from alueverkko.graph.model import (
    Document, Edge, Evidence, Extraction, Node, NodeKind, RelationType, content_hash,
)

REPO = Path(__file__).resolve().parents[2]
FIXTURE_DOCS = REPO / "tests" / "fixtures" / "docs"
SAMPLES = REPO / "samples"
GOLD = REPO / "tests" / "gold"
EXTRACTOR = ("test-gold", "1")

#: Hand-made documents: (source, text, nodes as (kind, name, [surfaces], attrs), edges as (i, type, j)).
KOUVOLA_TEXT = (
    "Rautatiekaupunki-hanke alkoi vuonna 2021. Hankkeen koordinoi Kouvolan kaupunki, ja mukana on "
    "Hämeenlinnan kaupunki. Hanketta rahoittaa Maakunnan kehittämisraha, ja alueena on Pohjois-Savo.\n\n"
    "Jo vuosina 2010–2012 Kouvolan kaupunki osallistui Vanha satama -hankkeeseen.\n\n"
    "Yhteyshenkilö: Ilona Rautio, Kouvolan kaupunki."
)
HANDMADE = [
    ("handmade/rautatiekaupunki.txt", KOUVOLA_TEXT, [
        (NodeKind.PROJECT, "Rautatiekaupunki", ["Rautatiekaupunki"], {"start": "2021-01-01", "end": "2023-12-31"}),
        (NodeKind.MUNICIPALITY, "Kouvola", ["Kouvolan kaupunki"], {}),
        (NodeKind.MUNICIPALITY, "Hämeenlinna", ["Hämeenlinnan kaupunki"], {}),
        (NodeKind.FUND, "Maakunnan kehittämisraha", ["Maakunnan kehittämisraha"], {}),
        (NodeKind.REGION, "Pohjois-Savo", ["Pohjois-Savo"], {}),
        (NodeKind.PROJECT, "Vanha satama", ["Vanha satama"], {"years": [2010, 2011, 2012]}),
        (NodeKind.PERSON, "Ilona Rautio", ["Ilona Rautio"], {"role": "projektipäällikkö"}),
    ], [(1, RelationType.COORDINATES, 0), (2, RelationType.PARTICIPATES_IN, 0), (3, RelationType.FUNDS, 0),
        (0, RelationType.PART_OF, 4), (1, RelationType.PARTICIPATES_IN, 5), (6, RelationType.WORKS_FOR, 1),
        (6, RelationType.CONTACT_FOR, 0)]),
    ("handmade/merkit.txt", 'Tiedote <script>alert("x")</script> & muuta: Markkina & Merkki Oy <b>järjestää</b> '
                             "tapahtuman Kouvolan kaupunki -alueella.", [
        (NodeKind.ORGANISATION, "Markkina & Merkki Oy", ["Markkina & Merkki Oy"], {}),
        (NodeKind.MUNICIPALITY, "Kouvola", ["Kouvolan kaupunki"], {}),
    ], [(0, RelationType.COLLABORATES_WITH, 1)]),
]


def fill_world(store, settings) -> dict:
    """Ingest every fixture document and sample with its gold facts, and the hand-made documents."""
    for extraction in world_extractions(settings):
        store.ingest(extraction)
    return store.stats()


def world_extractions(settings) -> list[Extraction]:
    extractions = []
    for folder, gold_set in ((FIXTURE_DOCS, "fixtures"), (SAMPLES, "samples")):
        for path in sorted(folder.iterdir()):
            gold_path = GOLD / gold_set / f"{path.name}.json"
            if gold_path.is_file():
                extractions.append(gold_extraction(path, json.loads(gold_path.read_text(encoding="utf-8")), settings))
    extractions.extend(handmade_extraction(*spec) for spec in HANDMADE)
    return extractions


def gold_extraction(path: Path, gold: dict, settings) -> Extraction:
    """The document as the real loader reads it, with the gold annotation's facts located in its text."""
    from alueverkko.ingest.loaders import load

    document = load(path, settings=settings)
    nodes: dict[str, Node] = {}
    spans: dict[str, list[tuple[int, int]]] = {}
    for entity in gold["entities"]:
        key = f"{entity['kind']}:{entity['name']}"
        found = _first_occurrences(document.text, [*entity.get("surface", []), entity["name"]])
        if not found or key in nodes:
            continue
        evidence = [Evidence(document.id, s, e, document.text[s:e], *EXTRACTOR) for s, e in found]
        surfaces = sorted({document.text[s:e] for s, e in found})
        nodes[key] = Node(NodeKind(entity["kind"]), entity["name"], surfaces, {}, evidence)
        spans[key] = found
    edges = {}
    for relation in gold.get("relations", []):
        source, target = relation["source"], relation["target"]
        if source in nodes and target in nodes and source != target:
            start, end = _closest(spans[source], spans[target])
            edge = Edge(nodes[source].id, relation["type"], nodes[target].id, {},
                        [Evidence(document.id, start, end, document.text[start:end], *EXTRACTOR, confidence=0.9)])
            edges.setdefault(edge.id, edge)
    return Extraction(document, list(nodes.values()), list(edges.values()))


def handmade_extraction(source: str, text: str, node_specs: list, edge_specs: list) -> Extraction:
    doc = Document(content_hash(text.encode()), source.rsplit("/", 1)[-1], source, text, "txt")
    nodes, spans = [], []
    for kind, name, surfaces, attrs in node_specs:
        found = _first_occurrences(text, surfaces)
        assert found, f"{surfaces} not in the hand-made text {source}"
        nodes.append(Node(kind, name, surfaces, dict(attrs),
                          [Evidence(doc.id, s, e, text[s:e], *EXTRACTOR) for s, e in found]))
        spans.append(found)
    edges = []
    for i, relation, j in edge_specs:
        start, end = _closest(spans[i], spans[j])
        edges.append(Edge(nodes[i].id, relation, nodes[j].id, {},
                          [Evidence(doc.id, start, end, text[start:end], *EXTRACTOR, confidence=0.9)]))
    return Extraction(doc, nodes, edges)


def _first_occurrences(text: str, surfaces: list[str]) -> list[tuple[int, int]]:
    found = set()
    for surface in dict.fromkeys(surfaces):
        match = re.search(re.escape(surface), text)
        if match:
            found.add((match.start(), match.end()))
    return sorted(found)


def _closest(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> tuple[int, int]:
    """The shortest stretch of text holding one mention of each end."""
    return min(((min(x[0], y[0]), max(x[1], y[1])) for x in a for y in b), key=lambda span: span[1] - span[0])
