"""Words to terms: Finnish lemmas through Voikko, with the parts of compounds.

A text becomes a list of :class:`Word` s; each word has the terms it is
indexed and searched under: its base forms, and for a compound the base form
of its last part and the nominative of the parts before it
("kylämatkailun" -> kylämatkailu, kylä, matkailu). Words Voikko does not know
(names, English, typos) are kept lower-cased as written. Stop words in Finnish
and English carry no terms. A small glossary maps common English words of the
field to Finnish lemmas, so an English idea still meets Finnish documents.

>>> [w.terms for w in words("Kylämatkailun kehittäminen ja Pohjois-Savossa")]
[('kylämatkailu', 'kylä', 'matkailu'), ('kehittää',), (), ('pohjois-savo', 'pohjois', 'savo')]
>>> terms("rural tourism")
['maaseutu', 'matkailu']
>>> terms("asdf ja sekä")
['asdf']
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

MORPHEME = re.compile(r"\+([^()+]*)((?:\([^)]*\))*)")
WORD = re.compile(r"[^\W_]+(?:[-‐][^\W_]+)*(?::[^\W\d_]+)?", re.UNICODE)
_VOIKKO_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a text: where it stands, how it was written, its terms."""

    start: int
    end: int
    surface: str
    terms: tuple[str, ...]
    known: bool  # Voikko knows it, or it is in the English glossary


#: English words of regional development with the Finnish lemma they mean.
GLOSSARY = {
    "tourism": "matkailu", "tourist": "matkailija", "nature": "luonto", "rural": "maaseutu", "village": "kylä",
    "villages": "kylä", "countryside": "maaseutu", "development": "kehittäminen", "develop": "kehittää",
    "developing": "kehittää", "immigration": "maahanmuutto", "migration": "maahanmuutto",
    "labour": "työ", "labor": "työ", "work": "työ", "talent": "osaaja", "talents": "osaaja", "skills": "osaaminen",
    "skilled": "osaaja", "experts": "asiantuntija", "services": "palvelu", "service": "palvelu",
    "energy": "energia", "renewable": "uusiutuva", "bioenergy": "bioenergia", "solar": "aurinkoenergia",
    "water": "vesi", "health": "terveys", "wellbeing": "hyvinvointi", "elderly": "ikääntynyt", "food": "ruoka",
    "local": "lähi", "entrepreneurship": "yrittäjyys", "entrepreneurs": "yrittäjä", "companies": "yritys",
    "company": "yritys", "business": "yritys", "businesses": "yritys", "startup": "start", "investment": "investointi",
    "investments": "investointi", "logistics": "logistiikka", "transport": "liikenne", "traffic": "liikenne",
    "railway": "raideliikenne", "accessibility": "saavutettavuus", "culture": "kulttuuri", "cultural": "kulttuuri",
    "creative": "luova", "events": "tapahtuma", "event": "tapahtuma", "art": "taide", "arts": "taide",
    "forest": "metsä", "forestry": "metsätalous", "wood": "puu", "bioeconomy": "biotalous", "digital": "digitaalinen",
    "digitalisation": "digitalisaatio", "digitalization": "digitalisaatio", "data": "data",
    "artificial": "tekoäly", "software": "ohjelmisto", "education": "koulutus", "training": "koulutus",
    "learning": "oppiminen", "school": "oppilaitos", "schools": "oppilaitos", "circular": "kiertotalous",
    "economy": "talous", "climate": "ilmasto", "environment": "ympäristö", "youth": "nuori", "young": "nuori",
    "employment": "työllisyys", "jobs": "työpaikka", "housing": "asuminen", "innovation": "innovaatio",
    "innovations": "innovaatio", "research": "tutkimus", "cooperation": "yhteistyö", "network": "verkosto",
    "networks": "verkosto", "routes": "reitti", "hiking": "retkeily", "cycling": "pyöräily", "walking": "kävely",
    "farms": "maatila", "farm": "maatila", "agriculture": "maatalous", "regional": "alueellinen",
}

