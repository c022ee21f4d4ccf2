"""The partner index as a projection: built from the store, kept in step with its change log.

The index lives in memory, one per store file, and on disk beside the store
(``DATA/partners/index.pickle``, with its cursor and format version) so a new
process starts from it. :func:`partner_index` is what queries call: it syncs
first, which costs one ``last_change()`` read when nothing changed.

Sync follows the projection contract of :mod:`alueverkko.graph.projections`:
changes after the cursor are applied by reloading the records of the nodes they
touch (both ends of a changed edge) and recompiling the arrays; an
``('all', '*')`` change, a lost or newer cursor, another format, or more than
``partner_index_incremental_limit`` changes mean a full rebuild.

The pickle is read only from the data folder, which is as trusted as the
SQLite store beside it.
"""

from __future__ import annotations

import logging
import os
import pickle
import threading
import time
from pathlib import Path

from alueverkko.queries.partners.facts import Facts
from alueverkko.queries.partners.index import PartnerIndex, compile_index
from alueverkko.settings import Settings

log = logging.getLogger("alueverkko.partners")

#: Bump when the index layout or its derivation changes: stored indexes are then rebuilt.
FORMAT = "partners-4"

_CACHE: dict[str, PartnerIndex] = {}
_LOCK = threading.Lock()


class PartnerProjection:
    """The projection object: ``sync(store)`` brings the index up to the store's last change."""

    name = "partners"

    def __init__(self, settings: Settings):
        self.settings = settings

    @property
    def path(self) -> Path:
        folder = self.settings.partner_index_dir or (Path(self.settings.data_dir) / "partners")
        return Path(folder) / "index.pickle"

    def sync(self, store) -> int:
        return self.index(store).cursor

    def index(self, store) -> PartnerIndex:
        key = f"{os.path.realpath(store.path)}|{self.settings.partner_use_vectors}"
        with _LOCK:
            index = _CACHE.get(key)
            last = store.last_change()
            if index is not None and index.cursor == last:
                return index
            if index is None:
                index = self._load(last)
            try:
                index = self._catch_up(store, index, last)
            except BaseException:
                _CACHE.pop(key, None)  # an incremental update may have half-changed the cached facts
                raise
            _CACHE[key] = index
            return index

    # -- internals -----------------------------------------------------------
    def _catch_up(self, store, index: PartnerIndex | None, last: int) -> PartnerIndex:
        if index is not None and index.cursor == last:
            return index
        changes = store.changes_since(index.cursor) if index is not None else None
        limit = self.settings.partner_index_incremental_limit
        if index is None or index.cursor > last or any(c.item_kind == "all" for c in changes) or len(changes) > limit:
            index = self._rebuild(store)
        else:
            index = self._apply(store, index, changes)
        self._save(index)
        return index

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
        facts = index.facts
        facts.context_budget = self.settings.partner_context_documents
        facts.reload(store, ids)
        return compile_index(facts, cursor, vectors=self.settings.partner_use_vectors)

    def _load(self, last: int) -> PartnerIndex | None:
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
        return index

    def _save(self, index: PartnerIndex) -> None:
        if not self.settings.partner_index_persist:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
            with temporary.open("wb") as fh:
                pickle.dump(FORMAT, fh, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
            temporary.replace(self.path)  # atomic: a reader sees the old or the new index
        except OSError as exc:
            log.warning("partner index not saved to %s: %s", self.path, exc)


def partner_index(store, settings: Settings) -> PartnerIndex:
    """The index of this store, synced to its last change."""
    return PartnerProjection(settings).index(store)


def forget_cached() -> None:
    """Drop the in-memory indexes (tests and benchmarks that rebuild on purpose)."""
    with _LOCK:
        _CACHE.clear()
