"""The committee's documents: the compiled handlingar, the protokoll PDF, Word and calendar."""

import io
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from meetings import compile as documents, demo, services, word
from meetings.models import Case, DocumentJob, Meeting, Paragraph
from trygghet.demo import DemoContext

from .conftest import draft, held_meeting_with, meeting_on, members, ready
from .test_cases import docx_bytes

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """Text as a reader sees it: line breaks and hyphenation do not matter."""
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def demo_committee(staff, areas):
    import random

    from django.utils import timezone

    demo.load(DemoContext(rng=random.Random(1), users={"sekreterare": staff},
                          today=timezone.localdate()))
    return Meeting.objects.get(starts_at__date=date(2022, 2, 18))


def test_the_demo_handlingar_hold_the_case_every_proposal_and_the_attachments_text(
        demo_committee):
    job = DocumentJob.objects.filter(meeting=demo_committee, variant="full").get()
    pages = text_of(job.file.read())
    whole = flat(" ".join(pages))
    assert "Handlingar till Trygghetsutskottets sammanträde den 18 februari 2022" in flat(pages[0])
    assert "KS 22/0091" in whole
    case = Case.objects.get(series="KS", year=22, number=91)
    for proposal in case.proposals:
        assert flat(proposal) in whole
    assert "Barnperspektiv" in whole and "barns- och ungas perspektiv att inhämtas" in whole
    for signatory in case.signatories:
        assert signatory["name"] in whole and signatory["title"] in whole
    # The attachment, the medborgarlöfte of 2018, is appended with its own text.
    assert "Medborgarlöfte i Upplands-Bro 2018" in whole
    assert "Minst fyra i förväg planerade narkotikainsatser" in whole
    assert "Bilaga 1 till KS 22/0091" in whole


def test_the_contents_give_the_page_each_part_starts_on(demo_committee):
    job = DocumentJob.objects.filter(meeting=demo_committee, variant="full").get()
    pages = text_of(job.file.read())
    contents = flat(pages[1])
    case_page = int(re.search(r"Medborgarlöfte, KS 22/0091 (\d+)", contents).group(1))
    attachment_page = int(re.search(r"Medborgarlöfte 2018 (\d+)", contents).group(1))
    assert "Medborgarlöfte" in pages[case_page - 1] and "Förslag till beslut" in pages[case_page - 1]
    assert "Medborgarlöfte i Upplands-Bro 2018" in pages[attachment_page - 1]
    assert f"Sida {case_page} av {len(pages)}" in flat(pages[case_page - 1])
    assert "TJÄNSTESKRIVELSE 1 (3)" in flat(pages[case_page - 1]).upper()


def test_a_word_attachment_is_read_into_the_handlingar_and_a_broken_one_is_listed(
        staff, committee):
    case = ready(staff, committee)
    services.add_attachment(case=case, by=staff, title="Åtgärdsplan",
                            upload=SimpleUploadedFile("plan.docx", docx_bytes(
                                "Extra väktarronder vid Bro station fredagar.")))
    broken = services.add_attachment(case=case, by=staff, title="Trasig bilaga",
                                     upload=SimpleUploadedFile("b.docx", docx_bytes("x")))
    with broken.file.open("wb") as handle:
        handle.write(b"no longer a word file")
    meeting = meeting_on(staff, committee)
    services.add_case_to_agenda(meeting=meeting, by=staff, case=case)
    result = documents.compile_handlingar(meeting)
    whole = flat(" ".join(text_of(result.pdf)))
    assert "Extra väktarronder vid Bro station fredagar." in whole
    assert "omvandlad från Word" in whole
    assert result.not_appended == ["Trasig bilaga"]
    assert "Trasig bilaga (kunde inte bifogas; finns hos Kommunledningskontoret)" in whole


