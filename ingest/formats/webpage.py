"""HTML pages: the page's own content as text, without the site around it.

The content is the page's ``<main>`` (or ``role=main``) when it has one with
text, else its ``<body>``. Dropped: scripts, styles, navigation, site headers
and footers (a ``<header>``/``<footer>`` inside ``<main>`` or ``<article>`` is
content and stays), asides, forms and buttons, dialogs, hidden elements,
cookie banners, breadcrumbs and "Siirry suoraan sisältöön" skip links.

Kept: headings and paragraphs as blocks, ``<br>`` as a line break, list items
as ``• item`` lines (``1. item`` in ordered lists) and tables in the canonical
layout of :mod:`alueverkko.ingest.formats.layout`. A table with a single
column is page layout, not data, and is written as ordinary blocks.

>>> page = b'''<html><head><title>Vaarasilta</title></head><body>
... <a class="skip-link" href="#sisalto">Siirry suoraan sis\\xc3\\xa4lt\\xc3\\xb6\\xc3\\xb6n</a>
... <nav><a href="/">Etusivu</a></nav>
... <main id="sisalto"><h1>Vaarasilta</h1><p>Hanketta koordinoi<br>Kainuun liitto.</p>
... <ul><li>Kuhmo</li><li>Lieksa</li></ul></main>
... <footer>\\xc2\\xa9 2024</footer></body></html>'''
>>> print(html_text(page.decode()).text)
Vaarasilta
<BLANKLINE>
Hanketta koordinoi
Kainuun liitto.
<BLANKLINE>
• Kuhmo
• Lieksa
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from alueverkko.ingest.formats import Loaded, Source
from alueverkko.ingest.formats.encoding import decode
from alueverkko.ingest.formats.layout import BULLET, BlockWriter, clean_line

_DROPPED_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "math", "canvas", "iframe", "object", "embed", "video",
    "audio", "map", "nav", "aside", "form", "button", "select", "input", "textarea", "dialog", "head", "title",
    "meta", "link", "-comment", "!doctype",
})
_FURNITURE_TAGS = frozenset({"header", "footer"})
_CONTENT_CONTAINERS = frozenset({"main", "article"})
_DROPPED_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "dialog", "alertdialog",
                            "complementary", "menu", "menubar"})
_FURNITURE_CLASS = re.compile(r"cookie|consent|gdpr|ev[aä]ste|skip-?link|skip-?to|breadcrumb|murupolku|"
                              r"^(?:sidebar|site-header|site-footer|share|social-share|some-share|"
                              r"visually-hidden|sr-only|screen-reader-text)$", re.I)
_SKIP_LINK_TEXT = re.compile(r"^\s*(siirry|hypp[aä][aä]|skip|hoppa|g[aå] till)\b", re.I)
_BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "blockquote", "pre", "address", "figure",
    "figcaption", "details", "summary", "fieldset", "legend", "center", "dl", "dt", "dd", "hr", "caption",
    "h1", "h2", "h3", "h4", "h5", "h6", "body", "html",
})
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w.:-]{1,40})""", re.I)
_MAX_SPAN = 1000  # the HTML standard's limit of colspan; rowspan is held to it too
# The HTML parser's time grows with the square of the nesting depth (about a
# second at 10,000 levels); real pages nest a few dozen levels deep.
MAX_NESTING = 2000
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]{0,30})[^<>]{0,2000}?(/?)>")
# Elements that never hold content, and those a parser closes by itself when
# the next one opens: neither deepens the tree.
_FLAT_TAGS = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup",
    "rb", "rt", "rp", "html", "head", "body",
})


def load_html(source: Source) -> Loaded:
    decoded = decode(source.data, where=source.where, declared=declared_charset(source.data))
    depth = nesting_depth(decoded.text)
    if depth > MAX_NESTING:
        raise source.error(f"The HTML page nests elements {depth:,} levels deep, over the limit of {MAX_NESTING:,}.",
                           problem="too_deep", fix="Save the page again from a browser, or give it as text or PDF.")
    page = html_text(decoded.text)
    if not page.text.strip():
        raise source.error("The HTML page has no text once scripts, menus, headers and footers are left out.",
                           problem="no_text", fix="Save the page with its content loaded (not a script shell), "
                                                  "or give the document as text or PDF.")
    return Loaded(page.text, page.title, [decoded.warning] if decoded.warning else [])


