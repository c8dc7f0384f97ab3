"""The committee's pages: who may read and change what, the Swedish errors, stale saves that
keep the typed text, downloads."""

import io
import uuid
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from meetings import services
from meetings.models import Case

from .conftest import draft, held_meeting_with, meeting_on, members, ready
from .test_cases import pdf_bytes

pytestmark = pytest.mark.django_db


def case_form(**overrides):
    return {"committee": overrides.pop("committee"), "diarienummer": "", "title": "Trygghetsvandring",
            "office": "Kommunledningskontoret", "officer_name": "Camilla Stark",
            "officer_email": "camilla.stark@example.se", "date": "2022-01-21",
            "proposals": "Trygghetsutskottet noterar informationen.",
            "summary": "Kort sammanfattning.", "decision_basis": "Tjänsteskrivelse",
            "body": "<p>Text</p>", "child_perspective": "Barn och unga berörs.",
            "signatories": "Ida Texell, Kommundirektör", "send_to": "Kommunstyrelsen",
            "submission": str(uuid.uuid4()), **overrides}


def test_committee_staff_create_a_case_with_the_next_free_number(client, staff, committee):
    client.force_login(staff)
    page = client.get("/utskott/arenden/nytt/")
    year = timezone.localdate().year % 100
    assert page.status_code == 200 and f"KS {year:02d}/0001" in page.content.decode()
    response = client.post("/utskott/arenden/nytt/", case_form(committee=committee.pk))
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/utskott/arenden/{case.pk}/"
    assert case.diarienummer == f"KS {year:02d}/0001"
    assert case.proposals == ["Trygghetsutskottet noterar informationen."]
    assert case.signatories == [{"name": "Ida Texell", "title": "Kommundirektör"}]


def test_the_same_form_sent_twice_makes_one_case(client, staff, committee):
    client.force_login(staff)
    data = case_form(committee=committee.pk)
    client.post("/utskott/arenden/nytt/", data)
    client.post("/utskott/arenden/nytt/", data)
    assert Case.objects.count() == 1


@pytest.mark.parametrize("typed, message", [
    ("KS 2022/91", "Ange diarienumret som serie, år och nummer, till exempel KS 22/0091."),
    ("KS 22/0091", "KS 22/0091 används redan av ärendet ”Medborgarlöfte”. Nästa lediga nummer "
                   "är KS 22/0092."),
])
def test_a_bad_or_taken_diarienummer_is_a_swedish_error_and_the_text_stays(
        client, staff, committee, typed, message):
    from meetings import diarium

    draft(staff, committee, diarienummer=diarium.parse("KS 22/0091"))
    client.force_login(staff)
    response = client.post("/utskott/arenden/nytt/", case_form(
        committee=committee.pk, diarienummer=typed, body="<p>Mitt långa ärende.</p>"))
    text = response.content.decode()
    assert response.status_code == 400
    assert message.replace("”", "&#8221;").replace("“", "&#8220;") in text or message in text
    assert "Mitt långa ärende." in text and "Trygghetsvandring" in text
    assert Case.objects.count() == 1


def test_a_stale_save_is_refused_and_shows_what_changed_with_the_typed_text_kept(
        client, staff, committee):
    case = draft(staff, committee)
    client.force_login(staff)
    seen = case.revision
    services.update_case(case=case, by=staff, revision=seen,
                         summary="Kollegans nya sammanfattning.")
    response = client.post(f"/utskott/arenden/{case.pk}/andra/", case_form(
        committee=committee.pk, diarienummer=case.diarienummer, revision=seen,
        summary="Min egen sammanfattning."))
    text = response.content.decode()
    assert response.status_code == 409
    assert "Sara Sekreterare ändrade detta" in text
    assert "Kollegans nya sammanfattning." in text  # what is saved now
    assert "Min egen sammanfattning." in text  # what was typed, still in the form
    case.refresh_from_db()
    assert case.summary == "Kollegans nya sammanfattning."
    # Sent again from the refused page (which now carries the new revision), it is saved.
    assert f'name="revision" value="{case.revision}"' in text
    response = client.post(f"/utskott/arenden/{case.pk}/andra/", case_form(
        committee=committee.pk, diarienummer=case.diarienummer, revision=case.revision,
        summary="Min egen sammanfattning."))
    case.refresh_from_db()
    assert response.status_code == 302 and case.summary == "Min egen sammanfattning."


def test_a_reader_reads_ready_cases_but_cannot_edit_them(client, staff, committee, police):
    drafted, ready_case = draft(staff, committee), ready(staff, committee, title="Klart")
    client.force_login(police)
    assert client.get("/utskott/arenden/").status_code == 200
    assert client.get(f"/utskott/arenden/{drafted.pk}/").status_code == 404
    page = client.get(f"/utskott/arenden/{ready_case.pk}/")
    assert page.status_code == 200 and "Ändra" not in page.content.decode().split("</h1>")[1][:400]
    assert client.get(f"/utskott/arenden/{ready_case.pk}/andra/").status_code == 403
    assert client.post(f"/utskott/arenden/{ready_case.pk}/andra/", case_form(
        committee=committee.pk)).status_code == 403
    assert client.get("/utskott/arenden/nytt/").status_code == 403


