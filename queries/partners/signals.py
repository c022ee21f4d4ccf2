"""The four signals of the partner score, for every actor at once.

Given an idea (weighted terms), target places, partners already on board, a
preferred role and years, :func:`compute` scores each activity's text with
BM25 (relative to the best activity, so 0..1) and turns the scores into four
parts per actor, each between 0 and 1:

- **topic**: whether the actor has done this kind of work: a noisy-or over
  its activities, ``1 - prod(1 - 0.8 * similarity)``, so one close match
  counts much and each further match adds less; its own evidence text counts
  as one more activity at half weight, and a person adds part of the
  employer's topic to that of the projects the person is the contact for.
- **proximity**: to the target places: how much similar work the actor has
  done there (the similarities of its activities there, summed, with any
  other work there and lying there counting a little; log-scaled relative to
  the best candidate); and to the partners on board: shared activities,
  direct collaboration and common partners (each weighted
  ``1/log(2 + its activities)``, as in Adamic-Adar). The leave-one-out
  evaluation (``bench/partners_eval.py``) chose this shape and the default
  weights: similar work in the place is the strongest single signal there.
- **role**: how often the actor did similar work in the preferred role,
  log-scaled relative to the most experienced candidate.
- **recency**: how recent its latest similar work is, halving every
  ``half_life`` years before the newest year in the graph.

The score is the weighted mean of the parts that apply (proximity needs places
or partners on board). Every operation is a pass over numpy arrays of the
memberships (one per actor and activity); no Python loop runs per actor.
Leave-one-out evaluation passes ``exclude``: those activities vanish from the
text statistics and from every count.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from alueverkko.queries.partners.index import ROLE_BITS, PartnerIndex

#: How much an activity counts for an actor's topic by the actor's best role in it.
ROLE_TOPIC_WEIGHT = {"coordinator": 1.0, "participant": 1.0, "contact": 1.0, "funder": 0.5}
MATCH = 0.8             # noisy-or: the chance a fully similar activity shows the same kind of work
RELEVANT = 0.25         # an activity is "similar" from this share of the best activity's score
OWN_TEXT = 0.5          # weight of an actor's own evidence text in its topic
EMPLOYER_SHARE = 0.4    # share of an employer's topic, role and partners a person inherits
ANY_WORK = 0.05         # how much any activity in a target place counts beside similar work there
LOCATED = 0.25          # how much lying in the place counts, in activities
PARTNERS = 0.2          # share of the partners on board in proximity, when places are given too


@dataclass(slots=True)
class Query:
    """A request resolved against an index: everything as rows and term ids."""

    terms: dict[int, float]
    targets: dict[int, float] = field(default_factory=dict)  # place row -> weight
    on_board: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    role: str | None = None
    years: tuple[int, int] | None = None
    kinds: frozenset[int] = frozenset({0, 1, 2})
    exclude: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))


@dataclass(slots=True)
class Weights:
    topic: float = 0.35
    proximity: float = 0.5
    role: float = 0.10
    recency: float = 0.05
    half_life: float = 4.0

    @classmethod
    def from_settings(cls, settings) -> Weights:
        return cls(settings.partner_weight_topic, settings.partner_weight_proximity, settings.partner_weight_role,
                   settings.partner_weight_recency, settings.partner_recency_half_life_years)


@dataclass(slots=True)
class Signals:
    activity_score: np.ndarray   # per activity, 0..1 relative to the best
    own_score: np.ndarray        # per actor, its own text's score, 0..1
    usable: np.ndarray           # per activity: not excluded, inside the years
    relevant: np.ndarray         # per activity: usable and similar to the idea
    in_target: np.ndarray        # per activity: weight of the target places it lies in
    located: np.ndarray          # per actor: weight of the target places it lies in
    on_board_count: np.ndarray   # per activity: partners on board in it
    parts: dict[str, np.ndarray]
    detail: dict[str, np.ndarray]  # the sub-parts of proximity: places, partners
    active: dict[str, bool]
    score: np.ndarray
    candidates: np.ndarray       # per actor: may be recommended
    kinds: np.ndarray            # per actor: its kind code (organisation, municipality, person)

    def top(self, limit: int) -> np.ndarray:
        """Rows of the best candidates, best first; at equal scores organisations before
        municipalities before people, then by id."""
        rows = np.flatnonzero(self.candidates)
        order = np.lexsort((rows, self.kinds[rows], -self.score[rows]))
        return rows[order[:limit]]


def compute(index: PartnerIndex, query: Query, weights: Weights) -> Signals:
    n_act, n_actors = index.n_activities, index.n_actors
    usable = _usable(index, query)
    scores = index.text.scores(query.terms, excluded=query.exclude.astype(np.int64))
    activity, own_docs = scores[:n_act] * usable, scores[n_act:]
    best = max(float(activity.max(initial=0.0)), float(own_docs.max(initial=0.0)))
    activity = (activity / best if best > 0 else activity).astype(np.float32)
    own = np.zeros(n_actors, np.float32)
    if best > 0 and len(index.doc_actor):
        np.maximum.at(own, index.doc_actor, own_docs / best)
    relevant = usable & (activity >= RELEVANT) & (activity > 0)
    members = Members(index, usable, activity)

    candidates = np.isin(index.actor_kind, list(query.kinds))
    candidates[query.on_board] = False
    parts, detail, active = {}, {}, {}
    parts["topic"] = _topic(index, members, own)
    candidates &= parts["topic"] > 0
    parts["role"] = _role(index, members, relevant, query.role, candidates)
    parts["recency"] = _recency(index, members, relevant, weights.half_life)
    active.update(topic=True, role=True, recency=bool(index.reference_year))
    in_target, located = np.zeros(n_act, np.float32), np.zeros(n_actors, np.float32)
    on_board_count = np.zeros(n_act, np.float32)
    if query.targets:
        in_target, located, detail["places"] = _near_places(index, members, query.targets, candidates)
    if len(query.on_board):
        on_board_count, detail["partners"] = _near_partners(index, members, query.on_board)
    parts["proximity"] = _proximity(detail, n_actors)
    active["proximity"] = bool(detail)
    total = sum(getattr(weights, name) for name, on in active.items() if on) or 1.0
    score = sum(getattr(weights, name) * parts[name] for name, on in active.items() if on) / total
    return Signals(activity, own, usable, relevant, in_target, located, on_board_count, parts, detail, active,
                   np.where(candidates, score, 0.0).astype(np.float32), candidates, index.actor_kind)


class Members:
    """The memberships into usable activities, with their activity's similarity."""

    def __init__(self, index: PartnerIndex, usable: np.ndarray, activity: np.ndarray):
        keep = usable[index.member_activity]
        self.actor = index.member_actor[keep]
        self.activity = index.member_activity[keep]
        self.roles = index.member_roles[keep]
        self.similarity = activity[self.activity]

    def has(self, role: str) -> np.ndarray:
        return (self.roles & ROLE_BITS[role]) > 0


