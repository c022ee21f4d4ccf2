"""Loaders: every supported format becomes Document.text in the one shared layout.

Every fixture is written here, at run time, in Finnish-genre content made up
for these tests (DOCX with python-docx, XLSX with openpyxl, PDF with fpdf2).
Tables are asserted in their exact canonical layout (TAB-started cells, a
cell's further lines without a TAB, empty cells as a lone TAB, rows separated
by blank lines).
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path

import docx
import openpyxl
import pytest
from fpdf import FPDF

from alueverkko.graph.model import content_hash
from alueverkko.ingest.files import SUPPORTED_SUFFIXES, collect_files
from alueverkko.ingest.formats import FORMATS
from alueverkko.ingest.loaders import load
from alueverkko.settings import Settings

T = "\t"


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


def write(path: Path, content: str | bytes, encoding: str = "utf-8") -> Path:
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


# -- plain text ------------------------------------------------------------------

ACTION_PLAN = (
    "KAINUUN ELINVOIMAOHJELMA 2024\n"
    "Ohjelman toimenpiteet ja vastuutahot.\n\n"
    f"{T}Toimenpiteet\n{T}Hankkeet\n{T}Vastuutaho\n\n"
    f"{T}Osaajien tuki\n{T}Osaajasilta (2021-23)\nKasvupolku-hanke (2022-24)\n"
    f"{T}Kehitysyhtiö Oy, Kajaanin ammattikorkeakoulu\n\n"
    f"{T}Matkailun kehittäminen\n{T}\n{T}Kainuun liitto\n"
)


def test_text_file_in_the_table_layout_is_kept_exactly_as_written(tmp_path, settings):
    document = load(write(tmp_path / "toimenpideohjelma.txt", ACTION_PLAN), settings=settings)
    assert document.text == ACTION_PLAN
    assert document.title == "KAINUUN ELINVOIMAOHJELMA 2024"
    assert document.format == "txt"
    assert document.warnings == []


def test_windows_and_old_mac_line_endings_become_newlines(tmp_path, settings):
    path = write(tmp_path / "tiedote.txt", "Tiedote\r\nKainuun liitto rahoittaa.\rLoppu\r\n")
    assert load(path, settings=settings).text == "Tiedote\nKainuun liitto rahoittaa.\nLoppu\n"


def test_decomposed_umlauts_are_normalised_to_nfc_so_spans_are_stable(tmp_path, settings):
    decomposed = unicodedata.normalize("NFD", "Päijät-Hämeen liitto ja Åbo Akademi")
    text = load(write(tmp_path / "nfd.txt", decomposed), settings=settings).text
    assert text == "Päijät-Hämeen liitto ja Åbo Akademi"
    assert text.index("Hämeen") == 7


def test_utf8_with_byte_order_mark_is_read_without_the_mark_or_a_warning(tmp_path, settings):
    document = load(write(tmp_path / "bom.txt", b"\xef\xbb\xbfKuhmon kaupunki"), settings=settings)
    assert document.text == "Kuhmon kaupunki"
    assert document.warnings == []


def test_windows_1252_file_is_read_with_a_warning_that_its_encoding_was_guessed(tmp_path, settings):
    text = "Kyläkauppojen tulevaisuus Sallassa – Äänekosken työpaja €"
    document = load(write(tmp_path / "latin.txt", text, "cp1252"), settings=settings)
    assert document.text == text
    assert document.warnings == ["The file is not UTF-8; its encoding was guessed as Windows-1252."]


def test_utf16_file_with_byte_order_mark_is_read(tmp_path, settings):
    document = load(write(tmp_path / "utf16.txt", "Sotkamon kunta ja Kajaani", "utf-16"), settings=settings)
    assert document.text == "Sotkamon kunta ja Kajaani"


def test_utf16_file_without_byte_order_mark_is_read_with_a_warning(tmp_path, settings):
    document = load(write(tmp_path / "utf16le.txt", "Sotkamon kunta ja Kajaani", "utf-16-le"), settings=settings)
    assert document.text == "Sotkamon kunta ja Kajaani"
    assert "guessed as UTF-16LE" in document.warnings[0]


def test_title_skips_a_skip_link_line_at_the_top_of_saved_web_text(tmp_path, settings):
    path = write(tmp_path / "sivu.txt", "Ohita valikko\n\nKyläkärki-hanke\n\nHanketta hallinnoi Kuhmon kaupunki.")
    assert load(path, settings=settings).title == "Kyläkärki-hanke"


def test_document_id_is_the_hash_of_the_file_bytes_and_size_their_count(tmp_path, settings):
    data = "Kainuun liitto\r\n".encode("cp1252")
    document = load(write(tmp_path / "id.txt", data), settings=settings)
    assert (document.id, document.size) == (content_hash(data), len(data))
    assert document.source_path == str((tmp_path / "id.txt").resolve())


def test_an_uppercase_suffix_is_recognised(tmp_path, settings):
    assert load(write(tmp_path / "MUISTIO.TXT", "Muistio"), settings=settings).format == "txt"


# -- Markdown ------------------------------------------------------------------


def test_markdown_keeps_its_text_and_drops_heading_marks_emphasis_and_link_targets(tmp_path, settings):
    markdown = (
        "---\nlayout: hanke\n---\n"
        "# Vaarojen elinvoimaohjelma\n\n"
        "Ohjelmaa koordinoi **Vaarojen Kehitys Oy** ja _Kainuun liitto_ "
        "([lisätietoja](https://example.fi/ohjelma)).\n"
        "![logo](logo.png)\n\n"
        "## Painopisteet ##\n\n"
        "* Metsäala\n+ Matkailu\n- Kylät\n\n"
        "> Lainaus: kaikki\\_mukaan\n"
        "<!-- piilotettu muistiinpano -->\n"
    )
    document = load(write(tmp_path / "ohjelma.md", markdown), settings=settings)
    assert document.text == (
        "Vaarojen elinvoimaohjelma\n\n"
        "Ohjelmaa koordinoi Vaarojen Kehitys Oy ja Kainuun liitto (lisätietoja).\n\n"
        "Painopisteet\n\n"
        "- Metsäala\n- Matkailu\n- Kylät\n\n"
        "Lainaus: kaikki_mukaan\n\n"
    )
    assert document.title == "Vaarojen elinvoimaohjelma"
    assert document.format == "md"


def test_markdown_keeps_emails_and_underscored_words_intact(tmp_path, settings):
    path = write(tmp_path / "yhteys.md", "aino_kettunen@vaarat.fi, tiedosto_2024_v2.pdf ja 2 * 3 * 4")
    assert load(path, settings=settings).text == "aino_kettunen@vaarat.fi, tiedosto_2024_v2.pdf ja 2 * 3 * 4"


def test_markdown_pipe_table_becomes_a_table_in_the_canonical_layout(tmp_path, settings):
    markdown = (
        "Hankkeen tiedot\n"
        "| Hanke | Toteuttaja | Rahoittaja |\n"
        "|:------|-----------|-----:|\n"
        "| **Vaarasilta** | Kajaanin ammattikorkeakoulu<br>Karelia-ammattikorkeakoulu | Kainuun liitto |\n"
        "| Erämaakeittiö | | Kainuun ELY-keskus |\n"
        "Taulukon jälkeen.\n"
    )
    assert load(write(tmp_path / "taulukko.md", markdown), settings=settings).text == (
        "Hankkeen tiedot\n\n"
        f"{T}Hanke\n{T}Toteuttaja\n{T}Rahoittaja\n\n"
        f"{T}Vaarasilta\n{T}Kajaanin ammattikorkeakoulu\nKarelia-ammattikorkeakoulu\n{T}Kainuun liitto\n\n"
        f"{T}Erämaakeittiö\n{T}\n{T}Kainuun ELY-keskus\n\n"
        "Taulukon jälkeen.\n"
    )


# -- HTML ------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="fi"><head><meta charset="utf-8"><title>Verkosto ja hankkeet – Vaara-Suomen matkailuverkosto</title>
<style>.cookie{position:fixed}</style><script>var seuranta = "Salon kaupunki";</script></head>
<body>
<a class="skip" href="#sisalto">Siirry suoraan sisältöön</a>
<div id="cookie-consent"><p>Käytämme evästeitä.</p><button>Hyväksy</button></div>
<header><div class="logo">Kainuun Verkkotalo Oy</div><nav><a href="/">Etusivu</a></nav></header>
<div class="breadcrumbs"><a href="/">Etusivu</a> › Hankkeet</div>
<aside>Ajankohtaista: Lapin liitto tiedottaa</aside>
<main id="sisalto">
<h1>Vaara-Suomen matkailuverkosto</h1>
<p>Verkostoa   koordinoi
   Kajaanin&nbsp;ammattikorkeakoulu. Toimintaa rahoittaa <b>Kainuun</b> liitto.</p>
<h2>Verkostoon kuuluvat</h2>
<ul><li>Kuhmon kaupunki</li><li>Vaara-Karjalan Matkailu ry<ul><li>Lieksan toimipiste</li></ul></li></ul>
<ol><li>Reitit</li><li>Markkinointi</li></ol>
<form><label>Hae</label><input name="q"></form>
<p>Ville Karppinen<br>verkostokoordinaattori<br><a href="mailto:ville@kamk.example">ville@kamk.example</a></p>
</main>
<footer><p>© 2024 Aurajoen Verkkopalvelut Oy</p></footer>
<script src="/seuranta.js"></script>
</body></html>"""


