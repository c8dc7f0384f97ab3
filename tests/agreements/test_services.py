"""The agreement, its priority areas, indicators, åtgärdsplan and documents, through their
services: what a coordinator may record, and what is refused with a Swedish message."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements import services
from agreements.models import AgreementDocument, Indicator, IndicatorValue, Measure
from trygghet.errors import DomainError, StaleEdit

from ..factories import InterventionFactory
from .conftest import pdf_bytes

pytestmark = pytest.mark.django_db


def test_an_agreement_needs_two_parties(coordinator):
    with pytest.raises(ValidationError) as error:
        services.save_agreement(by=coordinator, title="Överenskommelse", starts_on=date(2022, 1, 1),
                                parties=[coordinator.membership.organisation])
    assert "minst två parter" in error.value.message_dict["parties"][0]


def test_an_agreement_cannot_end_before_it_begins(coordinator, police):
    with pytest.raises(ValidationError) as error:
        services.save_agreement(
            by=coordinator, title="Överenskommelse", starts_on=date(2022, 1, 1),
            ends_on=date(2021, 1, 1),
            parties=[coordinator.membership.organisation, police.membership.organisation])
    assert error.value.message_dict["ends_on"] == ["Slutdatum kan inte ligga före startdatum."]


def test_only_coordinators_record_agreements(police, coordinator):
    with pytest.raises(PermissionDenied):
        services.save_agreement(
            by=police, title="Överenskommelse", starts_on=date(2022, 1, 1),
            parties=[coordinator.membership.organisation, police.membership.organisation])


def test_a_change_from_a_stale_page_is_refused_and_names_who_changed_it(agreement, coordinator,
                                                                        police):
    seen = agreement.revision
    parties = list(agreement.parties.all())
    services.save_agreement(by=coordinator, agreement=agreement, revision=seen,
                            title="Ny rubrik", parties=parties, starts_on=agreement.starts_on)
    with pytest.raises(StaleEdit) as error:
        services.save_agreement(by=coordinator, agreement=agreement, revision=seen,
                                title="Min rubrik", parties=parties, starts_on=agreement.starts_on)
    assert "ändrade detta" in error.value.message
    agreement.refresh_from_db()
    assert agreement.title == "Ny rubrik"


def test_two_priority_areas_of_one_agreement_cannot_share_a_name(agreement, priority_areas,
                                                                 coordinator):
    with pytest.raises(ValidationError) as error:
        services.save_priority_area(by=coordinator, agreement=agreement, name="Våld")
    assert "redan ett prioriterat område" in error.value.message_dict["name"][0]


def test_priority_areas_keep_the_order_they_were_added_in(priority_areas, agreement):
    assert [p.name for p in agreement.priority_areas.all()] == list(priority_areas)


@pytest.fixture
def indicator(priority_areas, coordinator):
    return services.save_indicator(
        by=coordinator, priority_area=priority_areas["Trygga offentliga miljöer"],
        name="Andel som känner sig trygga i centrum på kvällen", unit="procent",
        source=Indicator.Source.SAFETY_SURVEY, direction=Indicator.Direction.UP)


def test_a_yearly_value_is_typed_replaced_and_removed(indicator, coordinator):
    services.set_indicator_value(by=coordinator, indicator=indicator, year=2023,
                                 value=Decimal("61.5"))
    services.set_indicator_value(by=coordinator, indicator=indicator, year=2023,
                                 value=Decimal("62"))
    assert list(indicator.values.values_list("year", "value")) == [(2023, Decimal("62.00"))]
    services.set_indicator_value(by=coordinator, indicator=indicator, year=2023, value=None)
    assert not indicator.values.exists()


def test_a_csv_with_semicolons_and_decimal_commas_is_imported_with_its_heading_skipped(
        indicator, coordinator):
    data = "År;Värde\n2021;58,5\n2022;61\n\n2023;1 204,25\n".encode("cp1252")
    services.import_indicator_values(by=coordinator, indicator=indicator, data=data)
    assert dict(indicator.values.values_list("year", "value")) == {
        2021: Decimal("58.50"), 2022: Decimal("61.00"), 2023: Decimal("1204.25")}


def test_a_csv_with_commas_and_decimal_points_is_imported(indicator, coordinator):
    services.import_indicator_values(by=coordinator, indicator=indicator,
                                     data=b"\xef\xbb\xbf2021,58.5\r\n2022,61\r\n")
    assert dict(indicator.values.values_list("year", "value")) == {
        2021: Decimal("58.50"), 2022: Decimal("61.00")}


def test_a_csv_with_bad_lines_stores_nothing_and_names_every_bad_line(indicator, coordinator):
    services.set_indicator_value(by=coordinator, indicator=indicator, year=2021, value=Decimal(50))
    data = "2021;58,5\n20x2;61\n2023;många\n2021;60\n2024,5,5\n".encode()
    with pytest.raises(ValidationError) as error:
        services.import_indicator_values(by=coordinator, indicator=indicator, data=data)
    assert error.value.message_dict["file"] == [
        "Rad 2: ”20x2” är inget år mellan 2000 och 2100.",
        "Rad 3: ”många” är inget tal.",
        "Rad 4: År 2021 finns redan på rad 1.",
        "Rad 5: Ange år och värde, till exempel ”2024;72,5”. Har värdet decimalkomma, skilj med "
        "semikolon.",
    ]
    assert list(indicator.values.values_list("year", "value")) == [(2021, Decimal("50.00"))]


def test_a_file_that_is_not_text_is_refused_as_a_whole(indicator, coordinator):
    with pytest.raises(ValidationError) as error:
        services.import_indicator_values(by=coordinator, indicator=indicator,
                                         data=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    assert error.value.message_dict["file"] == ["Filen går inte att läsa som text."]
    assert not IndicatorValue.objects.exists()


def test_a_measure_links_the_insatser_that_carry_it_out(priority_areas, coordinator, police,
                                                        intervention_types):
    insatser = [InterventionFactory(), InterventionFactory()]
    measure = services.save_measure(
        by=coordinator, priority_area=priority_areas["Våld"], cause="Konflikter mellan grupper.",
        action="Gemensamma insatser kommun och polis helgkvällar.",
        goals="Minst åtta insatser under året.", when="Fredagar och lördagar",
        organisations=[police.membership.organisation], follow_up="Vid varje EST-möte.",
        status=Measure.Status.YELLOW, interventions=insatser)
    assert set(measure.interventions.all()) == set(insatser)
    assert list(insatser[0].measures.all()) == [measure]


def test_a_measure_cannot_link_an_insats_that_does_not_exist(priority_areas, coordinator):
    with pytest.raises(DomainError) as error:
        services.save_measure(by=coordinator, priority_area=priority_areas["Våld"], cause="Orsak",
                              action="Åtgärd", interventions=[999999])
    assert error.value.field == "interventions" and "999999" in error.value.message


def test_a_measure_needs_a_cause_and_an_action_and_a_known_status(priority_areas, coordinator):
    with pytest.raises(ValidationError) as error:
        services.save_measure(by=coordinator, priority_area=priority_areas["Våld"], cause="",
                              action="", status="blue")
    assert set(error.value.message_dict) == {"cause", "action", "status"}


def test_a_pdf_is_kept_whatever_it_is_called(agreement, coordinator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("avtal.docx", pdf_bytes(), content_type="text/plain")
    document = services.add_document(by=coordinator, agreement=agreement, title="Avtalet",
                                     upload=upload)
    assert document.kind == "pdf" and document.download_name == "avtal.pdf"
    assert (tmp_path / document.file.name).read_bytes() == pdf_bytes()


def test_a_file_that_only_calls_itself_a_pdf_is_refused(agreement, coordinator, settings,
                                                        tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("avtal.pdf", b"MZ\x90\x00 a program",
                                content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.add_document(by=coordinator, agreement=agreement, title="Avtalet", upload=upload)
    assert "vad den än heter" in error.value.message_dict["file"][0]
    assert not AgreementDocument.objects.exists() and not any(tmp_path.rglob("*.pdf"))


def test_a_word_and_an_opendocument_file_are_recognised_by_their_content(
        agreement, coordinator, settings, tmp_path):
    import io
    import zipfile

    settings.MEDIA_ROOT = tmp_path

    def zipped(members):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for name, text in members:
                archive.writestr(name, text)
        return out.getvalue()

    word = '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
    text = ('<office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')
    docx = zipped([("[Content_Types].xml", "<Types/>"), ("word/document.xml", word)])
    odt = zipped([("mimetype", "application/vnd.oasis.opendocument.text"),
                  ("content.xml", text)])
    kinds = [services.add_document(by=coordinator, agreement=agreement, title=name,
                                   upload=SimpleUploadedFile(name, data)).kind
             for name, data in (("bilaga", docx), ("bilaga.pdf", odt))]
    assert kinds == ["docx", "odt"]
    with pytest.raises(ValidationError):
        services.add_document(by=coordinator, agreement=agreement, title="zip",
                              upload=SimpleUploadedFile("bilaga.docx", zipped([("a.txt", "a")])))
    # Every part in place, but the text garbled, cut short, or not a document's.
    odt_type = "application/vnd.oasis.opendocument.text"
    for part in ("\x8b\x08 binärt skräp", word[:40], "<html><body>Avtal</body></html>"):
        for name, data in (("a.docx", zipped([("[Content_Types].xml", "<Types/>"),
                                              ("word/document.xml", part)])),
                           ("a.odt", zipped([("mimetype", odt_type), ("content.xml", part)]))):
            with pytest.raises(ValidationError) as error:
                services.add_document(by=coordinator, agreement=agreement, title="trasig",
                                      upload=SimpleUploadedFile(name, data))
            assert "kan vara skadat" in error.value.message_dict["file"][0]
    assert AgreementDocument.objects.count() == 2
    # Saved with a password: the text is encrypted, and the manifest says so.
    locked = zipped([("mimetype", odt_type), ("content.xml", "\x9a\x11 krypterat"),
                     ("META-INF/manifest.xml",
                      '<manifest:manifest><manifest:file-entry manifest:full-path="content.xml">'
                      '<manifest:encryption-data/></manifest:file-entry></manifest:manifest>')])
    with pytest.raises(ValidationError) as error:
        services.add_document(by=coordinator, agreement=agreement, title="låst",
                              upload=SimpleUploadedFile("låst.odt", locked))
    assert "lösenordsskyddat" in error.value.message_dict["file"][0]


def test_a_document_over_the_size_limit_is_refused_with_the_limit(agreement, coordinator,
                                                                  settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.AGREEMENT_DOCUMENT_MAX_MB = 1
    upload = SimpleUploadedFile("stor.pdf", pdf_bytes() + b"\n%" + b"x" * (1024 * 1024))
    with pytest.raises(ValidationError) as error:
        services.add_document(by=coordinator, agreement=agreement, title="Stor", upload=upload)
    assert error.value.message_dict["file"] == ["Filen är större än 1 MB."]


def test_a_removed_document_takes_its_file_with_it(agreement, coordinator, settings, tmp_path,
                                                   django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    document = services.add_document(by=coordinator, agreement=agreement, title="Avtalet",
                                     upload=SimpleUploadedFile("a.pdf", pdf_bytes()))
    path = tmp_path / document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_document(by=coordinator, document=document)
    assert not path.exists() and not AgreementDocument.objects.exists()
