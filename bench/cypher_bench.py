"""Speed of the Cypher engines on the benchmark worlds: projection time and query latency.

    python -m bench.cypher_bench --size M --data /tmp/world-m            # both engines
    python -m bench.cypher_bench --size L --data bench/out/world-L --engine-data /tmp/cypher-l \
        --engines falkordb --projection-limit 2400

The world (bench/world.py) is generated into ``--data`` unless a store is
already there. The engines keep their files in ``--engine-data`` (default: the
same folder), so a built world can be measured without writing into it. For
each engine the whole store is projected from scratch (timed; stopped between
two batches after ``--projection-limit`` seconds, with how far it got), then
every canned query runs with several parameter values sampled from the world
(seeded) and every query of tests/cypher_conformance/generated_world.cypher
runs as it is, each ``--repeat`` times after one warm-up run (and after ``--warmup-passes``
untimed passes over the whole workload).

The machine may be shared, so besides wall time each run records CPU time:
this process's (the client: driver, decoding) and the engine server's
(FalkorDB's redis-server, or the Java process of the .ci/neo4j harness), and
the load average is sampled throughout. Printed: a Markdown section for
BENCHMARKS.md and, with ``--json``, the raw figures.

Neo4j is the test harness of .ci/neo4j (``tests/support/neo4j_server.py``)
unless ``--neo4j-uri`` names a running server.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import re
import shutil
import statistics
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "tests" / "cypher_conformance" / "generated_world.cypher"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=["S", "M", "L"], default="M")
    parser.add_argument("--data", required=True, type=Path, help="data folder of the world's store")
    parser.add_argument("--engine-data", type=Path, default=None,
                        help="folder for the engines' own files (FalkorDB's graph); default: --data")
    parser.add_argument("--reuse-projection", action="store_true",
                        help="keep what the engines hold (only catch up with the store): query timings only")
    parser.add_argument("--projection-limit", type=float, default=None,
                        help="stop a projection after this many seconds and report how far it got")
    parser.add_argument("--engines", default="falkordb,neo4j")
    parser.add_argument("--neo4j-uri", default=None, help="a running Neo4j (default: start the test harness)")
    parser.add_argument("--workload", choices=["all", "canned"], default="all",
                        help="canned: only the canned queries, not the conformance queries")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each query and parameter set")
    parser.add_argument("--warmup-passes", type=int, default=1,
                        help="untimed passes over the whole workload before timing (steady-state latency)")
    parser.add_argument("--samples", type=int, default=5, help="parameter sets per canned query")
    parser.add_argument("--timeout", type=float, default=60.0, help="time limit of one query, seconds")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw figures here")
    args = parser.parse_args()

    from alueverkko.graph.store import Store
    store = Store.open(args.data / "alueverkko.sqlite")
    generated = ensure_world(store, args.size)
    workload = canned_workload(store, args.samples) + (conformance_workload() if args.workload == "all" else [])
    report = {"size": args.size, "stats": store.stats(), "generated_s": generated, "machine": machine(),
              "engines": {}}
    with neo4j_server(args) as uri:
        for engine in args.engines.split(","):
            with LoadSampler() as load:
                try:
                    report["engines"][engine] = bench_engine(engine, store, args, uri, workload)
                except Exception as exc:  # noqa: BLE001 - report it, keep the other engine's figures
                    report["engines"][engine] = {"failed": f"{type(exc).__name__}: {exc}"[:300]}
            report["engines"][engine]["load"] = load.summary()
            print(json.dumps({engine: report["engines"][engine]}, default=str), file=sys.stderr, flush=True)
            if args.json:  # after each engine: an interrupted run keeps what it measured
                args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str))
    report["machine"]["load_after"] = os.getloadavg()
    print(markdown(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))


def ensure_world(store, size: str) -> float | None:
    if store.stats()["nodes"]:
        return None
    sys.path.insert(0, str(REPO))
    from bench.world import generate
    started = time.perf_counter()
    generate(store, size)
    return time.perf_counter() - started


# -- workloads ---------------------------------------------------------------------
def canned_workload(store, samples: int) -> list[tuple[str, str, dict]]:
    """(label, canned name, params): parameter values sampled from the world, seeded."""
    rng = random.Random(2026)

    def pick(kind: str, k: int = samples) -> list[str]:
        names = [r[0] for r in store._read("SELECT name FROM nodes WHERE kind=? ORDER BY id", (kind,))]
        return rng.sample(names, min(k, len(names)))

    orgs, projects = pick("Organisation", 2 * samples), pick("Project")
    work = [("coordinators", "coordinators", {})]
    work += [("partners", "partners", {"name": o}) for o in orgs[:samples]]
    work += [("programme-projects", "programme-projects", {"programme": p}) for p in pick("Programme")]
    work += [("region-actors", "region-actors", {"region": r}) for r in pick("Region")]
    work += [("funders", "funders", {})]
    work += [("contact-persons", "contact-persons", {"name": p}) for p in projects]
    work += [("neighbourhood", "neighbourhood", {"name": o}) for o in orgs[:samples]]
    work += [("shortest-path", "shortest-path", {"from": a, "to": b})
             for a, b in zip(orgs[:samples], orgs[samples:])]
    work += [("projects-in-year", "projects-in-year", {"year": y}) for y in rng.sample(range(2008, 2026), samples)]
    work += [("search", "search", {"text": t}) for t in ["kasvu", "vesi", "kunta kain", "oy", "osaaja"][:samples]]
    return work


def conformance_workload() -> list[tuple[str, str, dict]]:
    text = CASES.read_text(encoding="utf-8")
    work = []
    for block in re.split(r"^(?=// name:)", text, flags=re.MULTILINE)[1:]:
        name = re.search(r"^// name: (.*)$", block, flags=re.MULTILINE).group(1).strip()
        query = "\n".join(line for line in block.splitlines() if not line.startswith("//")).strip()
        work.append((f"conformance: {name}", query, {}))
    return work


# -- running -------------------------------------------------------------------------
def bench_engine(engine: str, store, args, uri: str | None, workload) -> dict:
    from alueverkko.graph.cypher import close_engine, engine_for
    from alueverkko.settings import Settings

    settings = Settings(data_dir=args.engine_data or args.data, cypher_backend=engine, query_timeout_s=args.timeout,
                        **({"neo4j_uri": uri} if engine == "neo4j" else {}))
    close_engine(settings)
    if args.reuse_projection:
        started = time.perf_counter()
        engine_for(settings).sync(store)
        result = {"catch_up_s": time.perf_counter() - started}
    else:
        result = {"projection": project_from_scratch(engine, settings, store, args.projection_limit)}
        if not result["projection"]["complete"]:
            close_engine(settings)
            return result
    if engine == "falkordb" and not args.reuse_projection:
        close_engine(settings)  # saves a snapshot
        started = time.perf_counter()
        engine_for(settings).sync(store)
        result["restart_from_snapshot_s"] = time.perf_counter() - started
    result["queries"] = time_workload(settings, store, workload, args.repeat,
                                    lambda: server_pid(engine, settings, uri), args.warmup_passes)
    close_engine(settings)
    return result


class ProjectionStopped(Exception):
    pass


class CountingTarget:
    """A sync target that counts what is written, times the engine's part, and stops at a deadline."""

    def __init__(self, inner, deadline: float | None):
        self.inner, self.deadline = inner, deadline
        self.batch_size = inner.batch_size
        self.rows = {"nodes": 0, "edges": 0}
        self.engine_s = 0.0

    def __getattr__(self, name):  # read_state, write_state, clear, ensure_schema
        return getattr(self.inner, name)

    def write(self, statement: str, params: dict) -> None:
        if self.deadline is not None and time.perf_counter() > self.deadline:
            raise ProjectionStopped
        started = time.perf_counter()
        self.inner.write(statement, params)
        self.engine_s += time.perf_counter() - started
        self.rows["edges" if statement.lstrip().startswith("UNWIND $rows AS row MATCH") else "nodes"] += len(
            params.get("rows", ()))


