"""Loaders: a file on disk becomes a :class:`Document` of plain text.

Tables are written out as tab-separated rows (one row per line, a cell's own
line breaks kept), the layout action-plan documents already use, so the
structure step reads tables from every format the same way.
"""

from __future__ import annotations

from pathlib import Path

from charset_normalizer import from_bytes

from alueverkko.errors import DocumentError, UnsupportedFormat
from alueverkko.graph.model import Document, content_hash

TEXT_SUFFIXES = {".txt": "txt", ".md": "md"}


def load(path: Path, *, max_bytes: int = 50 * 1024 * 1024) -> Document:
    """Read one file into a Document; raises a DocumentError that names the file."""
    path = Path(path)
    fmt = TEXT_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise UnsupportedFormat(f"Unsupported file type {path.suffix or '(none)'}.", where=str(path),
                                fix=f"Convert it to one of: {', '.join(sorted(TEXT_SUFFIXES))}.")
    data = _read_bytes(path, max_bytes)
    text = decode_text(data, where=str(path))
    return Document(id=content_hash(data), title=_title(text, path), source_path=str(path.resolve()), text=text,
                    format=fmt, size=len(data))


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DocumentError(f"The file is {size:,} bytes, over the limit of {max_bytes:,}.", where=str(path),
                                fix="Split the document, or raise max_document_bytes in the settings.")
        return path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"Cannot read the file: {exc.strerror}.", where=str(path),
                            fix="Check that the path exists and is readable.") from exc


def decode_text(data: bytes, *, where: str = "") -> str:
    """Decode UTF-8 (with or without BOM), else the best guess (cp1252, latin-1, ...).

    >>> decode_text("Kehitysyhtiö".encode("cp1252"))
    'Kehitysyhtiö'
    >>> decode_text(b"\\xef\\xbb\\xbfHei")
    'Hei'
    """
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError("The file looks binary, not text.", where=where,
                            fix="Give a text, HTML, PDF, DOCX, CSV or XLSX file.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    for encoding in ("cp1252",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    best = from_bytes(data).best()
    if best is None:
        raise DocumentError("Cannot tell the file's text encoding.", where=where,
                            fix="Save the file as UTF-8.")
    return str(best)


def _title(text: str, path: Path) -> str:
    for line in text.splitlines():
        line = line.strip().strip("#*").strip()
        if line:
            return line[:200]
    return path.stem
