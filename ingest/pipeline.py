"""The ingest pipeline: a file becomes an :class:`Extraction` ready for the store.

The extraction steps (structure, mentions, resolution, relations) are added by
the extraction work; until then a document is stored with no facts.
"""

from __future__ import annotations

from pathlib import Path

from alueverkko.graph.model import Document, Extraction
from alueverkko.ingest.loaders import load


def extract_document(document: Document) -> Extraction:
    """All facts one document states, each with its evidence."""
    return Extraction(document=document)


def extract_file(path: Path, *, max_bytes: int = 50 * 1024 * 1024) -> Extraction:
    return extract_document(load(path, max_bytes=max_bytes))