def project_from_scratch(engine: str, settings, store, limit_s: float | None) -> dict:
    """Clear the engine, then the sync's full rebuild, timed and counted (wall and CPU)."""
    from alueverkko.graph.cypher import engine_for
    from alueverkko.graph.cypher.sync import sync_projection
    target = engine_for(settings)
    if engine == "falkordb":
        from alueverkko.graph.cypher.falkordb_engine import _FalkorTarget
        target.server.stop()
        shutil.rmtree(settings.data_dir / "falkordb", ignore_errors=True)
        target.server.ensure()
        inner = _FalkorTarget(target._graph(None), target.batch_size)
    else:
        from alueverkko.graph.cypher.neo4j_engine import _Neo4jTarget
        inner = _Neo4jTarget(target._session, target.batch_size)
    inner.clear()
    pid = server_pid(engine, settings, settings.neo4j_uri)
    started, cpu, server_cpu = time.perf_counter(), time.process_time(), process_cpu(pid)
    counting = CountingTarget(inner, None if limit_s is None else started + limit_s)
    try:
        sync_projection(counting, store)
        complete = True
    except ProjectionStopped:
        complete = False
    elapsed = time.perf_counter() - started
    return {"complete": complete, "s": elapsed, "client_cpu_s": time.process_time() - cpu,
            "server_cpu_s": none_or(process_cpu(pid), server_cpu), "engine_write_s": counting.engine_s,
            "nodes_written": counting.rows["nodes"], "edges_written": counting.rows["edges"],
            "rows_per_s": sum(counting.rows.values()) / elapsed if elapsed else None}


