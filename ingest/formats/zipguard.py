"""Checks on DOCX and XLSX files (zip archives) before a library opens them.

A zip bomb is a small archive that unpacks to gigabytes. The central directory
of a zip states every member's packed and unpacked size, and Python's
``zipfile`` (which python-docx and openpyxl read through) never unpacks a
member beyond its stated size, so checking the stated sizes first bounds what
the libraries can unpack.

>>> import io, zipfile
>>> buffer = io.BytesIO()
>>> with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
...     archive.writestr("word/document.xml", "<w:document/>")
>>> sorted(check_archive(buffer.getvalue(), where="raportti.docx", kind="DOCX", required="word/document.xml",
...                      max_unpacked=1000, max_ratio=100.0))
['word/document.xml']
"""

from __future__ import annotations

import io
import zipfile

from alueverkko.errors import DocumentError
from alueverkko.ingest.formats import Source
from alueverkko.ingest.formats.encoding import describe_binary

# Real DOCX and XLSX files have tens of members; hundreds of thousands only
# serve to make reading the directory itself slow.
MAX_MEMBERS = 10_000
# Below this unpacked size the compression ratio does not matter: a small
# archive cannot hurt, however well it compresses.
RATIO_FLOOR = 10 * 1024 * 1024


def check_source(source: Source, *, kind: str, required: str) -> None:
    """Refuse a file that is not a valid, sanely sized zip of the given kind (settings give the limits)."""
    check_archive(source.data, where=source.where, kind=kind, required=required,
                  max_unpacked=source.settings.max_unpacked_bytes,
                  max_ratio=source.settings.max_compression_ratio)


def check_archive(data: bytes, *, where: str, kind: str, required: str, max_unpacked: int,
                  max_ratio: float) -> set[str]:
    """The member names of a zip archive, after checking it is safe to unpack."""
    infos = _members(data, where, kind)
    if len(infos) > MAX_MEMBERS:
        raise _bomb(where, kind, f"it holds {len(infos):,} files (a {kind} holds tens)")
    unpacked = sum(info.file_size for info in infos)
    packed = max(sum(info.compress_size for info in infos), 1)
    if unpacked > max_unpacked:
        raise _bomb(where, kind, f"it would unpack to {unpacked:,} bytes, over the limit of {max_unpacked:,}",
                    setting="max_unpacked_bytes")
    if unpacked > RATIO_FLOOR and unpacked / packed > max_ratio:
        raise _bomb(where, kind, f"it is compressed {unpacked / packed:,.0f} to 1, over the limit of "
                                 f"{max_ratio:,.0f} to 1", setting="max_compression_ratio")
    names = {info.filename for info in infos}
    if required not in names:
        raise DocumentError(f"The file is a zip archive but not a {kind}: it has no {required}.", where=where,
                            details={"problem": f"not_{kind.lower()}"},
                            fix=f"Open it in the program that made it and save it as {kind}.")
    return names


def _members(data: bytes, where: str, kind: str) -> list[zipfile.ZipInfo]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        what = describe_binary(data)
        hint = f" It looks like {what}." if what and "zip" not in what else ""
        raise DocumentError(f"The file is not a valid {kind}: it is not a readable zip archive ({exc}).{hint}",
                            where=where, details={"problem": "not_zip"},
                            fix=f"Open it in the program that made it and save it again as {kind}; "
                                "if it was downloaded, download it again.") from exc


def _bomb(where: str, kind: str, reason: str, setting: str = "") -> DocumentError:
    raise_it = f" or raise {setting} in the settings if you trust it" if setting else ""
    return DocumentError(f"The {kind} looks like a zip bomb: {reason}.", where=where,
                         details={"problem": "zip_bomb"},
                         fix=f"Check where the file came from; re-save it in its program{raise_it}.")
