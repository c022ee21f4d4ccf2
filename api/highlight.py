"""A document's text as HTML with its evidence spans marked, every character escaped.

Spans nest ("Kouvolan kaupunki" inside a sentence that is an edge's
evidence) and may cross. The text is cut at every span boundary; each piece
is escaped and wrapped in the marks open over it. A span crossed by another
is closed and reopened around it, so the HTML is always well formed; the
first piece of a span carries ``id="span-START-END"`` (the target of evidence
links), every piece ``data-span="START-END"``.

>>> str(highlight("Kouvolan <b>kaupunki</b>", [{"start": 0, "end": 8, "fact": "node", "kind": "Municipality", "name": "Kouvola"}]))
'<mark id="span-0-8" class="fact-node" data-span="0-8" title="Municipality: Kouvola">Kouvolan</mark> &lt;b&gt;kaupunki&lt;/b&gt;'
>>> str(highlight("abcdef", [{"start": 0, "end": 4, "fact": "edge", "type": "FUNDS"}, {"start": 2, "end": 6, "fact": "node"}]))
'<mark id="span-0-4" class="fact-edge" data-span="0-4" title="FUNDS">ab<mark id="span-2-6" class="fact-node" data-span="2-6" title="">cd</mark></mark><mark class="fact-node" data-span="2-6" title="">ef</mark>'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True, slots=True)
class _Mark:
    start: int
    end: int
    css: str
    title: str

    def open(self, first: bool) -> str:
        ident = f' id="span-{self.start}-{self.end}"' if first else ""
        return (f'<mark{ident} class="{self.css}" data-span="{self.start}-{self.end}" '
                f'title="{escape(self.title)}">')


def highlight(text: str, spans: Iterable[dict]) -> Markup:
    marks = _marks(text, spans)
    starting: dict[int, list[_Mark]] = {}
    for mark in marks:
        starting.setdefault(mark.start, []).append(mark)
    bounds = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out: list[str] = []
    open_marks: list[_Mark] = []
    position = 0
    for bound in bounds:
        if bound > position:
            out.append(str(escape(text[position:bound])))
            position = bound
        _close(out, open_marks, bound)
        for mark in sorted(starting.get(bound, []), key=lambda m: -m.end):
            out.append(mark.open(first=True))
            if mark.end == mark.start:
                out.append("</mark>")
            else:
                open_marks.append(mark)
    return Markup("".join(out))


def _marks(text: str, spans: Iterable[dict]) -> list[_Mark]:
    """One mark per distinct span inside the text, describing every fact it supports."""
    grouped: dict[tuple[int, int], list[dict]] = {}
    for span in spans:
        start, end = int(span["start"]), int(span["end"])
        if 0 <= start <= end <= len(text):
            grouped.setdefault((start, end), []).append(span)
    marks = []
    for (start, end), facts in grouped.items():
        css = " ".join(sorted({f"fact-{f.get('fact', 'node')}" for f in facts}))
        title = "; ".join(dict.fromkeys(_describe(f) for f in facts))
        marks.append(_Mark(start, end, css, title))
    return marks


def _describe(fact: dict) -> str:
    if fact.get("fact") == "edge":
        return str(fact.get("type") or "")
    kind, name = fact.get("kind"), fact.get("name")
    return f"{kind}: {name}" if kind and name else str(name or kind or "")


def _close(out: list[str], open_marks: list[_Mark], bound: int) -> None:
    """Close the marks ending at ``bound``; marks above them on the stack are closed and reopened."""
    if not any(m.end == bound for m in open_marks):
        return
    reopen = []
    while any(m.end == bound for m in open_marks):
        mark = open_marks.pop()
        out.append("</mark>")
        if mark.end != bound:
            reopen.append(mark)
    for mark in reversed(reopen):
        out.append(mark.open(first=False))
        open_marks.append(mark)
