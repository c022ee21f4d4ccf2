"""Partner finder: ranking, reasons, filters and messages on a hand-made Finnish world.

The world (tests/support/partner_world.py) has one right answer for nature
tourism in Pohjois-Karjala: Kolin Matkailuyhdistys ry, which coordinated two
such projects in Lieksa.
"""

from __future__ import annotations

import pytest
from support.partner_world import build

from alueverkko.errors import InvalidInput
from alueverkko.queries.partners import PartnerRequest, find_partners
from alueverkko.settings import Settings

IDEA = "luontomatkailun kehittäminen Pohjois-Karjalassa"


@pytest.fixture
def world(store):
    build(store)
    return store, Settings(data_dir=store.path.parent)


def ask(world, **request):
    store, settings = world
    return find_partners(store, settings, request)


def names(results) -> list[str]:
    return [p.name for p in results.results]


def partner(results, name):
    return next(p for p in results.results if p.name == name)


def reason(p, kind):
    return next(r for r in p.reasons if r.kind == kind)


# -- ranking -------------------------------------------------------------------------
def test_the_tourism_coordinator_in_pohjois_karjala_ranks_first_for_nature_tourism_there(world):
    results = ask(world, idea=IDEA)
    assert names(results)[0] == "Kolin Matkailuyhdistys ry"
    assert names(results).index("Saimaan Elämys Oy") > names(results).index("Pielisen Yrittäjät ry")


def test_the_place_named_in_the_idea_becomes_the_region(world):
    results = ask(world, idea=IDEA)
    assert results.query["region"] == {"id": "region:pohjois-karjala", "name": "Pohjois-Karjala", "source": "idea"}
    assert any("Pohjois-Karjala" in note for note in results.notes)


def test_an_energy_idea_does_not_bring_the_tourism_actors(world):
    results = ask(world, idea="bioenergian käytön lisääminen kylissä")
    assert names(results)[0] == "Joensuun Energiaosuuskunta"
    assert "Kolin Matkailuyhdistys ry" not in names(results)


def test_an_english_idea_finds_the_finnish_work(world):
    results = ask(world, idea="nature tourism in North Karelia", lang="en")
    assert names(results)[0] == "Kolin Matkailuyhdistys ry"
    assert results.query["region"]["name"] == "Pohjois-Karjala"


def test_a_word_the_documents_never_use_is_widened_to_a_related_word(world):
    results = ask(world, idea="turismi")
    assert results.results, results.message
    assert any(e["word"] == "turismi" and e["related"] == "matkailu" for e in results.query["expanded"])
    assert any("turismi" in note for note in results.notes)


# -- reasons -------------------------------------------------------------------------
def test_the_reason_counts_the_coordinated_projects_in_the_region_with_their_years(world):
    kolin = partner(ask(world, idea=IDEA), "Kolin Matkailuyhdistys ry")
    work = reason(kolin, "work:coordinator")
    assert work.text.startswith("koordinoinut 2 samankaltaista hanketta Pohjois-Karjalassa 2021–2025: ")
    assert {e.name for e in work.entities} == {"Vaarojen luontopolut", "Erämaareitit"}
    assert all(e.href.startswith("/entities/project:") for e in work.entities)


def test_a_participant_is_told_as_one_in_finnish_case_agreement(world):
    pielinen = partner(ask(world, idea=IDEA), "Pielisen Yrittäjät ry")
    assert reason(pielinen, "work:participant").text.startswith(
        "osallistunut samankaltaiseen hankkeeseen Pohjois-Karjalassa 2021–2023: Vaarojen luontopolut")


def test_every_evidence_link_resolves_to_a_stored_span_that_holds_its_quote(world):
    store, _ = world
    results = ask(world, idea=IDEA)
    links = [e for p in results.results for r in p.reasons for e in r.evidence]
    assert len(links) >= 5
    for link in links:
        text = store.document(link.document).text
        assert text[link.start:link.end] == link.quote
        assert link.href == f"/documents/{link.document}#span-{link.start}-{link.end}"


