"""Reasons an applicant can check: plain sentences in Finnish or English, with evidence.

Each reason names what it counts and links to the spans that say so: the
edge "X coordinates project P" has evidence in a document, and the reason
"koordinoinut 3 samankaltaista hanketta Pohjois-Savossa 2019–2023: ..." links
to those spans (``/documents/{doc}#span-{start}-{end}``).

>>> counted("coordinator", "Project", 1, "fi")
'koordinoinut samankaltaisen hankkeen'
>>> counted("coordinator", "Project", 3, "fi")
'koordinoinut 3 samankaltaista hanketta'
>>> counted("participant", "Programme", 2, "fi")
'osallistunut 2 samankaltaiseen ohjelmaan'
>>> counted("contact", "Project", 2, "en")
'contact person for 2 similar projects'
>>> year_span([(2019, 2021), (2022, 2023), None])
'2019–2023'
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from alueverkko.graph import reads
from alueverkko.graph.model import edge_id
from alueverkko.queries.partners.facts import RELATION_OF_ROLE
from alueverkko.queries.partners.index import KIND_NAMES, ROLE_BITS, PartnerIndex, primary_role
from alueverkko.queries.partners.model import EntityLink, EvidenceLink, Reason
from alueverkko.queries.partners.signals import RELEVANT, Signals

SHOWN = 3  # activities named in one reason
COMMON_SCAN = 500  # activities of an actor looked through for common partners, most similar first

#: Finnish forms: (partitive, genitive, illative, inessive) of "similar X".
FI_NOUNS = {
    "Project": ("hanketta", "hankkeen", "hankkeeseen", "hankkeessa"),
    "Programme": ("ohjelmaa", "ohjelman", "ohjelmaan", "ohjelmassa"),
    "Network": ("verkostoa", "verkoston", "verkostoon", "verkostossa"),
}
EN_NOUNS = {"Project": ("project", "projects"), "Programme": ("programme", "programmes"),
            "Network": ("network", "networks")}
FI_ROLE = {  # verb, case of the noun phrase after a count of one, after a larger count
    "coordinator": ("koordinoinut", "genitive", "partitive"),
    "participant": ("osallistunut", "illative", "illative"),
    "contact": ("yhteyshenkilönä", "inessive", "inessive"),
    "funder": ("rahoittanut", "partitive", "partitive"),
}
FI_ADJECTIVE = {"partitive": "samankaltaista", "genitive": "samankaltaisen", "illative": "samankaltaiseen",
                "inessive": "samankaltaisessa"}
FI_CASE = {"partitive": 0, "genitive": 1, "illative": 2, "inessive": 3}
EN_ROLE = {"coordinator": "coordinated", "participant": "took part in", "contact": "contact person for",
           "funder": "funded"}
TEXT = {
    "fi": {"located": "sijaitsee: {place}", "located_name": "sijaitsee nimensä mukaan: {place}",
           "shared": "on jo tehnyt yhteistyötä: {partner} ({n} {noun}: {names})",
           "shared_one": "yhteinen hanke", "shared_many": "yhteistä hanketta",
           "direct": "tekee yhteistyötä: {partner}", "common": "yhteisiä kumppaneita jo mukana olevien kanssa: {names}",
           "contact_person": "yhteyshenkilö: {person}", "employer": "työnantaja: {org}",
           "employer_work": "työnantaja {org}: {work}",
           "words": "yhteisiä sanoja idean kanssa: {words}", "own": "aineistossa: ”{quote}”",
           "of_which": "joista {n} {place}", "more": "ja {n} muuta"},
    "en": {"located": "located in {place}", "located_name": "located, by its name, in {place}",
           "shared": "already works with {partner} ({n} {noun}: {names})",
           "shared_one": "shared project", "shared_many": "shared projects",
           "direct": "collaborates with {partner}", "common": "common partners with those on board: {names}",
           "contact_person": "contact person: {person}", "employer": "employer: {org}",
           "employer_work": "employer {org}: {work}",
           "words": "words in common with the idea: {words}", "own": "in the documents: “{quote}”",
           "of_which": "{n} of them {place}", "more": "and {n} more"},
}


def counted(role: str, kind: str, n: int, lang: str) -> str:
    """'coordinated 3 similar projects' with Finnish case agreement."""
    if lang == "en":
        noun = EN_NOUNS[kind][0 if n == 1 else 1]
        return f"{EN_ROLE[role]} {'a' if n == 1 else n} similar {noun}"
    verb, one, many = FI_ROLE[role]
    case = one if n == 1 else many
    phrase = f"{FI_ADJECTIVE[case]} {FI_NOUNS[kind][FI_CASE[case]]}"
    return f"{verb} {phrase}" if n == 1 else f"{verb} {n} {phrase}"


def year_span(years: list[tuple[int, int] | None]) -> str:
    known = [y for y in years if y]
    if not known:
        return ""
    first, last = min(y[0] for y in known), max(y[1] for y in known)
    return str(first) if first == last else f"{first}–{last}"


@dataclass(slots=True)
class Context:
    """What reasons read besides the index: the store, the request's places and partners."""

    store: object
    index: PartnerIndex
    signals: Signals
    query_terms: set[int]
    target_places: list[str]
    on_board: list[int]
    lang: str


