"""The observation filters, declared once: the list page, the map and the API all use them."""

import django_filters
from django import forms
from django.db.models import CharField, Q, Value
from django.utils.translation import gettext_lazy as _

from trygghet.filters import (AfterFilter, CachedModelChoiceFilter, DayFromFilter, DayToFilter,
                              FilterSet)
from trygghet.models import Area, Organisation

from .models import Category, Observation


class ObservationFilterSet(FilterSet):
    occurred_from = DayFromFilter(label=_("Hände från och med"), field_name="occurred_at")
    occurred_to = DayToFilter(label=_("Hände till och med"), field_name="occurred_at")
    logged_from = DayFromFilter(label=_("Loggad från och med"), field_name="logged_at")
    logged_to = DayToFilter(label=_("Loggad till och med"), field_name="logged_at")
    # "Nya sedan ditt senaste besök": a moment, carried by the list's links, so the view stays
    # the same while the coordinator works through it (and the API can ask the same).
    logged_after = AfterFilter(
        label=_("Loggad efter"), field_name="logged_at", widget=forms.HiddenInput,
        help_text=_("En tidpunkt, ÅÅÅÅ-MM-DDTHH:MM:SS."),
    )
    category = CachedModelChoiceFilter(
        label=_("Kategori"), queryset=Category.objects.all(), empty_label=_("Alla kategorier")
    )
    area = CachedModelChoiceFilter(
        label=_("Område"), queryset=Area.objects.named(),
        method="filter_area", empty_label=_("Alla områden"),
    )
    organisation = CachedModelChoiceFilter(
        label=_("Organisation"), queryset=Organisation.objects.all(),
        empty_label=_("Alla organisationer"),
    )
    # A column of the row itself: no row can match twice, and django-filter's DISTINCT (its
    # default) made the database sort every matching row before it could take a page.
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=Observation.Status.choices, distinct=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ingen vald: alla."),
    )
    severity = django_filters.ChoiceFilter(
        label=_("Allvarlighet"), choices=Observation.Severity.choices, empty_label=_("Alla")
    )
    q = django_filters.CharFilter(label=_("Fritext"), method="filter_text", max_length=200)

    # How the filter panel's summary names the moment "new since" counts from.
    active_formats = {"logged_after": _("Nya sedan %(t)s")}

    class Meta:
        model = Observation
        fields = ["occurred_from", "occurred_to", "logged_from", "logged_to", "logged_after",
                  "category", "area", "organisation", "status",
                  "severity", "q"]

    def filter_area(self, queryset, name, value):
        # An observation carries its most specific area; choosing Bro finds Bro centrum's too.
        return queryset.filter(area_id__in=Area.objects.within(value))

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # The categories and areas whose names hold the words are asked for first, and then
        # by id: a join in the OR kept the database from answering the text by its trigram
        # indexes (0009), and it read every row. The names are matched by the database, as
        # the text is, so that both ignore case alike.
        condition = Q(description__icontains=value) | Q(place_description__icontains=value)
        named = {"category_id": [], "area_id": []}
        for field, pk in _named(value):
            named[field].append(pk)
        for field, ids in named.items():
            if ids:
                condition |= Q(**{f"{field}__in": ids})
        return queryset.filter(condition)


def _named(value):
    """(field, id) of the categories and areas whose names hold `value`, in one query."""
    kinds = [model.objects.filter(name__icontains=value).order_by()
             .annotate(field=Value(field, output_field=CharField())).values_list("field", "pk")
             for field, model in (("category_id", Category), ("area_id", Area))]
    return kinds[0].union(kinds[1], all=True)
