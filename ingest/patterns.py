"""Mentions from name patterns: legal forms, name endings, personal names, local programmes.

Every pattern is general Finnish naming practice, never a list of names:

- a legal form ends an organisation's name ("Nostetta Ventures Oy", "Maaseudun
  kehittämisyhdistys Kalakukko ry");
- an organisation word ends a name qualified by a proper genitive
  ("Sisä-Savon seutuyhtymä", "Lappeenrannan yliopiston Kouvolan yksikkö"), or
  starts one ("Kehittämisyhtiö Karstulanseutu");
- "-hanke", "-ohjelma", "-strategia", "-verkosto", "-projekti", "-sopimus" end the
  names of projects, programmes and networks, written attached, with a space
  before the hyphen, or as a compound after a proper genitive;
- a known first name followed by a capitalised word is a person;
- a place genitive + "alueen"/"seudun" + a programme acronym is the local
  programme ("Kuopion alueen KOKO").

>>> from alueverkko.graph.model import Document
>>> doc = WorkDoc(Document("d", "t", "t.txt", "Hanketta hallinnoi Vaara-Karjalan Matkailu ry:n tiimi."))
>>> [(m.text, m.kind.value) for m in legal_form_orgs(doc)]
[('Vaara-Karjalan Matkailu ry:n', 'Organisation')]
"""

from __future__ import annotations

import re

from alueverkko.graph.model import NodeKind
from alueverkko.ingest import lexicon
from alueverkko.ingest.doc import Mention, WorkDoc
from alueverkko.ingest.gazetteer import load_gazetteer
from alueverkko.ingest.mentions import make_mention
from alueverkko.ingest.tokens import Token

LEGAL_FORMS = frozenset({"Oy", "Oyj", "OY", "OYJ", "Ab", "Abp", "AB", "Ltd", "Ky", "Ay", "ry", "Ry", "RY", "rf", "sr",
                         "osk", "Inc", "GmbH"})
#: Organisation words that end a name after a proper genitive. Generic ones that also end
#: ordinary nouns (keskus, laitos, kamari ...) are left to the gazetteers.
ORG_HEADS = ("yhdistys", "säätiö", "liitto", "kuntayhtymä", "seutuyhtymä", "yliopisto", "ammattikorkeakoulu",
             "korkeakoulu", "yliopistokeskus", "instituutti", "tutkimuslaitos", "yhtiö", "kehittämiskeskus",
             "yrityskeskus", "yhteistyöryhmä", "osuuskunta", "hyvinvointialue", "liikelaitos", "ministeriö",
             "virasto", "työryhmä", "johtoryhmä", "neuvottelukunta", "ryhmä", "ammattiopisto")
GROUP_HEADS = ("ryhmä", "tiimi", "neuvottelukunta")
#: Units named after their parent organisation ("... yliopiston Kouvolan yksikkö").
UNIT_HEADS = ("yksikkö", "instituutti", "tiedekunta", "laitos", "kampus")
#: Name endings of programmes, projects, networks and funds.
SUFFIX_KINDS = {
    "hanke": NodeKind.PROJECT, "projekti": NodeKind.PROJECT,
    "ohjelma": NodeKind.PROGRAMME, "strategia": NodeKind.PROGRAMME, "sopimus": NodeKind.PROGRAMME,
    "verkosto": NodeKind.NETWORK, "rahasto": NodeKind.FUND,
}
#: Genitives too generic to qualify a name ("Kaupungin elinkeinostrategia" names no owner).
GENERIC_GENITIVES = frozenset("""kaupunki kunta alue seutu maakunta hanke ohjelma yhdistys yritys valtio
    suomi kansallinen toimija organisaatio kaupunginosa keskusta yhteinen uusi oma eri koko""".split())
#: Words that end the name on its left.
STOP_WORDS = frozenset("""ja sekä tai eli että sekä kuin myös mukana lisäksi mm esim kuten jossa jota joka jonka
    jotka joita on ovat oli olivat ei se sen sitä ne niiden hän he tämä tämän nämä ym yms muun muassa
    kanssa kautta avulla osana kohti mukaan asti sekä vaan mutta sillä koska kun jos kun""".split())
