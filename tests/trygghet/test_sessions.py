"""A logged-in member is kept between requests (trygghet.members): pages do not ask the
database who the member is, and every change that should end or narrow a session still counts
from the next request."""

import pickle

import pytest
from django.contrib.auth import HASH_SESSION_KEY
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from trygghet import members

pytestmark = pytest.mark.django_db

PAGE = "/observationer/"


def logged_in(user, password="demo"):
    """A browser that logged in through the login page, as a member does."""
    browser = Client()
    response = browser.post("/konto/logga-in/", {"username": user.username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return browser


def asked(browser, path=PAGE):
    """The response, and what the request read from the database (its writes left out: the
    first page of a session notes the visit in it)."""
    with CaptureQueriesContext(connection) as queries:
        response = browser.get(path)
    return response, " ".join(q["sql"] for q in queries.captured_queries
                              if q["sql"].startswith("SELECT"))


def test_a_page_asks_the_database_neither_for_the_member_nor_for_the_session(coordinator,
                                                                             categories):
    browser = logged_in(coordinator)
    # From the first page after the login on.
    for _page in range(2):
        response, sql = asked(browser)
        assert response.status_code == 200
        assert "auth_user" not in sql and "trygghet_membership" not in sql
        assert "django_session" not in sql


def test_what_is_kept_holds_no_password_hash(coordinator):
    browser = logged_in(coordinator)
    assert browser.get(PAGE).status_code == 200
    kept = cache.get(members._session_slot(coordinator.pk))
    assert kept is not None
    assert coordinator.password.encode() not in pickle.dumps(kept)


def test_a_password_changed_on_another_device_logs_this_one_out(coordinator):
    phone, laptop = logged_in(coordinator), logged_in(coordinator)
    assert phone.get(PAGE).status_code == 200 and laptop.get(PAGE).status_code == 200
    response = laptop.post("/konto/losenord/", {
        "old_password": "demo", "new_password1": "Trygg-Bro-2026!",
        "new_password2": "Trygg-Bro-2026!"})
    assert response.status_code == 302
    # The device that changed it stays logged in; the other one is asked to log in again.
    assert laptop.get(PAGE).status_code == 200
    assert phone.get(PAGE).status_code == 302
    assert phone.get(PAGE)["Location"].startswith("/konto/logga-in/")


def test_a_deactivated_account_is_logged_out_at_its_next_request(coordinator):
    browser = logged_in(coordinator)
    assert browser.get(PAGE).status_code == 200
    coordinator.is_active = False
    coordinator.save()
    assert browser.get(PAGE).status_code == 302


def test_a_new_role_counts_from_the_next_request(coordinator, categories):
    browser = logged_in(coordinator)
    assert browser.get("/observationer/ny/").status_code == 200
    membership = coordinator.membership
    membership.role = "reader"
    membership.save()
    assert browser.get("/observationer/ny/").status_code == 403


def test_a_session_whose_hash_does_not_match_is_logged_out_though_the_member_is_kept(
        coordinator):
    browser = logged_in(coordinator)
    assert browser.get(PAGE).status_code == 200
    session = browser.session
    session[HASH_SESSION_KEY] = "0" * 64
    session.save()
    assert browser.get(PAGE).status_code == 302


def test_an_emptied_cache_costs_a_query_not_a_login(coordinator):
    browser = logged_in(coordinator)
    assert browser.get(PAGE).status_code == 200
    cache.clear()
    response, sql = asked(browser)
    assert response.status_code == 200 and "auth_user" in sql
    response, sql = asked(browser)
    assert response.status_code == 200 and "auth_user" not in sql
