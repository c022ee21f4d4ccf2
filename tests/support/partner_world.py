"""A small hand-made Finnish world for the partner finder tests, with known right answers.

Every document is a few lines written for these tests; each fact's evidence is
the line that states it, so reasons link to spans that say what they claim.

Who is who:

- Kolin Matkailuyhdistys ry coordinated two nature-tourism projects in
  Pohjois-Karjala (Lieksa), 2021–2023 and 2024–2025: the right answer for
  "luontomatkailun kehittäminen Pohjois-Karjalassa". Liisa Vaara works there
  and is the contact person of its projects.
- Pielisen Yrittäjät ry took part in the first of them (a participant only).
- Saimaan Elämys Oy coordinated a nature-tourism project in Etelä-Savo
  (Savonlinna), with Savon Matkailuverkosto ry taking part.
- Karjalan Retkeilykeskus Oy coordinated an old hiking-route project in
  Pohjois-Karjala, 2010–2012 (for the years filter).
- Joensuun Energiaosuuskunta coordinated a bioenergy project in Pohjois-Karjala
  (the right answer for bioenergy, never for tourism).
"""

from __future__ import annotations

from alueverkko.graph.model import Document, Edge, Evidence, Extraction, Node, NodeKind, RelationType, content_hash

K = NodeKind
R = RelationType


def document(source: str, lines: list[str], nodes: list[tuple], edges: list[tuple]) -> Extraction:
    """Nodes are (kind, name[, attrs]); edges (name, relation, name). A node's evidence is its first
    mention; an edge's evidence is the first line that names both its ends."""
    text = "\n".join(lines) + "\n"
    doc = Document(id=content_hash(text.encode()), title=source, source_path=source, text=text)
    built: dict[str, Node] = {}
    for kind, name, *rest in nodes:
        start = text.index(name)
        built[name] = Node(kind, name, [name], dict(rest[0]) if rest else {},
                           [Evidence(doc.id, start, start + len(name), name, "test-rules", "1")])
    made = []
    for a, relation, b in edges:
        offset = 0
        for line in lines:
            if a in line and b in line:
                break
            offset += len(line) + 1
        else:
            raise ValueError(f"no line names both {a!r} and {b!r}")
        ev = Evidence(doc.id, offset, offset + len(line), line, "test-rules", "1", 0.9)
        made.append(Edge(built[a].id, relation, built[b].id, {}, [ev]))
    return Extraction(doc, list(built.values()), made)


