"""The API for insatser and EST meetings: the same services and rules as the pages, errors as
field-level 400s in Swedish, 409 for stale changes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from observations.interventions.models import Decision, EstMeeting, Intervention
from trygghet.weeks import week_of

from ..factories import InterventionFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def body(types, owner, **extra):
    data = {"type": types["trygghetsvandring"].pk, "title": "Trygghetsvandring i Brunna",
            "planned_start": TODAY().isoformat(), "planned_end": TODAY().isoformat(),
            "responsible": owner.pk}
    data.update(extra)
    return data


def test_a_partner_system_plans_an_insats_once_with_an_idempotency_key(
        api, coordinator, police, areas, intervention_types):
    api.force_login(coordinator)
    data = body(intervention_types, police, areas=[areas["Brunna"].pk])
    first = api.post("/api/v1/interventions/", data, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    second = api.post("/api/v1/interventions/", data, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == second.status_code == 201
    assert second["Idempotent-Replayed"] == "true" and first.json() == second.json()
    insats = Intervention.objects.get()
    assert first.json()["responsible_organisation"] == "Polisen" and insats.created_by == coordinator


def test_only_coordinators_plan_and_are_told_so_before_the_body_is_read(api, police):
    api.force_login(police)
    response = api.post("/api/v1/interventions/", {"title": 1.5}, format="json")
    assert response.status_code == 403


@pytest.mark.parametrize("change, field, message", [
    ({"type": 1.5}, "type", "Ange ett id som ett heltal"),
    ({"responsible": 999999}, "responsible", "Det finns inget med id 999999."),
    ({"planned_start": "0001-01-01", "planned_end": "0001-01-02"}, "planned_start",
     "mellan 2000-01-01 och 2100-12-31"),
    ({"planned_end": "2000-01-01"}, "planned_end", "Slutdatum kan inte ligga före startdatum."),
    ({"title": ""}, "title", ""),
])
def test_bad_input_is_a_field_error_in_swedish(api, coordinator, police, intervention_types,
                                               change, field, message):
    api.force_login(coordinator)
    response = api.post("/api/v1/interventions/", body(intervention_types, police, **change),
                        format="json")
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])


def test_a_stale_change_is_refused_with_409(api, coordinator, guard, intervention_types):
    insats = InterventionFactory(responsible=guard)
    api.force_login(guard)
    seen = insats.revision
    assert api.patch(f"/api/v1/interventions/{insats.pk}/", {"title": "Ny", "revision": seen},
                     format="json").status_code == 200
    response = api.patch(f"/api/v1/interventions/{insats.pk}/",
                         {"title": "Min", "revision": seen}, format="json")
    assert response.status_code == 409 and response.json()["changed_by"]


def test_only_the_owner_and_coordinators_change_an_insats(api, police, guard, intervention_types):
    insats = InterventionFactory(responsible=guard)
    api.force_login(police)
    assert api.patch(f"/api/v1/interventions/{insats.pk}/", {"title": "x"},
                     format="json").status_code == 403
    assert api.post(f"/api/v1/interventions/{insats.pk}/status/", {"status": "ongoing"},
                    format="json").status_code == 403


def test_done_needs_an_outcome_in_the_api_too(api, guard, intervention_types):
    insats = InterventionFactory(responsible=guard)
    api.force_login(guard)
    response = api.post(f"/api/v1/interventions/{insats.pk}/status/", {"status": "done"},
                        format="json")
    assert response.status_code == 400 and "outcome" in response.json()
    response = api.post(f"/api/v1/interventions/{insats.pk}/status/",
                        {"status": "done", "outcome": "Tolv deltog."}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "done"


def test_the_api_list_uses_the_pages_filters(api, police, intervention_types):
    late = InterventionFactory(planned_start=TODAY() - timedelta(days=5),
                               planned_end=TODAY() - timedelta(days=1))
    InterventionFactory()
    api.force_login(police)
    rows = api.get("/api/v1/interventions/?overdue=true").json()["results"]
    assert [r["id"] for r in rows] == [late.pk] and rows[0]["overdue"] is True
    assert api.get("/api/v1/interventions/?active_from=0001-01-01").status_code == 400


def test_a_coordinator_opens_a_weeks_meeting_once_and_records_a_decision_once(
        api, coordinator, police, intervention_types):
    api.force_login(coordinator)
    year, week = week_of()
    first = api.post("/api/v1/est-meetings/", {"year": year, "week": week}, format="json")
    again = api.post("/api/v1/est-meetings/", {"year": year, "week": week}, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    meeting = EstMeeting.objects.get()
    assert first.json()["id"] == meeting.pk and "agenda" in first.json()
    decision = {"text": "Vandring i Brunna.", "intervention": body(intervention_types, police)}
    path = f"/api/v1/est-meetings/{meeting.pk}/decisions/"
    one = api.post(path, decision, format="json", HTTP_IDEMPOTENCY_KEY="d-1")
    two = api.post(path, decision, format="json", HTTP_IDEMPOTENCY_KEY="d-1")
    assert one.status_code == two.status_code == 201 and two["Idempotent-Replayed"] == "true"
    saved = Decision.objects.get()
    assert one.json()["intervention"] == saved.intervention_id
    assert saved.intervention.meeting == meeting


def test_meeting_minutes_in_the_api_refuse_a_stale_change(api, coordinator, police):
    api.force_login(coordinator)
    year, week = week_of()
    meeting = api.post("/api/v1/est-meetings/", {"year": year, "week": week},
                       format="json").json()
    path = f"/api/v1/est-meetings/{meeting['id']}/"
    polisen = police.membership.organisation.pk
    ok = api.patch(path, {"attendees": [polisen], "revision": meeting["revision"]}, format="json")
    assert ok.status_code == 200 and ok.json()["attendees"] == [polisen]
    stale = api.patch(path, {"notes": "Mina", "revision": meeting["revision"]}, format="json")
    assert stale.status_code == 409


def test_partners_read_meetings_but_do_not_open_them(api, police):
    api.force_login(police)
    year, week = week_of()
    assert api.post("/api/v1/est-meetings/", {"year": year, "week": week},
                    format="json").status_code == 403
    assert api.get("/api/v1/est-meetings/").status_code == 200


def test_a_meeting_in_a_week_that_does_not_exist_is_a_field_error(api, coordinator):
    api.force_login(coordinator)
    response = api.post("/api/v1/est-meetings/", {"year": 2025, "week": 53}, format="json")
    assert response.status_code == 400 and "Vecka 53 finns inte år 2025" in response.json()["week"][0]
