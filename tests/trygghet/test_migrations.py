"""Databases of earlier versions migrate forward with every row: from before the rooms (the
lägesbild inside observations, compile requests, the old snapshot shape), and from before the
start page's last visits moved to the core."""

from datetime import datetime, timezone as dt_timezone

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_THE_ROOMS = [
    ("trygghet", "0002_membership_lagesbild_email"),
    ("observations", "0004_observation_logged_at_index"),
    ("situation", None),
]

OLD_SNAPSHOT = {
    "year": 2026, "week": 45, "start": "2026-11-02T00:00:00+01:00",
    "end": "2026-11-09T00:00:00+01:00", "first_day": "2026-11-02", "last_day": "2026-11-08",
    "total": {"count": 2, "previous": 0, "change_previous": None, "mean4": 0.0,
              "change_mean4": None, "last_year": None, "flag": ""},
    "open_count": 0, "serious_count": 1,
    "by_category": [], "by_area": [{"id": None, "name": "Utanför namngivna områden", "count": 2,
                                    "previous": 0, "mean4": 0.0, "flag": ""}],
    "by_weekday": [2, 0, 0, 0, 0, 0, 0], "by_hour": [0] * 20 + [2, 0, 0, 0],
    "weekday_hour": [[0] * 24 for _ in range(7)],
    "hotspots": {"areas": [], "rising_areas": [],
                 "cells": [{"south": 59.5, "west": 17.6, "north": 59.50225, "east": 17.6045,
                            "count": 2, "mean4": 0, "flag": ""}], "rising_cells": []},
    "serious": [{"id": 1, "category": "Brand", "occurred_at": "2026-11-02T20:00:00+01:00",
                 "area": None, "status": "new", "severity": "high", "organisation": "Kommunen",
                 "restricted": True}],
    "open_after_14_days": [], "silent_organisations": [],
    "trend": {"labels": ["v. 44", "v. 45"], "series": [], "totals": [0, 2]},
    "points": [[59.501, 17.601, "high", True], [59.501, 17.602, "low", False]],
    "method": {"significance": 0.05, "min_count": 5, "cell_m": 250, "open_after_days": 14},
}


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_rooms_migrates_forward_with_every_row():
    old = migrate(BEFORE_THE_ROOMS)
    try:
        User = old.get_model("auth", "User")
        Organisation = old.get_model("trygghet", "Organisation")
        Membership = old.get_model("trygghet", "Membership")
        Category = old.get_model("observations", "Category")
        Observation = old.get_model("observations", "Observation")
        CompileRequest = old.get_model("observations", "CompileRequest")
        SituationReport = old.get_model("observations", "SituationReport")

        user = User.objects.create(username="gammal")
        organisation = Organisation.objects.create(name="Kommunen", kind="kommun")
        Membership.objects.create(user=user, organisation=organisation, role="coordinator")
        category = Category.objects.get_or_create(slug="brand", defaults={"name": "Brand"})[0]
        observations = [Observation.objects.create(
            category=category, occurred_at=when, latitude=59.501, longitude=17.601,
            reporter=user, organisation=organisation, description="Brand i papperskorg.")
            for when in ("2026-11-02T20:00:00+01:00", "0001-01-01T00:00:00+01:00")]
        request = CompileRequest.objects.create(iso_year=2026, iso_week=45, state="done",
                                                requested_by=user, attempts=1)
        SituationReport.objects.create(iso_year=2026, iso_week=45, version=1, request=request,
                                       data=OLD_SNAPSHOT, analysis="Gammal analys.")
        unfinished = CompileRequest.objects.create(iso_year=2026, iso_week=46)
    finally:
        migrate(latest())

    from observations.models import Observation as NewObservation
    from observations.situation.models import CompileJob, SituationReport as NewReport

    assert NewObservation.objects.count() == 2
    # The row typed as year 1 (which broke every page) now carries the time it was logged.
    broken = NewObservation.objects.get(pk=observations[1].pk)
    assert broken.occurred_at.year >= 2000 and broken.occurred_at == broken.logged_at
    report = NewReport.objects.get()
    assert report.analysis == "Gammal analys." and report.data_hash
    job = CompileJob.objects.get(pk=request.pk)
    assert job.report == report and job.made_new_version and job.requested_by.username == "gammal"
    assert CompileJob.objects.get(pk=unfinished.pk).state == "queued"
    data = report.data
    assert data["period"]["week"] == 45 and data["total"]["count"] == 2
    assert data["by_area"][0]["name"] is None  # translated when shown, not stored in Swedish
    assert data["points"][0] == {"lat": 59.501, "lon": 17.601, "severity": "high",
                                 "restricted": True}
    assert data["trend"]["weeks"] == [[2026, 44], [2026, 45]]
    # Old cells were compiled over every row: readers who may not see restricted rows get none.
    assert data["hotspot_cells"] == {"all": OLD_SNAPSHOT["hotspots"]["cells"], "unrestricted": []}
    from django.contrib.contenttypes.models import ContentType

    assert ContentType.objects.get_for_model(CompileJob).app_label == "situation"
    assert not ContentType.objects.filter(app_label="observations", model="compilerequest").exists()


BEFORE_THE_SHARED_LAST_VISIT = [
    ("trygghet", "0003_audit_idempotency_outbox"),
    ("interventions", "0002_seed_types"),
]


@pytest.mark.django_db(transaction=True)
def test_the_start_pages_last_visits_move_to_the_core_with_every_member():
    old = migrate(BEFORE_THE_SHARED_LAST_VISIT)
    try:
        User = old.get_model("auth", "User")
        OldVisit = old.get_model("interventions", "LastVisit")
        people = [User.objects.create(username=f"besokare{i}") for i in range(3)]
        moments = {person.pk: datetime(2026, 11, 10 + i, 8, tzinfo=dt_timezone.utc)
                   for i, person in enumerate(people)}
        for pk, at in moments.items():
            OldVisit.objects.create(user_id=pk, at=at)
    finally:
        migrate(latest())

    from trygghet.models import LastVisit

    moved = {visit.user_id: visit for visit in LastVisit.objects.all()}
    assert set(moved) == set(moments)
    assert all(visit.name == "start" for visit in moved.values())
    assert {pk: visit.at for pk, visit in moved.items()} == moments
