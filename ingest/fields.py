"""Mentions from document structure: key-value fields, table columns and contact blocks.

Structure says what kind of thing a name is even when the name itself does
not: an item of a "Hankkeet" column with years after it is a project, an item
of a "Vastuutaho" column or a "Tekijät:" field is an actor, a short line of a
contact block with a first name is a person. These steps add mentions only
where the gazetteer and name patterns found none, and record what each item
*is* (its role) for the relation step.

>>> split_items("Elinvoima- ja konsernipalvelut, ELY ja palvelualueet", 0)
[(0, 30), (32, 35), (39, 52)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from alueverkko.graph.model import NodeKind
from alueverkko.ingest import lexicon
from alueverkko.ingest.doc import Mention, WorkDoc
from alueverkko.ingest.mentions import make_mention
from alueverkko.ingest.structure import CONTACT, EMAIL_RE, FIELD, PHONE_RE, ROW, URL_RE

YEARS_RE = re.compile(r"\(?\s*((?:\d{1,2}/)?(?:19|20)\d{2})\s*[-–]\s*((?:\d{1,2}/)?(?:(?:19|20)?\d{2}))?\s*\)?\s*\??$")
CODE_RE = re.compile(r"\s*\((?:[A-ZÅÄÖ]{1,4}\d{0,2}|[A-ZÅÄÖ]?\d{1,2})\)")
LEADING_NOISE_RE = re.compile(r"^(?:mm\.|esim\.|ml\.|jatkohanke|jatkohankkeena|mukaan lukien)\s+", re.IGNORECASE)
TRAILING_NOISE_RE = re.compile(r"(?:\s*(?:\+\s*muut|ym\.?|yms\.?|jne\.?|muut|\?|\*))+\s*$", re.IGNORECASE)
#: Words that name kinds of actors, not actors ("oppilaitokset", "Kaupungin ylin johto").
GENERIC_ACTORS = frozenset("""oppilaitos yritys kunta kaupunki palvelualue sidosryhmä yrittäjäjärjestö kauppakamari
    maakuntaliitto lukio toimija kumppani järjestö yhdistys kyläyhdistys muu asukas korkeakoulu yliopisto
    ammattikorkeakoulu johto seurakunta koulu päiväkoti kehittämisyhtiö elinkeinoyhtiö valtio ministeriö
    yrittäjä ammattiopisto toisen aste""".split())
#: Last words of many-word descriptions of actors ("Kaupungin ylin johto").
GENERIC_HEADS = frozenset({"johto", "kumppanit", "toimijat", "sidosryhmät", "sidosryhmä", "muut"})
#: Last words of Hankkeet-column items that describe work, places or buildings, not projects.
NOT_A_PROJECT = re.compile(r"(minen|selvitys|kaavoitus|suunnittelu|päivitys|alue|seutu|kampus|lukio|"
                           r"korjaus|rakentaminen|järjestelyt|yhteydet|kampanjat|palvelut|toiminta)$")
ENGLISH_ORG_WORDS = frozenset({"Cluster", "Bureau", "Association", "Council", "Ltd", "Inc", "Agency"})
PERSON_TITLE_HINTS = re.compile(r"(päällikkö|johtaja|asiantuntija|koordinaattori|suunnittelija|kehittäjä|sihteeri|"
                                r"neuvoja|vastaava|assistentti|tutkija|professori|ohjaaja|manager|director|"
                                r"projektledare|ekonomi|insinööri|agentti|yrittäjä|puheenjohtaja)", re.IGNORECASE)


@dataclass
class Contact:
    """One person of a contact block, with the lines that belong to them."""

    person: tuple[int, int] | None = None
    orgs: list[tuple[int, int]] = field(default_factory=list)
    targets: list[tuple[int, int]] = field(default_factory=list)
    title: str = ""
    email: str = ""
    phone: str = ""
    block: int = -1
    start: int = 0
    end: int = 0


# -- splitting cells and field values into items ------------------------------------

def split_items(text: str, offset: int, *, slash: bool = True) -> list[tuple[int, int]]:
    """Spans of the items of a list written in a cell or field: commas, lines, "ja", "/", "+"."""
    out: list[tuple[int, int]] = []
    separators = r"\n|;|,|\s\+\s|\s(?:ja|sekä)\s" + (r"|\s*/\s*" if slash else "")
    pos = 0
    counted, opened, closed = 0, 0, 0  # parentheses before the separator, counted once over the text
    for m in re.finditer(separators, text):
        sep = m.group()
        opened += text.count("(", counted, m.start())
        closed += text.count(")", counted, m.start())
        counted = m.start()
        if opened > closed:
            continue  # "ELY-keskus (Euroopan sosiaalirahasto plus, ESR+)" is one item
        if sep.strip() in ("ja", "sekä") and not _splits_at_conjunction(text, m.start(), m.end()):
            continue
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    spans = []
    for a, b in out:
        piece = text[a:b]
        stripped = piece.strip(" \t\n.:")
        if stripped:
            start = a + piece.index(stripped)
            spans.append((offset + start, offset + start + len(stripped)))
    return spans


def _splits_at_conjunction(text: str, start: int, end: int) -> bool:
    left, right = text[:start].rstrip(), re.split(r"[,;\n/]", text[end:].lstrip())[0]
    if left.endswith("-") or not right:
        return False  # "Talous- ja omistajaohjaus"
    words = right.split()
    first = words[0].strip(",.()")
    if first[:1].isupper() or lexicon.lemma(first.lower()).lower() in GENERIC_ACTORS:
        return True
    return any(w[:1].isupper() for w in words[1:3])


def _clean_item(doc: WorkDoc, start: int, end: int) -> tuple[int, int]:
    text = doc.text[start:end]
    lead = LEADING_NOISE_RE.match(text)
    if lead:
        start += lead.end()
    text = doc.text[start:end]
    trail = TRAILING_NOISE_RE.search(text)
    if trail and trail.start() > 0:
        end = start + trail.start()
    text = doc.text[start:end]
    stripped = text.strip(" \t\n.,:;\"”“")
    if not stripped:
        return start, start
    start += text.index(stripped)
    return start, start + len(stripped)


def _parenthesised(doc: WorkDoc, start: int, end: int) -> tuple[tuple[int, int], list[tuple[int, int]]]:
    """An item without its parentheses, and the spans inside them."""
    text = doc.text[start:end]
    inner = []
    cut = len(text)
    for m in re.finditer(r"\(([^()]*)\)?", text):
        if _inside_a_word(text, m.start(), m.end()):
            continue  # "alert(1)>" or "f(x)=": brackets within one word are part of the name
        if m.group(1).strip():
            inner.append((start + m.start(1), start + m.start(1) + len(m.group(1))))
        cut = min(cut, m.start())
    main_end = start + len(text[:cut].rstrip())
    return (start, main_end), inner


def _inside_a_word(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is glued to the characters on both its sides.

    >>> _inside_a_word("<img onerror=alert(1)> Oy", 18, 21), _inside_a_word("Kainuun liitto (KL)", 15, 19)
    (True, False)
    """
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return _is_word_char(before) and not (after.isspace() or after in ".,;:!?)\"'”")


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


