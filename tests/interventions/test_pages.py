"""The insats pages: list, week, one insats, the forms, the quarter, subscriptions."""

import uuid
from datetime import date, timedelta

import pytest
from django.utils import timezone

from observations.interventions import services
from observations.interventions.models import Intervention, Subscription
from trygghet.weeks import week_of

from ..factories import InterventionFactory, ObservationFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def form_data(types, owner, **extra):
    data = {"type": types["extra-vaktarrond"].pk, "title": "Extra väktarronder vid Bro station",
            "responsible": owner.pk, "planned_start": TODAY().isoformat(),
            "planned_end": (TODAY() + timedelta(days=3)).isoformat(),
            "submission": str(uuid.uuid4())}
    data.update(extra)
    return data


def test_every_partner_sees_the_list_and_filters_it(client, guard, areas, intervention_types):
    bro = InterventionFactory(title="Vandring i Bro centrum", areas=[areas["Bro centrum"]])
    InterventionFactory(title="Vandring i Tibble", areas=[areas["Tibble"]])
    client.force_login(guard)
    page = client.get("/insatser/").content.decode()
    assert "Vandring i Bro centrum" in page and "Vandring i Tibble" in page
    # Choosing Bro finds what is in Bro centrum, as the observation list does.
    page = client.get(f"/insatser/?area={areas['Bro'].pk}").content.decode()
    assert f"/insatser/{bro.pk}/" in page and "Vandring i Tibble" not in page
    # On a phone the results come first: the panel is closed and says what is filtered.
    assert '<details class="filters">' in page and "(1 aktivt: Område: Bro)" in page


def test_a_filter_with_nonsense_is_a_page_not_an_error(client, guard, intervention_types):
    client.force_login(guard)
    response = client.get("/insatser/?active_from=9999-99-99&area=abc&status=x&page=-1")
    assert response.status_code == 200
    assert "Ange ett datum som ÅÅÅÅ-MM-DD." in response.content.decode()
    assert '<details class="filters" open>' in response.content.decode()  # to be corrected


def test_the_overdue_filter_and_my_insatser(client, guard, police, intervention_types):
    late = InterventionFactory(responsible=guard, title="Sen insats",
                               planned_start=TODAY() - timedelta(days=9),
                               planned_end=TODAY() - timedelta(days=2))
    InterventionFactory(responsible=police, title="Polisens insats")
    client.force_login(guard)
    page = client.get("/insatser/?overdue=on").content.decode()
    assert f"/insatser/{late.pk}/" in page and "Polisens insats" not in page and "Försenad" in page
    page = client.get("/insatser/?mine=on").content.decode()
    assert "Sen insats" in page and "Polisens insats" not in page
    assert "(1 aktivt: Bara mina)" in page
    # As the API's booleans: 0 and false filter nothing, anything else is refused.
    for off in ("0", "false"):
        page = client.get(f"/insatser/?overdue={off}").content.decode()
        assert "Sen insats" in page and "Polisens insats" in page
    api = client.get("/api/v1/interventions/", {"overdue": "nej"})
    assert api.status_code == 400 and api.json()["overdue"] == ["Ange true eller false."]
    listed = client.get("/api/v1/interventions/", {"overdue": "1"}).json()["results"]
    assert [row["title"] for row in listed] == ["Sen insats"]


def test_a_coordinator_plans_an_insats_once_however_often_the_form_is_sent(
        client, coordinator, guard, areas, intervention_types):
    client.force_login(coordinator)
    data = form_data(intervention_types, guard, areas=[areas["Bro station"].pk])
    first = client.post("/insatser/ny/", data)
    second = client.post("/insatser/ny/", data)
    insats = Intervention.objects.get()
    assert first["Location"] == second["Location"] == f"/insatser/{insats.pk}/"
    assert insats.responsible == guard and list(insats.areas.all()) == [areas["Bro station"]]


def test_a_form_with_errors_keeps_what_was_typed(client, coordinator, guard, intervention_types):
    client.force_login(coordinator)
    response = client.post("/insatser/ny/", form_data(
        intervention_types, guard, title="Min rubrik", planned_end="2000-01-01"))
    page = response.content.decode()
    assert response.status_code == 200 and "Min rubrik" in page
    assert "Slutdatum kan inte ligga före startdatum." in page
    assert not Intervention.objects.exists()


def test_only_coordinators_reach_the_create_form(client, police):
    client.force_login(police)
    assert client.get("/insatser/ny/").status_code == 403


