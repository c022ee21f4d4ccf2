"""SPARQL result formats and content negotiation.

SELECT and ASK answers are written as SPARQL 1.1 Query Results JSON (the
default), XML, CSV or TSV; CONSTRUCT and DESCRIBE answers as Turtle (default),
JSON-LD, N-Triples or RDF/XML. The client chooses with ``Accept`` (q-values
honoured); a ``format=`` or ``output=`` parameter (json, xml, csv, tsv, turtle,
json-ld, nt, rdfxml) decides when ``Accept`` names none we serve. The JSON
results carry one extra member, ``"truncated"``, when the row cap cut them.

>>> negotiate("text/csv;q=0.5, application/sparql-results+xml", TABLE)
'xml'
>>> negotiate("*/*", GRAPH), negotiate("", TABLE, ["tsv"])
('turtle', 'tsv')
>>> render_table(SparqlAnswer("select", ["n"], [[{"type": "literal", "value": "Iitti"}]]), "csv")
b'n\\r\\nIitti\\r\\n'
"""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

from alueverkko.queries.sparql.answer import SparqlAnswer, Term

TABLE, GRAPH = "table", "graph"

TABLE_MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
               "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8"}
GRAPH_MEDIA = {"turtle": "text/turtle; charset=utf-8", "jsonld": "application/ld+json",
               "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml"}

_ACCEPT = {
    TABLE: {"application/sparql-results+json": "json", "application/json": "json",
            "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
            "text/csv": "csv", "text/tab-separated-values": "tsv"},
    GRAPH: {"text/turtle": "turtle", "application/turtle": "turtle", "application/x-turtle": "turtle",
            "application/ld+json": "jsonld", "application/x-json+ld": "jsonld", "application/json": "jsonld",
            "application/n-triples": "ntriples", "text/plain": "ntriples",
            "application/rdf+xml": "rdfxml", "application/xml": "rdfxml", "text/xml": "rdfxml"},
}
_WORDS = {
    TABLE: {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv"},
    GRAPH: {"turtle": "turtle", "ttl": "turtle", "json-ld": "jsonld", "jsonld": "jsonld", "json": "jsonld",
            "nt": "ntriples", "ntriples": "ntriples", "n-triples": "ntriples", "xml": "rdfxml", "rdfxml": "rdfxml",
            "rdf+xml": "rdfxml"},
}
_DEFAULT = {TABLE: "json", GRAPH: "turtle"}


def negotiate(accept: str, kind: str, format_params: list[str] = ()) -> str:
    """The format to answer in: the best ``Accept`` match, else a ``format=`` word, else the default."""
    for media in ranked_media(accept or ""):
        if media in _ACCEPT[kind]:
            return _ACCEPT[kind][media]
    for word in format_params:
        word = word.strip().lower()
        if word in _WORDS[kind]:
            return _WORDS[kind][word]
        if word in _ACCEPT[kind]:
            return _ACCEPT[kind][word]
    return _DEFAULT[kind]


def ranked_media(accept: str) -> list[str]:
    """Media types of an Accept header, best first (q-value, then order given)."""
    ranked = []
    for position, part in enumerate(accept.split(",")):
        media, *options = [piece.strip() for piece in part.split(";")]
        quality = 1.0
        for option in options:
            if option.startswith("q="):
                try:
                    quality = float(option[2:])
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranked.append((-quality, position, media.lower()))
    return [media for _, _, media in sorted(ranked)]


def render_table(answer: SparqlAnswer, fmt: str) -> bytes:
    """A SELECT or ASK answer in one of the four result formats."""
    return _WRITERS[fmt](answer)


def _json(answer: SparqlAnswer) -> bytes:
    if answer.form == "ask":
        body = {"head": {}, "boolean": bool(answer.boolean)}
    else:
        bindings = [{var: term for var, term in zip(answer.variables, row) if term is not None} for row in answer.rows]
        body = {"head": {"vars": answer.variables}, "results": {"bindings": bindings}}
    body["truncated"] = answer.truncated
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def _xml(answer: SparqlAnswer) -> bytes:
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    if answer.form == "ask":
        out.append(f"</head>\n<boolean>{'true' if answer.boolean else 'false'}</boolean>\n</sparql>\n")
        return "".join(out).encode("utf-8")
    out.extend(f"<variable name={quoteattr(var)}/>" for var in answer.variables)
    out.append("</head>\n<results>\n")
    for row in answer.rows:
        out.append("<result>")
        out.extend(f"<binding name={quoteattr(var)}>{_xml_term(term)}</binding>"
                   for var, term in zip(answer.variables, row) if term is not None)
        out.append("</result>\n")
    out.append("</results>\n</sparql>\n")
    return "".join(out).encode("utf-8")


def _xml_term(term: Term) -> str:
    value = escape(term["value"])
    if term["type"] == "uri":
        return f"<uri>{value}</uri>"
    if term["type"] == "bnode":
        return f"<bnode>{value}</bnode>"
    if "xml:lang" in term:
        return f"<literal xml:lang={quoteattr(term['xml:lang'])}>{value}</literal>"
    if "datatype" in term:
        return f"<literal datatype={quoteattr(term['datatype'])}>{value}</literal>"
    return f"<literal>{value}</literal>"


def _csv(answer: SparqlAnswer) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if answer.form == "ask":
        writer.writerows([["boolean"], ["true" if answer.boolean else "false"]])
    else:
        writer.writerow(answer.variables)
        for row in answer.rows:
            writer.writerow(["" if t is None else ("_:" + t["value"] if t["type"] == "bnode" else t["value"])
                             for t in row])
    return buffer.getvalue().encode("utf-8")


def _tsv(answer: SparqlAnswer) -> bytes:
    if answer.form == "ask":
        return f"?boolean\n{'true' if answer.boolean else 'false'}\n".encode()
    lines = ["\t".join("?" + var for var in answer.variables)]
    lines.extend("\t".join("" if t is None else turtle_term(t) for t in row) for row in answer.rows)
    return ("\n".join(lines) + "\n").encode("utf-8")


def turtle_term(term: Term) -> str:
    """A term in Turtle/N-Triples syntax, as TSV results write it.

    >>> turtle_term({"type": "literal", "value": 'a "b"\\tc', "xml:lang": "fi"})
    '"a \\\\"b\\\\"\\\\tc"@fi'
    """
    if term["type"] == "uri":
        return f"<{term['value']}>"
    if term["type"] == "bnode":
        return f"_:{term['value']}"
    text = (term["value"].replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r").replace("\t", "\\t"))
    if "xml:lang" in term:
        return f'"{text}"@{term["xml:lang"]}'
    if "datatype" in term:
        return f'"{text}"^^<{term["datatype"]}>'
    return f'"{text}"'


_WRITERS = {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}
