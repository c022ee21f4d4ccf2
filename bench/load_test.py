"""Load test: many concurrent readers over loopback while documents are uploaded; nothing may fail or be lost.

    nice -n 5 python -m bench.load_test --data /tmp/bench/world-m-load --clients 50 --seconds 120 --write

A uvicorn server (one worker, its own process, as ``alueverkko serve`` runs it)
serves ``--data`` (a *copy* of a benchmark world: the run adds documents to
it). Each of ``--clients`` asyncio clients (httpx) sends one request after
another, drawn from a fixed mix: search, entity pages (HTML and JSON), entity
maps, a parameterised Cypher query, a SPARQL query and the partner finder.
Meanwhile one uploader posts small generated Finnish project documents through
``POST /api/documents`` (with the API key), back to back.

An error is an HTTP 5xx, a timeout, a connection error, or any status the
request does not expect (every read expects 200, an upload 201). After the
run every uploaded document must be listed by the store with the facts its
upload reported, readable through the API, and the store must pass
``PRAGMA integrity_check``. Before the measured run every endpoint is called
once, so that the projections (search index, RDF, Cypher, partner index) are
built or caught up outside the measured window; those times are reported too.

The same client (:func:`run_load`, :class:`RequestMix`, :func:`verify_uploads`)
drives the small in-process smoke test ``tests/test_load_smoke.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

#: Share of each read in the mix (relative weights).
MIX = {
    "GET /api/search": 20,
    "GET /entities/{id} (HTML)": 15,
    "GET /api/entities/{id}": 15,
    "GET /maps/entity/{id}?hops=1": 10,
    "POST /api/cypher": 15,
    "GET /sparql": 10,
    "GET /api/partners": 15,
}
UPLOAD = "POST /api/documents (upload)"

CYPHER_NEIGHBOURS = ("MATCH (e:Entity {id: $id})-[r]-(o:Entity) "
                     "RETURN type(r) AS relation, o.id AS other, o.name AS name ORDER BY other LIMIT 25")
#: A canned-style SPARQL query; ``{actor}`` is an IRI term serialised by pyoxigraph, never raw text.
SPARQL_WORK = """PREFIX av: <{ns}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?relation ?other ?name WHERE {{
  VALUES ?actor {{ {actor} }}
  {{ ?actor ?relation ?other }} UNION {{ ?other ?relation ?actor }}
  ?other rdfs:label ?name .
}}
ORDER BY ?name LIMIT 25"""
SPARQL_JSON = "application/sparql-results+json"
IDEAS = ["matkailun kehittäminen ja luontomatkailun palvelut", "kiertotalous ja biotalouden yritykset",
         "nuorten työllisyys ja osaamisen kehittäminen", "metsäalan koulutus ja osaajien saatavuus",
         "energiatehokkuus ja uusiutuva energia kunnissa", "digitalisaatio pienissä yrityksissä",
         "kylien palvelut ja harvaan asuttu maaseutu", "kulttuuriperintö ja tapahtumat"]


# -- generated documents ---------------------------------------------------------------
PLACES = [("Kouvola", "Kouvolan"), ("Kotka", "Kotkan"), ("Lieksa", "Lieksan"), ("Joensuu", "Joensuun"),
          ("Seinäjoki", "Seinäjoen"), ("Kajaani", "Kajaanin"), ("Mikkeli", "Mikkelin"), ("Iisalmi", "Iisalmen"),
          ("Rovaniemi", "Rovaniemen"), ("Hamina", "Haminan")]
THEMES = [("Kylätalot", "kylätalojen energiaremontteja"), ("Reittiverkko", "retkeilyreittien kunnostusta"),
          ("Osaajapolku", "metsäalan oppisopimuskoulutusta"), ("Satamadata", "sataman logistiikkadatan avaamista"),
          ("Ruokaketju", "lähiruoan hankintojen kehittämistä"),
          ("Kotoutumispolku", "työperäisten muuttajien kotoutumista")]
ORGANISATIONS = ["Kaakon Kehittämisyhtiö Oy", "Vaarojen Matkailu ry", "Pohjoisen Osaamiskeskus Oy",
                 "Järviseudun Yrityspalvelut Oy", "Lakeuden Kyläyhdistys ry", "Rannikon Elinkeinot Oy"]
FUNDS = ["Euroopan aluekehitysrahasto", "Euroopan sosiaalirahasto plus", "Maakunnan kehittämisraha",
         "Oikeudenmukaisen siirtymän rahasto"]
PEOPLE = ["Aino Laaksonen", "Eero Kivinen", "Helmi Saarinen", "Otto Rantanen", "Siiri Hakala", "Veikko Lehtola"]


def fixture_document(n: int, run_tag: str) -> tuple[str, bytes]:
    """A small project page in Finnish, different for every ``n`` and run (so every upload is new)."""
    rng = random.Random(f"{run_tag}-{n}")
    (place, place_gen), (other, other_gen) = rng.sample(PLACES, 2)
    theme, topic = rng.choice(THEMES)
    organisation, fund, person = rng.choice(ORGANISATIONS), rng.choice(FUNDS), rng.choice(PEOPLE)
    project = f"{theme} {place} {n}"
    start = rng.randint(2021, 2025)
    budget = f"{rng.randint(40, 900)} 000"
    email = person.lower().replace(" ", ".").replace("ä", "a").replace("ö", "o") + "@example.fi"
    text = (f"{project} -hanke\n\n"
            f"{project} -hanke edistää {place_gen} seudulla {topic}. Hankkeen koordinoi {organisation}, ja mukana ovat "
            f"{place_gen} ja {other_gen} kaupungit. Hanketta rahoittaa {fund}.\n\n"
            f"Hankkeen nimi: {project}\n"
            f"Toteutusaika: 1.{rng.randint(1, 9)}.{start}–31.12.{start + 2}\n"
            f"Tekijät: {organisation}\n"
            f"Budjetti: {budget} €\n"
            f"Rahoittajat: {fund}\n"
            f"Yhteyshenkilö: {person}, {organisation}\n\n"
            f"Yhteystiedot\n\n{person}\nprojektipäällikkö\n{organisation}\n{email}\n\n"
            f"(Kuormitustesti {run_tag}, asiakirja {n}.)\n")
    return f"kuormitus-{run_tag}-{n:04d}.txt", text.encode("utf-8")


# -- the request mix ---------------------------------------------------------------------
@dataclass(frozen=True)
class Call:
    endpoint: str
    method: str
    path: str
    params: dict | None = None
    json: dict | None = None
    headers: dict | None = None
    expect: int = 200


@dataclass
class RequestMix:
    """What the readers ask: sampled entity ids and names of the served store."""

    entity_ids: list[str]
    names: list[str]
    regions: list[str]
    base_iri: str
    weights: dict[str, int] = field(default_factory=lambda: dict(MIX))

    @classmethod
    def from_store(cls, store_path: Path, base_iri: str, *, sample: int = 2000, seed: int = 5) -> RequestMix:
        with sqlite3.connect(f"file:{store_path}?mode=ro", uri=True) as conn:
            rows = conn.execute("SELECT id, name FROM nodes ORDER BY id").fetchall()
            regions = [r[0] for r in conn.execute("SELECT name FROM nodes WHERE kind IN ('Region', 'Municipality')"
                                                  " ORDER BY id").fetchall()]
        chosen = random.Random(seed).sample(rows, min(sample, len(rows)))
        return cls([i for i, _ in chosen], [n for _, n in chosen], regions, base_iri)

    def next(self, rng: random.Random) -> Call:
        endpoint = rng.choices(list(self.weights), weights=list(self.weights.values()))[0]
        return self.call(endpoint, rng)

    def call(self, endpoint: str, rng: random.Random) -> Call:
        entity = rng.choice(self.entity_ids)
        if endpoint == "GET /api/search":
            name = rng.choice(self.names)
            # whole names, a prefix, and a lower-cased variant without the last letter (a typo-ish query)
            q = rng.choice([name, name[: max(3, len(name) // 2)], name.lower()[:-1] or name])
            return Call(endpoint, "GET", "/api/search", params={"q": q[:200]})
        if endpoint == "GET /entities/{id} (HTML)":
            return Call(endpoint, "GET", f"/entities/{entity}")
        if endpoint == "GET /api/entities/{id}":
            return Call(endpoint, "GET", f"/api/entities/{entity}")
        if endpoint == "GET /maps/entity/{id}?hops=1":
            return Call(endpoint, "GET", f"/maps/entity/{entity}", params={"hops": 1})
        if endpoint == "POST /api/cypher":
            return Call(endpoint, "POST", "/api/cypher", json={"query": CYPHER_NEIGHBOURS, "params": {"id": entity}})
        if endpoint == "GET /sparql":
            return Call(endpoint, "GET", "/sparql", params={"query": self.sparql_text(entity)},
                        headers={"Accept": SPARQL_JSON})
        if endpoint == "GET /api/partners":
            params = {"idea": rng.choice(IDEAS), "limit": 10}
            if self.regions and rng.random() < 0.5:
                params["region"] = rng.choice(self.regions)
            return Call(endpoint, "GET", "/api/partners", params=params)
        raise ValueError(f"unknown endpoint {endpoint!r}")

    def sparql_text(self, entity_id: str) -> str:
        import pyoxigraph

        from alueverkko.graph.rdf.identifiers import entity_iri
        from alueverkko.graph.rdf.namespaces import clean_base

        actor = pyoxigraph.NamedNode(str(entity_iri(self.base_iri, entity_id)))  # validated, then serialised
        return SPARQL_WORK.format(ns=f"{clean_base(self.base_iri)}/ns#", actor=str(actor))


# -- running the load --------------------------------------------------------------------
@dataclass
class EndpointStats:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)

    def record(self, ms: float, problem: str | None) -> None:
        self.latencies_ms.append(ms)
        if problem:
            self.errors += 1
            if len(self.error_samples) < 5:
                self.error_samples.append(problem)

    def percentile(self, p: float) -> float:
        """Nearest-rank percentile in ms (0 when nothing was measured)."""
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


@dataclass
class Upload:
    filename: str
    status: int
    document_id: str = ""
    nodes: int = 0
    edges: int = 0


@dataclass
class LoadResult:
    seconds: float
    endpoints: dict[str, EndpointStats]
    uploads: list[Upload]

    @property
    def errors(self) -> int:
        return sum(s.errors for s in self.endpoints.values())

    def table(self) -> str:
        lines = ["| endpoint | requests | errors | req/s | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |",
                 "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for name, s in self.endpoints.items():
            n = len(s.latencies_ms)
            lines.append(f"| {name} | {n} | {s.errors} | {n / self.seconds:.1f} | {s.percentile(50):.0f} | "
                         f"{s.percentile(95):.0f} | {s.percentile(99):.0f} | {max(s.latencies_ms, default=0):.0f} |")
        reads = [ms for name, s in self.endpoints.items() if name != UPLOAD for ms in s.latencies_ms]
        every = EndpointStats(reads)
        lines.append(f"| **all reads** | {len(reads)} | {sum(s.errors for n, s in self.endpoints.items() if n != UPLOAD)}"
                     f" | {len(reads) / self.seconds:.1f} | {every.percentile(50):.0f} | {every.percentile(95):.0f} | "
                     f"{every.percentile(99):.0f} | {max(reads, default=0):.0f} |")
        return "\n".join(lines)


def problem_of(call: Call, status: int | None, body: str, exc: BaseException | None) -> str | None:
    """Why a response counts as an error, or None when it is the expected answer."""
    if exc is not None:
        return f"{call.endpoint}: {type(exc).__name__}: {exc}"[:300]
    if status != call.expect:
        return f"{call.endpoint} {call.path}: HTTP {status}: {body[:200]}"
    return None


async def send(client, call: Call, stats: dict[str, EndpointStats]) -> tuple[int | None, str]:
    started = time.perf_counter()
    status, body, error = None, "", None
    try:
        response = await client.request(call.method, call.path, params=call.params, json=call.json,
                                        headers=call.headers)
        status, body = response.status_code, response.text
    except Exception as exc:  # timeouts, refused or reset connections: all count as errors
        error = exc
    ms = (time.perf_counter() - started) * 1000
    stats.setdefault(call.endpoint, EndpointStats()).record(ms, problem_of(call, status, body, error))
    return status, body


async def upload(client, filename: str, data: bytes, api_key: str,
                 stats: dict[str, EndpointStats]) -> Upload:
    call = Call(UPLOAD, "POST", "/api/documents", expect=201)
    started = time.perf_counter()
    status, body, error, payload = None, "", None, {}
    try:
        response = await client.post("/api/documents", headers={"X-API-Key": api_key},
                                     files={"file": (filename, data, "text/plain")})
        status, body = response.status_code, response.text
        if status in (200, 201):
            payload = response.json()
    except Exception as exc:
        error = exc
    stats.setdefault(UPLOAD, EndpointStats()).record((time.perf_counter() - started) * 1000,
                                                     problem_of(call, status, body, error))
    document = payload.get("document") or {}
    return Upload(filename, status or 0, document.get("id", ""), document.get("nodes", 0), document.get("edges", 0))


async def run_load(base_url: str, mix: RequestMix, *, clients: int, seconds: float, api_key: str,
                   documents: Callable[[int], tuple[str, bytes]], max_uploads: int | None = None,
                   timeout_s: float = 60.0, seed: int = 1) -> LoadResult:
    """``clients`` readers for ``seconds`` while one uploader posts ``documents(0)``, ``documents(1)``, ...

    The uploader starts with the readers and posts back to back until the time is up (or
    ``max_uploads`` are done); an upload under way when the time is up is finished, not cut.
    """
    import httpx

    stats: dict[str, EndpointStats] = {name: EndpointStats() for name in [*mix.weights, UPLOAD]}
    uploads: list[Upload] = []
    # Idle connections are dropped after 4 s, before uvicorn's 5 s keep-alive timeout closes them: reusing
    # one the server is closing at that instant fails with no response (an HTTP/1.1 race browsers retry).
    limits = httpx.Limits(max_connections=clients + 2, max_keepalive_connections=clients + 2, keepalive_expiry=4.0)
    async with httpx.AsyncClient(base_url=base_url, timeout=timeout_s, limits=limits) as client:
        deadline = time.monotonic() + seconds

        async def reader(number: int) -> None:
            rng = random.Random(seed * 1000 + number)
            while time.monotonic() < deadline:
                await send(client, mix.next(rng), stats)

        async def uploader() -> None:
            n = 0
            while time.monotonic() < deadline and (max_uploads is None or n < max_uploads):
                filename, data = documents(n)
                uploads.append(await upload(client, filename, data, api_key, stats))
                n += 1

        started = time.monotonic()
        await asyncio.gather(uploader(), *(reader(i) for i in range(clients)))
        elapsed = time.monotonic() - started
    return LoadResult(elapsed, stats, uploads)


# -- nothing lost ------------------------------------------------------------------------
def verify_uploads(store_path: Path, uploads: list[Upload]) -> list[str]:
    """Problems found in the store after the run: an empty list means nothing was lost or corrupted."""
    from alueverkko.graph.store import Store

    problems = []
    store = Store.open(store_path, create=False)
    try:
        integrity = store._read("PRAGMA integrity_check")
        if integrity != [("ok",)]:
            problems.append(f"integrity_check: {integrity[:5]}")
        dangling = store._read("PRAGMA foreign_key_check")
        if dangling:
            problems.append(f"foreign_key_check: {dangling[:5]}")
        listed = {d.id: d for d in store.documents()}
        sources = {d.source_path for d in listed.values()}
        for up in uploads:
            if up.status != 201 or not up.document_id:
                held = "holds it (stored after the client gave up)" if f"upload:{up.filename}" in sources else \
                    "does not hold it"
                problems.append(f"{up.filename}: the upload answered {up.status or 'nothing (client error)'}; "
                                f"the store {held}")
                continue
            info = listed.get(up.document_id)
            if info is None:
                problems.append(f"{up.filename}: document {up.document_id[:12]} is not listed by the store")
            elif (info.nodes, info.edges) != (up.nodes, up.edges) or info.nodes == 0:
                problems.append(f"{up.filename}: the store holds {info.nodes} nodes, {info.edges} edges; "
                                f"the upload reported {up.nodes}, {up.edges}")
    finally:
        store.close()
    return problems


async def verify_through_api(base_url: str, uploads: list[Upload]) -> list[str]:
    """Every uploaded document readable at /api/documents/{id} with its fact spans."""
    import httpx

    problems = []
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
        for up in uploads:
            if not up.document_id:
                continue
            response = await client.get(f"/api/documents/{up.document_id}")
            if response.status_code != 200:
                problems.append(f"{up.filename}: GET /api/documents/{up.document_id[:12]} answered "
                                f"{response.status_code}")
            elif not response.json().get("spans"):
                problems.append(f"{up.filename}: the API shows the document without fact spans")
    return problems


# -- the benchmark on a served copy of a world -------------------------------------------------
SERVER = """
import sys, uvicorn
from pathlib import Path
from alueverkko.api.app import create_app
from alueverkko.settings import Settings
app = create_app(Settings(data_dir=Path(sys.argv[1])))
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning", access_log=False)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def wait_ready(base_url: str, server: subprocess.Popen, timeout_s: float = 300.0) -> None:
    import httpx

    deadline = time.monotonic() + timeout_s
    async with httpx.AsyncClient(base_url=base_url, timeout=10) as client:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise RuntimeError(f"the server exited with {server.returncode}")
            try:
                if (await client.get("/api/health")).status_code == 200:
                    return
            except Exception:  # not listening yet
                pass
            await asyncio.sleep(0.3)
    raise RuntimeError("the server did not start")


