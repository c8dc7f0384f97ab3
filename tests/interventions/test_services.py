"""Planning, following up and deciding insatser: the services every interface calls."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from observations.interventions import services
from observations.interventions.models import Decision, EstMeeting, Intervention
from trygghet.errors import DomainError, StaleEdit
from trygghet.models import AuditEntry
from trygghet.weeks import shift_week, week_bounds, week_of

from ..factories import InterventionFactory, ObservationFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def plan(by, owner, types, **fields):
    values = dict(type=types["extra-vaktarrond"], title="Extra väktarronder vid Bro station",
                  planned_start=TODAY(), planned_end=TODAY() + timedelta(days=6),
                  responsible=owner)
    values.update(fields)
    return services.create_intervention(by=by, **values)


def test_a_coordinator_plans_an_insats_owned_by_a_partner_and_their_organisation(
        coordinator, guard, areas, intervention_types):
    insats = plan(coordinator, guard, intervention_types, areas=[areas["Bro station"]],
                  organisations=[guard.membership.organisation])
    assert insats.responsible == guard
    assert insats.responsible_organisation.name == "Trygg Bevakning AB"
    assert insats.status == "planned" and insats.closed_at is None
    assert list(insats.areas.all()) == [areas["Bro station"]]


def test_only_coordinators_plan_insatser(reporter, guard, intervention_types):
    with pytest.raises(PermissionDenied):
        plan(reporter, guard, intervention_types)


def test_an_insats_cannot_end_before_it_starts(coordinator, guard, intervention_types):
    with pytest.raises(ValidationError) as error:
        plan(coordinator, guard, intervention_types, planned_end=TODAY() - timedelta(days=1))
    assert "Slutdatum kan inte ligga före startdatum." in error.value.message_dict["planned_end"]


@pytest.mark.parametrize("day", [date(1, 1, 1), date(9999, 12, 31)])
def test_dates_outside_the_years_the_system_handles_are_field_errors(
        coordinator, guard, intervention_types, day):
    with pytest.raises(ValidationError) as error:
        plan(coordinator, guard, intervention_types, planned_start=day, planned_end=day)
    assert "mellan 2000-01-01 och 2100-12-31" in str(error.value.message_dict)


def test_an_edit_records_what_changed_in_its_areas_and_organisations(
        coordinator, guard, areas, intervention_types):
    insats = plan(coordinator, guard, intervention_types, areas=[areas["Råby"]])
    services.edit_intervention(intervention=insats, by=coordinator,
                               areas=[areas["Tibble"], areas["Brunna"], areas["Råby"]],
                               organisations=[guard.membership.organisation])
    assert set(insats.areas.all()) == {areas["Tibble"], areas["Brunna"], areas["Råby"]}
    entry = AuditEntry.objects.filter(verb="intervention.edited").get()
    assert entry.changes["areas"] == [[areas["Råby"].pk], sorted(
        a.pk for a in (areas["Tibble"], areas["Brunna"], areas["Råby"]))]
    assert "organisations" in entry.changes and "title" not in entry.changes


def test_a_retired_type_cannot_be_chosen_but_stays_on_old_insatser(
        coordinator, guard, intervention_types):
    insats = plan(coordinator, guard, intervention_types)
    retired = intervention_types["extra-vaktarrond"]
    retired.active = False
    retired.save()
    services.edit_intervention(intervention=insats, by=coordinator, title="Nytt namn")
    with pytest.raises(ValidationError) as error:
        plan(coordinator, guard, intervention_types)
    assert "type" in error.value.message_dict


def test_marking_an_insats_done_asks_for_its_outcome(coordinator, guard, intervention_types):
    insats = plan(coordinator, guard, intervention_types)
    with pytest.raises(ValidationError) as error:
        services.change_status(intervention=insats, by=guard, status="done", outcome="  ")
    assert "outcome" in error.value.message_dict
    insats = services.change_status(intervention=insats, by=guard, status="done",
                                    outcome="Sex ronder, lugnt vid stationen.")
    assert insats.status == "done" and insats.closed_at is not None
    reopened = services.change_status(intervention=insats, by=coordinator, status="ongoing")
    assert reopened.closed_at is None


def test_only_the_owner_and_coordinators_change_an_insats(coordinator, guard, reporter,
                                                          intervention_types):
    insats = plan(coordinator, guard, intervention_types)
    with pytest.raises(PermissionDenied):
        services.change_status(intervention=insats, by=reporter, status="ongoing")
    with pytest.raises(PermissionDenied):
        services.edit_intervention(intervention=insats, by=reporter, title="Min")
    services.change_status(intervention=insats, by=guard, status="ongoing")


def test_a_change_from_a_stale_page_is_refused(coordinator, guard, intervention_types):
    insats = plan(coordinator, guard, intervention_types)
    seen = insats.revision
    services.edit_intervention(intervention=insats, by=coordinator, title="Kollegans rubrik",
                               revision=seen)
    with pytest.raises(StaleEdit):
        services.change_status(intervention=insats, by=guard, status="ongoing", revision=seen)
    insats.refresh_from_db()
    assert insats.title == "Kollegans rubrik" and insats.status == "planned"


def test_nobody_links_an_observation_they_cannot_see(coordinator, guard, reporter, areas,
                                                     intervention_types):
    restricted = ObservationFactory(reporter=reporter, restricted=True)
    insats = plan(coordinator, guard, intervention_types)
    with pytest.raises(DomainError) as error:
        services.link_observations(intervention=insats, by=guard, observations=[restricted])
    assert error.value.field == "observations"
    assert f"nummer {restricted.pk}" in error.value.message  # as if it did not exist
    assert services.link_observations(intervention=insats, by=coordinator,
                                      observations=[restricted]) == [restricted.pk]


def test_an_owner_who_cannot_see_a_restricted_link_keeps_it_when_editing(
        coordinator, guard, reporter, areas, intervention_types):
    restricted = ObservationFactory(reporter=reporter, restricted=True)
    ordinary = ObservationFactory(reporter=reporter)
    other = ObservationFactory(reporter=reporter)
    insats = plan(coordinator, guard, intervention_types, observations=[restricted, ordinary])
    services.edit_intervention(intervention=insats, by=guard, observations=[other])
    assert set(insats.observations.values_list("pk", flat=True)) == {restricted.pk, other.pk}


def test_overdue_insatser_are_the_open_ones_past_their_day(guard, intervention_types):
    today = TODAY()
    late = InterventionFactory(planned_start=today - timedelta(days=9),
                               planned_end=today - timedelta(days=1))
    InterventionFactory(planned_start=today - timedelta(days=9), planned_end=today)
    InterventionFactory(planned_start=today - timedelta(days=9),
                        planned_end=today - timedelta(days=1), status="done", outcome="Klart")
    InterventionFactory(planned_start=today - timedelta(days=9),
                        planned_end=today - timedelta(days=1), status="cancelled")
    assert list(Intervention.objects.overdue(today)) == [late]
    assert late.is_overdue(today)


def test_a_meeting_is_opened_once_per_week(coordinator):
    year, week = week_of()
    first = services.open_meeting(year=year, week=week, by=coordinator)
    second = services.open_meeting(year=year, week=week, by=coordinator)
    assert first == second and EstMeeting.objects.count() == 1
    assert first.held_on == TODAY()


def test_a_meeting_may_be_opened_a_week_ahead_but_no_further(coordinator):
    year, week = shift_week(*week_of(), 1)
    assert services.open_meeting(year=year, week=week, by=coordinator).held_on.isocalendar()[1] == week
    with pytest.raises(DomainError) as error:
        services.open_meeting(year=year, week=week + 1 if week < 52 else 1,
                              by=coordinator)
    assert "högst en vecka i förväg" in error.value.message


def test_only_coordinators_open_meetings(police):
    with pytest.raises(PermissionDenied):
        services.open_meeting(year=2026, week=40, by=police)


def test_a_decision_becomes_an_insats_with_owner_and_deadline_in_one_step(
        coordinator, police, areas, intervention_types):
    meeting = services.open_meeting(year=2026, week=40, by=coordinator)
    first = services.record_decision(meeting=meeting, by=coordinator,
                                     text="Nästa möte hålls i Kungsängen.")
    decision = services.record_decision(
        meeting=meeting, by=coordinator, text="Gemensam insats vid Kungsängen station.",
        intervention=dict(type=intervention_types["gemensam-insats"],
                          title="Gemensam insats Kungsängen station",
                          planned_start=date(2026, 10, 2), planned_end=date(2026, 10, 9),
                          responsible=police, areas=[areas["Kungsängen station"]]))
    assert (first.number, decision.number) == (1, 2) and first.intervention is None
    insats = decision.intervention
    assert insats.meeting == meeting and insats.responsible == police
    assert insats.planned_end == date(2026, 10, 9)
    assert insats.responsible_organisation == police.membership.organisation


def test_a_decision_whose_insats_is_invalid_leaves_nothing(coordinator, police,
                                                          intervention_types):
    meeting = services.open_meeting(year=2026, week=40, by=coordinator)
    with pytest.raises(ValidationError):
        services.record_decision(meeting=meeting, by=coordinator, text="Vandring.", intervention=dict(
            type=intervention_types["trygghetsvandring"], title="Vandring",
            planned_start=date(2026, 10, 9), planned_end=date(2026, 10, 2), responsible=police))
    assert not Decision.objects.exists() and not Intervention.objects.exists()


def test_minutes_saved_from_a_stale_page_are_refused(coordinator, police):
    meeting = services.open_meeting(year=2026, week=40, by=coordinator)
    seen = meeting.revision
    polisen = police.membership.organisation
    services.save_minutes(meeting=meeting, by=coordinator, held_on=date(2026, 9, 29),
                          attendees=[polisen], notes="Kollegans anteckningar", revision=seen)
    with pytest.raises(StaleEdit):
        services.save_minutes(meeting=meeting, by=coordinator, held_on=date(2026, 9, 29),
                              attendees=[], notes="Mina", revision=seen)
    meeting.refresh_from_db()
    assert meeting.notes == "Kollegans anteckningar" and list(meeting.attendees.all()) == [polisen]


def test_a_meeting_day_outside_its_week_is_refused(coordinator):
    meeting = services.open_meeting(year=2026, week=40, by=coordinator)
    with pytest.raises(ValidationError) as error:
        services.save_minutes(meeting=meeting, by=coordinator, held_on=date(2026, 10, 9),
                              attendees=[], notes="")
    assert "held_on" in error.value.message_dict


def test_insatser_open_at_a_moment_are_carried_over_until_done_or_cancelled(intervention_types):
    start, _end = week_bounds(*week_of())
    before = start - timedelta(days=3)
    still_open = InterventionFactory(created_at=before)
    done_this_week = InterventionFactory(created_at=before, status="done", outcome="Klart",
                                         closed_at=start + timedelta(hours=2))
    InterventionFactory(created_at=before, status="cancelled", closed_at=start - timedelta(days=1))
    InterventionFactory(created_at=start + timedelta(hours=1))
    assert set(Intervention.objects.open_at(start)) == {still_open, done_this_week}

