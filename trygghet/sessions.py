"""Sessions read from the shared cache and written through to the database, as Django's
`cached_db` keeps them, but kept in the cache for at most `KEPT_SECONDS` at a time.

Django's `cached_db` keeps a session in the cache for its whole age (twelve hours here), and
logging out deletes it there after deleting it in the database. Should that one cache delete
be lost (the cache answers again a moment later), the logged-out session would be served from
the cache for the rest of its age; a session deleted in the database (everyone logged out by
an administrator) would be too. Kept for a minute at a time, a session is read again from the
database at most once a minute per member, and a session that is gone there is gone from the
site within a minute, whatever the cache missed.

A session's read from the cache brings along, in the same round trip, what the request asks
next: who its member is (`trygghet.members.session_keys`) and the tables' versions
(`trygghet.options`). A page then asks the cache once before its own work.
"""

from django.conf import settings
from django.contrib.sessions.backends import cached_db
from django.core.cache import DEFAULT_CACHE_ALIAS

from . import members, options

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
        # What the session's read from the cache brought along ({key: value or None}).
        self.read_along = None

    def load(self):
        """Django's, reading the session and what goes along with it (above) at once."""
        if settings.SESSION_CACHE_ALIAS != DEFAULT_CACHE_ALIAS or not self.session_key:
            return super().load()
        along = members.session_keys(self.session_key)
        try:
            found = options.get_many_with_versions([self.cache_key, *along])
        except Exception:  # as Django's: a key the cache refuses is a session not found
            found = {}
        self.read_along = {key: found.get(key) for key in along}
        data = found.get(self.cache_key)
        if data is None:
            stored = self._get_session_from_db()
            if stored is None:
                return {}
            data = self.decode(stored.session_data)
            self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=stored.expire_date))
        return data
