"""Relations stated in prose: cue words and the grammatical cases around them.

A clause is read for one cue at a time. Who does what is told by case, as
Finnish tells it: the coordinator or funder is in the nominative ("Satakuntaliitto
koordinoi"), the thing coordinated in the partitive ("ohjelmaa koordinoi"), the
programme one takes part in is in the inessive or illative ("KOKO:ssa ovat
mukana", "osallistuu hankkeeseen"), a partner stands before "kanssa"
("yhteistyössä Turun yliopiston kanssa"), a passive's funder in the adessive
("rahoitetaan Euroopan aluekehitysrahastolla").

A generic word in an argument's place ("Hanketta koordinoi ...", "Pajaan
osallistuu ...") or a pronoun ("jota koordinoi", "sitä hallinnoi") refers back to
the nearest earlier entity it fits, else to the document's topic.

>>> CUE_VERSION
'1'
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from alueverkko.graph.model import NodeKind, RelationType
from alueverkko.ingest import lexicon
from alueverkko.ingest.doc import Mention, Relation, WorkDoc
from alueverkko.ingest.structure import Sentence
from alueverkko.ingest.tokens import Token

CUE_VERSION = "1"
ACTORS = (NodeKind.ORGANISATION, NodeKind.MUNICIPALITY, NodeKind.REGION, NodeKind.PERSON)
#: Who can coordinate or fund: not a region as such, nor a person.
DOERS = (NodeKind.ORGANISATION, NodeKind.MUNICIPALITY)
THINGS = (NodeKind.PROJECT, NodeKind.PROGRAMME, NodeKind.NETWORK, NodeKind.FUND)
#: Words that stand for an entity of a kind ("hanketta" = the project spoken of).
KIND_WORDS = {
    "hanke": (NodeKind.PROJECT,), "projekti": (NodeKind.PROJECT,), "ohjelma": (NodeKind.PROGRAMME,),
    "toimenpideohjelma": (NodeKind.PROGRAMME,), "strategia": (NodeKind.PROGRAMME,),
    "sopimus": (NodeKind.PROGRAMME,), "verkosto": (NodeKind.NETWORK,), "rahasto": (NodeKind.FUND,),
    "yhtiö": (NodeKind.ORGANISATION,), "yhdistys": (NodeKind.ORGANISATION,), "seutu": (NodeKind.REGION,),
    "seutukunta": (NodeKind.REGION,), "kehittämistyö": (NodeKind.PROJECT, NodeKind.PROGRAMME),
}
PRONOUNS = frozenset({"se", "sitä", "sen", "jota", "joka", "jonka", "joita", "jotka", "tämä", "tätä", "niitä",
                      "sitä", "jossa", "johon", "siihen", "siinä"})
CLAUSE_BREAK = re.compile(r",\s+(?:ja|sekä|mutta|kun)\s+|;\s+|,\s+(?=(?:joka|jota|jonka|jotka|joita|jossa|johon)\b)")


@dataclass
class Clause:
    start: int
    end: int
    sentence: Sentence
    mentions: list[Mention]
    tokens: list[Token]

    def lemmas(self) -> list[set[str]]:
        return [{b.lower() for b in lexicon.base_forms(t.text.lower())} | {t.text.lower()} for t in self.tokens]


def clauses(doc: WorkDoc, sentence: Sentence) -> list[Clause]:
    cuts = [sentence.start]
    for m in CLAUSE_BREAK.finditer(sentence.text):
        cuts.append(sentence.start + m.start() + 1)
    cuts.append(sentence.end)
    out = []
    for a, b in zip(cuts, cuts[1:]):
        mentions = [m for m in mentions_starting(doc, a, b) if m.end <= b and m.entity >= 0]
        out.append(Clause(a, b, sentence, mentions, [t for t in doc.tokens_between(a, b) if t.is_word]))
    return out


def sentence_relations(doc: WorkDoc, sentence: Sentence) -> list[Relation]:
    out: list[Relation] = []
    for clause in clauses(doc, sentence):
        lemmas = clause.lemmas()
        for rule in (_coordinates, _funds, _participates, _collaborates, _part_of):
            out.extend(rule(doc, clause, lemmas))
    return out


# -- helpers --------------------------------------------------------------------------

def mentions_starting(doc: WorkDoc, low: int, high: int) -> list[Mention]:
    """The document's mentions that start within ``low..high`` (both included), in their order.

    Looked up by bisection when the mentions are in text order (as they are once
    resolved): every clause asks, and scanning all mentions for each made long
    documents quadratic.
    """
    mentions = doc.mentions
    cached = doc.notes.get("mention_starts")
    if cached is None or cached[0] is not mentions or len(cached[1]) != len(mentions):
        starts = [m.start for m in mentions]
        cached = (mentions, starts, all(a <= b for a, b in zip(starts, starts[1:])))
        doc.notes["mention_starts"] = cached
    _, starts, ordered = cached
    if not ordered:
        return [m for m in mentions if low <= m.start <= high]
    return mentions[bisect.bisect_left(starts, low):bisect.bisect_right(starts, high)]


def _kind(doc: WorkDoc, mention: Mention) -> NodeKind:
    return doc.entities[mention.entity].kind


def _relation(doc: WorkDoc, clause: Clause, source: int, type_: RelationType, target: int, extractor: str,
              confidence: float) -> Relation | None:
    if source < 0 or target < 0 or source == target:
        return None
    s = clause.sentence
    return Relation(source, type_, target, s.start, s.end, f"rules.cue.{extractor}", confidence)


def _index_of(clause: Clause, lemmas: list[set[str]], words: tuple[str, ...]) -> int:
    for i, forms in enumerate(lemmas):
        if forms & set(words):
            return i
    return -1


def _actors(doc: WorkDoc, clause: Clause, cases: tuple[str | None, ...] = ("nominative", None)) -> list[Mention]:
    return [m for m in clause.mentions if _kind(doc, m) in ACTORS and m.head_case in cases]


def _things(doc: WorkDoc, clause: Clause, cases=None) -> list[Mention]:
    return [m for m in clause.mentions if _kind(doc, m) in THINGS and (cases is None or m.head_case in cases)]


def _nearest(mentions: list[Mention], position: int) -> Mention | None:
    return min(mentions, key=lambda m: abs(m.start - position)) if mentions else None


def _with_coordinated(doc: WorkDoc, clause: Clause, mention: Mention, candidates: list[Mention]) -> list[Mention]:
    """The mention and the ones listed with it ("X, Y ja Z")."""
    ordered = sorted(candidates, key=lambda m: m.start)
    i = ordered.index(mention)
    chosen = [mention]
    for step in (1, -1):
        j = i
        while 0 <= j + step < len(ordered):
            a, b = sorted((ordered[j], ordered[j + step]), key=lambda m: m.start)
            if doc.text[a.end:b.start].strip() not in ("ja", "sekä", "tai", ","):
                break
            j += step
            chosen.append(ordered[j])
    return chosen


def referent(doc: WorkDoc, clause: Clause, kinds: tuple[NodeKind, ...], before: int,
             head: str | None = None) -> int:
    """The entity a generic word or pronoun at ``before`` refers to, or -1."""
    candidates = [m for m in mentions_starting(doc, _lookback_floor(doc, clause), before)
                  if m.entity >= 0 and m.end <= before and _kind(doc, m) in kinds]
    if head:
        candidates = [m for m in candidates if doc.entities[m.entity].name.lower().split()[-1].endswith(head)]
    if candidates:
        return max(candidates, key=lambda m: m.start).entity
    if doc.topic >= 0 and doc.entities[doc.topic].kind in kinds and head is None:
        return doc.topic
    return -1


def _lookback_floor(doc: WorkDoc, clause: Clause) -> int:
    block = clause.sentence.block
    if block < 0:
        return clause.sentence.start
    first = max(0, block - 2)
    section = doc.blocks[block].section
    while first < block and doc.blocks[first].section != section:
        first += 1
    return doc.blocks[first].start


def _generic_argument(doc: WorkDoc, clause: Clause, lemmas, cases: tuple[str, ...], kinds) -> int:
    """An argument written as a kind word or pronoun in one of ``cases``: its referent, else -2 (none written)."""
    for token, forms in zip(clause.tokens, lemmas):
        if any(m.start <= token.start < m.end for m in clause.mentions):
            continue
        if lexicon.case_of(token.text) not in cases and token.text.lower() not in PRONOUNS:
            continue
        if token.text.lower() in PRONOUNS and lexicon.case_of(token.text.lower()) in cases:
            return referent(doc, clause, kinds, token.start)
        for word, word_kinds in KIND_WORDS.items():
            if word in forms and set(word_kinds) & set(kinds):
                return referent(doc, clause, tuple(k for k in word_kinds if k in kinds), token.start)
        head = _head_reference(doc, clause, token, kinds)
        if head >= 0:
            return head
    return -2


def _head_reference(doc: WorkDoc, clause: Clause, token: Token, kinds) -> int:
    """"Pajaan" refers to "Nuorten yrittäjyyspaja": a noun that is the head of a recent name."""
    base = lexicon.lemma(token.text.lower()).lower()
    if len(base) < 4 or not lexicon.is_common_word(token.text.lower()):
        return -1
    return referent(doc, clause, kinds, token.start, head=base)


def _object_or_topic(doc: WorkDoc, clause: Clause, lemmas, cases, kinds, exclude: set[int]) -> tuple[int, float]:
    explicit = [m for m in clause.mentions if _kind(doc, m) in kinds and m.entity not in exclude
                and (m.head_case in cases or m.head_case is None)]
    if explicit:
        return explicit[0].entity, 0.75
    generic = _generic_argument(doc, clause, lemmas, cases, kinds)
    if generic >= 0:
        return generic, 0.65
    if generic == -2:
        # Nothing written in the argument's place: the thing the same block spoke of last, else the topic.
        earlier = [m for m in doc.mentions if m.entity >= 0 and m.end <= clause.start and _kind(doc, m) in kinds
                   and m.entity not in exclude and doc.block_at(m.start) == clause.sentence.block]
        if earlier and _same_cell(doc, earlier[-1], clause):
            return earlier[-1].entity, 0.6
        if doc.topic >= 0 and doc.entities[doc.topic].kind in kinds and doc.topic not in exclude:
            return doc.topic, 0.6
    return -1, 0.0


def _same_cell(doc: WorkDoc, mention: Mention, clause: Clause) -> bool:
    block = doc.blocks[clause.sentence.block] if clause.sentence.block >= 0 else None
    if block is None or not block.cells:
        return True
    return any(c.start <= mention.start < c.end and c.start <= clause.start < c.end for c in block.cells)


# -- cue rules -----------------------------------------------------------------------------

COORDINATE_VERBS = ("koordinoida", "hallinnoida")
COORDINATE_NOUNS = ("vetovastuu", "toteuttaja", "osatoteuttaja", "päätoteuttaja", "koordinaattori", "hallinnoija")


def _coordinates(doc: WorkDoc, clause: Clause, lemmas) -> list[Relation]:
    """koordinoi, hallinnoi, vastaa koordinoinnista, vetovastuu, toteuttaja -> COORDINATES."""
    text = doc.text[clause.start:clause.end].lower()
    verb = _index_of(clause, lemmas, COORDINATE_VERBS)
    noun = _index_of(clause, lemmas, COORDINATE_NOUNS)
    answer = "koordinoinnista" in text and _index_of(clause, lemmas, ("vastata",)) >= 0
    if verb < 0 and noun < 0 and not answer:
        return []
    subjects = _coordinators(doc, clause, lemmas, text, verb, noun)
    if not subjects:
        return []
    target, confidence = _object_or_topic(doc, clause, lemmas, ("partitive", "genitive", "elative", "nominative"),
                                          THINGS, set(subjects))
    return _each(doc, clause, subjects, RelationType.COORDINATES, target, "coordinates", confidence)


def _coordinators(doc: WorkDoc, clause: Clause, lemmas, text: str, verb: int, noun: int) -> list[int]:
    """Who coordinates: the agent of "X:n koordinoimana", the owner of "vetovastuu X:llä", or the subject."""
    agent = re.search(r"\b(koordinoima|hallinnoima)", text)
    if agent:
        subjects = [m for m in clause.mentions if _kind(doc, m) in DOERS and m.head_case == "genitive"
                    and m.end <= clause.start + agent.start()][-1:]
    elif noun >= 0 and verb < 0:
        subjects = [m for m in clause.mentions if _kind(doc, m) in DOERS
                    and m.head_case in ("adessive", "nominative", None)]
    else:
        subjects = _subject_list(doc, clause, clause.tokens[max(verb, noun, 0)].start)
    if subjects:
        return [m.entity for m in subjects]
    generic = _generic_argument(doc, clause, lemmas, ("nominative",), DOERS)
    return [generic] if generic >= 0 else []


def _subject_list(doc: WorkDoc, clause: Clause, position: int) -> list[Mention]:
    """The nominative doer nearest the verb and those listed with it."""
    doers = [m for m in _actors(doc, clause) if _kind(doc, m) in DOERS]
    nearest = _nearest(doers, position)
    return _with_coordinated(doc, clause, nearest, doers) if nearest else []


def _each(doc: WorkDoc, clause: Clause, sources: list[int], type_: RelationType, target: int, rule: str,
          confidence: float) -> list[Relation]:
    return [r for s in sources if (r := _relation(doc, clause, s, type_, target, rule, confidence))]


FUNDABLE = (NodeKind.PROJECT, NodeKind.PROGRAMME, NodeKind.NETWORK)


def _funds(doc: WorkDoc, clause: Clause, lemmas) -> list[Relation]:
    """rahoittaa, rahoitetaan X:llä, rahoitus tuli X:ltä, X budjetti ... -rahaa -> FUNDS."""
    text = doc.text[clause.start:clause.end].lower()
    if re.search(r"\brahoitetaan\b|\brahoitettiin\b", text):
        return _funds_passive(doc, clause, lemmas)
    if _index_of(clause, lemmas, ("rahoitus",)) >= 0 and re.search(r"\b(tuli|tulee|saatiin|saadaan)\b", text):
        return _funds_source(doc, clause)
    verb = _index_of(clause, lemmas, ("rahoittaa", "osarahoittaa"))
    if verb >= 0:
        return _funds_active(doc, clause, lemmas, verb)
    if _index_of(clause, lemmas, ("budjetti",)) >= 0:
        return _funds_budget(doc, clause)
    return []


def _funds_passive(doc: WorkDoc, clause: Clause, lemmas) -> list[Relation]:
    """"Y rahoitetaan Z:lla": Z funds Y."""
    funders = [m.entity for m in clause.mentions if _kind(doc, m) in (NodeKind.FUND, *DOERS)
               and m.head_case == "adessive"]
    if not funders:
        return []
    target, confidence = _object_or_topic(doc, clause, lemmas, ("nominative",), FUNDABLE, set(funders))
    return _each(doc, clause, funders, RelationType.FUNDS, target, "funds_passive", confidence)


def _funds_source(doc: WorkDoc, clause: Clause) -> list[Relation]:
    """"KOKO:n rahoitus tuli TEM:ltä": the source funds the owner of the funding."""
    sources = [m.entity for m in clause.mentions if _kind(doc, m) in DOERS and m.head_case == "ablative"]
    targets = [m.entity for m in clause.mentions if _kind(doc, m) in THINGS and m.head_case == "genitive"]
    return [r for t in targets for r in _each(doc, clause, sources, RelationType.FUNDS, t, "funds_source", 0.7)]


def _funds_active(doc: WorkDoc, clause: Clause, lemmas, verb: int) -> list[Relation]:
    """"X rahoittaa Y:tä", "Y:tä rahoittaa X", "X rahoittaa Z Oy:n toimintaa"."""
    funders = [m.entity for m in _subject_list(doc, clause, clause.tokens[verb].start)]
    if not funders:
        generic = _generic_argument(doc, clause, lemmas, ("nominative",), DOERS)
        funders = [generic] if generic >= 0 else []
    if not funders:
        return []
    things = [m for m in clause.mentions if _kind(doc, m) in FUNDABLE and m.entity not in funders]
    orgs = [m for m in clause.mentions if _kind(doc, m) == NodeKind.ORGANISATION and m.head_case == "genitive"
            and m.entity not in funders and m.start > clause.tokens[verb].start]
    if not things and orgs:
        target, confidence = orgs[0].entity, 0.65  # "rahoittaa Nurmeksen Kehitys Oy:n toimintaa"
    else:
        target, confidence = _object_or_topic(doc, clause, lemmas, ("partitive", "genitive"), FUNDABLE, set(funders))
    return _each(doc, clause, funders, RelationType.FUNDS, target, "funds", confidence)


def _funds_budget(doc: WorkDoc, clause: Clause) -> list[Relation]:
    """"TEM budjetti noin 11 miljoonaa euroa maakunnan kehittämisrahaa": the budget's payers fund the topic."""
    funds = [m.entity for m in clause.mentions if _kind(doc, m) == NodeKind.FUND]
    if not funds:
        return []
    payers = funds + [m.entity for m in _actors(doc, clause) if _kind(doc, m) == NodeKind.ORGANISATION]
    target = doc.topic if doc.topic >= 0 and doc.entities[doc.topic].kind in THINGS else -1
    return _each(doc, clause, payers, RelationType.FUNDS, target, "budget", 0.55)


