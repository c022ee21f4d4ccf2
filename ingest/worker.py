"""Extraction in a child process, so one document cannot hang or crash an ingest run.

Why a process: the loaders and extractors run C code (lxml, lexbor, pdfminer's
inner loops, regular expressions, spaCy) that neither a thread nor a signal
can interrupt, and a hostile document can make them run for hours or exhaust
memory. Checking the clock between steps would not stop a single slow step.
So :class:`ExtractionWorker` runs ``load`` and ``extract_document`` in a child
process (``python -m alueverkko.ingest.worker``, as the SPARQL pool does) and
waits on a pipe with the deadline ``extract_time_limit_s``; past it the child is
killed, the file becomes a :class:`DocumentError` of its own, and a fresh child
(with the models loaded again) takes the next file. A child that dies (a crash
in C code) is reported the same way. The child's address space is capped at
``extract_memory_limit_mb``, so a document whose streams unpack to gigabytes
fails alone instead of waking the kernel's OOM killer. The child never touches
the store: only a finished extraction comes back, and the store writes it in
one transaction, so a stopped document leaves nothing behind.

The child loads its models before it takes the first file, so that start-up is
not charged to the first document's time limit.

>>> time_limit_error("hanke.txt", 2.5).details
{'problem': 'time_limit', 'time_limit_s': 2.5}
"""

from __future__ import annotations

import os
import subprocess
import threading
import sys
import time
import traceback
from multiprocessing.connection import Connection
from pathlib import Path

from alueverkko.errors import AlueverkkoError, BackendUnavailable, DocumentError
from alueverkko.graph.model import Document, Extraction
from alueverkko.settings import Settings

#: How long a new child may take to import the extractors and load the models.
STARTUP_TIMEOUT_S = 180.0
_WARM_UP_TEXT = "Hanketta koordinoi Kajaanin kaupunki. Hanketta rahoittaa Kainuun liitto."