# -- table cells and fields ----------------------------------------------------------

def structure_mentions(doc: WorkDoc) -> list[Mention]:
    """Mentions from fields, table cells and contact blocks; also records their roles."""
    out: list[Mention] = []
    doc.notes.setdefault("roles", [])
    for index, block in enumerate(doc.blocks):
        if block.kind == FIELD:
            out.extend(_field_mentions(doc, index))
        elif block.kind == ROW and not block.header_row:
            out.extend(_row_mentions(doc, index))
    out.extend(contact_mentions(doc))
    out.extend(network_list_items(doc))
    out.extend(bullet_projects(doc))
    return out


BULLET_PROJECT = re.compile(r"^[*_]*([A-ZÅÄÖ0-9][^()*_\n]{1,60}?)[*_]*\s*\(\s*((?:19|20)\d{2})\s*[-–]\s*((?:19|20)?\d{2})?\s*\)")


def bullet_projects(doc: WorkDoc) -> list[Mention]:
    """"- **Metsäosaajien polku** (2023–2025) – vetovastuu ...": a list item naming a project with its years."""
    out = []
    for index, block in enumerate(doc.blocks):
        if block.kind != "bullet":
            continue
        match = BULLET_PROJECT.match(doc.text[block.value_start:block.value_end])
        if not match:
            continue
        start, end = block.value_start + match.start(1), block.value_start + match.end(1)
        name = doc.text[start:end].strip()
        end = start + len(name)
        if _describes_work(name) or len(name.split()) > 6:
            continue
        kind = _kind_by_ending(name) or NodeKind.PROJECT
        mention = make_mention(doc, start, end, kind, "rules.list.project", 0.8)
        mention.attrs["name_part"] = name
        mention.attrs.update(_years_attrs(match.group(2), match.group(3)))
        mention.block = index
        out.append(mention)
    return out


