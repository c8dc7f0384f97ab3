""""New since your last visit", for any page that wants it, keyed by the page's name.

The stored moment (`services.mark_visited`) is when the member last opened the page; the
moment a page counts from is kept in the session, so that reloading the page, or moving
between a list and its items, does not make what is new disappear before it is read.
"""

from datetime import UTC, datetime, timedelta

from django.db import connection
from django.db.models import DateTimeField, Value
from django.db.models.expressions import RawSQL
from django.utils import timezone

from . import services, statements
from .models import LastVisit

# Without a last visit to count from, "new" means the last week.
FIRST_VISIT = timedelta(days=7)
# The type of a moment in an expression (one, not one made per page).
MOMENT = DateTimeField()


def _session_key(name):
    return f"visits.{name}"


def since_last_visit(request, name: str) -> tuple[datetime, bool]:
    """Mark the page visited and answer what it counts from, and whether this is the first
    visit (then the last week). One statement; a page that counts what is new sends the
    visit with its count instead (`Visit`)."""
    visit = Visit(request, name)
    [previous] = statements.select([visit.previous], writes=[visit.write])
    return visit.settle(previous)


class Visit:
    """`since_last_visit` in parts, for a page that asks the database once for all its small
    things (`trygghet.statements`): `since`, what the page counts from as an expression for
    its querysets; `previous`, the last visit as a read; `write`, the visit noted. Then
    `settle(previous)` answers what `since_last_visit` answers."""

    def __init__(self, request, name: str, now=None):
        self.request, self.name = request, name
        self.now = now or timezone.now()
        kept = request.session.get(_session_key(name))
        self.kept = datetime.fromisoformat(kept) if kept else None

    def _stored(self) -> tuple[str, list]:
        table = connection.ops.quote_name(LastVisit._meta.db_table)
        return (f"SELECT at FROM {table} WHERE user_id = %s AND name = %s",
                [self.request.user.pk, self.name])

    @property
    def since(self):
        if self.kept:
            return Value(self.kept, output_field=MOMENT)
        sql, params = self._stored()
        week = connection.ops.adapt_datetimefield_value(self.now - FIRST_VISIT)
        return RawSQL(f"COALESCE(({sql}), %s)", (*params, week), output_field=MOMENT)

    @property
    def previous(self) -> tuple[str, list]:
        return self._stored()

    @property
    def write(self) -> statements.Write:
        user, table = self.request.user, connection.ops.quote_name(LastVisit._meta.db_table)
        return statements.Write(
            f"INSERT INTO {table} (user_id, name, at) VALUES (%s, %s, %s) "
            f"ON CONFLICT (user_id, name) DO UPDATE SET at = EXCLUDED.at",
            [user.pk, self.name, self.now],
            lambda: services.mark_visited(user=user, name=self.name, now=self.now))

    def settle(self, previous) -> tuple[datetime, bool]:
        """What the page counts from and whether this is the first visit, from the last
        visit as `previous` read it (None the first time)."""
        if isinstance(previous, str):  # as SQLite may answer a raw read
            previous = MOMENT.to_python(previous)
        if previous is not None and timezone.is_naive(previous):  # SQLite's, in UTC
            previous = timezone.make_aware(previous, UTC)
        if self.kept:
            return self.kept, False
        since = previous or self.now - FIRST_VISIT
        self.request.session[_session_key(self.name)] = since.isoformat()
        return since, previous is None
