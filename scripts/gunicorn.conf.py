"""gunicorn settings for `make serve` (scripts/serve.sh passes bind and workers)."""

import os

# Access log lines carry the request id that the application's own lines carry.
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms request_id=%({x-request-id}o)s agent="%(a)s"'
# Imports above BACKGROUND_ROWS_THRESHOLD go to the worker; what stays in the
# request (a preview of a few thousand rows) ends well within this.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 20
keepalive = 5
# A worker is replaced after this many requests (and a jitter, so they do not
# all restart at once): what a leak accumulates is bounded.
max_requests = 5000
max_requests_jitter = 500


def child_exit(server, worker):
    """Prometheus' multi-process files: a dead worker's live gauges go with it."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