def _joint(doc: WorkDoc, clause: Clause) -> list[Relation]:
    """"Savonian, UEFin, kaupungin ja kauppakamarin yhteinen TalentHuB-hanke": the owners take part in it."""
    text = doc.text[clause.start:clause.end]
    out = []
    for match in re.finditer(r"\byhtei(nen|sen|stä|sessä|seen)\b", text):
        at = clause.start + match.start()
        things = [m for m in clause.mentions if m.start >= at and _kind(doc, m) in THINGS]
        owners = [m for m in clause.mentions if m.end <= at and m.head_case == "genitive"
                  and _kind(doc, m) in DOERS and _only_list_between(doc, m, at, clause)]
        if things and len(owners) >= 2:
            thing = min(things, key=lambda m: m.start)
            out.extend(r for m in owners if (r := _relation(doc, clause, m.entity, RelationType.PARTICIPATES_IN,
                                                            thing.entity, "joint", 0.65)))
    return out


def _participates(doc: WorkDoc, clause: Clause, lemmas) -> list[Relation]:
    text = doc.text[clause.start:clause.end].lower()
    joint = _joint(doc, clause)
    if joint:
        return joint
    mukana = re.search(r"\bmukana\b", text)
    verb = _index_of(clause, lemmas, ("osallistua", "kuulua"))
    if not mukana and verb < 0:
        return []
    if mukana:
        target_cases = ("inessive", "partitive", "nominative", "genitive")
        member_cases = ("nominative", None, "genitive")
    else:
        target_cases = ("illative",)
        member_cases = ("nominative", None, "genitive")
    if verb >= 0 and not mukana:
        contained = _project_in_programme(doc, clause)
        if contained:
            return contained
    members = [m for m in clause.mentions if _kind(doc, m) in ACTORS[:3] and m.head_case in member_cases
               and not _before_postposition(doc, m) and (m.head_case != "genitive" or _listed_before_plural(doc, m,
                                                                                                          clause))]
    if not members:
        return []
    targets = [m for m in clause.mentions if _kind(doc, m) in THINGS + (NodeKind.REGION,)
               and m.head_case in target_cases and m not in members and not _before_postposition(doc, m)]
    if targets:
        target, confidence = targets[0].entity, 0.75
    else:
        target = _generic_argument(doc, clause, lemmas, target_cases if not mukana else ("inessive",),
                                   THINGS + (NodeKind.REGION,))
        confidence = 0.65
        if target == -2 and mukana:
            target, confidence = _object_or_topic(doc, clause, lemmas, (), THINGS, {m.entity for m in members})
        elif target == -2:
            target = -1
    if target < 0:
        return []
    type_ = RelationType.PARTICIPATES_IN
    if doc.entities[target].kind == NodeKind.REGION:
        type_ = RelationType.PART_OF
        members = [m for m in members if _kind(doc, m) in (NodeKind.MUNICIPALITY, NodeKind.REGION)]
    return [r for m in members if (r := _relation(doc, clause, m.entity, type_, target, "participates", confidence))]


