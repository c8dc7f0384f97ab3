"""The categories and the areas are kept in each web process between requests
(`trygghet.options.local`), so that logging an observation does not ask for them every time;
an administrator's change counts from the very next observation all the same.

Transactional: inside a test's transaction nothing is kept (rows read there may be rolled
back), so only here is the kept copy the one answering."""

import pytest
from rest_framework.authtoken.models import Token

from observations.models import Category
from trygghet.services import save_area

from .test_api import payload

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_retired_category_and_a_redrawn_area_count_from_the_next_observation(
        api, areas, guard):
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=guard).key}")
    first = api.post("/api/v1/observations/", payload(), format="json")
    assert first.status_code == 201, first.json()
    placed = first.json()["area_name"]
    assert placed, first.json()
    again = api.post("/api/v1/observations/", payload(), format="json")
    assert again.json()["area_name"] == placed

    # The area is redrawn somewhere else (a small square in the north of the municipality).
    area = areas[placed]
    save_area(area=area, name=area.name, kind=area.kind, geometry={
        "type": "Polygon", "coordinates": [[[17.50, 59.58], [17.51, 59.58], [17.51, 59.59],
                                            [17.50, 59.59], [17.50, 59.58]]]})
    moved = api.post("/api/v1/observations/", payload(), format="json")
    assert moved.status_code == 201, moved.json()
    assert moved.json()["area_name"] != placed

    retired = Category.objects.get(slug="klotter")
    retired.active = False
    retired.save()
    refused = api.post("/api/v1/observations/", payload(), format="json")
    assert refused.status_code == 400 and "category" in refused.json(), refused.json()


def test_the_kept_filter_panel_and_chosen_category_follow_an_administrators_change(
        client, areas, coordinator):
    """The filter panel is rendered once per filter and language and kept; a new category is
    in it on the next page, a removed one is refused as a choice, and each filter and
    language has its own panel."""
    client.force_login(coordinator)
    first = client.get("/observationer/").content.decode()
    assert "Nyinrättad kategori" not in first
    added = Category.objects.create(name="Nyinrättad kategori", slug="nyinrattad")
    page = client.get("/observationer/").content.decode()
    assert "Nyinrättad kategori" in page

    chosen = client.get("/observationer/", {"category": added.pk}).content.decode()
    assert f'<option value="{added.pk}" selected>Nyinrättad kategori</option>' in chosen
    assert "1 aktivt: Kategori: Nyinrättad kategori" in chosen
    assert f'<option value="{added.pk}" selected>' not in client.get(
        "/observationer/").content.decode()

    pk = added.pk
    added.delete()
    refused = client.get("/observationer/", {"category": pk}).content.decode()
    assert '<details class="filters" open>' in refused and "Nyinrättad kategori" not in refused

    client.post("/i18n/setlang/", {"language": "en", "next": "/observationer/"})
    english = client.get("/observationer/").content.decode()
    assert "All categories" in english and "Alla kategorier" not in english


def test_a_request_reads_the_tables_versions_once_and_again_after_a_change(monkeypatch,
                                                                           categories):
    from django.core.cache import cache
    from django.core.signals import request_finished, request_started

    from trygghet import options
    from trygghet.models import Area

    reads = []
    get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: reads.append(keys) or get_many(keys))
    request_started.send(sender=None)
    try:
        (category_version,) = options.versions([Category])
        options.versions([Area])
        options.versions([Category, Area])
        assert len(reads) == 1
        category = Category.objects.first()
        category.name = "Nytt namn"
        category.save()  # in this process: the next ask reads again, and sees the change
        assert options.versions([Category]) != (category_version,)
        assert len(reads) == 2
    finally:
        request_finished.send(sender=None)
    # Outside a request (a worker's task) every ask reads the cache.
    options.versions([Category])
    options.versions([Category])
    assert len(reads) == 4


def test_categories_changed_by_an_update_count_from_the_next_request(api, areas, guard, client,
                                                                      coordinator):
    """A change made with a queryset's update() (a script retiring categories, a rename)
    sends no save signal; the kept tables hear of it all the same."""
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=guard).key}")
    assert api.post("/api/v1/observations/", payload(), format="json").status_code == 201
    Category.objects.filter(slug="klotter").update(active=False)
    refused = api.post("/api/v1/observations/", payload(), format="json")
    assert refused.status_code == 400 and "category" in refused.json(), refused.json()

    client.force_login(coordinator)
    assert "Klotter på väggar" not in client.get("/observationer/").content.decode()
    Category.objects.filter(slug="klotter").update(name="Klotter på väggar")
    assert "Klotter på väggar" in client.get("/observationer/").content.decode()


def test_a_category_added_after_the_filter_was_used_can_be_chosen_at_once(client, areas,
                                                                          coordinator):
    """The filter's form is built once per process, its fields sharing their rows' query; a
    chosen value is still looked up among the rows as they are after a change."""
    client.force_login(coordinator)
    existing = Category.objects.get(slug="klotter")
    before = client.get("/observationer/", {"category": existing.pk}).content.decode()
    assert f'<option value="{existing.pk}" selected>' in before
    added = Category.objects.create(name="Nyinrättad kategori", slug="nyinrattad")
    chosen = client.get("/observationer/", {"category": added.pk}).content.decode()
    assert f'<option value="{added.pk}" selected>Nyinrättad kategori</option>' in chosen
    assert '<details class="filters" open>' not in chosen


def test_the_list_names_a_category_made_where_this_process_has_not_yet_heard_of_it(
        client, areas, coordinator, reporter):
    """The list's rows take their categories' names from the kept table; a row of a category
    this process has not seen yet (made by another, whose note of the change is on its way)
    is named all the same."""
    from django.db import connection

    from ..factories import ObservationFactory

    ObservationFactory(reporter=reporter)
    client.force_login(coordinator)
    assert client.get("/observationer/").status_code == 200  # the names are kept now
    with connection.cursor() as cursor:  # no save: nothing tells this process
        cursor.execute("INSERT INTO observations_category (name, slug, description, \"order\", "
                       "active) VALUES ('Helt ny kategori', 'helt-ny', '', 99, true) "
                       "RETURNING id")
        (pk,) = cursor.fetchone()
    ObservationFactory(reporter=reporter, category=Category.objects.get(pk=pk))
    page = client.get("/observationer/").content.decode()
    assert '<td data-label="Kategori">Helt ny kategori' in page
