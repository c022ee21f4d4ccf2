"""Relations: from table columns, key-value fields, contact blocks, lists and prose cues.

Structure is read first and trusted most: a "Vastuutaho" party coordinates the
projects of its row, a "Rahoittajat:" field names the funders of the page's
project, a contact block names a person, their organisation and what they are
the contact for. Prose is read clause by clause by :mod:`alueverkko.ingest.cues`.
Every relation keeps the span that states it: a sentence, a field line, the
two cells of a row, or a contact block.

>>> RULE_CONFIDENCE["table"] > RULE_CONFIDENCE["cue"]
True
"""

from __future__ import annotations

import re
from collections import defaultdict

from alueverkko.graph.model import NodeKind, RelationType
from alueverkko.ingest.cues import ACTORS, THINGS, sentence_relations
from alueverkko.ingest.doc import Relation, WorkDoc
from alueverkko.ingest.fields import Contact
from alueverkko.ingest.structure import BULLET, CONTACT, FIELD, HEADING, LEAD, ROW
from alueverkko.ingest.tokens import normalise_key

RULE_CONFIDENCE = {"field": 0.9, "table": 0.85, "contact": 0.85, "list": 0.75, "cue": 0.7, "name": 0.6}
COLUMN_RELATIONS = {"responsible": RelationType.COORDINATES, "funders": RelationType.FUNDS,
                    "partners": RelationType.PARTICIPATES_IN}
FIELD_RELATIONS = {"coordinators": RelationType.COORDINATES, "funders": RelationType.FUNDS,
                   "partners": RelationType.PARTICIPATES_IN}
MEMBERS_LEAD = re.compile(r"\b(kuuluvat|kuuluu|mukana|jäsenet|jäseninä|osallistuvat|osallistujat)\b", re.IGNORECASE)
PROJECTS_LEAD = re.compile(r"\bohjelman\s+(hankkeet|alla)\b|\bohjelmaan\s+kuuluvat\s+hankkeet\b", re.IGNORECASE)
CONTACT_INTRO = re.compile(r"^(lisätieto|yhteystied|yhteyshenkilö|ota yhteyttä|kontakt)", re.IGNORECASE)


def extract_relations(doc: WorkDoc) -> None:
    """All relations of the document, one per (source, type, target) with every span that states it."""
    found: list[Relation] = []
    for rule in (table_relations, field_relations, contact_relations, list_relations, local_programme_relations,
                 department_relations, prose_employment, prose_relations):
        found.extend(rule(doc))
    doc.relations = [r for r in found if _valid(doc, r)]


def _valid(doc: WorkDoc, relation: Relation) -> bool:
    if relation.source == relation.target or relation.source < 0 or relation.target < 0:
        return False
    source, target = doc.entities[relation.source].kind, doc.entities[relation.target].kind
    if relation.type == RelationType.WORKS_FOR:
        return source == NodeKind.PERSON and target in (NodeKind.ORGANISATION, NodeKind.MUNICIPALITY)
    if relation.type == RelationType.CONTACT_FOR:
        return source == NodeKind.PERSON and target in THINGS
    if relation.type in (RelationType.COORDINATES, RelationType.FUNDS):
        return source != NodeKind.PERSON and target != NodeKind.PERSON and target != NodeKind.MUNICIPALITY
    return source != NodeKind.PERSON and target != NodeKind.PERSON


def _entities_in(doc: WorkDoc, start: int, end: int, kinds) -> list[int]:
    seen: list[int] = []
    for m in doc.mentions:
        if m.entity >= 0 and start <= m.start and m.end <= end and doc.entities[m.entity].kind in kinds \
                and m.entity not in seen:
            seen.append(m.entity)
    return seen


def _topic_thing(doc: WorkDoc) -> int:
    return doc.topic if doc.topic >= 0 and doc.entities[doc.topic].kind in THINGS else -1


# -- tables ----------------------------------------------------------------------------

