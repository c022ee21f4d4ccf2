"""Partner finder over HTTP: the JSON API (GET and POST), the page, and the command line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient
from support.partner_world import build, document

from alueverkko.api.app import create_app
from alueverkko.graph.model import NodeKind, RelationType
from alueverkko.graph.store import Store
from alueverkko.queries.partners.projection import forget_cached
from alueverkko.settings import Settings

IDEA = "luontomatkailun kehittäminen Pohjois-Karjalassa"
ALUEVERKKO = [sys.executable, "-c", "from alueverkko.cli import run; run()"]
RESULT_KEYS = {"rank", "id", "kind", "name", "score", "parts", "reasons", "entity_href", "map_href"}

HOSTILE = document("hostile.txt", [
    "Markup <b>Luontoreitit</b> on luontomatkailun hanke vuosina 2022–2023.",
    "Hanketta Markup <b>Luontoreitit</b> koordinoi <script>alert(1)</script> Matkailu Oy.",
], [(NodeKind.PROJECT, "Markup <b>Luontoreitit</b>", {"years": [2022, 2023]}),
    (NodeKind.ORGANISATION, "<script>alert(1)</script> Matkailu Oy")],
    [("<script>alert(1)</script> Matkailu Oy", RelationType.COORDINATES, "Markup <b>Luontoreitit</b>")])


@pytest.fixture
def data_dir(tmp_path):
    forget_cached()
    folder = tmp_path / "data"
    store = Store.open(Settings(data_dir=folder).store_path)
    build(store)
    store.ingest(HOSTILE)
    store.close()
    yield folder
    forget_cached()


@pytest.fixture
def client(data_dir):
    return TestClient(create_app(Settings(data_dir=data_dir)), raise_server_exceptions=False)


def test_the_json_api_ranks_partners_with_parts_reasons_and_evidence(client):
    response = client.get("/api/partners", params={"idea": IDEA})
    assert response.status_code == 200
    data = response.json()
    assert set(data) >= {"results", "message", "notes", "query", "index", "elapsed_ms"}
    first = data["results"][0]
    assert set(first) == RESULT_KEYS
    assert first["name"] == "Kolin Matkailuyhdistys ry"
    assert first["entity_href"] == "/entities/organisation:kolin-matkailuyhdistys-ry"
    assert first["map_href"] == "/maps/entity/organisation:kolin-matkailuyhdistys-ry"
    assert [p["name"] for p in first["parts"]] == ["topic", "proximity", "role", "recency"]
    evidence = first["reasons"][0]["evidence"][0]
    assert evidence["href"] == f"/documents/{evidence['document']}#span-{evidence['start']}-{evidence['end']}"


def test_post_with_a_json_body_answers_like_get(client):
    query = {"idea": IDEA, "role": "coordinator", "years": "2019-2024", "on_board": ["Pielisen Yrittäjät ry"],
             "kinds": ["organisations"], "limit": 3}
    posted = client.post("/api/partners", json=query).json()
    got = client.get("/api/partners", params={**query, "on_board": "Pielisen Yrittäjät ry",
                                              "kinds": "organisations"}).json()
    for answer in (posted, got):
        answer.pop("elapsed_ms")
    assert posted == got
    assert len(posted["results"]) <= 3 and "Pielisen Yrittäjät ry" not in [p["name"] for p in posted["results"]]


@pytest.mark.parametrize("idea", ["", "asdf qwerty", "ja sekä"])
def test_an_empty_or_nonsense_idea_is_a_message_not_an_error(client, idea):
    response = client.get("/api/partners", params={"idea": idea})
    assert response.status_code == 200
    assert response.json()["results"] == [] and response.json()["message"]


@pytest.mark.parametrize("params, where", [({"role": "boss"}, "role"), ({"years": "2024-2019"}, "years"),
                                           ({"kinds": "robots"}, "kinds"), ({"limit": 0}, "query.limit")])
def test_a_bad_parameter_answers_the_invalid_input_shape(client, params, where):
    response = client.get("/api/partners", params={"idea": IDEA, **params})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_input" and error["where"] == where and error["fix"]


def test_a_bad_json_body_answers_the_invalid_input_shape(client):
    response = client.post("/api/partners", json={"idea": IDEA, "role": "boss"})
    assert response.status_code == 400
    assert response.json()["error"]["where"] == "role"


def test_english_reasons_over_the_api(client):
    data = client.get("/api/partners", params={"idea": IDEA, "lang": "en"}).json()
    assert data["results"][0]["reasons"][0]["text"].startswith("coordinated 2 similar projects")


def test_the_page_shows_the_form_and_no_results_before_an_idea_is_sent(client):
    page = client.get("/partners")
    assert page.status_code == 200
    assert 'id="partner-form"' in page.text and 'class="partner-card"' not in page.text


def test_the_page_renders_the_same_results_as_its_json_twin(client):
    page = client.get("/partners", params={"idea": IDEA})
    twin = client.get("/api/partners", params={"idea": IDEA}).json()
    assert page.status_code == 200
    assert page.text.count('class="partner-card"') == len(twin["results"])
    assert 'href="/api/partners?idea=' in page.text
    for result in twin["results"]:
        assert f'data-id="{result["id"]}"' in page.text
    assert 'href="/maps/entity/organisation:kolin-matkailuyhdistys-ry?lang=fi"' in page.text


def test_text_from_documents_and_from_the_idea_is_escaped_on_the_page(client):
    page = client.get("/partners", params={"idea": "luontomatkailu <img src=x onerror=alert(2)>"})
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Matkailu Oy" in page.text
    assert "<img src=x" not in page.text and "&lt;img src=x onerror=alert(2)&gt;" in page.text


def test_the_page_shows_the_message_of_a_nonsense_idea(client):
    page = client.get("/partners", params={"idea": "asdf qwerty", "lang": "en"})
    assert page.status_code == 200
    assert "None of the idea&#39;s words (asdf, qwerty)" in page.text


def test_the_command_line_prints_the_api_json(data_dir):
    done = subprocess.run([*ALUEVERKKO, "--data", str(data_dir), "partners", IDEA,
                           "--role", "coordinator", "--on-board", "Pielisen Yrittäjät ry", "--years", "2019-2024",
                           "--kinds", "organisations,people", "--json"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["results"][0]["name"] == "Kolin Matkailuyhdistys ry"
    assert data["query"]["role"] == "coordinator" and data["query"]["years"] == [2019, 2024]


def test_the_command_line_prints_reasons_for_people(data_dir):
    done = subprocess.run([*ALUEVERKKO, "--data", str(data_dir), "partners", IDEA],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "1. Kolin Matkailuyhdistys ry" in done.stdout
    assert "koordinoinut 2 samankaltaista hanketta Pohjois-Karjalassa" in done.stdout


def test_the_command_line_explains_a_bad_role(data_dir):
    done = subprocess.run([*ALUEVERKKO, "--data", str(data_dir), "partners", IDEA,
                           "--role", "boss"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 1
    assert "Unknown role" in done.stderr