def server_pid(engine: str, settings, uri: str | None) -> int | None:
    """The engine server's process, to read its CPU time: ours or the .ci/neo4j harness on that port."""
    import psutil
    if engine == "falkordb":
        from alueverkko.graph.cypher import engine_for
        return engine_for(settings).server.pid
    port = (uri or "").rsplit(":", 1)[-1]
    for proc in psutil.process_iter(["cmdline"]):
        cmdline = proc.info["cmdline"] or []
        if "fi.alueverkko.ci.Launcher" in cmdline and port in cmdline:
            return proc.pid
    return None


def process_cpu(pid: int | None) -> float | None:
    import psutil
    if pid is None:
        return None
    try:
        times = psutil.Process(pid).cpu_times()
    except psutil.Error:
        return None
    return times.user + times.system


def none_or(after: float | None, before: float | None) -> float | None:
    return None if after is None or before is None else after - before


class LoadSampler:
    """The 1-minute load average every 15 s while a block runs: the machine is shared."""

    def __init__(self, every_s: float = 15.0):
        self.every_s, self.samples = every_s, [os.getloadavg()[0]]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.samples.append(os.getloadavg()[0])

    def _run(self) -> None:
        while not self._stop.wait(self.every_s):
            self.samples.append(os.getloadavg()[0])

    def summary(self) -> dict:
        return {"min": min(self.samples), "mean": statistics.fmean(self.samples), "max": max(self.samples)}


def time_workload(settings, store, workload, repeat: int, find_pid, warmup_passes: int = 1) -> dict:
    """Wall ms of each run, and CPU ms (this process + the engine server's) of each run.

    The server is looked up before every run: a FalkorDB killed at a query's deadline is a new process.
    """
    from alueverkko.errors import AlueverkkoError
    from alueverkko.queries.cypher import run_canned, run_cypher

    timings: dict[str, list[float]] = {}
    cpus: dict[str, list[float]] = {}
    errors: dict[str, str] = {}

    def runner(label: str, what: str, params: dict):
        return (lambda: run_cypher(settings, store, what, params)) if label.startswith("conformance") else (
            lambda: run_canned(settings, store, what, params))

    # A whole pass first: a server answers from warm caches and compiled code (Neo4j's JIT and
    # plan cache, FalkorDB's pages), which one run of a query just before timing it does not give
    # the queries that happen to come first.
    for _ in range(warmup_passes):
        for label, what, params in workload:
            try:
                runner(label, what, params)()
            except AlueverkkoError:
                pass  # reported by the timed runs
    for label, what, params in workload:
        run = runner(label, what, params)
        try:
            run()  # warm-up
            for _ in range(repeat):
                pid = find_pid()
                started, cpu, server_cpu = time.perf_counter(), time.process_time(), process_cpu(pid)
                run()
                timings.setdefault(label, []).append((time.perf_counter() - started) * 1000)
                server = none_or(process_cpu(pid), server_cpu)
                if server is not None:
                    cpus.setdefault(label, []).append((time.process_time() - cpu + server) * 1000)
        except AlueverkkoError as exc:
            errors[label] = exc.message
    return {label: summary(values, cpus.get(label)) for label, values in timings.items()} | {
        label: {"error": message} for label, message in errors.items()}


