"""Bad input: each is a DocumentError naming the file, what is wrong and how to fix it.

A run over many files reports every bad one and still stores the good ones.
Every bad file is made here, at run time.
"""

from __future__ import annotations

import io
import os
import random
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from fpdf import FPDF

from alueverkko.errors import DocumentError, UnsupportedFormat
from alueverkko.ingest.loaders import load
from alueverkko.ingest.runner import ingest_files
from alueverkko.settings import Settings


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


def write(path: Path, content: str | bytes) -> Path:
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def small_pdf(text: str = "Kainuun liitto rahoittaa hanketta.", **encryption) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 6, text)
    if encryption:
        pdf.set_encryption(**encryption)
    return bytes(pdf.output())


def small_docx() -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Kuhmon kaupunki on mukana Erämaatalous-hankkeessa.")
    document.save(buffer)
    return buffer.getvalue()


def small_xlsx() -> bytes:
    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active.append(["Hankkeen nimi", "Toteuttaja"])
    workbook.active.append(["Vaarasilta", "Kainuun liitto"])
    workbook.save(buffer)
    return buffer.getvalue()


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def blank_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 60, 40)  # a drawing and no text, like a scanned page without OCR
    return bytes(pdf.output())


def random_bytes(size: int) -> bytes:
    return random.Random(2024).randbytes(size)


MIXED_ENCODINGS = ("Kehitysyhtiö Oy ja Kajaanin ammattikorkeakoulu\n".encode("utf-8") * 3
                   + "Äänekosken kaupunki\n".encode("latin-1"))

# name, content, the problem reported, a word the message must contain
BAD_FILES = [
    ("roskaa.txt", lambda: random_bytes(4096), "binary", "binary data"),
    ("kuva.md", lambda: b"\x89PNG\r\n\x1a\n" + random_bytes(512), "binary", "PNG image"),
    ("vanha.csv", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "binary", ".doc or .xls"),
    ("tyhja.txt", lambda: b"", "empty", "empty"),
    ("tyhja.docx", lambda: b"", "empty", "empty"),
    ("valilyonnit.txt", lambda: b" \n\t\r\n  \n", "empty", "whitespace"),
    ("valilyonnit.md", lambda: b"\n\n   \n", "empty", "whitespace"),
    ("valilyonnit.csv", lambda: b" \r\n \r\n", "empty", "whitespace"),
    ("sekava.txt", lambda: MIXED_ENCODINGS, "wrong_encoding", "mixes UTF-8"),
    ("katkennut.pdf", lambda: small_pdf()[:600], "truncated", "truncated"),
    ("salattu.pdf", lambda: small_pdf(owner_password="omistaja", user_password="kayttaja"), "encrypted",
     "encrypted"),
    ("skannattu.pdf", blank_pdf, "no_text", "no text layer"),
    ("teksti.pdf", lambda: b"Kainuun liitto, ei PDF vaan tekstia.\n", "not_pdf", "not a PDF"),
    ("valikko.html", lambda: b"<html><head><title>Etusivu</title><script>var a=1;</script></head><body>"
                             b"<nav><a href='/'>Etusivu</a></nav><div class='cookie-banner'>Ev\xc3\xa4steet"
                             b"</div><footer>\xc2\xa9 Kunta</footer></body></html>", "no_text", "no text"),
    ("syva.html", lambda: b"<div>" * 5000 + b"Kainuu" + b"</div>" * 5000, "too_deep", "levels deep"),
    ("eizip.docx", lambda: b"Kainuun liitto " * 40, "not_zip", "not a readable zip"),
    ("vanha.docx", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048), "not_zip", ".doc or .xls"),
    ("eizip.xlsx", lambda: random_bytes(2048), "not_zip", "not a readable zip"),
    ("katkennut.docx", lambda: small_docx()[:3000], "not_zip", "not a readable zip"),
    ("muu.docx", lambda: zip_of({"sisalto.txt": b"Kainuun liitto"}), "not_docx", "no word/document.xml"),
    ("muu.xlsx", lambda: zip_of({"word/document.xml": b"<w/>"}), "not_xlsx", "no xl/workbook.xml"),
    ("rikki.docx", lambda: zip_of({"word/document.xml": b"<w:document", "[Content_Types].xml": b"<Types"}),
     "damaged", "damaged"),
    ("pommi.docx", lambda: zip_of({"word/document.xml": bytes(20 * 1024 * 1024)}), "zip_bomb", "zip bomb"),
    ("pommi.xlsx", lambda: zip_of({"xl/workbook.xml": b"<a/>", "xl/worksheets/sheet1.xml": bytes(30 * 1024 * 1024)}),
     "zip_bomb", "compressed"),
    ("vain_otsikot.csv", lambda: b"Hankkeen nimi;Toteuttaja\n", "no_rows", "no data rows"),
    ("tyhja_taulukko.xlsx", lambda: _empty_xlsx(), "no_rows", "no data rows"),
]


def _empty_xlsx() -> bytes:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name, content, problem, words", BAD_FILES, ids=[case[0] for case in BAD_FILES])
def test_bad_file_is_a_document_error_naming_the_file_the_problem_and_a_fix(tmp_path, settings, name, content,
                                                                            problem, words):
    path = write(tmp_path / name, content())
    with pytest.raises(DocumentError) as caught:
        load(path, settings=settings)
    error = caught.value
    assert error.details["problem"] == problem
    assert error.where == str(path)
    assert words in error.message
    assert error.fix
    assert error.to_dict()["error"]["code"] == "document_error"


