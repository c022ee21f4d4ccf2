"""rdflib terms to pyoxigraph terms, and back, for writing the store and reading answers.

IRIs repeat endlessly (classes, properties, node IRIs), so they are cached.

>>> from rdflib import Literal, URIRef
>>> to_ox(Literal("kunta", lang="fi"))
<Literal value=kunta language=fi>
>>> from_ox(to_ox(URIRef("http://x/a")))
rdflib.term.URIRef('http://x/a')
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

_XSD_STRING = str(XSD.string)
_named: dict[str, ox.NamedNode] = {}


def named(iri: str) -> ox.NamedNode:
    node = _named.get(iri)
    if node is None:
        if len(_named) > 500_000:
            _named.clear()
        node = _named[iri] = ox.NamedNode(iri)
    return node


def to_ox(term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    kind = type(term)
    if kind is URIRef:
        return _named.get(term) or named(str(term))
    if kind is Literal:
        if term.language:
            return ox.Literal(str(term), language=term.language)
        datatype = term.datatype
        if datatype is not None and datatype != _XSD_STRING:
            return ox.Literal(str(term), datatype=_named.get(datatype) or named(str(datatype)))
        return ox.Literal(str(term))
    if isinstance(term, (URIRef, Literal)):  # subclasses
        return to_ox(URIRef(term) if isinstance(term, URIRef) else Literal(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def quads(triples: Iterable[tuple], graph: str) -> Iterator[ox.Quad]:
    """rdflib triples as pyoxigraph quads in the named graph ``graph``."""
    name, cache, quad = named(graph), _named, ox.Quad
    for s, p, o in triples:
        yield quad(cache.get(s) or to_ox(s), cache.get(p) or named(str(p)), to_ox(o), name)


def from_ox(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))
    raise TypeError(f"not a convertible term: {term!r}")
