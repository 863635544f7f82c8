"""The browser tests' fixtures, a pytest plugin (registered by the root
conftest): one headless Chromium (Debian's) for the whole session, and page
factories whose pages are watched. A console error, an uncaught script error
or a request to any host but the live server fails the test at teardown: that
proves nothing loads from a CDN and the CSP lets our own scripts run.

Each page gets a fresh browser context (its own cookies, cache and storage),
so sharing the browser shares nothing between tests but the process.
"""

from __future__ import annotations

import shutil
from urllib.parse import urlsplit

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        # A missing browser is a broken machine, not a reason to pass: fail loudly.
        pytest.fail("Debian's chromium is missing: apt-get install -y chromium fonts-noto-cjk")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_demo(live_server):
    """The demo data, in the live server's database for one test (the
    ``live_server`` makes the test transactional: emptied at its end)."""
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)


def pytest_collection_modifyitems(items):
    """Tests over the demo data take longest (loading it, then walking every
    role): they start first, so that under xdist (``--dist loadgroup``, which
    hands out tests a few at a time, in this order) each worker takes one
    while the others fill in."""
    items.sort(key=lambda item: "live_demo" not in getattr(item, "fixturenames", ()))


def watch(page, own_host: str, problems: list[str]) -> None:
    """Collect into ``problems`` what must not happen on ``page``."""

    def on_console(msg):
        if msg.type == "error":
            problems.append(f"console error on {msg.location.get('url')}: {msg.text}")

    def on_request(request):
        url = urlsplit(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.netloc != own_host:
            problems.append(f"request to another host: {request.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on("request", on_request)


class _Pages:
    """Contexts opened for one test, closed at its end; the problems their
    pages showed fail it."""

    def __init__(self, browser, live_server):
        self.browser = browser
        self.own_host = urlsplit(live_server.url).netloc
        self.problems: list[str] = []
        self.contexts = []

    def new(self, **options):
        context = self.browser.new_context(locale="zh-CN", accept_downloads=True, **options)
        self.contexts.append(context)
        page = context.new_page()
        watch(page, self.own_host, self.problems)
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()
        assert not self.problems, "\n".join(self.problems)


@pytest.fixture
def open_page(browser, live_server, world):
    """``open_page(role)``: a fresh browser context logged in as ``world.users[role]``."""
    from playwright.sync_api import expect

    from devzone.testing import PASSWORD

    pages = _Pages(browser, live_server)

    def make(role: str):
        page = pages.new(viewport=DESKTOP)
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", world.users[role].username)
        page.fill("#id_password", PASSWORD)
        page.click("[data-testid=login-submit]")
        expect(page.locator("[data-testid=user-menu]")).to_be_visible()
        return page

    yield make
    pages.close()


@pytest.fixture
def public_page(browser, live_server):
    """``public_page(phone=False)``: a logged-out page, watched like ``open_page``'s."""
    pages = _Pages(browser, live_server)

    def make(phone: bool = False):
        if phone:
            return pages.new(viewport=PHONE, is_mobile=True, has_touch=True)
        return pages.new(viewport=DESKTOP)

    yield make
    pages.close()
