"""Every service that changes state writes exactly one audit entry, in its own transaction."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from observations import services as log
from observations.models import Category, Observation
from observations.situation import services as situation
from trygghet import audit, services as core
from trygghet.demo_geography import BOUNDARY
from trygghet.models import Area, AuditEntry, Membership, Organisation

from ..factories import BRO_CENTRUM, ObservationFactory, UserFactory

pytestmark = pytest.mark.django_db


def one_entry(call, verb):
    """Run the service; exactly one new entry with the verb."""
    before = set(AuditEntry.objects.values_list("pk", flat=True))
    result = call()
    new = list(AuditEntry.objects.exclude(pk__in=before))
    assert [entry.verb for entry in new] == [verb]
    return result, new[0]


def logged(reporter):
    return log.log_observation(
        reporter=reporter, category=Category.objects.get(slug="belysning"),
        occurred_at=timezone.now() - timedelta(hours=1), latitude=BRO_CENTRUM[0],
        longitude=BRO_CENTRUM[1], description="Lampa släckt.")


def test_area_writes(coordinator):
    area, entry = one_entry(lambda: core.save_area(
        name="Kommunen", kind="kommun", geometry=BOUNDARY, by=coordinator), "area.created")
    assert entry.actor == coordinator and entry.object_repr == "Kommunen"
    _area, entry = one_entry(lambda: core.save_area(
        area=area, name="Kommunen nu", kind="kommun", geometry=BOUNDARY, by=coordinator),
        "area.changed")
    assert entry.changes == {"name": ["Kommunen", "Kommunen nu"]}


def test_organisation_and_membership_writes(coordinator):
    organisation, entry = one_entry(lambda: core.save_organisation(
        organisation=Organisation(name="Nya vakter", kind="vaktare"), by=coordinator),
        "organisation.created")
    user, _entry = one_entry(lambda: core.create_member(
        username="ny", password="x-lösen-123", organisation=organisation, role="reporter"),
        "membership.created")
    membership = Membership.objects.get(user=user)
    membership.role = "reader"
    _m, entry = one_entry(lambda: core.save_membership(membership=membership, by=coordinator),
                          "membership.changed")
    assert entry.changes == {"role": ["reporter", "reader"]}
    _m, entry = one_entry(lambda: core.set_report_email(user=user, enabled=True),
                          "membership.settings_changed")
    assert entry.actor == user and entry.changes == {"lagesbild_email": [False, True]}


def test_observation_writes(areas, reporter, coordinator, settings):
    observation, entry = one_entry(lambda: logged(reporter), "observation.logged")
    assert entry.actor == reporter and entry.object_id == str(observation.pk)
    one_entry(lambda: log.edit_observation(observation=observation, by=reporter,
                                           description="Två lampor."), "observation.edited")
    one_entry(lambda: log.follow_up(observation=observation, by=coordinator, status="resolved"),
              "observation.status_changed")
    one_entry(lambda: log.follow_up(observation=observation, by=coordinator,
                                    status="resolved", comment="Klart."), "observation.commented")
    settings.OBSERVATION_TEXT_RETENTION_DAYS = 1
    Observation.objects.filter(pk=observation.pk).update(closed_at=timezone.now() - timedelta(days=2))
    _n, entry = one_entry(log.erase_expired_text, "observation.text_erased")
    assert entry.actor is None and entry.actor_name == "system"
    assert entry.changes["ids"] == [observation.pk]


def test_token_revocation_writes(police):
    token = Token.objects.create(user=police)
    revoked, entry = one_entry(lambda: core.revoke_api_tokens(
        user=police, reason=core.TokenRevocation.DEACTIVATED), "token.revoked")
    assert revoked == 1 and entry.actor is None and entry.object_id == str(police.pk)
    assert entry.changes == {"reason": "deactivated"}
    assert token.key not in str(entry.changes) + entry.object_repr
    before = AuditEntry.objects.count()
    assert core.revoke_api_tokens(user=police, reason=core.TokenRevocation.DEACTIVATED) == 0
    assert AuditEntry.objects.count() == before  # nothing to revoke, nothing changed


def test_category_writes(coordinator):
    category = Category(name="Drönare", slug="dronare")
    one_entry(lambda: log.save_category(category=category, by=coordinator), "category.created")
    category.active = False
    _c, entry = one_entry(lambda: log.save_category(category=category, by=coordinator),
                          "category.changed")
    assert entry.changes == {"active": [True, False]}


def test_situation_report_writes(areas, reporter, coordinator):
    ObservationFactory(reporter=reporter, occurred_at=timezone.now() - timedelta(days=8))
    job, _entry = one_entry(lambda: situation.queue_compile(year=2026, week=40, by=coordinator),
                            "report.compile_queued")
    report, _entry = one_entry(lambda: situation.run_compile(job_id=job.pk), "report.compiled")
    one_entry(lambda: situation.compile_now(year=2026, week=40, by=coordinator),
              "report.unchanged")
    one_entry(lambda: situation.annotate_report(report=report, by=coordinator, analysis="Lugnt.",
                                                recommendations=""), "report.annotated")
    _r, entry = one_entry(lambda: situation.publish_report(
        report=report, by=coordinator, analysis="Lugnt nu.", recommendations=""),
        "report.published")
    assert entry.changes["analysis"] == ["Lugnt.", "Lugnt nu."]
    failing = situation.queue_compile(year=2026, week=41, by=coordinator)
    one_entry(lambda: situation.mark_failed(job_id=failing.pk, error="Trasig"),
              "report.compile_failed")


def test_a_change_that_rolls_back_leaves_no_entry(areas, reporter):
    AuditEntry.objects.all().delete()
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            logged(reporter)
            raise RuntimeError("fel efter loggningen")
    assert not AuditEntry.objects.exists() and not Observation.objects.exists()


def test_an_entry_cannot_be_written_outside_a_transaction():
    with pytest.raises(RuntimeError, match="inside the transaction"):
        # pytest-django wraps each test in a transaction; leave it to check the guard.
        transaction.get_connection().in_atomic_block = False
        try:
            audit.record(actor=None, verb="nothing")
        finally:
            transaction.get_connection().in_atomic_block = True


def test_administrators_read_the_trail_in_the_admin_and_no_one_changes_it(
        client, coordinator, admin_user):
    core.save_area(name="Kommunen", kind="kommun", geometry=BOUNDARY, by=coordinator)
    entry = AuditEntry.objects.get()
    client.force_login(admin_user)
    page = client.get("/admin/trygghet/auditentry/?verb=area.created")
    assert page.status_code == 200 and "Kommunen" in page.content.decode()
    assert client.get(f"/admin/trygghet/auditentry/{entry.pk}/change/").status_code == 200
    assert client.post(f"/admin/trygghet/auditentry/{entry.pk}/delete/",
                       {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
    assert AuditEntry.objects.visible_to(coordinator).count() == 0


def test_an_entry_outlives_its_user_and_names_them_by_the_name_it_kept(reporter, areas):
    """An entry holds no user back (the database does not tie it to the user's row): a user
    removed while their entry was written still reads by the name the entry kept."""
    from django.contrib.contenttypes.models import ContentType

    from trygghet import concurrency
    from trygghet.errors import StaleEdit

    observation = ObservationFactory(reporter=reporter)
    Observation.objects.filter(pk=observation.pk).update(revision=1)
    AuditEntry.objects.create(actor_id=987_654, actor_name="tidigare.anstalld", verb="x",
                              content_type=ContentType.objects.get_for_model(Observation),
                              object_id=str(observation.pk))
    observation.refresh_from_db()
    with pytest.raises(StaleEdit) as stale:
        concurrency.ensure_current(observation, 0)
    assert stale.value.who == "tidigare.anstalld"
