"""The structure step: headings, paragraphs, bullets, key-value fields, contact blocks and tables."""

from __future__ import annotations

from alueverkko.ingest.structure import block_sentences, column_meaning, sentences, split_blocks

PROJECT_PAGE = """Takaisin hankelistaan

Rantareitit kuntoon -hanke kunnostaa reittejä.

Hankeen nimi: Rantareitit kuntoon
Toteutusaika: 1.3.2024–28.2.2026
Tekijät: Järvikylien Kehitys Oy
Budjetti: 98 500 €
Rahoittajat: Etelä-Savon maakuntaliitto

Tavoitteet

  • Reitit kunnostetaan.
  - Opasteet uusitaan.
  * Taukopaikat rakennetaan.
  1. Kartta julkaistaan.
  2. Palaute kerätään.
"""

TABLE = (
    "\tTAVOITE 1. Vetovoima\n\t\n\t\n\n"
    "\tToimenpiteet 2024-2026\n\tHankkeet\n\tVastuutaho\n\tEteneminen\n\tTilanne 5/2025\n\n"
    "\tReittien kunnostus\n\tRantareitit (2024-26)\nKyläpolut (2023-25)\n\tKehitys Oy, kaupunki\n\t\n+\n\tKäynnissä.\n\n"
    "\tMatkailun markkinointi\n\tMatkailuloikka (2024-25)\n\n\tMatkailu ry\n\t-\n\tEi edennyt.\n"
)

CONTACT = """Yhteystiedot

Aino Esimerkki
projektipäällikkö
Järvikylien Kehitys Oy
puh. 040 123 4567
aino.esimerkki(at)jarvikylat.fi
"""


def _kinds(text):
    return [(b.kind, b.text) for b in split_blocks(text)]


def test_every_block_span_quotes_the_text_exactly():
    for text in (PROJECT_PAGE, TABLE, CONTACT):
        for block in split_blocks(text):
            assert text[block.start:block.end] == block.text
            for cell in block.cells:
                assert text[cell.start:cell.end] == cell.text


def test_key_value_fields_are_read_with_their_meaning_even_when_misspelt():
    fields = {b.key: (b.meaning, b.value) for b in split_blocks(PROJECT_PAGE) if b.kind == "field"}
    assert fields["hankeen nimi"] == ("name", "Rantareitit kuntoon")
    assert fields["toteutusaika"] == ("period", "1.3.2024–28.2.2026")
    assert fields["tekijät"][0] == "coordinators"
    assert fields["rahoittajat"] == ("funders", "Etelä-Savon maakuntaliitto")
    assert fields["budjetti"][0] == "budget"


def test_bullets_of_every_marker_become_items_under_their_heading():
    blocks = split_blocks(PROJECT_PAGE)
    bullets = [b for b in blocks if b.kind == "bullet"]
    assert [b.value for b in bullets] == ["Reitit kunnostetaan.", "Opasteet uusitaan.", "Taukopaikat rakennetaan.",
                                          "Kartta julkaistaan.", "Palaute kerätään."]
    heading = blocks[bullets[0].section]
    assert heading.text == "Tavoitteet"


def test_a_short_line_before_prose_is_a_heading():
    blocks = split_blocks("Ohjelman tausta\nOhjelma on osa strategiaa ja sitä päivitetään vuosittain.")
    assert [b.kind for b in blocks] == ["heading", "paragraph"]


def test_a_line_with_a_sentence_inside_is_prose_not_a_heading():
    text = "Seutuun kuuluvat Lieksa ja Nurmes. Seutu on osa\nPohjois-Karjalan maakuntaa."
    assert [b.kind for b in split_blocks(text)] == ["paragraph"]


def test_contact_block_keeps_its_lines_together():
    blocks = split_blocks(CONTACT)
    contact = [b for b in blocks if b.kind == "contact"]
    assert len(contact) == 1
    assert [line.text for line in contact[0].lines][0] == "Aino Esimerkki"
    assert contact[0].lines[-1].text == "aino.esimerkki(at)jarvikylat.fi"


def test_table_rows_get_column_meanings_from_the_header():
    rows = [b for b in split_blocks(TABLE) if b.kind == "row" and not b.header_row]
    data = [r for r in rows if any(c.column == "projects" for c in r.cells)]
    first = {c.column: c.text for c in data[0].cells}
    assert first["projects"] == "Rantareitit (2024-26)\nKyläpolut (2023-25)"
    assert first["responsible"] == "Kehitys Oy, kaupunki"
    assert first["progress"] == "+"  # a TAB line then "+" on its own line is one cell


def test_a_row_split_by_a_blank_line_is_joined_under_the_header():
    rows = [b for b in split_blocks(TABLE) if b.kind == "row" and not b.header_row]
    last = rows[-1]
    assert [c.column for c in last.cells] == ["measure", "projects", "responsible", "progress", "status"]
    assert {c.column: c.text for c in last.cells}["responsible"] == "Matkailu ry"


def test_header_words_name_columns_despite_years_and_dates():
    assert column_meaning("Toimenpiteet 2018-2021 (-2022)") == "measure"
    assert column_meaning("Tilanne 1/2024") == "status"
    assert column_meaning("Vastuutaho") == "responsible"
    assert column_meaning("Kuvaus") == ""


def test_markdown_tables_with_two_columns_are_fields():
    text = "| Kenttä | Tieto |\n| --- | --- |\n| Toteutusaika | 2024–2026 |\n| Budjetti | 10 000 € |"
    fields = [b for b in split_blocks(text) if b.kind == "field"]
    assert [(f.meaning, f.value) for f in fields] == [("period", "2024–2026"), ("budget", "10 000 €")]


def test_sentences_do_not_end_at_abbreviations_but_do_at_line_ends_after_a_full_stop():
    text = "Mukana on mm. kunta. Toinen lause.\nKolmas rivi"
    assert [s.text for s in sentences(text, 0, len(text))] == ["Mukana on mm. kunta.", "Toinen lause.", "Kolmas rivi"]


def test_a_sentence_ending_in_a_legal_form_still_ends():
    text = "Hanketta hallinnoi Esimerkki Oy. Mukana on kunta."
    assert len(sentences(text, 0, len(text))) == 2


def test_each_table_cell_is_a_sentence_source_of_its_own():
    blocks = split_blocks(TABLE)
    texts = [s.text for s in block_sentences(TABLE, blocks)]
    assert "Käynnissä." in texts and "Ei edennyt." in texts
