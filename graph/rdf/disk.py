"""The RDF projection on disk: one live Oxigraph store and read-only snapshots of it.

::

    DIR/rdf/live/                                  the store sync() writes (RocksDB; one writer at a time)
    DIR/rdf/snapshots/{cursor}-{fingerprint}-{ns}/  checkpoints taken after each sync, never written again

Queries never open ``live``: Oxigraph allows one read-write opener per folder,
and opening a store read-only while another process writes it is undefined.
A snapshot is a RocksDB checkpoint (hard links, tens of milliseconds), so query
workers open the newest one read-only, safely, and a worker killed mid-query
hurts nothing. The sync cursor lives inside the live store (graph
``urn:alueverkko:meta``), so it is copied into every snapshot and its name.

>>> import tempfile, pathlib
>>> disk = RdfDisk(pathlib.Path(tempfile.mkdtemp()))
>>> with disk.writer() as live:
...     write_meta(live.store, 7, "abc")
...     read_meta(live.store)
Meta(cursor=7, fingerprint='abc', syncs_since_optimise=0)
"""

from __future__ import annotations

import shutil
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from alueverkko.errors import BackendUnavailable, StoreError
from alueverkko.graph.rdf.namespaces import META

META_GRAPH = ox.NamedNode(str(META["meta"]))
_SUBJECT = ox.NamedNode(str(META["rdf-projection"]))
_CURSOR = ox.NamedNode(str(META["cursor"]))
_FINGERPRINT = ox.NamedNode(str(META["fingerprint"]))
_UNOPTIMISED = ox.NamedNode(str(META["syncs-since-optimise"]))
_XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")

#: One lock per live folder, for the threads of this process (RocksDB's own
#: lock file keeps other processes out).
_THREAD_LOCKS: dict[Path, threading.Lock] = {}
_THREAD_LOCKS_GUARD = threading.Lock()


@dataclass(frozen=True)
class Meta:
    cursor: int
    fingerprint: str
    syncs_since_optimise: int = 0


@dataclass(frozen=True)
class Snapshot:
    path: Path
    cursor: int
    fingerprint: str
    created_ns: int


class LiveStore:
    """The read-write store, held while one sync runs; :meth:`reset` empties it for a rebuild."""

    def __init__(self, path: Path):
        self.path = path
        self.store = ox.Store(str(path))

    def reset(self) -> None:
        self.store = None
        shutil.rmtree(self.path, ignore_errors=True)
        self.store = ox.Store(str(self.path))


