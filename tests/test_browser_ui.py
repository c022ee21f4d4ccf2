"""The UI in a real browser: Debian's Chromium (Playwright) against a real uvicorn server.

Screenshots of every page go to test-artifacts/screenshots/ (git-ignored).
Each test also checks that the page asked nothing from outside the server and
raised no script error.
"""

from __future__ import annotations

import httpx
import pytest
from support.browser import screenshot

pytestmark = pytest.mark.browser

TIMEOUT_MS = 60_000


def clean(guarded) -> None:
    assert guarded.outside_requests == [], "pages must load nothing from outside the server"
    assert guarded.script_errors == []


def test_an_inflected_search_leads_to_the_entity_and_its_highlighted_evidence(guarded_page, live_url):
    page = guarded_page.page
    page.goto(live_url + "/")
    screenshot(page, "home")
    page.fill("input[name=q]", "Kouvolan")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/search?*")
    first = page.locator("li.hit").first
    assert first.get_attribute("data-id") == "municipality:kouvola"
    screenshot(page, "search-results")

    first.locator("a").click()
    page.wait_for_url("**/entities/**")
    assert page.locator("h1").inner_text().startswith("Kouvola")
    assert page.locator("section.relation-group").count() >= 3
    screenshot(page, "entity")

    link = page.locator("a.evidence-link").first
    target = link.get_attribute("href").split("#")[1]
    link.click()
    page.wait_for_url(f"**#{target}")
    marked = page.locator(f"article.document-text mark#{target}")
    assert marked.count() == 1
    assert page.evaluate("document.querySelector(':target') && document.querySelector(':target').id") == target
    color = marked.evaluate("m => getComputedStyle(m).backgroundColor")
    assert color == "rgb(255, 179, 71)", "the span linked to is highlighted"
    screenshot(page, "document")
    clean(guarded_page)


def _console_roundtrip(guarded_page, live_url, engine: str, expected: httpx.Response) -> None:
    """Run the console's selected example; it must show what the endpoint answered: rows or the error shape."""
    page = guarded_page.page
    page.goto(f"{live_url}/console/{engine}")
    assert page.locator("textarea#query").input_value().strip(), "an example query is filled in"
    page.click("button#run")
    page.wait_for_selector("table.results, #error:not([hidden])", timeout=TIMEOUT_MS)
    screenshot(page, f"console-{engine}", full_page=False)
    if expected.is_success:
        assert page.locator("#error").is_hidden()
        assert page.locator("table.results thead th").count() >= 1
    else:
        code = expected.json()["error"]["code"]
        assert page.locator("#error .error-code").inner_text() == code
        assert page.locator("#error .error-message").inner_text() == expected.json()["error"]["message"]
        assert page.locator("table.results").count() == 0
    clean(guarded_page)


def test_the_cypher_console_shows_the_answer_of_the_endpoint(guarded_page, live_url):
    example = httpx.get(f"{live_url}/api/consoles/cypher").json()["examples"]
    first = next(e for e in example if not e["required"])
    expected = httpx.post(f"{live_url}/api/cypher", json={"query": first["query"], "params": first["params"]},
                          timeout=TIMEOUT_MS / 1000)
    _console_roundtrip(guarded_page, live_url, "cypher", expected)


def test_the_sparql_console_shows_the_answer_of_the_endpoint(guarded_page, live_url):
    first = httpx.get(f"{live_url}/api/consoles/sparql").json()["examples"][0]
    expected = httpx.post(f"{live_url}/sparql", data={"query": first["query"]},
                          headers={"Accept": "application/sparql-results+json"}, timeout=TIMEOUT_MS / 1000)
    _console_roundtrip(guarded_page, live_url, "sparql", expected)


def test_a_console_error_is_shown_in_the_error_shape(guarded_page, live_url):
    page = guarded_page.page
    page.goto(f"{live_url}/console/cypher")
    page.fill("textarea#params", "{not json")
    page.click("button#run")
    page.wait_for_selector("#error:not([hidden])")
    assert page.locator("#error .error-code").inner_text() == "invalid_params"
    clean(guarded_page)


def test_switching_to_english_keeps_the_page_and_translates_it(guarded_page, live_url):
    page = guarded_page.page
    page.goto(f"{live_url}/search?q=Lieksa")
    assert page.locator("html").get_attribute("lang") == "fi"
    page.click("header .lang a")
    page.wait_for_url("**lang=en**")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("input[name=q]").input_value() == "Lieksa"
    assert page.locator("button[type=submit]").inner_text() == "Search"
    page.locator("li.hit a").first.click()
    page.wait_for_url("**/entities/**")
    assert "lang=en" in page.url and page.locator("h2").first.inner_text() in ("Relations", "Attributes")
    screenshot(page, "entity-en")
    page.goto(f"{live_url}/documents?lang=en")
    assert page.locator("h1").inner_text().startswith("Documents")
    screenshot(page, "documents-en")
    clean(guarded_page)
