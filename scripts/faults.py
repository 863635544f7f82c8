"""Faults staged against the running stack (`make faults`, scripts/faults.sh).

1. The Celery worker's process killed with SIGKILL in the middle of an import:
   the enterprises are all there or none, at every moment; the job is put back
   on the queue and ends done; its page showed "running" meanwhile.
2. PostgreSQL stopped and started during requests: only 200 and 503 pages,
   503 while it is down, 200 again after, without restarting anything.
3. Redis stopped: pages still serve, /healthz says the cache fails, an export
   started meanwhile says it waits and runs once Redis is back.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import requests

sys.path.insert(0, str(Path(__file__).parent))
import smoke  # noqa: E402 (the smoke test's client and waits)

RUN = Path(os.environ["FAULTS_RUN"])
PGREP = shutil.which("pgrep") or "pgrep"
REDIS_CLI = shutil.which("redis-cli") or "redis-cli"
REDIS_SERVER = shutil.which("redis-server") or "redis-server"
ROWS = 3000
PREFIX = "故障测试企业"


def report(name: str, message: str) -> None:
    print(f"faults: {name}: {message}", flush=True)


def as_postgres(*command: str) -> None:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*prefix, *command], check=True, capture_output=True)  # noqa: S603


def imported_count() -> int:
    with psycopg.connect(os.environ["SERVE_DATABASE_URL"]) as conn:
        return conn.execute(
            "SELECT count(*) FROM core_enterprise WHERE name LIKE %s", [PREFIX + "%"]
        ).fetchone()[0]


def big_import() -> bytes:
    from devzone.core.demo import sample_credit_code

    lines = ["所属开发区,统一社会信用代码,企业名称,行业代码,规模,从业人员"]
    for n in range(ROWS):
        code = sample_credit_code("140223", 60000 + n)
        lines.append(f"{smoke.ZONE},{code},{PREFIX}{n},C18,规上,{100 + n}")
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def login(client: smoke.Client, base: str) -> None:
    client.request("GET", base, "/login/")
    response = client.request(
        "POST",
        base,
        "/login/",
        data={
            "username": smoke.USERNAME,
            "password": smoke.PASSWORD,
            "csrfmiddlewaretoken": client.csrf(),
        },
    )
    if response.status_code != 302:
        smoke.fail(f"login answered {response.status_code}")


def worker_killed_mid_import(client: smoke.Client, first: str, second: str) -> None:
    name = "worker SIGKILL mid-import"
    response = client.request(
        "POST",
        first,
        "/enterprises/import/",
        data={"csrfmiddlewaretoken": client.csrf()},
        files={"file": ("faults.csv", big_import(), "text/csv")},
    )
    job_path = response.headers["Location"]
    smoke.TIMEOUT = 300
    smoke.wait_job(client, second, job_path, "preview")
    log = RUN / "stack" / "log" / "worker.log"
    log_start = log.stat().st_size
    client.request(
        "POST", second, job_path + "confirm/", data={"csrfmiddlewaretoken": client.csrf()}
    )
    deadline = time.monotonic() + 120
    while "run_import_apply" not in log.read_text()[log_start:]:
        if time.monotonic() > deadline:
            smoke.fail("the worker never received the import's write")
        time.sleep(0.1)
    time.sleep(1.5)  # well into the write of 3,000 rows
    status = smoke.job_status(client, first, job_path)
    worker = int((RUN / "stack" / "worker.pid").read_text())
    children = subprocess.run(  # noqa: S603 (our own arguments)
        [PGREP, "-P", str(worker)], capture_output=True, text=True, check=False
    ).stdout.split()
    counts_before = imported_count()
    for child in children:
        os.kill(int(child), signal.SIGKILL)
    killed_while = status
    seen_counts = {counts_before}
    seen_statuses = set()
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        seen_counts.add(imported_count())
        status = smoke.job_status(client, first, job_path)
        seen_statuses.add(status)
        if status in ("done", "failed", "invalid"):
            break
        time.sleep(0.3)
    seen_counts.add(imported_count())
    lost = re.search(r"WorkerLostError|signal 9", log.read_text()[log_start:])
    if killed_while != "running" or not lost:
        smoke.fail(f"{name}: the kill did not land mid-write ({killed_while}, log: {bool(lost)})")
    if not seen_counts <= {0, ROWS}:
        smoke.fail(f"{name}: half-written: counts seen {sorted(seen_counts)}")
    if status != "done" or imported_count() != ROWS:
        smoke.fail(f"{name}: the job ended {status!r} with {imported_count()} rows")
    report(
        name,
        f"killed the pool process while the job was {killed_while!r}; rows seen at any moment: "
        f"{sorted(seen_counts)} (all or none); the job was put back on the queue, its page showed "
        f"{sorted(seen_statuses)}, and it ended {status!r} with {ROWS} rows",
    )


def poll_pages(client: smoke.Client, bases: list[str], statuses: list, stop: threading.Event):
    n = 0
    while not stop.is_set():
        base = bases[n % len(bases)]
        try:
            statuses.append(client.request("GET", base, "/enterprises/").status_code)
        except requests.RequestException as exc:
            statuses.append(type(exc).__name__)
        n += 1
        time.sleep(0.1)


def postgres_restarted(client: smoke.Client, first: str, second: str) -> None:
    name = "PostgreSQL stopped and started during requests"
    pg_ctl, data = os.environ["FAULTS_PG_CTL"], os.environ["FAULTS_PG_DATA"]
    statuses: list = []
    stop = threading.Event()
    poller = threading.Thread(target=poll_pages, args=(client, [first, second], statuses, stop))
    poller.start()
    time.sleep(2)
    before = len(statuses)
    as_postgres(pg_ctl, "-D", data, "-m", "fast", "-w", "stop")
    time.sleep(4)
    port = os.environ["FAULTS_PG_PORT"]
    as_postgres(
        pg_ctl, "-D", data, "-w", "-o", f"-p {port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off",
        "-l", str(Path(data).parent / "log"), "start",
    )  # fmt: skip
    down = statuses[before:]
    time.sleep(4)
    stop.set()
    poller.join()
    after = statuses[before + len(down) :]
    summary = {s: statuses.count(s) for s in set(statuses)}
    if not set(statuses) <= {200, 503} or 503 not in down or after[-5:] != [200] * 5:
        smoke.fail(f"{name}: statuses {summary}, the last ones {after[-5:]}")
    report(
        name,
        f"{len(statuses)} requests: {summary}; 503 (the 'briefly unavailable' page, Retry-After)"
        " while it was down, 200 again after without restarting the app servers",
    )


def redis_stopped(client: smoke.Client, first: str, second: str) -> None:
    name = "Redis stopped"
    port = os.environ["FAULTS_REDIS_PORT"]
    subprocess.run(  # noqa: S603 (our own arguments)
        [REDIS_CLI, "-p", port, "shutdown", "nosave"], capture_output=True, check=False
    )
    time.sleep(1)
    pages = [client.request("GET", b, "/enterprises/").status_code for b in (first, second)]
    health = requests.get(first + "/healthz", timeout=10)
    response = client.request("GET", second, "/enterprises/export/?format=csv")
    job_path = response.headers.get("Location", "")
    waiting = client.request("GET", first, job_path).text
    says_waiting = 'data-testid="job-waiting"' in waiting
    if pages != [200, 200] or health.status_code != 503 or not says_waiting:
        smoke.fail(
            f"{name}: pages {pages}, healthz {health.status_code}, job says it waits: {says_waiting}"
        )
    subprocess.Popen(  # noqa: S603
        [REDIS_SERVER, "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(RUN / "redis")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    started = time.monotonic()
    smoke.TIMEOUT = 240
    smoke.wait_job(client, first, job_path, "done")
    report(
        name,
        f"pages answered {pages}, /healthz {health.status_code} ({health.json()['checks']['cache']})"
        f", an export started meanwhile said it waits; Redis started again, it ran within "
        f"{time.monotonic() - started:.0f} s (beat's requeue, every minute)",
    )


def main(first: str, second: str) -> None:
    smoke.wait_healthy(first)
    smoke.wait_healthy(second)
    client = smoke.Client()
    login(client, first)
    worker_killed_mid_import(client, first, second)
    postgres_restarted(client, first, second)
    redis_stopped(client, first, second)
    print("faults: passed", flush=True)


if __name__ == "__main__":
    import django

    sys.path.insert(0, ".")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devzone.settings")
    django.setup()
    main(*sys.argv[1:3])
