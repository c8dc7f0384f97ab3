"""Queries per page do not grow with the number of rows shown."""

import re

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
                                  "/observationer/?per_page=25&severity=medium",
                                  "/api/v1/observations/?page_size=500",
                                  "/api/v1/observations/?page_size=5&severity=medium",
                                  "/observationer/karta/",
                                  "/observationer/karta/data/",
                                  "/api/v1/observations/geojson/"])
def test_the_same_number_of_queries_for_10_and_500_rows(client, areas, coordinator, path):
    people = reporters(5)
    for i in range(10):
        ObservationFactory(reporter=people[i % 5])
    client.force_login(coordinator)
    # a first visit creates the member's last-visit marker and caches the filter's options
    client.get(path)
    with_10 = count_queries(lambda: client.get(path))
    for i in range(490):
        ObservationFactory(reporter=people[i % 5])
    with_500 = count_queries(lambda: client.get(path))
    assert with_10 == with_500
    body = client.get(path)
    size = re.search(r"(?:per_page|page_size)=(\d+)", path)
    if "per_page" in path:
        assert len(body.context["page"].object_list) == int(size[1])
    elif "page_size" in path:
        assert len(body.json()["results"]) == int(size[1])


def test_the_next_api_page_costs_what_the_first_does(client, areas, coordinator):
    people = reporters(3)
    for i in range(60):
        ObservationFactory(reporter=people[i % 3], restricted=i % 4 == 0)
    client.force_login(coordinator)
    client.get("/api/v1/observations/?page_size=20")
    first = count_queries(lambda: client.get("/api/v1/observations/?page_size=20"))
    url = client.get("/api/v1/observations/?page_size=20").json()["next"]
    assert count_queries(lambda: client.get(url)) == first


def test_logging_one_observation_through_the_api_runs_only_the_statements_it_needs(
        client, areas, reporter):
    from .test_api import payload

    client.force_login(reporter)
    client.get("/api/v1/observations/")  # the session is read once before, as in use
    body = payload()
    with CaptureQueriesContext(connection) as context:
        response = client.post("/api/v1/observations/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    # (Django keeps content types in memory; tests start without them.)
    statements = [q["sql"] for q in context.captured_queries
                  if "django_content_type" not in q["sql"]]
    # The session, the category, where the point lies, and one statement storing the
    # observation with its history line and its audit entry: no existence checks of rows just
    # loaded, no second look-up of the place, no transaction around what one statement does
    # atomically. (Outside a test's transaction the categories and areas are kept between
    # requests.)
    assert not [s for s in statements if s.startswith('SELECT 1 AS "a"')], statements
    assert len([s for s in statements if "trygghet_area" in s]) == 1, statements
    # The user, its membership and organisation were kept at the session's first request
    # (trygghet.members).
    assert not [s for s in statements
                if '"auth_user"' in s or '"trygghet_membership"' in s], statements
    assert not [s for s in statements if s.startswith("SAVEPOINT")], statements
    [store] = [s for s in statements if "INSERT" in s]
    assert all(table in store for table in ("observations_observation",
                                            "observations_observationevent",
                                            "trygghet_auditentry")), store
    assert len(statements) <= 5, statements


def test_the_log_asks_for_its_rows_and_once_more_for_everything_beside_them(
        client, areas, police, guard):
    """Its count, what is new since the last visit, the visit noted and who read the
    restricted rows: one statement after the rows."""
    from observations.models import ObservationAccess
    from trygghet.models import LastVisit

    for i in range(30):
        ObservationFactory(reporter=guard, restricted=i % 3 == 0)
    client.force_login(police)
    client.get("/observationer/")  # the first visit; the filter's options are read
    with CaptureQueriesContext(connection) as context:
        response = client.get("/observationer/")
    assert response.status_code == 200
    asked = [q["sql"] for q in context.captured_queries
             if "observations_observation" in q["sql"] or "trygghet_lastvisit" in q["sql"]]
    assert len(asked) == 2, asked
    assert "observations_observationaccess" in asked[1] and "trygghet_lastvisit" in asked[1]
    assert ObservationAccess.objects.filter(user=police, via="list").count() == 20
    assert LastVisit.objects.filter(user=police, name="observations.list").count() == 1
    assert "30 observationer" in response.content.decode()
