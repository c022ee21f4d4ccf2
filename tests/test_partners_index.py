"""The partner index as a projection: it follows the store's change log and survives restarts;
a catch-up reads only what changed, and a request never waits for a long one."""

from __future__ import annotations

import logging
import pickle
import threading

import numpy as np
import pytest
from support.partner_world import build, document

from alueverkko.graph.model import NodeKind, RelationType
from alueverkko.queries.partners import find_partners, projection
from alueverkko.queries.partners.facts import Facts
from alueverkko.queries.partners.index import compile_index
from alueverkko.queries.partners.projection import (
    PartnerProjection, forget_cached, partner_index, wait_for_catch_up,
)
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


BIOENERGY_VILLAGE = document("kylalampo.txt", [
    "Kylälämpö on bioenergian ja hakelämmön hanke vuosina 2023–2025.",
    "Hanketta Kylälämpö koordinoi Ilomantsin Lämpö Oy.",
    "Kylälämpö toteutetaan kunnassa Ilomantsi.",
    "Ilomantsin Lämpö Oy ja Joensuun Energiaosuuskunta tekevät yhteistyötä.",
], [(NodeKind.PROJECT, "Kylälämpö", {"years": [2023, 2024, 2025]}),
    (NodeKind.ORGANISATION, "Ilomantsin Lämpö Oy"), (NodeKind.ORGANISATION, "Joensuun Energiaosuuskunta"),
    (NodeKind.MUNICIPALITY, "Ilomantsi")],
    [("Ilomantsin Lämpö Oy", RelationType.COORDINATES, "Kylälämpö"),
     ("Ilomantsi", RelationType.PARTICIPATES_IN, "Kylälämpö"),
     ("Ilomantsin Lämpö Oy", RelationType.COLLABORATES_WITH, "Joensuun Energiaosuuskunta")])

# Named after no place in the graph: its region is read from its text.
LAKE_ROUTES = document("melontareitit.txt", [
    "Melontareitit on vesimatkailun ja melonnan hanke Etelä-Savossa vuosina 2022–2024, ja sen "
    "melontareitit kulkevat saaristossa.",
    "Hanketta Melontareitit koordinoi Saimaan Elämys Oy.",
], [(NodeKind.PROJECT, "Melontareitit", {"years": [2022, 2023, 2024]}),
    (NodeKind.ORGANISATION, "Saimaan Elämys Oy")],
    [("Saimaan Elämys Oy", RelationType.COORDINATES, "Melontareitit")])

IDEAS = [IDEA, "bioenergia ja hakelämpö kylissä", "melonta ja vesimatkailu Etelä-Savossa",
         "retkeilyreitit", "nature tourism in Lieksa"]


@pytest.fixture
def settings(store):
    forget_cached()
    # Requests here wait for every catch-up, so each test reads its own writes; the one about
    # not waiting asks for that itself.
    yield Settings(data_dir=store.path.parent, partner_index_wait_seconds=600)
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


def stored_cursor(settings) -> int:
    with PartnerProjection(settings).path.open("rb") as fh:
        assert pickle.load(fh) == projection.FORMAT
        return pickle.load(fh).cursor


def test_a_catch_up_rewrites_the_stored_index_only_once_it_lags_enough(store, settings):
    build(store)
    lazy = settings.model_copy(update={"partner_index_save_every": 10**6})
    names(store, lazy)
    built = stored_cursor(lazy)
    assert built == store.last_change()  # a build is always written
    store.ingest(NEW_COORDINATOR)
    assert "Pielisen Luontoelämykset Oy" in names(store, lazy)
    assert stored_cursor(lazy) == built  # caught up in memory only
    forget_cached()  # a new process starts from the older copy and catches up
    assert "Pielisen Luontoelämykset Oy" in names(store, lazy)
    store.ingest(BIOENERGY_VILLAGE)
    eager = settings.model_copy(update={"partner_index_save_every": 0})
    names(store, eager)
    assert stored_cursor(eager) == store.last_change()


def test_the_index_can_live_in_another_folder(store, tmp_path):
    build(store)
    settings = Settings(data_dir=store.path.parent, partner_index_dir=tmp_path / "elsewhere")
    forget_cached()
    assert names(store, settings)[0] == "Kolin Matkailuyhdistys ry"
    assert (tmp_path / "elsewhere" / "index.pickle").is_file()
    forget_cached()


def _same_index(updated, fresh) -> None:
    assert updated.activity_ids == fresh.activity_ids and updated.actor_ids == fresh.actor_ids
    assert updated.place_ids == fresh.place_ids
    assert updated.text.terms == fresh.text.terms
    for name in ("starts", "docs", "counts", "lengths"):
        assert np.array_equal(getattr(updated.text, name), getattr(fresh.text, name)), name
    assert [t.tolist() for t in updated.text.doc_terms] == [t.tolist() for t in fresh.text.doc_terms]
    assert np.array_equal(updated.text.vectors, fresh.text.vectors)
    assert np.array_equal(updated.doc_actor, fresh.doc_actor)
    for name in ("activity_place", "actor_place", "employer", "collaboration"):
        assert all(np.array_equal(a, b) for a, b in zip(getattr(updated, name), getattr(fresh, name))), name
    for name in ("member_actor", "member_activity", "member_roles", "first_year", "last_year"):
        assert np.array_equal(getattr(updated, name), getattr(fresh, name)), name
    assert updated.names == fresh.names and updated.lemma_names == fresh.lemma_names


