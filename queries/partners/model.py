"""What a partner search asks and what it answers.

A :class:`PartnerRequest` is validated once, wherever it comes from (API query
string, JSON body, command line); a bad value is an ``InvalidInput`` that says
which field and how to fix it.

>>> r = PartnerRequest.parse(idea="kylämatkailu", years="2019–2024", kinds="organisations,people",
...                          on_board="Savonia; UEF")
>>> r.years, r.kinds, r.on_board
((2019, 2024), ['organisations', 'people'], ['Savonia', 'UEF'])
>>> PartnerRequest.parse(idea="x", role="koordinaattori").role
'coordinator'
>>> PartnerRequest.parse(idea="x", years="2024-2019")
Traceback (most recent call last):
...
alueverkko.errors.InvalidInput: The years 2024-2019 end before they begin. (at years) Fix: ...
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from alueverkko.errors import InvalidInput

KINDS = ("organisations", "municipalities", "people")
DEFAULT_KINDS = ("organisations", "people")
KIND_WORDS = {
    "organisations": "organisations", "organisation": "organisations", "organizations": "organisations",
    "organisaatiot": "organisations", "organisaatio": "organisations", "orgs": "organisations",
    "municipalities": "municipalities", "municipality": "municipalities", "kunnat": "municipalities",
    "kunta": "municipalities", "people": "people", "persons": "people", "person": "people",
    "henkilöt": "people", "henkilö": "people", "ihmiset": "people",
}
ROLE_WORDS = {
    "coordinator": "coordinator", "koordinaattori": "coordinator", "päätoteuttaja": "coordinator",
    "participant": "participant", "partner": "participant", "osallistuja": "participant",
    "osatoteuttaja": "participant", "any": None, "kaikki": None, "": None,
}
MAX_LIMIT = 100


class PartnerRequest(BaseModel):
    """A project idea and the wishes for its partners."""

    model_config = ConfigDict(extra="forbid")

    idea: str = Field("", max_length=4000, description="The project idea in Finnish (English accepted).")
    region: str | None = Field(None, max_length=200,
                               description="A region or municipality: name, inflected name or id.")
    role: str | None = Field(None, description="Preferred role: coordinator or participant.")
    years: tuple[int, int] | None = Field(None, description="Only work in these years counts, e.g. 2019-2024.")
    on_board: list[str] = Field(default_factory=list, description="Organisations already on board (names or ids).")
    kinds: list[str] = Field(default_factory=lambda: list(DEFAULT_KINDS),
                             description="Any of organisations, municipalities, people; "
                                         "default organisations and people.")
    limit: int = Field(10, ge=1, le=MAX_LIMIT, description="How many partners to return.")
    lang: str = Field("fi", pattern="^(fi|en)$", description="Language of the reasons and messages.")

    @classmethod
    def parse(cls, **raw: Any) -> PartnerRequest:
        """Validate, turning pydantic's errors into one domain error naming the field."""
        raw = {k: v for k, v in raw.items() if v is not None}
        try:
            return cls(**raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ())) or "request"
            cause = first.get("ctx", {}).get("error")
            if isinstance(cause, InvalidInput):
                raise cause from None
            raise InvalidInput(f"Invalid {where}: {first.get('msg', 'invalid value')}.", where=where,
                               fix=_FIXES.get(where, "See GET /docs for the accepted values."),
                               details={"problems": [{"where": where, "problem": e.get("msg", "")}
                                                     for e in exc.errors()]}) from None

    @field_validator("region", mode="before")
    @classmethod
    def _region(cls, value):
        return (value.strip() or None) if isinstance(value, str) else value

    @field_validator("role", mode="before")
    @classmethod
    def _role(cls, value):
        if value is None:
            return None
        key = str(value).strip().lower()
        if key not in ROLE_WORDS:
            raise InvalidInput(f"Unknown role {value!r}.", where="role",
                               fix="Use coordinator or participant, or leave it empty.")
        return ROLE_WORDS[key]

    @field_validator("years", mode="before")
    @classmethod
    def _years(cls, value):
        if value is None or value == "" or isinstance(value, tuple | list) and len(value) == 2:
            return tuple(value) if isinstance(value, list) else (value or None)
        found = re.fullmatch(r"\s*(\d{4})\s*(?:[-–—]|\.\.)?\s*(\d{4})?\s*", str(value))
        if not found:
            raise InvalidInput(f"Cannot read the years {value!r}.", where="years",
                               fix="Give the years as FIRST-LAST, e.g. 2019-2024, or one year.")
        first, last = int(found[1]), int(found[2] or found[1])
        if last < first:
            raise InvalidInput(f"The years {first}-{last} end before they begin.", where="years",
                               fix="Give the years as FIRST-LAST, e.g. 2019-2024.")
        return first, last

    @field_validator("on_board", mode="before")
    @classmethod
    def _on_board(cls, value):
        return _list(value, r"[;\n]")

    @field_validator("kinds", mode="before")
    @classmethod
    def _kinds(cls, value):
        kinds = []
        for item in _list(value, r"[,;\s]+") or list(DEFAULT_KINDS):
            if item.lower() not in KIND_WORDS:
                raise InvalidInput(f"Unknown kind {item!r}.", where="kinds",
                                   fix="Use organisations, municipalities and/or people, comma-separated.")
            kinds.append(KIND_WORDS[item.lower()])
        return list(dict.fromkeys(kinds))


