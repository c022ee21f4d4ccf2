"""Scoring extractions against gold annotations (format in ``tests/gold/GUIDELINES.md``).

Entities are compared *strict* (kind and canonical name) and *relaxed* (name
only, or the predicted name matching any of the gold entity's surface forms).
Names are compared by a normalised key: casefolded, spaces and hyphens
removed, and a person's disambiguating "(organisation)" dropped. Relations
are compared *strict* (source, type, target; COLLABORATES_WITH either way) and
*relaxed* (the two ends only, any type, any direction). In relaxed entity
scores a gold entity found twice counts once and the duplicate is not a false
positive. Scores are given per document and micro-averaged over documents.

>>> gold = Gold("d.txt", [GoldEntity("Municipality", "Kouvola", ("Kouvolan kaupunki",))], [])
>>> from alueverkko.graph.model import Document, Evidence, Extraction, Node
>>> ev = Evidence("d", 0, 1, "K", "test")
>>> pred = Extraction(Document("d", "d", "d.txt", "K"), [Node("Municipality", "Kouvola", evidence=[ev])])
>>> score_document(pred, gold).entities_strict.f1
1.0
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from alueverkko.errors import InvalidInput
from alueverkko.graph.model import Extraction, NodeKind, RelationType
from alueverkko.ingest.tokens import normalise_key


@dataclass(frozen=True)
class GoldEntity:
    kind: str
    name: str
    surface: tuple[str, ...] = ()


@dataclass(frozen=True)
class Gold:
    document: str
    entities: list[GoldEntity]
    relations: list[tuple[str, str, str, str, str]]   # source kind, source name, type, target kind, target name


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        # Nothing predicted: perfect only when there was nothing to find.
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else float(self.fn == 0)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 3),
                "recall": round(self.recall, 3), "f1": round(self.f1, 3)}


@dataclass
class DocumentScore:
    document: str
    entities_strict: Counts = field(default_factory=Counts)
    entities_relaxed: Counts = field(default_factory=Counts)
    relations_strict: Counts = field(default_factory=Counts)
    relations_relaxed: Counts = field(default_factory=Counts)
    missed_entities: list[str] = field(default_factory=list)
    false_entities: list[str] = field(default_factory=list)
    missed_relations: list[str] = field(default_factory=list)
    false_relations: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"document": self.document,
                **{name: getattr(self, name).as_dict() for name in
                   ("entities_strict", "entities_relaxed", "relations_strict", "relations_relaxed")},
                "missed_entities": self.missed_entities, "false_entities": self.false_entities,
                "missed_relations": self.missed_relations, "false_relations": self.false_relations}


# -- gold files ---------------------------------------------------------------------------

def load_gold(path: Path) -> Gold:
    """Read one gold file; a malformed file is an InvalidInput naming the file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        entities = [GoldEntity(e["kind"], e["name"], tuple(e.get("surface", ()))) for e in data.get("entities", [])]
        relations = []
        for r in data.get("relations", []):
            source_kind, _, source_name = r["source"].partition(":")
            target_kind, _, target_name = r["target"].partition(":")
            relations.append((source_kind, source_name, r["type"], target_kind, target_name))
        return Gold(data.get("document") or Path(path).name.removesuffix(".json"), entities, relations)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InvalidInput(f"Cannot read the gold file: {exc}.", where=str(path),
                           fix="Check the file against tests/gold/GUIDELINES.md.") from exc


def gold_files(folder: Path) -> list[Path]:
    return sorted(p for p in Path(folder).glob("*.json") if p.is_file())


# -- keys ----------------------------------------------------------------------------------

def name_key(name: str) -> str:
    """Names compare by this key: "Matti Virtanen (Lapin yliopisto)" and "matti-virtanen" match.

    >>> name_key("Matti Virtanen (Lapin yliopisto)") == name_key("Matti Virtanen")
    True
    """
    return normalise_key(re.sub(r"\s*\([^)]*\)\s*$", "", name))


def _strict(kind: str, name: str) -> tuple[str, str]:
    return NodeKind(kind).value, name_key(name)


# -- scoring ---------------------------------------------------------------------------------

