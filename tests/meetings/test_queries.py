"""Queries per committee page and API list do not grow with the number of rows shown."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings import services
from meetings.models import Meeting

from .conftest import meeting_on, members, ready

pytestmark = pytest.mark.django_db


def count(client, path):
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(context.captured_queries)


def grow(staff, committee, meeting, n):
    for i in range(n):
        services.add_case_to_agenda(meeting=meeting, by=staff,
                                    case=ready(staff, committee, title=f"Ärende {i}"))
        services.add_information_point(meeting=meeting, by=staff, title=f"Information {i}",
                                       speaker="Rafif")


def justerat(staff, committee, meeting):
    services.call_meeting(meeting=meeting, by=staff)
    services.mark_meeting_held(meeting=meeting, by=staff)
    services.publish_handlingar(meeting=meeting, by=staff)
    protocol = services.start_protocol(meeting=meeting, by=staff)
    services.update_protocol(protocol=protocol, by=staff, adjuster=members(committee)["Hans Åberg"])
    for paragraph in protocol.paragraphs.all():
        services.record_paragraph(paragraph=paragraph, by=staff,
                                  decision="bifall" if paragraph.case_id else "noterat")
    services.adjust_protocol(protocol=protocol, by=staff, adjusted_on=timezone.localdate())
    services.publish_protocol(protocol=protocol, by=staff)
    return protocol


def pages_of(meeting, protocol):
    m, p = meeting.pk, protocol.pk
    return [f"/utskott/moten/{m}/", f"/utskott/moten/{m}/protokoll/{p}/", "/utskott/arenden/",
            "/api/v1/cases/", "/api/v1/meetings/", f"/api/v1/protocols/{p}/",
            "/api/v1/agenda-items/", f"/anslagstavla/moten/{m}/", f"/anslagstavla/moten/{m}/protokoll/",
            "/anslagstavla/", "/utskott/"]


def test_the_same_number_of_queries_for_two_and_twenty_items(client, staff, committee):
    small = meeting_on(staff, committee, when=timezone.now() - timedelta(days=2))
    grow(staff, committee, small, 2)
    small_protocol = justerat(staff, committee, small)
    big = meeting_on(staff, committee, when=timezone.now() - timedelta(days=1))
    grow(staff, committee, big, 20)
    big_protocol = justerat(staff, committee, big)
    assert Meeting.objects.count() == 2
    client.force_login(staff)
    for few, many in zip(pages_of(small, small_protocol), pages_of(big, big_protocol)):
        if few in ("/utskott/arenden/", "/api/v1/cases/", "/api/v1/meetings/", "/anslagstavla/",
                   "/utskott/", "/api/v1/agenda-items/"):
            continue
        assert count(client, few) == count(client, many), many


def test_lists_cost_the_same_with_few_and_many_rows(client, staff, committee):
    meeting = meeting_on(staff, committee, when=timezone.now() - timedelta(days=2))
    grow(staff, committee, meeting, 2)
    justerat(staff, committee, meeting)
    client.force_login(staff)
    lists = ["/utskott/arenden/", "/api/v1/cases/", "/api/v1/meetings/", "/anslagstavla/",
             "/utskott/", "/api/v1/agenda-items/"]
    before = {path: count(client, path) for path in lists}
    for n in range(8):
        other = meeting_on(staff, committee, when=timezone.now() - timedelta(days=3 + n))
        grow(staff, committee, other, 2)
        justerat(staff, committee, other)
    after = {path: count(client, path) for path in lists}
    assert before == after
