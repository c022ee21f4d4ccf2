"""The read-only guard: user queries that would write or call out are refused before they run.

The query is parsed with rdflib's SPARQL parser, as sent and once more
un-escaped as the SPARQL grammar says (``\\u0049NSERT`` is ``INSERT``):

* it parses as a query: refused if its parse tree holds a ``SERVICE`` pattern;
* it parses as an update (INSERT, DELETE, LOAD, CLEAR, CREATE, DROP, COPY,
  MOVE, ADD): refused, naming the operations;
* it parses as neither (rdflib's parser is stricter than Oxigraph's in a few
  corners): a lexical scan that skips comments, strings and IRIs refuses a
  ``SERVICE`` keyword or an update keyword; anything else goes on to Oxigraph,
  which reports its own syntax error. Oxigraph's query entry point cannot run
  updates at all, and workers read read-only snapshots.

>>> check_read_only("SELECT * WHERE { ?s ?p ?o }")
'SELECT * WHERE { ?s ?p ?o }'
>>> check_read_only("INSERT DATA { <a:a> <a:b> <a:c> }")
Traceback (most recent call last):
...
alueverkko.errors.QueryRefused: SPARQL updates are refused: this endpoint is read-only (the request is INSERT DATA). ...
>>> check_read_only("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
...
alueverkko.errors.QueryRefused: Federated queries (SERVICE) are refused: this endpoint never calls other servers. ...
"""

from __future__ import annotations

import re

from alueverkko.errors import QueryRefused

UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
_UPDATE_NAMES = {"InsertData": "INSERT DATA", "DeleteData": "DELETE DATA", "DeleteWhere": "DELETE WHERE",
                 "Modify": "DELETE/INSERT", "Load": "LOAD", "Clear": "CLEAR", "Drop": "DROP", "Create": "CREATE",
                 "Add": "ADD", "Move": "MOVE", "Copy": "COPY"}
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''|"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<word>[?$]?[^\s{}()\[\];,.<>"'=!&|+*/^#]+(?:\.[^\s{}()\[\];,.<>"'=!&|+*/^#]+)*)
  | (?P<other>\S)
""", re.VERBOSE | re.DOTALL)

UPDATE_FIX = ("Change the graph through its documents (`alueverkko ingest` / `alueverkko remove`, or the upload API); "
              "this endpoint answers SELECT, ASK, CONSTRUCT and DESCRIBE.")
SERVICE_FIX = "Remove the SERVICE clause: query the other endpoint yourself, or ingest its data as documents."


def unescape(text: str) -> str:
    r"""Replace SPARQL's codepoint escapes, as the SPARQL grammar does before parsing.

    >>> unescape(r"SERV\u0049CE")
    'SERVICE'
    """
    return _ESCAPE.sub(lambda m: chr(int(m[1] or m[2], 16)), text)


def check_read_only(text: str) -> str:
    """The query to run, or :class:`QueryRefused` when it would write or call out.

    The text as sent is what Oxigraph parses; the un-escaped text is what the
    SPARQL grammar says it means. Both must pass.
    """
    _check(text)
    unescaped = unescape(text)
    if unescaped != text:
        _check(unescaped)
    return text


def _check(text: str) -> None:
    tree = _parse(text, "query")
    if tree is not None:
        if "ServiceGraphPattern" in _names(tree):
            raise _service_refused()
        return
    update = _parse(text, "update")
    if update is not None:
        operations = [_UPDATE_NAMES.get(op.name, op.name) for op in update.request]
        raise _update_refused(operations)
    _lexical_check(text)


def _parse(text: str, kind: str):
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        return parseQuery(text) if kind == "query" else parseUpdate(text)
    except (ParseBaseException, ValueError, TypeError, RecursionError):
        return None
    except Exception:  # rdflib raises assorted errors on odd input; the lexical check still runs
        return None


def _names(tree) -> set[str]:
    """Every rule name in an rdflib parse tree."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    names, stack = set(), [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            names.add(item.name)
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, ParseResults)):
            stack.extend(item)
    return names


def tokens(text: str) -> list[tuple[str, str, int, int]]:
    """The query's tokens as (kind, text, start, end), without comments; kinds: string, iri, word, other.

    >>> [t[1] for t in tokens('VALUES ?x { UNDEF } # note')]
    ['VALUES', '?x', '{', 'UNDEF', '}']
    """
    return [(match.lastgroup, match.group(), match.start(), match.end()) for match in _TOKEN.finditer(text)
            if match.lastgroup != "comment"]


def keywords(text: str) -> list[str]:
    """The bare words of a query in upper case, skipping comments, strings, IRIs, variables and prefixed names.

    >>> keywords('PREFIX ex: <http://x#service> SELECT ?service WHERE { ?s ex:service "SERVICE" } # SERVICE')
    ['PREFIX', 'SELECT', 'WHERE']
    """
    words = []
    for match in _TOKEN.finditer(text):
        word = match["word"]
        if word and word[0] not in "?$" and ":" not in word:
            words.append(word.upper())
    return words


def _lexical_check(text: str) -> None:
    words = keywords(text)
    if "SERVICE" in words:
        raise _service_refused()
    first = next((w for w in words if w not in ("PREFIX", "BASE")), "")
    if first in UPDATE_KEYWORDS:
        raise _update_refused([first])


def _update_refused(operations: list[str]) -> QueryRefused:
    shown = ", ".join(dict.fromkeys(operations)) or "an update"
    return QueryRefused(f"SPARQL updates are refused: this endpoint is read-only (the request is {shown}).",
                        where="query", fix=UPDATE_FIX, details={"refused": "update", "operations": operations})


def _service_refused() -> QueryRefused:
    return QueryRefused("Federated queries (SERVICE) are refused: this endpoint never calls other servers.",
                        where="query", fix=SERVICE_FIX, details={"refused": "service"})
