"""One JSON error shape for every error path, and a friendly page for browsers."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from alueverkko.api.app import create_app
from alueverkko.settings import Settings

ERROR_KEYS = {"code", "message", "where", "fix", "details"}


@pytest.fixture
def client(tmp_path):
    return TestClient(create_app(Settings(data_dir=tmp_path / "data")), raise_server_exceptions=False)


def test_an_unknown_api_path_answers_the_json_error_shape(client):
    response = client.get("/api/no-such-thing")
    assert response.status_code == 404
    assert set(response.json()["error"]) == ERROR_KEYS
    assert response.json()["error"]["code"] == "not_found"


def test_a_browser_gets_a_friendly_html_error_page(client):
    response = client.get("/no-such-page", headers={"accept": "text/html"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>" in response.text


def test_health_reports_the_store(client):
    assert client.get("/api/health").json() == {"status": "ok", "documents": 0}


# -- every error path of the search, entity and document API has the one shape -------------
KEY = "errors-test-key"


@pytest.fixture
def keyed(tmp_path):
    settings = Settings(data_dir=tmp_path / "keyed", api_key=KEY, max_upload_bytes=2000, use_spacy=False)
    return TestClient(create_app(settings), raise_server_exceptions=False)


def _file(name: str, data: bytes) -> dict:
    return {"file": (name, data, "application/octet-stream")}


ERROR_PATHS = [
    # (what, method, url, request kwargs, status, code)
    ("unknown entity", "GET", "/api/entities/municipality:atlantis", {}, 404, "entity_not_found"),
    ("unknown entity's neighbourhood", "GET", "/api/entities/municipality:atlantis/neighbourhood", {}, 404,
     "entity_not_found"),
    ("unknown document", "GET", "/api/documents/" + "0" * 64, {}, 404, "document_not_found"),
    ("search without q", "GET", "/api/search", {}, 400, "invalid_input"),
    ("search of an unknown kind", "GET", "/api/search?q=Kouvola&kind=Planet", {}, 400, "invalid_input"),
    ("search page 0", "GET", "/api/search?q=Kouvola&page=0", {}, 400, "invalid_input"),
    ("neighbourhood too deep", "GET", "/api/entities/x:y/neighbourhood?depth=4", {}, 400, "invalid_input"),
    ("neighbourhood of bad years", "GET", "/api/entities/x:y/neighbourhood?years=2023-2019", {}, 400, "invalid_input"),
    ("neighbourhood of an unknown type", "GET", "/api/entities/x:y/neighbourhood?types=LIKES", {}, 400,
     "invalid_input"),
    ("console of an unknown engine", "GET", "/api/consoles/gremlin", {}, 400, "invalid_input"),
    ("upload without a key", "POST", "/api/documents", {"files": _file("a.txt", b"Kouvola")}, 401, "unauthorized"),
    ("upload with a wrong key", "POST", "/api/documents",
     {"files": _file("a.txt", b"Kouvola"), "headers": {"X-API-Key": "nope"}}, 401, "unauthorized"),
    ("delete without a key", "DELETE", "/api/documents/abcdef", {}, 401, "unauthorized"),
    ("upload over the size limit", "POST", "/api/documents",
     {"files": _file("a.txt", b"x" * 5000), "headers": {"X-API-Key": KEY}}, 413, "payload_too_large"),
    ("upload of an empty document", "POST", "/api/documents",
     {"files": _file("a.txt", b""), "headers": {"X-API-Key": KEY}}, 422, "document_error"),
    ("upload of an unsupported format", "POST", "/api/documents",
     {"files": _file("a.exe", b"MZ"), "headers": {"X-API-Key": KEY}}, 422, "unsupported_format"),
    ("upload without a file field", "POST", "/api/documents",
     {"data": {"note": "x"}, "headers": {"X-API-Key": KEY}}, 400, "invalid_input"),
    ("delete of an unknown document", "DELETE", "/api/documents/" + "0" * 64, {"headers": {"X-API-Key": KEY}}, 404,
     "document_not_found"),
]


@pytest.mark.parametrize("what, method, url, kwargs, status, code", ERROR_PATHS, ids=[p[0] for p in ERROR_PATHS])
def test_every_error_path_answers_the_one_json_shape(keyed, what, method, url, kwargs, status, code):
    response = keyed.request(method, url, **kwargs)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    error = response.json()["error"]
    assert set(response.json()) == {"error"} and set(error) == ERROR_KEYS
    assert error["code"] == code and error["message"] and isinstance(error["details"], dict)


def test_writes_without_a_configured_key_are_forbidden_in_the_same_shape(client):
    response = client.post("/api/documents", files=_file("a.txt", b"Kouvola"), headers={"X-API-Key": "x"})
    assert response.status_code == 403
    assert set(response.json()["error"]) == ERROR_KEYS and response.json()["error"]["code"] == "writes_disabled"


def test_a_validation_error_names_the_parameter_and_lists_every_problem(client):
    error = client.get("/api/search?q=&page=0").json()["error"]
    assert error["where"] == "query.q"
    assert {p["where"] for p in error["details"]["problems"]} == {"query.q", "query.page"}


def test_an_unexpected_failure_is_a_500_in_the_same_shape_without_internals(tmp_path):
    from alueverkko.api.deps import get_store

    class BrokenStore:
        def node(self, node_id):
            raise RuntimeError("secret internal detail")

        def __getattr__(self, name):
            raise RuntimeError("secret internal detail")

    app = create_app(Settings(data_dir=tmp_path / "data"))
    app.dependency_overrides[get_store] = BrokenStore
    response = TestClient(app, raise_server_exceptions=False).get("/api/entities/municipality:kouvola")
    assert response.status_code == 500
    assert set(response.json()["error"]) == ERROR_KEYS and response.json()["error"]["code"] == "internal_error"
    assert "secret internal detail" not in response.text


def test_a_browser_asking_for_a_missing_entity_gets_an_html_page_with_the_message_escaped(client):
    response = client.get("/entities/<img src=x onerror=alert(1)>", headers={"accept": "text/html"})
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert "entity_not_found" in response.text
    assert "<img src=x" not in response.text and "&lt;img src=x onerror=alert(1)&gt;" in response.text


def test_the_api_answers_json_errors_even_to_a_browser(client):
    response = client.get("/api/entities/nope:x", headers={"accept": "text/html"})
    assert response.status_code == 404 and response.json()["error"]["code"] == "entity_not_found"
