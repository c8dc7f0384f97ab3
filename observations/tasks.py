import logging

from celery import shared_task
from django.db import DatabaseError, InterfaceError

from . import report_services, services
from .lagesbild import week_just_ended

logger = logging.getLogger(__name__)


@shared_task(name="observations.erase_expired_text_task")
def erase_expired_text_task():
    """Nightly: erase free text past its retention period (in batches until none is left)."""
    total = 0
    while erased := services.erase_expired_text():
        total += erased
    return total


@shared_task(
    bind=True, name="observations.compile_lagesbild_task",
    acks_late=True, reject_on_worker_lost=True,
    autoretry_for=(DatabaseError, InterfaceError), retry_backoff=5, retry_backoff_max=300,
    retry_jitter=True, max_retries=6,
)
def compile_lagesbild_task(self, request_id):
    """Compile the week of one CompileRequest; idempotent by request."""
    try:
        report = report_services.run_compile(request_id=request_id)
    except (DatabaseError, InterfaceError):
        if self.request.retries >= self.max_retries:
            report_services.mark_failed(request_id=request_id, error="Databasfel")
        raise
    except Exception as error:
        logger.exception("Compiling lägesbild for request %s failed", request_id)
        report_services.mark_failed(request_id=request_id, error=str(error))
        raise
    return report.pk


@shared_task(name="observations.compile_last_week_task")
def compile_last_week_task():
    """Beat, Mondays 06:00 Europe/Stockholm: compile the ISO week just ended."""
    year, week = week_just_ended()
    return str(report_services.request_compile(year=year, week=week).pk)


@shared_task(name="observations.send_report_published_task", acks_late=True)
def send_report_published_task(report_id):
    return report_services.send_published_mail(report_id=report_id)
