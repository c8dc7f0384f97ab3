"""Thin Celery wrappers around the log's services."""

from celery import shared_task

from . import services


@shared_task(name="observations.erase_expired_text_task")
def erase_expired_text_task():
    """Nightly: erase free text past its retention period (in batches until none is left)."""
    total = 0
    while erased := services.erase_expired_text():
        total += erased
    return total
