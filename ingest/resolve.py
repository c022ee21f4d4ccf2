"""Resolution: mentions -> entities, each with all its surface forms.

Mentions are one entity when their kind and normalised name agree
("Talent HUB", "TalentHub", "Talent Hub"). Beyond that, within one document:

- a misspelt repeat of a long name joins it ("aluekehotystyölle" ~ "aluekehitystyölle");
- a shortened name joins the one longer name of its kind that ends with it
  ("Business Center" -> "Kuopio Business Center", "ELY" -> "Pohjois-Karjalan ELY-keskus");
- an unknown acronym joins the name whose compound initials it spells
  ("KYP" -> "Kaupunkiympäristön palvelualue");
- a name seen both as an actor and as a project is the kind its strongest evidence says
  (a "Vastuutaho" column or a contact block makes it an organisation);
- "kaupunki" in a city's own action plan is that city.

Distinct things sharing a name stay apart: kinds differ (the municipality Nurmes
and Nurmeksen Kehitys Oy), and two people with one name in different
organisations become "Matti Virtanen (Lapin yliopisto)" and
"Matti Virtanen (Napapiirin Kasvu Oy)". A person's organisation is added to
the name only when one document has two same-name people in different
organisations, so ids stay stable otherwise.

>>> from alueverkko.graph.model import Document
>>> doc = WorkDoc(Document("d", "t", "t.txt", "Talent HUB ja TalentHub"))
>>> doc.mentions = [Mention(0, 10, "Talent HUB", NodeKind.PROJECT, "x", 0.8, name="Talent HUB"),
...                 Mention(14, 23, "TalentHub", NodeKind.PROJECT, "x", 0.8, name="TalentHub")]
>>> resolve(doc)
>>> [(e.name, len(e.mentions)) for e in doc.entities]
[('Talent HUB', 2)]
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from rapidfuzz import fuzz

from alueverkko.graph.model import NodeKind
from alueverkko.ingest import lexicon
from alueverkko.ingest.canonical import sentence_case
from alueverkko.ingest.doc import Entity, Mention, WorkDoc
from alueverkko.ingest.structure import HEADING
from alueverkko.ingest.tokens import normalise_key

ACTOR_ROLES = ("cell:responsible", "cell:partners", "cell:funders", "field:coordinators", "field:funders",
               "field:partners", "contact:org")
NAMED_KINDS = (NodeKind.PROJECT, NodeKind.PROGRAMME, NodeKind.NETWORK, NodeKind.ORGANISATION, NodeKind.FUND)


def resolve(doc: WorkDoc) -> None:
    """Group the document's mentions into entities and decide its topic and home municipality."""
    _drop_suppressed(doc)
    _settle_kinds(doc)
    groups = _group(doc.mentions)
    groups = _merge_groups(doc, groups)
    _split_people(doc, groups)
    doc.entities = []
    for members in groups.values():
        if not members:
            continue
        entity = Entity(doc.mentions[members[0]].kind, _display_name(doc, members), sorted(members))
        for i in members:
            doc.mentions[i].entity = len(doc.entities)
        doc.entities.append(entity)
    _qualify_departments(doc)


STRUCTURE_EXTRACTORS = ("rules.table.", "rules.contact", "rules.kv_field", "rules.document_name")


def _qualify_departments(doc: WorkDoc) -> None:
    """A city department named by common words ("Yrityspalvelu", "Kasvu ja oppiminen") is that city's:
    its name says whose, so that every city's "Tilakeskus" does not become one node."""
    for entity in doc.entities:
        if entity.kind != NodeKind.ORGANISATION:
            continue
        mentions = [doc.mentions[i] for i in entity.mentions]
        if not all(m.extractor.startswith(STRUCTURE_EXTRACTORS) for m in mentions):
            continue
        city = doc.notes.get("home_name") or _department_city(doc, mentions)
        if city and _common_words_only(entity.name):
            entity.attrs["department_of"] = city
            entity.name = f"{entity.name} ({city})"


