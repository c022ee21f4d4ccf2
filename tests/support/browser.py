"""A real HTTP server and a real browser for UI tests (reusable by every UI feature).

    with live_server(make_app) as (base_url, app):       # support/live_server.py: uvicorn, free port
        with chromium() as browser:                        # Debian's /usr/bin/chromium, headless
            guarded = GuardedPage(browser, base_url)       # records outside requests and script errors
            guarded.page.goto(base_url + "/")
            screenshot(guarded.page, "home")               # test-artifacts/screenshots/home.png

The pytest fixtures ``world_settings`` (a store filled by support/world.py),
``live_url`` (that store served), ``browser`` and ``guarded_page`` in
``tests/conftest.py`` wrap these. Playwright drives the system
Chromium (``.ci/install-system.sh`` installs it); it never downloads a browser.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"


@contextmanager
def chromium() -> Iterator:
    """Debian's Chromium through Playwright, headless."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: run `bash .ci/install-system.sh` (never `playwright install`).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            yield browser
        finally:
            browser.close()


class GuardedPage:
    """A page that records requests leaving the server and script errors, for tests to assert on."""

    def __init__(self, browser, base_url: str, locale: str = "fi-FI"):
        self.base_url = base_url
        self.context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.outside_requests: list[str] = []
        self.script_errors: list[str] = []
        origin = urlsplit(base_url).netloc
        self.page.route("**/*", lambda route: self._only_own(route, origin))
        self.page.on("pageerror", lambda error: self.script_errors.append(str(error)))

    def _only_own(self, route, origin: str) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:", "about:")) or urlsplit(url).netloc == origin:
            route.continue_()
        else:
            self.outside_requests.append(url)
            route.abort()

    def close(self) -> None:
        self.context.close()


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """A screenshot in test-artifacts/screenshots/NAME.png (git-ignored); of the whole page by default."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
