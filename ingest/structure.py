"""Document text -> blocks with character spans.

A block is a heading, a paragraph, a lead-in line ("Yhteystiedot:"), a bullet
item, a key-value field ("Budjetti: 116 475 €"), a contact block (a run of
short lines with a phone number or an e-mail address) or a table row.

Tables use the canonical layout the loaders write: a row is a group of lines
separated by blank lines; each cell starts on a line that begins with a TAB,
lines without a leading TAB continue the cell, and a line holding only a TAB is
an empty cell. The first row whose cells are header words (Toimenpiteet,
Hankkeet, Vastuutaho ...) names the columns of the rows that follow, until the
next header. A row the export split with a blank line is joined again while
its cells still fit under the header.

>>> blocks = split_blocks("Hanke X\\n\\nBudjetti: 1 000 €\\n  • Yksi kohta")
>>> [(b.kind, b.text) for b in blocks]
[('heading', 'Hanke X'), ('field', 'Budjetti: 1 000 €'), ('bullet', '• Yksi kohta')]
>>> blocks[1].key, blocks[1].value
('budjetti', '1 000 €')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

HEADING, PARAGRAPH, LEAD, BULLET, FIELD, CONTACT, ROW = (
    "heading", "paragraph", "lead", "bullet", "field", "contact", "row")

#: Field keys as written (lower-case, misspellings included) -> the field's meaning.
FIELD_KEYS = {
    "hankkeen nimi": "name", "hankeen nimi": "name", "hankkeen nimi ja lyhenne": "name", "projektin nimi": "name",
    "ohjelman nimi": "name", "verkoston nimi": "name", "nimi": "name",
    "toteutusaika": "period", "hankeaika": "period", "aikataulu": "period", "kesto": "period", "ajankohta": "period",
    "budjetti": "budget", "kokonaisbudjetti": "budget", "kustannusarvio": "budget", "kokonaisbudjetti (€)": "budget",
    "rahoittajat": "funders", "rahoittaja": "funders", "rahoitus": "funders", "rahoituslähde": "funders",
    "tekijät": "coordinators", "toteuttaja": "coordinators", "toteuttajat": "coordinators",
    "päätoteuttaja": "coordinators", "hallinnoija": "coordinators", "koordinaattori": "coordinators",
    "koordinoija": "coordinators", "vastuutaho": "coordinators", "hankkeen toteuttaja": "coordinators",
    "osatoteuttaja": "coordinators", "osatoteuttajat": "coordinators",
    "kumppanit": "partners", "yhteistyökumppanit": "partners", "osallistujat": "partners", "mukana": "partners",
    "yhteyshenkilö": "contact", "yhteyshenkilöt": "contact", "lisätietoja": "contact", "lisätiedot": "contact",
    "alue": "area", "toiminta-alue": "area", "kohdealue": "area", "kunnat": "area",
    "verkkosivut": "web", "www": "web", "kotisivu": "web",
}

#: Header words of table columns -> the column's meaning.
COLUMN_WORDS = {
    "toimenpiteet": "measure", "toimenpide": "measure", "tavoite": "measure", "tavoitteet": "measure",
    "hankkeet": "projects", "hanke": "projects", "hankkeen nimi": "projects", "projektit": "projects",
    "projekti": "projects", "hankkeet ja ohjelmat": "projects",
    "vastuutaho": "responsible", "vastuutahot": "responsible", "vastuu": "responsible",
    "toteuttaja": "responsible", "toteuttajat": "responsible", "vastuuorganisaatio": "responsible",
    "koordinaattori": "responsible", "hallinnoija": "responsible",
    "rahoittaja": "funders", "rahoittajat": "funders", "rahoitus": "funders",
    "kumppanit": "partners", "osallistujat": "partners", "mukana": "partners",
    "toteutusaika": "period", "aikataulu": "period", "vuodet": "period", "aika": "period",
    "eteneminen": "progress", "tilanne": "status", "tila": "status", "kommentit": "status",
    "budjetti": "budget", "mittarit": "metrics",
}

BULLET_RE = re.compile(r"^(\s*)([•·▪◦●‣∙\-–*]|\d{1,2}[.)])\s+(?=\S)")
FIELD_RE = re.compile(r"^\s*(?:\*\*|__)?([A-ZÅÄÖa-zåäö][\w ()€-]{1,40}?)\s*:\s*(?:\*\*|__)?\s*(.*?)\s*$")
PHONE_RE = re.compile(r"(?:\b(?:puh|p|tel|tfn|gsm|mob|puhelin)\b\.?\s*[:.]?\s*)?(?<![\d.])\+?\d{2,4}[\s-]?\d{2,4}[\s\d-]{3,12}\d\b",
                      re.IGNORECASE)
PHONE_LINE_RE = re.compile(r"^\s*(?:\S+\s*/\s*)?(?:puh|p|tel|tfn|gsm|mob|puhelin)\b\.?\s*[:.]?\s*\+?\d", re.IGNORECASE)
EMAIL_RE = re.compile(r"[\w.+-]+(?:@|\s?\((?:at|ät)\)\s?|\s?\[(?:at|ät)\]\s?)[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“”(]?[A-ZÅÄÖ0-9])")
#: Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset("""esim mm ym yms ml n v s erit ks jne tms k ns eli ts vrt puh p tel nro klo os
    prof dos fil tri t kts srk""".split())


@dataclass(slots=True)
class Cell:
    start: int
    end: int
    text: str
    column: str = ""      # the column's meaning ("projects", "responsible", ...), "" before any header
    header: str = ""      # the header cell's own text


@dataclass(slots=True)
class Line:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Block:
    kind: str
    start: int
    end: int
    text: str
    key: str = ""                 # field: its key as written, lower-cased
    meaning: str = ""             # field: what the key means ("funders", "name", ...)
    value_start: int = 0
    value_end: int = 0
    marker: str = ""              # bullet: its marker; "*" footnotes too
    cells: list[Cell] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    section: int = -1             # index of the heading this block falls under
    lead: int = -1                # bullet: index of the block that introduces the list
    header_row: bool = False      # row: a header row
    starred: bool = False         # bullet: ends with a footnote star

    @property
    def value(self) -> str:
        return self.text[self.value_start - self.start:self.value_end - self.start]


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    text: str
    block: int


def split_blocks(text: str) -> list[Block]:
    """All blocks of a document, in order, each with its span in ``text``."""
    blocks: list[Block] = []
    table = _TableState()
    for group in _line_groups(text):
        if any("\t" in line.text for line in group) or _is_pipe_table(group):
            blocks.extend(table.rows(group, text))
        else:
            table.reset_pending()
            blocks.extend(_text_blocks(group))
    _link_sections(blocks)
    return blocks


# -- lines and groups --------------------------------------------------------

def _lines(text: str) -> list[Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append(Line(pos, pos + len(raw.rstrip("\r")), raw.rstrip("\r")))
        pos += len(raw) + 1
    return out


def _is_blank(line: Line) -> bool:
    # A line holding only a TAB is an empty table cell, not a blank line.
    return not line.text.replace(" ", "").replace("\u00a0", "").replace("\r", "")


def _line_groups(text: str) -> list[list[Line]]:
    groups, current = [], []
    for line in _lines(text):
        if _is_blank(line):
            if current:
                groups.append(current)
            current = []
        else:
            current.append(line)
    if current:
        groups.append(current)
    return groups


# -- tables --------------------------------------------------------------------

def _is_pipe_table(group: list[Line]) -> bool:
    return all(line.text.strip().startswith("|") and line.text.strip().endswith("|") for line in group)


def _pipe_cells(line: Line) -> list[Cell]:
    cells, pos = [], line.text.index("|") + 1
    for part in line.text[pos:].split("|")[:-1]:
        stripped = part.strip()
        lead = len(part) - len(part.lstrip())
        start = line.start + pos + lead
        cells.append(Cell(start, start + len(stripped), stripped))
        pos += len(part) + 1
    return cells


def _tab_cells(group: list[Line], text: str) -> list[Cell]:
    cells: list[Cell] = []
    for line in group:
        pos = line.start
        for i, part in enumerate(line.text.split("\t")):
            if i == 0 and not part:
                pass
            elif i == 0 and cells:
                cells[-1].end = pos + len(part)  # a line without a leading TAB continues the cell
            else:
                cells.append(Cell(pos, pos + len(part), ""))
            pos += len(part) + 1
    return [_trim_cell(c, text) for c in cells]


def _trim_cell(cell: Cell, text: str) -> Cell:
    raw = text[cell.start:cell.end]
    stripped = raw.strip()
    if not stripped:
        return Cell(cell.start, cell.start, "")
    offset = raw.index(stripped)
    return Cell(cell.start + offset, cell.start + offset + len(stripped), stripped)


def column_meaning(header_text: str) -> str:
    """What a header cell's column holds: "Toimenpiteet 2018-2021 (-2022)" -> "measure"."""
    words = re.sub(r"[\d()/.,:+-]+", " ", header_text.lower()).split()
    phrase = " ".join(words)
    if phrase in COLUMN_WORDS:
        return COLUMN_WORDS[phrase]
    return COLUMN_WORDS.get(words[0], "") if words else ""


