"""Gunicorn settings for `make serve`: worker count from the machine, overridable."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# One worker per core plus one: a request spends its time in Python, not waiting on the
# database (SQLite is in-process; PostgreSQL answers in well under a millisecond), so more
# workers only queue for the same cores and add to the slowest responses (docs/performance.md).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = os.environ.get("ACCESS_LOG") or None
timeout = 30
graceful_timeout = 20
