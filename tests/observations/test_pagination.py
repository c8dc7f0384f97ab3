"""Lists that do not count the world: the API by cursor, the pages with a capped count."""

from datetime import timedelta

import pytest
from django.utils import timezone

from observations.models import Observation
from trygghet import pagination

from ..factories import ObservationFactory

pytestmark = pytest.mark.django_db


def walk(api, url, direction="next"):
    """Every id on every page, following the links from `url`."""
    pages = []
    while url:
        body = api.get(url).json()
        pages.append([o["id"] for o in body["results"]])
        url = body[direction]
    return pages


def test_the_api_list_pages_by_cursor_newest_first_without_a_count(api, areas, coordinator):
    now = timezone.now()
    rows = [ObservationFactory(occurred_at=now - timedelta(minutes=i)) for i in range(7)]
    api.force_login(coordinator)
    body = api.get("/api/v1/observations/", {"page_size": 3}).json()
    assert "count" not in body and body["previous"] is None
    pages = walk(api, "/api/v1/observations/?page_size=3")
    assert pages == [[o.pk for o in rows[i:i + 3]] for i in (0, 3, 6)]


def test_rows_with_the_same_time_are_told_apart_by_their_id(api, areas, coordinator):
    moment = timezone.now() - timedelta(hours=1)
    rows = [ObservationFactory(occurred_at=moment) for _ in range(5)]
    api.force_login(coordinator)
    pages = walk(api, "/api/v1/observations/?page_size=2")
    assert sum(pages, []) == sorted((o.pk for o in rows), reverse=True)


def test_the_cursor_never_skips_or_repeats_a_row_when_rows_are_logged_between_pages(
        api, areas, coordinator):
    now = timezone.now()
    for i in range(10):
        ObservationFactory(occurred_at=now - timedelta(hours=i))
    api.force_login(coordinator)
    first = api.get("/api/v1/observations/", {"page_size": 4}).json()
    seen = [o["id"] for o in first["results"]]
    # Logged meanwhile: newer than everything, between the pages, and with the same time as
    # the last row seen (which only the id orders).
    last_seen = Observation.objects.get(pk=seen[-1])
    ObservationFactory(occurred_at=now + timedelta(minutes=1))
    ObservationFactory(occurred_at=now - timedelta(hours=5, minutes=30))
    ObservationFactory(occurred_at=last_seen.occurred_at)
    url = first["next"]
    while url:
        body = api.get(url).json()
        seen += [o["id"] for o in body["results"]]
        url = body["next"]
    assert len(seen) == len(set(seen)), "a row was shown twice"
    after = list(Observation.objects.order_by("-occurred_at", "-id")
                 .filter(occurred_at__lte=last_seen.occurred_at)
                 .exclude(occurred_at=last_seen.occurred_at, id__gte=last_seen.id)
                 .values_list("id", flat=True))
    assert seen[4:] == after, "a row was skipped"
    assert len(seen) == 4 + 6 + 1


def test_previous_walks_back_over_the_same_pages(api, areas, coordinator):
    now = timezone.now()
    for i in range(7):
        ObservationFactory(occurred_at=now - timedelta(minutes=i))
    api.force_login(coordinator)
    forward = walk(api, "/api/v1/observations/?page_size=3")
    last = api.get("/api/v1/observations/?page_size=3").json()
    while last["next"]:
        last = api.get(last["next"]).json()
    backward = walk(api, last["previous"], direction="previous")
    assert backward == forward[-2::-1]


def test_the_cursor_keeps_the_filters(api, areas, coordinator):
    for i in range(6):
        ObservationFactory(severity="high" if i % 2 else "low")
    api.force_login(coordinator)
    pages = walk(api, "/api/v1/observations/?severity=high&page_size=2")
    ids = sum(pages, [])
    assert len(ids) == 3
    assert set(Observation.objects.filter(pk__in=ids).values_list("severity", flat=True)) == {"high"}


@pytest.mark.parametrize("cursor", [
    "x", "!!!", "eyJwIjpbXX0",  # not base64; {"p": []}
    "eyJwIjpbInRvZGF5IiwxXX0",  # {"p": ["today", 1]}
    "eyJwIjpbIjIwMjYtMDEtMDFUMDA6MDA6MDAiLDFdfQ",  # a time without its zone
    "eyJwIjpbbnVsbCwxXX0",  # {"p": [null, 1]}
])
def test_a_bad_cursor_is_a_400_with_a_swedish_field_error(api, areas, coordinator, cursor):
    api.force_login(coordinator)
    response = api.get("/api/v1/observations/", {"cursor": cursor})
    assert response.status_code == 400
    assert "markör" in response.json()["cursor"][0]


def test_a_cursor_far_outside_the_data_is_an_empty_page(api, areas, coordinator):
    ObservationFactory()
    api.force_login(coordinator)
    # {"p": ["0001-01-01T00:00:00+00:00", 99999999999999999999]}
    cursor = ("eyJwIjpbIjAwMDEtMDEtMDFUMDA6MDA6MDArMDA6MDAiLDk5OTk5OTk5OTk5OTk5OTk5OTk5XX0")
    response = api.get("/api/v1/observations/", {"cursor": cursor})
    assert response.status_code == 200 and response.json()["results"] == []


