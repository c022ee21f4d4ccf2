"""The canonical graph in standard vocabularies: nodes, relations, documents.

Every function here yields rdflib triples; :func:`describe` gathers them into an
rdflib ``Graph``, the front the rest of the product builds and exports with.

* Nodes: ``av:{Kind}`` plus the standard classes (``org:Organization``,
  ``cpov:PublicOrganisation``, ``org:OrganizationalCollaboration``,
  ``foaf:Person``, ``schema:Project``, ``schema:FundingScheme``), their name as
  ``rdfs:label``, aliases as ``skos:altLabel``, attributes, evidence.
* Relations: a direct triple (``av:coordinates``...) plus the standard ones
  it implies (``frapo:funds``/``frapo:isFundedBy``, ``schema:funder``,
  ``org:hasMember``/``org:memberOf``, ``org:subOrganizationOf``...), and one
  qualified relation node (``av:Coordination``, ``av:Participation``...) that
  carries the relation's attributes and its evidence.

>>> from alueverkko.graph.model import Node, NodeKind
>>> g = describe("http://x", nodes=[Node(NodeKind.ORGANISATION, "Pohjois-Karjalan ELY-keskus")])
>>> from rdflib import URIRef
>>> URIRef("http://data.europa.eu/m8g/PublicOrganisation") in set(g.objects())
True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS

from alueverkko.graph.model import Edge, Evidence, Node, NodeKind, RelationType
from alueverkko.graph.rdf.attributes import attribute_triples
from alueverkko.graph.rdf.evidence import evidence_triples
from alueverkko.graph.rdf.identifiers import document_iri, entity_iri, extractor_iri, relation_iri
from alueverkko.graph.rdf.namespaces import CPOV, FRAPO, SCHEMA, clean_base, av_term, prefixes

Triple = tuple[URIRef, URIRef, object]

#: Name endings (lower case) that mark a public body: municipalities and cities,
#: regional councils, ministries, ELY centres, agencies, joint authorities.
PUBLIC_ENDINGS = ("kaupunki", "kunta", "liitto", "ministeriö", "ely-keskus", "virasto", "kuntayhtymä",
                  "seutuyhtymä", "hyvinvointialue", "te-toimisto", "valtuusto")
#: Endings that look public but are not (a co-operative is an "osuuskunta").
PRIVATE_ENDINGS = ("osuuskunta",)
#: Public agencies whose names say nothing about it.
PUBLIC_NAMES = frozenset({"business finland", "metsähallitus", "opetushallitus", "sitra", "traficom",
                          "tilastokeskus", "kela", "tukes", "finnvera"})

#: Kind -> our class and the standard classes it implies (stated, since SPARQL does no inference).
KIND_CLASSES: dict[NodeKind, tuple[str, tuple[URIRef, ...]]] = {
    NodeKind.MUNICIPALITY: ("Municipality", (ORG.Organization, CPOV.PublicOrganisation)),
    NodeKind.REGION: ("Region", (SCHEMA.AdministrativeArea,)),
    NodeKind.ORGANISATION: ("Organisation", (ORG.Organization,)),
    NodeKind.PERSON: ("Person", (FOAF.Person,)),
    NodeKind.NETWORK: ("Network", (ORG.OrganizationalCollaboration, ORG.Organization)),
    NodeKind.PROGRAMME: ("Programme", (SCHEMA.FundingScheme,)),
    NodeKind.PROJECT: ("Project", (SCHEMA.Project,)),
    NodeKind.FUND: ("Fund", (SCHEMA.FundingScheme,)),
}

#: Relation type -> (direct property, classes of its qualified relation node).
RELATIONS: dict[RelationType, tuple[str, tuple[str, ...]]] = {
    RelationType.COORDINATES: ("coordinates", ("Coordination", "Role")),
    RelationType.PARTICIPATES_IN: ("participatesIn", ("Participation", "Role")),
    RelationType.FUNDS: ("funds", ("Funding",)),
    RelationType.PART_OF: ("partOf", ("Inclusion",)),
    RelationType.WORKS_FOR: ("worksFor", ("Employment",)),
    RelationType.CONTACT_FOR: ("contactFor", ("ContactRole", "Role")),
    RelationType.COLLABORATES_WITH: ("collaboratesWith", ("Collaboration",)),
}

_ORGANISATION_LIKE = {"organisation", "municipality", "network"}


def is_public_body(kind: NodeKind | str, name: str) -> bool:
    """Is this node a public body (``cpov:PublicOrganisation``)? By kind, then by name.

    >>> is_public_body("Organisation", "Työ- ja elinkeinoministeriö"), is_public_body("Organisation", "Kylien osuuskunta")
    (True, False)
    >>> is_public_body("Municipality", "Iitti"), is_public_body("Organisation", "Uudenmaan liitto")
    (True, True)
    """
    kind = NodeKind(kind)
    if kind is NodeKind.MUNICIPALITY:
        return True
    if kind is not NodeKind.ORGANISATION:
        return False
    folded = " ".join(name.lower().split())
    if folded.endswith(PRIVATE_ENDINGS):
        return False
    return folded.endswith(PUBLIC_ENDINGS) or folded in PUBLIC_NAMES


def node_triples(base_iri: str, node: Node, node_id: str | None = None) -> Iterator[Triple]:
    """A node's classes, names, attributes and evidence."""
    subject = entity_iri(base_iri, node_id or node.id)
    own_class, standard = KIND_CLASSES[node.kind]
    yield subject, RDF.type, av_term(base_iri, own_class)
    yield from ((subject, RDF.type, cls) for cls in standard)
    if node.kind is NodeKind.ORGANISATION and is_public_body(node.kind, node.name):
        yield subject, RDF.type, CPOV.PublicOrganisation
    yield subject, RDFS.label, Literal(node.name)
    yield subject, DCTERMS.identifier, Literal(node_id or node.id)
    yield from ((subject, SKOS.altLabel, Literal(alias)) for alias in node.aliases if alias != node.name)
    yield from attribute_triples(base_iri, subject, node.attrs, person=node.kind is NodeKind.PERSON)
    yield from _evidence(base_iri, subject, node.evidence)


