"""Mentions: gazetteer names in inflected forms, name patterns, structure, and when spaCy is asked."""

from __future__ import annotations

import pytest

from alueverkko.graph.model import Document, NodeKind
from alueverkko.ingest.doc import WorkDoc
from alueverkko.ingest.gazetteer import build_gazetteer, load_gazetteer
from alueverkko.ingest.mentions import gazetteer_mentions
from alueverkko.ingest.ner import needs_model
from alueverkko.ingest.pipeline import extract_document, run_steps
from alueverkko.ingest.structure import block_sentences, split_blocks


def workdoc(text: str) -> WorkDoc:
    doc = WorkDoc(Document("d", "t", "t.txt", text))
    doc.blocks = split_blocks(text)
    doc.sentences = block_sentences(text, doc.blocks)
    return doc


def found(text: str) -> list[tuple[str, str, str]]:
    """(kind, surface, canonical name) of every gazetteer mention."""
    return [(m.kind.value, m.text, m.name) for m in gazetteer_mentions(workdoc(text))]


def names(text: str) -> set[tuple[str, str]]:
    return {(n.kind.value, n.name) for n in extract_document(Document("d", "t", "t.txt", text), use_spacy=False).nodes}


# -- gazetteer loading ---------------------------------------------------------------

def test_the_gazetteer_loads_every_kind_of_reference_data():
    kinds = {e.kind for e in load_gazetteer().entries}
    assert {NodeKind.MUNICIPALITY, NodeKind.REGION, NodeKind.ORGANISATION, NodeKind.FUND,
            NodeKind.PROGRAMME} <= kinds


def test_a_missing_gazetteer_file_is_skipped_not_fatal():
    only_universities = build_gazetteer({"universities.csv": [{"name": "Lapin yliopisto", "acronyms": ""}]})
    assert [e.name for e in only_universities.entries] == ["Lapin yliopisto"]
    assert build_gazetteer({}).entries == []


def test_acronyms_name_the_full_entity_and_short_names_stay_as_written():
    gazetteer = build_gazetteer({"universities.csv": [
        {"name": "Itä-Suomen yliopisto", "acronyms": "UEF", "aliases": ""},
        {"name": "Savonia-ammattikorkeakoulu", "acronyms": "", "aliases": "Savonia|ammattikorkeakoulut"}]})
    forms = {f.text: f.name for e in gazetteer.entries for f in e.forms}
    assert forms["UEF"] == "Itä-Suomen yliopisto"
    assert forms["Savonia"] == "Savonia"
    assert "ammattikorkeakoulut" not in forms  # a lower-case one-word alias is a common noun


def test_a_seutukunta_is_named_by_its_everyday_short_name():
    gazetteer = build_gazetteer({"regions.csv": [
        {"name": "Sisä-Savon seutukunta", "type": "seutukunta", "name_sv": "", "aliases": "Sisä-Savo"}]})
    assert gazetteer.entries[0].name == "Sisä-Savo"


# -- inflected gazetteer names -------------------------------------------------------

def test_inflected_place_name_links_to_its_municipality():
    assert ("Municipality", "Outokummusta", "Outokumpu") in found("Mukaan tultiin Outokummusta asti.")
    assert ("Municipality", "Nurmekselle", "Nurmes") in found("Tapaaminen siirtyi Nurmekselle.")


def test_city_and_municipality_words_belong_to_the_municipality_mention():
    assert found("Kouvolan kaupungin ja Iitin kunnan edustajat") == [
        ("Municipality", "Kouvolan kaupungin", "Kouvola"), ("Municipality", "Iitin kunnan", "Iitti")]


def test_only_the_last_word_of_a_multiword_name_inflects():
    assert found("Rahoitus tuli Pohjois-Savon liitolta.") == [
        ("Organisation", "Pohjois-Savon liitolta", "Pohjois-Savon liitto")]


def test_a_lower_case_ministry_name_is_found():
    assert found("ohjelmaa ohjasi työ- ja elinkeinoministeriö") == [
        ("Organisation", "työ- ja elinkeinoministeriö", "Työ- ja elinkeinoministeriö")]


def test_acronyms_with_colon_endings_match():
    kinds = {(m[1], m[2]) for m in found("ELY:n ja TEM:ltä sekä KOKO:ssa ja UEF:n kanssa")}
    assert ("ELY:n", "ELY-keskus") in kinds
    assert ("TEM:ltä", "Työ- ja elinkeinoministeriö") in kinds
    assert ("UEF:n", "Itä-Suomen yliopisto") in kinds
    assert ("KOKO:ssa", "KOKO") in kinds


def test_an_acronym_never_matches_the_common_word_it_spells():
    assert found("Hanke kattaa koko maakunnan.") == []


def test_hyphenated_compound_names_match_through_their_parts():
    assert ("Organisation", "Karelia-AMK:n", "Karelia-ammattikorkeakoulu") in found("Karelia-AMK:n tutkijat")
    assert ("Fund", "JTF-rahoituksen", "Oikeudenmukaisen siirtymän rahasto") in found("JTF-rahoituksen haku")


