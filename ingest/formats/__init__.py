"""One module per file format; each turns a file's bytes into plain text.

Every format loader is a function ``load_x(source: Source) -> Loaded``. They
write the same plain-text layout (see :mod:`alueverkko.ingest.formats.layout`),
so the structure step reads paragraphs, lists, tables and key-value fields the
same way whatever the file was. :func:`alueverkko.ingest.loaders.load` is the
single entry point; it picks the loader from the file's suffix.

>>> FORMATS[".htm"]
'html'
>>> Source(Path("hankkeet.csv"), b"", None).error("Bad.", problem="empty", fix="Fix it.").details
{'problem': 'empty'}
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from alueverkko.errors import DocumentError

if TYPE_CHECKING:
    from alueverkko.settings import Settings

#: File suffix -> format name (the ``Document.format`` of what it loads).
FORMATS: dict[str, str] = {
    ".txt": "txt", ".md": "md", ".html": "html", ".htm": "html", ".pdf": "pdf",
    ".docx": "docx", ".csv": "csv", ".xlsx": "xlsx",
}

# Imported only when a file of the format is loaded: pdfplumber, python-docx
# and openpyxl are slow to import and most runs need one or two of them.
_LOADERS: dict[str, str] = {
    "txt": "plain:load_txt", "md": "plain:load_markdown", "html": "webpage:load_html",
    "pdf": "pdf:load_pdf", "docx": "word:load_docx", "csv": "spreadsheet:load_csv",
    "xlsx": "spreadsheet:load_xlsx",
}


@dataclass(frozen=True, slots=True)
class Source:
    """One file being loaded: where it is, its bytes, and the settings in force."""

    path: Path
    data: bytes
    settings: Settings

    @property
    def where(self) -> str:
        return str(self.path)

    def error(self, message: str, *, problem: str, fix: str) -> DocumentError:
        """A DocumentError naming this file; ``problem`` is a stable slug for programs."""
        return DocumentError(message, where=self.where, fix=fix, details={"problem": problem})


@dataclass(slots=True)
class Loaded:
    """What a format loader read: the text, a title if the format has one, warnings."""

    text: str
    title: str = ""
    warnings: list[str] = field(default_factory=list)


def loader_for(fmt: str) -> Callable[[Source], Loaded]:
    """The load function of a format name (a key of the values of FORMATS)."""
    module_name, function_name = _LOADERS[fmt].split(":")
    module = importlib.import_module(f"{__name__}.{module_name}")
    return getattr(module, function_name)