def test_an_insats_planned_from_an_observation_answers_it(client, coordinator, reporter, guard,
                                                          areas, intervention_types):
    observation = ObservationFactory(reporter=reporter, area=areas["Råby"])
    client.force_login(coordinator)
    page = client.get(f"/insatser/ny/?observation={observation.pk}").content.decode()
    assert f'value="{observation.pk}"' in page
    client.post("/insatser/ny/", form_data(intervention_types, guard,
                                           observations=[observation.pk]))
    assert list(Intervention.objects.get().observations.all()) == [observation]


def test_marking_done_without_an_outcome_is_refused_and_keeps_the_choice(
        client, coordinator, guard, intervention_types):
    insats = InterventionFactory(responsible=guard)
    client.force_login(guard)
    response = client.post(f"/insatser/{insats.pk}/status/", {
        "status": "done", "outcome": "", "revision": insats.revision})
    assert response.status_code == 400
    assert "Beskriv resultatet" in response.content.decode()
    response = client.post(f"/insatser/{insats.pk}/status/", {
        "status": "done", "outcome": "Fyra ronder, lugnt.", "revision": insats.revision})
    assert response.status_code == 302
    insats.refresh_from_db()
    assert insats.status == "done" and insats.outcome == "Fyra ronder, lugnt."


def test_an_edit_from_a_stale_page_shows_what_changed_and_keeps_what_was_typed(
        client, coordinator, guard, intervention_types):
    insats = InterventionFactory(responsible=guard, title="Från början")
    seen = insats.revision
    services.edit_intervention(intervention=insats, by=coordinator, title="Kollegans rubrik")
    client.force_login(guard)
    response = client.post(f"/insatser/{insats.pk}/andra/", form_data(
        intervention_types, guard, title="Min rubrik", revision=seen))
    page = response.content.decode()
    assert response.status_code == 409
    assert "Min rubrik" in page and "Kollegans rubrik" in page and "efter att du öppnade" in page


def test_the_week_shows_the_insatser_running_on_its_days(client, police, intervention_types):
    year, week = 2026, 45
    monday = date.fromisocalendar(year, week, 1)
    InterventionFactory(title="Hela veckan", planned_start=monday - timedelta(days=3),
                        planned_end=monday + timedelta(days=10))
    InterventionFactory(title="Onsdag", planned_start=monday + timedelta(days=2),
                        planned_end=monday + timedelta(days=2))
    InterventionFactory(title="Veckan efter", planned_start=monday + timedelta(days=7))
    client.force_login(police)
    response = client.get("/insatser/vecka/2026-W45/")
    page = response.content.decode()
    assert "Hela veckan" in page and "Onsdag 4/11" in page and "Veckan efter" not in page
    assert client.get("/insatser/vecka/2026-W54/").status_code == 404
    assert client.get("/insatser/vecka/").context["week"] == week_of()[1]


def test_the_quarter_counts_observations_and_insatser_per_area(client, police, reporter, areas,
                                                               intervention_types):
    moment = timezone.make_aware(timezone.datetime(2026, 5, 4, 20))
    for _ in range(3):
        ObservationFactory(reporter=reporter, area=areas["Råby"], occurred_at=moment)
    ObservationFactory(reporter=reporter, area=areas["Råby"], occurred_at=moment - timedelta(days=90))
    InterventionFactory(areas=[areas["Råby"]], planned_start=date(2026, 6, 1),
                        planned_end=date(2026, 6, 2), status="done", outcome="Klart")
    InterventionFactory(areas=[areas["Råby"]], planned_start=date(2026, 6, 1), status="cancelled")
    client.force_login(police)
    rows = client.get("/insatser/kvartal/?kvartal=2026-K2").context["rows"]
    raby = next(r for r in rows if r["name"] == "Råby")
    assert (raby["observations"], raby["previous"], raby["interventions"], raby["done"]) == (3, 1, 1, 1)
    response = client.get("/insatser/kvartal/?kvartal=våren")
    assert response.status_code == 400 and "till exempel 2026-K2" in response.content.decode()


def test_members_choose_their_alerts_and_digest(client, police, areas, categories):
    client.force_login(police)
    assert client.get("/insatser/bevakningar/").status_code == 200
    response = client.post("/insatser/bevakningar/", {
        "alerts": "daily", "areas": [areas["Bro station"].pk],
        "categories": [categories["narkotika"].pk], "weekly_digest": "on"})
    assert response.status_code == 302
    subscription = Subscription.objects.get(user=police)
    assert subscription.alerts == "daily" and subscription.weekly_digest
    assert list(subscription.areas.all()) == [areas["Bro station"]]
    response = client.post("/insatser/bevakningar/", {"alerts": "sometimes"})
    assert response.status_code == 400
