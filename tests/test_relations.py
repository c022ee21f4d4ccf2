"""Relations from structure and prose cues, each with the span that states it as evidence."""

from __future__ import annotations

import pytest

from alueverkko.graph.model import Document
from alueverkko.ingest.pipeline import extract_document


def extract(text: str):
    return extract_document(Document("d", "t", "t.txt", text), use_spacy=False)


def edges(text: str) -> set[tuple[str, str, str]]:
    return {(e.source, e.type.value, e.target) for e in extract(text).edges}


@pytest.mark.parametrize("sentence", [
    "Rantareitti-hanketta koordinoi Kehittämisyhtiö Järvilaakso.",
    "Kehittämisyhtiö Järvilaakso koordinoi Rantareitti-hanketta.",
    "Kehittämisyhtiö Järvilaakso vastaa Rantareitti-hankkeen koordinoinnista.",
    "Vetovastuu Rantareitti-hankkeesta on Kehittämisyhtiö Järvilaaksolla.",
    "Kehittämisyhtiö Järvilaakso hallinnoi Rantareitti-hanketta.",
])
def test_every_coordination_cue_gives_coordinates_whatever_the_word_order(sentence):
    assert ("organisation:kehittamisyhtio-jarvilaakso", "COORDINATES", "project:rantareitti") in edges(sentence)


def test_a_funder_in_the_nominative_funds_the_project_in_the_partitive():
    assert ("organisation:lapin-liitto", "FUNDS", "project:rantareitti") in \
        edges("Rantareitti-hanketta rahoittaa Lapin liitto.")


def test_a_passive_names_its_funder_in_the_adessive():
    assert ("fund:euroopan-aluekehitysrahasto", "FUNDS", "project:rantareitti") in \
        edges("Rantareitti-hanke rahoitetaan Euroopan aluekehitysrahastolla.")


def test_participants_in_the_nominative_take_part_in_the_programme_in_the_inessive():
    got = edges("Kainuun kylätoimintaverkostossa ovat mukana Kuhmon kaupunki ja Suomussalmen kunta.")
    assert ("municipality:kuhmo", "PARTICIPATES_IN", "network:kainuun-kylatoimintaverkosto") in got
    assert ("municipality:suomussalmi", "PARTICIPATES_IN", "network:kainuun-kylatoimintaverkosto") in got


def test_a_member_in_the_illative_belongs_to_a_network():
    assert ("organisation:jarvikylien-kotiseutu-ry", "PARTICIPATES_IN", "network:kainuun-kylatoimintaverkosto") in \
        edges("Järvikylien Kotiseutu ry kuuluu Kainuun kylätoimintaverkostoon.")


def test_municipalities_belonging_to_a_region_are_part_of_it():
    got = edges("Pielisen Karjalan seutukuntaan kuuluvat Lieksa, Nurmes ja Juuka.")
    assert {("municipality:lieksa", "PART_OF", "region:pielisen-karjala"),
            ("municipality:juuka", "PART_OF", "region:pielisen-karjala")} <= got


def test_collaboration_is_undirected_and_needs_a_partner_before_kanssa():
    got = edges("Lapin ammattikorkeakoulu kehittää koulutusta yhteistyössä Oulun yliopiston kanssa.")
    assert got == {("organisation:lapin-ammattikorkeakoulu", "COLLABORATES_WITH", "organisation:oulun-yliopisto")}


def test_is_part_of_states_containment():
    assert ("project:rantareitti", "PART_OF", "programme:kuusamo-2035-strategia") in \
        edges("Rantareitti-hanke on osa Kuusamo 2035 -strategiaa.")


def test_a_generic_word_or_pronoun_refers_back_to_the_entity_before_it():
    text = "Kuhmon kaupunki on mukana Rantareitti-hankkeessa, jota koordinoi Kajaanin ammattikorkeakoulu."
    got = edges(text)
    assert ("organisation:kajaanin-ammattikorkeakoulu", "COORDINATES", "project:rantareitti") in got
    assert ("municipality:kuhmo", "PARTICIPATES_IN", "project:rantareitti") in got


def test_mentions_without_a_cue_give_no_relation():
    assert edges("Lapin liitto ja Kainuun liitto julkaisivat kumpikin oman katsauksensa.") == set()


