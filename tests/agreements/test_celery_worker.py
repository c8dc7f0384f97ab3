"""The yearly report compiled by a real worker process over a real Redis broker."""

import pytest
from django.utils import timezone

from agreements import services
from agreements.models import YearlyReport

from ..worker import wait_for

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def test_a_worker_compiles_a_requested_year_end_to_end(worker, coordinator, police, categories,
                                                       intervention_types):
    from datetime import date

    agreement = services.save_agreement(
        by=coordinator, title="Överenskommelse", starts_on=date(2022, 1, 1),
        parties=[coordinator.membership.organisation, police.membership.organisation])
    services.save_priority_area(by=coordinator, agreement=agreement, name="Våld")
    worker.start()
    year = timezone.localdate().year - 1
    job = services.queue_yearly_report(agreement=agreement, year=year, by=coordinator)
    report = wait_for(lambda: YearlyReport.objects.filter(jobs=job).first(),
                      message="the yearly report\n" + worker.logs())
    assert report.year == year and [a["name"] for a in report.data["priority_areas"]] == ["Våld"]
    job.refresh_from_db()
    assert job.state == "done" and job.attempts == 1
