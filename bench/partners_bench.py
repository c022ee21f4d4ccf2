"""Latency of the partner finder on the generated national-scale worlds.

    python -m bench.partners_bench --sizes M            # p50/p95 of find_partners, index build and load
    python -m bench.partners_bench --sizes M L --write  # and append the figures to BENCHMARKS.md

Each query is a whole ``find_partners`` call as the API makes it: the idea
resolved, every actor scored, the best ten explained with evidence read from
the store. Ideas are drawn from the world's themes and regions, half of them
with partners on board, a role, years or a municipality. The index is built
once (timed), loaded once from disk in a fresh cache (timed), then queried.
Worlds are reused from ``bench/out/partners-world-{SIZE}-{SEED}`` (written
by ``bench/partners_eval.py``) or ``bench/out/world-{SIZE}`` (``bench/load_world.py``).
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import time
from pathlib import Path

from alueverkko.graph.store import Store
from alueverkko.queries.partners import find_partners
from alueverkko.queries.partners.projection import forget_cached, partner_index
from alueverkko.settings import Settings
from bench.machine import append_section
from bench.world import REGIONS, THEMES

OUT = Path(__file__).resolve().parent / "out"
IDEAS = ["{words} {region}", "{first} ja {second} hanke alueella {region}", "{first} {second}",
         "{first} kehittäminen", "{words}"]


def world_folder(size: str, seed: int) -> Path:
    for folder in (OUT / f"partners-world-{size}-{seed}", OUT / f"world-{size}"):
        if (folder / "alueverkko.sqlite").is_file():
            return folder
    from bench.partners_eval import world_store
    world_store(size, seed)
    return OUT / f"partners-world-{size}-{seed}"


def requests(index, count: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    organisations = [i for i in range(index.n_actors) if index.actor_kind[i] == 0]
    found = []
    for n in range(count):
        words = THEMES[rng.choice(list(THEMES))].split()
        region = rng.choice(REGIONS)
        request = {"idea": rng.choice(IDEAS).format(words=" ".join(words), first=words[0], second=words[-1],
                                                    region=region)}
        if n % 2:
            request["on_board"] = [index.actor_ids[rng.choice(organisations)] for _ in range(rng.randint(1, 3))]
        if n % 3 == 0:
            request["role"] = rng.choice(["coordinator", "participant"])
        if n % 4 == 0:
            start = rng.randint(2008, 2022)
            request["years"] = f"{start}-{start + 3}"
        if n % 5 == 0:
            request["region"] = region
            request["kinds"] = "organisations,municipalities,people"
        found.append(request)
    return found


def measure(size: str, queries: int, seed: int) -> dict:
    folder = world_folder(size, seed)
    settings = Settings(data_dir=folder, partner_index_dir=OUT / f"partners-index-{size}")
    store = Store.open(folder / "alueverkko.sqlite")
    forget_cached()
    started = time.perf_counter()
    index = partner_index(store, settings)
    first_sync = time.perf_counter() - started
    forget_cached()
    started = time.perf_counter()
    index = partner_index(store, settings)
    load = time.perf_counter() - started
    asked = requests(index, queries, seed)
    for request in asked[:5]:  # warm-up: word vectors, Voikko, SQLite pages
        find_partners(store, settings, request)
    times, cpu_times, empty = [], [], 0
    for request in asked:
        started, cpu_started = time.perf_counter(), time.process_time()
        results = find_partners(store, settings, request)
        times.append((time.perf_counter() - started) * 1000)
        cpu_times.append((time.process_time() - cpu_started) * 1000)
        empty += not results.results
    times.sort()
    cpu_times.sort()
    return {"size": size, "activities": index.n_activities, "actors": index.n_actors,
            "memberships": len(index.member_actor), "first_sync_s": first_sync, "load_s": load,
            "queries": len(times), "empty": empty, "p50": statistics.median(times),
            "p95": times[int(0.95 * (len(times) - 1))], "max": times[-1],
            "cpu_p50": statistics.median(cpu_times), "cpu_p95": cpu_times[int(0.95 * (len(cpu_times) - 1))],
            "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["M"], choices=["S", "M", "L"])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--write", action="store_true", help="append the figures to BENCHMARKS.md")
    args = parser.parse_args()
    rows = ["| world | activities | actors | memberships | first sync (build) | load from disk | queries "
            "| p50 (ms) | p95 (ms) | max (ms) | CPU p50 / p95 (ms) | peak RSS (MiB) |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for size in args.sizes:
        r = measure(size, args.queries, args.seed)
        print(r, flush=True)
        rows.append(f"| {size} | {r['activities']:,} | {r['actors']:,} | {r['memberships']:,} "
                    f"| {r['first_sync_s']:.0f} s | {r['load_s']:.1f} s | {r['queries']} "
                    f"| {r['p50']:.0f} | {r['p95']:.0f} | {r['max']:.0f} | {r['cpu_p50']:.0f} / {r['cpu_p95']:.0f} "
                    f"| {r['peak_rss_mib']:.0f} |")
    if args.write:
        append_section("Partner finder: latency", "\n".join(rows) + "\n\n" + (
            "One query is a whole `find_partners` call (idea resolved, every actor scored, the best ten "
            "explained with evidence read from the store), after five warm-up queries. Wall-clock times grow with "
            "the machine's load (other jobs share its two cores); the CPU columns are this process's own time. The first sync builds "
            "the index from the store (or reads it from disk when present). `python -m bench.partners_bench`."))


if __name__ == "__main__":
    main()
