"""The layout's header and footer are rendered once and kept (`trygghet.parts`); every page
still shows the member's own name, menu and current page, in their language, and forms that
carry the request's own token and address.

Transactional: inside a test's transaction nothing is kept, so only here do kept parts
answer."""

import re
from html import unescape

import pytest
from django.test import Client

from trygghet.choices import Role

pytestmark = pytest.mark.django_db(transaction=True)


def header(response):
    """The page's header, its CSRF token (one per request) left out."""
    assert response.status_code == 200
    page = response.content.decode()
    shown = page[page.index('<header class="site-header">'):page.index("</header>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", shown)


def test_the_header_follows_a_change_of_the_members_name_and_role(client, coordinator):
    client.force_login(coordinator)
    before = header(client.get("/observationer/"))
    assert "Trygghet och prevention" in before and "Utskottet" in before
    assert header(client.get("/observationer/")) == before  # kept, and the same

    coordinator.first_name, coordinator.last_name = "Nina", "Nyström"
    coordinator.save()
    renamed = header(client.get("/observationer/"))
    assert "Nina Nyström, Trygghet och prevention" in renamed

    membership = coordinator.membership
    membership.role = Role.REPORTER
    membership.save()
    assert "Utskottet" not in header(client.get("/observationer/"))  # the committee's menu


def test_each_member_has_their_own_header_with_the_page_they_are_on(client, coordinator,
                                                                     reporter):
    client.force_login(coordinator)
    assert coordinator.get_full_name() in header(client.get("/observationer/"))
    client.force_login(reporter)
    listed = header(client.get("/observationer/"))
    assert reporter.get_full_name() in listed and coordinator.get_full_name() not in listed
    assert '<a href="/observationer/" aria-current="page">' in listed
    mapped = header(client.get("/observationer/karta/"))
    assert '<a href="/observationer/karta/" aria-current="page">' in mapped
    assert '<a href="/observationer/" aria-current="page">' not in mapped


def test_the_kept_forms_carry_the_requests_own_token_and_address(coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    client.get("/observationer/")
    address = "/observationer/?q=%22a%22%26%3Cb%3E&severity=high"
    page = client.get(address).content.decode()
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert len(tokens) >= 2 and not any(token.startswith("csrf-") for token in tokens)
    [shown] = re.findall(r'<input name="next" type="hidden" value="([^"]*)">', page)
    assert unescape(shown) == address

    # The footer's language form, sent with its token, switches the language.
    switched = client.post("/i18n/setlang/", {"csrfmiddlewaretoken": tokens[-1],
                                              "language": "en", "next": unescape(shown)})
    assert switched.status_code == 302 and switched["Location"] == address
    english = header(client.get("/observationer/"))
    assert "Log out" in english and "Logga ut" not in english

    # The header's logout form, sent with its token, logs out.
    page = client.get("/observationer/").content.decode()
    token = re.search(r'action="/konto/logga-ut/" class="inline"><input type="hidden" '
                      r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    assert client.post("/konto/logga-ut/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert client.get("/observationer/").status_code == 302  # to the login page


def test_a_change_made_without_a_save_shows_once_the_kept_member_is_read_again(
        client, coordinator, monkeypatch):
    """A user's update() starts no new generation: the member is kept a minute
    (members.CACHE_SECONDS), and so is their header, not longer."""
    import time

    from django.contrib.auth import get_user_model
    from django.core.cache import cache

    from trygghet import members, options

    client.force_login(coordinator)
    assert "Nina Nyström" not in header(client.get("/observationer/"))
    get_user_model().objects.filter(pk=coordinator.pk).update(first_name="Nina",
                                                               last_name="Nyström")
    # A minute on: the kept member has expired in the cache, the kept header in the process.
    cache.delete(members._cache_key(members._session_slot(client.session.session_key)))
    later = time.monotonic() + members.CACHE_SECONDS + 1
    monkeypatch.setattr(options.time, "monotonic", lambda: later)
    assert "Nina Nyström" in header(client.get("/observationer/"))


def test_a_request_with_a_bad_host_gets_its_400_page_with_the_layout():
    response = Client(raise_request_exception=False).get("/observationer/",
                                                          HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert '<header class="site-header">' in response.content.decode()


def test_the_kept_export_controls_send_each_pages_own_filter(areas, coordinator, reporter):
    from observations.models import Observation

    from ..factories import ObservationFactory

    ObservationFactory(reporter=reporter, severity=Observation.Severity.HIGH,
                       description="Hög allvarlighet & <mer>")
    ObservationFactory(reporter=reporter, severity=Observation.Severity.LOW,
                       description="Låg allvarlighet")
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    client.get("/observationer/?severity=low")  # kept with another page's filter
    page = client.get("/observationer/?severity=high&q=allvarlighet+%26+%3Cmer").content.decode()
    action, token = re.search(r'<form class="export-controls" method="post" action="([^"]+)"'
                              r'[^>]*>\s*<input type="hidden" name="csrfmiddlewaretoken" '
                              r'value="([^"]+)">', page).groups()
    assert unescape(action) == "/observationer/export/?severity=high&q=allvarlighet+%26+%3Cmer"
    exported = client.post(unescape(action), {"csrfmiddlewaretoken": token, "format": "csv",
                                               "from": "list"})
    assert exported.status_code == 200
    body = b"".join(exported.streaming_content).decode()
    assert "Hög allvarlighet" in body and "Låg allvarlighet" not in body
    mapped = client.get("/observationer/karta/?severity=low").content.decode()
    assert 'name="from" value="map"' in mapped
    assert 'action="/observationer/export/?severity=low"' in mapped