FUNCTION_CLASSES = frozenset({"teonsana", "seikkasana", "asemosana", "sidesana", "suhdesana", "kieltosana",
                              "huudahdussana"})
VERSION = "1"
MARKUP = frozenset({"*", "_"})


def legal_form_orgs(doc: WorkDoc) -> list[Mention]:
    """Organisations whose name ends with a legal form: "Satakehitys Oy:llä" -> Satakehitys Oy."""
    out = []
    tokens = doc.tokens
    for i, token in enumerate(tokens):
        head = lexicon.split_colon_case(token.text)[0]
        if head not in LEGAL_FORMS:
            continue
        first = _name_start(doc, i, allow_lowercase="inner", limit=6)
        if first is None:
            continue
        if i + 1 < len(tokens) and lexicon.split_colon_case(tokens[i + 1].text)[0] in LEGAL_FORMS:
            continue  # "Oy Ab": the name ends at the last legal form
        out.append(make_mention(doc, tokens[first].start, token.end, NodeKind.ORGANISATION, "rules.legal_form", 0.9))
    return out


def _name_start(doc: WorkDoc, end: int, *, allow_lowercase: bool | str, limit: int) -> int | None:
    """Index of the first token of the name that ends before token ``end``; None when there is none.

    Lower-case words may end a name ("Revontulten reitit -hanke"); with ``allow_lowercase="inner"``
    (legal forms) a noun may also stand between capitalised words ("Maaseudun kehittämisyhdistys Kalakukko ry").
    """
    tokens = doc.tokens
    chosen: list[int] = []
    j = end - 1
    sentence = doc.sentence_at(tokens[end - 1].start) if end > 0 else None
    floor = sentence.start if sentence is not None else 0
    seen_capital = False
    while j >= 0 and len(chosen) < limit:
        token = tokens[j]
        if token.start < floor or "\n" in doc.text[token.end:tokens[j + 1].start if j + 1 < len(tokens) else token.end] \
                and _line_items(doc, token):
            break
        if not token.is_word:
            if token.text in ("&", "+") and chosen:
                j -= 1
                continue
            break
        if token.text.lower() in STOP_WORDS or lexicon.split_colon_case(token.text)[0] in LEGAL_FORMS \
                and j != end - 1 or _in_person(doc, token):
            break
        capital = token.is_capitalised or token.text[:1].isdigit()
        if not capital:
            if not allow_lowercase or not _nominal(token.text):
                break
            if seen_capital and not _noun_in_name(token.text):
                break  # "... käynnistävät yhteisen Lakeuden liikenne -hankkeen": the name is "Lakeuden liikenne"
            if seen_capital and allow_lowercase != "inner":
                break
        elif _sentence_initial(doc, token) and _function_word(token.text):
            break
        seen_capital = seen_capital or capital
        chosen.append(j)
        j -= 1
    while chosen and not (tokens[chosen[-1]].is_capitalised or tokens[chosen[-1]].text[:1].isdigit()):
        chosen.pop()
    return chosen[-1] if chosen else None


def _line_items(doc: WorkDoc, token: Token) -> bool:
    """In table cells and contact blocks a line is an item: names do not run over its end."""
    block = doc.block_at(token.start)
    return block >= 0 and doc.blocks[block].kind in ("row", "contact", "bullet", "heading", "field")


def _in_person(doc: WorkDoc, token: Token) -> bool:
    spans = doc.notes.get("person_spans", ())
    return any(s <= token.start < e for s, e in spans)


def _nominal(word: str) -> bool:
    found = lexicon.analyse(word) or lexicon.analyse(word.lower())
    return bool(found) and any(r.cls in ("nimisana", "laatusana", "nimisana_laatusana", "lukusana") for r in found) \
        and word.lower() not in STOP_WORDS


def _noun_in_name(word: str) -> bool:
    """A singular noun in the nominative or genitive: may stand inside a name."""
    found = lexicon.analyse(word) or lexicon.analyse(word.lower())
    return any(r.cls == "nimisana" and r.number != "plural" and r.case in ("nominative", "genitive")
               for r in found)