def _is_header(cells: list[Cell]) -> bool:
    filled = [c for c in cells if c.text]
    if len(filled) < 2 or any(len(c.text.split()) > 5 for c in filled):
        return False
    known = [c for c in filled if column_meaning(c.text)]
    return len(known) >= 2 and len(known) >= len(filled) - 1


class _TableState:
    """Column names from the last header, and a row the export split with a blank line."""

    def __init__(self):
        self.header: list[Cell] = []
        self.pending: Block | None = None

    def reset_pending(self) -> None:
        self.pending = None

    def rows(self, group: list[Line], text: str) -> list[Block]:
        pipe = _is_pipe_table(group)
        rows_cells = [_pipe_cells(line) for line in group if not re.fullmatch(r"[|\s:-]+", line.text)] \
            if pipe else [_tab_cells(group, text)]
        out = []
        for cells in rows_cells:
            out.extend(self._row(cells, text, pipe))
        return out

    def _row(self, cells: list[Cell], text: str, pipe: bool) -> list[Block]:
        if _is_header(cells):
            self.header, self.pending = cells, None
            block = _row_block(cells, text)
            block.header_row = True
            return [block]
        if pipe and len(cells) == 2 and cells[0].text.lower().strip("*_ ") in FIELD_KEYS:
            return [_pipe_field(cells, text)]
        width = len(self.header)
        if self.pending is not None and len(self.pending.cells) + len(cells) <= width:
            self._name_columns(cells, offset=len(self.pending.cells))
            self.pending.cells.extend(cells)
            self.pending.end = cells[-1].end if cells else self.pending.end
            self.pending.text = text[self.pending.start:self.pending.end]
            if len(self.pending.cells) >= width:
                self.pending = None
            return []
        self._name_columns(cells)
        block = _row_block(cells, text)
        self.pending = block if width and 1 < len(cells) < width and _continues(cells) else None
        return [block]

    def _name_columns(self, cells: list[Cell], offset: int = 0) -> None:
        for i, cell in enumerate(cells, start=offset):
            if i < len(self.header):
                cell.header = self.header[i].text
                cell.column = column_meaning(cell.header)


