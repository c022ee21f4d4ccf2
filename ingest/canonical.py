"""Canonical names: nominative, register style, stable across documents.

Only the head word of a name is put into the nominative; a qualifier in the
genitive stays as it is ("Helsingin yliopiston Ruralia-instituutin" ->
"Helsingin yliopiston Ruralia-instituutti"). Project names lose a generic
"hanke" ending and their years ("Taitopajat-hanke (2018-6/21)" -> "Taitopajat");
programme, strategy and network names keep their ending, written the Finnish
way: attached to a one-word name, after a space and a hyphen when the name has
several words ("Kuopio 2030-strategiaa" -> "Kuopio 2030 -strategia").

>>> project_name("Osaajavetovoima- hanke")
'Osaajavetovoima'
>>> suffixed_name("Kuopio 2030", "strategia")
'Kuopio 2030 -strategia'
>>> suffixed_name("FiTech", "verkosto")
'FiTech-verkosto'
>>> head_nominative("Helsingin yliopiston Ruralia-instituutin")
'Helsingin yliopiston Ruralia-instituutti'
>>> person_name("Harri Kivelän")
'Harri Kivelä'
"""

from __future__ import annotations

import re

from alueverkko.graph.model import NodeKind
from alueverkko.ingest import lexicon
from alueverkko.ingest.doc import Mention, WorkDoc
from alueverkko.ingest.patterns import LEGAL_FORMS

#: Organisation words written in lower case inside a name ("Sisä-Savon Seutuyhtymä" -> "... seutuyhtymä").
LOWER_HEADS = ("seutuyhtymä", "kuntayhtymä", "liitto", "yliopisto", "ammattikorkeakoulu", "säätiö", "yhdistys",
               "maakuntaliitto", "instituutti", "yksikkö", "kaupunki", "kunta")


def canonical_names(doc: WorkDoc) -> None:
    """Fill in each mention's canonical name where no earlier step knew it."""
    for mention in doc.mentions:
        if not mention.name and not mention.attrs.get("home"):
            mention.name = canonical_name(mention)
        mention.name = tidy(mention.name)
        if mention.name and _written_as_named(mention):
            mention.head_case = "nominative"  # "Yrkeshögskolan Novia" as it is named: no ending to read


def _written_as_named(mention: Mention) -> bool:
    written = tidy(mention.text).split()
    named = mention.name.split()
    return bool(written) and bool(named) and written[-1] == named[-1] and mention.kind != NodeKind.PERSON


def canonical_name(mention: Mention) -> str:
    text = tidy(mention.text)
    name_part = tidy(mention.attrs.get("name_part", ""))
    suffix = mention.attrs.get("suffix", "")
    if mention.kind == NodeKind.PERSON:
        return person_name(text)
    if mention.kind == NodeKind.PROJECT:
        if suffix == "projekti":
            return suffixed_name(name_part or text, "projekti")
        return project_name(name_part or text)
    if mention.kind in (NodeKind.PROGRAMME, NodeKind.NETWORK, NodeKind.FUND) and suffix and name_part:
        return suffixed_name(name_part, mention.attrs.get("suffix_word") or _suffix_word(text))
    if mention.kind == NodeKind.ORGANISATION:
        return organisation_name(name_part or text)
    return head_nominative(name_part or text)


def tidy(name: str) -> str:
    """Markup and stray spacing out of a name: "Kouvolan seudun **KOKO**" -> "Kouvolan seudun KOKO"."""
    name = re.sub(r"[*_#\"”“]", "", name)
    name = re.sub(r"\s+", " ", name).strip(" ,.;:-–")
    return name


def _suffix_word(text: str) -> str:
    """The ending word of "Kuopio 2030-strategiaa" in the nominative: "strategia"."""
    last = text.split()[-1] if text.split() else text
    last = re.split(r"[-–]", last.strip("-–"))[-1]
    return lexicon.lemma(last.lower()).lower()


def project_name(text: str) -> str:
    """A project's name without the generic "hanke" word, years or codes."""
    text = re.sub(r"\s*\([^)]*\)?\s*$", "", text)
    text = re.sub(r"\s*[-–]?\s*\b(hanke|hankkeen|hanketta|hankkeessa|hankkeeseen|hankkeesta|hankkeella|"
                  r"hankkeelle|hankkeena|hankkeet|hankkeiden)$", "", text, flags=re.IGNORECASE)
    text = re.sub(r"[-–]\s*$", "", text).strip()
    return text or "?"


def suffixed_name(name: str, suffix: str) -> str:
    name = re.sub(r"\s*[-–]\s*$", "", name).strip()
    if " " in name or name[-1:].isdigit():
        return f"{name} -{suffix}"
    return f"{name}-{suffix}"


def head_nominative(text: str) -> str:
    """The name with its last word in the nominative (colon endings dropped, "Oy:llä" -> "Oy")."""
    words = text.split(" ")
    last = words[-1]
    head, case = lexicon.split_colon_case(last)
    if case:
        words[-1] = head
    elif case is None and lexicon.case_of(last) not in (None, "nominative"):
        words[-1] = _nominative(last)
    return " ".join(words)


def _nominative(word: str) -> str:
    base = lexicon.lemma(word)
    if word.isupper():
        return base.upper()
    if word[:1].isupper() and base[:1].islower():
        return base[:1].upper() + base[1:]
    if "-" in word and "-" in base:
        # Keep the first part as written ("Ruralia-instituutin" -> "Ruralia-instituutti").
        return word.split("-")[0] + "-" + base.split("-", 1)[1]
    return base


def organisation_name(text: str) -> str:
    name = head_nominative(text)
    words = name.split(" ")
    if len(words) >= 2 and words[-1].lower().endswith(LOWER_HEADS) and words[-1] not in LEGAL_FORMS \
            and not words[-1].isupper():
        words[-1] = words[-1][:1].lower() + words[-1][1:]
    return " ".join(words)


def person_name(text: str) -> str:
    words = text.split()
    if not words:
        return text
    last = words[-1]
    readings = lexicon.analyse(last)
    surnames = [r for r in readings if r.cls in ("sukunimi", "etunimi")]
    if surnames and surnames[0].case not in (None, "nominative"):
        words[-1] = surnames[0].base
    return " ".join(words)


def sentence_case(name: str) -> str:
    """An all-capitals name in ordinary case, proper names capitalised: "KASVAVA KUOPIO" -> "Kasvava Kuopio"."""
    out = []
    for i, word in enumerate(name.split(" ")):
        lower = word.lower()
        parts = lower.split("-")
        fixed = [p[:1].upper() + p[1:] if lexicon.is_proper(p[:1].upper() + p[1:]) else p for p in parts]
        word = "-".join(fixed)
        if i == 0:
            word = word[:1].upper() + word[1:]
        out.append(word)
    return " ".join(out)
