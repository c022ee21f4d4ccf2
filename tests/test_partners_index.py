"""The partner index as a projection: it follows the store's change log and survives restarts."""

from __future__ import annotations

import logging

import pytest
from support.partner_world import build, document

from alueverkko.graph.model import NodeKind, RelationType
from alueverkko.queries.partners import find_partners
from alueverkko.queries.partners.projection import PartnerProjection, forget_cached, partner_index
from alueverkko.settings import Settings

IDEA = "luontomatkailun kehittäminen Pohjois-Karjalassa"

NEW_COORDINATOR = document("uusi.txt", [
    "Kolin kesä on luontomatkailun ja retkeilyn hanke vuosina 2024–2026.",
    "Hanketta Kolin kesä koordinoi Pielisen Luontoelämykset Oy.",
    "Kolin kesä toteutetaan kunnassa Lieksa.",
], [(NodeKind.PROJECT, "Kolin kesä", {"years": [2024, 2025, 2026]}),
    (NodeKind.ORGANISATION, "Pielisen Luontoelämykset Oy"), (NodeKind.MUNICIPALITY, "Lieksa")],
    [("Pielisen Luontoelämykset Oy", RelationType.COORDINATES, "Kolin kesä"),
     ("Lieksa", RelationType.PARTICIPATES_IN, "Kolin kesä")])


@pytest.fixture
def settings(store):
    forget_cached()
    yield Settings(data_dir=store.path.parent)
    forget_cached()


def names(store, settings, **request):
    return [p.name for p in find_partners(store, settings, {"idea": IDEA, **request}).results]


def test_a_document_ingested_after_the_index_was_built_is_found(store, settings):
    build(store)
    assert "Pielisen Luontoelämykset Oy" not in names(store, settings)
    store.ingest(NEW_COORDINATOR)
    assert "Pielisen Luontoelämykset Oy" in names(store, settings)
    assert partner_index(store, settings).cursor == store.last_change()


def test_removing_a_document_removes_its_work_from_the_results(store, settings):
    build(store)
    assert "Saimaan Elämys Oy" in names(store, settings)
    store.remove_document("saimaa.txt")
    assert "Saimaan Elämys Oy" not in names(store, settings)


def test_an_updated_index_answers_like_one_built_from_scratch(store, settings):
    build(store)
    names(store, settings)  # build, then change the store under the index
    store.ingest(NEW_COORDINATOR)
    store.remove_document("retkeilyreitit.txt")
    updated = find_partners(store, settings, {"idea": IDEA}).to_dict()
    forget_cached()
    fresh = find_partners(store, settings.model_copy(update={"partner_index_persist": False}), {"idea": IDEA}).to_dict()
    for answer in (updated, fresh):
        answer.pop("elapsed_ms")
    assert updated == fresh


def test_a_new_process_reads_the_stored_index_instead_of_rebuilding(store, settings, caplog):
    build(store)
    first = names(store, settings)
    assert PartnerProjection(settings).path.is_file()
    forget_cached()  # as a new process would start
    with caplog.at_level(logging.INFO, logger="alueverkko.partners"):
        assert names(store, settings) == first
    assert not any("rebuilt" in record.getMessage() for record in caplog.records)


def test_a_damaged_stored_index_is_rebuilt(store, settings):
    build(store)
    first = names(store, settings)
    PartnerProjection(settings).path.write_bytes(b"not a pickle")
    forget_cached()
    assert names(store, settings) == first


def test_the_index_can_live_in_another_folder(store, tmp_path):
    build(store)
    settings = Settings(data_dir=store.path.parent, partner_index_dir=tmp_path / "elsewhere")
    forget_cached()
    assert names(store, settings)[0] == "Kolin Matkailuyhdistys ry"
    assert (tmp_path / "elsewhere" / "index.pickle").is_file()
    forget_cached()
