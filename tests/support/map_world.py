"""A small hand-made world for the collaboration-map tests (written for these tests; no third-party text).

Two dated projects in one programme, a region with two municipalities, an
organisation inside a municipality, a person, a fund; and a document whose
names and quotes are markup and script (``<img src=x onerror=alert(1)>``,
``</script><script>alert(1)</script>``) that every map must show as text.

    fill_map_world(store)      # ingests the documents through Store.ingest
"""

from __future__ import annotations

from conftest import extraction

from alueverkko.graph.model import NodeKind as K, RelationType as R, node_id

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(1)</script>"
SVG = "\"><svg onload=alert(1)>"
JS_ALIAS = "';alert(1);//\u2028"

VESI = (
    "Vesiviisas Kainuu -hanke toimii vuosina 2020–2022. Hanketta koordinoi Kainuun Vesi Oy, ja mukana ovat "
    "Kajaanin yliopistokeskus sekä Paltamo. Rahoittajana on Euroopan aluekehitysrahasto. Hanke kuuluu "
    "Kainuun ohjelmaan (Kainuun ohjelma). Yhteyshenkilö on Aino Korhonen. Paltamo kuuluu maakuntaan Kainuu."
)
METSA = (
    "Metsäpolku-hanke toteutettiin vuosina 2015–2016. Metsäpolku kuului ohjelmaan Kainuun ohjelma. "
    "Koordinaattorina toimi Kajaanin yliopistokeskus, osatoteuttajana Sotkamon Metsä ry. "
    "Sotkamo osallistui hankkeeseen; Sotkamo kuuluu maakuntaan Kainuu ja Sotkamon Metsä ry toimii Sotkamossa."
)
XSS = (
    f"Hankkeen nimi: {SCRIPT}\nTekijät: {IMG}\nYhteyshenkilö: {SVG}\n"
    f"Hanke tekee yhteistyötä Kainuun Vesi Oy:n kanssa vuonna 2021."
)

IDS = {
    "vesi": node_id(K.PROJECT, "Vesiviisas Kainuu"), "metsa": node_id(K.PROJECT, "Metsäpolku"),
    "vesi_oy": node_id(K.ORGANISATION, "Kainuun Vesi Oy"), "yliopisto": node_id(K.ORGANISATION, "Kajaanin yliopistokeskus"),
    "metsa_ry": node_id(K.ORGANISATION, "Sotkamon Metsä ry"), "paltamo": node_id(K.MUNICIPALITY, "Paltamo"),
    "sotkamo": node_id(K.MUNICIPALITY, "Sotkamo"), "kainuu": node_id(K.REGION, "Kainuu"),
    "ohjelma": node_id(K.PROGRAMME, "Kainuun ohjelma"), "eakr": node_id(K.FUND, "Euroopan aluekehitysrahasto"),
    "aino": node_id(K.PERSON, "Aino Korhonen"), "img": node_id(K.ORGANISATION, IMG),
    "script": node_id(K.PROJECT, SCRIPT), "svg": node_id(K.PERSON, SVG),
}


def documents():
    vesi = extraction(VESI, "map-world/vesiviisas.txt",
                      [(K.PROJECT, "Vesiviisas Kainuu"), (K.ORGANISATION, "Kainuun Vesi Oy"),
                       (K.ORGANISATION, "Kajaanin yliopistokeskus"), (K.MUNICIPALITY, "Paltamo"),
                       (K.FUND, "Euroopan aluekehitysrahasto"), (K.PROGRAMME, "Kainuun ohjelma"),
                       (K.PERSON, "Aino Korhonen"), (K.REGION, "Kainuu")],
                      [(1, R.COORDINATES, 0), (2, R.PARTICIPATES_IN, 0), (3, R.PARTICIPATES_IN, 0), (4, R.FUNDS, 0),
                       (0, R.PART_OF, 5), (6, R.CONTACT_FOR, 0), (3, R.PART_OF, 7), (6, R.WORKS_FOR, 1)],
                      attrs={0: {"years": [2020, 2021, 2022], "start": "2020-01-01", "end": "2022-12-31",
                                 "budget_eur": 450_000}})
    metsa = extraction(METSA, "map-world/metsapolku.txt",
                       [(K.PROJECT, "Metsäpolku"), (K.PROGRAMME, "Kainuun ohjelma"),
                        (K.ORGANISATION, "Kajaanin yliopistokeskus"), (K.ORGANISATION, "Sotkamon Metsä ry"),
                        (K.MUNICIPALITY, "Sotkamo"), (K.REGION, "Kainuu")],
                       [(0, R.PART_OF, 1), (2, R.COORDINATES, 0), (3, R.PARTICIPATES_IN, 0), (4, R.PARTICIPATES_IN, 0),
                        (4, R.PART_OF, 5), (3, R.PART_OF, 4)],
                       attrs={0: {"years": [2015, 2016], "budget_eur": 120_000}})
    xss = extraction(XSS, "map-world/<b>merkinnät</b>.txt",
                     [(K.PROJECT, SCRIPT), (K.ORGANISATION, IMG), (K.PERSON, SVG), (K.ORGANISATION, "Kainuun Vesi Oy")],
                     [(1, R.COORDINATES, 0), (2, R.CONTACT_FOR, 0), (1, R.COLLABORATES_WITH, 3)],
                     attrs={0: {"years": [2021]}})
    xss.document.title = f"Otsikko {SCRIPT}"
    xss.nodes[1].aliases.append(JS_ALIAS)
    return [vesi, metsa, xss]


def fill_map_world(store) -> None:
    for item in documents():
        store.ingest(item)
