"""Speed of the Cypher engines on the benchmark worlds: projection time and query latency.

    python -m bench.cypher_bench --size M --data /tmp/world-m            # both engines
    python -m bench.cypher_bench --size L --data /tmp/world-l --engines falkordb

The world (bench/world.py) is generated into ``--data`` unless a store is
already there. For each engine the whole store is projected from scratch
(timed), then every canned query runs with several parameter values sampled
from the world (seeded) and every query of tests/cypher_conformance/generated_world.cypher
runs as it is, each ``--repeat`` times after one warm-up run. Printed: a
Markdown section for BENCHMARKS.md (machine, date, load) and, with ``--json``,
the raw figures.

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
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "tests" / "cypher_conformance" / "generated_world.cypher"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=["S", "M", "L"], default="M")
    parser.add_argument("--data", required=True, type=Path, help="data folder of the world's store")
    parser.add_argument("--engines", default="falkordb,neo4j")
    parser.add_argument("--neo4j-uri", default=None, help="a running Neo4j (default: start the test harness)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each query and parameter set")
    parser.add_argument("--samples", type=int, default=5, help="parameter sets per canned query")
    parser.add_argument("--timeout", type=float, default=60.0, help="time limit of one query, seconds")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw figures here")
    args = parser.parse_args()

    from alueverkko.graph.store import Store
    store = Store.open(args.data / "alueverkko.sqlite")
    generated = ensure_world(store, args.size)
    workload = canned_workload(store, args.samples) + conformance_workload()
    report = {"size": args.size, "stats": store.stats(), "generated_s": generated, "machine": machine(),
              "engines": {}}
    with neo4j_server(args) as uri:
        for engine in args.engines.split(","):
            try:
                report["engines"][engine] = bench_engine(engine, store, args, uri, workload)
            except Exception as exc:  # noqa: BLE001 - report it, keep the other engine's figures
                report["engines"][engine] = {"failed": f"{type(exc).__name__}: {exc}"[:300]}
            print(json.dumps({engine: report["engines"][engine]}, default=str), file=sys.stderr, flush=True)
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

    settings = Settings(data_dir=args.data, cypher_backend=engine, query_timeout_s=args.timeout,
                        **({"neo4j_uri": uri} if engine == "neo4j" else {}))
    close_engine(settings)
    result = {"projection_s": project_from_scratch(engine, settings, store)}
    if engine == "falkordb":
        close_engine(settings)  # saves a snapshot
        started = time.perf_counter()
        engine_for(settings).sync(store)
        result["restart_from_snapshot_s"] = time.perf_counter() - started
    result["queries"] = time_workload(settings, store, workload, args.repeat)
    close_engine(settings)
    return result


def project_from_scratch(engine: str, settings, store) -> float:
    from alueverkko.graph.cypher import engine_for
    target = engine_for(settings)
    if engine == "falkordb":
        target.server.stop()
        shutil.rmtree(settings.data_dir / "falkordb", ignore_errors=True)
    else:
        from alueverkko.graph.cypher.neo4j_engine import _Neo4jTarget
        _Neo4jTarget(target._session, target.batch_size).clear()
    started = time.perf_counter()
    target.sync(store)
    return time.perf_counter() - started


def time_workload(settings, store, workload, repeat: int) -> dict:
    from alueverkko.errors import AlueverkkoError
    from alueverkko.queries.cypher import run_canned, run_cypher

    timings: dict[str, list[float]] = {}
    errors: dict[str, str] = {}
    for label, what, params in workload:
        run = (lambda: run_cypher(settings, store, what, params)) if label.startswith("conformance") else (
            lambda: run_canned(settings, store, what, params))
        try:
            run()  # warm-up
            for _ in range(repeat):
                started = time.perf_counter()
                run()
                timings.setdefault(label, []).append((time.perf_counter() - started) * 1000)
        except AlueverkkoError as exc:
            errors[label] = exc.message
    return {label: summary(values) for label, values in timings.items()} | {
        label: {"error": message} for label, message in errors.items()}


def summary(values: list[float]) -> dict:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"runs": len(values), "median_ms": statistics.median(values), "p95_ms": p95, "max_ms": ordered[-1]}


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
    lines.append("| projection of the whole store | " + " | ".join(
        f"{report['engines'][e]['projection_s']:.1f} s" for e in engines) + " |")
    if "restart_from_snapshot_s" in report["engines"].get("falkordb", {}):
        lines.append("| FalkorDB restart from its snapshot | " + " | ".join(
            f"{report['engines'][e]['restart_from_snapshot_s']:.1f} s" if e == "falkordb" else "" for e in engines)
            + " |")
    lines += ["", "| query (median / p95, ms) | " + " | ".join(engines) + " |", "|---|" + "---|" * len(engines)]
    labels = list(dict.fromkeys(label for e in engines for label in report["engines"][e]["queries"]))
    for label in labels:
        cells = []
        for e in engines:
            figures = report["engines"][e]["queries"].get(label, {})
            cells.append(figures["error"][:40] if "error" in figures else
                         f"{figures['median_ms']:.1f} / {figures['p95_ms']:.1f}" if figures else "")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