NETWORK_LEAD = re.compile(r"verkosto(illa|lla|t|ja|ihin|issa)\s*:?\s*$", re.IGNORECASE)


def network_list_items(doc: WorkDoc) -> list[Mention]:
    """The items of a list introduced as networks ("... tuetaan seitsemällä verkostolla:") are networks."""
    out = []
    for index, block in enumerate(doc.blocks):
        if block.kind != "bullet" or block.lead < 0 or block.marker == "*" and block.text.startswith("*"):
            continue
        if not NETWORK_LEAD.search(doc.blocks[block.lead].text.strip()):
            continue
        start, end = _clean_item(doc, block.value_start, block.value_end)
        (start, end), _ = _parenthesised(doc, start, end)
        text = doc.text[start:end]
        if not text or not text[:1].isupper() or len(text.split()) > 5:
            continue
        mention = make_mention(doc, start, end, NodeKind.NETWORK, "rules.list.networks", 0.7)
        mention.attrs.update(name_part=text, suffix="verkosto", suffix_word="verkosto")
        mention.block = index
        out.append(mention)
    return out


def _field_mentions(doc: WorkDoc, index: int) -> list[Mention]:
    block = doc.blocks[index]
    if block.meaning == "name" and block.value:
        mention = _project_name_value(doc, block.value_start, block.value_end)
        if mention is not None:
            mention.role, mention.block = "field:name", index
            return [mention]
    if block.meaning in ("coordinators", "funders", "partners"):
        return _actor_items(doc, block.value_start, block.value_end, f"field:{block.meaning}", index,
                            "rules.kv_field")
    if block.meaning == "contact":
        return _inline_contact(doc, index)
    return []


def _project_name_value(doc: WorkDoc, start: int, end: int) -> Mention | None:
    text = doc.text[start:end]
    cut = re.search(r"\s[–—-]\s", text)
    if cut:
        end = start + cut.start()  # "Metsäosaajien polku – metsä- ja puualan osaamista ..."
    start, end = _clean_item(doc, start, end)
    if end <= start:
        return None
    name = re.sub(r"\s*[-–]?\s*hanke$", "", doc.text[start:end], flags=re.IGNORECASE).strip()
    kind = _kind_by_ending(name) or NodeKind.PROJECT
    return make_mention(doc, start, end, kind, "rules.kv_field", 0.95, name=name)


def _kind_by_ending(name: str) -> NodeKind | None:
    last = name.split()[-1] if name.split() else ""
    base = lexicon.lemma(last.lower()).lower()
    if base.endswith(("ohjelma", "strategia", "sopimus")):
        return NodeKind.PROGRAMME
    if base.endswith("verkosto"):
        return NodeKind.NETWORK
    if base.endswith("rahasto") or last == "Fund":
        return NodeKind.FUND
    if base.endswith(("hanke", "projekti")):
        return NodeKind.PROJECT
    return None


def _row_mentions(doc: WorkDoc, index: int) -> list[Mention]:
    block = doc.blocks[index]
    out = []
    has_period = any(c.column == "period" and re.search(r"\d{4}", c.text) for c in block.cells)
    for cell in block.cells:
        if not cell.text:
            continue
        if cell.column == "projects":
            out.extend(_project_items(doc, cell.start, cell.end, index, has_period))
        elif cell.column in ("responsible", "partners", "funders"):
            role = {"responsible": "cell:responsible", "partners": "cell:partners", "funders": "cell:funders"}
            out.extend(_actor_items(doc, cell.start, cell.end, role[cell.column], index,
                                    "rules.table." + {"responsible": "vastuutaho"}.get(cell.column, cell.column)))
    return out


def _project_items(doc: WorkDoc, start: int, end: int, index: int, has_period: bool) -> list[Mention]:
    out = []
    for line_start, line_end in _lines_of(doc, start, end):
        hint = bool(re.search(r"\s[–—-]\s.*hanke\W*$", doc.text[line_start:line_end], re.IGNORECASE))
        for item_start, item_end in _project_line_items(doc, line_start, line_end):
            mention = _project_item(doc, item_start, item_end, has_period, hint)
            if mention is not None:
                mention.role, mention.block = "cell:projects", index
                out.append(mention)
    return out