class RdfDisk:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.live_path = self.root / "live"
        self.snapshots_path = self.root / "snapshots"

    # -- the writer ------------------------------------------------------------
    @contextmanager
    def writer(self, wait_s: float = 30.0):
        """The live store, opened read-write for one sync; waits for other writers up to ``wait_s``."""
        lock = _thread_lock(self.live_path)
        if not lock.acquire(timeout=wait_s):
            raise BackendUnavailable("The RDF store is being updated by another sync in this process.",
                                     where=str(self.live_path),
                                     fix="Try again in a moment.")
        try:
            live = self._open_live(time.monotonic() + wait_s)
            try:
                yield live
                live.store.flush()
            finally:
                live.store = None  # dropping the last reference closes RocksDB and frees its lock
        finally:
            lock.release()

    def _open_live(self, deadline: float) -> LiveStore:
        self.root.mkdir(parents=True, exist_ok=True)
        while True:
            try:
                return LiveStore(self.live_path)
            except OSError as exc:
                if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                    raise _open_error(exc, self.live_path) from exc
                time.sleep(0.05)

    # -- snapshots ---------------------------------------------------------------
    def take_snapshot(self, live: LiveStore, meta: Meta) -> Snapshot:
        """Checkpoint the live store into a new snapshot folder (atomically, by rename)."""
        self.snapshots_path.mkdir(parents=True, exist_ok=True)
        created = time.time_ns()
        name = f"{meta.cursor:012d}-{meta.fingerprint}-{created}"
        temporary = self.snapshots_path / f"tmp-{name}"
        live.store.backup(str(temporary))
        final = self.snapshots_path / name
        temporary.rename(final)
        return Snapshot(final, meta.cursor, meta.fingerprint, created)

    def snapshots(self) -> list[Snapshot]:
        """Every complete snapshot, oldest first."""
        if not self.snapshots_path.is_dir():
            return []
        found = []
        for path in self.snapshots_path.iterdir():
            parts = path.name.split("-")
            if len(parts) == 3 and parts[0].isdigit() and parts[2].isdigit():
                found.append(Snapshot(path, int(parts[0]), parts[1], int(parts[2])))
        return sorted(found, key=lambda s: (s.cursor, s.created_ns))

    def newest_snapshot(self, fingerprint: str) -> Snapshot | None:
        matching = [s for s in self.snapshots() if s.fingerprint == fingerprint]
        return matching[-1] if matching else None

    def collect_garbage(self, fingerprint: str, in_use: set[Path] = frozenset(), grace_s: float = 60.0) -> list[Path]:
        """Delete snapshots superseded more than ``grace_s`` ago that no worker here has open.

        The grace period covers readers in other processes (a command-line query
        that opened a snapshot just before a server's sync replaced it).
        """
        now, removed = time.time_ns(), []
        snapshots = self.snapshots()
        newest = self.newest_snapshot(fingerprint)
        for older, newer in zip(snapshots, snapshots[1:] + [None]):
            superseded_ns = newer.created_ns if newer is not None else now
            if older == newest or older.path in in_use or now - superseded_ns < grace_s * 1e9:
                continue
            shutil.rmtree(older.path, ignore_errors=True)
            removed.append(older.path)
        for stray in self.snapshots_path.glob("tmp-*") if self.snapshots_path.is_dir() else []:
            if now - stray.stat().st_mtime_ns > grace_s * 1e9:
                shutil.rmtree(stray, ignore_errors=True)
        return removed


def read_meta(store: ox.Store) -> Meta | None:
    """The cursor and fingerprint the store was synced to; None when missing (a rebuild is due)."""
    cursors = [int(q.object.value) for q in store.quads_for_pattern(_SUBJECT, _CURSOR, None, META_GRAPH)]
    prints = [q.object.value for q in store.quads_for_pattern(_SUBJECT, _FINGERPRINT, None, META_GRAPH)]
    pending = [int(q.object.value) for q in store.quads_for_pattern(_SUBJECT, _UNOPTIMISED, None, META_GRAPH)]
    if not cursors or len(prints) != 1:
        return None
    # Two cursors mean a crash between writing the new one and dropping the old:
    # the smaller is safe, since applying changes again is idempotent.
    return Meta(min(cursors), prints[0], max(pending, default=10**6))


def write_meta(store: ox.Store, cursor: int, fingerprint: str, syncs_since_optimise: int = 0) -> None:
    """Record the cursor: the new value is added before the old one is dropped."""
    old = list(store.quads_for_pattern(_SUBJECT, None, None, META_GRAPH))
    new = [ox.Quad(_SUBJECT, _CURSOR, ox.Literal(str(cursor), datatype=_XSD_INTEGER), META_GRAPH),
           ox.Quad(_SUBJECT, _FINGERPRINT, ox.Literal(fingerprint), META_GRAPH),
           ox.Quad(_SUBJECT, _UNOPTIMISED, ox.Literal(str(syncs_since_optimise), datatype=_XSD_INTEGER), META_GRAPH)]
    store.extend(new)
    for quad in old:
        if quad not in new:
            store.remove(quad)


def _thread_lock(path: Path) -> threading.Lock:
    with _THREAD_LOCKS_GUARD:
        return _THREAD_LOCKS.setdefault(path.resolve(), threading.Lock())


def _open_error(exc: OSError, path: Path) -> Exception:
    if "lock" in str(exc).lower():
        return BackendUnavailable("The RDF store is being updated by another alueverkko process.", where=str(path),
                                  fix="Wait for it to finish (a full rebuild of a large graph takes minutes), then try again.")
    return StoreError(f"Cannot open the RDF store: {exc}.", where=str(path),
                      fix="Delete the folder; the next query rebuilds it from the canonical store.")
