"""Finnish word analysis through Voikko: base forms, cases and word classes.

Voikko is loaded lazily, once per process, and every analysis is cached: the
same words repeat across a document and across documents, and an analysis
costs tens of microseconds.

Names Voikko does not know ("Savonian", "UEFin", "KOKO:ssa") are handled by
:func:`readings`, which strips a colon case ending or a common case ending from
an unknown capitalised word, so gazetteer and document names still match.

>>> base_forms("Kouvolan")
('Kouvola',)
>>> case_of("liitolta")
'ablative'
>>> split_colon_case("KOKO:ssa")
('KOKO', 'inessive')
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

#: Voikko's SIJAMUOTO values, named in English for readable rules.
CASES = {
    "nimento": "nominative", "omanto": "genitive", "osanto": "partitive", "sisaolento": "inessive",
    "sisaeronto": "elative", "sisatulento": "illative", "ulkoolento": "adessive", "ulkoeronto": "ablative",
    "ulkotulento": "allative", "olento": "essive", "tulento": "translative", "keinonto": "instructive",
    "seuranto": "comitative", "vajanto": "abessive", "kerrontosti": "adverbial",
}

#: Endings written after a colon on acronyms and numbers ("ELY:n", "TEM:ltä", "Oy:llä").
COLON_ENDINGS = {
    "n": "genitive", "a": "partitive", "ä": "partitive", "ta": "partitive", "tä": "partitive",
    "ssa": "inessive", "ssä": "inessive", "sta": "elative", "stä": "elative", "han": "illative",
    "hin": "illative", "hen": "illative", "iin": "illative", "een": "illative", "lla": "adessive",
    "llä": "adessive", "lta": "ablative", "ltä": "ablative", "lle": "allative", "na": "essive",
    "nä": "essive", "ksi": "translative", "ien": "genitive", "t": "nominative",
}

#: Case endings tried on capitalised words Voikko does not know ("Savonian", "Springhousen").
#: Longest first, so "-ssa" is tried before "-a".
GUESSED_ENDINGS = (
    ("ssa", "inessive"), ("ssä", "inessive"), ("sta", "elative"), ("stä", "elative"),
    ("lla", "adessive"), ("llä", "adessive"), ("lta", "ablative"), ("ltä", "ablative"),
    ("lle", "allative"), ("ksi", "translative"), ("iin", "illative"), ("iä", "partitive"), ("in", "genitive"),
    ("n", "genitive"), ("a", "partitive"), ("ä", "partitive"),
)

PROPER_CLASSES = frozenset({"paikannimi", "sukunimi", "etunimi", "nimi"})


@dataclass(frozen=True, slots=True)
class Reading:
    """One analysis of a word: base form, word class, case and number."""

    base: str
    cls: str
    case: str | None
    number: str | None
    structure: str = ""
    guessed: bool = False


_voikko = None
_voikko_lock = threading.RLock()


def voikko():
    """The process-wide Voikko instance, created on first use."""
    global _voikko
    if _voikko is None:
        with _voikko_lock:
            if _voikko is None:
                import libvoikko
                _voikko = libvoikko.Voikko("fi")
    return _voikko


@lru_cache(maxsize=200_000)
def analyse(word: str) -> tuple[Reading, ...]:
    """Voikko's readings of one word, cached; empty when Voikko does not know it."""
    with _voikko_lock:
        raw = voikko().analyze(word)
    seen: dict[tuple, Reading] = {}
    for a in raw:
        reading = Reading(a.get("BASEFORM", word), a.get("CLASS", ""), CASES.get(a.get("SIJAMUOTO", "")),
                          a.get("NUMBER"), a.get("STRUCTURE", ""))
        seen.setdefault((reading.base, reading.cls, reading.case, reading.number), reading)
    return tuple(seen.values())


def split_colon_case(word: str) -> tuple[str, str | None]:
    """An acronym with a colon case ending, split: ("ELY:n") -> ("ELY", "genitive")."""
    head, sep, ending = word.rpartition(":")
    if sep and head and ending.lower() in COLON_ENDINGS:
        return head, COLON_ENDINGS[ending.lower()]
    return word, None