def _department_city(doc: WorkDoc, mentions: list[Mention]) -> str | None:
    """"Lieksan kaupungin elinvoimapalvelut": the city named right before a department."""
    for m in mentions:
        match = re.search(r"\b([A-ZÅÄÖ]\w+n)\s+(kaupungin|kunnan)\s+$", doc.text[max(0, m.start - 40):m.start])
        if match:
            place = lexicon.lemma(match.group(1))
            if lexicon.is_place(match.group(1)):
                return place
    return None


def _common_words_only(name: str) -> bool:
    words = [w for w in re.split(r"[\s-]+", name) if w and w not in ("ja", "sekä")]
    return bool(words) and all(lexicon.is_common_word(w) and not lexicon.is_proper(w) for w in words)


def _drop_suppressed(doc: WorkDoc) -> None:
    spans = doc.notes.get("suppressed", [])
    doc.mentions = [m for m in doc.mentions if not any(a <= m.start and m.end <= b for a, b in spans)]


def _key(mention: Mention) -> tuple[str, str]:
    return mention.kind.value, normalise_key(mention.name)


def _group(mentions: list[Mention]) -> dict[tuple[str, str], list[int]]:
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, mention in enumerate(mentions):
        groups[_key(mention)].append(i)
    return dict(groups)


def _settle_kinds(doc: WorkDoc) -> None:
    """One kind per name among organisations, projects, programmes, networks and funds."""
    by_name: dict[str, list[Mention]] = defaultdict(list)
    for mention in doc.mentions:
        if mention.kind in NAMED_KINDS:
            by_name[normalise_key(mention.name)].append(mention)
    roles = _roles_by_span(doc)
    for mentions in by_name.values():
        kinds = {m.kind for m in mentions}
        if len(kinds) < 2:
            continue
        score: Counter = Counter()
        for m in mentions:
            weight = m.confidence + (1.0 if m.extractor.startswith("gazetteer") else 0.0)
            if m.kind == NodeKind.ORGANISATION and (m.role in ACTOR_ROLES or roles.get((m.start, m.end))):
                weight += 1.0
            score[m.kind] += weight
        best = score.most_common(1)[0][0]
        for m in mentions:
            m.kind = best


def _roles_by_span(doc: WorkDoc) -> dict[tuple[int, int], str]:
    return {(a, b): role for a, b, role, _ in doc.notes.get("roles", [])}


def _merge_groups(doc: WorkDoc, groups: dict[tuple[str, str], list[int]]) -> dict[tuple[str, str], list[int]]:
    for rule in (_merge_acronyms, _merge_typos, _merge_number, _merge_units, _merge_shortened, _merge_leading,
                 _merge_initials, _merge_network_items):
        groups = rule(doc, groups)
    return groups


def _names(doc: WorkDoc, groups) -> dict[tuple[str, str], str]:
    return {k: doc.mentions[v[0]].name for k, v in groups.items()}


def _merge_acronyms(doc: WorkDoc, groups):
    """"Vetovoimaa kansainvälisistä osaajista/VEKO": a name written with its acronym; "VeKo" is the same."""
    for key in list(groups):
        if key not in groups:
            continue
        for i in list(groups[key]):
            acronym = doc.mentions[i].attrs.get("acronym")
            if not acronym or doc.mentions[i].extractor.startswith("gazetteer"):
                continue
            other = (key[0], normalise_key(acronym))
            _join(doc, groups, key, other)
    return groups


UNIT_WORDS = re.compile(r"[\s-]*(yksikkö|instituutti|laitos|keskus)$")


def _merge_units(doc: WorkDoc, groups):
    """"Helsingin yliopiston Ruralia -yksikkö" is the "Helsingin yliopiston Ruralia-instituutti" the page names."""
    names = _names(doc, groups)
    stems: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key, name in names.items():
        if key[0] == NodeKind.ORGANISATION.value and UNIT_WORDS.search(name) and len(name.split()) >= 2:
            stems[normalise_key(UNIT_WORDS.sub("", name))].append(key)
    for keys in stems.values():
        if len(keys) == 2:
            into, other = sorted(keys, key=lambda k: (any(doc.mentions[i].extractor.startswith("gazetteer")
                                                          for i in groups[k]), len(groups[k])), reverse=True)
            _join(doc, groups, into, other)
    return groups


