"""Output models of the JSON API: what /docs shows and what responses are checked against.

One family per concept (search, entity, neighbourhood, document, console).
Views build plain data first; these models only describe and validate it,
and the HTML pages render the very same data.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


# -- meta --------------------------------------------------------------------------
class HealthOut(BaseModel):
    status: Literal["ok"]
    documents: int


class StatsOut(BaseModel):
    documents: int
    nodes: int
    edges: int
    nodes_by_kind: dict[str, int]
    edges_by_type: dict[str, int]


# -- search ------------------------------------------------------------------------
class SearchHitOut(BaseModel):
    id: str = Field(description="The entity id, e.g. municipality:kouvola.")
    kind: str
    name: str = Field(description="The canonical (nominative) name.")
    matched: str = Field(description="The name or alias that matched the query.")
    match: Literal["exact", "lemma", "prefix", "fuzzy"] = Field(description="How it matched, best first.")
    score: float = Field(description="1.0 for an exact match of the name; lower for aliases, base forms, prefixes, typos.")


class SearchOut(BaseModel):
    query: str
    kinds: list[str]
    page: int
    per_page: int
    pages: int
    total: int = Field(description="Matching entities (a lower bound when total_exact is false).")
    total_exact: bool
    hits: list[SearchHitOut]


# -- entities ----------------------------------------------------------------------
class EvidenceOut(BaseModel):
    document_id: str
    document_title: str
    quote: str
    start: int
    end: int
    extractor: str
    extractor_version: str
    confidence: float
    link: str = Field(description="The document page with this span highlighted.")


class EntityRefOut(BaseModel):
    id: str
    kind: str
    name: str


class RelationOut(BaseModel):
    id: str = Field(description="The edge id: source|TYPE|target.")
    type: str
    direction: Literal["out", "in", "both"] = Field(description="out: this entity is the source; both: undirected.")
    other: EntityRefOut
    attrs: dict[str, Any]
    evidence_count: int = Field(description="Evidence spans supporting the relation; at most evidence_per_fact are listed.")
    evidence: list[EvidenceOut]


class RelationGroupOut(BaseModel):
    type: str
    direction: Literal["out", "in", "both"]
    count: int
    truncated: bool = Field(description="True when more relations exist than are listed (entity_relations_per_group).")
    relations: list[RelationOut]


class EntityLinksOut(BaseModel):
    page: str
    api: str = Field(description="This entity as JSON.")
    neighbourhood: str
    map: str


class EntityOut(BaseModel):
    id: str
    kind: str
    name: str
    aliases: list[str]
    attrs: dict[str, Any]
    evidence_count: int = Field(description="Mentions of this entity; at most evidence_per_fact are listed.")
    evidence: list[EvidenceOut] = Field(description="The mentions that name this entity.")
    relations: list[RelationGroupOut]
    links: EntityLinksOut


class GraphNodeOut(BaseModel):
    id: str
    kind: str
    name: str
    depth: int
    years: list[int] = Field(description="[first, last] year, empty when undated.")


class GraphLinkOut(BaseModel):
    id: str
    source: str
    target: str
    type: str
    evidence: int = Field(description="Number of evidence spans supporting the relation.")


class GraphInfoOut(BaseModel):
    center: str
    depth: int
    kinds: list[str]
    types: list[str]
    years: list[int] | None
    capped: bool = Field(description="True when more nodes passed the filters than max_nodes.")
    max_nodes: int


class NeighbourhoodOut(BaseModel):
    """node-link data: networkx.node_link_graph(data, edges="links") reads it."""

    directed: bool
    multigraph: bool
    graph: GraphInfoOut
    nodes: list[GraphNodeOut]
    links: list[GraphLinkOut]


# -- documents ---------------------------------------------------------------------
class DocumentSummaryOut(BaseModel):
    id: str
    title: str
    source_path: str
    format: str
    size: int
    ingested_at: str
    warnings: list[str]
    nodes: int
    edges: int


class DocumentListOut(BaseModel):
    count: int = Field(description="All stored documents.")
    page: int
    per_page: int
    pages: int
    documents: list[DocumentSummaryOut] = Field(description="This page of them, oldest first.")


class SpanOut(BaseModel):
    start: int
    end: int
    fact: Literal["node", "edge"]
    id: str = Field(description="The node id, or the edge id source|TYPE|target.")
    quote: str
    extractor: str
    confidence: float
    kind: str | None = Field(description="Node spans: the node's kind.")
    name: str | None = Field(description="Node spans: the node's name.")
    type: str | None = Field(description="Edge spans: the relation type.")
    source: str | None
    target: str | None
    source_name: str | None
    target_name: str | None


class DocumentOut(DocumentSummaryOut):
    text: str
    spans: list[SpanOut]


class UploadOut(BaseModel):
    status: Literal["added", "unchanged", "replaced"]
    document: DocumentSummaryOut
    nodes: int = Field(description="Entities the pipeline read from the document.")
    edges: int = Field(description="Relations the pipeline read from the document.")
    replaced_document_id: str | None
    projections: dict[str, int] = Field(description="Cursor of each projection after syncing.")
    warnings: list[str]


class DeletedOut(BaseModel):
    deleted: DocumentSummaryOut
    projections: dict[str, int]
    warnings: list[str]


# -- consoles ----------------------------------------------------------------------
class ExampleQueryOut(BaseModel):
    name: str
    title: str
    description: str
    query: str
    params: dict[str, Any] = Field(description="Parameters with their defaults (null where none).")
    required: list[str] = Field(description="Parameters the query cannot run without.")


class ConsoleOut(BaseModel):
    engine: Literal["cypher", "sparql"]
    endpoint: str = Field(description="Where the console sends queries.")
    examples: list[ExampleQueryOut]
