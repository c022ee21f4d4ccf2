"""Resolution: one entity per thing, with every surface form and every mention's evidence."""

from __future__ import annotations

from alueverkko.graph.model import Document, NodeKind
from alueverkko.ingest.pipeline import extract_document


def extract(text: str):
    return extract_document(Document("d", "t", "t.txt", text), use_spacy=False)


def node(extraction, name: str):
    return next(n for n in extraction.nodes if n.name == name)


def test_case_and_spacing_variants_of_one_name_are_one_entity():
    text = ("\tToimenpiteet\n\tHankkeet\n\tVastuutaho\n\n\tOsaajat\n\tData Hub (2021-23)\n\tKehitys Oy\n\n"
            "Data HUB -hanke jatkuu. DataHub-hankkeen tulokset julkaistaan.")
    projects = [n for n in extract(text).nodes if n.kind == NodeKind.PROJECT]
    assert [p.name for p in projects] == ["Data Hub"]
    assert {"Data HUB -hanke", "DataHub-hankkeen"} <= set(projects[0].aliases)


def test_each_mention_brings_its_own_evidence_to_the_entity():
    text = "Lapin liitto rahoittaa hanketta. Myös Lapin liitolta tuli tukea."
    lapin = node(extract(text), "Lapin liitto")
    assert len(lapin.evidence) == 2
    assert {ev.quote for ev in lapin.evidence} == {"Lapin liitto", "Lapin liitolta"}


def test_an_acronym_and_its_full_name_are_one_entity():
    text = "Hanketta toteuttaa Itä-Suomen yliopisto. UEF:n tutkijat ovat mukana."
    universities = [n for n in extract(text).nodes if n.kind == NodeKind.ORGANISATION]
    assert [u.name for u in universities] == ["Itä-Suomen yliopisto"]


def test_an_acronym_defined_in_the_text_joins_its_full_name():
    text = "Tekijät: Rantakylän ammattiopisto (RAO)\n\nRAO:n opiskelijat osallistuvat hankkeeseen."
    extraction = extract(text)
    organisation = node(extraction, "Rantakylän ammattiopisto")
    assert "RAO:n" in organisation.aliases


def test_an_organisation_named_after_a_town_stays_apart_from_the_town():
    text = "Nurmeksen kaupunki rahoittaa Nurmeksen Kehitys Oy:n toimintaa."
    extraction = extract(text)
    assert node(extraction, "Nurmes").kind == NodeKind.MUNICIPALITY
    assert node(extraction, "Nurmeksen Kehitys Oy").kind == NodeKind.ORGANISATION
    assert node(extraction, "Nurmes").id != node(extraction, "Nurmeksen Kehitys Oy").id


def test_a_misspelt_repeat_of_a_long_project_name_joins_the_field_name():
    text = ("Kylien aluekehotystyölle pikastartti -hanke auttaa kuntia.\n\n"
            "Hankkeen nimi: Kylien aluekehitystyölle pikastartti\n")
    projects = [n for n in extract(text).nodes if n.kind == NodeKind.PROJECT]
    assert [p.name for p in projects] == ["Kylien aluekehitystyölle pikastartti"]


def test_a_shortened_name_joins_the_only_longer_name_ending_with_it():
    text = "Pohjois-Karjalan ELY-keskus rahoittaa hanketta. ELY:n asiantuntijat neuvovat."
    organisations = [n.name for n in extract(text).nodes if n.kind == NodeKind.ORGANISATION]
    assert organisations == ["Pohjois-Karjalan ELY-keskus"]


def test_an_unknown_acronym_joins_the_name_whose_initials_it_spells():
    text = ("\tToimenpiteet\n\tHankkeet\n\tVastuutaho\n\n\tReitit\n\tPolkuverkko (2022-24)\n\tKaupunkiympäristön palvelualue"
            "\n\n\tValaistus\n\tValopolku (2023-24)\n\tKYP\n")
    organisations = [n for n in extract(text).nodes if n.kind == NodeKind.ORGANISATION]
    assert [o.name for o in organisations] == ["Kaupunkiympäristön palvelualue"]
    assert "KYP" in organisations[0].aliases


def test_two_people_with_one_name_in_different_organisations_are_two_entities():
    text = ("Yhteystiedot\n\n"
            "Matti Virtanen\ntutkimuspäällikkö\nLapin yliopisto\npuh. 040 100 2000\n\n"
            "Matti Virtanen\ntoimitusjohtaja\nNapapiirin Kasvu Oy\npuh. 044 300 4000\n")
    extraction = extract(text)
    people = sorted(n.name for n in extraction.nodes if n.kind == NodeKind.PERSON)
    assert people == ["Matti Virtanen (Lapin yliopisto)", "Matti Virtanen (Napapiirin Kasvu Oy)"]
    works_for = {(e.source, e.target) for e in extraction.edges if e.type.value == "WORKS_FOR"}
    assert ("person:matti-virtanen-lapin-yliopisto", "organisation:lapin-yliopisto") in works_for
    assert ("person:matti-virtanen-napapiirin-kasvu-oy", "organisation:napapiirin-kasvu-oy") in works_for


def test_one_person_named_twice_in_one_organisation_stays_one_entity():
    text = ("Puheenvuoron piti Matti Virtanen.\n\nYhteystiedot\n\nMatti Virtanen\ntutkija\nLapin yliopisto\n"
            "puh. 040 100 2000\n")
    people = [n.name for n in extract(text).nodes if n.kind == NodeKind.PERSON]
    assert people == ["Matti Virtanen"]


def test_kaupunki_in_a_city_action_plan_is_that_city():
    text = ("LAPPEENRANNAN ELINKEINO-OHJELMA\n\n"
            "\tToimenpiteet\n\tHankkeet\n\tVastuutaho\n\n\tYritysalueet\n\tSatamapuisto (2023-25)\n\tkaupunki\n")
    extraction = extract(text)
    edges = {(e.source, e.type.value, e.target) for e in extraction.edges}
    assert ("municipality:lappeenranta", "COORDINATES", "project:satamapuisto") in edges


def test_kaupunki_without_a_home_city_is_dropped():
    text = "\tToimenpiteet\n\tHankkeet\n\tVastuutaho\n\n\tYritysalueet\n\tSatamapuisto (2023-25)\n\tkaupunki\n"
    assert not any(n.kind == NodeKind.MUNICIPALITY for n in extract(text).nodes)


def test_a_local_programme_is_separate_from_the_national_programme_it_belongs_to():
    text = ("Joensuun seudun KOKO\n\nJoensuun seudun KOKO:ssa ovat mukana kunnat.\n\n"
            "KOKO Suomi\n\nKOKO, koheesio- ja kilpailukykyohjelma, on kansallinen ohjelma.")
    extraction = extract(text)
    programmes = sorted(n.name for n in extraction.nodes if n.kind == NodeKind.PROGRAMME)
    assert programmes == ["Joensuun seudun KOKO", "KOKO"]
    edges = {(e.source, e.type.value, e.target) for e in extraction.edges}
    assert ("programme:joensuun-seudun-koko", "PART_OF", "programme:koko") in edges
