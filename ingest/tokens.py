"""Tokens with character offsets, and the match keys that let inflected names match.

A token keeps hyphenated compounds ("Pohjois-Savon", "Osaajavetovoima-"),
colon case endings ("ELY:n"), "&"-joined names ("Invest&Grow") and version
numbers ("2.0") whole. For matching, a token is also seen as its hyphen
*pieces*, so "Karelia-AMK:n" matches the gazetteer form "Karelia AMK".

>>> [t.text for t in tokenize("Pohjois-Savon liitolta ja ELY:n kanssa, työ- ja elinkeinoministeriö")]
['Pohjois-Savon', 'liitolta', 'ja', 'ELY:n', 'kanssa', ',', 'työ-', 'ja', 'elinkeinoministeriö']
>>> [sorted(p.keys) for p in pieces(tokenize("Sisä-Savon")[0])]
[['sisä'], ['savo', 'savon']]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from alueverkko.ingest import lexicon

WORD = r"[^\W_](?:[^\W_]|(?<=[^\W_])[-&](?=[^\W_])|(?<=\d)\.(?=\d)|(?<=[^\W_]):(?=[a-zåäö]{1,3}\b))*-?"
TOKEN_RE = re.compile(rf"{WORD}|[^\w\s]", re.UNICODE)


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_acronym(self) -> bool:
        """All capitals (at least two letters), before any colon ending: "ELY:n", "TEM", "ESR+"."""
        head = lexicon.split_colon_case(self.text)[0]
        letters = [c for c in head if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)

    def __repr__(self) -> str:
        return f"Token({self.text!r}@{self.start})"


@dataclass(slots=True)
class Piece:
    """A hyphen-separated part of a token, with the keys it matches under."""

    text: str
    start: int
    end: int
    keys: frozenset[str]
    token_index: int = 0
    last_of_token: bool = True


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Word and punctuation tokens of ``text``; offsets are shifted by ``offset``."""
    return [Token(m.group(), m.start() + offset, m.end() + offset) for m in TOKEN_RE.finditer(text)]


def pieces(token: Token, token_index: int = 0) -> list[Piece]:
    """The hyphen pieces of a token with their match keys (surface and base forms, casefolded)."""
    return [Piece(text, token.start + start, token.start + end, keys, token_index, last)
            for text, start, end, keys, last in _piece_keys(token.text)]


@lru_cache(maxsize=200_000)
def _piece_keys(word: str) -> tuple[tuple[str, int, int, frozenset[str], bool], ...]:
    parts = _split_hyphens(word)
    if not parts:
        return ()
    whole_bases = [b for b in lexicon.base_forms(word) if b.casefold() != word.casefold()]
    out = []
    for i, (text, start, end) in enumerate(parts):
        last = i == len(parts) - 1
        keys = {lexicon.split_colon_case(text)[0].casefold(), text.casefold()}
        if last:
            keys.update(b.casefold() for b in lexicon.base_forms(text))
            # Base forms of the whole word give the last piece's base ("Pohjois-Savon" -> "...-Savo").
            keys.update(b.rsplit("-", 1)[-1].casefold() for b in whole_bases)
        out.append((text, start, end, frozenset(k for k in keys if k), last))
    return tuple(out)


def _split_hyphens(word: str) -> list[tuple[str, int, int]]:
    parts, start = [], 0
    for i, char in enumerate(word + "-"):
        if char == "-":
            if i > start:
                parts.append((word[start:i], start, i))
            start = i + 1
    return parts


def normalise_key(name: str) -> str:
    """The key names are compared by: casefolded, without spaces, hyphens and dashes.

    >>> normalise_key("Talent HUB") == normalise_key("TalentHub") == normalise_key("Talent-Hub")
    True
    """
    return re.sub(r"[\s\-‐‑–—_.]+", "", name.casefold())
