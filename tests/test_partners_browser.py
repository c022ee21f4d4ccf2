"""The partner finder page in a real browser: Debian's Chromium (Playwright) against a real uvicorn server.

Reuses the shared browser fixtures (tests/conftest.py, tests/support/browser.py,
tests/support/live_server.py) with the partner world's own store.
Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import pytest
from support.browser import GuardedPage, screenshot
from support.live_server import live_server
from support.partner_world import build

from alueverkko.api.app import create_app
from alueverkko.graph.store import Store
from alueverkko.queries.partners.projection import forget_cached
from alueverkko.settings import Settings

pytestmark = pytest.mark.browser

TIMEOUT_MS = 120_000


@pytest.fixture
def partners_url(tmp_path):
    forget_cached()
    settings = Settings(data_dir=tmp_path / "data")
    store = Store.open(settings.store_path)
    build(store)
    store.close()
    with live_server(lambda base: create_app(settings.model_copy(update={"base_iri": base}))) as (url, _app):
        yield url
    forget_cached()


@pytest.fixture
def guarded(browser, partners_url):
    page = GuardedPage(browser, partners_url)
    page.page.set_default_timeout(TIMEOUT_MS)
    yield page
    page.close()


def test_a_planner_fills_the_form_and_reads_checkable_reasons(guarded, partners_url):
    page = guarded.page
    page.goto(partners_url + "/partners")
    page.fill("#idea", "luontomatkailun kehittäminen Pohjois-Karjalassa")
    page.select_option("#role", "coordinator")
    page.fill("#years", "2019-2025")
    page.click("#find")
    page.wait_for_selector("li.partner-card")
    screenshot(page, "partners-results")

    first = page.locator("li.partner-card").first
    assert first.get_attribute("data-id") == "organisation:kolin-matkailuyhdistys-ry"
    assert "koordinoinut 2 samankaltaista hanketta Pohjois-Karjalassa" in first.locator("ul.reasons").inner_text()
    kolin = "organisation:kolin-matkailuyhdistys-ry"
    assert first.locator("a.entity-link").get_attribute("href") == f"/entities/{kolin}?lang=fi"
    assert first.locator("a.map-link").get_attribute("href").startswith(f"/maps/entity/{kolin}")
    evidence = first.locator("a.evidence-link").first.get_attribute("href")
    assert evidence.startswith("/documents/") and "#span-" in evidence
    # The form keeps what was asked, so the planner can refine it.
    assert page.input_value("#idea") == "luontomatkailun kehittäminen Pohjois-Karjalassa"
    assert page.input_value("#role") == "coordinator"
    assert guarded.outside_requests == [] and guarded.script_errors == []


def test_a_nonsense_idea_shows_a_message_in_english(guarded, partners_url):
    page = guarded.page
    page.goto(partners_url + "/partners?lang=en")
    page.fill("#idea", "asdf qwerty")
    page.click("#find")
    page.wait_for_selector("#message")
    screenshot(page, "partners-message")
    assert page.locator("#message").inner_text().startswith("None of the idea's words (asdf, qwerty)")
    assert page.locator("li.partner-card").count() == 0
    assert guarded.script_errors == []
