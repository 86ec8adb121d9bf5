"""A real browser: Debian's chromium driven by Playwright (no browser download)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, sync_playwright

from tests.support.platform import ROOT, Platform

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = ROOT / "test-results" / "screenshots"


# Module scope: the sync Playwright API keeps an event loop running in this thread while it is open,
# which would break later tests that call asyncio.run().
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed (apt-get install chromium); .ci/run installs it")
    if not (ROOT / "frontend/dist/index.html").exists():
        pytest.fail("the SPA is not built: run `make frontend`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, platform: Platform, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(base_url=platform.base_url, locale="zh-CN", viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def field(page: Page, test_id: str) -> Locator:
    """The input behind a test id: Element Plus puts some ids on the <input>, others on a wrapper."""
    return page.locator(f'input[data-testid="{test_id}"], [data-testid="{test_id}"] input').first


def login(page: Page, username: str, password: str = "Demo@2026!") -> None:
    page.goto("/login")
    field(page, "login-username").fill(username)
    field(page, "login-password").fill(password)
    page.get_by_test_id("login-submit").click()
    page.wait_for_url(lambda url: "/login" not in url)