def reasons_for(row: int, ctx: Context) -> list[Reason]:
    """The reasons of one recommended actor, strongest first."""
    index, signals = ctx.index, ctx.signals
    kind = KIND_NAMES[int(index.actor_kind[row])]
    found: list[Reason] = []
    work = _similar_work(row, ctx)
    found += work
    if kind == "people":
        found += _employer(row, ctx)
    found += _words(row, ctx)
    if signals.located[row] > 0:
        found += _location(row, ctx)
    if ctx.on_board:
        found += _partners(row, ctx)
    if kind != "people":
        found += _contact_people(row, ctx)
    if not work and signals.own_score[row] >= RELEVANT:
        found += _own_text(row, ctx)
    return found


# -- the reasons -----------------------------------------------------------------
def _similar_work(row: int, ctx: Context) -> list[Reason]:
    index, signals = ctx.index, ctx.signals
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    members = index.memberships_of_actor(row)
    members = members[signals.relevant[index.member_activity[members]]]
    for activity, bits in zip(index.member_activity[members].tolist(), index.member_roles[members].tolist()):
        kind = index.facts.activities[index.activity_ids[activity]].kind
        groups[(primary_role(bits), kind)].append(activity)
    order = ["coordinator", "participant", "contact", "funder"]
    reasons = []
    for (role, kind), rows in sorted(groups.items(), key=lambda g: (order.index(g[0][0]), g[0][1])):
        rows = sorted(rows, key=lambda a: (-signals.activity_score[a], index.activity_ids[a]))
        reasons.append(_work_reason(row, role, kind, rows, ctx))
    return reasons


def _work_reason(row: int, role: str, kind: str, rows: list[int], ctx: Context) -> Reason:
    index, signals, lang = ctx.index, ctx.signals, ctx.lang
    activities = [index.facts.activities[index.activity_ids[a]] for a in rows]
    text = counted(role, kind, len(rows), lang)
    inside = [a for a in rows if signals.in_target[a] >= 1.0]
    if ctx.target_places and inside:
        place = index.places.phrase(ctx.target_places[0], lang)
        text += f" {place}" if len(inside) == len(rows) else ", " + TEXT[lang]["of_which"].format(n=len(inside),
                                                                                                  place=place)
        rows = inside + [a for a in rows if a not in inside]
        activities = [index.facts.activities[index.activity_ids[a]] for a in rows]
    span = year_span([a.years for a in activities])
    text += f" {span}" if span else ""
    names = ", ".join(a.name for a in activities[:SHOWN])
    if len(activities) > SHOWN:
        names += " " + TEXT[lang]["more"].format(n=len(activities) - SHOWN)
    reason = Reason(f"work:{role}", f"{text}: {names}",
                    [EntityLink(a.id, a.name, a.kind) for a in activities[:SHOWN]])
    actor = index.actor_ids[row]
    reason.evidence = [_edge(actor, RELATION_OF_ROLE[role], a.id) for a in activities[:SHOWN]]
    return reason


def _employer(row: int, ctx: Context) -> list[Reason]:
    index = ctx.index
    persons, orgs = index.employer
    reasons = []
    for org in orgs[persons == row][:2]:
        org = int(org)
        name = index.facts.actors[index.actor_ids[org]].name
        work = _similar_work(org, ctx)
        if work:
            text = TEXT[ctx.lang]["employer_work"].format(org=name, work=work[0].text)
        else:
            text = TEXT[ctx.lang]["employer"].format(org=name)
        reason = Reason("employer", text, [EntityLink(index.actor_ids[org], name, index.facts.actors[
            index.actor_ids[org]].kind)] + (work[0].entities if work else []))
        reason.evidence = [_edge(index.actor_ids[row], "WORKS_FOR", index.actor_ids[org])]
        reasons.append(reason)
    return reasons


