"""Canonical names: nominative, register style, stable across documents."""

from __future__ import annotations

import pytest

from alueverkko.graph.model import Document
from alueverkko.ingest.canonical import head_nominative, organisation_name, person_name, project_name, \
    sentence_case, suffixed_name
from alueverkko.ingest.pipeline import extract_document


def node_names(text: str) -> dict[str, str]:
    extraction = extract_document(Document("d", "t", "t.txt", text), use_spacy=False)
    return {n.name: n.kind.value for n in extraction.nodes}


@pytest.mark.parametrize("written,canonical", [
    ("Taitopajat-hanke", "Taitopajat"),
    ("PARAS- hanke", "PARAS"),
    ("Lakeland 2 –hanke (2019-21)", "Lakeland 2"),
    ("Askel –hanke", "Askel"),
    ("Nuorten elpymishanke", "Nuorten elpymishanke"),  # "hanke" inside a compound stays
])
def test_project_names_drop_a_generic_hanke_and_their_years(written, canonical):
    assert project_name(written) == canonical


@pytest.mark.parametrize("name,suffix,canonical", [
    ("Kuopio 2030", "strategia", "Kuopio 2030 -strategia"),
    ("Kasvava Kuopio", "toimenpideohjelma", "Kasvava Kuopio -toimenpideohjelma"),
    ("DEMO", "verkosto", "DEMO-verkosto"),
    ("Luovat toimialat", "verkosto", "Luovat toimialat -verkosto"),
])
def test_programme_endings_follow_finnish_hyphenation(name, suffix, canonical):
    assert suffixed_name(name, suffix) == canonical


def test_only_the_head_word_is_put_into_the_nominative():
    assert head_nominative("Helsingin yliopiston Ruralia-instituutin") == "Helsingin yliopiston Ruralia-instituutti"
    assert head_nominative("Satakehitys Oy:llä") == "Satakehitys Oy"


def test_organisation_words_are_lower_case_after_a_proper_genitive():
    assert organisation_name("Sisä-Savon Seutuyhtymä") == "Sisä-Savon seutuyhtymä"
    assert organisation_name("Nurmeksen Kehitys Oy") == "Nurmeksen Kehitys Oy"


def test_an_inflected_surname_is_put_into_the_nominative():
    assert person_name("Harri Kivelän") == "Harri Kivelä"


def test_a_name_in_capitals_is_written_in_ordinary_case_with_proper_names_capitalised():
    assert sentence_case("KASVAVA KUOPIO") == "Kasvava Kuopio"


def test_the_canonical_name_is_nominative_whatever_case_the_text_uses():
    names = node_names("Hanketta koordinoi Lapin liitolta saatu tuki. Mukana on Iitin kunta ja Kouvolan kaupungin väki.")
    assert names.get("Lapin liitto") == "Organisation"
    assert names.get("Iitti") == "Municipality"
    assert names.get("Kouvola") == "Municipality"


def test_an_all_capitals_title_takes_its_case_from_the_running_text():
    text = ("RANTAKYLÄN KEHITYSOHJELMA\n\nRantakylän kehitysohjelma on kunnan ohjelma. "
            "Rantakylän kehitysohjelmaa koordinoi Kehittämisyhtiö Rantakylä.")
    assert "Rantakylän kehitysohjelma" in node_names(text)


def test_years_of_a_table_project_become_attributes():
    text = ("\tToimenpiteet\n\tHankkeet\n\tVastuutaho\n\n"
            "\tKylien palvelut\n\tKyläkärki (2023-25)\n\tVaarojen Kehitys Oy\n")
    extraction = extract_document(Document("d", "t", "t.txt", text), use_spacy=False)
    project = next(n for n in extraction.nodes if n.kind.value == "Project")
    assert project.name == "Kyläkärki"
    assert project.attrs["years"] == "2023-25" and project.attrs["start"] == "2023" and project.attrs["end"] == "2025"
