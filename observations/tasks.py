"""Thin Celery wrappers around the log's services."""

import logging

from celery import shared_task
from django.db import DatabaseError, InterfaceError

from trygghet.errors import DomainError

from . import services

logger = logging.getLogger(__name__)


@shared_task(name="observations.erase_expired_text_task")
def erase_expired_text_task():
    """Nightly: erase free text past its retention period (in batches until none is left)."""
    total = 0
    while erased := services.erase_expired_text():
        total += erased
    return total


@shared_task(
    bind=True, name=services.EXPORT_TASK, acks_late=True, reject_on_worker_lost=True,
    autoretry_for=(DatabaseError, InterfaceError), retry_backoff=5, retry_backoff_max=300,
    retry_jitter=True, max_retries=6,
)
def export_observations_task(self, job_id):
    """Write the file of one ExportJob; idempotent by job."""
    try:
        job = services.run_export(job_id=job_id)
    except DomainError as error:
        services.mark_export_failed(job_id=job_id, error=error.message)
        return None
    except (DatabaseError, InterfaceError):
        if self.request.retries >= self.max_retries:
            services.mark_export_failed(job_id=job_id, error="Databasfel")
        raise
    except Exception:
        logger.exception("Writing export %s failed", job_id)
        services.mark_export_failed(job_id=job_id, error="Exporten kunde inte skrivas.")
        raise
    return str(job.pk)


@shared_task(name="observations.erase_expired_exports_task")
def erase_expired_exports_task():
    """Hourly: erase exports past their retention period."""
    return services.erase_expired_exports()
