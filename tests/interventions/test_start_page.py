"""The start page at "/" for each role: a reporter lands on Logga observation and their recent
observations with what was done; a coordinator on what is new since the last visit, this
week's meeting and overdue insatser; a reader on the latest lägesbild and the insatser in the
areas they follow; every owner on their own insatser."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from observations import services as log
from observations.interventions import services
from observations.situation import services as report_services
from observations.interventions.home import START_PAGE
from trygghet import services as core
from trygghet.weeks import week_just_ended

from ..factories import InterventionFactory, ObservationFactory

pytestmark = pytest.mark.django_db


def panel_keys(response):
    return [panel.key for panel in response.context["panels"]]


def test_a_reporter_lands_on_logging_and_what_was_done_with_their_observations(
        client, reporter, coordinator, areas, intervention_types):
    observation = ObservationFactory(reporter=reporter, area=areas["Råby"])
    log.follow_up(observation=observation, by=coordinator, status="in_progress",
                  comment="Skickat till bostadsbolaget.")
    InterventionFactory(title="Röjning av buskage i Råby", observations=[observation])
    client.force_login(reporter)
    response = client.get("/")
    keys = panel_keys(response)
    assert keys[:2] == ["log", "my-observations"] and "answering" in keys
    page = response.content.decode()
    assert "Skickat till bostadsbolaget." in page and "status ändrad till hanteras" in page
    assert "Röjning av buskage i Råby" in page


def test_a_coordinator_lands_on_whats_new_the_meeting_and_overdue_insatser(
        client, coordinator, reporter, intervention_types):
    InterventionFactory(title="Sen insats", planned_start=timezone.localdate() - timedelta(days=9),
                        planned_end=timezone.localdate() - timedelta(days=2))
    ObservationFactory(reporter=reporter)
    client.force_login(coordinator)
    response = client.get("/")
    assert panel_keys(response)[:3] == ["new-observations", "meeting", "overdue"]
    page = response.content.decode()
    assert "1 ny observation" in page and "Sen insats" in page
    assert "Mötet vecka" in page and "är inte öppnat än" in page


def test_what_is_new_counts_from_the_last_visit_and_stays_for_the_session(
        client, coordinator, reporter):
    client.force_login(coordinator)
    core.mark_visited(user=coordinator, name=START_PAGE, now=timezone.now() - timedelta(days=1))
    ObservationFactory(reporter=reporter, logged_at=timezone.now() - timedelta(days=2))
    ObservationFactory(reporter=reporter)
    assert "1 ny observation" in client.get("/").content.decode()
    assert "1 ny observation" in client.get("/").content.decode()  # reloading keeps it
    client.logout()
    client.force_login(coordinator)
    assert "0 nya observationer" in client.get("/").content.decode()


def test_more_new_observations_than_the_cap_are_said_to_be_more_not_counted(
        client, coordinator, reporter, monkeypatch):
    monkeypatch.setattr("trygghet.pagination.COUNT_CAP", 2)
    client.force_login(coordinator)
    core.mark_visited(user=coordinator, name=START_PAGE, now=timezone.now() - timedelta(days=9))
    for _ in range(3):
        ObservationFactory(reporter=reporter)
    page = client.get("/").content.decode()
    assert "fler än 2 nya observationer" in page and "Visa dem i listan" in page


def test_a_reader_lands_on_the_latest_lagesbild_and_insatser_in_their_areas(
        client, police, coordinator, areas, categories, intervention_types):
    year, week = week_just_ended()
    report = report_services.compile_now(year=year, week=week).report
    report_services.publish_report(report=report, by=coordinator, analysis="Lugnt i veckan.",
                                   recommendations="")
    InterventionFactory(title="Ronder i Råby", areas=[areas["Råby"]])
    InterventionFactory(title="Ronder i Tibble", areas=[areas["Tibble"]])
    services.save_subscription(user=police, alerts="off", areas=[areas["Bro"]], categories=[],
                               weekly_digest=False)
    client.force_login(police)
    response = client.get("/")
    assert panel_keys(response)[:2] == ["lagesbild", "in-areas"]
    page = response.content.decode()
    assert "Lugnt i veckan." in page and "Ronder i Råby" in page and "Ronder i Tibble" not in page


def test_the_owner_of_an_insats_finds_it_on_their_start_page(client, police, intervention_types):
    InterventionFactory(title="Polisens insats", responsible=police)
    client.force_login(police)
    response = client.get("/")
    assert "my-interventions" in panel_keys(response)
    assert "Polisens insats" in response.content.decode()


def test_a_member_without_an_organisation_is_told_so(client, django_user_model):
    lone = django_user_model.objects.create_user("ensam", password="x")
    client.force_login(lone)
    response = client.get("/")
    assert response.status_code == 200 and response.context["panels"] == []
    assert "hör inte till någon organisation" in response.content.decode()


def test_the_account_settings_lead_to_the_subscriptions(client, police):
    client.force_login(police)
    assert 'href="/insatser/bevakningar/"' in client.get("/konto/installningar/").content.decode()


def test_what_is_new_on_the_start_page_opens_as_exactly_those_in_the_list(
        client, coordinator, reporter):
    core.mark_visited(user=coordinator, name=START_PAGE, now=timezone.now() - timedelta(days=1))
    ObservationFactory(reporter=reporter, logged_at=timezone.now() - timedelta(days=2))
    new = [ObservationFactory(reporter=reporter) for _ in range(2)]
    client.force_login(coordinator)
    page = client.get("/").content.decode()
    link = re.search(r'href="(/observationer/\?logged_after=[^"]+)">Visa alla 2 i listan', page)
    listed = client.get(link.group(1).replace("&amp;", "&")).context["page"].object_list
    assert {o["id"] for o in listed} == {o.pk for o in new}