class ExtractionWorker:
    """One child process that loads and extracts files under the time limit; use as a context manager."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.time_limit_s = settings.extract_time_limit_s
        self._process: subprocess.Popen | None = None
        self._requests: Connection | None = None
        self._replies: Connection | None = None
        # One child answers one request at a time; the API's upload threads share it.
        self._lock = threading.Lock()

    def __enter__(self) -> ExtractionWorker:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def extract_file(self, path: Path) -> Extraction:
        """Load and extract one file; a DocumentError names the file when it fails or runs too long."""
        return self._ask(("file", str(path)), where=str(path))

    def extract_document(self, document: Document) -> Extraction:
        """Extract an already loaded document under the same time limit."""
        return self._ask(("document", document), where=document.source_path)

    def close(self) -> None:
        if self._process is None:
            return
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        for connection in (self._requests, self._replies):
            connection.close()
        self._process = self._requests = self._replies = None

    # -- the parent's side ---------------------------------------------------------
    def _ask(self, request: tuple, *, where: str) -> Extraction:
        with self._lock:
            return self._ask_unlocked(request, where=where)

    def _ask_unlocked(self, request: tuple, *, where: str) -> Extraction:
        self._start()
        try:
            self._requests.send(request)
        except OSError:
            return self._died(where)
        if not self._replies.poll(self.time_limit_s):
            self.close()
            raise time_limit_error(where, self.time_limit_s)
        try:
            status, payload = self._replies.recv()
        except (EOFError, OSError):
            return self._died(where)
        if status == "ok":
            return payload
        raise payload

    def _died(self, where: str) -> Extraction:
        code = self._process.wait()
        self.close()
        raise DocumentError(f"The extraction process stopped unexpectedly (exit status {code}) while reading "
                            "this document.", where=where, details={"problem": "worker_died", "exit_status": code},
                            fix="The document may need more memory than the machine has: split it into smaller "
                                "files, or convert it to plain text.")

    def _start(self) -> None:
        if self._process is not None:
            return
        child_reads, parent_writes = os.pipe()
        parent_reads, child_writes = os.pipe()
        self._process = subprocess.Popen(
            [sys.executable, "-m", "alueverkko.ingest.worker", str(child_reads), str(child_writes)],
            pass_fds=(child_reads, child_writes), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        os.close(child_reads)
        os.close(child_writes)
        self._requests = Connection(parent_writes, readable=False)
        self._replies = Connection(parent_reads, writable=False)
        try:
            self._requests.send(self.settings)
            ready = self._replies.poll(STARTUP_TIMEOUT_S) and self._replies.recv()
        except (EOFError, OSError):
            ready = None
        if ready != ("ready",):
            self.close()
            raise BackendUnavailable("The extraction process did not start.", where="ingest",
                                     fix="Run `python -m alueverkko.ingest.worker` to see why it fails "
                                         "(a missing model or package).")


def time_limit_error(where: str, limit_s: float) -> DocumentError:
    return DocumentError(f"Reading and extracting the document took longer than the time limit of {limit_s:g} s, "
                         "so it was stopped.", where=where, details={"problem": "time_limit", "time_limit_s": limit_s},
                         fix="Split the document into smaller files, or raise extract_time_limit_s "
                             "(ALUEVERKKO_EXTRACT_TIME_LIMIT_S).")


# -- the child's side ---------------------------------------------------------------
def serve(requests: Connection, replies: Connection) -> None:
    """Answer extraction requests until the parent closes the pipe."""
    from alueverkko.ingest.loaders import load
    from alueverkko.ingest.pipeline import extract_document

    settings: Settings = requests.recv()
    _limit_memory(settings.extract_memory_limit_mb)
    _warm_up(settings.use_spacy)
    replies.send(("ready",))
    while True:
        try:
            kind, payload = requests.recv()
        except EOFError:
            return
        started = time.monotonic()
        try:
            document = load(Path(payload), settings=settings) if kind == "file" else payload
            reply = ("ok", extract_document(document, use_spacy=settings.use_spacy))
        except DocumentError as exc:
            reply = ("error", exc)
        except MemoryError:
            reply = ("error", _memory_error(where_of(kind, payload), settings.extract_memory_limit_mb))
        except Exception as exc:  # an extractor bug must cost one file, not the run
            traceback.print_exc()
            reply = ("error", _internal_error(where_of(kind, payload), exc, time.monotonic() - started))
        try:
            replies.send(reply)
        except (TypeError, ValueError, AttributeError, RecursionError) as exc:  # the reply would not pickle
            replies.send(("error", _internal_error(where_of(kind, payload), exc, time.monotonic() - started)))


def _limit_memory(limit_mb: int) -> None:
    import resource

    limit = limit_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _warm_up(use_spacy: bool) -> None:
    """Load the gazetteer, lexicon and (when used) the spaCy model, which load lazily on first use."""
    from alueverkko.ingest.pipeline import extract_document

    extract_document(Document("warm-up", "warm-up", "warm-up", _WARM_UP_TEXT), use_spacy=use_spacy)
    if use_spacy:
        from alueverkko.ingest.ner import load_nlp
        load_nlp()(_WARM_UP_TEXT)


def _memory_error(where: str, limit_mb: int) -> DocumentError:
    return DocumentError(f"Reading and extracting the document needed more than the memory limit of {limit_mb:,} MB.",
                         where=where, details={"problem": "memory_limit", "memory_limit_mb": limit_mb},
                         fix="Split the document into smaller files or convert it to plain text, or raise "
                             "extract_memory_limit_mb (ALUEVERKKO_EXTRACT_MEMORY_LIMIT_MB).")


def where_of(kind: str, payload) -> str:
    return str(payload) if kind == "file" else payload.source_path


def _internal_error(where: str, exc: Exception, seconds: float) -> DocumentError:
    return DocumentError(f"Extracting the document failed with an internal error ({type(exc).__name__}: {exc}) "
                         f"after {seconds:.1f} s.", where=str(where), details={"problem": "internal_error"},
                         fix="Report this with the document; the other documents of the run were not affected.")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        # Run by hand: check that the extractors and models load.
        from alueverkko.settings import get_settings
        _warm_up(get_settings().use_spacy)
        print("The extractors and models load.")
        return 0
    requests = Connection(int(argv[0]), writable=False)
    replies = Connection(int(argv[1]), readable=False)
    try:
        serve(requests, replies)
    except (EOFError, BrokenPipeError, KeyboardInterrupt):
        pass
    except AlueverkkoError as exc:
        print(f"alueverkko extraction worker: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
