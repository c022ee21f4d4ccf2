"""The vocabularies of the RDF projection and their prefixes.

Standard vocabularies are fixed namespaces; our own small vocabulary lives
under the configurable base IRI, at ``{base}/ns#``.

>>> own_namespace("http://127.0.0.1:8000/")["Municipality"]
rdflib.term.URIRef('http://127.0.0.1:8000/ns#Municipality')
>>> prefixes("http://x.fi")["av"]
'http://x.fi/ns#'
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

ORG = Namespace("http://www.w3.org/ns/org#")
CPOV = Namespace("http://data.europa.eu/m8g/")
SCHEMA = Namespace("https://schema.org/")
FRAPO = Namespace("http://purl.org/cerif/frapo/")
OA = Namespace("http://www.w3.org/ns/oa#")

#: A fixed, base-independent home for the projection's bookkeeping (its cursor).
META = Namespace("urn:alueverkko:")

STANDARD = {
    "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "owl": OWL, "skos": SKOS, "dcterms": DCTERMS, "foaf": FOAF,
    "prov": PROV, "org": ORG, "cpov": CPOV, "schema": SCHEMA, "frapo": FRAPO, "oa": OA,
}


def clean_base(base_iri: str) -> str:
    """The base IRI without a trailing slash, so paths join with one slash.

    >>> clean_base("http://127.0.0.1:8000/")
    'http://127.0.0.1:8000'
    """
    return base_iri.rstrip("/")


@lru_cache(maxsize=16)
def own_namespace(base_iri: str) -> Namespace:
    """Our vocabulary: node kinds, relation types, qualified-relation classes."""
    return Namespace(f"{clean_base(base_iri)}/ns#")


@lru_cache(maxsize=16)
def av_term(base_iri: str, name: str):
    """One term of our vocabulary, cached: the projection asks for the same few millions of times."""
    return own_namespace(base_iri)[name]


def prefixes(base_iri: str) -> dict[str, str]:
    """Every prefix the projection uses, for serialisers and query prologues.

    Each node kind is a prefix of its identifiers, so a node id such as
    ``municipality:kouvola`` is also a valid prefixed name for its IRI.

    >>> prefixes("http://x.fi")["municipality"]
    'http://x.fi/id/municipality/'
    """
    base = clean_base(base_iri)
    kinds = ("municipality", "region", "organisation", "person", "network", "programme", "project", "fund",
             "document", "relation", "extractor")
    return {"av": str(own_namespace(base)), **{kind: f"{base}/id/{kind}/" for kind in kinds},
            **{name: str(ns) for name, ns in STANDARD.items()}}
