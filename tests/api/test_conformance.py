"""The API answers as its schema says: schemathesis generates requests from the schema a real
server serves (gunicorn, as in production) and sends each as a coordinator, a reporter, a
guard and committee staff (the only ones whose committee writes get past the permission
check), over demo data. No answer may be a 5xx, and every status, content type and body must be
one the schema documents for the operation.

Bounded to a few minutes: a fixed number of examples per operation, no shrinking, and a
derandomized Hypothesis, so that a run is the same on every machine and a failure comes back."""

import io
import time
from datetime import timedelta

import pytest
import requests
import schemathesis
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import resolve
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings as hypothesis_settings, strategies as st
from pypdf import PdfWriter
from rest_framework.authtoken.models import Token
from trygghet.api.throttling import UserRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from trygghet import demo

from ..servers import Servers

pytestmark = pytest.mark.django_db(transaction=True, reset_sequences=True)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
EXAMPLES = 6  # cases per operation, each sent as every role
ROLES = {"coordinator": "koordinator", "reporter": "rapportor", "guard": "vaktare",
         "committee staff": "sekreterare"}
MODES = (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)


def blank_pdf(template_name, context, **kwargs):
    """A PDF of blank pages, as many as a page-stamp sheet needs (else one)."""
    writer, out = PdfWriter(), io.BytesIO()
    for _page in range(context.get("total") or 1):
        writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def demo_data(settings, monkeypatch, categories, intervention_types):
    """The demo's organisations, users and rows of every app, over three weeks; its PDFs are
    blank pages (WeasyPrint takes seconds a document, and the API serves only their
    addresses) and its passwords quick to hash (the API is used with tokens)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.setattr("meetings.demo.render_pdf", blank_pdf)
    monkeypatch.setattr("meetings.compile.render_pdf", blank_pdf)
    demo.load(days=21, today=timezone.localdate() - timedelta(days=1))


@pytest.fixture
def server(tmp_path):
    servers = Servers(tmp_path, API_USER_RATE="1000000/hour")
    servers.url = servers.start()
    yield servers
    servers.stop()


def existing_ids(operation):
    """The ids of the rows behind an operation's `{id}` (visible or not), from the viewset the
    path resolves to, so that requests reach real rows as well as missing ones."""
    if "{id}" not in operation.path:
        return []
    model = resolve(operation.path.replace("{id}", "1")).func.cls.queryset.model
    return list(model.objects.order_by("pk").values_list("pk", flat=True)[:20])


def cases(operation):
    """Valid and invalid requests; for an operation on one row, some on rows that exist."""
    strategies = [operation.as_strategy(generation_mode=mode) for mode in MODES]
    ids = existing_ids(operation)
    if ids:
        strategies += [st.sampled_from(ids).flatmap(
            lambda pk, mode=mode: operation.as_strategy(generation_mode=mode,
                                                        path_parameters={"id": pk}))
            for mode in MODES]
    return st.one_of(strategies)


def check(operation, base_url, tokens, session):
    """Sends the operation's cases as every role; returns the first failure's report."""
    role = None

    @hypothesis_settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                         phases=[Phase.explicit, Phase.generate],
                         suppress_health_check=list(HealthCheck))
    @given(case=cases(operation))
    def examples(case):
        nonlocal role
        for role, token in tokens.items():
            case.call_and_validate(base_url=base_url, session=session, timeout=30,
                                   headers={"Authorization": f"Token {token}"}, checks=CHECKS)

    try:
        examples()
    except (Exception, BaseExceptionGroup) as failure:  # schemathesis' FailureGroup is the latter
        return f"{operation.label} as the {role}: {failure}"
    return None


def server_errors(server):
    """The server's log without its one-line warnings about 4xx answers."""
    lines = [line for line in server.logs().splitlines() if not line.startswith((
        "Not Found:", "Forbidden:", "Bad Request:", "Unauthorized:", "Method Not Allowed:",
        "Unsupported Media Type:", "Conflict:", "Too Many Requests:"))]
    return "\n".join(lines)[-5000:]


@pytest.fixture
def tokens(demo_data):
    """An API token for each role; afterwards their request counts are forgotten, so that the
    thousands of requests made here count against no later test's user of the same id."""
    users = [get_user_model().objects.get(username=username) for username in ROLES.values()]
    yield {role: Token.objects.create(user=user).key for role, user in zip(ROLES, users)}
    throttle = UserRateThrottle()
    cache.delete_many([throttle.cache_format % {"scope": throttle.scope, "ident": user.pk}
                       for user in users])


def test_every_answer_is_one_the_schema_documents(tokens, server):
    schema = schemathesis.openapi.from_url(server.url + "/api/schema/")
    started, failures = time.monotonic(), []
    with requests.Session() as session:
        for result in schema.get_all_operations():
            failure = check(result.ok(), server.url, tokens, session)
            if failure:
                failures.append(failure)
    assert not failures, "\n\n".join(failures) + "\n\nServer errors:\n" + server_errors(server)
    print(f"{len(schema)} operations in {time.monotonic() - started:.0f} s")
