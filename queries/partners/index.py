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

A catch-up compiles from the previous index (``compile_index(..., previous=)``):
texts it already tokenised, regions it found in them, places found in names and
word vectors are taken from it, so only what changed is read again, and the
result is the same as a compile from nothing (the vocabulary is sorted, not in
order of appearance, for that).
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
    def build(cls, texts: list[str], previous: TextIndex | None = None,
              previous_docs: dict[str, int] | None = None) -> TextIndex:
        """The index of ``texts``. A text found in ``previous_docs`` (text -> its document in
        ``previous``) takes its terms from ``previous`` instead of being tokenised again.

        The vocabulary is sorted and each document's terms are in vocabulary order, so the
        index depends only on the texts, never on what was reused."""
        reused_new, reused_old, fresh = [], [], []
        for d, text in enumerate(texts):
            old = previous_docs.get(text) if previous is not None and previous_docs else None
            if old is None:
                fresh.append((d, Counter(term for w in words(text) for term in w.terms)))
            else:
                reused_new.append(d)
                reused_old.append(old)
        old_doc, old_term, old_count = _documents_terms(previous, np.array(reused_old, np.int64))
        used_old_terms = np.unique(old_term)
        kept = {previous.terms[t] for t in used_old_terms.tolist()} if previous is not None else set()
        terms = sorted(kept | {t for _, counts in fresh for t in counts})
        vocabulary = {t: i for i, t in enumerate(terms)}
        remap = np.full(len(previous.terms) if previous is not None else 0, -1, np.int64)
        if len(used_old_terms):
            remap[used_old_terms] = [vocabulary[previous.terms[t]] for t in used_old_terms.tolist()]
        doc = np.concatenate([np.array(reused_new, np.int64)[old_doc],
                              np.array([d for d, c in fresh for _ in c], np.int64)])
        term = np.concatenate([remap[old_term], np.array([vocabulary[t] for _, c in fresh for t in c], np.int64)])
        count = np.concatenate([old_count, np.array([n for _, c in fresh for n in c.values()], np.float32)])
        return cls._from_triples(vocabulary, terms, len(texts), doc, term, count)

    @classmethod
    def _from_triples(cls, vocabulary: dict[str, int], terms: list[str], n_docs: int, doc: np.ndarray,
                      term: np.ndarray, count: np.ndarray) -> TextIndex:
        by_term = np.argsort(term * max(n_docs, 1) + doc)
        starts = _starts(term, len(terms))
        by_doc = np.argsort(doc * max(len(terms), 1) + term)
        doc_starts = _starts(doc, n_docs)
        doc_terms = np.split(term[by_doc].astype(np.int32), doc_starts[1:-1]) if n_docs else []
        lengths = np.bincount(doc, weights=count, minlength=n_docs).astype(np.float32)
        return cls(vocabulary, terms, starts, doc[by_term].astype(np.int32), count[by_term].astype(np.float32),
                   lengths, doc_terms)

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


