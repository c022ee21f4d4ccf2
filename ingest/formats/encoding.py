"""Bytes to text: encodings, binary sniffing and the normal form of all text.

UTF-8 (with or without a byte-order mark) is read as it is. Anything else is a
guess (cp1252 first, since Finnish files that are not UTF-8 are nearly always
Windows-1252 or Latin-1, then charset-normalizer), and the guess is reported as
a warning. A file that mixes UTF-8 with another encoding is refused: whichever
way it is read, part of it comes out garbled.

>>> decode("Kehitysyhtiö".encode("utf-8")).text
'Kehitysyhtiö'
>>> decoded = decode("Kehitysyhtiö Oy".encode("cp1252"))
>>> decoded.text, decoded.warning
('Kehitysyhtiö Oy', 'The file is not UTF-8; its encoding was guessed as Windows-1252.')
>>> normalise_text("Pa\\u0308ijät-Häme\\r\\n")
'Päijät-Häme\\n'
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

from alueverkko.errors import DocumentError

# Magic numbers of files people give a text suffix by mistake, and what they are.
_MAGIC = {
    b"%PDF-": "a PDF file", b"PK\x03\x04": "a zip archive (perhaps DOCX or XLSX)",
    b"\xd0\xcf\x11\xe0": "an old Word or Excel file (.doc or .xls)", b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image", b"\x1f\x8b": "a gzip archive",
}
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# C0 control bytes other than tab, line feed, vertical tab, form feed, carriage return and escape.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\x0b\x0c\r\x1b")
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_SAMPLE = 64 * 1024
_NAMES = {"cp1252": "Windows-1252", "utf_16_le": "UTF-16LE", "utf_16_be": "UTF-16BE"}
# As in browsers (the WHATWG Encoding standard): a page that says Latin-1 or
# ASCII is read as Windows-1252, which also has €, – and the curly quotes.
_DECLARED_ALIASES = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                     "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "windows-1252": "cp1252"}


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    warning: str | None = None


def decode(data: bytes, *, where: str = "", declared: str | None = None) -> Decoded:
    """Decode a text file's bytes; ``declared`` is an encoding the file names itself (HTML).

    Raises DocumentError for binary data and for text in no single encoding.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(_strict(data, encoding, where), encoding)
    _refuse_binary(data, where)
    # ASCII in UTF-16 is valid UTF-8 too (NUL is a valid character), so look for it first.
    if (utf16 := _utf16_without_bom(data[:_SAMPLE])) and (text := _try(data, utf16)) is not None:
        return Decoded(text, utf16, f"The file is not UTF-8; its encoding was guessed as {_NAMES[utf16]}.")
    utf8 = _try(data, "utf-8")
    if utf8 is not None:
        return Decoded(utf8, "utf-8")
    for encoding in (_DECLARED_ALIASES.get(declared or ""), declared):
        if encoding and (text := _try(data, encoding)) is not None:
            return Decoded(text, encoding)
    _refuse_mixed_utf8(data, where)
    return _guess(data, where, declared)


def normalise_text(text: str) -> str:
    """Line endings to ``\\n`` and Unicode to NFC, so evidence spans are stable."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def describe_binary(data: bytes) -> str | None:
    """What a file is if its first bytes are a known binary format's magic number.

    >>> describe_binary(b"%PDF-1.7 ...")
    'a PDF file'
    """
    return next((what for magic, what in _MAGIC.items() if data.startswith(magic)), None)


def _refuse_binary(data: bytes, where: str) -> None:
    sample = data[:_SAMPLE]
    what = describe_binary(sample)
    if what is None:
        controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
        if _utf16_without_bom(sample) or (b"\x00" not in sample and controls <= len(sample) // 100):
            return
        what = "binary data"
    raise DocumentError(f"The file is {what}, not text.", where=where, details={"problem": "binary"},
                        fix="Give a text, Markdown, HTML, PDF, DOCX, CSV or XLSX file with the matching suffix.")


def _guess(data: bytes, where: str, declared: str | None) -> Decoded:
    encoding, text = "cp1252", _try(data, "cp1252")
    if text is None or not _plausible_western(text):
        encoding, text = _charset_normalizer_guess(data, where)
    name = _NAMES.get(encoding, encoding)
    note = f"it declares {declared} but is not; " if declared else ""
    return Decoded(text, encoding, f"The file is not UTF-8; {note}its encoding was guessed as {name}.")


def _charset_normalizer_guess(data: bytes, where: str) -> tuple[str, str]:
    best = from_bytes(data).best()
    text = _try(data, best.encoding) if best is not None else None
    if text is None or not _plausible(text):
        raise DocumentError("Cannot tell the file's text encoding: it reads as garbage in every encoding tried.",
                            where=where, details={"problem": "wrong_encoding"},
                            fix="Open the file in an editor and save it as UTF-8.")
    return best.encoding, text


def _refuse_mixed_utf8(data: bytes, where: str) -> None:
    # Valid UTF-8 sequences (like "Ã¤" read as cp1252) in a file that is not
    # valid UTF-8 mean two encodings were pasted together.
    if len(_UTF8_MULTIBYTE.findall(data[:_SAMPLE * 16])) < 3:
        return
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DocumentError(f"The file mixes UTF-8 with another encoding: byte {exc.start} (line {line}) is not "
                            "UTF-8 though most of the file is.", where=where, details={"problem": "wrong_encoding"},
                            fix="Open the file in an editor, correct the garbled letters and save it as UTF-8.") from exc


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 text without a byte-order mark: every other byte of ASCII text is NUL."""
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.6 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf_16_le"
    if even.count(0) > 0.6 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf_16_be"
    return None


def _plausible(text: str) -> bool:
    """Text, not garbage: few control, unassigned or replacement characters."""
    sample = text[:_SAMPLE]
    bad = sum(1 for ch in sample if ch == "\ufffd" or (unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs")
                                                        and ch not in "\t\n\x0b\x0c\r\x1b"))
    return bad <= len(sample) // 100


def _plausible_western(text: str) -> bool:
    """Read as cp1252, Finnish (or any western) text is mostly ASCII letters."""
    sample = text[:_SAMPLE]
    visible = [ch for ch in sample if not ch.isspace()]
    return _plausible(sample) and sum(ch > "\x7f" for ch in visible) <= 0.3 * len(visible)


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _strict(data: bytes, encoding: str, where: str) -> str:
    text = _try(data, encoding)
    if text is None:
        raise DocumentError(f"The file starts with a {encoding} byte-order mark but is not valid {encoding}.",
                            where=where, details={"problem": "wrong_encoding"},
                            fix="Open the file in an editor and save it as UTF-8.")
    return text
