"""Queries per page do not grow with the number of insatser, decisions or observations shown."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from observations.interventions import services
from observations.interventions.models import Decision, EstMeeting
from trygghet.weeks import week_of

from ..factories import InterventionFactory, ObservationFactory, member

pytestmark = pytest.mark.django_db


def count_queries(request):
    with CaptureQueriesContext(connection) as context:
        response = request()
    assert response.status_code == 200, response
    return len(context.captured_queries)


@pytest.fixture
def world(areas, coordinator, intervention_types):
    owners = [member(username=f"owner{i}", org_name=f"Partner {i}") for i in range(4)]
    year, week = week_of()
    meeting = services.open_meeting(year=year, week=week, by=coordinator)
    EstMeeting.objects.filter(pk=meeting.pk).update(opened_at=timezone.now() + timedelta(hours=1))
    area_list = list(areas.values())
    today = timezone.localdate()

    def add(n):
        for i in range(n):
            observations = [ObservationFactory(reporter=owners[i % 4], area=area_list[i % 10])
                            for _ in range(2)]
            insats = InterventionFactory(
                responsible=owners[i % 4], areas=area_list[i % 10: i % 10 + 2],
                observations=observations, planned_start=today - timedelta(days=i % 5 + 1),
                planned_end=today + timedelta(days=2 - i % 4))
            insats.organisations.set([o.membership.organisation for o in owners[:2]])
            number = Decision.objects.filter(meeting=meeting).count() + 1
            Decision.objects.create(meeting=meeting, number=number, text=f"Beslut {number}",
                                    intervention=insats if i % 2 else None,
                                    created_by=coordinator)
        return list(meeting.decisions.values_list("intervention_id", flat=True))

    return meeting, add


@pytest.mark.parametrize("path", [
    "/insatser/", "/api/v1/interventions/?page_size=100", "/insatser/vecka/",
    "/insatser/moten/{year}-W{week}/", "/api/v1/est-meetings/{meeting}/",
    "/insatser/moten/{year}-W{week}/protokoll.pdf", "/insatser/kvartal/", "/insatser/moten/", "/",
])
def test_the_same_number_of_queries_for_10_and_40_insatser(client, coordinator, world, path):
    meeting, add = world
    path = path.format(year=meeting.iso_year, week=meeting.iso_week, meeting=meeting.pk)
    add(10)
    client.force_login(coordinator)
    client.get("/")  # the first visit of the start page records it
    client.get(path)  # filter forms' options are cached from the first visit on
    with_10 = count_queries(lambda: client.get(path))
    add(30)
    with_40 = count_queries(lambda: client.get(path))
    assert with_10 == with_40


def test_an_insats_page_takes_the_same_queries_for_2_and_40_observations(
        client, coordinator, reporter, areas, intervention_types):
    insats = InterventionFactory(areas=[areas["Råby"]])
    client.force_login(coordinator)

    def link(n):
        insats.observations.add(*[ObservationFactory(reporter=reporter, area=areas["Råby"])
                                  for _ in range(n)])

    link(2)
    with_2 = count_queries(lambda: client.get(f"/insatser/{insats.pk}/"))
    link(38)
    assert count_queries(lambda: client.get(f"/insatser/{insats.pk}/")) == with_2