def test_unsupported_file_type_is_an_unsupported_format_error(tmp_path, settings):
    path = write(tmp_path / "vanha.doc", b"\xd0\xcf\x11\xe0")
    with pytest.raises(UnsupportedFormat) as caught:
        load(path, settings=settings)
    assert caught.value.where == str(path)
    assert ".docx" in caught.value.fix
    assert caught.value.code == "unsupported_format"


def test_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, settings):
    # A sparse 8 GiB file: reading it whole would exhaust memory, so only a
    # check of its size before reading can answer at all.
    path = tmp_path / "valtava.txt"
    with path.open("wb") as handle:
        handle.truncate(8 * 1024 ** 3)
    with pytest.raises(DocumentError) as caught:
        load(path, settings=settings)
    assert caught.value.details["problem"] == "too_large"
    assert "8,589,934,592 bytes" in caught.value.message
    assert "max_document_bytes" in caught.value.fix


def test_size_limit_comes_from_max_bytes_or_the_setting(tmp_path):
    path = write(tmp_path / "pieni.txt", "Kainuun liitto rahoittaa.")
    with pytest.raises(DocumentError, match="over the limit of 10"):
        load(path, max_bytes=10, settings=Settings(data_dir=tmp_path))
    with pytest.raises(DocumentError, match="over the limit of 20"):
        load(path, settings=Settings(data_dir=tmp_path, max_document_bytes=20))


def test_docx_unpacking_past_the_unpacked_size_setting_is_refused_as_a_zip_bomb(tmp_path):
    path = write(tmp_path / "raportti.docx", small_docx())
    with pytest.raises(DocumentError) as caught:
        load(path, settings=Settings(data_dir=tmp_path, max_unpacked_bytes=1000))
    assert caught.value.details["problem"] == "zip_bomb"
    assert "max_unpacked_bytes" in caught.value.fix


def test_xlsx_within_the_zip_limits_is_read(tmp_path, settings):
    path = write(tmp_path / "rekisteri.xlsx", small_xlsx())
    assert load(path, settings=settings).text == "Hankkeen nimi: Vaarasilta\nToteuttaja: Kainuun liitto"


def test_a_pipe_is_refused_without_waiting_for_it(tmp_path, settings):
    path = tmp_path / "putki.txt"
    os.mkfifo(path)
    with pytest.raises(DocumentError) as caught:
        load(path, settings=settings)
    assert caught.value.details["problem"] == "not_a_file"


def test_a_missing_file_is_a_document_error(tmp_path, settings):
    with pytest.raises(DocumentError) as caught:
        load(tmp_path / "puuttuu.txt", settings=settings)
    assert caught.value.details["problem"] == "unreadable"


def test_mapping_file_naming_an_unknown_field_is_a_document_error_naming_the_mapping(tmp_path, settings):
    write(tmp_path / "hankkeet.csv", "Hanke;Rahoittaja\nVaarasilta;Kainuun liitto\n")
    mapping = write(tmp_path / "hankkeet.mapping.json", '{"Rahoittaja": "Rahoittaja"}')
    with pytest.raises(DocumentError) as caught:
        load(tmp_path / "hankkeet.csv", settings=settings)
    assert caught.value.where == str(mapping)
    assert caught.value.details["problem"] == "bad_mapping"
    assert "Rahoittajat" in caught.value.fix


def test_mapping_file_that_is_not_json_is_a_document_error(tmp_path, settings):
    write(tmp_path / "hankkeet.csv", "Hanke\nVaarasilta\n")
    write(tmp_path / "hankkeet.mapping.json", "Hanke = Hankkeen nimi")
    with pytest.raises(DocumentError, match="not valid UTF-8 JSON"):
        load(tmp_path / "hankkeet.csv", settings=settings)


LONG_LINE = "Kainuun liitto rahoittaa [Vaarasilta](https://kainuu.example) -hanketta **yhdessä** <!-- huom --> "


@pytest.mark.parametrize("name, head, tail", [
    ("pitka.txt", "", ""),
    ("pitka.md", "# ", ""),
    ("pitka.html", "<html><body><p>", "</p></body></html>"),
    ("pitka.csv", "Hanke;Kuvaus\nVaarasilta;", "\n"),
])
def test_a_single_10_mb_line_is_loaded(tmp_path, settings, name, head, tail):
    line = LONG_LINE * (10 * 1024 * 1024 // len(LONG_LINE))
    document = load(write(tmp_path / name, head + line + tail), settings=settings)
    assert len(document.text) > 1_000_000
    assert len(document.title) <= 200
    assert "Kainuun liitto rahoittaa" in document.text[:100] + document.title


def test_a_run_stores_the_good_file_and_reports_each_bad_one(tmp_path, store):
    good = write(tmp_path / "hanke.md", "# Vaarasilta\n\nHanketta koordinoi Kajaanin ammattikorkeakoulu.\n")
    bad = [
        write(tmp_path / "tyhja.txt", b""),
        write(tmp_path / "roskaa.txt", random_bytes(2048)),
        write(tmp_path / "katkennut.pdf", small_pdf()[:500]),
        write(tmp_path / "eizip.docx", b"ei zip-arkisto"),
        write(tmp_path / "vanha.doc", b"\xd0\xcf\x11\xe0"),
    ]
    report = ingest_files(store, [bad[0], good, *bad[1:]], settings=Settings(data_dir=tmp_path / "data"))
    outcomes = {Path(item.path).name: item for item in report.items}
    assert outcomes["hanke.md"].status == "added"
    for path in bad:
        assert outcomes[path.name].status == "failed"
        assert str(path) in outcomes[path.name].error
        assert "Fix:" in outcomes[path.name].error
    assert [d.source_path for d in store.documents()] == [str(good.resolve())]
    assert report.summary() == "1 added, 5 failed"
