"""Attributes of nodes and relations in standard properties.

Dates become ``schema:startDate``/``schema:endDate`` (typed ``xsd:date`` or
``xsd:gYear`` when they parse), budgets a ``schema:MonetaryAmount`` in euros,
years ``av:year`` integers, contact details schema.org properties. Attributes
the model gives no meaning to are kept as ``av:attribute "key=value"`` text.

>>> date_literal("2024-03-01").datatype.endswith("#date"), date_literal("2024").datatype.endswith("#gYear")
(True, True)
>>> date_literal("maaliskuussa").datatype is None
True
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import ORG, RDF, XSD

from alueverkko.graph.rdf.namespaces import SCHEMA, av_term

Triple = tuple[URIRef, URIRef, object]

_YEAR = re.compile(r"^\d{4}$")
_YEAR_MONTH = re.compile(r"^\d{4}-\d{2}$")
_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


def date_literal(value: Any) -> Literal:
    """A date as the most precise XSD type it parses as, else as plain text."""
    text = str(value).strip()
    if _YEAR.match(text):
        return Literal(text, datatype=XSD.gYear)
    if _YEAR_MONTH.match(text):
        return Literal(text, datatype=XSD.gYearMonth)
    try:
        return Literal(date.fromisoformat(text[:10]).isoformat(), datatype=XSD.date)
    except ValueError:
        return Literal(text)


def year_of(value: Any) -> int | None:
    """The year a date attribute names, when it starts with one.

    >>> year_of("2021-05-01"), year_of("pian")
    (2021, None)
    """
    match = re.match(r"^(\d{4})", str(value).strip())
    return int(match.group(1)) if match else None


def attribute_triples(base_iri: str, subject: URIRef, attrs: dict[str, Any], *, person: bool = False) -> Iterator[Triple]:
    """Triples for every attribute of one node or relation."""
    for key, value in attrs.items():
        if value is None or value == "" or value == []:
            continue
        yield from _ATTRIBUTES.get(key, _other)(base_iri, subject, key, value, person)
    if "years" not in attrs:
        years = _years_between(attrs.get("start"), attrs.get("end"))
        yield from ((subject, av_term(base_iri, "year"), Literal(year)) for year in years)


def _years_between(start: Any, end: Any) -> range:
    first, last = year_of(start) if start else None, year_of(end) if end else None
    if first is None or last is None or not 0 <= last - first <= 50:
        return range(0)
    return range(first, last + 1)


def _values(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple, set)) else [value]


def _start(base_iri, subject, key, value, person) -> Iterator[Triple]:
    yield subject, SCHEMA.startDate, date_literal(value)


def _end(base_iri, subject, key, value, person) -> Iterator[Triple]:
    yield subject, SCHEMA.endDate, date_literal(value)


def _years(base_iri, subject, key, value, person) -> Iterator[Triple]:
    for year in _values(value):
        number = year_of(year)
        if number is not None:
            yield subject, av_term(base_iri, "year"), Literal(number)


def _budget(base_iri, subject, key, value, person) -> Iterator[Triple]:
    try:
        amount = float(value)
    except (TypeError, ValueError):
        yield from _other(base_iri, subject, key, value, person)
        return
    node = URIRef(f"{subject}#budget")
    yield subject, av_term(base_iri, "budget"), node
    yield node, RDF.type, SCHEMA.MonetaryAmount
    yield node, SCHEMA.value, Literal(str(int(amount)) if amount.is_integer() else str(amount), datatype=XSD.decimal)
    yield node, SCHEMA.currency, Literal("EUR")


def _text(prop: URIRef):
    def triples(base_iri, subject, key, value, person) -> Iterator[Triple]:
        for item in _values(value):
            yield subject, prop, Literal(str(item))
    return triples


def _role(base_iri, subject, key, value, person) -> Iterator[Triple]:
    prop = SCHEMA.jobTitle if person else av_term(base_iri, "roleName")
    for item in _values(value):
        yield subject, prop, Literal(str(item))


def _title(base_iri, subject, key, value, person) -> Iterator[Triple]:
    prop = SCHEMA.jobTitle if person else SCHEMA.alternateName
    for item in _values(value):
        yield subject, prop, Literal(str(item))


def _url(base_iri, subject, key, value, person) -> Iterator[Triple]:
    for item in _values(value):
        text = str(item).strip()
        yield subject, SCHEMA.url, URIRef(text) if _URL.match(text) else Literal(text)


def _business_id(base_iri, subject, key, value, person) -> Iterator[Triple]:
    for item in _values(value):
        yield subject, av_term(base_iri, "businessId"), Literal(str(item))
        yield subject, ORG.identifier, Literal(str(item))


def _other(base_iri, subject, key, value, person) -> Iterator[Triple]:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    yield subject, av_term(base_iri, "attribute"), Literal(f"{key}={text}")


_ATTRIBUTES = {
    "start": _start, "end": _end, "years": _years, "budget_eur": _budget,
    "email": _text(SCHEMA.email), "phone": _text(SCHEMA.telephone), "address": _text(SCHEMA.address),
    "role": _role, "title": _title, "url": _url, "business_id": _business_id,
}
