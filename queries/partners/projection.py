"""The partner index as a projection: built from the store, kept in step with its change log.

The index lives in memory, one per store file, and on disk beside the store
(``DATA/partners/index.pickle``, with its cursor and format version) so a new
process starts from it. The stored copy is rewritten after a rebuild, and after
a catch-up only once it lags ``partner_index_save_every`` changes behind: the
whole index is pickled, which holds the interpreter for seconds on a large
graph, and a new process catches up from a somewhat older copy just as well.

Sync follows the projection contract of :mod:`alueverkko.graph.projections`:
changes after the cursor are applied by reloading the records of the nodes they
touch (both ends of a changed edge) and recompiling the arrays from the previous
index, which re-reads (tokenises, scans for place names) only the texts and
names that changed; an ``('all', '*')`` change, a lost or newer cursor, another
format, or more than ``partner_index_incremental_limit`` changes mean a full
rebuild. A catch-up never changes an index in use: it compiles a new one and
swaps it in whole, and one lock per index keeps two catch-ups from running at once.

Two ways in: :meth:`PartnerProjection.sync` / :meth:`PartnerProjection.index`
wait until the index is up to date (benchmarks, the projection contract), while
:meth:`PartnerProjection.current`, which queries use through
:func:`partner_index_for_request`, starts the catch-up in a background thread,
waits for it at most ``partner_index_wait_seconds`` and otherwise answers from
the index it has, saying how many changes it is behind. Only the very first
index of a process (loaded from disk or built) is waited for in full.

The pickle is read only from the data folder, which is as trusted as the
SQLite store beside it.
"""

from __future__ import annotations

import logging
import os
import pickle
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from alueverkko.queries.partners.facts import Facts
from alueverkko.queries.partners.index import PartnerIndex, compile_index
from alueverkko.settings import Settings

log = logging.getLogger("alueverkko.partners")

#: Bump when the index layout or its derivation changes: stored indexes are then rebuilt.
FORMAT = "partners-6"

_CACHE: dict[str, PartnerIndex] = {}
_LOCK = threading.Lock()  # guards the four dicts here, held only for a look-up or a swap
_BUILDING: dict[str, threading.Lock] = {}  # one per index: held for a whole catch-up
_WORKERS: dict[str, threading.Thread] = {}  # the background catch-up of an index, while it runs
_STORED: dict[str, int] = {}  # the cursor of each index's copy on disk, as this process last wrote or read it


@dataclass(frozen=True, slots=True)
class Current:
    """The index a request answers from, and how many store changes it does not hold yet."""

    index: PartnerIndex
    behind: int = 0


