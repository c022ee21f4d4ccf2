"""Mentions from the gazetteers, and choosing among overlapping mentions.

Gazetteer names are matched on token *pieces* by their surface and base forms,
so inflected and hyphenated forms match: "Pohjois-Savon liitolta" ->
Pohjois-Savon liitto, "Karelia-AMK:n" -> Karelia-ammattikorkeakoulu,
"JTF-rahoituksen" -> the JTF fund. Acronyms match case-sensitively ("KOKO",
never the common word "koko").

>>> from alueverkko.graph.model import Document
>>> doc = WorkDoc(Document("d", "t", "t.txt", "Rahoitus tuli Pohjois-Savon liitolta ja TEM:ltä."))
>>> [(m.text, m.name) for m in gazetteer_mentions(doc)]
[('Pohjois-Savon liitolta', 'Pohjois-Savon liitto'), ('TEM:ltä', 'Työ- ja elinkeinoministeriö')]
"""

from __future__ import annotations

import bisect

from alueverkko.graph.model import NodeKind
from alueverkko.ingest import lexicon
from alueverkko.ingest.doc import Mention, WorkDoc
from alueverkko.ingest.gazetteer import Entry, Form, load_gazetteer
from alueverkko.ingest.tokens import Piece, Token, pieces

EXTRACTOR_VERSION = "1"
#: Tokens a multi-word name may contain between its words ("Invest & Grow").
INNER_PUNCTUATION = frozenset({"&", ",", "–"})
#: Tiers of extractors: a lower tier wins an overlap whatever the lengths.
TIER_RULES, TIER_MODEL = 0, 1


def make_mention(doc: WorkDoc, start: int, end: int, kind: NodeKind, extractor: str, confidence: float,
                 *, name: str = "", role: str = "", **attrs) -> Mention:
    """A mention of ``doc.text[start:end]`` with its head word's case filled in."""
    text = doc.text[start:end]
    words = [t for t in doc.tokens_between(start, end) if t.is_word]
    head_case = lexicon.case_of(words[-1].text) if words else None
    return Mention(start, end, text, NodeKind(kind), extractor, confidence, name=name, role=role,
                   attrs=dict(attrs), head_case=head_case)


def gazetteer_mentions(doc: WorkDoc) -> list[Mention]:
    """Every gazetteer name found in the document, longest match at each position."""
    gazetteer = load_gazetteer()
    flat = _flat_pieces(doc.tokens)
    out: list[Mention] = []
    i = 0
    while i < len(flat):
        found = _match_at(flat, i, gazetteer.index, doc)
        if found is None:
            i += 1
            continue
        last, entry, form = found
        out.append(_gazetteer_mention(doc, flat[i], flat[last], entry, form))
        i = last + 1
    return out


def _flat_pieces(tokens: list[Token]) -> list[Piece | Token]:
    flat: list[Piece | Token] = []
    for index, token in enumerate(tokens):
        if not token.is_word:
            flat.append(token)
            continue
        token_pieces = pieces(token, index)
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is not None and following.text == "+" and following.start == token.end:
            last = token_pieces[-1]
            last.keys = last.keys | {k + "+" for k in last.keys}
        flat.extend(token_pieces)
    return flat


def _match_at(flat, i, index, doc) -> tuple[int, Entry, Form] | None:
    first = flat[i]
    if not isinstance(first, Piece) or not _starts_token(first, flat, i):
        return None
    best = None
    for key in sorted(first.keys, key=lambda k: (-len(k), k)):  # deterministic: the most specific key first
        for keys, entry, form in index.get(key, ()):
            if best is not None and len(keys) <= best[3]:
                break
            last = _match_rest(flat, i, keys)
            if last is not None and _acceptable(flat, i, last, entry, form, doc):
                best = (last, entry, form, len(keys))
                break
    return best[:3] if best else None


def _starts_token(piece: Piece, flat, i: int) -> bool:
    previous = flat[i - 1] if i > 0 else None
    return not (isinstance(previous, Piece) and previous.token_index == piece.token_index)


def _match_rest(flat, i: int, keys: tuple[str, ...]) -> int | None:
    j = i
    for key in keys[1:]:
        j += 1
        while j < len(flat) and not isinstance(flat[j], Piece) and flat[j].text in INNER_PUNCTUATION:
            j += 1
        if j >= len(flat) or not isinstance(flat[j], Piece) or key not in flat[j].keys:
            return None
    return j


def _acceptable(flat, i: int, last: int, entry: Entry, form: Form, doc: WorkDoc) -> bool:
    first, end_piece = flat[i], flat[last]
    token = doc.tokens[first.token_index]
    if form.acronym:
        if len(form.text) <= 2 or not _acronym_written_so(end_piece, form.text):
            return False
    elif not _case_fits(form, token, first.token_index == end_piece.token_index):
        return False
    if not end_piece.last_of_token and not _lowercase_rest(doc.tokens[end_piece.token_index], end_piece):
        return False
    if entry.kind in (NodeKind.MUNICIPALITY, NodeKind.REGION) and len(form.keys) == 1:
        return _place_reading_fits(doc, token)
    return True


