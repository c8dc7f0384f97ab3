"""A filter form's class is built once and its fields copied plainly for each form
(trygghet.filters): each form is still its own, whatever another form was sent or shows."""

import pytest
from django.http import QueryDict

from observations.filters import ObservationFilterSet
from observations.models import Observation

pytestmark = pytest.mark.django_db


def form(query=""):
    return ObservationFilterSet(QueryDict(query), queryset=Observation.objects.all()).form


def test_each_form_has_fields_of_its_own(categories):
    first, second = form("q=klotter"), form("q=brand")
    assert type(first) is type(second)  # the class is kept
    assert first.fields["q"] is not second.fields["q"]
    first.fields["q"].required = True
    first.fields["severity"].label = "Ändrad"
    assert not second.fields["q"].required and second.fields["severity"].label != "Ändrad"
    assert not form().fields["q"].required


def test_a_refused_form_leaves_the_next_one_as_it_would_be(categories):
    from observations.models import Category

    category = Category.objects.order_by("pk").first()
    fresh = str(form(f"category={category.pk}"))
    refused = form("category=999999&severity=katastrof&occurred_from=igår&q=" + "x" * 300)
    assert not refused.is_valid()
    assert set(refused.errors) == {"category", "severity", "occurred_from", "q"}
    assert 'aria-invalid="true"' in str(refused)
    again = form(f"category={category.pk}")
    assert again.is_valid() and str(again) == fresh
    assert again.cleaned_data["category"] == category
