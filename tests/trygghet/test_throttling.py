"""The API's rate per user (trygghet.api.throttling): a count per period in the shared cache."""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token

from trygghet.api.throttling import UserRateThrottle

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_an_hour(monkeypatch, police):
    monkeypatch.setattr(UserRateThrottle, "rate", "3/hour", raising=False)
    key = UserRateThrottle.cache_format % {"scope": "user", "ident": police.pk}
    cache.delete(key)
    yield key
    cache.delete(key)


def test_the_rate_holds_and_a_refused_request_is_told_how_long_to_wait(api, police,
                                                                       three_an_hour):
    token = Token.objects.create(user=police)
    answers = [api.get("/api/v1/categories/", HTTP_AUTHORIZATION=f"Token {token.key}")
               for _ in range(5)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429, 429]
    refused = answers[-1]
    assert 3500 < int(refused["Retry-After"]) <= 3600
    assert "Too Many Requests" not in refused.content.decode()  # in Swedish, as every error
    # What is kept is a number, however many requests were made.
    assert cache.get(three_an_hour) == 5


def test_a_period_that_ended_counts_afresh(api, police, three_an_hour):
    token = Token.objects.create(user=police)
    headers = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    for _ in range(3):
        assert api.get("/api/v1/categories/", **headers).status_code == 200
    assert api.get("/api/v1/categories/", **headers).status_code == 429
    cache.delete(three_an_hour)  # as the cache forgets it when the hour is over
    assert api.get("/api/v1/categories/", **headers).status_code == 200


def test_a_period_about_to_end_asks_for_a_second_not_the_whole_period(api, police,
                                                                      three_an_hour):
    token = Token.objects.create(user=police)
    headers = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    for _ in range(3):
        assert api.get("/api/v1/categories/", **headers).status_code == 200
    cache.pexpire(three_an_hour, 400)  # 0.4 s left of the hour
    refused = api.get("/api/v1/categories/", **headers)
    assert refused.status_code == 429 and refused["Retry-After"] == "1"