_FIXES = {"limit": f"Give a number from 1 to {MAX_LIMIT}.", "lang": "Use fi or en.",
          "idea": "Shorten the idea to at most 4000 characters."}


def _list(value, separator: str) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else [value]
    out: list[str] = []
    for item in items:
        out += [part.strip() for part in re.split(separator, str(item)) if part.strip()]
    return out


def entity_href(node_id: str) -> str:
    """The entity page of a node.

    >>> entity_href("organisation:vaara-karjalan-matkailu-ry")
    '/entities/organisation:vaara-karjalan-matkailu-ry'
    """
    return f"/entities/{quote(node_id, safe=':~')}"


def map_href(node_id: str) -> str:
    return f"/maps/entity/{quote(node_id, safe=':~')}"


def evidence_href(document: str, start: int, end: int) -> str:
    """Where a span of a document is shown.

    >>> evidence_href("abc", 3, 9)
    '/documents/abc#span-3-9'
    """
    return f"/documents/{quote(document, safe='')}#span-{start}-{end}"


@dataclass(slots=True)
class EvidenceLink:
    document: str
    start: int
    end: int
    quote: str
    title: str = ""
    href: str = ""

    def __post_init__(self) -> None:
        self.href = self.href or evidence_href(self.document, self.start, self.end)


@dataclass(slots=True)
class EntityLink:
    id: str
    name: str
    kind: str
    href: str = ""

    def __post_init__(self) -> None:
        self.href = self.href or entity_href(self.id)


@dataclass(slots=True)
class Reason:
    """One plain-language reason, with the entities it names and the evidence behind it."""

    kind: str
    text: str
    entities: list[EntityLink] = field(default_factory=list)
    evidence: list[EvidenceLink] = field(default_factory=list)


@dataclass(slots=True)
class ScorePart:
    name: str
    label: str
    value: float        # 0..1
    weight: float       # the share of the score this part has in this request (0 if it does not apply)
    contribution: float


@dataclass(slots=True)
class Partner:
    rank: int
    id: str
    kind: str
    name: str
    score: float
    parts: list[ScorePart]
    reasons: list[Reason]
    entity_href: str = ""
    map_href: str = ""


@dataclass(slots=True)
class PartnerResults:
    results: list[Partner] = field(default_factory=list)
    message: str = ""
    notes: list[str] = field(default_factory=list)
    query: dict[str, Any] = field(default_factory=dict)
    index: dict[str, Any] = field(default_factory=dict)
    elapsed_ms: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["elapsed_ms"] = round(self.elapsed_ms, 1)
        return data
