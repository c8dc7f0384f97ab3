"""Every agreement service that changes state writes exactly one audit entry."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements import services
from agreements.models import Indicator

from ..factories import InterventionFactory
from ..trygghet.test_audit import one_entry
from .conftest import pdf_bytes

pytestmark = pytest.mark.django_db


def test_agreement_writes(coordinator, police):
    parties = [coordinator.membership.organisation, police.membership.organisation]
    agreement, entry = one_entry(lambda: services.save_agreement(
        by=coordinator, title="Överenskommelse", parties=parties, starts_on=date(2022, 1, 1)),
        "agreement.created")
    assert entry.actor == coordinator and entry.changes["title"] == [None, "Överenskommelse"]
    _a, entry = one_entry(lambda: services.save_agreement(
        by=coordinator, agreement=agreement, title="Överenskommelse 2022–2025", parties=parties,
        starts_on=date(2022, 1, 1), ends_on=date(2025, 12, 31), signatories="Kommundirektör"),
        "agreement.changed")
    assert entry.changes == {"title": ["Överenskommelse", "Överenskommelse 2022–2025"],
                             "ends_on": [None, "2025-12-31"], "signatories": "ändrad"}


def test_priority_area_indicator_and_value_writes(agreement, coordinator):
    area, _e = one_entry(lambda: services.save_priority_area(
        by=coordinator, agreement=agreement, name="Våld"), "priority_area.created")
    _a, entry = one_entry(lambda: services.save_priority_area(
        by=coordinator, agreement=agreement, priority_area=area, name="Våld i offentlig miljö"),
        "priority_area.changed")
    assert entry.changes == {"name": ["Våld", "Våld i offentlig miljö"]}
    indicator, _e = one_entry(lambda: services.save_indicator(
        by=coordinator, priority_area=area, name="Anmälda misshandelsbrott", unit="antal",
        source=Indicator.Source.REPORTED_CRIME, direction=Indicator.Direction.DOWN),
        "indicator.created")
    one_entry(lambda: services.save_indicator(
        by=coordinator, priority_area=area, indicator=indicator, name="Anmälda misshandelsbrott",
        unit="antal per år", source=Indicator.Source.REPORTED_CRIME,
        direction=Indicator.Direction.DOWN), "indicator.changed")
    _v, entry = one_entry(lambda: services.set_indicator_value(
        by=coordinator, indicator=indicator, year=2024, value=Decimal("112")),
        "indicator.value_set")
    assert entry.changes == {"year": 2024, "value": [None, "112.00"]}
    _v, entry = one_entry(lambda: services.import_indicator_values(
        by=coordinator, indicator=indicator, data=b"2023;120\n2024;110\n"),
        "indicator.values_imported")
    assert entry.changes == {"years": [2023, 2024], "replaced": [2024]}
    one_entry(lambda: services.set_indicator_value(
        by=coordinator, indicator=indicator, year=2024, value=None), "indicator.value_removed")


def test_measure_writes(priority_areas, coordinator, intervention_types):
    insats = InterventionFactory()
    measure, _e = one_entry(lambda: services.save_measure(
        by=coordinator, priority_area=priority_areas["Våld"], cause="Orsak", action="Åtgärd"),
        "measure.created")
    _m, entry = one_entry(lambda: services.save_measure(
        by=coordinator, priority_area=priority_areas["Våld"], measure=measure,
        revision=measure.revision, cause="Orsak", action="Åtgärd", status="red",
        interventions=[insats]), "measure.changed")
    assert entry.changes == {"status": ["green", "red"], "interventions": [[], [insats.pk]]}


def test_document_writes(agreement, coordinator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document, entry = one_entry(lambda: services.add_document(
        by=coordinator, agreement=agreement, title="Avtal",
        upload=SimpleUploadedFile("a.pdf", pdf_bytes())), "agreement.document_added")
    assert entry.object_id == str(agreement.pk) and entry.changes["kind"] == "pdf"
    one_entry(lambda: services.remove_document(by=coordinator, document=document),
              "agreement.document_removed")
