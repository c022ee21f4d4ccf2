"""Access: CORS closed by default, a body limit on every request, keys never logged, the read key on every read.

Which routes stay open when ``read_api_key`` is set (decided here, enforced by
``test_every_route_needs_the_read_key_when_one_is_set``):

* ``/api/health``: monitoring must work without credentials; it says only
  "ok" and the number of documents;
* the UI's own static files (``/static/...``, the map page's scripts under
  ``/static/vendor`` and ``/static/maps``): code, no data;
* FastAPI's API description (``/openapi.json``, ``/docs``, ``/redoc``): the
  shape of the API, no data.

Everything else (JSON and HTML, reads and writes, ``/sparql``, ``/api/cypher``,
``/maps/...``, ``/api/partners``, ``/id/...``) answers 401 without a key.
"""

from __future__ import annotations

import logging
import re
import socket
import threading
import time
from contextlib import contextmanager

import httpx
import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from alueverkko.api.app import create_app
from alueverkko.settings import Settings

ERROR_KEYS = {"code", "message", "where", "fix", "details"}
OPEN_PATHS = re.compile(r"^(/api/health|/static/.*|/openapi\.json|/docs.*|/redoc)$")
WRITE_KEY = "kirjoitus-avain-7f3a9c61"
READ_KEY = "luku-avain-2b8e41d0"
WRONG_KEY = "arvattu-avain-5d6c0e99"
FOREIGN = "https://vieras.example.com"
ALLOWED = "https://kartta.example.fi"


# -- CORS --------------------------------------------------------------------------------------------
def preflight(client: TestClient, origin: str) -> httpx.Response:
    return client.options("/api/cypher", headers={"Origin": origin, "Access-Control-Request-Method": "POST",
                                                   "Access-Control-Request-Headers": "content-type, x-api-key"})


def test_cors_is_closed_by_default(tmp_path):
    client = TestClient(create_app(Settings(data_dir=tmp_path / "d")))
    simple = client.get("/api/health", headers={"Origin": FOREIGN})
    assert simple.status_code == 200
    assert "access-control-allow-origin" not in simple.headers
    answer = preflight(client, FOREIGN)
    assert "access-control-allow-origin" not in answer.headers
    assert "access-control-allow-headers" not in answer.headers


def test_cors_allows_exactly_the_configured_origins(tmp_path):
    client = TestClient(create_app(Settings(data_dir=tmp_path / "d", cors_origins=[ALLOWED])))
    simple = client.get("/api/health", headers={"Origin": ALLOWED})
    assert simple.headers["access-control-allow-origin"] == ALLOWED
    answer = preflight(client, ALLOWED)
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == ALLOWED
    assert "x-api-key" in answer.headers["access-control-allow-headers"].lower()
    assert "POST" in answer.headers["access-control-allow-methods"]
    assert "access-control-allow-credentials" not in answer.headers  # the key is a header, never a cookie
    assert "access-control-allow-origin" not in client.get("/api/health", headers={"Origin": FOREIGN}).headers
    assert "access-control-allow-origin" not in preflight(client, FOREIGN).headers


def test_refusals_carry_cors_headers_so_an_allowed_page_can_read_the_error(tmp_path):
    settings = Settings(data_dir=tmp_path / "d", cors_origins=[ALLOWED], read_api_key=READ_KEY, max_request_bytes=100)
    client = TestClient(create_app(settings))
    unauthorized = client.get("/api/search", params={"q": "Kouvola"}, headers={"Origin": ALLOWED})
    assert unauthorized.status_code == 401 and unauthorized.headers["access-control-allow-origin"] == ALLOWED
    too_large = client.post("/api/cypher", content=b"x" * 200, headers={"Origin": ALLOWED})
    assert too_large.status_code == 413 and too_large.headers["access-control-allow-origin"] == ALLOWED


# -- body limits ----------------------------------------------------------------------------------------
LIMITED = [  # (method, path, content-type) of routes that take a body
    ("POST", "/api/cypher", "application/json"),
    ("POST", "/api/cypher/queries/partners", "application/json"),
    ("POST", "/sparql", "application/sparql-query"),
    ("POST", "/sparql", "application/x-www-form-urlencoded"),
    ("POST", "/api/sparql/queries/coordinators", "application/json"),
    ("POST", "/api/partners", "application/json"),
    ("GET", "/api/search?q=Kouvola", "text/plain"),
]


