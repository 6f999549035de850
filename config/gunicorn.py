"""Gunicorn settings for `make serve`: worker count from the machine, overridable."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# One worker per core (at least two, so one slow request never holds up everyone): a
# request spends its time in Python, not waiting on the database, so more workers only
# queue for the same cores and make the slowest responses slower (docs/performance.md).
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count())))
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = os.environ.get("ACCESS_LOG") or None
timeout = 30
graceful_timeout = 20
