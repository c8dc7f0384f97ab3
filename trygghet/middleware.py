from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthentication
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import resolve_url
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme

from . import members


def _user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = members.session_user(request)
    return request._cached_user


class AuthenticationMiddleware(DjangoAuthentication):
    """Django's, with the logged-in member kept between requests (`trygghet.members`): a page
    asks the database neither for the user nor for the membership."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user(request))


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Every page needs a login unless marked @login_not_required.

    The API answers for itself (401/403 in JSON, token or session), so it is left to DRF.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)

    def handle_no_permission(self, request, view_func):
        """A form sent after the session ended: back, after the login, to the page that held
        the form (the address it was sent to only takes a POST, and would answer a blank
        405), or else to the start page."""
        if request.method in ("GET", "HEAD"):
            return super().handle_no_permission(request, view_func)
        referer = request.META.get("HTTP_REFERER", "")
        back = "/"
        if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
            parts = urlsplit(referer)
            back = parts.path + (f"?{parts.query}" if parts.query else "") or "/"
        return redirect_to_login(back, resolve_url(self.get_login_url(view_func)),
                                 self.get_redirect_field_name(view_func))


class LanguageMiddleware:
    """Swedish unless the user chose another language: the browser's language is not asked,
    so a Swedish municipality's pages read in Swedish on every machine."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class PrivateAnswersMiddleware:
    """Answers that may hold restricted data stay out of every cache, shared or the browser's:
    every answer to a logged-in member and every API answer get `Cache-Control: private,
    no-store`, unless the view said otherwise (public pages say `public, max-age=300`).
    Static files never reach this (WhiteNoise answers them earlier)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Cache-Control" not in response and (
                request.path_info.startswith("/api/") or request.user.is_authenticated):
            response["Cache-Control"] = "private, no-store"
        return response


class NoNulInPagesMiddleware:
    """A page never carries a NUL character. One can only come from a crafted request (a form
    sent with a NUL in a field, which the field refuses with its error), and a form shown
    again with its error would echo it: a parse error in HTML that browsers show as U+FFFD.
    It is written as U+FFFD here, for every page and every way a value reaches it (widgets,
    templates, messages)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (not response.streaming and b"\x00" in response.content
                and response.get("Content-Type", "").startswith("text/html")):
            response.content = response.content.replace(b"\x00", "\ufffd".encode())
        return response
