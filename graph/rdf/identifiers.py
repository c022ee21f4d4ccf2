"""Stable HTTP identifiers: ``{base}/id/{kind}/{slug}``.

A node id ``kind:slug`` becomes ``{base}/id/kind/slug``; a document becomes
``{base}/id/document/{sha256}``; a relation (one edge of the canonical graph)
``{base}/id/relation/{type}-{hash}``; an extractor ``{base}/id/extractor/{name}@{version}``.

>>> entity_iri("http://127.0.0.1:8000", "municipality:kouvola")
rdflib.term.URIRef('http://127.0.0.1:8000/id/municipality/kouvola')
>>> node_id_of("http://127.0.0.1:8000", "http://127.0.0.1:8000/id/municipality/kouvola")
'municipality:kouvola'
>>> relation_iri("http://x", "organisation:a|COORDINATES|project:b")
rdflib.term.URIRef('http://x/id/relation/coordinates-...')
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from rdflib import URIRef

from alueverkko.graph.model import NodeKind, slugify
from alueverkko.graph.rdf.namespaces import clean_base

#: The ``kind`` path segments that name canonical-graph nodes.
NODE_KINDS = frozenset(kind.value.lower() for kind in NodeKind)


@lru_cache(maxsize=65536)
def entity_iri(base_iri: str, node_id: str) -> URIRef:
    kind, _, slug = node_id.partition(":")
    return URIRef(f"{clean_base(base_iri)}/id/{kind}/{slug}")


@lru_cache(maxsize=65536)
def document_iri(base_iri: str, document_id: str) -> URIRef:
    return URIRef(f"{clean_base(base_iri)}/id/document/{document_id}")


@lru_cache(maxsize=65536)
def relation_iri(base_iri: str, edge_id: str) -> URIRef:
    """An opaque but readable IRI for one edge: its type and a hash of its id."""
    relation = edge_id.split("|")[1].lower()
    digest = hashlib.sha256(edge_id.encode()).hexdigest()[:16]
    return URIRef(f"{clean_base(base_iri)}/id/relation/{relation}-{digest}")


@lru_cache(maxsize=65536)
def extractor_iri(base_iri: str, name: str, version: str) -> URIRef:
    """One software agent per extractor name and version.

    >>> extractor_iri("http://x", "finnish-rules", "0.3")
    rdflib.term.URIRef('http://x/id/extractor/finnish-rules@0-3')
    """
    return URIRef(f"{clean_base(base_iri)}/id/extractor/{slugify(name)}@{slugify(version)}")


def iri_for_path(base_iri: str, kind: str, slug: str) -> URIRef:
    """The identifier a request path ``/id/{kind}/{slug}`` names."""
    return URIRef(f"{clean_base(base_iri)}/id/{kind}/{slug}")


def node_id_of(base_iri: str, iri: str) -> str | None:
    """The canonical node id an IRI names, or None when it names no node."""
    prefix = f"{clean_base(base_iri)}/id/"
    if not iri.startswith(prefix):
        return None
    kind, _, slug = iri[len(prefix):].partition("/")
    return f"{kind}:{slug}" if kind in NODE_KINDS and slug and "/" not in slug else None