def test_html_page_keeps_its_content_and_drops_menus_banners_scripts_and_forms(tmp_path, settings):
    document = load(write(tmp_path / "verkosto.html", PAGE), settings=settings)
    assert document.text == (
        "Vaara-Suomen matkailuverkosto\n\n"
        "Verkostoa koordinoi Kajaanin ammattikorkeakoulu. Toimintaa rahoittaa Kainuun liitto.\n\n"
        "Verkostoon kuuluvat\n\n"
        "• Kuhmon kaupunki\n• Vaara-Karjalan Matkailu ry\n  • Lieksan toimipiste\n\n"
        "1. Reitit\n2. Markkinointi\n\n"
        "Ville Karppinen\nverkostokoordinaattori\nville@kamk.example"
    )
    assert document.title == "Verkosto ja hankkeet – Vaara-Suomen matkailuverkosto"
    assert document.format == "html"
    for furniture in ("Siirry", "evästeitä", "Verkkotalo", "Etusivu", "Lapin liitto", "Hae", "Aurajoen", "Salon"):
        assert furniture not in document.text


TABLE_PAGE = """<html><body><h1>Kainuun hankkeet</h1>
<table><caption>Käynnissä olevat hankkeet</caption>
<thead><tr><th>Hanke</th><th>Toteutusaika</th><th>Vastuutaho</th></tr></thead>
<tbody>
<tr><td>Vaarasilta</td><td>2024–2026</td><td><p>Kajaanin ammattikorkeakoulu</p><p>Karelia-ammattikorkeakoulu</p></td></tr>
<tr><td>Erämaakeittiö</td><td></td><td>Kainuun Vaarayrittäjät ry<br>  Kainuun ELY-keskus</td></tr>
<tr><td colspan="2">Yhteinen markkinointi</td><td rowspan="2">Kainuun liitto</td></tr>
<tr><td>Reittikartta</td><td>2025</td></tr>
</tbody></table>
<p>Lisää hankkeita julkaistaan syksyllä.</p></body></html>"""


