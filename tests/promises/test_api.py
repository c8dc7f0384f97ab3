"""The promises and dialogues API: partners read, coordinators write through the same
services as the pages; bad input is a 400 with a Swedish message on the field."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from observations.models import Observation
from promises.models import Promise

from ..conftest import as_user
from .conftest import JOINT, PERIOD

pytestmark = pytest.mark.django_db


def test_a_partner_reads_promises_with_each_commitments_progress(api, guard, promise,
                                                                 commitments, make_insats, areas):
    make_insats([areas["Bro centrum"]], count=2)
    response = as_user(api, guard).get("/api/v1/promises/")
    assert response.status_code == 200
    (row,) = response.json()["results"]
    joint = next(c for c in row["commitments"] if c["id"] == commitments["joint"].pk)
    walks = next(c for c in row["commitments"] if c["id"] == commitments["walks"].pk)
    assert joint["progress"] == {"done": 2, "planned": 0, "target": 8, "percent": 25,
                                 "reached": False}
    assert walks["progress"] is None and walks["assessment"] == "not_assessed"


def test_a_partner_may_not_write(api, guard, promise):
    api = as_user(api, guard)
    assert api.post("/api/v1/promises/", {}, format="json").status_code == 403
    assert api.post(f"/api/v1/promises/{promise.pk}/status/", {"status": "adopted"},
                    format="json").status_code == 403


def test_nobody_reads_without_logging_in(api, promise):
    assert api.get("/api/v1/promises/").status_code in (401, 403)
    assert api.get("/api/v1/dialogues/").status_code in (401, 403)


def test_a_coordinator_makes_a_promise_adds_a_commitment_and_adopts_it(
        api, coordinator, agreement, areas, intervention_types):
    api = as_user(api, coordinator)
    created = api.post("/api/v1/promises/", {
        "agreement": agreement.pk, "title": "Löfte via API",
        "period_start": PERIOD[0].isoformat(), "period_end": PERIOD[1].isoformat(),
        "areas": [areas["Bro centrum"].pk]}, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    commitment = api.post(f"/api/v1/promises/{pk}/commitments/", {
        "text": JOINT, "kind": "countable", "target": 8, "joint": True,
        "types": [intervention_types["gemensam-insats"].pk]}, format="json")
    assert commitment.status_code == 201
    assert commitment.json()["progress"]["target"] == 8
    adopted = api.post(f"/api/v1/promises/{pk}/status/", {"status": "adopted"}, format="json")
    assert adopted.status_code == 200 and adopted.json()["status"] == "adopted"
    assert adopted.json()["public_page"] == f"/medborgarloften/{pk}/"


def test_bad_input_is_a_field_error_in_swedish(api, coordinator, agreement, promise):
    api = as_user(api, coordinator)
    response = api.post("/api/v1/promises/", {
        "agreement": agreement.pk, "title": "Fel", "period_start": PERIOD[1].isoformat(),
        "period_end": PERIOD[0].isoformat()}, format="json")
    assert response.status_code == 400
    assert response.json() == {"period_end": ["Slutdatum kan inte ligga före startdatum."]}
    response = api.post(f"/api/v1/promises/{promise.pk}/commitments/",
                        {"text": "Utan mål", "kind": "countable"}, format="json")
    assert response.status_code == 400
    assert response.json()["target"] == ["Ange hur många insatser löftet gäller, till exempel 8."]
    response = api.post(f"/api/v1/promises/{promise.pk}/status/", {"status": "adopted"},
                        format="json")
    assert response.json() == {"status": ["Lägg till löftets åtaganden innan det antas."]}


def test_a_stale_change_is_a_409(api, coordinator, promise):
    api = as_user(api, coordinator)
    seen = promise.revision
    assert api.patch(f"/api/v1/promises/{promise.pk}/", {"title": "Först", "revision": seen},
                     format="json").status_code == 200
    response = api.patch(f"/api/v1/promises/{promise.pk}/", {"title": "Sist", "revision": seen},
                         format="json")
    assert response.status_code == 409
    assert Promise.objects.get().title == "Först"


def test_a_follow_up_must_be_on_the_promises_own_commitment(api, coordinator, promise,
                                                            commitments, agreement):
    from promises import services

    other = services.save_promise(by=coordinator, agreement=agreement, title="Annat",
                                  period_start=PERIOD[0], period_end=PERIOD[1])
    api = as_user(api, coordinator)
    response = api.post(f"/api/v1/promises/{other.pk}/follow-ups/", {
        "commitment": commitments["walks"].pk, "text": "Fel löfte."}, format="json")
    assert response.status_code == 400 and "commitment" in response.json()
    response = api.post(f"/api/v1/promises/{promise.pk}/follow-ups/", {
        "commitment": commitments["walks"].pk, "text": "Rätt löfte.", "public": True},
        format="json")
    assert response.status_code == 201 and response.json()["public"] is True


def test_the_promise_list_takes_the_same_queries_for_10_and_500_insatser(
        api, guard, promise, commitments, make_insats, areas):
    api = as_user(api, guard)

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert api.get("/api/v1/promises/").status_code == 200
        return len(context.captured_queries)

    make_insats([areas["Bro centrum"]], count=10)
    with_10 = queries()
    make_insats([areas["Bro centrum"]], count=490, type="narkotikainsats")
    assert queries() == with_10


def test_a_walk_recorded_through_the_api_logs_its_findings_as_observations(
        api, coordinator, areas, categories):
    api = as_user(api, coordinator)
    held_at = (timezone.now() - timedelta(days=1)).replace(microsecond=0)
    created = api.post("/api/v1/dialogues/", {
        "kind": "trygghetsvandring", "title": "Vandring i Råby", "held_at": held_at.isoformat(),
        "area": areas["Råby"].pk, "participants": 9}, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    finding = api.post(f"/api/v1/dialogues/{pk}/findings/", {
        "text": "Lampan vid gångtunneln är trasig", "category": categories["belysning"].pk},
        format="json")
    assert finding.status_code == 201
    logged = api.post(f"/api/v1/dialogues/{pk}/log-findings/")
    assert logged.status_code == 200
    observation = Observation.objects.get()
    assert logged.json()["walk_findings"][0]["observation"] == observation.pk
    assert observation.occurred_at == held_at and observation.area == areas["Råby"]


def test_a_dialogue_with_an_impossible_time_is_a_field_error(api, coordinator):
    response = as_user(api, coordinator).post("/api/v1/dialogues/", {
        "kind": "enkat", "title": "Enkät", "held_at": "0001-01-01T00:00:00+01:00"},
        format="json")
    assert response.status_code == 400 and "held_at" in response.json()