def _project_in_programme(doc: WorkDoc, clause: Clause) -> list[Relation]:
    """"Lakeuden liikenne kuuluu Etelä-Pohjanmaan maakuntaohjelmaan": a project belongs to a programme."""
    parts = [m for m in clause.mentions if _kind(doc, m) == NodeKind.PROJECT and m.head_case in ("nominative", None)]
    wholes = [m for m in clause.mentions if _kind(doc, m) == NodeKind.PROGRAMME and m.head_case == "illative"]
    if len(parts) == 1 and len(wholes) == 1:
        r = _relation(doc, clause, parts[0].entity, RelationType.PART_OF, wholes[0].entity, "belongs", 0.7)
        return [r] if r else []
    return []


def _listed_before_plural(doc: WorkDoc, mention: Mention, clause: Clause) -> bool:
    """"Kannonkosken, Karstulan ... ja Viitasaaren kunnat": genitives listed before a plural "kunnat"."""
    match = re.compile(r"\b(kunnat|kaupungit)\b").search(doc.text, mention.end, clause.end)
    return bool(match) and _only_list_between(doc, mention, match.start(), clause)


def _only_list_between(doc: WorkDoc, mention: Mention, position: int, clause: Clause) -> bool:
    """Between the mention and ``position`` only other mentions, commas, "ja", "sekä" and genitive nouns."""
    rest = doc.text[mention.end:position]
    for m in sorted((m for m in clause.mentions if mention.end <= m.start and m.end <= position),
                    key=lambda m: -m.start):
        rest = rest[:m.start - mention.end] + " " * (m.end - m.start) + rest[m.end - mention.end:]
    for word in re.findall(r"[^\W\d_][\w-]*", rest):
        if word in ("ja", "sekä", "tai") or (word[:1].islower() and lexicon.case_of(word) == "genitive"):
            continue
        return False
    return not re.search(r"[.;:()]", rest)


