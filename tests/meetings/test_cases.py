"""Cases: the diarienummer, the tjänsteskrivelse's sections, readiness, stale saves, attachments."""

import io
import zipfile
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings import diarium, services
from meetings.models import Case
from trygghet.errors import DomainError, StaleEdit

from .conftest import draft, ready

pytestmark = pytest.mark.django_db


def docx_bytes(*paragraphs):
    import docx

    document = docx.Document()
    document.add_heading("Medborgarlöfte i Upplands-Bro 2018", level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def pdf_bytes(text="Medborgarlöfte 2018"):
    from trygghet.pdf import render_pdf

    return render_pdf("meetings/pdf/plain_document.html", {"title": text, "blocks": []})


@pytest.mark.parametrize("typed, expected", [
    ("KS 22/0091", "KS 22/0091"), ("ks 22/91", "KS 22/0091"), (" KS22/0091 ", "KS 22/0091"),
    ("KS 17 0273", "KS 17/0273"), ("BUN 23/1200", "BUN 23/1200"),
])
def test_a_diarienummer_is_read_as_people_write_it(typed, expected):
    assert str(diarium.parse(typed)) == expected


@pytest.mark.parametrize("typed", ["", "22/0091", "KS 2022/0091", "KS 22/12345", "KS-22-0091",
                                   "KS 22/0000", "K5 22/0091", "KS " + "9" * 5000])
def test_an_invalid_diarienummer_is_a_swedish_error(typed):
    with pytest.raises(ValidationError) as error:
        diarium.parse(typed)
    message = error.value.message_dict["diarienummer"][0]
    assert "KS 22/0091" in message or "0001" in message


def test_a_new_case_gets_the_next_free_number_in_its_series(staff, committee):
    first = draft(staff, committee, diarienummer=diarium.parse("KS 22/0091"))
    assert first.diarienummer == "KS 22/0091"
    assert str(services.next_free_number("KS", 22)) == "KS 22/0092"
    second = draft(staff, committee, diarienummer=None, title="Nästa")
    year = date.today().year % 100
    assert second.series == "KS" and second.year == year
    assert str(services.next_free_number()) == f"KS {year:02d}/{second.number + 1:04d}"


def test_a_taken_diarienummer_is_refused_with_the_next_free_one(staff, committee):
    draft(staff, committee, diarienummer=diarium.parse("KS 22/0091"))
    with pytest.raises(ValidationError) as error:
        draft(staff, committee, diarienummer=diarium.parse("ks 22/91"), title="Annat")
    message = error.value.message_dict["diarienummer"][0]
    assert "KS 22/0091 används redan av ärendet ”Medborgarlöfte”" in message
    assert "Nästa lediga nummer är KS 22/0092" in message
    assert Case.objects.count() == 1


def test_the_database_refuses_a_duplicate_diarienummer_too(staff, committee):
    from django.db import IntegrityError, transaction

    case = draft(staff, committee, diarienummer=diarium.parse("KS 22/0091"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(committee=committee, series="KS", year=22, number=91, title="x",
                            office="x", officer_name="x", officer_email="x@example.se",
                            date=case.date)


def test_a_ready_case_needs_its_barnperspektiv(staff, committee):
    case = draft(staff, committee, child_perspective="")
    with pytest.raises(ValidationError) as error:
        services.change_case_status(case=case, by=staff, to="klar")
    assert "barnperspektivet" in error.value.message_dict["child_perspective"][0]
    case.refresh_from_db()
    assert case.status == "utkast"


def test_a_ready_case_needs_a_proposal_a_summary_and_a_signature(staff, committee):
    case = draft(staff, committee, proposals=[], summary="", signatories=[])
    with pytest.raises(ValidationError) as error:
        services.change_case_status(case=case, by=staff, to="klar")
    assert set(error.value.message_dict) >= {"proposals", "summary", "signatories"}


def test_the_sections_are_stored_as_structured_data(staff, committee):
    case = draft(staff, committee, proposals=["  Ett. ", "", "Två."],
                 signatories=[{"name": " Ida Texell ", "title": "Kommundirektör"}])
    assert case.proposals == ["Ett.", "Två."]
    assert case.signatories == [{"name": "Ida Texell", "title": "Kommundirektör"}]


def test_arendet_is_sanitised_when_saved(staff, committee):
    case = draft(staff, committee, body=(
        '<h3 onclick="x()">Medborgardialog</h3><script>alert(1)</script>'
        '<p style="color:red">Text <a href="javascript:alert(1)">länk</a></p>'
        '<img src=x onerror=alert(1)><ul><li>Punkt</li></ul>'))
    assert "script" not in case.body and "onclick" not in case.body
    assert "javascript" not in case.body and "<img" not in case.body and "style" not in case.body
    assert "<h3>Medborgardialog</h3>" in case.body and "<li>Punkt</li>" in case.body


def test_plain_text_becomes_paragraphs(staff, committee):
    case = draft(staff, committee, body="Första stycket.\n\nAndra <stycket>.")
    assert case.body == "<p>Första stycket.</p><p>Andra &lt;stycket&gt;.</p>"


def test_a_stale_save_is_refused_with_what_changed(staff, committee):
    case = draft(staff, committee)
    seen = case.revision
    services.update_case(case=case, by=staff, revision=seen, title="Medborgarlöfte 2022")
    with pytest.raises(StaleEdit) as error:
        services.update_case(case=case, by=staff, revision=seen, title="Mitt eget förslag")
    assert "Sara Sekreterare ändrade detta" in error.value.message
    assert error.value.changes["title"] == ["Medborgarlöfte", "Medborgarlöfte 2022"]
    case.refresh_from_db()
    assert case.title == "Medborgarlöfte 2022"


def test_a_decided_case_cannot_be_changed(staff, committee):
    case = draft(staff, committee)
    Case.objects.filter(pk=case.pk).update(status="beslutad")
    with pytest.raises(DomainError, match="beslutat"):
        services.update_case(case=case, by=staff, title="Nytt")


def test_a_reader_cannot_create_or_change_a_case(staff, committee, police):
    with pytest.raises(PermissionDenied):
        draft(police, committee)
    case = draft(staff, committee)
    with pytest.raises(PermissionDenied):
        services.update_case(case=case, by=police, title="Polisens rubrik")


def test_a_case_can_move_to_a_new_free_diarienummer(staff, committee):
    draft(staff, committee, diarienummer=diarium.parse("KS 22/0091"))
    case = draft(staff, committee, diarienummer=diarium.parse("KS 22/0100"), title="Annat")
    with pytest.raises(ValidationError, match="används redan"):
        services.update_case(case=case, by=staff, diarienummer=diarium.parse("KS 22/0091"))
    services.update_case(case=case, by=staff, diarienummer=diarium.parse("KS 22/0101"))
    case.refresh_from_db()
    assert case.diarienummer == "KS 22/0101"


def test_pdf_and_word_attachments_are_accepted_by_their_content(staff, committee, settings,
                                                                tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = draft(staff, committee)
    pdf = services.add_attachment(case=case, by=staff, title="Medborgarlöfte 2018",
                                  upload=SimpleUploadedFile("lofte.docx", pdf_bytes()))
    word = services.add_attachment(case=case, by=staff, title="Åtgärdsplan",
                                   upload=SimpleUploadedFile("plan", docx_bytes("Text")))
    assert (pdf.kind, word.kind) == ("pdf", "docx")
    assert pdf.file.name.endswith(".pdf") and word.file.name.endswith(".docx")
    assert [a.title for a in case.attachments.all()] == ["Medborgarlöfte 2018", "Åtgärdsplan"]


@pytest.mark.parametrize("content, message", [
    (b"MZ\x90\x00 an executable", "PDF eller Word"),
    (b"<html><script>alert(1)</script></html>", "PDF eller Word"),
    (b"%PDF-1.7 but nothing else", "går inte att läsa"),
    (b"", "tom"),
])
def test_other_files_are_refused_whatever_their_name(staff, committee, settings, tmp_path,
                                                     content, message):
    settings.MEDIA_ROOT = tmp_path
    case = draft(staff, committee)
    with pytest.raises(ValidationError) as error:
        services.add_attachment(case=case, by=staff, title="Bilaga",
                                upload=SimpleUploadedFile("bilaga.pdf", content))
    assert message in error.value.message_dict["file"][0]
    assert not case.attachments.exists() and not list(tmp_path.rglob("*.*"))


def test_a_zip_that_is_not_a_word_file_is_refused(staff, committee, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("payload.txt", "hej")
    case = draft(staff, committee)
    with pytest.raises(ValidationError, match="PDF eller Word"):
        services.add_attachment(case=case, by=staff, title="Bilaga",
                                upload=SimpleUploadedFile("bilaga.docx", archive.getvalue()))


def test_an_attachment_over_the_limit_is_refused(staff, committee, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.CASE_ATTACHMENT_MAX_MB = 1
    case = draft(staff, committee)
    big = pdf_bytes() + b"\n%" + b"x" * (1024 * 1024)
    with pytest.raises(ValidationError, match="större än 1 MB"):
        services.add_attachment(case=case, by=staff, title="Stor",
                                upload=SimpleUploadedFile("stor.pdf", big))


def test_ready_cases_go_back_to_draft_but_not_past_the_agenda(staff, committee):
    case = ready(staff, committee)
    services.change_case_status(case=case, by=staff, to="utkast")
    case.refresh_from_db()
    assert case.status == "utkast"
    with pytest.raises(DomainError):
        services.change_case_status(case=case, by=staff, to="beslutad")
