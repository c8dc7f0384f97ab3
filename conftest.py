import os
from urllib.parse import urlsplit, urlunsplit

# Settings read this when pytest-django imports them: test-friendly defaults (no forced HTTPS,
# a development secret key) without touching production behaviour.
os.environ.setdefault("TRYGGHET_TESTING", "true")
# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# beside one unless told that the test thread is synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _renumbered(url: str, offset: int) -> str:
    parts = urlsplit(url)
    if not parts.scheme.startswith("redis"):
        return url
    number = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(number - offset) % 16}"))


def _redis_of_its_own(worker: str) -> None:
    """Under pytest-xdist every worker process (gw0, gw1, ...) has a test database of its own
    (pytest-django's suffix) and, from here, Redis databases of its own: the broker's and the
    cache's numbers counted down two per worker (gw0 keeps 15 and 14, gw1 takes 13 and 12), so
    that one worker's cleared options or token generation never reach another's test. The
    settings are changed, not the environment: pytest-django has read the settings before
    this file is imported, but nothing has yet opened the cache or the broker."""
    from django.conf import settings

    offset = 2 * int(worker.removeprefix("gw"))
    if offset > 14:
        raise RuntimeError("At most eight test workers: Redis has sixteen databases, and each "
                           "worker takes two.")
    settings.CELERY_BROKER_URL = _renumbered(settings.CELERY_BROKER_URL, offset)
    cache = settings.CACHES["default"]
    if "LOCATION" in cache:
        cache["LOCATION"] = _renumbered(cache["LOCATION"], offset)
    # And for the processes a test starts, which read the environment where their own
    # settings come from.
    for name in ("REDIS_URL", "CACHE_URL"):
        if os.environ.get(name):
            os.environ[name] = _renumbered(os.environ[name], offset)


if os.environ.get("PYTEST_XDIST_WORKER", "").startswith("gw"):
    _redis_of_its_own(os.environ["PYTEST_XDIST_WORKER"])