def edge_triples(base_iri: str, edge: Edge) -> Iterator[Triple]:
    """The direct triple, the standard triples it implies, and its qualified relation node."""
    source, target = entity_iri(base_iri, edge.source), entity_iri(base_iri, edge.target)
    prop, classes = RELATIONS[edge.type]
    yield source, av_term(base_iri, prop), target
    if edge.type.undirected:
        yield target, av_term(base_iri, prop), source
    yield from standard_triples(edge, source, target)
    relation = relation_iri(base_iri, edge.id)
    yield from ((relation, RDF.type, av_term(base_iri, cls)) for cls in (*classes, "Relation"))
    yield relation, av_term(base_iri, "agent"), source
    yield relation, av_term(base_iri, "target"), target
    yield relation, av_term(base_iri, "relation"), av_term(base_iri, prop)
    yield relation, DCTERMS.identifier, Literal(edge.id)
    yield from attribute_triples(base_iri, relation, edge.attrs)
    yield from _evidence(base_iri, relation, edge.evidence)


def standard_triples(edge: Edge, source: URIRef, target: URIRef) -> Iterator[Triple]:
    """What a relation means in ORG, FRAPO and schema.org, where they have a word for it."""
    source_kind, target_kind = edge.source.split(":")[0], edge.target.split(":")[0]
    if edge.type is RelationType.FUNDS:
        yield source, FRAPO.funds, target
        yield target, FRAPO.isFundedBy, source
        if target_kind in ("project", "programme"):
            yield target, SCHEMA.funder, source
    elif edge.type in (RelationType.PARTICIPATES_IN, RelationType.PART_OF) and target_kind == "network":
        yield target, ORG.hasMember, source
        yield source, ORG.memberOf, target
    elif edge.type is RelationType.PART_OF:
        if source_kind in _ORGANISATION_LIKE and target_kind == "organisation":
            yield source, ORG.subOrganizationOf, target
        elif source_kind == "municipality" and target_kind == "region":
            yield source, SCHEMA.containedInPlace, target
        elif source_kind == "project" and target_kind in ("programme", "project"):
            yield source, SCHEMA.isPartOf, target
    elif edge.type is RelationType.WORKS_FOR:
        yield source, SCHEMA.worksFor, target


def document_triples(base_iri: str, document_id: str, title: str, source_path: str, fmt: str = "") -> Iterator[Triple]:
    """A source document: ``foaf:Document`` and ``prov:Entity`` with its title and origin."""
    subject = document_iri(base_iri, document_id)
    yield subject, RDF.type, FOAF.Document
    yield subject, RDF.type, PROV.Entity
    yield subject, DCTERMS.identifier, Literal(document_id)
    yield subject, DCTERMS.title, Literal(title)
    yield subject, av_term(base_iri, "sourcePath"), Literal(source_path)
    if fmt:
        yield subject, DCTERMS["format"], Literal(fmt)


def extractor_triples(base_iri: str, name: str, version: str) -> Iterator[Triple]:
    """The extractor (rule set or model) that read a fact, as a versioned software agent."""
    subject = extractor_iri(base_iri, name, version)
    yield subject, RDF.type, PROV.SoftwareAgent
    yield subject, RDFS.label, Literal(name)
    yield subject, SCHEMA.softwareVersion, Literal(version)


def extractors_of(items: Iterable[Node | Edge]) -> set[tuple[str, str]]:
    return {(ev.extractor, ev.extractor_version) for item in items for ev in item.evidence}


def documents_of(items: Iterable[Node | Edge]) -> set[str]:
    return {ev.document_id for item in items for ev in item.evidence}


@lru_cache(maxsize=8)
def vocabulary(base_iri: str) -> Graph:
    """Our own vocabulary (``vocab.ttl``), with labels in Finnish and English, under ``{base}/ns#``."""
    text = resources.files("alueverkko.graph.rdf").joinpath("vocab.ttl").read_text(encoding="utf-8")
    return Graph().parse(data=text, format="turtle", publicID=clean_base(base_iri) + "/")


def describe(base_iri: str, nodes: Iterable[Node] = (), edges: Iterable[Edge] = (),
             documents: Iterable[tuple[str, str, str]] = ()) -> Graph:
    """An rdflib Graph of the given facts (and of the documents and extractors they cite)."""
    graph = Graph()
    for name, namespace in prefixes(base_iri).items():
        graph.bind(name, namespace)
    nodes, edges = list(nodes), list(edges)
    for node in nodes:
        graph += node_triples(base_iri, node)
    for edge in edges:
        graph += edge_triples(base_iri, edge)
    for document_id, title, source in documents:
        graph += document_triples(base_iri, document_id, title, source)
    for name, version in extractors_of([*nodes, *edges]):
        graph += extractor_triples(base_iri, name, version)
    return graph


def _evidence(base_iri: str, subject: URIRef, evidence: list[Evidence]) -> Iterator[Triple]:
    for ev in evidence:
        yield subject, PROV.wasDerivedFrom, document_iri(base_iri, ev.document_id)
        yield from evidence_triples(base_iri, subject, ev)