def _continues(cells: list[Cell]) -> bool:
    # A section title row ("TAVOITE 4. ...") is followed by empty cells; a split data row is not.
    return bool(cells[-1].text) or len([c for c in cells if c.text]) > 1


def _row_block(cells: list[Cell], text: str) -> Block:
    filled = [c for c in cells if c.text] or cells
    start = filled[0].start if filled else 0
    end = filled[-1].end if filled else 0
    return Block(ROW, start, end, text[start:end], cells=cells)


def _pipe_field(cells: list[Cell], text: str) -> Block:
    key = cells[0].text.lower().strip("*_ ")
    return Block(FIELD, cells[0].start, cells[1].end, text[cells[0].start:cells[1].end], key=key,
                 meaning=FIELD_KEYS[key], value_start=cells[1].start, value_end=cells[1].end)


# -- text blocks -------------------------------------------------------------

def _text_blocks(group: list[Line]) -> list[Block]:
    if _is_contact_group(group):
        return [_contact_block(group)]
    out: list[Block] = []
    paragraph: list[Line] = []

    def flush():
        if paragraph:
            out.append(_span_block(PARAGRAPH, paragraph))
            paragraph.clear()

    numbered = sum(1 for line in group if re.match(r"^\s*\d{1,2}[.)]\s", line.text))
    for i, line in enumerate(group):
        previous = out[-1].kind if out and not paragraph else ""
        kind = _line_kind(line, i, group, numbered, previous)
        if kind == "continue" and out and out[-1].kind == BULLET and not paragraph:
            _append_line(out[-1], line)
        elif kind in ("continue", PARAGRAPH):
            paragraph.append(line)
        else:
            flush()
            out.append(_line_block(kind, line))
    flush()
    return out


