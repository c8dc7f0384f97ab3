from datetime import datetime, timedelta, timezone as dt_timezone
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone

from observations.situation import services as report_services
from observations.situation.compile import compile_week, trend_flag
from trygghet.weeks import week_bounds, week_just_ended
from observations.situation.models import CompileJob, SituationReport

from ..factories import ObservationFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def utc(*args):
    return datetime(*args, tzinfo=dt_timezone.utc)


def test_a_week_is_monday_to_monday_local_time_across_clock_changes():
    start, end = week_bounds(2026, 13)  # clocks go forward on Sunday 29 March 2026
    assert start.astimezone(STOCKHOLM).isoformat() == "2026-03-23T00:00:00+01:00"
    assert end.astimezone(STOCKHOLM).isoformat() == "2026-03-30T00:00:00+02:00"
    assert end.astimezone(dt_timezone.utc) - start.astimezone(dt_timezone.utc) == timedelta(
        hours=167)
    start, end = week_bounds(2026, 43)  # clocks go back on Sunday 25 October 2026
    assert end.astimezone(dt_timezone.utc) - start.astimezone(dt_timezone.utc) == timedelta(
        hours=169)


@pytest.mark.parametrize("moment, expected", [
    (utc(2026, 3, 30, 4, 0), (2026, 13)),    # Monday 06:00 CEST, just after the spring change
    (utc(2026, 10, 26, 5, 0), (2026, 43)),   # Monday 06:00 CET, just after the autumn change
    (utc(2026, 3, 29, 22, 30), (2026, 13)),  # Monday 00:30 CEST, though still Sunday in UTC
    (utc(2027, 1, 4, 5, 0), (2026, 53)),     # 2026 has an ISO week 53
])
def test_the_beat_job_compiles_the_week_just_ended(moment, expected):
    assert week_just_ended(moment) == expected


@pytest.mark.parametrize("last_run, expected_next", [
    (utc(2026, 3, 28, 12, 0), datetime(2026, 3, 30, 6, 0, tzinfo=STOCKHOLM)),
    (utc(2026, 10, 24, 12, 0), datetime(2026, 10, 26, 6, 0, tzinfo=STOCKHOLM)),
])
def test_the_beat_entry_runs_monday_0600_stockholm_time(last_run, expected_next):
    from trygghet.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["compile-lagesbild"]
    assert entry["task"] == "situation.compile_last_week_task"
    schedule = entry["schedule"]
    schedule.app = app
    assert app.conf.timezone == "Europe/Stockholm"
    start, delta, _now = schedule.remaining_delta(last_run.astimezone(STOCKHOLM))
    next_run = (start + delta).astimezone(dt_timezone.utc)
    assert next_run == expected_next.astimezone(dt_timezone.utc)
    assert week_just_ended(next_run) == week_just_ended(expected_next)


@pytest.mark.parametrize("count, mean, flag", [
    (4, 0.25, ""),      # small numbers never cry wolf
    (12, 4, "up"),
    (6, 5, ""),         # within chance
    (1, 10, "down"),
    (3, 4, ""),
])
def test_marked_changes(count, mean, flag):
    assert trend_flag(count, mean) == flag


@pytest.mark.django_db
def test_a_compiled_week_holds_counts_changes_lists_and_silent_partners(areas, reporter, guard,
                                                                       coordinator):
    start, _ = week_bounds(2026, 45)
    for days, severity, area in [(0, "low", "Bro centrum"), (2, "high", "Bro centrum"),
                                 (6, "medium", "Tibble")]:
        ObservationFactory(reporter=reporter, occurred_at=start + timedelta(days=days, hours=20),
                           severity=severity, area=areas[area], logged_at=start + timedelta(days=days))
    ObservationFactory(reporter=guard, occurred_at=start - timedelta(days=3), area=areas["Tibble"])
    stale = ObservationFactory(reporter=guard, occurred_at=start - timedelta(days=20),
                               restricted=True, logged_at=start - timedelta(days=20))

    data = compile_week(2026, 45)

    assert data["total"]["count"] == 3 and data["total"]["previous"] == 1
    assert data["total"]["mean4"] == 0.5  # two observations over the four weeks before
    by_area = {row["name"]: row["count"] for row in data["by_area"]}
    assert by_area["Bro centrum"] == 2 and by_area["Tibble"] == 1
    assert data["by_weekday"] == [1, 0, 1, 0, 0, 0, 1]
    assert data["by_hour"][20] == 3
    assert [r["severity"] for r in data["serious"]] == ["high"]
    assert [r["id"] for r in data["open_after_14_days"]] == [stale.pk]
    assert data["open_after_14_days"][0]["restricted"] is True
    assert guard.membership.organisation.name in data["silent_organisations"]
    assert reporter.membership.organisation.name not in data["silent_organisations"]
    assert data["hotspot_areas"][0]["name"] == "Bro centrum"
    assert sum(c["count"] for c in data["hotspot_cells"]["all"]) == 3
    assert data["trend"]["totals"][-1] == 3 and data["trend"]["weeks"][-1] == [2026, 45]
    assert len(data["trend"]["weeks"]) == 12
    assert len(data["points"]) == 3


