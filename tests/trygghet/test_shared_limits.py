"""Limits hold across web processes: two gunicorn servers that share only the database and the
cache, with requests alternating between them, count together."""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from trygghet.api.throttling import UserRateThrottle

from ..servers import Browser, Servers

pytestmark = pytest.mark.django_db(transaction=True)

RATE = 6  # API requests an hour, for the servers of this test


@pytest.fixture
def servers(tmp_path):
    servers = Servers(tmp_path, API_USER_RATE=f"{RATE}/hour")
    yield servers
    servers.stop()


def test_a_lockout_begun_on_one_server_holds_on_the_other(servers, police):
    first, second = servers.start(), servers.start()
    browser = Browser()
    answers = [browser.log_in(server, "polis", "fel")[0]
               for server in (first, second, first, second, first)]
    assert answers == [200, 200, 200, 200, 429]
    for server in (second, first):
        status, page = browser.log_in(server, "polis", "demo")
        assert status == 429, servers.logs()
        assert "För många misslyckade inloggningar. Du kan försöka igen om 15 minuter" in page
    assert browser.cookie("sessionid") is None  # never logged in


def test_the_api_rate_is_counted_once_for_every_server(servers, police):
    first, second = servers.start(), servers.start()
    token = Token.objects.create(user=police)
    throttle = UserRateThrottle()
    cache.delete(throttle.cache_format % {"scope": "user", "ident": police.pk})
    browser = Browser()
    answers = []
    # Each server alone would let 2 × RATE through; together they let RATE through.
    for n in range(RATE + 2):
        server = (first, second)[n % 2]
        status, _headers, _text = browser.request(
            server + "/api/v1/categories/", headers={"Authorization": f"Token {token.key}"})
        answers.append(status)
    assert answers == [200] * RATE + [429, 429], servers.logs()
