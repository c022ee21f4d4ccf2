"""Loaders: a file on disk becomes a :class:`Document` of plain text.

:func:`load` is the single entry point. It checks the file's size before
reading it, reads it, hands the bytes to the loader of its format (one module
per format in :mod:`alueverkko.ingest.formats`) and normalises the text (line
endings to ``\\n``, Unicode to NFC) so that evidence spans into
``Document.text`` are stable. Every format writes the same layout: blocks
separated by blank lines, ``• item`` list lines, tables in the canonical
table layout (see :mod:`alueverkko.ingest.formats.layout`) and, for CSV and
XLSX registers, ``Key: value`` blocks.

A file that cannot be read raises a :class:`DocumentError` naming the file,
what is wrong (``details["problem"]``) and how to fix it; an unknown suffix
raises :class:`UnsupportedFormat`.

>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "hanke.md"
>>> _ = path.write_text("# Vaarasilta\\r\\n\\nHanketta **koordinoi** Kainuun liitto.\\r\\n", encoding="utf-8")
>>> document = load(path)
>>> document.title, document.format, document.text
('Vaarasilta', 'md', 'Vaarasilta\\n\\nHanketta koordinoi Kainuun liitto.\\n')
"""

from __future__ import annotations

import re
import stat
from pathlib import Path

from alueverkko.errors import DocumentError, UnsupportedFormat
from alueverkko.graph.model import Document, content_hash
from alueverkko.ingest.formats import FORMATS, Loaded, Source, loader_for
from alueverkko.ingest.formats.encoding import decode, normalise_text
from alueverkko.settings import Settings, get_settings

_TITLE_LENGTH = 200
_FIRST_LINE = re.compile(r"[^\s#*•>|-][^\n]{0,%d}" % (_TITLE_LENGTH - 1))
# Page furniture that text saved from a web page often starts with.
_NOT_A_TITLE = re.compile(r"(?:ohita valikko|siirry (?:suoraan )?sisältöön|hyppää sisältöön|"
                          r"skip to (?:main )?content|takaisin.*)\s*$", re.I)


def load(path: Path, *, max_bytes: int | None = None, settings: Settings | None = None) -> Document:
    """Read one file into a Document; raises a DocumentError that names the file.

    ``max_bytes`` defaults to the ``max_document_bytes`` setting; ``settings``
    (limits, column mapping) to the settings from the environment.
    """
    path = Path(path)
    settings = settings or get_settings()
    fmt = format_of(path)
    data = read_bytes(path, settings.max_document_bytes if max_bytes is None else max_bytes)
    if not data:
        raise DocumentError("The file is empty (0 bytes).", where=str(path), details={"problem": "empty"},
                            fix="Check that the right file was given, and that it was saved or copied completely.")
    loaded = loader_for(fmt)(Source(path, data, settings))
    return _document(path, data, fmt, loaded)


def format_of(path: Path) -> str:
    """The format name of a file, from its suffix.

    >>> format_of(Path("Hankerekisteri.XLSX"))
    'xlsx'
    """
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UnsupportedFormat(f"Unsupported file type {path.suffix or '(no suffix)'}.", where=str(path),
                                fix=f"Convert it to one of: {', '.join(sorted(FORMATS))}.",
                                details={"problem": "unsupported_format"})
    return fmt


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """A regular file's bytes; its size is checked before anything is read."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise DocumentError("The path is not a regular file.", where=str(path), details={"problem": "not_a_file"},
                                fix="Give a document file, not a folder, pipe or device.")
        if info.st_size > max_bytes:
            raise _too_large(path, info.st_size, max_bytes)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise DocumentError(f"Cannot read the file: {exc.strerror}.", where=str(path), details={"problem": "unreadable"},
                            fix="Check that the path exists and is readable.") from exc
    if len(data) > max_bytes:  # the file grew after it was measured
        raise _too_large(path, len(data), max_bytes)
    return data


def decode_text(data: bytes, *, where: str = "") -> str:
    """Decode a text file's bytes: UTF-8 (with or without BOM), else the best guess.

    >>> decode_text("Kehitysyhtiö".encode("cp1252"))
    'Kehitysyhtiö'
    >>> decode_text(b"\\xef\\xbb\\xbfHei")
    'Hei'
    """
    return decode(data, where=where).text


def _document(path: Path, data: bytes, fmt: str, loaded: Loaded) -> Document:
    text = normalise_text(loaded.text)
    if not text.strip():
        raise DocumentError("The document has no text.", where=str(path), details={"problem": "no_text"},
                            fix="Check that the right file was given.")
    title = _clean_title(loaded.title) or first_line(text) or path.stem
    return Document(id=content_hash(data), title=title, source_path=str(path.resolve()), text=text,
                    format=fmt, size=len(data), warnings=list(loaded.warnings))


def first_line(text: str) -> str:
    """The first line of text, without list, heading or table marks, as a title.

    >>> first_line("\\n\\t KAJAANIN ELINKEINO-OHJELMA 2021-2025\\nMuuta")
    'KAJAANIN ELINKEINO-OHJELMA 2021-2025'
    >>> first_line("Ohita valikko\\n\\nMetsäosaajien polku")
    'Metsäosaajien polku'
    """
    lines = (match.group(0) for match in _FIRST_LINE.finditer(text))
    return next((_clean_title(line) for line in lines if not _NOT_A_TITLE.match(line)), "")


def _clean_title(title: str) -> str:
    return " ".join(normalise_text(title).split())[:_TITLE_LENGTH].strip().strip("*_#").strip()


def _too_large(path: Path, size: int, max_bytes: int) -> DocumentError:
    return DocumentError(f"The file is {size:,} bytes, over the limit of {max_bytes:,}.", where=str(path),
                         details={"problem": "too_large"},
                         fix="Split the document, or raise max_document_bytes (ALUEVERKKO_MAX_DOCUMENT_BYTES).")
