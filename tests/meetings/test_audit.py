"""Every committee service that changes state writes exactly one audit entry."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings import services
from meetings.models import Committee, CommitteeMember, DocumentJob
from trygghet.models import AuditEntry

from ..trygghet.test_audit import one_entry
from .conftest import draft, members, meeting_on
from .test_cases import pdf_bytes

pytestmark = pytest.mark.django_db


def test_committee_writes(staff):
    committee, entry = one_entry(lambda: services.save_committee(
        committee=Committee(name="Utskottet", protocol_kept_at="Kansliet"), by=staff),
        "committee.created")
    assert entry.actor == staff
    committee.name = "Trygghetsutskottet"
    _c, entry = one_entry(lambda: services.save_committee(committee=committee, by=staff),
                          "committee.changed")
    assert entry.changes == {"name": ["Utskottet", "Trygghetsutskottet"]}
    member = CommitteeMember(committee=committee, name="Hans Åberg", party="(L)",
                             role="vice_ordforande")
    one_entry(lambda: services.save_committee_member(member=member, by=staff),
              "committee.member_added")
    assert member.party == "L"
    member.active = False
    _m, entry = one_entry(lambda: services.save_committee_member(member=member, by=staff),
                          "committee.member_changed")
    assert entry.changes == {"member": "Hans Åberg", "active": [True, False]}


def test_case_writes(staff, committee, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case, entry = one_entry(lambda: draft(staff, committee), "case.created")
    assert entry.changes["title"] == "Medborgarlöfte"
    _c, entry = one_entry(lambda: services.update_case(
        case=case, by=staff, title="Medborgarlöfte 2022", summary="Ny."), "case.edited")
    assert entry.changes == {"title": ["Medborgarlöfte", "Medborgarlöfte 2022"],
                             "summary": "ändrad"}
    one_entry(lambda: services.change_case_status(case=case, by=staff, to="klar"),
              "case.status_changed")
    attachment, _e = one_entry(lambda: services.add_attachment(
        case=case, by=staff, title="Löftet 2018",
        upload=SimpleUploadedFile("a.pdf", pdf_bytes())), "case.attachment_added")
    one_entry(lambda: services.remove_attachment(attachment=attachment, by=staff),
              "case.attachment_removed")


def test_meeting_and_agenda_writes(staff, committee):
    meeting, _e = one_entry(lambda: meeting_on(staff, committee), "meeting.created")
    one_entry(lambda: services.update_meeting(meeting=meeting, by=staff, place="Bro"),
              "meeting.changed")
    case = services.change_case_status(case=draft(staff, committee), by=staff, to="klar")
    item, _e = one_entry(lambda: services.add_case_to_agenda(meeting=meeting, by=staff,
                                                            case=case), "agenda.case_added")
    info, _e = one_entry(lambda: services.add_information_point(
        meeting=meeting, by=staff, title="Lägesbild"), "agenda.information_added")
    one_entry(lambda: services.update_agenda_item(item=item, by=staff,
                                                  publicity="personuppgifter"),
              "agenda.item_changed")
    one_entry(lambda: services.move_agenda_item(item=info, by=staff, up=True),
              "agenda.item_moved")
    one_entry(lambda: services.remove_agenda_item(item=info, by=staff), "agenda.item_removed")
    one_entry(lambda: services.call_meeting(meeting=meeting, by=staff), "meeting.called")
    one_entry(lambda: services.mark_meeting_held(meeting=meeting, by=staff), "meeting.held")
    one_entry(lambda: services.publish_handlingar(meeting=meeting, by=staff),
              "meeting.handlingar_published")


def test_protocol_writes(staff, committee, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = meeting_on(staff, committee)
    case = services.change_case_status(case=draft(staff, committee), by=staff, to="klar")
    services.add_case_to_agenda(meeting=meeting, by=staff, case=case)
    services.call_meeting(meeting=meeting, by=staff)
    services.mark_meeting_held(meeting=meeting, by=staff)
    protocol, _e = one_entry(lambda: services.start_protocol(meeting=meeting, by=staff),
                             "protocol.started")
    one_entry(lambda: services.update_protocol(
        protocol=protocol, by=staff, adjuster=members(committee)["Hans Åberg"]),
        "protocol.edited")
    rows = [{"attendance": a.pk, "presence": "narvarande", "serving_for": None}
            for a in protocol.attendance.all()]
    one_entry(lambda: services.set_attendance(protocol=protocol, by=staff, rows=rows),
              "protocol.attendance_set")
    paragraph = protocol.paragraphs.get()
    one_entry(lambda: services.record_paragraph(paragraph=paragraph, by=staff,
                                                decision="bifall"), "protocol.paragraph_recorded")
    one_entry(lambda: services.adjust_paragraph(paragraph=paragraph, by=staff,
                                                adjusted_on=date(2022, 2, 18)),
              "protocol.paragraph_adjusted")
    one_entry(lambda: services.adjust_protocol(protocol=protocol, by=staff,
                                               adjusted_on=date(2022, 2, 25)),
              "protocol.adjusted")
    one_entry(lambda: services.publish_protocol(protocol=protocol, by=staff),
              "protocol.published")
    one_entry(lambda: services.start_correction(protocol=protocol, by=staff, reason="Stavfel."),
              "protocol.correction_started")


def test_handlingar_writes(staff, committee, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = meeting_on(staff, committee)
    services.add_information_point(meeting=meeting, by=staff, title="Lägesbild")
    job, _e = one_entry(lambda: services.queue_handlingar(meeting=meeting, by=staff),
                        "handlingar.compile_queued")
    _j, entry = one_entry(lambda: services.run_handlingar(job_id=job.pk), "handlingar.compiled")
    assert entry.actor == staff and entry.changes["pages"] >= 2
    # Run again (a redelivered task): the job has its file, nothing more happens.
    before = AuditEntry.objects.count()
    assert services.run_handlingar(job_id=job.pk).file == DocumentJob.objects.get(pk=job.pk).file
    assert AuditEntry.objects.count() == before
    failing = services.queue_handlingar(meeting=meeting, by=staff)
    one_entry(lambda: services.mark_job_failed(job_id=failing.pk, error="Trasig bilaga"),
              "handlingar.compile_failed")


def test_the_admin_sets_up_a_committee_and_its_members_through_the_services(client, admin_user):
    client.force_login(admin_user)
    response = client.post("/admin/meetings/committee/add/", {
        "name": "Trygghetsutskottet", "protocol_kept_at": "Kommunledningskontoret",
        "members-TOTAL_FORMS": "1", "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0", "members-MAX_NUM_FORMS": "1000",
        "members-0-name": "Hans Åberg", "members-0-party": "(L)",
        "members-0-role": "vice_ordforande", "members-0-active": "on",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    member = CommitteeMember.objects.get()
    assert member.party == "L" and member.committee.name == "Trygghetsutskottet"
    assert list(AuditEntry.objects.order_by("pk").values_list("verb", flat=True)) == [
        "committee.created", "committee.member_added"]
