"""The compiled partner index: numpy arrays over the facts, and a BM25 text index.

:class:`PartnerIndex` is what a query reads. It is compiled from
:class:`~alueverkko.queries.partners.facts.Facts` in one pass and holds

- activities (projects, programmes, networks) with their years and the places
  they lie in (with every wider place), actors with their kinds and locations;
- the role links actor -> activity, sorted by activity and by actor, so a query
  can sum over an actor's activities with ``np.add.at`` and no Python loop;
- a BM25 index over the texts of the activities and of the actors themselves
  (inverted lists of term -> documents), and the unit word vectors of its
  vocabulary for widening an idea to related words.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from alueverkko.queries.partners.facts import Facts
from alueverkko.queries.partners.places import Places, lemma_key, name_key
from alueverkko.queries.partners.text import words

ROLE_BITS = {"coordinator": 1, "participant": 2, "funder": 4, "contact": 8}
ROLE_ORDER = ("coordinator", "participant", "contact", "funder")
KIND_CODES = {"Organisation": 0, "Municipality": 1, "Person": 2}
KIND_NAMES = {0: "organisations", 1: "municipalities", 2: "people"}
NO_YEAR = -1


@dataclass(slots=True)
class TextIndex:
    """BM25 postings: for each term, the documents it occurs in and how often."""

    vocabulary: dict[str, int] = field(default_factory=dict)
    terms: list[str] = field(default_factory=list)  # term id -> term
    starts: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int64))
    docs: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    counts: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    lengths: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    #: per document, its term ids (to take a document out of the statistics)
    doc_terms: list[np.ndarray] = field(default_factory=list)
    vectors: np.ndarray | None = None  # unit vectors, one row per vocabulary term

    @classmethod
    def build(cls, texts: list[str]) -> TextIndex:
        vocabulary: dict[str, int] = {}
        rows, cols, vals, doc_terms, lengths = [], [], [], [], []
        for d, text in enumerate(texts):
            counts = Counter(term for w in words(text) for term in w.terms)
            ids = np.array([vocabulary.setdefault(t, len(vocabulary)) for t in counts], dtype=np.int32)
            doc_terms.append(ids)
            rows.append(ids)
            cols.append(np.full(len(ids), d, dtype=np.int32))
            vals.append(np.array(list(counts.values()), dtype=np.float32))
            lengths.append(sum(counts.values()))
        term = np.concatenate(rows) if rows else np.zeros(0, np.int32)
        order = np.argsort(term, kind="stable")
        starts = np.zeros(len(vocabulary) + 1, np.int64)
        np.cumsum(np.bincount(term, minlength=len(vocabulary)), out=starts[1:])
        docs = (np.concatenate(cols) if cols else np.zeros(0, np.int32))[order]
        counts = (np.concatenate(vals) if vals else np.zeros(0, np.float32))[order]
        return cls(vocabulary, list(vocabulary), starts, docs, counts, np.array(lengths, np.float32), doc_terms)

    def postings(self, term_id: int) -> tuple[np.ndarray, np.ndarray]:
        a, b = self.starts[term_id], self.starts[term_id + 1]
        return self.docs[a:b], self.counts[a:b]

    def df(self, term_id: int) -> int:
        return int(self.starts[term_id + 1] - self.starts[term_id])

    def scores(self, weights: dict[int, float], *, excluded: np.ndarray, k1: float = 1.2,
               b: float = 0.75) -> np.ndarray:
        """BM25 of every document for weighted query terms; excluded documents score 0
        and are left out of the term statistics, as if they were not indexed."""
        n_docs = len(self.lengths)
        scores = np.zeros(n_docs, np.float32)
        if not n_docs:
            return scores
        kept = n_docs - len(excluded)
        total = float(self.lengths.sum() - self.lengths[excluded].sum())
        average = total / kept if kept else 1.0
        taken_out = Counter(int(t) for d in excluded for t in self.doc_terms[d])
        norm = k1 * (1 - b + b * self.lengths / max(average, 1e-9))
        for term_id, weight in weights.items():
            docs, tf = self.postings(term_id)
            df = self.df(term_id) - taken_out.get(term_id, 0)
            if df <= 0:
                continue
            idf = math.log(1 + (kept - df + 0.5) / (df + 0.5))
            scores[docs] += weight * idf * tf * (k1 + 1) / (tf + norm[docs])
        scores[excluded] = 0.0
        return scores


@dataclass(slots=True)
class PartnerIndex:
    cursor: int = 0
    facts: Facts = field(default_factory=Facts)
    places: Places = field(default_factory=Places)
    # activities
    activity_ids: list[str] = field(default_factory=list)
    activity_row: dict[str, int] = field(default_factory=dict)
    first_year: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    last_year: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    activity_place: tuple[np.ndarray, np.ndarray] = (np.zeros(0, np.int32), np.zeros(0, np.int32))
    # actors
    actor_ids: list[str] = field(default_factory=list)
    actor_row: dict[str, int] = field(default_factory=dict)
    actor_kind: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))
    actor_place: tuple[np.ndarray, np.ndarray] = (np.zeros(0, np.int32), np.zeros(0, np.int32))
    employer: tuple[np.ndarray, np.ndarray] = (np.zeros(0, np.int32), np.zeros(0, np.int32))  # (person, org)
    collaboration: tuple[np.ndarray, np.ndarray] = (np.zeros(0, np.int32), np.zeros(0, np.int32))
    names: dict[str, list[int]] = field(default_factory=dict)  # name key -> actor rows
    lemma_names: dict[tuple[str, ...], list[int]] = field(default_factory=dict)  # lemmas of a name -> rows
    # memberships: one per actor and activity, with the roles as bits (ROLE_BITS)
    member_actor: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    member_activity: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    member_roles: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint8))
    members_by_actor: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # permutation
    actor_member_starts: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int64))
    activity_member_starts: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int64))
    # places, as rows
    place_ids: list[str] = field(default_factory=list)
    place_row: dict[str, int] = field(default_factory=dict)
    # text: documents 0..A-1 are the activities, A.. the actors' own texts (doc_actor)
    text: TextIndex = field(default_factory=TextIndex)
    doc_actor: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    reference_year: int = 0

    @property
    def n_activities(self) -> int:
        return len(self.activity_ids)

    @property
    def n_actors(self) -> int:
        return len(self.actor_ids)

    def memberships_of_actor(self, row: int) -> np.ndarray:
        """Membership positions of one actor (one per activity it is in)."""
        return self.members_by_actor[self.actor_member_starts[row]:self.actor_member_starts[row + 1]]

    def memberships_of_activity(self, row: int) -> np.ndarray:
        """Membership positions of one activity (one per actor in it)."""
        return np.arange(self.activity_member_starts[row], self.activity_member_starts[row + 1])


def compile_index(facts: Facts, cursor: int, *, vectors: bool = True) -> PartnerIndex:
    """Arrays and text index from the facts."""
    index = PartnerIndex(cursor=cursor, facts=facts)
    index.places = _places(facts)
    _activities(index)
    _actors(index)
    _links(index)
    _text(index, vectors)
    return index


def _places(facts: Facts) -> Places:
    places = Places.from_gazetteer()
    for place in sorted(facts.places.values(), key=lambda p: (p.kind != "Region", p.id)):
        places.add(place.kind, place.name, place.aliases, pid=place.id)
    for place in facts.places.values():
        for parent in place.parents:
            places.link(place.id, parent)
    places.reindex()
    return places


def _place_rows(index: PartnerIndex, pids, cache: dict[str, set[str]]) -> list[int]:
    """Rows of the places and every wider place they lie in (closures cached per place)."""
    rows = []
    closure: set[str] = set()
    for pid in pids:
        if pid not in cache:
            cache[pid] = index.places.closure([pid])
        closure |= cache[pid]
    for pid in sorted(closure):
        rows.append(index.place_row.setdefault(pid, len(index.place_ids)))
        if rows[-1] == len(index.place_ids):
            index.place_ids.append(pid)
    return rows


def _activities(index: PartnerIndex) -> None:
    activities = sorted(index.facts.activities.values(), key=lambda a: a.id)
    index.activity_ids = [a.id for a in activities]
    index.activity_row = {a.id: i for i, a in enumerate(activities)}
    index.first_year = np.array([a.years[0] if a.years else NO_YEAR for a in activities], np.int32)
    index.last_year = np.array([a.years[1] if a.years else NO_YEAR for a in activities], np.int32)
    rows, places, cache = [], [], {}
    for i, activity in enumerate(activities):
        pids = activity.places or _places_in_text(index.places, activity)
        for p in _place_rows(index, pids, cache):
            rows.append(i)
            places.append(p)
    index.activity_place = (np.array(rows, np.int32), np.array(places, np.int32))
    known = index.first_year[index.first_year != NO_YEAR]
    index.reference_year = int(known.max()) if len(known) else 0


def _places_in_text(places: Places, activity) -> list[str]:
    # With no place linked in the graph, the regions named in the activity's own evidence.
    return [p for p in places.find_in(activity.text) if places.get(p).kind == "Region"]


def _actors(index: PartnerIndex) -> None:
    facts, places = index.facts, index.places
    actors = sorted(facts.actors.values(), key=lambda a: a.id)
    index.actor_ids = [a.id for a in actors]
    index.actor_row = {a.id: i for i, a in enumerate(actors)}
    index.actor_kind = np.array([KIND_CODES[a.kind] for a in actors], np.int8)
    rows, cols, persons, orgs, left, right, cache = [], [], [], [], [], [], {}
    for i, actor in enumerate(actors):
        for name in sorted({actor.name, *actor.aliases}):
            index.names.setdefault(name_key(name), []).append(i)
            index.lemma_names.setdefault(lemma_key(name), []).append(i)
        for p in _place_rows(index, located(places, actor), cache):
            rows.append(i)
            cols.append(p)
        for employer in sorted(actor.employers):
            if employer in index.actor_row:
                persons.append(i)
                orgs.append(index.actor_row[employer])
        for other in sorted(actor.collaborators):
            if other in index.actor_row:
                left.append(i)
                right.append(index.actor_row[other])
    # A person lies where the employer lies.
    where = {}
    for r, c in zip(rows, cols):
        where.setdefault(r, []).append(c)
    for person, org in zip(persons, orgs):
        for c in where.get(org, []):
            rows.append(person)
            cols.append(c)
    index.actor_place = (np.array(rows, np.int32), np.array(cols, np.int32))
    index.employer = (np.array(persons, np.int32), np.array(orgs, np.int32))
    index.collaboration = (np.array(left, np.int32), np.array(right, np.int32))


def located(places: Places, actor) -> set[str]:
    """Where an actor lies: PART_OF a place, a municipality itself, a regional council's
    region, or a region or municipality its name begins with ("Pohjois-Karjalan maakuntaliitto")."""
    found = {places.canonical(p) for p in actor.located}
    if actor.kind == "Municipality":
        found.add(places.canonical(actor.id))
    if actor.kind != "Person":
        council = places.council_region(actor.name)
        if council:
            found.add(council)
        found.update(pid for pid, first, _ in places.matches(actor.name) if first == 0)
    return {p for p in found if p in places.places}


def _links(index: PartnerIndex) -> None:
    actors, activities, roles = [], [], []
    for activity_id in index.activity_ids:
        bits: dict[int, int] = {}
        for actor_id, role in index.facts.activities[activity_id].members:
            if actor_id in index.actor_row:
                row = index.actor_row[actor_id]
                bits[row] = bits.get(row, 0) | ROLE_BITS[role]
        for row in sorted(bits):
            actors.append(row)
            activities.append(index.activity_row[activity_id])
            roles.append(bits[row])
    index.member_actor = np.array(actors, np.int32)
    index.member_activity = np.array(activities, np.int32)
    index.member_roles = np.array(roles, np.uint8)
    index.members_by_actor = np.argsort(index.member_actor, kind="stable")
    index.actor_member_starts = _starts(index.member_actor, index.n_actors)
    index.activity_member_starts = _starts(index.member_activity, index.n_activities)


def primary_role(bits: int) -> str:
    """The role a membership is told by: coordinator before participant, contact, funder.

    >>> primary_role(ROLE_BITS["participant"] | ROLE_BITS["coordinator"])
    'coordinator'
    """
    return next(role for role in ROLE_ORDER if bits & ROLE_BITS[role])


def _starts(keys: np.ndarray, n: int) -> np.ndarray:
    starts = np.zeros(n + 1, np.int64)
    np.cumsum(np.bincount(keys, minlength=n), out=starts[1:])
    return starts


def _text(index: PartnerIndex, vectors: bool) -> None:
    facts = index.facts
    texts = [facts.activities[a].text or facts.activities[a].name for a in index.activity_ids]
    own = [(i, facts.actors[a].text) for i, a in enumerate(index.actor_ids) if _says_more(facts.actors[a])]
    index.doc_actor = np.array([i for i, _ in own], np.int32)
    index.text = TextIndex.build(texts + [t for _, t in own])
    if vectors:
        from alueverkko.queries.partners import vectors as wordvectors
        index.text.vectors = wordvectors.unit_vectors(index.text.terms)


def _says_more(actor) -> bool:
    """Whether the actor's own evidence says more than its names."""
    text = actor.text
    for name in (actor.name, *actor.aliases):
        text = text.replace(name, " ")
    return len([w for w in words(text) if w.terms]) >= 3


def name_rows(index: PartnerIndex, name: str) -> list[int]:
    """Actor rows whose name or alias is this name (case and punctuation folded)."""
    return index.names.get(name_key(name), [])


def lemma_rows(index: PartnerIndex, name: str) -> list[int]:
    """Actor rows whose name has the lemmas of this (perhaps inflected) name."""
    key = lemma_key(name)
    return index.lemma_names.get(key, []) if key else []