def extractions() -> list[Extraction]:
    return [
        document("luontopolut.txt", [
            "Vaarojen luontopolut on luontomatkailun kehittämishanke Lieksassa vuosina 2021–2023.",
            "Hanke parantaa retkeilyreittejä ja luontomatkailun palveluja Kolin ympäristössä.",
            "Hanketta Vaarojen luontopolut koordinoi Kolin Matkailuyhdistys ry.",
            "Osatoteuttajana Vaarojen luontopolut -hankkeessa on Pielisen Yrittäjät ry.",
            "Vaarojen luontopolut toteutetaan kunnassa Lieksa.",
            "Lieksa kuuluu maakuntaan Pohjois-Karjala.",
            "Yhteyshenkilö Liisa Vaara vastaa hankkeesta Vaarojen luontopolut.",
            "Liisa Vaara työskentelee: Kolin Matkailuyhdistys ry.",
        ], [
            (K.PROJECT, "Vaarojen luontopolut", {"years": [2021, 2022, 2023]}),
            (K.MUNICIPALITY, "Lieksa"), (K.REGION, "Pohjois-Karjala"),
            (K.ORGANISATION, "Kolin Matkailuyhdistys ry"), (K.ORGANISATION, "Pielisen Yrittäjät ry"),
            (K.PERSON, "Liisa Vaara", {"title": "projektipäällikkö"}),
        ], [
            ("Kolin Matkailuyhdistys ry", R.COORDINATES, "Vaarojen luontopolut"),
            ("Pielisen Yrittäjät ry", R.PARTICIPATES_IN, "Vaarojen luontopolut"),
            ("Lieksa", R.PARTICIPATES_IN, "Vaarojen luontopolut"),
            ("Lieksa", R.PART_OF, "Pohjois-Karjala"),
            ("Liisa Vaara", R.CONTACT_FOR, "Vaarojen luontopolut"),
            ("Liisa Vaara", R.WORKS_FOR, "Kolin Matkailuyhdistys ry"),
        ]),
        document("eramaareitit.txt", [
            "Erämaareitit on luontomatkailuhanke vuosille 2024–2025.",
            "Hankkeessa tuotteistetaan luontomatkailun elämyspalveluja ja melontareittejä.",
            "Erämaareitit-hanketta hallinnoi Kolin Matkailuyhdistys ry.",
            "Erämaareitit toteutetaan kunnassa Lieksa.",
            "Hankkeen Erämaareitit yhteyshenkilö on Liisa Vaara.",
        ], [
            (K.PROJECT, "Erämaareitit", {"start": "1.1.2024", "end": "31.12.2025"}),
            (K.ORGANISATION, "Kolin Matkailuyhdistys ry"), (K.MUNICIPALITY, "Lieksa"),
            (K.PERSON, "Liisa Vaara"),
        ], [
            ("Kolin Matkailuyhdistys ry", R.COORDINATES, "Erämaareitit"),
            ("Lieksa", R.PARTICIPATES_IN, "Erämaareitit"),
            ("Liisa Vaara", R.CONTACT_FOR, "Erämaareitit"),
        ]),
        document("saimaa.txt", [
            "Saimaan luontomatkailu kehittää luontomatkailua ja järvimatkailun palveluja vuosina 2022–2024.",
            "Hanketta Saimaan luontomatkailu koordinoi Saimaan Elämys Oy.",
            "Saimaan luontomatkailu -hankkeessa on mukana Savon Matkailuverkosto ry.",
            "Saimaan luontomatkailu toteutetaan kunnassa Savonlinna.",
            "Savonlinna kuuluu maakuntaan Etelä-Savo.",
        ], [
            (K.PROJECT, "Saimaan luontomatkailu", {"years": [2022, 2023, 2024]}),
            (K.ORGANISATION, "Saimaan Elämys Oy"), (K.ORGANISATION, "Savon Matkailuverkosto ry"),
            (K.MUNICIPALITY, "Savonlinna"), (K.REGION, "Etelä-Savo"),
        ], [
            ("Saimaan Elämys Oy", R.COORDINATES, "Saimaan luontomatkailu"),
            ("Savon Matkailuverkosto ry", R.PARTICIPATES_IN, "Saimaan luontomatkailu"),
            ("Savonlinna", R.PARTICIPATES_IN, "Saimaan luontomatkailu"),
            ("Savonlinna", R.PART_OF, "Etelä-Savo"),
        ]),
        document("retkeilyreitit.txt", [
            "Retkeilyreittien kunnostus oli luontomatkailun hanke vuosina 2010–2012.",
            "Hankkeessa kunnostettiin retkeilyreittejä ja laavuja matkailijoille.",
            "Retkeilyreittien kunnostus -hanketta koordinoi Karjalan Retkeilykeskus Oy.",
            "Retkeilyreittien kunnostus toteutettiin kunnassa Lieksa.",
        ], [
            (K.PROJECT, "Retkeilyreittien kunnostus", {"years": [2010, 2011, 2012]}),
            (K.ORGANISATION, "Karjalan Retkeilykeskus Oy"), (K.MUNICIPALITY, "Lieksa"),
        ], [
            ("Karjalan Retkeilykeskus Oy", R.COORDINATES, "Retkeilyreittien kunnostus"),
            ("Lieksa", R.PARTICIPATES_IN, "Retkeilyreittien kunnostus"),
        ]),
        document("bioenergia.txt", [
            "Bioenergiaa kyliin edistää bioenergian ja uusiutuvan energian käyttöä vuosina 2020–2022.",
            "Hanketta Bioenergiaa kyliin koordinoi Joensuun Energiaosuuskunta.",
            "Bioenergiaa kyliin toteutetaan kunnassa Lieksa.",
        ], [
            (K.PROJECT, "Bioenergiaa kyliin", {"years": [2020, 2021, 2022]}),
            (K.ORGANISATION, "Joensuun Energiaosuuskunta"), (K.MUNICIPALITY, "Lieksa"),
        ], [
            ("Joensuun Energiaosuuskunta", R.COORDINATES, "Bioenergiaa kyliin"),
            ("Lieksa", R.PARTICIPATES_IN, "Bioenergiaa kyliin"),
        ]),
    ]


def build(store) -> None:
    for extraction in extractions():
        store.ingest(extraction)