def _merge_number(doc: WorkDoc, groups):
    """"Yrityspalvelut" and "Yrityspalvelu" in one document are one organisation."""
    for key in list(groups):
        kind, name = key
        singular = (kind, name[:-1])
        if kind == NodeKind.ORGANISATION.value and name.endswith("t") and singular in groups and key in groups:
            into, other = sorted((key, singular), key=lambda k: _authority(doc, groups[k]), reverse=True)
            _join(doc, groups, into, other)
    return groups


def _merge_leading(doc: WorkDoc, groups):
    """"Kuopio-Tahko Oy" and "Kuopio-Tahko" are "Kuopio-Tahko matkailumarkkinointi Oy" when it is the only
    organisation whose name starts so; a project with no years of its own ("Invest & Grow") likewise joins the
    only project whose name starts with it."""
    names = _names(doc, groups)
    for key in list(groups):
        kind = key[0]
        if key not in groups or kind not in (NodeKind.ORGANISATION.value, NodeKind.PROJECT.value):
            continue
        if kind == NodeKind.PROJECT.value and any("years" in doc.mentions[i].attrs for i in groups[key]):
            continue
        short = _without_legal_form(names[key])
        if len(normalise_key(short)) < 4:
            continue
        longer = [k for k in groups if k != key and k[0] == kind and k in names and
                  _starts_with_words(_without_legal_form(names[k]), short)]
        if len(longer) == 1:
            _join(doc, groups, longer[0], key)
    return groups


