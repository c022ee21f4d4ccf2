"""Canned SPARQL queries: named ``*.rq`` files with a title, a description and parameters.

The header of each file says what it is and what it takes::

    # title: Funders of a programme
    # description: Who funds a programme ...
    # params: programme (entity): the programme, e.g. programme:vaarojen-elinvoimaohjelma
    # params: year (integer, optional): ...

Each parameter is bound through a ``VALUES ?name { UNDEF }`` clause the query
itself declares (as written, the file runs anywhere and leaves the parameter
open). Binding replaces that one ``UNDEF`` token with the value as an RDF term
that pyoxigraph built and serialised: an IRI it validated, or an escaped
literal, so a value can never become query syntax. (Oxigraph's own
``substitutions`` bind variables only after evaluating the whole query, which
measured 10 to 100 times slower on these queries; see docs/rdf.md.) Files
whose name starts with ``_`` are internal and not listed.

>>> sorted(q.name for q in list_queries())
['co_participation', 'coordinators', 'programme_funders', 'projects_by_year', 'region_actors']
>>> q = get_query("programme_funders")
>>> q.params[0].name, q.params[0].type, q.params[0].optional
('programme', 'entity', False)
>>> q.terms({"programme": "programme:vaara"}, "http://x")
{'programme': ('iri', 'http://x/id/programme/vaara')}
>>> "VALUES ?programme { <http://x/id/programme/vaara> }" in q.bind({"programme": "programme:vaara"}, "http://x")
True
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources

from alueverkko.errors import InvalidInput, NotFound

PARAM_TYPES = ("entity", "iri", "integer", "string")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s*\((?P<type>\w+)(?P<optional>\s*,\s*optional)?\)\s*:?\s*(?P<text>.*)$")
_NODE_ID = re.compile(r"^(?P<kind>[a-z]+):(?P<slug>[^\s/:]+)$")
_IRI = re.compile(r"^[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]*$", re.IGNORECASE)

#: A term as plain picklable data: ('iri', value) or ('literal', value, datatype IRI or '').
TermSpec = tuple


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    optional: bool
    description: str


@dataclass(frozen=True)
class CannedQuery:
    name: str
    title: str
    description: str
    text: str
    params: tuple[Param, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        return {"name": self.name, "title": self.title, "description": self.description,
                "params": [asdict(p) for p in self.params], "text": self.text}

    def bind(self, values: dict[str, str], base_iri: str) -> str:
        """The query text with the given parameter values bound in its VALUES clauses."""
        terms = {name: serialize_term(spec) for name, spec in self.terms(values, base_iri).items()}
        slots = sorted((position, name) for name, positions in value_slots(self.text).items()
                       for position in positions if name in terms)
        pieces, last = [], 0
        for position, name in slots:
            pieces += [self.text[last:position], terms[name]]
            last = position + len("UNDEF")
        return "".join(pieces) + self.text[last:]

    def terms(self, values: dict[str, str], base_iri: str) -> dict[str, TermSpec]:
        """The terms for the given parameter values; checks names, types and what is required."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise InvalidInput(f"The query {self.name!r} has no parameter {unknown[0]!r}.", where=f"param {unknown[0]}",
                               fix=f"Its parameters are: {', '.join(known) or 'none'}.")
        bound = {}
        for param in self.params:
            value = values.get(param.name)
            if value is None or str(value).strip() == "":
                if not param.optional:
                    raise InvalidInput(f"The query {self.name!r} needs the parameter {param.name!r}.",
                                       where=f"param {param.name}", fix=f"Give it: {param.description}")
                continue
            bound[param.name] = term_for(param, str(value).strip(), base_iri)
        return bound


def value_slots(text: str) -> dict[str, list[int]]:
    """Where the UNDEF of each ``VALUES ?name { UNDEF }`` clause stands, by parameter name.

    A parameter may have several clauses (one per UNION branch, so that each
    branch starts from the bound value); binding fills them all.

    >>> value_slots("SELECT * WHERE { VALUES ?year { UNDEF } ?p ?q ?year }")
    {'year': [32]}
    """
    from alueverkko.queries.sparql.guard import tokens

    found: dict[str, list[int]] = {}
    toks = tokens(text)
    for i in range(len(toks) - 4):
        words = [t[1] for t in toks[i:i + 5]]
        if words[0].upper() == "VALUES" and words[1].startswith("?") and words[2:] == ["{", "UNDEF", "}"]:
            found.setdefault(words[1][1:], []).append(toks[i + 3][2])
    return found


