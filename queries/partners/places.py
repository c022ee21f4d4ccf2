"""Places: regions and municipalities, how they nest, and how to find them in text.

Places come from the graph (Region and Municipality nodes, PART_OF edges) and
from the gazetteer shipped with the ingest stage (all municipalities with their
maakunta and seutukunta, the regions with their aliases, the regional councils).
A gazetteer place that the graph also holds takes the graph's id, so a place
found in an idea and a place linked to a project meet.

Names are matched by lemmas, so inflected forms work:

>>> places = Places.from_gazetteer()
>>> [places.get(p).name for p in places.find_in("Kylämatkailun kehittäminen Pohjois-Savossa")]
['Pohjois-Savo']
>>> places.get(places.resolve("Kuopiossa")).name
'Kuopio'
>>> sorted(places.get(p).name for p in places.ancestors(places.resolve("Kuopio")))
['Kuopion seutukunta', 'Pohjois-Savo']
>>> places.phrase(places.resolve("Pohjois-Karjala"), "fi")
'Pohjois-Karjalassa'
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from alueverkko.graph.model import NodeKind, node_id, slugify
from alueverkko.queries.partners.text import Word, words

#: The inessive ("in X") of the maakunnat, for reasons written in Finnish.
INESSIVE = {
    "Uusimaa": "Uudellamaalla", "Varsinais-Suomi": "Varsinais-Suomessa", "Satakunta": "Satakunnassa",
    "Kanta-Häme": "Kanta-Hämeessä", "Pirkanmaa": "Pirkanmaalla", "Päijät-Häme": "Päijät-Hämeessä",
    "Kymenlaakso": "Kymenlaaksossa", "Etelä-Karjala": "Etelä-Karjalassa", "Etelä-Savo": "Etelä-Savossa",
    "Pohjois-Savo": "Pohjois-Savossa", "Pohjois-Karjala": "Pohjois-Karjalassa", "Keski-Suomi": "Keski-Suomessa",
    "Etelä-Pohjanmaa": "Etelä-Pohjanmaalla", "Pohjanmaa": "Pohjanmaalla", "Keski-Pohjanmaa": "Keski-Pohjanmaalla",
    "Pohjois-Pohjanmaa": "Pohjois-Pohjanmaalla", "Kainuu": "Kainuussa", "Lappi": "Lapissa",
    "Ahvenanmaa": "Ahvenanmaalla",
}

#: How much an activity in a wider or narrower place counts for a target place.
PARENT_WEIGHT = 0.6


@dataclass(slots=True)
class Place:
    id: str
    kind: str  # Region or Municipality
    name: str
    names: set[str] = field(default_factory=set)
    parents: set[str] = field(default_factory=set)


@dataclass(slots=True)
class Places:
    """Every known place, by id, with a lemma index of their names."""

    places: dict[str, Place] = field(default_factory=dict)
    #: first lemma of a name -> [(lemmas of the whole name, place id)], longest names first
    index: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)
    #: organisation name key -> region id (the regional councils)
    councils: dict[str, str] = field(default_factory=dict)
    _alias: dict[str, str] = field(default_factory=dict)

    # -- building ------------------------------------------------------------
    @classmethod
    def from_gazetteer(cls) -> Places:
        places = cls()
        for row in _rows("regions.csv"):
            places.add(NodeKind.REGION, row["name"], _split(row.get("aliases", "")))
        for row in _rows("municipalities.csv"):
            pid = places.add(NodeKind.MUNICIPALITY, row["name"], [row.get("name_sv", "")])
            for parent in (row.get("subregion", ""), row.get("region", "")):
                if parent:
                    places.places[pid].parents.add(node_id(NodeKind.REGION, parent))
        for row in _rows("regional_councils.csv"):
            region = node_id(NodeKind.REGION, row["region"])
            for name in [row["name"], *_split(row.get("aliases", ""))]:
                places.councils[name_key(name)] = region
        places._seutukunta_parents()
        places.reindex()
        return places

    def add(self, kind: NodeKind | str, name: str, aliases: Iterable[str] = (), pid: str | None = None) -> str:
        """Add a place, or more names to a known one; a graph id replaces a gazetteer id."""
        names = [n for n in [name, *aliases] if n and n.strip()]
        kind = NodeKind(kind).value
        known = next((found for found in (self.canonical(self._find_exact(n, kind)) for n in names) if found), None)
        pid = pid or known or node_id(kind, name)
        if known and known != pid:
            self._merge(known, pid)
        place = self.places.setdefault(pid, Place(pid, kind, name))
        place.names.update(names)
        return pid

    def link(self, child: str, parent: str) -> None:
        child, parent = self.canonical(child), self.canonical(parent)
        if child in self.places and parent in self.places and child != parent:
            self.places[child].parents.add(parent)

    def reindex(self) -> None:
        self.index = {}
        for place in self.places.values():
            for name in place.names:
                key = lemma_key(name)
                if key:
                    self.index.setdefault(key[0], []).append((key, place.id))
        for entries in self.index.values():
            entries.sort(key=lambda e: -len(e[0]))

    # -- reading -------------------------------------------------------------
    def canonical(self, pid: str | None) -> str | None:
        while pid in self._alias:
            pid = self._alias[pid]
        return pid

    def get(self, pid: str) -> Place:
        return self.places[self.canonical(pid)]

    def ancestors(self, pid: str) -> set[str]:
        """Every wider place the place lies in (transitively)."""
        seen: set[str] = set()
        todo = [self.canonical(pid)]
        while todo:
            place = self.places.get(todo.pop())
            for parent in place.parents if place else ():
                parent = self.canonical(parent)
                if parent not in seen and parent != pid:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    def closure(self, pids: Iterable[str]) -> set[str]:
        """The places and every place they lie in."""
        out: set[str] = set()
        for pid in pids:
            pid = self.canonical(pid)
            if pid in self.places:
                out.add(pid)
                out |= self.ancestors(pid)
        return out

    def targets(self, pids: Iterable[str]) -> dict[str, float]:
        """Weights of the places an activity may lie in to count as being in ``pids``."""
        weights: dict[str, float] = {}
        for pid in pids:
            pid = self.canonical(pid)
            weights[pid] = 1.0
            for parent in self.ancestors(pid):
                weights[parent] = max(weights.get(parent, 0.0), PARENT_WEIGHT)
        return weights

    def find_in(self, text: str | list[Word], *, capitalised: bool = True) -> list[str]:
        """Places named in a text (longest names first), in order of appearance."""
        return [pid for pid, _, _ in self.matches(text, capitalised=capitalised)]

    def matches(self, text: str | list[Word], *, capitalised: bool = True) -> list[tuple[str, int, int]]:
        """(place id, first word index, end word index) of each place named in the text."""
        ws = words(text) if isinstance(text, str) else text
        found: list[tuple[str, int, int]] = []
        i = 0
        while i < len(ws):
            hit = self._match_at(ws, i, capitalised)
            if hit:
                found.append((hit[0], i, i + hit[1]))
                i += hit[1]
            else:
                i += 1
        return list({pid: (pid, a, b) for pid, a, b in reversed(found)}.values())[::-1]

    def resolve(self, text: str) -> str | None:
        """The place a user wrote (an id, a name, an inflected name), or None."""
        text = text.strip()
        if not text:
            return None
        if self.canonical(text) in self.places:
            return self.canonical(text)
        for kind in (NodeKind.REGION, NodeKind.MUNICIPALITY):
            if self.canonical(node_id(kind, text)) in self.places:
                return self.canonical(node_id(kind, text))
        found = self.find_in(text, capitalised=False)
        return found[0] if found else None

    def phrase(self, pid: str, lang: str) -> str:
        """'in X' in the language asked: an inessive for the maakunnat in Finnish."""
        name = self.get(pid).name
        if lang == "en":
            return f"in {name}"
        return INESSIVE.get(name, f"alueella {name}")

    def council_region(self, name: str) -> str | None:
        region = self.councils.get(name_key(name))
        return self.canonical(region) if region and self.canonical(region) in self.places else None

    # -- internals -----------------------------------------------------------
    def _match_at(self, ws: list[Word], i: int, capitalised: bool) -> tuple[str, int] | None:
        if capitalised and not ws[i].surface[:1].isupper():
            return None
        for term in ws[i].terms or (ws[i].surface.lower(),):
            for key, pid in self.index.get(term, ()):
                if i + len(key) <= len(ws) and all(k in _word_keys(ws[i + j]) for j, k in enumerate(key)):
                    return self.canonical(pid), len(key)
        return None

    def _find_exact(self, name: str, kind: str) -> str | None:
        key = lemma_key(name)
        for other_key, pid in self.index.get(key[0], ()) if key else ():
            pid = self.canonical(pid)
            if other_key == key and self.places[pid].kind == kind:
                return pid
        for place in self.places.values():  # not yet indexed
            if name in place.names and place.kind == kind:
                return place.id
        return None

    def _merge(self, old: str, new: str) -> None:
        place = self.places.pop(old)
        target = self.places.setdefault(new, Place(new, place.kind, place.name))
        target.names |= place.names
        target.parents |= place.parents
        self._alias[old] = new

    def _seutukunta_parents(self) -> None:
        # A seutukunta lies in the maakunta of its municipalities.
        for place in list(self.places.values()):
            if place.kind != NodeKind.MUNICIPALITY.value:
                continue
            parents = [self.canonical(p) for p in place.parents]
            maakunnat = [p for p in parents if p in self.places and self.places[p].name in INESSIVE]
            for p in parents:
                if p in self.places and p not in maakunnat:
                    self.places[p].parents.update(maakunnat)


def lemma_key(name: str) -> tuple[str, ...]:
    """The lemmas of a name, one per word (stop words left out).

    >>> lemma_key("Kuopion seutu")
    ('kuopio', 'seutu')
    """
    return tuple(w.terms[0] if w.terms else w.surface.lower() for w in words(name) if w.terms or not w.known)


def name_key(name: str) -> str:
    """A name folded for exact comparison: case, accents and punctuation ignored.

    >>> name_key("Pohjois-Savon liitto") == name_key("pohjois savon LIITTO")
    True
    """
    return slugify(name)


def _word_keys(word: Word) -> tuple[str, ...]:
    return word.terms or (word.surface.lower(),)


def _split(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


@lru_cache(maxsize=None)
def _rows(filename: str) -> tuple[dict, ...]:
    try:
        text = resources.files("alueverkko.ingest.gazetteer").joinpath("data", filename).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return ()
    return tuple(csv.DictReader(text.splitlines()))
