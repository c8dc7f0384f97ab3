"""The API's filter backend: django-filter's, without building a filter set for a request that
filters nothing.

A FilterSet is built per request, with a copy of every filter and a bound form to validate,
even when the request names none of them; that was a fifth of an unfiltered list request (a
partner's system paging through everything). A request none of whose parameters belongs to
the filter set gets the rows unfiltered, which is what the filter set would have answered:
every filter leaves the rows as they are for an empty value.
"""

from django_filters import FilterSet
from django_filters import rest_framework

from trygghet.filters import VisibleChoices


class RestFilterSet(VisibleChoices, rest_framework.FilterSet):
    """The filter set a viewset's `filterset_fields` make: its filters by a related row take
    only the rows the asker may see (trygghet.filters.VisibleChoices)."""


def _asks(filterset_class, params) -> bool:
    """Whether any parameter may belong to one of the filter set's filters (a range filter's
    parameters carry suffixes: occurred_at_after); in doubt, yes."""
    names = filterset_class.base_filters
    return any(key in names or any(key.startswith(f"{name}_") for name in names)
               for key in params)


class FilterBackend(rest_framework.DjangoFilterBackend):
    filterset_base = RestFilterSet

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return queryset
        plain = (filterset_class.filter_queryset is FilterSet.filter_queryset
                 and filterset_class.qs is FilterSet.qs)
        if plain and not _asks(filterset_class, request.query_params):
            return queryset
        return super().filter_queryset(request, queryset, view)