def _function_word(word: str) -> bool:
    found = lexicon.analyse(word) or lexicon.analyse(word.lower())
    return word.lower() in STOP_WORDS or (bool(found) and all(r.cls in FUNCTION_CLASSES for r in found))


def _sentence_initial(doc: WorkDoc, token: Token) -> bool:
    sentence = doc.sentence_at(token.start)
    if sentence is None:
        return True
    before = doc.text[sentence.start:token.start].strip(" \t\n*#•-–(\"”[]:")
    return not before


def org_name_orgs(doc: WorkDoc) -> list[Mention]:
    """Organisations named by a proper genitive and an organisation word, or the word and a name."""
    out = []
    tokens = doc.tokens
    for i, token in enumerate(tokens):
        if not token.is_word or lexicon.is_plural(token.text):
            continue
        base = _lower_lemma(token.text)
        if not base.endswith(ORG_HEADS) or len(base) < 4:
            continue
        if "-" in token.text and token.text[:1].isupper() and not token.text.split("-")[0].lower().endswith(ORG_HEADS):
            start = _genitive_qualifiers(doc, i) if i > 0 else None  # "Helsingin yliopiston Ruralia-instituutti"
            start = i if start is None else start
            out.append(_org(doc, tokens[start].start, _unit_end(doc, i)))
            continue
        start = _genitive_qualifiers(doc, i)
        if start is not None and base.endswith(GROUP_HEADS) and not tokens[i - 1].is_capitalised:
            continue  # "Pohjois-Karjalan yrittäjien työryhmä": a group described, not named
        if start is None and token.is_capitalised and i + 1 < len(tokens) and _proper_word(tokens[i + 1]) \
                and (lexicon.case_of(tokens[i + 1].text) in ("nominative", None)
                     or not lexicon.is_place(tokens[i + 1].text)) and base != "ryhmä" \
                and "\n" not in doc.text[token.end:tokens[i + 1].start]:
            out.append(_org(doc, token.start, tokens[i + 1].end))  # "Kehittämisyhtiö Karstulanseutu"
            continue
        if start is None or start == i:
            start = _code_qualifier(doc, i)
            if start is None:
                continue
        out.append(_org(doc, tokens[start].start, _unit_end(doc, i)))
    return out


def _org(doc: WorkDoc, start: int, end: int) -> Mention:
    return make_mention(doc, start, end, NodeKind.ORGANISATION, "rules.org_name", 0.8)


def _lower_lemma(word: str) -> str:
    return lexicon.lemma(word.lower()).lower()


def _proper_word(token: Token) -> bool:
    """A capitalised word that can be a name: unknown, a proper noun, or a compound ("Järvilaakso")."""
    if not token.is_word or not token.is_capitalised:
        return False
    if not lexicon.is_common_word(token.text) or lexicon.is_proper(token.text):
        return True
    found = lexicon.analyse(token.text)
    return bool(found) and found[0].structure.count("=") >= 2


def _genitive_qualifiers(doc: WorkDoc, i: int) -> int | None:
    """First token of the proper genitives before token ``i`` ("Pohjois-Savon", "Kuopion alueen")."""
    tokens = doc.tokens
    j, first = i - 1, None
    while j >= 0 and i - j <= 3:
        token = tokens[j]
        if not token.is_word or token.text.lower() in STOP_WORDS:
            break
        if "genitive" not in lexicon.cases_of(token.text):
            break
        if "\n" in doc.text[token.end:tokens[j + 1].start] and _line_items(doc, token):
            break
        if token.is_capitalised:
            if _generic_genitive(doc, token):
                break
            if first is not None and _sentence_initial(doc, token) and not lexicon.is_proper(token.text) \
                    and lexicon.is_known(token.text):
                break  # "Opetushenkilöstön Pohjois-Savon ...verkosto": the verkosto is Pohjois-Savon's
            first = j
        elif _lower_lemma(token.text) in GENERIC_GENITIVES or not _nominal(token.text):
            break
        j -= 1
    return first


def _generic_genitive(doc: WorkDoc, token: Token) -> bool:
    bases = {b.lower() for b in lexicon.base_forms(token.text)}
    if bases & GENERIC_GENITIVES:
        return not lexicon.is_proper(token.text)
    return _sentence_initial(doc, token) and _function_word(token.text)


