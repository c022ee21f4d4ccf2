"""A small hand-made Finnish world for the RDF and SPARQL tests, with known right answers.

Four invented documents: two projects of the Vaarojen elinvoimaohjelma in
Pohjois-Karjala, a tourism network, and one project in Kymenlaakso that must
never show up in the Pohjois-Karjala answers.
"""

from __future__ import annotations

from alueverkko.graph.model import NodeKind as K
from alueverkko.graph.model import RelationType as R
from conftest import extraction

PKKK = "organisation:pielisen-karjalan-kehittamiskeskus-oy"
KARELIA = "organisation:karelia-ammattikorkeakoulu"
ELY = "organisation:pohjois-karjalan-ely-keskus"
KOLI = "organisation:kolin-luontomatkailu-ry"
TEM = "organisation:tyo-ja-elinkeinoministerio"
LIEKSA = "municipality:lieksa"
KOUVOLA = "municipality:kouvola"
ERDF = "fund:euroopan-aluekehitysrahasto"
PROGRAMME = "programme:vaarojen-elinvoimaohjelma"
REITIT = "project:vaarojen-matkailureitit"
POLKU = "project:metsaosaajien-polku"
LOGISTIIKKA = "project:logistiikan-kasvupolku"
NETWORK = "network:vaara-suomen-matkailuverkosto"
PK = "region:pohjois-karjala"
KYMENLAAKSO = "region:kymenlaakso"
AINO = "person:aino-virtanen"

REITIT_TEXT = ("Pielisen Karjalan Kehittämiskeskus Oy koordinoi Vaarojen matkailureitit -hanketta vuosina 2021–2023. "
               "Osatoteuttajina ovat Lieksan kaupunki ja Karelia-ammattikorkeakoulu. Hanketta rahoittaa Euroopan "
               "aluekehitysrahasto Vaarojen elinvoimaohjelman kautta. Lieksa kuuluu Pohjois-Karjalan maakuntaan.")
POLKU_TEXT = ("Karelia-ammattikorkeakoulu koordinoi Metsäosaajien polku -hanketta 2022–2024. Mukana ovat Lieksan "
              "kaupunki ja Pohjois-Karjalan ELY-keskus, joka myös rahoittaa hanketta. Hanke kuuluu Vaarojen "
              "elinvoimaohjelmaan. Yhteyshenkilö on Aino Virtanen.")
NETWORK_TEXT = ("Vaara-Suomen matkailuverkostoon kuuluvat Pielisen Karjalan Kehittämiskeskus Oy, "
                "Karelia-ammattikorkeakoulu ja Kolin Luontomatkailu ry. Pielisen Karjalan Kehittämiskeskus Oy ja "
                "Kolin Luontomatkailu ry tekevät yhteistyötä.")
KOUVOLA_TEXT = ("Kouvolan kaupunki koordinoi Logistiikan kasvupolku -hanketta vuonna 2021. Kouvola kuuluu "
                "Kymenlaakson maakuntaan. Hanketta rahoittaa Työ- ja elinkeinoministeriö.")


def reitit(text: str = REITIT_TEXT, budget: int = 450_000):
    return extraction(text, "hankkeet/vaarojen_matkailureitit.txt", [
        (K.ORGANISATION, "Pielisen Karjalan Kehittämiskeskus Oy"), (K.PROJECT, "Vaarojen matkailureitit"),
        (K.MUNICIPALITY, "Lieksa"), (K.ORGANISATION, "Karelia-ammattikorkeakoulu"),
        (K.FUND, "Euroopan aluekehitysrahasto"), (K.PROGRAMME, "Vaarojen elinvoimaohjelma"),
        (K.REGION, "Pohjois-Karjala")],
        [(0, R.COORDINATES, 1), (2, R.PARTICIPATES_IN, 1), (3, R.PARTICIPATES_IN, 1), (4, R.FUNDS, 1),
         (4, R.FUNDS, 5), (1, R.PART_OF, 5), (2, R.PART_OF, 6)],
        attrs={1: {"start": "2021-01-01", "end": "2023-12-31", "budget_eur": budget}})


def polku():
    return extraction(POLKU_TEXT, "hankkeet/metsaosaajien_polku.txt", [
        (K.ORGANISATION, "Karelia-ammattikorkeakoulu"), (K.PROJECT, "Metsäosaajien polku"),
        (K.MUNICIPALITY, "Lieksa"), (K.ORGANISATION, "Pohjois-Karjalan ELY-keskus"),
        (K.PROGRAMME, "Vaarojen elinvoimaohjelma"), (K.PERSON, "Aino Virtanen")],
        [(0, R.COORDINATES, 1), (2, R.PARTICIPATES_IN, 1), (3, R.PARTICIPATES_IN, 1), (3, R.FUNDS, 1),
         (1, R.PART_OF, 4), (5, R.CONTACT_FOR, 1), (5, R.WORKS_FOR, 0)],
        attrs={1: {"start": "2022-03-01", "end": "2024-06-30", "budget_eur": 300_000},
               5: {"email": "aino.virtanen@example.fi", "role": "projektipäällikkö"}})


def network():
    return extraction(NETWORK_TEXT, "verkostot/vaara-suomi.txt", [
        (K.NETWORK, "Vaara-Suomen matkailuverkosto"), (K.ORGANISATION, "Pielisen Karjalan Kehittämiskeskus Oy"),
        (K.ORGANISATION, "Karelia-ammattikorkeakoulu"), (K.ORGANISATION, "Kolin Luontomatkailu ry")],
        [(1, R.PARTICIPATES_IN, 0), (2, R.PARTICIPATES_IN, 0), (3, R.PART_OF, 0), (1, R.COLLABORATES_WITH, 3)])


def kouvola():
    return extraction(KOUVOLA_TEXT, "hankkeet/logistiikan_kasvupolku.txt", [
        (K.MUNICIPALITY, "Kouvola"), (K.PROJECT, "Logistiikan kasvupolku"), (K.REGION, "Kymenlaakso"),
        (K.ORGANISATION, "Työ- ja elinkeinoministeriö")],
        [(0, R.COORDINATES, 1), (0, R.PART_OF, 2), (3, R.FUNDS, 1)],
        attrs={1: {"start": "2021", "end": "2021", "years": [2021], "budget_eur": 80_000}})


def fill(store) -> None:
    for item in (reitit(), polku(), network(), kouvola()):
        store.ingest(item)