def test_listed_municipalities_before_kunnat_are_each_a_municipality():
    got = names("Mukana ovat Kannonkosken, Karstulan ja Viitasaaren kunnat.")
    assert {("Municipality", "Kannonkoski"), ("Municipality", "Karstula"), ("Municipality", "Viitasaari")} <= got


def test_a_shortened_first_compound_in_a_pair_is_resolved():
    got = names("Ohjelmaan kuuluvat Sisä- ja Koillis-Savo.")
    assert {("Region", "Sisä-Savo"), ("Region", "Koillis-Savo")} <= got


def test_a_region_with_a_direction_before_it_is_only_part_of_the_region():
    assert ("Region", "Keski-Suomi") not in names("Tietoa jaetaan pohjoisessa Keski-Suomessa.")


# -- name patterns ---------------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("Hanketta hallinnoi Aurinkorannan Kehitys Oy:llä.", ("Organisation", "Aurinkorannan Kehitys Oy")),
    ("Mukana on Järvikylien Kotiseutu ry.", ("Organisation", "Järvikylien Kotiseutu ry")),
    ("Hanketta hallinnoi Kehittämisyhtiö Järvilaakso.", ("Organisation", "Kehittämisyhtiö Järvilaakso")),
    ("Työ tehdään Kainuun seutuyhtymässä.", ("Organisation", "Kainuun seutuyhtymä")),
])
def test_organisation_names_are_found_by_their_legal_form_or_organisation_word(text, expected):
    assert expected in names(text)


@pytest.mark.parametrize("surface", ["Rantareitti-hanke", "Rantareitti -hanke", "Rantareitti- hanke",
                                     "Rantareitti –hanke", "Rantareitti-hankkeessa"])
def test_project_names_drop_the_hanke_ending_in_every_spelling(surface):
    assert ("Project", "Rantareitti") in names(f"Kunta on mukana {surface} tänä vuonna.")


def test_a_several_word_project_name_before_a_spaced_hyphen_is_whole():
    assert ("Project", "Tunturin polut") in names("Kunta rahoittaa Tunturin polut -hanketta.")


def test_programme_and_strategy_names_keep_their_ending():
    got = names("Ohjelma on osa Kuusamo 2035 -strategiaa. Savonlinnan matkailuohjelmaa koordinoi kaupunki.")
    assert ("Programme", "Kuusamo 2035 -strategia") in got
    assert ("Programme", "Savonlinnan matkailuohjelma") in got


def test_a_compound_network_word_after_a_proper_genitive_is_a_network():
    assert ("Network", "Kainuun kylätoimintaverkosto") in names("Yhdistys kuuluu Kainuun kylätoimintaverkostoon.")


def test_a_plural_kind_word_is_not_a_name():
    assert not any(kind == "Project" for kind, _ in names("TKI-hankkeet ja OPO-verkostojen hyödyntäminen."))


def test_a_known_first_name_and_a_capitalised_word_are_a_person():
    assert ("Person", "Riitta Kemppainen") in names("Puheenvuoron piti Riitta Kemppainen.")


def test_a_person_named_in_a_contact_block_is_found():
    text = "Lisätietoja\n\nToivo Esimerkki\nkehittämispäällikkö\nMäntyharjun kunta\npuh. 040 111 2222\n"
    assert ("Person", "Toivo Esimerkki") in names(text)


def test_a_page_with_no_entities_yields_no_facts():
    text = ("Kun lumi sulaa\n\nKylän tiellä kulkee kaksi naapuria, ja toinen kysyy, mitä tehtäisiin yhdessä.\n"
            "Kunnat, yhdistykset ja yritykset tarvitsevat toisiaan.")
    extraction = extract_document(Document("d", "t", "t.txt", text), use_spacy=False)
    assert extraction.nodes == [] and extraction.edges == []


def test_english_and_swedish_passages_give_no_false_finnish_entities():
    text = ("The project is coordinated by the city in cooperation with partners. It will build new trails.\n\n"
            "Projektet koordineras av staden. Det bygger nya leder och samarbetar med företag.")
    assert names(text) == set()


def test_page_furniture_names_no_facts():
    assert names("Siirry suoraan sisältöön\n\nEuroopan unionin osarahoittama\n\nTakaisin") == set()


# -- spaCy only where needed ---------------------------------------------------------------

def test_the_model_is_not_asked_about_sentences_the_rules_explain():
    assert not needs_model("Kouvolan kaupunki koordinoi hanketta.", [(0, 17)], 0)
    assert needs_model("Kokouksen avasi Giulia Bianchi.", [], 0)


def test_switching_spacy_off_runs_no_model():
    doc = run_steps(Document("d", "t", "t.txt", "Kokouksen avasi Giulia Bianchi."), use_spacy=False)
    assert not any(m.extractor.startswith("spacy") for m in doc.mentions)


@pytest.mark.slow
def test_spacy_finds_a_person_the_rules_do_not_know():
    extraction = extract_document(Document("d", "t", "t.txt", "Kokouksen avasi Giulia Bianchi. Hän kertoi."),
                                  use_spacy=True)
    people = [n for n in extraction.nodes if n.kind == NodeKind.PERSON]
    assert [p.name for p in people] == ["Giulia Bianchi"]
    assert people[0].evidence[0].extractor == "spacy.ner"