class PartnerProjection:
    """The projection object: ``sync(store)`` brings the index up to the store's last change."""

    name = "partners"

    def __init__(self, settings: Settings):
        self.settings = settings

    @property
    def path(self) -> Path:
        folder = self.settings.partner_index_dir or (Path(self.settings.data_dir) / "partners")
        return Path(folder) / "index.pickle"

    def key(self, store) -> str:
        return f"{os.path.realpath(store.path)}|{self.settings.partner_use_vectors}"

    def sync(self, store) -> int:
        return self.index(store).cursor

    def index(self, store) -> PartnerIndex:
        """The index up to the store's last change, waiting for the catch-up if need be."""
        key = self.key(store)
        with _building_lock(key):
            index = _cached(key)
            last = store.last_change()
            if index is not None and index.cursor == last:
                return index
            if index is None:
                index = self._load(key, last)
            index = self._catch_up(store, key, index, last)
            _publish(key, index)
            return index

    def current(self, store) -> Current:
        """The index to answer a request from now: up to date if it was, or became so within
        ``partner_index_wait_seconds``; else the previous one while a background thread catches up."""
        key = self.key(store)
        index = _cached(key) or self._first(store, key)
        if index.cursor == store.last_change():
            return Current(index)
        worker = self._start_catch_up(store, key)
        worker.join(self.settings.partner_index_wait_seconds)
        index = _cached(key) or index
        last = store.last_change()
        return Current(index, 0 if index.cursor >= last else len(store.changes_since(index.cursor)))

    def _first(self, store, key: str) -> PartnerIndex:
        # Nothing to answer from yet: the stored index is read (it is caught up behind, like
        # any other), or with none the first index is built and waited for.
        with _building_lock(key):
            index = _cached(key)
            if index is None:
                index = self._load(key, store.last_change())
                if index is None:
                    index = self._catch_up(store, key, None, store.last_change())
                _publish(key, index)
            return index

    def _start_catch_up(self, store, key: str) -> threading.Thread:
        with _LOCK:
            worker = _WORKERS.get(key)
            if worker is None or not worker.is_alive():
                worker = threading.Thread(target=self._catch_up_behind, args=(store, key),
                                          name="partner-index-catch-up", daemon=True)
                _WORKERS[key] = worker
                worker.start()
            return worker

    def _catch_up_behind(self, store, key: str) -> None:
        try:
            self.index(store)
        except Exception:  # noqa: BLE001 - a thread has no caller: log, and the next request tries again
            log.exception("partner index catch-up failed; requests answer from the previous index")
        finally:
            store.close()  # this thread's own SQLite connection
            with _LOCK:
                if _WORKERS.get(key) is threading.current_thread():
                    del _WORKERS[key]

    # -- internals -----------------------------------------------------------
    def _catch_up(self, store, key: str, index: PartnerIndex | None, last: int) -> PartnerIndex:
        if index is not None and index.cursor == last:
            return index
        changes = store.changes_since(index.cursor) if index is not None else None
        limit = self.settings.partner_index_incremental_limit
        if index is None or index.cursor > last or any(c.item_kind == "all" for c in changes) or len(changes) > limit:
            index = self._rebuild(store)
            self._save(key, index)
        else:
            index = self._apply(store, index, changes)
            if self._stored_lag(key, index) >= self.settings.partner_index_save_every:
                self._save(key, index)
        return index

    @staticmethod
    def _stored_lag(key: str, index: PartnerIndex) -> float:
        """How many changes the copy on disk lacks, or more (change numbers count up, gaps only add); unknown: infinitely many."""
        with _LOCK:
            stored = _STORED.get(key)
        return float("inf") if stored is None else index.cursor - stored

    def _rebuild(self, store) -> PartnerIndex:
        started = time.perf_counter()
        cursor = store.last_change()  # read first: changes made during the build are applied next time
        facts = Facts.load(store, context_budget=self.settings.partner_context_documents)
        index = compile_index(facts, cursor, vectors=self.settings.partner_use_vectors)
        log.info("partner index rebuilt: %d activities, %d actors in %.1f s", index.n_activities, index.n_actors,
                 time.perf_counter() - started)
        return index

    def _apply(self, store, index: PartnerIndex, changes) -> PartnerIndex:
        cursor = changes[-1].seq if changes else index.cursor
        ids: set[str] = set()
        for change in changes:
            if change.item_kind == "node":
                ids.add(change.item_id)
            elif change.item_kind == "edge":
                source, _, target = change.item_id.split("|", 2)
                ids.update((source, target))
        # A copy of the record dicts: reloading replaces records and never changes one in
        # place, so the index in use keeps its facts and is the ``previous`` the compile reads.
        facts = Facts(dict(index.facts.activities), dict(index.facts.actors), dict(index.facts.places),
                      self.settings.partner_context_documents)
        facts.reload(store, ids)
        return compile_index(facts, cursor, vectors=self.settings.partner_use_vectors, previous=index)

    def _load(self, key: str, last: int) -> PartnerIndex | None:
        if not self.settings.partner_index_persist or not self.path.is_file():
            return None
        try:
            with self.path.open("rb") as fh:
                if pickle.load(fh) != FORMAT:  # written by another version: not even unpickled
                    return None
                index = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError) as exc:
            log.warning("partner index at %s unreadable (%s); rebuilding", self.path, exc)
            return None
        if not isinstance(index, PartnerIndex) or index.cursor > last:
            return None
        if (index.text.vectors is not None) != self.settings.partner_use_vectors:
            return None
        with _LOCK:
            _STORED[key] = index.cursor
        return index

    def _save(self, key: str, index: PartnerIndex) -> None:
        if not self.settings.partner_index_persist:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
            with temporary.open("wb") as fh:
                pickle.dump(FORMAT, fh, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
            temporary.replace(self.path)  # atomic: a reader sees the old or the new index
            with _LOCK:
                _STORED[key] = index.cursor
        except OSError as exc:
            log.warning("partner index not saved to %s: %s", self.path, exc)


def _building_lock(key: str) -> threading.Lock:
    with _LOCK:
        return _BUILDING.setdefault(key, threading.Lock())


def _cached(key: str) -> PartnerIndex | None:
    with _LOCK:
        return _CACHE.get(key)


def _publish(key: str, index: PartnerIndex) -> None:
    with _LOCK:
        _CACHE[key] = index


def partner_index(store, settings: Settings) -> PartnerIndex:
    """The index of this store, synced to its last change (waits for the catch-up)."""
    return PartnerProjection(settings).index(store)


def partner_index_for_request(store, settings: Settings) -> Current:
    """The index a request answers from without waiting long (see :meth:`PartnerProjection.current`)."""
    return PartnerProjection(settings).current(store)


def wait_for_catch_up(store, settings: Settings) -> None:
    """Wait until no background catch-up of this store's index runs (tests, benchmarks)."""
    with _LOCK:
        worker = _WORKERS.get(PartnerProjection(settings).key(store))
    if worker is not None:
        worker.join()


def forget_cached() -> None:
    """Drop the in-memory indexes (tests and benchmarks that rebuild on purpose), after any
    background catch-up has finished."""
    with _LOCK:
        workers = list(_WORKERS.values())
    for worker in workers:
        worker.join()
    with _LOCK:
        _CACHE.clear()
        _STORED.clear()