@lru_cache(maxsize=200_000)
def readings(word: str) -> tuple[Reading, ...]:
    """Readings of a word including guesses for acronyms, colon endings and unknown names.

    >>> [r.base for r in readings("UEFin")]
    ['UEF', 'UEFin']
    >>> readings("KOKO:lla")[0].case
    'adessive'
    """
    head, colon_case = split_colon_case(word)
    if colon_case:
        return (Reading(head, "lyhenne", colon_case, None, guessed=True),)
    known = analyse(word)
    if known and not re.match(r"[A-ZÅÄÖ]{2,}[a-zäö]", word):
        return known
    if known:
        # "KOKOn", "UEFin": an acronym with its ending, whatever common word it also spells.
        return (*_guess_endings(word), *known)
    if "-" in word.strip("-"):
        prefix, _, last = word.rstrip("-").rpartition("-")
        tail = analyse(last) or analyse(last.lower())
        if tail:
            return tuple(Reading(f"{prefix}-{r.base}", r.cls, r.case, r.number, guessed=True) for r in tail)
    guesses = _guess_endings(word) if word[:1].isupper() else []
    return (*guesses, Reading(word, "", "nominative", None, guessed=True))


def _guess_endings(word: str) -> list[Reading]:
    upper_prefix = re.match(r"[A-ZÅÄÖ]{2,}", word)
    out = []
    for ending, case in GUESSED_ENDINGS:
        stem = word[: -len(ending)]
        if not word.endswith(ending) or len(stem) < 3:
            continue
        # Acronyms inflect without a colon too ("UEFin", "KOKOn", "KOKOa").
        acronym_stem = bool(upper_prefix) and (stem == upper_prefix.group(0) or stem.isupper())
        if upper_prefix and not acronym_stem:
            continue
        if len(ending) == 1 and ending != "n" and not acronym_stem:
            continue  # "-a" ends too many names ("Savonia") to be read as a partitive
        if ending == "iä" and stem[-1:] in "aeiouyäö":
            continue  # "Centeriä" is "Center", but "Kemiä" is not "Kem"
        out.append(Reading(stem, "", case, None, guessed=True))
    return out


def base_forms(word: str) -> tuple[str, ...]:
    """The distinct base forms of a word (the word itself when Voikko does not know it)."""
    return tuple(dict.fromkeys(r.base for r in readings(word)))


def case_of(word: str) -> str | None:
    """The case of the first reading that has one."""
    for r in readings(word):
        if r.case:
            return r.case
    return None


def cases_of(word: str) -> frozenset[str]:
    return frozenset(r.case for r in readings(word) if r.case)


def is_known(word: str) -> bool:
    """True when Voikko knows the word (or its last hyphen part)."""
    return any(not r.guessed for r in readings(word))


def is_common_word(word: str) -> bool:
    """A dictionary word that is not a proper name ("Satama", "Kaupungin")."""
    found = analyse(word) or analyse(word.lower())
    return bool(found) and not any(r.cls in PROPER_CLASSES for r in found)


def is_proper(word: str) -> bool:
    """Voikko knows the word as a name (place, first name, surname)."""
    return any(r.cls in PROPER_CLASSES for r in analyse(word))


def is_place(word: str) -> bool:
    return any(r.cls == "paikannimi" for r in analyse(word))


def is_first_name(word: str) -> bool:
    return any(r.cls == "etunimi" for r in analyse(word))


def is_verb(word: str) -> bool:
    found = analyse(word) or analyse(word.lower())
    return bool(found) and all(r.cls == "teonsana" for r in found)


def is_plural(word: str) -> bool:
    found = analyse(word) or analyse(word.lower())
    return bool(found) and all(r.number == "plural" for r in found)


def lemma(word: str) -> str:
    """The most likely base form, keeping the word's own capitalisation style.

    >>> lemma("liitolta"), lemma("Kouvolan"), lemma("instituutin")
    ('liitto', 'Kouvola', 'instituutti')
    """
    forms = readings(word)
    if not forms:
        return word
    best = _prefer_proper(forms) if word[:1].isupper() else _prefer_common(forms)
    return best.base


def _prefer_proper(forms: tuple[Reading, ...]) -> Reading:
    for r in forms:
        if r.cls in PROPER_CLASSES:
            return r
    return forms[0]


def _prefer_common(forms: tuple[Reading, ...]) -> Reading:
    for r in forms:
        if r.cls not in PROPER_CLASSES:
            return r
    return forms[0]


def compound_initials(word: str) -> str:
    """Initials of a word's compound parts: "Kaupunkiympäristön" -> "KY".

    >>> compound_initials("sairaanhoitopiiri")
    'SHP'
    """
    out = []
    for part in word.split("-"):
        found = analyse(part) or analyse(part.lower())
        structure = found[0].structure if found else ""
        if not structure:
            out.append(part[:1].upper())
            continue
        letters = iter(part)
        marker_next = False
        for mark in structure:
            if mark == "=":
                marker_next = True
                continue
            char = next(letters, "")
            if marker_next and char.isalpha():
                out.append(char.upper())
            marker_next = False
    return "".join(out)