async def warm_up(base_url: str, mix: RequestMix, api_key: str | None = None,
                  document: tuple[str, bytes] | None = None) -> tuple[dict[str, float], Upload | None]:
    """Call every read once, after one upload when ``document`` is given: this builds or catches up
    each projection (search index, RDF, Cypher, partner index) before anything is measured.
    Returns the seconds each call took, and the upload."""
    import httpx

    times: dict[str, float] = {}
    stats: dict[str, EndpointStats] = {}
    first = None
    rng = random.Random(0)
    async with httpx.AsyncClient(base_url=base_url, timeout=3600) as client:
        if document is not None:
            first = await upload(client, *document, api_key, stats)
            times[UPLOAD] = stats[UPLOAD].latencies_ms[0] / 1000
            if stats[UPLOAD].errors:
                raise RuntimeError(f"warm-up upload failed: {stats[UPLOAD].error_samples}")
        for endpoint in mix.weights:
            call = mix.call(endpoint, rng)
            started = time.perf_counter()
            status, body = await send(client, call, stats)
            times[endpoint] = time.perf_counter() - started
            if status != call.expect:
                raise RuntimeError(f"warm-up {endpoint}: HTTP {status}: {body[:300]}")
    return times, first


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="A writable copy of a world's data folder.")
    parser.add_argument("--world", default="M", help="Name of the world, for the report.")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--timeout", type=float, default=60.0, help="Client timeout per request (s).")
    parser.add_argument("--no-uploads", action="store_true", help="Readers only: a control run without writes.")
    parser.add_argument("--write", action="store_true", help="Append the figures to BENCHMARKS.md.")
    args = parser.parse_args()

    store_path = args.data / "alueverkko.sqlite"
    if not store_path.is_file():
        sys.exit(f"no store at {store_path}")
    api_key, run_tag = secrets.token_urlsafe(24), time.strftime("%Y%m%d%H%M%S")
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    # The key goes by environment, not the command line (where ps would show it).
    env = {**os.environ, "ALUEVERKKO_API_KEY": api_key}
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(args.data), str(port)], env=env)
    try:
        asyncio.run(wait_ready(base_url, server))
        from alueverkko.settings import Settings
        mix = RequestMix.from_store(store_path, Settings(data_dir=args.data).base_iri)
        print(f"warming up (load average {load_average()}) ...", flush=True)
        document = None if args.no_uploads else fixture_document(9999, run_tag)
        warm, first = asyncio.run(warm_up(base_url, mix, api_key, document))
        print("warm-up s: " + ", ".join(f"{k} {v:.1f}" for k, v in warm.items()), flush=True)
        load_before = load_average()
        print(f"load: {args.clients} clients for {args.seconds:.0f} s (load average {load_before}) ...", flush=True)
        result = asyncio.run(run_load(base_url, mix, clients=args.clients, seconds=args.seconds, api_key=api_key,
                                      documents=lambda n: fixture_document(n, run_tag), timeout_s=args.timeout,
                                      max_uploads=0 if args.no_uploads else None))
        load_after = load_average()
        uploads = [u for u in (first, *result.uploads) if u is not None]
        problems = asyncio.run(verify_through_api(base_url, uploads))
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    problems += verify_uploads(store_path, uploads)
    print(result.table())
    for name, s in result.endpoints.items():
        for sample in s.error_samples:
            print(f"error sample [{name}]: {sample}")
    for problem in problems:
        print(f"LOST OR CORRUPT: {problem}")
    verdict = ("nothing lost: every uploaded document is listed by the store with the facts its upload reported "
               "and readable through the API; `PRAGMA integrity_check` ok, `foreign_key_check` empty"
               if not problems else f"**{len(problems)} problems after the run**: " + "; ".join(problems[:10]))
    body = (f"`nice -n 5 python -m bench.load_test --data COPY-OF-WORLD-{args.world} --clients {args.clients} "
            f"--seconds {args.seconds:.0f}`: world {args.world} served by one uvicorn worker (a subprocess, "
            f"default settings: query time limit 5 s, 2 SPARQL workers, embedded FalkorDB), {args.clients} asyncio "
            f"httpx clients over loopback, each sending its next request as soon as the last one is answered "
            f"(client timeout {args.timeout:.0f} s), for {result.seconds:.0f} s, "
            + ("with no uploads (a control run). " if args.no_uploads else
               "while one uploader posted generated Finnish project documents back to back through "
               "`POST /api/documents` (real pipeline with spaCy, then every projection synced). ")
            + "Mix (weights): "
            + ", ".join(f"{k} {v}" for k, v in MIX.items()) + ". Errors: HTTP 5xx, timeouts, connection errors "
            f"and any unexpected status (reads expect 200, uploads 201).\n\n"
            f"Load average before: {load_before}; after: {load_after} (the 2 cores are shared with other work).\n\n"
            + result.table() + "\n\n"
            f"Total errors: {result.errors}. Uploaded during the run: {len(result.uploads)} documents "
            f"(+{len(uploads) - len(result.uploads)} in the warm-up). After the run: {verdict}.\n\n"
            f"Warm-up, one call each before measuring (builds or catches up each projection), s: "
            + ", ".join(f"{k} {v:.1f}" for k, v in warm.items()) + ".\n")
    print("\n" + body)
    if args.write:
        from bench.machine import append_section
        append_section(f"Load: {args.clients} clients, mixed reads while uploading, world {args.world} "
                       f"(bench/load_test.py)", body)
    sys.exit(1 if result.errors or problems else 0)


if __name__ == "__main__":
    main()