def _line_kind(line: Line, i: int, group: list[Line], numbered: int, previous: str) -> str:
    stripped = line.text.strip()
    bare = stripped.strip("*_# ").strip()
    bullet = BULLET_RE.match(line.text)
    if stripped.startswith("#"):
        return HEADING
    if bullet and not (bullet.group(2)[0].isdigit() and numbered < 2 and _looks_like_heading(bare)):
        if not (bullet.group(2) == "*" and stripped.endswith("*")):
            return BULLET
    if re.match(r"^\*[^\s*]", stripped) and not stripped.endswith("*"):
        return BULLET  # a footnote: "*Kouvolan seutu on mukana verkostossa."
    match = FIELD_RE.match(line.text)
    if match and match.group(1).lower().strip() in FIELD_KEYS:
        return FIELD
    if bare.endswith(":") and len(bare.split()) <= 8:
        return LEAD
    if bare[:1].islower() or (i > 0 and group[i - 1].text.rstrip().endswith((",", "-"))):
        return "continue"
    following = group[i + 1].text.strip() if i + 1 < len(group) else ""
    if _looks_like_heading(bare) and (i == 0 or previous in (HEADING, FIELD, LEAD)) \
            and not following[:1].islower() and not (following and len(bare) > 60):
        return HEADING
    return PARAGRAPH


def _looks_like_heading(text: str) -> bool:
    text = text.strip().strip("*_#").strip()
    if not text or len(text) > 90 or len(text.split()) > 12 or re.search(r"[a-zåäö]{2}[.!?]\s", text):
        return False  # a sentence ends inside: prose, not a heading
    return not text.endswith((".", ",", ";")) and (text[:1].isupper() or text[:1].isdigit() or text[:1] in "[\"”")


def _line_block(kind: str, line: Line) -> Block:
    text = line.text
    lead_ws = len(text) - len(text.lstrip())
    tail_ws = len(text) - len(text.rstrip())
    start, end = line.start + lead_ws, line.end - tail_ws
    block = Block(kind, start, end, text[lead_ws:len(text) - tail_ws])
    if kind == FIELD:
        match = FIELD_RE.match(text)
        block.key = match.group(1).lower().strip()
        block.meaning = FIELD_KEYS[block.key]
        block.value_start = line.start + match.start(2)
        block.value_end = line.start + match.end(2)
    elif kind == BULLET:
        bullet = BULLET_RE.match(text)
        block.marker = bullet.group(2) if bullet else "*"
        block.value_start = line.start + (bullet.end() if bullet else lead_ws + 1)
        block.value_end = end
        block.starred = block.text.rstrip().endswith("*") and block.marker != "*"
    return block


