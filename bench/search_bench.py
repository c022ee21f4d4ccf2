"""The search index on the benchmark world: build time, query latency by tier, typo-candidate strategies.

    python -m bench.search_bench --size M            # uses (or writes) bench/out/world-M

Single-threaded and in-process, so the figures are the index's own; the HTTP
figures under concurrency are bench/api_bench.py's. The typo-candidate part
compares three ways of finding vocab terms within two edits of a query token
on the index's real vocabulary: a full rapidfuzz scan, an FTS5 trigram
OR-query then rapidfuzz, and the chosen one (terms sharing the first or last
three letters, from two B-tree ranges, then rapidfuzz).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import time
from pathlib import Path

from bench.machine import append_section

OUT = Path(__file__).resolve().parent / "out"

QUERIES = {
    "exact": ["Kymenlaakso", "Pohjois-Savo", "Euroopan aluekehitysrahasto", "Interreg", "Kainuu"],
    "inflected": ["Kymenlaaksossa", "Pohjois-Savon", "Kainuusta", "Euroopan aluekehitysrahastosta", "Lapissa"],
    "no accents": ["paijat-hame", "hameenlinna", "etela-karjala", "hamalainen", "jarvinen"],
    "prefix": ["kymenl", "Kasvu", "Virtanen", "Energia", "Osaaja"],
    "typo": ["Kymenlakso", "Pohjois-Savvo", "Virtasne", "Enrgia", "Kainu"],
}


def ensure_world(size: str, data: Path):
    from alueverkko.graph.store import Store
    from bench.world import generate

    store = Store.open(data / "alueverkko.sqlite")
    if not store.stats()["documents"]:
        print(f"writing the {size} world into {data} ...", flush=True)
        generate(store, size)
    return store


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def synthetic_vocab(count: int, seed: int = 1) -> list[str]:
    """Random Finnish-looking words of 3-14 letters: a vocabulary of national size."""
    rng = random.Random(seed)
    letters = "aeiouyäöklmnprstvhj"
    return sorted({"".join(rng.choice(letters) for _ in range(rng.randint(3, 14))) for _ in range(count)})


def typo_strategies(vocab: list[str], tokens: list[str]) -> dict[str, float]:
    """Milliseconds per token of each typo-candidate strategy over ``vocab``."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    from alueverkko.queries.search import typo_candidates

    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE vocab (term TEXT PRIMARY KEY, rterm TEXT NOT NULL) WITHOUT ROWID")
    db.execute("CREATE INDEX vocab_by_rterm ON vocab (rterm)")
    db.executemany("INSERT OR IGNORE INTO vocab VALUES (?, ?)", ((v, v[::-1]) for v in vocab))
    db.execute("CREATE VIRTUAL TABLE tri USING fts5(term, tokenize='trigram')")
    db.executemany("INSERT INTO tri(term) VALUES (?)", ((v,) for v in vocab))

    def full_scan(token):
        return process.extract(token, vocab, scorer=OSA.distance, score_cutoff=2, limit=20)

    def trigram(token):
        grams = " OR ".join(f'"{token[i:i + 3]}"' for i in range(len(token) - 2))
        pool = [r[0] for r in db.execute("SELECT term FROM tri WHERE tri MATCH ? ORDER BY rank LIMIT 300", (grams,))]
        return process.extract(token, pool, scorer=OSA.distance, score_cutoff=2, limit=20)

    timings = {}
    for name, fn in (("full rapidfuzz scan", full_scan), ("FTS5 trigram OR-query + rapidfuzz", trigram),
                     ("head/tail ranges + rapidfuzz (chosen)", lambda token: typo_candidates(db, token))):
        started = time.perf_counter()
        for token in tokens:
            fn(token)
        timings[name] = (time.perf_counter() - started) / len(tokens) * 1000
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="M", choices=["S", "M", "L"])
    parser.add_argument("--data", type=Path, help="data folder (default bench/out/world-SIZE)")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--vocab", type=int, default=300_000, help="size of the synthetic vocabulary")
    parser.add_argument("--no-append", action="store_true", help="print only; do not append to BENCHMARKS.md")
    args = parser.parse_args()
    data = args.data or OUT / f"world-{args.size}"
    data.mkdir(parents=True, exist_ok=True)
    store = ensure_world(args.size, data)

    from alueverkko.queries.search import INDEX_VERSION, SearchIndex

    index_path = data / "search-bench.sqlite"
    index_path.unlink(missing_ok=True)
    index = SearchIndex(index_path)
    started = time.perf_counter()
    index.sync(store)
    build_s = time.perf_counter() - started
    stats = store.stats()
    rows = [f"Index version {INDEX_VERSION}. World {args.size}: {stats['nodes']:,} nodes. Index build (full rebuild from the store): "
            f"{build_s:.1f} s, {index_path.stat().st_size / 2**20:.0f} MiB.", "",
            "| query kind | example | first hit | p50 (ms) | p95 (ms) |", "|---|---|---|---|---|"]
    for kind, queries in QUERIES.items():
        times = []
        for _ in range(args.repeat):
            for q in queries:
                t = time.perf_counter()
                page = index.search(store, q)
                times.append((time.perf_counter() - t) * 1000)
        first = index.search(store, queries[0]).hits
        rows.append(f"| {kind} | {queries[0]} | {first[0].name if first else '-'} ({first[0].match if first else '-'}) "
                    f"| {statistics.median(times):.1f} | {percentile(times, 95):.1f} |")
    rng = random.Random(7)
    tokens = [t for t in (q.lower() for qs in QUERIES.values() for q in qs) if len(t) >= 4] * 4
    rng.shuffle(tokens)
    reader = sqlite3.connect(index_path)
    real = [r[0] for r in reader.execute("SELECT term FROM vocab")]
    reader.close()
    synthetic = synthetic_vocab(args.vocab)
    on_real, on_synthetic = typo_strategies(real, tokens), typo_strategies(synthetic, tokens)
    rows += ["", f"Typo candidates, ms per query token, over this index's vocabulary ({len(real):,} terms) and "
             f"over a synthetic national-size one ({len(synthetic):,} random words):", "",
             "| strategy | index vocab | synthetic vocab |", "|---|---|---|"]
    rows += [f"| {name} | {on_real[name]:.2f} | {on_synthetic[name]:.2f} |" for name in on_real]
    from bench.api_bench import load_average

    rows += ["", f"Load average when done (other processes share the machine): {load_average()}."]
    body = "\n".join(rows)
    print(body)
    index.close()
    for leftover in (index_path, index_path.with_name(index_path.name + "-wal"), index_path.with_name(index_path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    if not args.no_append:
        append_section("Search index (bench/search_bench.py)", body)


if __name__ == "__main__":
    main()
