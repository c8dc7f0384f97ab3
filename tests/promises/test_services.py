"""Promises, commitments, follow-ups and dialogues through their services, with the audit
entry each writes."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from observations.models import Observation
from promises import services
from promises.models import Commitment, Promise
from trygghet.errors import DomainError, StaleEdit
from trygghet.models import AuditEntry

from ..trygghet.test_audit import one_entry
from .conftest import JOINT, YEAR

pytestmark = pytest.mark.django_db


def test_a_promise_lies_within_its_agreements_period(agreement, coordinator):
    with pytest.raises(ValidationError) as error:
        services.save_promise(by=coordinator, agreement=agreement, title="För tidigt",
                              period_start=date(2021, 1, 1), period_end=date(2021, 12, 31))
    assert "inom överenskommelsens" in error.value.message_dict["period_end"][0]


def test_a_promise_is_adopted_only_with_commitments(promise, coordinator):
    with pytest.raises(DomainError) as error:
        services.change_promise_status(by=coordinator, promise=promise, status="adopted")
    assert error.value.message == "Lägg till löftets åtaganden innan det antas."


def test_a_promise_goes_from_draft_to_adopted_to_followed_up(promise, commitments, coordinator):
    _p, entry = one_entry(lambda: services.change_promise_status(
        by=coordinator, promise=promise, status="adopted"), "promise.status_changed")
    assert entry.changes == {"status": ["draft", "adopted"]}
    promise.refresh_from_db()
    assert promise.adopted_on == timezone.localdate()
    services.change_promise_status(by=coordinator, promise=promise, status="followed_up")
    with pytest.raises(DomainError) as error:
        services.change_promise_status(by=coordinator, promise=promise, status="draft")
    assert error.value.message == "Ett löfte som är uppföljt kan inte bli utkast."


def test_a_stale_status_change_is_refused(promise, commitments, coordinator):
    seen = promise.revision
    services.save_promise(by=coordinator, promise=promise, revision=seen,
                          agreement=promise.agreement,
                          title="Nytt namn", period_start=promise.period_start,
                          period_end=promise.period_end)
    with pytest.raises(StaleEdit):
        services.change_promise_status(by=coordinator, promise=promise, status="adopted",
                                       revision=seen)


def test_a_countable_commitment_needs_a_target(promise, coordinator):
    with pytest.raises(ValidationError) as error:
        services.save_commitment(by=coordinator, promise=promise, text=JOINT, kind="countable")
    assert error.value.message_dict["target"] == [
        "Ange hur många insatser löftet gäller, till exempel 8."]


def test_a_commitments_period_lies_within_its_promises(promise, coordinator):
    with pytest.raises(ValidationError) as error:
        services.save_commitment(by=coordinator, promise=promise, text="Åtagande", kind="countable",
                                 target=2, period_start=date(YEAR - 1, 6, 1))
    assert "inom löftets period" in error.value.message_dict["period_start"][0]


def test_a_qualitative_commitment_keeps_no_counting_rule(promise, coordinator, areas,
                                                         intervention_types):
    commitment = services.save_commitment(
        by=coordinator, promise=promise, text="Nattvandringar.", kind="qualitative", target=3,
        joint=True, areas=[areas["Bro"]], types=[intervention_types["annan"]])
    assert (commitment.target, commitment.joint, commitment.areas.count(),
            commitment.types.count()) == (None, False, 0, 0)


def test_a_qualitative_commitment_is_assessed_by_hand_and_a_countable_one_is_not(
        commitments, coordinator):
    _c, entry = one_entry(lambda: services.assess_commitment(
        by=coordinator, commitment=commitments["walks"], assessment="ongoing"),
        "commitment.assessed")
    assert entry.changes == {"assessment": ["not_assessed", "ongoing"]}
    with pytest.raises(DomainError):
        services.assess_commitment(by=coordinator, commitment=commitments["joint"],
                                   assessment="fulfilled")


def test_a_follow_up_cannot_be_dated_in_the_future(commitments, coordinator):
    with pytest.raises(ValidationError) as error:
        services.add_follow_up(by=coordinator, commitment=commitments["walks"], text="Snart.",
                               written_on=timezone.localdate() + timedelta(days=2))
    assert error.value.message_dict["written_on"] == ["Datumet kan inte ligga i framtiden."]


def test_only_coordinators_write_promises(promise, police, commitments):
    with pytest.raises(PermissionDenied):
        services.add_follow_up(by=police, commitment=commitments["walks"], text="Polisen skriver.")


def test_each_promise_service_writes_one_audit_entry(agreement, coordinator, areas,
                                                     intervention_types):
    promise, entry = one_entry(lambda: services.save_promise(
        by=coordinator, agreement=agreement, title="Löfte", period_start=date(YEAR, 1, 1),
        period_end=date(YEAR, 12, 31), areas=[areas["Bro centrum"]]), "promise.created")
    _p, entry = one_entry(lambda: services.save_promise(
        by=coordinator, promise=promise, agreement=agreement, title="Löfte 2026",
        period_start=date(YEAR, 1, 1), period_end=date(YEAR, 12, 31),
        areas=[areas["Bro centrum"], areas["Bro station"]]), "promise.changed")
    assert entry.changes == {"title": ["Löfte", "Löfte 2026"],
                             "areas": [[areas["Bro centrum"].pk],
                                       sorted([areas["Bro centrum"].pk, areas["Bro station"].pk])]}
    commitment, _e = one_entry(lambda: services.save_commitment(
        by=coordinator, promise=promise, text=JOINT, kind="countable", target=8,
        types=[intervention_types["gemensam-insats"]], joint=True), "commitment.created")
    _c, entry = one_entry(lambda: services.save_commitment(
        by=coordinator, promise=promise, commitment=commitment, text=JOINT, kind="countable",
        target=10, types=[intervention_types["gemensam-insats"]], joint=True),
        "commitment.changed")
    assert entry.changes == {"target": [8, 10]}
    _f, entry = one_entry(lambda: services.add_follow_up(
        by=coordinator, commitment=commitment, text="Tre insatser genomförda.", public=True),
        "follow_up.added")
    assert entry.changes == {"commitment": commitment.pk, "public": True}


# Dialogues and a walk's findings

@pytest.fixture
def walk(coordinator, areas, promise):
    return services.save_dialogue(
        by=coordinator, kind="trygghetsvandring", title="Trygghetsvandring i Bro centrum",
        held_at=timezone.now() - timedelta(days=3), area=areas["Bro centrum"], participants=14,
        findings="Buskar skymmer gångvägen; lampan vid gångtunneln är trasig.", promise=promise)


def test_a_walks_findings_become_observations_in_one_step_with_its_place_and_time(
        walk, coordinator, categories, areas):
    services.add_finding(by=coordinator, dialogue=walk, text="Klipp buskarna vid gångvägen",
                         category=categories["otrygg-miljo"],
                         place_description="Gångvägen mot stationen")
    services.add_finding(by=coordinator, dialogue=walk, text="Lampan vid gångtunneln är trasig",
                         category=categories["belysning"])
    before = set(AuditEntry.objects.values_list("pk", flat=True))
    logged = services.log_findings(by=coordinator, dialogue=walk)
    verbs = sorted(AuditEntry.objects.exclude(pk__in=before).values_list("verb", flat=True))
    assert verbs == ["dialogue.findings_logged", "observation.logged", "observation.logged"]
    assert [(o.description, o.category.slug, o.occurred_at, o.area, o.placement, o.reporter)
            for o in logged] == [
        ("Klipp buskarna vid gångvägen", "otrygg-miljo", walk.held_at, areas["Bro centrum"],
         "area", coordinator),
        ("Lampan vid gångtunneln är trasig", "belysning", walk.held_at, areas["Bro centrum"],
         "area", coordinator)]
    assert logged[0].place_description == "Gångvägen mot stationen"
    assert set(walk.walk_findings.values_list("observation", flat=True)) == {o.pk for o in logged}
    with pytest.raises(DomainError) as error:
        services.log_findings(by=coordinator, dialogue=walk)
    assert error.value.message == "Alla fynd från vandringen finns redan i loggen."
    assert Observation.objects.count() == 2


def test_a_walk_at_a_point_logs_its_findings_at_that_point(coordinator, categories, areas):
    walk = services.save_dialogue(by=coordinator, kind="trygghetsvandring", title="Vandring",
                                  held_at=timezone.now() - timedelta(hours=5),
                                  latitude=59.5150, longitude=17.6360)
    services.add_finding(by=coordinator, dialogue=walk, text="Mörkt",
                         category=categories["belysning"])
    (observation,) = services.log_findings(by=coordinator, dialogue=walk)
    assert (observation.latitude, observation.longitude, observation.area) == (
        59.5150, 17.6360, areas["Bro centrum"])


def test_a_walk_older_than_the_logs_window_is_refused_and_keeps_its_findings(
        coordinator, categories, areas, settings):
    settings.OBSERVATION_MAX_AGE_DAYS = 30
    walk = services.save_dialogue(by=coordinator, kind="trygghetsvandring",
                                  title="Vandring i våras",
                                  held_at=timezone.now() - timedelta(days=40),
                                  area=areas["Råby"])
    services.add_finding(by=coordinator, dialogue=walk, text="Klotter",
                         category=categories["klotter"])
    with pytest.raises(DomainError) as error:
        services.log_findings(by=coordinator, dialogue=walk)
    assert "mer än 30 dagar bakåt" in error.value.message
    assert not Observation.objects.exists() and walk.walk_findings.count() == 1


def test_only_a_walk_takes_findings(coordinator, categories):
    survey = services.save_dialogue(by=coordinator, kind="enkat", title="Trygghetsenkät",
                                    held_at=timezone.now() - timedelta(days=20), participants=412)
    with pytest.raises(DomainError):
        services.add_finding(by=coordinator, dialogue=survey, text="Otryggt",
                             category=categories["otrygg-miljo"])


def test_a_walk_needs_a_place_and_a_dialogue_cannot_lie_ahead(coordinator):
    with pytest.raises(ValidationError) as error:
        services.save_dialogue(by=coordinator, kind="trygghetsvandring", title="Vandring",
                               held_at=timezone.now() + timedelta(days=1))
    assert set(error.value.message_dict) == {"held_at", "area"}


def test_a_point_outside_the_municipality_is_refused(coordinator, areas):
    with pytest.raises(ValidationError) as error:
        services.save_dialogue(by=coordinator, kind="trygghetsvandring", title="Vandring",
                               held_at=timezone.now() - timedelta(days=1),
                               latitude=57.7, longitude=11.97)
    assert "utanför kommunen" in error.value.message_dict["latitude"][0]


def test_dialogue_writes(coordinator, categories, walk, areas):
    one_entry(lambda: services.save_dialogue(
        by=coordinator, kind="stormote", title="Stormöte i Kungsängen",
        held_at=timezone.now() - timedelta(days=4), area=areas["Kungsängen centrum"],
        participants=38), "dialogue.created")
    _d, entry = one_entry(lambda: services.save_dialogue(
        by=coordinator, dialogue=walk, kind=walk.kind, title=walk.title, held_at=walk.held_at,
        area=walk.area, participants=16, findings=walk.findings, promise=walk.promise),
        "dialogue.changed")
    assert entry.changes == {"participants": [14, 16]}
    one_entry(lambda: services.add_finding(by=coordinator, dialogue=walk, text="Skräp",
                                           category=categories["nedskrapning"]),
              "dialogue.finding_added")


def test_the_promise_and_its_commitments_are_counted_in_the_models(promise, commitments):
    assert Promise.objects.get().commitments.count() == 3
    assert Commitment.objects.filter(kind="countable").count() == 2
