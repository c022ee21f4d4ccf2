"""The ingest pipeline: a file becomes an :class:`Extraction` ready for the store.

Extraction is a list of small named steps over one :class:`WorkDoc`, like a
spaCy pipeline: each step declares what it needs and what it adds, and
:func:`check_steps` verifies the order. Heavy models (Voikko, spaCy) load
lazily, once.

Evidence conventions, checked by the tests: every span is a valid span of
``document.text`` and every quote is exactly ``document.text[start:end]``. A
node's evidence is the mention itself (the words that name it); an edge's
evidence is the sentence, field line, pair of table cells or contact block
that states it.

>>> [step.name for step in STEPS][:3]
['structure', 'gazetteer', 'patterns']
>>> check_steps(STEPS)
>>> from alueverkko.graph.model import Document
>>> doc = Document("d1", "t", "t.txt", "Hanketta koordinoi Satakuntaliitto. Teollisuustaidot-hanketta rahoittaa Business Finland.")
>>> extraction = extract_document(doc, use_spacy=False)
>>> sorted(n.name for n in extraction.nodes)
['Business Finland', 'Satakuntaliitto', 'Teollisuustaidot']
>>> [(e.source, e.type.value, e.target) for e in extraction.edges]
[('organisation:satakuntaliitto', 'COORDINATES', 'project:teollisuustaidot'), ('organisation:business-finland', 'FUNDS', 'project:teollisuustaidot')]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from alueverkko.graph.model import Document, Edge, Evidence, Extraction, Node, NodeKind
from alueverkko.ingest import canonical, docnames, fields, mentions, patterns, relations, resolve
from alueverkko.ingest.doc import WorkDoc
from alueverkko.ingest.loaders import load
from alueverkko.ingest.structure import block_sentences, split_blocks
from alueverkko.settings import Settings, get_settings

EXTRACTOR_VERSION = "1"


@dataclass(frozen=True, slots=True)
class Step:
    """One named step: what it reads from the WorkDoc and what it adds to it."""

    name: str
    run: Callable[[WorkDoc], None]
    needs: tuple[str, ...]
    adds: tuple[str, ...]


def _structure(doc: WorkDoc) -> None:
    doc.blocks = split_blocks(doc.text)
    doc.sentences = block_sentences(doc.text, doc.blocks)


def _gazetteer(doc: WorkDoc) -> None:
    doc.mentions.extend(mentions.gazetteer_mentions(doc))


def _patterns(doc: WorkDoc) -> None:
    doc.mentions.extend(patterns.person_names(doc))
    for rule in (patterns.legal_form_orgs, patterns.org_name_orgs, patterns.suffix_names,
                 patterns.local_programmes, patterns.region_names, patterns.municipality_axes,
                 patterns.elliptic_compounds, patterns.english_names, patterns.cue_subjects,
                 patterns.listed_acronyms, patterns.copula_names, patterns.page_furniture):
        doc.mentions.extend(rule(doc))


def _structure_mentions(doc: WorkDoc) -> None:
    doc.mentions.extend(fields.structure_mentions(doc))


def _model(doc: WorkDoc) -> None:
    if doc.notes.get("use_spacy"):
        from alueverkko.ingest import ner
        found = ner.ner_mentions(doc)
        doc.notes["candidates"].extend(found)
        doc.mentions = mentions.select_mentions(doc.mentions + found)
        canonical.canonical_names(doc)


def _select(doc: WorkDoc) -> None:
    doc.notes["candidates"] = list(doc.mentions)
    doc.mentions = mentions.select_mentions(doc.mentions)


def _canonical(doc: WorkDoc) -> None:
    canonical.canonical_names(doc)


def _document_names(doc: WorkDoc) -> None:
    added = docnames.acronym_definitions(doc)
    doc.mentions = mentions.select_mentions(doc.mentions + added)
    found = docnames.document_name_mentions(doc)
    doc.mentions = sorted(doc.mentions + found, key=lambda m: m.start)
    canonical.canonical_names(doc)


def _people(doc: WorkDoc) -> None:
    fields.link_people(doc)


def _topic(doc: WorkDoc) -> None:
    resolve.find_topic_mention(doc)
    resolve.find_home(doc)
    resolve.home_in_lists(doc)
    resolve.assign_home(doc)
    resolve.scope_programme_acronyms(doc)


def _resolve(doc: WorkDoc) -> None:
    resolve.resolve(doc)
    resolve.settle_topic(doc)


def _relations(doc: WorkDoc) -> None:
    relations.extract_relations(doc)


STEPS: list[Step] = [
    Step("structure", _structure, ("text",), ("blocks", "sentences")),
    Step("gazetteer", _gazetteer, ("sentences",), ("mentions",)),
    Step("patterns", _patterns, ("sentences",), ("mentions",)),
    Step("structure_mentions", _structure_mentions, ("blocks", "mentions"), ("mentions", "roles", "contacts")),
    Step("select", _select, ("mentions",), ("candidates",)),
    Step("canonical", _canonical, ("mentions",), ("names",)),
    Step("document_names", _document_names, ("names",), ("aliases",)),
    Step("model", _model, ("sentences", "names", "candidates"), ("model_mentions",)),
    Step("people", _people, ("names", "contacts"), ("person_organisations",)),
    Step("topic", _topic, ("names", "candidates"), ("topic_mention", "home")),
    Step("resolve", _resolve, ("names", "topic_mention"), ("entities", "topic")),
    Step("relations", _relations, ("entities", "topic", "roles", "contacts"), ("relations",)),
]


def check_steps(steps: list[Step]) -> None:
    """Raise when a step needs something no earlier step adds."""
    available = {"text"}
    for step in steps:
        missing = [n for n in step.needs if n not in available]
        if missing:
            raise ValueError(f"step {step.name!r} needs {missing} before it")
        available.update(step.adds)


def run_steps(document: Document, *, use_spacy: bool, steps: list[Step] | None = None) -> WorkDoc:
    doc = WorkDoc(document)
    doc.notes["use_spacy"] = use_spacy
    for step in steps or STEPS:
        step.run(doc)
    return doc


def extract_document(document: Document, *, use_spacy: bool | None = None) -> Extraction:
    """All facts one document states, each with its evidence."""
    if use_spacy is None:
        use_spacy = get_settings().use_spacy
    return to_extraction(run_steps(document, use_spacy=use_spacy))


def extract_file(path: Path, *, settings: Settings | None = None) -> Extraction:
    """Load one file and extract its facts, with the loader limits and model choice of ``settings``."""
    settings = settings or get_settings()
    document = load(path, max_bytes=settings.max_document_bytes, settings=settings)
    return extract_document(document, use_spacy=settings.use_spacy)


# -- building the graph facts ---------------------------------------------------------

def to_extraction(doc: WorkDoc) -> Extraction:
    document = doc.document
    nodes: list[Node] = []
    ids: dict[int, str] = {}
    by_id: dict[str, Node] = {}
    for index, entity in enumerate(doc.entities):
        node = _node(doc, index)
        if node is None:
            continue
        if node.id in by_id:  # two entities whose names slug alike: one node
            existing = by_id[node.id]
            existing.evidence.extend(node.evidence)
            existing.aliases.extend(a for a in node.aliases if a not in existing.aliases)
            for key, value in node.attrs.items():
                existing.attrs.setdefault(key, value)
        else:
            by_id[node.id] = node
            nodes.append(node)
        ids[index] = node.id
    edges = []
    for (source, type_, target), found in relations.merged(doc.relations).items():
        if source not in ids or target not in ids or ids[source] == ids[target]:
            continue
        attrs = {}
        for r in found:
            attrs.update(r.attrs)
        evidence = _unique([_evidence(document, r.start, r.end, r.extractor, r.confidence) for r in found])
        edges.append(Edge(ids[source], type_, ids[target], attrs, evidence))
    return Extraction(document, nodes, _merge_edges(edges))


def _node(doc: WorkDoc, index: int) -> Node | None:
    entity = doc.entities[index]
    members = [doc.mentions[i] for i in entity.mentions]
    evidence = _unique([_evidence(doc.document, m.start, m.end, m.extractor, m.confidence) for m in members])
    if not evidence:
        return None
    aliases = []
    for m in members:
        alias = canonical.tidy(m.text)
        if alias and alias not in aliases:
            aliases.append(alias)
    attrs = dict(entity.attrs)
    for m in members:
        for key in ("years", "start", "end", "type", "register_name", "acronym"):
            if key in m.attrs:
                attrs.setdefault(key, m.attrs[key])
    if index == doc.topic:
        attrs.update(doc.notes.get("topic_attrs", {}))
    return Node(NodeKind(entity.kind), entity.name, aliases, attrs, evidence)


def _evidence(document: Document, start: int, end: int, extractor: str, confidence: float) -> Evidence:
    version = EXTRACTOR_VERSION
    return Evidence(document.id, start, end, document.text[start:end], extractor, version, round(confidence, 3))


def _unique(evidence: list[Evidence]) -> list[Evidence]:
    seen, out = set(), []
    for ev in evidence:
        key = (ev.start, ev.end, ev.extractor)
        if key not in seen:
            seen.add(key)
            out.append(ev)
    return out


def _merge_edges(edges: list[Edge]) -> list[Edge]:
    by_id: dict[str, Edge] = {}
    for edge in edges:
        if edge.id in by_id:
            by_id[edge.id].evidence.extend(e for e in edge.evidence if e not in by_id[edge.id].evidence)
            by_id[edge.id].attrs.update(edge.attrs)
        else:
            by_id[edge.id] = edge
    return list(by_id.values())
