"""One result type for every query engine (SPARQL, Cypher, canned queries).

>>> r = Results(columns=["name"], rows=[["Kouvola"]], truncated=False)
>>> r.to_dict()["rows"]
[['Kouvola']]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Results:
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False
    elapsed_ms: float = 0.0
    engine: str = ""
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"columns": self.columns, "rows": self.rows, "truncated": self.truncated,
                "elapsed_ms": round(self.elapsed_ms, 2), "engine": self.engine, "notes": self.notes}
