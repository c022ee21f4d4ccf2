"""The load test's client (bench/load_test.py) against the small fixture world: readers of every kind
while a document is uploaded; no errors, and the document is there afterwards. No timing assertions:
speed is measured by the benchmark, on world M."""

from __future__ import annotations

import asyncio
import importlib.util
from concurrent.futures import ThreadPoolExecutor
import sys
from pathlib import Path

import pytest
from support.live_server import live_server
from support.world import fill_world

from alueverkko.api.app import create_app
from alueverkko.graph.cypher import close_engine
from alueverkko.graph.store import Store
from alueverkko.settings import Settings


def run_async(coroutine):
    """Run a coroutine to the end on its own thread: the session's Playwright browser keeps an
    event loop running on the main thread, where asyncio.run() refuses to start another."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _bench_module(name: str):
    """A module of bench/ (a folder of scripts, not an installed package), loaded from its file."""
    path = Path(__file__).resolve().parent.parent / "bench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


load_test = _bench_module("load_test")
API_KEY = "kuormitus-avain-123"


@pytest.fixture
def served_world(tmp_path):
    settings = Settings(data_dir=tmp_path / "data", api_key=API_KEY, use_spacy=False, partner_use_vectors=False)
    store = Store.open(settings.store_path)
    fill_world(store, settings)
    store.close()
    try:
        with live_server(lambda base: create_app(settings.model_copy(update={"base_iri": base}))) as (url, app):
            yield url, app.state.settings
    finally:
        close_engine(settings)


def test_readers_of_every_kind_and_an_upload_meet_no_error_and_lose_nothing(served_world):
    url, settings = served_world
    mix = load_test.RequestMix.from_store(settings.store_path, settings.base_iri)
    # Build every projection first, as the benchmark does: a fresh data folder's first SPARQL
    # requests wait at most the query time limit for the first RDF build, then answer 503.
    run_async(load_test.warm_up(url, mix))
    result = run_async(load_test.run_load(url, mix, clients=10, seconds=4, api_key=API_KEY, max_uploads=1,
                                  documents=lambda n: load_test.fixture_document(n, "savutesti")))

    samples = {name: s.error_samples for name, s in result.endpoints.items() if s.errors}
    assert result.errors == 0, samples
    assert {name for name, s in result.endpoints.items() if s.latencies_ms} == {*load_test.MIX, load_test.UPLOAD}
    [uploaded] = result.uploads
    assert uploaded.status == 201 and uploaded.nodes > 0
    assert run_async(load_test.verify_through_api(url, result.uploads)) == []
    assert load_test.verify_uploads(settings.store_path, result.uploads) == []
    store = Store.open(settings.store_path)
    assert uploaded.document_id in {d.id for d in store.documents()}
    store.close()


def test_the_verification_notices_a_document_that_is_not_in_the_store(served_world):
    _, settings = served_world
    missing = load_test.Upload("kadonnut.txt", 201, "f" * 64, nodes=3, edges=2)
    assert load_test.verify_uploads(settings.store_path, [missing]) == [
        "kadonnut.txt: document ffffffffffff is not listed by the store"]