def test_the_coordination_reason_quotes_the_sentence_that_says_so(world):
    kolin = partner(ask(world, idea=IDEA), "Kolin Matkailuyhdistys ry")
    quotes = {e.quote for e in reason(kolin, "work:coordinator").evidence}
    assert "Hanketta Vaarojen luontopolut koordinoi Kolin Matkailuyhdistys ry." in quotes
    assert "Erämaareitit-hanketta hallinnoi Kolin Matkailuyhdistys ry." in quotes


def test_an_organisation_names_the_contact_person_of_its_similar_work(world):
    kolin = partner(ask(world, idea=IDEA), "Kolin Matkailuyhdistys ry")
    contact = reason(kolin, "contact")
    assert contact.text.startswith("yhteyshenkilö: Liisa Vaara (projektipäällikkö)")
    assert contact.entities[0].id == "person:liisa-vaara"


def test_a_person_is_recommended_through_the_projects_she_is_the_contact_for_and_her_employer(world):
    results = ask(world, idea=IDEA, kinds="people")
    assert names(results) == ["Liisa Vaara"]
    liisa = results.results[0]
    assert reason(liisa, "work:contact").text.startswith("yhteyshenkilönä 2 samankaltaisessa hankkeessa")
    assert "Kolin Matkailuyhdistys ry" in reason(liisa, "employer").text


def test_reasons_and_labels_are_in_english_when_asked(world):
    kolin = partner(ask(world, idea=IDEA, lang="en"), "Kolin Matkailuyhdistys ry")
    assert reason(kolin, "work:coordinator").text.startswith(
        "coordinated 2 similar projects in Pohjois-Karjala 2021–2025")
    assert [p.label for p in kolin.parts] == ["Topic similarity", "Proximity", "Role history", "Recency"]


def test_the_score_is_the_sum_of_its_weighted_parts(world):
    for p in ask(world, idea=IDEA).results:
        assert sum(part.weight for part in p.parts) == pytest.approx(1.0, abs=1e-3)
        assert sum(part.contribution for part in p.parts) == pytest.approx(p.score, abs=2e-3)
        assert all(0.0 <= part.value <= 1.0 for part in p.parts)


def test_proximity_has_no_weight_without_a_region_or_partners_on_board(world):
    kolin = partner(ask(world, idea="luontomatkailu"), "Kolin Matkailuyhdistys ry")
    proximity = next(part for part in kolin.parts if part.name == "proximity")
    assert proximity.weight == 0.0
    assert sum(part.weight for part in kolin.parts) == pytest.approx(1.0, abs=1e-3)


# -- filters -------------------------------------------------------------------------
def test_an_inflected_region_name_moves_the_work_done_there_up(world):
    plain = ask(world, idea="luontomatkailu", kinds="organisations")
    local = ask(world, idea="luontomatkailu", region="Etelä-Savossa", kinds="organisations")
    assert names(plain)[0] == "Kolin Matkailuyhdistys ry"
    assert names(local)[0] == "Saimaan Elämys Oy"
    assert local.query["region"] == {"id": "region:etela-savo", "name": "Etelä-Savo", "source": "request"}


def test_a_municipality_id_works_as_the_region(world):
    results = ask(world, idea="luontomatkailu", region="municipality:savonlinna", kinds="organisations")
    assert names(results)[0] == "Saimaan Elämys Oy"
    assert results.query["region"]["name"] == "Savonlinna"


def test_an_unknown_region_is_noted_and_the_search_goes_on_without_it(world):
    results = ask(world, idea="luontomatkailu", region="Atlantis")
    assert results.results
    assert results.query["region"] is None
    assert any("Atlantis" in note for note in results.notes)


def test_preferring_participants_raises_the_role_part_of_a_participant(world):
    as_coordinator = partner(ask(world, idea=IDEA, role="coordinator"), "Pielisen Yrittäjät ry")
    as_participant = partner(ask(world, idea=IDEA, role="participant"), "Pielisen Yrittäjät ry")
    def role(p):
        return {part.name: part.value for part in p.parts}["role"]

    assert role(as_participant) > role(as_coordinator)
    coordinator = partner(ask(world, idea=IDEA, role="coordinator"), "Kolin Matkailuyhdistys ry")
    assert role(coordinator) == 1.0


