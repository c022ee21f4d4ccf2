"""Ingest runs: many files, each extracted and stored on its own.

A file that cannot be read or understood is reported and skipped; the other
files of the run are still stored. Store failures stop the run, because they
concern every file. Each file is read and extracted in a child process under
the ``extract_time_limit_s`` setting (see :mod:`alueverkko.ingest.worker`), so a
document that runs too long, crashes or exhausts memory fails on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from alueverkko.errors import DocumentError
from alueverkko.settings import Settings


@dataclass
class FileOutcome:
    path: str
    status: str = "failed"        # added | unchanged | replaced | failed
    document_id: str = ""
    nodes: int = 0
    edges: int = 0
    error: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass
class IngestReport:
    items: list[FileOutcome] = field(default_factory=list)

    @property
    def failed(self) -> list[FileOutcome]:
        return [item for item in self.items if item.status == "failed"]

    def summary(self) -> str:
        counts: dict[str, int] = {}
        for item in self.items:
            counts[item.status] = counts.get(item.status, 0) + 1
        return ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "nothing to do"

    def to_dict(self) -> dict:
        return {"summary": self.summary(), "files": [asdict(item) for item in self.items]}


def ingest_files(store, files: Iterable[Path], *, settings: Settings,
                 on_file: Callable[[Path], None] = lambda path: None) -> IngestReport:
    from alueverkko.ingest.worker import ExtractionWorker

    report = IngestReport()
    with ExtractionWorker(settings) as worker:
        for path in files:
            outcome = FileOutcome(path=str(path))
            try:
                extraction = worker.extract_file(path)
                result = store.ingest(extraction)
                outcome.status, outcome.document_id = result.status, result.document_id
                outcome.nodes, outcome.edges = len(extraction.nodes), len(extraction.edges)
                outcome.warnings = list(extraction.document.warnings)
            except DocumentError as exc:
                outcome.error = str(exc)
            report.items.append(outcome)
            on_file(path)
    return report
