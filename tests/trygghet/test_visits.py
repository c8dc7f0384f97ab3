"""One last-visit marker per member and page name, for every "new since your last visit"."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.utils import timezone

from trygghet import services, visits
from trygghet.models import LastVisit

pytestmark = pytest.mark.django_db


def request_for(user, session=None):
    request = RequestFactory().get("/")
    request.user, request.session = user, session if session is not None else SessionStore()
    return request


def test_a_visit_answers_when_the_member_last_came_to_that_page(coordinator):
    first = timezone.now() - timedelta(days=2)
    assert services.mark_visited(user=coordinator, name="start", now=first) is None
    assert services.mark_visited(user=coordinator, name="observations.list") is None
    assert services.mark_visited(user=coordinator, name="start") == first
    assert LastVisit.objects.filter(user=coordinator).count() == 2


def test_the_pages_of_one_member_and_the_members_of_one_page_are_kept_apart(coordinator,
                                                                            reporter):
    then = timezone.now() - timedelta(hours=5)
    services.mark_visited(user=coordinator, name="start", now=then)
    assert services.mark_visited(user=reporter, name="start") is None
    assert services.mark_visited(user=coordinator, name="observations.list") is None
    assert services.mark_visited(user=coordinator, name="start") == then


def test_what_is_new_counts_from_the_last_session_and_stays_while_the_session_lasts(
        coordinator):
    before = timezone.now() - timedelta(days=3)
    services.mark_visited(user=coordinator, name="observations.list", now=before)
    session = SessionStore()
    since, first = visits.since_last_visit(request_for(coordinator, session), "observations.list")
    assert since == before and not first
    again, _first = visits.since_last_visit(request_for(coordinator, session), "observations.list")
    assert again == before  # reloading, or coming back from an item, keeps what is new
    later, _first = visits.since_last_visit(request_for(coordinator), "observations.list")
    assert later > before  # a new session counts from the visit just made


def test_a_first_visit_counts_the_last_week(coordinator):
    since, first = visits.since_last_visit(request_for(coordinator), "observations.list")
    assert first and timezone.now() - since >= timedelta(days=7) - timedelta(minutes=1)


def test_a_member_sees_only_their_own_visits(coordinator, reporter):
    services.mark_visited(user=coordinator, name="start")
    services.mark_visited(user=reporter, name="start")
    assert list(LastVisit.objects.visible_to(reporter).values_list("user", flat=True)) == [
        reporter.pk]
