"""A real Neo4j 5 server for tests: the in-process harness from .ci/neo4j.

    with running_neo4j() as uri:          # bolt://127.0.0.1:PORT, auth disabled
        driver = neo4j.GraphDatabase.driver(uri, auth=None)

The server is a child process whose stdin is a pipe from us: if this Python
process dies without cleaning up, the pipe closes and the server stops itself.
"""

from __future__ import annotations

import collections
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

NEO4J_DIR = Path(__file__).resolve().parents[2] / ".ci" / "neo4j"
SCRIPT = NEO4J_DIR / "neo4j.sh"
READY = "NEO4J_READY "

# A cold build downloads ~190 MB into ~/.m2; the start itself takes ~10 s.
BUILD_TIMEOUT_S = 900.0
START_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 30.0


class Neo4jStartError(RuntimeError):
    pass


def build() -> None:
    """Resolve and compile the launcher; a no-op when nothing changed."""
    done = subprocess.run(
        ["bash", str(SCRIPT), "build"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
    )
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-40:]
        raise Neo4jStartError(
            f"{SCRIPT} build failed (exit {done.returncode}):\n" + "\n".join(tail)
        )


def free_port() -> int:
    # Racy in theory (another process may take it before Neo4j binds), but the
    # failure is loud: the server exits and we report its output.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_neo4j(
    port: int | None = None, timeout: float = START_TIMEOUT_S
) -> Iterator[str]:
    """Build if needed, start Neo4j on 127.0.0.1, yield its bolt URI, stop it."""
    build()
    port = port or free_port()
    proc = subprocess.Popen(
        ["bash", str(SCRIPT), "run", str(port)],  # the script execs java
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    last_lines: collections.deque[str] = collections.deque(maxlen=40)
    ready = threading.Event()
    uri: list[str] = []

    def pump() -> None:
        # Keep reading after the ready line too, so a chatty server never
        # blocks on a full pipe.
        assert proc.stdout is not None
        for line in proc.stdout:
            last_lines.append(line.rstrip("\n"))
            if line.startswith(READY) and not ready.is_set():
                uri.append(line[len(READY) :].strip())
                ready.set()

    reader = threading.Thread(target=pump, name=f"neo4j-{port}-output", daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + timeout
        while not ready.wait(0.2):
            if proc.poll() is not None:
                reader.join(2)  # let the last lines arrive
                raise Neo4jStartError(
                    f"Neo4j exited with {proc.returncode} before it was ready:\n"
                    + "\n".join(last_lines)
                )
            if time.monotonic() > deadline:
                raise Neo4jStartError(
                    f"Neo4j was not ready within {timeout:.0f} s:\n"
                    + "\n".join(last_lines)
                )
        yield uri[0]
    finally:
        _stop(proc)
        reader.join(5)


def _stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.terminate()  # the launcher's shutdown hook closes the database
        try:
            proc.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if proc.stdin is not None:
        try:
            proc.stdin.close()
        except BrokenPipeError:
            pass
