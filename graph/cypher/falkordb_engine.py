"""The embedded Cypher engine (the default): FalkorDB in a child process.

The server's life is :mod:`alueverkko.graph.cypher.falkordb_server`; this
module projects the store into the graph ``alueverkko`` and answers queries:

* user queries go through ``GRAPH.RO_QUERY``, so FalkorDB itself refuses
  writes, with ``TIMEOUT`` set to the time limit and, as a backstop for work
  FalkorDB does not interrupt, a socket deadline a little later (the server is
  then killed; it restarts and resyncs on the next use);
* the server's ``RESULTSET_SIZE`` keeps replies small; the row cap itself is
  applied here, by asking for ``cap + 1`` rows;
* when the server is gone mid-query (crash, kill), the engine restarts it,
  resyncs and tries the query once more.

Parameters travel in FalkorDB's ``CYPHER name=value`` header, which the
client builds with proper quoting; parameter names are checked before that.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from alueverkko.errors import BackendUnavailable, QueryError
from alueverkko.graph.cypher import statements as st
from alueverkko.graph.cypher.falkordb_server import FalkorServer, _no_retry, file_lock
from alueverkko.graph.cypher.refusals import query_timed_out, write_refused
from alueverkko.graph.cypher.layout import ENTITY, KIND_LABELS, META
from alueverkko.graph.cypher.sync import State, sync_projection
from alueverkko.graph.cypher.values import FalkorAdapter, endpoint_keys, node_ids, plain
from alueverkko.queries.results import Results

GRAPH = "alueverkko"
DEADLINE_GRACE_S = 2.0
RESULTSET_FLOOR = 10_000  # never below: the client reads the schema (property keys...) through the same limit


class FalkorEngine:
    """Cypher over the embedded FalkorDB of one data folder."""

    name = "falkordb"
    batch_size = 1000

    def __init__(self, settings):
        self.server = FalkorServer(settings.data_dir / "falkordb", query_memory_mb=settings.falkordb_query_memory_mb,
                                   resultset_size=max(RESULTSET_FLOOR, settings.query_row_cap + 1))
        self._sync_lock = threading.Lock()
        self._sync_timeout_s = settings.falkordb_sync_timeout_s
        self._clients: dict[float | None, Any] = {}

    # -- the projection contract -------------------------------------------
    def sync(self, store) -> int:
        import redis
        try:
            self.server.ensure()
            with self._sync_lock, file_lock(self.server.files.sync_lock):
                return sync_projection(_FalkorTarget(self._graph(self._sync_timeout_s), self.batch_size), store)
        except redis.TimeoutError as exc:
            # Seen once in CI: a fresh server deadlocked in CREATE INDEX and never answered.
            # A read with no timeout would hang the request (and the upload) for good.
            self.server.kill()
            raise BackendUnavailable(f"The embedded FalkorDB did not answer a sync write within "
                                     f"{self._sync_timeout_s:g} s, so it was stopped.",
                                     where=str(self.server.files.folder),
                                     fix="Try again: it starts afresh and catches up on the next use. If it "
                                         f"recurs, raise falkordb_sync_timeout_s or see {self.server.files.log}."
                                     ) from exc
        except redis.ConnectionError as exc:
            raise BackendUnavailable("The embedded FalkorDB went away during a sync.",
                                     fix="Try again; it restarts on the next use.") from exc
        except redis.RedisError as exc:
            raise BackendUnavailable(f"The embedded FalkorDB refused the sync: {exc}.",
                                     where=str(self.server.files.folder), fix="Report this with the log "
                                     f"{self.server.files.log}.") from exc

    # -- queries ---------------------------------------------------------------
    def run(self, store, query: str, params: dict, *, timeout_s: float, row_cap: int) -> Results:
        """Sync, then run one read-only query; once more after a restart if the server was lost."""
        import redis
        for attempt in (1, 2):
            try:
                self.sync(store)
                return self._run_once(query, params, timeout_s, row_cap)
            except (redis.ConnectionError, BackendUnavailable) as exc:
                lost = isinstance(exc, redis.ConnectionError) or isinstance(exc.__cause__, redis.ConnectionError)
                if attempt == 2 or not lost:
                    if isinstance(exc, BackendUnavailable):
                        raise
                    raise BackendUnavailable("The embedded FalkorDB does not answer.", where=str(
                        self.server.files.folder), fix=f"See {self.server.files.log}.") from exc
        raise AssertionError("unreachable")

    def _run_once(self, query: str, params: dict, timeout_s: float, row_cap: int) -> Results:
        import redis
        self._ensure_resultset_size(row_cap + 1)
        graph = self._graph(timeout_s + DEADLINE_GRACE_S)  # a fresh Graph: a fresh schema cache
        started = time.perf_counter()
        try:
            result = graph.ro_query(query, params or None, timeout=max(1, int(timeout_s * 1000)))
            rows = result.result_set[:row_cap + 1]
            columns = [column[1] for column in result.header]
            names = self._names(graph, rows[:row_cap], timeout_s)
        except redis.TimeoutError:
            self.server.kill()  # FalkorDB did not stop it: nothing else will
            raise query_timed_out(timeout_s) from None
        except redis.ResponseError as exc:
            raise translate_error(exc, timeout_s) from None
        elapsed = (time.perf_counter() - started) * 1000
        adapter = FalkorAdapter()
        out = [[plain(v, adapter, names) for v in row] for row in rows[:row_cap]]
        return Results(columns, out, len(rows) > row_cap, elapsed, self.name)

    def _names(self, graph, rows: list, timeout_s: float) -> dict:
        adapter = FalkorAdapter()
        names = node_ids(rows, adapter)
        missing = sorted(endpoint_keys(rows, adapter) - names.keys())
        for start in range(0, len(missing), 5000):
            found = graph.ro_query(st.FALKORDB_IDS, {"ids": missing[start:start + 5000]},
                                   timeout=max(1, int(timeout_s * 1000)))
            names.update(dict(found.result_set))
        return names

    def _ensure_resultset_size(self, wanted: int) -> None:
        if wanted > self.server.resultset_size:
            self._client(None).connection.execute_command("GRAPH.CONFIG", "SET", "RESULTSET_SIZE", wanted)
            self.server.resultset_size = wanted

    # -- clients -------------------------------------------------------------------
    def _client(self, socket_timeout: float | None):
        from falkordb import FalkorDB
        client = self._clients.get(socket_timeout)
        if client is None:
            client = FalkorDB(unix_socket_path=str(self.server.files.socket), socket_timeout=socket_timeout,
                              socket_connect_timeout=5, retry=_no_retry())
            self._clients[socket_timeout] = client
        return client

    def _graph(self, socket_timeout: float | None):
        return self._client(socket_timeout).select_graph(GRAPH)

    def close(self) -> None:
        for client in self._clients.values():
            client.connection.close()
        self._clients.clear()
        self.server.stop()


def translate_error(exc: Exception, timeout_s: float) -> Exception:
    """FalkorDB's error replies as domain errors."""
    text = str(exc)
    if "timed out" in text:
        return query_timed_out(timeout_s)
    if "read-only" in text:
        return write_refused()
    if "mem consumption exceeded" in text:
        return QueryError("The query needed more memory than one query may use.", where="query",
                          fix="Narrow the query, or raise ALUEVERKKO_FALKORDB_QUERY_MEMORY_MB.")
    return QueryError(f"FalkorDB: {text}", where="query", fix="Correct the query; see docs/cypher.md.")


