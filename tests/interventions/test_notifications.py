"""The e-mail: overdue insatser to their owners, alerts about serious observations, the weekly
digest. Each mail once, and never about an observation the recipient could not open."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from observations import services as log
from observations.interventions import notifications, services
from trygghet.weeks import week_bounds

from ..factories import InterventionFactory, ObservationFactory, member

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def with_email(user, address=None):
    user.email = address or f"{user.username}@example.se"
    user.save()
    return user


def late(owner, days=1, **fields):
    return InterventionFactory(responsible=owner, planned_start=TODAY() - timedelta(days=10),
                               planned_end=TODAY() - timedelta(days=days), **fields)


def test_each_overdue_insats_mails_its_owner_once_a_day(guard, police, intervention_types):
    first = late(with_email(guard), title="Extra väktarronder vid Bro station")
    late(with_email(police), days=3)
    InterventionFactory(responsible=guard, planned_end=TODAY())  # due today: late tomorrow
    late(guard, status="done", outcome="Klart")
    assert notifications.send_overdue_reminders() == 2
    assert notifications.send_overdue_reminders() == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["polis@example.se", "vaktare@example.se"]
    message = next(m for m in mail.outbox if m.to == ["vaktare@example.se"])
    assert "Extra väktarronder vid Bro station" in message.subject
    assert f"/insatser/{first.pk}/" in message.body
    assert notifications.send_overdue_reminders(day=TODAY() + timedelta(days=1)) == 3
    assert len(mail.outbox) == 5


def test_owners_without_an_address_or_account_get_no_reminder(guard, police, intervention_types):
    late(guard)
    police.is_active = False
    police.save()
    late(with_email(police))
    assert notifications.send_overdue_reminders() == 0 and mail.outbox == []


def subscribe(user, alerts="immediate", areas=(), categories=(), digest=False):
    return services.save_subscription(user=with_email(user), alerts=alerts, areas=areas,
                                      categories=categories, weekly_digest=digest)


def serious(reporter, **fields):
    values = dict(reporter=reporter, severity="high", logged_at=timezone.now(),
                  description="Kniv synlig, namn på inblandad.")
    values.update(fields)
    return ObservationFactory(**values)


def test_a_serious_observation_in_a_followed_area_is_mailed_at_once_and_once(
        police, reporter, areas, categories):
    subscribe(police, areas=[areas["Bro"]])
    inside = serious(reporter, area=areas["Bro centrum"], category=categories["hot-och-vald"])
    serious(reporter, area=areas["Tibble"], latitude=59.485, longitude=17.76)
    ObservationFactory(reporter=reporter, area=areas["Bro centrum"], severity="medium")
    assert notifications.send_alerts() == 1
    assert notifications.send_alerts() == 0
    [message] = mail.outbox
    assert message.to == ["polis@example.se"] and "Hot och våld" in message.subject
    assert f"/observationer/{inside.pk}/" in message.body
    assert "Kniv" not in message.body  # no free text by mail, a link instead
    later = serious(reporter, area=areas["Bro station"], category=categories["brand"])
    assert notifications.send_alerts() == 1
    assert f"/observationer/{later.pk}/" in mail.outbox[1].body
    assert f"/observationer/{inside.pk}/" not in mail.outbox[1].body


def test_followed_categories_narrow_the_alerts(police, reporter, areas, categories):
    subscribe(police, categories=[categories["narkotika"]])
    serious(reporter, area=areas["Råby"], category=categories["brand"])
    assert notifications.send_alerts() == 0
    serious(reporter, area=areas["Råby"], category=categories["narkotika"])
    assert notifications.send_alerts() == 1


def test_a_guard_is_never_alerted_about_a_restricted_observation(guard, police, reporter,
                                                                  areas, categories):
    subscribe(guard)
    subscribe(police)
    restricted = serious(reporter, area=areas["Råby"], restricted=True,
                         category=categories["narkotika"])
    assert notifications.send_alerts() == 1
    [message] = mail.outbox
    assert message.to == ["polis@example.se"] and f"/observationer/{restricted.pk}/" in message.body


def test_nobody_is_alerted_about_what_they_logged_themselves(police, areas, categories):
    subscribe(police)
    kommunpolis = member(role="reporter", kind="polis", org_name="Polisen", username="kp")
    subscribe(kommunpolis)
    log.log_observation(reporter=kommunpolis, category=categories["hot-och-vald"],
                        occurred_at=timezone.now() - timedelta(minutes=5), area=areas["Råby"],
                        severity="high")
    assert notifications.send_alerts() == 1 and mail.outbox[0].to == ["polis@example.se"]


def test_the_daily_summary_lists_yesterdays_serious_observations_once(
        coordinator, reporter, areas):
    subscribe(coordinator, alerts="daily")
    yesterday = TODAY() - timedelta(days=1)
    noon = timezone.make_aware(timezone.datetime.combine(yesterday, timezone.datetime.min.time())
                               ) + timedelta(hours=12)
    one = serious(reporter, area=areas["Råby"], logged_at=noon)
    serious(reporter, area=areas["Råby"])  # today: tomorrow's summary
    assert notifications.send_daily_alerts() == 1
    assert notifications.send_daily_alerts() == 0
    assert f"/observationer/{one.pk}/" in mail.outbox[0].body
    assert yesterday.isoformat() in mail.outbox[0].subject


def test_the_weekly_digest_tells_what_happened_to_what_the_organisation_logged(
        coordinator, reporter, areas, intervention_types):
    colleague = member(role="reporter", org_name="Fältassistenterna", username="kollega")
    subscribe(reporter, alerts="off", digest=True)
    start, _end = week_bounds(2026, 45)
    own = ObservationFactory(reporter=colleague, area=areas["Råby"], logged_at=start + timedelta(hours=5),
                             occurred_at=start + timedelta(hours=4))
    elsewhere = ObservationFactory(reporter=coordinator, logged_at=start + timedelta(hours=5),
                                   occurred_at=start + timedelta(hours=4))
    event = log.follow_up(observation=own, by=coordinator, status="in_progress")
    event.created_at = start + timedelta(days=1)
    event.save()
    insats = InterventionFactory(title="Vuxennärvaro i Råby", observations=[own],
                                 created_at=start + timedelta(days=2))
    assert notifications.send_weekly_digests(year=2026, week=45) == 1
    assert notifications.send_weekly_digests(year=2026, week=45) == 0
    [message] = mail.outbox
    assert "Fältassistenterna loggade 1 observationer" in message.body
    assert "Ny → Hanteras" in message.body and f"/observationer/{own.pk}/" in message.body
    assert "Vuxennärvaro i Råby" in message.body and f"/insatser/{insats.pk}/" in message.body
    assert f"/observationer/{elsewhere.pk}/" not in message.body


def test_a_guards_digest_leaves_out_a_colleagues_restricted_observation(
        guard, coordinator, areas, intervention_types):
    colleague = member(role="reporter", kind="vaktare", org_name="Trygg Bevakning AB",
                       username="vakt2")
    subscribe(guard, alerts="off", digest=True)
    start, _end = week_bounds(2026, 45)
    restricted = ObservationFactory(reporter=colleague, restricted=True,
                                    logged_at=start + timedelta(hours=5),
                                    occurred_at=start + timedelta(hours=4))
    event = log.follow_up(observation=restricted, by=coordinator, status="resolved")
    event.created_at = start + timedelta(days=1)
    event.save()
    InterventionFactory(title="Narkotikainsats", observations=[restricted],
                        created_at=start + timedelta(days=2))
    # The only thing that happened is hidden from the guard: no digest at all.
    assert notifications.send_weekly_digests(year=2026, week=45) == 0
    ObservationFactory(reporter=colleague, logged_at=start + timedelta(hours=6),
                       occurred_at=start + timedelta(hours=4))
    assert notifications.send_weekly_digests(year=2026, week=45) == 1
    body = mail.outbox[0].body
    assert "loggade 1 observationer" in body
    assert f"/observationer/{restricted.pk}/" not in body and "Narkotikainsats" not in body
