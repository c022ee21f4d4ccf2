"""Plain text and Markdown files.

A ``.txt`` file is kept exactly as written (only its encoding, line endings
and Unicode form are normalised): the action-plan tables arrive as text files
already in the canonical table layout, and the structure step reads them as
they are.

A ``.md`` file keeps its text and line structure; only markup that is noise to
the extractors goes: heading ``#`` marks, emphasis markers (``**Kainuun liitto**``
becomes ``Kainuun liitto``, so a mention's quote holds the name and not the
asterisks), link targets and images, code fences, HTML comments, blockquote
marks and backslash escapes. ``*`` and ``+`` list bullets become ``-``. A pipe
table becomes a table in the canonical layout, like tables of every other
format. Evidence spans always point into the text after this clean-up, which
is what ``Document.text`` holds.

>>> print(markdown_text("## Kuka toteuttaa?\\n\\nOhjelmaa koordinoi **Vaarojen Kehitys Oy** ([kotisivu](https://example.fi)).\\n* Lieksa"))
Kuka toteuttaa?
<BLANKLINE>
Ohjelmaa koordinoi Vaarojen Kehitys Oy (kotisivu).
- Lieksa
"""

from __future__ import annotations

import html
import re

from alueverkko.ingest.formats import Loaded, Source
from alueverkko.ingest.formats.encoding import decode
from alueverkko.ingest.formats.layout import table_text

_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+(.*)|[ \t]*)$")
_RULE = re.compile(r"^ {0,3}([-=*_])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_BULLET = re.compile(r"^([ \t]*)[*+][ \t]+")
_QUOTE = re.compile(r"^ {0,3}>[ \t]?")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S+.*$")
_TABLE_DELIMITER = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
# Every pattern stops scanning at the next character that could start another
# match, so a 10 MB line full of brackets or asterisks is still read in linear time.
_INLINE = (
    (re.compile(r"!\[[^\[\]\n]*\]\([^()\n]*\)"), ""),                  # images
    (re.compile(r"\[([^\[\]\n]*)\]\([^()\n]*\)"), r"\1"),              # [text](url)
    (re.compile(r"\[([^\[\]\n]+)\]\[[^\[\]\n]*\]"), r"\1"),           # [text][ref]
    (re.compile(r"<((?:https?|mailto):[^<>\s]+)>"), r"\1"),            # <https://...>
    (re.compile(r"(?<![\\\w*])\*\*(?=\S)([^*\n]*?\S)\*\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\\\w_])__(?=\S)([^_\n]*?\S)__(?![\w_])"), r"\1"),
    (re.compile(r"(?<![\\\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\\\w_])_(?=\S)([^_\n]*?\S)_(?![\w_])"), r"\1"),
    (re.compile(r"(?<!\\)`([^`\n]+)`"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])"), r"\1"),               # backslash escapes
)


def load_txt(source: Source) -> Loaded:
    decoded = decode(source.data, where=source.where)
    _refuse_blank(decoded.text, source)
    return Loaded(decoded.text, warnings=[decoded.warning] if decoded.warning else [])


def load_markdown(source: Source) -> Loaded:
    decoded = decode(source.data, where=source.where)
    _refuse_blank(decoded.text, source)
    return Loaded(markdown_text(decoded.text), warnings=[decoded.warning] if decoded.warning else [])


def markdown_text(text: str) -> str:
    """Markdown with its noise markup removed (see the module docstring)."""
    lines = _strip_front_matter(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    text = _inline(html.unescape(_strip_comments("\n".join(_block_lines(lines)))))
    # Removed markup (images, rules, comments) leaves empty lines; one blank line separates blocks.
    return re.sub(r"\n{3,}", "\n\n", text)


def _block_lines(lines: list[str]) -> list[str]:
    out: list[str] = []
    i, in_fence = 0, False
    while i < len(lines):
        line = lines[i]
        if _FENCE.match(line):
            in_fence, i = not in_fence, i + 1
            continue
        if not in_fence and _starts_table(lines, i):
            i = _table(lines, i, out)
            continue
        out.append(line if in_fence else _block_line(line))
        i += 1
    return out


def _block_line(line: str) -> str:
    if _RULE.match(line) or _REFERENCE.match(line):
        return ""
    line = _QUOTE.sub("", line)
    if heading := _HEADING.match(line):
        return _heading_text(heading.group(1) or "")
    return _BULLET.sub(r"\1- ", line)


def _inline(text: str) -> str:
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return text


def _starts_table(lines: list[str], i: int) -> bool:
    return ("|" in lines[i] and i + 1 < len(lines) and "-" in lines[i + 1]
            and _TABLE_DELIMITER.match(lines[i + 1]) is not None)


def _table(lines: list[str], i: int, out: list[str]) -> int:
    """Write the pipe table starting at line ``i`` in the canonical layout; return the line after it."""
    rows = [_pipe_cells(lines[i])]
    i += 2
    while i < len(lines) and "|" in lines[i] and lines[i].strip():
        rows.append(_pipe_cells(lines[i]))
        i += 1
    if out and out[-1].strip():
        out.append("")
    out.append(table_text(rows))
    if i < len(lines) and lines[i].strip():
        out.append("")
    return i


def _pipe_cells(line: str) -> list[str]:
    line = line.strip()
    line = line[1:] if line.startswith("|") else line
    line = line[:-1] if line.endswith("|") and not line.endswith("\\|") else line
    cells = re.split(r"(?<!\\)\|", line)
    return [re.sub(r"<br\s*/?>", "\n", cell.replace("\\|", "|"), flags=re.I) for cell in cells]


def _heading_text(body: str) -> str:
    """A heading's text without an optional closing sequence of ``#`` marks.

    >>> _heading_text("Yhteystiedot ##"), _heading_text("C#")
    ('Yhteystiedot', 'C#')
    """
    body = body.rstrip()
    bare = body.rstrip("#")
    return bare.rstrip() if bare != body and (not bare or bare[-1] in " \t") else body


def _strip_comments(text: str) -> str:
    """HTML comments removed; an unclosed one runs to the end, as in a browser."""
    parts, start = [], 0
    while (opening := text.find("<!--", start)) >= 0:
        parts.append(text[start:opening])
        closing = text.find("-->", opening + 4)
        start = len(text) if closing < 0 else closing + 3
    parts.append(text[start:])
    return "".join(parts)


def _strip_front_matter(lines: list[str]) -> list[str]:
    if lines and lines[0].strip() == "---":
        for end in range(1, min(len(lines), 200)):
            if lines[end].strip() in ("---", "..."):
                return lines[end + 1:]
    return lines


def _refuse_blank(text: str, source: Source) -> None:
    if not text.strip():
        raise source.error("The file holds only whitespace.", problem="empty",
                           fix="Check that the right file was given; an empty file has nothing to extract.")