def _usable(index: PartnerIndex, query: Query) -> np.ndarray:
    usable = np.ones(index.n_activities, bool)
    usable[query.exclude] = False
    if query.years:
        first, last = query.years
        usable &= (index.first_year >= 0) & (index.first_year <= last) & (index.last_year >= first)
    return usable


def _topic(index: PartnerIndex, members: Members, own: np.ndarray) -> np.ndarray:
    weight = np.where(members.has("coordinator") | members.has("participant") | members.has("contact"),
                      1.0, ROLE_TOPIC_WEIGHT["funder"])
    chance = np.minimum(MATCH * members.similarity * weight, 0.999)
    missing = np.bincount(members.actor, np.log1p(-chance), minlength=index.n_actors)
    missing += np.log1p(-np.minimum(MATCH * OWN_TEXT * own, 0.999))
    topic = 1.0 - np.exp(missing)
    _inherit(index, topic, EMPLOYER_SHARE)
    return topic.astype(np.float32)


def _inherit(index: PartnerIndex, values: np.ndarray, share: float) -> None:
    """A person's value is at least ``share`` of the employer's (the organisations' values, read
    before): a person is recommended for the employer's work, never above it for that work alone."""
    persons, orgs = index.employer
    if len(persons):
        np.maximum.at(values, persons, share * values[orgs])


