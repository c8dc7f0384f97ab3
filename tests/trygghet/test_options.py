"""Filter forms' select lists come from the cache, and a change of their table clears it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from observations.filters import ObservationFilterSet
from observations.interventions.filters import InterventionFilterSet
from observations.models import Category
from observations.services import save_category
from trygghet.demo_geography import AREAS
from trygghet.models import Area, Organisation
from trygghet.services import save_area

pytestmark = pytest.mark.django_db


def options(filterset_class, name):
    return [label for _value, label in filterset_class().form.fields[name].choices]


def test_a_rendered_filter_form_asks_the_database_nothing_the_second_time(areas, coordinator):
    str(ObservationFilterSet().form)
    with CaptureQueriesContext(connection) as context:
        html = str(ObservationFilterSet().form)
    assert context.captured_queries == []
    assert "Klotter" in html and "Bro centrum" in html


def test_a_new_or_renamed_category_shows_at_once(areas, coordinator):
    assert "Nattbuller" not in options(ObservationFilterSet, "category")
    category = save_category(category=Category(name="Nattbuller", slug="nattbuller"),
                             by=coordinator)
    assert "Nattbuller" in options(ObservationFilterSet, "category")
    category.name = "Buller på natten"
    save_category(category=category, by=coordinator)
    names = options(ObservationFilterSet, "category")
    assert "Buller på natten" in names and "Nattbuller" not in names


def test_a_new_or_deleted_area_shows_at_once_in_every_list_of_areas(areas):
    assert "Testområdet" not in options(ObservationFilterSet, "area")
    _name, kind, geometry, _weight = AREAS[0]
    area = save_area(name="Testområdet", kind=kind, geometry=geometry)
    assert "Testområdet" in options(ObservationFilterSet, "area")
    assert "Testområdet" in options(InterventionFilterSet, "area")
    Area.objects.filter(pk=area.pk).delete()  # a queryset delete sends post_delete too
    assert "Testområdet" not in options(ObservationFilterSet, "area")


def test_a_new_organisation_shows_at_once(areas, intervention_types):
    options(InterventionFilterSet, "organisation")
    Organisation.objects.create(name="Bostadsbolaget", kind=Organisation.Kind.BOSTADSBOLAG)
    assert "Bostadsbolaget" in options(InterventionFilterSet, "organisation")
    assert "Bostadsbolaget" in options(ObservationFilterSet, "organisation")


def test_a_chosen_option_is_still_checked_against_the_table(areas, coordinator):
    category = Category.objects.get(slug="klotter")
    options(ObservationFilterSet, "category")
    Category.objects.filter(pk=category.pk).update(name="Ändrad utan signal")
    filterset = ObservationFilterSet({"category": str(category.pk)})
    assert filterset.is_valid() and filterset.form.cleaned_data["category"].name == \
        "Ändrad utan signal"
    assert not ObservationFilterSet({"category": "999999"}).is_valid()


def test_the_select_is_the_markup_django_would_render(areas, coordinator):
    from django import forms

    from trygghet.filters import PlainSelect

    choices = [("", "Alla <kategorier>"), (1, "Klotter & skadegörelse"), (2, "Bränder"),
               ("Äldre \"grupp\"", [(3, "Nedlagd"), (4, "Flyttad <4>")])]
    for value in (None, "", "1", 2, "4", "999"):
        ours = PlainSelect(choices=choices).render("category", value, {"id": "id_category"})
        django = forms.Select(choices=choices).render("category", value, {"id": "id_category"})
        assert ours == "".join(line.strip() for line in django.splitlines())


@pytest.mark.django_db(transaction=True)  # the filter panel is kept only outside a transaction
def test_who_a_request_is_and_the_tables_versions_come_in_one_cache_read(client, reporter,
                                                                          areas):
    """Every page reads its session, asks who its member is and, for its filter form or a
    logged observation, the versions of the kept tables: one round trip to the shared cache
    answers all three (trygghet.sessions)."""
    from unittest import mock

    from django.core.cache import cache

    client.force_login(reporter)
    category = Category.objects.first().pk
    # The member kept, the tables' versions started, the filter panel kept in the process.
    client.get("/observationer/", {"category": category})
    with mock.patch.object(cache, "get_many", wraps=cache.get_many) as reads, \
            mock.patch.object(cache, "get", wraps=cache.get) as single_reads:
        response = client.get("/observationer/", {"category": category})
    assert response.status_code == 200 and reads.call_count == 1
    assert single_reads.call_count == 0
    [asked] = reads.call_args.args
    assert any(key.startswith("django.contrib.sessions.cached_db") for key in asked)
    assert any(key.startswith("members:session:") for key in asked)
    assert any(key.startswith("options:version:observations.category") for key in asked)