def _words(row: int, ctx: Context) -> list[Reason]:
    index, signals = ctx.index, ctx.signals
    best = _activities(index, row, signals.relevant)
    if not best:
        return []
    top = max(best, key=lambda a: (signals.activity_score[a], -a))
    shared = [t for t in index.text.doc_terms[top] if int(t) in ctx.query_terms]
    if not shared:
        return []
    words = ", ".join(sorted(index.text.terms[int(t)] for t in shared)[:8])
    activity = index.facts.activities[index.activity_ids[top]]
    reason = Reason("topic", TEXT[ctx.lang]["words"].format(words=words),
                    [EntityLink(activity.id, activity.name, activity.kind)])
    if activity.evidence:
        reason.evidence = [("node", activity.id, *activity.evidence)]
    return [reason]


def _location(row: int, ctx: Context) -> list[Reason]:
    index, places = ctx.index, ctx.index.places
    actor = index.facts.actors[index.actor_ids[row]]
    target = ctx.target_places[0] if ctx.target_places else None
    if target is None:
        return []
    linked = {places.canonical(p): p for p in actor.located}
    for org in index.employer[1][index.employer[0] == row]:
        linked.update((places.canonical(p), p) for p in index.facts.actors[index.actor_ids[int(org)]].located)
    name = places.get(target).name
    for canonical, original in linked.items():
        if target in places.closure([canonical]):
            reason = Reason("location", TEXT[ctx.lang]["located"].format(place=name),
                            [EntityLink(target, name, places.get(target).kind)])
            reason.evidence = [_edge(actor.id, "PART_OF", original)] if actor.kind != "Person" else []
            return [reason]
    said = "located" if actor.kind == "Municipality" else "located_name"
    return [Reason("location", TEXT[ctx.lang][said].format(place=name),
                   [EntityLink(target, name, places.get(target).kind)])]


def _partners(row: int, ctx: Context) -> list[Reason]:
    index, signals, lang = ctx.index, ctx.signals, ctx.lang
    mine = set(_activities(index, row, signals.usable))
    reasons = []
    for partner in ctx.on_board:
        theirs = set(_activities(index, partner, signals.usable))
        shared = sorted(mine & theirs, key=lambda a: (-signals.activity_score[a], index.activity_ids[a]))
        partner_actor = index.facts.actors[index.actor_ids[partner]]
        if shared:
            activities = [index.facts.activities[index.activity_ids[a]] for a in shared]
            noun = TEXT[lang]["shared_one" if len(shared) == 1 else "shared_many"]
            names = ", ".join(a.name for a in activities[:SHOWN])
            reason = Reason("on_board", TEXT[lang]["shared"].format(partner=partner_actor.name, n=len(shared),
                                                                    noun=noun, names=names),
                            [EntityLink(partner_actor.id, partner_actor.name, partner_actor.kind)]
                            + [EntityLink(a.id, a.name, a.kind) for a in activities[:SHOWN]])
            reason.evidence = [_member_edge(index, index.actor_ids[row], a.id) for a in activities[:2]] + \
                              [_member_edge(index, partner_actor.id, a.id) for a in activities[:1]]
            reasons.append(reason)
        if partner_actor.id in index.facts.actors[index.actor_ids[row]].collaborators:
            reason = Reason("on_board", TEXT[lang]["direct"].format(partner=partner_actor.name),
                            [EntityLink(partner_actor.id, partner_actor.name, partner_actor.kind)])
            reason.evidence = [_edge(index.actor_ids[row], "COLLABORATES_WITH", partner_actor.id)]
            reasons.append(reason)
    if not reasons:
        reasons += _common_partners(row, mine, ctx)
    return reasons


