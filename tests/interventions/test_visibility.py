"""An insats is every partner's to read; the observations it answers are not. A guard never
learns of a restricted observation through an insats: not on its page, in the API, in a
meeting's agenda or minutes, nor in its before-and-after figures. The reporter of an
observation sees what answered it."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from observations.interventions import services
from observations.situation import services as report_services
from trygghet.weeks import shift_week, week_bounds, week_of

from ..factories import InterventionFactory, ObservationFactory

pytestmark = pytest.mark.django_db

THIS_WEEK = week_of()
LAST_WEEK = shift_week(*THIS_WEEK, -1)


@pytest.fixture
def restricted(areas, reporter):
    start, _end = week_bounds(*LAST_WEEK)
    return ObservationFactory(reporter=reporter, restricted=True, severity="high",
                              area=areas["Råby"], occurred_at=start + timedelta(hours=30),
                              description="Misstänkt langning vid entrén.")


@pytest.fixture
def ordinary(areas, reporter):
    start, _end = week_bounds(*LAST_WEEK)
    return ObservationFactory(reporter=reporter, area=areas["Råby"],
                              occurred_at=start + timedelta(hours=31))


@pytest.fixture
def insats(coordinator, guard, areas, intervention_types, restricted, ordinary):
    return services.create_intervention(
        by=coordinator, type=intervention_types["narkotikainsats"], title="Narkotikainsats i Råby",
        planned_start=timezone.localdate(), planned_end=timezone.localdate() + timedelta(days=3),
        responsible=guard, areas=[areas["Råby"]], observations=[restricted, ordinary])


def test_a_guard_sees_the_insats_but_not_its_restricted_observation_on_its_page(
        client, guard, police, insats, restricted, ordinary):
    client.force_login(guard)
    response = client.get(f"/insatser/{insats.pk}/")
    page = response.content.decode()
    assert response.status_code == 200 and "Narkotikainsats i Råby" in page
    assert f"/observationer/{ordinary.pk}/" in page
    assert f"/observationer/{restricted.pk}/" not in page
    assert [o.pk for o in response.context["intervention"].visible_observations] == [ordinary.pk]
    # Nor among the observations offered to link (the guard owns the insats).
    assert f'value="{restricted.pk}"' not in page
    client.force_login(police)
    assert f"/observationer/{restricted.pk}/" in client.get(f"/insatser/{insats.pk}/").content.decode()


def test_the_before_and_after_figures_count_only_what_the_reader_may_see(
        client, guard, police, insats):
    client.force_login(guard)
    guard_effect = client.get(f"/insatser/{insats.pk}/").context["effect"]
    client.force_login(police)
    police_effect = client.get(f"/insatser/{insats.pk}/").context["effect"]
    assert (guard_effect.before, police_effect.before) == (1, 2)


def test_a_guard_gets_no_trace_of_the_restricted_observation_in_the_api(
        api, guard, police, insats, restricted, ordinary):
    api.force_login(guard)
    assert api.get(f"/api/v1/interventions/{insats.pk}/").json()["observations"] == [ordinary.pk]
    listed = api.get("/api/v1/interventions/").json()["results"]
    assert [row["observations"] for row in listed] == [[ordinary.pk]]
    assert api.get(f"/api/v1/interventions/{insats.pk}/effect/").json()["before"] == 1
    # Naming it is answered as if it did not exist.
    response = api.patch(f"/api/v1/interventions/{insats.pk}/",
                         {"observations": [restricted.pk]}, format="json")
    assert response.status_code == 400
    assert response.json()["observations"] == [f"Det finns inget med id {restricted.pk}."]
    # Editing the links it can see leaves the one it cannot see in place.
    assert api.patch(f"/api/v1/interventions/{insats.pk}/", {"observations": []},
                     format="json").status_code == 200
    assert set(insats.observations.values_list("pk", flat=True)) == {restricted.pk}
    api.force_login(police)
    assert api.get(f"/api/v1/interventions/{insats.pk}/").json()["observations"] == [restricted.pk]


def meeting_with_agenda(coordinator, police, intervention_types, restricted):
    report = report_services.compile_now(year=LAST_WEEK[0], week=LAST_WEEK[1]).report
    report_services.publish_report(report=report, by=coordinator, analysis="Langning i Råby.",
                                   recommendations="")
    meeting = services.open_meeting(year=THIS_WEEK[0], week=THIS_WEEK[1], by=coordinator)
    services.record_decision(meeting=meeting, by=coordinator, text="Narkotikainsats.",
                             intervention=dict(
                                 type=intervention_types["narkotikainsats"],
                                 title="Insats mot langning", responsible=police,
                                 planned_start=timezone.localdate(),
                                 planned_end=timezone.localdate(), observations=[restricted]))
    return meeting


def test_a_guard_does_not_see_the_restricted_observation_in_a_meetings_agenda_or_minutes(
        client, api, guard, police, coordinator, intervention_types, restricted, ordinary):
    meeting = meeting_with_agenda(coordinator, police, intervention_types, restricted)
    path = f"/insatser/moten/{THIS_WEEK[0]}-W{THIS_WEEK[1]}/"
    for reader, trusted in ((guard, False), (police, True)):
        client.force_login(reader)
        response = client.get(path)
        page = response.content.decode()
        assert (f"/observationer/{restricted.pk}/" in page) is trusted
        assert len(response.context["agenda"].serious) == (1 if trusted else 0)
        # The decision's insats says how many observations it answers, of those one may see.
        assert ("svarar på 1 observation" in page) is trusted
        pdf = client.get(path + "protokoll.pdf").content
        text = " ".join(" ".join(p.extract_text().split())
                        for p in PdfReader(io.BytesIO(pdf)).pages)
        assert ("svarar på 1 observation" in text) is trusted
        assert ("Råby (Fältassistenterna)" in text) is trusted  # the serious row
        api.force_login(reader)
        agenda = api.get(f"/api/v1/est-meetings/{meeting.pk}/").json()["agenda"]
        assert [row["id"] for row in agenda["serious"]] == ([restricted.pk] if trusted else [])


def test_a_guard_does_not_see_the_restricted_observation_on_the_start_page(
        client, guard, coordinator, insats, restricted):
    client.force_login(guard)
    page = client.get("/").content.decode()
    assert "Narkotikainsats i Råby" in page  # the guard owns it
    assert f"/observationer/{restricted.pk}/" not in page
    client.force_login(coordinator)
    assert f"/observationer/{restricted.pk}/" in client.get("/").content.decode()


def test_the_reporter_sees_the_insats_that_answers_their_observation(
        client, reporter, insats, restricted, ordinary):
    client.force_login(reporter)
    for observation in (ordinary, restricted):  # their own restricted one too
        page = client.get(f"/observationer/{observation.pk}/").content.decode()
        assert "Narkotikainsats i Råby" in page and f"/insatser/{insats.pk}/" in page
    assert "Narkotikainsats i Råby" in client.get("/").content.decode()


def test_a_coordinator_links_an_observation_to_an_open_insats_from_its_page(
        client, coordinator, reporter, areas, intervention_types):
    observation = ObservationFactory(reporter=reporter, area=areas["Tibble"])
    open_one = InterventionFactory(title="Vuxennärvaro i Tibble")
    client.force_login(coordinator)
    page = client.get(f"/observationer/{observation.pk}/").content.decode()
    assert "Vuxennärvaro i Tibble" in page and "Planera en insats för observationen" in page
    response = client.post(f"/insatser/koppla/{observation.pk}/", {"intervention": open_one.pk})
    assert response.status_code == 302
    assert list(open_one.observations.all()) == [observation]
    client.force_login(reporter)
    assert "Planera en insats" not in client.get(f"/observationer/{observation.pk}/").content.decode()


def test_a_guard_refused_for_a_stale_edit_is_not_told_of_the_restricted_observations_linked(
        api, coordinator, guard, areas, insats, restricted, ordinary, reporter):
    """The refusal says what changed meanwhile (a 409 with `changes`), but not which
    restricted observations a coordinator linked: only those the guard may see."""
    api.force_login(guard)
    seen = api.get(f"/api/v1/interventions/{insats.pk}/").json()
    another = ObservationFactory(reporter=reporter, restricted=True, area=areas["Råby"])
    services.edit_intervention(intervention=insats, by=coordinator,
                               observations=[restricted, ordinary, another])
    for response in (
            api.patch(f"/api/v1/interventions/{insats.pk}/",
                      {"title": "Ny titel", "revision": seen["revision"]}, format="json"),
            api.post(f"/api/v1/interventions/{insats.pk}/status/",
                     {"status": "done", "outcome": "Klart", "revision": seen["revision"]},
                     format="json")):
        assert response.status_code == 409, response.content
        assert response.json()["changes"] == {"observations": [[ordinary.pk], [ordinary.pk]]}
