"""Every demo user, and the public, walk the demo in headless Chromium in both
languages, following every link they are shown: no link a role sees may
answer 4xx or 5xx, log a console error or load anything from another host.

A page type is opened once (``/projects/12/`` and ``/projects/13/`` are one
type), so that a user's 50 pages cover as many kinds of page as they can
without opening every record; that every record link a page shows opens for
its reader is the generated matrix's and the pages' own tests' to check.

    .venv/bin/pytest -m browser devzone/core/tests/test_crawl.py
"""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from devzone.core.demo import DEMO_PASSWORD, USERS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Links a person follows to act, not to read: they are tested by the flows
# that own them. Files are fetched to check their status, not rendered.
ACTIONS = re.compile(r"logout|/delete/|/django-admin/|/api/|/i18n/")
FILES = re.compile(r"(export|template|download|qr\.svg|format=|\.(xlsx|csv|docx|pdf|png)(\?|$))")
PER_TYPE = 1  # instances of one page type
MAX_PAGES = 50  # per user and language


def page_type(url: str) -> str:
    parts = urlsplit(url)
    path = re.sub(r"/\d+(?=/|$)", "/N", parts.path)
    params = sorted({p.split("=")[0] for p in parts.query.split("&") if p})
    return f"{path}?{'&'.join(params)}"


def crawl(browser, base: str, username: str | None, language: str) -> tuple[int, list[str]]:
    host = urlsplit(base).netloc
    problems: list[str] = []
    context = browser.new_context(
        locale="zh-CN" if language == "zh-hans" else "en-US",
        extra_http_headers={"Accept-Language": language},
        viewport={"width": 1366, "height": 900},
    )
    page = context.new_page()
    current = {"url": ""}
    page.on(
        "console",
        lambda m: (
            problems.append(f"console error on {current['url']}: {m.text}")
            if m.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(f"page error on {current['url']}: {e}"))
    page.on(
        "request",
        lambda r: (
            problems.append(f"request to another host from {current['url']}: {r.url}")
            if urlsplit(r.url).scheme in ("http", "https") and urlsplit(r.url).netloc != host
            else None
        ),
    )
    if username:
        page.goto(f"{base}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("[data-testid=login-submit]")
        page.wait_for_selector("[data-testid=user-menu]")
    seen: set[str] = set()
    types: dict[str, int] = {}
    queue = deque([f"{base}/"])
    opened = 0
    while queue and opened < MAX_PAGES:
        url = queue.popleft().split("#")[0]
        kind = page_type(url)
        if url in seen or types.get(kind, 0) >= PER_TYPE:
            continue
        seen.add(url)
        types[kind] = types.get(kind, 0) + 1
        current["url"] = url
        if FILES.search(url):
            status = context.request.get(url).status
            if status >= 400:
                problems.append(f"{status} {url}")
            continue
        try:
            response = page.goto(url, wait_until="load")
        except PlaywrightError as exc:
            if "Download is starting" not in str(exc):
                raise
            status = context.request.get(url).status  # a file behind an ordinary link
            if status >= 400:
                problems.append(f"{status} {url}")
            continue
        opened += 1
        if response is None or response.status >= 400:
            problems.append(f"{response.status if response else 'no answer'} {url}")
            continue
        for href in page.eval_on_selector_all(
            "a[href]", "els => els.map(e => e.getAttribute('href'))"
        ):
            target = urljoin(url, href)
            parts = urlsplit(target)
            if (
                parts.scheme in ("http", "https")
                and parts.netloc == host
                and not ACTIONS.search(parts.path)
                and target.split("#")[0] not in seen
            ):
                queue.append(target)
    context.close()
    return opened, problems


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_link_a_role_sees_leads_somewhere_it_may_go(
    browser, live_server, live_demo, language
):
    # One test per language, so that two xdist workers walk the demo at once.
    report = []
    for username in [None, *(u[0] for u in USERS)]:
        opened, problems = crawl(browser, live_server.url, username, language)
        assert opened > 1, f"{username or 'public'} ({language}) saw nothing to follow"
        report += [f"{username or 'public'} ({language}): {p}" for p in problems]
    assert not report, "\n".join(report)
