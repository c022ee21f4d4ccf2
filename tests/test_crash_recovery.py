"""Crashes lose nothing: the real processes are killed with SIGKILL, then the next run or request recovers.

* ``alueverkko ingest`` killed while it holds the store's write lock in the middle of a run: the store
  passes ``integrity_check``, holds only whole documents, and the same command run again stores the
  rest, ending exactly where an uninterrupted run ends.
* The embedded FalkorDB killed under a running API: facts ingested while it is down are there on the
  next ``/api/cypher`` request (restarted and resynced), and an upload right after the kill succeeds.

(A raw store transaction killed mid-insert: tests/test_store_contract.py. The library-level FalkorDB
lifecycle: tests/test_falkordb_lifecycle.py. Neo4j down and back: tests/test_neo4j_outage.py.)
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest
from cypher_world import ingest_fixture_world
from support.live_server import live_server

from alueverkko.api.app import create_app
from alueverkko.graph.cypher import close_engine
from alueverkko.graph.cypher.falkordb_server import read_pidfile
from alueverkko.graph.store import Store
from alueverkko.ingest.files import collect_files
from alueverkko.ingest.runner import ingest_files
from alueverkko.settings import Settings

CLI = str(Path(sys.executable).with_name("alueverkko"))
API_KEY = "kaatumistesti-avain"
COUNT = {"query": "MATCH (n:Entity) RETURN count(n) AS n"}

PLACES = [("Kouvola", "Kouvolan"), ("Kotka", "Kotkan"), ("Lieksa", "Lieksan"), ("Joensuu", "Joensuun"),
          ("Seinäjoki", "Seinäjoen"), ("Kajaani", "Kajaanin"), ("Mikkeli", "Mikkelin"), ("Hamina", "Haminan")]
ORGANISATIONS = ["Kaakon Kehittämisyhtiö Oy", "Vaarojen Matkailu ry", "Pohjoisen Osaamiskeskus Oy",
                 "Järviseudun Yrityspalvelut Oy"]
PEOPLE = ["Aino Laaksonen", "Eero Kivinen", "Helmi Saarinen", "Otto Rantanen"]


def project_page(n: int) -> str:
    """A project page written for these tests: a coordinator, two towns, a funder and a contact person."""
    (_, first), (_, second) = PLACES[n % len(PLACES)], PLACES[(n + 3) % len(PLACES)]
    organisation, person = ORGANISATIONS[n % len(ORGANISATIONS)], PEOPLE[n % len(PEOPLE)]
    project = f"Kylänraitti {n}"
    return (f"{project} -hanke\n\n"
            f"{project} -hanke kunnostaa kylien raitteja ja kohtaamispaikkoja. Hankkeen koordinoi {organisation}, "
            f"ja mukana ovat {first} ja {second} kaupungit. Hanketta rahoittaa Maakunnan kehittämisraha.\n\n"
            f"Hankkeen nimi: {project}\nToteutusaika: 1.3.2024–28.2.2026\nTekijät: {organisation}\n"
            f"Rahoittajat: Maakunnan kehittämisraha\nYhteyshenkilö: {person}, {organisation}\n")


def write_documents(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True)
    for n in range(count):
        (folder / f"hanke_{n:03d}.txt").write_text(project_page(n), encoding="utf-8")
    return sorted(folder.iterdir())


def cli(data: Path, *args: str, **popen) -> subprocess.Popen:
    env = {**os.environ, "ALUEVERKKO_USE_SPACY": "false"}
    return subprocess.Popen([CLI, "--data", str(data), *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **popen)


def write_lock_held(path: Path) -> bool:
    """True while another connection holds the store's write lock (is inside a write transaction)."""
    conn = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
        return True
    finally:
        conn.close()


def stored_documents(path: Path) -> int:
    if not path.exists():
        return 0
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0
    finally:
        conn.close()


def kill_inside_a_write(child: subprocess.Popen, store_path: Path, after_documents: int) -> bool:
    """SIGKILL ``child`` the moment it is seen holding the write lock, once ``after_documents`` are stored."""
    while child.poll() is None:
        if stored_documents(store_path) >= after_documents and write_lock_held(store_path):
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
            return True
        time.sleep(0.001)  # each probe takes the lock for an instant; leave the writer room to work
    return False


def per_document_facts(store: Store) -> dict[str, tuple[str, int, int]]:
    return {d.id: (d.source_path, d.nodes, d.edges) for d in store.documents()}


def unsupported_facts(store: Store) -> list[tuple]:
    return store._read("""
        SELECT 'node', id FROM nodes WHERE id NOT IN (SELECT node_id FROM node_evidence)
        UNION ALL SELECT 'edge', id FROM edges WHERE id NOT IN (SELECT edge_id FROM edge_evidence)""")