def _role(index: PartnerIndex, members: Members, relevant: np.ndarray, preferred: str | None,
          candidates: np.ndarray) -> np.ndarray:
    similar = relevant[members.activity]

    def count(role: str) -> np.ndarray:
        chosen = similar & members.has(role)
        return np.bincount(members.actor[chosen], minlength=index.n_actors).astype(np.float32)

    coordinated, took_part, contact = count("coordinator"), count("participant"), count("contact")
    if preferred == "coordinator":
        raw = coordinated + 0.25 * took_part + contact
    elif preferred == "participant":
        raw = took_part + 0.5 * coordinated + 0.5 * contact
    else:
        raw = np.bincount(members.actor[similar], minlength=index.n_actors).astype(np.float32)
    _inherit(index, raw, EMPLOYER_SHARE)
    return _relative(np.log1p(raw), candidates)


def _recency(index: PartnerIndex, members: Members, relevant: np.ndarray, half_life: float) -> np.ndarray:
    similar = relevant[members.activity]
    latest = np.full(index.n_actors, -1, np.int32)
    np.maximum.at(latest, members.actor[similar], index.last_year[members.activity[similar]])
    _inherit(index, latest, 1)
    age = np.maximum(0, index.reference_year - latest)
    return np.where(latest > 0, 0.5 ** (age / max(half_life, 0.1)), 0.0).astype(np.float32)


def _near_places(index: PartnerIndex, members: Members, targets: dict[int, float], candidates: np.ndarray):
    weight = np.zeros(max(len(index.place_ids), 1), np.float32)
    for row, w in targets.items():
        weight[row] = w
    in_target = np.zeros(index.n_activities, np.float32)
    rows, places = index.activity_place
    np.maximum.at(in_target, rows, weight[places])
    located = np.zeros(index.n_actors, np.float32)
    rows, places = index.actor_place
    np.maximum.at(located, rows, weight[places])
    there = in_target[members.activity]
    similar = members.similarity
    work = np.bincount(members.actor, there * (similar + ANY_WORK * (1 - similar)), minlength=index.n_actors)
    raw = np.log1p(work + LOCATED * located)
    _inherit(index, raw, EMPLOYER_SHARE)
    return in_target, located, _relative(raw, candidates)


def _near_partners(index: PartnerIndex, members: Members, on_board: np.ndarray):
    aboard = np.zeros(index.n_actors, bool)
    aboard[on_board] = True
    count = np.bincount(members.activity[aboard[members.actor]], minlength=index.n_activities).astype(np.float32)
    shared = np.bincount(members.actor, count[members.activity], minlength=index.n_actors)
    left, right = index.collaboration
    direct = np.zeros(index.n_actors)
    np.add.at(direct, left[aboard[right]], 1.0)
    np.add.at(direct, right[aboard[left]], 1.0)
    # Common partners: actors sharing an activity with a partner on board, each weighted
    # 1/log(2 + its number of activities), summed over the candidate's activities.
    degree = np.bincount(members.actor, minlength=index.n_actors)
    neighbour = np.zeros(index.n_actors, bool)
    neighbour[members.actor[count[members.activity] > 0]] = True
    neighbour[on_board] = False
    weight = np.where(neighbour, 1.0 / np.log(2 + degree), 0.0)
    through = np.bincount(members.activity, weight[members.actor], minlength=index.n_activities)
    common = np.bincount(members.actor, through[members.activity], minlength=index.n_actors) - weight * degree
    raw = shared + direct + 0.5 * np.maximum(common, 0)
    near = 1 - np.exp(-raw / 2)
    _inherit(index, near, 1)
    return count, near.astype(np.float32)


def _proximity(detail: dict[str, np.ndarray], n_actors: int) -> np.ndarray:
    if "places" in detail and "partners" in detail:
        return ((1 - PARTNERS) * detail["places"] + PARTNERS * detail["partners"]).astype(np.float32)
    if detail:
        return next(iter(detail.values()))
    return np.zeros(n_actors, np.float32)


def _relative(values: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    best = float(values[candidates].max(initial=0.0))
    return (values / best).astype(np.float32) if best > 0 else np.zeros_like(values, np.float32)
