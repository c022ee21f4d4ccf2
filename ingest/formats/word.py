"""DOCX files: paragraphs, headings, list items and tables in document order.

Headings (built-in "Heading N" and "Title" styles, styles based on them, or
paragraphs with an outline level) and paragraphs are blocks; list items are
``• item`` lines (``1. item`` for numbered lists), indented two spaces per
level; tables are written in the canonical table layout of
:mod:`alueverkko.ingest.formats.layout`: a cell merged across columns is
written once followed by empty cells, a cell merged down rows is written in
its first row and as empty cells below. Page headers, footers, footnotes and
comments are page furniture and are left out, and so are text boxes and
tracked deletions; tracked insertions are kept.

The title is the first heading, else the first line of text.
"""

from __future__ import annotations

import io

from alueverkko.errors import DocumentError
from alueverkko.ingest.formats import Loaded, Source
from alueverkko.ingest.formats.layout import BULLET, BlockWriter, clean_line
from alueverkko.ingest.formats.zipguard import check_source

_HEADING_STYLES = ("heading", "title", "otsikko")
# Runs directly in the paragraph, in hyperlinks, and in the wrappers Word puts
# around runs (tracked insertions, smart tags, fields, content controls).
_RUNS = ("w:r | w:hyperlink | w:ins/w:r | w:ins/w:hyperlink | w:smartTag/w:r | w:fldSimple/w:r"
         " | w:sdt/w:sdtContent/w:r | w:customXml/w:r")


def load_docx(source: Source) -> Loaded:
    check_source(source, kind="DOCX", required="word/document.xml")
    import docx

    try:
        document = docx.Document(io.BytesIO(source.data))
        loaded = _DocxReader(document).read()
    except (DocumentError, MemoryError):  # running out of memory is the worker's to report
        raise
    except Exception as exc:  # python-docx and lxml raise many kinds of error for damaged files
        raise source.error(f"The DOCX is damaged and cannot be read ({type(exc).__name__}: {exc}).",
                           problem="damaged", fix="Open it in Word or LibreOffice and save it again.") from exc
    if not loaded.text.strip():
        raise source.error("The DOCX has no text.", problem="no_text",
                           fix="Check that the right file was given; text inside images needs OCR first.")
    return loaded


class _DocxReader:
    """Walks one document's body, writing the text layout and noting the title."""

    def __init__(self, document) -> None:
        self.document = document
        self.writer = BlockWriter()
        self.title = ""
        self.counters: dict[tuple[str, int], int] = {}
        self.numbering = _numbering_root(document)

    def read(self) -> Loaded:
        for item in _block_items(self.document.element.body, self.document):
            if _is_table(item):
                self.writer.table(self._table_rows(item))
            else:
                self._paragraph(item)
        return Loaded(self.writer.text(), self.title)

    def _paragraph(self, paragraph) -> None:
        lines = _paragraph_lines(paragraph)
        if not lines:
            return
        if _is_heading(paragraph):
            self.title = self.title or " ".join(lines)
            self.writer.end_block()
            self.writer.line(" ".join(lines))
            self.writer.end_block()
            return
        marker = self._list_marker(paragraph)
        if marker is None:
            self.writer.end_block()
            for line in lines:
                self.writer.line(line)
            self.writer.end_block()
        else:
            # A line break inside a list item continues the item on the next line.
            self.writer.line(lines[0], prefix=marker)
            for line in lines[1:]:
                self.writer.line(line, prefix=" " * len(marker))

    def _table_rows(self, table) -> list[list[str]]:
        from docx.table import _Cell

        rows = []
        for tr in table._tbl.tr_lst:
            row = [""] * tr.grid_before
            for tc in tr.tc_lst:
                merged_from_above = tc.vMerge == "continue"
                row.append("" if merged_from_above else "\n".join(self._cell_lines(_Cell(tc, table))))
                row += [""] * (tc.grid_span - 1)
            rows.append(row)
        return rows

    def _cell_lines(self, cell) -> list[str]:
        lines = []
        for item in _block_items(cell._tc, cell):
            if _is_table(item):
                # A table inside a cell: its cells become lines of this cell.
                lines += [line for row in self._table_rows(item) for cell_text in row for line in cell_text.split("\n")]
            elif paragraph_lines := _paragraph_lines(item):
                marker = self._list_marker(item) or ""
                lines += [marker + paragraph_lines[0]] + paragraph_lines[1:]
        return lines

    def _list_marker(self, paragraph) -> str | None:
        numbering = _numbering_properties(paragraph)
        if numbering is None:
            return None
        num_id, level = numbering
        indent = "  " * level
        if _number_format(self.numbering, num_id, level) in ("bullet", "none", None):
            return indent + BULLET
        key = (num_id, level)
        self.counters[key] = self.counters.get(key, 0) + 1
        for deeper in [k for k in self.counters if k[0] == num_id and k[1] > level]:
            del self.counters[deeper]
        return f"{indent}{self.counters[key]}. "


def _block_items(container, parent):
    """Paragraphs and tables of a body or cell in order, looking inside content controls."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in container.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield Paragraph(child, parent)
        elif tag == "tbl":
            yield Table(child, parent)
        elif tag in ("sdt", "sdtContent", "customXml"):
            yield from _block_items(child, parent)


def _paragraph_lines(paragraph) -> list[str]:
    """A paragraph's lines: its line breaks kept, tabs and runs of spaces made one space."""
    text = "".join(run.text for run in paragraph._p.xpath(_RUNS))
    return [line for line in map(clean_line, text.split("\n")) if line]


def _is_table(item) -> bool:
    from docx.table import Table

    return isinstance(item, Table)


def _is_heading(paragraph) -> bool:
    p_pr = paragraph._p.pPr
    outline = _val(p_pr.find(_w("outlineLvl"))) if p_pr is not None else None
    if outline is not None:
        return outline.isdigit() and int(outline) < 9  # level 9 is Word's "body text"
    style, depth = paragraph.style, 0
    while style is not None and depth < 10:
        if (style.name or "").lower().startswith(_HEADING_STYLES):
            return True
        style, depth = style.base_style, depth + 1
    return False


def _numbering_properties(paragraph) -> tuple[str, int] | None:
    """(numbering id, level) of a list paragraph, from the paragraph or its style chain."""
    elements = [paragraph._p]
    style, depth = paragraph.style, 0
    while style is not None and depth < 10:
        elements.append(style.element)
        style, depth = style.base_style, depth + 1
    num_id = level = None
    for element in elements:
        num_pr = element.find(f"{_w('pPr')}/{_w('numPr')}")
        if num_pr is None:
            continue
        num_id = num_id or _val(num_pr.find(_w("numId")))
        level = level if level is not None else _val(num_pr.find(_w("ilvl")))
    if not num_id or not num_id.isdigit() or num_id == "0":
        return None
    return num_id, min(int(level), 9) if level and level.isdigit() else 0


def _numbering_root(document):
    try:
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return None


def _number_format(numbering, num_id: str, level: int) -> str | None:
    if numbering is None:
        return None
    abstract = numbering.xpath(f'./w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')
    if not abstract or not abstract[0].isdigit():
        return None
    formats = numbering.xpath(f'./w:abstractNum[@w:abstractNumId="{abstract[0]}"]'
                              f'/w:lvl[@w:ilvl="{level}"]/w:numFmt/@w:val')
    return formats[0] if formats else None


def _w(name: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + name


def _val(element) -> str | None:
    return None if element is None else element.get(_w("val"))
