"""Thin Celery wrappers around the lägesbild services: ids in, load, call, retries here."""

import logging

from celery import shared_task
from django.db import DatabaseError, InterfaceError

from . import services

logger = logging.getLogger(__name__)


@shared_task(
    bind=True, name=services.COMPILE_TASK,
    acks_late=True, reject_on_worker_lost=True,
    autoretry_for=(DatabaseError, InterfaceError), retry_backoff=5, retry_backoff_max=300,
    retry_jitter=True, max_retries=6,
)
def compile_report_task(self, job_id):
    """Compile the week of one CompileJob; idempotent by job."""
    try:
        report = services.run_compile(job_id=job_id)
    except (DatabaseError, InterfaceError):
        if self.request.retries >= self.max_retries:
            services.mark_failed(job_id=job_id, error="Databasfel")
        raise
    except Exception as error:
        logger.exception("Compiling the lägesbild of job %s failed", job_id)
        services.mark_failed(job_id=job_id, error=str(error))
        raise
    return report.pk


@shared_task(name="situation.compile_last_week_task")
def compile_last_week_task():
    """Beat, Mondays 06:00 Europe/Stockholm: compile the ISO week just ended, once."""
    job = services.queue_last_week()
    return str(job.pk) if job else None


@shared_task(
    name=services.PUBLISHED_MAIL_TASK, acks_late=True, reject_on_worker_lost=True,
    autoretry_for=(OSError, DatabaseError), retry_backoff=30, retry_backoff_max=1800,
    retry_jitter=True, max_retries=10,
)
def send_report_published_task(report_id):
    """Mail the members who opted in; each mail once, so a retry sends only what is left."""
    return services.send_published_mail(report_id=report_id)
