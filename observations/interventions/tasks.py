"""Thin Celery wrappers around the e-mail services (notifications.py): each may run twice or be
delivered again; the services send each mail once. Retries live here."""

from datetime import date

from celery import shared_task
from django.db import DatabaseError

from . import notifications

MAIL_TASK = dict(acks_late=True, reject_on_worker_lost=True,
                 autoretry_for=(OSError, DatabaseError), retry_backoff=30,
                 retry_backoff_max=1800, retry_jitter=True, max_retries=10)


def _day(text):
    return date.fromisoformat(text) if text else None


@shared_task(name="interventions.send_overdue_reminders_task", **MAIL_TASK)
def send_overdue_reminders_task(day=None):
    """Daily: mail the owners of insatser past their day, once per insats and day."""
    return notifications.send_overdue_reminders(day=_day(day))


@shared_task(name="interventions.send_alerts_task", **MAIL_TASK)
def send_alerts_task():
    """Every minute: alerts about serious observations to those who want them at once."""
    return notifications.send_alerts()


@shared_task(name="interventions.send_daily_alerts_task", **MAIL_TASK)
def send_daily_alerts_task(day=None):
    """Each morning: the day before's serious observations to those who want a summary."""
    return notifications.send_daily_alerts(day=_day(day))


@shared_task(name="interventions.send_weekly_digests_task", **MAIL_TASK)
def send_weekly_digests_task(year=None, week=None):
    """Monday morning: the weekly digest to members who opted in."""
    return notifications.send_weekly_digests(year=year, week=week)
