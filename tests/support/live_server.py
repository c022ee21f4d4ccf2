"""A real uvicorn server on a free 127.0.0.1 port, in a thread of the test process."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager


@contextmanager
def live_server(make_app: Callable[[str], object]):
    """Serve ``make_app(base_url)`` until the block ends; yields ``(base_url, app)``.

    The port is bound before the app is built, so the app's settings (its base
    IRI) can name the URL it is served at. The SPARQL engine's worker
    processes are stopped afterwards.
    """
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    app = make_app(base_url)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield base_url, app
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()
        engine = getattr(app.state, "sparql", None)
        if engine is not None:
            engine.close()
