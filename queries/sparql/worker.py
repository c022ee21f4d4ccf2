"""Running one SPARQL query on a read-only snapshot: in a worker process, or in-process.

:func:`execute` is the whole evaluation: the read-only guard (for user
queries), Oxigraph's native engine over the union of all graphs, the row cap
(solutions are read lazily, one more than the cap, so a capped query stops
early), and serialisation of graph answers. It runs inside a worker process
(``python -m alueverkko.queries.sparql.worker``) so that a query over its time
limit can be stopped by killing the process; the protocol is length-prefixed
pickles over the worker's stdin and stdout.

>>> import pyoxigraph as ox, tempfile
>>> folder = tempfile.mkdtemp()
>>> store = ox.Store(folder)
>>> store.add(ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p"), ox.Literal("1"), ox.NamedNode("http://x/g")))
>>> del store
>>> execute(QueryRequest("SELECT ?o WHERE { ?s ?p ?o }", folder, base_iri="http://x/")).rows
[[{'type': 'literal', 'value': '1'}]]
"""

from __future__ import annotations

import os
import pickle
import struct
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from alueverkko.errors import AlueverkkoError, QueryError, StoreError
from alueverkko.queries.sparql.answer import SparqlAnswer
from alueverkko.queries.sparql.formats import GRAPH_MEDIA

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class QueryRequest:
    text: str
    snapshot: str
    base_iri: str = ""                                  # relative IRIs in the query resolve against it
    prefixes: dict[str, str] = field(default_factory=dict)
    row_cap: int = 1000
    graph_format: str = "turtle"
    check: bool = True                                  # run the read-only guard (user queries)
    default_graph: tuple[str, ...] = ()                 # protocol's default-graph-uri; empty = union of all
    named_graphs: tuple[str, ...] = ()


_open_stores: dict[str, Any] = {}


def execute(request: QueryRequest) -> SparqlAnswer:
    """Evaluate one query; errors are domain errors (QueryError, QueryRefused, StoreError)."""
    from alueverkko.queries.sparql.guard import check_read_only

    started = time.perf_counter()
    text = check_read_only(request.text) if request.check else request.text
    store = _snapshot(request.snapshot)
    try:
        result = store.query(text, base_iri=request.base_iri or None, prefixes=request.prefixes or None,
                             **_dataset(request))
        answer = _collect(result, request)
    except SyntaxError as exc:
        raise QueryError(f"The query is not valid SPARQL: {exc}.", where="query",
                         fix="Check the syntax near the position given; declare every prefix you use.") from exc
    except OSError as exc:
        raise StoreError(f"Reading the RDF store failed: {exc}.", where=request.snapshot,
                         fix="Try again; if it persists, delete DATA/rdf so it is rebuilt.") from exc
    except (TypeError, ValueError) as exc:
        raise QueryError(f"The query could not be evaluated: {exc}.", where="query", fix="Check the query.") from exc
    answer.elapsed_ms = (time.perf_counter() - started) * 1000
    return answer


def _dataset(request: QueryRequest) -> dict:
    import pyoxigraph as ox

    options: dict[str, Any] = {}
    if request.default_graph:
        options["default_graph"] = [ox.NamedNode(iri) for iri in request.default_graph]
    else:
        options["use_default_graph_as_union"] = True
    if request.named_graphs:
        options["named_graphs"] = [ox.NamedNode(iri) for iri in request.named_graphs]
    return options


def _snapshot(path: str):
    """The read-only store of a snapshot; one open at a time (the newest asked for)."""
    import pyoxigraph as ox

    store = _open_stores.get(path)
    if store is None:
        _open_stores.clear()
        try:
            store = _open_stores[path] = ox.Store.read_only(path)
        except OSError as exc:
            raise StoreError(f"Cannot open the RDF snapshot: {exc}.", where=path,
                             fix="Try again: a newer snapshot replaces it.") from exc
    return store


def _collect(result, request: QueryRequest) -> SparqlAnswer:
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        return SparqlAnswer("ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows, truncated = [], False
        for solution in result:
            if len(rows) == request.row_cap:
                truncated = True
                break
            rows.append([json_term(solution[i]) for i in range(len(variables))])
        return SparqlAnswer("select", variables, rows, truncated=truncated)
    triples, truncated = [], False
    for triple in result:
        if len(triples) == request.row_cap:
            truncated = True
            break
        triples.append(triple)
    return SparqlAnswer("graph", graph=serialize_graph(triples, request.graph_format, request.prefixes),
                        media_type=GRAPH_MEDIA[request.graph_format], triples=len(triples), truncated=truncated)


def json_term(term) -> dict | None:
    """A pyoxigraph term in the SPARQL 1.1 JSON results shape."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        if term.language:
            return {"type": "literal", "value": term.value, "xml:lang": term.language}
        if term.datatype.value != _XSD_STRING:
            return {"type": "literal", "value": term.value, "datatype": term.datatype.value}
        return {"type": "literal", "value": term.value}
    return {"type": "triple", "value": {"subject": json_term(term.subject), "predicate": json_term(term.predicate),
                                        "object": json_term(term.object)}}


def serialize_graph(triples: list, fmt: str, prefixes: dict[str, str]) -> bytes:
    """Triples as Turtle, N-Triples or RDF/XML (Oxigraph), or compacted JSON-LD (rdflib)."""
    import pyoxigraph as ox

    if fmt == "jsonld":
        from rdflib import Graph

        from alueverkko.graph.rdf.convert import from_ox

        graph = Graph()
        for triple in triples:
            graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
        return graph.serialize(format="json-ld", context=dict(prefixes), auto_compact=True).encode("utf-8")
    formats = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML}
    return ox.serialize(triples, format=formats[fmt], prefixes=dict(prefixes) if fmt != "ntriples" else None) or b""


# -- the worker process ----------------------------------------------------------------

def send(stream, message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack(">Q", len(data)) + data)
    stream.flush()


def receive(stream) -> Any:
    header = _read_exactly(stream, 8)
    if header is None:
        return None
    body = _read_exactly(stream, struct.unpack(">Q", header)[0])
    if body is None:
        raise EOFError("the other side closed the pipe mid-message")
    return pickle.loads(body)


def _read_exactly(stream, size: int) -> bytes | None:
    chunks, remaining = [], size
    while remaining:
        chunk = stream.read(remaining)
        if not chunk:
            return None
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def serve(requests, replies) -> None:
    """Answer requests until the parent closes the pipe."""
    send(replies, ("ready", os.getpid()))
    while (request := receive(requests)) is not None:
        try:
            send(replies, ("ok", execute(request)))
        except AlueverkkoError as exc:
            send(replies, ("error", (type(exc).__name__, exc.message, exc.where, exc.fix, exc.details)))
        except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises a domain error
            send(replies, ("error", ("QueryError", f"The query failed: {exc}.", "query", "Check the query.", {})))


def main() -> None:
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed by accident goes to stderr, never into the protocol
    import pyoxigraph  # noqa: F401 - warm up before the first query
    import rdflib.plugins.sparql.parser  # noqa: F401
    serve(sys.stdin.buffer, replies)


if __name__ == "__main__":
    main()
