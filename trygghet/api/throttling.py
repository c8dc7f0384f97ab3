"""The API's rate per user, counted with one cache increment per request."""

import math

from rest_framework import throttling


class UserRateThrottle(throttling.UserRateThrottle):
    """DRF's rate per user (`API_USER_RATE`), kept as a count instead of DRF's list of the time
    of every request in the period, which a partner near the default 6,000 an hour had read,
    unpickled, extended, pickled and written whole (tens of kilobytes) on every request.

    A period begins with a user's first request and its count is forgotten when it ends (the
    cache's expiry): at most the rate's number of requests in each such period, on every web
    process sharing the cache. A request refused is told the seconds left in the period. With
    the cache out of reach nothing is counted and nothing refused, as with DRF's."""

    cache_format = "throttle_%(scope)s_%(ident)s_count"

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        count = self._counted()
        if count is not None and count > self.num_requests:
            return self.throttle_failure()
        return True

    def _counted(self):
        try:
            return self.cache.incr(self.key)
        except ValueError:  # no period under way: this request begins one
            if self.cache.add(self.key, 1, self.duration):
                return 1
            try:
                return self.cache.incr(self.key)  # another request began it meanwhile
            except ValueError:
                return None

    def wait(self):
        """Seconds until the period ends, rounded up (at least one: a period that ended as
        the request was refused leaves a second to wait); its whole length where the cache
        cannot tell."""
        pttl = getattr(self.cache, "pttl", None)
        left = pttl(self.key) if pttl is not None else None  # milliseconds; 0 once gone
        return self.duration if left is None else max(1, math.ceil(left / 1000))