def _before_postposition(doc: WorkDoc, mention: Mention) -> bool:
    after = doc.text[mention.end:mention.end + 12].lower()
    return bool(re.match(r"\s+(puolella|kanssa|kautta|alueella|mukaan|välillä|osuutta)\b", after))


def _collaborates(doc: WorkDoc, clause: Clause, lemmas) -> list[Relation]:
    text = doc.text[clause.start:clause.end].lower()
    if not re.search(r"yhteistyö|yhdessä|kumppanuu", text):
        return []
    out = []
    axes: dict[int, list[Mention]] = {}
    for m in clause.mentions:
        if "axis" in m.attrs:
            axes.setdefault(m.attrs["axis"], []).append(m)
    for members in axes.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if (r := _relation(doc, clause, a.entity, RelationType.COLLABORATES_WITH, b.entity, "axis", 0.65)):
                    out.append(r)
    if " kanssa" in text:
        out.extend(_with_partners(doc, clause, text))
    elif re.search(r"kumppanuu", text):
        pair = [m for m in clause.mentions if _kind(doc, m) in ACTORS[:3] and m.head_case == "genitive"]
        if len(pair) == 2:
            r = _relation(doc, clause, pair[0].entity, RelationType.COLLABORATES_WITH, pair[1].entity, "partnership",
                          0.65)
            out.extend([r] if r else [])
    return out


