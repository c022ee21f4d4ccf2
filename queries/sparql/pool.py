"""A small pool of killable worker processes that run SPARQL queries under a time limit.

Oxigraph cannot cancel a running query, and a thread cannot be stopped, so a
query runs in a worker process (``python -m alueverkko.queries.sparql.worker``)
that is killed when the time limit passes; a fresh worker is started at once
so the next query does not wait for it. Workers read snapshots read-only, so
killing one never harms the store. The server stays responsive meanwhile: it
only waits on a pipe.

>>> pool = WorkerPool(size=1)
>>> pool.size
1
>>> pool.close()
"""

from __future__ import annotations

import logging
import queue
import select
import subprocess
import sys
import threading
import time
from pathlib import Path

from alueverkko import errors
from alueverkko.errors import BackendUnavailable, QueryTimeout
from alueverkko.queries.sparql.answer import SparqlAnswer
from alueverkko.queries.sparql.worker import QueryRequest, receive, send

log = logging.getLogger("alueverkko.sparql")

#: How long a new worker may take to start (import pyoxigraph and rdflib) before it counts as broken.
STARTUP_TIMEOUT_S = 60.0


class WorkerDied(Exception):
    pass


class Worker:
    """One worker process and its pipes."""

    def __init__(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "alueverkko.queries.sparql.worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True)
        self.ready = False
        self.snapshot: str | None = None

    @property
    def pid(self) -> int:
        return self.process.pid

    def wait_ready(self) -> None:
        if not self.ready:
            message = self._reply(time.monotonic() + STARTUP_TIMEOUT_S)
            if not (isinstance(message, tuple) and message[0] == "ready"):
                raise WorkerDied(f"worker {self.pid} did not start")
            self.ready = True

    def ask(self, request: QueryRequest, deadline: float):
        self.snapshot = request.snapshot
        try:
            send(self.process.stdin, request)
        except (BrokenPipeError, OSError) as exc:
            raise WorkerDied(str(exc)) from exc
        return self._reply(deadline)

    def _reply(self, deadline: float):
        remaining = max(0.0, deadline - time.monotonic())
        readable, _, _ = select.select([self.process.stdout], [], [], remaining)
        if not readable:
            raise TimeoutError
        try:
            message = receive(self.process.stdout)
        except (EOFError, OSError) as exc:
            raise WorkerDied(str(exc)) from exc
        if message is None:
            raise WorkerDied(f"worker {self.pid} exited with {self.process.poll()}")
        return message

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass


class WorkerPool:
    """At most ``size`` workers; a query waits for a free one."""

    def __init__(self, size: int = 2):
        self.size = size
        self._idle: queue.LifoQueue[Worker] = queue.LifoQueue()
        self._busy: set[Worker] = set()
        self._count = 0
        self._lock = threading.Lock()
        self._closed = False

    def run(self, request: QueryRequest, timeout_s: float) -> SparqlAnswer:
        """Run one query in a worker; :class:`QueryTimeout` when it takes longer than ``timeout_s``.

        A worker found dead (killed from outside, crashed) is replaced and the
        query tried once more on the new one.
        """
        for attempt in (1, 2):
            worker = self._acquire(timeout_s)
            try:
                worker.wait_ready()
                status, payload = worker.ask(request, time.monotonic() + timeout_s)
            except TimeoutError:
                self._discard(worker, replace=True)
                raise QueryTimeout(f"The query was stopped after its time limit of {timeout_s:g} s.", where="query",
                                   fix="Make it more selective (bind a subject, add a LIMIT, avoid unconnected "
                                       "patterns that multiply), or use a canned query.",
                                   details={"timeout_s": timeout_s}) from None
            except WorkerDied as exc:
                self._discard(worker, replace=True)
                if attempt == 1:
                    log.warning("SPARQL worker %s died (%s); trying again", worker.pid, exc)
                    continue
                raise BackendUnavailable("The SPARQL worker stopped unexpectedly.", where="sparql",
                                         fix="Try again; a new worker has been started.",
                                         details={"reason": str(exc)}) from None
            except BaseException:
                self._discard(worker, replace=True)
                raise
            self._release(worker)
            if status == "error":
                raise _rebuild_error(payload)
            return payload
        raise AssertionError("unreachable")

    def warm(self) -> None:
        """Start every worker now (they import in the background), so the first query does not wait."""
        with self._lock:
            while self._count < self.size and not self._closed:
                self._count += 1
                self._idle.put(Worker())

    def snapshots_in_use(self) -> set[Path]:
        with self._lock:
            return {Path(w.snapshot) for w in self._busy if w.snapshot}

    def pids(self) -> list[int]:
        with self._lock:
            return [w.pid for w in self._busy] + [w.pid for w in list(self._idle.queue)]

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._busy) + list(self._idle.queue)
            self._busy.clear()
        while not self._idle.empty():
            self._idle.get_nowait()
        for worker in workers:
            worker.kill()

    # -- bookkeeping ------------------------------------------------------------------
    def _acquire(self, timeout_s: float) -> Worker:
        with self._lock:
            if self._closed:
                raise BackendUnavailable("The SPARQL engine is shut down.", fix="Restart the server.")
            if self._idle.empty() and self._count < self.size:
                self._count += 1
                worker = Worker()
                self._busy.add(worker)
                return worker
        try:
            worker = self._idle.get(timeout=timeout_s)
        except queue.Empty:
            raise BackendUnavailable(f"All {self.size} SPARQL workers are busy.", where="sparql",
                                     fix="Try again in a moment.") from None
        with self._lock:
            self._busy.add(worker)
        return worker

    def _release(self, worker: Worker) -> None:
        with self._lock:
            self._busy.discard(worker)
            closed = self._closed
        if closed:
            worker.kill()
        else:
            self._idle.put(worker)

    def _discard(self, worker: Worker, *, replace: bool) -> None:
        worker.kill()
        with self._lock:
            self._busy.discard(worker)
            self._count -= 1
            if not replace or self._closed:
                return
            self._count += 1
        self._idle.put(Worker())  # starts now, so the next query finds it ready


def _rebuild_error(payload: tuple) -> Exception:
    """The domain error a worker reported, as the same class here."""
    name, message, where, fix, details = payload
    cls = getattr(errors, name, None)
    if not (isinstance(cls, type) and issubclass(cls, errors.AlueverkkoError)):
        cls = errors.QueryError
    err = cls.__new__(cls)
    errors.AlueverkkoError.__init__(err, message, where=where, fix=fix, details=details)
    return err
