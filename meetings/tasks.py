"""Thin Celery wrappers around the committee's services: ids in, load, call, retries here."""

import logging

from celery import shared_task
from django.db import DatabaseError, InterfaceError

from . import services
from .services.documents import COMPILE_TASK

logger = logging.getLogger(__name__)


@shared_task(
    bind=True, name=COMPILE_TASK, acks_late=True, reject_on_worker_lost=True,
    autoretry_for=(DatabaseError, InterfaceError), retry_backoff=5, retry_backoff_max=300,
    retry_jitter=True, max_retries=6,
)
def compile_handlingar_task(self, job_id):
    """Compile the handlingar of one DocumentJob into a PDF; idempotent by job."""
    try:
        job = services.run_handlingar(job_id=job_id)
    except (DatabaseError, InterfaceError):
        if self.request.retries >= self.max_retries:
            services.mark_job_failed(job_id=job_id, error="Databasfel")
        raise
    except Exception as error:
        logger.exception("Compiling the handlingar of job %s failed", job_id)
        services.mark_job_failed(job_id=job_id, error=str(error))
        raise
    return str(job.pk)


@shared_task(name="meetings.recompile_outdated_task", acks_late=True,
             autoretry_for=(DatabaseError, InterfaceError), retry_backoff=5, max_retries=3)
def recompile_outdated_task():
    """Queue a new public PDF for published handlingar whose PDF is outdated."""
    return len(services.recompile_outdated())
