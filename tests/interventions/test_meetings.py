"""The weekly EST meeting: opened from the lägesbild, an agenda that fills itself, decisions
that become insatser, minutes as a page and a PDF."""

import io
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from observations.interventions import agenda as agendas, services
from observations.interventions.models import Decision, EstMeeting, Intervention
from observations.situation import services as report_services
from trygghet.weeks import shift_week, week_bounds, week_of

from ..factories import ObservationFactory

pytestmark = pytest.mark.django_db

THIS_WEEK = week_of()
LAST_WEEK = shift_week(*THIS_WEEK, -1)


@pytest.fixture
def flagged_week(areas, reporter):
    """Last week: a rise at Kungsängen station (flagged markant) and a restricted serious
    observation in Råby; compiled."""
    start, _end = week_bounds(*LAST_WEEK)
    for hours in range(20, 140, 15):
        ObservationFactory(reporter=reporter, area=areas["Kungsängen station"],
                           occurred_at=start + timedelta(hours=hours))
    ObservationFactory(reporter=reporter, area=areas["Råby"], severity="high", restricted=True,
                       occurred_at=start + timedelta(hours=30))
    return report_services.compile_now(year=LAST_WEEK[0], week=LAST_WEEK[1]).report


def url(year, week, suffix=""):
    return f"/insatser/moten/{year}-W{week}/{suffix}"


def test_the_lagesbild_links_to_the_meeting_that_goes_through_it(client, coordinator,
                                                                 flagged_week):
    client.force_login(coordinator)
    page = client.get(f"/lagesbild/{flagged_week.pk}/").content.decode()
    assert f'href="{url(*THIS_WEEK)}"' in page and f"EST-möte vecka {THIS_WEEK[1]}" in page


def test_the_agenda_fills_itself_from_the_lagesbild_before_the_meeting_is_opened(
        client, coordinator, flagged_week):
    client.force_login(coordinator)
    response = client.get(url(*THIS_WEEK))
    agenda = response.context["agenda"]
    assert response.context["meeting"] is None
    assert [r["name"] for r in agenda.flagged_areas] == ["Kungsängen station"]
    assert agenda.flagged_areas[0]["flag"] == "up"
    assert len(agenda.serious) == 1  # restricted, and the coordinator may see it
    assert "Öppna mötet" in response.content.decode()


def test_a_coordinator_opens_the_meeting_and_records_a_decision_that_becomes_an_insats(
        client, coordinator, police, areas, intervention_types, flagged_week):
    client.force_login(coordinator)
    assert client.post(url(*THIS_WEEK, "oppna/")).status_code == 302
    meeting = EstMeeting.objects.get()
    deadline = timezone.localdate() + timedelta(days=5)
    data = {"text": "Gemensam insats vid Kungsängen station fredag kväll.",
            "type": intervention_types["gemensam-insats"].pk,
            "title": "Gemensam insats Kungsängen station", "responsible": police.pk,
            "planned_start": timezone.localdate().isoformat(),
            "planned_end": deadline.isoformat(), "areas": [areas["Kungsängen station"].pk],
            "submission": str(uuid.uuid4())}
    first = client.post(url(*THIS_WEEK, "beslut/"), data)
    client.post(url(*THIS_WEEK, "beslut/"), data)  # a double tap
    assert first.status_code == 302 and first["Location"].endswith("#decisions")
    decision = Decision.objects.get()
    insats = decision.intervention
    assert decision.meeting == meeting and insats.responsible == police
    assert insats.planned_end == deadline and insats.meeting == meeting
    page = client.get(url(*THIS_WEEK)).content.decode()
    assert "Gemensam insats Kungsängen station" in page and f"/insatser/{insats.pk}/" in page


def test_a_decision_alone_needs_no_insats_fields(client, coordinator):
    client.force_login(coordinator)
    services.open_meeting(year=THIS_WEEK[0], week=THIS_WEEK[1], by=coordinator)
    response = client.post(url(*THIS_WEEK, "beslut/"), {
        "text": "Nästa möte hålls i Kungsängen.", "only_decision": "on",
        "submission": str(uuid.uuid4())})
    assert response.status_code == 302
    assert Decision.objects.get().intervention is None and not Intervention.objects.exists()


def test_a_decision_with_a_missing_owner_keeps_what_was_typed(client, coordinator,
                                                              intervention_types):
    client.force_login(coordinator)
    services.open_meeting(year=THIS_WEEK[0], week=THIS_WEEK[1], by=coordinator)
    response = client.post(url(*THIS_WEEK, "beslut/"), {
        "text": "Extra ronder vid stationen.", "type": intervention_types["extra-vaktarrond"].pk,
        "title": "Extra ronder", "planned_start": timezone.localdate().isoformat(),
        "submission": str(uuid.uuid4())})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Välj vem som är ansvarig." in page and "Extra ronder vid stationen." in page
    assert not Decision.objects.exists()