def table_relations(doc: WorkDoc) -> list[Relation]:
    """Each party of a row's Vastuutaho (Rahoittaja, Kumppanit) column to each project of its Hankkeet column."""
    out = []
    for block in doc.blocks:
        if block.kind != ROW or block.header_row:
            continue
        projects = [c for c in block.cells if c.column == "projects" and c.text]
        for cell in block.cells:
            type_ = COLUMN_RELATIONS.get(cell.column)
            if type_ is None or not cell.text:
                continue
            kinds = (*ACTORS[:3], NodeKind.NETWORK) + ((NodeKind.FUND,) if type_ == RelationType.FUNDS else ())
            actors = _entities_in(doc, cell.start, cell.end, kinds)
            for project_cell in projects:
                things = [e for e in _entities_in(doc, project_cell.start, project_cell.end, THINGS)]
                start, end = min(cell.start, project_cell.start), max(cell.end, project_cell.end)
                for a in actors:
                    for t in things:
                        out.append(Relation(a, type_, t, start, end, f"rules.table.{cell.column}",
                                            RULE_CONFIDENCE["table"]))
    return out


# -- fields --------------------------------------------------------------------------------

def field_relations(doc: WorkDoc) -> list[Relation]:
    """"Tekijät:", "Rahoittajat:" ... name the coordinators and funders of the page's project."""
    out = []
    topic = _topic_thing(doc)
    if topic < 0:
        return out
    for block in doc.blocks:
        if block.kind != FIELD or block.meaning not in FIELD_RELATIONS:
            continue
        type_ = FIELD_RELATIONS[block.meaning]
        kinds = (*ACTORS[:3], NodeKind.NETWORK) + ((NodeKind.FUND,) if type_ == RelationType.FUNDS else ())
        items = [(a, b) for a, b, _, index in doc.notes.get("roles", []) if doc.blocks[index] is block]
        entities = [e for a, b in items for e in _entities_in(doc, a, b, kinds)]
        for entity in dict.fromkeys(entities):
            out.append(Relation(entity, type_, topic, block.start, block.end, "rules.kv_field",
                                RULE_CONFIDENCE["field"]))
    return out


# -- contacts --------------------------------------------------------------------------------

def contact_relations(doc: WorkDoc) -> list[Relation]:
    """A contact block's person works for its organisation and is the contact for its project."""
    out = []
    for contact in doc.notes.get("contacts", []):
        people = _entities_in(doc, *contact.person, (NodeKind.PERSON,)) if contact.person else []
        if not people:
            continue
        person = people[0]
        start, end = contact.start, contact.end
        employers = [e for span in contact.orgs for e in _entities_in(doc, *span, (NodeKind.ORGANISATION,
                                                                                   NodeKind.MUNICIPALITY))]
        attrs = {"role": contact.title} if contact.title else {}
        confidence = RULE_CONFIDENCE["contact"]
        if not employers and contact.email:
            employers = _employer_by_domain(doc, contact.email)
            attrs["basis"] = "e-mail domain"  # no organisation line: the address says where they work
            confidence = RULE_CONFIDENCE["cue"]
        for employer in employers[:1]:
            out.append(Relation(person, RelationType.WORKS_FOR, employer, start, end, "rules.contact", confidence,
                                attrs))
        target = _contact_target(doc, contact)
        if target >= 0:
            out.append(Relation(person, RelationType.CONTACT_FOR, target, start, end, "rules.contact",
                                RULE_CONFIDENCE["contact"]))
        _person_details(doc, person, contact)
    return out


def _employer_by_domain(doc: WorkDoc, email: str) -> list[int]:
    """"harri.kivela@kouvola.fi" -> the municipality Kouvola, when the document names it."""
    label = email.split("@")[-1].split(".")[0].lower()
    if len(label) < 4:
        return []
    out = []
    for i, entity in enumerate(doc.entities):
        if entity.kind not in (NodeKind.ORGANISATION, NodeKind.MUNICIPALITY):
            continue
        words = [normalise_key(w) for w in re.split(r"[\s-]+", entity.name)]
        if normalise_key(entity.name) == label or label in words:
            out.append(i)
    return out


def _contact_target(doc: WorkDoc, contact: Contact) -> int:
    for span in contact.targets:
        things = _entities_in(doc, *span, THINGS)
        if things:
            return things[0]
    block_index = contact.block
    for i in range(block_index - 1, max(-1, block_index - 4), -1):
        block = doc.blocks[i]
        if block.kind == CONTACT:
            continue
        things = _entities_in(doc, block.start, block.end, THINGS)
        if block.kind == HEADING and things and not CONTACT_INTRO.match(block.text):
            return things[0]
        if block.kind == LEAD or (block.kind == HEADING and CONTACT_INTRO.match(block.text)):
            attached = _attached_item(doc, i)
            return attached if attached >= 0 else _topic_thing(doc)
        break
    return _topic_thing(doc)


