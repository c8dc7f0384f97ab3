"""The coordinator's triage of the log: the filtered list travels with the coordinator to an
item and back, next and previous within it, "new since your last visit", and a status change
for several rows in one step.

The list's state lives in the address: an item opened from the list carries the list's query
string (its filters, page and page size), so going back, stepping to the next item, saving a
follow-up and opening the item in a new tab all keep it, with nothing stored on the server.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from trygghet import visits
from trygghet.errors import DomainError

from . import permissions, services
from .filters import ObservationFilterSet
from .forms import BulkStatusForm
from .models import Observation

# What "new since your last visit" to the log is called among the member's last visits.
LOG_PAGE = "observations.list"
LIST_KEYS = (*ObservationFilterSet.base_filters, "page", "per_page")
# A longer query string is not one the list made; it is dropped rather than carried along.
QUERY_MAX = 2000


def list_query(params: QueryDict) -> str:
    """The list's state (its filters, page and page size) from a request's parameters as a
    query string, with nothing else: what item links and the way back carry."""
    kept = QueryDict(mutable=True)
    for key in LIST_KEYS:
        values = [v for v in params.getlist(key) if v != ""]
        if values:
            kept.setlist(key, values)
    query = kept.urlencode()
    return query if len(query) <= QUERY_MAX else ""


def with_query(url: str, query: str) -> str:
    return f"{url}?{query}" if query else url


def neighbours(filterset, observation):
    """The items before and after the observation in the filtered list's order, one keyset
    look-up each (the observation need not be in the set any more: a status change may have
    taken it out, and next is still the one that followed it)."""
    queryset = filterset.qs.select_related(None).only("pk", "occurred_at", "category__name")
    queryset = queryset.select_related("category")
    return queryset.preceding(observation).first(), queryset.following(observation).first()


def list_context(request, filterset, page, writes=()) -> dict:
    """What the list page adds for triage: item links that keep the list, "new since your last
    visit", and the bulk status form for those who handle observations. The list's count, what
    is new, the last visit and the page's `writes` are one statement."""
    visit = visits.Visit(request, LOG_PAGE)
    # Capped as the list's own count is (a long absence in a large city is many rows).
    [new], [previous] = page.paginator.count_with(
        Observation.objects.visible_to(request.user).filter(logged_at__gt=visit.since),
        reads=[visit.previous], writes=[visit.write, *writes])
    since, first_visit = visit.settle(previous)
    local, new_query = timezone.localtime(since), QueryDict(mutable=True)
    new_query["logged_after"] = local.strftime("%Y-%m-%dT%H:%M:%S.%f")
    can_handle = permissions.can_handle(request.user)
    return {
        "list_query": list_query(request.GET),
        # As the date filter writes it with "Y-m-d H:i", which cost the page three times
        # what the rest of its sentence did.
        "new_since": since, "new_since_shown": local.strftime("%Y-%m-%d %H:%M"),
        "new_first_visit": first_visit, "new": new,
        "new_query": new_query.urlencode(),
        "bulk_form": BulkStatusForm() if can_handle else None,
    }


def detail_context(request, filterset, observation) -> dict:
    query = list_query(request.GET)
    previous, following = neighbours(filterset, observation)
    return {"list_query": query, "previous": previous, "next": following}


@require_POST
def observation_bulk_status(request):
    """Change the status of the rows marked in the list in one step, then back to the list
    as it was, with what was changed and what was refused and why."""
    if not permissions.can_handle(request.user):
        raise PermissionDenied(_("Bara samordnare kan ändra status och kommentera."))
    back = with_query(reverse("observations:observation-list"),
                      list_query(QueryDict(request.POST.get("list_query", "")[:QUERY_MAX])))
    form = BulkStatusForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    try:
        outcome = services.follow_up_many(by=request.user, rows=form.cleaned_data["selected"],
                                          status=form.cleaned_data["status"])
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(back)
    status = dict(form.fields["status"].choices)[form.cleaned_data["status"]]
    if outcome.changed:
        messages.success(request, ngettext(
            "%(n)s observation har nu status %(status)s.",
            "%(n)s observationer har nu status %(status)s.", len(outcome.changed),
        ) % {"n": len(outcome.changed), "status": status})
    for _pk, reason in outcome.refused:
        messages.warning(request, reason)
    return redirect(back)

