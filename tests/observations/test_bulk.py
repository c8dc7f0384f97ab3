"""Bulk logging for partners' systems: POST /api/v1/observations/bulk/."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from observations.models import Category, Observation, ObservationEvent
from trygghet.models import AuditEntry

from ..factories import BRO_CENTRUM

pytestmark = pytest.mark.django_db
URL = "/api/v1/observations/bulk/"


def row(i=0, **overrides):
    data = {
        "category": Category.objects.get(slug="klotter").pk,
        "occurred_at": (timezone.now() - timedelta(hours=3, minutes=i)).isoformat(),
        "latitude": BRO_CENTRUM[0] + (i % 7) * 0.0001, "longitude": BRO_CENTRUM[1],
        "description": f"Tags nummer {i}.", "severity": "low",
    }
    data.update(overrides)
    return data


def invalid_rows():
    """Ten rows that a single create refuses too, each for its own reason, and the field."""
    retired = Category.objects.create(name="Gammal", slug="gammal", active=False)
    return [
        (row(occurred_at=(timezone.now() + timedelta(days=1)).isoformat()), "occurred_at"),
        (row(category=None), "category"),
        (row(category=999_999), "category"),
        (row(category=retired.pk), "category"),
        (row(latitude=59.33, longitude=18.06), "latitude"),
        (row(latitude="norr"), "latitude"),
        (row(latitude=None, longitude=None), "latitude"),
        (row(description="x" * 5000), "description"),
        (row(severity="enorm"), "severity"),
        ("inte ett objekt", "non_field_errors"),
    ]


def test_a_thousand_rows_with_ten_invalid_store_990_and_a_repeat_stores_nothing_more(
        api, areas, guard):
    bad = invalid_rows()
    rows = [row(i) for i in range(990)]
    bad_at = {37 * (n + 1): field for n, (_row, field) in enumerate(bad)}
    for n, (position, _field) in enumerate(sorted(bad_at.items())):
        rows.insert(position, bad[n][0])
    assert len(rows) == 1000
    api.force_login(guard)
    response = api.post(URL, rows, format="json", HTTP_IDEMPOTENCY_KEY="batch-2026-11-23")
    assert response.status_code == 200, response.content[:1000]
    body = response.json()
    assert body["created"] == 990 and body["rejected"] == 10
    assert Observation.objects.count() == 990
    results = body["results"]
    assert [r["index"] for r in results] == list(range(1000))
    for position, field in bad_at.items():
        assert "id" not in results[position] and field in results[position]["errors"], \
            results[position]
        assert all(isinstance(m, str) and m for m in results[position]["errors"][field])
    ids = [r["id"] for r in results if "id" in r]
    assert sorted(ids) == sorted(Observation.objects.values_list("id", flat=True))
    stored = Observation.objects.get(pk=results[0]["id"])
    assert stored.description == "Tags nummer 0." and stored.area.name == "Bro centrum"
    assert stored.reporter == guard and stored.organisation.name == "Trygg Bevakning AB"
    assert stored.source == Observation.Source.API

    again = api.post(URL, rows, format="json", HTTP_IDEMPOTENCY_KEY="batch-2026-11-23")
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true"
    assert again.json() == body
    assert Observation.objects.count() == 990


def test_each_logged_row_has_its_history_line_and_its_audit_entry(api, areas, guard):
    api.force_login(guard)
    response = api.post(URL, [row(i) for i in range(5)], format="json")
    ids = {r["id"] for r in response.json()["results"]}
    assert set(ObservationEvent.objects.filter(kind="created")
               .values_list("observation_id", flat=True)) == ids
    entries = AuditEntry.objects.filter(verb="observation.logged")
    assert {int(e.object_id) for e in entries} == ids and entries.count() == 5
    assert all(e.actor == guard and e.changes["source"] == "api" for e in entries)


def test_json_lines_are_taken_and_an_unreadable_line_is_answered_in_its_place(api, areas, guard):
    api.force_login(guard)
    body = "\n".join([json.dumps(row(0)), "{inte json", "", json.dumps(row(1))])
    response = api.generic("POST", URL, body, content_type="application/x-ndjson")
    assert response.status_code == 200, response.content
    results = response.json()["results"]
    assert "id" in results[0] and "id" in results[2]
    assert "JSON" in results[1]["errors"]["non_field_errors"][0]
    assert Observation.objects.count() == 2


def test_the_same_key_with_other_rows_is_refused(api, areas, guard):
    api.force_login(guard)
    api.post(URL, [row(0)], format="json", HTTP_IDEMPOTENCY_KEY="k1")
    response = api.post(URL, [row(1)], format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert response.status_code == 400 and "Idempotency-Key" in response.json()
    assert Observation.objects.count() == 1


@pytest.mark.parametrize("body", [[], {"category": 1}, "text", [{}] * 5001])
def test_a_body_that_is_not_a_list_of_at_most_5000_rows_is_a_400(api, areas, guard, body):
    api.force_login(guard)
    response = api.post(URL, body, format="json")
    assert response.status_code == 400 and "non_field_errors" in response.json()
    assert not Observation.objects.exists()


def test_readers_cannot_log_in_bulk(api, areas, police):
    api.force_login(police)
    assert api.post(URL, [row(0)], format="json").status_code == 403
    assert api.post(URL, ["x"], format="json").status_code == 403
    # Whatever the body holds: a reader learns nothing of how it would have been read.
    for body in ("[]", "{}", "[", ""):
        response = api.generic("POST", URL, body, content_type="application/json")
        assert response.status_code == 403, (body, response.content)
        assert response.json()["detail"] == "Din roll får inte logga observationer."
    assert api.post("/api/v1/observations/", {}, format="json").status_code == 403
    assert not Observation.objects.exists()


def test_a_row_whose_id_or_choice_no_answer_could_repeat_gets_its_errors_in_its_place(
        api, areas, guard):
    """Ids in other digits than 0-9, or longer than any id, and a choice holding a NUL or a
    lone surrogate (which no answer can carry, nor the idempotency key's stored answer): each
    row is answered with its field's error, the others are logged, and the answer replays."""
    api.force_login(guard)
    rows = [row(0), row(1, category="²"), row(2, category="9" * 5000), row(3, area="٣"),
            row(4, severity="\ud800"), row(5, severity="low\u0000"), row(6)]
    body = json.dumps(rows)  # as JSON writes them: the surrogate and the NUL escaped
    answers = [api.generic("POST", URL, body, content_type="application/json",
                           HTTP_IDEMPOTENCY_KEY="odd-ids") for _ in range(2)]
    for response in answers:
        assert response.status_code == 200, response.content[:500]
    assert answers[0].json() == answers[1].json()
    assert answers[1]["Idempotent-Replayed"] == "true"
    results = answers[0].json()["results"]
    assert "id" in results[0] and "id" in results[6]
    assert [list(r["errors"]) for r in results[1:6]] == [
        ["category"], ["category"], ["area"], ["severity"], ["severity"]]
    assert "\ufffd" in results[4]["errors"]["severity"][0]
    assert Observation.objects.count() == 2


def test_json_lines_end_at_newlines_only_and_a_byte_order_mark_is_no_row(api, areas, guard):
    """A JSON string may hold U+2028 as it is (json.dumps(ensure_ascii=False) writes it so),
    and Windows programs begin a file with a byte order mark: neither splits or spoils a row,
    and every row keeps its place."""
    api.force_login(guard)
    lines = [json.dumps(row(0)), json.dumps(row(1, description="Två\u2028rader\x85och mer"),
                                            ensure_ascii=False), json.dumps(row(2))]
    body = ("\ufeff" + "\r\n".join(lines)).encode()
    response = api.generic("POST", URL, body, content_type="application/x-ndjson")
    assert response.status_code == 200, response.content[:500]
    results = response.json()["results"]
    assert [r["index"] for r in results] == [0, 1, 2] and all("id" in r for r in results)
    assert Observation.objects.get(pk=results[1]["id"]).description == "Två\u2028rader\x85och mer"


def test_a_large_batch_is_taken_and_a_body_over_the_limit_is_a_413_in_swedish(
        api, areas, guard):
    api.force_login(guard)
    # 3.3 MB, more than Django's 2.5 MB for a body elsewhere: a batch with long descriptions.
    rows = [row(i, description="Lång beskrivning. " * 180) for i in range(1000)]
    body = json.dumps(rows)
    assert len(body) > 3_000_000
    response = api.generic("POST", URL, body, content_type="application/json")
    assert response.status_code == 200 and response.json()["created"] == 1000

    for content_type in ("application/json", "application/x-ndjson"):
        response = api.generic("POST", URL, " " * (21 * 1024 * 1024), content_type=content_type)
        assert response.status_code == 413, content_type
        assert response.json()["detail"].startswith("Innehållet är för stort: högst 20 MB")
    # Any other body: Django's limit, said the same way.
    response = api.generic("POST", "/api/v1/observations/", json.dumps(rows[:800]),
                           content_type="application/json")
    assert response.status_code == 413
    assert response.json()["detail"].startswith("Innehållet är för stort: högst 2,5 MB")
    assert Observation.objects.count() == 1000


@pytest.mark.parametrize("body, content_type, said", [
    (b'[{"category": 1},]', "application/json", "inte giltig JSON (rad 1, tecken 18)"),
    ('[{"description": "Brändö torg"}]'.encode("latin-1"), "application/json",
     "teckenkodningen"),
    (b'[{"latitude": NaN}]', "application/json", "NaN"),
    (b'[{"people_count": ' + b"9" * 5000 + b"}]", "application/json", "för många siffror"),
    (b'[{"description": "\\ud800"}]', "application/json; charset=unicode_escape",
     "teckenkodningen"),
    (b"[]", "application/json; charset=zlib_codec", "teckenkodningen"),
])
def test_a_body_that_cannot_be_read_is_a_400_in_swedish(api, areas, guard, body, content_type,
                                                        said):
    api.force_login(guard)
    for url in (URL, "/api/v1/observations/"):
        response = api.generic("POST", url, body, content_type=content_type)
        assert response.status_code == 400, (url, response.content)
        assert said in response.json()["detail"], (url, response.json())


def test_json_lines_past_the_most_rows_are_refused_unread(api, areas, guard):
    api.force_login(guard)
    body = "\n".join(["x"] * 200_000)
    response = api.generic("POST", URL, body, content_type="application/x-ndjson")
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == ["Högst 5000 observationer per anrop."]


def test_the_statements_of_a_bulk_request_do_not_grow_with_its_rows(api, areas, guard):
    api.force_login(guard)

    def statements(n):
        rows = [row(i) for i in range(n)]
        with CaptureQueriesContext(connection) as context:
            response = api.post(URL, rows, format="json")
        assert response.json()["created"] == n
        stores = [q["sql"] for q in context.captured_queries
                  if q["sql"].startswith('COPY "observations_observation" ')]
        assert len(stores) == 1  # the valid rows in one statement
        return len(context.captured_queries)

    assert statements(10) == statements(200)


def test_text_with_tabs_newlines_and_backslashes_is_stored_as_it_was_sent(api, areas, guard):
    api.force_login(guard)
    text = "Rad ett\nRad\ttvå \\N och \\\\ snedstreck\r\n\"citat\" 'enkla' åäö 🚲"
    category = Category.objects.get(slug="klotter")
    category.name = "Klotter\t\\N \n(tagg)"
    category.save()
    response = api.post(URL, [row(0, description=text, place_description=text[:100])],
                        format="json")
    [result] = response.json()["results"]
    stored = Observation.objects.get(pk=result["id"])
    assert stored.description == text and stored.place_description == text[:100]
    entry = AuditEntry.objects.get(verb="observation.logged", object_id=str(stored.pk))
    assert entry.changes["category"] == category.name
    assert entry.object_repr.startswith(category.name)


def test_the_api_serializer_checks_every_rule_of_the_model_fields_it_takes():
    """The API logs with fields_checked=True (services.validate_new runs only clean()): that
    holds while every field the serializer takes carries its model field's limits, choices
    and emptiness. A model field given a new rule fails here until the serializer has it."""
    from django.core import validators
    from django.db import models

    from observations.api.serializers import ObservationSerializer

    def limits(validator_list):
        return {(type(v).__name__, v.limit_value) for v in validator_list
                if isinstance(v, validators.BaseValidator)}

    serializer = ObservationSerializer()
    taken = [f for f in serializer.fields.values() if not f.read_only]
    assert {f.source for f in taken} >= {"category", "occurred_at", "latitude", "longitude",
                                         "area", "description", "place_description",
                                         "severity", "people_count", "restricted"}
    for field in taken:
        model_field = Observation._meta.get_field(field.source)
        if isinstance(model_field, models.ForeignKey):
            continue  # the row itself is looked up; clean() says whether it may be chosen
        if model_field.choices:  # a choice is no longer than the longest choice
            assert set(field.choices) == {value for value, _label in model_field.choices}
        else:
            assert limits(model_field.validators) <= limits(field.validators), field.source
        if not model_field.null:
            assert not field.allow_null or field.source in ("latitude", "longitude"), field.source
        if isinstance(model_field, (models.CharField, models.TextField)) and not model_field.blank:
            assert not field.allow_blank, field.source


# Values a partner's system might send in any field: right, wrong, empty, odd, and repeated
# (a bulk request answers a value seen before from what it found the first time).
ODD_VALUES = [
    None, True, False, 0, 1, 2, -1, 3.5, 1.0, float("nan"), float("inf"), "", "  ", "1", "1.0",
    "x", " klotter ", "a\x00b", "\ud800", "low", "high", "enorm", 59.5, 17.6, 90.0, 90.5,
    -180.0, "59.5", 10_000, 10_001, [], {}, "x" * 301, "x" * 4001, " " + "y" * 300 + " ",
    "2026-12-01T10:00:00+01:00", "2026-12-01T10:00:00", "2026-12-01 10:00Z",
    "2026-02-30T10:00:00+01:00", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00",
    "2026-12-01", "1 december",
]


def test_a_bulk_request_checks_each_row_exactly_as_a_single_create_would(areas):
    """The bulk endpoint validates its rows with the serializer's loop for many rows
    (validating_rows: fields answered directly, values seen before answered as the first
    time); each row's answer, errors included, is the single create's (run_validation)."""
    from hypothesis import HealthCheck, example, given, settings
    from hypothesis import strategies as st

    from observations.api.serializers import ObservationSerializer
    from trygghet import options
    from trygghet.models import Area

    retired = Category.objects.create(name="Gammal", slug="gammal", active=False)
    ids = [retired.pk, Category.objects.first().pk, Area.objects.first().pk, 999_999]
    keys = ["category", "occurred_at", "latitude", "longitude", "area", "place_description",
            "description", "severity", "people_count", "restricted", "id", "status"]
    value = st.sampled_from(ODD_VALUES + ids + [str(i) for i in ids])
    rows = st.lists(st.one_of(st.dictionaries(st.sampled_from(keys), value), value,
                              st.just(row())), min_size=1, max_size=25)
    context = {"preloaded": {Category: options.by_pk(Category), Area: options.by_pk(Area)}}

    def answer(validate, data):
        try:
            return "valid", validate(data)
        except Exception as error:  # noqa: BLE001 - the kind and detail are compared
            return type(error).__name__, getattr(error, "detail", str(error))

    @settings(max_examples=300, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(rows)
    # Values equal in Python but not to a field: each gets its own answer.
    @example([{**row(), key: value} for key in ("category", "people_count", "restricted")
              for value in (True, 1, 1.0, "1")]).via("values equal in Python")
    @example([{**row(), "severity": value} for value in (0.0, -0.0)]).via("a signed zero")
    def check(batch):
        single = ObservationSerializer(context=context)
        many = ObservationSerializer(many=True, context=context).child
        with many.validating_rows() as validate:
            for data in batch:
                assert answer(validate, data) == answer(single.run_validation, data), data

    check()


def test_a_serializer_with_rules_of_its_own_validates_each_row_its_own_way():
    """A rule across fields (validate) would be skipped by the loop for many rows: such a
    serializer's rows go DRF's whole way."""
    from rest_framework import serializers

    from trygghet.api.serializers import ModelSerializer

    class Strict(ModelSerializer):
        class Meta:
            model = Category
            fields = ["name", "slug"]

        def validate(self, attrs):
            if attrs["name"] == attrs["slug"]:
                raise serializers.ValidationError("Namn och kortnamn får inte vara lika.")
            return attrs

    with Strict().validating_rows() as validate:
        with pytest.raises(serializers.ValidationError, match="får inte vara lika"):
            validate({"name": "a", "slug": "a"})


def test_each_audit_entry_of_an_import_names_its_own_observations_category(api, areas, guard):
    """Entries of one category share their record of the change; no entry takes another's."""
    kinds = list(Category.objects.filter(active=True).order_by("name")[:3])
    rows = [row(i, category=kinds[i % 3].pk) for i in range(12)]
    api.force_login(guard)
    results = api.post(URL, rows, format="json").json()["results"]
    for result, sent in zip(results, rows):
        entry = AuditEntry.objects.get(verb="observation.logged", object_id=str(result["id"]))
        assert entry.changes == {"category": Category.objects.get(pk=sent["category"]).name,
                                 "source": "api"}
