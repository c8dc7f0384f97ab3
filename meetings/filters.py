"""The case and meeting filters, declared once: the list pages and the API use them."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trygghet.filters import FilterSet

from .models import Case, Meeting


class CaseFilterSet(FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Case.Status.choices,
                                         empty_label=_("Alla"))
    q = django_filters.CharFilter(label=_("Sök"), method="filter_text", max_length=200,
                                  help_text=_("Rubrik, diarienummer eller handläggare."))

    class Meta:
        model = Case
        fields = ["status", "q"]

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = (Q(title__icontains=value) | Q(officer_name__icontains=value)
                     | Q(office__icontains=value))
        from . import diarium

        try:
            number = diarium.parse(value)
        except Exception:  # noqa: BLE001 (not a diarienummer: search the text only)
            pass
        else:
            condition |= Q(series=number.series, year=number.year, number=number.number)
        return queryset.filter(condition)


class MeetingFilterSet(FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Meeting.Status.choices,
                                         empty_label=_("Alla"))
    kind = django_filters.ChoiceFilter(label=_("Typ"), choices=Meeting.Kind.choices,
                                       empty_label=_("Alla"))

    class Meta:
        model = Meeting
        fields = ["status", "kind", "committee"]
