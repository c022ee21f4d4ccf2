"""Rows of a register (CSV or XLSX) written as blocks of ``Key: value`` lines.

The structure step reads key-value fields from text, so each data row becomes
one block of ``Field: value`` lines, in the order of the file's columns, and
blocks are separated by a blank line; evidence spans then point into that
text. Keys come from the :mod:`column mapping <alueverkko.ingest.formats.columns>`.
Empty cells write no line; a cell's own line breaks become spaces (a value is
one line); two columns mapped to the same field are joined with ", ".
Dates are written the Finnish way (1.3.2024), decimals with a decimal comma.

>>> print(records_text(["Hanke", "Rahoittaja", "Budjetti (€)"],
...                    [["Vaarasilta", "Kainuun liitto", 250000.0], ["Erämaakeittiö", None, 48500.5]],
...                    ColumnMapping()).text)
Hankkeen nimi: Vaarasilta
Rahoittajat: Kainuun liitto
Budjetti: 250000
<BLANKLINE>
Hankkeen nimi: Erämaakeittiö
Budjetti: 48500,5
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from alueverkko.ingest.formats.columns import ColumnMapping
from alueverkko.ingest.formats.layout import clean_line


@dataclass(slots=True)
class Records:
    text: str
    rows: int
    warnings: list[str] = field(default_factory=list)


def records_text(header: Sequence[Any], rows: Iterable[Sequence[Any]], mapping: ColumnMapping) -> Records:
    """The blocks of all non-empty rows, and warnings about columns no mapping knew."""
    headers = [clean_line(format_value(cell)) or f"Sarake {i + 1}" for i, cell in enumerate(header)]
    fields = [mapping.field_for(h) for h in headers]
    blocks = [block for block in (_row_block(fields, row) for row in rows) if block]
    return Records("\n\n".join(blocks), len(blocks), _column_warnings(headers, mapping))


def format_value(value: Any) -> str:
    """A cell value as text.

    >>> format_value(dt.datetime(2024, 3, 1)), format_value(12.0), format_value(0.25), format_value(True)
    ('1.3.2024', '12', '0,25', 'kyllä')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "kyllä" if value else "ei"
    if isinstance(value, dt.datetime):
        date = f"{value.day}.{value.month}.{value.year}"
        return date if value.time() == dt.time() else f"{date} {value.hour}.{value.minute:02d}"
    if isinstance(value, dt.date):
        return f"{value.day}.{value.month}.{value.year}"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(value, ".15g").replace(".", ",")
    return str(value)


def _row_block(fields: list[str | None], row: Sequence[Any]) -> str:
    values: dict[str, list[str]] = {}
    for name, cell in zip(fields, row):
        text = clean_line(format_value(cell))
        if name is not None and text:
            values.setdefault(name, []).append(text)
    return "\n".join(f"{name}: {', '.join(texts)}" for name, texts in values.items())


def _column_warnings(headers: list[str], mapping: ColumnMapping) -> list[str]:
    warnings = []
    unknown = [h for h in headers if not mapping.recognises(h)]
    if unknown:
        warnings.append(f"Columns kept under their own names (no mapping names them): {', '.join(unknown)}.")
    missing = mapping.unused(headers)
    if missing:
        warnings.append(f"The column mapping {mapping.source} names columns the file does not have: "
                        f"{', '.join(missing)}.")
    return warnings
