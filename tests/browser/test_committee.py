"""The committee secretary's path from a new case to a justerat protokoll, the public
anslagstavla, and the reader who may only read, in a real Chromium on a phone; and axe-core
over every committee page."""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from meetings import services
from meetings.models import Case, Meeting

from ..meetings.conftest import committee, held_meeting_with, members, ready  # noqa: F401
from .conftest import PHONE, log_in
from .test_accessibility import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.celery
def test_staff_take_a_case_from_draft_to_a_justerat_protokoll_and_the_public_sees_the_anslag(
        browser, live_server, phone, areas, staff, committee, police, worker):
    meeting = services.create_meeting(
        by=staff, committee=committee, kind="sammantrade", place="Kommunhuset, Kungsängen",
        starts_at=timezone.now() - timedelta(hours=3))
    worker.start()
    page = phone
    log_in(page, "sekreterare")

    # A new case, its tjänsteskrivelse typed in the form and the editor.
    page.get_by_role("link", name="Ärenden").click()
    page.get_by_role("link", name="Nytt ärende").click()
    page.get_by_role("textbox", name="Rubrik").fill("Trygghetsvandring i Bro")
    page.get_by_role("textbox", name="Handläggarens e-post").fill("sara@example.se")
    page.get_by_role("textbox", name="Förslag till beslut").fill(
        "Trygghetsutskottet ger kommundirektören i uppdrag att genomföra en trygghetsvandring.")
    page.get_by_role("textbox", name="Sammanfattning").fill("Boende vill gå en vandring i Bro.")
    editor = page.get_by_role("textbox", name="Ärendet")
    editor.click()
    page.get_by_role("button", name="Rubrik", exact=True).click()
    page.keyboard.type("Bakgrund")
    page.keyboard.press("Enter")
    page.keyboard.type("Flera observationer om mörka gångvägar.")
    page.get_by_role("textbox", name="Barnperspektiv").fill("Unga rör sig i området kvällstid.")
    page.get_by_role("textbox", name="Underskrifter").fill("Ida Texell, Kommundirektör")
    page.get_by_role("button", name="Skapa ärendet").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Trygghetsvandring i Bro")
    expect(page.get_by_role("heading", name="Bakgrund")).to_be_visible()
    case = Case.objects.get()
    assert "<h3>Bakgrund</h3>" in case.body
    page.get_by_role("button", name="Markera som klart").click()
    expect(page.get_by_role("status").first).to_contain_text("Ärendet är markerat som klart.")

    # On the agenda, the meeting called, the handlingar compiled by the worker and downloaded.
    page.get_by_role("link", name="Utskottet").click()
    page.get_by_role("link", name=meeting.title).click()
    page.get_by_role("combobox", name="Ärende").select_option(label=f"{case.diarienummer} "
                                                                   f"{case.title}")
    page.get_by_role("button", name="Sätt på dagordningen").click()
    expect(page.get_by_role("status").first).to_contain_text("Ärendet står på dagordningen.")
    page.get_by_role("button", name="Markera som kallat").click()
    page.get_by_role("button", name="Sammanställ handlingarna").click()
    download_link = page.get_by_role("link", name="Ladda ned handlingarna (PDF)")
    expect(download_link).to_be_visible(timeout=60_000)
    with page.expect_download() as download:
        download_link.click()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(
        open(download.value.path(), "rb").read())).pages)
    assert "Trygghetsvandring i Bro" in text and case.diarienummer in text
    assert "Handlingar till Trygghetsutskottets sammanträde" in re.sub(r"\s+", " ", text)

    # The protokoll: held, started, justerare chosen, the decision recorded, justerat.
    page.get_by_role("link", name="Till mötet").click()
    page.get_by_role("button", name="Markera som genomfört").click()
    page.get_by_role("button", name="Skriv protokollet").click()
    page.get_by_role("combobox", name="Justerare").select_option(label="Hans Åberg (L)")
    page.get_by_role("button", name="Spara uppgifterna").click()
    expect(page.get_by_role("status").first).to_contain_text("Protokollets uppgifter är sparade.")
    page.get_by_role("link", name=re.compile(r"§ 1 Trygghetsvandring i Bro")).click()
    page.get_by_role("radio", name="förslaget bifalls").check()
    page.get_by_role("button", name="Spara paragrafen").click()
    expect(page.get_by_text("förslaget bifalls")).to_be_visible()
    page.get_by_role("button", name="Justera", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("Protokollet är justerat")
    expect(page.get_by_role("heading", name="Anslagsbevis")).to_be_visible()
    assert Meeting.objects.get().status == "justerat"
    case.refresh_from_db()
    assert case.status == "beslutad"

    # The public anslagstavla, without login.
    public = browser.new_context(viewport=PHONE, base_url=live_server.url)
    board = public.new_page()
    board.goto("/anslagstavla/")
    notice = board.get_by_role("listitem").filter(has_text=meeting.title)
    expect(notice).to_contain_text("Sista dag att överklaga")
    posting = meeting.protocols.get().postings.get()
    expect(notice).to_contain_text(posting.appeal_ends_on.isoformat())
    public.close()

    # A reader reads the case and cannot edit it.
    reader = browser.new_context(viewport=PHONE, base_url=live_server.url)
    reader_page = reader.new_page()
    log_in(reader_page, "polis")
    reader_page.goto(f"/utskott/arenden/{case.pk}/")
    expect(reader_page.get_by_role("heading", level=1)).to_contain_text("Trygghetsvandring i Bro")
    expect(reader_page.get_by_role("link", name="Ändra", exact=True)).to_have_count(0)
    assert reader_page.goto(f"/utskott/arenden/{case.pk}/andra/").status == 403
    reader.close()


def test_a_stale_save_in_the_browser_keeps_what_was_typed(browser, live_server, phone, staff,
                                                          committee):
    case = ready(staff, committee)
    page = phone
    log_in(page, "sekreterare")
    page.goto(f"/utskott/arenden/{case.pk}/andra/")
    services.update_case(case=case, by=staff, summary="Kollegans sammanfattning.")
    page.get_by_role("textbox", name="Sammanfattning").fill("Min sammanfattning.")
    page.get_by_role("button", name="Spara ändringarna").click()
    expect(page.get_by_role("alert")).to_contain_text("ändrade detta")
    expect(page.get_by_role("alert")).to_contain_text("Kollegans sammanfattning.")
    expect(page.get_by_role("textbox", name="Sammanfattning")).to_have_value("Min sammanfattning.")
    page.get_by_role("button", name="Spara ändringarna").click()
    expect(page.get_by_role("status").first).to_contain_text("Ändringarna är sparade.")
    case.refresh_from_db()
    assert case.summary == "Min sammanfattning."


def test_the_committee_pages_have_no_wcag_violations(browser, live_server, phone, areas, staff,
                                                     committee, police):
    case = ready(staff, committee)
    meeting = held_meeting_with(staff, committee, [case], information=["Lägesbild"])
    services.publish_handlingar(meeting=meeting, by=staff)
    for job in meeting.document_jobs.all():
        services.run_handlingar(job_id=job.pk)
    protocol = services.start_protocol(meeting=meeting, by=staff)
    services.update_protocol(protocol=protocol, by=staff, adjuster=members(committee)["Hans Åberg"])
    paragraph = protocol.paragraphs.get(case=case)
    page = phone
    log_in(page, "sekreterare")
    m, p = meeting.pk, protocol.pk
    found = {}
    staff_pages = [
        ("meetings", "/utskott/"), ("new meeting", "/utskott/moten/nytt/"),
        ("cases", "/utskott/arenden/"), ("new case", "/utskott/arenden/nytt/"),
        ("case", f"/utskott/arenden/{case.pk}/"),
        ("meeting", f"/utskott/moten/{m}/"), ("edit meeting", f"/utskott/moten/{m}/andra/"),
        ("agenda item", f"/utskott/moten/{m}/dagordning/{meeting.agenda_items.first().pk}/"),
        ("draft protokoll", f"/utskott/moten/{m}/protokoll/{p}/"),
        ("attendance", f"/utskott/moten/{m}/protokoll/{p}/narvaro/"),
        ("paragraph", f"/utskott/moten/{m}/protokoll/{p}/paragrafer/{paragraph.pk}/"),
        ("compile job", f"/utskott/moten/{m}/handlingar/{meeting.document_jobs.first().pk}/"),
    ]
    for name, path in staff_pages:
        page.goto(path)
        found[name] = violations(page)
    page.goto(f"/utskott/arenden/{case.pk}/andra/")
    found["edit case"] = violations(page)
    page.get_by_role("textbox", name="Rubrik").fill("")
    page.get_by_role("button", name="Spara ändringarna").click()
    found["edit case with errors"] = violations(page)
    page.goto(f"/utskott/moten/{m}/protokoll/{p}/paragrafer/{paragraph.pk}/")
    page.get_by_role("radio", name="förslaget bifalls").check()
    page.get_by_role("button", name="Spara paragrafen").click()
    page.goto(f"/utskott/moten/{m}/protokoll/{p}/")
    page.get_by_role("button", name="Justera", exact=True).click()
    found["justerat protokoll"] = violations(page)
    page.get_by_role("button", name="Publicera protokollet").click()
    public = browser.new_context(viewport=PHONE, base_url=live_server.url)
    citizen = public.new_page()
    for name, path in [("anslagstavla", "/anslagstavla/"),
                       ("public meeting", f"/anslagstavla/moten/{m}/"),
                       ("public item", f"/anslagstavla/moten/{m}/punkter/"
                                       f"{meeting.agenda_items.get(case=case).pk}/"),
                       ("public protokoll", f"/anslagstavla/moten/{m}/protokoll/")]:
        citizen.goto(path)
        found[name] = violations(citizen)
    public.close()
    assert {name: v for name, v in found.items() if v} == {}
