"""A page's small reads and writes in one statement.

A list page asks the database for its rows and then for little things beside them: how many
rows match, how many are new, when the member last came, and it notes the visit and who read
restricted rows. Each was a statement of its own, a round trip and, for a write, a commit of
its own: on the observation log, a third of the page's database time. On PostgreSQL they go
as one statement: the writes as data-modifying WITH clauses, the reads as scalar subqueries
of its SELECT. One statement is one transaction, and all of its reads see the database as it
was before its writes (PostgreSQL runs them on one snapshot).

Elsewhere (the demo's SQLite) the reads run first and then each write on its own, which
keeps that order.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections


@dataclass(frozen=True)
class Write:
    """A write that may go with a page's other statements: `sql` and `params` for PostgreSQL,
    an INSERT, UPDATE or DELETE that can stand in a WITH clause; `elsewhere` does the same on
    other databases."""

    sql: str
    params: Sequence
    elsewhere: Callable[[], object]

    def execute(self, using=DEFAULT_DB_ALIAS):
        """The write on its own."""
        connection = connections[using]
        if connection.vendor != "postgresql":
            self.elsewhere()
            return
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.params)


def select(reads: Sequence[tuple[str, Sequence]], *, writes: Sequence[Write | None] = (),
           using=DEFAULT_DB_ALIAS) -> list:
    """The value of each scalar subquery in `reads` ([(sql, params), ...]), with `writes`
    (None entries are skipped) done in the same statement. The reads see nothing of the
    writes. A value is as the database driver answers it (a raw cursor's)."""
    writes = [write for write in writes if write is not None]
    connection = connections[using]
    together = connection.vendor == "postgresql"
    sql, params = "", []
    if together and writes:
        sql = "WITH " + ", ".join(f"write_{i} AS ({write.sql})" for i, write in enumerate(writes))
        sql += " "
        for write in writes:
            params.extend(write.params)
    sql += "SELECT " + ", ".join(f"({read_sql})" for read_sql, _params in reads)
    for _sql, read_params in reads:
        params.extend(read_params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        values = list(cursor.fetchone())
    if not together:
        for write in writes:
            write.elsewhere()
    return values
