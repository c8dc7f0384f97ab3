"""Every service that changes an insats, a meeting or a subscription writes exactly one audit
entry, in its own transaction."""

from datetime import date

import pytest
from django.db import transaction

from observations.interventions import services
from observations.interventions.models import Intervention, InterventionType
from trygghet import services as core_services
from trygghet.models import AuditEntry

from ..factories import ObservationFactory
from ..trygghet.test_audit import one_entry

pytestmark = pytest.mark.django_db


def planned(coordinator, owner, types):
    return services.create_intervention(
        by=coordinator, type=types["trygghetsvandring"], title="Trygghetsvandring i Råby",
        planned_start=date(2026, 10, 5), planned_end=date(2026, 10, 5), responsible=owner)


def test_intervention_writes(coordinator, guard, reporter, areas, intervention_types):
    insats, entry = one_entry(lambda: planned(coordinator, guard, intervention_types),
                              "intervention.created")
    assert entry.actor == coordinator and entry.object_id == str(insats.pk)
    assert entry.changes["responsible"] == "vaktare"
    _i, entry = one_entry(lambda: services.edit_intervention(
        intervention=insats, by=coordinator, title="Trygghetsvandring i Råby med boende",
        areas=[areas["Råby"]]), "intervention.edited")
    assert entry.changes["title"] == ["Trygghetsvandring i Råby",
                                      "Trygghetsvandring i Råby med boende"]
    assert entry.changes["areas"] == [[], [areas["Råby"].pk]]
    observation = ObservationFactory(reporter=reporter)
    _ids, entry = one_entry(lambda: services.link_observations(
        intervention=insats, by=coordinator, observations=[observation]),
        "intervention.observations_linked")
    assert entry.changes == {"added": [observation.pk]}
    _i, entry = one_entry(lambda: services.change_status(
        intervention=insats, by=guard, status="done", outcome="Tolv boende deltog."),
        "intervention.status_changed")
    assert entry.actor == guard and entry.changes == {"status": ["planned", "done"],
                                                      "outcome": "ändrad"}


def test_intervention_type_writes(coordinator):
    kind = InterventionType(name="Grannstödsbil", slug="grannstodsbil")
    one_entry(lambda: services.save_intervention_type(intervention_type=kind, by=coordinator),
              "intervention_type.created")
    kind.active = False
    _k, entry = one_entry(lambda: services.save_intervention_type(
        intervention_type=kind, by=coordinator), "intervention_type.changed")
    assert entry.changes == {"active": [True, False]}


def test_meeting_writes(coordinator, police, intervention_types):
    meeting, entry = one_entry(lambda: services.open_meeting(year=2026, week=41, by=coordinator),
                               "meeting.opened")
    assert entry.changes["week"] == "2026-W41"
    # Opening it again changes nothing, and says nothing.
    before = AuditEntry.objects.count()
    services.open_meeting(year=2026, week=41, by=coordinator)
    assert AuditEntry.objects.count() == before
    polisen = police.membership.organisation
    _m, entry = one_entry(lambda: services.save_minutes(
        meeting=meeting, by=coordinator, held_on=date(2026, 10, 6), attendees=[polisen],
        notes="Polisen redogjorde för helgen."), "meeting.minutes_saved")
    assert entry.changes["attendees"] == [[], [polisen.pk]] and entry.changes["notes"] == "ändrad"
    decision, entry = one_entry(lambda: services.record_decision(
        meeting=meeting, by=coordinator, text="Extra ronder vid Bro station.",
        intervention=dict(type=intervention_types["extra-vaktarrond"], title="Extra ronder",
                          planned_start=date(2026, 10, 9), planned_end=date(2026, 10, 11),
                          responsible=police)), "meeting.decision_recorded")
    assert entry.changes == {"number": 1, "intervention": decision.intervention_id}
    assert Intervention.objects.count() == 1


def test_subscription_writes(police, areas, categories):
    _s, entry = one_entry(lambda: services.save_subscription(
        user=police, alerts="immediate", areas=[areas["Bro centrum"]],
        categories=[categories["narkotika"]], weekly_digest=True), "subscription.changed")
    assert entry.actor == police
    assert entry.changes["alerts"] == ["off", "immediate"]
    assert entry.changes["areas"] == [[], [areas["Bro centrum"].pk]]


def test_a_decision_that_rolls_back_leaves_no_entry(coordinator, police, intervention_types):
    meeting = services.open_meeting(year=2026, week=41, by=coordinator)
    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            services.record_decision(meeting=meeting, by=coordinator, text="Vandring.")
            raise RuntimeError("fel efter beslutet")
    assert AuditEntry.objects.count() == before and not meeting.decisions.exists()


def test_opening_the_start_page_is_a_read_marker_without_an_entry(coordinator):
    before = AuditEntry.objects.count()
    core_services.mark_visited(user=coordinator, name="start")
    core_services.mark_visited(user=coordinator, name="start")
    assert AuditEntry.objects.count() == before
