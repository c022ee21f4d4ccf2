"""Requests per second and latency of the search and entity endpoints under concurrent clients.

    python -m bench.api_bench --size M --concurrency 32 --requests 2000

A uvicorn server (one worker, its own process) serves a store holding the
benchmark world (bench/world.py; written into bench/out/world-SIZE when it is
not there yet). An asyncio httpx client keeps ``--concurrency`` requests in
flight over loopback until ``--requests`` are done or ``--seconds`` pass,
then reports throughput and latency percentiles, and appends them to
BENCHMARKS.md under "API". The search index is built (and timed) by a first
request before anything is measured.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench.machine import append_section

OUT = Path(__file__).resolve().parent / "out"
SERVER = """
import sys, uvicorn
from pathlib import Path
from alueverkko.api.app import create_app
from alueverkko.settings import Settings
app = create_app(Settings(data_dir=Path(sys.argv[1])))
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning", access_log=False)
"""
SEARCHES = ["Kymenlaaksossa", "Pohjois-Savon", "paijat-hame", "Kainuusta", "Euroopan aluekehitysrahastosta",
            "Virtasen", "Hämäläinen", "kymenl", "Kymenlakso", "Enrgia", "Interreg", "Lapin", "Satakunnassa"]


def ensure_world(size: str, data: Path) -> list[str]:
    """The world's store in ``data`` (written when missing) and a seeded sample of its node ids."""
    from alueverkko.graph.store import Store
    from bench.world import generate

    store = Store.open(data / "alueverkko.sqlite")
    if not store.stats()["documents"]:
        print(f"writing the {size} world into {data} ...", flush=True)
        generate(store, size)
    ids = [row[0] for row in store._read("SELECT id FROM nodes ORDER BY id")]
    store.close()
    return random.Random(11).sample(ids, min(2000, len(ids)))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def wait_ready(client, base: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if (await client.get(f"{base}/api/health")).status_code == 200:
                return
        except Exception:  # not listening yet
            pass
        await asyncio.sleep(0.2)
    raise RuntimeError("the server did not start")


async def load(client, urls: list[str], concurrency: int, seconds: float) -> dict:
    """Run the URLs with ``concurrency`` in flight; stop early after ``seconds``."""
    latencies: list[float] = []
    errors = 0
    queue = iter(urls)
    deadline = time.monotonic() + seconds

    async def worker():
        nonlocal errors
        for url in queue:
            if time.monotonic() > deadline:
                return
            started = time.perf_counter()
            try:
                ok = (await client.get(url)).status_code == 200
            except Exception:  # a dropped connection counts as a failed request
                ok = False
            latencies.append((time.perf_counter() - started) * 1000)
            errors += not ok

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    wall = time.perf_counter() - started
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] if latencies else float("nan")

    return {"requests": len(latencies), "errors": errors, "seconds": wall, "rps": len(latencies) / wall,
            "p50": pct(50), "p95": pct(95), "p99": pct(99)}


async def run(base: str, ids: list[str], args) -> dict:
    import httpx

    limits = httpx.Limits(max_connections=args.concurrency, max_keepalive_connections=args.concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=120.0) as client:
        await wait_ready(client, base)
        started = time.perf_counter()
        await client.get(f"{base}/api/search", params={"q": "Kymenlaakso"})
        index_s = time.perf_counter() - started
        rng = random.Random(5)
        searches = [f"{base}/api/search?q={rng.choice(SEARCHES)}&per_page=20" for _ in range(args.requests)]
        entities = [f"{base}/api/entities/{rng.choice(ids)}" for _ in range(args.requests)]
        for url in searches[:50] + entities[:50]:  # warm caches
            await client.get(url)
        return {"index_s": index_s,
                "search": await load(client, searches, args.concurrency, args.seconds),
                "entity": await load(client, entities, args.concurrency, args.seconds)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="M", choices=["S", "M", "L"])
    parser.add_argument("--data", type=Path, help="data folder (default bench/out/world-SIZE)")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--requests", type=int, default=2000, help="per endpoint")
    parser.add_argument("--seconds", type=float, default=120.0, help="time bound per endpoint")
    parser.add_argument("--no-append", action="store_true")
    args = parser.parse_args()
    data = args.data or OUT / f"world-{args.size}"
    data.mkdir(parents=True, exist_ok=True)
    ids = ensure_world(args.size, data)
    port = free_port()
    root = Path(__file__).resolve().parent.parent
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(data), str(port)], cwd=root)
    try:
        result = asyncio.run(run(f"http://127.0.0.1:{port}", ids, args))
    finally:
        server.terminate()
        server.wait(timeout=30)
    rows = [f"World {args.size} ({len(ids):,} sampled entity ids), one uvicorn worker, {args.concurrency} concurrent "
            f"loopback connections (httpx, asyncio), up to {args.requests} requests or {args.seconds:.0f} s per endpoint. "
            f"First search (search index build or catch-up): {result['index_s']:.1f} s.", "",
            "| endpoint | requests | errors | req/s | p50 (ms) | p95 (ms) | p99 (ms) |", "|---|---|---|---|---|---|---|"]
    for name, label in (("search", "GET /api/search (mixed inflected, prefix, typo queries)"),
                        ("entity", "GET /api/entities/{id} (random entities)")):
        r = result[name]
        rows.append(f"| {label} | {r['requests']} | {r['errors']} | {r['rps']:.0f} | {r['p50']:.0f} | "
                    f"{r['p95']:.0f} | {r['p99']:.0f} |")
    rows += ["", f"Load average when done (other processes share the machine): {load_average()}."]
    body = "\n".join(rows)
    print(body)
    if not args.no_append:
        append_section("API (bench/api_bench.py)", body)


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


if __name__ == "__main__":
    main()