def _with_partners(doc: WorkDoc, clause: Clause, text: str) -> list[Relation]:
    kanssa = clause.start + text.index(" kanssa")
    partners = [m for m in clause.mentions if m.end <= kanssa and m.head_case == "genitive"
                and _kind(doc, m) in ACTORS[:3] and _joined_to_kanssa(doc, m, kanssa, clause)]
    if not partners:
        return []
    partner_ids = {m.entity for m in partners}
    subjects = [m for m in clause.mentions if m.entity not in partner_ids and m.head_case in ("nominative", None)
                and m.start < kanssa]
    if subjects:
        subject, confidence = subjects[0].entity, 0.7
    else:
        generic = _generic_argument(doc, clause, clause.lemmas(), ("nominative",), THINGS + ACTORS[:3])
        home = _home_entity(doc)
        subject = generic if generic >= 0 else (home if home >= 0 else doc.topic)
        confidence = 0.6
    return [r for p in partner_ids
            if (r := _relation(doc, clause, subject, RelationType.COLLABORATES_WITH, p, "collaborates", confidence))]


def _joined_to_kanssa(doc: WorkDoc, mention: Mention, kanssa: int, clause: Clause) -> bool:
    between = doc.text[mention.end:kanssa]
    later = [m for m in clause.mentions if mention.end <= m.start and m.end <= kanssa]
    rest = between
    for m in later:
        rest = rest.replace(doc.text[m.start:m.end], "")
    return not re.sub(r"\b(ja|sekä)\b|[,\s]", "", rest)


