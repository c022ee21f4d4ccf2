"""Finnish-aware search: inflected forms, accents, typos, kinds, ranking, and keeping up with the store."""

from __future__ import annotations

import pytest
from conftest import extraction

from alueverkko.graph.model import NodeKind as K
from alueverkko.graph.projections import REGISTRY, sync_all
from alueverkko.graph.store import Store
from alueverkko.queries.search import SearchIndex, analyse, typo_candidates
from alueverkko.settings import Settings


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from support.world import fill_world

    settings = Settings(data_dir=tmp_path_factory.mktemp("search-world"))
    store = Store.open(settings.store_path)
    fill_world(store, settings)
    index = SearchIndex(settings.data_dir / "search.sqlite")
    yield store, index
    index.close()
    store.close()


def ids(page) -> list[str]:
    return [hit.id for hit in page.hits]


@pytest.mark.parametrize("query, expected", [
    ("Kouvolan", "municipality:kouvola"),
    ("Pohjois-Savossa", "region:pohjois-savo"),
    ("Outokummusta", "municipality:outokumpu"),
    ("Nurmeksesta", "municipality:nurmes"),
    ("KOKO:ssa", "programme:koko"),
    ("Pohjois-Karjalan maakuntaliiton", "organisation:pohjois-karjalan-maakuntaliitto"),
])
def test_an_inflected_name_finds_its_entity_first(world, query, expected):
    store, index = world
    assert ids(index.search(store, query))[0] == expected


def test_kouvolan_matches_kouvola_by_its_base_form(world):
    store, index = world
    hit = index.search(store, "Kouvolan").hits[0]
    assert (hit.id, hit.match, hit.matched) == ("municipality:kouvola", "lemma", "Kouvola")


def test_a_query_without_accents_finds_the_accented_name_exactly(world):
    store, index = world
    hit = index.search(store, "hameenlinna").hits[0]
    assert (hit.id, hit.match, hit.score) == ("municipality:hameenlinna", "exact", 1.0)


def test_a_typo_finds_the_name_as_a_fuzzy_match(world):
    store, index = world
    hit = index.search(store, "Kouvla").hits[0]
    assert (hit.id, hit.match) == ("municipality:kouvola", "fuzzy")
    assert 0 < hit.score < 0.6


def test_a_name_written_together_finds_the_hyphenated_one(world):
    store, index = world
    assert "region:pohjois-savo" in ids(index.search(store, "pohjoissavo"))


def test_a_matched_alias_is_reported(world):
    store, index = world
    hit = index.search(store, "Kouvolan kaupunki").hits[0]
    assert (hit.id, hit.matched, hit.match) == ("municipality:kouvola", "Kouvolan kaupunki", "exact")
    assert hit.score < 1.0  # an alias ranks just below the name itself


def test_tiers_rank_exact_before_prefix_matches(world):
    store, index = world
    page = index.search(store, "Lieksa")
    assert page.hits[0].id == "municipality:lieksa" and page.hits[0].match == "exact"
    assert {h.match for h in page.hits[1:]} == {"prefix"}
    assert [h.score for h in page.hits] == sorted((h.score for h in page.hits), reverse=True)


def test_a_word_prefix_finds_names_while_typing(world):
    store, index = world
    assert "organisation:karelia-ammattikorkeakoulu" in ids(index.search(store, "karel"))


def test_the_kind_filter_keeps_only_those_kinds(world):
    store, index = world
    everything = index.search(store, "Lieksa")
    only = index.search(store, "Lieksa", kinds=["Programme"])
    assert {h.kind for h in everything.hits} > {"Programme"}
    assert only.hits and {h.kind for h in only.hits} == {"Programme"}


