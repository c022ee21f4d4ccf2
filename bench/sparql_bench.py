"""SPARQL benchmark: each canned query's latency on a generated national-scale graph.

The world comes from :mod:`bench.world` (seeded). Each canned query runs with
realistic parameters picked from the world (the busiest coordinator, the
largest programme...) on:

* ``engine``: the product path, :class:`SparqlEngine` (sync check, a worker
  process, Oxigraph's native engine on the read-only snapshot, Results);
* ``pyoxigraph``: Oxigraph's native engine called in-process on the snapshot;
* ``oxrdflib``: the rdflib API (``Dataset.query``) over the same Oxigraph store;
* ``rdflib-memory``: rdflib's own SPARQL engine on its default Memory store
  holding the same quads (``--compare``; it needs memory and patience).

Medians and 95th percentiles go to stdout and, with ``--write``, to a new
"SPARQL" section of BENCHMARKS.md with the machine and the date::

    python -m bench.sparql_bench --size M --documents 1500 --compare --write   # ~0.6M quads, all four
    python -m bench.sparql_bench --size M --write                              # the whole M world
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def percentile(samples: list[float], q: float) -> float:
    """The q-th percentile by nearest rank.

    >>> percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)
    10
    >>> percentile([1, 2, 3], 50)
    2
    """
    ordered = sorted(samples)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def build(data: Path, size: str, documents: int | None, seed: int):
    """The store (generated unless the folder already holds one) and its synced RDF projection."""
    from alueverkko.graph.rdf.projection import RdfProjection
    from alueverkko.graph.store import Store
    from alueverkko.settings import Settings
    from bench.world import World

    settings = Settings(data_dir=data, query_row_cap=1000, query_timeout_s=120, sparql_workers=1)
    store = Store.open(settings.store_path)
    if store.stats()["documents"] == 0:
        started = time.perf_counter()
        cards = World(size, seed).project_cards()
        if documents:
            cards = itertools.islice(cards, documents)
        while chunk := list(itertools.islice(cards, 2000)):
            store.ingest_many(chunk)
        print(f"generated {store.stats()} in {time.perf_counter() - started:.0f} s", flush=True)
    projection = RdfProjection(settings)
    started = time.perf_counter()
    projection.sync(store)  # a store from an older run is compacted here if it never was
    snapshot = projection.snapshot(store)
    print(f"RDF projection ready in {time.perf_counter() - started:.0f} s: {snapshot.path.name}", flush=True)
    return settings, store, snapshot


def pick_parameters(ox_store, base: str) -> dict[str, dict[str, str]]:
    """Realistic, heavy parameters: the busiest coordinator, the biggest programme and region, a busy year."""
    av = f"<{base}/ns#>"

    def first(query: str) -> list[str]:
        row = next(iter(ox_store.query(f"PREFIX av: {av} " + query, use_default_graph_as_union=True)))
        return [term.value for term in row]

    hub, other = first("SELECT ?a ?b WHERE { { SELECT ?a (COUNT(*) AS ?n) WHERE { ?a av:coordinates ?p } GROUP BY ?a "
                       "ORDER BY DESC(?n) LIMIT 1 } ?b av:participatesIn ?q . ?a av:participatesIn ?q . "
                       "FILTER(?a != ?b) } LIMIT 1")
    programme = first("SELECT ?g WHERE { ?p av:partOf ?g . ?g a av:Programme } GROUP BY ?g ORDER BY DESC(COUNT(?p)) LIMIT 1")[0]
    region = first("SELECT ?r WHERE { ?m av:partOf ?r . ?r a av:Region } GROUP BY ?r ORDER BY DESC(COUNT(?m)) LIMIT 1")[0]
    return {"coordinators": {"organisation": hub}, "programme_funders": {"programme": programme},
            "region_actors": {"region": region}, "co_participation": {"first": hub, "second": other},
            "projects_by_year": {"year": "2021"}}


def timed(run, runs: int, warmup: int = 2, budget_s: float = 60.0) -> tuple[list[float], list[float], int]:
    """Wall and CPU milliseconds of ``runs`` runs after ``warmup`` ones; a warm-up over ``budget_s`` is the only sample."""
    rows = 0
    for _ in range(warmup):
        started, cpu = time.perf_counter(), time.process_time()
        rows = run()
        if time.perf_counter() - started > budget_s:
            return [(time.perf_counter() - started) * 1000], [(time.process_time() - cpu) * 1000], rows
    wall, cpu_ms = [], []
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        rows = run()
        wall.append((time.perf_counter() - started) * 1000)
        cpu_ms.append((time.process_time() - cpu) * 1000)
    return wall, cpu_ms, rows


def bench(args) -> list[dict]:
    import pyoxigraph as ox

    from alueverkko.queries.sparql.canned import get_query, list_queries
    from alueverkko.queries.sparql.engine import SparqlEngine

    settings, store, snapshot = build(Path(args.data), args.size, args.documents, args.seed)
    base = settings.base_iri.rstrip("/")
    ox_store = ox.Store.read_only(str(snapshot.path))
    triples = len(ox_store)
    print(f"{triples} quads", flush=True)
    params = pick_parameters(ox_store, base)
    engine = SparqlEngine(settings, store, workers=1)
    results = []
    runners = {"engine": lambda name: _engine_runner(engine, name, params[name]),
               "pyoxigraph": lambda name: _pyoxigraph_runner(ox_store, base, get_query(name), params[name]),
               "oxrdflib": lambda name: _oxrdflib_runner(ox_store, base, get_query(name), params[name])}
    if args.compare:
        memory = _load_memory(ox_store)
        runners["rdflib-memory"] = lambda name: _memory_runner(memory, base, get_query(name), params[name])
    for query in list_queries():
        for store_name, make in runners.items():
            is_memory = store_name == "rdflib-memory"
            wall, cpu, rows = timed(make(query.name), args.memory_runs if is_memory else args.runs,
                                    warmup=1 if is_memory else 2)
            result = {"query": query.name, "store": store_name, "median_ms": statistics.median(wall),
                      "p95_ms": percentile(wall, 95), "cpu_median_ms": statistics.median(cpu), "runs": len(wall),
                      "rows": rows}
            results.append(result)
            print(f"{query.name:20} {store_name:14} median {result['median_ms']:9.1f} ms  p95 "
                  f"{result['p95_ms']:9.1f} ms  cpu {result['cpu_median_ms']:9.1f} ms  runs {len(wall)}  rows {rows}",
                  flush=True)
    engine.close()
    return [{"triples": triples, "params": params, **r} for r in results]


def _engine_runner(engine, name: str, params: dict):
    def run():
        return len(engine.canned(name, params)[1].rows)
    return run


def _pyoxigraph_runner(ox_store, base: str, query, params: dict):
    text = query.bind(params, base)

    def run():
        solutions = ox_store.query(text, base_iri=base + "/", use_default_graph_as_union=True)
        return sum(1 for _ in itertools.islice(solutions, 1000))
    return run


def _oxrdflib_runner(ox_store, base: str, query, params: dict):
    from oxrdflib import OxigraphStore
    from rdflib import Dataset

    dataset = Dataset(store=OxigraphStore(store=ox_store), default_union=True)
    text = f"BASE <{base}/>\n" + query.bind(params, base)  # oxrdflib takes no base argument; the prologue says the same

    def run():
        return sum(1 for _ in itertools.islice(dataset.query(text), 1000))
    return run


def _load_memory(ox_store):
    from rdflib import Dataset

    from alueverkko.graph.rdf.convert import from_ox

    started = time.perf_counter()
    dataset = Dataset(default_union=True)  # rdflib's default Memory store
    graphs = {}
    for quad in ox_store.quads_for_pattern(None, None, None, None):
        name = quad.graph_name.value
        graph = graphs.get(name) or graphs.setdefault(name, dataset.graph(from_ox(quad.graph_name)))
        graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    print(f"rdflib Memory store loaded in {time.perf_counter() - started:.0f} s", flush=True)
    return dataset


def _memory_runner(dataset, base: str, query, params: dict):
    from rdflib.plugins.sparql import prepareQuery

    prepared = prepareQuery(query.bind(params, base), base=base + "/")

    def run():
        return sum(1 for _ in itertools.islice(dataset.query(prepared), 1000))
    return run


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next((int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    load = os.getloadavg()[0]
    return f"{cpu}, {os.cpu_count()} CPUs, {memory} GiB RAM, load average {load:.1f} at the start; Python {platform.python_version()}"


def markdown(results: list[dict], args, started_load: str) -> str:
    import pyoxigraph
    import rdflib

    by_query: dict[str, dict[str, dict]] = {}
    for r in results:
        by_query.setdefault(r["query"], {})[r["store"]] = r
    stores = list(dict.fromkeys(r["store"] for r in results))
    lines = [f"\n## SPARQL: canned queries, {results[0]['triples']:,} quads ({datetime.now(UTC):%Y-%m-%d})\n",
             f"Machine: {started_load}. pyoxigraph {pyoxigraph.__version__}, rdflib {rdflib.__version__}.",
             f"World: `bench.world` size {args.size}, seed {args.seed}"
             + (f", first {args.documents} documents" if args.documents else "") + ". "
             f"Command: `python -m bench.sparql_bench {' '.join(args.argv)}`. Parameters: the busiest coordinator, "
             "the largest programme and region, the year 2021. Wall-clock ms, median / p95 "
             f"({args.runs} runs after 2 warm-ups; rdflib-memory {args.memory_runs} after 1, or the one warm-up "
             "when it took over a minute); `cpu` is pyoxigraph's in-process CPU time, what the query costs "
             "without the machine's other load.\n",
             "| query | " + " | ".join(stores) + " | cpu" + (" | memory / engine |" if "rdflib-memory" in stores else " |"),
             "|---" * (len(stores) + 2 + ("rdflib-memory" in stores)) + "|"]
    for query, row in by_query.items():
        cells = [f"{row[s]['median_ms']:.1f} / {row[s]['p95_ms']:.1f}" if s in row else "" for s in stores]
        ratio = ""
        if "rdflib-memory" in row:
            ratio = f" | {row['rdflib-memory']['median_ms'] / row['engine']['median_ms']:.1f}×"
        cpu = f" | {row['pyoxigraph']['cpu_median_ms']:.1f}"
        lines.append(f"| {query} ({row['engine']['rows']} rows) | " + " | ".join(cells) + cpu + ratio + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    import sys

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="M", help="bench.world size (S, M, L)")
    parser.add_argument("--documents", type=int, default=None, help="use only the first N generated documents")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--data", default=None, help="data folder (reused when it already holds a store)")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--memory-runs", type=int, default=5)
    parser.add_argument("--compare", action="store_true", help="also load rdflib's Memory store and time it")
    parser.add_argument("--write", action="store_true", help="append the figures to BENCHMARKS.md")
    args = parser.parse_args()
    args.argv = sys.argv[1:]
    args.data = args.data or f"/tmp/alueverkko-sparql-bench-{args.size}-{args.documents or 'all'}-{args.seed}"
    started_load = machine()
    results = bench(args)
    text = markdown(results, args, started_load)
    print(text)
    if args.write:
        with (REPO / "BENCHMARKS.md").open("a", encoding="utf-8") as fh:
            fh.write(text)


if __name__ == "__main__":
    main()