def _code_qualifier(doc: WorkDoc, i: int) -> int | None:
    # "C23 ryhmässä", "TalentHub työryhmä": a code or a name in the nominative before the word.
    if i == 0:
        return None
    token = doc.tokens[i - 1]
    if not token.is_word or token.text.lower() in STOP_WORDS:
        return None
    code = any(c.isdigit() for c in token.text) and any(c.isalpha() for c in token.text)
    camel = token.text[:1].isupper() and any(c.isupper() for c in token.text[1:])
    named = token.is_capitalised and (not lexicon.is_known(token.text) or not _sentence_initial(doc, token))
    return i - 1 if code or camel or named else None


def _unit_end(doc: WorkDoc, i: int) -> int:
    """End of the name, extended over a unit after it: "... yliopiston Kouvolan yksikkö"."""
    tokens = doc.tokens
    end = tokens[i].end
    if "genitive" not in lexicon.cases_of(tokens[i].text):
        return end
    j = i + 1
    if j < len(tokens) and tokens[j].is_capitalised and ("genitive" in lexicon.cases_of(tokens[j].text)
                                                         or not lexicon.is_known(tokens[j].text)):
        j += 1
    if j < len(tokens) and tokens[j].text in ("-", "–") and tokens[j].end == tokens[j + 1].start \
            if j + 1 < len(tokens) else False:
        j += 1  # "Ruralia -yksikön"
    if j < len(tokens) and tokens[j].is_word and _lower_lemma(tokens[j].text).endswith(UNIT_HEADS) \
            and j > i + 1:
        return tokens[j].end
    return end


# -- programmes, projects, networks -------------------------------------------

def suffix_names(doc: WorkDoc) -> list[Mention]:
    """Names ending in -hanke, -ohjelma, -strategia, -verkosto ... in all their spellings."""
    out = []
    tokens = doc.tokens
    acronyms = _programme_acronyms()
    for i, token in enumerate(tokens):
        if not token.is_word:
            continue
        suffix = _suffix_of(token.text)
        if suffix is None or lexicon.is_plural(token.text.lower().rsplit("-", 1)[-1]):
            continue
        word, kind = suffix
        lead = tokens[i - 1] if i > 0 else None
        attached_dash = lead is not None and (lead.text in ("-", "–") and lead.end == token.start
                                              or lead.is_word and lead.text.endswith("-") and
                                              not doc.text[lead.end:token.start].strip() and
                                              doc.text[lead.end:token.start] != "")
        if attached_dash or word == token.text.lower() or lexicon.lemma(token.text.lower()) == word:
            mention = _detached(doc, i, kind, word, lead)
        elif "-" in token.text.strip("-"):
            mention = _attached(doc, i, kind, word, acronyms)
        else:
            mention = _compound(doc, i, kind, word)
        if mention is not None:
            out.append(mention)
    return out


def _suffix_of(word: str) -> tuple[str, NodeKind] | None:
    base = lexicon.lemma(word.lower()).lower()
    for suffix, kind in SUFFIX_KINDS.items():
        if base.endswith(suffix):
            return suffix, kind
    return None


def _detached(doc: WorkDoc, i: int, kind: NodeKind, word: str, lead: Token | None) -> Mention | None:
    """"Revontulten reitit -hanke", "Osaajavetovoima- hanke", "Askel –hanke", "Sport Suomi hanke"."""
    tokens = doc.tokens
    if lead is None:
        return None
    dashed = lead.text in ("-", "–") and lead.end == tokens[i].start or lead.text.endswith("-") and lead.is_word
    end_of_name = i - 2 if lead.text in ("-", "–") else i - 1
    if end_of_name < 0:
        return None
    if lead.text.endswith("-") and lead.is_word:
        end_of_name = i - 1
    first = _name_start(doc, end_of_name + 1, allow_lowercase=dashed, limit=6)
    if first is None:
        return None
    if not dashed:
        # "Springhousen VeKo hankkeen": a genitive before the name is its owner, not part of it.
        while first < end_of_name and "genitive" in lexicon.cases_of(tokens[first].text) \
                and lexicon.case_of(tokens[first].text) == "genitive":
            first += 1
    name_tokens = tokens[first:end_of_name + 1]
    if not dashed and (not _distinctive(name_tokens) or _only_places(name_tokens)):
        return None
    name = doc.text[tokens[first].start:tokens[end_of_name].end].rstrip("-").strip()
    if not name or _all_function(name_tokens):
        return None
    mention = make_mention(doc, tokens[first].start, tokens[i].end, kind,
                           "rules.name_suffix" if dashed else "rules.name_suffix_weak", 0.85 if dashed else 0.65)
    mention.attrs.update(name_part=name, suffix=word)
    return mention


