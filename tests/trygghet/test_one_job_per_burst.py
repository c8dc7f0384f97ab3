"""A burst of identical requests for a job that does not exist yet makes one job, and two
alike changes at once are one change and one refusal (trygghet.locks and the row locks)."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from agreements import services as agreement_services
from observations import services
from observations.models import ExportJob

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(work, times=6):
    """`work()` in `times` threads started together; what each returned or raised."""
    start, outcomes = threading.Barrier(times), []

    def run():
        start.wait()
        try:
            outcomes.append(work())
        except Exception as error:  # noqa: BLE001  (what each thread met is the result)
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_a_burst_of_the_same_export_makes_one_job(coordinator):
    outcomes = at_once(lambda: services.queue_export(
        by=coordinator, fmt="csv", filters={"status": ["new"]}, language="sv").pk)
    assert len(set(outcomes)) == 1, outcomes
    assert ExportJob.objects.count() == 1


def test_the_same_priority_area_added_at_once_is_added_once_and_refused_otherwise(
        coordinator, police):
    agreement = agreement_services.save_agreement(
        by=coordinator, title="Överenskommelse", starts_on=date(2027, 1, 1),
        parties=[coordinator.membership.organisation, police.membership.organisation])
    outcomes = at_once(lambda: agreement_services.save_priority_area(
        by=coordinator, agreement=agreement, name="Samtidigt område"))
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(outcomes) - len(refused) == 1, outcomes
    assert agreement.priority_areas.count() == 1


def test_a_weeks_meeting_opened_at_once_is_opened_by_one(coordinator):
    from observations.interventions import services as planning
    from trygghet.weeks import week_of

    year, week = week_of()
    outcomes = at_once(lambda: planning.opening(year=year, week=week, by=coordinator))
    assert sorted(opened for _meeting, opened in outcomes) == [False] * 5 + [True], outcomes
    assert len({meeting.pk for meeting, _opened in outcomes}) == 1