def _documents_terms(index: TextIndex | None, documents: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(position in ``documents``, term id, count) of every term of these documents of ``index``."""
    if index is None or not len(documents):
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32)
    term_of_posting = np.repeat(np.arange(len(index.terms), dtype=np.int64), np.diff(index.starts))
    by_doc = np.argsort(index.docs.astype(np.int64) * max(len(index.terms), 1) + term_of_posting)
    doc_starts = _starts(index.docs, len(index.lengths))
    sizes = doc_starts[documents + 1] - doc_starts[documents]
    first = np.repeat(doc_starts[documents] - np.concatenate([[0], np.cumsum(sizes)[:-1]]), sizes)
    picked = by_doc[first + np.arange(int(sizes.sum()))]
    return np.repeat(np.arange(len(documents)), sizes), term_of_posting[picked], index.counts[picked]


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
    # Results kept so that the next compile re-reads only what changed (valid while the places
    # are the same, see places_key): the regions named in the text of an activity with no
    # linked place (by text), and the places an actor's name begins with (by name).
    places_key: tuple = ()
    text_places: dict[str, tuple[str, ...]] = field(default_factory=dict)
    name_places: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: name or alias -> (name_key, lemma_key), which do not depend on the places
    name_keys: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)

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


def compile_index(facts: Facts, cursor: int, *, vectors: bool = True,
                  previous: PartnerIndex | None = None) -> PartnerIndex:
    """Arrays and text index from the facts.

    With ``previous`` (an index compiled earlier, whose facts were not changed since), texts,
    names and places it already read are taken from it: only the activities and actors whose
    text or names changed are tokenised and scanned for place names again. The result is the
    same as without it."""
    index = PartnerIndex(cursor=cursor, facts=facts, places_key=_places_key(facts))
    if previous is not None and previous.places_key == index.places_key:
        index.places = previous.places  # read-only once compiled, so both indexes may share it
    else:
        index.places = _places(facts)
    previous_places = previous if previous is not None and previous.places is index.places else None
    _activities(index, previous_places)
    _actors(index, previous, previous_places)
    _links(index)
    _text(index, vectors, previous)
    return index


def _places_key(facts: Facts) -> tuple:
    """Everything of the graph's places the compiled Places depend on."""
    return tuple(sorted((p.id, p.kind, p.name, tuple(p.aliases), tuple(sorted(p.parents)))
                        for p in facts.places.values()))


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


def _activities(index: PartnerIndex, previous: PartnerIndex | None) -> None:
    activities = sorted(index.facts.activities.values(), key=lambda a: a.id)
    index.activity_ids = [a.id for a in activities]
    index.activity_row = {a.id: i for i, a in enumerate(activities)}
    index.first_year = np.array([a.years[0] if a.years else NO_YEAR for a in activities], np.int32)
    index.last_year = np.array([a.years[1] if a.years else NO_YEAR for a in activities], np.int32)
    rows, places, cache = [], [], {}
    for i, activity in enumerate(activities):
        pids = activity.places or _places_in_text(index, activity, previous)
        for p in _place_rows(index, pids, cache):
            rows.append(i)
            places.append(p)
    index.activity_place = (np.array(rows, np.int32), np.array(places, np.int32))
    known = index.first_year[index.first_year != NO_YEAR]
    index.reference_year = int(known.max()) if len(known) else 0


def _places_in_text(index: PartnerIndex, activity, previous: PartnerIndex | None) -> tuple[str, ...]:
    # With no place linked in the graph, the regions named in the activity's own evidence.
    found = previous.text_places.get(activity.text) if previous is not None else None
    if found is None:
        places = index.places
        found = tuple(p for p in places.find_in(activity.text) if places.get(p).kind == "Region")
    index.text_places[activity.text] = found
    return found


def _actors(index: PartnerIndex, previous: PartnerIndex | None, previous_places: PartnerIndex | None) -> None:
    facts, places = index.facts, index.places
    actors = sorted(facts.actors.values(), key=lambda a: a.id)
    index.actor_ids = [a.id for a in actors]
    index.actor_row = {a.id: i for i, a in enumerate(actors)}
    index.actor_kind = np.array([KIND_CODES[a.kind] for a in actors], np.int8)
    rows, cols, persons, orgs, left, right, cache = [], [], [], [], [], [], {}
    for i, actor in enumerate(actors):
        for name in sorted({actor.name, *actor.aliases}):
            plain, lemmas = _name_keys(index, name, previous)
            index.names.setdefault(plain, []).append(i)
            index.lemma_names.setdefault(lemmas, []).append(i)
        for p in _place_rows(index, _located(index, actor, previous_places), cache):
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


def _name_keys(index: PartnerIndex, name: str, previous: PartnerIndex | None) -> tuple[str, tuple[str, ...]]:
    keys = previous.name_keys.get(name) if previous is not None else None
    if keys is None:
        keys = (name_key(name), lemma_key(name))
    index.name_keys[name] = keys
    return keys


def _located(index: PartnerIndex, actor, previous: PartnerIndex | None) -> set[str]:
    named = previous.name_places.get(actor.name) if previous is not None else None
    if named is None:
        named = _named_places(index.places, actor.name)
    index.name_places[actor.name] = named
    return located(index.places, actor, named)


def _named_places(places: Places, name: str) -> tuple[str, ...]:
    """The regional council's region of a name, and the places the name begins with."""
    council = places.council_region(name)
    return ((council,) if council else ()) + tuple(pid for pid, first, _ in places.matches(name) if first == 0)


def located(places: Places, actor, named: tuple[str, ...] | None = None) -> set[str]:
    """Where an actor lies: PART_OF a place, a municipality itself, a regional council's
    region, or a region or municipality its name begins with ("Pohjois-Karjalan maakuntaliitto")."""
    found = {places.canonical(p) for p in actor.located}
    if actor.kind == "Municipality":
        found.add(places.canonical(actor.id))
    if actor.kind != "Person":
        found.update(_named_places(places, actor.name) if named is None else named)
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


def _text(index: PartnerIndex, vectors: bool, previous: PartnerIndex | None) -> None:
    facts = index.facts
    texts = [_activity_text(facts.activities[a]) for a in index.activity_ids]
    said = _says_more_before(previous)
    own = [(i, facts.actors[a].text) for i, a in enumerate(index.actor_ids)
           if _says_more(facts.actors[a], previous, said)]
    index.doc_actor = np.array([i for i, _ in own], np.int32)
    index.text = TextIndex.build(texts + [t for _, t in own], previous.text if previous else None,
                                 _documents_of(previous) if previous else None)
    if vectors:
        index.text.vectors = _unit_vectors(index.text.terms, previous.text if previous else None)


def _activity_text(activity) -> str:
    return activity.text or activity.name


def _documents_of(index: PartnerIndex) -> dict[str, int]:
    """Text -> its document in the index's text index."""
    facts = index.facts
    texts = [_activity_text(facts.activities[a]) for a in index.activity_ids]
    texts += [facts.actors[index.actor_ids[i]].text for i in index.doc_actor.tolist()]
    return {text: d for d, text in enumerate(texts)}


def _says_more_before(previous: PartnerIndex | None) -> set[str]:
    if previous is None:
        return set()
    return {previous.actor_ids[i] for i in previous.doc_actor.tolist()}


def _unit_vectors(terms: list[str], previous: TextIndex | None) -> np.ndarray:
    from alueverkko.queries.partners import vectors as wordvectors

    if previous is None or previous.vectors is None:
        return wordvectors.unit_vectors(terms)
    rows = np.array([previous.vocabulary.get(t, -1) for t in terms], np.int64)
    matrix = np.zeros((len(terms), previous.vectors.shape[1]), np.float32)
    known = rows >= 0
    matrix[known] = previous.vectors[rows[known]]
    unknown = np.flatnonzero(~known)
    if len(unknown):
        matrix[unknown] = wordvectors.unit_vectors([terms[i] for i in unknown.tolist()])
    return matrix


def _says_more(actor, previous: PartnerIndex | None = None, said: set[str] = frozenset()) -> bool:
    """Whether the actor's own evidence says more than its names (as ``previous`` found,
    when the actor's text and names are the same there)."""
    before = previous.facts.actors.get(actor.id) if previous is not None else None
    if before is not None and (before.text, before.name, before.aliases) == (actor.text, actor.name, actor.aliases):
        return actor.id in said
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
