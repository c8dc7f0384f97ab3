"""Side effects that must happen once, however often the task asking for them runs.

    with transaction.atomic():
        if effects.claim(f"report-mail:{report.pk}:{user.pk}"):
            send_mail(...)

`claim` records the effect under the database's unique-key lock before it happens: a second
run (a redelivered message, a second beat) waits for the first and then finds the record. If
the effect fails, the transaction rolls the record back and a retry does it.
"""

from django.db import IntegrityError, connection, transaction

from .models import SideEffect


def claim(key: str) -> bool:
    """True if this run is the one to perform the effect `key`; False if it is done."""
    if not connection.in_atomic_block:
        raise RuntimeError("effects.claim() must run inside the transaction around the effect")
    try:
        with transaction.atomic():
            SideEffect.objects.create(key=key)
    except IntegrityError:
        return False
    return True


def done_among(keys) -> set[str]:
    """Which of many effects are done, in one query: a sweep that runs every minute looks
    before it claims, instead of trying (and failing) to claim what it did long ago."""
    return set(SideEffect.objects.filter(key__in=list(keys)).values_list("key", flat=True))