def test_html_table_is_written_in_the_canonical_layout(tmp_path, settings):
    document = load(write(tmp_path / "hankkeet.htm", TABLE_PAGE), settings=settings)
    assert document.text == (
        "Kainuun hankkeet\n\n"
        "Käynnissä olevat hankkeet\n\n"
        f"{T}Hanke\n{T}Toteutusaika\n{T}Vastuutaho\n\n"
        f"{T}Vaarasilta\n{T}2024–2026\n{T}Kajaanin ammattikorkeakoulu\nKarelia-ammattikorkeakoulu\n\n"
        f"{T}Erämaakeittiö\n{T}\n{T}Kainuun Vaarayrittäjät ry\nKainuun ELY-keskus\n\n"
        f"{T}Yhteinen markkinointi\n{T}\n{T}Kainuun liitto\n\n"
        f"{T}Reittikartta\n{T}2025\n{T}\n\n"
        "Lisää hankkeita julkaistaan syksyllä."
    )
    assert document.title == "Kainuun hankkeet"


def test_html_single_column_layout_table_is_written_as_paragraphs(tmp_path, settings):
    page = "<table><tr><td>Kuhmon kaupunki tiedottaa</td></tr><tr><td>Hanke alkaa keväällä.</td></tr></table>"
    text = load(write(tmp_path / "asettelu.html", page), settings=settings).text
    assert text == "Kuhmon kaupunki tiedottaa\n\nHanke alkaa keväällä."


