"""The OpenAPI schema documents every operation's error answers by rule (trygghet/api/schema.py),
whatever app the operation comes from; and the answers it documents are the ones given."""

import jsonschema
import pytest
from django.urls import resolve
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token

from observations.models import Observation
from trygghet.api.idempotency import HEADER
from trygghet.api.router import build_router
from trygghet.api.serializers import ModelSerializer, may_be_null

from ..factories import ObservationFactory

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def names(operation, where):
    return {p["name"] for p in operation.get("parameters", []) if p["in"] == where}


def view_of(path, method):
    """The viewset class and the action that answer `method` on `path`."""
    match = resolve(path.replace("{id}", "1"))
    return match.func.cls, match.func.actions.get(method)


def answer_schema(schema, operation, status):
    """The body schema an operation documents for a status, its references resolved."""
    answer = operation["responses"][status]
    if "$ref" in answer:
        answer = schema["components"]["responses"][answer["$ref"].rsplit("/", 1)[1]]
    return answer["content"]["application/json"]["schema"]


def test_every_operation_documents_401_403_and_429_with_the_shared_error(schema):
    for path, method, operation in operations(schema):
        for status, component in (("401", "Unauthorized"), ("403", "Forbidden"),
                                  ("429", "TooManyRequests")):
            assert operation["responses"].get(status) == {
                "$ref": f"#/components/responses/{component}"}, (method, path, status)


def test_every_operation_that_takes_input_or_changes_something_documents_400(schema):
    for path, method, operation in operations(schema):
        takes_input = "requestBody" in operation or names(operation, "query")
        if takes_input or method != "get":
            assert operation["responses"].get("400") == {
                "$ref": "#/components/responses/BadRequest"}, (method, path)


def test_operations_on_one_row_and_paginated_lists_document_404(schema):
    paginated = 0
    for path, method, operation in operations(schema):
        success = operation["responses"].get("200", {}).get("content", {})
        body = success.get("application/json", {}).get("schema", {})
        is_page = body.get("$ref", "").split("/")[-1].startswith("Paginated")
        paginated += is_page
        if names(operation, "path") or is_page:
            assert operation["responses"].get("404") == {
                "$ref": "#/components/responses/NotFound"}, (method, path)
    assert paginated > 5


JSON_LINES = {"application/x-ndjson", "application/jsonl"}


def test_bodies_are_json_only_and_document_415(schema):
    for path, method, operation in operations(schema):
        if "requestBody" in operation:
            content = set(operation["requestBody"]["content"])
            # JSON, and for bulk logging JSON lines (one JSON object per line) besides.
            assert "application/json" in content and content - {"application/json"} <= JSON_LINES, path
            assert "415" in operation["responses"], (method, path)


def test_a_writable_revision_on_an_existing_row_documents_409(schema):
    components = schema["components"]["schemas"]
    found = 0
    for path, method, operation in operations(schema):
        body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
        ref = body.get("schema", {}).get("$ref", "")
        revision = components.get(ref.rsplit("/", 1)[-1], {}).get("properties", {}).get(
            "revision", {})
        if revision and not revision.get("readOnly") and names(operation, "path"):
            found += 1
            assert operation["responses"].get("409") == {
                "$ref": "#/components/responses/Conflict"}, (method, path)
    assert found > 5


def test_the_idempotency_key_is_documented_exactly_where_it_is_honoured(schema):
    documented = set()
    for path, method, operation in operations(schema):
        viewset, action = view_of(path, method)
        honoured = method == "post" and action in getattr(viewset, "idempotent_actions", ())
        if HEADER in names(operation, "header"):
            documented.add((viewset, action))
        assert (HEADER in names(operation, "header")) == honoured, (method, path)
    # Every viewset that honours the header on its create says so in the schema.
    from trygghet.api.idempotency import IdempotentCreateMixin

    idempotent = {viewset for _prefix, viewset, _basename in build_router().registry
                  if issubclass(viewset, IdempotentCreateMixin)}
    assert idempotent and all((viewset, "create") in documented for viewset in idempotent)


def test_the_areas_list_is_documented_as_the_feature_collection_it_returns(schema):
    answer = answer_schema(schema, schema["paths"]["/api/v1/areas/"]["get"], "200")
    collection = schema["components"]["schemas"][answer["$ref"].rsplit("/", 1)[1]]
    assert collection["type"] == "object"
    assert collection["properties"]["features"]["type"] == "array"
    assert set(collection["required"]) == {"type", "features"}


