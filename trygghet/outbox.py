"""Queueing tasks so that none is lost when the broker is down.

`enqueue(task_name, *args)` writes an OutboxMessage in the caller's transaction and sends it
to the broker after the commit. When the broker cannot take it, the caller's change still
stands (the user is told it will run shortly) and `sweep()`, run every minute by beat, sends
it again; a message that was sent but never finished (Redis restarted and lost it, say) is
sent again after OUTBOX_RESEND_AFTER. Tasks are idempotent, so a second send is harmless.
A task marks its message done when it succeeds (signals in trygghet/celery.py).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)

# Broker errors differ by transport (redis, kombu, a refused socket); any failure to hand a
# message over means "not sent yet", never a failed user action.
SEND_ERRORS = (Exception,)
MAX_SENDS = 50


def enqueue(task_name: str, *args) -> OutboxMessage:
    """Queue `task_name(*args)` once the current transaction commits."""
    message = OutboxMessage.objects.create(task=task_name, args=list(args))
    transaction.on_commit(lambda: send(message.pk))
    return message


def send(message_id) -> bool:
    """Hand one message to the broker; False (and a warning) when the broker is unreachable."""
    from .celery import app

    message = OutboxMessage.objects.filter(pk=message_id, done_at__isnull=True,
                                           failed_at__isnull=True).first()
    if message is None:
        return True
    if app.conf.task_always_eager:
        # Tests and single-process setups: run it here (the worker would import the task
        # modules itself; this process may not have yet).
        app.loader.import_default_modules()
        app.tasks[message.task].apply(args=message.args, task_id=str(message.pk))
        return True
    try:
        # A connection of its own, from the settings of the moment, that fails fast.
        with app.connection_for_write() as connection:
            app.send_task(message.task, args=message.args, task_id=str(message.pk),
                          connection=connection, retry=True,
                          retry_policy=settings.CELERY_TASK_PUBLISH_RETRY_POLICY)
    except SEND_ERRORS as error:  # noqa: BLE001 (see SEND_ERRORS)
        logger.warning("Broker unreachable; %s will be sent by the sweep: %s", message, error)
        OutboxMessage.objects.filter(pk=message.pk).update(error=str(error)[:500])
        return False
    OutboxMessage.objects.filter(pk=message.pk).update(
        sent_at=timezone.now(), sends=F("sends") + 1, error="")
    return True


def due(now=None):
    """Messages to send again: never sent and older than a few seconds (their on-commit send
    failed or the process died), or sent long ago and still not done."""
    now = now or timezone.now()
    return OutboxMessage.objects.filter(done_at__isnull=True, failed_at__isnull=True).filter(
        Q(sent_at__isnull=True, created_at__lt=now - timedelta(seconds=settings.OUTBOX_RETRY_SECONDS))
        | Q(sent_at__lt=now - timedelta(seconds=settings.OUTBOX_RESEND_AFTER_SECONDS))
    ).order_by("created_at")


def sweep(*, now=None, limit=500) -> int:
    """Send what is due; returns how many were handed to the broker."""
    sent = 0
    for message in due(now)[:limit]:
        if message.sends >= MAX_SENDS:
            mark_failed(message.pk, "Skickad för många gånger utan att bli klar.")
            continue
        if not send(message.pk):
            break  # the broker is still down; the next sweep tries again
        sent += 1
    return sent


def mark_done(task_id) -> None:
    OutboxMessage.objects.filter(pk=task_id, done_at__isnull=True).update(done_at=timezone.now())


def mark_failed(task_id, error: str) -> None:
    OutboxMessage.objects.filter(pk=task_id, done_at__isnull=True).update(
        failed_at=timezone.now(), error=error[:2000])


def purge(*, older_than_days=30) -> int:
    """Forget finished messages after a while."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted, _ = OutboxMessage.objects.filter(
        Q(done_at__lt=cutoff) | Q(failed_at__lt=cutoff)).delete()
    return deleted
