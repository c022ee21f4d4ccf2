"""A stored document with the spans of the facts read from it.

Each span is one evidence row: a node mention (with the node's kind and
name) or an edge's evidence (with its type and both ends). The document page
highlights them; ``/api/documents/{id}`` returns the same data.

>>> edge_parts("organisation:a|FUNDS|project:b")
('organisation:a', 'FUNDS', 'project:b')
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from alueverkko.graph.reads import briefs, document_facts


def document_summary(info) -> dict[str, Any]:
    """A :class:`graph.store.DocumentInfo` as plain data."""
    return asdict(info)


def document_detail(store, ref: str) -> dict[str, Any]:
    """The document (by id, unique id prefix or source path), its text and its fact spans."""
    document = store.document(ref)
    facts = document_facts(store, document.id)
    ends = {end for f in facts if f.item == "edge" for end in edge_parts(f.fact_id)[::2]}
    nodes = briefs(store, {f.fact_id for f in facts if f.item == "node"} | ends, attrs=False)

    def name(node_id: str) -> str:
        return nodes[node_id].name if node_id in nodes else node_id

    spans = []
    for fact in facts:
        span = {"start": fact.start, "end": fact.end, "fact": fact.item, "id": fact.fact_id, "quote": fact.quote,
                "extractor": fact.extractor, "confidence": fact.confidence, "kind": None, "name": None,
                "type": None, "source": None, "target": None, "source_name": None, "target_name": None}
        if fact.item == "node":
            span.update(kind=nodes[fact.fact_id].kind if fact.fact_id in nodes else None, name=name(fact.fact_id))
        else:
            source, span["type"], target = edge_parts(fact.fact_id)
            span.update(source=source, target=target, source_name=name(source), target_name=name(target))
        spans.append(span)
    return {**document_summary(store.document_info(document.id)), "text": document.text, "spans": spans}


def edge_parts(edge_id: str) -> tuple[str, str, str]:
    """(source, type, target) of an edge id ``source|TYPE|target`` (node ids hold no ``|``)."""
    source, relation, target = edge_id.split("|", 2)
    return source, relation, target
