"""The typed graph model: node kinds, relation types, evidence, facts.

Everything the pipeline knows is a :class:`Node` or an :class:`Edge`, and every
one of them carries :class:`Evidence` pointing back into a :class:`Document`.

>>> node_id(NodeKind.MUNICIPALITY, "Kouvola")
'municipality:kouvola'
>>> node_id(NodeKind.ORGANISATION, "Helsingin yliopiston Ruralia-instituutti")
'organisation:helsingin-yliopiston-ruralia-instituutti'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Any


class NodeKind(StrEnum):
    MUNICIPALITY = "Municipality"
    REGION = "Region"
    ORGANISATION = "Organisation"
    PERSON = "Person"
    NETWORK = "Network"
    PROGRAMME = "Programme"
    PROJECT = "Project"
    FUND = "Fund"


class RelationType(StrEnum):
    COORDINATES = "COORDINATES"
    FUNDS = "FUNDS"
    PARTICIPATES_IN = "PARTICIPATES_IN"
    PART_OF = "PART_OF"
    WORKS_FOR = "WORKS_FOR"
    CONTACT_FOR = "CONTACT_FOR"
    COLLABORATES_WITH = "COLLABORATES_WITH"

    @property
    def undirected(self) -> bool:
        return self is RelationType.COLLABORATES_WITH


#: Attribute keys the model knows; extractors may add others, but these are
#: the ones the UI, RDF projection and exports give a meaning to.
KNOWN_ATTRIBUTES = (
    "start", "end", "years", "budget_eur", "email", "phone", "role",
    "title", "url", "business_id", "address",
)


@lru_cache(maxsize=1 << 18)
def slugify(text: str) -> str:
    """A URL-safe, accent-folded slug.

    >>> slugify("Sisä-Savon seutuyhtymä")
    'sisa-savon-seutuyhtyma'
    >>> slugify("KOKO:n")
    'koko-n'
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "x"


def node_id(kind: NodeKind | str, name: str) -> str:
    """The stable id of a node: its kind and canonical name."""
    return f"{str(kind).lower()}:{slugify(name)}" if isinstance(kind, NodeKind) else _node_id(kind, name)


def _node_id(kind: str, name: str) -> str:
    return f"{NodeKind(kind).value.lower()}:{slugify(name)}"


def edge_id(source: str, relation: RelationType | str, target: str) -> str:
    """The stable id of an edge; undirected relations ignore endpoint order.

    >>> edge_id("a", "COLLABORATES_WITH", "b") == edge_id("b", "COLLABORATES_WITH", "a")
    True
    """
    relation = RelationType(relation)
    if relation.undirected and target < source:
        source, target = target, source
    return f"{source}|{relation.value}|{target}"


def content_hash(data: bytes) -> str:
    """The document id: a hash of the document's bytes.

    >>> content_hash(b"abc")[:12]
    'ba7816bf8f01'
    """
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact was read: a span of one document and what read it."""

    document_id: str
    start: int
    end: int
    quote: str
    extractor: str
    extractor_version: str = "0"
    confidence: float = 1.0
    # Filled in when evidence is read back from the store, for display.
    document_title: str = ""
    source_path: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"evidence span {self.start}-{self.end} is not a valid span")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} is outside 0..1")


@dataclass(slots=True)
class Node:
    """An entity. ``qualifier`` tells apart distinct entities that share a name
    (two people called Matti Virtanen in different organisations); it becomes
    part of the id, so leave it empty unless a clash is known.

    >>> Node(NodeKind.PERSON, "Matti Virtanen", qualifier="Nurmeksen Kehitys Oy").id
    'person:matti-virtanen~nurmeksen-kehitys-oy'
    """

    kind: NodeKind
    name: str
    aliases: list[str] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    qualifier: str = ""

    def __post_init__(self) -> None:
        self.kind = NodeKind(self.kind)
        if not self.name.strip():
            raise ValueError("a node needs a non-empty canonical name")

    @property
    def id(self) -> str:
        base = node_id(self.kind, self.name)
        return f"{base}~{slugify(self.qualifier)}" if self.qualifier else base


@dataclass(slots=True)
class Edge:
    source: str
    type: RelationType
    target: str
    attrs: dict[str, Any] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.type = RelationType(self.type)
        if self.type.undirected and self.target < self.source:
            self.source, self.target = self.target, self.source

    @property
    def id(self) -> str:
        return edge_id(self.source, self.type, self.target)


@dataclass(slots=True)
class Document:
    """A loaded document: its identity (content hash), origin and plain text."""

    id: str
    title: str
    source_path: str
    text: str
    format: str = "txt"
    size: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Extraction:
    """What one document says: the unit the store writes in one transaction."""

    document: Document
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