@pytest.fixture(scope="module")
def limited(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("limits"), api_key=WRITE_KEY, use_spacy=False,
                        max_request_bytes=2000, max_upload_bytes=20_000, sparql_workers=1)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def chunks(data: bytes, size: int = 500):
    """A body without Content-Length: sent with Transfer-Encoding: chunked."""
    for start in range(0, len(data), size):
        yield data[start:start + size]


def assert_too_large(response: httpx.Response, setting: str, limit: int) -> None:
    assert response.status_code == 413, response.text
    assert response.headers["content-type"] == "application/json"
    error = response.json()["error"]
    assert set(error) == ERROR_KEYS and error["code"] == "payload_too_large"
    assert error["details"] == {setting: limit}
    assert f"ALUEVERKKO_{setting.upper()}" in error["fix"]


@pytest.mark.parametrize(("method", "path", "media"), LIMITED, ids=[f"{m} {p} {t}" for m, p, t in LIMITED])
def test_every_body_over_the_request_limit_is_refused_with_413(limited, method, path, media):
    body = b"{" + b" " * 3000 + b"}"
    declared = limited.request(method, path, content=body, headers={"content-type": media})
    assert_too_large(declared, "max_request_bytes", 2000)
    chunked = limited.request(method, path, content=chunks(body), headers={"content-type": media})
    assert_too_large(chunked, "max_request_bytes", 2000)


def test_a_chunked_body_within_the_limit_reaches_the_handler_whole(limited):
    query = b'{"query": "RETURN $text AS text", "params": {"text": "' + b"a" * 1500 + b'"}}'
    response = limited.post("/api/cypher", content=chunks(query, 100), headers={"content-type": "application/json"})
    assert response.status_code == 200, response.text
    assert response.json()["rows"] == [["a" * 1500]]


def test_an_upload_has_its_own_larger_limit(limited):
    text = ("Kymin osaajat -hanketta koordinoi Kymijoen Kehitys Oy ja sitä rahoittaa Maakunnan "
            "kehittämisraha. ") * 60
    assert 2000 < len(text.encode()) < 20_000
    accepted = limited.post("/api/documents", headers={"X-API-Key": WRITE_KEY},
                            files={"file": ("kymin_osaajat.txt", text.encode(), "text/plain")})
    assert accepted.status_code == 201, accepted.text
    refused = limited.post("/api/documents", headers={"X-API-Key": WRITE_KEY},
                           files={"file": ("iso.txt", b"Kouvola " * 4000, "text/plain")})
    assert_too_large(refused, "max_upload_bytes", 20_000)
    multipart = (b"--raja\r\nContent-Disposition: form-data; name=\"file\"; filename=\"iso.txt\"\r\n"
                 b"Content-Type: text/plain\r\n\r\n" + b"Kouvola " * 4000 + b"\r\n--raja--\r\n")
    chunked = limited.post("/api/documents", content=chunks(multipart, 4096),
                           headers={"X-API-Key": WRITE_KEY, "content-type": "multipart/form-data; boundary=raja"})
    assert_too_large(chunked, "max_upload_bytes", 20_000)
    assert limited.get("/api/documents").json()["count"] == 1


