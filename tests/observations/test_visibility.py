"""A restricted observation is invisible to a guard company on every path, visible to police."""

import pytest

from observations.models import ObservationAccess

from ..factories import ObservationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def restricted(areas, reporter):
    return ObservationFactory(reporter=reporter, restricted=True,
                              description="Misstänkt langning vid entrén.")


@pytest.fixture
def ordinary(areas, reporter):
    return ObservationFactory(reporter=reporter, description="Klotter på elskåpet.")


def test_guard_cannot_see_restricted_observation_in_the_list(client, guard, restricted, ordinary):
    client.force_login(guard)
    page = client.get("/observationer/").content.decode()
    assert f"/observationer/{ordinary.pk}/" in page
    assert f"/observationer/{restricted.pk}/" not in page


def test_guard_cannot_see_restricted_observation_on_the_map(client, guard, restricted, ordinary):
    client.force_login(guard)
    response = client.get("/observationer/karta/data/")
    ids = [f["id"] for f in response.json()["features"]]
    assert ordinary.pk in ids and restricted.pk not in ids
    assert f"/observationer/{restricted.pk}/" not in response.content.decode()


def test_guard_cannot_open_restricted_observation_page(client, guard, restricted):
    client.force_login(guard)
    assert client.get(f"/observationer/{restricted.pk}/").status_code == 404


def test_guard_cannot_see_restricted_observation_in_the_api_list(api, guard, restricted,
                                                                  ordinary):
    api.force_login(guard)
    ids = [o["id"] for o in api.get("/api/v1/observations/").json()["results"]]
    assert ids == [ordinary.pk]


def test_guard_cannot_read_restricted_observation_in_the_api(api, guard, restricted):
    api.force_login(guard)
    assert api.get(f"/api/v1/observations/{restricted.pk}/").status_code == 404


def test_guard_cannot_see_restricted_observation_in_the_geojson(api, guard, restricted, ordinary):
    api.force_login(guard)
    data = api.get("/api/v1/observations/geojson/").json()
    assert [f["id"] for f in data["features"]] == [ordinary.pk]


def test_police_see_restricted_observations_everywhere(client, api, police, restricted):
    client.force_login(police)
    api.force_login(police)
    assert f"/observationer/{restricted.pk}/" in client.get("/observationer/").content.decode()
    assert client.get(f"/observationer/{restricted.pk}/").status_code == 200
    assert api.get(f"/api/v1/observations/{restricted.pk}/").status_code == 200
    assert [f["id"] for f in api.get("/api/v1/observations/geojson/").json()["features"]] == [
        restricted.pk]



@pytest.mark.parametrize("path, via", [
    ("/observationer/", "list"),
    ("/observationer/{pk}/", "page"),
    ("/observationer/karta/data/", "map"),
    ("/api/v1/observations/", "api-list"),
    ("/api/v1/observations/{pk}/", "api"),
    ("/api/v1/observations/geojson/", "geojson"),
])
def test_every_path_that_hands_out_a_restricted_observation_logs_the_read(
        client, police, restricted, ordinary, path, via):
    client.force_login(police)
    assert client.get(path.format(pk=restricted.pk)).status_code == 200
    reads = list(ObservationAccess.objects.values_list("observation_id", "user_id", "via"))
    assert reads == [(restricted.pk, police.pk, via)]  # the ordinary row is not logged


def test_a_page_of_restricted_observations_is_logged_in_one_insert(client, police, areas, guard):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(30):
        ObservationFactory(reporter=guard, restricted=True)
    client.force_login(police)
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/observations/")
    inserts = [q for q in queries.captured_queries
               if q["sql"].startswith('INSERT INTO "observations_observationaccess"')]
    assert len(inserts) == 1 and ObservationAccess.objects.count() == 30


def test_only_administrators_read_the_read_log(client, police, coordinator, admin_user,
                                               restricted):
    from observations import services

    services.record_read(observations=[restricted], user=police, via="page")
    assert ObservationAccess.objects.visible_to(coordinator).count() == 0
    assert ObservationAccess.objects.visible_to(admin_user).count() == 1
    coordinator.is_staff = True
    coordinator.save()
    client.force_login(coordinator)
    assert client.get("/admin/observations/observationaccess/").status_code == 403
    client.force_login(admin_user)
    assert client.get("/admin/observations/observationaccess/").status_code == 200


def test_the_reporter_still_sees_their_own_restricted_observation(client, areas, guard):
    own = ObservationFactory(reporter=guard, restricted=True)
    client.force_login(guard)
    assert client.get(f"/observationer/{own.pk}/").status_code == 200


def test_a_user_without_organisation_sees_nothing(client, django_user_model, ordinary):
    client.force_login(django_user_model.objects.create_user("ensam", password="x"))
    assert client.get(f"/observationer/{ordinary.pk}/").status_code == 404


def test_pages_need_a_login(client, ordinary):
    response = client.get("/observationer/")
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]
    assert client.get("/api/v1/observations/").status_code in (401, 403)
