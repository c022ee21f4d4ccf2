"""CSV and XLSX registers (project lists and the like) as ``Key: value`` blocks.

The header row is the first row with at least two filled cells (a one-column
sheet: its first filled row); rows above it are the register's title lines and
give the document its title, else the file name does. Every row below the
header becomes one block of :mod:`records <alueverkko.ingest.formats.records>`.

CSV: the encoding is detected like any text file's; the delimiter is the one
of ``;``, ``,``, TAB and ``|`` found most often in the first line (Finnish
Excel writes ``;``). XLSX: read with openpyxl in read-only mode, cached values
only (a formula's last computed value, never the formula); every worksheet is
read, and when more than one has rows, each sheet's blocks follow a line with
the sheet's name.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, islice
from typing import Any

from alueverkko.errors import DocumentError
from alueverkko.ingest.formats import Loaded, Source
from alueverkko.ingest.formats.columns import ColumnMapping, mapping_for
from alueverkko.ingest.formats.encoding import decode, normalise_text
from alueverkko.ingest.formats.layout import clean_line, join_blocks
from alueverkko.ingest.formats.records import Records, format_value, records_text
from alueverkko.ingest.formats.zipguard import check_source

_DELIMITERS = ";,\t|"
_HEADER_SEARCH_ROWS = 20


def load_csv(source: Source) -> Loaded:
    decoded = decode(source.data, where=source.where)
    text = normalise_text(decoded.text)
    if not text.strip():
        raise source.error("The file holds only whitespace.", problem="empty",
                           fix="Check that the right file was given; an empty file has nothing to extract.")
    mapping = mapping_for(source.path, source.settings.column_mapping)
    try:
        title, records = register(csv_rows(text), mapping)
    except csv.Error as exc:
        raise source.error(f"The CSV cannot be read: {exc}.", problem="damaged",
                           fix="Open it in a spreadsheet program and save it again as CSV (UTF-8).") from exc
    _refuse_no_rows(records, source)
    warnings = ([decoded.warning] if decoded.warning else []) + records.warnings
    return Loaded(records.text, title or source.path.stem, warnings)


def load_xlsx(source: Source) -> Loaded:
    check_source(source, kind="XLSX", required="xl/workbook.xml")
    mapping = mapping_for(source.path, source.settings.column_mapping)
    try:
        title, records = _workbook_records(source, mapping)
    except (DocumentError, MemoryError):  # running out of memory is the worker's to report
        raise
    except Exception as exc:  # openpyxl raises many kinds of error for damaged workbooks
        raise source.error(f"The XLSX is damaged and cannot be read ({type(exc).__name__}: {exc}).",
                           problem="damaged", fix="Open it in Excel or LibreOffice and save it again.") from exc
    _refuse_no_rows(records, source)
    return Loaded(records.text, title or source.path.stem, records.warnings)


def csv_rows(text: str) -> Iterator[list[str]]:
    """The rows of CSV text, with the delimiter found in its first line.

    >>> list(csv_rows('Hanke;Rahoittaja\\n"Vaarasilta";"Kainuun liitto; EAKR"\\n'))
    [['Hanke', 'Rahoittaja'], ['Vaarasilta', 'Kainuun liitto; EAKR']]
    """
    # The limit is process-wide; a field can never be longer than the whole text.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    return csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))


def register(rows: Iterable[Sequence[Any]], mapping: ColumnMapping) -> tuple[str, Records]:
    """A register's title lines (above its header row) and its rows as records."""
    rows = iter(rows)
    first = list(islice(rows, _HEADER_SEARCH_ROWS))
    at = _header_index(first)
    if at is None:
        return "", Records("", 0)
    title = " ".join(clean_line(format_value(cell)) for row in first[:at] for cell in row if cell not in (None, ""))
    return clean_line(title), records_text(first[at], chain(first[at + 1:], rows), mapping)


def _workbook_records(source: Source, mapping: ColumnMapping) -> tuple[str, Records]:
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(source.data), read_only=True, data_only=True)
    try:
        sheets = []
        for sheet in workbook.worksheets:
            # Read every row the sheet has, not what its (often wrong) stored dimension says.
            sheet.reset_dimensions()
            sheets.append((sheet.title, *register(sheet.iter_rows(values_only=True), mapping)))
    finally:
        workbook.close()
    filled = [(name, title, records) for name, title, records in sheets if records.rows]
    if len(filled) <= 1:
        return (filled[0][1], filled[0][2]) if filled else ("", Records("", 0))
    text = join_blocks(f"{name}\n\n{records.text}" for name, _, records in filled)
    warnings = list(dict.fromkeys(w for _, _, records in filled for w in records.warnings))
    return filled[0][1], Records(text, sum(records.rows for *_, records in filled), warnings)


def _header_index(rows: list[Sequence[Any]]) -> int | None:
    filled = [sum(1 for cell in row if format_value(cell).strip()) for row in rows]
    wide = next((i for i, count in enumerate(filled) if count >= 2), None)
    return wide if wide is not None else next((i for i, count in enumerate(filled) if count), None)


def _delimiter(text: str) -> str:
    first_line = text[:64 * 1024].split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in _DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _refuse_no_rows(records: Records, source: Source) -> None:
    if not records.rows:
        raise source.error("The register has no data rows under its header row.", problem="no_rows",
                           fix="Give a file whose first row names the columns and whose other rows hold the data.")
