"""The observation filters, declared once: the list page, the map and the API all use them."""

from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygghet.models import Area, Organisation
from trygghet.services import areas_within

from .models import Category, Observation


def _local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


class ObservationFilterSet(django_filters.FilterSet):
    occurred_from = django_filters.DateFilter(
        label=_("Från och med"), method="filter_from",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    occurred_to = django_filters.DateFilter(
        label=_("Till och med"), method="filter_to",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Kategori"), queryset=Category.objects.all(), empty_label=_("Alla kategorier")
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Område"), queryset=Area.objects.exclude(kind=Area.Kind.KOMMUN),
        method="filter_area", empty_label=_("Alla områden"),
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"), queryset=Organisation.objects.all(),
        empty_label=_("Alla organisationer"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Observation.Status.choices, empty_label=_("Alla")
    )
    severity = django_filters.ChoiceFilter(
        label=_("Allvarlighet"), choices=Observation.Severity.choices, empty_label=_("Alla")
    )
    q = django_filters.CharFilter(label=_("Fritext"), method="filter_text")

    class Meta:
        model = Observation
        fields = ["occurred_from", "occurred_to", "category", "area", "organisation", "status",
                  "severity", "q"]

    def filter_from(self, queryset, name, value):
        return queryset.filter(occurred_at__gte=_local_midnight(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(occurred_at__lt=_local_midnight(value + timedelta(days=1)))

    def filter_area(self, queryset, name, value):
        # An observation carries its most specific area; choosing Bro finds Bro centrum's too.
        return queryset.filter(area_id__in=areas_within(value))

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(description__icontains=value) | Q(place_description__icontains=value)
            | Q(category__name__icontains=value) | Q(area__name__icontains=value)
        )
