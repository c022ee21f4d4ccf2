"""The Neo4j Cypher engine: a real Neo4j 5 server, chosen with ``cypher_backend=neo4j``.

The store is projected with the official driver in batched ``UNWIND $rows``
statements (the same as FalkorDB's, :mod:`.statements`) after the uniqueness
constraints and indexes exist: ``id`` unique, ``name`` indexed and a text index on
``search_text`` on ``Entity`` and on every kind label. The sync
state lives on one ``:AlueverkkoMeta`` node, so a Neo4j that lost its data (a
new server, a wiped database) is rebuilt on the next use. Only ``:Entity`` and
``:AlueverkkoMeta`` nodes are ever deleted, but the database should be
dedicated to alueverkko.

User queries run in ``READ_ACCESS`` sessions (Neo4j refuses writes itself), in
a transaction with the time limit as its timeout; ``cap + 1`` records are
pulled and the rest discarded. A server that does not answer is
:class:`~alueverkko.errors.BackendUnavailable` (503); the driver reconnects by
itself, so the next query after Neo4j returns works.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from alueverkko.errors import BackendUnavailable, QueryError
from alueverkko.graph.cypher import statements as st
from alueverkko.graph.cypher.refusals import query_timed_out, write_refused
from alueverkko.graph.cypher.layout import ENTITY, KIND_LABELS, META, SEARCH_TEXT
from alueverkko.graph.cypher.sync import State, sync_projection
from alueverkko.graph.cypher.values import Neo4jAdapter, endpoint_keys, node_ids, plain
from alueverkko.queries.results import Results


class Neo4jEngine:
    """Cypher over a Neo4j server named by the settings."""

    name = "neo4j"
    batch_size = 2000

    def __init__(self, settings):
        self.uri, self.database = settings.neo4j_uri, settings.neo4j_database
        self.auth = (settings.neo4j_user, settings.neo4j_password.get_secret_value())
        self.connect_timeout_s = settings.neo4j_connect_timeout_s
        self._driver = None
        self._lock = threading.Lock()

    # -- the projection contract -------------------------------------------
    def sync(self, store) -> int:
        import neo4j.exceptions as nx
        with self._lock, self._unavailable_as_503():
            try:
                return sync_projection(_Neo4jTarget(self._session, self.batch_size), store)
            except (nx.ServiceUnavailable, nx.SessionExpired, nx.AuthError):
                raise
            except nx.ClientError as exc:
                raise BackendUnavailable(f"Neo4j refused the sync: {exc.message or exc}.", where="neo4j",
                                         fix="Use a database dedicated to alueverkko (see docs/cypher.md).") from exc
            except nx.Neo4jError as exc:
                raise BackendUnavailable(f"Neo4j failed during the sync: {exc.message or exc}.", where="neo4j",
                                         fix="See the Neo4j server's log; the next query tries again.") from exc

    # -- queries ---------------------------------------------------------------
    def run(self, store, query: str, params: dict, *, timeout_s: float, row_cap: int) -> Results:
        """Sync, then run one query in a read-only transaction; once more if a pooled connection was stale."""
        import neo4j.exceptions as nx
        for attempt in (1, 2):
            try:
                self.sync(store)
                with self._unavailable_as_503(), self._session(read=True) as session:
                    return self._run_in(session, query, params, timeout_s, row_cap)
            except BackendUnavailable as exc:
                if attempt == 2 or not isinstance(exc.__cause__, (nx.SessionExpired, nx.ServiceUnavailable)):
                    raise
        raise AssertionError("unreachable")

    def _run_in(self, session, query: str, params: dict, timeout_s: float, row_cap: int) -> Results:
        import neo4j.exceptions as nx
        started = time.perf_counter()
        try:
            with session.begin_transaction(timeout=timeout_s) as tx:
                result = tx.run(query, params or {})
                records = result.fetch(row_cap + 1)
                columns = list(result.keys())
                result.consume()  # discard the rest on the server, never buffer it here
                rows = [list(record.values()) for record in records[:row_cap]]
                names = self._names(tx, rows)
                tx.rollback()
        except (nx.ServiceUnavailable, nx.SessionExpired):
            raise
        except nx.Neo4jError as exc:
            raise translate_error(exc, timeout_s) from None
        except nx.DriverError as exc:
            raise QueryError(f"Neo4j driver: {exc}", where="query", fix="Correct the query or its parameters.") from None
        elapsed = (time.perf_counter() - started) * 1000
        adapter = Neo4jAdapter()
        out = [[plain(v, adapter, names) for v in row] for row in rows]
        return Results(columns, out, len(records) > row_cap, elapsed, self.name)

    @staticmethod
    def _names(tx, rows: list) -> dict:
        adapter = Neo4jAdapter()
        names = node_ids(rows, adapter)
        missing = sorted(endpoint_keys(rows, adapter) - names.keys())
        if missing:
            names.update({r[0]: r[1] for r in tx.run(st.NEO4J_IDS, {"ids": missing}).values()})
        return names

    # -- connections ---------------------------------------------------------------
    def _session(self, read: bool = False):
        import neo4j
        if self._driver is None:
            self._driver = neo4j.GraphDatabase.driver(
                self.uri, auth=self.auth, connection_timeout=self.connect_timeout_s,
                connection_acquisition_timeout=self.connect_timeout_s * 2,
                max_transaction_retry_time=self.connect_timeout_s, liveness_check_timeout=30.0,
                notifications_min_severity="OFF")
        mode = neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS
        return self._driver.session(database=self.database, default_access_mode=mode)

    def _unavailable_as_503(self):
        return _Unavailable(self.uri)

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None


class _Unavailable:
    """Turns 'cannot reach Neo4j' into BackendUnavailable with a message that says what to do."""

    def __init__(self, uri: str):
        self.uri = uri

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        import neo4j.exceptions as nx
        if exc is None:
            return False
        if isinstance(exc, nx.AuthError):
            raise BackendUnavailable(f"Neo4j at {self.uri} refused the credentials.", where="neo4j",
                                     fix="Set ALUEVERKKO_NEO4J_USER and ALUEVERKKO_NEO4J_PASSWORD.") from exc
        if isinstance(exc, (nx.ServiceUnavailable, nx.SessionExpired, OSError)):
            raise BackendUnavailable(f"Neo4j at {self.uri} does not answer.", where="neo4j",
                                     fix="Start Neo4j or correct ALUEVERKKO_NEO4J_URI; queries work again as soon "
                                         "as it answers.") from exc
        return False


def translate_error(exc, timeout_s: float) -> Exception:
    """Neo4j's status codes as domain errors."""
    code = exc.code or ""
    if "TransactionTimedOut" in code or code.endswith("Transaction.Terminated"):
        return query_timed_out(timeout_s)
    if code.endswith(("Statement.AccessMode", "Security.Forbidden")):
        return write_refused()
    if "MemoryPoolOutOfMemory" in code:
        return QueryError("The query needed more memory than Neo4j allows one query.", where="query",
                          fix="Narrow the query.")
    return QueryError(f"Neo4j: {exc.message or exc}", where="query", fix="Correct the query; see docs/cypher.md.")