def test_html_header_inside_an_article_is_content_not_page_furniture(tmp_path, settings):
    page = ("<body><header>Sivuston nimi</header><article><header><h1>Kyläkärki</h1></header>"
            "<p>Hanketta hallinnoi Vaarojen Kehitys Oy.</p><footer>Julkaistu 3.4.2024</footer></article></body>")
    text = load(write(tmp_path / "artikkeli.html", page), settings=settings).text
    assert text == "Kyläkärki\n\nHanketta hallinnoi Vaarojen Kehitys Oy.\n\nJulkaistu 3.4.2024"


def test_html_declared_latin1_charset_is_read_as_windows_1252_like_browsers_do(tmp_path, settings):
    page = ('<html><head><meta charset="iso-8859-1"><title>Hämeenlinna</title></head>'
            '<body><p>Äänekoski – osallistumismaksu 5 €</p></body></html>')
    document = load(write(tmp_path / "latin.html", page, "cp1252"), settings=settings)
    assert document.text == "Äänekoski – osallistumismaksu 5 €"
    assert (document.title, document.warnings) == ("Hämeenlinna", [])


def test_html_without_title_element_takes_its_title_from_h1(tmp_path, settings):
    page = "<body><h1>Pielisen matkailureitit</h1><p>Reitit kulkevat Lieksassa.</p></body>"
    assert load(write(tmp_path / "h1.html", page), settings=settings).title == "Pielisen matkailureitit"


# -- DOCX ------------------------------------------------------------------------


def kainuu_docx(path: Path) -> Path:
    """A Kainuu project report: heading, paragraph, lists, a table with merged, multi-line and empty cells."""
    document = docx.Document()
    document.add_heading("Kainuun kehittämishankkeet 2024", level=1)
    document.add_paragraph("Kainuun liitto kokoaa maakunnan hankkeet yhteen raporttiin.")
    document.add_heading("Painopisteet", level=2)
    document.add_paragraph("Osaavan työvoiman saatavuus", style="List Bullet")
    document.add_paragraph("Matkailun ympärivuotisuus", style="List Bullet")
    document.add_paragraph("Hankehaku avautuu", style="List Number")
    document.add_paragraph("Päätökset tehdään", style="List Number")
    table = document.add_table(rows=4, cols=3)
    for column, header in enumerate(("Hanke", "Toteuttaja", "Rahoittaja")):
        table.cell(0, column).text = header
    table.cell(1, 0).text = "Vaarasilta (2024-26)"
    table.cell(1, 1).text = "Kajaanin ammattikorkeakoulu\nKarelia-ammattikorkeakoulu"
    table.cell(1, 2).text = "Kainuun liitto"
    table.cell(2, 0).text = "Erämaakeittiö"
    table.cell(2, 2).text = "Kainuun ELY-keskus"  # Toteuttaja left empty
    table.cell(2, 2).merge(table.cell(3, 2))        # the funder spans two rows
    table.cell(3, 0).merge(table.cell(3, 1)).text = "Yhteismarkkinointi"
    contact = document.add_paragraph("Yhteyshenkilö: Aino Kettunen")
    contact.add_run().add_break()
    contact.add_run("aino.kettunen@kainuu.example")
    document.save(path)
    return path


