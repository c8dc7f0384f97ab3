"""The public anslagstavla and the published handlingar and protokoll: no login, nothing
unpublished, nothing marked as holding personal data or under secrecy."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from meetings import services
from meetings.models import DocumentJob

from .conftest import held_meeting_with, members, ready
from .test_cases import pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting_with_secret(staff, committee):
    """A held meeting: one public case with an attachment, one holding personal data."""
    public = ready(staff, committee, title="Medborgarlöfte")
    attachment = services.add_attachment(case=public, by=staff, title="Löftet 2018",
                                         upload=SimpleUploadedFile("l.pdf", pdf_bytes()))
    secret = ready(staff, committee, title="Enskild elev", summary="Kalle Hemlig byter skola.")
    secret_attachment = services.add_attachment(case=secret, by=staff, title="Elevakt",
                                                upload=SimpleUploadedFile("e.pdf", pdf_bytes()))
    meeting = held_meeting_with(staff, committee, [public])
    return meeting, public, secret, attachment, secret_attachment


def publish(staff, meeting):
    services.publish_handlingar(meeting=meeting, by=staff)
    for job in DocumentJob.objects.filter(meeting=meeting, variant="public"):
        services.run_handlingar(job_id=job.pk)


def secret_item(staff, committee, secret):
    from .conftest import meeting_on

    meeting = meeting_on(staff, committee, when=timezone.now() - timedelta(days=2))
    services.add_case_to_agenda(meeting=meeting, by=staff, case=ready(
        staff, committee, title="Öppet ärende"))
    item = services.add_case_to_agenda(meeting=meeting, by=staff, case=secret,
                                       publicity="personuppgifter")
    services.call_meeting(meeting=meeting, by=staff)
    return meeting, item


def test_an_unpublished_meetings_documents_answer_404(client, staff, committee,
                                                      meeting_with_secret):
    meeting, public, _s, attachment, _sa = meeting_with_secret
    item = meeting.agenda_items.get()
    for path in (f"/anslagstavla/moten/{meeting.pk}/",
                 f"/anslagstavla/moten/{meeting.pk}/handlingar.pdf",
                 f"/anslagstavla/moten/{meeting.pk}/punkter/{item.pk}/",
                 f"/anslagstavla/moten/{meeting.pk}/bilagor/{attachment.pk}/",
                 f"/anslagstavla/moten/{meeting.pk}/protokoll/",
                 f"/anslagstavla/moten/{meeting.pk}/protokoll.pdf"):
        assert client.get(path).status_code == 404, path
    publish(staff, meeting)
    assert client.get(f"/anslagstavla/moten/{meeting.pk}/").status_code == 200
    assert client.get(f"/anslagstavla/moten/{meeting.pk}/punkter/{item.pk}/").status_code == 200
    pdf = client.get(f"/anslagstavla/moten/{meeting.pk}/handlingar.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert client.get(f"/anslagstavla/moten/{meeting.pk}/bilagor/{attachment.pk}/").status_code == 200
    # The protokoll is not published until it is justerat and published.
    assert client.get(f"/anslagstavla/moten/{meeting.pk}/protokoll/").status_code == 404


def test_an_item_holding_personal_data_answers_404_and_leaves_a_note(client, staff, committee,
                                                                      meeting_with_secret):
    _m, _p, secret, _a, secret_attachment = meeting_with_secret
    meeting, item = secret_item(staff, committee, secret)
    publish(staff, meeting)
    page = client.get(f"/anslagstavla/moten/{meeting.pk}/")
    text = page.content.decode()
    assert page.status_code == 200 and "Öppet ärende" in text
    assert "Enskild elev" not in text and "Kalle Hemlig" not in text
    assert "innehåller personuppgifter eller omfattas av sekretess" in text
    assert client.get(f"/anslagstavla/moten/{meeting.pk}/punkter/{item.pk}/").status_code == 404
    assert client.get(
        f"/anslagstavla/moten/{meeting.pk}/bilagor/{secret_attachment.pk}/").status_code == 404


def test_the_anslag_appears_on_the_notice_board_after_justering(client, staff, committee):
    today = timezone.localdate()
    meeting = held_meeting_with(staff, committee, [ready(staff, committee)],
                                when=timezone.now() - timedelta(days=3))
    assert "Inga anslag just nu." in client.get("/anslagstavla/").content.decode()
    protocol = services.start_protocol(meeting=meeting, by=staff)
    services.update_protocol(protocol=protocol, by=staff, adjuster=members(committee)["Hans Åberg"])
    services.record_paragraph(paragraph=protocol.paragraphs.get(), by=staff, decision="bifall")
    services.adjust_protocol(protocol=protocol, by=staff, adjusted_on=today)
    page = client.get("/anslagstavla/")
    text = page.content.decode()
    assert page.status_code == 200 and page["Cache-Control"] == "public, max-age=300"
    assert meeting.title in text
    posting = protocol.postings.get()
    assert posting.appeal_ends_on.isoformat() in text and posting.posted_on.isoformat() in text
    assert "Kommunledningskontoret" in text
    # Not yet published: the anslag is there, the protokoll is not linked.
    assert f"/anslagstavla/moten/{meeting.pk}/protokoll/" not in text
    services.publish_protocol(protocol=protocol, by=staff)
    assert f"/anslagstavla/moten/{meeting.pk}/protokoll/" in client.get("/anslagstavla/").content.decode()
    public = client.get(f"/anslagstavla/moten/{meeting.pk}/protokoll/")
    assert public.status_code == 200 and "Anslagsbevis" in public.content.decode()
    assert client.get(f"/anslagstavla/moten/{meeting.pk}/protokoll.pdf").status_code == 200


def test_a_published_protokoll_leaves_out_a_paragraph_holding_personal_data(client, staff,
                                                                            committee):
    from .conftest import meeting_on

    meeting = meeting_on(staff, committee, when=timezone.now() - timedelta(days=3))
    services.add_case_to_agenda(meeting=meeting, by=staff, case=ready(staff, committee))
    services.add_case_to_agenda(meeting=meeting, by=staff, case=ready(
        staff, committee, title="Enskild elev"), publicity="sekretess")
    services.call_meeting(meeting=meeting, by=staff)
    services.mark_meeting_held(meeting=meeting, by=staff)
    protocol = services.start_protocol(meeting=meeting, by=staff)
    services.update_protocol(protocol=protocol, by=staff, adjuster=members(committee)["Hans Åberg"])
    for paragraph in protocol.paragraphs.all():
        services.record_paragraph(paragraph=paragraph, by=staff, decision="bifall",
                                  notes="<p>Kalle Hemlig diskuterades.</p>"
                                  if paragraph.title == "Enskild elev" else "")
    services.adjust_protocol(protocol=protocol, by=staff, adjusted_on=timezone.localdate())
    services.publish_protocol(protocol=protocol, by=staff)
    text = client.get(f"/anslagstavla/moten/{meeting.pk}/protokoll/").content.decode()
    assert "Medborgarlöfte" in text
    assert "Enskild elev" not in text and "Kalle Hemlig" not in text
    assert "§ 2" in text and "omfattas av sekretess och publiceras inte här" in text


def test_the_notice_board_shows_no_logged_in_user(client, staff, committee):
    client.force_login(staff)
    text = client.get("/anslagstavla/").content.decode()
    assert "Sara Sekreterare" not in text and "Logga ut" not in text


def test_a_past_anslag_moves_to_recently_taken_down(client, staff, committee):
    meeting = held_meeting_with(staff, committee, [ready(staff, committee)],
                                when=timezone.now() - timedelta(days=40))
    protocol = services.start_protocol(meeting=meeting, by=staff)
    services.update_protocol(protocol=protocol, by=staff, adjuster=members(committee)["Hans Åberg"])
    services.record_paragraph(paragraph=protocol.paragraphs.get(), by=staff, decision="bifall")
    services.adjust_protocol(protocol=protocol, by=staff,
                             adjusted_on=meeting.date + timedelta(days=5))
    text = client.get("/anslagstavla/").content.decode()
    assert "Inga anslag just nu." in text and "Nyligen nedtagna" in text
    assert date.today() > protocol.postings.get().appeal_ends_on


def test_a_case_marked_on_one_agenda_keeps_its_attachment_out_of_that_meetings_page(
        client, staff, committee):
    case = ready(staff, committee, title="Återkommande ärende")
    attachment = services.add_attachment(case=case, by=staff, title="Underlag",
                                         upload=SimpleUploadedFile("u.pdf", pdf_bytes()))
    from .conftest import meeting_on

    first = meeting_on(staff, committee, when=timezone.now() - timedelta(days=20))
    services.add_case_to_agenda(meeting=first, by=staff, case=case)
    services.call_meeting(meeting=first, by=staff)
    publish(staff, first)
    second = meeting_on(staff, committee, when=timezone.now() - timedelta(days=2))
    services.add_information_point(meeting=second, by=staff, title="Öppen punkt")
    from meetings.models import AgendaItem

    # Written straight to the table: the service puts only ready cases on an agenda, and this
    # one is on the first agenda already.
    AgendaItem.objects.create(meeting=second, kind="arende", case=case, position=2,
                              publicity="personuppgifter")
    services.call_meeting(meeting=second, by=staff)
    publish(staff, second)
    assert client.get(f"/anslagstavla/moten/{first.pk}/bilagor/{attachment.pk}/").status_code == 200
    assert client.get(f"/anslagstavla/moten/{second.pk}/bilagor/{attachment.pk}/").status_code == 404
