"""A seeded generator of a national-scale regional-development graph.

The world is written straight into the canonical store as synthetic documents
("project cards" in the genre of Finnish project registers), so every fact has
real evidence: a span of a stored text. It has every node kind, heavy-tailed
degrees (a few hub organisations take part in very many projects), years,
budgets, themes and regions that correlate with who takes part, which the
partner-finder evaluation relies on.

Sizes (approximate node counts): S 1,000; M 50,000; L 500,000 with ~2 million edges.

    python -m bench.world --size S --data /tmp/world-s

>>> w = World(size="S", seed=1)
>>> cards = list(w.project_cards())
>>> sum(c.document.source_path.startswith("bench://hanke-") for c in cards) == w.counts["projects"]
True
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from alueverkko.graph.model import Document, Edge, Evidence, Extraction, Node, NodeKind, RelationType, content_hash

EXTRACTOR = ("bench.world", "1")

SIZES = {
    #        organisations, persons, projects, programmes, networks
    "S": dict(organisations=260, persons=180, projects=330, programmes=20, networks=8),
    "M": dict(organisations=14_000, persons=12_000, projects=22_000, programmes=600, networks=120),
    "L": dict(organisations=140_000, persons=120_000, projects=230_000, programmes=6_000, networks=1_000),
}

REGIONS = ["Uusimaa", "Varsinais-Suomi", "Satakunta", "Kanta-Häme", "Pirkanmaa", "Päijät-Häme", "Kymenlaakso",
           "Etelä-Karjala", "Etelä-Savo", "Pohjois-Savo", "Pohjois-Karjala", "Keski-Suomi", "Etelä-Pohjanmaa",
           "Pohjanmaa", "Keski-Pohjanmaa", "Pohjois-Pohjanmaa", "Kainuu", "Lappi", "Ahvenanmaa"]

THEMES = {
    "matkailu": "matkailun kehittäminen kylämatkailu luontomatkailu elämyspalvelut matkailuyritykset",
    "osaajat": "työperäinen maahanmuutto osaajapalvelut kansainväliset osaajat rekrytointi kotoutuminen",
    "energia": "uusiutuva energia bioenergia energiatehokkuus hiilineutraalius aurinkoenergia",
    "vesi": "vesiosaaminen vesihuolto vesistöt puhdas vesi kiertotalous",
    "terveys": "terveysteknologia hyvinvointi ikääntyneet palvelut digitaaliset terveyspalvelut",
    "ruoka": "elintarviketalous lähiruoka ruokaketju maatilat jalostus",
    "yrittäjyys": "yrittäjyys kasvuyritykset start up yritysneuvonta investoinnit",
    "logistiikka": "logistiikka liikenne saavutettavuus raideliikenne kuljetukset",
    "kulttuuri": "luovat alat kulttuuri tapahtumat taide elävöittäminen",
    "metsä": "metsäbiotalous puurakentaminen metsäteollisuus biotuotteet",
    "digi": "digitalisaatio datatalous tekoäly ohjelmistot verkkopalvelut",
    "koulutus": "koulutus osaaminen jatkuva oppiminen oppilaitokset työelämäyhteistyö",
}

ORG_FORMS = ["Oy", "ry", "Kehitys Oy", "kehittämisyhtiö", "osuuskunta", "säätiö", "kuntayhtymä", "Oyj"]
ORG_WORDS = ["Kasvu", "Elinvoima", "Osaaja", "Verkko", "Silta", "Tulevaisuus", "Yrittäjä", "Kehitys", "Innovaatio",
             "Metsä", "Vesi", "Energia", "Matka", "Ruoka", "Data", "Kylä", "Seutu", "Kumppani", "Taito", "Voima"]
FIRST = ["Aino", "Eero", "Helmi", "Juha", "Kaisa", "Lauri", "Minna", "Olli", "Paula", "Risto", "Sanna", "Timo",
         "Ulla", "Veikko", "Hanna", "Jari", "Katja", "Markku", "Niina", "Pekka", "Satu", "Tuomas", "Leena", "Antti"]
LAST = ["Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Hämäläinen", "Laine", "Heikkinen", "Koskinen", "Järvinen",
        "Lehtonen", "Saarinen", "Salminen", "Heinonen", "Kinnunen", "Turunen", "Salo", "Rantanen", "Karjalainen",
        "Lindholm", "Pitkänen", "Savolainen", "Hiltunen", "Miettinen", "Leinonen"]
TITLES = ["projektipäällikkö", "kehittämispäällikkö", "hankeasiantuntija", "elinkeinojohtaja", "seutukehittäjä"]
FUNDS = ["Maakunnan kehittämisraha", "Euroopan aluekehitysrahasto", "Euroopan sosiaalirahasto plus",
         "Oikeudenmukaisen siirtymän rahasto", "Maaseuturahasto", "Interreg"]


@dataclass
class Actor:
    name: str
    kind: NodeKind
    region: int
    themes: tuple[str, ...]
    attrs: dict = field(default_factory=dict)


class World:
    """The generated world; deterministic for a (size, seed) pair."""

    def __init__(self, size: str = "S", seed: int = 2026):
        if size not in SIZES:
            raise ValueError(f"size must be one of {', '.join(SIZES)}")
        self.size, self.counts, self.rng = size, dict(SIZES[size]), random.Random(seed)
        self.regions = [Actor(name, NodeKind.REGION, i, ()) for i, name in enumerate(REGIONS)]
        self.municipalities = self._municipalities()
        self.organisations = self._organisations()
        self.persons = self._persons()
        self.programmes = [Actor(f"{self.rng.choice(ORG_WORDS)}ohjelma {REGIONS[i % 19]} {i + 1}", NodeKind.PROGRAMME,
                                 i % 19, (self.rng.choice(list(THEMES)),)) for i in range(self.counts["programmes"])]
        self.networks = [Actor(f"{self.rng.choice(list(THEMES)).capitalize()}-verkosto {i + 1}", NodeKind.NETWORK,
                               i % 19, ()) for i in range(self.counts["networks"])]
        self.funds = [Actor(name, NodeKind.FUND, 0, ()) for name in FUNDS]
        # Preferential attachment: a Pareto weight per organisation gives hubs.
        weights = [self.rng.paretovariate(1.2) for _ in self.organisations]
        self._cumulative = list(itertools.accumulate(weights))
        self._by_theme_region: dict[tuple[str, int], list[int]] = {}
        for i, org in enumerate(self.organisations):
            for theme in org.themes:
                self._by_theme_region.setdefault((theme, org.region), []).append(i)

    def _municipalities(self) -> list[Actor]:
        count = {"S": 60, "M": 309, "L": 309}[self.size]
        return [Actor(f"Kunta {REGIONS[i % 19][:4]} {i + 1}", NodeKind.MUNICIPALITY, i % 19, ()) for i in range(count)]

    def _organisations(self) -> list[Actor]:
        themes = list(THEMES)
        orgs = []
        for i in range(self.counts["organisations"]):
            region = self.rng.randrange(19)
            name = f"{REGIONS[region].split('-')[0]} {self.rng.choice(ORG_WORDS)} {i + 1} {self.rng.choice(ORG_FORMS)}"
            orgs.append(Actor(name, NodeKind.ORGANISATION, region, tuple(self.rng.sample(themes, 2)),
                              {"business_id": f"{1000000 + i}-{i % 10}"}))
        return orgs

    def _persons(self) -> list[Actor]:
        persons = []
        for i in range(self.counts["persons"]):
            name = f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)} {i + 1}"
            org = self.rng.randrange(len(self.organisations))
            persons.append(Actor(name, NodeKind.PERSON, self.organisations[org].region, (),
                                 {"employer": org, "role": self.rng.choice(TITLES),
                                  "email": f"henkilo{i + 1}@example.fi"}))
        return persons

    # -- choosing participants ---------------------------------------------
    def _hub(self) -> int:
        return bisect.bisect(self._cumulative, self.rng.random() * self._cumulative[-1])

    def _participants(self, theme: str, region: int, k: int) -> list[int]:
        local = self._by_theme_region.get((theme, region), [])
        chosen: list[int] = []
        while len(chosen) < k:
            roll = self.rng.random()
            if local and roll < 0.55:
                pick = self.rng.choice(local)
            else:
                pick = self._hub()
            if pick not in chosen:
                chosen.append(pick)
        return chosen

    # -- documents -------------------------------------------------------------
    def project_cards(self) -> Iterator[Extraction]:
        for i in range(self.counts["projects"]):
            yield self._project_card(i)
        yield from self._staff_cards()
        yield from self._membership_cards()

    def _project_card(self, i: int) -> Extraction:
        rng = self.rng
        theme = rng.choice(list(THEMES))
        programme = rng.choice(self.programmes)
        region = programme.region if rng.random() < 0.7 else rng.randrange(19)
        start = rng.randint(2008, 2025)
        end = start + rng.randint(1, 4)
        budget = rng.randint(20, 2500) * 1000
        k = min(len(self.organisations), 1 + int(rng.paretovariate(1.6)))
        orgs = self._participants(theme, region, k + 1)
        coordinator, partners = orgs[0], orgs[1:]
        fund = rng.choice(self.funds)
        contact = rng.randrange(len(self.persons))
        municipality = rng.choice([m for m in self.municipalities if m.region == region] or self.municipalities)
        name = f"{theme.capitalize()} {rng.choice(ORG_WORDS)} {i + 1}"
        card = _Card(f"hanke-{i + 1}")
        project = card.mention(Actor(name, NodeKind.PROJECT, region, (theme,),
                                     {"start": f"{start}-01-01", "end": f"{end}-12-31",
                                      "years": list(range(start, end + 1)), "budget_eur": budget}),
                               f"Hankkeen nimi: {name}")
        card.line(f"Toteutusaika: 1.1.{start}–31.12.{end}\nBudjetti: {budget:,} €\n".replace(",", " "))
        card.line(f"Kuvaus: Hankkeessa edistetään teemaa {THEMES[theme]} alueella {REGIONS[region]}.\n")
        coord = card.mention(self.organisations[coordinator], "Tekijät: {}")
        card.relate(coord, RelationType.COORDINATES, project)
        funder = card.mention(fund, "Rahoittajat: {}")
        card.relate(funder, RelationType.FUNDS, project)
        prog = card.mention(programme, "Ohjelma: {}")
        card.relate(project, RelationType.PART_OF, prog)
        reg = card.mention(self.regions[region], "Alue: {}")
        muni = card.mention(municipality, "Kunta: {}")
        card.relate(muni, RelationType.PARTICIPATES_IN, project)
        card.relate(muni, RelationType.PART_OF, reg)
        for p in partners:
            node = card.mention(self.organisations[p], "Osatoteuttaja: {}")
            card.relate(node, RelationType.PARTICIPATES_IN, project)
        person = self.persons[contact]
        who = card.mention(person, "Yhteyshenkilö: {}")
        card.relate(who, RelationType.CONTACT_FOR, project)
        return card.extraction()

    def _staff_cards(self) -> Iterator[Extraction]:
        for i in range(0, len(self.persons), 50):
            card = _Card(f"henkilosto-{i}")
            for person in self.persons[i:i + 50]:
                who = card.mention(person, "Henkilö: {}")
                org = card.mention(self.organisations[person.attrs["employer"]], "Organisaatio: {}")
                card.relate(who, RelationType.WORKS_FOR, org)
            yield card.extraction()

    def _membership_cards(self) -> Iterator[Extraction]:
        rng = self.rng
        for n, network in enumerate(self.networks):
            card = _Card(f"verkosto-{n}")
            net = card.mention(network, "Verkosto: {}")
            members = {self._hub() for _ in range(5 + int(rng.paretovariate(1.3)))}
            for m in sorted(members):
                node = card.mention(self.organisations[m], "Jäsen: {}")
                card.relate(node, RelationType.PARTICIPATES_IN, net)
            pairs = sorted(members)[:6]
            for a, b in zip(pairs, pairs[1:]):
                card.relate(card.nodes[self.organisations[a].name], RelationType.COLLABORATES_WITH,
                            card.nodes[self.organisations[b].name])
            yield card.extraction()


class _Card:
    """Builds one synthetic document line by line, recording each mention's span."""

    def __init__(self, slug: str):
        self.slug, self.text = slug, ""
        self.nodes: dict[str, Node] = {}
        self.spans: dict[str, tuple[int, int]] = {}
        self.edges: list[tuple[Node, RelationType, Node, tuple[int, int]]] = []

    def line(self, text: str) -> None:
        self.text += text

    def mention(self, actor: Actor, template: str) -> Node:
        line = template.format(actor.name) if "{}" in template else template
        start = len(self.text) + line.index(actor.name)
        self.text += line + "\n"
        span = (start, start + len(actor.name))
        node = self.nodes.get(actor.name)
        if node is None:
            attrs = {k: v for k, v in actor.attrs.items() if k != "employer"}
            node = Node(actor.kind, actor.name, [actor.name], attrs)
            self.nodes[actor.name] = node
            self.spans[actor.name] = span
        return node

    def relate(self, a: Node, rel: RelationType, b: Node) -> None:
        start = min(self.spans[a.name][0], self.spans[b.name][0])
        end = max(self.spans[a.name][1], self.spans[b.name][1])
        self.edges.append((a, rel, b, (start, end)))

    def extraction(self) -> Extraction:
        doc_id = content_hash(self.text.encode())
        doc = Document(doc_id, self.slug, f"bench://{self.slug}", self.text, "txt")
        for name, node in self.nodes.items():
            start, end = self.spans[name]
            node.evidence = [Evidence(doc_id, start, end, name, *EXTRACTOR)]
        edges = []
        for a, rel, b, (start, end) in self.edges:
            ev = Evidence(doc_id, start, end, self.text[start:end], *EXTRACTOR, confidence=0.9)
            edges.append(Edge(a.id, rel, b.id, {}, [ev]))
        return Extraction(doc, list(self.nodes.values()), edges)


def generate(store, size: str = "S", seed: int = 2026, batch: int = 2000) -> dict:
    """Write the world of ``size`` into ``store`` in batches; returns its counts."""
    world = World(size, seed)
    written = 0
    for chunk in _batched(world.project_cards(), batch):
        written += store.ingest_many(chunk)
    return {"documents": written, **store.stats()}


def _batched(items, size):
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=list(SIZES), default="S")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--data", required=True, help="data folder to write the store into")
    args = parser.parse_args()
    from pathlib import Path

    from alueverkko.settings import Settings
    from alueverkko.graph.store import Store
    store = Store.open(Settings(data_dir=Path(args.data)).store_path)
    print(generate(store, args.size, args.seed))


if __name__ == "__main__":
    main()
