"""What the partner index knows, read from the store: activities, actors, places.

An *activity* is a project, programme or network; an *actor* is an
organisation, a municipality or a person. An actor takes part in an activity
in a *role*: coordinator (COORDINATES), participant (PARTICIPATES_IN), funder
(FUNDS) or contact person (CONTACT_FOR). Every record is rebuilt from its node
and the edges touching it, so a changed node or edge is applied by reloading
the records of its ends (:meth:`Facts.reload`).

The text of an activity is its evidence: its name, and the union of the
document spans quoted as evidence for it and for its edges. When that says
little (fewer than :data:`THIN_WORDS` words besides names), the paragraphs
around the activity's mentions are read from its documents, up to a budget.

>>> parse_years({"years": [2019, 2020, 2021]})
(2019, 2021)
>>> parse_years({"start": "1.6.2024", "end": "31.5.2026"})
(2024, 2026)
>>> parse_years({}) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from alueverkko.errors import DocumentNotFound
from alueverkko.graph.model import Edge, Evidence, Node, NodeKind, RelationType

ACTIVITY_KINDS = {NodeKind.PROJECT.value, NodeKind.PROGRAMME.value, NodeKind.NETWORK.value}
ACTOR_KINDS = {NodeKind.ORGANISATION.value, NodeKind.MUNICIPALITY.value, NodeKind.PERSON.value}
PLACE_KINDS = {NodeKind.REGION.value, NodeKind.MUNICIPALITY.value}
ROLES = {RelationType.COORDINATES.value: "coordinator", RelationType.PARTICIPATES_IN.value: "participant",
         RelationType.FUNDS.value: "funder", RelationType.CONTACT_FOR.value: "contact"}
RELATION_OF_ROLE = {role: relation for relation, role in ROLES.items()}
THIN_WORDS = 12
YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")


@dataclass(slots=True)
class Activity:
    id: str
    kind: str
    name: str
    years: tuple[int, int] | None = None
    places: set[str] = field(default_factory=set)
    #: (actor id, role)
    members: set[tuple[str, str]] = field(default_factory=set)
    text: str = ""
    evidence: tuple[str, int, int] | None = None  # (document, start, end) of a mention


@dataclass(slots=True)
class Actor:
    id: str
    kind: str
    name: str
    aliases: tuple[str, ...] = ()
    title: str = ""
    located: set[str] = field(default_factory=set)
    employers: set[str] = field(default_factory=set)
    collaborators: set[str] = field(default_factory=set)
    text: str = ""


@dataclass(slots=True)
class PlaceFact:
    id: str
    kind: str
    name: str
    aliases: tuple[str, ...] = ()
    parents: set[str] = field(default_factory=set)


@dataclass(slots=True)
class Facts:
    activities: dict[str, Activity] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    places: dict[str, PlaceFact] = field(default_factory=dict)
    context_budget: int = 2000  # documents that may be read for paragraphs around thin activities

    # -- loading -------------------------------------------------------------
    @classmethod
    def load(cls, store, *, context_budget: int = 2000) -> Facts:
        """Every record, from one pass over the nodes and one over the edges."""
        facts = cls(context_budget=context_budget)
        kinds: dict[str, str] = {}
        spans: dict[str, list[Evidence]] = {}
        for node in store.iter_nodes():
            kinds[node.id] = node.kind.value
            facts._add_node(node, spans)
        for edge in store.iter_edges():
            facts._add_edge(edge, kinds, spans)
        facts._texts(store, spans)
        return facts

    def reload(self, store, ids: Iterable[str]) -> None:
        """Rebuild the records of these node ids from the store (or drop those gone)."""
        ids = set(ids)
        for pid in ids:
            self.activities.pop(pid, None)
            self.actors.pop(pid, None)
            self.places.pop(pid, None)
        nodes = store.nodes_by_id(sorted(ids))
        spans: dict[str, list[Evidence]] = {}
        for node in nodes:
            self._add_node(node, spans)
        edges: dict[str, Edge] = {}
        for node in nodes:
            edges.update((e.id, e) for e in store.edges_of(node.id))
        others = {end for e in edges.values() for end in (e.source, e.target)} - {n.id for n in nodes}
        kinds = {n.id: n.kind.value for n in nodes}
        kinds.update(self._known_kinds(others, store))
        for edge in edges.values():
            self._add_edge(edge, kinds, spans, only=ids)
        self._texts(store, spans)

    # -- internals -----------------------------------------------------------
    def _add_node(self, node: Node, spans: dict[str, list[Evidence]]) -> None:
        kind = node.kind.value
        if kind in ACTIVITY_KINDS:
            first = node.evidence[0] if node.evidence else None
            self.activities[node.id] = Activity(
                node.id, kind, node.name, parse_years(node.attrs),
                evidence=(first.document_id, first.start, first.end) if first else None)
            spans[node.id] = list(node.evidence)
        if kind in ACTOR_KINDS:
            aliases = tuple(a for a in node.aliases if a != node.name)
            title = str(node.attrs.get("title") or node.attrs.get("role") or "")
            self.actors[node.id] = Actor(node.id, kind, node.name, aliases, title)
            spans[node.id] = list(node.evidence)
        if kind in PLACE_KINDS:
            self.places[node.id] = PlaceFact(node.id, kind, node.name, tuple(node.aliases))

    def _add_edge(self, edge: Edge, kinds: dict[str, str], spans: dict[str, list[Evidence]],
                  only: set[str] | None = None) -> None:
        source, target, relation = edge.source, edge.target, edge.type.value
        skind, tkind = kinds.get(source), kinds.get(target)
        mine = (lambda i: True) if only is None else only.__contains__
        contact_of_a_person = relation != RelationType.CONTACT_FOR.value or skind == NodeKind.PERSON.value
        if tkind in ACTIVITY_KINDS and skind in ACTOR_KINDS and relation in ROLES and contact_of_a_person \
                and mine(target):
            self.activities[target].members.add((source, ROLES[relation]))
        for end, other, kind, other_kind in ((source, target, skind, tkind), (target, source, tkind, skind)):
            if not mine(end):
                continue
            if kind in ACTIVITY_KINDS:
                spans[end].extend(edge.evidence)
                if other_kind in PLACE_KINDS:
                    self.activities[end].places.add(other)
            if kind in ACTOR_KINDS and end in self.actors:
                self._actor_edge(self.actors[end], edge, end == source, other, other_kind, spans)
            if kind in PLACE_KINDS and end in self.places and end == source and relation == "PART_OF" \
                    and other_kind == NodeKind.REGION.value:
                self.places[end].parents.add(other)

    def _actor_edge(self, actor: Actor, edge: Edge, outgoing: bool, other: str, other_kind: str | None,
                    spans: dict[str, list[Evidence]]) -> None:
        relation = edge.type.value
        if other_kind in ACTIVITY_KINDS:
            return
        spans[actor.id].extend(edge.evidence)
        if relation == RelationType.PART_OF.value and outgoing and other_kind in PLACE_KINDS:
            actor.located.add(other)
        elif relation == RelationType.WORKS_FOR.value and outgoing and actor.kind == NodeKind.PERSON.value:
            actor.employers.add(other)
        elif relation == RelationType.COLLABORATES_WITH.value and other_kind in ACTOR_KINDS:
            actor.collaborators.add(other)

    def _known_kinds(self, ids: set[str], store) -> dict[str, str]:
        kinds = {}
        for pid in ids:
            if pid in self.activities:
                kinds[pid] = self.activities[pid].kind
            elif pid in self.actors:
                kinds[pid] = self.actors[pid].kind
            elif pid in self.places:
                kinds[pid] = self.places[pid].kind
        missing = ids - set(kinds)
        kinds.update((n.id, n.kind.value) for n in store.nodes_by_id(sorted(missing)))
        return kinds

    def _texts(self, store, spans: dict[str, list[Evidence]]) -> None:
        documents: dict[str, str] = {}
        for pid, evidence in spans.items():
            record = self.activities.get(pid) or self.actors.get(pid)
            if record is None:
                continue
            names = [record.name, *getattr(record, "aliases", ())]
            text = union_text(evidence)
            if isinstance(record, Activity) and _thin(text, names) and self.context_budget > 0:
                text = " ".join([text, *self._paragraphs(store, record, spans[pid], documents)])
            record.text = text

    def _paragraphs(self, store, activity: Activity, evidence: list[Evidence], documents: dict[str, str]) -> list[str]:
        found = []
        for ev in evidence[:3]:
            if ev.document_id not in documents:
                if self.context_budget <= 0:
                    break
                self.context_budget -= 1
                try:
                    documents[ev.document_id] = store.document(ev.document_id).text
                except DocumentNotFound:
                    documents[ev.document_id] = ""
            found.append(paragraph(documents[ev.document_id], ev.start, ev.end))
        return found


def union_text(evidence: list[Evidence]) -> str:
    """The text covered by the evidence spans, each covered character once, per document.

    >>> a = Evidence("d", 0, 11, "Hanke Kylät", "x")
    >>> b = Evidence("d", 6, 20, "Kylät kuntoon -hanke", "x")
    >>> union_text([a, b])
    'Hanke Kylät kuntoon -hanke'
    """
    pieces: list[str] = []
    for (document, start, end, quote) in sorted({(e.document_id, e.start, e.end, e.quote) for e in evidence}):
        if pieces and document == last_doc and start <= last_end:
            if end > last_end:
                pieces[-1] += quote[last_end - start:]
                last_end = end
            continue
        pieces.append(quote)
        last_doc, last_end = document, end
    return "\n".join(pieces)


def paragraph(text: str, start: int, end: int, limit: int = 1500) -> str:
    """The paragraph (between blank lines) around a span, at most ``limit`` characters.

    >>> paragraph("Otsikko\\n\\nHanke parantaa reittejä.\\nToinen rivi.\\n\\nLoppu", 12, 17)
    'Hanke parantaa reittejä.\\nToinen rivi.'
    """
    begin = text.rfind("\n\n", 0, start)
    begin = 0 if begin < 0 else begin + 2
    stop = text.find("\n\n", end)
    stop = len(text) if stop < 0 else stop
    if stop - begin > limit:
        begin, stop = max(begin, start - limit // 2), min(stop, end + limit // 2)
    return text[begin:stop].strip()


def parse_years(attrs: dict) -> tuple[int, int] | None:
    """(first, last) year of an activity from its attributes, or None."""
    years = attrs.get("years")
    found = [int(y) for y in years if str(y).isdigit()] if isinstance(years, list) else []
    for key in ("start", "end", "years"):
        if isinstance(attrs.get(key), str | int):
            found += [int(y) for y in YEAR.findall(str(attrs[key]))]
    return (min(found), max(found)) if found else None


def _thin(text: str, names: list[str]) -> bool:
    for name in names:
        text = text.replace(name, " ")
    return len(re.findall(r"\w{3,}", text)) < THIN_WORDS