class _Neo4jTarget:
    """The sync's view of the Neo4j database: each write its own transaction."""

    def __init__(self, session_factory, batch_size: int):
        self.session_factory, self.batch_size = session_factory, batch_size

    def _run(self, statement: str, params: dict | None = None) -> list[list[Any]]:
        with self.session_factory() as session, session.begin_transaction() as tx:
            values = tx.run(statement, params or {}).values()
            tx.commit()
            return values

    def read_state(self) -> State | None:
        rows = self._run(st.READ_STATE)
        return State(*rows[0]) if rows else None

    def write_state(self, state: State) -> None:
        self._run(st.WRITE_STATE, {"cursor": state.cursor, "store": state.store, "layout": state.layout})

    def clear(self) -> None:
        for label in (ENTITY, META):
            while self._run(f"MATCH (n:{label}) WITH n LIMIT 5000 DETACH DELETE n RETURN count(*)")[0][0]:
                pass

    def ensure_schema(self) -> None:
        for label in (ENTITY, *KIND_LABELS):
            low = label.lower()
            self._run(f"CREATE CONSTRAINT alueverkko_{low}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE")
            self._run(f"CREATE INDEX alueverkko_{low}_name IF NOT EXISTS FOR (n:{label}) ON (n.name)")
            # A text index answers CONTAINS: `search` and every lookup by alias (prefiltered by
            # search_text) start from it. Per label, as the planner only uses an index on a label
            # the query names (`MATCH (o:Organisation)`).
            self._run(f"CREATE TEXT INDEX alueverkko_{low}_search_text IF NOT EXISTS FOR (n:{label}) "
                      f"ON (n.{SEARCH_TEXT})")
        self._run(f"CREATE CONSTRAINT alueverkko_meta_key IF NOT EXISTS FOR (m:{META}) REQUIRE m.key IS UNIQUE")
        self._run("CALL db.awaitIndexes(300)")

    def write(self, statement: str, params: dict) -> None:
        self._run(statement, params)