@pytest.mark.django_db
def test_one_job_gives_one_report_however_often_it_runs(areas, coordinator):
    job = CompileJob.objects.create(iso_year=2026, iso_week=40)
    first = report_services.run_compile(job_id=job.pk)
    second = report_services.run_compile(job_id=job.pk)
    assert first == second
    assert SituationReport.objects.filter(iso_year=2026, iso_week=40).count() == 1
    job.refresh_from_db()
    assert job.state == "done" and job.attempts == 1


@pytest.mark.django_db
def test_a_recompiled_week_whose_observations_changed_is_a_new_version_and_the_old_stays(
        areas, reporter):
    start, _ = week_bounds(2026, 40)
    observation = ObservationFactory(reporter=reporter, occurred_at=start + timedelta(hours=30))
    one = report_services.compile_now(year=2026, week=40).report
    observation.delete()
    two = report_services.compile_now(year=2026, week=40).report
    assert (one.version, two.version) == (1, 2)
    one.refresh_from_db()
    assert one.data["total"]["count"] == 1 and two.data["total"]["count"] == 0


@pytest.mark.django_db
def test_recompiling_an_unchanged_week_returns_its_latest_version(areas, reporter):
    start, _ = week_bounds(2026, 40)
    ObservationFactory(reporter=reporter, occurred_at=start + timedelta(hours=30))
    first = report_services.compile_now(year=2026, week=40)
    again = [report_services.compile_now(year=2026, week=40) for _ in range(5)]
    assert first.made_new_version and not any(job.made_new_version for job in again)
    assert {job.report_id for job in again} == {first.report_id}
    assert SituationReport.objects.filter(iso_year=2026, iso_week=40).count() == 1


@pytest.mark.django_db
def test_a_failed_compile_still_counts_its_attempt(areas, monkeypatch):
    from observations.situation import compile as compiler

    def broken(year, week):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(compiler, "compile_week", broken)
    job = CompileJob.objects.create(iso_year=2026, iso_week=40)
    for attempt in (1, 2):
        with pytest.raises(RuntimeError):
            report_services.run_compile(job_id=job.pk)
        job.refresh_from_db()
        assert job.attempts == attempt and job.report is None


@pytest.mark.django_db
def test_a_week_that_has_not_begun_cannot_be_compiled(coordinator):
    from trygghet.errors import DomainError
    from trygghet.weeks import parse_week

    next_year = timezone.localdate().year + 1
    with pytest.raises(DomainError):
        report_services.queue_compile(year=next_year, week=10, by=coordinator)
    with pytest.raises(DomainError):
        parse_week("vecka 12")
    assert parse_week("2026-W05") == (2026, 5)


@pytest.mark.django_db(transaction=True)
def test_two_compiles_of_one_week_at_once_take_turns_and_make_one_version(areas, reporter):
    import threading

    from django.db import connection

    start, _ = week_bounds(2026, 41)
    ObservationFactory(reporter=reporter, occurred_at=start + timedelta(hours=30))
    jobs = [CompileJob.objects.create(iso_year=2026, iso_week=41) for _ in range(2)]
    errors = []

    def compile_job(job):
        try:
            report_services.run_compile(job_id=job.pk)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=compile_job, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert list(SituationReport.objects.filter(iso_week=41).values_list("version", flat=True)) == [1]
    assert {job.report_id for job in CompileJob.objects.filter(iso_week=41)} == {
        SituationReport.objects.get(iso_week=41).pk}


@pytest.mark.django_db
def test_a_second_beat_firing_for_the_same_week_queues_nothing(areas, coordinator):
    first = report_services.queue_last_week()
    second = report_services.queue_last_week()
    assert first is not None and second is None
    assert CompileJob.objects.count() == 1
