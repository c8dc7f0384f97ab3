"""The published handlingar follow what they contain: a change to a case or to the agenda after
compiling queues a new compile, and the public never gets a PDF older than the change."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings import services
from meetings.models import DocumentJob

from .conftest import held_meeting_with, ready
from .test_cases import pdf_bytes
from .test_documents import flat, text_of

pytestmark = pytest.mark.django_db


def run_queued(meeting):
    for job in DocumentJob.objects.filter(meeting=meeting, state="queued"):
        services.run_handlingar(job_id=job.pk)


def public_pdf_text(client, meeting):
    response = client.get(f"/anslagstavla/moten/{meeting.pk}/handlingar.pdf")
    if response.status_code != 200:
        return response.status_code
    return flat(" ".join(text_of(b"".join(response.streaming_content))))


@pytest.fixture
def published(staff, committee):
    case = ready(staff, committee, title="Medborgarlöfte",
                 summary="Löftet gäller Bro centrum.")
    meeting = held_meeting_with(staff, committee, [case], information=["Lägesbilden"])
    services.publish_handlingar(meeting=meeting, by=staff)
    run_queued(meeting)
    return meeting, case


def test_a_case_changed_after_compiling_is_never_served_from_the_old_pdf(
        client, staff, published):
    meeting, case = published
    assert "Löftet gäller Bro centrum." in public_pdf_text(client, meeting)
    services.update_case(case=case, by=staff, summary="Löftet gäller Kungsängen centrum.")
    assert public_pdf_text(client, meeting) == 404
    page = client.get(f"/anslagstavla/moten/{meeting.pk}/").content.decode()
    assert "handlingar.pdf" not in page and "sammanställs på nytt" in page
    assert DocumentJob.objects.filter(meeting=meeting, variant="public", state="queued").count() == 1
    run_queued(meeting)
    text = public_pdf_text(client, meeting)
    assert "Löftet gäller Kungsängen centrum." in text and "Bro centrum." not in text
    assert "handlingar.pdf" in client.get(f"/anslagstavla/moten/{meeting.pk}/").content.decode()


def test_an_item_marked_as_holding_personal_data_leaves_the_public_pdf_at_once(
        client, staff, published):
    meeting, case = published
    item = meeting.agenda_items.get(case=case)
    services.update_agenda_item(item=item, by=staff, publicity="personuppgifter")
    assert public_pdf_text(client, meeting) == 404
    run_queued(meeting)
    text = public_pdf_text(client, meeting)
    assert "Löftet gäller" not in text and "Lägesbilden" in text


@pytest.mark.parametrize("change", ["attachment", "information", "move", "remove", "meeting"])
def test_every_change_to_what_the_handlingar_hold_makes_the_old_pdf_outdated(
        client, staff, committee, published, change):
    meeting, case = published
    information = meeting.agenda_items.get(kind="information")
    if change == "attachment":
        services.add_attachment(case=case, by=staff, title="Löftet 2018",
                                upload=SimpleUploadedFile("l.pdf", pdf_bytes()))
    elif change == "information":
        services.update_agenda_item(item=information, by=staff, publicity="offentlig",
                                    title="Lägesbilden vecka 7")
    elif change == "move":
        services.move_agenda_item(item=information, by=staff, up=True)
    elif change == "remove":
        services.remove_agenda_item(item=information, by=staff)
    else:
        services.update_meeting(meeting=meeting, by=staff, place="Bro bibliotek")
    assert public_pdf_text(client, meeting) == 404
    run_queued(meeting)
    assert isinstance(public_pdf_text(client, meeting), str)


def test_a_second_change_before_the_compile_queues_no_second_job(client, staff, published):
    meeting, case = published
    services.update_case(case=case, by=staff, summary="Första ändringen.")
    services.update_case(case=case, by=staff, summary="Andra ändringen.")
    assert DocumentJob.objects.filter(meeting=meeting, variant="public", state="queued").count() == 1
    run_queued(meeting)
    assert "Andra ändringen." in public_pdf_text(client, meeting)


def test_the_sweep_queues_published_handlingar_changed_where_no_service_was_told(
        client, staff, published):
    meeting, case = published
    assert services.recompile_outdated() == []
    # As the admin would: straight to the row, past the services.
    type(case).objects.filter(pk=case.pk).update(summary="Ändrad i administrationen.")
    assert public_pdf_text(client, meeting) == 404
    assert services.recompile_outdated() == [meeting]
    assert services.recompile_outdated() == []  # one on the way is enough
    run_queued(meeting)
    assert "Ändrad i administrationen." in public_pdf_text(client, meeting)


def test_a_pdf_compiled_before_fingerprints_is_outdated_and_the_sweep_replaces_it(
        client, staff, published):
    meeting, _case = published
    DocumentJob.objects.filter(meeting=meeting).update(fingerprint="")
    assert public_pdf_text(client, meeting) == 404
    assert services.recompile_outdated() == [meeting]
    run_queued(meeting)
    assert isinstance(public_pdf_text(client, meeting), str)


def test_a_reader_cannot_download_the_outdated_pdf_of_an_item_since_marked_personal(
        client, staff, police, published):
    meeting, case = published
    job = DocumentJob.objects.get(meeting=meeting, variant="public")
    client.force_login(police)
    path = f"/utskott/moten/{meeting.pk}/handlingar/{job.pk}/handlingar.pdf"
    assert client.get(path).status_code == 200
    services.update_agenda_item(item=meeting.agenda_items.get(case=case), by=staff,
                                publicity="personuppgifter")
    assert client.get(path).status_code == 404
    page = client.get(f"/utskott/moten/{meeting.pk}/").content.decode()
    assert path not in page and "en ny sammanställning kommer" in page
    client.force_login(staff)
    assert client.get(path).status_code == 200
