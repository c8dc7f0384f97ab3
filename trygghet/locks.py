"""One at a time where there is no row to lock yet: a burst of identical requests for a job
that does not exist yet makes one job."""

import hashlib

from django.db import connection


def hold(*key) -> None:
    """Hold the lock named by `key` until the transaction ends: a request that finds no job
    waiting and makes one holds it, so that the next identical request waits for that commit
    and then finds the job (each statement reads what was committed before it). On SQLite,
    whose writes are one at a time already, nothing."""
    if connection.vendor != "postgresql":
        return
    if not connection.in_atomic_block:
        raise RuntimeError("locks.hold() must run inside the transaction it guards")
    digest = hashlib.blake2b(repr(key).encode(), digest_size=8).digest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)",
                       [int.from_bytes(digest, "big", signed=True)])