def _attached_item(doc: WorkDoc, lead: int) -> int:
    """"Lisätietoja hankkeesta antaa:" right under an item names that item's project as the one meant."""
    if lead == 0:
        return -1
    previous = doc.blocks[lead - 1]
    if "\n\n" in doc.text[previous.end:doc.blocks[lead].start] or previous.kind not in (BULLET, "paragraph"):
        return -1
    things = _entities_in(doc, previous.start, previous.end, (NodeKind.PROJECT, NodeKind.PROGRAMME))
    return things[-1] if things else -1


def _person_details(doc: WorkDoc, person: int, contact: Contact) -> None:
    attrs = doc.entities[person].attrs
    if contact.title:
        attrs.setdefault("title", contact.title)
    if contact.email:
        attrs.setdefault("email", contact.email)
    if contact.phone:
        attrs.setdefault("phone", contact.phone)


# -- lists ----------------------------------------------------------------------------------

def list_relations(doc: WorkDoc) -> list[Relation]:
    """Lists under a lead-in: members of a network, a programme's projects, starred footnotes."""
    out = []
    for index, block in enumerate(doc.blocks):
        if block.kind != BULLET:
            continue
        lead = doc.blocks[block.lead] if block.lead >= 0 else None
        section = doc.blocks[block.section] if block.section >= 0 else None
        if block.text.startswith("*") and block.marker == "*":
            out.extend(_footnote(doc, index))
            continue
        for intro in (lead, section):
            if intro is None or intro.kind not in (HEADING, LEAD, "paragraph"):
                continue
            if MEMBERS_LEAD.search(intro.text) and not _entities_in(doc, intro.start, intro.end, ACTORS[:3]):
                target = (_entities_in(doc, intro.start, intro.end, THINGS) or [_topic_thing(doc)])[0]
                for actor in _entities_in(doc, block.start, block.end, ACTORS[:3]):
                    out.append(Relation(actor, RelationType.PARTICIPATES_IN, target, block.start, block.end,
                                        "rules.list.members", RULE_CONFIDENCE["list"]))
                break
            if PROJECTS_LEAD.search(intro.text):
                whole = _topic_thing(doc)
                for project in _entities_in(doc, block.start, block.end, (NodeKind.PROJECT,)):
                    out.append(Relation(project, RelationType.PART_OF, whole, block.start, block.end,
                                        "rules.list.programme_projects", RULE_CONFIDENCE["list"]))
                break
    out.extend(_programme_tables(doc))
    return out


def _footnote(doc: WorkDoc, index: int) -> list[Relation]:
    """"*Kouvolan seutu on mukana verkostossa." under a list: the starred items are meant."""
    block = doc.blocks[index]
    if not re.search(r"\b(mukana|jäsen|osallistuu|kuuluu)\b", block.text):
        return []
    actors = _entities_in(doc, block.start, block.end, ACTORS[:3])
    out = []
    for other in doc.blocks:
        if other.kind == BULLET and other.lead == block.lead and other.starred:
            for thing in _entities_in(doc, other.start, other.end, THINGS):
                for actor in actors:
                    out.append(Relation(actor, RelationType.PARTICIPATES_IN, thing, block.start, block.end,
                                        "rules.list.footnote", RULE_CONFIDENCE["list"]))
    return out


def _programme_tables(doc: WorkDoc) -> list[Relation]:
    out = []
    whole = _topic_thing(doc)
    if whole < 0 or doc.entities[whole].kind != NodeKind.PROGRAMME:
        return out
    for block in doc.blocks:
        if block.kind != ROW or block.header_row or block.section < 0:
            continue
        if not PROJECTS_LEAD.search(doc.blocks[block.section].text):
            continue
        for cell in block.cells:
            if cell.column == "projects":
                for project in _entities_in(doc, cell.start, cell.end, (NodeKind.PROJECT,)):
                    out.append(Relation(project, RelationType.PART_OF, whole, cell.start, cell.end,
                                        "rules.table.programme_projects", RULE_CONFIDENCE["list"]))
    return out


