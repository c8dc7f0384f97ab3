"""The core's scheduled housekeeping: thin wrappers, each calling one function."""

from celery import shared_task

from . import idempotency, outbox


@shared_task(name="trygghet.sweep_outbox_task")
def sweep_outbox_task():
    """Every minute: send the tasks the broker could not take when they were asked for."""
    return outbox.sweep()


@shared_task(name="trygghet.purge_task")
def purge_task():
    """Nightly: forget idempotency keys past their 24 hours and old finished outbox messages."""
    return {"idempotency": idempotency.purge(), "outbox": outbox.purge()}
