"""The working document the extraction steps read and extend, one step after another.

Like a spaCy ``Doc``: the document's text, then what the steps add to it —
blocks and sentences, tokens, mentions, entities, relations. Each step in
:mod:`alueverkko.ingest.pipeline` declares which of these it needs and adds.

>>> from alueverkko.graph.model import Document
>>> doc = WorkDoc(Document("d", "t", "t.txt", "Kouvolan kaupunki ja Iitti"))
>>> [t.text for t in doc.tokens_between(0, 17)]
['Kouvolan', 'kaupunki']
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from alueverkko.graph.model import Document, NodeKind, RelationType
from alueverkko.ingest.structure import Block, Sentence
from alueverkko.ingest.tokens import Token, tokenize


@dataclass(slots=True)
class Mention:
    """A span of the text that names an entity, and what named it."""

    start: int
    end: int
    text: str
    kind: NodeKind
    extractor: str
    confidence: float
    name: str = ""                 # canonical name, filled by the canonical step (or known already)
    attrs: dict[str, Any] = field(default_factory=dict)
    role: str = ""                 # structural role: "field:funders", "cell:responsible", "contact:person" ...
    block: int = -1
    head_case: str | None = None   # grammatical case of the mention's last word
    entity: int = -1               # index into WorkDoc.entities after resolution

    def overlaps(self, other: Mention) -> bool:
        return self.start < other.end and other.start < self.end

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(slots=True)
class Entity:
    """Mentions resolved to one thing: becomes one graph node."""

    kind: NodeKind
    name: str
    mentions: list[int] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        from alueverkko.ingest.tokens import normalise_key
        return self.kind.value, normalise_key(self.name)


@dataclass(slots=True)
class Relation:
    """A relation between two entities, with the span that states it."""

    source: int
    type: RelationType
    target: int
    start: int
    end: int
    extractor: str
    confidence: float
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass
class WorkDoc:
    document: Document
    blocks: list[Block] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    topic: int = -1                 # entity the document is about (title, "Hankkeen nimi:")
    home: int = -1                  # municipality whose own document this is ("kaupunki" = it)
    aliases: dict[str, tuple[NodeKind, str]] = field(default_factory=dict)  # in-text acronym -> (kind, name)
    notes: dict[str, Any] = field(default_factory=dict)
    _tokens: list[Token] | None = None
    _starts: list[int] | None = None
    _sentence_starts: list[int] | None = None
    _block_starts: list[int] | None = None

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def tokens(self) -> list[Token]:
        if self._tokens is None:
            self._tokens = tokenize(self.text)
            self._starts = [t.start for t in self._tokens]
        return self._tokens

    def tokens_between(self, start: int, end: int) -> list[Token]:
        """Tokens lying inside the span ``start..end``."""
        tokens = self.tokens
        i = bisect.bisect_left(self._starts, start)
        out = []
        while i < len(tokens) and tokens[i].end <= end:
            out.append(tokens[i])
            i += 1
        return out

    def token_index(self, start: int) -> int:
        """Index of the first token starting at or after ``start``."""
        _ = self.tokens
        return bisect.bisect_left(self._starts, start)

    def sentence_at(self, position: int) -> Sentence | None:
        if self._sentence_starts is None:
            self._sentence_starts = [s.start for s in self.sentences]
        i = bisect.bisect_right(self._sentence_starts, position) - 1
        if 0 <= i < len(self.sentences) and self.sentences[i].start <= position < self.sentences[i].end:
            return self.sentences[i]
        return None

    def block_at(self, position: int) -> int:
        if self._block_starts is None or len(self._block_starts) != len(self.blocks):
            self._block_starts = [b.start for b in self.blocks]
        i = bisect.bisect_right(self._block_starts, position) - 1
        if 0 <= i < len(self.blocks) and self.blocks[i].start <= position < self.blocks[i].end:
            return i
        return -1