def test_an_insats_left_open_is_on_every_following_agenda_until_it_is_done(
        coordinator, police, intervention_types):
    meeting = services.open_meeting(year=LAST_WEEK[0], week=LAST_WEEK[1], by=coordinator)
    EstMeeting.objects.filter(pk=meeting.pk).update(
        opened_at=week_bounds(*LAST_WEEK)[0] + timedelta(hours=9))
    decided = services.record_decision(meeting=meeting, by=coordinator, text="Ronder.",
                                       intervention=dict(
                                           type=intervention_types["extra-vaktarrond"],
                                           title="Ronder vid stationen",
                                           planned_start=timezone.localdate(),
                                           planned_end=timezone.localdate(),
                                           responsible=police)).intervention
    Intervention.objects.filter(pk=decided.pk).update(
        created_at=week_bounds(*LAST_WEEK)[0] + timedelta(hours=10))
    assert decided.pk not in [i.pk for i in agendas.build(*LAST_WEEK, coordinator,
                                                          EstMeeting.objects.get()).carried_over]
    this_week = agendas.build(*THIS_WEEK, coordinator)
    next_week = agendas.build(*shift_week(*THIS_WEEK, 1), coordinator)
    assert decided.pk in [i.pk for i in this_week.carried_over]
    assert decided.pk in [i.pk for i in next_week.carried_over]
    services.change_status(intervention=decided, by=police, status="done", outcome="Klart.")
    later = agendas.build(*shift_week(*THIS_WEEK, 1), coordinator,
                          now=timezone.now() + timedelta(minutes=1))
    assert decided.pk not in [i.pk for i in later.carried_over]
    # The meeting of this week, opened before it was done, still shows it, and how it went.
    opened_before = services.open_meeting(year=THIS_WEEK[0], week=THIS_WEEK[1], by=coordinator)
    EstMeeting.objects.filter(pk=opened_before.pk).update(
        opened_at=timezone.now() - timedelta(minutes=5))
    opened_before.refresh_from_db()
    assert decided.pk in [i.pk for i in agendas.build(*THIS_WEEK, coordinator,
                                                      opened_before).carried_over]


def test_minutes_saved_from_a_stale_page_keep_what_was_typed(client, coordinator, police):
    client.force_login(coordinator)
    meeting = services.open_meeting(year=THIS_WEEK[0], week=THIS_WEEK[1], by=coordinator)
    seen = meeting.revision
    services.save_minutes(meeting=meeting, by=coordinator, held_on=meeting.held_on,
                          attendees=[], notes="Kollegans anteckningar", revision=seen)
    response = client.post(url(*THIS_WEEK, "protokoll/"), {
        "held_on": meeting.held_on.isoformat(), "notes": "Mina anteckningar", "revision": seen,
        "attendees": [police.membership.organisation.pk]})
    page = response.content.decode()
    assert response.status_code == 409
    assert "Mina anteckningar" in page and "Kollegans anteckningar" in page


def test_the_minutes_are_a_pdf_for_the_partners(client, coordinator, police, intervention_types,
                                                flagged_week):
    report_services.publish_report(report=flagged_week, by=coordinator, analysis="Ökning.",
                                   recommendations="")
    meeting = services.open_meeting(year=THIS_WEEK[0], week=THIS_WEEK[1], by=coordinator)
    services.save_minutes(meeting=meeting, by=coordinator, held_on=meeting.held_on,
                          attendees=[police.membership.organisation],
                          notes="Polisen redogjorde för helgen.")
    services.record_decision(meeting=meeting, by=coordinator, text="Extra ronder.",
                             intervention=dict(type=intervention_types["extra-vaktarrond"],
                                               title="Extra ronder vid stationen",
                                               planned_start=timezone.localdate(),
                                               planned_end=timezone.localdate(),
                                               responsible=police))
    client.force_login(police)
    response = client.get(url(*THIS_WEEK, "protokoll.pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text().split())
                    for p in PdfReader(io.BytesIO(response.content)).pages)
    assert f"EST-möte vecka {THIS_WEEK[1]}" in text and "Polisen redogjorde" in text
    assert "Extra ronder vid stationen" in text and "Kungsängen station" in text


def test_partners_read_the_meeting_but_only_coordinators_change_it(client, police):
    client.force_login(police)
    assert client.get(url(*THIS_WEEK)).status_code == 200
    assert client.post(url(*THIS_WEEK, "oppna/")).status_code == 403
    assert "Öppna mötet" not in client.get(url(*THIS_WEEK)).content.decode()
    assert client.get(url(*THIS_WEEK, "protokoll.pdf")).status_code == 404  # not opened


def test_a_meeting_far_ahead_or_in_a_week_that_does_not_exist_is_not_found(client, police):
    client.force_login(police)
    far = shift_week(*THIS_WEEK, 3)
    assert client.get(url(*far)).status_code == 404
    assert client.get("/insatser/moten/2026-W60/").status_code == 404


def test_the_meeting_list_shows_each_week(client, coordinator, police):
    services.open_meeting(year=LAST_WEEK[0], week=LAST_WEEK[1], by=coordinator)
    client.force_login(police)
    page = client.get("/insatser/moten/").content.decode()
    assert f"Vecka {LAST_WEEK[1]} {LAST_WEEK[0]}" in page