def test_key_value_fields_relate_their_actors_to_the_page_project():
    text = ("Hankkeen nimi: Rantareitit kuntoon\nToteutusaika: 1.3.2024–28.2.2026\n"
            "Tekijät: Kehittämisyhtiö Järvilaakso\nBudjetti: 98 500 €\nRahoittajat: Lapin liitto, Kemijärven kaupunki\n")
    extraction = extract(text)
    got = {(e.source, e.type.value, e.target) for e in extraction.edges}
    assert {("organisation:kehittamisyhtio-jarvilaakso", "COORDINATES", "project:rantareitit-kuntoon"),
            ("organisation:lapin-liitto", "FUNDS", "project:rantareitit-kuntoon"),
            ("municipality:kemijarvi", "FUNDS", "project:rantareitit-kuntoon")} <= got
    project = next(n for n in extraction.nodes if n.name == "Rantareitit kuntoon")
    assert project.attrs["start"] == "2024-03-01" and project.attrs["end"] == "2026-02-28"
    assert project.attrs["budget_eur"] == 98500


def test_the_vastuutaho_column_coordinates_every_project_of_its_row():
    text = ("\tToimenpiteet 2024-2026\n\tHankkeet\n\tVastuutaho\n\tEteneminen\n\n"
            "\tReitit\n\tRantareitit (2024-26)\nKyläpolut (2023-25)\n\tLapin liitto, oppilaitokset\n\t+\n")
    extraction = extract(text)
    got = {(e.source, e.type.value, e.target) for e in extraction.edges}
    assert got == {("organisation:lapin-liitto", "COORDINATES", "project:rantareitit"),
                   ("organisation:lapin-liitto", "COORDINATES", "project:kylapolut")}
    assert not any(n.name.lower() == "oppilaitokset" for n in extraction.nodes)


def test_a_contact_block_gives_works_for_and_contact_for_with_details():
    text = ("Rantareitit kuntoon\n\nRantareitit kuntoon -hanke kunnostaa reittejä.\n\nYhteystiedot\n\n"
            "Aino Esimerkki\nprojektipäällikkö\nKehittämisyhtiö Järvilaakso\npuh. 040 123 4567\n"
            "aino.esimerkki(at)jarvilaakso.fi\n")
    extraction = extract(text)
    got = {(e.source, e.type.value, e.target) for e in extraction.edges}
    assert ("person:aino-esimerkki", "WORKS_FOR", "organisation:kehittamisyhtio-jarvilaakso") in got
    assert ("person:aino-esimerkki", "CONTACT_FOR", "project:rantareitit-kuntoon") in got
    person = next(n for n in extraction.nodes if n.name == "Aino Esimerkki")
    assert person.attrs["email"] == "aino.esimerkki@jarvilaakso.fi"
    assert person.attrs["title"] == "projektipäällikkö"
    assert person.attrs["phone"] == "040 123 4567"


def test_without_an_organisation_line_the_email_domain_names_the_employer():
    text = ("Kehitys\n\nMikkelin kaupunki on mukana hankkeessa.\n\nYhteystiedot:\n\n"
            "Kehityspäällikkö\nToivo Esimerkki\nPuh. 020 615 0000\ntoivo.esimerkki@mikkeli.fi\n")
    assert ("person:toivo-esimerkki", "WORKS_FOR", "municipality:mikkeli") in edges(text)


def test_every_edge_quotes_the_sentence_cell_or_block_that_states_it():
    text = "Rantareitti-hanketta rahoittaa Lapin liitto. Mukana on myös Kuhmon kaupunki."
    extraction = extract(text)
    for edge in extraction.edges:
        for ev in edge.evidence:
            assert text[ev.start:ev.end] == ev.quote
    funds = next(e for e in extraction.edges if e.type.value == "FUNDS")
    assert funds.evidence[0].quote == "Rantareitti-hanketta rahoittaa Lapin liitto."
    assert funds.evidence[0].extractor.startswith("rules.cue")


def test_structure_is_trusted_more_than_prose():
    text = ("Hankkeen nimi: Rantareitit\nRahoittajat: Lapin liitto\n\nRantareitit-hanketta rahoittaa myös Kuhmon kaupunki.")
    extraction = extract(text)
    by_source = {e.source: e.evidence[0].confidence for e in extraction.edges if e.type.value == "FUNDS"}
    assert by_source["organisation:lapin-liitto"] > by_source["municipality:kuhmo"]


def test_every_edge_joins_nodes_of_the_same_extraction(store):
    text = ("Hankkeen nimi: Rantareitit\nRahoittajat: Lapin liitto\n\nYhteystiedot\n\nAino Esimerkki\n"
            "projektipäällikkö\nLapin liitto\npuh. 040 123 4567\n")
    extraction = extract(text)
    ids = {n.id for n in extraction.nodes}
    assert all(e.source in ids and e.target in ids for e in extraction.edges)
    assert store.ingest(extraction).status == "added"  # the store validates the same