class _FalkorTarget:
    """The sync's view of the FalkorDB graph."""

    def __init__(self, graph, batch_size: int):
        self.graph, self.batch_size = graph, batch_size

    def read_state(self) -> State | None:
        import redis
        try:
            rows = self.graph.ro_query(st.READ_STATE).result_set
        except redis.ResponseError as exc:
            if "empty key" in str(exc):
                return None  # no graph yet
            raise
        return State(*rows[0]) if rows else None

    def write_state(self, state: State) -> None:
        self.graph.query(st.WRITE_STATE, {"cursor": state.cursor, "store": state.store, "layout": state.layout})

    def clear(self) -> None:
        import redis
        try:
            self.graph.delete()
        except redis.ResponseError:
            pass  # no graph yet

    def ensure_schema(self) -> None:
        import redis
        for label in (ENTITY, *KIND_LABELS):
            _ignore_exists(lambda: self.graph.query(f"CREATE INDEX FOR (n:{label}) ON (n.id, n.name, n.aliases)"))
        _ignore_exists(lambda: self.graph.query(f"CREATE INDEX FOR (m:{META}) ON (m.key)"))
        # FalkorDB indexes list elements: `$year IN p.years` becomes an index lookup.
        _ignore_exists(lambda: self.graph.query("CREATE INDEX FOR (p:Project) ON (p.years)"))
        try:
            self.graph.execute_command("GRAPH.CONSTRAINT", "CREATE", self.graph.name, "UNIQUE", "NODE", ENTITY,
                                       "PROPERTIES", 1, "id")
        except redis.ResponseError as exc:
            if "already" not in str(exc):
                raise

    def write(self, statement: str, params: dict) -> None:
        self.graph.query(statement, params)


def _ignore_exists(create) -> None:
    import redis
    try:
        create()
    except redis.ResponseError as exc:
        if "already indexed" not in str(exc):
            raise