def _only_places(tokens: list[Token]) -> bool:
    """"Pielisen Karjalan hanketta": an owner in the genitive, not a project's name."""
    return all(lexicon.case_of(t.text) == "genitive" or lexicon.is_place(t.text) for t in tokens)


def _distinctive(name_tokens: list[Token]) -> bool:
    """Without a hyphen, only a clearly proper name may precede "hanke": "Sport Suomi hanke"."""
    if not name_tokens or len(name_tokens) > 3:
        return False
    return all(t.is_capitalised or t.text[:1].isdigit() for t in name_tokens) and \
        any(not lexicon.is_common_word(t.text) or _camel(t.text) for t in name_tokens)


def _camel(word: str) -> bool:
    return word[:1].isupper() and any(c.isupper() for c in word[1:]) and not word.isupper()


def _all_function(tokens: list[Token]) -> bool:
    return all(_function_word(t.text) for t in tokens if t.is_word)


def _attached(doc: WorkDoc, i: int, kind: NodeKind, word: str, acronyms: set[str]) -> Mention | None:
    """"Teollisuustaidot-hankkeen", "DEMO-verkosto", "Lakeland 2-hanke", "Kajaanin elinkeino-ohjelma"."""
    tokens = doc.tokens
    token = tokens[i]
    prefix = token.text.rsplit("-", 1)[0]
    if not prefix or prefix.upper() in acronyms or prefix in acronyms:
        return None
    shouting_word = token.text.isupper() and lexicon.is_common_word(prefix.lower())
    if not (prefix[:1].isupper() or prefix[:1].isdigit()) or shouting_word:
        return _compound(doc, i, kind, word)  # "Kajaanin elinkeino-ohjelma", "KAJAANIN ELINKEINO-OHJELMA"
    first = i
    if prefix[:1].isdigit() or (i > 0 and tokens[i - 1].is_capitalised and not _sentence_initial(doc, tokens[i - 1])):
        start = _name_start(doc, i, allow_lowercase=False, limit=4)
        first = start if start is not None else i
    name = doc.text[tokens[first].start:token.start + len(prefix)]
    mention = make_mention(doc, tokens[first].start, token.end, kind, "rules.name_suffix", 0.85)
    mention.attrs.update(name_part=name, suffix=word)
    return mention


def _compound(doc: WorkDoc, i: int, kind: NodeKind, word: str) -> Mention | None:
    """"Satakunnan kiertotalousohjelma", "Pohjois-Savon täydennyskoulutusverkosto"."""
    if kind == NodeKind.PROJECT:
        return None  # a project needs a name, not an owner ("Kuopionlahden kongressihotellihanke")
    start = _genitive_qualifiers(doc, i)
    if start is None:
        return None
    tokens = doc.tokens
    mention = make_mention(doc, tokens[start].start, tokens[i].end, kind, "rules.name_compound", 0.8)
    mention.attrs.update(suffix=word)
    return mention


def _programme_acronyms() -> set[str]:
    return {f.text for e in load_gazetteer().entries if e.kind == NodeKind.PROGRAMME for f in e.forms if f.acronym}


# -- people ------------------------------------------------------------------------