def _starts_with_words(long: str, short: str) -> bool:
    """"Invest & Grow in Kuopio region" starts with "Invest&Grow"; "Lapin liittoneuvosto" not with "Lapin liitto"."""
    target = normalise_key(short)
    if not normalise_key(long).startswith(target) or len(normalise_key(long)) <= len(target):
        return False
    for i in range(len(short) // 2, len(long)):
        if normalise_key(long[:i]) == target:
            rest = long[i:]
            return bool(rest.strip()) and rest[:1] in (" ", "-", "&")
    return False


def _without_legal_form(name: str) -> str:
    from alueverkko.ingest.patterns import LEGAL_FORMS
    words = name.split()
    while words and words[-1] in LEGAL_FORMS:
        words.pop()
    return " ".join(words)


def _merge_network_items(doc: WorkDoc, groups):
    """A list's "Innovaatio ja osaaminen" network is the "Innovaatio-verkosto" the page names in full."""
    names = _names(doc, groups)
    for key in list(groups):
        if key not in groups or key[0] != NodeKind.NETWORK.value:
            continue
        if not all(doc.mentions[i].extractor == "rules.list.networks" for i in groups[key]):
            continue
        first = re.split(r"[\s-]+", names[key])[0].lower()
        full = [k for k in groups if k != key and k[0] == key[0] and k in names
                and not all(doc.mentions[i].extractor == "rules.list.networks" for i in groups[k])
                and re.split(r"[\s-]+", names[k])[0].lower() == first]
        if len(full) == 1:
            _join(doc, groups, full[0], key)
    return groups


def _join(doc: WorkDoc, groups, into, other) -> None:
    """Move ``other``'s mentions into ``into``; they take its name."""
    if into == other or other not in groups or into not in groups:
        return
    name = doc.mentions[groups[into][0]].name
    for i in groups[other]:
        doc.mentions[i].name = name
    groups[into].extend(groups.pop(other))


def _authority(doc: WorkDoc, members: list[int]) -> tuple[int, int]:
    """How much a group's own name is to be trusted: a field or gazetteer name first, then frequency."""
    trusted = any(doc.mentions[i].extractor in ("rules.kv_field", "rules.local_programme") for i in members)
    return int(trusted), len(members)


def _merge_typos(doc: WorkDoc, groups):
    """A long name misspelt once joins the name it misspells."""
    keys = sorted(groups, key=lambda k: _authority(doc, groups[k]), reverse=True)
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            if a[0] != b[0] or a not in groups or b not in groups or a[0] == NodeKind.PERSON.value:
                continue
            if min(len(a[1]), len(b[1])) >= 14 and fuzz.ratio(a[1], b[1]) >= 93:
                _join(doc, groups, a, b)
    return groups


def _merge_shortened(doc: WorkDoc, groups):
    """"Business Center" joins "Kuopio Business Center" when that is the only longer name ending so."""
    names = {k: doc.mentions[v[0]].name for k, v in groups.items()}
    for key in list(groups):
        kind, short = key
        if key not in groups or kind in (NodeKind.MUNICIPALITY.value, NodeKind.REGION.value, NodeKind.PERSON.value):
            continue
        short_name = names[key]
        longer = [k for k in groups if k != key and k[0] == kind and _ends_with_words(names[k], short_name)
                  and not any(doc.mentions[i].attrs.get("national") == short_name for i in groups[k])]
        if len(longer) == 1 and not _is_national_name(doc, groups[key]):
            _join(doc, groups, longer[0], key)
    return groups


def _ends_with_words(long: str, short: str) -> bool:
    long_key, short_key = normalise_key(long), normalise_key(short)
    if len(short_key) < 3 or len(long_key) <= len(short_key) or not long_key.endswith(short_key):
        return False
    head = long[: len(long) - len(short)] if long.lower().endswith(short.lower()) else ""
    return bool(head) and head[-1:] in (" ", "-") or long.split()[-1].lower() == short.lower() or \
        (head == "" and long.split()[-1].lower().endswith(short.lower()) and short[:1].isupper() and
         len(long.split()) > 1)


def _is_national_name(doc: WorkDoc, members: list[int]) -> bool:
    # A national programme named in its own right ("KOKO") is not a shortened local one.
    return any(doc.mentions[i].attrs.get("national_scope") for i in members)


def _merge_initials(doc: WorkDoc, groups):
    """An unknown acronym joins the organisation whose compound initials it spells ("KYP")."""
    names = {k: doc.mentions[v[0]].name for k, v in groups.items()}
    for key in list(groups):
        name = names[key]
        acronym = _without_legal_form(name)
        if key not in groups or not re.fullmatch(r"[A-ZÅÄÖ]{3,6}", acronym) or \
                any(doc.mentions[i].extractor.startswith("gazetteer") for i in groups[key]):
            continue
        spelled = [k for k in groups if k != key and k[0] in (NodeKind.ORGANISATION.value, key[0])
                   and len(names[k].split()) >= 2 and acronym in _initials(names[k])]
        if len(spelled) == 1:
            _join(doc, groups, spelled[0], key)
    return groups


def _initials(name: str) -> set[str]:
    """Ways an acronym may spell a name: each word by its own initial or by its compound parts'.

    >>> sorted(_initials("Kaupunkiympäristön palvelualue"))
    ['KP', 'KPA', 'KYP', 'KYPA']
    """
    options = [""]
    for word in _without_legal_form(name).split():
        spellings = {"".join(p[:1].upper() for p in word.split("-") if p), lexicon.compound_initials(word)}
        options = [o + s for o in options for s in spellings]
    return set(options)


def _split_people(doc: WorkDoc, groups) -> None:
    """Two people with one name in different organisations become two entities."""
    for key in [k for k in groups if k[0] == NodeKind.PERSON.value]:
        orgs: dict[int, str] = {}
        for i in groups[key]:
            org = doc.mentions[i].attrs.get("organisation")
            if org:
                orgs[i] = org
        if len(set(orgs.values())) < 2:
            continue
        members = groups.pop(key)
        for org in sorted(set(orgs.values())):
            own = [i for i in members if orgs.get(i) == org]
            for i in own:
                doc.mentions[i].name = f"{doc.mentions[i].name} ({org})"
            groups[(key[0], key[1] + "|" + org)] = own
        rest = [i for i in members if i not in orgs]
        if rest:
            # A mention without an organisation goes with the nearest same-name mention before it.
            for i in rest:
                before = [j for j in orgs if doc.mentions[j].start < doc.mentions[i].start] or list(orgs)
                nearest = max(before, key=lambda j: doc.mentions[j].start)
                doc.mentions[i].name = doc.mentions[nearest].name
                groups[(key[0], key[1] + "|" + orgs[nearest])].append(i)


def _display_name(doc: WorkDoc, members: list[int]) -> str:
    """The entity's name: the gazetteer's, else the most frequent written name that is not all capitals."""
    mentions = [doc.mentions[i] for i in members]
    for m in mentions:
        if m.extractor.startswith("gazetteer") and m.name:
            return m.name
    for m in mentions:
        if m.extractor in ("rules.kv_field", "rules.local_programme", "rules.acronym_definition") and m.name:
            return m.name
    # Mentions found by repeating a name copy it; only the ones that read a name vote.
    voters = [m for m in mentions if m.extractor != "rules.document_name"] or mentions
    counts = Counter(m.name for m in voters if m.name and not _shouting(m.name))
    if counts:
        best = max(counts.items(), key=lambda kv: (kv[1], _readability(kv[0])))[0]
        return best
    return sentence_case(mentions[0].name)


def _shouting(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return len(letters) > 5 and all(c.isupper() for c in letters)


def _readability(name: str) -> tuple[int, int]:
    # Prefer spaced, mixed-case forms ("Talent Hub" over "TalentHub" or "Talent HUB").
    return (name.count(" "), -sum(1 for c in name if c.isupper()))


# -- topic and home municipality -----------------------------------------------------

def find_topic_mention(doc: WorkDoc) -> None:
    """The mention naming what the document is about: its "Hankkeen nimi:" field, else a title heading."""
    for mention in doc.mentions:
        if mention.role == "field:name":
            doc.notes["topic_mention"] = mention
            return
    for block in doc.blocks[:12]:
        if block.kind != HEADING:
            continue
        for mention in doc.mentions:
            if block.start <= mention.start and mention.end <= block.end \
                    and mention.kind in (NodeKind.PROJECT, NodeKind.PROGRAMME, NodeKind.NETWORK) \
                    and _title_of(doc.text[block.start:mention.start], doc.text[mention.end:block.end]):
                doc.notes["topic_mention"] = mention
                return


def settle_topic(doc: WorkDoc) -> None:
    """The topic entity: the topic mention's, else the document's only project."""
    mention = doc.notes.get("topic_mention")
    if mention is not None and mention.entity >= 0:
        doc.topic = mention.entity
        return
    projects = [i for i, e in enumerate(doc.entities) if e.kind == NodeKind.PROJECT]
    if len(projects) == 1 and _named_in_lead(doc, projects[0]):
        doc.topic = projects[0]


def _named_in_lead(doc: WorkDoc, entity: int) -> bool:
    """The document's only project is its topic when its opening heading or paragraph names it."""
    lead = [b for b in doc.blocks if b.kind in (HEADING, "paragraph")][:2]
    return any(b.start <= doc.mentions[i].start < b.end for b in lead for i in doc.entities[entity].mentions)


def scope_programme_acronyms(doc: WorkDoc) -> None:
    """A bare national acronym ("KOKO") on a local programme's own page means that local programme,
    except where the text speaks of the national one (a heading naming it, "kansallinen", its full name)."""
    topic = doc.notes.get("topic_mention")
    if topic is None:
        return
    national = topic.attrs.get("national")
    if not national:
        return
    national_sections = {i for i, b in enumerate(doc.blocks) if b.kind == HEADING and _names_national(doc, b, national)}
    for mention in doc.mentions:
        if mention.name != national or mention.kind != NodeKind.PROGRAMME or not _bare(mention, national):
            continue
        block = doc.block_at(mention.start)
        section = doc.blocks[block].section if block >= 0 else -1
        if section in national_sections or _national_context(doc, mention):
            mention.attrs["national_scope"] = True
            continue
        mention.name = topic.name
        for key in ("acronym", "register_name", "type"):
            mention.attrs.pop(key, None)  # the national programme's register data is not the local one's
        mention.attrs["local_reading"] = True


def _names_national(doc: WorkDoc, block, national: str) -> bool:
    inside = [m for m in doc.mentions if block.start <= m.start and m.end <= block.end]
    return any(m.name == national for m in inside) and not any(m.attrs.get("national") for m in inside)


def _bare(mention: Mention, national: str) -> bool:
    return normalise_key(mention.text).startswith(normalise_key(national))


def _national_context(doc: WorkDoc, mention: Mention) -> bool:
    before = doc.text[max(0, mention.start - 30):mention.start].lower()
    after = doc.text[mention.end:mention.end + 40].lower()
    return bool(re.search(r"(kansallis|valtakunnallis)\w*\s*$", before) or re.match(r"\s*,\s*\w+- ja", after))


def _title_of(before: str, after: str) -> bool:
    """A heading that is the name, perhaps with years, markup or a subtitle after a dash."""
    before = re.sub(r"[\s*#_\[\]:|]+", "", before)
    after = after.strip(" *#_")
    after = re.sub(r"^[\s,]*\(?\d{4}\s*[-–]\s*\d{2,4}\)?", "", after).strip()
    return not before and (not after or after[:1] in "–-:|")


def find_home(doc: WorkDoc) -> None:
    """The municipality whose own document this is, when the document speaks of "kaupunki" as an actor."""
    candidates = doc.notes.get("candidates", [])
    topic = doc.notes.get("topic_mention")
    if topic is not None:
        spans = [(m.start, m.end) for m in doc.mentions if m.name == topic.name and m.kind == topic.kind]
        for m in candidates:
            if m.kind == NodeKind.MUNICIPALITY and any(a <= m.start and m.end <= b for a, b in spans):
                doc.notes["home_name"] = m.name
                return
    counts = Counter(m.name for m in doc.mentions if m.kind == NodeKind.MUNICIPALITY and m.name)
    if counts and any(m.attrs.get("home") for m in doc.mentions):
        name, count = counts.most_common(1)[0]
        if count >= 3:
            doc.notes["home_name"] = name


def assign_home(doc: WorkDoc) -> None:
    """Name the "kaupunki" mentions after the home municipality, or drop them when there is none."""
    home = doc.notes.get("home_name")
    kept = []
    for mention in doc.mentions:
        if mention.attrs.get("home"):
            if not home:
                continue
            mention.name = home
        kept.append(mention)
    doc.mentions = kept


def home_in_lists(doc: WorkDoc) -> None:
    """"Savonian, UEFin, kaupungin ja kauppakamarin yhteinen hanke": "kaupunki" listed among actors is the city."""
    if not doc.notes.get("home_name"):
        return
    from alueverkko.ingest.mentions import make_mention
    tokens = doc.tokens
    actors = [m for m in doc.mentions if m.kind in (NodeKind.ORGANISATION, NodeKind.MUNICIPALITY)]
    added = []
    for i, token in enumerate(tokens):
        if token.text.lower() not in ("kaupunki", "kaupungin") or any(m.start <= token.start < m.end
                                                                     for m in doc.mentions):
            continue
        before = tokens[i - 1].text if i > 0 else ""
        after = tokens[i + 1].text if i + 1 < len(tokens) else ""
        if before in (",", "ja", "sekä") and any(m.end <= token.start and token.start - m.end <= 6 for m in actors) \
                or after in (",",) and any(m.start >= token.end and m.start - token.end <= 4 for m in actors):
            added.append(make_mention(doc, token.start, token.end, NodeKind.MUNICIPALITY, "rules.home_city", 0.65,
                                      home=True))
    doc.mentions = sorted(doc.mentions + added, key=lambda m: m.start)