def serialize_term(spec: TermSpec) -> str:
    r"""A term in SPARQL syntax, built and escaped by pyoxigraph (which refuses invalid IRIs).

    >>> serialize_term(("literal", 'a "quoted" } word', ""))
    '"a \\"quoted\\" } word"'
    """
    import pyoxigraph as ox

    try:
        if spec[0] == "iri":
            return str(ox.NamedNode(spec[1]))
        return str(ox.Literal(spec[1], datatype=ox.NamedNode(spec[2])) if spec[2] else ox.Literal(spec[1]))
    except ValueError as exc:
        raise InvalidInput(f"{spec[1]!r} is not a valid RDF term: {exc}.", where="param",
                           fix="Give a node id such as municipality:kouvola, or a valid IRI.") from exc


def term_for(param: Param, value: str, base_iri: str) -> TermSpec:
    """One parameter value as a term: node ids become our IRIs, integers typed literals.

    >>> term_for(Param("year", "integer", False, ""), "2021", "http://x")
    ('literal', '2021', 'http://www.w3.org/2001/XMLSchema#integer')
    """
    if param.type == "integer":
        if not re.fullmatch(r"[+-]?\d{1,18}", value):
            raise InvalidInput(f"The parameter {param.name!r} must be a whole number, not {value!r}.",
                               where=f"param {param.name}", fix="Give digits only, e.g. 2021.")
        return ("literal", str(int(value)), "http://www.w3.org/2001/XMLSchema#integer")
    if param.type == "string":
        return ("literal", value, "")
    node = _NODE_ID.match(value)
    if node and param.type == "entity":
        return ("iri", f"{base_iri.rstrip('/')}/id/{node['kind']}/{node['slug']}")
    if _IRI.match(value) and "://" in value:
        return ("iri", value)
    raise InvalidInput(f"The parameter {param.name!r} must be an entity id (kind:slug) or an IRI, not {value!r}.",
                       where=f"param {param.name}", fix="Give an id such as municipality:kouvola, or a full http IRI.")


@lru_cache(maxsize=1)
def _all_queries() -> dict[str, CannedQuery]:
    folder = resources.files("alueverkko.queries.sparql")
    found = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            found[name] = parse_query_file(name, entry.read_text(encoding="utf-8"))
    return found


def parse_query_file(name: str, text: str) -> CannedQuery:
    """Read the ``# title:``, ``# description:`` and ``# params:`` header of one file."""
    header: dict[str, list[str]] = {}
    for line in text.splitlines():
        match = re.match(r"^#\s*(title|description|params)\s*:\s*(.*)$", line.strip())
        if match:
            header.setdefault(match[1], []).append(match[2].strip())
    if not header.get("title") or not header.get("description"):
        raise ValueError(f"the canned query {name}.rq needs '# title:' and '# description:' lines")
    params = tuple(_param(name, line) for line in header.get("params", []))
    slots = value_slots(text)
    unbound = [p.name for p in params if p.name not in slots]
    if unbound:
        raise ValueError(f"{name}.rq: each parameter needs a 'VALUES ?{unbound[0]} {{ UNDEF }}' clause to bind it")
    return CannedQuery(name, header["title"][0], " ".join(header["description"]), text, params)


def _param(query: str, line: str) -> Param:
    match = _PARAM.match(line)
    if not match or match["type"] not in PARAM_TYPES:
        raise ValueError(f"{query}.rq: cannot read the parameter line {line!r} (want 'name (type[, optional]): text')")
    return Param(match["name"], match["type"], bool(match["optional"]), match["text"])


def list_queries() -> list[CannedQuery]:
    """The public canned queries, by name."""
    return [q for name, q in sorted(_all_queries().items()) if not name.startswith("_")]


def get_query(name: str, *, internal: bool = False) -> CannedQuery:
    query = _all_queries().get(name)
    if query is None or (name.startswith("_") and not internal):
        raise NotFound(f"No canned SPARQL query is called {name!r}.", where="query",
                       fix="List them with GET /api/sparql/queries or `alueverkko query sparql --list`.")
    return query
