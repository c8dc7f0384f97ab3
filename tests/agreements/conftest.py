import io
from datetime import date

import pytest

from agreements import services

PRIORITY_AREAS = ["Inget utsatt område i Upplands-Bro", "Våld", "Trygga offentliga miljöer",
                  "Ungdomar i riskzonen"]


def pdf_bytes(pages=1):
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def agreement(coordinator, police):
    return services.save_agreement(
        by=coordinator, title="Samverkansöverenskommelse mellan Upplands-Bro och polisen",
        parties=[coordinator.membership.organisation, police.membership.organisation],
        starts_on=date(2022, 1, 1), signed_on=date(2021, 12, 16),
        description="Målet är att brottsligheten ska minska och tryggheten ska öka.",
        signatories="Kommunstyrelsens ordförande\nLokalpolisområdeschef")


@pytest.fixture
def priority_areas(agreement, coordinator):
    return {name: services.save_priority_area(by=coordinator, agreement=agreement, name=name)
            for name in PRIORITY_AREAS}
