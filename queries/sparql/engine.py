"""The SPARQL engine: sync the RDF projection lazily, then run the query in a worker.

Every query, user-written or canned, goes the same way: the projection
catches up with the canonical store (only when the store has changed), the
newest read-only snapshot is handed to a worker process with the query (its
parameters bound), the time limit and the row cap, and the answer comes back as a
:class:`~alueverkko.queries.sparql.answer.SparqlAnswer`.

>>> import tempfile, pathlib
>>> from alueverkko.settings import Settings
>>> from alueverkko.graph.store import Store
>>> settings = Settings(data_dir=pathlib.Path(tempfile.mkdtemp()), sparql_workers=1)
>>> engine = SparqlEngine(settings, Store.open(settings.store_path))
>>> engine.query("ASK { ?s a av:Municipality }").boolean
False
>>> engine.close()
"""

from __future__ import annotations

from alueverkko.queries.sparql.answer import SparqlAnswer
from alueverkko.queries.sparql.canned import CannedQuery, get_query
from alueverkko.queries.sparql.pool import WorkerPool
from alueverkko.queries.sparql.worker import QueryRequest
from alueverkko.settings import Settings


class SparqlEngine:
    def __init__(self, settings: Settings, store, *, workers: int | None = None):
        from alueverkko.graph.rdf.namespaces import clean_base, prefixes  # rdflib and pyoxigraph: loaded on first use
        from alueverkko.graph.rdf.projection import RdfProjection

        self.settings = settings
        self.store = store
        self.base = clean_base(settings.base_iri)
        self.prefixes = prefixes(self.base)
        self.projection = RdfProjection(settings, lock_wait_s=max(settings.query_timeout_s, 1.0))
        self.pool = WorkerPool(workers or settings.sparql_workers)
        self.pool.warm()

    def query(self, text: str, *, graph_format: str = "turtle", default_graph: tuple[str, ...] = (),
              named_graphs: tuple[str, ...] = ()) -> SparqlAnswer:
        """A user query: guarded (read-only, no SERVICE), time-limited, row-capped."""
        return self._run(text, check=True, graph_format=graph_format, default_graph=tuple(default_graph),
                         named_graphs=tuple(named_graphs))

    def canned(self, name: str, params: dict[str, str] | None = None) -> tuple[CannedQuery, SparqlAnswer]:
        """A canned query with its parameters bound in its VALUES clauses."""
        query = get_query(name)
        return query, self._run(query.bind(params or {}, self.base), check=False)

    def describe(self, iri: str, *, graph_format: str = "turtle") -> SparqlAnswer:
        """What ``/id/...`` returns: the identifier's own graph and its relations, with evidence."""
        query = get_query("_describe", internal=True)
        return self._run(query.bind({"entity": iri}, self.base), check=False, graph_format=graph_format,
                         row_cap=self.settings.rdf_description_cap)

    def close(self) -> None:
        self.pool.close()

    def _run(self, text: str, *, check: bool, graph_format: str = "turtle",
             row_cap: int | None = None, default_graph: tuple[str, ...] = (),
             named_graphs: tuple[str, ...] = ()) -> SparqlAnswer:
        self.projection.in_use = self.pool.snapshots_in_use()
        snapshot = self.projection.snapshot(self.store)
        request = QueryRequest(text=text, snapshot=str(snapshot.path), base_iri=self.base + "/",
                               prefixes=self.prefixes,
                               row_cap=row_cap or self.settings.query_row_cap, graph_format=graph_format,
                               check=check, default_graph=default_graph, named_graphs=named_graphs)
        answer = self.pool.run(request, self.settings.query_timeout_s)
        behind = self.store.last_change() - snapshot.cursor
        if behind > 0:
            answer.notes.append(f"Answered from an RDF snapshot {behind} change(s) behind the store; "
                                "it is being updated.")
        return answer
