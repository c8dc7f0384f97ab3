"""Guessing passwords is stopped: after five failures an account, and an address, is locked out
for fifteen minutes, on the login page and in the admin, whatever password is then given."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessAttempt

pytestmark = pytest.mark.django_db

LOGIN = "/konto/logga-in/"
ADMIN_LOGIN = "/admin/login/"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
# A fixed moment, so the time of day in the message is known.
NOON = datetime(2026, 3, 10, 12, 0, tzinfo=STOCKHOLM)


def attempt(client, username, password, address="198.51.100.7", path=LOGIN):
    return client.post(path, {"username": username, "password": password},
                       REMOTE_ADDR=address)


def logged_in(client):
    return "_auth_user_id" in client.session


def fail(client, username, times, address="198.51.100.7", path=LOGIN):
    return [attempt(client, username, "fel-lösenord", address, path).status_code
            for _ in range(times)]


def test_five_wrong_passwords_lock_the_account_and_the_right_one_is_then_refused(client, police):
    with time_machine.travel(NOON, tick=False):
        # From five different addresses: the account is counted, wherever the guesses come from.
        answers = [attempt(client, "polis", "fel", f"198.51.100.{n}").status_code
                   for n in range(1, 6)]
        assert answers == [200, 200, 200, 200, 429]
        response = attempt(client, "polis", "demo", "203.0.113.50")
        assert not logged_in(client)
    assert response.status_code == 429
    page = response.content.decode()
    assert ("För många misslyckade inloggningar. Du kan försöka igen om 15 minuter, "
            "klockan 12:15.") in page
    assert 'value="polis"' in page  # what was typed is kept
    assert "Ange ett korrekt användarnamn" not in page  # the password is not judged
    assert response["Retry-After"] == str(15 * 60)


def test_four_wrong_passwords_do_not_lock_the_account(client, police):
    assert fail(client, "polis", 4) == [200] * 4
    response = attempt(client, "polis", "demo")
    assert response.status_code == 302 and logged_in(client)


def test_five_failures_from_one_address_lock_that_address_for_every_account(client, police,
                                                                           reporter):
    for username in ("anna", "bertil", "cecilia", "david", "erik"):
        attempt(client, username, "gissning", address="192.0.2.66")
    response = attempt(client, "polis", "demo", address="192.0.2.66")
    assert response.status_code == 429 and not logged_in(client)
    assert "Du kan försöka igen om 15 minuter" in response.content.decode()
    # The accounts themselves are not locked: from another address the right password works.
    response = attempt(client, "polis", "demo", address="192.0.2.67")
    assert response.status_code == 302 and logged_in(client)


def test_after_the_cooldown_the_right_password_logs_in(client, police):
    with time_machine.travel(NOON, tick=False) as clock:
        fail(client, "polis", 5)
        clock.shift(timedelta(minutes=10))
        response = attempt(client, "polis", "demo")
        assert response.status_code == 429
        assert "om 5 minuter, klockan 12:15" in response.content.decode()
        clock.shift(timedelta(minutes=4, seconds=59))
        response = attempt(client, "polis", "demo")
        assert response.status_code == 429
        assert "om 1 minut, klockan 12:15" in response.content.decode()
        clock.shift(timedelta(seconds=2))  # 12:15:01
        response = attempt(client, "polis", "demo")
        assert response.status_code == 302 and logged_in(client)


def test_tries_during_the_lockout_do_not_prolong_it(client, police):
    with time_machine.travel(NOON, tick=False) as clock:
        fail(client, "polis", 5)
        for _ in range(3):
            clock.shift(timedelta(minutes=4))
            assert fail(client, "polis", 1) == [429]
        assert AccessAttempt.objects.get(username="polis").failures_since_start == 5
        clock.shift(timedelta(minutes=3, seconds=1))  # just past 15 minutes after the fifth
        response = attempt(client, "polis", "demo")
        assert response.status_code == 302 and logged_in(client)


def test_the_admin_login_locks_out_too(client, django_user_model):
    django_user_model.objects.create_superuser("chef", password="Admin-lösen-1")
    with time_machine.travel(NOON, tick=False) as clock:
        answers = fail(client, "chef", 5, path=ADMIN_LOGIN)
        assert answers == [200, 200, 200, 200, 429]
        response = attempt(client, "chef", "Admin-lösen-1", path=ADMIN_LOGIN)
        assert response.status_code == 429 and not logged_in(client)
        page = response.content.decode()
        assert "Du kan försöka igen om 15 minuter, klockan 12:15." in page
        assert 'id="login-form"' in page  # the admin's own login page, not a bare text
        clock.shift(timedelta(minutes=15, seconds=1))
        response = attempt(client, "chef", "Admin-lösen-1", path=ADMIN_LOGIN)
        assert response.status_code == 302 and logged_in(client)


def test_failures_on_the_admin_and_the_login_page_add_up(client, police):
    fail(client, "polis", 3, path=ADMIN_LOGIN)
    assert fail(client, "polis", 2, path=LOGIN) == [200, 429]


def test_the_lockout_message_follows_the_chosen_language(client, police):
    client.cookies["django_language"] = "en"
    with time_machine.travel(NOON, tick=False):
        fail(client, "polis", 5)
        response = attempt(client, "polis", "demo")
    assert ("Too many failed logins. You may try again in 15 minutes, at 12:15."
            in response.content.decode())
