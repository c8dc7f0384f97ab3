""""New since your last visit", for any page that wants it, keyed by the page's name.

The stored moment (`services.mark_visited`) is when the member last opened the page; the
moment a page counts from is kept in the session, so that reloading the page, or moving
between a list and its items, does not make what is new disappear before it is read.
"""

from datetime import datetime, timedelta

from django.utils import timezone

from . import services

# Without a last visit to count from, "new" means the last week.
FIRST_VISIT = timedelta(days=7)


def _session_key(name):
    return f"visits.{name}"


def since_last_visit(request, name: str) -> tuple[datetime, bool]:
    """Mark the page visited and answer what it counts from, and whether this is the first
    visit (then the last week)."""
    previous = services.mark_visited(user=request.user, name=name)
    kept = request.session.get(_session_key(name))
    if kept:
        return datetime.fromisoformat(kept), False
    since = previous or timezone.now() - FIRST_VISIT
    request.session[_session_key(name)] = since.isoformat()
    return since, previous is None

