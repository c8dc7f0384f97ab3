"""gunicorn's settings for the web processes: the Dockerfile's command reads this file (it is
gunicorn's default name in the working directory), and so does `make bench`."""

import os

workers = int(os.environ.get("WEB_WORKERS", "3"))


def post_worker_init(worker):
    """Settle the start-up heap of each freshly started worker: frozen, and collected less
    often (trygghet.heap). WEB_GC_FREEZE=false leaves the collector as Python sets it."""
    if os.environ.get("WEB_GC_FREEZE", "true").lower() in ("0", "false", "no"):
        return
    from django.urls import get_resolver

    from trygghet import heap

    get_resolver().url_patterns  # the URL patterns are loaded on the first request otherwise
    heap.settle()