# -- names and prose ---------------------------------------------------------------------

def department_relations(doc: WorkDoc) -> list[Relation]:
    """"Lieksan kaupungin elinvoimapalvelut": a department named after its city is part of that city."""
    out = []
    ordered = sorted((m for m in doc.mentions if m.entity >= 0), key=lambda m: m.start)
    for city, unit in zip(ordered, ordered[1:]):
        if doc.entities[city.entity].kind != NodeKind.MUNICIPALITY or doc.entities[unit.entity].kind \
                != NodeKind.ORGANISATION or city.head_case != "genitive":
            continue
        between = doc.text[city.end:unit.start]
        if between.strip() or not re.search(r"(kaupungin|kunnan)$", doc.text[city.start:city.end]):
            continue
        if unit.extractor == "rules.document_name" or doc.text[unit.start:unit.start + 1].islower():
            sentence = doc.sentence_at(city.start)
            start, end = (sentence.start, sentence.end) if sentence else (city.start, unit.end)
            out.append(Relation(unit.entity, RelationType.PART_OF, city.entity, start, end, "rules.department",
                                RULE_CONFIDENCE["name"]))
    return out


def prose_employment(doc: WorkDoc) -> list[Relation]:
    """"aluekehitysjohtaja Sari Pesonen Pohjois-Karjalan maakuntaliitosta": a person from an organisation."""
    out = []
    ordered = sorted((m for m in doc.mentions if m.entity >= 0), key=lambda m: m.start)
    for person, employer in zip(ordered, ordered[1:]):
        if doc.entities[person.entity].kind != NodeKind.PERSON or doc.entities[employer.entity].kind not in (
                NodeKind.ORGANISATION, NodeKind.MUNICIPALITY) or employer.head_case not in ("elative", "ablative"):
            continue
        if doc.text[person.end:employer.start].strip() or doc.block_at(person.start) != doc.block_at(employer.start):
            continue
        if doc.blocks[doc.block_at(person.start)].kind == CONTACT:
            continue
        sentence = doc.sentence_at(person.start)
        start, end = (sentence.start, sentence.end) if sentence else (person.start, employer.end)
        out.append(Relation(person.entity, RelationType.WORKS_FOR, employer.entity, start, end,
                            "rules.cue.person_from", RULE_CONFIDENCE["name"]))
    return out


def local_programme_relations(doc: WorkDoc) -> list[Relation]:
    """A local programme ("Kouvolan seudun KOKO") is part of the national one when the document names both."""
    out = []
    by_name = {normalise_key(e.name): i for i, e in enumerate(doc.entities) if e.kind == NodeKind.PROGRAMME}
    for mention in doc.mentions:
        national = mention.attrs.get("national")
        if not national or mention.entity < 0:
            continue
        whole = by_name.get(normalise_key(national))
        if whole is not None and whole != mention.entity:
            sentence = doc.sentence_at(mention.start)
            start, end = (sentence.start, sentence.end) if sentence else (mention.start, mention.end)
            out.append(Relation(mention.entity, RelationType.PART_OF, whole, start, end, "rules.local_programme",
                                RULE_CONFIDENCE["name"]))
            break
    return out


def prose_relations(doc: WorkDoc) -> list[Relation]:
    out = []
    for sentence in doc.sentences:
        block = doc.blocks[sentence.block] if sentence.block >= 0 else None
        if block is None or block.kind in (CONTACT, FIELD):
            continue
        if block.kind == ROW and _cell_column(block, sentence.start) in ("projects", "responsible", "funders",
                                                                          "partners"):
            continue
        out.extend(sentence_relations(doc, sentence))
    return out


def _cell_column(block, position: int) -> str:
    for cell in block.cells:
        if cell.start <= position < cell.end:
            return cell.column
    return ""


def merged(relations: list[Relation]) -> dict[tuple, list[Relation]]:
    """Relations by (source, type, target); an undirected relation's ends in a fixed order."""
    out: dict[tuple, list[Relation]] = defaultdict(list)
    for r in relations:
        key = (r.source, r.type, r.target)
        if r.type.undirected and r.target < r.source:
            key = (r.target, r.type, r.source)
        out[key].append(r)
    return out
