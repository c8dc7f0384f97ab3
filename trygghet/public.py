"""Public pages: readable without login, by citizens.

A public page is rendered from its own context and nothing else: no user, no membership, no
context processor, so personal data cannot reach it by accident. It extends
templates/public_base.html, which has no staff navigation.
"""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template import loader
from django.utils import translation

from . import municipality

# What the public base template itself needs; a test holds that nothing else is added.
BASE_CONTEXT = ("csrf_token", "LANGUAGE_CODE", "request_path", "municipality_name")


def public_page(view):
    """Mark a view as a public page: no login needed, and answers may be cached by browsers
    and proxies for a few minutes (they hold nothing personal)."""

    @login_not_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.setdefault("Cache-Control", "public, max-age=300")
        return response

    wrapper.public_page = True
    return wrapper


def render_public(request, template_name: str, context: dict, *, status: int = 200) -> HttpResponse:
    """Render a public page from `context` plus the few values the public base needs."""
    full_context = {
        **context,
        "csrf_token": get_token(request),
        "LANGUAGE_CODE": translation.get_language(),
        "request_path": request.get_full_path(),
        "municipality_name": municipality.current().name,
    }
    # No request is passed: Django then runs no context processors (no `user`, no `perms`).
    return HttpResponse(loader.render_to_string(template_name, full_context), status=status)
