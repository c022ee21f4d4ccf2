"""What a SPARQL query answers, as plain picklable data (it crosses a process boundary).

Solutions hold terms in the SPARQL 1.1 JSON results shape
(``{"type": "uri", "value": ...}``), which every result format can be written
from; :meth:`SparqlAnswer.to_results` turns them into the product's one
:class:`~alueverkko.queries.results.Results` type with plain values.

>>> answer = SparqlAnswer("select", ["n", "y"], [[{"type": "literal", "value": "Iitti"},
...                        {"type": "literal", "value": "2021", "datatype": XSD + "integer"}]])
>>> answer.to_results().rows
[['Iitti', 2021]]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from alueverkko.queries.results import Results

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {XSD + name for name in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                     "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedInt",
                                     "unsignedLong", "unsignedShort", "unsignedByte")}
_FLOATS = {XSD + "double", XSD + "float"}

Term = dict[str, Any]


@dataclass
class SparqlAnswer:
    form: str                                   # 'select', 'ask' or 'graph' (CONSTRUCT, DESCRIBE)
    variables: list[str] = field(default_factory=list)
    rows: list[list[Term | None]] = field(default_factory=list)
    boolean: bool | None = None
    graph: bytes = b""                          # CONSTRUCT/DESCRIBE, already serialised
    media_type: str = ""
    triples: int = 0
    truncated: bool = False
    elapsed_ms: float = 0.0
    notes: list[str] = field(default_factory=list)

    def to_results(self) -> Results:
        """The answer as the shared Results type (columns and plain values)."""
        if self.form == "ask":
            columns, rows = ["boolean"], [[bool(self.boolean)]]
        elif self.form == "graph":
            columns, rows = ["graph"], [[self.graph.decode("utf-8")]]
        else:
            columns, rows = list(self.variables), [[plain(term) for term in row] for row in self.rows]
        return Results(columns=columns, rows=rows, truncated=self.truncated, elapsed_ms=self.elapsed_ms,
                       engine="sparql", notes=list(self.notes))


def plain(term: Term | None) -> Any:
    """A term's value as Python: numbers and booleans typed, everything else text.

    >>> plain({"type": "literal", "value": "true", "datatype": XSD + "boolean"}), plain(None)
    (True, None)
    >>> plain({"type": "literal", "value": "120000", "datatype": XSD + "decimal"})
    120000
    """
    if term is None:
        return None
    value, datatype = term["value"], term.get("datatype")
    if term["type"] != "literal" or datatype is None:
        return value
    try:
        if datatype in _INTEGERS:
            return int(value)
        if datatype in _FLOATS:
            return float(value)
        if datatype == XSD + "decimal":
            number = Decimal(value)
            return int(number) if number == number.to_integral_value() else float(number)
        if datatype == XSD + "boolean":
            return value in ("true", "1")
    except (ValueError, InvalidOperation):
        return value
    return value