def test_a_killed_ingest_run_leaves_whole_documents_and_a_rerun_finishes_the_job(tmp_path):
    files = write_documents(tmp_path / "asiakirjat", 40)
    reference = Store.open(tmp_path / "reference" / "alueverkko.sqlite")
    report = ingest_files(reference, collect_files([tmp_path / "asiakirjat"]), settings=Settings(use_spacy=False))
    assert not report.failed and len(report.items) == len(files)
    expected = per_document_facts(reference)
    assert all(nodes and edges for _, nodes, edges in expected.values())

    data = tmp_path / "data"
    store_path = data / "alueverkko.sqlite"
    child = cli(data, "ingest", str(tmp_path / "asiakirjat"))
    killed = kill_inside_a_write(child, store_path, after_documents=5)
    assert killed, f"the run ended before it was caught writing: {child.communicate()}"

    store = Store.open(store_path)
    assert store._read("PRAGMA integrity_check") == [("ok",)]
    assert store._read("PRAGMA foreign_key_check") == []
    survived = per_document_facts(store)
    assert 5 <= len(survived) < len(expected), "the kill did not land in the middle of the run"
    assert {doc: expected[doc] for doc in survived} == survived  # whole documents only, each with all its facts
    assert unsupported_facts(store) == []

    rerun = cli(data, "ingest", "--json", str(tmp_path / "asiakirjat"))
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    statuses = {Path(item["path"]).name: item["status"] for item in json.loads(out)["files"]}
    again = {Path(source).name for source, _, _ in survived.values()}
    assert {name for name, status in statuses.items() if status == "unchanged"} == again
    assert {name for name, status in statuses.items() if status == "added"} == {f.name for f in files} - again

    assert store._read("PRAGMA integrity_check") == [("ok",)]
    assert per_document_facts(store) == expected
    assert store.stats() == reference.stats()
    assert unsupported_facts(store) == []


# -- the embedded Cypher engine killed under the API --------------------------------------
@pytest.fixture
def served_cypher_world(tmp_path):
    settings = Settings(data_dir=tmp_path / "data", api_key=API_KEY, use_spacy=False)
    store = Store.open(settings.store_path)
    ingest_fixture_world(store)
    store.close()
    try:
        with live_server(lambda base: create_app(settings.model_copy(update={"base_iri": base}))) as (url, _app):
            with httpx.Client(base_url=url, timeout=120) as client:
                yield client, settings
    finally:
        close_engine(settings)


def kill_falkordb(settings: Settings) -> int:
    pid = read_pidfile(settings.data_dir / "falkordb" / "server.pid")["pid"]
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
        assert time.monotonic() < deadline, "the killed server is still running"
        time.sleep(0.05)
    return pid


def project_ids(client: httpx.Client, name: str) -> list:
    answer = client.post("/api/cypher", json={"query": "MATCH (p:Project {name: $name}) RETURN p.id",
                                              "params": {"name": name}})
    assert answer.status_code == 200, answer.text
    return answer.json()["rows"]


def test_facts_ingested_while_falkordb_is_dead_are_there_on_the_next_api_request(served_cypher_world, tmp_path):
    client, settings = served_cypher_world
    assert client.post("/api/cypher", json=COUNT).json()["rows"] == [[27]]
    killed = kill_falkordb(settings)

    (tmp_path / "uusi").mkdir()
    (tmp_path / "uusi" / "kylanraitti.txt").write_text(project_page(7), encoding="utf-8")
    ingest = cli(settings.data_dir, "ingest", str(tmp_path / "uusi"))  # a CLI run: it syncs no projection
    assert ingest.wait(timeout=300) == 0, ingest.stderr.read()

    answer = client.post("/api/cypher", json=COUNT)
    assert answer.status_code == 200, answer.text
    assert answer.json()["rows"][0][0] > 27
    assert project_ids(client, "Kylänraitti 7") == [["project:kylanraitti-7"]]
    assert read_pidfile(settings.data_dir / "falkordb" / "server.pid")["pid"] != killed


def test_an_upload_right_after_falkordb_is_killed_succeeds_and_its_facts_are_queryable(served_cypher_world):
    client, settings = served_cypher_world
    assert client.post("/api/cypher", json=COUNT).json()["rows"] == [[27]]
    kill_falkordb(settings)

    upload = client.post("/api/documents", headers={"X-API-Key": API_KEY},
                         files={"file": ("kylanraitti.txt", project_page(11).encode(), "text/plain")})
    assert upload.status_code == 201, upload.text
    assert upload.json()["warnings"] == []
    assert project_ids(client, "Kylänraitti 11") == [["project:kylanraitti-11"]]
