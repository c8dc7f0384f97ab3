"""Answers that may hold restricted data are kept out of caches, shared or the browser's."""

import pytest
from django.test import RequestFactory
from rest_framework.authtoken.models import Token

from trygghet.middleware import PrivateAnswersMiddleware
from trygghet.public import public_page, render_public

pytestmark = pytest.mark.django_db

PRIVATE = "private, no-store"


def test_a_members_pages_are_kept_out_of_caches(client, police):
    client.force_login(police)
    for path in ("/observationer/", "/observationer/karta/", "/konto/installningar/",
                 "/observationer/finns-inte/", "/"):
        assert client.get(path)["Cache-Control"] == PRIVATE, path


def test_every_api_answer_is_kept_out_of_caches(api, police):
    assert api.get("/api/v1/categories/")["Cache-Control"] == PRIVATE  # 401
    token = Token.objects.create(user=police)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/categories/")["Cache-Control"] == PRIVATE
    assert api.get("/api/v1/observations/?period=fel")["Cache-Control"] == PRIVATE


def test_a_view_that_sets_its_own_cache_header_keeps_it(police):
    @public_page
    def citizens_page(request):
        return render_public(request, "public_base.html", {})

    request = RequestFactory().get("/medborgarloften/")
    request.user = police  # a member reading a public page: it holds nothing of theirs
    response = PrivateAnswersMiddleware(citizens_page)(request)
    assert response["Cache-Control"] == "public, max-age=300"


def test_the_login_page_and_static_files_keep_their_own_cache_headers(client):
    assert "no-store" in client.get("/konto/logga-in/")["Cache-Control"]  # Django's never_cache
    assert "no-store" not in client.get("/static/css/site.css").get("Cache-Control", "")