@dataclass(frozen=True, slots=True)
class Page:
    text: str
    title: str


def html_text(markup: str) -> Page:
    """The text and title of an HTML page (see the module docstring)."""
    tree = LexborHTMLParser(markup)
    root = _content_root(tree)
    walker = _Walker(inside_content=root.tag in _CONTENT_CONTAINERS)
    _walk(root, walker)
    return Page(walker.text(), _title(tree))


def nesting_depth(markup: str) -> int:
    """How deep the page's elements nest at most, estimated from its tags in one pass.

    >>> nesting_depth("<div><section><p>Hanke<p>Toinen</section><br></div>")
    2
    """
    depth = deepest = 0
    for closing, tag, self_closing in _TAG.findall(markup):
        if tag.lower() in _FLAT_TAGS or self_closing:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def declared_charset(data: bytes) -> str | None:
    """The encoding a page names in its ``<meta charset>``, if any.

    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">')
    'iso-8859-1'
    """
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def _title(tree: LexborHTMLParser) -> str:
    for selector in ("title", "h1"):
        node = tree.css_first(selector)
        if node is not None and (text := clean_line(node.text(separator=" "))):
            return text
    return ""


def _content_root(tree: LexborHTMLParser) -> LexborNode:
    main = tree.css_first("main, [role=main]")
    if main is not None and main.text(strip=True):
        return main
    return tree.body if tree.body is not None else tree.root


def _walk(root: LexborNode, walker: _Walker) -> None:
    """Visit the tree in document order without recursion: deep nesting cannot overflow the stack."""
    node, depth = root.child, 0
    while node is not None:
        entered = walker.enter(node)
        if entered and node.child is not None:
            node, depth = node.child, depth + 1
            continue
        if entered:
            walker.leave(node)
        while node.next is None and depth > 0:
            node, depth = node.parent, depth - 1
            walker.leave(node)
        node = node.next


@dataclass
class _Flow:
    """Where inline text goes: the page itself, or one table cell."""

    writer: BlockWriter = field(default_factory=BlockWriter)
    buffer: list[str] = field(default_factory=list)
    prefix: str = ""

    def end_line(self) -> None:
        if not self.buffer:
            return
        if self.writer.line("".join(self.buffer), prefix=self.prefix):
            self.prefix = ""
        self.buffer.clear()

    def end_block(self) -> None:
        self.end_line()
        self.writer.end_block()


@dataclass
class _Table:
    """Rows of cells being read; a cell spanning rows leaves empty cells below it."""

    rows: list[list[str]] = field(default_factory=list)
    row: list[str] | None = None
    carried: dict[int, int] = field(default_factory=dict)  # column -> rows it still covers

    def start_row(self) -> None:
        self.end_row()
        self.row = []

    def add_cell(self, text: str, colspan: int, rowspan: int) -> None:
        if self.row is None:
            self.row = []
        self._fill_carried()
        column = len(self.row)
        self.row += [text] + [""] * (colspan - 1)
        for spanned in range(column, column + colspan) if rowspan > 1 else ():
            self.carried[spanned] = rowspan - 1

    def end_row(self) -> None:
        if self.row is None:
            return
        for column in sorted(c for c in self.carried if c >= len(self.row)):
            self.row += [""] * (column - len(self.row))
            self._fill_carried()
        self.rows.append(self.row)
        self.row = None

    def _fill_carried(self) -> None:
        while (column := len(self.row)) in self.carried:
            self.row.append("")
            self.carried[column] -= 1
            if not self.carried[column]:
                del self.carried[column]


