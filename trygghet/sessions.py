"""Sessions read from the shared cache and written through to the database, as Django's
`cached_db` keeps them, but kept in the cache for at most `KEPT_SECONDS` at a time.

Django's `cached_db` keeps a session in the cache for its whole age (twelve hours here), and
logging out deletes it there after deleting it in the database. Should that one cache delete
be lost (the cache answers again a moment later), the logged-out session would be served from
the cache for the rest of its age; a session deleted in the database (everyone logged out by
an administrator) would be too. Kept for a minute at a time, a session is read again from the
database at most once a minute per member, and a session that is gone there is gone from the
site within a minute, whatever the cache missed.
"""

from django.contrib.sessions.backends import cached_db

KEPT_SECONDS = 60


class _Briefly:
    """The session cache, with every entry kept for at most KEPT_SECONDS."""

    def __init__(self, cache):
        self._cache = cache

    def set(self, key, value, timeout=None, **kwargs):
        return self._cache.set(key, value, self._kept(timeout), **kwargs)

    async def aset(self, key, value, timeout=None, **kwargs):
        return await self._cache.aset(key, value, self._kept(timeout), **kwargs)

    @staticmethod
    def _kept(timeout):
        return KEPT_SECONDS if timeout is None else min(timeout, KEPT_SECONDS)

    def __getattr__(self, name):
        return getattr(self._cache, name)

    def __contains__(self, key):
        return key in self._cache


class SessionStore(cached_db.SessionStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = _Briefly(self._cache)