def test_docx_paragraphs_headings_lists_and_table_come_out_in_document_order(tmp_path, settings):
    document = load(kainuu_docx(tmp_path / "raportti.docx"), settings=settings)
    assert document.text == (
        "Kainuun kehittämishankkeet 2024\n\n"
        "Kainuun liitto kokoaa maakunnan hankkeet yhteen raporttiin.\n\n"
        "Painopisteet\n\n"
        "• Osaavan työvoiman saatavuus\n• Matkailun ympärivuotisuus\n"
        "1. Hankehaku avautuu\n2. Päätökset tehdään\n\n"
        f"{T}Hanke\n{T}Toteuttaja\n{T}Rahoittaja\n\n"
        f"{T}Vaarasilta (2024-26)\n{T}Kajaanin ammattikorkeakoulu\nKarelia-ammattikorkeakoulu\n{T}Kainuun liitto\n\n"
        f"{T}Erämaakeittiö\n{T}\n{T}Kainuun ELY-keskus\n\n"
        f"{T}Yhteismarkkinointi\n{T}\n{T}\n\n"
        "Yhteyshenkilö: Aino Kettunen\naino.kettunen@kainuu.example"
    )
    assert document.title == "Kainuun kehittämishankkeet 2024"
    assert document.format == "docx"


def test_docx_without_headings_takes_its_title_from_the_first_line(tmp_path, settings):
    path = tmp_path / "muistio.docx"
    document = docx.Document()
    document.add_paragraph("")
    document.add_paragraph("Muistio: Sotkamon kunnan hankekokous")
    document.save(path)
    assert load(path, settings=settings).title == "Muistio: Sotkamon kunnan hankekokous"


# -- PDF -------------------------------------------------------------------------