def test_the_schema_documents_the_cursor(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "cursor" in schema and "Idempotency-Key" in schema


def test_a_page_counts_exactly_up_to_the_cap_and_says_more_beyond(client, areas, coordinator,
                                                                 monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 5)
    for _ in range(5):
        ObservationFactory()
    client.force_login(coordinator)
    page = client.get("/observationer/", {"per_page": 25})
    assert "5 observationer" in page.content.decode()
    ObservationFactory()
    page = client.get("/observationer/", {"per_page": 25})
    assert page.context["page"].paginator.capped
    assert "Fler än 5 observationer" in page.content.decode()


def test_next_and_previous_work_beyond_the_cap():
    paginator = pagination.CappedPaginator(list(range(120)), 25, cap=30)
    first = paginator.get_page(1)
    assert paginator.capped and paginator.num_pages is None and first.has_next()
    third = paginator.get_page(3)
    assert list(third) == list(range(50, 75)) and third.has_previous() and third.has_next()
    last = paginator.get_page(5)
    assert list(last) == list(range(100, 120)) and not last.has_next()
    assert paginator.get_page(99).number == 1  # past the end of an uncounted list
    assert paginator.get_page("x").number == 1


def test_a_page_counts_no_further_than_the_cap(areas, coordinator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        ObservationFactory()
    paginator = pagination.CappedPaginator(Observation.objects.all(), 25)
    with CaptureQueriesContext(connection) as context:
        page = paginator.get_page(1)
        assert paginator.count == 3 and paginator.num_pages == 1 and not page.has_next()
    assert len(context.captured_queries) == 2
    assert "LIMIT 10001" in context.captured_queries[-1]["sql"]


@pytest.mark.parametrize("size", ["0", "-1", "abc", "²", "1e3"])
def test_a_page_size_that_is_no_whole_number_from_1_is_the_default_on_every_list(
        api, coordinator, size):
    """The same on the lists paged by cursor and by number (the cursor lists took -1 as 1)."""
    ObservationFactory.create_batch(3, reporter=coordinator)
    api.force_login(coordinator)
    for path in ("/api/v1/observations/", "/api/v1/interventions/", "/api/v1/cases/"):
        asked, default = (api.get(path, params) for params in ({"page_size": size}, {}))
        assert asked.status_code == default.status_code == 200, (path, asked.content)
        assert len(asked.json()["results"]) == len(default.json()["results"]), path
    assert len(api.get("/api/v1/observations/", {"page_size": "-1"}).json()["results"]) == 3


def _lists(reporter):
    """Querysets as the pages build them: a table filtered every way the log's filters do,
    and some that need Django's own SQL (a join, an order by a related name)."""
    from django.db.models import Q
    from django.http import QueryDict

    from observations.filters import ObservationFilterSet
    from trygghet.models import Area

    def rows():
        return Observation.objects.all()

    return {
        "everything": rows(),
        "one category": rows().filter(category=Observation.objects.first().category_id),
        "restricted or own": rows().filter(Q(restricted=False) | Q(reporter=reporter)),
        "areas within": rows().filter(area_id__in=Area.objects.filter(name__startswith="B")),
        "text with a percent sign": rows().filter(description__icontains="50% "),
        "nothing asked for": rows().filter(pk__in=[]),
        "none": rows().none(),
        "oldest first": rows().order_by("occurred_at", "pk"),
        "reversed": rows().order_by("occurred_at", "pk").reverse(),
        "by status, as the filters ask": ObservationFilterSet(
            QueryDict("status=new&status=resolved"), queryset=rows()).qs,
        "by a related name": rows().order_by("category", "-pk"),
        "joined": rows().filter(category__name__icontains="a"),
        "distinct": rows().distinct(),
    }


@pytest.mark.parametrize("name", ["everything", "one category", "restricted or own",
                                  "areas within", "text with a percent sign",
                                  "nothing asked for", "none", "oldest first", "reversed",
                                  "by status, as the filters ask",
                                  "by a related name", "joined", "distinct"])
@pytest.mark.parametrize("columns", ["the log's", "the API's"])
def test_a_page_shows_the_rows_and_count_django_would(areas, reporter, name, columns):
    """The list's rows and count are written around its WHERE, compiled once, where the list is
    one table filtered; whichever way, a page holds what Django's own query would, with the
    names read through foreign keys too (an observation without an area among them)."""
    from observations.api.views import LIST_ROWS
    from observations.views import LIST_COLUMNS

    LIST_COLUMNS = LIST_COLUMNS if columns == "the log's" else LIST_ROWS.columns  # noqa: N806

    from observations.models import Category

    from trygghet.models import Area

    now, kinds = timezone.now(), list(Category.objects.order_by("order")[:2])
    places = list(Area.objects.order_by("name")[:3])
    for i in range(9):
        ObservationFactory(occurred_at=now - timedelta(hours=i % 4), restricted=i % 3 == 0,
                           category=kinds[i % 2], area=None if i in (2, 5) else places[i % 3],
                           description=f"Stöld, 50% av {i}" if i % 2 else "Klotter",
                           status=("new", "in_progress", "resolved")[i % 3],
                           **({"reporter": reporter} if i == 4 else {}))
    rows = _lists(reporter)[name]
    paginator = pagination.CappedPaginator(rows, 4, cap=5, values=LIST_COLUMNS)
    expected = list(rows.values(*LIST_COLUMNS))
    for number in (1, 2, 3):
        page = paginator.get_page(number)
        assert list(page) == expected[(page.number - 1) * 4: page.number * 4]
        assert page.has_next() == (len(expected) > page.number * 4)
    [same], _ = pagination.CappedPaginator(rows, 4, cap=5).count_with(rows)
    assert paginator.count == same.count == min(len(expected), 6)


def test_a_page_of_values_without_names_holds_every_field_as_django_answers(areas):
    ObservationFactory.create_batch(3)
    rows = Observation.objects.all()
    page = pagination.CappedPaginator(rows, 2, values=()).get_page(1)
    assert list(page) == list(rows.values()[:2]) and len(page[0]) > 10