def _common_partners(row: int, mine: set[int], ctx: Context) -> list[Reason]:
    index, signals = ctx.index, ctx.signals
    theirs: set[int] = set()
    for partner in ctx.on_board:
        theirs |= set(_activities(index, partner, signals.usable))
    def members(activities):
        best = sorted(activities, key=lambda a: (-signals.activity_score[a], a))[:COMMON_SCAN]
        return {int(index.member_actor[m]) for a in best for m in index.memberships_of_activity(a)}

    common = (members(mine) & members(theirs)) - {row, *ctx.on_board}
    common = sorted(common, key=lambda r: (-len(index.memberships_of_actor(r)), index.actor_ids[r]))[:SHOWN]
    if not common:
        return []
    actors = [index.facts.actors[index.actor_ids[r]] for r in common]
    return [Reason("on_board", TEXT[ctx.lang]["common"].format(names=", ".join(a.name for a in actors)),
                   [EntityLink(a.id, a.name, a.kind) for a in actors])]


def _contact_people(row: int, ctx: Context) -> list[Reason]:
    """People to call: contacts of the organisation's similar work who work for it, else its staff."""
    index, signals = ctx.index, ctx.signals
    persons, orgs = index.employer
    staff = {int(p) for p in persons[orgs == row]}
    contacts: dict[int, int] = {}
    similar = _activities(index, row, signals.relevant)
    for activity in sorted(similar, key=lambda a: (-signals.activity_score[a], a)):
        for member in index.memberships_of_activity(activity):
            person = int(index.member_actor[member])
            if index.member_roles[member] & ROLE_BITS["contact"] and (person in staff or not staff):
                contacts.setdefault(person, activity)
        if len(contacts) >= 2:
            break
    chosen = list(contacts.items())[:2] or [(p, None) for p in sorted(staff)[:1]]
    reasons = []
    for person, activity in chosen:
        actor = index.facts.actors[index.actor_ids[person]]
        label = actor.name + (f" ({actor.title})" if actor.title else "")
        entities = [EntityLink(actor.id, actor.name, actor.kind)]
        if activity is not None:
            project = index.facts.activities[index.activity_ids[activity]]
            label += f", {project.name}"
            entities.append(EntityLink(project.id, project.name, project.kind))
            evidence = [_edge(actor.id, "CONTACT_FOR", project.id)]
        else:
            evidence = [_edge(actor.id, "WORKS_FOR", index.actor_ids[row])]
        reason = Reason("contact", TEXT[ctx.lang]["contact_person"].format(person=label), entities)
        reason.evidence = evidence
        reasons.append(reason)
    return reasons


def _own_text(row: int, ctx: Context) -> list[Reason]:
    actor = ctx.index.facts.actors[ctx.index.actor_ids[row]]
    quote = " ".join(actor.text.split())[:200]
    return [Reason("topic", TEXT[ctx.lang]["own"].format(quote=quote), [])]


# -- evidence ----------------------------------------------------------------------
def _edge(source: str, relation: str, target: str) -> tuple:
    return ("edge", edge_id(source, relation, target))


def _member_edge(index: PartnerIndex, actor: str, activity: str) -> tuple:
    roles = [role for member, role in index.facts.activities[activity].members if member == actor]
    role = "coordinator" if "coordinator" in roles else (roles[0] if roles else "participant")
    return _edge(actor, RELATION_OF_ROLE[role], activity)


def attach_evidence(reasons: list[Reason], store) -> None:
    """Replace the placeholders ('edge', id) and ('node', id, doc, start, end) by evidence links
    read from the store (a few edges and nodes per page of results)."""
    placeholders = [p for r in reasons for p in r.evidence]
    edges = reads.first_evidence(store, "edge", sorted({p[1] for p in placeholders if p[0] == "edge"}))
    spans = reads.evidence_at(store, "node", sorted({tuple(p[1:]) for p in placeholders if p[0] == "node"}))
    for reason in reasons:
        links = []
        for placeholder in reason.evidence:
            if placeholder[0] == "edge" and placeholder[1] in edges:
                links.append(_link(edges[placeholder[1]].evidence))
            elif placeholder[0] == "node" and tuple(placeholder[1:]) in spans:
                links.append(_link(spans[tuple(placeholder[1:])]))
        reason.evidence = list({(link.document, link.start, link.end): link for link in links}.values())


def _link(ev) -> EvidenceLink:
    return EvidenceLink(ev.document_id, ev.start, ev.end, ev.quote, ev.document_title)


def _activities(index: PartnerIndex, row: int, keep) -> list[int]:
    """Activity rows of an actor that ``keep`` (a boolean array over activities) keeps."""
    activities = index.member_activity[index.memberships_of_actor(row)]
    return activities[keep[activities]].tolist()


