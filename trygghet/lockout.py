"""What a locked-out login sees. django-axes counts failed logins and refuses a locked-out one
(settings.py, AXES_*); this module only answers: the same login page, the site's or the
admin's, with status 429, the username as typed and one message that says when the next try
may be made."""

import math
from datetime import datetime

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext


def unlocks_at(request, credentials=None) -> datetime | None:
    """When the lockout that holds this request ends. For each thing counted (the account,
    the address) the failures within the cooldown are summed; the lockout ends when the
    failure that brought that sum to the limit is older than the cooldown."""
    limit = get_failure_limit(request, credentials)
    cool_off = get_cool_off(request)
    ends = []
    # One query per counted thing; the handler is axes' database handler (settings.py).
    for attempts in AxesProxyHandler.get_implementation().get_user_attempts(request, credentials):
        counted = 0
        for at, failures in attempts.order_by("-attempt_time").values_list(
                "attempt_time", "failures_since_start"):
            counted += failures
            if counted >= limit:
                ends.append(at + cool_off)
                break
    return max(ends, default=None)


def seconds_left(ends: datetime | None) -> int:
    return max(0, math.ceil((ends - timezone.now()).total_seconds())) if ends else 0


def lockout_message(ends: datetime | None) -> str:
    """The Swedish message, naming the wait in whole minutes (rounded up) and the time."""
    if not seconds_left(ends):
        return gettext("För många misslyckade inloggningar. Försök igen senare.")
    minutes = math.ceil(seconds_left(ends) / 60)
    return ngettext(
        "För många misslyckade inloggningar. Du kan försöka igen om %(minutes)d minut, "
        "klockan %(time)s.",
        "För många misslyckade inloggningar. Du kan försöka igen om %(minutes)d minuter, "
        "klockan %(time)s.",
        minutes,
    ) % {"minutes": minutes, "time": formats.time_format(timezone.localtime(ends), "H:i")}


class LockedOutForm(AuthenticationForm):
    """The login form as it was sent, refused with the lockout and nothing else: it does not
    try the password, so it neither says the password was wrong nor counts a failure."""

    def __init__(self, message, request, data):
        super().__init__(request, data=data)
        self.message = message

    def clean(self):
        raise ValidationError(self.message, code="locked_out")


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login page that was answered, shown again with the lockout."""
    ends = unlocks_at(request, credentials)
    message = lockout_message(ends)
    context = getattr(original_response, "context_data", None)
    if context is None or "form" not in context:
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    else:
        context["form"] = LockedOutForm(message, request, data=context["form"].data)
        original_response.content = original_response.rendered_content
        original_response.status_code = 429
        response = original_response
    if seconds_left(ends):
        response["Retry-After"] = str(seconds_left(ends))
    return response
