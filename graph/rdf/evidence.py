"""Evidence as Web Annotations: which document, which words, which extractor.

Each :class:`~alueverkko.graph.model.Evidence` of a fact becomes one
``oa:Annotation`` whose body is the fact (a node, or a relation node) and whose
target is the quoted span of the source document, given twice as the Web
Annotation model allows: by its exact words (``oa:TextQuoteSelector``) and by
its character offsets (``oa:TextPositionSelector``). The extractor that read it
is a ``prov:SoftwareAgent`` the annotation ``prov:wasAttributedTo``.

>>> from rdflib import URIRef
>>> from alueverkko.graph.model import Evidence
>>> ev = Evidence("d1", 0, 7, "Kouvola", "rules", "1", 0.9)
>>> triples = list(evidence_triples("http://x", URIRef("http://x/id/municipality/kouvola"), ev))
>>> sorted(str(p).rsplit("#", 1)[-1] for _, p, _ in triples)[:4]
['confidence', 'end', 'exact', 'hasBody']
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from alueverkko.graph.model import Evidence
from alueverkko.graph.rdf.identifiers import document_iri, extractor_iri
from alueverkko.graph.rdf.namespaces import OA, av_term

Triple = tuple[URIRef, URIRef, object]


def evidence_key(ev: Evidence) -> str:
    """A short stable key for one piece of evidence, so its IRIs survive re-syncs."""
    text = "\x1f".join((ev.document_id, str(ev.start), str(ev.end), ev.extractor, ev.extractor_version, ev.quote))
    return hashlib.sha256(text.encode()).hexdigest()[:12]


_TYPE, _ANNOTATION, _HAS_BODY, _HAS_TARGET = RDF.type, OA.Annotation, OA.hasBody, OA.hasTarget
_ATTRIBUTED_TO, _DECIMAL = PROV.wasAttributedTo, XSD.decimal
_SPECIFIC, _HAS_SOURCE, _HAS_SELECTOR = OA.SpecificResource, OA.hasSource, OA.hasSelector
_QUOTE_SELECTOR, _EXACT = OA.TextQuoteSelector, OA.exact
_POSITION_SELECTOR, _START, _END = OA.TextPositionSelector, OA.start, OA.end


def evidence_triples(base_iri: str, body: URIRef, ev: Evidence) -> Iterator[Triple]:
    """The annotation saying where ``body`` was read, with its document and extractor."""
    key = evidence_key(ev)
    annotation, target = URIRef(f"{body}#ev-{key}"), URIRef(f"{body}#ev-{key}-target")
    quote, position = URIRef(f"{body}#ev-{key}-quote"), URIRef(f"{body}#ev-{key}-position")
    return (
        (annotation, _TYPE, _ANNOTATION),
        (annotation, _HAS_BODY, body),
        (annotation, _HAS_TARGET, target),
        (annotation, _ATTRIBUTED_TO, extractor_iri(base_iri, ev.extractor, ev.extractor_version)),
        (annotation, av_term(base_iri, "confidence"), Literal(str(round(ev.confidence, 6)), datatype=_DECIMAL)),
        (target, _TYPE, _SPECIFIC),
        (target, _HAS_SOURCE, document_iri(base_iri, ev.document_id)),
        (target, _HAS_SELECTOR, quote),
        (target, _HAS_SELECTOR, position),
        (quote, _TYPE, _QUOTE_SELECTOR),
        (quote, _EXACT, Literal(ev.quote)),
        (position, _TYPE, _POSITION_SELECTOR),
        (position, _START, Literal(ev.start)),
        (position, _END, Literal(ev.end)),
    )