def _lines_of(doc: WorkDoc, start: int, end: int) -> list[tuple[int, int]]:
    out, pos = [], start
    for line in doc.text[start:end].split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _project_line_items(doc: WorkDoc, start: int, end: int) -> list[tuple[int, int]]:
    text = doc.text[start:end]
    dash = re.search(r"\s[–—-]\s", text)
    if dash:
        right = text[dash.end():].strip()
        if not right[:1].isupper() or re.search(r"hanke\W*$", right, re.IGNORECASE):
            _suppress(doc, start + dash.start(), end)  # a description after the dash
            end = start + dash.start()
        else:
            return split_items(text[:dash.start()], start, slash=False) + \
                split_items(text[dash.end():], start + dash.end(), slash=False)
    return split_items(doc.text[start:end], start, slash=False)


def _suppress(doc: WorkDoc, start: int, end: int) -> None:
    doc.notes.setdefault("suppressed", []).append((start, end))


def _project_item(doc: WorkDoc, start: int, end: int, has_period: bool, hanke_hint: bool = False) -> Mention | None:
    start, end = _clean_item(doc, start, end)
    text = doc.text[start:end]
    years = YEARS_RE.search(text)
    name_end = start + years.start() if years else end
    name_text = doc.text[start:name_end].rstrip()
    code = CODE_RE.search(name_text)
    if code:
        name_text = name_text[:code.start()].rstrip()
    acronym = None
    if "/" in name_text:  # "Vetovoimaa kansainvälisistä osaajista/VEKO"
        name_text, _, acronym = name_text.partition("/")
    name_end = start + len(name_text)
    if not name_text or not (name_text[:1].isupper() or name_text[:1].isdigit()):
        return None
    last_piece = name_text.split()[-1].rsplit("-", 1)[-1].lower()
    if _nominative_plural(last_piece) and lexicon.lemma(last_piece) in ("hanke", "projekti", "ohjelma", "verkosto"):
        return None  # "TKI-hankkeet": a kind of thing, not a name
    kind = _kind_by_ending(name_text)
    if kind == NodeKind.PROJECT and not re.search(r"(^|[\s-])hanke$|[-–]\s*hanke$|projekti$", name_text,
                                                  re.IGNORECASE) and not re.search(r"[-–]\s*\w*hanke$", name_text):
        kind = None  # "Kuopionlahden kongressihotellihanke": a building project, not a named one
    if kind is None and hanke_hint:
        kind = NodeKind.PROJECT
    in_parens = bool(years) and text[years.start():].lstrip().startswith("(")
    if kind is None and not (in_parens or has_period or _name_like(name_text)):
        return None
    if kind is None and not _name_like(name_text) and NOT_A_PROJECT.search(lexicon.lemma(
            name_text.split()[-1].lower()).lower()) and not in_parens:
        return None
    if kind is None and _describes_work(name_text):
        return None
    kind = kind or NodeKind.PROJECT
    if kind == NodeKind.PROJECT and name_text.split()[-1] in ENGLISH_ORG_WORDS:
        kind = NodeKind.ORGANISATION
    mention = make_mention(doc, start, name_end, kind, "rules.table.hankkeet", 0.85 if in_parens else 0.7)
    mention.attrs["name_part"] = name_text
    if acronym and acronym.strip():
        mention.attrs["acronym"] = acronym.strip()
    if years:
        mention.attrs.update(_years_attrs(years.group(1), years.group(2)))
    return mention


def _nominative_plural(word: str) -> bool:
    found = lexicon.analyse(word)
    return bool(found) and all(r.number == "plural" and r.case == "nominative" for r in found)


def _name_like(text: str) -> bool:
    """A proper name rather than a description: "Future Savo", "TechnoGrowth", "Invest & Grow"."""
    words = text.split()
    if any(_camel(w) for w in words) and not _is_description(words[-1]):
        return True
    if "&" in text:
        return True
    capitals = [w for w in words if w[:1].isupper() or w[:1].isdigit()]
    if len(words) < 2 or len(capitals) < 2 or not all(w[:1].isupper() or w[:1].isdigit() or
                                                      w.lower() in ("in", "of", "and", "the") for w in words):
        return False
    foreign = any(not lexicon.is_known(w) for w in words if w[:1].isupper())
    return foreign or not _is_description(words[-1])


