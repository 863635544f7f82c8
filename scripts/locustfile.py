"""Load scenarios per role against the production stack (`make load`).

- RegionViewer: rankings and dashboards (the cached read pages of the target).
- ZoneStaff: lists (enterprises, projects, service requests), the entry grid and
  the desk's dashboard.
- Public: a project's notice board and the service form.

Users log in once each (the demo's logins by default: LOAD_VIEWER, LOAD_STAFF,
LOAD_PASSWORD). Every request sends X-Forwarded-Proto: https as the HTTPS
proxy would. Notice-board codes are read from the database before the run
(LOAD_NOTICE_CODES, set by scripts/load.sh).
"""

from __future__ import annotations

import os
import random
import re

from locust import HttpUser, between, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "devzone-demo-2024")
VIEWER = os.environ.get("LOAD_VIEWER", "shanxi")
STAFF = os.environ.get("LOAD_STAFF", "staff")
NOTICE_CODES = [c for c in os.environ.get("LOAD_NOTICE_CODES", "").split(",") if c]
PROXY = {"X-Forwarded-Proto": "https"}


class SignedIn(HttpUser):
    abstract = True
    username = ""
    wait_time = between(0.5, 1.5)

    def on_start(self):
        self.client.headers.update(PROXY)
        host = self.host.split("://", 1)[1]
        self.client.headers.update({"Referer": f"https://{host}/login/"})
        self.client.get("/login/", name="login page")
        self._plain_cookies()
        token = self.client.cookies.get("csrftoken")
        response = self.client.post(
            "/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            allow_redirects=False,
            name="login",
        )
        if response.status_code != 302:
            raise RuntimeError(f"{self.username} could not log in ({response.status_code})")
        self._plain_cookies()

    def _plain_cookies(self):
        # The cookies are Secure: the browser sends them to the HTTPS proxy,
        # which this plain-HTTP client plays.
        for cookie in self.client.cookies:
            cookie.secure = False


class RegionViewer(SignedIn):
    username = VIEWER
    zone_ids: list[str] = []

    def on_start(self):
        super().on_start()
        index = self.client.get("/stats/dashboards/", name="/stats/dashboards/")
        self.zone_ids = re.findall(r"/stats/dashboards/(\d+)/", index.text) or []

    @task(3)
    def ranking(self):
        self.client.get("/stats/ranking/", name="/stats/ranking/")

    @task(2)
    def dashboards(self):
        self.client.get("/stats/dashboards/", name="/stats/dashboards/")

    @task(3)
    def zone_dashboard(self):
        if self.zone_ids:
            zone = random.choice(self.zone_ids)  # noqa: S311 (load, not secrets)
            self.client.get(f"/stats/dashboards/{zone}/", name="/stats/dashboards/<zone>/")


class ZoneStaff(SignedIn):
    username = STAFF

    @task(3)
    def enterprises(self):
        self.client.get("/enterprises/", name="/enterprises/")

    @task(2)
    def projects(self):
        self.client.get("/projects/projects/", name="/projects/projects/")

    @task(2)
    def entry_grid(self):
        index = self.client.get("/stats/entry/", name="/stats/entry/")
        grids = re.findall(r'href="(/stats/entry/\d+/[^/"]+/)"', index.text)
        if grids:
            self.client.get(grids[0], name="/stats/entry/<zone>/<period>/")

    @task(2)
    def desk(self):
        self.client.get("/desk/requests/", name="/desk/requests/")
        self.client.get("/desk/dashboard/", name="/desk/dashboard/")


class Public(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self):
        self.client.headers.update(PROXY)

    @task(3)
    def notice_board(self):
        if NOTICE_CODES:
            code = random.choice(NOTICE_CODES)  # noqa: S311 (load, not secrets)
            self.client.get(f"/notice/{code}/", name="/notice/<code>/")

    @task(1)
    def service_form(self):
        self.client.get("/service/", name="/service/")