def _home_entity(doc: WorkDoc) -> int:
    home = doc.notes.get("home_name")
    for i, e in enumerate(doc.entities):
        if home and e.kind == NodeKind.MUNICIPALITY and e.name == home:
            return i
    return -1


def _part_of(doc: WorkDoc, clause: Clause, lemmas) -> list[Relation]:
    text = doc.text[clause.start:clause.end].lower()
    if re.search(r"\b(on|ovat|oli)\s+(myös\s+)?osa\b", text):
        wholes = [m for m in clause.mentions if m.head_case == "partitive"]
        parts = [m for m in clause.mentions if m.head_case in ("nominative", None) and m not in wholes]
        if not wholes:
            return []
        whole = wholes[0]
        if parts:
            part, confidence = parts[0].entity, 0.75
        else:
            kinds = (NodeKind.REGION, NodeKind.MUNICIPALITY) if _kind(doc, whole) == NodeKind.REGION else THINGS
            part = _generic_argument(doc, clause, lemmas, ("nominative",), kinds)
            confidence = 0.65
        if part < 0 or not _fits_part_of(doc, part, whole.entity):
            return []
        r = _relation(doc, clause, part, RelationType.PART_OF, whole.entity, "part_of", confidence)
        return [r] if r else []
    match = re.search(r"toteuttava", text)
    if match:
        wholes = [m for m in clause.mentions if m.head_case == "partitive" and _kind(doc, m) == NodeKind.PROGRAMME]
        parts = [m for m in clause.mentions if m.head_case in ("nominative", None)
                 and _kind(doc, m) in (NodeKind.PROGRAMME, NodeKind.PROJECT)]
        if wholes and parts:
            r = _relation(doc, clause, parts[0].entity, RelationType.PART_OF, wholes[0].entity, "implements", 0.7)
            return [r] if r else []
    return []


def _fits_part_of(doc: WorkDoc, part: int, whole: int) -> bool:
    a, b = doc.entities[part].kind, doc.entities[whole].kind
    if b == NodeKind.REGION:
        return a in (NodeKind.MUNICIPALITY, NodeKind.REGION)
    return a in THINGS and b in THINGS
