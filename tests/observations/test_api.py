from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from observations.models import Category, Observation

from ..factories import BRO_CENTRUM, ObservationFactory

pytestmark = pytest.mark.django_db


def payload(**overrides):
    data = {
        "category": Category.objects.get(slug="klotter").pk,
        "occurred_at": (timezone.now() - timedelta(hours=3)).isoformat(),
        "latitude": BRO_CENTRUM[0], "longitude": BRO_CENTRUM[1],
        "description": "Tags på elskåpet.", "severity": "low",
    }
    data.update(overrides)
    return data


def test_a_partner_system_logs_with_a_token(api, areas, guard):
    token = Token.objects.create(user=guard)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.post("/api/v1/observations/", payload(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["area_name"] == "Bro centrum" and body["organisation"] == "Trygg Bevakning AB"
    assert Observation.objects.get().reporter == guard


@pytest.mark.parametrize("overrides", [
    {},                                                        # a point in a named area
    {"latitude": 59.57, "longitude": 17.45},                   # in the municipality, no area
    {"latitude": None, "longitude": None, "area": "Tibble"},   # an area and no point
    {"people_count": 12, "restricted": True, "description": "Cirka 12 personer, åäö <b>",
     "place_description": "Vid torget", "severity": "high"},
])
def test_the_answer_to_a_logged_observation_is_the_serializers_own(api, areas, guard,
                                                                    overrides):
    """The create answers as the list does (observations.api.views.LIST_ROWS), not through the
    serializer's fields: every key and value as the serializer gives them for the stored row."""
    from observations.api.serializers import ObservationSerializer

    if "area" in overrides:
        overrides = {**overrides, "area": areas[overrides["area"]].pk}
    api.force_authenticate(guard)
    response = api.post("/api/v1/observations/", payload(**overrides), format="json")
    assert response.status_code == 201, response.json()
    stored = Observation.objects.select_related("category", "area", "organisation",
                                                "reporter").get()
    assert response.json() == dict(ObservationSerializer(stored).data)


@pytest.mark.parametrize("overrides, field, message", [
    ({"latitude": 59.33, "longitude": 18.06}, "latitude", "utanför kommunen"),
    ({"occurred_at": (timezone.now() + timedelta(days=1)).isoformat()}, "occurred_at",
     "framtiden"),
    ({"category": None}, "category", "Välj en kategori"),
    ({"description": "x" * 100_000}, "description", "högst 4000 tecken"),
    ({"latitude": None, "longitude": None}, "latitude", "kartan"),
])
def test_bad_input_is_a_400_with_a_swedish_field_error(api, areas, reporter, overrides, field,
                                                       message):
    api.force_login(reporter)
    response = api.post("/api/v1/observations/", payload(**overrides), format="json")
    assert response.status_code == 400
    assert any(message in m for m in response.json()[field]), response.json()
    assert not Observation.objects.exists()


def test_readers_cannot_log_through_the_api(api, areas, police):
    api.force_login(police)
    assert api.post("/api/v1/observations/", payload(), format="json").status_code == 403


def test_status_change_through_the_api(api, areas, reporter, coordinator):
    observation = ObservationFactory(reporter=reporter)
    api.force_login(reporter)
    url = f"/api/v1/observations/{observation.pk}/follow-up/"
    assert api.post(url, {"status": "resolved"}, format="json").status_code == 403
    api.force_login(coordinator)
    response = api.post(url, {"status": "resolved", "comment": "Sanerat."}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "resolved"
    again = api.post(url, {"status": "resolved"}, format="json")
    assert again.status_code == 400 and "status" in again.json()
    detail = api.get(f"/api/v1/observations/{observation.pk}/").json()
    assert [e["kind"] for e in detail["events"]] == ["status"]


def test_the_api_list_uses_the_page_filters(api, areas, reporter):
    ObservationFactory(reporter=reporter, severity="high")
    ObservationFactory(reporter=reporter, severity="low")
    api.force_login(reporter)
    results = api.get("/api/v1/observations/", {"severity": "high"}).json()["results"]
    assert [o["severity"] for o in results] == ["high"]
    bad = api.get("/api/v1/observations/", {"severity": "enorm"})
    assert bad.status_code == 400 and "severity" in bad.json()


def test_categories_are_listed(api, reporter):
    api.force_login(reporter)
    names = [c["name"] for c in api.get("/api/v1/categories/").json()]
    assert "Belysning ur funktion" in names and len(names) == 12


def test_schema_and_docs_are_served_with_local_assets(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/observations/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs
    assert "cdn" not in docs.lower()