def _is_description(word: str) -> bool:
    if word[:1].isdigit():
        return False
    return lexicon.is_common_word(word) and not lexicon.is_proper(word)


def _describes_work(text: str) -> bool:
    return any(lexicon.lemma(w.lower()).lower().endswith("minen") for w in text.split()) or " kanssa" in text


def _camel(word: str) -> bool:
    return word[:1].isupper() and any(c.isupper() for c in word[1:]) and not word.isupper() and word.isalpha()


def _years_attrs(first: str, second: str | None) -> dict:
    start_year = int(first.split("/")[-1])
    attrs = {"years": f"{first}-{second or ''}".rstrip("-") if second else f"{first}-"}
    attrs["start"] = str(start_year)
    if second:
        end_year = second.split("/")[-1]
        end_year = int(end_year) if len(end_year) == 4 else (start_year // 100) * 100 + int(end_year)
        attrs["end"] = str(end_year)
    return attrs


def _actor_items(doc: WorkDoc, start: int, end: int, role: str, index: int, extractor: str) -> list[Mention]:
    out = []
    for item_start, item_end in split_items(doc.text[start:end], start):
        (main_start, main_end), inner = _parenthesised(doc, item_start, item_end)
        for a, b in [(main_start, main_end), *[s for span in inner for s in split_items(doc.text[span[0]:span[1]],
                                                                                       span[0])]]:
            a, b = _clean_item(doc, a, b)
            a = _after_on_behalf(doc, a, b)
            doc.notes["roles"].append((a, b, role, index))
            mention = _actor_item(doc, a, b, role, extractor)
            if mention is not None:
                mention.block = index
                out.append(mention)
    return out


def _after_on_behalf(doc: WorkDoc, start: int, end: int) -> int:
    """"Sydänsuomessa-alueen kuntien puolesta Kehittämisyhtiö Karstulanseutu": the actor is after "puolesta"."""
    match = re.search(r"\bpuolesta\s+", doc.text[start:end])
    return start + match.end() if match else start


def _actor_item(doc: WorkDoc, start: int, end: int, role: str, extractor: str) -> Mention | None:
    text = doc.text[start:end]
    if not text or len(text) > 80:
        return None
    words = text.split()
    if _covered(doc, start, end):
        return None
    base = lexicon.lemma(words[-1].lower()).lower()
    if text.lower() in ("kaupunki", "kaupungin") or base == "kaupunki" and len(words) == 1:
        return make_mention(doc, start, end, NodeKind.MUNICIPALITY, extractor, 0.7, home=True)
    if not (text[:1].isupper() or text[:1].isdigit() or _ends_in_legal_form(words)) or generic_actor(words):
        return None
    if text.isupper() and len(text) <= 2:
        return None
    if role.endswith("funders") and _kind_by_ending(text) == NodeKind.FUND:
        return make_mention(doc, start, end, NodeKind.FUND, extractor, 0.75)
    return make_mention(doc, start, end, NodeKind.ORGANISATION, extractor, 0.75)


def _ends_in_legal_form(words: list[str]) -> bool:
    """"<b>Uusi</b> Oy", "@Work Oy": a company named with a legal form, whatever its first character."""
    from alueverkko.ingest.patterns import LEGAL_FORMS

    return len(words) >= 2 and words[-1] in LEGAL_FORMS


def generic_actor(words: list[str]) -> bool:
    """"Oppilaitokset", "Palvelualueet", "Kaupungin ylin johto": kinds of actors, not actors."""
    base = lexicon.lemma(words[-1].lower()).lower()
    if len(words) == 1:
        return base in GENERIC_ACTORS or any(base.endswith(g) for g in GENERIC_ACTORS if len(g) > 6)
    return base in GENERIC_HEADS


def _covered(doc: WorkDoc, start: int, end: int) -> bool:
    """True when an earlier mention already spans the whole item."""
    return any(m.start <= start and m.end >= end for m in doc.mentions)


# -- contacts ---------------------------------------------------------------------------

def contact_mentions(doc: WorkDoc) -> list[Mention]:
    """People, their organisations and titles from contact blocks; records each person's contact."""
    out: list[Mention] = []
    contacts: list[Contact] = doc.notes.setdefault("contacts", [])
    for index, block in enumerate(doc.blocks):
        if block.kind != CONTACT:
            continue
        current: Contact | None = None
        pending: list[tuple[int, int, str]] = []
        for line in block.lines:
            start, end = _strip_markup(doc, line.start, line.end)
            if end <= start:
                continue
            kind = _contact_line_kind(doc, start, end)
            if kind == "person":
                person = _person_on_line(doc, start, end)
                if person is not None:
                    out.append(person)
                current = Contact(person=(start, end), block=index, start=start, end=end)
                contacts.append(current)
                for p_start, p_end, p_kind in pending:
                    _attach(doc, current, p_start, p_end, p_kind, out)
                pending = []
            elif current is None:
                pending.append((start, end, kind))
            else:
                _attach(doc, current, start, end, kind, out)
        if current is None and pending:
            for p_start, p_end, p_kind in pending:
                if p_kind == "org" and not any(k in ("address", "email") for _, _, k in pending):
                    _org_line(doc, p_start, p_end, out)
    return out


def _strip_markup(doc: WorkDoc, start: int, end: int) -> tuple[int, int]:
    text = doc.text[start:end]
    stripped = text.strip(" \t*_#")
    if not stripped:
        return start, start
    start += text.index(stripped)
    return start, start + len(stripped)


def _contact_line_kind(doc: WorkDoc, start: int, end: int) -> str:
    text = doc.text[start:end]
    if EMAIL_RE.search(text):
        return "email"
    if PHONE_RE.search(text) and re.search(r"(puh|tel|tfn|gsm|mob|^\+?\d)", text, re.IGNORECASE):
        return "phone"
    if URL_RE.search(text):
        return "url"
    if re.search(r"\b\d{5}\b|\bPL\s*\d+|\d+\s*[A-Z]?\s*(,|$)", text) and re.search(r"\d", text):
        _suppress(doc, start, end)  # a postal address names places, not actors
        return "address"
    if re.match(r"(lisätieto|yhteystied|yhteyshenkilö|ota yhteyttä|kontakt)", text, re.IGNORECASE):
        return "intro"
    if text.startswith("(") or text.endswith(":"):
        return "label"
    if _looks_like_person(doc, start, end):
        return "person"
    if "," in text:
        return "title_org"
    if _is_title(text):
        return "title"
    return "org"


def _looks_like_person(doc: WorkDoc, start: int, end: int) -> bool:
    words = [t for t in doc.tokens_between(start, end) if t.is_word]
    if not 2 <= len(words) <= 4 or any(any(c.isdigit() for c in t.text) for t in words):
        return False
    if not all(t.is_capitalised and not t.is_acronym for t in words):
        return False
    if any(lexicon.split_colon_case(t.text)[0] in ("Oy", "ry", "Oyj") for t in words):
        return False
    if any(m.start <= start and m.end >= end and m.kind != NodeKind.PERSON for m in doc.mentions):
        return False
    first = words[0].text
    return lexicon.is_first_name(first) or all(not lexicon.is_known(t.text) or lexicon.is_proper(t.text)
                                               for t in words)


def _is_title(text: str) -> bool:
    words = text.split()
    if len(words) > 4:
        return False
    return bool(PERSON_TITLE_HINTS.search(text)) or (text[:1].islower() and len(words) <= 3)


def _person_on_line(doc: WorkDoc, start: int, end: int) -> Mention | None:
    if any(m.kind == NodeKind.PERSON and m.start >= start and m.end <= end for m in doc.mentions):
        return None
    words = [t for t in doc.tokens_between(start, end) if t.is_word]
    return make_mention(doc, words[0].start, words[-1].end, NodeKind.PERSON, "rules.contact", 0.8)


def _attach(doc: WorkDoc, contact: Contact, start: int, end: int, kind: str, out: list[Mention]) -> None:
    text = doc.text[start:end]
    contact.end = max(contact.end, end)
    contact.start = min(contact.start, start)
    if kind == "email":
        contact.email = _deobfuscate(EMAIL_RE.search(text).group())
    elif kind == "phone":
        contact.phone = re.sub(r"\s+", " ", re.sub(r"^\D+", "", PHONE_RE.search(text).group())).strip()
    elif kind == "title" and not contact.title:
        contact.title = text.lower()
    elif kind == "title_org":
        for a, b in split_items(text, start, slash=False):
            piece = doc.text[a:b]
            if _is_title(piece) and not contact.title:
                contact.title = piece.lower()
            else:
                _org_line(doc, a, b, out)
                contact.orgs.append((a, b))
    elif kind == "label":
        contact.targets.append((start, end))
    elif kind == "org":
        _org_line(doc, start, end, out)
        contact.orgs.append((start, end))
    elif kind == "intro":
        contact.targets.append((start, end))


def _org_line(doc: WorkDoc, start: int, end: int, out: list[Mention]) -> None:
    if _covered(doc, start, end) or any(m.start <= start and m.end >= end for m in out):
        return
    text = doc.text[start:end]
    if not text[:1].isupper() or len(text.split()) > 6:
        return
    out.append(make_mention(doc, start, end, NodeKind.ORGANISATION, "rules.contact", 0.65, role="contact:org"))


def _inline_contact(doc: WorkDoc, index: int) -> list[Mention]:
    """"Yhteyshenkilö: Päivi Öhman, kehittämispäällikkö, Sallan kunta"."""
    block = doc.blocks[index]
    out: list[Mention] = []
    items = split_items(block.value, block.value_start, slash=False)
    if not items:
        return out
    first_start, first_end = items[0]
    if not _looks_like_person(doc, first_start, first_end):
        return out
    person = _person_on_line(doc, first_start, first_end)
    if person is not None:
        out.append(person)
    contact = Contact(person=(first_start, first_end), block=index, start=block.start, end=block.end)
    doc.notes.setdefault("contacts", []).append(contact)
    for a, b in items[1:]:
        piece = doc.text[a:b]
        _attach(doc, contact, a, b, "title" if _is_title(piece) else "org", out)
    return out


def _deobfuscate(email: str) -> str:
    """"olli.kokander(at)suonenjoki.fi" -> "olli.kokander@suonenjoki.fi"."""
    return re.sub(r"\s?[(\[](?:at|ät)[)\]]\s?", "@", email, flags=re.IGNORECASE)


def link_people(doc: WorkDoc) -> None:
    """Tell each person mention its organisation: from its contact block, or "X Lapin yliopistosta" in prose."""
    for contact in doc.notes.get("contacts", []):
        if contact.person is None:
            continue
        orgs = [m for span in contact.orgs for m in doc.mentions
                if span[0] <= m.start and m.end <= span[1] and m.kind in (NodeKind.ORGANISATION, NodeKind.MUNICIPALITY)]
        for m in doc.mentions:
            if m.kind == NodeKind.PERSON and contact.person[0] <= m.start and m.end <= contact.person[1] and orgs:
                m.attrs["organisation"] = orgs[0].name
    ordered = sorted(doc.mentions, key=lambda m: m.start)
    for a, b in zip(ordered, ordered[1:]):
        if a.kind == NodeKind.PERSON and b.kind == NodeKind.ORGANISATION and b.head_case == "elative" \
                and not doc.text[a.end:b.start].strip() and "organisation" not in a.attrs:
            a.attrs["organisation"] = b.name
    _topic_details(doc)


def _topic_details(doc: WorkDoc) -> None:
    """Dates and budget of the page's project from its fields."""
    attrs = doc.notes.setdefault("topic_attrs", {})
    for block in doc.blocks:
        if block.kind != FIELD:
            continue
        if block.meaning == "period":
            dates = re.findall(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", block.value)
            years = re.findall(r"\b(?:19|20)\d{2}\b", block.value)
            if dates:
                attrs["start"] = "%s-%02d-%02d" % (dates[0][2], int(dates[0][1]), int(dates[0][0]))
                if len(dates) > 1:
                    attrs["end"] = "%s-%02d-%02d" % (dates[-1][2], int(dates[-1][1]), int(dates[-1][0]))
            elif years:
                attrs["start"], attrs["end"] = years[0], years[-1]
        elif block.meaning == "budget":
            amount = parse_euros(block.value)
            if amount is not None:
                attrs["budget_eur"] = amount


def parse_euros(text: str) -> int | None:
    """"116 475 €" -> 116475; "1,2 milj. €" -> 1200000.

    >>> parse_euros("116\u00a0475 €"), parse_euros("1,2 milj. euroa")
    (116475, 1200000)
    """
    million = re.search(r"(\d+(?:[,.]\d+)?)\s*milj", text)
    if million:
        return int(round(float(million.group(1).replace(",", ".")) * 1_000_000))
    digits = re.search(r"\d[\d\s\u00a0.]*\d|\d", text)
    if not digits:
        return None
    return int(re.sub(r"[\s\u00a0.]", "", digits.group()))
