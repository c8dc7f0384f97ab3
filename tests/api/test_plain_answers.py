"""The answers a bulk request takes without DRF's steps (trygghet.api.serializers.plain_answer)
are the fields' own answers, for every value a client could send."""

import math
from datetime import timezone as dt_timezone

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from rest_framework import serializers

from trygghet.api.serializers import MISS, DateTimeField, plain_answer

FIELDS = [
    serializers.FloatField(min_value=-90, max_value=90),
    serializers.FloatField(),
    serializers.FloatField(min_value=0),
    serializers.CharField(max_length=10),
    serializers.CharField(max_length=0, allow_blank=True),
    serializers.CharField(max_length=10, allow_blank=True),
    serializers.CharField(min_length=3, trim_whitespace=False),
    serializers.CharField(),
    DateTimeField(),
    serializers.DateTimeField(),
    serializers.DateTimeField(default_timezone=dt_timezone.utc),
]

VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=14), st.text(alphabet=" \t\n\x00\ud800\udfffåx9", max_size=14),
    st.datetimes(timezones=st.sampled_from([None, dt_timezone.utc])).map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.isoformat(sep=" ") + st_offset(d)),
    st.lists(st.integers(), max_size=2),
)


def st_offset(moment):
    return ["", "Z", "+14:00", "-12:00", "+01:30"][moment.microsecond % 5]


def field_answer(field, value):
    try:
        return field.run_validation(value)
    except (serializers.ValidationError, OverflowError, ValueError):
        return "refused"


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f"{type(f).__name__}{f._kwargs}")
def test_a_plain_answer_is_the_fields_own(field):
    field.bind("value", serializers.Serializer())
    plain = plain_answer(field)
    assert plain is not None

    @settings(max_examples=400, deadline=None)
    @given(VALUES)
    def check(value):
        with timezone.override("Europe/Stockholm"):
            answer = plain(value)
            if answer is MISS:
                return
            expected = field_answer(field, value)
            assert answer == expected and type(answer) is type(expected), value
            if hasattr(answer, "utcoffset"):
                assert answer.utcoffset() == expected.utcoffset()
            if isinstance(answer, float):
                assert math.isfinite(answer)

    check()


def test_a_field_with_a_rule_of_its_own_is_left_to_the_field():
    def no_x(value):
        if "x" in value:
            raise serializers.ValidationError("Inget x.")

    assert plain_answer(serializers.CharField(validators=[no_x])) is None
    assert plain_answer(serializers.IntegerField()) is None


def test_without_time_zones_a_time_is_left_to_the_field(settings):
    """With USE_TZ off DRF answers a naive time; the plain answer does not guess one."""
    settings.USE_TZ = False
    field = DateTimeField()
    field.bind("value", serializers.Serializer())
    assert plain_answer(field)("2026-12-01T10:00:00+01:00") is MISS
