"""The production stack's smoke test (`make smoke`), as a client over HTTP.

Logs in through one app server, imports enterprises as a background job
(validation, then the write, both in the Celery worker), exports them as a
background job, and follows and downloads the jobs through the other app
server: sessions, jobs and files are shared, not per process. Exits non-zero
with the step that failed.

    python scripts/smoke.py http://127.0.0.1:8301 http://127.0.0.1:8302
"""

from __future__ import annotations

import csv
import io
import os
import re
import sys
import time

import requests

# The zone staff of 广灵: the demo's by default; `make smoke` loads the tests'
# small world instead (devzone.testing), which is quicker to make.
USERNAME = os.environ.get("SMOKE_USERNAME", "staff")
PASSWORD = os.environ.get("SMOKE_PASSWORD", "devzone-demo-2024")  # the demo's published one
ZONE = "广灵经济技术开发区"
ROWS = 12  # more than the smoke's BACKGROUND_ROWS_THRESHOLD: a background job
TIMEOUT = 60
ANON_PER_MINUTE = 60  # REST_FRAMEWORK's anon rate
# The app servers boot (scripts/smoke.sh waits for the migrations before).
START_TIMEOUT = int(os.environ.get("SMOKE_START_TIMEOUT", "300"))


class Client:
    """Cookies kept by hand: the session cookie is Secure, and behind the
    HTTPS proxy (which this client plays: X-Forwarded-Proto) it is sent."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(self, method: str, base: str, path: str, **kwargs) -> requests.Response:
        host = base.split("://", 1)[1]
        headers = {
            "X-Forwarded-Proto": "https",
            "Referer": f"https://{host}{path}",
            "Origin": f"https://{host}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        response = requests.request(
            method, base + path, headers=headers, allow_redirects=False, timeout=30, **kwargs
        )
        self.cookies.update(response.cookies.get_dict())
        return response

    def csrf(self) -> str:
        return self.cookies["csrftoken"]


def step(name: str) -> None:
    print(f"smoke: {name}", flush=True)


def fail(message: str) -> None:
    print(f"smoke FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def wait_healthy(base: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    last = ""
    while time.monotonic() < deadline:
        try:
            response = requests.get(base + "/healthz", timeout=5)
            if response.status_code == 200:
                return
            last = response.text
        except requests.RequestException as exc:
            last = str(exc)
        time.sleep(0.5)
    fail(f"{base}/healthz not healthy after {START_TIMEOUT} s: {last}")


def job_status(client: Client, base: str, job_path: str) -> str:
    response = client.request("GET", base, job_path)
    if response.status_code != 200:
        fail(f"GET {base}{job_path} answered {response.status_code}")
    found = re.search(r'data-status="(\w+)"', response.text)
    if not found:
        fail(f"{job_path} shows no job status")
    return found.group(1)


def wait_job(client: Client, base: str, job_path: str, wanted: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    status = ""
    while time.monotonic() < deadline:
        status = job_status(client, base, job_path)
        if status == wanted:
            return
        if status in ("failed", "invalid"):
            break
        time.sleep(0.3)
    fail(f"{job_path} is {status!r}, waited for {wanted!r}")


def import_file() -> bytes:
    from devzone.core.demo import sample_credit_code

    lines = ["所属开发区,统一社会信用代码,企业名称,行业代码,规模,从业人员"]
    stamp = int(time.time()) % 100000
    for n in range(ROWS):
        code = sample_credit_code("140223", 50000 + (stamp + n) % 40000)
        lines.append(f"{ZONE},{code},冒烟测试企业{n},C18,规上,{100 + n}")
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def main(first: str, second: str) -> None:
    step(f"waiting for {first} and {second} to be healthy")
    wait_healthy(first)
    wait_healthy(second)

    client = Client()
    step(f"logging in through {first}")
    client.request("GET", first, "/login/")
    response = client.request(
        "POST",
        first,
        "/login/",
        data={"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": client.csrf()},
    )
    if response.status_code != 302:
        fail(f"login answered {response.status_code}")
    if client.request("GET", second, "/enterprises/").status_code != 200:
        fail(f"the session made on {first} is not valid on {second}")

    step(f"importing {ROWS} enterprises through {first} (a background job)")
    response = client.request(
        "POST",
        first,
        "/enterprises/import/",
        data={"csrfmiddlewaretoken": client.csrf()},
        files={"file": ("smoke.csv", import_file(), "text/csv")},
    )
    if response.status_code != 302 or "/jobs/" not in response.headers.get("Location", ""):
        fail(f"the import answered {response.status_code}")
    job_path = response.headers["Location"]
    wait_job(client, second, job_path, "preview")
    response = client.request(
        "POST", second, job_path + "confirm/", data={"csrfmiddlewaretoken": client.csrf()}
    )
    if response.status_code != 302:
        fail(f"confirming the import answered {response.status_code}")
    wait_job(client, first, job_path, "done")

    step(f"exporting through {second} (a background job), downloading through {first}")
    response = client.request("GET", second, "/enterprises/export/?format=csv")
    if response.status_code != 302 or "/jobs/" not in response.headers.get("Location", ""):
        fail(f"the export answered {response.status_code}, not a background job")
    job_path = response.headers["Location"]
    wait_job(client, first, job_path, "done")
    response = client.request("GET", first, job_path + "download/")
    if response.status_code != 200:
        fail(f"the download answered {response.status_code}")
    cells = {
        cell
        for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
        for cell in row
    }
    missing = {f"冒烟测试企业{n}" for n in range(ROWS)} - cells
    if missing:
        fail(f"the export lacks imported enterprises: {sorted(missing)[:3]}")

    step("a throttle counts across both app servers (Redis)")
    anonymous = Client()
    statuses = [
        anonymous.request(
            "GET", (first, second)[n % 2], "/api/v1/projects/notice/none/"
        ).status_code
        for n in range(ANON_PER_MINUTE + 1)
    ]
    if statuses[:-1] != [404] * ANON_PER_MINUTE or statuses[-1] != 429:
        fail(f"{ANON_PER_MINUTE + 1} anonymous requests over both servers answered {statuses}")

    step("metrics")
    response = requests.get(first + "/metrics", timeout=10)
    if response.status_code != 200 or "devzone_background_jobs" not in response.text:
        fail(f"/metrics answered {response.status_code}")
    print("smoke: passed", flush=True)


if __name__ == "__main__":
    import django

    sys.path.insert(0, ".")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devzone.settings")
    django.setup()
    main(*sys.argv[1:3])