def test_an_index_caught_up_through_several_changes_equals_a_full_rebuild(store, settings, caplog):
    build(store)
    partner_index(store, settings)
    with caplog.at_level(logging.INFO, logger="alueverkko.partners"):
        for change in (lambda: store.ingest(NEW_COORDINATOR), lambda: store.ingest(BIOENERGY_VILLAGE),
                       lambda: store.remove_document("retkeilyreitit.txt"), lambda: store.ingest(LAKE_ROUTES)):
            change()
            updated = partner_index(store, settings)
    assert not any("rebuilt" in record.getMessage() for record in caplog.records)  # every step incremental
    assert updated.cursor == store.last_change()
    assert "organisation:ilomantsin-lampo-oy" in updated.actor_row
    assert "organisation:karjalan-retkeilykeskus-oy" not in updated.actor_row
    lake = updated.activity_row["project:melontareitit"]  # no place linked: the region named in its text
    assert [updated.place_ids[p] for r, p in zip(*updated.activity_place) if r == lake] == ["region:etela-savo"]
    fresh = compile_index(Facts.load(store, context_budget=settings.partner_context_documents),
                          store.last_change(), vectors=settings.partner_use_vectors)
    _same_index(updated, fresh)
    answers = {}
    for which in ("updated", "fresh"):
        if which == "fresh":
            forget_cached()
            current = settings.model_copy(update={"partner_index_persist": False})
        else:
            current = settings
        answers[which] = [[(p.id, p.score) for p in find_partners(store, current, {"idea": idea}).results]
                          for idea in IDEAS]
    assert answers["updated"] == answers["fresh"]
    assert any(answers["updated"])


class BlockedCompile:
    """compile_index that stops until released, counting its calls (to hold a catch-up open)."""

    def __init__(self, real):
        self.real, self.calls = real, 0
        self.started, self.release = threading.Event(), threading.Event()

    def __call__(self, *args, **kwargs):
        self.calls += 1
        self.started.set()
        assert self.release.wait(120), "the test never released the catch-up"
        return self.real(*args, **kwargs)


def test_a_request_during_a_catch_up_answers_from_the_previous_index(store, settings, monkeypatch):
    settings = settings.model_copy(update={"partner_index_wait_seconds": 0})
    build(store)
    before = partner_index(store, settings).cursor
    blocked = BlockedCompile(projection.compile_index)
    monkeypatch.setattr(projection, "compile_index", blocked)
    store.ingest(NEW_COORDINATOR)
    try:
        during = find_partners(store, settings, {"idea": IDEA, "lang": "en"})
        assert blocked.started.wait(60)  # the catch-up runs, and the request has already answered
        again = find_partners(store, settings, {"idea": IDEA})
        assert not blocked.release.is_set()
    finally:
        blocked.release.set()
    wait_for_catch_up(store, settings)
    for answer in (during, again):
        assert answer.index["cursor"] == before and answer.index["behind"] > 0
        assert "Pielisen Luontoelämykset Oy" not in [p.name for p in answer.results]
        assert answer.results  # answered, from the previous index
    assert any("catching up with" in note for note in during.notes)
    assert any("jäljessä" in note for note in again.notes)
    assert blocked.calls == 1  # the second request joined the running catch-up, it did not start one
    after = find_partners(store, settings, {"idea": IDEA})
    assert after.index["cursor"] == store.last_change() and after.index["behind"] == 0
    assert "Pielisen Luontoelämykset Oy" in [p.name for p in after.results]
    assert not any("jäljessä" in note for note in after.notes)
    assert blocked.calls == 1


def test_a_failed_catch_up_leaves_the_previous_index_answering(store, settings, monkeypatch):
    build(store)
    before = partner_index(store, settings)

    def broken(*args, **kwargs):
        raise RuntimeError("out of memory, say")

    monkeypatch.setattr(projection, "compile_index", broken)
    store.ingest(NEW_COORDINATOR)
    answer = find_partners(store, settings, {"idea": IDEA})
    assert answer.index["cursor"] == before.cursor and answer.index["behind"] > 0
    assert answer.results[0].name == "Kolin Matkailuyhdistys ry"
    monkeypatch.undo()
    assert "Pielisen Luontoelämykset Oy" in names(store, settings)


def test_a_catch_up_tokenises_only_the_texts_that_changed(store, settings, monkeypatch):
    from alueverkko.queries.partners import index as index_module

    build(store)
    before = partner_index(store, settings)
    unchanged = before.facts.activities["project:saimaan-luontomatkailu"].text
    read: list[str] = []

    def counting_words(text):
        read.append(text)
        return real_words(text)

    real_words = index_module.words
    monkeypatch.setattr(index_module, "words", counting_words)
    store.ingest(NEW_COORDINATOR)
    after = partner_index(store, settings)
    new_text = after.facts.activities["project:kolin-kesa"].text
    assert new_text in read
    assert unchanged not in read
    assert len(read) < len(after.text.lengths)  # fewer texts read than the index holds
