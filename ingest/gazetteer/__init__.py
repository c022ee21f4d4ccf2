"""Gazetteers: general knowledge of Finnish municipalities, regions and national bodies.

The CSV files in ``data/`` (see ``data/README.md``) are read once, lazily. A
file that does not exist yet is skipped, so the pipeline runs with whatever
reference data is present.

Each row becomes an :class:`Entry` with the surface :class:`Form` s it may be
written as. How a form names its entity follows the gold guidelines:

- an acronym names the full entity (UEF -> Itä-Suomen yliopisto), except that a
  programme whose word-like acronym is its everyday name ("KOKO-ohjelma") is
  named by the acronym;
- a one-word short name of an organisation is a name in its own right and is
  kept as written ("Savonia"); the full register name is kept as an attribute;
- a one-word alias written in lower case is a common noun, not a name, and is
  never matched ("kasvusopimukset");
- a seutukunta is named by its everyday short name ("Kuopion seutu", "Sisä-Savo").

>>> g = load_gazetteer()
>>> g.entry("Municipality", "Kouvola").attrs["type"]
'kaupunki'
>>> g.entry("Organisation", "Itä-Suomen yliopisto").name
'Itä-Suomen yliopisto'
"""

from __future__ import annotations

import csv
import threading
from dataclasses import dataclass, field
from importlib import resources

from alueverkko.graph.model import NodeKind
from alueverkko.ingest.tokens import normalise_key, pieces, tokenize

DATA_PACKAGE = "alueverkko.ingest.gazetteer"

#: file -> (kind of its rows, or None when a "kind" column says, extractor suffix)
SOURCES = {
    "municipalities.csv": (NodeKind.MUNICIPALITY, "municipality"),
    "regions.csv": (NodeKind.REGION, "region"),
    "regional_councils.csv": (NodeKind.ORGANISATION, "regional_council"),
    "national_bodies.csv": (None, "national_body"),
    "universities.csv": (NodeKind.ORGANISATION, "university"),
    "funds.csv": (NodeKind.FUND, "fund"),
    "national_programmes.csv": (None, "national_programme"),
}


@dataclass(frozen=True, slots=True)
class Form:
    """One way an entry is written, and the canonical name that form stands for."""

    text: str
    name: str
    acronym: bool = False
    keys: tuple[str, ...] = ()


@dataclass(slots=True)
class Entry:
    kind: NodeKind
    name: str
    source: str
    forms: list[Form] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Gazetteer:
    entries: list[Entry] = field(default_factory=list)
    suffixes: dict[str, NodeKind] = field(default_factory=dict)
    #: first piece key -> (form keys, entry, form), longest forms first
    index: dict[str, list[tuple[tuple[str, ...], Entry, Form]]] = field(default_factory=dict)
    _by_name: dict[tuple[str, str], Entry] = field(default_factory=dict)

    def entry(self, kind: str, name: str) -> Entry | None:
        """The entry of a kind whose canonical name or any form has this normalised key."""
        return self._by_name.get((NodeKind(kind).value, normalise_key(name)))

    def lookup(self, name: str) -> list[Entry]:
        """Entries of any kind known by this name or form."""
        key = normalise_key(name)
        return [e for (k, n), e in self._by_name.items() if n == key]

    def add(self, entry: Entry) -> None:
        self.entries.append(entry)
        for form in entry.forms:
            self._by_name.setdefault((entry.kind.value, normalise_key(form.text)), entry)
            if form.keys:
                self.index.setdefault(form.keys[0], []).append((form.keys, entry, form))
        self._by_name.setdefault((entry.kind.value, normalise_key(entry.name)), entry)

    def finish(self) -> None:
        for candidates in self.index.values():
            candidates.sort(key=lambda c: -len(c[0]))


_cache: Gazetteer | None = None
_lock = threading.Lock()


def load_gazetteer() -> Gazetteer:
    """The gazetteer built from every CSV present in ``data/``, loaded once."""
    global _cache
    if _cache is None:
        with _lock:
            if _cache is None:
                _cache = build_gazetteer(_read_all())
    return _cache


