"""Queries per page do not grow with the number of rows shown."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..factories import ObservationFactory, member

pytestmark = pytest.mark.django_db


def count_queries(request):
    with CaptureQueriesContext(connection) as context:
        response = request()
    assert response.status_code == 200
    return len(context.captured_queries)


def reporters(n):
    return [member(username=f"reporter{i}", org_name=f"Partner {i}") for i in range(n)]


@pytest.mark.parametrize("path", ["/observationer/?per_page=500",
                                  "/observationer/?per_page=500&status=new&logged_from=2026-01-01",
                                  "/api/v1/observations/?page_size=500",
                                  "/observationer/karta/",
                                  "/observationer/karta/data/",
                                  "/api/v1/observations/geojson/"])
def test_the_same_number_of_queries_for_10_and_500_rows(client, areas, coordinator, path):
    people = reporters(5)
    for i in range(10):
        ObservationFactory(reporter=people[i % 5])
    client.force_login(coordinator)
    client.get(path)  # a first visit also creates the member's last-visit marker
    with_10 = count_queries(lambda: client.get(path))
    for i in range(490):
        ObservationFactory(reporter=people[i % 5])
    with_500 = count_queries(lambda: client.get(path))
    assert with_10 == with_500
    body = client.get(path)
    if "per_page" in path:
        assert len(body.context["page"].object_list) == 500
    elif "page_size" in path:
        assert len(body.json()["results"]) == 500
