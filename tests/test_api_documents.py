"""Documents over HTTP: list, text with fact spans, upload through the real pipeline, delete, keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from alueverkko.api.app import create_app
from alueverkko.settings import Settings

REPO = Path(__file__).resolve().parent.parent
CUES = REPO / "tests" / "fixtures" / "docs" / "cues_relations.txt"
KEY = "test-write-key-3f9c"


@pytest.fixture(scope="module")
def world(world_settings):
    with TestClient(create_app(world_settings)) as test_client:
        yield test_client


@pytest.fixture
def writable(tmp_path):
    settings = Settings(data_dir=tmp_path / "data", api_key=KEY, use_spacy=False)
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


def upload(client, path: Path = CUES, key: str | None = KEY, **extra):
    headers = {"X-API-Key": key} if key is not None else {}
    return client.post("/api/documents", headers=headers,
                       files={"file": (path.name, path.read_bytes(), "text/plain")}, **extra)


def test_the_document_list_counts_the_facts_each_document_supports(world):
    body = world.get("/api/documents").json()
    by_title = {d["title"]: d for d in body["documents"]}
    assert body["count"] == len(body["documents"]) == 20 and body["pages"] == 1
    assert by_title["rautatiekaupunki.txt"]["nodes"] == 7 and by_title["rautatiekaupunki.txt"]["edges"] == 7


def test_the_document_list_is_paginated(world):
    first = world.get("/api/documents", params={"per_page": 3}).json()
    second = world.get("/api/documents", params={"per_page": 3, "page": 2}).json()
    assert first["pages"] == 7 and len(first["documents"]) == len(second["documents"]) == 3
    assert not {d["id"] for d in first["documents"]} & {d["id"] for d in second["documents"]}


def test_a_document_has_its_text_and_the_span_of_every_fact_read_from_it(world):
    doc_id = next(d["id"] for d in world.get("/api/documents").json()["documents"] if d["title"] == "rautatiekaupunki.txt")
    body = world.get(f"/api/documents/{doc_id[:10]}").json()
    assert body["id"] == doc_id
    nodes = [s for s in body["spans"] if s["fact"] == "node"]
    edges = [s for s in body["spans"] if s["fact"] == "edge"]
    assert {s["id"] for s in nodes} >= {"municipality:kouvola", "project:rautatiekaupunki"} and len(edges) == 7
    assert all(body["text"][s["start"]:s["end"]] == s["quote"] for s in body["spans"])
    kouvola = next(s for s in nodes if s["id"] == "municipality:kouvola")
    assert (kouvola["kind"], kouvola["name"], kouvola["quote"]) == ("Municipality", "Kouvola", "Kouvolan kaupunki")
    funds = next(s for s in edges if s["type"] == "FUNDS")
    assert (funds["source"], funds["target"]) == ("fund:maakunnan-kehittamisraha", "project:rautatiekaupunki")


def test_an_upload_goes_through_the_pipeline_into_the_store_and_the_search_index(writable):
    response = upload(writable)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "added" and body["nodes"] > 0 and body["document"]["source_path"] == "upload:cues_relations.txt"
    assert body["projections"]["search"] > 0
    document = writable.get(f"/api/documents/{body['document']['id']}").json()
    named = next(s for s in document["spans"] if s["fact"] == "node")
    hits = writable.get("/api/search", params={"q": named["name"]}).json()["hits"]
    assert named["id"] in [h["id"] for h in hits]


def test_uploading_the_same_file_again_changes_nothing(writable):
    assert upload(writable).status_code == 201
    again = upload(writable)
    assert again.status_code == 200 and again.json()["status"] == "unchanged"
    assert writable.get("/api/documents").json()["count"] == 1


def test_a_changed_file_with_the_same_name_replaces_the_earlier_upload(writable, tmp_path):
    path = tmp_path / "tiedote.txt"
    path.write_text("Hanketta koordinoi Satakuntaliitto.", encoding="utf-8")
    first = upload(writable, path).json()
    path.write_text("Hanketta koordinoi Kainuun liitto.", encoding="utf-8")
    second = upload(writable, path).json()
    assert second["status"] == "replaced" and second["replaced_document_id"] == first["document"]["id"]
    assert [d["id"] for d in writable.get("/api/documents").json()["documents"]] == [second["document"]["id"]]


def test_deleting_a_document_removes_its_facts_from_the_store_and_the_search_index(writable):
    body = upload(writable).json()
    doc_id = body["document"]["id"]
    named = next(s for s in writable.get(f"/api/documents/{doc_id}").json()["spans"] if s["fact"] == "node")
    deleted = writable.delete(f"/api/documents/{doc_id}", headers={"X-API-Key": KEY})
    assert deleted.status_code == 200 and deleted.json()["deleted"]["id"] == doc_id
    assert writable.get(f"/api/documents/{doc_id}").status_code == 404
    assert writable.get(f"/api/entities/{named['id']}").status_code == 404
    assert named["id"] not in [h["id"] for h in writable.get("/api/search", params={"q": named["name"]}).json()["hits"]]


def test_an_upload_without_the_key_or_with_a_wrong_one_is_refused_and_stores_nothing(writable):
    assert upload(writable, key=None).status_code == 401
    assert upload(writable, key="wrong").status_code == 401
    assert writable.delete("/api/documents/abcdef", headers={"X-API-Key": "wrong"}).status_code == 401
    assert writable.get("/api/documents").json()["count"] == 0


def test_writes_are_forbidden_while_no_key_is_configured(tmp_path):
    with TestClient(create_app(Settings(data_dir=tmp_path / "d"))) as client:
        response = upload(client, key="anything")
        assert response.status_code == 403 and response.json()["error"]["code"] == "writes_disabled"
        assert client.delete("/api/documents/abcdef", headers={"X-API-Key": "x"}).status_code == 403


def test_the_key_never_appears_in_a_response_or_the_log(writable, caplog):
    caplog.set_level("DEBUG")
    responses = [upload(writable, key="wrong-" + KEY), upload(writable)]
    assert all(KEY not in r.text for r in responses)
    assert KEY not in caplog.text


def test_the_read_key_guards_reads_when_it_is_set(tmp_path):
    settings = Settings(data_dir=tmp_path / "d", api_key="w", read_api_key="r")
    with TestClient(create_app(settings)) as client:
        assert client.get("/api/documents").status_code == 401
        assert client.get("/api/search?q=x").status_code == 401
        assert client.get("/api/documents", headers={"X-API-Key": "r"}).status_code == 200
        assert client.get("/api/documents", headers={"X-API-Key": "w"}).status_code == 200


def test_an_upload_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    settings = Settings(data_dir=tmp_path / "d", api_key=KEY, max_upload_bytes=1000, use_spacy=False)
    with TestClient(create_app(settings)) as client:
        big = tmp_path / "big.txt"
        big.write_text("Kouvola " * 500, encoding="utf-8")
        response = upload(client, big)
        assert response.status_code == 413 and response.json()["error"]["details"]["max_upload_bytes"] == 1000
        assert client.get("/api/documents").json()["count"] == 0


def test_an_unreadable_document_is_refused_with_the_document_error(writable, tmp_path):
    empty = tmp_path / "tyhja.txt"
    empty.write_bytes(b"")
    response = upload(writable, empty)
    assert response.status_code == 422 and response.json()["error"]["where"] == "tyhja.txt"
    unknown = tmp_path / "kuva.exe"
    unknown.write_bytes(b"MZ")
    assert upload(writable, unknown).json()["error"]["code"] == "unsupported_format"


def test_an_uploaded_file_name_cannot_leave_its_folder(writable):
    response = writable.post("/api/documents", headers={"X-API-Key": KEY},
                             files={"file": ("../../hanke.txt", b"Hanketta koordinoi Satakuntaliitto.", "text/plain")})
    assert response.status_code == 201 and response.json()["document"]["source_path"] == "upload:hanke.txt"


def test_an_upload_may_name_where_the_document_came_from(writable):
    response = upload(writable, data={"source": "https://example.fi/hanke"})
    assert response.status_code == 201 and response.json()["document"]["source_path"] == "https://example.fi/hanke"
