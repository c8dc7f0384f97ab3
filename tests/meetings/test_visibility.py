"""Who sees which committee rows, answered once in meetings/querysets.py."""

import pytest

from meetings import services
from meetings.models import AgendaItem, Case, CaseNumberCounter, DocumentJob, Meeting, Protocol

from .conftest import draft, held_meeting_with, meeting_on, members, ready

pytestmark = pytest.mark.django_db


def test_staff_see_every_case_readers_the_ready_ones_reporters_none(staff, committee, police,
                                                                     coordinator, guard, reporter):
    drafted, done = draft(staff, committee), ready(staff, committee, title="Klart")
    assert set(Case.objects.visible_to(staff)) == {drafted, done}
    assert list(Case.objects.visible_to(police)) == [done]
    assert list(Case.objects.visible_to(coordinator)) == [done]
    assert not Case.objects.visible_to(guard).exists()
    assert not Case.objects.visible_to(reporter).exists()
    assert not Meeting.objects.visible_to(reporter).exists()
    assert not CaseNumberCounter.objects.visible_to(police).exists()


def test_items_holding_personal_data_or_under_secrecy_are_for_staff_only(staff, committee,
                                                                          police):
    meeting = meeting_on(staff, committee)
    open_case, secret = ready(staff, committee), ready(staff, committee, title="Elev")
    services.add_case_to_agenda(meeting=meeting, by=staff, case=open_case)
    services.add_case_to_agenda(meeting=meeting, by=staff, case=secret, publicity="sekretess")
    assert AgendaItem.objects.visible_to(staff).count() == 2
    assert [i.case for i in AgendaItem.objects.visible_to(police)] == [open_case]
    assert list(Case.objects.visible_to(police)) == [open_case]
    # The public sees nothing until the handlingar are published, then only the open item.
    assert not AgendaItem.objects.public().exists()
    services.call_meeting(meeting=meeting, by=staff)
    services.publish_handlingar(meeting=meeting, by=staff)
    assert [i.case for i in AgendaItem.objects.public()] == [open_case]


def test_readers_see_justerade_protokoll_and_public_handlingar_only(staff, committee, police):
    meeting = held_meeting_with(staff, committee, [ready(staff, committee)])
    protocol = services.start_protocol(meeting=meeting, by=staff)
    services.queue_handlingar(meeting=meeting, by=staff)
    assert not Protocol.objects.visible_to(police).exists()
    assert not DocumentJob.objects.visible_to(police).exists()
    services.update_protocol(protocol=protocol, by=staff, adjuster=members(committee)["Hans Åberg"])
    services.record_paragraph(paragraph=protocol.paragraphs.get(), by=staff, decision="bifall")
    services.adjust_protocol(protocol=protocol, by=staff, adjusted_on=meeting.date)
    assert list(Protocol.objects.visible_to(police)) == [protocol]
    assert not Protocol.objects.published().exists()