def _append_line(block: Block, line: Line) -> None:
    block.end = line.end
    block.value_end = line.end
    block.text = block.text + "\n" + line.text


def _span_block(kind: str, lines: list[Line]) -> Block:
    start, end = lines[0].start, lines[-1].end
    joined = "\n".join(line.text for line in lines)
    lead_ws = len(joined) - len(joined.lstrip())
    return Block(kind, start + lead_ws, end - (len(joined) - len(joined.rstrip())), joined.strip(),
                 lines=list(lines))


# -- contact blocks ----------------------------------------------------------

def is_contact_line(text: str) -> bool:
    """A phone or e-mail line of a contact block."""
    return bool(PHONE_LINE_RE.match(text) or EMAIL_RE.search(text) and len(text.split()) <= 4)


def _is_contact_group(group: list[Line]) -> bool:
    if not any(is_contact_line(line.text) for line in group):
        return False
    return sum(len(line.text.strip()) <= 80 for line in group) >= len(group) - 1


def _contact_block(group: list[Line]) -> Block:
    block = _span_block(CONTACT, group)
    return block


# -- sections and lists --------------------------------------------------------

def _link_sections(blocks: list[Block]) -> None:
    section, lead = -1, -1
    for i, block in enumerate(blocks):
        if block.kind == HEADING:
            section = i
        block.section = section
        if block.kind == BULLET:
            block.lead = lead
        else:
            lead = i


# -- sentences -----------------------------------------------------------------

def sentences(text: str, start: int, end: int, block: int = -1) -> list[Sentence]:
    """Sentences of ``text[start:end]``; a line break ends a sentence after . ! ? or :.

    >>> [s.text for s in sentences("Yksi on esim. tämä. Toinen lause.\\nKolmas", 0, 41)]
    ['Yksi on esim. tämä.', 'Toinen lause.', 'Kolmas']
    """
    chunk = text[start:end]
    cuts = [0]
    for m in SENTENCE_END_RE.finditer(chunk):
        if _word_before(chunk, m.start()).lower() in ABBREVIATIONS:
            continue
        cuts.append(m.end())
    for m in re.finditer(r"(?<=[.!?:])[ \t]*\n\s*", chunk):
        cuts.append(m.end())
    cuts = sorted(set(cuts)) + [len(chunk)]
    out = []
    for a, b in zip(cuts, cuts[1:]):
        piece = chunk[a:b]
        stripped = piece.strip()
        if stripped:
            offset = a + piece.index(stripped)
            out.append(Sentence(start + offset, start + offset + len(stripped), stripped, block))
    return out


def _word_before(text: str, end: int, *, reach: int = 64) -> str:
    """The last word before ``text[end]`` and the punctuation after it, looked for at most ``reach`` back.

    Bounded so that a block of a million sentence ends costs linear time: an
    abbreviation is a short word right before its full stop, so nothing
    farther back can be one.

    >>> _word_before("Yksi on esim. tämä", 13)
    'esim'
    """
    i = end
    while i > max(0, end - reach) and not _is_word_char(text[i - 1]):
        i -= 1
    j = i
    while j > max(0, i - reach) and _is_word_char(text[j - 1]):
        j -= 1
    return text[j:i]


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # what \w matches


def block_sentences(text: str, blocks: list[Block]) -> list[Sentence]:
    """Sentences of every block; table cells and contact lines are sentences of their own."""
    out: list[Sentence] = []
    for i, block in enumerate(blocks):
        if block.kind == ROW:
            for cell in block.cells:
                if cell.text:
                    out.extend(sentences(text, cell.start, cell.end, i))
        elif block.kind == CONTACT:
            out.extend(Sentence(line.start, line.end, line.text, i) for line in block.lines if line.text.strip())
        else:
            out.extend(sentences(text, block.start, block.end, i))
    return out
