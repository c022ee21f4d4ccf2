"""Which files an ingest run reads: every supported file under the given paths."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from alueverkko.errors import InvalidInput
from alueverkko.ingest.formats import FORMATS

#: The suffixes the loaders read (one per format module in ingest/formats/).
SUPPORTED_SUFFIXES = tuple(FORMATS)


def collect_files(paths: Iterable[Path], suffixes: Iterable[str] = SUPPORTED_SUFFIXES) -> list[Path]:
    """Files named directly, and supported files found under folders, sorted.

    Every path is checked before anything is read, so a mistyped path stops the
    run before it stores anything.
    """
    wanted = {s.lower() for s in suffixes}
    files: list[Path] = []
    for path in map(Path, paths):
        if not path.exists():
            raise InvalidInput(f"The path {str(path)!r} does not exist.", where=str(path),
                               fix="Check the spelling, or give the folder that holds the documents.")
        if path.is_dir():
            files.extend(p for p in sorted(path.rglob("*"))
                         if p.is_file() and p.suffix.lower() in wanted and not _hidden(p, path))
        else:
            files.append(path)
    if not files:
        raise InvalidInput("No documents to ingest under the given paths.",
                           fix=f"Give files of these types: {', '.join(sorted(wanted))}.")
    return list(dict.fromkeys(files))


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)