def _acronym_written_so(piece: Piece, acronym: str) -> bool:
    head = lexicon.split_colon_case(piece.text)[0]
    acronym = acronym.rstrip("+")
    return head == acronym or acronym in lexicon.base_forms(piece.text)


PROGRAMME_WORDS = ("ohjelma", "strategia", "sopimus", "verkosto")


def _case_fits(form: Form, token: Token, single_token: bool) -> bool:
    if form.text[:1].isupper() and single_token:
        # "saaristo-ohjelman" names Saaristo-ohjelma; "kiertotalousohjelma" alone is a common noun.
        named_compound = "-" in form.text and form.text.lower().endswith(PROGRAMME_WORDS)
        return token.is_capitalised or named_compound
    return True


def _lowercase_rest(token: Token, end_piece: Piece) -> bool:
    rest = token.text[end_piece.end - token.start:].strip("-")
    # "JTF-rahoituksen", "KOKO-ohjelman": an acronym before a common word.
    return bool(rest) and rest[:1].islower() and end_piece.text.isupper()


def _place_reading_fits(doc: WorkDoc, token: Token) -> bool:
    """A one-word place name that is also a common word ("Salo") must read as a place."""
    if lexicon.is_place(token.text) or not lexicon.is_common_word(token.text):
        return True
    sentence = doc.sentence_at(token.start)
    return sentence is not None and sentence.start != token.start


def _gazetteer_mention(doc: WorkDoc, first: Piece, last: Piece, entry: Entry, form: Form) -> Mention:
    end_token = doc.tokens[last.token_index]
    end = end_token.end
    following = doc.tokens[last.token_index + 1] if last.token_index + 1 < len(doc.tokens) else None
    if form.text.endswith("+") and following is not None and following.text == "+" and following.start == end:
        end = following.end  # "ESR+"
    mention = make_mention(doc, first.start, end, entry.kind, f"gazetteer.{entry.source}",
                           0.85 if form.acronym else 0.9, name=form.name)
    mention.attrs.update({k: v for k, v in entry.attrs.items() if k in ("type", "register_name")})
    if form.acronym:
        mention.attrs["acronym"] = form.text
    if entry.kind == NodeKind.MUNICIPALITY:
        _extend_over_municipality_word(doc, mention, last.token_index)
    return mention


def _extend_over_municipality_word(doc: WorkDoc, mention: Mention, token_index: int) -> None:
    # "Kouvolan kaupunki", "Iitin kunta": the word belongs to the mention.
    tokens = doc.tokens
    if token_index + 1 < len(tokens) and lexicon.case_of(tokens[token_index].text) == "genitive":
        following = tokens[token_index + 1]
        if following.text.lower().startswith(("kaupun", "kunt", "kunna")) and \
                set(lexicon.base_forms(following.text.lower())) & {"kaupunki", "kunta"} and \
                not lexicon.is_plural(following.text):
            mention.end = following.end
            mention.text = doc.text[mention.start:mention.end]
            mention.head_case = lexicon.case_of(following.text)


# -- choosing among overlapping mentions --------------------------------------

def select_mentions(mentions: list[Mention], tier=lambda m: TIER_MODEL if m.extractor.startswith("spacy")
                    else TIER_RULES) -> list[Mention]:
    """Non-overlapping mentions: rules before the model, then the longest, then the most confident.

    >>> a = Mention(0, 17, "Kouvolan kaupunki", NodeKind.MUNICIPALITY, "x", 0.9)
    >>> b = Mention(0, 8, "Kouvolan", NodeKind.MUNICIPALITY, "y", 0.9)
    >>> [m.text for m in select_mentions([b, a])]
    ['Kouvolan kaupunki']
    """
    chosen: list[Mention] = []
    spans: list[tuple[int, int]] = []  # the chosen spans, sorted; they never overlap
    for mention in sorted(mentions, key=lambda m: (tier(m), -m.length, -m.confidence, m.start)):
        if not _overlaps_chosen(spans, mention.start, mention.end):
            chosen.append(mention)
            bisect.insort(spans, (mention.start, mention.end))
    return sorted(chosen, key=lambda m: m.start)


def _overlaps_chosen(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    # Spans that do not overlap end in the order they start, so of those starting
    # before ``end`` only the last can reach past ``start``: one look, not a scan
    # of every chosen span (which made a document with 100,000 mentions quadratic).
    i = bisect.bisect_left(spans, (end, -1))
    return i > 0 and spans[i - 1][1] > start
