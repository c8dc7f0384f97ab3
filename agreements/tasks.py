"""Thin Celery wrappers around the yearly report's services: ids in, load, call, retries here."""

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
def compile_yearly_report_task(self, job_id):
    """Compile the year of one YearlyReportJob; idempotent by job."""
    try:
        report = services.run_yearly_compile(job_id=job_id)
    except (DatabaseError, InterfaceError):
        if self.request.retries >= self.max_retries:
            services.mark_yearly_failed(job_id=job_id, error="Databasfel")
        raise
    except Exception as error:
        logger.exception("Compiling the yearly report of job %s failed", job_id)
        services.mark_yearly_failed(job_id=job_id, error=str(error))
        raise
    return report.pk
