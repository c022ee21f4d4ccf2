"""Extraction quality against the gold sets, the scorer itself, and evidence validity on real documents.

The quality tests print their score tables (run pytest with ``-s`` to see them).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alueverkko.graph.model import Document, Edge, Evidence, Extraction, Node, NodeKind
from alueverkko.ingest.evaluate import Gold, GoldEntity, evaluate_folder, format_table, load_gold, score_document
from alueverkko.ingest.loaders import load
from alueverkko.ingest.pipeline import extract_document

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "tests" / "gold"
FIXTURES = REPO / "tests" / "fixtures" / "docs"
SAMPLES = REPO / "samples"


def _report(gold_dir: Path, docs_dir: Path, title: str):
    report = evaluate_folder(gold_dir, docs_dir, use_spacy=True)
    print("\n" + format_table(report, title))
    assert not report.skipped, report.skipped
    return report


# -- quality on the gold sets ---------------------------------------------------------------

@pytest.mark.seeds
@pytest.mark.slow
def test_seed_documents_meet_the_quality_targets(seeds_dir):
    report = _report(GOLD / "seeds", seeds_dir, "seeds (strict; rlx = relaxed)")
    assert len(report.scores) == len(list((GOLD / "seeds").glob("*.json")))
    assert report.total("entities_strict").f1 >= 0.90
    assert report.total("relations_strict").f1 >= 0.75
    assert report.total("entities_strict").precision >= 0.90


@pytest.mark.slow
def test_fixture_documents_score_well():
    report = _report(GOLD / "fixtures", FIXTURES, "fixtures (strict; rlx = relaxed)")
    assert report.total("entities_strict").f1 >= 0.90
    assert report.total("relations_strict").f1 >= 0.80


@pytest.mark.slow
def test_sample_documents_score_well():
    report = _report(GOLD / "samples", SAMPLES, "samples (strict; rlx = relaxed)")
    assert report.total("entities_strict").f1 >= 0.90
    assert report.total("relations_strict").f1 >= 0.80


def test_the_document_without_entities_gets_no_facts():
    extraction = extract_document(load(FIXTURES / "no_entities.txt"), use_spacy=False)
    assert extraction.nodes == [] and extraction.edges == []


# -- evidence on every real document ------------------------------------------------------------

def _documents():
    return sorted(p for p in [*FIXTURES.iterdir(), *SAMPLES.iterdir()] if p.suffix in (".txt", ".md", ".html"))


@pytest.mark.parametrize("path", _documents(), ids=lambda p: p.name)
def test_every_node_and_edge_has_evidence_with_a_valid_span(path):
    document = load(path)
    extraction = extract_document(document, use_spacy=False)
    text = document.text
    ids = {n.id for n in extraction.nodes}
    for fact in [*extraction.nodes, *extraction.edges]:
        assert fact.evidence, fact
        for ev in fact.evidence:
            assert ev.document_id == document.id
            assert 0 <= ev.start < ev.end <= len(text)
            assert ev.quote == text[ev.start:ev.end]
            assert ev.extractor and ev.extractor_version and 0 < ev.confidence <= 1
    for edge in extraction.edges:
        assert edge.source in ids and edge.target in ids
        # An edge's evidence covers the words naming both ends' mentions somewhere in its span.
        assert edge.evidence[0].end - edge.evidence[0].start >= 3


def test_the_same_document_always_gives_the_same_facts():
    document = load(SAMPLES / "vaarojen_elinvoimaohjelma.md")
    first = extract_document(document, use_spacy=False)
    second = extract_document(document, use_spacy=False)
    assert [n.id for n in first.nodes] == [n.id for n in second.nodes]
    assert [e.id for e in first.edges] == [e.id for e in second.edges]


# -- the scorer ----------------------------------------------------------------------------------

def _extraction(nodes: list[tuple[str, str]], edges: list[tuple[int, str, int]] = ()) -> Extraction:
    doc = Document("d", "d.txt", "d.txt", "x" * 10)
    ev = Evidence("d", 0, 1, "x", "test")
    built = [Node(kind, name, evidence=[ev]) for kind, name in nodes]
    return Extraction(doc, built, [Edge(built[a].id, rel, built[b].id, evidence=[ev]) for a, rel, b in edges])


def test_strict_entity_scores_compare_kind_and_normalised_name():
    gold = Gold("d.txt", [GoldEntity("Project", "Talent Hub"), GoldEntity("Municipality", "Kuopio")], [])
    score = score_document(_extraction([("Project", "Talent HUB"), ("Organisation", "Kuopio")]), gold)
    assert (score.entities_strict.tp, score.entities_strict.fp, score.entities_strict.fn) == (1, 1, 1)
    assert score.entities_relaxed.tp == 2  # the name alone matches


def test_relaxed_entity_scores_accept_any_gold_surface_form():
    gold = Gold("d.txt", [GoldEntity("Organisation", "Itä-Suomen yliopisto", ("UEF",))], [])
    score = score_document(_extraction([("Organisation", "UEF")]), gold)
    assert score.entities_strict.f1 == 0 and score.entities_relaxed.f1 == 1


def test_collaboration_is_scored_in_either_direction_and_other_types_are_not():
    gold = Gold("d.txt", [GoldEntity("Organisation", "A Oy"), GoldEntity("Organisation", "B Oy")],
                [("Organisation", "A Oy", "COLLABORATES_WITH", "Organisation", "B Oy"),
                 ("Organisation", "A Oy", "FUNDS", "Organisation", "B Oy")])
    score = score_document(_extraction([("Organisation", "A Oy"), ("Organisation", "B Oy")],
                                       [(1, "COLLABORATES_WITH", 0), (1, "FUNDS", 0)]), gold)
    assert (score.relations_strict.tp, score.relations_strict.fp, score.relations_strict.fn) == (1, 1, 1)
    assert score.relations_relaxed.tp == 1  # relaxed: the pair of ends only


def test_a_disambiguated_person_matches_the_gold_person_by_name():
    gold = Gold("d.txt", [GoldEntity("Person", "Matti Virtanen")], [])
    score = score_document(_extraction([("Person", "Matti Virtanen (Lapin yliopisto)")]), gold)
    assert score.entities_strict.f1 == 1


def test_nothing_predicted_scores_zero_precision_when_there_was_something_to_find():
    gold = Gold("d.txt", [GoldEntity("Municipality", "Kuopio")], [])
    score = score_document(_extraction([]), gold)
    assert score.entities_strict.precision == 0 and score.relations_strict.precision == 1


def test_gold_files_are_read_with_their_relations(tmp_path):
    path = tmp_path / "x.txt.json"
    path.write_text(json.dumps({"document": "x.txt", "entities": [{"kind": "Municipality", "name": "Kuopio"}],
                                "relations": [{"source": "Municipality:Kuopio", "type": "PART_OF",
                                               "target": "Region:Pohjois-Savo"}]}), encoding="utf-8")
    gold = load_gold(path)
    assert gold.relations == [("Municipality", "Kuopio", "PART_OF", "Region", "Pohjois-Savo")]


def test_the_evaluate_command_prints_a_table_per_document_and_micro_average(tmp_path, monkeypatch):
    from alueverkko.cli import app

    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    for name in ("cues_relations.txt.json", "latin1.txt.json"):
        (gold_dir / name).write_bytes((GOLD / "fixtures" / name).read_bytes())
    monkeypatch.setenv("ALUEVERKKO_USE_SPACY", "false")
    result = CliRunner().invoke(app, ["evaluate", str(gold_dir), str(FIXTURES), "--details"])
    assert result.exit_code == 0, result.output
    assert "cues_relations.txt" in result.output and "latin1.txt" in result.output
    assert "micro" in result.output


@pytest.mark.slow
def test_the_spacy_baseline_is_scored_with_no_relations():
    report = evaluate_folder(GOLD / "fixtures", FIXTURES, baseline=True)
    assert report.total("relations_strict").tp == 0
    assert report.total("entities_strict").tp > 0
    ours = evaluate_folder(GOLD / "fixtures", FIXTURES, use_spacy=False)
    assert ours.total("entities_strict").f1 > report.total("entities_strict").f1
    print("\n" + format_table(report, "baseline: spaCy NER alone, fixtures"))


def test_node_kinds_in_gold_files_are_known_kinds():
    for path in GOLD.glob("*/*.json"):
        for entity in load_gold(path).entities:
            NodeKind(entity.kind)
