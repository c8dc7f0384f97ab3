"""gunicorn's settings for the web processes: the Dockerfile's command reads this file (it is
gunicorn's default name in the working directory), and so does `make bench`."""

import gc
import os

workers = int(os.environ.get("WEB_WORKERS", "3"))


def post_worker_init(worker):
    """Freeze the start-up heap of each freshly started worker.

    Django, the URL patterns, the templates and the translations are hundreds of thousands of
    objects that live as long as the process. Left in the collector's generations, every full
    collection walks them again; a list or a map that builds many small objects triggers
    collections often, and they took about a quarter of such a request. Frozen, the
    collector only looks at what requests create (gc.freeze, Python 3.7+).
    """
    if os.environ.get("WEB_GC_FREEZE", "true").lower() in ("0", "false", "no"):
        return
    from django.urls import get_resolver

    get_resolver().url_patterns  # the URL patterns are loaded on the first request otherwise
    gc.collect()
    gc.freeze()