# -- a real uvicorn with every log at DEBUG -----------------------------------------------------------
@contextmanager
def debug_server(app):
    """uvicorn on a free port with access and debug logs going to the root logger (where caplog listens)."""
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = uvicorn.Server(uvicorn.Config(app, log_level="debug", access_log=True, log_config=None, lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


def test_bodies_over_the_limit_are_refused_by_a_real_server_with_and_without_content_length(tmp_path):
    app = create_app(Settings(data_dir=tmp_path / "d", max_request_bytes=2000))
    with debug_server(app) as url:
        body = b"x" * 50_000
        declared = httpx.post(f"{url}/api/cypher", content=body, headers={"content-type": "application/json"})
        assert_too_large(declared, "max_request_bytes", 2000)
        chunked = httpx.post(f"{url}/api/cypher", content=chunks(body, 1000), headers={"content-type": "application/json"})
        assert_too_large(chunked, "max_request_bytes", 2000)
        assert httpx.get(f"{url}/api/health").status_code == 200


def test_keys_are_never_logged_nor_echoed(tmp_path, caplog):
    """Wrong and right keys on writes and reads, through a real server logging everything at DEBUG."""
    caplog.set_level(logging.DEBUG)
    settings = Settings(data_dir=tmp_path / "d", api_key=WRITE_KEY, read_api_key=READ_KEY, use_spacy=False,
                        sparql_workers=1)
    bodies = []
    with debug_server(create_app(settings)) as url:
        def send(method: str, path: str, key: str | None, headers: dict | None = None, **kwargs) -> httpx.Response:
            headers = {**(headers or {}), **({"X-API-Key": key} if key else {})}
            response = httpx.request(method, url + path, headers=headers, timeout=120, **kwargs)
            bodies.append(response.text + " " + " ".join(f"{k}: {v}" for k, v in response.headers.items()))
            return response

        document = {"files": {"file": ("avain.txt", "Hanketta koordinoi Kymijoen Kehitys Oy.".encode(), "text/plain")}}
        assert send("POST", "/api/documents", WRONG_KEY, **document).status_code == 401
        assert send("POST", "/api/documents", READ_KEY, **document).status_code == 401
        assert send("POST", "/api/documents", WRITE_KEY, **document).status_code == 201
        assert send("DELETE", "/api/documents/" + "0" * 64, WRONG_KEY).status_code == 401
        for key, status in ((None, 401), (WRONG_KEY, 401), (READ_KEY, 200), (WRITE_KEY, 200)):
            assert send("GET", "/api/search?q=Kymijoen", key).status_code == status
            assert send("GET", "/search?q=Kymijoen", key, headers={"accept": "text/html"}).status_code == status
            assert send("POST", "/api/cypher", key, json={"query": "RETURN 1 AS one"}).status_code == status
            assert send("GET", "/sparql", key, params={"query": "ASK {}"}).status_code == status
    assert "GET /api/search?q=Kymijoen" in caplog.text, "the access log was not captured"
    for key in (WRITE_KEY, READ_KEY, WRONG_KEY):
        assert key not in caplog.text
        assert not [body for body in bodies if key in body]


# -- the read key ------------------------------------------------------------------------------------
def concrete(path: str) -> str:
    """A route path with its parameters filled (the key is checked before any parameter)."""
    samples = {"kind": "municipality", "engine": "cypher"}
    return re.sub(r"\{(\w+)(:\w+)?\}", lambda m: samples.get(m[1], "kouvola"), path)


def flat_routes(app) -> list:
    """Every route of the app with its full path (FastAPI 0.16x keeps included routers unflattened)."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # older FastAPI: app.routes is already flat
        return list(app.routes)
    return list(iter_route_contexts(app.routes))


def every_route(app) -> list[tuple[str, str]]:
    routes = []
    for route in flat_routes(app):
        for method in sorted(route.methods or ()):
            if method not in ("HEAD", "OPTIONS"):
                routes.append((method, route.path))
    return routes


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("guarded"), api_key=WRITE_KEY, read_api_key=READ_KEY,
                        sparql_workers=1)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def test_every_route_needs_the_read_key_when_one_is_set(guarded):
    routes = every_route(guarded.app)
    closed = [(m, p) for m, p in routes if not OPEN_PATHS.match(p)]
    assert {"/sparql", "/api/cypher", "/maps/entity/{entity_id}", "/api/partners", "/partners", "/id/{kind}/{slug}",
            "/entities/{entity_id}", "/documents/{document_id}", "/console/{engine}", "/"} <= {p for _, p in closed}
    let_through = []
    for method, path in closed:
        for key in (None, WRONG_KEY):
            response = guarded.request(method, concrete(path), headers={"X-API-Key": key} if key else {},
                                       follow_redirects=False)
            if response.status_code != 401:
                let_through.append((method, path, key, response.status_code))
    assert not let_through


def test_the_read_key_opens_reads_but_not_writes(guarded):
    reads = [p for m, p in every_route(guarded.app) if m == "GET" and not OPEN_PATHS.match(p)]
    refused = [(p, r.status_code) for p in reads
               if (r := guarded.get(concrete(p), headers={"X-API-Key": READ_KEY}, follow_redirects=False)).status_code
               in (401, 403)]
    assert not refused
    writes = [("POST", "/api/documents"), ("DELETE", "/api/documents/" + "0" * 64)]
    assert [guarded.request(m, p, headers={"X-API-Key": READ_KEY}).status_code for m, p in writes] == [401, 401]


def test_the_open_routes_are_only_health_static_files_and_the_api_description(guarded):
    open_routes = sorted({p for _, p in every_route(guarded.app) if OPEN_PATHS.match(p)})
    assert all(p == "/api/health" or p.startswith(("/static/", "/docs", "/openapi", "/redoc")) for p in open_routes)
    assert guarded.get("/api/health").status_code == 200
    assert guarded.get("/static/site.css").status_code == 200
    routes = [r for r in flat_routes(guarded.app) if isinstance(getattr(r, "original_route", r), APIRoute)]
    assert len(routes) > 30  # the iteration above really saw the app's routes
