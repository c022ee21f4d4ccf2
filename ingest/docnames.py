"""Names the document itself has introduced, found again wherever the text repeats them.

A project named once in a table ("Osaajasilta (2021-23)") is later written
inflected ("Osaajasillan"), joined ("TalentHub") or shortened; an acronym
defined in parentheses ("Seinäjoen ammattikorkeakoulu (SeAMK)") is later
used alone ("SeAMK:n"). This step collects the names and variants of the
document's own mentions and marks their other occurrences.

>>> variants_of("Talent HUB") == variants_of("TalentHub")
True
"""

from __future__ import annotations

import bisect
import re

from alueverkko.graph.model import NodeKind
from alueverkko.ingest import lexicon
from alueverkko.ingest.doc import Mention, WorkDoc
from alueverkko.ingest.mentions import make_mention
from alueverkko.ingest.tokens import normalise_key

MAX_WORDS = 5
#: Kinds whose repeated names the gazetteer already finds everywhere.
PLACE_KINDS = (NodeKind.MUNICIPALITY,)


def variants_of(name: str) -> set[str]:
    key = normalise_key(name)
    if len(key) < 3:
        return set()
    out = {key}
    if key.endswith("t") and " " not in name.strip():
        out.add(key[:-1])  # "Työllisyyspalvelut" is written "Työllisyyspalvelun" too
    return out


def acronym_definitions(doc: WorkDoc) -> list[Mention]:
    """"Seinäjoen ammattikorkeakoulu (SeAMK)": the acronym becomes a name of the same entity."""
    out = []
    text = doc.text
    for mention in doc.mentions:
        rest = text[mention.end:mention.end + 14]
        if not rest.startswith(" (") or ")" not in rest:
            continue
        inner = rest[2:rest.index(")")]
        if not inner or " " in inner or not any(c.isupper() for c in inner[1:] + inner[:1]) or len(inner) < 2:
            continue
        if not (inner.isupper() or sum(c.isupper() for c in inner) >= 2):
            continue
        if inner[:1].casefold() != mention.name[:1].casefold():
            continue  # "Satasella Savoon (VT5)": a code beside the name, not its acronym
        start = mention.end + 2
        doc.aliases[normalise_key(inner)] = (mention.kind, mention.name)
        out.append(make_mention(doc, start, start + len(inner), mention.kind, "rules.acronym_definition", 0.85,
                                name=mention.name))
    return out


def document_name_mentions(doc: WorkDoc) -> list[Mention]:
    """Other occurrences of the names the document's mentions carry."""
    names = _name_table(doc)
    if not names:
        return []
    occupied = Spans((m.start, m.end) for m in doc.mentions)
    prefixes = {key[:3] for key in names}
    tokens = doc.tokens
    out: list[Mention] = []
    i = 0
    while i < len(tokens):
        found = None
        if tokens[i].is_word and normalise_key(tokens[i].text)[:3] in prefixes:
            found = _match(doc, i, names, occupied)
        if found is None:
            i += 1
            continue
        j, kind, name = found
        mention = make_mention(doc, tokens[i].start, tokens[j].end, kind, "rules.document_name", 0.7, name=name)
        inside = [m for m in doc.mentions if mention.start <= m.start and m.end <= mention.end
                  and m.length < mention.length]
        if inside:
            doc.mentions = [m for m in doc.mentions if not any(m is x for x in inside)]
        out.append(mention)
        occupied.add(mention.start, mention.end)
        i = j + 1
    return out


class Spans:
    """Character spans, sorted, answering "which of you overlap this span?" by bisection."""

    def __init__(self, spans):
        self.items = sorted(spans)
        self.starts = [a for a, _ in self.items]
        self.longest = max((b - a for a, b in self.items), default=0)

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self.starts, start)
        self.items.insert(i, (start, end))
        self.starts.insert(i, start)
        self.longest = max(self.longest, end - start)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        lo = bisect.bisect_left(self.starts, start - self.longest)
        hi = bisect.bisect_left(self.starts, end)
        return [(a, b) for a, b in self.items[lo:hi] if a < end and start < b]


def _name_table(doc: WorkDoc) -> dict[str, tuple[NodeKind, str]]:
    names: dict[str, tuple[NodeKind, str]] = {}
    for mention in doc.mentions:
        if mention.kind in PLACE_KINDS or mention.kind == NodeKind.PERSON or not mention.name:
            continue
        if mention.kind == NodeKind.REGION and mention.extractor.startswith("gazetteer"):
            continue
        candidates = {mention.name}
        if mention.attrs.get("acronym") and mention.kind != NodeKind.PROGRAMME:
            candidates.add(mention.attrs["acronym"])
        for candidate in candidates:
            for key in variants_of(candidate):
                names.setdefault(key, (mention.kind, mention.name))
    for key, (kind, name) in doc.aliases.items():
        names.setdefault(key, (kind, name))
    return names


def _match(doc: WorkDoc, i: int, names, occupied) -> tuple[int, NodeKind, str] | None:
    tokens = doc.tokens
    for j in range(min(len(tokens) - 1, i + MAX_WORDS - 1), i - 1, -1):
        span = tokens[i:j + 1]
        if not span[-1].is_word or any(not t.is_word and t.text not in ("&",) for t in span):
            continue
        if "\n" in doc.text[span[0].start:span[-1].end]:
            continue
        start, end = span[0].start, span[-1].end
        # A longer document name wins over shorter mentions inside it ("Eastern Finland" in a project's name).
        if any(not (start <= a and b <= end and b - a < end - start) for a, b in occupied.overlapping(start, end)):
            continue
        for key in _span_keys(doc.text[start:span[-1].start], span[-1].text):
            if key in names and _written_as_name(doc, span, names[key]):
                return j, *names[key]
    return None


def _span_keys(prefix: str, last: str) -> list[str]:
    keys = [normalise_key(prefix + last)]
    head, case = lexicon.split_colon_case(last)
    if case:
        keys.append(normalise_key(prefix + head))
    for base in lexicon.base_forms(last):
        keys.append(normalise_key(prefix + base))
    if "-" in last:
        first, rest = last.split("-", 1)
        if rest[:1].islower():
            keys.append(normalise_key(prefix + first))  # "Sydänsuomessa-alueen"
            keys.extend(normalise_key(prefix + b) for b in lexicon.base_forms(first))
    return keys


def _written_as_name(doc: WorkDoc, span, target: tuple[NodeKind, str]) -> bool:
    first = span[0]
    if first.is_capitalised or first.text[:1].isdigit():
        if len(span) == 1 and lexicon.is_common_word(first.text) and not lexicon.is_proper(first.text):
            sentence = doc.sentence_at(first.start)
            # A short common word opening a sentence is that word; a long compound is the name.
            return sentence is None or sentence.start != first.start or "-" in first.text or len(first.text) >= 12
        return True
    # Lower case: a name of several words written in lower case in its own canonical form, or a
    # department after its city: "Lieksan kaupungin elinvoimapalvelut".
    if len(span) > 1 and target[1][:1].islower():
        return True
    return target[0] == NodeKind.ORGANISATION and _after_city(doc, first)


def _after_city(doc: WorkDoc, token) -> bool:
    before = doc.text[max(0, token.start - 40):token.start]
    return bool(re.search(r"\b[A-ZÅÄÖ]\w+n\s+(kaupungin|kunnan)\s+$", before))