def _read_all() -> dict[str, list[dict[str, str]]]:
    folder = resources.files(DATA_PACKAGE).joinpath("data")
    tables = {}
    for name in [*SOURCES, "org_suffixes.csv"]:
        path = folder.joinpath(name)
        if path.is_file():
            with path.open(encoding="utf-8", newline="") as handle:
                tables[name] = [{k.strip(): (v or "").strip() for k, v in row.items() if k}
                                for row in csv.DictReader(handle)]
    return tables


def build_gazetteer(tables: dict[str, list[dict[str, str]]]) -> Gazetteer:
    """A gazetteer from parsed CSV rows (file name -> rows); used by tests with small tables.

    >>> g = build_gazetteer({"universities.csv": [{"name": "Itä-Suomen yliopisto", "acronyms": "UEF"}]})
    >>> [(f.text, f.name, f.acronym) for f in g.entries[0].forms]
    [('Itä-Suomen yliopisto', 'Itä-Suomen yliopisto', False), ('UEF', 'Itä-Suomen yliopisto', True)]
    """
    gazetteer = Gazetteer()
    for file_name, (kind, source) in SOURCES.items():
        for row in tables.get(file_name, []):
            entry = _entry(row, kind, source)
            if entry is not None:
                gazetteer.add(entry)
    for row in tables.get("org_suffixes.csv", []):
        try:
            gazetteer.suffixes[row["suffix"]] = NodeKind(row.get("kind") or "Organisation")
        except (KeyError, ValueError):
            continue
    gazetteer.finish()
    return gazetteer


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _entry(row: dict[str, str], kind: NodeKind | None, source: str) -> Entry | None:
    name = row.get("name", "")
    if not name:
        return None
    try:
        kind = kind or NodeKind(row.get("kind") or "Organisation")
    except ValueError:
        kind = NodeKind.ORGANISATION
    acronyms = _split(row.get("acronyms")) + _split(row.get("acronym"))
    aliases = _split(row.get("aliases")) + _split(row.get("name_sv"))
    canonical = _canonical_name(kind, name, row, acronyms, aliases)
    attrs = {k: row[k] for k in ("type", "region", "subregion", "kind") if row.get(k)}
    if canonical != name:
        attrs["register_name"] = name
    entry = Entry(kind, canonical, source, attrs=attrs)
    entry.forms.append(_form(name, canonical))
    for acronym in acronyms:
        entry.forms.append(_form(acronym, canonical, acronym=True))
    for alias in aliases:
        if alias[:1].islower() and " " not in alias:
            continue  # a lower-case one-word alias is a common noun
        entry.forms.append(_form(alias, _alias_name(kind, alias, canonical, source)))
    return entry


def _canonical_name(kind: NodeKind, name: str, row: dict[str, str], acronyms: list[str],
                    aliases: list[str]) -> str:
    if row.get("type") == "seutukunta":
        short = [a for a in aliases if not a.endswith("seutukunta") and not a[:1].islower()]
        return short[0] if short else name
    if kind == NodeKind.PROGRAMME and acronyms:
        word_like = [a for a in acronyms if len(a) >= 4 and a.isalpha() and f"{a}-ohjelma" in aliases]
        if word_like:
            return word_like[0]
    return name


def _alias_name(kind: NodeKind, alias: str, canonical: str, source: str) -> str:
    if kind == NodeKind.ORGANISATION and " " not in alias and "-" not in alias:
        return alias  # a one-word short name ("Savonia") is kept as written
    return canonical


def _form(text: str, name: str, acronym: bool = False) -> Form:
    return Form(text, name, acronym, form_keys(text))


def form_keys(text: str) -> tuple[str, ...]:
    """The piece keys a written form is matched by ("Pohjois-Savon liitto" -> pohjois, savon, liitto)."""
    out = []
    tokens = tokenize(text)
    for i, token in enumerate(tokens):
        if token.is_word:
            out.extend(p.text.casefold() for p in pieces(token))
            if i + 1 < len(tokens) and tokens[i + 1].text == "+" and tokens[i + 1].start == token.end:
                out[-1] += "+"  # "ESR+" is not "ESR"
    return tuple(out)
