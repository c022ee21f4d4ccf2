"""The partner finder's entry point: an idea in, ranked partners with reasons out.

:func:`find_partners` resolves the request against the partner index (the
idea's words to terms, places named in it, the partners on board to actors),
computes the signals (:mod:`.signals`), takes the best candidates and writes
their reasons (:mod:`.reasons`). An empty idea, an idea of stop words only,
or one none of whose words occurs in the graph is answered with an empty list
and a message saying so, never an error.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from alueverkko.queries.partners import vectors
from alueverkko.queries.partners.index import KIND_NAMES, PartnerIndex, lemma_rows, name_rows
from alueverkko.queries.partners.model import (
    Partner, PartnerRequest, PartnerResults, ScorePart, entity_href, map_href,
)
from alueverkko.queries.partners.projection import partner_index_for_request
from alueverkko.queries.partners.reasons import Context, attach_evidence, reasons_for
from alueverkko.queries.partners.signals import Query, Signals, Weights, compute
from alueverkko.queries.partners.text import words
from alueverkko.settings import Settings

KIND_CODES = {name: code for code, name in KIND_NAMES.items()}
PART_WEIGHT = 0.5     # a compound's part counts half as much as the whole word
EXPANSION = 0.5       # a related word counts this much times its similarity

MESSAGES = {
    "fi": {
        "empty": "Kirjoita projekti-idea: muutama sana siitä, mitä hankkeessa tehtäisiin ja missä.",
        "stop_words": "Ideassa on vain täytesanoja (kuten ”ja”, ”sekä”). Kerro, mitä hankkeessa tehtäisiin, "
                      "esimerkiksi ”kylämatkailun kehittäminen”.",
        "place_only": "Ideassa on vain paikka ({places}). Kerro myös, mitä hankkeessa tehtäisiin.",
        "unknown_words": "Yksikään idean sanoista ({words}) ei esiinny verkoston hankkeissa tai aineistoissa. "
                         "Tarkista kirjoitusasu tai kokeile toisia sanoja.",
        "no_activities": "Verkostossa ei ole vielä hankkeita: tallenna ensin dokumentteja (alueverkko ingest).",
        "no_match": "Ideaan sopivia toimijoita ei löytynyt näillä rajauksilla. Kokeile laajempaa vuosiväliä "
                    "tai muita toimijatyyppejä.",
        "region_unknown": "Aluetta ”{region}” ei tunnistettu; tulokset ilman aluetta.",
        "region_from_idea": "Alue luettiin ideasta: {place}.",
        "region_empty": "Alueelta {place} ei tunneta hankkeita eikä toimijoita; tulokset ilman aluetta.",
        "on_board_unknown": "Mukana olevaa toimijaa ”{name}” ei löytynyt verkostosta.",
        "expanded": "Lähisanat mukana haussa: {pairs}.",
        "unmatched": "Näitä idean sanoja ei ole aineistossa: {words}.",
        "catching_up": "Kumppanihaun hakemisto on vielä {n} tuoreen muutoksen jäljessä: niitä ei ole "
                       "vielä mukana tuloksissa.",
    },
    "en": {
        "empty": "Write a project idea: a few words on what the project would do, and where.",
        "stop_words": "The idea has only filler words (such as 'and', 'ja'). Say what the project would do, "
                      "e.g. 'village tourism development'.",
        "place_only": "The idea names only a place ({places}). Say also what the project would do.",
        "unknown_words": "None of the idea's words ({words}) occurs in the network's projects or documents. "
                         "Check the spelling or try other words.",
        "no_activities": "The network has no projects yet: ingest documents first (alueverkko ingest).",
        "no_match": "No actors match the idea with these filters. Try wider years or other kinds.",
        "region_unknown": "The region '{region}' was not recognised; results ignore the region.",
        "region_from_idea": "Region read from the idea: {place}.",
        "region_empty": "Nothing is known to happen in {place}; results ignore the region.",
        "on_board_unknown": "The partner on board '{name}' is not in the network.",
        "expanded": "Related words searched too: {pairs}.",
        "unmatched": "These words of the idea are not in the documents: {words}.",
        "catching_up": "The partner index is catching up with {n} recent changes; the results do not "
                       "include them yet.",
    },
}
PART_LABELS = {
    "fi": {"topic": "Aiheen samankaltaisuus", "proximity": "Läheisyys", "role": "Roolihistoria",
           "recency": "Tuoreus"},
    "en": {"topic": "Topic similarity", "proximity": "Proximity", "role": "Role history", "recency": "Recency"},
}


@dataclass(slots=True)
class Plan:
    """A request resolved against the index, or the message that stops it."""

    query: Query | None = None
    message: str = ""
    notes: list[str] = field(default_factory=list)
    info: dict = field(default_factory=dict)
    target_places: list[str] = field(default_factory=list)


def find_partners(store, settings: Settings, request: PartnerRequest | dict) -> PartnerResults:
    """Rank organisations and people for a project idea, with checkable reasons.

    ``request`` is a :class:`PartnerRequest` or the dict of its fields.
    """
    started = time.perf_counter()
    if not isinstance(request, PartnerRequest):
        request = PartnerRequest.parse(**request)
    current = partner_index_for_request(store, settings)
    index = current.index
    plan = plan_query(index, request, settings)
    if current.behind:
        plan.notes.append(MESSAGES[request.lang]["catching_up"].format(n=current.behind))
    results = PartnerResults(message=plan.message, notes=plan.notes, query=plan.info,
                             index=_index_info(index, current.behind))
    if plan.query is not None:
        signals = compute(index, plan.query, Weights.from_settings(settings))
        rows = signals.top(request.limit)
        if len(rows) == 0:
            results.message = MESSAGES[request.lang]["no_match"]
        context = Context(store, index, signals, set(plan.query.terms), plan.target_places,
                          [int(r) for r in plan.query.on_board], request.lang)
        results.results = [_partner(rank, int(row), context, settings) for rank, row in enumerate(rows, 1)]
        attach_evidence([r for p in results.results for r in p.reasons], store)
    results.elapsed_ms = (time.perf_counter() - started) * 1000
    return results


def rank_rows(index: PartnerIndex, request: PartnerRequest, settings: Settings,
              exclude: list[int] = ()) -> tuple[np.ndarray, Signals | None]:
    """The best actor rows for a request, leaving the ``exclude`` activities out of
    everything (the leave-one-out evaluation's entry point; no reasons are written)."""
    plan = plan_query(index, request, settings, exclude=exclude)
    if plan.query is None:
        return np.zeros(0, np.int64), None
    signals = compute(index, plan.query, Weights.from_settings(settings))
    return signals.top(request.limit), signals


def plan_query(index: PartnerIndex, request: PartnerRequest, settings: Settings, exclude=()) -> Plan:
    lang, text = request.lang, MESSAGES[request.lang]
    plan = Plan(info=_request_info(request))
    if not request.idea.strip():
        plan.message = text["empty"]
        return plan
    if index.n_activities == 0:
        plan.message = text["no_activities"]
        return plan
    ws = words(request.idea)
    found = index.places.matches(ws)
    in_places = {i for _, first, end in found for i in range(first, end)}
    topical = [w for i, w in enumerate(ws) if i not in in_places and w.terms]
    if not topical:
        names = ", ".join(index.places.get(pid).name for pid, _, _ in found)
        plan.message = text["place_only"].format(places=names) if found else text["stop_words"]
        return plan
    terms, expanded, unmatched = _terms(index, topical, settings)
    plan.info["terms"] = sorted({index.text.terms[t] for t in terms})
    plan.info["expanded"] = expanded
    if not terms:
        plan.message = text["unknown_words"].format(words=", ".join(dict.fromkeys(w.surface for w in topical)))
        return plan
    if unmatched:
        plan.notes.append(text["unmatched"].format(words=", ".join(unmatched)))
    if expanded:
        plan.notes.append(text["expanded"].format(pairs=", ".join(f"{e['word']} → {e['related']}" for e in expanded)))
    targets = _targets(index, request, found, plan, lang)
    on_board = _on_board(index, request, plan, lang)
    plan.query = Query(terms=terms, targets=targets, on_board=np.array(on_board, np.int64), role=request.role,
                       years=request.years, kinds=frozenset(KIND_CODES[k] for k in request.kinds),
                       exclude=np.array(sorted(exclude), np.int64))
    return plan


# -- resolving the request -----------------------------------------------------------
def _terms(index: PartnerIndex, topical, settings: Settings) -> tuple[dict[int, float], list[dict], list[str]]:
    vocabulary = index.text.vocabulary
    weights: dict[int, float] = {}
    unmatched = []
    for word in topical:
        hit = False
        for j, term in enumerate(word.terms):
            if term in vocabulary:
                weight = 1.0 if j == 0 else PART_WEIGHT
                weights[vocabulary[term]] = max(weights.get(vocabulary[term], 0.0), weight)
                hit = True
        if not hit:
            unmatched.append(word)
    expanded = _expand(index, unmatched, weights, settings)
    return weights, expanded, list(dict.fromkeys(w.surface for w in unmatched))


def _expand(index: PartnerIndex, unmatched, weights: dict[int, float], settings: Settings) -> list[dict]:
    """Index words related to the idea's words that the documents lack entirely, neither the
    word nor a part of it ("turismi" -> "matkailu"), by word vectors; added to ``weights``
    with a lower weight. Words Voikko does not know ("asdf") are never widened."""
    if index.text.vectors is None or not settings.partner_use_vectors or settings.partner_vector_neighbours <= 0:
        return []
    lemmas = list(dict.fromkeys(w.terms[0] for w in unmatched if w.known))
    if not lemmas:
        return []
    rows = dict(zip(lemmas, vectors.unit_vectors(lemmas)))
    expanded = []
    for lemma in lemmas:
        for row, similarity in vectors.neighbours(rows[lemma], index.text.vectors,
                                                  threshold=settings.partner_vector_threshold,
                                                  top=settings.partner_vector_neighbours + 1):
            if row in weights or index.text.terms[row] == lemma:
                continue
            weights[row] = EXPANSION * similarity
            expanded.append({"word": lemma, "related": index.text.terms[row], "similarity": similarity})
    return expanded


def _targets(index: PartnerIndex, request: PartnerRequest, found, plan: Plan, lang: str) -> dict[int, float]:
    places = index.places
    chosen: list[str] = []
    if request.region:
        pid = places.resolve(request.region)
        if pid is None:
            plan.notes.append(MESSAGES[lang]["region_unknown"].format(region=request.region))
        else:
            chosen = [pid]
            plan.info["region"] = {"id": pid, "name": places.get(pid).name, "source": "request"}
    elif found:
        chosen = [pid for pid, _, _ in found]
        plan.info["region"] = {"id": chosen[0], "name": places.get(chosen[0]).name, "source": "idea"}
        plan.notes.append(MESSAGES[lang]["region_from_idea"].format(
            place=", ".join(places.get(p).name for p in chosen)))
    plan.target_places = chosen
    targets = {index.place_row[p]: w for p, w in places.targets(chosen).items() if p in index.place_row}
    if chosen and not targets:
        plan.notes.append(MESSAGES[lang]["region_empty"].format(place=", ".join(places.get(p).name for p in chosen)))
    return targets


def _on_board(index: PartnerIndex, request: PartnerRequest, plan: Plan, lang: str) -> list[int]:
    rows = []
    for name in request.on_board:
        row = resolve_actor(index, name)
        if row is None:
            plan.notes.append(MESSAGES[lang]["on_board_unknown"].format(name=name))
        else:
            rows.append(row)
    plan.info["on_board"] = [{"id": index.actor_ids[r], "name": index.facts.actors[index.actor_ids[r]].name}
                             for r in rows]
    return list(dict.fromkeys(rows))


def resolve_actor(index: PartnerIndex, name: str) -> int | None:
    """An actor by id, name or alias, inflected name ("Savonian"), the busiest if several."""
    name = name.strip()
    if name in index.actor_row:
        return index.actor_row[name]
    found = name_rows(index, name) or lemma_rows(index, name)
    base = name.split(":")[0]
    for cut in range(1, 5):
        if found or len(base) - cut < 3:
            break
        found = name_rows(index, base[:-cut])
    if not found:
        return None
    return max(found, key=lambda r: (len(index.memberships_of_actor(r)), -r))


# -- answering -------------------------------------------------------------------------
def _partner(rank: int, row: int, ctx: Context, settings: Settings) -> Partner:
    index, signals = ctx.index, ctx.signals
    actor = index.facts.actors[index.actor_ids[row]]
    weights = Weights.from_settings(settings)
    total = sum(getattr(weights, n) for n, on in signals.active.items() if on) or 1.0
    parts = []
    for name in ("topic", "proximity", "role", "recency"):
        share = getattr(weights, name) / total if signals.active[name] else 0.0
        value = float(signals.parts[name][row])
        parts.append(ScorePart(name, PART_LABELS[ctx.lang][name], round(value, 4), round(share, 4),
                               round(value * share, 4)))
    return Partner(rank, actor.id, actor.kind, actor.name, round(float(signals.score[row]), 4), parts,
                   reasons_for(row, ctx), entity_href(actor.id), map_href(actor.id))


def _request_info(request: PartnerRequest) -> dict:
    return {"idea": request.idea, "region": None, "role": request.role,
            "years": list(request.years) if request.years else None, "kinds": request.kinds,
            "on_board": [], "limit": request.limit, "lang": request.lang, "terms": [], "expanded": []}


def _index_info(index: PartnerIndex, behind: int = 0) -> dict:
    return {"cursor": index.cursor, "activities": index.n_activities, "actors": index.n_actors,
            "behind": behind}