def score_document(extraction: Extraction, gold: Gold) -> DocumentScore:
    score = DocumentScore(gold.document)
    predicted = {n.id: (n.kind.value, n.name) for n in extraction.nodes}
    pred_strict = {_strict(k, n) for k, n in predicted.values()}
    gold_strict = {_strict(e.kind, e.name): e for e in gold.entities}
    score.entities_strict = _compare(pred_strict, set(gold_strict))
    score.missed_entities = sorted(f"{k}:{gold_strict[key].name}" for key in set(gold_strict) - pred_strict
                                   for k in [key[0]])
    score.false_entities = sorted(f"{k}:{n}" for k, n in {(k, n) for k, n in predicted.values()}
                                  if _strict(k, n) not in gold_strict)
    to_gold = _relaxed_mapping(predicted.values(), gold.entities)
    matched_pred = sum(1 for k, n in set(predicted.values()) if (k, n) in to_gold)
    matched_gold = len({to_gold[p] for p in to_gold})
    score.entities_relaxed = Counts(matched_gold, len(set(predicted.values())) - matched_pred,
                                    len(gold.entities) - matched_gold)
    score.relations_strict, score.missed_relations, score.false_relations = _relations_strict(extraction, predicted,
                                                                                              gold)
    score.relations_relaxed = _relations_relaxed(extraction, predicted, gold, to_gold)
    return score


def _compare(predicted: set, gold: set) -> Counts:
    return Counts(len(predicted & gold), len(predicted - gold), len(gold - predicted))


def _relaxed_mapping(predicted: Iterable[tuple[str, str]], gold: list[GoldEntity]) -> dict[tuple[str, str], int]:
    """Each predicted (kind, name) mapped to the gold entity it matches by name or surface form."""
    index: dict[str, int] = {}
    for i, e in enumerate(gold):
        index.setdefault(name_key(e.name), i)
    for i, e in enumerate(gold):
        for surface in e.surface:
            index.setdefault(name_key(surface), i)
    return {(k, n): index[name_key(n)] for k, n in predicted if name_key(n) in index}


def _relations_strict(extraction: Extraction, predicted, gold: Gold) -> tuple[Counts, list[str], list[str]]:
    def key(sk, sn, t, tk, tn):
        a, b = _strict(sk, sn), _strict(tk, tn)
        if RelationType(t).undirected and b < a:
            a, b = b, a
        return a, t, b

    pred = {}
    for e in extraction.edges:
        if e.source in predicted and e.target in predicted:
            sk, sn = predicted[e.source]
            tk, tn = predicted[e.target]
            pred[key(sk, sn, e.type.value, tk, tn)] = f"{sk}:{sn} {e.type.value} {tk}:{tn}"
    gold_keys = {key(*r): f"{r[0]}:{r[1]} {r[2]} {r[3]}:{r[4]}" for r in gold.relations}
    counts = _compare(set(pred), set(gold_keys))
    missed = sorted(gold_keys[k] for k in set(gold_keys) - set(pred))
    false = sorted(pred[k] for k in set(pred) - set(gold_keys))
    return counts, missed, false


def _relations_relaxed(extraction: Extraction, predicted, gold: Gold, to_gold) -> Counts:
    def end(kind_name):
        mapped = to_gold.get(kind_name)
        return ("gold", mapped) if mapped is not None else ("pred", name_key(kind_name[1]))

    gold_index = {(e.kind, name_key(e.name)): i for i, e in enumerate(gold.entities)}
    pred = set()
    for e in extraction.edges:
        if e.source in predicted and e.target in predicted:
            pred.add(frozenset((end(predicted[e.source]), end(predicted[e.target]))))
    gold_pairs = set()
    for sk, sn, _, tk, tn in gold.relations:
        a = ("gold", gold_index.get((sk, name_key(sn)), -1))
        b = ("gold", gold_index.get((tk, name_key(tn)), -1))
        gold_pairs.add(frozenset((a, b)))
    return _compare(pred, gold_pairs)


# -- folders ----------------------------------------------------------------------------------

@dataclass
class Report:
    scores: list[DocumentScore]
    skipped: list[str] = field(default_factory=list)

    def total(self, name: str) -> Counts:
        out = Counts()
        for s in self.scores:
            out = out + getattr(s, name)
        return out

    def as_dict(self) -> dict:
        return {"documents": [s.as_dict() for s in self.scores], "skipped": self.skipped,
                "micro": {name: self.total(name).as_dict() for name in
                          ("entities_strict", "entities_relaxed", "relations_strict", "relations_relaxed")}}


