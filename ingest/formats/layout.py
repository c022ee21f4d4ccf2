"""The plain-text layout every loader writes into ``Document.text``.

Blocks (paragraphs, headings, lists, tables) are separated by one blank line.
A heading is a line of its own. A list item is a line starting ``• `` (or
``1. `` in a numbered list), indented two spaces per nesting level; items of
one list follow each other with no blank line.

**Tables** are written in the layout Finnish action-plan documents already
arrive in as text, which the structure step (``ingest/structure.py``) parses:

* a table row is a block of lines, separated from the next row (and from the
  text around the table) by one blank line;
* each cell of the row starts on a new line that begins with one TAB;
* a cell's own line breaks are kept as further lines *without* a leading TAB:
  they continue the same cell (a cell therefore never holds a blank line, and
  its lines never start with a TAB);
* an empty cell is a line holding only a TAB;
* the first row is the header row; every row has as many cells as the widest
  row (short rows are padded with empty cells; a merged cell is written once,
  followed by empty cells for the columns or rows it spans).

>>> rows = [["Toimenpiteet", "Hankkeet", "Vastuutaho"],
...         ["Osaajien tuki", "Osaajasilta (2021-23)\\nKasvupolku-hanke (2022-24)", ""]]
>>> print(table_text(rows).replace("\\t", "<TAB>"))
<TAB>Toimenpiteet
<TAB>Hankkeet
<TAB>Vastuutaho
<BLANKLINE>
<TAB>Osaajien tuki
<TAB>Osaajasilta (2021-23)
Kasvupolku-hanke (2022-24)
<TAB>
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

BULLET = "• "
# Soft hyphens, zero-width spaces and joiners are invisible on the page but
# would split words (and mentions) in the text.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"


def clean_line(text: str) -> str:
    """One line of visible text: whitespace (tabs, no-break spaces) collapsed.

    >>> clean_line("  Kainuun\\u00a0liitto \\t ja\\u00adkokeilu ")
    'Kainuun liitto jakokeilu'
    """
    for invisible in _INVISIBLE:
        if invisible in text:
            text = text.replace(invisible, "")
    return " ".join(text.split())


def cell_lines(text: str) -> list[str]:
    """The lines of one table cell: cleaned, blank lines dropped.

    >>> cell_lines("Kajaanin AMK\\n\\n\\tKainuun liitto ")
    ['Kajaanin AMK', 'Kainuun liitto']
    """
    return [line for line in map(clean_line, text.split("\n")) if line]


def table_text(rows: Sequence[Sequence[str]]) -> str:
    """A table in the canonical layout (see the module docstring); '' if it has no text."""
    cells = [[cell_lines(cell or "") for cell in row] for row in rows]
    cells = [row for row in cells if any(row)]
    width = max((len(row) for row in cells), default=0)
    return "\n\n".join(_row_text(row + [[]] * (width - len(row))) for row in cells)


def _row_text(row: list[list[str]]) -> str:
    return "\n".join("\t" + "\n".join(lines) for lines in row)


class BlockWriter:
    """Collects lines into blocks; a blank line is written only between blocks.

    >>> w = BlockWriter()
    >>> w.line("Ohjelman hankkeet"); w.end_block()
    True
    >>> w.line("Vaarasilta", prefix=BULLET); w.line("Erämaakeittiö", prefix=BULLET)
    True
    True
    >>> print(w.text())
    Ohjelman hankkeet
    <BLANKLINE>
    • Vaarasilta
    • Erämaakeittiö
    """

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._blank = False

    def line(self, text: str, *, prefix: str = "") -> bool:
        """Add one line of text; returns False (and adds nothing) if it is blank."""
        text = clean_line(text)
        if not text:
            return False
        self._add(prefix + text)
        return True

    def end_block(self) -> None:
        self._blank = True

    def table(self, rows: Sequence[Sequence[str]]) -> None:
        """Add a table as blocks of its own, in the canonical layout."""
        text = table_text(rows)
        if text:
            self.end_block()
            self._add(text)
            self.end_block()

    def lines(self) -> list[str]:
        """The non-blank lines written so far (a table cell's content)."""
        return [line for line in self._lines if line]

    def text(self) -> str:
        return "\n".join(self._lines)

    def _add(self, text: str) -> None:
        if self._blank and self._lines:
            self._lines.append("")
        self._lines.append(text)
        self._blank = False


def join_blocks(blocks: Iterable[str]) -> str:
    """Non-empty blocks separated by one blank line.

    >>> join_blocks(["Hankkeen nimi: Vaarasilta", "", "Hankkeen nimi: Erämaakeittiö"])
    'Hankkeen nimi: Vaarasilta\\n\\nHankkeen nimi: Erämaakeittiö'
    """
    return "\n\n".join(block for block in blocks if block.strip())
