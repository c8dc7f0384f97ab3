"""The compiled counts equal an independent count over generated data."""

from collections import Counter
from datetime import datetime, timedelta, timezone as dt_timezone
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, given, settings, strategies as st

from observations.situation.compile import compile_week
from observations.models import Category, Observation

from ..factories import member

STOCKHOLM = ZoneInfo("Europe/Stockholm")
YEAR, WEEK = 2026, 13  # the week the clocks go forward: the hardest one to count right
WINDOW_START = datetime(2026, 3, 2, tzinfo=dt_timezone.utc)  # Monday of week 10, minus an hour
WINDOW_HOURS = 24 * 7 * 5

observation_specs = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=WINDOW_HOURS * 60 - 1),  # minutes into the window
        st.integers(min_value=0, max_value=11),                      # category index
        st.integers(min_value=0, max_value=10),                      # area index (10: none)
    ),
    max_size=60,
)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(specs=observation_specs)
def test_compiled_counts_equal_an_independent_count(areas, specs):
    Observation.objects.all().delete()
    categories = list(Category.objects.order_by("pk"))
    area_list = sorted(areas.values(), key=lambda a: a.pk) + [None]
    reporter = (get_user_model().objects.filter(username="hypothesis").first()
                or member(username="hypothesis", org_name="Hypotes"))
    Observation.objects.bulk_create([
        Observation(category=categories[c], area=area_list[a], latitude=59.5, longitude=17.6,
                    occurred_at=WINDOW_START + timedelta(minutes=m), reporter=reporter,
                    organisation=reporter.membership.organisation)
        for m, c, a in specs
    ])

    data = compile_week(YEAR, WEEK)

    def local_week(minutes):
        return (WINDOW_START + timedelta(minutes=minutes)).astimezone(STOCKHOLM).isocalendar()[:2]

    this_week = [(m, c, a) for m, c, a in specs if local_week(m) == (YEAR, WEEK)]
    previous = [s for s in specs if local_week(s[0]) == (YEAR, WEEK - 1)]
    four_before = [s for s in specs if (YEAR, WEEK - 4) <= local_week(s[0]) <= (YEAR, WEEK - 1)]
    assert data["total"]["count"] == len(this_week)
    assert data["total"]["previous"] == len(previous)
    assert data["total"]["mean4"] == round(len(four_before) / 4, 1)
    expected_categories = Counter(categories[c].name for _, c, _ in this_week)
    assert {r["name"]: r["count"] for r in data["by_category"] if r["count"]} == dict(
        expected_categories)
    expected_areas = Counter(
        area_list[a].name if area_list[a] else None for _, _, a in this_week)
    assert {r["name"]: r["count"] for r in data["by_area"] if r["count"]} == dict(expected_areas)
    local = [(WINDOW_START + timedelta(minutes=m)).astimezone(STOCKHOLM) for m, _, _ in this_week]
    assert data["by_weekday"] == [sum(1 for t in local if t.isoweekday() == d) for d in range(1, 8)]
    assert data["by_hour"] == [sum(1 for t in local if t.hour == h) for h in range(24)]
