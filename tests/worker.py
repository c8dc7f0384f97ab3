"""A real `celery worker` process against Redis and the test database."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def worker_database_url():
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """Starts, kills and stops worker processes that consume one queue of their own."""

    def __init__(self, log_dir):
        broker = settings.CELERY_BROKER_URL
        assert broker.startswith("redis://"), (
            "The Celery tests need Redis: run them with `make test`, which sets REDIS_URL")
        self.queue = f"test-{uuid.uuid4().hex[:8]}"
        self.log_dir = Path(log_dir)
        self.processes = []
        self.env = {
            **os.environ,
            "DATABASE_URL": worker_database_url(),
            "REDIS_URL": broker,
            # Files the worker makes (compiled handlingar) go where the test's server reads.
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "EXPORT_ROOT": str(settings.EXPORT_ROOT),
            "TRYGGHET_TESTING": "true",
            "PYTHONUNBUFFERED": "1",
            # A message a killed worker took is handed out again after three seconds.
            "CELERY_VISIBILITY_TIMEOUT": "3",
        }

    def start(self):
        log = open(self.log_dir / f"worker-{len(self.processes)}.log", "w")
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "trygghet", "worker", "--pool", "solo",
             "--queues", self.queue, "--loglevel", "INFO", "--without-gossip", "--without-mingle",
             "--hostname", f"{self.queue}-{len(self.processes)}@%h"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        return process

    def kill(self, process):
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()

    def logs(self):
        return "\n".join(p.read_text() for p in sorted(self.log_dir.glob("worker-*.log")))


def wait_for(condition, timeout=30, interval=0.2, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout}s waiting for {message}")
