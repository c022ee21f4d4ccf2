"""A small hand-made Finnish world for the Cypher tests, and the generated benchmark world.

Written for these tests (no third-party text): place names are real, every
organisation, person and project is invented. The world has inflected and
compound names, å/ä/ö, an apostrophe in a name, aliases, a fact supported by
two documents, a project without coordinator or programme, an organisation
with no relations at all, and floats and integers among the attributes.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

from alueverkko.graph.model import Document, Edge, Evidence, Extraction, Node, NodeKind, RelationType, content_hash

K = NodeKind
R = RelationType
REPO = Path(__file__).resolve().parent.parent

#: (source, text, nodes: (kind, name, aliases, attrs), edges: (source name, relation, target name))
DOCUMENTS = [
    ("kymin_osaajat.txt",
     "Kymin osaajat -hanke (2022–2024) vahvistaa osaamista Kymenlaaksossa. Hanketta koordinoi Kymijoen Kehitys Oy "
     "(KKO). Mukana ovat Kouvola, Kotka, Kouvolan Innovaatiot Oy ja O'Connor & Kumppanit Oy. Rahoittaja on "
     "Maakunnan kehittämisraha. Hanke kuuluu ohjelmaan Kymenlaakson KOKO. Yhteyshenkilö Matti Virtanen, "
     "kehittämispäällikkö, Kymijoen Kehitys Oy.",
     [(K.PROJECT, "Kymin osaajat", [], {"start": "2022-01-01", "end": "2024-12-31", "years": [2022, 2023, 2024],
                                         "budget_eur": 250000.5}),
      (K.ORGANISATION, "Kymijoen Kehitys Oy", ["KKO"], {"business_id": "1234567-8", "url": "https://kko.example.fi"}),
      (K.MUNICIPALITY, "Kouvola", ["Kouvolan kaupunki"], {}),
      (K.MUNICIPALITY, "Kotka", [], {}),
      (K.ORGANISATION, "Kouvolan Innovaatiot Oy", [], {}),
      (K.ORGANISATION, "O'Connor & Kumppanit Oy", [], {}),
      (K.FUND, "Maakunnan kehittämisraha", [], {}),
      (K.PROGRAMME, "Kymenlaakson KOKO", ["Kouvolan seudun KOKO"], {}),
      (K.PERSON, "Matti Virtanen", [], {"title": "kehittämispäällikkö", "email": "matti.virtanen@kko.example.fi"})],
     [("Kymijoen Kehitys Oy", R.COORDINATES, "Kymin osaajat"),
      ("Kouvola", R.PARTICIPATES_IN, "Kymin osaajat"),
      ("Kotka", R.PARTICIPATES_IN, "Kymin osaajat"),
      ("Kouvolan Innovaatiot Oy", R.PARTICIPATES_IN, "Kymin osaajat"),
      ("O'Connor & Kumppanit Oy", R.PARTICIPATES_IN, "Kymin osaajat"),
      ("Maakunnan kehittämisraha", R.FUNDS, "Kymin osaajat"),
      ("Kymin osaajat", R.PART_OF, "Kymenlaakson KOKO"),
      ("Matti Virtanen", R.CONTACT_FOR, "Kymin osaajat"),
      ("Matti Virtanen", R.WORKS_FOR, "Kymijoen Kehitys Oy")]),
    ("vaaraverkko.md",
     "# Vaaraverkko\nVaaraverkko (2021–2023) kehittää luontomatkailua Pohjois-Karjalassa. Koordinaattori: Vaarajoen "
     "Osaamiskeskus ry. Osatoteuttajat: Lieksa ja Pohjois-Karjalan Ammattiopisto Ässä. Rahoitus: Euroopan "
     "aluekehitysrahasto (EAKR). Ohjelma: Vaarojen elinvoimaohjelma. Yhteyshenkilö: Anna-Liisa Äijälä, "
     "projektipäällikkö, puh. 040 123 4567.",
     [(K.PROJECT, "Vaaraverkko", [], {"start": "2021-01-01", "end": "2023-12-31", "years": [2021, 2022, 2023],
                                       "budget_eur": 480000}),
      (K.ORGANISATION, "Vaarajoen Osaamiskeskus ry", [], {}),
      (K.MUNICIPALITY, "Lieksa", ["Lieksan kaupunki"], {}),
      (K.ORGANISATION, "Pohjois-Karjalan Ammattiopisto Ässä", ["Ässä"], {}),
      (K.FUND, "Euroopan aluekehitysrahasto", ["EAKR"], {}),
      (K.PROGRAMME, "Vaarojen elinvoimaohjelma", [], {}),
      (K.PERSON, "Anna-Liisa Äijälä", [], {"title": "projektipäällikkö", "phone": "040 123 4567"})],
     [("Vaarajoen Osaamiskeskus ry", R.COORDINATES, "Vaaraverkko"),
      ("Lieksa", R.PARTICIPATES_IN, "Vaaraverkko"),
      ("Pohjois-Karjalan Ammattiopisto Ässä", R.PARTICIPATES_IN, "Vaaraverkko"),
      ("Euroopan aluekehitysrahasto", R.FUNDS, "Vaaraverkko"),
      ("Vaaraverkko", R.PART_OF, "Vaarojen elinvoimaohjelma"),
      ("Anna-Liisa Äijälä", R.CONTACT_FOR, "Vaaraverkko"),
      ("Anna-Liisa Äijälä", R.WORKS_FOR, "Vaarajoen Osaamiskeskus ry")]),
    ("saariston_silta.txt",
     "Saariston silta (2020–2021) yhdistää Maarianhaminan ja Kymenlaakson yrityksiä. Hankkeen toteuttaa Åländsk "
     "Utveckling Ab yhdessä Kymijoen Kehitys Oy:n kanssa; mukana on Maarianhamina. Euroopan aluekehitysrahasto "
     "rahoittaa hanketta. Pekka Öhman työskentelee Åländsk Utveckling Ab:ssä.",
     [(K.PROJECT, "Saariston silta", [], {"start": "2020-01-01", "end": "2021-12-31", "years": [2020, 2021],
                                           "budget_eur": 120000}),
      (K.ORGANISATION, "Åländsk Utveckling Ab", [], {}),
      (K.ORGANISATION, "Kymijoen Kehitys Oy", [], {}),
      (K.MUNICIPALITY, "Maarianhamina", ["Mariehamn"], {}),
      (K.FUND, "Euroopan aluekehitysrahasto", [], {}),
      (K.PERSON, "Pekka Öhman", [], {})],
     [("Åländsk Utveckling Ab", R.COORDINATES, "Saariston silta"),
      ("Kymijoen Kehitys Oy", R.PARTICIPATES_IN, "Saariston silta"),
      ("Maarianhamina", R.PARTICIPATES_IN, "Saariston silta"),
      ("Euroopan aluekehitysrahasto", R.FUNDS, "Saariston silta"),
      ("Pekka Öhman", R.WORKS_FOR, "Åländsk Utveckling Ab"),
      ("Åländsk Utveckling Ab", R.COLLABORATES_WITH, "Kymijoen Kehitys Oy")]),
    ("alueet.txt",
     "Kouvola ja Kotka kuuluvat Kymenlaaksoon. Lieksa ja Joensuu kuuluvat Pohjois-Karjalaan. Maarianhamina on "
     "Ahvenanmaan pääkaupunki. Hiljainen hanke toimii Joensuussa; Joensuu osallistuu siihen. Kymijoen Kehitys Oy "
     "ja Vaarajoen Osaamiskeskus ry tekevät yhteistyötä. Vaarajoen Osaamiskeskus ry ja Pohjois-Karjalan "
     "Ammattiopisto Ässä kuuluvat Matkailuverkosto Vaaraan. Tyhjä Säätiö mainitaan ilman yhteyksiä.",
     [(K.MUNICIPALITY, "Kouvola", ["Kouvolan kaupunki"], {}),
      (K.MUNICIPALITY, "Kotka", [], {}),
      (K.REGION, "Kymenlaakso", [], {}),
      (K.MUNICIPALITY, "Lieksa", [], {}),
      (K.MUNICIPALITY, "Joensuu", [], {}),
      (K.REGION, "Pohjois-Karjala", [], {}),
      (K.MUNICIPALITY, "Maarianhamina", [], {}),
      (K.REGION, "Ahvenanmaa", [], {}),
      (K.PROJECT, "Hiljainen hanke", [], {}),
      (K.ORGANISATION, "Kymijoen Kehitys Oy", [], {}),
      (K.ORGANISATION, "Vaarajoen Osaamiskeskus ry", [], {}),
      (K.ORGANISATION, "Pohjois-Karjalan Ammattiopisto Ässä", [], {}),
      (K.NETWORK, "Matkailuverkosto Vaara", [], {}),
      (K.ORGANISATION, "Tyhjä Säätiö", [], {})],
     [("Kouvola", R.PART_OF, "Kymenlaakso"),
      ("Kotka", R.PART_OF, "Kymenlaakso"),
      ("Lieksa", R.PART_OF, "Pohjois-Karjala"),
      ("Joensuu", R.PART_OF, "Pohjois-Karjala"),
      ("Maarianhamina", R.PART_OF, "Ahvenanmaa"),
      ("Joensuu", R.PARTICIPATES_IN, "Hiljainen hanke"),
      ("Vaarajoen Osaamiskeskus ry", R.COLLABORATES_WITH, "Kymijoen Kehitys Oy"),
      ("Vaarajoen Osaamiskeskus ry", R.PARTICIPATES_IN, "Matkailuverkosto Vaara"),
      ("Pohjois-Karjalan Ammattiopisto Ässä", R.PARTICIPATES_IN, "Matkailuverkosto Vaara")]),
]


def document(source: str, text: str, nodes: list, edges: list) -> Extraction:
    """One extraction whose evidence quotes the text: each name at its first occurrence."""
    doc = Document(id=content_hash(text.encode()), title=source, source_path=source, text=text)
    built: dict[str, Node] = {}
    for kind, name, aliases, attrs in nodes:
        start = text.index(name)
        built[name] = Node(kind, name, list(aliases), dict(attrs),
                           [Evidence(doc.id, start, start + len(name), name, "fixture-rules", "1")])
    built_edges = []
    for a, rel, b in edges:
        start, end = sentence_with(text, a, b)
        ev = Evidence(doc.id, start, end, text[start:end], "fixture-rules", "1", 0.8)
        built_edges.append(Edge(built[a].id, rel, built[b].id, {}, [ev]))
    return Extraction(doc, list(built.values()), built_edges)


def sentence_with(text: str, *names: str) -> tuple[int, int]:
    """The span of the fewest consecutive sentences that name all of ``names``."""
    spans, start = [], 0
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        start = text.index(sentence, start)
        spans.append((start, start + len(sentence)))
    windows = [(spans[i][0], spans[j][1]) for i in range(len(spans)) for j in range(i, len(spans))
               if all(name in text[spans[i][0]:spans[j][1]] for name in names)]
    return min(windows, key=lambda span: span[1] - span[0])


def ingest_fixture_world(store) -> None:
    for source, text, nodes, edges in DOCUMENTS:
        store.ingest(document(source, text, nodes, edges))


def generate_world(store, size: str = "S") -> dict:
    """bench/world.py's seeded generator (bench/ is a folder of scripts, not an installed package)."""
    spec = importlib.util.spec_from_file_location("bench_world", REPO / "bench" / "world.py")
    module = sys.modules.setdefault("bench_world", importlib.util.module_from_spec(spec))
    spec.loader.exec_module(module)
    return module.generate(store, size)