#: Finnish function words, as lemmas and as written (Voikko gives the lemmas of the rest).
FINNISH_STOP = """
ja tai sekä että mutta vaan kuin kun jos koska vaikka jotta eli sillä siis mm esim yms jne ym ko
ei olla voida saada tehdä tulla pitää täytyä aikoa
se ne tämä nämä tuo nuo joka mikä kuka ken jokin joku mikään kukaan kaikki muu moni usea eräs itse oma
minä sinä hän me te he meidän teidän heidän sen niiden siitä siihen siinä sitä sille tätä tässä tähän tästä
niin nyt jo vielä aina usein myös vain vasta juuri hyvin paljon vähän enemmän eniten erittäin noin jopa
kuten siten näin siellä täällä missä mihin mistä miten miksi milloin jossa johon josta jonka joita joiden
kanssa mukaan kautta avulla aikana välillä lisäksi osalta myötä vuoksi takia ilman jälkeen ennen asti
saakka kohti luona yli alle ali läpi sisällä ulkona yhdessä keskenään kesken
"""
ENGLISH_STOP = """
a an the and or but if of in on at by for to from with as into onto about over under than then so such
is are was were be been being am do does did have has had will would can could should may might must
this that these those it its we our us you your they their them he she his her i me my who which what
where when how why all any some each other more most very also only not no new project projects idea
"""

_EXTRA_STOP = {"hanke", "hankkeen", "projekti", "idea", "project", "new", "uusi", "myös", "esim"}


def words(text: str) -> list[Word]:
    """The words of a text with their terms (empty for stop words)."""
    return [_word(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]


def terms(text: str) -> list[str]:
    """Every term of every word, in order (a word's terms may repeat across words)."""
    return [t for w in words(text) for t in w.terms]


def _word(start: int, end: int, surface: str) -> Word:
    found, known = analyse(surface)
    return Word(start, end, surface, found, known)


@lru_cache(maxsize=1 << 17)
def analyse(surface: str) -> tuple[tuple[str, ...], bool]:
    """(terms, known) of one written word; cached, since words repeat a lot."""
    lower = surface.lower()
    if lower in _stop_words() or lower.isdigit():
        return (), True
    if lower in GLOSSARY:
        return (GLOSSARY[lower],), True
    stem = surface.split(":")[0]
    found: list[str] = []
    analyses = _voikko_analyse(stem) or (_voikko_analyse(stem.lower()) if stem[:1].isupper() else [])
    for analysis in analyses:
        base = (analysis.get("BASEFORM") or "").lower()
        if not base or base in _stop_words():
            continue
        found.append(base)
        found.extend(compound_parts(base, analysis.get("WORDBASES", "")))
        if "-" in base:
            found.extend(part for part in base.split("-") if len(part) > 1)
    if analyses:  # a known word, possibly only a stop word
        return tuple(dict.fromkeys(t for t in found if t not in _stop_words())), True
    return (stem.lower(),), False


def compound_parts(base: str, wordbases: str) -> list[str]:
    """The parts of a compound base form, from Voikko's WORDBASES.

    >>> compound_parts("matkailuhanke", "+matkail(matkata)(+la)+u(+u)+hanke(hanke)")
    ['matkailu', 'hanke']
    >>> compound_parts("osaajapalvelu", "+osa(osata)+a+ja(+ja)+palvel(palvella)+u(+u)")
    ['osaaja', 'palvelu']
    >>> compound_parts("pohjois-savo", "+pohjois(pohjoinen)+-+Savo(Savo)")
    ['pohjois', 'savo']
    >>> compound_parts("hanke", "+hanke(hanke)")
    []
    """
    pieces: list[str] = []
    for surface, bases in MORPHEME.findall(wordbases):
        lexical = bases.startswith("(") and not bases.startswith("(+")
        if lexical or not pieces:
            pieces.append(surface)
        else:  # a derivational ending or a hyphen belongs to the part before it
            pieces[-1] += surface
    if len(pieces) < 2:
        return []
    prefix = "".join(pieces[:-1]).lower()
    last = base[len(prefix):] if base.startswith(prefix) else pieces[-1].lower()
    parts = [p.lower().strip("-") for p in pieces[:-1]] + [last.strip("-")]
    return [p for p in parts if len(p) > 2 and p != base]


def _voikko_analyse(word: str) -> list[dict]:
    voikko = _voikko()
    if voikko is None:
        return []
    with _VOIKKO_LOCK:  # a Voikko handle is not safe to share between threads
        return voikko.analyze(word)


@lru_cache(maxsize=1)
def _voikko():
    try:
        import libvoikko
        return libvoikko.Voikko("fi")
    except (ImportError, OSError):  # Voikko missing: words are kept as written
        return None


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return frozenset(FINNISH_STOP.split() + ENGLISH_STOP.split()) | _EXTRA_STOP
