"""Canned queries: named, parameterised query files with a small header.

A canned query is a file ``NAME.cypher`` (or ``NAME.rq``) whose first comment
lines say what it is::

    // title: Partners of an organisation
    // description: Organisations that worked in the same projects, most shared first.
    // params: name, limit=25
    MATCH ...

``params`` lists the parameter names; ``name=VALUE`` gives a default (read as
JSON when it parses, as text otherwise), a name without one is required.

>>> q = parse_canned("partners", "// title: Partners\\n// params: name, limit=25\\nMATCH (n) RETURN n", "//")
>>> q.title, q.params, q.required
('Partners', {'name': None, 'limit': 25}, ['name'])
>>> q.bind({"name": "Kouvola"})
{'name': 'Kouvola', 'limit': 25}
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from alueverkko.errors import InvalidInput, NotFound

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True, slots=True)
class CannedQuery:
    name: str
    title: str
    description: str
    text: str
    params: dict[str, Any] = field(default_factory=dict)
    required: list[str] = field(default_factory=list)

    def bind(self, given: dict[str, Any]) -> dict[str, Any]:
        """The parameters to run with: the given ones over the defaults; all required present."""
        unknown = sorted(set(given) - set(self.params))
        if unknown:
            raise InvalidInput(f"The canned query {self.name!r} has no parameter {unknown[0]!r}.", where="params",
                               fix=f"Its parameters are: {', '.join(self.params) or 'none'}.")
        missing = [p for p in self.required if given.get(p) is None]
        if missing:
            raise InvalidInput(f"The canned query {self.name!r} needs the parameter {missing[0]!r}.", where="params",
                               fix=f"Give it, e.g. --param {missing[0]}=VALUE or \"params\": {{\"{missing[0]}\": ...}}.")
        return {**self.params, **given}

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "description": self.description,
                "params": [{"name": p, "required": p in self.required, "default": d} for p, d in self.params.items()]}


def parse_canned(name: str, text: str, comment: str) -> CannedQuery:
    header: dict[str, str] = {}
    for line in text.splitlines():
        match = re.match(rf"^\s*{re.escape(comment)}\s*(title|description|params)\s*:\s*(.*)$", line)
        if match:
            key, value = match.groups()
            header[key] = (header.get(key, "") + " " + value).strip()
        elif line.strip() and not line.strip().startswith(comment):
            break
    params, required = parse_params(header.get("params", ""))
    return CannedQuery(name, header.get("title", name), header.get("description", ""), text, params, required)


def parse_params(spec: str) -> tuple[dict[str, Any], list[str]]:
    """``"name, limit=25"`` -> ({'name': None, 'limit': 25}, ['name'])."""
    params, required = {}, []
    for item in filter(None, (part.strip() for part in spec.split(","))):
        key, has_default, raw = (part.strip() for part in item.partition("="))
        params[key] = parse_value(raw) if has_default else None
        if not has_default:
            required.append(key)
    return params, required


def parse_value(raw: str) -> Any:
    """A parameter value from text: JSON when it parses (``25``, ``true``, ``["a"]``), else the text itself.

    >>> parse_value("25"), parse_value("Kouvola"), parse_value('"25"'), parse_value("null")
    (25, 'Kouvola', '25', None)
    """
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def load_canned(package: str, folder: str, suffix: str, comment: str) -> dict[str, CannedQuery]:
    """Every canned query in a package folder, by name."""
    files = resources.files(package).joinpath(folder).iterdir()
    return {f.name[: -len(suffix)]: parse_canned(f.name[: -len(suffix)], f.read_text(encoding="utf-8"), comment)
            for f in sorted(files, key=lambda f: f.name) if f.name.endswith(suffix)}


def find_canned(queries: dict[str, CannedQuery], name: str) -> CannedQuery:
    if not NAME.match(name) or name not in queries:
        raise NotFound(f"No canned query is named {name!r}.", where="canned query",
                       fix=f"Choose one of: {', '.join(sorted(queries))}.")
    return queries[name]