def serializer_classes(base):
    for cls in base.__subclasses__():
        yield cls
        yield from serializer_classes(cls)


def test_every_read_only_field_that_may_meet_a_null_is_documented_nullable(schema):
    components = schema["components"]["schemas"]
    checked = 0
    for cls in serializer_classes(ModelSerializer):
        component = components.get(cls.__name__.removesuffix("Serializer"))
        if component is None:
            continue
        for name, field in cls().fields.items():
            if field.read_only and may_be_null(cls.Meta.model, field.source or name):
                checked += 1
                assert component["properties"][name].get("nullable") is True, (cls, name)
    assert checked >= 5


def test_a_path_may_be_null_through_a_nullable_key_a_reverse_one_to_one_or_a_null_column():
    from meetings.models import AgendaItem
    from observations.interventions.models import Decision

    assert may_be_null(Observation, "area.name")
    assert not may_be_null(Observation, "category.name")
    assert not may_be_null(Observation, "events")  # a list, empty at worst
    assert may_be_null(AgendaItem, "case.diarienummer")
    assert may_be_null(Decision, "intervention")


def test_a_field_reached_through_an_empty_relation_is_documented_and_answered_as_null(
        schema, api, areas, reporter, categories):
    assert schema["components"]["schemas"]["Observation"]["properties"]["area_name"][
        "nullable"] is True
    outside = ObservationFactory(reporter=reporter, category=categories["nedskrapning"],
                                 latitude=59.0, longitude=18.5)
    assert outside.area is None
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=reporter).key}")
    answer = api.get(f"/api/v1/observations/{outside.pk}/")
    assert answer.status_code == 200 and answer.json()["area_name"] is None


@pytest.mark.parametrize("request_args, status", [
    (("get", "/api/v1/nothing-here/"), 404),
    (("get", "/api/v1/cases/1.5/"), 404),
    (("get", "/api/v1/cases/?page=0"), 404),
    (("get", "/api/v1/cases/?page=abc"), 404),
    (("get", "/api/v1/cases/?page_size=-1"), 200),
    (("delete", "/api/v1/interventions/0/"), 405),
    (("patch", "/api/v1/cases/0/", "title=x", "application/x-www-form-urlencoded"), 404),
    (("post", "/api/v1/cases/", "title=x", "application/x-www-form-urlencoded"), 415),
    (("post", "/api/v1/observations/", "a=b", "multipart/form-data; boundary=x"), 415),
    (("post", "/api/v1/observations/", '{"category":', "application/json"), 400),
])
def test_every_error_under_api_is_json_in_the_documented_shape(
        schema, client, staff, reporter, request_args, status):
    method, path, *body = request_args
    user = staff if "/cases/" in path else reporter
    token = Token.objects.create(user=user).key
    kwargs = {"data": body[0], "content_type": body[1]} if body else {}
    answer = getattr(client, method)(path, HTTP_AUTHORIZATION=f"Token {token}", **kwargs)
    assert answer.status_code == status, answer.content
    assert answer["Content-Type"] == "application/json"
    if status >= 400:
        component = "ValidationError" if status == 400 else "Error"
        jsonschema.validate(answer.json(), schema["components"]["schemas"][component])


def test_a_stale_change_answers_409_as_documented(schema, api, areas, coordinator, categories):
    observation = ObservationFactory(reporter=coordinator, category=categories["nedskrapning"])
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=coordinator).key}")
    path = f"/api/v1/observations/{observation.pk}/follow-up/"
    assert api.post(path, {"comment": "Först", "revision": observation.revision},
                    format="json").status_code == 200
    answer = api.post(path, {"status": Observation.Status.RESOLVED,
                             "revision": observation.revision}, format="json")
    assert answer.status_code == 409
    jsonschema.validate(answer.json(), schema["components"]["schemas"]["Conflict"])
    assert answer.json()["changed_at"] and isinstance(answer.json()["changes"], dict)


def test_a_server_error_under_api_is_json_and_elsewhere_the_error_page(rf):
    from trygghet import views

    api = views.server_error(rf.get("/api/v1/observations/"))
    assert api.status_code == 500 and api["Content-Type"] == "application/json"
    page = views.server_error(rf.get("/observationer/"))
    assert page.status_code == 500 and page["Content-Type"].startswith("text/html")