def action_plan_pdf(path: Path) -> Path:
    """A two-page action plan: a heading, two paragraphs, a ruled table, text after it, a page number."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=16)
    pdf.cell(text="Kajaanin elinkeino-ohjelma 2024", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "Ohjelmaa koordinoi Kainuun liitto.")
    pdf.ln(6)
    pdf.multi_cell(0, 6, "Toimenpiteet on koottu taulukkoon.")
    pdf.ln(6)
    with pdf.table() as table:
        for cells in (("Toimenpiteet", "Hankkeet", "Vastuutaho"),
                      ("Osaajien tuki", "Osaajasilta (2021-23)\nKasvupolku (2022-24)", "Kajaanin kaupunki"),
                      ("Matkailu", "", "Kainuun liitto")):
            row = table.row()
            for cell in cells:
                row.cell(cell)
    pdf.ln(6)
    pdf.multi_cell(0, 6, "Seuranta tehdään vuosittain.")
    pdf.set_y(-20)
    pdf.cell(text="1")
    pdf.add_page()
    pdf.multi_cell(0, 6, "Liite: yhteystiedot.")
    pdf.output(str(path))
    return path


def test_pdf_text_and_ruled_table_are_read_in_page_order(tmp_path, settings):
    document = load(action_plan_pdf(tmp_path / "ohjelma.pdf"), settings=settings)
    assert document.text == (
        "Kajaanin elinkeino-ohjelma 2024\n"
        "Ohjelmaa koordinoi Kainuun liitto.\n\n"
        "Toimenpiteet on koottu taulukkoon.\n\n"
        f"{T}Toimenpiteet\n{T}Hankkeet\n{T}Vastuutaho\n\n"
        f"{T}Osaajien tuki\n{T}Osaajasilta (2021-23)\nKasvupolku (2022-24)\n{T}Kajaanin kaupunki\n\n"
        f"{T}Matkailu\n{T}\n{T}Kainuun liitto\n\n"
        "Seuranta tehdään vuosittain.\n\n"
        "Liite: yhteystiedot."
    )
    assert document.title == "Kajaanin elinkeino-ohjelma 2024"
    assert document.format == "pdf"


def test_pdf_protected_only_by_an_owner_password_is_read(tmp_path, settings):
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text="Kuhmon kaupungin hankesuunnitelma")
    pdf.set_encryption(owner_password="omistaja")
    pdf.output(str(tmp_path / "suojattu.pdf"))
    assert load(tmp_path / "suojattu.pdf", settings=settings).text == "Kuhmon kaupungin hankesuunnitelma"


# -- CSV and XLSX registers ---------------------------------------------------------


def test_csv_register_rows_become_key_value_blocks_under_mapped_field_names(tmp_path, settings):
    csv_text = (
        "Hankkeen nimi;Toteuttaja;Rahoittaja;Budjetti (€);Alkaa;Päättyy\r\n"
        "Vaarasilta;Kajaanin ammattikorkeakoulu;Kainuun liitto;250 000;1.1.2024;31.12.2026\r\n"
        ";;;;;\r\n"
        "\"Erämaakeittiö; kausi 2\";Kainuun Vaarayrittäjät ry;;48 500;1.3.2022;\r\n"
    )
    document = load(write(tmp_path / "hankkeet.csv", csv_text, "cp1252"), settings=settings)
    assert document.text == (
        "Hankkeen nimi: Vaarasilta\nToteuttaja: Kajaanin ammattikorkeakoulu\nRahoittajat: Kainuun liitto\n"
        "Budjetti: 250 000\nAlkaa: 1.1.2024\nPäättyy: 31.12.2026\n\n"
        "Hankkeen nimi: Erämaakeittiö; kausi 2\nToteuttaja: Kainuun Vaarayrittäjät ry\nBudjetti: 48 500\n"
        "Alkaa: 1.3.2022"
    )
    assert document.title == "hankkeet"
    assert document.format == "csv"
    assert document.warnings == ["The file is not UTF-8; its encoding was guessed as Windows-1252."]


def test_csv_with_commas_joins_a_quoted_multiline_cell_into_one_value(tmp_path, settings):
    csv_text = 'Hanke,Kuvaus,Yhteyshenkilö\nKyläkärki,"Kylien palvelut\nja yhteisöllisyys",Aino Kettunen\n'
    assert load(write(tmp_path / "kylat.csv", csv_text), settings=settings).text == (
        "Hankkeen nimi: Kyläkärki\nKuvaus: Kylien palvelut ja yhteisöllisyys\nYhteyshenkilö: Aino Kettunen")


def register_xlsx(path: Path, *, second_sheet: bool = False) -> Path:
    """A project register export: a title row, a blank row, the header, typed cells."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Hankkeet"
    sheet.append(["Kainuun hankerekisteri 2024"])
    sheet.append([])
    sheet.append(["Hankkeen nimi", "Toteuttaja", "Rahoittaja", "Budjetti (€)", "Alkaa", "Päättyy"])
    sheet.append(["Vaarasilta", "Kajaanin ammattikorkeakoulu", "Kainuun liitto", 250000,
                  dt.datetime(2024, 1, 1), dt.date(2026, 12, 31)])
    sheet.append(["Erämaakeittiö", "Kainuun Vaarayrittäjät ry", None, 48500.5, dt.datetime(2022, 3, 1), None])
    if second_sheet:
        closed = workbook.create_sheet("Päättyneet")
        closed.append(["Hanke", "Hallinnoija"])
        closed.append(["Kuhmon kesä", "Kuhmon kaupunki"])
    workbook.save(path)
    return path


