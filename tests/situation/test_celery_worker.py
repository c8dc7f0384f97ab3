"""The lägesbild compiled by a real worker process over a real Redis broker."""

from datetime import timedelta

import psycopg2
import pytest
from django.db import connection

from observations.situation import services as report_services
from trygghet.weeks import week_bounds
from observations.situation.models import CompileJob, SituationReport

from ..factories import ObservationFactory
from ..worker import worker_database_url, wait_for

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def week_with_observations(areas, reporter):
    start, _ = week_bounds(2026, 45)
    for hours in range(0, 160, 8):
        ObservationFactory(reporter=reporter, occurred_at=start + timedelta(hours=hours))
    return 2026, 45


def test_a_worker_compiles_a_requested_week_end_to_end(worker, coordinator, week_with_observations):
    worker.start()
    job = report_services.queue_compile(year=2026, week=45, by=coordinator)
    report = wait_for(lambda: SituationReport.objects.filter(jobs=job).first(),
                      message="the report")
    assert report.data["total"]["count"] == 20
    job.refresh_from_db()
    assert job.state == "done" and job.attempts == 1


def test_a_worker_killed_mid_compile_leaves_exactly_one_report(worker, coordinator,
                                                               week_with_observations):
    # Hold the observations table so that the compile stops inside its transaction.
    blocker = psycopg2.connect(worker_database_url().replace("postgres://", "postgresql://"))
    cursor = blocker.cursor()
    cursor.execute("LOCK TABLE observations_observation IN ACCESS EXCLUSIVE MODE")
    first = worker.start()
    job = report_services.queue_compile(year=2026, week=45, by=coordinator)

    def compile_is_waiting():
        with connection.cursor() as c:
            c.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                      "AND datname = current_database() AND query ILIKE '%%observations_observation%%'")
            return c.fetchone()[0] > 0

    try:
        wait_for(lambda: CompileJob.objects.get(pk=job.pk).state == "running",
                 message="the compile to start")
        wait_for(compile_is_waiting, message="the compile to reach the observations")
        worker.kill(first)
    finally:
        blocker.rollback()
        blocker.close()
    assert not SituationReport.objects.filter(jobs=job).exists()

    worker.start()
    report = wait_for(lambda: SituationReport.objects.filter(jobs=job).first(), timeout=60,
                      message="a second worker to compile the week\n" + worker.logs())
    assert SituationReport.objects.filter(iso_year=2026, iso_week=45).count() == 1
    assert report.data["total"]["count"] == 20
    job.refresh_from_db()
    assert job.state == "done"
    # Let a late second delivery, if any, run too: still one report.
    wait_for(lambda: "succeeded" in worker.logs(), message="the task to be acknowledged")
    assert SituationReport.objects.filter(iso_year=2026, iso_week=45).count() == 1