def person_names(doc: WorkDoc) -> list[Mention]:
    """A known first name and a capitalised word after it: "Olli Kokander", "Anna-Karin Sundqvist"."""
    out = []
    tokens = doc.tokens
    i = 0
    while i < len(tokens) - 1:
        first, second = tokens[i], tokens[i + 1]
        if _first_name(first) and _surname(second) and second.start - first.end <= 1:
            end = i + 1
            if end + 1 < len(tokens) and _first_name(second) and _surname(tokens[end + 1]) \
                    and tokens[end + 1].start - second.end <= 1:
                end += 1  # a second given name
            if end + 1 < len(tokens) and lexicon.split_colon_case(tokens[end + 1].text)[0] in LEGAL_FORMS:
                i = end + 1
                continue
            out.append(make_mention(doc, first.start, tokens[end].end, NodeKind.PERSON, "rules.person_name", 0.85))
            i = end + 1
            continue
        i += 1
    doc.notes["person_spans"] = [(m.start, m.end) for m in out]
    return out


def _first_name(token: Token) -> bool:
    return token.is_word and token.is_capitalised and not token.is_acronym and any(
        r.cls == "etunimi" and r.case == "nominative" for r in lexicon.analyse(token.text))


def _surname(token: Token) -> bool:
    if not token.is_word or not token.is_capitalised or token.is_acronym:
        return False
    if lexicon.split_colon_case(token.text)[0] in LEGAL_FORMS:
        return False
    found = lexicon.analyse(token.text)
    if not found:
        return token.text.replace("-", "").isalpha()
    return any(r.cls in ("sukunimi", "etunimi") for r in found) or not lexicon.is_common_word(token.text)


# -- local programmes, regions, axes -----------------------------------------------

def local_programmes(doc: WorkDoc) -> list[Mention]:
    """A place genitive, "alueen"/"seudun" and a programme acronym: "Kuopion alueen KOKO-ohjelmaan"."""
    out = []
    tokens = doc.tokens
    acronyms = _programme_acronyms()
    words = [i for i, t in enumerate(tokens) if t.text not in MARKUP]  # "Kouvolan seudun **KOKO**"
    for n in range(2, len(words)):
        i = words[n]
        head = lexicon.split_colon_case(tokens[i].text.split("-")[0])[0]
        if head not in acronyms and not any(b in acronyms for b in lexicon.base_forms(tokens[i].text)):
            continue
        area, place = tokens[words[n - 1]], tokens[words[n - 2]]
        if _lower_lemma(area.text) not in ("alue", "seutu") or not place.is_capitalised \
                or "genitive" not in lexicon.cases_of(place.text):
            continue
        acronym = head if head in acronyms else next(b for b in lexicon.base_forms(tokens[i].text) if b in acronyms)
        name = f"{place.text} {area.text} {acronym}"
        out.append(make_mention(doc, place.start, tokens[i].end, NodeKind.PROGRAMME, "rules.local_programme", 0.9,
                                name=name, national=acronym))
    return out


def region_names(doc: WorkDoc) -> list[Mention]:
    """Regions named by the text: "Kouvolan seudun" -> Kouvolan seutu, "Sydänsuomen kunnat" -> Sydänsuomi."""
    out = []
    tokens = doc.tokens
    places = {e.name for e in load_gazetteer().entries if e.kind in (NodeKind.MUNICIPALITY, NodeKind.REGION)}
    for i in range(len(tokens) - 1):
        place, word = tokens[i], tokens[i + 1]
        if not place.is_capitalised or "genitive" not in lexicon.cases_of(place.text) or not word.is_word:
            continue
        base = _lower_lemma(word.text)
        if base == "seutu" and lexicon.is_place(place.text) and not _before_acronym(tokens, i + 2):
            out.append(make_mention(doc, place.start, word.end, NodeKind.REGION, "rules.region_name", 0.8,
                                    name=f"{place.text} seutu"))
        elif base == "kunta" and lexicon.is_plural(word.text) and i > 0 and tokens[i - 1].text != "," \
                and "-" not in place.text \
                and not (set(lexicon.base_forms(place.text)) & places) and not _generic_genitive(doc, place) \
                and "suomi" not in {b.lower() for b in lexicon.base_forms(place.text)}:
            region = lexicon.lemma(place.text)
            out.append(make_mention(doc, place.start, place.end, NodeKind.REGION, "rules.region_name", 0.7,
                                    name=region[:1].upper() + region[1:]))
    return out


