"""PDF files: the text layer, page by page, with ruled tables in the canonical layout.

pdfplumber finds tables by their ruling lines; each table is written in the
canonical table layout of :mod:`alueverkko.ingest.formats.layout` where it
stands on the page, and the words inside it are left out of the running text.
Lines of running text follow each other; a vertical gap wider than half a line
starts a new paragraph, and every page starts a new block. Bare page numbers at
the top or bottom of a page are dropped. Hyphenated line ends are kept as they
are: in Finnish a hyphen at a line end is as often part of a compound
("Pohjois-Karjala") as a break.

A scanned PDF has no text layer and is refused: it needs OCR first.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from alueverkko.errors import DocumentError
from alueverkko.ingest.formats import Loaded, Source
from alueverkko.ingest.formats.layout import BlockWriter

_PAGE_NUMBER = re.compile(r"^\s*(?:sivu\s*)?\d{1,4}(?:\s*(?:/|\(|of|\bkautta\b)\s*\d{1,4}\)?)?\s*$", re.I)
_UNMAPPED_GLYPH = "(cid:"


@dataclass(frozen=True, slots=True)
class _Item:
    """A line of running text or a table, at its height on the page."""

    top: float
    bottom: float
    text: str = ""
    rows: list[list[str]] | None = None


def load_pdf(source: Source) -> Loaded:
    _check_complete(source)
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(io.BytesIO(source.data)) as pdf:
            if not pdf.pages:
                raise source.error("The PDF has no page that can be read: its cross-reference table or page "
                                   "tree is broken.", problem="damaged",
                                   fix="Open it in a PDF viewer and save or print it as a new PDF.")
            writer = BlockWriter()
            for page in pdf.pages:
                _write_page(_page_items(page), writer)
                writer.end_block()
    except PdfminerException as exc:
        if exc.args and isinstance(exc.args[0], MemoryError):
            raise exc.args[0] from None  # the worker reports it against the memory limit
        raise _open_error(source, exc) from exc
    except (DocumentError, MemoryError):  # running out of memory is the worker's to report
        raise
    except Exception as exc:  # pdfminer raises many kinds of error for damaged files; all mean the same here
        raise source.error(f"The PDF is damaged and cannot be read ({type(exc).__name__}: {exc}).",
                           problem="damaged", fix="Open it in a PDF viewer and save or print it as a new PDF.") from exc
    return _loaded(writer.text(), source)


def _check_complete(source: Source) -> None:
    if b"%PDF-" not in source.data[:1024]:
        raise source.error("The file is not a PDF: it does not start with %PDF-.", problem="not_pdf",
                           fix="Give the file the suffix of its real format.")
    if b"%%EOF" not in source.data[-2048:]:
        raise source.error("The PDF is truncated: its end-of-file marker is missing.", problem="truncated",
                           fix="Download or copy the file again; it was cut short.")


def _open_error(source: Source, exc: Exception) -> DocumentError:
    cause = exc.args[0] if exc.args else exc
    if type(cause).__name__ in ("PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"):
        return source.error("The PDF is encrypted with a password.", problem="encrypted",
                            fix="Open it with its password and save an unprotected copy.")
    return source.error(f"The PDF is damaged and cannot be read ({type(cause).__name__}: {cause}).",
                        problem="damaged", fix="Open it in a PDF viewer and save or print it as a new PDF.")


def _page_items(page) -> list[_Item]:
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]
    outside = page.filter(lambda obj: not any(_inside(obj, box) for box in boxes)) if boxes else page
    items = [_Item(line["top"], line["bottom"], text=line["text"]) for line in outside.extract_text_lines()]
    items += [_Item(t.bbox[1], t.bbox[3], rows=[[cell or "" for cell in row] for row in t.extract()])
              for t in tables]
    return _without_page_numbers(sorted(items, key=lambda item: item.top))


def _inside(obj: dict, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    middle_x, middle_y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return x0 <= middle_x <= x1 and top <= middle_y <= bottom


def _without_page_numbers(items: list[_Item]) -> list[_Item]:
    ends = {0, len(items) - 1}
    return [item for i, item in enumerate(items)
            if not (i in ends and item.rows is None and _PAGE_NUMBER.match(item.text))]


def _write_page(items: list[_Item], writer: BlockWriter) -> None:
    heights = sorted(item.bottom - item.top for item in items if item.rows is None)
    gap = heights[len(heights) // 2] / 2 if heights else 0.0
    previous: _Item | None = None
    for item in items:
        if item.rows is not None:
            writer.table(item.rows)
        else:
            if previous is not None and previous.rows is None and item.top - previous.bottom > gap:
                writer.end_block()
            writer.line(item.text)
        previous = item


def _loaded(text: str, source: Source) -> Loaded:
    if not text.strip():
        raise source.error("The PDF has no text layer (it is probably a scanned image).", problem="no_text",
                           fix="Run OCR on it (for example with ocrmypdf -l fin) and give the result.")
    warnings = []
    if text.count(_UNMAPPED_GLYPH) > 10:
        warnings.append("Some of the PDF's fonts do not say which letters they draw; parts of the text are "
                        "unreadable '(cid:N)' codes.")
    return Loaded(text, warnings=warnings)