def summary(values: list[float], cpu: list[float] | None = None) -> dict:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"runs": len(values), "median_ms": statistics.median(values), "p95_ms": p95, "max_ms": ordered[-1],
            "cpu_median_ms": statistics.median(cpu) if cpu else None}


@contextlib.contextmanager
def neo4j_server(args):
    if "neo4j" not in args.engines.split(",") or args.neo4j_uri:
        yield args.neo4j_uri
        return
    sys.path.insert(0, str(REPO / "tests"))
    from support.neo4j_server import running_neo4j
    with running_neo4j() as uri:
        yield uri


# -- reporting ---------------------------------------------------------------------------
def machine() -> dict:
    import psutil
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "cpu": cpu, "cores": os.cpu_count(),
            "ram_gb": round(psutil.virtual_memory().total / 2 ** 30), "os": platform.platform(),
            "python": platform.python_version(), "load_before": os.getloadavg()}


def markdown(report: dict) -> str:
    m, stats = report["machine"], report["stats"]
    lines = [f"### Cypher, world {report['size']}: {stats['nodes']:,} nodes, {stats['edges']:,} edges",
             "", f"{m['date']}; {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM; {m['os']}; Python {m['python']}; "
             f"load average {m['load_before'][0]:.1f} before, {m['load_after'][0]:.1f} after.", ""]
    failed = {e: r["failed"] for e, r in report["engines"].items() if "failed" in r}
    lines += [f"{e} failed: {message}" for e, message in failed.items()] + ([""] if failed else [])
    engines = [e for e in report["engines"] if e not in failed]
    lines.append("| | " + " | ".join(engines) + " |")
    lines.append("|---|" + "---|" * len(engines))
    lines.append("| load average while measuring (min / mean / max) | " + " | ".join(
        "{min:.1f} / {mean:.1f} / {max:.1f}".format(**report["engines"][e]["load"]) for e in engines) + " |")
    if all("projection" in report["engines"][e] for e in engines):
        lines.append("| projection of the whole store | " + " | ".join(
            projection_cell(report["engines"][e]["projection"]) for e in engines) + " |")
    if "restart_from_snapshot_s" in report["engines"].get("falkordb", {}):
        lines.append("| FalkorDB restart from its snapshot | " + " | ".join(
            f"{report['engines'][e]['restart_from_snapshot_s']:.1f} s" if e == "falkordb" else "" for e in engines)
            + " |")
    measured = [e for e in engines if "queries" in report["engines"][e]]
    lines += ["", "| query: median / p95 wall ms (median CPU ms, client + server) | " + " | ".join(measured) + " |",
              "|---|" + "---|" * len(measured)]
    labels = list(dict.fromkeys(label for e in measured for label in report["engines"][e]["queries"]))
    for label in labels:
        cells = []
        for e in measured:
            figures = report["engines"][e]["queries"].get(label, {})
            cpu = figures.get("cpu_median_ms")
            cells.append(figures["error"][:40] if "error" in figures else
                         f"{figures['median_ms']:.1f} / {figures['p95_ms']:.1f}" + (f" ({cpu:.0f})" if cpu is not None
                                                                                    else "") if figures else "")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def projection_cell(p: dict) -> str:
    server = f", server CPU {p['server_cpu_s']:.0f} s" if p.get("server_cpu_s") is not None else ""
    done = "" if p["complete"] else (f" **stopped** at {p['nodes_written']:,} nodes and {p['edges_written']:,} "
                                      f"edges written ({p['rows_per_s']:.0f} rows/s)")
    return (f"{p['s']:.0f} s{done} (client CPU {p['client_cpu_s']:.0f} s{server}; "
            f"waiting on the engine {p['engine_write_s']:.0f} s)")


if __name__ == "__main__":
    main()