def evaluate_folder(gold_dir: Path, docs_dir: Path, *, baseline: bool = False,
                    use_spacy: bool | None = None) -> Report:
    """Score every document of ``docs_dir`` that has a gold file in ``gold_dir``."""
    from alueverkko.errors import DocumentError
    from alueverkko.ingest.loaders import load
    from alueverkko.ingest.pipeline import extract_document

    files = gold_files(gold_dir)
    if not files:
        raise InvalidInput("No gold files (*.json) in the folder.", where=str(gold_dir),
                           fix="Give the folder that holds the gold annotations.")
    report = Report([])
    for path in files:
        gold = load_gold(path)
        document_path = Path(docs_dir) / gold.document
        if not document_path.is_file():
            report.skipped.append(f"{gold.document}: no such document in {docs_dir}")
            continue
        try:
            document = load(document_path)
        except DocumentError as exc:
            report.skipped.append(f"{gold.document}: {exc.message}")
            continue
        extraction = baseline_extraction(document) if baseline else extract_document(document, use_spacy=use_spacy)
        report.scores.append(score_document(extraction, gold))
    return report


def baseline_extraction(document) -> Extraction:
    """What the Finnish spaCy NER alone finds: PERSON, ORG, and GPE/LOC as municipality or region."""
    from alueverkko.graph.model import Evidence, Node
    from alueverkko.ingest.gazetteer import load_gazetteer
    from alueverkko.ingest.ner import MODEL

    nlp = _full_pipeline(MODEL)
    gazetteer = load_gazetteer()
    nodes: dict[str, Node] = {}
    for paragraph_start, paragraph in _paragraphs(document.text):
        for ent in nlp(paragraph).ents:
            kind = _baseline_kind(ent, gazetteer)
            if kind is None:
                continue
            name = ent.lemma_ if kind in (NodeKind.MUNICIPALITY, NodeKind.REGION) else ent.text
            if kind in (NodeKind.MUNICIPALITY, NodeKind.REGION):
                entries = gazetteer.lookup(ent.lemma_) or gazetteer.lookup(ent.text)
                name = entries[0].name if entries else name
            start = paragraph_start + ent.start_char
            ev = Evidence(document.id, start, start + len(ent.text), ent.text, "spacy.baseline", "1", 0.5)
            node = Node(kind, name, [ent.text], evidence=[ev])
            if node.id in nodes:
                nodes[node.id].evidence.append(ev)
            else:
                nodes[node.id] = node
    return Extraction(document, list(nodes.values()), [])


def _paragraphs(text: str):
    pos = 0
    for part in re.split(r"(\n\s*\n)", text):
        if part.strip() and not re.fullmatch(r"\n\s*\n", part):
            yield pos, part
        pos += len(part)


def _baseline_kind(ent, gazetteer) -> NodeKind | None:
    if ent.label_ == "PERSON":
        return NodeKind.PERSON
    if ent.label_ == "ORG":
        return NodeKind.ORGANISATION
    if ent.label_ in ("GPE", "LOC"):
        for entry in gazetteer.lookup(ent.lemma_) + gazetteer.lookup(ent.text):
            if entry.kind in (NodeKind.MUNICIPALITY, NodeKind.REGION):
                return entry.kind
        return NodeKind.REGION
    return None


_full = {}


def _full_pipeline(model: str):
    if model not in _full:
        import spacy
        _full[model] = spacy.load(model)
    return _full[model]


def format_table(report: Report, title: str = "") -> str:
    """A plain-text table: per document and micro-averaged, strict and relaxed."""
    rows = [("document", "ent P", "ent R", "ent F1", "ent F1 rlx", "rel P", "rel R", "rel F1", "rel F1 rlx")]
    for s in report.scores:
        rows.append(_row(s.document, s.entities_strict, s.entities_relaxed, s.relations_strict,
                         s.relations_relaxed))
    rows.append(_row("micro", report.total("entities_strict"), report.total("entities_relaxed"),
                     report.total("relations_strict"), report.total("relations_relaxed")))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [title] if title else []
    for i, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[j]) if j == 0 else cell.rjust(widths[j])
                               for j, cell in enumerate(row)))
        if i == 0 or i == len(rows) - 2:
            lines.append("-" * (sum(widths) + 2 * (len(widths) - 1)))
    for skipped in report.skipped:
        lines.append(f"skipped {skipped}")
    return "\n".join(lines)


def _row(name, es: Counts, er: Counts, rs: Counts, rr: Counts) -> tuple[str, ...]:
    return (name[:40], f"{es.precision:.2f}", f"{es.recall:.2f}", f"{es.f1:.2f}", f"{er.f1:.2f}",
            f"{rs.precision:.2f}", f"{rs.recall:.2f}", f"{rs.f1:.2f}", f"{rr.f1:.2f}")
