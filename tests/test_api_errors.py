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