def test_the_years_filter_leaves_out_work_outside_the_years(world):
    everything = ask(world, idea=IDEA)
    recent = ask(world, idea=IDEA, years="2019-2024")
    assert "Karjalan Retkeilykeskus Oy" in names(everything)
    assert "Karjalan Retkeilykeskus Oy" not in names(recent)
    assert names(recent)[0] == "Kolin Matkailuyhdistys ry"  # Erämaareitit (2024–2025) overlaps the years
    assert recent.query["years"] == [2019, 2024]


def test_the_kinds_filter_returns_only_the_kinds_asked(world):
    organisations = ask(world, idea=IDEA, kinds="organisations")
    people = ask(world, idea=IDEA, kinds="people")
    municipalities = ask(world, idea=IDEA, kinds="municipalities")
    assert {p.kind for p in organisations.results} == {"Organisation"}
    assert {p.kind for p in people.results} == {"Person"}
    assert names(municipalities)[0] == "Lieksa" and {p.kind for p in municipalities.results} == {"Municipality"}


def test_municipalities_are_left_out_unless_asked_for(world):
    assert "Lieksa" not in names(ask(world, idea=IDEA))


def test_partners_on_board_are_left_out_and_their_collaborators_move_up(world):
    alone = ask(world, idea="luontomatkailu", kinds="organisations")
    together = ask(world, idea="luontomatkailu", kinds="organisations", on_board="Savon Matkailuverkosto ry")
    assert "Savon Matkailuverkosto ry" not in names(together)
    assert names(together).index("Saimaan Elämys Oy") < names(alone).index("Saimaan Elämys Oy")
    saimaa = partner(together, "Saimaan Elämys Oy")
    shared = reason(saimaa, "on_board")
    assert "Savon Matkailuverkosto ry" in shared.text and "Saimaan luontomatkailu" in shared.text
    assert together.query["on_board"] == [{"id": "organisation:savon-matkailuverkosto-ry",
                                           "name": "Savon Matkailuverkosto ry"}]


def test_a_partner_on_board_may_be_named_in_an_inflected_form(world):
    results = ask(world, idea="luontomatkailu", on_board="Savon Matkailuverkosto ry:n")
    assert [p["name"] for p in results.query["on_board"]] == ["Savon Matkailuverkosto ry"]


def test_an_unknown_partner_on_board_is_noted(world):
    results = ask(world, idea="luontomatkailu", on_board="Olematon Oy")
    assert results.results
    assert any("Olematon Oy" in note for note in results.notes)


# -- ideas that say nothing ------------------------------------------------------------
@pytest.mark.parametrize("idea, says", [
    ("", "Kirjoita projekti-idea"),
    ("   \n ", "Kirjoita projekti-idea"),
    ("asdf qwerty", "asdf, qwerty"),
    ("ja sekä että myös", "täytesanoja"),
    ("Pohjois-Karjalassa", "vain paikka"),
])
def test_an_empty_or_meaningless_idea_gets_a_message_and_no_results(world, idea, says):
    results = ask(world, idea=idea)
    assert results.results == []
    assert says in results.message


def test_the_message_is_in_english_when_asked(world):
    assert ask(world, idea="asdf qwerty", lang="en").message.startswith("None of the idea's words (asdf, qwerty)")


def test_an_empty_graph_says_so(store):
    results = find_partners(store, Settings(data_dir=store.path.parent), {"idea": "luontomatkailu"})
    assert results.results == [] and "ingest" in results.message


def test_a_bad_parameter_is_an_invalid_input_that_names_it(world):
    with pytest.raises(InvalidInput) as error:
        PartnerRequest.parse(idea="x", role="boss")
    assert error.value.where == "role"
    with pytest.raises(InvalidInput) as error:
        PartnerRequest.parse(idea="x", kinds="robots")
    assert error.value.where == "kinds"


def test_a_region_where_nothing_is_known_to_happen_is_noted(world):
    results = ask(world, idea="luontomatkailu", region="Kainuu")
    assert results.results
    assert results.query["region"]["name"] == "Kainuu"
    assert any("Kainuu" in note for note in results.notes)
    assert all(next(p for p in r.parts if p.name == "proximity").weight == 0.0 for r in results.results)