def _before_acronym(tokens: list[Token], j: int) -> bool:
    return j < len(tokens) and tokens[j].is_acronym


def municipality_axes(doc: WorkDoc) -> list[Mention]:
    """"Kuopio-Jyväskylä-Lahti" in a sentence about cooperation: each place is a mention."""
    out = []
    municipalities = {e.name for e in load_gazetteer().entries if e.kind == NodeKind.MUNICIPALITY}
    for token in doc.tokens:
        parts = token.text.split("-")
        if len(parts) < 2 or not all(p in municipalities for p in parts):
            continue
        sentence = doc.sentence_at(token.start)
        if sentence is None or "yhteistyö" not in sentence.text.lower():
            continue
        pos = token.start
        for part in parts:
            out.append(make_mention(doc, pos, pos + len(part), NodeKind.MUNICIPALITY, "rules.axis", 0.8,
                                    name=part, axis=token.start))
            pos += len(part) + 1
    return out


def elliptic_compounds(doc: WorkDoc) -> list[Mention]:
    """"Sisä- ja Koillis-Savo": the first word is "Sisä-Savo", written short."""
    out = []
    tokens = doc.tokens
    gazetteer = load_gazetteer()
    for i in range(len(tokens) - 2):
        first, conjunction, full = tokens[i], tokens[i + 1], tokens[i + 2]
        if not (first.is_word and first.text.endswith("-") and first.is_capitalised) \
                or conjunction.text not in ("ja", "sekä", "tai") or "-" not in full.text.strip("-"):
            continue
        tail = full.text.split("-", 1)[1]
        for base in lexicon.base_forms(full.text):
            entries = gazetteer.lookup(first.text + base.split("-", 1)[-1]) if "-" in base else []
            entries = entries or gazetteer.lookup(first.text + tail)
            if entries:
                entry = entries[0]
                out.append(make_mention(doc, first.start, first.end, entry.kind, "rules.elliptic_compound", 0.8,
                                        name=entry.name))
                break
    return out


ENGLISH_ENDINGS = {"Fund": NodeKind.FUND, "Cluster": NodeKind.ORGANISATION, "Bureau": NodeKind.ORGANISATION,
                   "Association": NodeKind.ORGANISATION, "Agency": NodeKind.ORGANISATION,
                   "Council": NodeKind.ORGANISATION, "Institute": NodeKind.ORGANISATION}


def english_names(doc: WorkDoc) -> list[Mention]:
    """Capitalised English names with a telling last word: "North Savo Start up Fund", "Kuopio Water Cluster"."""
    out = []
    tokens = doc.tokens
    for i, token in enumerate(tokens):
        kind = ENGLISH_ENDINGS.get(token.text)
        if kind is None or i == 0:
            continue
        j = i - 1
        while j >= 0 and i - j <= 6 and tokens[j].is_word and (tokens[j].is_capitalised or
                                                               tokens[j].text in ("up", "of", "and", "for")) \
                and "\n" not in doc.text[tokens[j].end:tokens[j + 1].start]:
            j -= 1
        first = j + 1
        while first < i and not tokens[first].is_capitalised:
            first += 1
        if first < i:
            out.append(make_mention(doc, tokens[first].start, token.end, kind, "rules.english_name", 0.8))
    return out


CUE_VERBS = frozenset({"koordinoi", "koordinoivat", "hallinnoi", "hallinnoivat", "vastaa", "vastaavat",
                       "rahoittaa", "rahoittavat"})


def cue_subjects(doc: WorkDoc) -> list[Mention]:
    """"(Kuopion maaseutupalvelu vastaa koordinoinnista)": an owner's genitive and a noun before a cue verb."""
    out = []
    tokens = doc.tokens
    for i in range(2, len(tokens)):
        if tokens[i].text.lower() not in CUE_VERBS:
            continue
        noun, owner = tokens[i - 1], tokens[i - 2]
        if not noun.is_word or noun.is_capitalised or not owner.is_capitalised or not owner.is_word:
            continue
        if lexicon.case_of(noun.text) != "nominative" or not _nominal(noun.text) or lexicon.is_plural(noun.text):
            continue
        if not lexicon.is_place(owner.text) or "genitive" not in lexicon.cases_of(owner.text):
            continue
        if _lower_lemma(noun.text) in ("kaupunki", "kunta", "seutu", "alue", "maakunta"):
            continue
        out.append(make_mention(doc, owner.start, noun.end, NodeKind.ORGANISATION, "rules.cue_subject", 0.75))
    return out