def test_the_handlingar_for_publication_leave_out_personal_data_with_a_note(staff, committee):
    meeting = meeting_on(staff, committee)
    public = ready(staff, committee, title="Medborgarlöfte")
    secret = ready(staff, committee, title="Placering av en enskild elev",
                   summary="Eleven Kalle Hemlig ska byta skola.")
    services.add_case_to_agenda(meeting=meeting, by=staff, case=public)
    services.add_case_to_agenda(meeting=meeting, by=staff, case=secret,
                                publicity="personuppgifter")
    full = flat(" ".join(text_of(documents.compile_handlingar(meeting).pdf)))
    published = flat(" ".join(text_of(documents.compile_handlingar(meeting, public=True).pdf)))
    assert "Kalle Hemlig" in full
    assert "Kalle Hemlig" not in published and "Placering av en enskild elev" not in published
    assert "Punkten publiceras inte (innehåller personuppgifter)" in published
    assert "Medborgarlöfte" in published


def test_progress_is_reported_part_by_part(staff, committee):
    meeting = meeting_on(staff, committee)
    case = ready(staff, committee)
    from .test_cases import pdf_bytes

    for n in range(3):
        services.add_attachment(case=case, by=staff, title=f"Bilaga {n}",
                                upload=SimpleUploadedFile("b.pdf", pdf_bytes()))
    services.add_case_to_agenda(meeting=meeting, by=staff, case=case)
    seen = []
    documents.compile_handlingar(meeting, progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 6) and seen[-1] == (6, 6)
    assert [done for done, _total in seen] == sorted(done for done, _total in seen)


def test_the_protokoll_pdf_has_the_decision_the_justerare_and_the_anslagsbevis(staff, committee):
    case = ready(staff, committee)
    meeting = held_meeting_with(staff, committee, [case])
    protocol = services.start_protocol(meeting=meeting, by=staff)
    services.update_protocol(protocol=protocol, by=staff, adjuster=members(committee)["Hans Åberg"],
                             adjustment_place="Kommunhuset 2022-02-25",
                             footnotes=["Folkhälsomyndigheten, 2020-04-01."])
    services.record_paragraph(paragraph=protocol.paragraphs.get(), by=staff, decision="bifall",
                              motions="Hans Åberg (L) yrkar bifall till förslaget.",
                              reservations="Lars Ledamot (S) reserverar sig.")
    draft_text = flat(" ".join(text_of(documents.render_protocol_pdf(
        protocol, paragraphs=Paragraph.objects.all()))))
    assert "Utkast: protokollet är inte justerat." in draft_text
    protocol = services.adjust_protocol(protocol=protocol, by=staff, adjusted_on=date(2022, 2, 25))
    text = flat(" ".join(text_of(documents.render_protocol_pdf(
        protocol, paragraphs=Paragraph.objects.all()))))
    assert "Sammanträdesprotokoll" in text and f"§ 1 Medborgarlöfte ({case.diarienummer})" in text
    assert "Paragrafer § 1 " in text
    assert "Trygghetsutskottets beslut" in text and case.proposals[0][:60] in text
    assert "Hans Åberg (L) yrkar bifall" in text and "Lars Ledamot (S) reserverar sig." in text
    assert "Utses att justera Hans Åberg (L)" in text
    assert "ANSLAGSBEVIS" in text and "Sista dag att överklaga 2022-03-18" in text
    assert "Förvaringsplats för protokollet Kommunledningskontoret" in text
    assert "Folkhälsomyndigheten, 2020-04-01." in text and "Utkast" not in text


def test_a_tjansteskrivelse_opens_in_word_with_its_sections(staff, committee):
    case = draft(staff, committee, body="<h3>Medborgardialog</h3><ul><li>Skapa goda relationer."
                                        "</li></ul>")
    import docx

    document = docx.Document(io.BytesIO(word.tjansteskrivelse_docx(case, "Upplands-Bro kommun")))
    paragraphs = [p.text for p in document.paragraphs]
    for heading in ("Förslag till beslut", "Sammanfattning", "Beslutsunderlag", "Ärendet",
                    "Barnperspektiv", "Beslut sänds till"):
        assert heading in paragraphs
    assert "Medborgardialog" in paragraphs and "Skapa goda relationer." in paragraphs
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert f"Vår beteckning {case.diarienummer}" in cells and "Ida Texell" in cells
    assert "UPPLANDS-BRO KOMMUN" in document.sections[0].header.paragraphs[0].text