def test_members_without_read_access_see_nothing_of_the_committee(client, staff, committee,
                                                                  guard):
    case = ready(staff, committee)
    client.force_login(guard)
    assert client.get("/utskott/").status_code == 403
    assert client.get(f"/utskott/arenden/{case.pk}/").status_code == 404
    assert "Utskottet" not in client.get("/observationer/").content.decode()


def test_an_attachment_is_checked_when_uploaded_and_served_only_as_a_download(
        client, staff, committee, police, guard):
    case = ready(staff, committee)
    client.force_login(staff)
    response = client.post(f"/utskott/arenden/{case.pk}/bilagor/", {
        "title": "Falsk", "file": SimpleUploadedFile("falsk.pdf", b"<script>alert(1)</script>")})
    assert response.status_code == 400 and "PDF eller Word" in response.content.decode()
    client.post(f"/utskott/arenden/{case.pk}/bilagor/", {
        "title": "Löftet 2018", "file": SimpleUploadedFile("lofte.pdf", pdf_bytes())})
    attachment = case.attachments.get()
    url = f"/utskott/arenden/{case.pk}/bilagor/{attachment.pk}/"
    client.force_login(police)
    download = client.get(url)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    client.force_login(guard)
    assert client.get(url).status_code == 404


def test_a_case_downloads_as_word_and_pdf(client, staff, committee):
    case = ready(staff, committee)
    client.force_login(staff)
    word = client.get(f"/utskott/arenden/{case.pk}/tjansteskrivelse.docx")
    import docx

    assert word.status_code == 200
    assert "Barnperspektiv" in [p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs]
    pdf = client.get(f"/utskott/arenden/{case.pk}/tjansteskrivelse.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_meeting_downloads_as_a_calendar_event(client, staff, committee, police):
    meeting = meeting_on(staff, committee)
    services.add_case_to_agenda(meeting=meeting, by=staff, case=ready(staff, committee))
    client.force_login(police)
    response = client.get(f"/utskott/moten/{meeting.pk}/mote.ics")
    from icalendar import Calendar

    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert response["Content-Type"].startswith("text/calendar")
    assert str(event["SUMMARY"]) == "Trygghetsutskottets sammanträde den 18 februari 2022"
    assert str(event["LOCATION"]) == "Kommunhuset, Kungsängen"
    assert event.decoded("DTSTART") == meeting.starts_at
    assert "Medborgarlöfte" in str(event["DESCRIPTION"])


def test_staff_plan_a_meeting_and_set_its_agenda_through_the_pages(client, staff, committee):
    case = ready(staff, committee)
    client.force_login(staff)
    response = client.post("/utskott/moten/nytt/", {
        "committee": committee.pk, "kind": "sammantrade", "date": "2022-02-18", "starts": "13:00",
        "ends": "12:00", "place": "Kommunhuset"})
    assert response.status_code == 400 and "Mötet måste sluta efter att det börjar." in \
        response.content.decode()
    response = client.post("/utskott/moten/nytt/", {
        "committee": committee.pk, "kind": "sammantrade", "date": "2022-02-18", "starts": "13:00",
        "ends": "15:00", "place": "Kommunhuset", "submission": str(uuid.uuid4())})
    meeting_url = response["Location"]
    pk = int(meeting_url.rstrip("/").split("/")[-1])
    assert client.post(f"/utskott/moten/{pk}/dagordning/arende/",
                       {"case": case.pk, "publicity": "offentlig"}).status_code == 302
    response = client.post(f"/utskott/moten/{pk}/dagordning/information/",
                           {"title": "", "publicity": "offentlig"})
    assert response.status_code == 400 and "Ge informationspunkten en rubrik." in \
        response.content.decode()
    client.post(f"/utskott/moten/{pk}/dagordning/information/",
                {"title": "Lägesbild", "speaker": "Karin", "publicity": "offentlig",
                 "submission": str(uuid.uuid4())})
    agenda = client.get(meeting_url).content.decode().split('id="dagordning"')[1]
    assert agenda.index("Medborgarlöfte") < agenda.index("Lägesbild")


def test_a_reader_does_not_see_items_holding_personal_data(client, staff, committee, police):
    meeting = meeting_on(staff, committee)
    services.add_case_to_agenda(meeting=meeting, by=staff, case=ready(staff, committee))
    secret = ready(staff, committee, title="Enskild elev")
    services.add_case_to_agenda(meeting=meeting, by=staff, case=secret,
                                publicity="personuppgifter")
    client.force_login(police)
    text = client.get(f"/utskott/moten/{meeting.pk}/").content.decode()
    assert "Medborgarlöfte" in text and "Enskild elev" not in text
    assert "1 punkt innehåller personuppgifter" in text
    assert client.get(f"/utskott/arenden/{secret.pk}/").status_code == 404


def test_justering_past_fourteen_days_warns_on_the_page(client, staff, committee):
    meeting = held_meeting_with(staff, committee, [ready(staff, committee)])
    protocol = services.start_protocol(meeting=meeting, by=staff)
    services.update_protocol(protocol=protocol, by=staff, adjuster=members(committee)["Hans Åberg"])
    client.force_login(staff)
    url = f"/utskott/moten/{meeting.pk}/protokoll/{protocol.pk}/"
    response = client.post(url + "justera/", {"adjusted_on": "2022-03-10"})
    assert response.status_code == 400 and "Beslut saknas i: § 1 Medborgarlöfte." in \
        response.content.decode()
    paragraph = protocol.paragraphs.get()
    response = client.post(url + f"paragrafer/{paragraph.pk}/", {
        "decision": "bifall", "notes": "", "revision": paragraph.revision})
    assert response.status_code == 302
    response = client.post(url + "justera/", {"adjusted_on": "2022-03-10"}, follow=True)
    text = response.content.decode()
    assert "Protokollet är justerat" in text and "mer än 14 dagar efter mötet" in text
    assert "2022-03-31" in text  # the anslagsbevis: three weeks after posting, a Thursday


def test_a_stale_paragraph_save_keeps_the_typed_notes(client, staff, committee):
    meeting = held_meeting_with(staff, committee, [ready(staff, committee)])
    protocol = services.start_protocol(meeting=meeting, by=staff)
    paragraph = protocol.paragraphs.get()
    seen = paragraph.revision
    services.record_paragraph(paragraph=paragraph, by=staff, notes="Kollegans anteckning.",
                              revision=seen)
    client.force_login(staff)
    response = client.post(
        f"/utskott/moten/{meeting.pk}/protokoll/{protocol.pk}/paragrafer/{paragraph.pk}/",
        {"notes": "Min anteckning.", "decision": "", "revision": seen})
    assert response.status_code == 409
    assert "Min anteckning." in response.content.decode()


def test_the_protokoll_is_justerat_only_once_and_corrected_as_a_new_version(client, staff,
                                                                            committee):
    meeting = held_meeting_with(staff, committee, [ready(staff, committee)])
    protocol = services.start_protocol(meeting=meeting, by=staff)
    services.update_protocol(protocol=protocol, by=staff, adjuster=members(committee)["Hans Åberg"])
    services.record_paragraph(paragraph=protocol.paragraphs.get(), by=staff, decision="bifall")
    services.adjust_protocol(protocol=protocol, by=staff, adjusted_on=date(2022, 2, 25))
    client.force_login(staff)
    url = f"/utskott/moten/{meeting.pk}/protokoll/{protocol.pk}/"
    response = client.post(url + "justera/", {"adjusted_on": "2022-02-26"})
    assert response.status_code == 400 and "Protokollet är justerat" in response.content.decode()
    response = client.post(url + "rattelse/", {"reason": "Fel i § 1."})
    assert response.status_code == 302 and response["Location"] != url
    assert meeting.protocols.count() == 2


def test_the_compile_page_follows_the_job(client, staff, committee):
    meeting = meeting_on(staff, committee, when=timezone.now() + timedelta(days=7))
    services.add_case_to_agenda(meeting=meeting, by=staff, case=ready(staff, committee))
    client.force_login(staff)
    response = client.post(f"/utskott/moten/{meeting.pk}/handlingar/")
    job_url = response["Location"]
    page = client.get(job_url)
    assert page.status_code == 200 and "I kö" in page.content.decode()
    job = meeting.document_jobs.get()
    api = client.get(f"/api/v1/document-jobs/{job.pk}/").json()
    assert api["state"] == "queued" and api["download"] is None
    services.run_handlingar(job_id=job.pk)
    api = client.get(f"/api/v1/document-jobs/{job.pk}/").json()
    assert api["state"] == "done" and api["steps_done"] == api["steps_total"] == 3
    pdf = client.get(api["download"])
    assert pdf.status_code == 200 and pdf["Content-Disposition"].startswith("attachment;")


def test_a_case_form_sent_again_with_other_content_keeps_the_first(client, staff, committee):
    import uuid

    client.force_login(staff)
    submission = str(uuid.uuid4())
    first = client.post("/utskott/arenden/nytt/",
                        case_form(committee=committee.pk, submission=submission))
    assert first.status_code == 302
    again = client.post("/utskott/arenden/nytt/", case_form(
        committee=committee.pk, submission=submission, title="Ändrad rubrik"))
    page = again.content.decode()
    assert again.status_code == 400 and "redan skickat en gång" in page and "Idempotency" not in page
    assert Case.objects.count() == 1