def test_xlsx_register_rows_become_key_value_blocks_with_finnish_dates(tmp_path, settings):
    document = load(register_xlsx(tmp_path / "rekisteri.xlsx"), settings=settings)
    assert document.text == (
        "Hankkeen nimi: Vaarasilta\nToteuttaja: Kajaanin ammattikorkeakoulu\nRahoittajat: Kainuun liitto\n"
        "Budjetti: 250000\nAlkaa: 1.1.2024\nPäättyy: 31.12.2026\n\n"
        "Hankkeen nimi: Erämaakeittiö\nToteuttaja: Kainuun Vaarayrittäjät ry\nBudjetti: 48500,5\nAlkaa: 1.3.2022"
    )
    assert document.title == "Kainuun hankerekisteri 2024"
    assert document.format == "xlsx"


def test_xlsx_with_rows_on_two_sheets_names_each_sheet_before_its_rows(tmp_path, settings):
    text = load(register_xlsx(tmp_path / "kaksi.xlsx", second_sheet=True), settings=settings).text
    assert text.startswith("Hankkeet\n\nHankkeen nimi: Vaarasilta\n")
    assert text.endswith("\n\nPäättyneet\n\nHankkeen nimi: Kuhmon kesä\nToteuttaja: Kuhmon kaupunki")


def test_sidecar_mapping_renames_drops_and_keeps_columns(tmp_path, settings):
    write(tmp_path / "rekisteri.csv", "Projekti;Vetäjä;Sisäinen tunnus;Tila\nKyläkärki;Vaarojen Kehitys Oy;K-17;käynnissä\n")
    (tmp_path / "rekisteri.mapping.json").write_text(
        json.dumps({"Projekti": "Hankkeen nimi", "VETÄJÄ": "Toteuttaja", "Sisäinen tunnus": None, "Kunta": "Alue"}),
        encoding="utf-8")
    document = load(tmp_path / "rekisteri.csv", settings=settings)
    assert document.text == "Hankkeen nimi: Kyläkärki\nToteuttaja: Vaarojen Kehitys Oy\nTila: käynnissä"
    assert document.warnings == [
        "Columns kept under their own names (no mapping names them): Tila.",
        f"The column mapping {tmp_path / 'rekisteri.mapping.json'} names columns the file does not have: kunta.",
    ]


def test_mapping_named_by_the_setting_is_used_when_no_sidecar_is_beside_the_file(tmp_path):
    mapping = tmp_path / "yhteinen.json"
    mapping.write_text(json.dumps({"Rahoituslähde": "Rahoittajat", "Kohde": "Hankkeen nimi"}), encoding="utf-8")
    path = write(tmp_path / "vienti.csv", "Kohde,Rahoituslähde\nVaarasilta,EAKR\n")
    document = load(path, settings=Settings(data_dir=tmp_path, column_mapping=mapping))
    assert document.text == "Hankkeen nimi: Vaarasilta\nRahoittajat: EAKR"


def test_two_columns_mapped_to_one_field_are_joined_into_one_line(tmp_path, settings):
    path = write(tmp_path / "rahoitus.csv", "Hanke;Rahoittaja;Rahoitus\nVaarasilta;Kainuun liitto;EAKR\n")
    assert load(path, settings=settings).text == "Hankkeen nimi: Vaarasilta\nRahoittajat: Kainuun liitto, EAKR"


# -- the set of formats -------------------------------------------------------------


def test_every_supported_suffix_has_a_loader_and_is_collected_from_folders(tmp_path):
    assert set(SUPPORTED_SUFFIXES) == set(FORMATS)
    for suffix in SUPPORTED_SUFFIXES:
        write(tmp_path / f"tiedosto{suffix}", "x")
    write(tmp_path / "tiedosto.mapping.json", "{}")
    assert sorted(p.suffix for p in collect_files([tmp_path])) == sorted(SUPPORTED_SUFFIXES)