def listed_acronyms(doc: WorkDoc) -> list[Mention]:
    """"AKO, AMO ja saaristo-ohjelma": an unknown acronym listed among programmes is a programme too."""
    out = []
    tokens = doc.tokens
    known = [m for m in doc.mentions if m.kind == NodeKind.PROGRAMME]
    if not known:
        return out
    covered = {m.start for m in doc.mentions}
    for i, token in enumerate(tokens):
        if not token.is_acronym or len(token.text) < 3 or token.start in covered:
            continue
        neighbours = []
        for j in (i - 2, i + 2):
            if 0 <= j < len(tokens) and tokens[(i + j) // 2].text in (",", "ja", "sekä"):
                neighbours.extend(m for m in known if m.start <= tokens[j].start < m.end)
        if neighbours:
            out.append(make_mention(doc, token.start, token.end, NodeKind.PROGRAMME, "rules.listed_acronym", 0.7,
                                    name=token.text))
    return out


FURNITURE = re.compile(r"(osa)?rahoittama[a-zäö]*\s*$|^(siirry|hyppää) (suoraan )?sisältöön|^takaisin\b",
                       re.IGNORECASE)
EVENT_WORDS = frozenset({"foorumi", "päivä", "messut", "festivaali", "viikko", "seminaari", "konferenssi",
                         "tapahtuma", "juhla", "juhlavuosi", "maraton"})
DIRECTIONS = ("pohjoinen", "eteläinen", "itäinen", "läntinen", "pohjoisosa", "eteläosa")


def page_furniture(doc: WorkDoc) -> list[Mention]:
    """Logo and navigation lines ("Euroopan unionin osarahoittama") name no facts; "pohjoinen Keski-Suomi"
    is part of a region, not the region."""
    suppressed = doc.notes.setdefault("suppressed", [])
    for block in doc.blocks:
        if block.kind == "heading" and FURNITURE.search(block.text.strip()):
            suppressed.append((block.start, block.end))
    tokens = doc.tokens
    for m in doc.mentions:
        if m.kind not in (NodeKind.REGION, NodeKind.MUNICIPALITY):
            continue
        i = doc.token_index(m.start)
        if m.kind == NodeKind.REGION and i > 0 and _lower_lemma(tokens[i - 1].text) in DIRECTIONS:
            suppressed.append((m.start, m.end))
        j = doc.token_index(m.end)
        if j < len(tokens) and tokens[j].is_word and _lower_lemma(tokens[j].text) in EVENT_WORDS:
            suppressed.append((m.start, m.end))  # "Itä-Suomi foorumi": an event's name, not the region
    return []


def copula_names(doc: WorkDoc) -> list[Mention]:
    """"Kolmas rahoitettava hanke on Nuorten yrittäjyyspaja, jota ...": the name after "hanke on"."""
    out = []
    tokens = doc.tokens
    for i in range(len(tokens) - 2):
        kind = {"hanke": NodeKind.PROJECT, "projekti": NodeKind.PROJECT}.get(_lower_lemma(tokens[i].text))
        if kind is None or tokens[i + 1].text.lower() not in ("on", "oli") or lexicon.case_of(tokens[i].text) \
                != "nominative" or not tokens[i + 2].is_capitalised:
            continue
        j = i + 2
        while j + 1 < len(tokens) and tokens[j + 1].is_word and j - i < 5 and not lexicon.is_verb(tokens[j + 1].text) \
                and tokens[j + 1].text.lower() not in STOP_WORDS:
            j += 1
        following = tokens[j + 1].text if j + 1 < len(tokens) else "."
        if following not in (",", ".", ";", "(") or any(_function_word(t.text) for t in tokens[i + 2:j + 1]):
            continue
        out.append(make_mention(doc, tokens[i + 2].start, tokens[j].end, kind, "rules.copula_name", 0.7))
    return out

