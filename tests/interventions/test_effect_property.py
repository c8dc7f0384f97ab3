"""The before-and-after counts of an insats equal an independent count over generated data."""

from collections import Counter
from datetime import date, datetime, timedelta, timezone as dt_timezone
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, given, settings, strategies as st
from shapely.geometry import shape

from observations.interventions.effect import effect
from observations.interventions.models import Intervention
from observations.interventions.querysets import visible_observations
from observations.models import Category, Observation
from trygghet.demo_geography import AREAS

from ..factories import InterventionFactory, member

STOCKHOLM = ZoneInfo("Europe/Stockholm")
START = date(2026, 3, 29)  # the clocks go forward that night: local days are not 24 hours
WINDOW_START = datetime(2026, 2, 25, tzinfo=dt_timezone.utc)
WINDOW_MINUTES = 62 * 24 * 60
NAMES = [name for name, *_ in AREAS]
# Bro and the named areas lying inside it, read from the geography itself.
BRO = shape(next(geometry for name, _kind, geometry, _w in AREAS if name == "Bro"))
IN_BRO = {name for name, _kind, geometry, _w in AREAS if shape(geometry).within(BRO)}

observation_specs = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=WINDOW_MINUTES - 1),  # minutes into the window
        st.integers(min_value=0, max_value=11),                   # category index
        st.integers(min_value=0, max_value=len(NAMES)),           # area index (last: none)
        st.booleans(),                                            # restricted
    ),
    max_size=60,
)


def users():
    User = get_user_model()
    reporter = User.objects.filter(username="hyp-rapportor").first() or member(
        username="hyp-rapportor", org_name="Hypotes")
    guard = User.objects.filter(username="hyp-vakt").first() or member(
        username="hyp-vakt", kind="vaktare", org_name="Hypotesvakter")
    trusted = User.objects.filter(username="hyp-polis").first() or member(
        username="hyp-polis", kind="polis", org_name="Hypotespolis", role="reader")
    return reporter, guard, trusted


@pytest.mark.django_db
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(specs=observation_specs)
def test_before_and_after_counts_equal_an_independent_count(areas, intervention_types, specs):
    Observation.objects.all().delete()
    Intervention.objects.all().delete()
    categories = list(Category.objects.order_by("pk"))
    area_list = [areas[name] for name in NAMES] + [None]
    reporter, guard, trusted = users()
    Observation.objects.bulk_create([
        Observation(category=categories[c], area=area_list[a], latitude=59.5, longitude=17.6,
                    occurred_at=WINDOW_START + timedelta(minutes=m), reporter=reporter,
                    organisation=reporter.membership.organisation, restricted=r)
        for m, c, a, r in specs
    ])
    insats = InterventionFactory(planned_start=START, planned_end=START + timedelta(days=3),
                                 areas=[areas["Bro"]])

    def expected(include_restricted):
        counts = {"before": Counter(), "after": Counter()}
        for m, c, a, r in specs:
            if (r and not include_restricted) or a == len(NAMES) or NAMES[a] not in IN_BRO:
                continue
            day = (WINDOW_START + timedelta(minutes=m)).astimezone(STOCKHOLM).date()
            if START - timedelta(days=28) <= day < START:
                counts["before"][categories[c].name] += 1
            elif START <= day < START + timedelta(days=28):
                counts["after"][categories[c].name] += 1
        return counts

    for user, include_restricted in ((trusted, True), (guard, False)):
        result = effect(insats, visible_observations(user))
        wanted = expected(include_restricted)
        assert {r["name"]: r["before"] for r in result.rows if r["before"]} == dict(wanted["before"])
        assert {r["name"]: r["after"] for r in result.rows if r["after"]} == dict(wanted["after"])
        assert result.before == sum(wanted["before"].values())
        assert result.after == sum(wanted["after"].values())
