"""The insats filters, declared once: the list page and the API use them."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from trygghet.filters import BoundedDateField, CachedModelChoiceFilter, FilterSet, FlagFilter
from trygghet.models import Area, Organisation

from .models import Intervention, InterventionType


class DayFilter(django_filters.DateFilter):
    field_class = BoundedDateField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}))
        super().__init__(*args, **kwargs)


class InterventionFilterSet(FilterSet):
    # An insats is in a period when it is planned to run on any day of it.
    active_from = DayFilter(label=_("Pågår från och med"), field_name="planned_end",
                            lookup_expr="gte")
    active_to = DayFilter(label=_("Pågår till och med"), field_name="planned_start",
                          lookup_expr="lte")
    type = CachedModelChoiceFilter(
        label=_("Typ"), queryset=InterventionType.objects.all(), empty_label=_("Alla typer"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Intervention.Status.choices, empty_label=_("Alla"))
    area = CachedModelChoiceFilter(
        label=_("Område"), queryset=Area.objects.named(), method="filter_area",
        empty_label=_("Alla områden"))
    organisation = CachedModelChoiceFilter(
        label=_("Organisation"), queryset=Organisation.objects.all(),
        method="filter_organisation", empty_label=_("Alla organisationer"),
        help_text=_("Ansvarig eller deltagande."))
    overdue = FlagFilter(label=_("Bara försenade"), method="filter_overdue")
    mine = FlagFilter(label=_("Bara mina"), method="filter_mine")
    q = django_filters.CharFilter(label=_("Fritext"), method="filter_text", max_length=200)

    class Meta:
        model = Intervention
        fields = ["active_from", "active_to", "type", "status", "area", "organisation",
                  "overdue", "mine", "q"]

    @extend_schema_field(OpenApiTypes.INT)
    def filter_area(self, queryset, name, value):
        # Choosing Bro finds the insatser in Bro centrum too, as the observation list does.
        return queryset.filter(areas__in=Area.objects.within(value)).distinct()

    @extend_schema_field(OpenApiTypes.INT)
    def filter_organisation(self, queryset, name, value):
        return queryset.filter(Q(organisations=value) | Q(responsible_organisation=value)).distinct()

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(timezone.localdate()) if value else queryset

    def filter_mine(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        return queryset.filter(responsible=user) if value and user else queryset

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value)
                               | Q(outcome__icontains=value))