class _Walker:
    """Turns enter/leave events of the HTML tree into the text layout."""

    def __init__(self, *, inside_content: bool = False) -> None:
        self.flows = [_Flow()]
        self.tables: list[_Table] = []
        self.lists: list[list[int | None]] = []  # per open list: [item counter] or [None] if unordered
        self.containers = int(inside_content)     # open <main>/<article> elements
        self.preformatted = 0                     # open <pre> elements, whose line breaks are kept

    def text(self) -> str:
        self.flows[0].end_block()
        return self.flows[0].writer.text()

    def enter(self, node: LexborNode) -> bool:
        tag = node.tag
        if tag == "-text":
            self._add_text(node.text_content or "")
            return False
        if self._dropped(node, tag):
            return False
        flow = self.flows[-1]
        if tag == "br":
            flow.end_line()
        elif tag in ("ul", "ol", "menu"):
            # A list nested in a list item continues its parent list's block.
            flow.end_line() if self.lists else flow.end_block()
            self.lists.append([0 if tag == "ol" else None])
        elif tag == "li":
            flow.end_line()
            flow.prefix = self._item_marker()
        elif tag == "table":
            flow.end_block()
            self.tables.append(_Table())
        elif tag == "tr" and self.tables:
            self.tables[-1].start_row()
        elif tag in ("td", "th") and self.tables:
            self.flows.append(_Flow())
        elif tag in _BLOCK_TAGS:
            flow.end_block()
        self.containers += tag in _CONTENT_CONTAINERS
        self.preformatted += tag == "pre"
        return True

    def leave(self, node: LexborNode) -> None:
        tag = node.tag
        self.containers -= tag in _CONTENT_CONTAINERS
        self.preformatted -= tag == "pre"
        if tag in ("ul", "ol", "menu") and self.lists:
            self.lists.pop()
            self.flows[-1].end_line() if self.lists else self.flows[-1].end_block()
        elif tag == "li":
            self.flows[-1].end_line()
        elif tag in ("td", "th") and self.tables and len(self.flows) > 1:
            cell = self.flows.pop()
            cell.end_line()
            self.tables[-1].add_cell("\n".join(cell.writer.lines()), _span(node, "colspan"), _span(node, "rowspan"))
        elif tag == "tr" and self.tables:
            self.tables[-1].end_row()
        elif tag == "table" and self.tables:
            self._write_table(self.tables.pop())
        elif tag in _BLOCK_TAGS:
            self.flows[-1].end_block()

    def _add_text(self, text: str) -> None:
        flow = self.flows[-1]
        if not self.preformatted:
            flow.buffer.append(text)
            return
        first, *others = text.split("\n")
        flow.buffer.append(first)
        for line in others:
            flow.end_line()
            flow.buffer.append(line)

    def _write_table(self, table: _Table) -> None:
        table.end_row()
        flow = self.flows[-1]
        if len(self.flows) > 1:
            # A table inside a table cell: its cells become lines of that cell.
            for line in (line for row in table.rows for cell in row for line in cell.split("\n")):
                flow.writer.line(line)
        elif max((len(row) for row in table.rows), default=0) <= 1:
            for row in table.rows:
                for line in "\n".join(row).split("\n"):
                    flow.writer.line(line)
                flow.writer.end_block()
        else:
            flow.end_block()
            flow.writer.table(table.rows)

    def _item_marker(self) -> str:
        if not self.lists:
            return BULLET
        counter = self.lists[-1]
        indent = "  " * (len(self.lists) - 1)
        if counter[0] is None:
            return indent + BULLET
        counter[0] += 1
        return f"{indent}{counter[0]}. "

    def _dropped(self, node: LexborNode, tag: str) -> bool:
        if tag in _DROPPED_TAGS or (tag in _FURNITURE_TAGS and not self.containers):
            return True
        attrs = node.attributes
        if not attrs:
            return False
        if "hidden" in attrs or attrs.get("aria-hidden") == "true" or attrs.get("role") in _DROPPED_ROLES:
            return True
        if "display:none" in (attrs.get("style") or "").replace(" ", "").lower():
            return True
        names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".split()
        if any(_FURNITURE_CLASS.search(name) for name in names):
            return True
        return tag == "a" and (attrs.get("href") or "").startswith("#") and bool(_SKIP_LINK_TEXT.match(node.text()))


def _span(node: LexborNode, attribute: str) -> int:
    value = (node.attributes.get(attribute) or "").strip()
    return min(int(value), _MAX_SPAN) if value.isdigit() and int(value) > 0 else 1