def test_pages_split_the_ranked_hits_without_overlap(world):
    store, index = world
    whole = index.search(store, "Lieksa", per_page=100)
    first, second = index.search(store, "Lieksa", per_page=2), index.search(store, "Lieksa", page=2, per_page=2)
    assert whole.total >= 3 and first.total == whole.total and first.pages == -(-whole.total // 2)
    assert ids(first) + ids(second) == ids(whole)[:4]


def test_a_query_of_punctuation_only_finds_nothing(world):
    store, index = world
    assert index.search(store, "--- !!").hits == []


def test_typo_candidates_share_a_head_or_a_tail_with_the_token(world):
    store, index = world
    index.ensure_synced(store)
    found = dict(typo_candidates(index._conn(), "jouvola"))  # the first letter wrong: found by its tail
    assert "kouvola" in found and 0 < found["kouvola"] < 1


def test_analysis_gives_each_token_its_base_forms():
    assert [t.forms for t in analyse("Hämeenlinnassa")] == [("hameenlinnassa", "hameenlinna")]


def test_the_index_follows_an_ingest_and_a_removal_through_the_change_log(store):
    index = SearchIndex(store.path.parent / "search.sqlite")
    assert index.search(store, "Iisalmi").hits == []
    result = store.ingest(extraction("Iisalmen kaupunki mukana.", "a.txt", [(K.MUNICIPALITY, "Iisalmen kaupunki")]))
    assert ids(index.search(store, "Iisalmen kaupungissa")) == ["municipality:iisalmen-kaupunki"]
    store.remove_document(result.document_id)
    assert index.search(store, "Iisalmen kaupunki").hits == []


def test_sync_applies_only_the_changes_after_its_cursor(store):
    index = SearchIndex(store.path.parent / "search.sqlite")
    store.ingest(extraction("Kuopio ja Iisalmi.", "a.txt", [(K.MUNICIPALITY, "Kuopio"), (K.MUNICIPALITY, "Iisalmi")]))
    first = index.sync(store)
    assert first == store.last_change() and index.sync(store) == first
    store.ingest(extraction("Varkaus.", "b.txt", [(K.MUNICIPALITY, "Varkaus")]))
    assert index.sync(store) == store.last_change() > first
    assert [ids(index.search(store, q)) for q in ("Kuopio", "Varkaudessa")] == [["municipality:kuopio"],
                                                                                 ["municipality:varkaus"]]


def test_the_index_is_rebuilt_for_a_new_store_at_the_same_path(tmp_path):
    path = tmp_path / "data" / "alueverkko.sqlite"
    first = Store.open(path)
    first.ingest(extraction("Kuopio.", "a.txt", [(K.MUNICIPALITY, "Kuopio")]))
    index = SearchIndex(tmp_path / "data" / "search.sqlite")
    assert ids(index.search(first, "Kuopio")) == ["municipality:kuopio"]
    first.close()
    path.unlink()
    second = Store.open(path)
    second.ingest(extraction("Varkaus.", "a.txt", [(K.MUNICIPALITY, "Varkaus")]))
    fresh = SearchIndex(tmp_path / "data" / "search.sqlite")
    assert fresh.search(second, "Kuopio").hits == [] and ids(fresh.search(second, "Varkaus")) == ["municipality:varkaus"]


def test_the_search_index_is_a_registered_projection_synced_by_sync_all(tmp_path):
    settings = Settings(data_dir=tmp_path)
    store = Store.open(settings.store_path)
    store.ingest(extraction("Kuopio.", "a.txt", [(K.MUNICIPALITY, "Kuopio")]))
    assert REGISTRY["search"] == "alueverkko.queries.search:projection"
    from alueverkko.queries.search import index_for

    cursors = sync_all(store, settings)
    assert cursors["search"] == store.last_change()
    assert ids(index_for(settings).search(store, "Kuopiossa")) == ["municipality:kuopio"]


def test_more_matches_than_the_candidate_cap_make_the_total_a_lower_bound(store):
    names = [f"Kasvu {i} Oy" for i in range(30)]
    store.ingest(extraction(" ".join(names), "a.txt", [(K.ORGANISATION, n) for n in names]))
    index = SearchIndex(store.path.parent / "search.sqlite", max_candidates=10)
    page = index.search(store, "Kasvu")
    assert page.total_exact is False and page.total >= 10
    assert SearchIndex(store.path.parent / "search2.sqlite").search(store, "Kasvu").total == 30


def test_while_another_thread_syncs_a_query_answers_from_the_index_as_it_was(store):
    index = SearchIndex(store.path.parent / "search.sqlite")
    store.ingest(extraction("Kuopio.", "a.txt", [(K.MUNICIPALITY, "Kuopio")]))
    assert ids(index.search(store, "Kuopio")) == ["municipality:kuopio"]
    store.ingest(extraction("Varkaus.", "b.txt", [(K.MUNICIPALITY, "Varkaus")]))
    with index._lock:  # as if a long rebuild were running in another thread
        assert index.search(store, "Varkaus").hits == []
    assert ids(index.search(store, "Varkaus")) == ["municipality:varkaus"]
